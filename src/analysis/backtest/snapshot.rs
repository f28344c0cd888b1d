//! The portfolio as the engine saw it on a past day: each account's score, normalised
//! measures and flags from data on or before the cut-off, with its outcome afterwards.

use crate::dataset::{Dataset, Day};
use crate::domain::flag::Flag;
use crate::metrics::measure::Measure;
use crate::metrics::{compute_indexed, AccountIndex};
use crate::model::config::Model;
use crate::scoring::blend::{blend_portfolio, PortfolioBlend};
use crate::scoring::flags;

use super::outcomes::{churned_between, OutcomeSource};

/// One account at the cut-off.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Account index.
    pub account: u32,
    /// Health score at the cut-off (`None` when no weighted measure had data).
    pub score: Option<f64>,
    /// Normalised 0–100 score of each model measure (in [`Snapshot::measures`] order).
    pub normalized: Vec<Option<f64>>,
    /// Flags raised at the cut-off.
    pub flags: Vec<Flag>,
    /// Churned in the outcome window.
    pub churned: bool,
}

/// Every labelled account at one cut-off.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Scoring day.
    pub cutoff: Day,
    /// Outcome window length in days.
    pub horizon: u32,
    /// The model's measures, in model order.
    pub measures: Vec<Measure>,
    /// Accounts with dated data at the cut-off and a known outcome.
    pub rows: Vec<Row>,
}

impl Snapshot {
    /// `(risk, churned)` of the health score: risk = 100 − score.
    pub fn score_risks(&self) -> Vec<(f64, bool)> {
        self.rows
            .iter()
            .filter_map(|r| r.score.map(|s| (100.0 - s, r.churned)))
            .collect()
    }
}

/// Scores the portfolio at `cutoff` with `model` and labels each account with churn in
/// `(cutoff, cutoff + horizon]`. Only accounts with dated rows on or before the cut-off
/// take part (an account that did not exist yet cannot be judged).
pub fn take(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    cutoff: Day,
    horizon: u32,
    source: OutcomeSource,
) -> Snapshot {
    let labels = churned_between(dataset, source, cutoff, horizon);
    let measures = compute_indexed(dataset, index, model, cutoff);
    let PortfolioBlend {
        blends,
        usage_indexes,
        usage_cut,
        ..
    } = blend_portfolio(model, &measures);
    let model_measures: Vec<Measure> = model
        .groups
        .iter()
        .flat_map(|g| g.measures.iter().map(|m| m.measure))
        .collect();
    let mut rows = Vec::new();
    for (a, (m, b)) in measures.iter().zip(&blends).enumerate() {
        let Some(churned) = labels.get(a).copied().flatten() else {
            continue;
        };
        if !m.has_dated_data {
            continue;
        }
        let hits = flags::evaluate(&flags::FlagInput {
            dataset,
            index,
            model,
            as_of: cutoff,
            measures: m,
            usage_index: usage_indexes[a],
            usage_cut,
        });
        rows.push(Row {
            account: a as u32,
            score: b.score,
            normalized: b.components.iter().map(|c| c.normalized).collect(),
            flags: hits.iter().map(|h| h.flag).collect(),
            churned,
        });
    }
    Snapshot {
        cutoff,
        horizon,
        measures: model_measures,
        rows,
    }
}
