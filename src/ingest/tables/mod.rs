//! Per-table row builders: turn one mapped record into a staged row, or say precisely why the
//! row is rejected. Problems with optional cells are collected as ignored cells.

mod accounts;
mod cells;
mod events;
mod fixups;
mod rated;
mod rows;
mod sampled;

use fixups::{staged_len, swap_staged_day_month};
use rated::{check_scale, survey_kind_from_text};

use std::borrow::Cow;

use super::csv::Record;
use super::issues::Reporter;
use super::report::TableKind;
use super::schema::{fields, KindMapping};
use super::staging::{bytes_eq, KeyInterner, Staging, SUBSCRIPTION_KEY_BIT};
use super::values::{
    civil_day, civil_from_day, parse_bool, parse_date, parse_number, trim, DateColumn,
    DayMonthOrder, DecimalStyle, ParsedDate, SECS_PER_DAY,
};
use crate::dataset::{
    day_to_iso, Account, ChurnEvent, Day, Direction, Goal, GoalKind, Release, RowRef, Subscription,
    Survey, SurveyKind, Ticket, Touchpoint, NONE_ID,
};

/// Why a row was rejected.
#[derive(Debug)]
pub struct Reject {
    /// Column to blame, if one.
    pub column: Option<usize>,
    /// Reason group, for the per-reason counts.
    pub key: &'static str,
    /// Detailed message.
    pub reason: String,
}

fn reject(column: Option<usize>, key: &'static str, reason: String) -> Reject {
    Reject {
        column,
        key,
        reason,
    }
}

/// Columns of a usage file, resolved once (usage is the hot path).
#[derive(Debug, Clone, Copy, Default)]
struct UsageColumns {
    account: Option<usize>,
    subscription: Option<usize>,
    user: Option<usize>,
    date: Option<usize>,
    feature: Option<usize>,
    count: Option<usize>,
    duration: Option<usize>,
    errors: Option<usize>,
}

/// Remembers the last value interned from one column: sorted exports repeat the same account
/// or user on consecutive rows, and a byte compare is cheaper than a hash lookup.
#[derive(Debug, Default)]
struct LastInterned;

impl LastInterned {
    /// The id of `bytes` in `keys`, counting a Latin-1 cell in `latin1_cells`. (A cache of
    /// the previous row's key measured slower than the interner's own lookup: keys of up to
    /// 16 bytes are two word compares there.)
    #[inline(always)]
    fn get(&mut self, bytes: &[u8], keys: &mut KeyInterner, latin1_cells: &mut u64) -> u32 {
        let (id, latin1) = keys.intern_bytes(bytes);
        *latin1_cells += latin1 as u64;
        id
    }
}

/// The last ISO date (`YYYY-MM-DD…`) read from the usage date column and its day: exports are
/// usually sorted by date, so most rows repeat the previous row's date.
#[derive(Debug, Default)]
struct LastDate {
    bytes: [u8; 16],
    len: usize,
    day: Day,
}

/// What a number field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberRule {
    /// Any finite number.
    Any,
    /// Zero or more.
    NonNegative,
    /// A share 0–1: `12%` and 1–100 are read as percentages.
    Share,
}

