//! The joins done in `finish`: raw account keys → account indexes, subscription keys →
//! accounts, and rejection (reported against the originating file and line) of rows whose
//! account or subscription cannot be resolved.

use super::issues::Reporter;
use super::staging::{KeyInterner, Staging, SUBSCRIPTION_KEY_BIT};
use crate::dataset::{
    Account, AccountColumn, AccountIdx, ColumnValues, Dataset, Day, Interner, RowRef, UsageColumns,
    NONE_ID,
};

/// Resolves raw account keys to account indexes, creating accounts on the fly when no
/// accounts table was given.
struct AccountResolver {
    /// Raw key id → account index.
    by_key: Vec<Option<AccountIdx>>,
    create_missing: bool,
}

impl AccountResolver {
    fn resolve(&mut self, key: u32, st: &Staging, dataset: &mut Dataset) -> Option<AccountIdx> {
        if let Some(idx) = self.by_key[key as usize] {
            return Some(idx);
        }
        if !self.create_missing {
            return None;
        }
        let id = st.account_keys.name(key);
        let idx = dataset.account_ids.intern(id);
        debug_assert_eq!(idx as usize, dataset.accounts.len());
        dataset.accounts.push(Account {
            id: id.to_string(),
            ..Default::default()
        });
        self.by_key[key as usize] = Some(idx);
        Some(idx)
    }
}

fn account_column(reporter: &Reporter) -> Option<String> {
    reporter
        .report
        .mapping
        .iter()
        .find(|m| m.field.as_deref() == Some("account_id"))
        .map(|m| m.header.clone())
}

fn column_for(reporter: &Reporter, field: &str) -> Option<String> {
    reporter
        .report
        .mapping
        .iter()
        .find(|m| m.field.as_deref() == Some(field))
        .map(|m| m.header.clone())
}

fn reject_missing_account(reporters: &mut [Reporter], source: RowRef, id: &str) {
    let r = &mut reporters[source.file as usize];
    let column = account_column(r);
    r.reject_used(
        source.line as u64,
        column.as_deref(),
        "account not in the accounts table",
        format!("account {id} not in the accounts table"),
    );
}

/// Keeps the entries of `values` whose `keep` flag is set, in order, without reallocating.
fn compact<T: Copy>(values: &mut Vec<T>, keep: &[bool]) {
    let mut write = 0;
    for read in 0..values.len() {
        if keep[read] {
            values[write] = values[read];
            write += 1;
        }
    }
    values.truncate(write);
}

/// Builds an [`Interner`] of the names still referenced by `ids` (in their original order) and
/// rewrites `ids` to the new dense ids. [`NONE_ID`] stays as is.
fn keep_used_names(names: KeyInterner, ids: &mut [u32]) -> Interner {
    let mut new_id: Vec<u32> = vec![NONE_ID; names.len()];
    for &id in ids.iter() {
        if id != NONE_ID {
            new_id[id as usize] = 0;
        }
    }
    let mut interner = Interner::default();
    for (old, slot) in new_id.iter_mut().enumerate() {
        if *slot != NONE_ID {
            *slot = interner.intern(names.name(old as u32));
        }
    }
    for id in ids.iter_mut() {
        if *id != NONE_ID {
            *id = new_id[*id as usize];
        }
    }
    interner
}

