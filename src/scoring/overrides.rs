//! Manual score overrides that expire.

use crate::dataset::Day;
use crate::model::config::{Model, Override};

/// Parses `YYYY-MM-DD` to a [`Day`].
pub fn parse_day(text: &str) -> Option<Day> {
    crate::dataset::parse_iso_day(text)
}

/// The override of `account_id` active at `as_of` (expiry day inclusive). When several
/// are active, the one expiring last wins (then the last listed).
pub fn active_override<'m>(model: &'m Model, account_id: &str, as_of: Day) -> Option<&'m Override> {
    model
        .overrides
        .iter()
        .filter(|o| o.account_id == account_id)
        .filter_map(|o| {
            parse_day(&o.expires)
                .filter(|&e| e >= as_of)
                .map(|e| (e, o))
        })
        .max_by_key(|(e, _)| *e)
        .map(|(_, o)| o)
}
