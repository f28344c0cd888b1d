//! The segment an account falls in, per dimension (ARR tier, region, size tier, plan); the
//! per-segment aggregates are `analysis::segments`.

use std::collections::BTreeMap;

use crate::dataset::Account;
use crate::model::config::{Model, Tier};
use crate::scoring::account::{AccountResult, SegmentKeys};

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

/// The spelling-free form of a segment value: case folded, inner whitespace runs as one space.
fn fold(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One spelling per segment value across the portfolio: values equal up to case and spacing
/// ("Enterprise", "enterprise", "ENTERPRISE ") are one segment, written as the spelling most
/// accounts use (a tie goes to the spelling that sorts first, capitals before lower case).
/// Region, plan and size label are unified; tiers and stages already come from the model.
pub fn unify_spellings(accounts: &mut [AccountResult]) {
    type Field = fn(&mut SegmentKeys) -> &mut Option<String>;
    let fields: [Field; 3] = [|k| &mut k.region, |k| &mut k.plan, |k| &mut k.size_tier];
    for field in fields {
        let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for a in accounts.iter_mut() {
            if let Some(v) = field(&mut a.segments) {
                *spellings
                    .entry(fold(v))
                    .or_default()
                    .entry(v.clone())
                    .or_default() += 1;
            }
        }
        // Inserted one by one: collecting into a BTreeMap compiles a sort of its own.
        let mut chosen: BTreeMap<String, String> = BTreeMap::new();
        for (key, counts) in spellings {
            // Most used first; on equal counts the BTreeMap order (first spelling) wins.
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.clone());
            if let Some(best) = best {
                chosen.insert(key, best);
            }
        }
        for a in accounts.iter_mut() {
            if let Some(v) = field(&mut a.segments) {
                if let Some(best) = chosen.get(&fold(v)) {
                    v.clone_from(best);
                }
            }
        }
    }
}
