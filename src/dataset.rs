//! The ingested, joined and columnar form of everything the user uploaded.
//!
//! `ingest` produces a [`Dataset`]; `metrics` reads it. Account ids are interned to dense
//! `u32` indexes ([`AccountIdx`]) so that event tables are plain columns of numbers.

use serde::Serialize;

pub use crate::domain::calendar::{day_from_ymd, day_to_iso, parse_iso_day, Day};
use crate::domain::report::FileReport;

/// Dense index of an account in [`Dataset::accounts`].
pub type AccountIdx = u32;

/// Marker for "no value" in interned `u32` columns (user, feature).
pub const NONE_ID: u32 = u32::MAX;

/// A string interner: equal strings get equal dense `u32` ids.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    ids: std::collections::HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    /// Returns the id of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }
    /// The id of `name`, if it was interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }
    /// The string behind `id`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(|s| &**s).unwrap_or("")
    }
    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Where a value came from, for evidence and error messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowRef {
    /// Index into [`Dataset::files`].
    pub file: u32,
    /// 1-based physical line of the record's first line (the header is line 1 in CSV).
    pub line: u32,
}

/// Per-account measures a flat spreadsheet may carry directly (maturity level 2).
/// Each is `None` when the column is absent or the cell was blank.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FlatMeasures {
    /// CSAT as a share 0–1 (a 0–100 percentage is converted on ingest).
    pub csat: Option<f64>,
    /// NPS −100..100.
    pub nps: Option<f64>,
    /// Logins (or active days) in the last 30 days.
    pub logins_30d: Option<f64>,
    /// Distinct active users in the last ~30 days.
    pub active_users: Option<f64>,
    /// Goal progress as a share 0–1 (percentages converted).
    pub goal_progress: Option<f64>,
    /// Number of distinct features used.
    pub features_used: Option<f64>,
    /// Success plan in place (true/false).
    pub success_plan: Option<bool>,
    /// Customer empowerment 0–1 (training completion, self-serve share…; percentages converted).
    pub empowerment: Option<f64>,
    /// Support tickets in the last 30 days.
    pub tickets_30d: Option<f64>,
}

/// One customer account.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Account {
    pub id: String,
    pub name: Option<String>,
    /// Annual contract value from the accounts table (ARR, or MRR×12). When absent, scoring
    /// derives it from the subscriptions active at the as-of date.
    pub arr: Option<f64>,
    pub plan: Option<String>,
    pub seats: Option<f64>,
    pub industry: Option<String>,
    /// Region or country, as given.
    pub region: Option<String>,
    /// Company size: number of employees when numeric.
    pub company_size: Option<f64>,
    /// Company size as a label when it is not a number (e.g. "51-200").
    pub company_size_label: Option<String>,
    pub start_day: Option<Day>,
    pub renewal_day: Option<Day>,
    pub owner: Option<String>,
    /// Churn outcome recorded on the account row, if any.
    pub churned: Option<bool>,
    /// Churn date, when the churn column holds dates.
    pub churn_day: Option<Day>,
    pub is_trial: Option<bool>,
    pub flat: FlatMeasures,
    /// The accounts-table row, or `None` for accounts only seen in event tables.
    pub source: Option<RowRef>,
}

/// Product usage events, one entry per input row, stored as columns.
#[derive(Debug, Clone, Default)]
pub struct UsageColumns {
    pub account: Vec<AccountIdx>,
    /// Interned user id in [`Dataset::users`], or [`NONE_ID`].
    pub user: Vec<u32>,
    pub day: Vec<Day>,
    /// Interned feature in [`Dataset::features`], or [`NONE_ID`].
    pub feature: Vec<u32>,
    /// Event count (1 when the file has no count column).
    pub count: Vec<f32>,
    /// Duration in seconds, NaN when absent.
    pub duration_secs: Vec<f32>,
    /// Errors seen, NaN when absent.
    pub errors: Vec<f32>,
}

impl UsageColumns {
    /// Number of usage rows.
    pub fn len(&self) -> usize {
        self.day.len()
    }
    /// True when there are no usage rows.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }
}

/// Kind of survey answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// 1–5 satisfaction.
    Csat,
    /// 0–10 likelihood to recommend.
    Nps,
    /// Customer effort score (1–7 or 1–5, lower effort is better).
    Ces,
}

