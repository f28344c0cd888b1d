//! Score bands from the model.

use crate::model::config::Model;

/// The id of the band `score` falls in: the highest band whose `min` is at most the score.
pub fn band_of(model: &Model, score: f64) -> Option<String> {
    model
        .bands
        .iter()
        .rev()
        .find(|b| score >= b.min)
        .or(model.bands.first())
        .map(|b| b.id.clone())
}

/// Position of a band id in the model's ascending band list.
pub fn band_rank(model: &Model, band: &str) -> Option<usize> {
    model.bands.iter().position(|b| b.id == band)
}
