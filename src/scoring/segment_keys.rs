//! The segment an account falls in, per dimension (ARR tier, region, size tier, plan); the
//! per-segment aggregates are `analysis::segments`.

use crate::dataset::Account;
use crate::model::config::{Model, Tier};
use crate::scoring::account::SegmentKeys;

/// The tier of `value`: the last tier whose `min` is at most the value.
pub fn tier_of(tiers: &[Tier], value: f64) -> Option<String> {
    tiers
        .iter()
        .rev()
        .find(|t| value >= t.min)
        .or(tiers.first())
        .map(|t| t.label.clone())
}

/// The segment keys of an account (plan falls back to `fallback_plan`, e.g. the plan of
/// its active subscription).
pub fn keys_of(
    model: &Model,
    account: &Account,
    effective_arr: Option<f64>,
    fallback_plan: Option<String>,
) -> SegmentKeys {
    let clean = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    SegmentKeys {
        arr_tier: effective_arr.and_then(|arr| tier_of(&model.segments.arr_tiers, arr)),
        region: clean(&account.region),
        size_tier: account
            .company_size
            .and_then(|n| tier_of(&model.segments.size_tiers, n))
            .or_else(|| clean(&account.company_size_label)),
        plan: clean(&account.plan).or(fallback_plan),
        lifecycle_stage: None,
    }
}