/// Row-building state of one recognised file.
#[derive(Debug)]
pub struct TableBuilder {
    /// Index of the file in the ingest.
    pub file: u32,
    /// The mapping in use.
    pub mapping: KindMapping,
    /// Column headers.
    pub headers: Vec<String>,
    date_columns: Vec<DateColumn>,
    style: DecimalStyle,
    min_secs: i64,
    max_secs: i64,
    pending_ignored: Vec<(usize, &'static str, String)>,
    /// Cells that were not valid UTF-8 and were read as Latin-1.
    pub latin1_cells: u64,
    mrr_used_as_arr: u64,
    usage: UsageColumns,
    last_account: LastInterned,
    /// Columns whose date in the current row was an ambiguous `a/b/yyyy` read month-first.
    row_ambiguous: Vec<usize>,
    /// (column, staged index) of every used row holding such a date, to correct them if the
    /// column later proves day-first.
    ambiguous_dates: Vec<(usize, usize)>,
    last_subscription: LastInterned,
    last_user: LastInterned,
    last_feature: LastInterned,
    last_date: LastDate,
    /// Staged survey indexes whose type must be inferred at the end of the file.
    unknown_survey_kind: Vec<usize>,
    /// Staged survey or ticket indexes of this file whose rating is read on the column's
    /// scale at the end of the file (the raw value is staged until then).
    rated_rows: Vec<usize>,
    /// Staged survey indexes of this file whose answer was written as words ("Very
    /// satisfied"): already a point on 1–5, not read on the column's scale.
    word_rows: Vec<usize>,
    /// Accounts tables: every column's raw cells, read as whole columns at the end.
    raw: Option<accounts::RawColumns>,
    /// Cells of unmapped columns of the first used rows (event tables), to type them.
    samples: sampled::Samples,
    /// The user's scale overrides: header (or `header#kind`) → scale id.
    pub scale_overrides: std::collections::BTreeMap<String, String>,
}

/// Longest data row read (1 MiB). Longer rows are rejected: no export has such rows, and a
/// megabyte account name would reach every view and export.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// A plain unsigned integer of 1–9 digits with nothing around it (the common usage cell);
/// `None` sends the cell through the general number parser.
#[inline]
fn small_uint(cell: &[u8]) -> Option<u32> {
    if cell.is_empty() || cell.len() > 9 {
        return None;
    }
    let mut v: u32 = 0;
    for &b in cell {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u32;
    }
    Some(v)
}

fn text_of<'a>(bytes: &'a [u8], latin1_cells: &mut u64) -> Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            *latin1_cells += 1;
            Cow::Owned(super::values::decode_windows_1252(bytes))
        }
    }
}
impl TableBuilder {
    /// A builder for `mapping`. Dates outside `[min_secs, max_secs]` are implausible.
    pub fn new(
        file: u32,
        mapping: KindMapping,
        headers: Vec<String>,
        style: DecimalStyle,
        min_secs: i64,
        max_secs: i64,
        staging: &mut Staging,
    ) -> Self {
        let usage = UsageColumns {
            account: mapping.column("account_id"),
            subscription: mapping.column("subscription_id"),
            user: mapping.column("user_id"),
            date: mapping.column("date"),
            feature: mapping.column("feature"),
            count: mapping.column("count"),
            duration: mapping.column("duration"),
            errors: mapping.column("errors"),
        };
        match mapping.kind {
            TableKind::Accounts => staging.has_accounts_table = true,
            TableKind::Subscriptions => staging.has_subscriptions_table = true,
            _ => {}
        }
        let mapping_kind = mapping.kind;
        let field_of = mapping.field_of.clone();
        let mapping_account_col = mapping.column("account_id");
        let width = headers.len();
        TableBuilder {
            file,
            date_columns: vec![DateColumn::default(); headers.len()],
            headers,
            mapping,
            style,
            min_secs,
            max_secs,
            pending_ignored: Vec::new(),
            latin1_cells: 0,
            mrr_used_as_arr: 0,
            usage,
            last_account: LastInterned,
            row_ambiguous: Vec::new(),
            ambiguous_dates: Vec::new(),
            last_subscription: LastInterned,
            last_user: LastInterned,
            last_feature: LastInterned,
            last_date: LastDate::default(),
            unknown_survey_kind: Vec::new(),
            rated_rows: Vec::new(),
            word_rows: Vec::new(),
            raw: (mapping_kind == TableKind::Accounts)
                .then(|| accounts::RawColumns::new(&mapping_account_col, width)),
            samples: if mapping_kind == TableKind::Accounts {
                sampled::Samples::default()
            } else {
                sampled::Samples::new(&field_of)
            },
            scale_overrides: Default::default(),
        }
    }

    /// The table kind.
    pub fn kind(&self) -> TableKind {
        self.mapping.kind
    }

    /// Header of column `col`.
    pub fn header(&self, col: usize) -> &str {
        self.headers.get(col).map(String::as_str).unwrap_or("")
    }

    fn col(&self, field: &str) -> Option<usize> {
        self.mapping.column(field)
    }

    fn ignore(&mut self, col: usize, key: &'static str, reason: String) {
        self.pending_ignored.push((col, key, reason));
    }

    /// Processes one data record: the row is used (and its ignored cells reported) or rejected.
    pub fn process(&mut self, rec: Record<'_>, staging: &mut Staging, reporter: &mut Reporter) {
        reporter.read();
        self.pending_ignored.clear();
        self.row_ambiguous.clear();
        match self.row(rec, staging) {
            Ok(()) => {
                reporter.used();
                self.samples.keep(&rec);
                if !self.row_ambiguous.is_empty() {
                    // The row was pushed last onto its table's staging vector.
                    let index = staged_len(self.mapping.kind, staging).saturating_sub(1);
                    for &col in &self.row_ambiguous {
                        self.ambiguous_dates.push((col, index));
                    }
                }
                for (col, key, reason) in std::mem::take(&mut self.pending_ignored) {
                    reporter.ignore_cell(rec.line, Some(self.header(col)), key, reason);
                }
            }
            Err(r) => {
                let column = r.column.map(|c| self.header(c).to_string());
                reporter.reject(rec.line, column.as_deref(), r.key, r.reason);
            }
        }
    }

