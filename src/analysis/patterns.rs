//! What the healthiest accounts do that the others don't.
//!
//! The healthiest are the accounts in the model's top two bands (or, when none is there,
//! the top quartile by score). For each model measure with data on both sides, compare the
//! median raw value of the healthiest with that of the others — for a yes/no measure, whose
//! medians would read "Yes vs Yes", the share of accounts with a yes. The size of a difference
//! is measured on the model's own 0–100 scale (the normalised medians; for yes/no, the
//! difference of the shares × 100). Only differences of at least [`MIN_GAP`] points are
//! listed, largest first (ties by measure order).

use crate::domain::stats::median;
use crate::metrics::fmt_num;
use crate::model::config::Model;
use std::borrow::Cow;

use serde::Serialize;

use crate::domain::measure::Measure;
use crate::scoring::account::AccountResult;
use crate::scoring::bands::band_rank;
use crate::scoring::normalize::Normaliser;

/// The smallest difference listed, in points of the 0–100 scale: a tenth of the scale. Less
/// than that moves a health score by under a point or two at the default weights, and medians
/// of a few dozen accounts move that much from one period to the next by chance alone.
pub const MIN_GAP: f64 = 10.0;

/// What the healthiest accounts do that the others don't, one measure at a time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthyPattern {
    pub measure: Measure,
    /// Unit of the two values ("share" for a yes/no measure compared by share of yes).
    pub unit: Cow<'static, str>,
    /// Median raw value among the healthiest accounts (top band(s) / top quartile); for a
    /// yes/no measure, the share of them with a yes.
    pub healthy_median: f64,
    /// The same among the others.
    pub others_median: f64,
    /// "median" or "share_yes" (what the two values are).
    pub statistic: &'static str,
    /// Size of the difference, healthiest minus others, in points of the 0–100 scale.
    pub gap: f64,
    /// Accounts with data on each side.
    pub healthy_accounts: u32,
    pub others_accounts: u32,
    /// Plain-language sentence.
    pub sentence: String,
}

/// Indexes (ascending) of the healthiest accounts among those scored.
pub fn healthiest(model: &Model, accounts: &[AccountResult]) -> Vec<usize> {
    let top = model.bands.len().saturating_sub(2);
    let by_band: Vec<usize> = (0..accounts.len())
        .filter(|&i| {
            accounts[i]
                .band
                .as_deref()
                .and_then(|b| band_rank(model, b))
                .is_some_and(|r| r >= top)
                && accounts[i].health_score.is_some()
        })
        .collect();
    if !by_band.is_empty() {
        return by_band;
    }
    let mut scored: Vec<(f64, usize)> = accounts
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.health_score.map(|s| (s, i)))
        .collect();
    crate::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let n = scored.len().div_ceil(4);
    let mut top: Vec<usize> = scored.into_iter().take(n).map(|(_, i)| i).collect();
    crate::sort::sort(&mut top);
    top
}

/// The healthy-account patterns of a scored portfolio.
pub fn healthy_patterns(
    model: &Model,
    normaliser: &Normaliser,
    accounts: &[AccountResult],
) -> Vec<HealthyPattern> {
    let healthy = healthiest(model, accounts);
    let is_healthy = |i: usize| healthy.binary_search(&i).is_ok();
    let mut found: Vec<(f64, usize, HealthyPattern)> = Vec::new();
    for (order, mw) in model.groups.iter().flat_map(|g| &g.measures).enumerate() {
        let raw_of = |a: &AccountResult| {
            a.components
                .iter()
                .find(|c| c.measure == mw.measure)
                .and_then(|c| c.raw)
        };
        let mut top = Vec::new();
        let mut rest = Vec::new();
        for (i, a) in accounts.iter().enumerate() {
            if a.health_score.is_none() {
                continue;
            }
            if let Some(v) = raw_of(a) {
                if is_healthy(i) {
                    top.push(v);
                } else {
                    rest.push(v);
                }
            }
        }
        let (healthy_accounts, others_accounts) = (top.len() as u32, rest.len() as u32);
        let unit = crate::scoring::blend::unit_of(model.measure_def(mw.measure));
        let phrase = model.phrase(mw.measure);
        let pattern = if unit == "yes/no" {
            if top.is_empty() || rest.is_empty() {
                continue;
            }
            let share = |v: &[f64]| v.iter().filter(|&&x| x >= 0.5).count() as f64 / v.len() as f64;
            let (h, o) = (share(&top), share(&rest));
            HealthyPattern {
                measure: mw.measure,
                unit: Cow::Borrowed("share"),
                healthy_median: h,
                others_median: o,
                statistic: "share_yes",
                gap: (h - o) * 100.0,
                healthy_accounts,
                others_accounts,
                sentence: format!(
                    "Healthy accounts: {phrase} for {:.0}% of them vs {:.0}% of the others",
                    h * 100.0,
                    o * 100.0
                ),
            }
        } else {
            let (Some(h), Some(o)) = (median(&mut top), median(&mut rest)) else {
                continue;
            };
            let (Some(nh), Some(no)) = (
                normaliser.normalize(mw.measure, h),
                normaliser.normalize(mw.measure, o),
            ) else {
                continue;
            };
            HealthyPattern {
                measure: mw.measure,
                unit,
                healthy_median: h,
                others_median: o,
                statistic: "median",
                gap: nh - no,
                healthy_accounts,
                others_accounts,
                sentence: format!(
                    "Healthy accounts: {phrase} {} vs {} for the others",
                    fmt_num(h),
                    fmt_num(o)
                ),
            }
        };
        if pattern.gap.abs() >= MIN_GAP {
            found.push((pattern.gap.abs(), order, pattern));
        }
    }
    crate::sort::sort_by(&mut found, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, _, p)| p).collect()
}
