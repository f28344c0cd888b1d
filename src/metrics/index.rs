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
        sort_usage_groups(dataset, &usage_start, &mut usage_rows);
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
            crate::sort::sort_by_key(list, |&i| (dataset.surveys[i as usize].day, i));
        }
        let mut tickets = group(dataset.tickets.len(), &|i| dataset.tickets[i].account);
        for list in &mut tickets {
            crate::sort::sort_by_key(list, |&i| (dataset.tickets[i as usize].opened, i));
        }
        let goals = group(dataset.goals.len(), &|i| dataset.goals[i].account);
        let mut touchpoints = group(dataset.touchpoints.len(), &|i| {
            dataset.touchpoints[i].account
        });
        for list in &mut touchpoints {
            crate::sort::sort_by_key(list, |&i| (dataset.touchpoints[i as usize].day, i));
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

/// Sorts each account's usage rows by (day, user, feature, row). When the three fit in 64
/// bits (days relative to the first day, user and feature ids with "none" mapped after every
/// id), rows are sorted on one packed integer key held next to the row, which is several
/// times faster than comparing tuples read from four columns; otherwise by the tuple.
fn sort_usage_groups(dataset: &Dataset, usage_start: &[usize], usage_rows: &mut [u32]) {
    let usage = &dataset.usage;
    let bits = |max: u64| 64 - max.leading_zeros();
    let (min_day, max_day) = usage
        .day
        .iter()
        .fold((Day::MAX, Day::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    let max_id = |col: &[u32]| {
        col.iter()
            .filter(|&&v| v != NONE_ID)
            .max()
            .map_or(0, |&m| m as u64)
    };
    let (none_user, none_feature) = (max_id(&usage.user) + 1, max_id(&usage.feature) + 1);
    let user_bits = bits(none_user);
    let feature_bits = bits(none_feature);
    let day_bits = if usage.day.is_empty() {
        0
    } else {
        bits((max_day as i64 - min_day as i64) as u64)
    };
    if day_bits + user_bits + feature_bits > 64 {
        // Ids too wide to pack: rare, so the compact sort is fine here.
        for w in usage_start.windows(2) {
            let mut rows = usage_rows[w[0]..w[1]].to_vec();
            crate::sort::sort_by_key(&mut rows, |&r| {
                let r = r as usize;
                (usage.day[r], usage.user[r], usage.feature[r])
            });
            usage_rows[w[0]..w[1]].copy_from_slice(&rows);
        }
        return;
    }
    let key = |r: usize| {
        let user = match usage.user[r] {
            NONE_ID => none_user,
            u => u as u64,
        };
        let feature = match usage.feature[r] {
            NONE_ID => none_feature,
            f => f as u64,
        };
        let day = (usage.day[r] as i64 - min_day as i64) as u64;
        // Shifts by the full width are avoided: a zero-bit field contributes nothing.
        ((day << user_bits) | user)
            .checked_shl(feature_bits)
            .unwrap_or(0)
            | feature
    };
    let day_shift = user_bits + feature_bits;
    if day_bits + day_shift <= 32 && usage.day.len() <= u32::MAX as usize {
        // Key and row fit in one u64 (key high, row low): the keys are computed in row order
        // (sequential reads of the columns) and scattered into each account's range, then
        // sorted as plain integers.
        let accounts = usage_start.len() - 1;
        let mut cursor = usage_start[..accounts].to_vec();
        let mut packed = vec![0u64; usage_rows.len()];
        for (r, &a) in usage.account.iter().enumerate() {
            if (a as usize) < accounts {
                packed[cursor[a as usize]] = key(r) << 32 | r as u64;
                cursor[a as usize] += 1;
            }
        }
        let day_of = |p: u64| p >> (32 + day_shift);
        for w in usage_start.windows(2) {
            sort_by_day_runs(&mut packed[w[0]..w[1]], day_of);
        }
        for (slot, p) in usage_rows.iter_mut().zip(&packed) {
            *slot = *p as u32;
        }
        return;
    }
    let mut scratch: Vec<(u64, u32)> = Vec::new();
    for w in usage_start.windows(2) {
        let rows = &mut usage_rows[w[0]..w[1]];
        scratch.clear();
        scratch.extend(rows.iter().map(|&r| (key(r as usize), r)));
        let day_of = |p: (u64, u32)| p.0.checked_shr(day_shift).unwrap_or(0);
        sort_by_day_runs(&mut scratch, day_of);
        for (slot, &(_, r)) in rows.iter_mut().zip(&scratch) {
            *slot = r;
        }
    }
}

/// Sorts `items`; when they are already in day order (date-ordered exports), only each run of
/// equal days is sorted.
fn sort_by_day_runs<T: Ord + Copy>(items: &mut [T], day_of: impl Fn(T) -> u64) {
    if items.windows(2).all(|p| day_of(p[0]) <= day_of(p[1])) {
        let mut start = 0;
        while start < items.len() {
            let day = day_of(items[start]);
            let mut end = start + 1;
            while end < items.len() && day_of(items[end]) == day {
                end += 1;
            }
            items[start..end].sort_unstable();
            start = end;
        }
    } else {
        items.sort_unstable();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Account;

    fn random_dataset(seed: u64, rows: usize, wide_ids: bool) -> Dataset {
        random_dataset_ids(seed, rows, if wide_ids { u32::MAX } else { 9 })
    }

    /// Usage with user and feature ids below `id_range` (u32::MAX: any id).
    fn random_dataset_ids(seed: u64, rows: usize, id_range: u32) -> Dataset {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let mut d = Dataset {
            accounts: vec![Account::default(); 7],
            ..Default::default()
        };
        for _ in 0..rows {
            // Some rows point past the accounts (left out of the index).
            d.usage.account.push(next() % 8);
            d.usage.day.push(19_000 + (next() % 40) as Day - 20);
            let id = |v: u32, none: bool| {
                if none {
                    NONE_ID
                } else if id_range == u32::MAX {
                    v
                } else {
                    v % id_range
                }
            };
            let (u, un) = (next(), next() % 5 == 0);
            let (f, fnone) = (next(), next() % 7 == 0);
            d.usage.user.push(id(u, un));
            d.usage.feature.push(id(f, fnone));
            d.usage.count.push(1.0);
        }
        d
    }

    /// The packed-key sort must give exactly the order of the (day, user, feature, row) tuple
    /// sort, "none" ids included; ids too wide to pack take the tuple path.
    #[test]
    fn packed_usage_sort_matches_the_tuple_sort() {
        for (seed, wide) in [
            (1, false),
            (2, false),
            (3, true),
            (4, false),
            (5, false),
            (6, false),
        ] {
            let mut d = random_dataset(seed, 3000, wide);
            if seed == 6 {
                // Ids needing 17 bits each: key over 32 bits, the (key, row) pair path.
                d = random_dataset_ids(seed, 3000, 100_000);
            }
            if seed == 5 {
                // Date-ordered export: the per-day run path.
                d.usage.day.sort_unstable();
            }
            let index = AccountIndex::build(&d);
            for a in 0..d.accounts.len() {
                let mut want: Vec<u32> = (0..d.usage.len() as u32)
                    .filter(|&r| d.usage.account[r as usize] as usize == a)
                    .collect();
                want.sort_by_key(|&r| {
                    let r = r as usize;
                    (d.usage.day[r], d.usage.user[r], d.usage.feature[r], r)
                });
                assert_eq!(index.usage_of(a), &want[..], "seed {seed} account {a}");
            }
        }
    }
}
