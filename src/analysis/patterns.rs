//! What the healthiest accounts do that the others don't.
//!
//! The healthiest are the accounts in the model's top two bands (or, when none is there,
//! the top quartile by score). For each model measure with data on both sides, compare the
//! median raw value of the healthiest with that of the others; patterns are sorted by the
//! size of the gap after normalisation (ties by measure order).

use crate::domain::stats::median;
use crate::metrics::fmt_num;
use crate::model::config::Model;
use std::borrow::Cow;

use serde::Serialize;

use crate::domain::measure::Measure;
use crate::scoring::account::AccountResult;
use crate::scoring::bands::band_rank;
use crate::scoring::normalize::Normaliser;

/// What the healthiest accounts do that the others don't, one measure at a time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthyPattern {
    pub measure: Measure,
    pub unit: Cow<'static, str>,
    /// Median raw value among the healthiest accounts (top band(s) / top quartile).
    pub healthy_median: f64,
    /// Median raw value among the others.
    pub others_median: f64,
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
        let (Some(h), Some(o)) = (median(&mut top), median(&mut rest)) else {
            continue;
        };
        let gap = match (
            normaliser.normalize(mw.measure, h),
            normaliser.normalize(mw.measure, o),
        ) {
            (Some(a), Some(b)) => (a - b).abs(),
            _ => 0.0,
        };
        found.push((
            gap,
            order,
            HealthyPattern {
                measure: mw.measure,
                unit: crate::scoring::blend::unit_of(model.measure_def(mw.measure)),
                healthy_median: h,
                others_median: o,
                sentence: format!(
                    "Healthy accounts: {} {} vs {} for the others",
                    model.phrase(mw.measure),
                    fmt_num(h),
                    fmt_num(o)
                ),
            },
        ));
    }
    crate::sort::sort_by(&mut found, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, _, p)| p).collect()
}
