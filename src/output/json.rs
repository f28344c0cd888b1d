//! JSON writers.
//!
//! Output is safe to embed anywhere text can go: besides JSON's own escaping, `<`, `>`, `&`
//! and U+2028/U+2029 are written as `\u` escapes, so a value such as `</script><script>…`
//! cannot end an inline `<script>` block or an HTML attribute, and the text is also a valid
//! JavaScript literal. Parsed back, the values are unchanged.

use crate::results::Results;

/// Escapes the characters that are safe in JSON but not inside HTML or old JavaScript. They
/// can only occur inside JSON strings, so a plain replacement keeps the document valid.
pub fn html_safe(json: String) -> String {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// The results as pretty-printed JSON (the contract of the CLI and the web app).
pub fn to_json(results: &Results) -> String {
    html_safe(serde_json::to_string_pretty(results).unwrap_or_else(|e| error_json(&e.to_string())))
}

/// The same JSON without whitespace (about half the size for large portfolios).
pub fn to_json_compact(results: &Results) -> String {
    html_safe(serde_json::to_string(results).unwrap_or_else(|e| error_json(&e.to_string())))
}

fn error_json(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}
