//! Learning a health model from a snapshot: one row per account with a churn label.
//!
//! - [`shape`]: each candidate measure's learned effect (binned log-odds or per category).
//! - [`fit`]: the non-negative L2 logistic blend of the shapes, cross-fitted and tuned.
//! - [`baseline`]: a plain tuned logistic regression, the yardstick reported beside it.
//! - [`platt`]: churn probability from the health score, fitted on out-of-fold scores.
//! - [`folds`]: stratified folds.

pub mod baseline;
pub mod candidates;
pub mod discover;
pub mod fit;
pub mod folds;
pub mod model;
pub mod platt;
pub mod shape;
pub mod snapshot;
pub mod text;

use crate::dataset::{Dataset, Day};
use crate::scoring::account::AccountResult;

/// True when the data is a snapshot: accounts with churn labels and no dated history
/// (usage, surveys, tickets, touchpoints) from which time-ordered folds could be cut.
pub fn is_snapshot(dataset: &Dataset) -> bool {
    !has_history(dataset) && dataset.accounts.iter().any(|a| a.churned.is_some())
}

/// True when the data has dated history (usage, surveys, tickets, touchpoints): what the
/// time-ordered calibration needs. Without it, only a snapshot can be learned from.
pub fn has_history(dataset: &Dataset) -> bool {
    !(dataset.usage.is_empty()
        && dataset.surveys.is_empty()
        && dataset.tickets.is_empty()
        && dataset.touchpoints.is_empty())
}

/// Every candidate of a dataset: its accounts-table columns (days since counted to `as_of`)
/// and the numeric measures of the current model that have data (`current`, a scoring run).
pub fn dataset_candidates(
    dataset: &Dataset,
    current: &[AccountResult],
    as_of: Day,
) -> Vec<discover::Candidate> {
    let mut out = candidates::from_columns(dataset, as_of);
    out.extend(candidates::from_results(dataset, current));
    out
}

/// The current model's health score per dataset account.
pub fn current_scores(dataset: &Dataset, current: &[AccountResult]) -> Vec<Option<f64>> {
    let mut scores = vec![None; dataset.accounts.len()];
    for a in current {
        if let Some(i) = dataset.account_ids.get(&a.account_id) {
            scores[i as usize] = a.health_score;
        }
    }
    scores
}

/// Learns from a snapshot dataset (see [`snapshot::learn`]).
pub fn learn_dataset(
    dataset: &Dataset,
    current: &[AccountResult],
    as_of: Day,
    options: &snapshot::Options,
) -> Result<snapshot::SnapshotLearning, String> {
    let candidates = dataset_candidates(dataset, current, as_of);
    let scores = current_scores(dataset, current);
    snapshot::learn(
        &candidates,
        &candidates::labels(dataset),
        Some(&scores),
        options,
    )
}

/// The cohort view of every candidate of a dataset, with (labelled, churned) counts.
pub fn discover_dataset(
    dataset: &Dataset,
    current: &[AccountResult],
    as_of: Day,
) -> Result<(Vec<discover::Discovery>, u32, u32), String> {
    let labels = candidates::labels(dataset);
    let rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i].is_some()).collect();
    let y: Vec<bool> = labels.iter().map(|l| l.unwrap_or(false)).collect();
    let churned = rows.iter().filter(|&&i| y[i]).count();
    if let Some(problem) = snapshot::label_problem(&labels) {
        return Err(format!("no churn table can be drawn: {problem}"));
    }
    let candidates = dataset_candidates(dataset, current, as_of);
    let seed = snapshot::Options::default().seed;
    Ok((
        discover::discover(&candidates, &y, &rows, seed),
        rows.len() as u32,
        churned as u32,
    ))
}

/// A learning run and the model it learned.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Learned {
    pub learning: snapshot::SnapshotLearning,
    pub model: crate::model::config::Model,
}

/// Learns from a snapshot dataset and builds the learned model from `current_model`
/// (`current`: its scoring run of the same data).
pub fn learn_model(
    dataset: &Dataset,
    current: &[AccountResult],
    current_model: &crate::model::config::Model,
    options: &snapshot::Options,
) -> Result<Learned, String> {
    let as_of = crate::scoring::resolve_as_of(dataset, current_model);
    let learning = learn_dataset(dataset, current, as_of, options)?;
    let model = model::learned_model(current_model, &learning, as_of)?;
    Ok(Learned { learning, model })
}
