//! Scoring: normalisation, weighted blend with coverage, bands, trend, quadrants, flags,
//! overrides — [`score_accounts`] gives every account's explained result; `results`
//! assembles them with the portfolio analyses into the full `Results`.
//!
//! As-of date: the model's `as_of`, else the dataset's latest event day, else today. The
//! previous period is the same computation at `as_of − windows.trend_days`; an account
//! gets a previous score only when it has dated rows on or before that day.

pub mod account;
pub mod bands;
pub mod blend;
pub mod champion;
pub mod decline;
pub mod flags;
pub mod lifecycle;
pub mod movers;
pub mod normalize;
pub mod overrides;
pub mod quadrant;
pub mod release;
mod release_series;
pub mod segment_keys;

use crate::dataset::{Dataset, Day};
use crate::domain::measure::Measure;
use crate::metrics::{compute_indexed, contract, AccountIndex, AccountMeasures};
use crate::model::config::Model;
use account::AccountResult;
use blend::{blend_portfolio, PortfolioBlend};
use normalize::Normaliser;

/// The as-of day: the model's date, else the data's latest day, else today (UTC).
pub fn resolve_as_of(dataset: &Dataset, model: &Model) -> Day {
    model
        .as_of
        .as_deref()
        .and_then(overrides::parse_day)
        .or(dataset.latest_day)
        .unwrap_or_else(crate::domain::calendar::today)
}

/// Fraction of expected value received: mean of goal attainment and milestone progress
/// where available; `None` without goal data.
pub fn value_realized(measures: &AccountMeasures) -> Option<f64> {
    let parts: Vec<f64> = [Measure::GoalAttainment, Measure::MilestoneProgress]
        .into_iter()
        .filter_map(|m| measures.raw(m))
        .collect();
    (!parts.is_empty()).then(|| parts.iter().sum::<f64>() / parts.len() as f64)
}

/// Every account scored at the as-of day, in account order, without outreach priority.
pub struct Scored<'m> {
    pub as_of: Day,
    pub accounts: Vec<AccountResult>,
    /// The normaliser (portfolio percentiles) of the as-of day.
    pub normaliser: Normaliser<'m>,
    /// The usage cut of the quadrants.
    pub usage_cut: Option<f64>,
}

/// Scores every account of `dataset` with `model` (the per-account index depends on the
/// data only, so a session keeps it between re-scores).
pub fn score_accounts<'m>(dataset: &Dataset, index: &AccountIndex, model: &'m Model) -> Scored<'m> {
    let as_of = resolve_as_of(dataset, model);
    let current = compute_indexed(dataset, index, model, as_of);
    let previous_as_of = as_of - model.windows.trend_days as i32;
    let previous = compute_indexed(dataset, index, model, previous_as_of);
    let PortfolioBlend {
        normaliser,
        blends,
        usage_indexes,
        usage_cut,
    } = blend_portfolio(model, &current);
    let previous_blends = blend_portfolio(model, &previous).blends;

    let mut accounts: Vec<AccountResult> = Vec::with_capacity(dataset.accounts.len());
    for (a, (measures, blend)) in current.iter().zip(blends).enumerate() {
        let account = &dataset.accounts[a];
        let prev = &previous[a];
        let prev_blend = &previous_blends[a];
        let has_previous = prev.has_dated_data;
        let mut components = blend.components;
        if has_previous {
            for (c, p) in components.iter_mut().zip(&prev_blend.components) {
                c.previous_normalized = p.normalized;
            }
        }
        let satisfaction_index =
            quadrant::index(&components, &model.quadrants.satisfaction_measures);
        let usage_index = usage_indexes[a];
        let (flag_hits, near_misses) = flags::evaluate_with_near_misses(&flags::FlagInput {
            dataset,
            index,
            model,
            as_of,
            measures,
            usage_index,
            usage_cut,
        });
        let computed = blend.score;
        let previous_score = prev_blend
            .score
            .filter(|_| has_previous && computed.is_some());
        let active_override = overrides::active_override(model, &account.id, as_of);
        let health_score = active_override.map(|o| o.health_score).or(computed);
        let fallback_plan = index.subscriptions[a]
            .iter()
            .map(|&i| &dataset.subscriptions[i as usize])
            .filter(|s| contract::is_active_at(s, as_of))
            .max_by_key(|s| (s.start_day, s.id.clone()))
            .and_then(|s| s.plan.clone());
        let stage = lifecycle::stage_of(model, measures);
        let mut segment_keys = segment_keys::keys_of(
            model,
            account,
            measures.effective_arr,
            fallback_plan.clone(),
        );
        segment_keys.lifecycle_stage = stage.map(|s| s.label.clone());
        accounts.push(AccountResult {
            account_id: account.id.clone(),
            name: account.name.clone(),
            arr: measures.effective_arr,
            plan: account.plan.clone().or(fallback_plan),
            region: account.region.clone(),
            owner: account.owner.clone(),
            lifecycle_stage: stage.map(|s| s.id.clone()),
            tenure_days: measures.tenure.map(|t| t.days),
            health_score,
            churn_probability: model
                .churn_probability
                .as_ref()
                .zip(health_score)
                .map(|(p, s)| p.of(s)),
            band: health_score.and_then(|s| bands::band_of(model, s)),
            previous_score,
            trend: health_score
                .zip(previous_score)
                .map(|(now, before)| now - before),
            trend_explanation: movers::explain(model, &components),
            satisfaction_index,
            usage_index,
            quadrant: quadrant::quadrant_of(
                satisfaction_index,
                usage_index,
                model.quadrants.satisfaction_cut,
                usage_cut,
            ),
            value_realized: value_realized(measures),
            flags: flag_hits,
            near_misses,
            components,
            coverage: blend.coverage,
            priority: None,
            segments: segment_keys,
            override_reason: active_override.map(|o| o.reason.clone()),
            computed_score: active_override.and(computed),
        });
    }
    segment_keys::unify_spellings(&mut accounts);
    Scored {
        as_of,
        accounts,
        normaliser,
        usage_cut,
    }
}

#[cfg(test)]
mod tests;
