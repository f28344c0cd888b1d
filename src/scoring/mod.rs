//! Scoring: normalisation, weighted blend with coverage, bands, trend, quadrants, flags.
//! (Stub: lands from the scoring branch.)

use crate::dataset::Dataset;
use crate::model::config::Model;
use crate::results::Results;

/// Scores every account of `dataset` with `model`.
pub fn score(_dataset: &Dataset, _model: &Model) -> Results {
    todo!("scoring branch")
}
