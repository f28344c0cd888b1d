//! The browser's engine handle: [`HealthEngine`] owns one [`Engine`] (files pushed in chunks,
//! then scored as often as needed) and the last results, and hands them out as typed arrays,
//! JSON text or plain objects.

use wasm_bindgen::prelude::*;

use super::convert::{
    js_error, parse_model, read_optional, results_to_json, set, to_js, to_js_as_results,
};
use super::install_panic_hook;
use crate::engine::Engine;
use crate::ingest::report::MappingOverride;
use crate::output::columns::{rest_json, AccountColumns, Array};
use crate::results::{AccountResult, Results};

/// An ingest-then-score session for the browser.
///
/// Usage: `begin_file` → `push` (any number of chunks) → `end_file` for each file, then
/// `score` as often as needed with different models. To change a file's mapping, start a new
/// engine and push the files again.
#[wasm_bindgen]
pub struct HealthEngine {
    pub(super) engine: Engine,
    last: Option<Results>,
    /// The model of the last scoring run (its band and stage labels label the CSV).
    last_model: Option<crate::model::config::Model>,
}

impl Default for HealthEngine {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl HealthEngine {
    /// A new, empty session.
    #[wasm_bindgen(constructor)]
    pub fn new() -> HealthEngine {
        install_panic_hook();
        HealthEngine {
            engine: Engine::new(),
            last: None,
            last_model: None,
        }
    }

    /// Starts a file. `mapping` is an optional `MappingOverride` object
    /// (`{ kind: 'usage', columns: { Header: 'field' } }`; `null` = recognise it). Returns the
    /// file id.
    pub fn begin_file(&mut self, name: &str, mapping: JsValue) -> Result<u32, JsError> {
        let mapping: Option<MappingOverride> =
            read_optional(&mapping, &format!("column mapping for '{name}'"))?;
        let id = self.engine.begin_file(name, mapping).map_err(js_error)?;
        u32::try_from(id).map_err(|_| JsError::new("too many files"))
    }

    /// Saved mapping profiles (a list of `{name, headers, kind, columns, scales}` objects; see
    /// `ingest::saved_mapping`) applied to the files begun after this call without a mapping,
    /// each getting the profile its headers match best. Each profile's kind, columns and
    /// scales are read as a mapping (the one JSON reader the engine already has).
    pub fn set_profiles(&mut self, profiles: JsValue) -> Result<(), JsError> {
        let mut list = Vec::new();
        for item in js_sys::Array::from(&profiles).iter() {
            let field = |key: &str| js_sys::Reflect::get(&item, &JsValue::from_str(key)).ok();
            let mapping: MappingOverride =
                read_optional(&item, "a saved mapping")?.unwrap_or_default();
            let headers: Vec<String> = field("headers")
                .map(|h| {
                    js_sys::Array::from(&h)
                        .iter()
                        .filter_map(|x| x.as_string())
                        .collect()
                })
                .unwrap_or_default();
            let name = field("name")
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            list.push(crate::ingest::saved_mapping::MappingProfile::from_override(
                &name, &headers, &mapping,
            ));
        }
        self.engine.set_profiles(list);
        Ok(())
    }

    /// Optional, before the first chunk: the file's size in bytes (`File.size`). Large usage
    /// files then reserve their columns once instead of growing by doubling (lower peak
    /// memory); results are the same either way.
    pub fn expect_bytes(&mut self, file: u32, bytes: f64) -> Result<(), JsError> {
        let bytes = if bytes.is_finite() && bytes >= 0.0 {
            bytes as u64
        } else {
            0
        };
        self.engine
            .expect_bytes(file as usize, bytes)
            .map_err(js_error)
    }

    /// Recommended order in which to push the files begun so far, given the first bytes of
    /// each (`heads`: an array of `Uint8Array`, one per file in `begin_file` order; 64 KiB is
    /// plenty): accounts tables first, then subscriptions, then the rest, so that an event
    /// file can be keyed by the account ids it holds whatever its column is called. File ids
    /// and reports keep the `begin_file` order.
    pub fn read_order(&self, heads: js_sys::Array) -> Vec<u32> {
        let heads: Vec<Vec<u8>> = heads
            .iter()
            .map(|h| js_sys::Uint8Array::new(&h).to_vec())
            .collect();
        let slices: Vec<&[u8]> = heads.iter().map(Vec::as_slice).collect();
        self.engine
            .read_order(&slices)
            .into_iter()
            .map(|i| i as u32)
            .collect()
    }

    /// Feeds the next chunk of a file (any split, even inside a UTF-8 character).
    pub fn push(&mut self, file: u32, bytes: &[u8]) -> Result<(), JsError> {
        self.engine.push(file as usize, bytes).map_err(js_error)
    }

    /// Adds a note to a file's report (the page passes a workbook sheet's notes this way).
    pub fn note(&mut self, file: u32, note: &str) -> Result<(), JsError> {
        self.engine.note(file as usize, note).map_err(js_error)
    }

    /// Marks a file complete.
    pub fn end_file(&mut self, file: u32) -> Result<(), JsError> {
        self.engine.end_file(file as usize).map_err(js_error)
    }

    /// Number of files begun so far.
    pub fn file_count(&self) -> u32 {
        self.engine.file_count() as u32
    }

    /// Bytes pushed so far over all files.
    pub fn bytes_pushed(&self) -> f64 {
        self.engine.bytes_pushed() as f64
    }

