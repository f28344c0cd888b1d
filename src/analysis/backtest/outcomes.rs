//! What happened after the cut-off: which accounts churned in the outcome window.
//!
//! Sources, in order of trust:
//! - **churn events** with a date (`churn_events`): churned when a dated event falls in
//!   `(cutoff, cutoff + horizon]`;
//! - **churned subscriptions**: a subscription flagged churned whose end date falls in the
//!   same window;
//! - the accounts table's **`churned` flag**: undated, so it cannot say *when* the account
//!   left. It is used only when no dated outcome exists at all, never to choose the date,
//!   and the report then carries a caveat: a flag set before the cut-off leaks the answer,
//!   a flag set after the horizon counts churn the window never saw.
//!
//! Renewals: a subscription that ends in the window without a churn flag is a renewal or a
//! plain end of term and counts as retained (the data has no separate renewal outcome).

use serde::Serialize;

use crate::dataset::{Dataset, Day};

/// Which outcome records decide that an account churned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeSource {
    /// Dated churn events and churned subscriptions, whichever exist (default).
    #[default]
    Dated,
    /// Dated churn events only.
    Events,
    /// Churned subscriptions (end date + churn flag) only.
    Subscriptions,
    /// The undated accounts-table flag (fallback; see the module caveat).
    AccountFlag,
}

impl OutcomeSource {
    /// Parses a CLI name.
    pub fn parse(text: &str) -> Option<OutcomeSource> {
        Some(match text {
            "dated" | "any" => OutcomeSource::Dated,
            "events" => OutcomeSource::Events,
            "subscriptions" => OutcomeSource::Subscriptions,
            "account-flag" | "account_flag" | "flag" => OutcomeSource::AccountFlag,
            _ => return None,
        })
    }
}

/// True when the dataset has any dated outcome (churn event with a date, or a churned
/// subscription with an end date).
pub fn has_dated_outcomes(dataset: &Dataset) -> bool {
    dataset.churn_events.iter().any(|e| e.day.is_some())
        || dataset
            .subscriptions
            .iter()
            .any(|s| s.churned == Some(true) && s.end_day.is_some())
}

/// Earliest and latest dated outcome day, if any.
pub fn dated_outcome_span(dataset: &Dataset) -> Option<(Day, Day)> {
    let days = dataset.churn_events.iter().filter_map(|e| e.day).chain(
        dataset
            .subscriptions
            .iter()
            .filter(|s| s.churned == Some(true))
            .filter_map(|s| s.end_day),
    );
    days.fold(None, |acc, d| match acc {
        None => Some((d, d)),
        Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
    })
}

/// Per account: churned in `(cutoff, cutoff + horizon]` according to `source`; `None`
/// when the source has no information about the account (AccountFlag with a blank flag).
pub fn churned_between(
    dataset: &Dataset,
    source: OutcomeSource,
    cutoff: Day,
    horizon: u32,
) -> Vec<Option<bool>> {
    let end = cutoff + horizon as i32;
    let inside = |d: Day| d > cutoff && d <= end;
    let n = dataset.accounts.len();
    if source == OutcomeSource::AccountFlag {
        return dataset.accounts.iter().map(|a| a.churned).collect();
    }
    let mut out = vec![Some(false); n];
    if matches!(source, OutcomeSource::Dated | OutcomeSource::Events) {
        for e in &dataset.churn_events {
            if e.day.is_some_and(inside) {
                if let Some(slot) = out.get_mut(e.account as usize) {
                    *slot = Some(true);
                }
            }
        }
    }
    if matches!(source, OutcomeSource::Dated | OutcomeSource::Subscriptions) {
        for s in &dataset.subscriptions {
            if s.churned == Some(true) && s.end_day.is_some_and(inside) {
                if let Some(slot) = out.get_mut(s.account as usize) {
                    *slot = Some(true);
                }
            }
        }
    }
    out
}

/// The caveat printed with a backtest on the undated accounts flag.
pub const ACCOUNT_FLAG_CAVEAT: &str = "outcomes come from the accounts table's undated churn flag: it may have been set before the scoring date (the answer leaks into the test) or after the horizon; treat these figures as indicative only";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Account, ChurnEvent, RowRef, Subscription};

    fn dataset() -> Dataset {
        let mut d = Dataset::default();
        for id in ["a", "b", "c"] {
            d.accounts.push(Account {
                id: id.into(),
                churned: Some(id == "c"),
                ..Default::default()
            });
        }
        d.churn_events.push(ChurnEvent {
            account: 0,
            day: Some(105),
            reason: None,
            source: RowRef::default(),
        });
        d.subscriptions.push(Subscription {
            id: "s".into(),
            account: 1,
            start_day: Some(0),
            end_day: Some(150),
            seats: None,
            arr: None,
            plan: None,
            churned: Some(true),
            is_trial: None,
            source: RowRef::default(),
        });
        d
    }

    #[test]
    fn windows_are_open_at_the_cutoff_and_closed_at_the_horizon() {
        let d = dataset();
        // Event on day 105 counts for cutoff 100 (horizon 5) but not for cutoff 105.
        assert_eq!(
            churned_between(&d, OutcomeSource::Events, 100, 5),
            vec![Some(true), Some(false), Some(false)]
        );
        assert_eq!(
            churned_between(&d, OutcomeSource::Events, 105, 90),
            vec![Some(false), Some(false), Some(false)]
        );
        assert_eq!(
            churned_between(&d, OutcomeSource::Dated, 100, 90),
            vec![Some(true), Some(true), Some(false)]
        );
        assert_eq!(
            churned_between(&d, OutcomeSource::Subscriptions, 100, 90),
            vec![Some(false), Some(true), Some(false)]
        );
        assert_eq!(dated_outcome_span(&d), Some((105, 150)));
        assert_eq!(
            churned_between(&d, OutcomeSource::AccountFlag, 100, 90),
            vec![Some(false), Some(false), Some(true)]
        );
    }
}
