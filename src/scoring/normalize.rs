//! Normalisation of raw measures to 0–100 scores.

use std::collections::BTreeMap;

use super::lifecycle;
use crate::metrics::measure::Measure;
use crate::metrics::{fmt_num, AccountMeasures, MeasureValue};
use crate::model::config::{Model, Normalize};
use crate::model::lifecycle::Stage;
use crate::model::measures::CategoryScores;

/// Piecewise-linear interpolation through `[raw, score]` points with ascending raw values,
/// clamped to the first/last score outside the range. Falling scores (lower raw is better)
/// work the same way.
pub fn thresholds(points: &[[f64; 2]], raw: f64) -> f64 {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return 0.0;
    };
    if raw <= first[0] {
        return first[1];
    }
    if raw >= last[0] {
        return last[1];
    }
    for pair in points.windows(2) {
        let ([x0, y0], [x1, y1]) = (pair[0], pair[1]);
        if raw <= x1 {
            let t = if x1 > x0 { (raw - x0) / (x1 - x0) } else { 1.0 };
            return y0 + t * (y1 - y0);
        }
    }
    last[1]
}

/// Percentile rank 0–100 of `raw` among `sorted` portfolio values (mid-rank: values
/// below count fully, equal values half), reversed when lower is better. A portfolio of
/// one account puts it at 50.
pub fn percentile(sorted: &[f64], raw: f64, higher_is_better: bool) -> f64 {
    if sorted.is_empty() {
        return 50.0;
    }
    let below = sorted.partition_point(|&v| v < raw);
    let not_above = sorted.partition_point(|&v| v <= raw);
    let equal = not_above - below;
    let rank = 100.0 * (below as f64 + 0.5 * equal as f64) / sorted.len() as f64;
    if higher_is_better {
        rank
    } else {
        100.0 - rank
    }
}

/// The score of a category (`text`), or of a numeric value through its written form (and
/// 1/0 through yes/no), with `other` for anything unlisted.
pub fn categories(
    scores: &CategoryScores,
    other: Option<f64>,
    text: Option<&str>,
    raw: Option<f64>,
) -> Option<f64> {
    let listed = match (text, raw) {
        (Some(t), _) => scores.get(t),
        (None, Some(v)) => scores.get(&fmt_num(v)).or_else(|| {
            let words: &[&str] = if v == 1.0 {
                &["yes", "true", "y"]
            } else if v == 0.0 {
                &["no", "false", "n"]
            } else {
                &[]
            };
            words.iter().find_map(|w| scores.get(w))
        }),
        (None, None) => return None,
    };
    listed.or(other)
}

/// Turns raw values into 0–100 scores with the model's rules; percentile rules rank within
/// the portfolio given at construction (the same period's accounts). A stage's percentile
/// override ranks among the accounts in that stage only.
#[derive(Debug, Clone)]
pub struct Normaliser<'m> {
    model: &'m Model,
    /// Sorted values per (measure, stage id of a percentile override or `None` for the
    /// measure's default percentile rule).
    portfolio: BTreeMap<(Measure, Option<&'m str>), Vec<f64>>,
}

impl<'m> Normaliser<'m> {
    /// Collects, per percentile-normalised measure (and stage), the sorted portfolio values.
    pub fn new(model: &'m Model, accounts: &[AccountMeasures]) -> Normaliser<'m> {
        let stages: Vec<Option<&'m str>> = accounts
            .iter()
            .map(|a| lifecycle::stage_of(model, a).map(|s| s.id.as_str()))
            .collect();
        let mut portfolio = BTreeMap::new();
        for mw in model.groups.iter().flat_map(|g| &g.measures) {
            let rules = std::iter::once((None, &mw.normalize))
                .chain(mw.by_stage.iter().map(|(id, n)| (Some(id.as_str()), n)));
            for (stage, rule) in rules {
                if let Normalize::Percentile { .. } = rule {
                    let mut values: Vec<f64> = accounts
                        .iter()
                        .zip(&stages)
                        .filter(|(_, s)| stage.is_none() || **s == stage)
                        .filter_map(|(a, _)| a.raw(mw.measure))
                        .collect();
                    crate::sort::sort_f64(&mut values);
                    portfolio.insert((mw.measure, stage), values);
                }
            }
        }
        Normaliser { model, portfolio }
    }

    /// The 0–100 score of `raw` for `measure` with its default rule, `None` when the model
    /// does not use it.
    pub fn normalize(&self, measure: Measure, raw: f64) -> Option<f64> {
        self.normalize_in(measure, raw, None)
    }

    /// The 0–100 score of `raw` for `measure` for an account in `stage` (its override when
    /// the measure has one, else the default rule).
    pub fn normalize_in(&self, measure: Measure, raw: f64, stage: Option<&Stage>) -> Option<f64> {
        self.score(measure, Some(raw), None, stage)
    }

    /// The 0–100 score of an account's value (number or category) of `measure` in `stage`;
    /// `None` when the value is missing, the model does not use the measure, or a category is
    /// unlisted without an `other` score.
    pub fn normalize_value(
        &self,
        measure: Measure,
        value: &MeasureValue,
        stage: Option<&Stage>,
    ) -> Option<f64> {
        self.score(measure, value.raw, value.category.as_deref(), stage)
    }

    fn score(
        &self,
        measure: Measure,
        raw: Option<f64>,
        category: Option<&str>,
        stage: Option<&Stage>,
    ) -> Option<f64> {
        let mw = self
            .model
            .groups
            .iter()
            .flat_map(|g| &g.measures)
            .find(|mw| mw.measure == measure)?;
        let (rule, applied) = mw.normalize_in(stage);
        if let Normalize::Categories { scores, other } = rule {
            return categories(scores, *other, category, raw);
        }
        let raw = raw?;
        Some(match rule {
            Normalize::Thresholds { points } => thresholds(points, raw),
            Normalize::Percentile { higher_is_better } => percentile(
                self.portfolio
                    .get(&(measure, applied.map(|s| s.id.as_str())))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
                raw,
                *higher_is_better,
            ),
            Normalize::Categories { .. } => return None,
        })
    }
}
