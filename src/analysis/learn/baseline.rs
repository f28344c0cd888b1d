//! The yardstick: a plain L2 logistic regression on the same columns (numbers standardised
//! with a missing-value indicator, categories one-hot), its penalty tuned by inner
//! validation. The learned health score is reported beside it, so a user sees how much
//! ranking power the explainable blend gives up (if any) against a generic model.

use super::folds;
use super::shape::{Column, MIN_LEVEL_ROWS};
use crate::analysis::calibrate::logistic;

/// Penalties tried (on standardised inputs).
const LAMBDAS: [f64; 5] = [0.01, 0.3, 3.0, 30.0, 300.0];

/// Design built from training rows: how each column becomes inputs.
struct Design {
    /// Per column: (mean, sd, has missing) for numbers; kept category codes for categories.
    parts: Vec<Part>,
}

enum Part {
    Number { mean: f64, sd: f64, missing: bool },
    Category { codes: Vec<u32> },
    Unused,
}

impl Design {
    fn new(columns: &[Column], rows: &[usize], allowed: &[bool]) -> Design {
        let parts = columns
            .iter()
            .zip(allowed)
            .map(|(c, &ok)| {
                if !ok {
                    return Part::Unused;
                }
                match c {
                    Column::Number(v) => {
                        let xs: Vec<f64> = rows.iter().filter_map(|&i| v[i]).collect();
                        if xs.len() < 2 {
                            return Part::Unused;
                        }
                        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
                        let var =
                            xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
                        if var <= 0.0 {
                            return Part::Unused;
                        }
                        Part::Number {
                            mean,
                            sd: var.sqrt(),
                            missing: xs.len() < rows.len(),
                        }
                    }
                    Column::Category { codes, names } => {
                        let mut counts = vec![0usize; names.len()];
                        for &i in rows {
                            if let Some(c) = codes[i] {
                                counts[c as usize] += 1;
                            }
                        }
                        let kept: Vec<u32> = (0..names.len() as u32)
                            .filter(|&c| counts[c as usize] >= MIN_LEVEL_ROWS)
                            .collect();
                        if kept.len() < 2 {
                            Part::Unused
                        } else {
                            Part::Category { codes: kept }
                        }
                    }
                }
            })
            .collect();
        Design { parts }
    }

    fn row(&self, columns: &[Column], i: usize) -> Vec<f64> {
        let mut x = Vec::new();
        for (part, column) in self.parts.iter().zip(columns) {
            match (part, column) {
                (Part::Number { mean, sd, missing }, Column::Number(v)) => {
                    x.push(v[i].map_or(0.0, |v| (v - mean) / sd));
                    if *missing {
                        x.push(v[i].is_none() as u8 as f64);
                    }
                }
                (Part::Category { codes }, Column::Category { codes: cells, .. }) => {
                    x.extend(codes.iter().map(|&c| (cells[i] == Some(c)) as u8 as f64));
                }
                _ => {}
            }
        }
        x
    }
}

fn fit_rows(
    columns: &[Column],
    y: &[bool],
    rows: &[usize],
    allowed: &[bool],
    lambda: f64,
) -> (Design, logistic::Fit) {
    let design = Design::new(columns, rows, allowed);
    let x: Vec<Vec<f64>> = rows.iter().map(|&i| design.row(columns, i)).collect();
    let ys: Vec<bool> = rows.iter().map(|&i| y[i]).collect();
    let fit = logistic::fit(&x, &ys, lambda);
    (design, fit)
}

/// Fits on `rows` with the penalty chosen by inner folds; returns a scorer of churn risk.
fn tuned(
    columns: &[Column],
    y: &[bool],
    rows: &[usize],
    allowed: &[bool],
    seed: u64,
) -> (Design, logistic::Fit) {
    let ys: Vec<bool> = rows.iter().map(|&i| y[i]).collect();
    let inner = folds::stratified(&ys, 4, seed ^ 0xBA5E);
    let mut best = (f64::INFINITY, LAMBDAS[0]);
    for &lambda in &LAMBDAS {
        let mut loss = 0.0;
        for f in 0..4 {
            let (train, held) = folds::split(rows, &index_folds(rows, &inner), f);
            let (design, fit) = fit_rows(columns, y, &train, allowed, lambda);
            for &i in &held {
                let p = fit.predict(&design.row(columns, i)).clamp(1e-9, 1.0 - 1e-9);
                loss -= if y[i] { p.ln() } else { (1.0 - p).ln() };
            }
        }
        if loss < best.0 {
            best = (loss, lambda);
        }
    }
    fit_rows(columns, y, rows, allowed, best.1)
}

/// Fold per row id (rows are ids into the full table; `inner` is aligned with `rows`).
fn index_folds(rows: &[usize], inner: &[usize]) -> Vec<usize> {
    let size = rows.iter().max().map_or(0, |m| m + 1);
    let mut out = vec![usize::MAX; size];
    for (&r, &f) in rows.iter().zip(inner) {
        out[r] = f;
    }
    out
}

/// Out-of-fold churn probabilities of `rows` with the same outer folds as the learner.
pub fn out_of_fold(
    columns: &[Column],
    y: &[bool],
    rows: &[usize],
    allowed: &[bool],
    k: usize,
    seed: u64,
) -> Vec<f64> {
    folds::cross_validate(y, rows, k, seed, |train, held, fold_seed| {
        fit_predict(columns, y, train, held, allowed, fold_seed)
    })
}

/// Fits on `train` (penalty tuned by inner folds) and returns churn probabilities of `test`.
pub fn fit_predict(
    columns: &[Column],
    y: &[bool],
    train: &[usize],
    test: &[usize],
    allowed: &[bool],
    seed: u64,
) -> Vec<f64> {
    let (design, fit) = tuned(columns, y, train, allowed, seed);
    test.iter()
        .map(|&i| fit.predict(&design.row(columns, i)))
        .collect()
}
