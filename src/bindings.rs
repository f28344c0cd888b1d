//! The WebAssembly boundary (wasm32 only): the one module that knows about JavaScript.
//!
//! [`HealthEngine`] wraps [`Engine`] for the browser worker. Every entry point checks its inputs
//! and returns `Result<_, JsError>`; a panic is never the error path (the release profile aborts
//! on panic, which would kill the instance). Should one happen anyway, the panic hook records
//! its message so the worker can report it through [`last_panic`] before it restarts.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::engine::Engine;
use crate::ingest::report::MappingOverride;
use crate::model::config::{Model, MODEL_SCHEMA_VERSION};
use crate::output::columns::{rest_json, AccountColumns, Array};
use crate::results::Results;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook (once) that logs to the console and keeps the message for
/// [`last_panic`].
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let text = info.to_string();
            web_sys::console::error_1(&JsValue::from_str(&format!("customer-health: {text}")));
            LAST_PANIC.with(|slot| *slot.borrow_mut() = Some(text));
        }));
    });
}

/// The message of the last panic inside the engine, if one happened (the instance that
/// panicked must not be used again; the worker restarts).
#[wasm_bindgen]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|slot| slot.borrow().clone())
}

/// Runs a small synthetic file through ingest and scoring so that the WebAssembly engine
/// tiers the hot code up before the user's first real file (see
/// [`crate::engine::warm_up`]). Returns the number of accounts scored. Call once, from the
/// worker, after instantiation.
#[wasm_bindgen]
pub fn warm_up(rows: u32) -> u32 {
    crate::engine::warm_up(rows as usize) as u32
}

/// The default health model (pkg-config/model.json) as an object.
#[wasm_bindgen]
pub fn default_model() -> Result<JsValue, JsError> {
    to_js_as_results(&Model::default())
}

/// The model schema version this engine reads.
#[wasm_bindgen]
pub fn model_schema_version() -> u32 {
    MODEL_SCHEMA_VERSION
}

/// Every problem of a model object, one string each; an empty array when it is valid.
#[wasm_bindgen]
pub fn validate_model(model: JsValue) -> Result<JsValue, JsError> {
    let problems = match read_model(model) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    to_js(&problems)
}

/// The default playbooks (pkg-config/playbooks.json) as an object.
#[wasm_bindgen]
pub fn default_playbooks() -> Result<JsValue, JsError> {
    to_js_as_results(&crate::model::playbooks::Playbooks::default())
}

/// The words to show for `model` (its bands; `null` = the default model): labels, colours and
/// descriptions of quadrants, flags, bands, measures (with unit and family), segment
/// dimensions, and table kinds with the fields each understands.
#[wasm_bindgen]
pub fn vocabulary(model: JsValue) -> Result<JsValue, JsError> {
    let model = parse_model(model)?;
    to_js(&crate::output::vocabulary::vocabulary(&model))
}

/// A Rust value as a plain JS value (serde-wasm-bindgen): `None` → `null`, maps → plain
/// objects, 64-bit integers → numbers. Used for the small structured crossings; bulk results
/// travel as typed arrays (`score_columns`) or JSON text (`score_json`, the export).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not convert for JavaScript: {e}")))
}

/// A Rust value that the results JSON already carries (the model, playbooks, file reports,
/// score components) as a plain JS value, through the engine's one JSON writer and
/// `JSON.parse`. serde-wasm-bindgen would compile a second serialiser for each of these large
/// types: +42 KB gzipped for the model, reports and components together, over the module's
/// size budget (docs/performance.md).
fn to_js_as_results<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("could not convert for JavaScript: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("could not convert for JavaScript: invalid JSON"))
}

/// A model object read and validated (`null`/`undefined` = the default model); the error
/// lists every problem.
fn read_model(value: JsValue) -> Result<Model, Vec<String>> {
    if value.is_null() || value.is_undefined() {
        return Ok(Model::default());
    }
    // The model's one reader (serde_json, as for model files): a second deserialiser compiled
    // for serde-wasm-bindgen would cost more than the size budget allows (see
    // `to_js_as_results`). The caller still hands over a plain object.
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| vec!["model: not an object".to_string()])?;
    let model: Model =
        serde_json::from_str(&text).map_err(|e| vec![format!("model: {e}")])?;
    model.validate()?;
    Ok(model)
}

/// [`read_model`] with its problems as one error, one per line.
fn parse_model(value: JsValue) -> Result<Model, JsError> {
    read_model(value).map_err(|problems| JsError::new(&problems.join("\n")))
}

