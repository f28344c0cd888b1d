//! Contract facts: effective ARR and licensed seats as of a date.

use super::index::AccountIndex;
use crate::dataset::{Dataset, Day, Subscription};

/// True when `sub` is running on `as_of` (started on or before, not ended before).
pub fn is_active_at(sub: &Subscription, as_of: Day) -> bool {
    sub.start_day.map_or(true, |s| s <= as_of) && sub.end_day.map_or(true, |e| e >= as_of)
}

/// Effective ARR: the accounts-table ARR; else the sum of ARR of subscriptions active at
/// `as_of`; else the ARR of the most recently started subscription (started by `as_of`
/// when dated).
pub fn effective_arr(dataset: &Dataset, index: &AccountIndex, a: usize, as_of: Day) -> Option<f64> {
    if let Some(arr) = dataset.accounts[a].arr.filter(|v| v.is_finite()) {
        return Some(arr);
    }
    let subs = index.subscriptions.get(a)?;
    let subs = subs.iter().map(|&i| &dataset.subscriptions[i as usize]);
    let active: Vec<f64> = subs
        .clone()
        .filter(|s| is_active_at(s, as_of))
        .filter_map(|s| s.arr.filter(|v| v.is_finite()))
        .collect();
    if !active.is_empty() {
        return Some(active.iter().sum());
    }
    subs.filter(|s| s.start_day.map_or(true, |d| d <= as_of))
        .filter(|s| s.arr.is_some_and(|v| v.is_finite()))
        .max_by_key(|s| (s.start_day, s.end_day))
        .and_then(|s| s.arr)
}

/// Licensed seats: the accounts table, else the seats of subscriptions active at `as_of`.
pub fn seats(dataset: &Dataset, index: &AccountIndex, a: usize, as_of: Day) -> Option<f64> {
    if let Some(seats) = dataset.accounts[a]
        .seats
        .filter(|v| v.is_finite() && *v > 0.0)
    {
        return Some(seats);
    }
    let total: f64 = index
        .subscriptions
        .get(a)?
        .iter()
        .map(|&i| &dataset.subscriptions[i as usize])
        .filter(|s| is_active_at(s, as_of))
        .filter_map(|s| s.seats.filter(|v| v.is_finite()))
        .sum();
    (total > 0.0).then_some(total)
}
