//! Custom measures (Contract A) in the SQL export: a measure bound to a column of the
//! accounts table reads that column of the warehouse's `accounts` table, typed as the engine
//! types it (`src/metrics/sources.rs`), and the `categories` normalisation becomes a CASE on
//! the category text.
//!
//! The warehouse `accounts` table (or view) must carry each custom measure's column under the
//! header the model declares (a quoted identifier; DuckDB matches identifiers without regard
//! to case). The SQL casts what it finds, so a staging view may pass the CSV text through:
//!
//! | value | column | raw value |
//! |---|---|---|
//! | `number` | DOUBLE (or text of a plain number, or BOOLEAN / yes-no words → 1/0) | the number; non-finite → missing |
//! | `days_since` | DATE or TIMESTAMP (or ISO text) | as-of day − the date, at least 0 |
//! | `yes_no` | BOOLEAN, 0/1, or true/false, yes/no, y/n, t/f | 1 or 0 |
//! | `category` | text | the trimmed text (empty → missing) |
//!
//! Locale-formatted cells (`$1,234`, `31.12.2024`) are read by the engine's ingest but not by
//! these casts: stage them as DOUBLE / DATE first.

use std::fmt::Write;

use super::literal::{lit, quote};
use crate::domain::measure::{Measure, ValueKind};
use crate::metrics::fmt_num;
use crate::model::config::Model;
use crate::model::measures::{fold, CategoryScores};

/// Words read as yes / no (the ingest's `parse_bool`).
const YES: &str = "'true', 'yes', 'y', 't', '1'";
const NO: &str = "'false', 'no', 'n', 'f', '0'";

/// A quoted SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Why a custom measure cannot be compiled, if it cannot.
pub fn unsupported(model: &Model, measure: Measure) -> Option<String> {
    let c = model.custom_measure(measure)?;
    (c.table != "accounts").then(|| {
        format!(
            "measure '{measure}' reads table '{}': only accounts-table columns are compiled to SQL",
            c.table
        )
    })
}

/// The `acc` CTE's column of every custom measure in the model's groups (`, expr AS c_id`):
/// the cell typed per the declaration; dates as day numbers (the days are counted in `raw`,
/// where the as-of day is known).
pub fn acc_columns(model: &Model) -> String {
    let mut out = String::new();
    for c in &model.measures {
        if !in_groups(model, c.id) {
            continue;
        }
        let cell = format!("accounts.{}", ident(&c.column));
        let text = format!("lower(trim(CAST({cell} AS VARCHAR)))");
        let yes_no = format!("CASE WHEN {text} IN ({YES}) THEN 1e0 WHEN {text} IN ({NO}) THEN 0e0 WHEN TRY_CAST({text} AS DOUBLE) = 1 THEN 1e0 WHEN TRY_CAST({text} AS DOUBLE) = 0 THEN 0e0 END");
        let expr = match c.value {
            ValueKind::Number => format!(
                "CASE WHEN isfinite(TRY_CAST({cell} AS DOUBLE)) THEN TRY_CAST({cell} AS DOUBLE) WHEN TRY_CAST({cell} AS DOUBLE) IS NULL THEN {yes_no} END"
            ),
            ValueKind::YesNo => yes_no,
            ValueKind::DaysSince => format!(
                "date_diff('day', DATE '1970-01-01', coalesce(TRY_CAST({cell} AS DATE), CAST(TRY_CAST({cell} AS TIMESTAMP) AS DATE)))"
            ),
            ValueKind::Category => format!("NULLIF(trim(CAST({cell} AS VARCHAR)), '')"),
        };
        let _ = write!(out, ",\n    {expr} AS c_{}", c.id.id());
    }
    out
}

fn in_groups(model: &Model, measure: Measure) -> bool {
    model
        .groups
        .iter()
        .flat_map(|g| &g.measures)
        .any(|mw| mw.measure == measure)
}

/// The raw value of a custom measure in the `raw` CTE (`a` = the as-of day number): a DOUBLE,
/// or the category text for `category` measures. `None` when `measure` is not custom.
pub fn raw_expr(model: &Model, measure: Measure) -> Option<String> {
    let c = model.custom_measure(measure)?;
    let col = format!("acc.c_{}", measure.id());
    Some(match c.value {
        ValueKind::DaysSince => {
            format!("CASE WHEN {col} IS NOT NULL THEN CAST(greatest(a - {col}, 0) AS DOUBLE) END")
        }
        _ => col,
    })
}

/// True when the measure's raw value is category text rather than a number.
pub fn is_text(model: &Model, measure: Measure) -> bool {
    model
        .custom_measure(measure)
        .is_some_and(|c| c.value == ValueKind::Category)
}

/// The `categories` normalisation of `raw` (`scoring::normalize::categories`): the first
/// listed category equal to the text after trimming and lower-casing, else `other`. A
/// numeric raw value matches the category written as the engine writes the number, and a
/// 1 / 0 without one matches yes/true/y / no/false/n.
pub fn categories_expr(
    scores: &CategoryScores,
    other: Option<f64>,
    raw: &str,
    text: bool,
) -> String {
    let other = other.map_or("CAST(NULL AS DOUBLE)".to_string(), lit);
    let mut out = format!("CASE WHEN {raw} IS NULL THEN NULL");
    if text {
        for (key, score) in &scores.0 {
            let _ = write!(
                out,
                " WHEN lower(trim({raw})) = {} THEN {}",
                quote(&fold(key)),
                lit(*score)
            );
        }
    } else {
        for (key, score) in &scores.0 {
            let number = key.trim().parse::<f64>().ok().filter(|v| v.is_finite());
            if let Some(v) = number.filter(|&v| fold(&fmt_num(v)) == fold(key)) {
                let _ = write!(out, " WHEN {raw} = {} THEN {}", lit(v), lit(*score));
            }
        }
        for (v, words) in [(1.0, ["yes", "true", "y"]), (0.0, ["no", "false", "n"])] {
            if let Some(score) = words.iter().find_map(|w| scores.get(w)) {
                let _ = write!(out, " WHEN {raw} = {} THEN {}", lit(v), lit(score));
            }
        }
    }
    let _ = write!(out, " ELSE {other} END");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::normalize::categories;

    #[test]
    fn numeric_categories_follow_the_engine_rule() {
        let scores = CategoryScores(vec![
            ("12".into(), 10.0),
            ("1.50".into(), 20.0),
            ("Yes".into(), 90.0),
            ("no".into(), 5.0),
        ]);
        let sql = categories_expr(&scores, Some(50.0), "r", false);
        assert!(sql.contains("WHEN r = 1.2e1 THEN 1e1"), "{sql}");
        assert!(sql.contains("WHEN r = 1.5e0 THEN 2e1"), "{sql}");
        assert!(sql.contains("WHEN r = 1e0 THEN 9e1"), "{sql}");
        assert!(sql.contains("WHEN r = 0e0 THEN 5e0"), "{sql}");
        // ...as the engine reads the same values.
        for (v, want) in [
            (12.0, 10.0),
            (1.5, 20.0),
            (1.0, 90.0),
            (0.0, 5.0),
            (7.0, 50.0),
        ] {
            assert_eq!(categories(&scores, Some(50.0), None, Some(v)), Some(want));
        }
        let text = categories_expr(&scores, None, "r", true);
        assert!(
            text.contains("WHEN lower(trim(r)) = 'yes' THEN 9e1"),
            "{text}"
        );
        assert!(text.ends_with("ELSE CAST(NULL AS DOUBLE) END"), "{text}");
        assert_eq!(ident("Tenure \"m\""), "\"Tenure \"\"m\"\"\"");
    }
}
