//! Per-account indexes built once per dataset, so that every measure reads only its own
//! account's rows instead of scanning whole tables (usage can be millions of rows).

use crate::dataset::{Dataset, Day, NONE_ID};

/// Row positions of every event table, grouped by account and sorted by time.
///
/// Usage rows of account `a` are `usage_rows[usage_start[a]..usage_start[a + 1]]`, sorted by
/// (day, user, feature, original row) so the order of the input never changes a result.
#[derive(Debug, Clone, Default)]
pub struct AccountIndex {
    usage_start: Vec<usize>,
    usage_rows: Vec<u32>,
    /// Survey positions per account, sorted by day.
    pub surveys: Vec<Vec<u32>>,
    /// Ticket positions per account, sorted by opening time.
    pub tickets: Vec<Vec<u32>>,
    /// Goal and milestone positions per account, in input order.
    pub goals: Vec<Vec<u32>>,
    /// Touchpoint positions per account, sorted by day.
    pub touchpoints: Vec<Vec<u32>>,
    /// Subscription positions per account, in input order.
    pub subscriptions: Vec<Vec<u32>>,
    /// True when usage rows carry user ids (needed by stickiness, seats, champion loss).
    pub usage_has_users: bool,
    /// True when usage rows carry feature names (needed by breadth and adoption).
    pub usage_has_features: bool,
    /// Earliest day of any ticket, used to tell "no tickets" from "no ticket data yet".
    pub first_ticket_day: Option<Day>,
    /// Earliest day of any touchpoint.
    pub first_touchpoint_day: Option<Day>,
}

impl AccountIndex {
    /// Groups every table of `dataset` by account (counting sort for usage: O(rows)).
    pub fn build(dataset: &Dataset) -> AccountIndex {
        let accounts = dataset.accounts.len();
        let usage = &dataset.usage;
        let mut usage_start = vec![0usize; accounts + 1];
        for &a in &usage.account {
            if (a as usize) < accounts {
                usage_start[a as usize + 1] += 1;
            }
        }
        for i in 0..accounts {
            usage_start[i + 1] += usage_start[i];
        }
        let mut cursor = usage_start.clone();
        let mut usage_rows = vec![0u32; usage_start[accounts]];
        for (row, &a) in usage.account.iter().enumerate() {
            if (a as usize) < accounts {
                usage_rows[cursor[a as usize]] = row as u32;
                cursor[a as usize] += 1;
            }
        }
        for a in 0..accounts {
            usage_rows[usage_start[a]..usage_start[a + 1]].sort_unstable_by_key(|&r| {
                let r = r as usize;
                (usage.day[r], usage.user[r], usage.feature[r], r)
            });
        }
        let group = |len: usize, account_of: &dyn Fn(usize) -> u32| {
            let mut out = vec![Vec::new(); accounts];
            for i in 0..len {
                let a = account_of(i) as usize;
                if a < accounts {
                    out[a].push(i as u32);
                }
            }
            out
        };
        let mut surveys = group(dataset.surveys.len(), &|i| dataset.surveys[i].account);
        for list in &mut surveys {
            list.sort_by_key(|&i| (dataset.surveys[i as usize].day, i));
        }
        let mut tickets = group(dataset.tickets.len(), &|i| dataset.tickets[i].account);
        for list in &mut tickets {
            list.sort_by_key(|&i| (dataset.tickets[i as usize].opened, i));
        }
        let goals = group(dataset.goals.len(), &|i| dataset.goals[i].account);
        let mut touchpoints = group(dataset.touchpoints.len(), &|i| {
            dataset.touchpoints[i].account
        });
        for list in &mut touchpoints {
            list.sort_by_key(|&i| (dataset.touchpoints[i as usize].day, i));
        }
        let subscriptions = group(dataset.subscriptions.len(), &|i| {
            dataset.subscriptions[i].account
        });
        AccountIndex {
            usage_start,
            usage_rows,
            surveys,
            tickets,
            goals,
            touchpoints,
            subscriptions,
            usage_has_users: usage.user.iter().any(|&u| u != NONE_ID),
            usage_has_features: usage.feature.iter().any(|&f| f != NONE_ID),
            first_ticket_day: dataset
                .tickets
                .iter()
                .map(|t| seconds_to_day(t.opened))
                .min(),
            first_touchpoint_day: dataset.touchpoints.iter().map(|t| t.day).min(),
        }
    }

    /// Usage row positions of `account`, sorted by day.
    pub fn usage_of(&self, account: usize) -> &[u32] {
        match (
            self.usage_start.get(account),
            self.usage_start.get(account + 1),
        ) {
            (Some(&s), Some(&e)) => &self.usage_rows[s..e],
            _ => &[],
        }
    }
}

/// The day (since the epoch) containing a timestamp in seconds.
pub fn seconds_to_day(seconds: i64) -> Day {
    seconds.div_euclid(86_400) as Day
}

/// Rows of a day-sorted usage slice whose day lies in `first..=last`.
pub fn rows_between<'a>(rows: &'a [u32], days: &[Day], first: Day, last: Day) -> &'a [u32] {
    let start = rows.partition_point(|&r| days[r as usize] < first);
    let end = rows.partition_point(|&r| days[r as usize] <= last);
    if start >= end {
        &[]
    } else {
        &rows[start..end]
    }
}
