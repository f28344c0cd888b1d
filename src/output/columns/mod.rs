//! Results as columns: one typed array per account field, for the trip from the wasm engine
//! to the page (typed arrays cross the worker boundary without copying; an object per account
//! does not).
//!
//! [`AccountColumns`] holds every per-account value the page shows, entry `i` being account `i`
//! of [`Results::accounts`]. The per-account score breakdowns (`components`) are left out: the
//! page asks for one account's at a time. Everything that is not per account goes as JSON in
//! [`rest_json`], together with the dictionaries of the coded columns.

mod encode;
mod rest;

pub use encode::{number, CodeColumn, Codes, TextColumn};
pub use rest::rest_json;

use crate::results::{AccountResult, Flag, Quadrant, Results};

/// Every per-account value of [`Results`] except `components` and `near_misses`, column by
/// column.
///
/// Conventions: missing numbers are NaN; coded columns use code 0 for missing; `flags` is a
/// bitmask over [`Flag::ALL`] (bit `k` = `Flag::ALL[k]`); `quadrant` is 0 for none, else 1 +
/// the position in [`Quadrant::ALL`]; `priority_rank` is 0 when the account has no priority
/// (ranks start at 1), and the other `priority_*` entries are then NaN / missing.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountColumns {
    pub account_id: TextColumn,
    pub name: TextColumn,
    pub arr: Vec<f64>,
    pub plan: CodeColumn,
    pub region: CodeColumn,
    pub owner: CodeColumn,
    pub lifecycle_stage: CodeColumn,
    pub tenure_days: Vec<f64>,
    pub health_score: Vec<f64>,
    /// Calibrated churn probability (NaN unless the model carries a learned one).
    pub churn_probability: Vec<f64>,
    pub band: CodeColumn,
    pub previous_score: Vec<f64>,
    pub trend: Vec<f64>,
    pub trend_explanation: TextColumn,
    pub satisfaction_index: Vec<f64>,
    pub usage_index: Vec<f64>,
    pub quadrant: Vec<u8>,
    pub value_realized: Vec<f64>,
    pub flags: Vec<u32>,
    pub flag_hits: FlagHitColumns,
    pub coverage: Vec<f64>,
    pub priority_rank: Vec<u32>,
    pub priority_risk: Vec<f64>,
    pub revenue_at_risk: Vec<f64>,
    pub priority_play: CodeColumn,
    pub priority_reason: TextColumn,
    pub segment_arr_tier: CodeColumn,
    pub segment_region: CodeColumn,
    pub segment_size_tier: CodeColumn,
    pub segment_plan: CodeColumn,
    pub segment_lifecycle_stage: CodeColumn,
    pub override_reason: CodeColumn,
    pub computed_score: Vec<f64>,
}

/// The raised flags' evidence and risk, account after account: account `i`'s hits are
/// `start[i]..start[i + 1]`, in the order of its set bits in [`AccountColumns::flags`].
#[derive(Debug, Clone, PartialEq)]
pub struct FlagHitColumns {
    pub start: Vec<u32>,
    pub risk: Vec<f64>,
    pub evidence: TextColumn,
}

/// One column's values, borrowed, for conversion to a typed array.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Array<'a> {
    F64(&'a [f64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
}

