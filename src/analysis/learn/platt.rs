//! Platt scaling: a churn probability from a health score, P(churn) = σ(a + b·score),
//! fitted on out-of-fold scores (never on scores of the rows the model learned from).

use serde::{Deserialize, Serialize};

use crate::analysis::calibrate::logistic;

/// A fitted score → probability map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platt {
    pub intercept: f64,
    /// Per score point (negative: a higher health score, a lower churn probability).
    pub slope: f64,
}

impl Platt {
    /// Fits on (health score, churned) pairs; `None` without both outcomes or with a slope
    /// that is not negative (the score does not rank churn, so no probability is offered).
    pub fn fit(pairs: &[(f64, bool)]) -> Option<Platt> {
        let churned = pairs.iter().filter(|p| p.1).count();
        if churned == 0 || churned == pairs.len() {
            return None;
        }
        let x: Vec<Vec<f64>> = pairs.iter().map(|p| vec![p.0 / 100.0]).collect();
        let y: Vec<bool> = pairs.iter().map(|p| p.1).collect();
        let fit = logistic::fit(&x, &y, 1e-6);
        let slope = fit.coef[0] / 100.0;
        (slope < 0.0 && slope.is_finite() && fit.intercept.is_finite()).then_some(Platt {
            intercept: fit.intercept,
            slope,
        })
    }

    /// Churn probability of a health score.
    pub fn probability(&self, score: f64) -> f64 {
        1.0 / (1.0 + (-(self.intercept + self.slope * score)).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_score_to_probability_map() {
        let truth = Platt {
            intercept: 1.0,
            slope: -0.05,
        };
        let mut state = 7u64;
        let pairs: Vec<(f64, bool)> = (0..20_000)
            .map(|i| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let u = (state >> 11) as f64 / (1u64 << 53) as f64;
                let s = (i % 101) as f64;
                (s, u < truth.probability(s))
            })
            .collect();
        let fit = Platt::fit(&pairs).unwrap();
        assert!((fit.slope - truth.slope).abs() < 0.005, "{fit:?}");
        assert!((fit.intercept - truth.intercept).abs() < 0.15, "{fit:?}");
        // A score that ranks churn the wrong way gets no probability.
        let inverted: Vec<(f64, bool)> = pairs.iter().map(|p| (100.0 - p.0, p.1)).collect();
        assert_eq!(Platt::fit(&inverted), None);
        assert_eq!(Platt::fit(&[(10.0, true), (20.0, true)]), None);
    }
}
