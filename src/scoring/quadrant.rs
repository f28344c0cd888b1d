//! The satisfaction × usage quadrant.
//!
//! Each index is the weighted mean (by nominal model weight) of the normalised configured
//! measures that have data; `None` when none has data (the account then has no quadrant).
//! Satisfaction is high at or above the fixed cut; usage is high at or above the portfolio
//! median of usage indexes (or a fixed cut).

use crate::domain::quadrant::Quadrant;
use crate::metrics::measure::Measure;
use crate::model::config::{Cut, CutName, Model};
use crate::scoring::account::Component;

/// Weighted mean of the normalised scores of `measures` among `components`.
pub fn index(components: &[Component], measures: &[Measure]) -> Option<f64> {
    let present: Vec<&Component> = components
        .iter()
        .filter(|c| measures.contains(&c.measure) && c.normalized.is_some())
        .collect();
    if present.is_empty() {
        return None;
    }
    let total: f64 = present.iter().map(|c| c.nominal_weight).sum();
    let value = if total > 0.0 {
        present
            .iter()
            .map(|c| c.nominal_weight * c.normalized.unwrap_or_default())
            .sum::<f64>()
            / total
    } else {
        present
            .iter()
            .map(|c| c.normalized.unwrap_or_default())
            .sum::<f64>()
            / present.len() as f64
    };
    Some(value)
}

/// The usage cut: fixed, or the median of the usage indexes present.
pub fn usage_cut(model: &Model, usage_indexes: &[Option<f64>]) -> Option<f64> {
    match model.quadrants.usage_cut {
        Cut::Fixed(v) => Some(v),
        Cut::Named(CutName::Median) => {
            let mut values: Vec<f64> = usage_indexes.iter().flatten().copied().collect();
            crate::domain::stats::median(&mut values)
        }
    }
}

/// The quadrant of an account, `None` when an axis (or the usage cut) is unknown.
pub fn quadrant_of(
    satisfaction: Option<f64>,
    usage: Option<f64>,
    satisfaction_cut: f64,
    usage_cut: Option<f64>,
) -> Option<Quadrant> {
    let happy = satisfaction? >= satisfaction_cut;
    let active = usage? >= usage_cut?;
    Some(match (happy, active) {
        (true, true) => Quadrant::Champion,
        (true, false) => Quadrant::UnderUser,
        (false, true) => Quadrant::CryForHelp,
        (false, false) => Quadrant::AtRisk,
    })
}
