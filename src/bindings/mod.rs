//! The WebAssembly boundary (wasm32 only): the one module that knows about JavaScript.
//!
//! [`HealthEngine`] wraps [`crate::engine::Engine`] for the browser worker. Every entry point
//! checks its inputs and returns `Result<_, JsError>`; a panic is never the error path (the
//! release profile aborts on panic, which would kill the instance). Should one happen anyway,
//! the panic hook records its message so the worker can report it through [`last_panic`]
//! before it restarts.
//!
//! - this file: the free functions (model, playbooks, vocabulary, warm-up, panics);
//! - `session`: the engine handle (files in, scoring, results out);
//! - `analyses`: backtest, calibration, learning and candidate measures on that handle
//!   (feature `analyses`, on by default; the page's main module is built without it and
//!   fetches a second build with it on first use, see scripts/build.sh);
//! - `convert`: the conversions and argument parsing every entry point shares;
//! - `probe`: the benchmark probe (feature `bench-probe` only).

#[cfg(feature = "analyses")]
mod analyses;
mod convert;
#[cfg(feature = "bench-probe")]
mod probe;
mod session;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::model::config::{Model, MODEL_SCHEMA_VERSION};
use convert::{parse_model, read_model, to_js, to_js_as_results};
#[cfg(feature = "bench-probe")]
pub use probe::CsvScanProbe;
pub use session::HealthEngine;

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
