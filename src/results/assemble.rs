//! The full [`Results`] of one scoring run: the scored accounts (`scoring`) put in outreach
//! order (`analysis::priority`), with the portfolio views (`analysis`: segments, patterns,
//! maturity, backtest) and the file reports.

use super::{Flag, Results, Summary};
use crate::analysis::{backtest, maturity, patterns, priority, segments};
use crate::dataset::{day_to_iso, Dataset, Day};
use crate::domain::report::IssueSeverity;
use crate::metrics::AccountIndex;
use crate::model::config::Model;
use crate::scoring::account::AccountResult;
use crate::scoring::{score_accounts, Scored};

/// Scores every account of `dataset` with `model`. Accounts come in outreach order
/// (priority rank 1 first; unscored accounts last).
pub fn score(dataset: &Dataset, model: &Model) -> Results {
    score_indexed(dataset, &AccountIndex::build(dataset), model)
}

/// [`score`] with the per-account index already built (it depends on the data only, so a
/// session keeps it between re-scores).
pub fn score_indexed(dataset: &Dataset, index: &AccountIndex, model: &Model) -> Results {
    let Scored {
        as_of,
        mut accounts,
        normaliser,
        usage_cut,
    } = score_accounts(dataset, index, model);
    let playbooks = model.playbooks();
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
        bands: segments::band_counts(model, accounts.iter()),
        quadrants: segments::quadrant_counts(accounts.iter()),
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