    fn row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        if rec.byte_len() > MAX_ROW_BYTES {
            return Err(reject(
                None,
                "row too long",
                format!(
                    "row is {} bytes long; rows over {} bytes are not read (a quote left open, or binary data?)",
                    rec.byte_len(),
                    MAX_ROW_BYTES
                ),
            ));
        }
        let width = self.headers.len();
        if rec.len() > width && (width..rec.len()).any(|i| !trim(rec.field(i)).is_empty()) {
            return Err(reject(
                None,
                "row has more fields than the header",
                format!("row has {} fields but the header has {width}", rec.len()),
            ));
        }
        if rec.len() < width {
            return Err(reject(
                None,
                "row has fewer fields than the header",
                format!("row has {} fields but the header has {width}", rec.len()),
            ));
        }
        if (0..rec.len()).all(|i| trim(rec.field(i)).is_empty()) {
            return Err(reject(
                None,
                "empty row",
                "every cell of the row is blank".into(),
            ));
        }
        if rec.may_contain_nul() && rec.raw().contains(&0) {
            return Err(reject(
                None,
                "row contains NUL bytes",
                "row contains NUL bytes (binary data or a wrong encoding)".into(),
            ));
        }
        match self.mapping.kind {
            TableKind::Usage => self.usage_row(rec, st),
            TableKind::Accounts => self.account_row(rec, st),
            TableKind::Subscriptions => self.subscription_row(rec, st),
            TableKind::Surveys => self.survey_row(rec, st),
            TableKind::Tickets => self.ticket_row(rec, st),
            TableKind::Goals => self.goal_row(rec, st),
            TableKind::Touchpoints => self.touchpoint_row(rec, st),
            TableKind::Releases => self.release_row(rec, st),
            TableKind::ChurnEvents => self.churn_row(rec, st),
        }
    }

    /// End of file: infers survey types from the scale, and writes notes (ambiguous dates,
    /// MRR×12, Latin-1 cells).
    pub fn end(&mut self, st: &mut Staging, reporter: &mut Reporter) {
        if self.mapping.kind == TableKind::Surveys && !self.unknown_survey_kind.is_empty() {
            let pending = std::mem::take(&mut self.unknown_survey_kind);
            let is_nps = pending.iter().any(|&i| {
                let s = st.surveys[i].score;
                s > 5.0 || s == 0.0
            });
            let kind = if is_nps {
                SurveyKind::Nps
            } else {
                SurveyKind::Csat
            };
            for &i in &pending {
                st.surveys[i].kind = kind;
            }
            reporter.note(format!(
                "{} survey responses without a type were read as {} (scores {})",
                pending.len(),
                if is_nps { "NPS" } else { "CSAT" },
                if is_nps {
                    "include 0 or values above 5"
                } else {
                    "all within 1–5"
                }
            ));
        }
        match self.mapping.kind {
            TableKind::Accounts => self.finish_accounts(st, reporter),
            TableKind::Surveys => self.finish_survey_scales(st, reporter),
            TableKind::Tickets => self.finish_ticket_scale(st, reporter),
            _ => {}
        }
        self.report_unused(reporter);
        let mut corrected = vec![0u64; self.headers.len()];
        for &(col, index) in &self.ambiguous_dates {
            if self.date_columns[col].order == Some(DayMonthOrder::DayFirst) {
                if let Some(field) =
                    self.mapping.field_of[col].map(|f| fields(self.mapping.kind)[f].name)
                {
                    swap_staged_day_month(st, self.mapping.kind, field, index);
                    corrected[col] += 1;
                }
            }
        }
        for (col, dc) in self.date_columns.iter().enumerate() {
            let header = self.headers.get(col).map(String::as_str).unwrap_or("");
            if dc.assumed_month_first > 0 {
                match dc.order {
                    Some(DayMonthOrder::DayFirst) => reporter.note(format!(
                        "column '{header}': {} ambiguous dates (like 03/04/2024) came before the first day-first value; they were read month/day at first and {} of them (in used rows) were corrected to day/month",
                        dc.assumed_month_first, corrected[col]
                    )),
                    None => reporter.note(format!(
                        "column '{header}': {} dates like 03/04/2024 were read as month/day (no value showed the order)",
                        dc.assumed_month_first
                    )),
                    Some(DayMonthOrder::MonthFirst) => {}
                }
            }
            if dc.conflicts > 0 {
                reporter.note(format!(
                    "column '{header}' mixes day/month and month/day dates ({} values contradict the first order seen)",
                    dc.conflicts
                ));
            }
            if dc.order == Some(DayMonthOrder::DayFirst) {
                reporter.note(format!("column '{header}': dates read as day/month/year"));
            }
        }
        if self.mrr_used_as_arr > 0 {
            reporter.note(format!(
                "ARR computed as MRR×12 for {} rows",
                self.mrr_used_as_arr
            ));
        }
        if self.latin1_cells > 0 {
            reporter.note(format!(
                "{} cells were not valid UTF-8 and were read as Latin-1 (Windows-1252)",
                self.latin1_cells
            ));
        }
    }
}

/// Maps free status text onto `done`, `in_progress`, `missed`, `planned`; other text is kept
/// lower-cased.
pub fn normalise_status(text: &str) -> String {
    let t = text.trim().to_lowercase().replace(['-', '_'], " ");
    let status = match t.as_str() {
        "done" | "complete" | "completed" | "achieved" | "met" | "reached" => "done",
        "in progress" | "on track" | "at risk" | "started" | "ongoing" => "in_progress",
        "missed" | "failed" | "off track" | "not met" => "missed",
        "planned" | "not started" | "todo" | "to do" | "open" => "planned",
        _ => return t,
    };
    status.to_string()
}

/// Every field name of `kind`, for "expected columns" messages.
pub fn expected_fields(kind: TableKind) -> Vec<&'static str> {
    fields(kind).iter().map(|f| f.name).collect()
}
