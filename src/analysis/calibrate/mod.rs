//! Calibrate: learn measure weights from labelled history.
//!
//! 1. Snapshots at several cut-offs (see [`folds`]): every account's normalised measure
//!    scores (0–100, the model's own thresholds/percentiles) and whether it churned in the
//!    following `windows.backtest_days`.
//! 2. An L2-regularised logistic regression ([`logistic`]) of churn on the scores ÷ 100.
//!    **Missing values**: a missing measure is replaced by its training mean (so it carries
//!    no signal either way) and no missing-indicator is added, because the model has no
//!    way to express one — the blend simply drops a missing input and spreads its weight
//!    over the others, which is what mean-imputation approximates. Measures present on
//!    fewer than `min_coverage` of training rows are not fitted and get weight 0.
//! 3. Health weights are the negated coefficients (a higher score should mean *less*
//!    churn). A measure whose fitted coefficient says the opposite is dropped (weight 0)
//!    and the rest refitted, until all weights are ≥ 0.
//! 4. Weights go back into a copy of the model: each measure's weight is its learned
//!    weight, each group's weight the sum of its measures' (so, with full data, a measure's
//!    share of the score is exactly its share of the learned weights). Thresholds, bands,
//!    flags and everything else are unchanged.
//! 5. Time-ordered cross-validation: fold *j* trains on the cut-offs before *j* (whose
//!    outcome windows have closed) and evaluates the *resulting model*, run through the
//!    real engine, at cut-off *j*, beside the current model at the same cut-off.
//!
//! The weights offered for adoption are fitted on all cut-offs.

pub mod folds;
pub mod logistic;
pub mod text;

use serde::Serialize;

use crate::analysis::backtest::snapshot::{self, Snapshot};
use crate::analysis::backtest::stats::{self, CalibrationRow};
use crate::analysis::backtest::{default_source, outcomes, OutcomeSource};
use crate::dataset::{day_to_iso, Dataset, Day};
use crate::metrics::measure::Measure;
use crate::metrics::AccountIndex;
use crate::model::config::Model;
use crate::scoring::resolve_as_of;

/// Choices of a calibration run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Number of cut-offs (≥ 2; folds = cut-offs − 1).
    pub folds: usize,
    /// L2 penalty on coefficients of scores scaled to 0–1.
    pub lambda: f64,
    /// Outcome records; default as in the backtest.
    pub source: Option<OutcomeSource>,
    /// Minimum share of training rows on which a measure must be present to be fitted.
    pub min_coverage: f64,
    /// The last (latest) cut-off; default `windows.backtest_days` before the as-of date,
    /// like the backtest.
    pub last_cutoff: Option<Day>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            folds: 4,
            lambda: 1.0,
            source: None,
            min_coverage: 0.05,
            last_cutoff: None,
        }
    }
}

/// One measure's current and learned weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightRow {
    pub measure: Measure,
    pub group: String,
    /// Share of the score with full data, current model.
    pub current_share: f64,
    /// Share of the score with full data, learned model.
    pub learned_share: f64,
    /// Learned weight as written into the model (learned shares × 100).
    pub learned_weight: f64,
    /// Logistic coefficient on score ÷ 100 (negative = higher score, less churn);
    /// `None` when not fitted.
    pub coefficient: Option<f64>,
    /// Share of training rows with the measure present.
    pub coverage: f64,
    /// Why the weight is what it is.
    pub note: String,
}

/// Current vs learned model at one evaluation cut-off.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldFigures {
    pub train_cutoffs: Vec<String>,
    pub eval_cutoff: String,
    pub accounts: u32,
    pub churned: u32,
    pub current_auc: Option<f64>,
    pub learned_auc: Option<f64>,
    pub current_lift: Option<f64>,
    pub learned_lift: Option<f64>,
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// All cut-offs used (ascending).
    pub cutoffs: Vec<String>,
    pub horizon_days: u32,
    pub outcome_source: OutcomeSource,
    pub caveat: Option<String>,
    pub lambda: f64,
    /// How missing values were handled.
    pub missing_values: String,
    pub weights: Vec<WeightRow>,
    /// Out-of-time figures per fold.
    pub folds: Vec<FoldFigures>,
    /// Mean over folds: current model.
    pub current_mean_auc: Option<f64>,
    /// Mean over folds: learned model.
    pub learned_mean_auc: Option<f64>,
    pub current_mean_lift: Option<f64>,
    pub learned_mean_lift: Option<f64>,
    /// Last fold: the fitted probabilities by risk decile vs observed churn.
    pub calibration: Vec<CalibrationRow>,
    /// The current model with the learned weights (fitted on all cut-offs).
    pub learned_model: Model,
    pub sentence: String,
}

/// A fitted weight vector over the snapshot measures (0 for unfitted/dropped).
struct Learned {
    weights: Vec<f64>,
    coefficients: Vec<Option<f64>>,
    coverage: Vec<f64>,
    notes: Vec<String>,
    fit: Option<(logistic::Fit, Vec<usize>, Vec<f64>)>,
}

