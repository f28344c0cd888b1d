//! Conversions at the JavaScript edge: Rust values out as plain JS values or JSON text, model
//! and mapping objects in, argument parsing, and engine errors as `JsError`. Every function
//! returns its failure as a value; none panics.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::model::config::Model;
use crate::results::Results;

/// A Rust value as a plain JS value (serde-wasm-bindgen): `None` → `null`, maps → plain
/// objects, 64-bit integers → numbers. Used for the small structured crossings; bulk results
/// travel as typed arrays (`score_columns`) or JSON text (`score_json`, the export).
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not convert for JavaScript: {e}")))
}

/// A Rust value that the results JSON already carries (the model, playbooks, file reports,
/// score components) as a plain JS value, through the engine's one JSON writer and
/// `JSON.parse`. serde-wasm-bindgen would compile a second serialiser for each of these large
/// types: +42 KB gzipped for the model, reports and components together, over the module's
/// size budget (docs/performance.md).
pub(super) fn to_js_as_results<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("could not convert for JavaScript: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("could not convert for JavaScript: invalid JSON"))
}

/// A Rust value as JSON text; `what` names it in the error ("the backtest").
pub(super) fn to_json_text<T: Serialize + ?Sized>(
    value: &T,
    what: &str,
) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("could not write {what}: {e}")))
}

/// A plain JS object read into a Rust type through the engine's one JSON reader (serde_json,
/// as for model files): a second deserialiser compiled for serde-wasm-bindgen would cost more
/// than the size budget allows (see [`to_js_as_results`]).
fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "not an object".to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// A model object read and validated (`null`/`undefined` = the default model); the error
/// lists every problem.
pub(super) fn read_model(value: JsValue) -> Result<Model, Vec<String>> {
    if value.is_null() || value.is_undefined() {
        return Ok(Model::default());
    }
    let model: Model = from_js(&value).map_err(|e| vec![format!("model: {e}")])?;
    model.validate()?;
    Ok(model)
}

/// [`read_model`] with its problems as one error, one per line.
pub(super) fn parse_model(value: JsValue) -> Result<Model, JsError> {
    read_model(value).map_err(|problems| JsError::new(&problems.join("\n")))
}

/// An optional object (`null`/`undefined` = `None`); `what` names it in the error.
pub(super) fn read_optional<T: DeserializeOwned>(
    value: &JsValue,
    what: &str,
) -> Result<Option<T>, JsError> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    from_js(value)
        .map(Some)
        .map_err(|e| JsError::new(&format!("{what} is not valid: {e}")))
}

/// HTML-safe JSON (`<`, `>`, `&` escaped): safe even if a caller inlines it.
pub(super) fn results_to_json(results: &Results) -> Result<String, JsError> {
    to_json_text(results, "results").map(crate::output::json::html_safe)
}

/// `target[key] = value`.
pub(super) fn set(target: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new(&format!("could not set '{key}' on the results object")))
}

/// An engine error (a refused step, a check that failed) as a JavaScript error.
pub(super) fn js_error(message: String) -> JsError {
    JsError::new(&message)
}

/// An optional YYYY-MM-DD day (`None` or empty = default).
#[cfg(feature = "analyses")]
pub(super) fn parse_cutoff(text: Option<String>) -> Result<Option<crate::dataset::Day>, JsError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => crate::scoring::overrides::parse_day(t)
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("'{t}' is not a YYYY-MM-DD date"))),
    }
}

/// An optional outcome source name (`None` or empty = default).
#[cfg(feature = "analyses")]
pub(super) fn parse_outcome(text: Option<String>) -> Result<Option<crate::analysis::backtest::OutcomeSource>, JsError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => crate::analysis::backtest::OutcomeSource::parse(t).map(Some).ok_or_else(|| {
            JsError::new(&format!(
                "outcome '{t}': expected dated, events, subscriptions or account-flag"
            ))
        }),
    }
}
