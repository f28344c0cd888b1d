//! Relationship measures: engagement cadence and days since the last touchpoint.
//!
//! Cadence = touchpoints in the last `windows.touchpoint_days` days ÷ months (30 days).
//! Where a touchpoint table exists and reaches back to as-of, an account without
//! touchpoints has a real cadence of 0; days since the last touchpoint is missing when the
//! account never had one (the zero cadence already tells that story). Empowerment comes
//! from the accounts table only.

use super::index::AccountIndex;
use super::{fmt_num, AccountMeasures, TablesPresent};
use crate::dataset::{day_to_iso, Dataset, Day};
use crate::metrics::measure::Measure;
use crate::model::config::Model;

/// Fills engagement cadence, days since touchpoint and empowerment of account `a`.
pub fn fill(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    tables: &TablesPresent,
    a: usize,
    as_of: Day,
    out: &mut AccountMeasures,
) {
    let window = model.windows.touchpoint_days as i32;
    let days: Vec<Day> = index.touchpoints[a]
        .iter()
        .map(|&i| dataset.touchpoints[i as usize].day)
        .filter(|&d| d <= as_of)
        .collect();
    if !days.is_empty() {
        out.has_dated_data = true;
    }
    if tables.touchpoints {
        let recent = days.iter().filter(|&&d| d > as_of - window).count();
        let per_month = recent as f64 / (window as f64 / 30.0);
        out.set(
            Measure::EngagementCadence,
            Some(per_month),
            recent as u32,
            format!(
                "{recent} touchpoints in the last {window} days ({} per month)",
                fmt_num(per_month)
            ),
        );
        match days.last() {
            Some(&last) => out.set(
                Measure::DaysSinceTouchpoint,
                Some((as_of - last) as f64),
                1,
                format!(
                    "last touchpoint on {} ({} days before as-of)",
                    day_to_iso(last),
                    as_of - last
                ),
            ),
            None => out.set(
                Measure::DaysSinceTouchpoint,
                None,
                0,
                "no touchpoint on record".into(),
            ),
        }
    }
    if let Some(e) = dataset.accounts[a].flat.empowerment {
        out.set(
            Measure::Empowerment,
            Some(e),
            0,
            format!("accounts table: empowerment {:.0}%", e * 100.0),
        );
    }
}
