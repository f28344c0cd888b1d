//! Learning a health model from a snapshot: one row per account with a churn label.
//!
//! - [`shape`]: each candidate measure's learned effect (binned log-odds or per category).
//! - [`fit`]: the non-negative L2 logistic blend of the shapes, cross-fitted and tuned.
//! - [`baseline`]: a plain tuned logistic regression, the yardstick reported beside it.
//! - [`platt`]: churn probability from the health score, fitted on out-of-fold scores.
//! - [`folds`]: stratified folds.

pub mod baseline;
pub mod fit;
pub mod folds;
pub mod platt;
pub mod shape;
pub mod discover;
pub mod snapshot;
