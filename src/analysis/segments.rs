//! Segments: ARR tier, region, company-size tier, plan and lifecycle stage, with per-segment
//! aggregates.

use std::collections::BTreeMap;

use crate::domain::stats::median;
use crate::model::config::Model;
use serde::Serialize;

use crate::domain::quadrant::Quadrant;
use crate::scoring::account::{AccountResult, SegmentKeys};

/// Aggregates of one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentStats {
    /// Dimension: "arr_tier", "region", "size_tier", "plan" or "lifecycle_stage" (models
    /// with stages).
    pub dimension: String,
    pub label: String,
    pub accounts: u32,
    pub scored: u32,
    pub mean_score: Option<f64>,
    pub median_score: Option<f64>,
    pub arr: f64,
    pub revenue_at_risk: f64,
    /// Accounts per band id, in band order.
    pub bands: Vec<(String, u32)>,
    /// Accounts per quadrant.
    pub quadrants: Vec<(Quadrant, u32)>,
}

/// Accounts per band id, in band order.
pub fn band_counts<'a>(
    model: &Model,
    accounts: impl Iterator<Item = &'a AccountResult> + Clone,
) -> Vec<(String, u32)> {
    model
        .bands
        .iter()
        .map(|b| {
            let n = accounts
                .clone()
                .filter(|a| a.band.as_deref() == Some(&b.id))
                .count();
            (b.id.clone(), n as u32)
        })
        .collect()
}

/// Accounts per quadrant, in [`Quadrant::ALL`] order.
pub fn quadrant_counts<'a>(
    accounts: impl Iterator<Item = &'a AccountResult> + Clone,
) -> Vec<(Quadrant, u32)> {
    Quadrant::ALL
        .into_iter()
        .map(|q| {
            (
                q,
                accounts.clone().filter(|a| a.quadrant == Some(q)).count() as u32,
            )
        })
        .collect()
}

/// Label shown for accounts without a value in a dimension.
pub const UNKNOWN: &str = "Unknown";

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
    let bands = band_counts(model, members.iter().copied());
    let quadrants = quadrant_counts(members.iter().copied());
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
