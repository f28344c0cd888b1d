//! Validation against real churn: score every account as it looked on a past day (the
//! *cut-off*), using only data on or before it, and compare with what happened in the
//! `windows.backtest_days` after it.
//!
//! The cut-off is `backtest_days` before the as-of date unless given explicitly. Outcomes
//! come from dated churn events and churned subscriptions (see [`outcomes`]); the undated
//! accounts-table churn flag is a last resort reported with a caveat.
//!
//! Figures: AUC (probability that a churned account scored below a retained one; ties
//! count half), lift of the riskiest tenth, a calibration table by risk decile, ROC points
//! for a chart, churn per band, and the same AUC/lift for each single signal.

pub mod outcomes;
pub mod signals;
pub mod snapshot;
pub mod stats;
pub mod text;

use serde::Serialize;

use crate::dataset::{day_to_iso, Dataset, Day};
use crate::metrics::AccountIndex;
use crate::model::config::Model;
use crate::scoring::bands::band_of;
pub use outcomes::OutcomeSource;
pub use signals::SignalFigures;
pub use stats::{CalibrationRow, RocPoint};

/// The outcome of a churn backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Day the historic scores are computed at (YYYY-MM-DD): the cut-off.
    pub scored_at: String,
    /// Length of the outcome window in days.
    pub horizon_days: u32,
    /// Last day of the outcome window (YYYY-MM-DD).
    pub outcome_until: String,
    /// Which records decided churn.
    pub outcome_source: OutcomeSource,
    /// Present when the outcomes are weak evidence (undated flag).
    pub caveat: Option<String>,
    /// Accounts with a historic score.
    pub scored: u32,
    /// Of those, accounts that churned within the horizon.
    pub churned: u32,
    /// `churned ÷ scored`.
    pub base_rate: f64,
    /// Probability that a churned account scored below a retained one (ties count half).
    pub auc: f64,
    /// Standard error of `auc` (Hanley & McNeil); ±1.96 × this is a rough 95% interval.
    pub auc_standard_error: Option<f64>,
    /// Churn rate of the lowest-scoring tenth ÷ `base_rate` (1 = no better than chance).
    pub lift_top_decile: Option<f64>,
    /// Per band (model order): (band id, accounts, churned).
    pub bands: Vec<(String, u32, u32)>,
    /// Risk deciles, riskiest first: mean predicted vs observed churn.
    pub calibration: Vec<CalibrationRow>,
    /// What `calibration[].predicted` is.
    pub calibration_note: String,
    /// ROC curve of risk = 100 − score, for a chart (at most 101 points).
    pub roc: Vec<RocPoint>,
    /// AUC and lift of every single measure and flag.
    pub signals: Vec<SignalFigures>,
    /// Plain-language reading of the result.
    pub sentence: String,
}

/// Choices of a backtest run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Options {
    /// Scoring day; default `as_of − windows.backtest_days`.
    pub cutoff: Option<Day>,
    /// Outcome records; default dated records when any exist, else the accounts flag.
    pub source: Option<OutcomeSource>,
}

/// The outcome source used when none is chosen: dated records when the data has any, else
/// the undated accounts flag when some account carries it.
pub fn default_source(dataset: &Dataset) -> Option<OutcomeSource> {
    if outcomes::has_dated_outcomes(dataset) {
        Some(OutcomeSource::Dated)
    } else if dataset.accounts.iter().any(|a| a.churned.is_some()) {
        Some(OutcomeSource::AccountFlag)
    } else {
        None
    }
}

/// Runs the backtest as part of scoring; `None` when the data lacks outcomes or either
/// class (churned / retained) among scored accounts.
pub fn backtest(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    as_of: Day,
) -> Option<Backtest> {
    run(dataset, index, model, as_of, Options::default()).ok()
}

/// Runs the backtest; the error says why it cannot be computed.
pub fn run(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    as_of: Day,
    options: Options,
) -> Result<Backtest, String> {
    let source = options.source.or_else(|| default_source(dataset)).ok_or(
        "the data records no churn: add churn events (account, churn date), subscriptions with an end date and churn flag, or a churned column on accounts",
    )?;
    let horizon = model.windows.backtest_days;
    let cutoff = options.cutoff.unwrap_or(as_of - horizon as i32);
    let snap = snapshot::take(dataset, index, model, cutoff, horizon, source);
    let scored = snap.score_risks();
    let churned = scored.iter().filter(|s| s.1).count();
    let auc = stats::auc(&scored).ok_or_else(|| {
        format!(
            "as of {}, {} accounts were scored and {churned} of them churned in the next {horizon} days: a backtest needs both churned and retained accounts (try another --as-of)",
            day_to_iso(cutoff),
            scored.len()
        )
    })?;
    let bands = model
        .bands
        .iter()
        .map(|b| {
            let members = snap
                .rows
                .iter()
                .filter_map(|r| r.score.map(|s| (s, r.churned)))
                .filter(|(s, _)| band_of(model, *s).as_deref() == Some(&b.id));
            let n = members.clone().count() as u32;
            (b.id.clone(), n, members.filter(|s| s.1).count() as u32)
        })
        .collect();
    let reading = if auc >= 0.7 {
        "scores separated churned from retained accounts well"
    } else if auc >= 0.6 {
        "scores gave a useful but modest warning of churn"
    } else {
        "scores barely predicted churn: review weights and thresholds against your outcomes"
    };
    let lift = stats::lift(&scored, 0.1);
    let se = stats::auc_standard_error(auc, churned, scored.len() - churned);
    let caveat =
        (source == OutcomeSource::AccountFlag).then(|| outcomes::ACCOUNT_FLAG_CAVEAT.to_string());
    let window = if source == OutcomeSource::AccountFlag {
        "at any time (undated flag)".to_string()
    } else {
        format!("in the next {horizon} days")
    };
    Ok(Backtest {
        scored_at: day_to_iso(cutoff),
        horizon_days: horizon,
        outcome_until: day_to_iso(cutoff + horizon as i32),
        outcome_source: source,
        caveat,
        scored: scored.len() as u32,
        churned: churned as u32,
        base_rate: churned as f64 / scored.len() as f64,
        auc,
        auc_standard_error: se,
        lift_top_decile: lift,
        bands,
        calibration: stats::calibration(&scored, |risk| risk / 100.0),
        calibration_note: "predicted = (100 − score) ÷ 100, the score read as a churn risk; it is not a fitted probability (see calibrate for one)".into(),
        roc: stats::roc(&scored, 101),
        signals: signals::signals(&snap),
        sentence: format!(
            "Scored as of {}, {churned} of {} accounts churned {window}; AUC {auc:.2}{}{}: {reading}.",
            day_to_iso(cutoff),
            scored.len(),
            se.map(|se| format!(" (95% interval {:.2}–{:.2})", (auc - 1.96 * se).max(0.0), (auc + 1.96 * se).min(1.0)))
                .unwrap_or_default(),
            lift.map(|l| format!(", lift in the riskiest tenth {l:.2}×"))
                .unwrap_or_default()
        ),
    })
}

/// Probability that a value from `lost` is below one from `kept` (ties count half): the
/// AUC of a health score where low means risk.
pub fn auc(lost: &[f64], kept: &[f64]) -> f64 {
    let items: Vec<(f64, bool)> = lost
        .iter()
        .map(|&s| (-s, true))
        .chain(kept.iter().map(|&s| (-s, false)))
        .collect();
    stats::auc(&items).unwrap_or(0.5)
}
