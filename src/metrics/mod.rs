//! Per-account raw measures as of a date.
//!
//! [`compute`] reads only data dated on or before `as_of`, so the same code yields the
//! current period, the previous period (for trends) and any past date (for backtests).
//!
//! Missing is never zero: a measure whose inputs do not exist for an account is `None`
//! (and is dropped from the blend), while an account whose inputs exist but show no
//! activity gets a real 0. Flat spreadsheet columns ([`crate::dataset::FlatMeasures`]) fill
//! a measure only when the event data it would come from is absent. Flat columns are
//! undated snapshots; they are used at every as-of date, and scoring only reports a
//! previous score when the account also has dated rows back then.

pub mod contract;
pub mod goals;
pub mod index;
pub mod measure;
pub mod recency;
pub mod relationship;
pub mod sentiment;
pub mod sources;
pub mod support;
pub mod tenure;
pub mod usage;

use crate::dataset::{AccountIdx, Dataset, Day};
use crate::domain::measure::{Measure, BUILTINS};
use crate::model::config::Model;

pub use index::AccountIndex;

/// One measure's raw value for one account, with where it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureValue {
    /// Raw value in the measure's unit; `None` when the account has no data for it (and for
    /// categorical measures, whose value is `category`).
    pub raw: Option<f64>,
    /// The category text of a categorical measure (trimmed cell), `None` otherwise.
    pub category: Option<String>,
    /// How many input rows fed the value (0 for flat columns and missing values).
    pub rows: u32,
    /// Plain-language description of the value's origin (or why it is missing).
    pub evidence: String,
}

/// Usage volumes kept for flags (usage decline) and explanations.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct UsageFacts {
    /// True when the account has any usage row dated on or before as-of.
    pub has_usage: bool,
    /// Sum of event counts in the recent window.
    pub recent_volume: f64,
    /// Sum of event counts in the window of equal length before it.
    pub previous_volume: f64,
    /// Distinct users active in the last 28 days, when usage rows carry user ids.
    pub active_users_28d: Option<u32>,
}

/// Every measure of one account as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountMeasures {
    /// The account (index into [`Dataset::accounts`]).
    pub account: AccountIdx,
    /// One entry per built-in measure, in [`BUILTINS`] order (see [`AccountMeasures::get`]).
    pub values: Vec<MeasureValue>,
    /// The model's custom measures, in declaration order.
    pub custom: Vec<(Measure, MeasureValue)>,
    /// Accounts-table ARR, else active subscriptions' ARR, else the latest subscription's.
    pub effective_arr: Option<f64>,
    /// Licensed seats: accounts table, else seats of subscriptions active at as-of.
    pub seats: Option<f64>,
    /// Usage volumes for flags.
    pub usage: UsageFacts,
    /// True when any dated row (usage, survey, ticket, touchpoint, dated milestone) of the
    /// account is on or before as-of.
    pub has_dated_data: bool,
    /// How long the account has been a customer at as-of, `None` when unknown.
    pub tenure: Option<tenure::Tenure>,
}

impl AccountMeasures {
    /// The value of `measure` (an empty value for a measure the model does not declare).
    pub fn get(&self, measure: Measure) -> &MeasureValue {
        static MISSING: MeasureValue = MeasureValue {
            raw: None,
            category: None,
            rows: 0,
            evidence: String::new(),
        };
        match measure.builtin_slot() {
            Some(slot) => &self.values[slot],
            None => self
                .custom
                .iter()
                .find(|(m, _)| *m == measure)
                .map_or(&MISSING, |(_, v)| v),
        }
    }
    /// The raw value of `measure`, if any.
    pub fn raw(&self, measure: Measure) -> Option<f64> {
        self.get(measure).raw
    }
    /// Sets a built-in measure's value (the measure code fills built-ins only).
    fn set(&mut self, measure: Measure, raw: Option<f64>, rows: u32, evidence: String) {
        if let Some(slot) = measure.builtin_slot() {
            self.values[slot] = MeasureValue {
                raw: raw.filter(|v| v.is_finite()),
                category: None,
                rows,
                evidence,
            };
        }
    }
    fn is_missing(&self, measure: Measure) -> bool {
        self.get(measure).raw.is_none()
    }
}

/// Computes every account's measures from data dated on or before `as_of`.
pub fn compute(dataset: &Dataset, model: &Model, as_of: Day) -> Vec<AccountMeasures> {
    let index = AccountIndex::build(dataset);
    compute_indexed(dataset, &index, model, as_of)
}

/// [`compute`] with an index built once by the caller (scoring reuses it for the previous
/// period and the flags).
pub fn compute_indexed(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    as_of: Day,
) -> Vec<AccountMeasures> {
    let portfolio = usage::Portfolio::new(dataset, model, as_of);
    let mut scratch = usage::Scratch::new(dataset);
    let tables = TablesPresent::new(dataset, index, as_of);
    let columns = sources::Columns::resolve(dataset, model);
    (0..dataset.accounts.len())
        .map(|a| {
            let mut out = AccountMeasures {
                account: a as AccountIdx,
                values: vec![MeasureValue::default(); BUILTINS.len()],
                custom: Vec::new(),
                effective_arr: contract::effective_arr(dataset, index, a, as_of),
                seats: contract::seats(dataset, index, a, as_of),
                usage: UsageFacts::default(),
                has_dated_data: false,
                tenure: tenure::tenure(dataset, index, a, as_of),
            };
            usage::fill(
                dataset,
                index,
                model,
                &portfolio,
                &mut scratch,
                a,
                as_of,
                &mut out,
            );
            sentiment::fill(dataset, index, model, a, as_of, &mut out);
            support::fill(dataset, index, model, &tables, a, as_of, &mut out);
            goals::fill(dataset, index, &tables, a, as_of, &mut out);
            relationship::fill(dataset, index, model, &tables, a, as_of, &mut out);
            recency::fill(dataset, index, a, as_of, &mut out);
            sources::fill(&columns, a, as_of, &mut out);
            out
        })
        .collect()
}

/// Which optional tables were loaded and reach back to as-of: where a table exists, an
/// account with no rows in it has a real zero; where it does not, the measure is missing.
#[derive(Debug, Clone, Copy)]
pub struct TablesPresent {
    /// A ticket table exists with a ticket on or before as-of.
    pub tickets: bool,
    /// A touchpoint table exists with a touchpoint on or before as-of.
    pub touchpoints: bool,
    /// A goals/milestones table exists.
    pub goals: bool,
}

impl TablesPresent {
    fn new(dataset: &Dataset, index: &AccountIndex, as_of: Day) -> TablesPresent {
        TablesPresent {
            tickets: index.first_ticket_day.is_some_and(|d| d <= as_of),
            touchpoints: index.first_touchpoint_day.is_some_and(|d| d <= as_of),
            goals: !dataset.goals.is_empty(),
        }
    }
}

/// Formats a number for evidence: integers without decimals, others with two.
pub fn fmt_num(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 && value.abs() < 1e15 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.2}")
    }
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests;
