//! CSV writer: one row per account, safe to open in a spreadsheet.
//!
//! Cells are quoted when they contain a comma, quote, or line break. Text cells that begin
//! with `=`, `+`, `-`, `@`, a tab or a carriage return (also after leading spaces, and their
//! full-width forms) are prefixed with `'` so that a spreadsheet does not run them as
//! formulas; plain numbers (e.g. `-3.5`) are left as is. Spreadsheets in locales whose list
//! separator is `;` split unquoted cells at `;` (and some importers at tabs), so a `;` or tab
//! inside a text cell that is followed by a trigger gets the same `'` after it.
//!
//! Bands, quadrants, warnings and lifecycle stages are written with the labels the page shows
//! (the model's band and stage labels, the engine vocabulary's quadrant and flag labels); their
//! ids follow in `band_id`, `quadrant_id`, `flags_id` and `lifecycle_stage_id`.

use crate::domain::coverage::LOW_COVERAGE_BELOW;
use crate::domain::measure::Measure;
use crate::model::config::Model;
use crate::output::vocabulary::band_label;
use crate::results::{AccountResult, Results};

fn is_trigger(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
    )
}

/// True when a segment (a whole cell, or the part after a `;`) would start a formula.
fn starts_formula(segment: &str) -> bool {
    segment
        .trim_start_matches(' ')
        .chars()
        .next()
        .is_some_and(is_trigger)
}

/// A plain finite number, as a spreadsheet would read it (no formula).
fn is_plain_number(text: &str) -> bool {
    text.trim() == text && text.parse::<f64>().is_ok_and(|v| v.is_finite())
}

/// Neutralises spreadsheet formula injection, then applies CSV quoting.
pub fn cell(text: &str) -> String {
    let mut safe = String::with_capacity(text.len() + 2);
    if starts_formula(text) && !is_plain_number(text) {
        safe.push('\'');
    }
    if text.contains([';', '\t']) {
        let mut rest = text;
        while let Some(at) = rest.find([';', '\t']) {
            let (head, tail) = rest.split_at(at + 1);
            safe.push_str(head);
            if starts_formula(tail) && !is_plain_number(tail) {
                safe.push('\'');
            }
            rest = tail;
        }
        safe.push_str(rest);
    } else {
        safe.push_str(text);
    }
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

fn num(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_string()
            } else {
                s.to_string()
            }
        }
        _ => String::new(),
    }
}

/// The `low_data` cell: yes/no for a scored account, blank without a score.
fn low_data(a: &AccountResult, below: f64) -> &'static str {
    match a.health_score {
        None => "",
        Some(_) if a.coverage < below => "yes",
        Some(_) => "no",
    }
}

fn quadrant_id(a: &AccountResult) -> String {
    a.quadrant.map(|q| q.id().to_string()).unwrap_or_default()
}

fn quadrant_label(a: &AccountResult) -> String {
    a.quadrant.map(|q| q.info().short.to_string()).unwrap_or_default()
}

fn stage_label<'a>(model: &'a Model, id: &'a str) -> &'a str {
    model
        .lifecycle
        .as_ref()
        .and_then(|l| l.stage(id))
        .map_or(id, |s| s.label.as_str())
}

/// The results as CSV, one row per account in result order, labelled with `model`'s words
/// (the model the results were scored with), `low_data` by the default share.
pub fn to_csv(results: &Results, model: &Model) -> String {
    to_csv_marked(results, model, LOW_COVERAGE_BELOW)
}

/// [`to_csv`] with `low_data` = yes for scored accounts whose coverage is below
/// `low_coverage_below` (the page passes its per-device share), no for the others, blank for
/// unscored accounts.
pub fn to_csv_marked(results: &Results, model: &Model, low_coverage_below: f64) -> String {
    let mut header: Vec<String> = [
        "account_id",
        "name",
        "health_score",
        "band",
        "trend",
        "quadrant",
        "value_realized",
        "coverage",
        "low_data",
        "flags",
        "arr",
        "risk",
        "revenue_at_risk",
        "rank",
        "play",
        "lifecycle_stage",
        "tenure_days",
        "band_id",
        "quadrant_id",
        "flags_id",
        "lifecycle_stage_id",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The probability column only when the model gives one (default outputs unchanged).
    let probability = results.accounts.iter().any(|a| a.churn_probability.is_some());
    if probability {
        header.insert(3, "churn_probability".into());
    }
    // One raw/score pair per model measure, in model order (every account has the same
    // components, so the first account's give the list).
    let measures: Vec<Measure> = results
        .accounts
        .first()
        .map(|a| a.components.iter().map(|c| c.measure).collect())
        .unwrap_or_default();
    for m in &measures {
        header.push(format!("{}_raw", m.id()));
        header.push(format!("{}_score", m.id()));
    }
    let mut out = header.join(",");
    out.push_str("\r\n");
    for a in &results.accounts {
        let p = a.priority.as_ref();
        let flags: Vec<&str> = a.flags.iter().map(|f| f.flag.id()).collect();
        let flag_labels: Vec<&str> = a.flags.iter().map(|f| f.flag.info().label).collect();
        let band = a.band.as_deref().unwrap_or("");
        let stage = a.lifecycle_stage.as_deref().unwrap_or("");
        let mut row = vec![
            cell(&a.account_id),
            cell(a.name.as_deref().unwrap_or("")),
            num(a.health_score),
            cell(band_label(model, band)),
            num(a.trend),
            quadrant_label(a),
            num(a.value_realized),
            num(Some(a.coverage)),
            low_data(a, low_coverage_below).to_string(),
            cell(&flag_labels.join("; ")),
            num(a.arr),
            num(p.map(|p| p.risk)),
            num(p.and_then(|p| p.revenue_at_risk)),
            p.map(|p| p.rank.to_string()).unwrap_or_default(),
            cell(p.map(|p| p.play.as_str()).unwrap_or("")),
            cell(stage_label(model, stage)),
            a.tenure_days.map(|d| d.to_string()).unwrap_or_default(),
            cell(band),
            quadrant_id(a),
            cell(&flags.join(";")),
            cell(stage),
        ];
        if probability {
            row.insert(3, num(a.churn_probability));
        }
        for m in &measures {
            let c = a.components.iter().find(|c| c.measure == *m);
            match c.and_then(|c| c.category.as_deref()) {
                Some(category) => row.push(cell(category)),
                None => row.push(num(c.and_then(|c| c.raw))),
            }
            row.push(num(c.and_then(|c| c.normalized)));
        }
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
