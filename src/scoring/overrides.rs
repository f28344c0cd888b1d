//! Manual score overrides that expire.

use crate::dataset::Day;
use crate::model::config::{Model, Override};

/// Parses `YYYY-MM-DD` to a [`Day`].
pub fn parse_day(text: &str) -> Option<Day> {
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days() as Day)
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
