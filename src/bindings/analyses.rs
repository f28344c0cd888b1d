//! The analyses of the loaded data on the engine handle: churn backtest, weight calibration,
//! learning a model from a snapshot, and the candidate measures. Each answers JSON text or an
//! error that says why it cannot run.

use wasm_bindgen::prelude::*;

use super::convert::{js_error, parse_cutoff, parse_model, parse_outcome, to_json_text};
use super::HealthEngine;
use crate::analysis::{backtest, calibrate, learn};

#[wasm_bindgen]
impl HealthEngine {
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
        let options = backtest::Options {
            cutoff: parse_cutoff(cutoff)?,
            source: parse_outcome(outcome)?,
        };
        let result = self.engine.backtest(&model, options).map_err(js_error)?;
        to_json_text(&result, "the backtest")
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
        let mut options = calibrate::Options {
            last_cutoff: parse_cutoff(last_cutoff)?,
            source: parse_outcome(outcome)?,
            ..Default::default()
        };
        if folds > 0 {
            options.folds = folds.clamp(2, 24) as usize;
        }
        let result = self.engine.calibrate(&model, &options).map_err(js_error)?;
        to_json_text(&result, "the calibration")
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
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut options = learn::snapshot::Options {
            include: names("include"),
            exclude: names("exclude"),
            ..Default::default()
        };
        if let Some(folds) = choice["folds"].as_u64() {
            options.folds = (folds as usize).clamp(2, 10);
        }
        let learned = self.engine.learn(&model, &options).map_err(js_error)?;
        to_json_text(&learned, "the learning")
    }

    /// The candidate measures of the loaded data with churn by decile or category, AUC,
    /// direction, coverage and verdict (probable leak, identifier…), as JSON.
    pub fn discover_json(&mut self, model: JsValue) -> Result<String, JsError> {
        let model = parse_model(model)?;
        let list = self.engine.discover(&model).map_err(js_error)?;
        to_json_text(&list, "the candidates")
    }
}