/// HTML-safe JSON (`<`, `>`, `&` escaped): safe even if a caller inlines it.
fn results_to_json(results: &Results) -> Result<String, JsError> {
    serde_json::to_string(results)
        .map(crate::output::json::html_safe)
        .map_err(|e| JsError::new(&format!("could not write results: {e}")))
}

/// `target[key] = value`.
fn set(target: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new(&format!("could not set '{key}' on the results object")))
}

/// An engine error (a refused lifecycle step) as a JavaScript error.
fn js_error(message: String) -> JsError {
    JsError::new(&message)
}

/// An ingest-then-score session for the browser.
///
/// Usage: `begin_file` → `push` (any number of chunks) → `end_file` for each file, then
/// `score` as often as needed with different models. To change a file's mapping, start a new
/// engine and push the files again.
#[wasm_bindgen]
pub struct HealthEngine {
    engine: Engine,
    last: Option<Results>,
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
        }
    }

    /// Starts a file. `mapping` is an optional `MappingOverride` object
    /// (`{ kind: 'usage', columns: { Header: 'field' } }`; `null` = recognise it). Returns the
    /// file id.
    pub fn begin_file(&mut self, name: &str, mapping: JsValue) -> Result<u32, JsError> {
        let mapping = if mapping.is_null() || mapping.is_undefined() {
            None
        } else {
            // Read like a model (see `read_model`): the mapping's one reader, no second one.
            let text = js_sys::JSON::stringify(&mapping)
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            Some(serde_json::from_str::<MappingOverride>(&text).map_err(|e| {
                JsError::new(&format!("column mapping for '{name}' is not valid: {e}"))
            })?)
        };
        let id = self.engine.begin_file(name, mapping).map_err(js_error)?;
        u32::try_from(id).map_err(|_| JsError::new("too many files"))
    }

    /// Saved mapping profiles (`{"profiles": [...]}`, a list, or one profile; see
    /// `ingest::saved_mapping`) applied to the files begun after this call without a mapping,
    /// each getting the profile its headers match best.
    pub fn set_profiles(&mut self, profiles_json: &str) -> Result<(), JsError> {
        let profiles = crate::ingest::saved_mapping::parse_profiles(profiles_json)
            .map_err(|e| JsError::new(&format!("saved mappings are not valid: {e}")))?;
        self.engine.set_profiles(profiles);
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
        match self
            .last()?
            .accounts
            .iter()
            .find(|a| a.account_id == account_id)
        {
            Some(account) => to_js_as_results(&account.components),
            None => Ok(JsValue::NULL),
        }
    }

    /// One account's near misses (rules that came close without firing) from the last
    /// results, or `null` when the account is unknown. Errors when nothing was scored yet.
    pub fn account_near_misses(&self, account_id: &str) -> Result<JsValue, JsError> {
        match self
            .last()?
            .accounts
            .iter()
            .find(|a| a.account_id == account_id)
        {
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

    /// The churn backtest with explicit choices, as JSON (`Backtest`): `cutoff` =
    /// YYYY-MM-DD scoring day (default `windows.backtest_days` before the data's end),
    /// `outcome` = `dated`, `events`, `subscriptions` or `account-flag` (default: dated
    /// records when the data has any). The error says why it cannot run.
    pub fn backtest_json(
        &mut self,
        model: JsValue,
        cutoff: Option<String>,
        outcome: Option<String>,
    ) -> Result<String, JsError> {
        let model = parse_model(model)?;
        let options = crate::analysis::backtest::Options {
            cutoff: parse_cutoff(cutoff)?,
            source: parse_outcome(outcome)?,
        };
        let result = self
            .engine
            .backtest(&model, options)
            .map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&result)
            .map_err(|e| JsError::new(&format!("could not write the backtest: {e}")))
    }

    /// Learns measure weights from the churn history of the loaded data (L2 logistic
    /// regression on time-ordered folds, see `docs/backtest.md`) and returns the
    /// `Calibration` as JSON: learned vs current weights, out-of-time figures and the
    /// learned model, ready to adopt. `folds` = number of cut-offs (0 = default 4);
    /// `last_cutoff` and `outcome` as in [`HealthEngine::backtest_json`].
    pub fn calibrate_json(
        &mut self,
        model: JsValue,
        folds: u32,
        last_cutoff: Option<String>,
        outcome: Option<String>,
    ) -> Result<String, JsError> {
        let model = parse_model(model)?;
        let mut options = crate::analysis::calibrate::Options {
            last_cutoff: parse_cutoff(last_cutoff)?,
            source: parse_outcome(outcome)?,
            ..Default::default()
        };
        if folds > 0 {
            options.folds = folds.clamp(2, 24) as usize;
        }
        let result = self
            .engine
            .calibrate(&model, &options)
            .map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&result)
            .map_err(|e| JsError::new(&format!("could not write the calibration: {e}")))
    }

    /// Learns a model from a snapshot (accounts with churn labels, see `analysis::learn`)
    /// and returns `{ learning, model }` as JSON: candidate tables, out-of-fold figures,
    /// learned weights and the learned model, ready to adopt. `options_json`:
    /// `{ "folds": 5, "include": ["Header"], "exclude": ["Header"] }`, all optional.
    pub fn learn_json(
        &mut self,
        model: JsValue,
        options_json: Option<String>,
    ) -> Result<String, JsError> {
        let model = parse_model(model)?;
        let choice: serde_json::Value = match options_json {
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| JsError::new(&format!("learning options: {e}")))?,
            None => serde_json::Value::Null,
        };
        let names = |key: &str| -> Vec<String> {
            choice[key]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
                .unwrap_or_default()
        };
        let mut options = crate::analysis::learn::snapshot::Options {
            include: names("include"),
            exclude: names("exclude"),
            ..Default::default()
        };
        if let Some(folds) = choice["folds"].as_u64() {
            options.folds = (folds as usize).clamp(2, 10);
        }
        let learned = self
            .engine
            .learn(&model, &options)
            .map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&learned)
            .map_err(|e| JsError::new(&format!("could not write the learning: {e}")))
    }

    /// The candidate measures of the loaded data with churn by decile or category, AUC,
    /// direction, coverage and verdict (probable leak, identifier…), as JSON.
    pub fn discover_json(&mut self, model: JsValue) -> Result<String, JsError> {
        let model = parse_model(model)?;
        let list = self
            .engine
            .discover(&model)
            .map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&list)
            .map_err(|e| JsError::new(&format!("could not write the candidates: {e}")))
    }

    /// The last results as CSV, exactly as the CLI writes them (`--out results.csv`): one row per
    /// account, spreadsheet formulas neutralised. Errors when nothing was scored yet.
    pub fn results_csv(&self) -> Result<String, JsError> {
        self.last().map(crate::output::csv::to_csv)
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

    fn score_inner(&mut self, model: JsValue) -> Result<Results, JsError> {
        let model = parse_model(model)?;
        Ok(self.engine.score(&model))
    }
}

