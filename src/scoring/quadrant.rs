//! The satisfaction × usage quadrant.
//!
//! Each index is the weighted mean (by nominal model weight) of the normalised configured
//! measures that have data; `None` when none has data (the account then has no quadrant).
//! Satisfaction is high at or above the fixed cut; usage is high at or above a fixed cut (the
//! default, 50: the usage measures' targets put about half the expected usage there) or the
//! portfolio median of usage indexes. A median cut makes half of any portfolio "under-users"
//! however much they use the product, so it is an option, not the default.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_usage_cut_is_fixed_so_heavy_users_are_not_under_users() {
        let model = Model::default();
        assert_eq!(model.quadrants.usage_cut, Cut::Fixed(50.0));
        // A portfolio of heavy users: the median (88) would call the one at 77 an under-user.
        let usage = [Some(77.0), Some(85.0), Some(88.0), Some(92.0), Some(99.0)];
        let cut = usage_cut(&model, &usage);
        assert_eq!(cut, Some(50.0));
        for u in usage {
            assert_eq!(
                quadrant_of(Some(80.0), u, 60.0, cut),
                Some(Quadrant::Champion)
            );
        }
        assert_eq!(
            quadrant_of(Some(80.0), Some(30.0), 60.0, cut),
            Some(Quadrant::UnderUser)
        );
        // The median stays available and behaves as before.
        let mut median_model = Model::default();
        median_model.quadrants.usage_cut = Cut::Named(CutName::Median);
        assert_eq!(usage_cut(&median_model, &usage), Some(88.0));
        assert_eq!(
            quadrant_of(
                Some(80.0),
                Some(77.0),
                60.0,
                usage_cut(&median_model, &usage)
            ),
            Some(Quadrant::UnderUser)
        );
    }
}
