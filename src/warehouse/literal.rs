//! SQL literals shared by the compiler's parts.

/// A DOUBLE literal that round-trips exactly (shortest representation, scientific form so
/// every dialect reads it as a floating-point number, not a DECIMAL).
pub fn lit(v: f64) -> String {
    if v < 0.0 {
        format!("(-{:e})", -v)
    } else {
        format!("{v:e}")
    }
}

/// A string literal (single quotes doubled).
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