/// An optional YYYY-MM-DD day (`None` or empty = default).
fn parse_cutoff(text: Option<String>) -> Result<Option<crate::dataset::Day>, JsError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => crate::scoring::overrides::parse_day(t)
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("'{t}' is not a YYYY-MM-DD date"))),
    }
}

/// An optional outcome source name (`None` or empty = default).
fn parse_outcome(
    text: Option<String>,
) -> Result<Option<crate::analysis::backtest::OutcomeSource>, JsError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => crate::analysis::backtest::OutcomeSource::parse(t)
            .map(Some)
            .ok_or_else(|| {
                JsError::new(&format!(
                    "outcome '{t}': expected dated, events, subscriptions or account-flag"
                ))
            }),
    }
}

/// Benchmark probe for `scripts/bench.sh` (built only with the `bench-probe` feature, so the
/// shipped module does not carry it): the CSV tokenizer alone
/// ([`crate::ingest::csv::FieldCounter`]), so the hot path can be timed in the browser apart
/// from the rest of the ingest. The app does not use it.
#[cfg(feature = "bench-probe")]
#[wasm_bindgen]
pub struct CsvScanProbe(crate::ingest::csv::FieldCounter);

#[cfg(feature = "bench-probe")]
#[wasm_bindgen]
impl CsvScanProbe {
    /// A tokenizer for `delimiter` (a single ASCII byte, e.g. `,`).
    #[wasm_bindgen(constructor)]
    pub fn new(delimiter: u8) -> CsvScanProbe {
        CsvScanProbe(crate::ingest::csv::FieldCounter::new(delimiter))
    }

    /// Tokenizes the next chunk (any split).
    pub fn push(&mut self, bytes: &[u8]) {
        self.0.push(bytes);
    }

    /// Ends the input and returns the number of fields seen.
    pub fn finish(&mut self) -> f64 {
        self.0.finish() as f64
    }
}
