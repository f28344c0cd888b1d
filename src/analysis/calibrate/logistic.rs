//! L2-regularised logistic regression fitted by iteratively reweighted least squares
//! (Newton's method). Small and dependency-free: a handful of features, thousands of rows.

// Dense linear algebra reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

/// Fitted coefficients: `intercept + Σ coef[j]·x[j]` is the log-odds of the positive class.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub intercept: f64,
    pub coef: Vec<f64>,
    /// Newton iterations used.
    pub iterations: u32,
}

impl Fit {
    /// Predicted probability of the positive class.
    pub fn predict(&self, x: &[f64]) -> f64 {
        sigmoid(self.intercept + self.coef.iter().zip(x).map(|(b, v)| b * v).sum::<f64>())
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Fits `P(y) = σ(b0 + b·x)` minimising the negative log-likelihood plus `lambda/2·|b|²`
/// (the intercept is not penalised). Rows of `x` must all have the same length.
pub fn fit(x: &[Vec<f64>], y: &[bool], lambda: f64) -> Fit {
    let k = x.first().map_or(0, Vec::len);
    let dim = k + 1;
    let mut beta = vec![0.0; dim];
    // Start the intercept at the base rate's log-odds.
    let positives = y.iter().filter(|&&v| v).count() as f64;
    let n = y.len() as f64;
    if n > 0.0 && positives > 0.0 && positives < n {
        beta[0] = (positives / (n - positives)).ln();
    }
    let mut iterations = 0;
    for _ in 0..100 {
        iterations += 1;
        // Upper triangle of the Hessian, row-major in one buffer (a hot loop: kept flat).
        let mut upper = vec![0.0; dim * dim];
        let mut gradient = vec![0.0; dim];
        let mut f = vec![1.0; dim];
        for (row, &label) in x.iter().zip(y) {
            f[1..].copy_from_slice(&row[..k]);
            let z: f64 = beta.iter().zip(&f).map(|(b, v)| b * v).sum();
            let p = sigmoid(z);
            let w = (p * (1.0 - p)).max(1e-12);
            let r = label as u8 as f64 - p;
            for a in 0..dim {
                let fa = f[a];
                gradient[a] += fa * r;
                let wa = w * fa;
                for (h, fb) in upper[a * dim + a..(a + 1) * dim].iter_mut().zip(&f[a..]) {
                    *h += wa * fb;
                }
            }
        }
        let mut hessian = vec![vec![0.0; dim]; dim];
        for a in 0..dim {
            for b in a..dim {
                hessian[a][b] = upper[a * dim + b];
                hessian[b][a] = upper[a * dim + b];
            }
        }
        for a in 1..dim {
            gradient[a] -= lambda * beta[a];
            hessian[a][a] += lambda;
        }
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let biggest = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
        for (b, s) in beta.iter_mut().zip(&step) {
            *b += s;
        }
        if biggest < 1e-10 {
            break;
        }
    }
    Fit {
        intercept: beta[0],
        coef: beta[1..].to_vec(),
        iterations,
    }
}

/// Solves `a·x = b` by Gaussian elimination with partial pivoting; `None` when singular.
pub fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            if f != 0.0 {
                for c in col..n {
                    a[row][c] -= f * a[col][c];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic xorshift for reproducible synthetic data.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn recovers_known_weights_from_synthetic_data() {
        let truth = [-0.5, 2.0, -3.0, 1.0];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..40_000 {
            let row: Vec<f64> = (0..3).map(|_| rng.next() * 2.0 - 1.0).collect();
            let z = truth[0] + (0..3).map(|j| truth[j + 1] * row[j]).sum::<f64>();
            y.push(rng.next() < sigmoid(z));
            x.push(row);
        }
        let fit = fit(&x, &y, 1e-6);
        assert!((fit.intercept - truth[0]).abs() < 0.08, "{fit:?}");
        for j in 0..3 {
            assert!((fit.coef[j] - truth[j + 1]).abs() < 0.1, "{fit:?}");
        }
        assert!(fit.iterations < 20);
    }

    #[test]
    fn ridge_shrinks_towards_zero_and_keeps_separable_data_finite() {
        // Perfectly separable: without a penalty the slope would run off to infinity.
        let x: Vec<Vec<f64>> = (0..20).map(|i| vec![i as f64 / 19.0]).collect();
        let y: Vec<bool> = (0..20).map(|i| i >= 10).collect();
        let weak = fit(&x, &y, 0.1);
        let strong = fit(&x, &y, 10.0);
        assert!(weak.coef[0].is_finite() && weak.coef[0] > strong.coef[0]);
        assert!(strong.coef[0] > 0.0);
        // The penalised optimum: gradient of the objective is zero.
        let g: f64 = x
            .iter()
            .zip(&y)
            .map(|(r, &l)| r[0] * (l as u8 as f64 - strong.predict(r)))
            .sum::<f64>()
            - 10.0 * strong.coef[0];
        assert!(g.abs() < 1e-8, "{g}");
    }

    #[test]
    fn solves_a_small_system() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert_eq!(
            solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0]),
            None
        );
    }
}
