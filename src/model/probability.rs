//! The churn probability a learned model carries: a Platt map from the health score,
//! fitted on out-of-fold scores of labelled accounts (see `analysis::learn`). A model without
//! one gives no probability — it is never invented from the score alone.

use serde::{Deserialize, Serialize};

/// P(churn) = 1 ÷ (1 + e^−(intercept + slope × health score)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnProbability {
    /// Always `"platt"` today.
    pub method: String,
    pub intercept: f64,
    /// Per score point; negative (a healthier score, a lower probability).
    pub slope: f64,
    /// What it was fitted on (accounts, churned, folds, date), for the record.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fitted_on: String,
}

impl ChurnProbability {
    /// The churn probability of a health score.
    pub fn of(&self, score: f64) -> f64 {
        1.0 / (1.0 + (-(self.intercept + self.slope * score)).exp())
    }

    /// Problems with the numbers, for model validation.
    pub fn check(&self, problems: &mut Vec<String>) {
        if self.method != "platt" {
            problems.push(format!("churn_probability.method '{}': only \"platt\" is known", self.method));
        }
        if !self.intercept.is_finite() || !self.slope.is_finite() || self.slope >= 0.0 {
            problems.push("churn_probability: intercept must be a number and slope a negative number (a healthier score must mean a lower churn probability)".into());
        }
    }
}