/// One survey response.
#[derive(Debug, Clone, Serialize)]
pub struct Survey {
    pub account: AccountIdx,
    pub day: Day,
    pub kind: SurveyKind,
    pub score: f64,
    pub comment: Option<String>,
    pub source: RowRef,
}

/// One support ticket.
#[derive(Debug, Clone, Serialize)]
pub struct Ticket {
    pub account: AccountIdx,
    /// Opened, seconds since the epoch.
    pub opened: i64,
    /// Resolved, seconds since the epoch.
    pub resolved: Option<i64>,
    /// Resolution time given explicitly by the file, in hours.
    pub resolution_hours: Option<f64>,
    pub priority: Option<String>,
    pub category: Option<String>,
    /// Satisfaction rating attached to the ticket (1–5 scale).
    pub satisfaction: Option<f64>,
    pub escalated: Option<bool>,
    pub source: RowRef,
}

/// Whether a goals-table row is a measurable goal or a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    Goal,
    Milestone,
}

/// One customer goal or milestone from the success plan.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub account: AccountIdx,
    pub name: String,
    pub kind: GoalKind,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub due_day: Option<Day>,
    /// Normalised status text (e.g. "done", "in_progress", "missed", "planned").
    pub status: Option<String>,
    pub completed_day: Option<Day>,
    pub source: RowRef,
}

/// Direction of a touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// A CSM interaction: call, email, meeting, QBR…
#[derive(Debug, Clone, Serialize)]
pub struct Touchpoint {
    pub account: AccountIdx,
    pub day: Day,
    pub kind: Option<String>,
    pub direction: Option<Direction>,
    pub source: RowRef,
}

/// A product release, for release-disruption detection.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub day: Day,
    pub feature: Option<String>,
    pub source: RowRef,
}

/// A subscription (contract line) of an account.
#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub id: String,
    pub account: AccountIdx,
    pub start_day: Option<Day>,
    pub end_day: Option<Day>,
    pub seats: Option<f64>,
    pub arr: Option<f64>,
    pub plan: Option<String>,
    pub churned: Option<bool>,
    pub is_trial: Option<bool>,
    pub source: RowRef,
}

/// A recorded churn (or renewal) outcome, used by backtests.
#[derive(Debug, Clone, Serialize)]
pub struct ChurnEvent {
    pub account: AccountIdx,
    pub day: Option<Day>,
    pub reason: Option<String>,
    pub source: RowRef,
}

/// Everything ingested, joined to accounts.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub accounts: Vec<Account>,
    pub account_ids: Interner,
    pub users: Interner,
    pub features: Interner,
    pub usage: UsageColumns,
    pub surveys: Vec<Survey>,
    pub tickets: Vec<Ticket>,
    pub goals: Vec<Goal>,
    pub touchpoints: Vec<Touchpoint>,
    pub releases: Vec<Release>,
    pub subscriptions: Vec<Subscription>,
    pub churn_events: Vec<ChurnEvent>,
    /// One report per input file, in the order files were given.
    pub files: Vec<FileReport>,
    /// Latest event day seen in any table (the default as-of date).
    pub latest_day: Option<Day>,
    /// Every accounts-table column but the account id, typed per column, one value per
    /// account: the raw material of custom measures and of measure discovery.
    pub account_columns: Vec<AccountColumn>,
}

/// One column of the accounts table, kept typed (mapped or not) so that it can become a
/// measure without re-reading the file.
#[derive(Debug, Clone, Serialize)]
pub struct AccountColumn {
    /// The header as written in the file.
    pub header: String,
    /// Index into [`Dataset::files`].
    pub file: u32,
    /// The field the column feeds (`"arr"`, `"churned"`, …), `None` when unmapped.
    pub mapped_to: Option<String>,
    /// One entry per account, in [`AccountIdx`] order; `None` where the cell was blank or the
    /// account has no accounts-table row.
    pub values: ColumnValues,
}

/// The values of an [`AccountColumn`], typed from the whole column.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", content = "values", rename_all = "snake_case")]
pub enum ColumnValues {
    Number(Vec<Option<f64>>),
    Date(Vec<Option<Day>>),
    YesNo(Vec<Option<bool>>),
    Category(Vec<Option<String>>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_gives_dense_ids() {
        let mut i = Interner::default();
        assert_eq!(i.intern("a"), 0);
        assert_eq!(i.intern("b"), 1);
        assert_eq!(i.intern("a"), 0);
        assert_eq!(i.name(1), "b");
        assert_eq!(i.get("c"), None);
    }
}