    /// Scores every account with `model` (an object; `null` = the default model) and returns
    /// the results as JSON text (the export format, HTML-safe). Files still open are ended
    /// first.
    pub fn score_json(&mut self, model: JsValue) -> Result<String, JsError> {
        let results = self.score_inner(model)?;
        let text = results_to_json(&results)?;
        self.last = Some(results);
        Ok(text)
    }

    /// Scores like [`HealthEngine::score_json`] and returns the results as columns:
    /// `{ arrays: { NAME: TypedArray, … }, rest: JSON string }`. `arrays` holds one typed array
    /// per account field (`Float64Array`, NaN = missing; codes as `Uint8Array`/`Uint16Array`/
    /// `Uint32Array`; texts as `NAME.bytes` UTF-8 + `NAME.offsets` + `NAME.present` bitmap),
    /// each in its own buffer, ready to be transferred; `rest` is everything else plus the
    /// dictionaries (see `output::columns`). The per-account `components` are left out: ask
    /// [`HealthEngine::account_components`].
    pub fn score_columns(&mut self, model: JsValue) -> Result<JsValue, JsError> {
        let results = self.score_inner(model)?;
        self.last = Some(results);
        self.results_columns()
    }

    /// The last results as columns, as [`HealthEngine::score_columns`] returns them (without
    /// scoring again). Errors when nothing was scored yet.
    pub fn results_columns(&self) -> Result<JsValue, JsError> {
        let results = self.last()?;
        let columns = AccountColumns::from_results(results);
        let arrays = js_sys::Object::new();
        for (name, array) in columns.arrays() {
            let typed: JsValue = match array {
                Array::F64(values) => js_sys::Float64Array::from(values).into(),
                Array::U8(values) => js_sys::Uint8Array::from(values).into(),
                Array::U16(values) => js_sys::Uint16Array::from(values).into(),
                Array::U32(values) => js_sys::Uint32Array::from(values).into(),
            };
            set(&arrays, name, &typed)?;
        }
        let rest = rest_json(results, &columns).map_err(|e| JsError::new(&e))?;
        let out = js_sys::Object::new();
        set(&out, "arrays", &arrays)?;
        set(&out, "rest", &JsValue::from_str(&rest))?;
        Ok(out.into())
    }

    /// The last results as JSON, as [`HealthEngine::score_json`] returned them (for the JSON
    /// export after [`HealthEngine::score_columns`]). Errors when nothing was scored yet.
    pub fn results_json(&self) -> Result<String, JsError> {
        results_to_json(self.last()?)
    }

    /// One account's score breakdown (`components`) from the last results, or `null` when
    /// the account is unknown. Errors when nothing was scored yet.
    pub fn account_components(&self, account_id: &str) -> Result<JsValue, JsError> {
        match self.account(account_id)? {
            Some(account) => to_js_as_results(&account.components),
            None => Ok(JsValue::NULL),
        }
    }

    /// One account's near misses (rules that came close without firing) from the last
    /// results, or `null` when the account is unknown. Errors when nothing was scored yet.
    pub fn account_near_misses(&self, account_id: &str) -> Result<JsValue, JsError> {
        match self.account(account_id)? {
            Some(account) => to_js(&account.near_misses),
            None => Ok(JsValue::NULL),
        }
    }

    /// Usage events per week for one account over the `weeks` weeks ending at the as-of date
    /// of the last scoring run (oldest first), or `None` when the account is unknown.
    pub fn usage_series(&self, account_id: &str, weeks: u32) -> Option<Vec<f64>> {
        let as_of = self
            .last
            .as_ref()
            .and_then(|r| crate::dataset::parse_iso_day(&r.summary.as_of));
        crate::output::series::weekly_usage(self.engine.dataset()?, account_id, as_of, weeks)
    }

    /// The last results as CSV, exactly as the CLI writes them (`--out results.csv`): one row per
    /// account, spreadsheet formulas neutralised; `low_data` says yes below
    /// `low_coverage_below` (the page's per-device share; the default when absent or not a
    /// share 0–1). Errors when nothing was scored yet.
    pub fn results_csv(&self, low_coverage_below: Option<f64>) -> Result<String, JsError> {
        let results = self.last()?;
        let model = self.last_model.clone().unwrap_or_default();
        let below = crate::domain::coverage::valid_share(low_coverage_below);
        Ok(crate::output::csv::to_csv_marked(results, &model, below))
    }

    /// The file reports of the last scoring run (mapping, counts, issues), or `null`.
    pub fn file_reports(&self) -> Result<JsValue, JsError> {
        match &self.last {
            Some(r) => to_js_as_results(&r.files),
            None => Ok(JsValue::NULL),
        }
    }
}

impl HealthEngine {
    /// The last scoring run's results.
    fn last(&self) -> Result<&Results, JsError> {
        self.last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing has been scored yet"))
    }

    /// One account of the last results (`None` when unknown); errors when nothing was scored.
    fn account(&self, account_id: &str) -> Result<Option<&AccountResult>, JsError> {
        Ok(self
            .last()?
            .accounts
            .iter()
            .find(|a| a.account_id == account_id))
    }

    fn score_inner(&mut self, model: JsValue) -> Result<Results, JsError> {
        let model = parse_model(model)?;
        let results = self.engine.score(&model);
        self.last_model = Some(model);
        Ok(results)
    }
}
