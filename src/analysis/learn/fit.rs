//! The learner on plain vectors: shapes per measure, a non-negative L2 logistic blend of
//! them, the penalty tuned by inner validation — all from the rows it is given.
//!
//! 1. Each measure's [`Shape`] is fitted on the rows (for the model) and, for the blend's
//!    weights, *cross-fitted*: every row's shape value comes from a shape fitted without
//!    that row's inner fold. A noise column then looks like noise to the blend and gets a
//!    weight near 0 instead of the weight its in-sample wiggles would earn.
//! 2. An L2 logistic regression of churn on the cross-fitted shape values, the penalty chosen
//!    from [`LAMBDAS`] by the inner folds' log-loss. Shape values are oriented (higher =
//!    riskier), so a useful measure has a positive coefficient; any measure whose
//!    coefficient comes out ≤ 0 is dropped and the rest refitted, so every weight is ≥ 0.
//!    A missing value counts as the base rate (shape value 0), i.e. no evidence either way.
//!    Before that, a measure enters only when its cross-fitted values rank churn better than
//!    chance by [`SCREEN_SE`] standard errors (selection by out-of-fold evidence, inside the
//!    training rows, so the outer evaluation stays honest).
//! 3. [`Fitted::score`] is the health model's own blend: each measure's 0–100 score is its
//!    shape mapped linearly (100 = its least risky value), its weight the coefficient × the
//!    shape's range, and the score the weighted mean over the measures present. With every
//!    input present it ranks accounts exactly as the logistic model does.

use super::folds;
use super::shape::{Column, Shape};
use crate::analysis::backtest::stats;
use crate::analysis::calibrate::logistic;

/// L2 penalties tried by inner validation (on shape values in log-odds units).
pub const LAMBDAS: [f64; 5] = [0.1, 1.0, 5.0, 20.0, 100.0];
/// Inner folds for cross-fitting and penalty tuning.
pub const INNER_FOLDS: usize = 4;
/// A measure enters the blend only when its cross-fitted AUC exceeds 0.5 by this many
/// standard errors (of an AUC of 0.5 with as many accounts); see the note in [`learn`].
pub const SCREEN_SE: f64 = 0.0;

/// A learned blend: per measure its shape (when it could vary) and coefficient (0 = unused).
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub shapes: Vec<Option<Shape>>,
    pub coefficients: Vec<f64>,
    pub intercept: f64,
    pub lambda: f64,
}

impl Fitted {
    /// The measure's weight in the blend: coefficient × range of its shape.
    pub fn weight(&self, j: usize) -> f64 {
        match &self.shapes[j] {
            Some(s) if self.coefficients[j] > 0.0 => {
                let (lo, hi) = s.range();
                self.coefficients[j] * (hi - lo)
            }
            _ => 0.0,
        }
    }

    /// The measure's 0–100 score for `row` (100 = least risky value of its shape).
    pub fn measure_score(&self, columns: &[Column], j: usize, row: usize) -> Option<f64> {
        let shape = self.shapes[j].as_ref()?;
        let (lo, hi) = shape.range();
        let v = shape.eval(&columns[j], row)?;
        (hi > lo).then(|| 100.0 * (hi - v) / (hi - lo))
    }

    /// The health score 0–100 of `row`: weighted mean of the present measures' scores.
    pub fn score(&self, columns: &[Column], row: usize) -> Option<f64> {
        let (mut sum, mut weights) = (0.0, 0.0);
        for j in 0..columns.len() {
            let w = self.weight(j);
            if w > 0.0 {
                if let Some(s) = self.measure_score(columns, j, row) {
                    sum += w * s;
                    weights += w;
                }
            }
        }
        (weights > 0.0).then(|| sum / weights)
    }
}

/// Shape values of `rows` (missing → 0), one vector per row.
fn shape_matrix(shapes: &[Option<Shape>], columns: &[Column], rows: &[usize]) -> Vec<Vec<f64>> {
    rows.iter()
        .map(|&i| {
            shapes
                .iter()
                .zip(columns)
                .map(|(s, c)| s.as_ref().and_then(|s| s.eval(c, i)).unwrap_or(0.0))
                .collect()
        })
        .collect()
}

/// Logistic fit keeping only positive coefficients (dropping the others and refitting);
/// returns (intercept, coefficient per column of `x`).
pub fn fit_non_negative(
    x: &[Vec<f64>],
    y: &[bool],
    lambda: f64,
    allowed: &[bool],
) -> (f64, Vec<f64>) {
    let k = allowed.len();
    let mut active: Vec<usize> = (0..k).filter(|&j| allowed[j]).collect();
    loop {
        let sub: Vec<Vec<f64>> = x
            .iter()
            .map(|r| active.iter().map(|&j| r[j]).collect())
            .collect();
        let fit = logistic::fit(&sub, y, lambda);
        let keep: Vec<usize> = active
            .iter()
            .zip(&fit.coef)
            .filter(|(_, &c)| c > 0.0)
            .map(|(&j, _)| j)
            .collect();
        if keep.len() == active.len() {
            let mut coef = vec![0.0; k];
            for (&j, &c) in active.iter().zip(&fit.coef) {
                coef[j] = c;
            }
            return (fit.intercept, coef);
        }
        active = keep;
    }
}