impl AccountColumns {
    /// The columns of `results.accounts`, in result order.
    pub fn from_results(results: &Results) -> Self {
        let accounts = results.accounts.as_slice();
        AccountColumns {
            account_id: texts(accounts, |a| Some(a.account_id.as_str())),
            name: texts(accounts, |a| a.name.as_deref()),
            arr: numbers(accounts, |a| a.arr),
            plan: codes(accounts, |a| a.plan.as_deref()),
            region: codes(accounts, |a| a.region.as_deref()),
            owner: codes(accounts, |a| a.owner.as_deref()),
            lifecycle_stage: codes(accounts, |a| a.lifecycle_stage.as_deref()),
            tenure_days: numbers(accounts, |a| a.tenure_days.map(f64::from)),
            health_score: numbers(accounts, |a| a.health_score),
            churn_probability: numbers(accounts, |a| a.churn_probability),
            band: codes(accounts, |a| a.band.as_deref()),
            previous_score: numbers(accounts, |a| a.previous_score),
            trend: numbers(accounts, |a| a.trend),
            trend_explanation: texts(accounts, |a| a.trend_explanation.as_deref()),
            satisfaction_index: numbers(accounts, |a| a.satisfaction_index),
            usage_index: numbers(accounts, |a| a.usage_index),
            quadrant: accounts.iter().map(|a| quadrant_code(a.quadrant)).collect(),
            value_realized: numbers(accounts, |a| a.value_realized),
            flags: accounts.iter().map(flag_bits).collect(),
            flag_hits: FlagHitColumns::from_accounts(accounts),
            coverage: numbers(accounts, |a| Some(a.coverage)),
            priority_rank: accounts
                .iter()
                .map(|a| a.priority.as_ref().map_or(0, |p| p.rank))
                .collect(),
            priority_risk: numbers(accounts, |a| a.priority.as_ref().map(|p| p.risk)),
            revenue_at_risk: numbers(accounts, |a| {
                a.priority.as_ref().and_then(|p| p.revenue_at_risk)
            }),
            priority_play: codes(accounts, |a| a.priority.as_ref().map(|p| p.play.as_str())),
            priority_reason: texts(accounts, |a| a.priority.as_ref().map(|p| p.reason.as_str())),
            segment_arr_tier: codes(accounts, |a| a.segments.arr_tier.as_deref()),
            segment_region: codes(accounts, |a| a.segments.region.as_deref()),
            segment_size_tier: codes(accounts, |a| a.segments.size_tier.as_deref()),
            segment_plan: codes(accounts, |a| a.segments.plan.as_deref()),
            segment_lifecycle_stage: codes(accounts, |a| a.segments.lifecycle_stage.as_deref()),
            override_reason: codes(accounts, |a| a.override_reason.as_deref()),
            computed_score: numbers(accounts, |a| a.computed_score),
        }
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.account_id.len()
    }

    /// True when there is no account.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every array by name: numeric and bitmask columns under their field name, coded
    /// columns' codes under theirs, text columns as `NAME.bytes`, `NAME.offsets` and
    /// `NAME.present`, the flag hits as `flag_hits.start`, `flag_hits.risk` and
    /// `flag_hits.evidence.*`. The dictionaries are in [`rest_json`].
    pub fn arrays(&self) -> Vec<(&'static str, Array<'_>)> {
        let mut out: Vec<(&'static str, Array<'_>)> = Vec::with_capacity(64);
        let texts = [
            (
                [
                    "account_id.bytes",
                    "account_id.offsets",
                    "account_id.present",
                ],
                &self.account_id,
            ),
            (["name.bytes", "name.offsets", "name.present"], &self.name),
            (
                [
                    "trend_explanation.bytes",
                    "trend_explanation.offsets",
                    "trend_explanation.present",
                ],
                &self.trend_explanation,
            ),
            (
                [
                    "priority_reason.bytes",
                    "priority_reason.offsets",
                    "priority_reason.present",
                ],
                &self.priority_reason,
            ),
            (
                [
                    "flag_hits.evidence.bytes",
                    "flag_hits.evidence.offsets",
                    "flag_hits.evidence.present",
                ],
                &self.flag_hits.evidence,
            ),
        ];
        for ([bytes, offsets, present], column) in texts {
            out.push((bytes, Array::U8(&column.bytes)));
            out.push((offsets, Array::U32(&column.offsets)));
            out.push((present, Array::U32(&column.present)));
        }
        for (name, column) in self.code_columns() {
            let codes = match &column.codes {
                Codes::U8(v) => Array::U8(v),
                Codes::U16(v) => Array::U16(v),
                Codes::U32(v) => Array::U32(v),
            };
            out.push((name, codes));
        }
        let numbers = [
            ("arr", &self.arr),
            ("tenure_days", &self.tenure_days),
            ("health_score", &self.health_score),
            ("churn_probability", &self.churn_probability),
            ("previous_score", &self.previous_score),
            ("trend", &self.trend),
            ("satisfaction_index", &self.satisfaction_index),
            ("usage_index", &self.usage_index),
            ("value_realized", &self.value_realized),
            ("coverage", &self.coverage),
            ("priority_risk", &self.priority_risk),
            ("revenue_at_risk", &self.revenue_at_risk),
            ("computed_score", &self.computed_score),
            ("flag_hits.risk", &self.flag_hits.risk),
        ];
        for (name, values) in numbers {
            out.push((name, Array::F64(values)));
        }
        out.push(("quadrant", Array::U8(&self.quadrant)));
        out.push(("flags", Array::U32(&self.flags)));
        out.push(("priority_rank", Array::U32(&self.priority_rank)));
        out.push(("flag_hits.start", Array::U32(&self.flag_hits.start)));
        out
    }