fn learn(snaps: &[&Snapshot], measures: &[Measure], options: &Options) -> Learned {
    let rows: Vec<&snapshot::Row> = snaps.iter().flat_map(|s| &s.rows).collect();
    let n = rows.len().max(1) as f64;
    let k = measures.len();
    let coverage: Vec<f64> = (0..k)
        .map(|j| rows.iter().filter(|r| r.normalized[j].is_some()).count() as f64 / n)
        .collect();
    let means: Vec<f64> = (0..k)
        .map(|j| {
            let v: Vec<f64> = rows.iter().filter_map(|r| r.normalized[j]).collect();
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64 / 100.0
            }
        })
        .collect();
    let mut notes = vec![String::new(); k];
    let mut active: Vec<usize> = Vec::new();
    for j in 0..k {
        let values: Vec<f64> = rows.iter().filter_map(|r| r.normalized[j]).collect();
        let constant = values.windows(2).all(|w| w[0] == w[1]);
        if coverage[j] < options.min_coverage {
            notes[j] = format!(
                "not fitted: present on {:.0}% of training accounts",
                coverage[j] * 100.0
            );
        } else if constant {
            notes[j] = "not fitted: the same score for every account".into();
        } else {
            active.push(j);
        }
    }
    let y: Vec<bool> = rows.iter().map(|r| r.churned).collect();
    let mut coefficients = vec![None; k];
    let mut fit = None;
    while !active.is_empty() {
        let x: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| {
                active
                    .iter()
                    .map(|&j| r.normalized[j].map_or(means[j], |v| v / 100.0))
                    .collect()
            })
            .collect();
        let f = logistic::fit(&x, &y, options.lambda);
        let wrong: Vec<usize> = active
            .iter()
            .zip(&f.coef)
            .filter(|(_, &c)| c >= 0.0)
            .map(|(&j, _)| j)
            .collect();
        for (&j, &c) in active.iter().zip(&f.coef) {
            coefficients[j] = Some(c);
        }
        if wrong.is_empty() {
            fit = Some((f, active.clone(), means.clone()));
            break;
        }
        for j in wrong {
            notes[j] = "dropped: a higher score went with more churn".into();
        }
        active.retain(|j| notes[*j].is_empty());
    }
    let mut weights = vec![0.0; k];
    if let Some((f, act, _)) = &fit {
        let total: f64 = f.coef.iter().map(|c| -c).sum();
        for (&j, &c) in act.iter().zip(&f.coef) {
            weights[j] = if total > 0.0 { -c / total } else { 0.0 };
            notes[j] = "fitted".into();
        }
    }
    Learned {
        weights,
        coefficients,
        coverage,
        notes,
        fit,
    }
}

