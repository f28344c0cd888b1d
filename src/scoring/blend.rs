//! The hierarchical weighted blend with coverage.
//!
//! Within a group: Σ w·s ÷ Σ w over the measures that have data. Across groups: the same
//! over the groups that have data. A missing input's weight is thereby spread over the
//! others — never counted as 0 or as a neutral 50 — and `coverage` reports the share of
//! the nominal weight (what every input would carry with full data) that had data.
//! Each component's `applied_weight × normalized` is its contribution, so contributions
//! add up to the score exactly.

use super::lifecycle;
use super::normalize::Normaliser;
use crate::domain::measure::{Family, MeasureDef};
use crate::metrics::AccountMeasures;
use crate::model::config::Model;
use crate::scoring::account::Component;

/// A measure's unit for results: borrowed for built-ins, copied for a model's own measures.
pub fn unit_of(def: Option<MeasureDef<'_>>) -> std::borrow::Cow<'static, str> {
    match def {
        Some(d) => match d.id.builtin() {
            Some(b) => b.unit.into(),
            None => d.unit.to_string().into(),
        },
        None => "".into(),
    }
}

/// An account's blended score and its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Blend {
    /// 0–100, `None` when no weighted measure had data.
    pub score: Option<f64>,
    /// Share 0–1 of the nominal weight that had data.
    pub coverage: f64,
    /// One component per model measure, in model order.
    pub components: Vec<Component>,
}

/// Blends the measures of one account with the model's groups and weights.
pub fn blend(model: &Model, normaliser: &Normaliser, account: &AccountMeasures) -> Blend {
    let total_group_weight: f64 = model
        .groups
        .iter()
        .filter(|g| g.measures.iter().any(|m| m.weight > 0.0))
        .map(|g| g.weight)
        .sum();
    let stage = lifecycle::stage_of(model, account);
    let mut components = Vec::new();
    // (group weight, Σ w present, index range of the group's components)
    let mut groups = Vec::new();
    for group in &model.groups {
        let nominal_inner: f64 = group.measures.iter().map(|m| m.weight).sum();
        let start = components.len();
        let mut present_inner = 0.0;
        for mw in &group.measures {
            let value = account.get(mw.measure);
            let normalized = normaliser.normalize_value(mw.measure, value, stage);
            let def = model.measure_def(mw.measure);
            if normalized.is_some() {
                present_inner += mw.weight;
            }
            let nominal_weight = if nominal_inner > 0.0 && total_group_weight > 0.0 {
                group.weight / total_group_weight * mw.weight / nominal_inner
            } else {
                0.0
            };
            components.push(Component {
                measure: mw.measure,
                family: def.map_or(Family::DataDriven, |d| d.family),
                group: group.id.clone(),
                unit: unit_of(def),
                raw: value.raw,
                category: value.category.clone(),
                normalized,
                weight: mw.weight,
                applied_weight: 0.0,
                nominal_weight,
                contribution: 0.0,
                previous_normalized: None,
                rows: value.rows,
                evidence: if value.evidence.is_empty() {
                    "no data for this account".to_string()
                } else if normalized.is_some() {
                    value.evidence.clone() + &lifecycle::evidence_note(mw, account, stage)
                } else {
                    value.evidence.clone()
                },
            });
        }
        groups.push((group.weight, present_inner, start..components.len()));
    }
    let present_group_weight: f64 = groups
        .iter()
        .filter(|(w, inner, _)| *w > 0.0 && *inner > 0.0)
        .map(|(w, _, _)| *w)
        .sum();
    let coverage = components
        .iter()
        .filter(|c| c.normalized.is_some())
        .map(|c| c.nominal_weight)
        .sum::<f64>()
        .min(1.0);
    if present_group_weight <= 0.0 {
        return Blend {
            score: None,
            coverage,
            components,
        };
    }
    let mut score = 0.0;
    for (group_weight, inner, range) in groups {
        if group_weight <= 0.0 || inner <= 0.0 {
            continue;
        }
        for c in &mut components[range] {
            if let Some(s) = c.normalized {
                c.applied_weight = group_weight / present_group_weight * c.weight / inner;
                c.contribution = c.applied_weight * s;
                score += c.contribution;
            }
        }
    }
    Blend {
        score: Some(score),
        coverage,
        components,
    }
}

/// Every account's blend at one date, with the usage indexes and the usage cut the quadrants
/// and flags use. Scoring, trends and backtests all build it the same way.
pub struct PortfolioBlend<'m> {
    /// The normaliser (portfolio percentiles) the blends were computed with.
    pub normaliser: Normaliser<'m>,
    /// One blend per account, in account order.
    pub blends: Vec<Blend>,
    /// Usage index per account (`None` when no usage measure had data).
    pub usage_indexes: Vec<Option<f64>>,
    /// The usage cut in force (fixed, or the portfolio median).
    pub usage_cut: Option<f64>,
}

/// Normalises and blends every account of a portfolio.
pub fn blend_portfolio<'m>(model: &'m Model, measures: &[AccountMeasures]) -> PortfolioBlend<'m> {
    let normaliser = Normaliser::new(model, measures);
    let blends: Vec<Blend> = measures
        .iter()
        .map(|m| blend(model, &normaliser, m))
        .collect();
    let usage_indexes: Vec<Option<f64>> = blends
        .iter()
        .map(|b| super::quadrant::index(&b.components, &model.quadrants.usage_measures))
        .collect();
    let usage_cut = super::quadrant::usage_cut(model, &usage_indexes);
    PortfolioBlend {
        normaliser,
        blends,
        usage_indexes,
        usage_cut,
    }
}
