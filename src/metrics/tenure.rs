//! Account tenure as of a date: how long the account has been a customer.
//!
//! The start is the accounts table's start date; else the earliest start of its
//! subscriptions; else its first dated event of any kind (usage, survey, ticket opened,
//! touchpoint) on or before as-of. Tenure = as-of − start in days, 0 when the start lies
//! after as-of (not started yet). Without any of these, tenure is unknown.

use super::index::{seconds_to_day, AccountIndex};
use crate::dataset::{Dataset, Day};

/// Where an account's start day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenureSource {
    /// The accounts table's start date.
    AccountStart,
    /// The earliest subscription start.
    SubscriptionStart,
    /// The first dated event of any kind.
    FirstEvent,
}

impl TenureSource {
    /// Plain-language origin, for evidence.
    pub fn describe(self) -> &'static str {
        match self {
            TenureSource::AccountStart => "account start date",
            TenureSource::SubscriptionStart => "first subscription start",
            TenureSource::FirstEvent => "first recorded activity",
        }
    }
}

/// An account's tenure at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenure {
    /// Whole days since the start (0 when the start is on or after as-of).
    pub days: u32,
    /// The start day the tenure counts from.
    pub since: Day,
    pub source: TenureSource,
}

/// The tenure of account `a` on `as_of`, `None` when nothing tells when it started.
pub fn tenure(dataset: &Dataset, index: &AccountIndex, a: usize, as_of: Day) -> Option<Tenure> {
    let (since, source) = dataset.accounts[a]
        .start_day
        .map(|d| (d, TenureSource::AccountStart))
        .or_else(|| {
            index.subscriptions[a]
                .iter()
                .filter_map(|&i| dataset.subscriptions[i as usize].start_day)
                .min()
                .map(|d| (d, TenureSource::SubscriptionStart))
        })
        .or_else(|| {
            first_event_day(dataset, index, a, as_of).map(|d| (d, TenureSource::FirstEvent))
        })?;
    Some(Tenure {
        days: (as_of as i64 - since as i64).max(0) as u32,
        since,
        source,
    })
}

/// The account's earliest usage, survey, ticket or touchpoint day on or before `as_of`
/// (every per-account list of the index is sorted by time).
fn first_event_day(dataset: &Dataset, index: &AccountIndex, a: usize, as_of: Day) -> Option<Day> {
    [
        index
            .usage_of(a)
            .first()
            .map(|&r| dataset.usage.day[r as usize]),
        index.surveys[a]
            .first()
            .map(|&i| dataset.surveys[i as usize].day),
        index.tickets[a]
            .first()
            .map(|&i| seconds_to_day(dataset.tickets[i as usize].opened)),
        index.touchpoints[a]
            .first()
            .map(|&i| dataset.touchpoints[i as usize].day),
    ]
    .into_iter()
    .flatten()
    .filter(|&d| d <= as_of)
    .min()
}
