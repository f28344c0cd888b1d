//! Built-in measures whose catalogue entry says where they come from rather than naming
//! code: [`Source::DaysSinceLast`] — days from the account's latest row of a dated table to
//! the as-of day. A catalogue entry with such a source needs nothing else to be computed.

use super::index::AccountIndex;
use super::AccountMeasures;
use crate::dataset::{day_to_iso, Dataset, Day};
use crate::domain::measure::{Activity, Source, BUILTINS};

/// Fills every built-in measure with a [`Source::DaysSinceLast`] source for account `a`.
pub fn fill(
    dataset: &Dataset,
    index: &AccountIndex,
    a: usize,
    as_of: Day,
    out: &mut AccountMeasures,
) {
    for def in BUILTINS {
        let Source::DaysSinceLast(activity) = def.source else {
            continue;
        };
        let (last, what) = match activity {
            Activity::Usage => {
                // The account's usage rows are sorted by day.
                let rows = index.usage_of(a);
                let days = &dataset.usage.day;
                let end = rows.partition_point(|&r| days[r as usize] <= as_of);
                (
                    end.checked_sub(1).map(|i| days[rows[i] as usize]),
                    "usage row",
                )
            }
        };
        match last {
            Some(day) => out.set(
                def.id,
                Some(f64::from(as_of - day)),
                1,
                format!(
                    "last {what} on {} ({} days before as-of)",
                    day_to_iso(day),
                    as_of - day
                ),
            ),
            None => out.set(def.id, None, 0, format!("no {what} on or before as-of")),
        }
    }
}
