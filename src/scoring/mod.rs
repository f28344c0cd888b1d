//! Scoring: normalisation, weighted blend with coverage, bands, trend, quadrants, flags,
//! overrides — and [`score`], which assembles the full [`Results`].
//!
//! As-of date: the model's `as_of`, else the dataset's latest event day, else today. The
//! previous period is the same computation at `as_of − windows.trend_days`; an account
//! gets a previous score only when it has dated rows on or before that day.

pub mod bands;
pub mod blend;
pub mod flags;
pub mod lifecycle;
pub mod movers;
pub mod normalize;
pub mod overrides;
pub mod quadrant;

use crate::analysis::{backtest, maturity, patterns, priority, segments};
use crate::dataset::{day_to_iso, Dataset, Day};
use crate::ingest::report::IssueSeverity;
use crate::metrics::measure::Measure;
use crate::metrics::{compute_indexed, contract, AccountIndex, AccountMeasures};
use crate::model::config::Model;
use crate::results::{AccountResult, Flag, Quadrant, Results, Summary};
use blend::{blend_portfolio, PortfolioBlend};

/// The as-of day: the model's date, else the data's latest day, else today (UTC).
pub fn resolve_as_of(dataset: &Dataset, model: &Model) -> Day {
    model
        .as_of
        .as_deref()
        .and_then(overrides::parse_day)
        .or(dataset.latest_day)
        .unwrap_or_else(|| {
            let today = chrono::Utc::now().date_naive();
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(today);
            (today - epoch).num_days() as Day
        })
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

/// Scores every account of `dataset` with `model`. Accounts come in outreach order
/// (priority rank 1 first; unscored accounts last).
pub fn score(dataset: &Dataset, model: &Model) -> Results {
    score_indexed(dataset, &AccountIndex::build(dataset), model)
}

/// [`score`] with the per-account index already built (it depends on the data only, so a
/// session keeps it between re-scores).
pub fn score_indexed(dataset: &Dataset, index: &AccountIndex, model: &Model) -> Results {
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
    let playbooks = model.playbooks();

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
        let flag_hits = flags::evaluate(&flags::FlagInput {
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
        let mut segment_keys = segments::keys_of(
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
            components,
            coverage: blend.coverage,
            priority: None,
            segments: segment_keys,
            override_reason: active_override.map(|o| o.reason.clone()),
            computed_score: active_override.and(computed),
        });
    }
    priority::assign(&playbooks, &mut accounts);
    crate::sort::sort_by_key(&mut accounts, |a| {
        a.priority.as_ref().map_or(u32::MAX, |p| p.rank)
    });

    let mut summary = summarise(dataset, model, as_of, &accounts, usage_cut);
    let (level, next_step) = maturity::assess(dataset, &accounts);
    summary.maturity_level = level;
    summary.maturity_next_step = next_step;
    summary.priority_note = playbooks.note.clone();
    let segment_stats = segments::segment_stats(model, &accounts);
    let healthy_patterns = patterns::healthy_patterns(model, &normaliser, &accounts);
    Results {
        rejected_rows: dataset
            .files
            .iter()
            .flat_map(|f| &f.issues)
            .filter(|i| i.severity == IssueSeverity::Rejected)
            .cloned()
            .collect(),
        files: dataset.files.clone(),
        summary,
        segments: segment_stats,
        healthy_patterns,
        backtest: backtest::backtest(dataset, index, model, as_of),
        accounts,
    }
}

fn summarise(
    dataset: &Dataset,
    model: &Model,
    as_of: Day,
    accounts: &[AccountResult],
    usage_cut: Option<f64>,
) -> Summary {
    let scores: Vec<f64> = accounts.iter().filter_map(|a| a.health_score).collect();
    let all_flags = Flag::ALL;
    Summary {
        as_of: day_to_iso(as_of),
        model_name: model.name.clone(),
        model_version: model.version.clone(),
        accounts: accounts.len() as u32,
        scored: scores.len() as u32,
        mean_score: (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64),
        bands: model
            .bands
            .iter()
            .map(|b| {
                let n = accounts
                    .iter()
                    .filter(|a| a.band.as_deref() == Some(&b.id))
                    .count();
                (b.id.clone(), n as u32)
            })
            .collect(),
        quadrants: [
            Quadrant::Champion,
            Quadrant::UnderUser,
            Quadrant::CryForHelp,
            Quadrant::AtRisk,
        ]
        .into_iter()
        .map(|q| {
            (
                q,
                accounts.iter().filter(|a| a.quadrant == Some(q)).count() as u32,
            )
        })
        .collect(),
        flags: all_flags
            .into_iter()
            .map(|f| {
                (
                    f,
                    accounts
                        .iter()
                        .filter(|a| a.flags.iter().any(|h| h.flag == f))
                        .count() as u32,
                )
            })
            .collect(),
        lifecycle_stages: model
            .lifecycle
            .iter()
            .flat_map(|l| &l.stages)
            .map(|s| {
                let n = accounts
                    .iter()
                    .filter(|a| a.lifecycle_stage.as_deref() == Some(&s.id))
                    .count();
                (s.id.clone(), n as u32)
            })
            .collect(),
        tenure_unknown: accounts.iter().filter(|a| a.tenure_days.is_none()).count() as u32,
        total_arr: accounts.iter().filter_map(|a| a.arr).sum(),
        revenue_at_risk: accounts
            .iter()
            .filter_map(|a| a.priority.as_ref().and_then(|p| p.revenue_at_risk))
            .sum(),
        rows_read: dataset.files.iter().map(|f| f.rows_read).sum(),
        rows_used: dataset.files.iter().map(|f| f.rows_used).sum(),
        rows_rejected: dataset.files.iter().map(|f| f.rows_rejected).sum(),
        satisfaction_cut: model.quadrants.satisfaction_cut,
        usage_cut,
        ..Summary::default()
    }
}

#[cfg(test)]
mod custom_tests;
#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod tests;
