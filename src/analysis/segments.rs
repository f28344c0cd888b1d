//! Segments: ARR tier, region, company-size tier, plan and lifecycle stage, with per-segment
//! aggregates.

use std::collections::BTreeMap;

use crate::dataset::Account;
use crate::metrics::support::median;
use crate::model::config::{Model, Tier};
use crate::results::{AccountResult, Quadrant, SegmentKeys, SegmentStats};

/// Label shown for accounts without a value in a dimension.
pub const UNKNOWN: &str = "Unknown";

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

/// Aggregates per segment, dimension by dimension (arr_tier, region, size_tier, plan, then
/// lifecycle_stage when the model defines stages), labels in alphabetical order (ARR and size
/// tiers and stages in model order), "Unknown" last.
pub fn segment_stats(model: &Model, accounts: &[AccountResult]) -> Vec<SegmentStats> {
    type KeyFn = fn(&SegmentKeys) -> &Option<String>;
    let mut dims: Vec<(&str, KeyFn, Vec<String>)> = vec![
        (
            "arr_tier",
            |k| &k.arr_tier,
            model
                .segments
                .arr_tiers
                .iter()
                .map(|t| t.label.clone())
                .collect(),
        ),
        ("region", |k| &k.region, Vec::new()),
        (
            "size_tier",
            |k| &k.size_tier,
            model
                .segments
                .size_tiers
                .iter()
                .map(|t| t.label.clone())
                .collect(),
        ),
        ("plan", |k| &k.plan, Vec::new()),
    ];
    if let Some(lifecycle) = &model.lifecycle {
        dims.push((
            "lifecycle_stage",
            |k| &k.lifecycle_stage,
            lifecycle.stages.iter().map(|s| s.label.clone()).collect(),
        ));
    }
    let mut out = Vec::new();
    for (dimension, key, order) in dims {
        let mut groups: BTreeMap<(usize, String), Vec<&AccountResult>> = BTreeMap::new();
        for a in accounts {
            let label = key(&a.segments).clone();
            let rank = match &label {
                None => usize::MAX,
                Some(l) => order.iter().position(|o| o == l).unwrap_or(order.len()),
            };
            groups
                .entry((rank, label.unwrap_or_else(|| UNKNOWN.to_string())))
                .or_default()
                .push(a);
        }
        for ((_, label), members) in groups {
            out.push(stats(model, dimension, label, &members));
        }
    }
    out
}

fn stats(
    model: &Model,
    dimension: &str,
    label: String,
    members: &[&AccountResult],
) -> SegmentStats {
    let mut scores: Vec<f64> = members.iter().filter_map(|a| a.health_score).collect();
    let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    let bands = model
        .bands
        .iter()
        .map(|b| {
            let n = members
                .iter()
                .filter(|a| a.band.as_deref() == Some(&b.id))
                .count() as u32;
            (b.id.clone(), n)
        })
        .collect();
    let quadrants = [
        Quadrant::Champion,
        Quadrant::UnderUser,
        Quadrant::CryForHelp,
        Quadrant::AtRisk,
    ]
    .into_iter()
    .map(|q| {
        (
            q,
            members.iter().filter(|a| a.quadrant == Some(q)).count() as u32,
        )
    })
    .collect();
    SegmentStats {
        dimension: dimension.to_string(),
        label,
        accounts: members.len() as u32,
        scored: scores.len() as u32,
        mean_score: mean,
        median_score: median(&mut scores),
        arr: members.iter().filter_map(|a| a.arr).sum(),
        revenue_at_risk: members
            .iter()
            .filter_map(|a| a.priority.as_ref().and_then(|p| p.revenue_at_risk))
            .sum(),
        bands,
        quadrants,
    }
}