/// The model with `shares` (per measure, in model order) as its weights.
fn apply(model: &Model, measures: &[Measure], shares: &[f64]) -> Model {
    let mut out = model.clone();
    for g in &mut out.groups {
        let mut sum = 0.0;
        for mw in &mut g.measures {
            let j = measures.iter().position(|&m| m == mw.measure).unwrap_or(0);
            mw.weight = round6(shares[j] * 100.0);
            sum += mw.weight;
        }
        g.weight = round6(sum);
    }
    out.version = format!("{}-calibrated", model.version);
    out
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Nominal share of each model measure (full data).
fn shares(model: &Model) -> Vec<f64> {
    let total_group: f64 = model
        .groups
        .iter()
        .filter(|g| g.measures.iter().any(|m| m.weight > 0.0))
        .map(|g| g.weight)
        .sum();
    model
        .groups
        .iter()
        .flat_map(|g| {
            let inner: f64 = g.measures.iter().map(|m| m.weight).sum();
            g.measures.iter().map(move |m| {
                if inner > 0.0 && total_group > 0.0 {
                    g.weight / total_group * m.weight / inner
                } else {
                    0.0
                }
            })
        })
        .collect()
}

/// Fits weights to the dataset's churn history and evaluates them out of time.
pub fn calibrate(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    options: &Options,
) -> Result<Calibration, String> {
    let source = options
        .source
        .or_else(|| default_source(dataset))
        .ok_or("the data records no churn: calibration needs churn events, churned subscriptions or a churned column")?;
    let horizon = model.windows.backtest_days;
    let end = options
        .last_cutoff
        .map(|c| c + horizon as i32)
        .unwrap_or_else(|| resolve_as_of(dataset, model));
    let usable = |s: &Snapshot| {
        let churned = s.rows.iter().filter(|r| r.churned).count();
        churned > 0 && churned < s.rows.len()
    };
    let snaps: Vec<Snapshot> = folds::cutoffs(end, horizon, options.folds.max(2))
        .into_iter()
        .map(|c| snapshot::take(dataset, index, model, c, horizon, source))
        .filter(usable)
        .collect();
    if snaps.len() < 2 {
        return Err(format!(
            "calibration needs at least two cut-offs ({horizon} days apart) with both churned and retained accounts; found {} — use a shorter windows.backtest_days or more history",
            snaps.len()
        ));
    }
    let cutoffs: Vec<Day> = snaps.iter().map(|s| s.cutoff).collect();
    let measures = snaps[0].measures.clone();
    let by_cutoff = |c: Day| snaps.iter().find(|s| s.cutoff == c);

    let mut fold_figures = Vec::new();
    let mut last_calibration = Vec::new();
    for fold in folds::folds(&cutoffs, horizon) {
        let train: Vec<&Snapshot> = fold.train.iter().filter_map(|&c| by_cutoff(c)).collect();
        let Some(eval) = by_cutoff(fold.eval) else {
            continue;
        };
        let learned = learn(&train, &measures, options);
        let learned_model = apply(model, &measures, &learned.weights);
        let current = eval.score_risks();
        let valid = learned_model.validate().is_ok();
        let learned_eval = valid.then(|| {
            snapshot::take(dataset, index, &learned_model, fold.eval, horizon, source).score_risks()
        });
        if let Some((fit, active, means)) = &learned.fit {
            let probabilities: Vec<(f64, bool)> = eval
                .rows
                .iter()
                .map(|r| {
                    let x: Vec<f64> = active
                        .iter()
                        .map(|&j| r.normalized[j].map_or(means[j], |v| v / 100.0))
                        .collect();
                    (fit.predict(&x), r.churned)
                })
                .collect();
            last_calibration = stats::calibration(&probabilities, |p| p);
        }
        fold_figures.push(FoldFigures {
            train_cutoffs: fold.train.iter().map(|&d| day_to_iso(d)).collect(),
            eval_cutoff: day_to_iso(fold.eval),
            accounts: current.len() as u32,
            churned: current.iter().filter(|c| c.1).count() as u32,
            current_auc: stats::auc(&current),
            learned_auc: learned_eval.as_ref().and_then(|l| stats::auc(l)),
            current_lift: stats::lift(&current, 0.1),
            learned_lift: learned_eval.as_ref().and_then(|l| stats::lift(l, 0.1)),
        });
    }

    let all: Vec<&Snapshot> = snaps.iter().collect();
    let learned = learn(&all, &measures, options);
    if learned.fit.is_none() {
        return Err("no measure could be fitted: every measure was missing, constant, or went with more churn when higher".into());
    }
    let learned_model = apply(model, &measures, &learned.weights);
    learned_model
        .validate()
        .map_err(|p| format!("the learned model is invalid: {}", p.join("; ")))?;
    let current_shares = shares(model);
    let learned_shares = shares(&learned_model);
    let groups: Vec<String> = model
        .groups
        .iter()
        .flat_map(|g| g.measures.iter().map(|_| g.id.clone()))
        .collect();
    let weights = (0..measures.len())
        .map(|j| WeightRow {
            measure: measures[j],
            group: groups[j].clone(),
            current_share: current_shares[j],
            learned_share: learned_shares[j],
            learned_weight: round6(learned.weights[j] * 100.0),
            coefficient: learned.coefficients[j],
            coverage: learned.coverage[j],
            note: learned.notes[j].clone(),
        })
        .collect();
    let current_mean_auc = mean(fold_figures.iter().map(|f| f.current_auc));
    let learned_mean_auc = mean(fold_figures.iter().map(|f| f.learned_auc));
    let sentence = match (current_mean_auc, learned_mean_auc) {
        (Some(c), Some(l)) => format!(
            "Out of time over {} fold(s), the current weights reached a mean AUC of {c:.3} and the learned weights {l:.3}; {}",
            fold_figures.len(),
            if l > c + 0.02 {
                "the learned weights ranked churn better — consider adopting them"
            } else if l + 0.02 < c {
                "the learned weights did worse out of time — keep the current ones"
            } else {
                "the difference is within noise — adopting them changes little"
            }
        ),
        _ => "Not enough folds with both outcomes to compare out of time.".into(),
    };
    Ok(Calibration {
        cutoffs: cutoffs.iter().map(|&d| day_to_iso(d)).collect(),
        horizon_days: horizon,
        outcome_source: source,
        caveat: (source == OutcomeSource::AccountFlag).then(|| outcomes::ACCOUNT_FLAG_CAVEAT.to_string()),
        lambda: options.lambda,
        missing_values: "a missing measure is replaced by its training mean (no missing indicator: the model cannot express one, and its blend drops missing inputs); measures present on fewer than 5% of training accounts are not fitted".into(),
        weights,
        current_mean_lift: mean(fold_figures.iter().map(|f| f.current_lift)),
        learned_mean_lift: mean(fold_figures.iter().map(|f| f.learned_lift)),
        folds: fold_figures,
        current_mean_auc,
        learned_mean_auc,
        calibration: last_calibration,
        learned_model,
        sentence,
    })
}

#[cfg(test)]
mod tests;