fn log_loss(intercept: f64, coef: &[f64], x: &[Vec<f64>], y: &[bool]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(r, &l)| {
            let z = intercept + coef.iter().zip(r).map(|(b, v)| b * v).sum::<f64>();
            let p = (1.0 / (1.0 + (-z).exp())).clamp(1e-9, 1.0 - 1e-9);
            -if l { p.ln() } else { (1.0 - p).ln() }
        })
        .sum()
}

/// Learns a blend from `rows` (indexes into `columns` and `y`); `allowed[j]` false keeps a
/// measure out (leak, duplicate, too sparse).
pub fn learn(
    columns: &[Column],
    y: &[bool],
    rows: &[usize],
    allowed: &[bool],
    seed: u64,
) -> Fitted {
    let k = columns.len();
    let shapes: Vec<Option<Shape>> = (0..k)
        .map(|j| {
            allowed[j]
                .then(|| Shape::fit(&columns[j], y, rows))
                .flatten()
        })
        .collect();
    let usable: Vec<bool> = shapes.iter().map(Option::is_some).collect();
    let ys: Vec<bool> = rows.iter().map(|&i| y[i]).collect();
    let inner = folds::stratified(&ys, INNER_FOLDS, seed ^ 0x5EED);
    let positions: Vec<usize> = (0..rows.len()).collect();
    // Cross-fitted shape values, row-aligned with `rows`.
    let mut cross = vec![vec![0.0; k]; rows.len()];
    for f in 0..INNER_FOLDS {
        let (train, held) = folds::split(&positions, &inner, f);
        let train_rows: Vec<usize> = train.iter().map(|&p| rows[p]).collect();
        let fold_shapes: Vec<Option<Shape>> = (0..k)
            .map(|j| {
                usable[j]
                    .then(|| Shape::fit(&columns[j], y, &train_rows))
                    .flatten()
            })
            .collect();
        let held_rows: Vec<usize> = held.iter().map(|&p| rows[p]).collect();
        for (p, values) in held
            .iter()
            .zip(shape_matrix(&fold_shapes, columns, &held_rows))
        {
            cross[*p] = values;
        }
    }
    // Screen by out-of-fold evidence: a measure whose cross-fitted values do not rank churn
    // better than chance is left out. (A stricter screen, one or 1.645 standard errors, was
    // tried on the generator: weak real signals — complaints, orders — rank no better alone
    // than a noise column does, and dropping them cost more than the noise weight it saved.)
    let usable: Vec<bool> = (0..k)
        .map(|j| {
            usable[j] && {
                let items: Vec<(f64, bool)> = rows
                    .iter()
                    .zip(&cross)
                    .filter(|(&i, _)| columns[j].present(i))
                    .map(|(&i, x)| (x[j], y[i]))
                    .collect();
                let positives = items.iter().filter(|i| i.1).count();
                match stats::auc(&items) {
                    Some(a) => {
                        let se = stats::auc_standard_error(0.5, positives, items.len() - positives)
                            .unwrap_or(1.0);
                        a > 0.5 + SCREEN_SE * se
                    }
                    None => false,
                }
            }
        })
        .collect();
    let mut best = (f64::INFINITY, LAMBDAS[0]);
    for &lambda in &LAMBDAS {
        let mut loss = 0.0;
        for f in 0..INNER_FOLDS {
            let (train, held) = folds::split(&positions, &inner, f);
            let pick = |ps: &[usize]| -> (Vec<Vec<f64>>, Vec<bool>) {
                (
                    ps.iter().map(|&p| cross[p].clone()).collect(),
                    ps.iter().map(|&p| ys[p]).collect(),
                )
            };
            let (xt, yt) = pick(&train);
            let (xh, yh) = pick(&held);
            let (b0, b) = fit_non_negative(&xt, &yt, lambda, &usable);
            loss += log_loss(b0, &b, &xh, &yh);
        }
        if loss < best.0 {
            best = (loss, lambda);
        }
    }
    let (intercept, coefficients) = fit_non_negative(&cross, &ys, best.1, &usable);
    Fitted {
        shapes,
        coefficients,
        intercept,
        lambda: best.1,
    }
}

/// Out-of-fold health scores of every row in `rows` (stratified `k` folds; the whole
/// learner, shapes included, refitted on each fold's training rows).
pub fn out_of_fold(
    columns: &[Column],
    y: &[bool],
    rows: &[usize],
    allowed: &[bool],
    k: usize,
    seed: u64,
) -> Vec<Option<f64>> {
    folds::cross_validate(y, rows, k, seed, |train, held, fold_seed| {
        let fitted = learn(columns, y, train, allowed, fold_seed);
        held.iter().map(|&i| fitted.score(columns, i)).collect()
    })
}
