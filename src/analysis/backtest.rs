//! Validation against real churn: score every account as it looked `backtest_days` before
//! as-of (using only data up to then), and compare with the churn recorded afterwards.
//!
//! An account counts as churned when a dated churn event falls in the following
//! `backtest_days` (up to as-of). The report gives churn rates per band and the AUC: the
//! probability that a churned account scored below a retained one (0.5 = no better than
//! chance; ties count half). It needs at least one churned and one retained scored account.

use serde::Serialize;

use crate::dataset::{day_to_iso, Dataset, Day};
use crate::metrics::{compute_indexed, AccountIndex};
use crate::model::config::Model;
use crate::scoring::bands::band_of;
use crate::scoring::blend::blend;
use crate::scoring::normalize::Normaliser;

/// The outcome of a churn backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Day the historic scores are computed at (YYYY-MM-DD).
    pub scored_at: String,
    /// Length of the outcome window in days.
    pub horizon_days: u32,
    /// Accounts with a historic score.
    pub scored: u32,
    /// Of those, accounts that churned within the horizon.
    pub churned: u32,
    /// Probability that a churned account scored below a retained one.
    pub auc: f64,
    /// Per band (model order): (band id, accounts, churned).
    pub bands: Vec<(String, u32, u32)>,
    /// Plain-language reading of the result.
    pub sentence: String,
}

/// Runs the backtest; `None` when the data has no dated churn or lacks either outcome.
pub fn backtest(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    as_of: Day,
) -> Option<Backtest> {
    let horizon = model.windows.backtest_days;
    let start = as_of - horizon as i32;
    let mut churned = vec![false; dataset.accounts.len()];
    let mut any_dated = false;
    for event in &dataset.churn_events {
        if let Some(day) = event.day {
            any_dated = true;
            if day > start && day <= as_of {
                if let Some(c) = churned.get_mut(event.account as usize) {
                    *c = true;
                }
            }
        }
    }
    if !any_dated {
        return None;
    }
    let measures = compute_indexed(dataset, index, model, start);
    let normaliser = Normaliser::new(model, &measures);
    let scored: Vec<(f64, bool)> = measures
        .iter()
        .filter(|m| m.has_dated_data)
        .filter_map(|m| {
            blend(model, &normaliser, m)
                .score
                .map(|s| (s, churned[m.account as usize]))
        })
        .collect();
    let lost: Vec<f64> = scored.iter().filter(|s| s.1).map(|s| s.0).collect();
    let kept: Vec<f64> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    if lost.is_empty() || kept.is_empty() {
        return None;
    }
    let auc = auc(&lost, &kept);
    let bands = model
        .bands
        .iter()
        .map(|b| {
            let members = scored
                .iter()
                .filter(|s| band_of(model, s.0).as_deref() == Some(&b.id));
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
    Some(Backtest {
        scored_at: day_to_iso(start),
        horizon_days: horizon,
        scored: scored.len() as u32,
        churned: lost.len() as u32,
        auc,
        bands,
        sentence: format!(
            "Scored as of {}, {} of {} accounts churned in the next {horizon} days; AUC {auc:.2}: {reading}.",
            day_to_iso(start),
            lost.len(),
            scored.len()
        ),
    })
}

/// Probability that a value from `lost` is below one from `kept` (ties count half).
pub fn auc(lost: &[f64], kept: &[f64]) -> f64 {
    let mut kept_sorted = kept.to_vec();
    kept_sorted.sort_by(|a, b| a.total_cmp(b));
    let mut wins = 0.0;
    for &l in lost {
        let below_or_equal = kept_sorted.partition_point(|&k| k <= l);
        let below = kept_sorted.partition_point(|&k| k < l);
        let above = kept_sorted.len() - below_or_equal;
        wins += above as f64 + 0.5 * (below_or_equal - below) as f64;
    }
    wins / (lost.len() * kept.len()) as f64
}