/// Builds the dataset from the staged rows, rejecting unresolvable rows in `reporters`.
pub fn join(st: Staging, reporters: &mut [Reporter]) -> Dataset {
    let mut dataset = Dataset::default();
    let mut resolver = AccountResolver {
        by_key: vec![None; st.account_keys.len()],
        create_missing: !st.has_accounts_table,
    };
    let mut st = st;
    // Account index of each staged accounts-table row (for the typed columns).
    let mut staged_idx: Vec<AccountIdx> = Vec::with_capacity(st.accounts.len());
    for (key, account) in std::mem::take(&mut st.accounts) {
        let idx = dataset.account_ids.intern(&account.id);
        dataset.accounts.push(account);
        resolver.by_key[key as usize] = Some(idx);
        staged_idx.push(idx);
    }
    let mut latest: Option<Day> = None;
    let mut see = |day: Day| latest = Some(latest.map_or(day, |l: Day| l.max(day)));

    // Subscriptions, and the subscription key → account map for usage.
    let mut sub_account: Vec<Option<AccountIdx>> = vec![None; st.subscription_keys.len()];
    // Subscriptions rejected because their account is unknown: subscription key → account key.
    let mut sub_orphan_of: Vec<Option<u32>> = vec![None; st.subscription_keys.len()];
    for (sub_key, mut sub) in std::mem::take(&mut st.subscriptions) {
        match resolver.resolve(sub.account, &st, &mut dataset) {
            Some(idx) => {
                sub.account = idx;
                sub_account[sub_key as usize] = Some(idx);
                if let Some(d) = sub.start_day {
                    see(d);
                }
                dataset.subscriptions.push(sub);
            }
            None => {
                sub_orphan_of[sub_key as usize] = Some(sub.account);
                reject_missing_account(reporters, sub.source, st.account_keys.name(sub.account))
            }
        }
    }

    // Usage: resolve the account of every row; the value columns are moved, not copied, and
    // compacted in place only when some rows are rejected.
    let mut staged = std::mem::take(&mut st.usage);
    let n = staged.day.len();
    let mut account: Vec<AccountIdx> = Vec::with_capacity(n);
    let mut keep: Vec<bool> = Vec::new();
    for i in 0..n {
        let key = staged.key[i];
        let resolved = if key & SUBSCRIPTION_KEY_BIT != 0 {
            let sub = key & !SUBSCRIPTION_KEY_BIT;
            sub_account[sub as usize].ok_or_else(|| {
                let id = st.subscription_keys.name(sub);
                let reason = if let Some(account) = sub_orphan_of[sub as usize] {
                    format!(
                        "subscription {id} belongs to account {}, which is not in the accounts table",
                        st.account_keys.name(account)
                    )
                } else if st.has_subscriptions_table {
                    format!("subscription {id} not in the subscriptions table")
                } else {
                    format!("subscription {id} cannot be linked to an account: no subscriptions table was given")
                };
                ("subscription not resolved", reason, "subscription_id")
            })
        } else {
            resolver.resolve(key, &st, &mut dataset).ok_or_else(|| {
                (
                    "account not in the accounts table",
                    format!(
                        "account {} not in the accounts table",
                        st.account_keys.name(key)
                    ),
                    "account_id",
                )
            })
        };
        match resolved {
            Ok(idx) => {
                account.push(idx);
                if !keep.is_empty() {
                    keep.push(true);
                }
                see(staged.day[i]);
            }
            Err((key, reason, field)) => {
                if keep.is_empty() {
                    keep = vec![true; i];
                    keep.reserve(n - i);
                }
                keep.push(false);
                let r = &mut reporters[staged.file_of(i) as usize];
                let column = column_for(r, field);
                r.reject_used(staged.line[i] as u64, column.as_deref(), key, reason);
            }
        }
    }
    let usage_rows_rejected = !keep.is_empty();
    if usage_rows_rejected {
        compact(&mut staged.user, &keep);
        compact(&mut staged.day, &keep);
        compact(&mut staged.feature, &keep);
        compact(&mut staged.count, &keep);
        compact(&mut staged.duration_secs, &keep);
        compact(&mut staged.errors, &keep);
    }
    dataset.usage = UsageColumns {
        account,
        user: staged.user,
        day: staged.day,
        feature: staged.feature,
        count: staged.count,
        duration_secs: staged.duration_secs,
        errors: staged.errors,
    };

    for mut s in std::mem::take(&mut st.surveys) {
        if s.score.is_nan() {
            continue; // already rejected at the end of its file
        }
        match resolver.resolve(s.account, &st, &mut dataset) {
            Some(idx) => {
                s.account = idx;
                see(s.day);
                dataset.surveys.push(s);
            }
            None => reject_missing_account(reporters, s.source, st.account_keys.name(s.account)),
        }
    }
    for mut t in std::mem::take(&mut st.tickets) {
        match resolver.resolve(t.account, &st, &mut dataset) {
            Some(idx) => {
                t.account = idx;
                see(t.opened.div_euclid(super::values::SECS_PER_DAY) as Day);
                dataset.tickets.push(t);
            }
            None => reject_missing_account(reporters, t.source, st.account_keys.name(t.account)),
        }
    }
    for mut g in std::mem::take(&mut st.goals) {
        match resolver.resolve(g.account, &st, &mut dataset) {
            Some(idx) => {
                g.account = idx;
                if let Some(d) = g.completed_day {
                    see(d);
                }
                dataset.goals.push(g);
            }
            None => reject_missing_account(reporters, g.source, st.account_keys.name(g.account)),
        }
    }
    for mut t in std::mem::take(&mut st.touchpoints) {
        match resolver.resolve(t.account, &st, &mut dataset) {
            Some(idx) => {
                t.account = idx;
                see(t.day);
                dataset.touchpoints.push(t);
            }
            None => reject_missing_account(reporters, t.source, st.account_keys.name(t.account)),
        }
    }
    for mut c in std::mem::take(&mut st.churn_events) {
        match resolver.resolve(c.account, &st, &mut dataset) {
            Some(idx) => {
                c.account = idx;
                dataset.churn_events.push(c);
            }
            None => reject_missing_account(reporters, c.source, st.account_keys.name(c.account)),
        }
    }
    dataset.releases = std::mem::take(&mut st.releases);
    let users = std::mem::take(&mut st.users);
    let features = std::mem::take(&mut st.features);
    if usage_rows_rejected {
        // Users and features seen only on rejected rows must not appear in the dataset.
        dataset.users = keep_used_names(users, &mut dataset.usage.user);
        dataset.features = keep_used_names(features, &mut dataset.usage.feature);
    } else {
        dataset.users = users.into_interner();
        dataset.features = features.into_interner();
    }
    dataset.latest_day = latest;
    let n = dataset.accounts.len();
    dataset.account_columns = std::mem::take(&mut st.account_columns)
        .into_iter()
        .map(|c| AccountColumn {
            header: c.header,
            file: c.file,
            mapped_to: c.mapped_to,
            values: match c.values {
                ColumnValues::Number(v) => {
                    ColumnValues::Number(scatter(v, &c.rows, &staged_idx, n))
                }
                ColumnValues::Date(v) => ColumnValues::Date(scatter(v, &c.rows, &staged_idx, n)),
                ColumnValues::YesNo(v) => ColumnValues::YesNo(scatter(v, &c.rows, &staged_idx, n)),
                ColumnValues::Category(v) => {
                    ColumnValues::Category(scatter(v, &c.rows, &staged_idx, n))
                }
            },
        })
        .collect();
    dataset
}

/// Places the values of staged rows `rows` at their accounts' indexes, `None` elsewhere
/// (accounts of another accounts file, or seen only in event tables).
fn scatter<T>(
    values: Vec<Option<T>>,
    rows: &[usize],
    idx: &[AccountIdx],
    n: usize,
) -> Vec<Option<T>> {
    let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
    for (v, &r) in values.into_iter().zip(rows) {
        out[idx[r] as usize] = v;
    }
    out
}