    /// The dictionary-coded columns by name.
    pub fn code_columns(&self) -> [(&'static str, &CodeColumn); 12] {
        [
            ("plan", &self.plan),
            ("region", &self.region),
            ("owner", &self.owner),
            ("lifecycle_stage", &self.lifecycle_stage),
            ("band", &self.band),
            ("priority_play", &self.priority_play),
            ("segment_arr_tier", &self.segment_arr_tier),
            ("segment_region", &self.segment_region),
            ("segment_size_tier", &self.segment_size_tier),
            ("segment_plan", &self.segment_plan),
            ("segment_lifecycle_stage", &self.segment_lifecycle_stage),
            ("override_reason", &self.override_reason),
        ]
    }
}

// One compiled copy per column kind (not one per field): the wasm module stays small.

#[inline(never)]
fn numbers(accounts: &[AccountResult], field: fn(&AccountResult) -> Option<f64>) -> Vec<f64> {
    accounts.iter().map(|a| number(field(a))).collect()
}

#[inline(never)]
fn codes(accounts: &[AccountResult], field: fn(&AccountResult) -> Option<&str>) -> CodeColumn {
    CodeColumn::encode(accounts.iter().map(field))
}

#[inline(never)]
fn texts(accounts: &[AccountResult], field: fn(&AccountResult) -> Option<&str>) -> TextColumn {
    let mut column = TextColumn::with_capacity(accounts.len());
    for a in accounts {
        column.push(field(a));
    }
    column
}

impl FlagHitColumns {
    fn from_accounts(accounts: &[AccountResult]) -> Self {
        let hits: usize = accounts.iter().map(|a| a.flags.len()).sum();
        let mut start = Vec::with_capacity(accounts.len() + 1);
        let mut risk = Vec::with_capacity(hits);
        let mut evidence = TextColumn::with_capacity(hits);
        start.push(0);
        for a in accounts {
            for hit in &a.flags {
                risk.push(hit.risk);
                evidence.push(Some(&hit.evidence));
            }
            start.push(risk.len() as u32);
        }
        FlagHitColumns {
            start,
            risk,
            evidence,
        }
    }
}

/// 0 for none, else 1 + the position in [`Quadrant::ALL`].
pub fn quadrant_code(quadrant: Option<Quadrant>) -> u8 {
    quadrant
        .and_then(|q| Quadrant::ALL.iter().position(|&x| x == q))
        .map_or(0, |k| k as u8 + 1)
}

/// The account's raised flags as a bitmask over [`Flag::ALL`].
pub fn flag_bits(account: &AccountResult) -> u32 {
    account
        .flags
        .iter()
        .filter_map(|hit| Flag::ALL.iter().position(|&f| f == hit.flag))
        .fold(0, |bits, k| bits | 1 << k)
}
