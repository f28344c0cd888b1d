//! The part of [`Results`] that is not per account, as JSON, with the dictionaries that
//! decode [`AccountColumns`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::AccountColumns;
use crate::analysis::backtest::Backtest;
use crate::ingest::report::{FileReport, RowIssue};
use crate::results::{Flag, HealthyPattern, Quadrant, Results, SegmentStats, Summary};

/// Every field of [`Results`] except `accounts`, plus `account_count` and `dictionaries`.
#[derive(Serialize)]
struct Rest<'a> {
    account_count: usize,
    rejected_rows: &'a [RowIssue],
    files: &'a [FileReport],
    summary: &'a Summary,
    segments: &'a [SegmentStats],
    healthy_patterns: &'a [HealthyPattern],
    backtest: &'a Option<Backtest>,
    dictionaries: Dictionaries<'a>,
}

/// How to read the coded columns: `coded[name][code]` is the label (`null` at code 0),
/// `quadrant[code]` the quadrant id (`null` at 0), `flag[bit]` the flag id.
#[derive(Serialize)]
struct Dictionaries<'a> {
    #[serde(flatten)]
    coded: BTreeMap<&'static str, &'a [Option<String>]>,
    quadrant: [Option<Quadrant>; 5],
    flag: &'static [Flag],
}

/// `results` without its `accounts`, as HTML-safe JSON: `{ account_count, rejected_rows, files,
/// summary, segments, healthy_patterns, backtest, dictionaries: { plan: [null, "Pro", …], …,
/// quadrant: [null, "champion", …], flag: ["usage_trap", …] } }`.
pub fn rest_json(results: &Results, columns: &AccountColumns) -> Result<String, String> {
    let [champion, under_user, cry_for_help, at_risk] = Quadrant::ALL.map(Some);
    let rest = Rest {
        account_count: columns.len(),
        rejected_rows: &results.rejected_rows,
        files: &results.files,
        summary: &results.summary,
        segments: &results.segments,
        healthy_patterns: &results.healthy_patterns,
        backtest: &results.backtest,
        dictionaries: Dictionaries {
            coded: columns
                .code_columns()
                .into_iter()
                .map(|(name, column)| (name, column.labels.as_slice()))
                .collect(),
            quadrant: [None, champion, under_user, cry_for_help, at_risk],
            flag: &Flag::ALL,
        },
    };
    serde_json::to_string(&rest)
        .map(crate::output::json::html_safe)
        .map_err(|e| format!("could not write results: {e}"))
}
