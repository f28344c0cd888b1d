//! JSON writers.

use crate::results::Results;

/// The results as pretty-printed JSON (the contract of the CLI and the web app).
pub fn to_json(results: &Results) -> String {
    serde_json::to_string_pretty(results).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The same JSON without whitespace (about half the size for large portfolios).
pub fn to_json_compact(results: &Results) -> String {
    serde_json::to_string(results).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
