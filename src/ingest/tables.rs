//! Per-table row builders: turn one mapped record into a staged row, or say precisely why the
//! row is rejected. Problems with optional cells are collected as ignored cells.

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

    // ---- cell helpers -------------------------------------------------------------------

    fn text<'r>(&mut self, rec: &Record<'r>, col: Option<usize>) -> Option<Cow<'r, str>> {
        let bytes = trim(rec.field(col?));
        if bytes.is_empty() {
            return None;
        }
        Some(text_of(bytes, &mut self.latin1_cells))
    }

    fn opt_text(&mut self, rec: &Record<'_>, field: &str) -> Option<String> {
        let col = self.col(field);
        self.text(rec, col).map(Cow::into_owned)
    }

    fn req_text<'r>(&mut self, rec: &Record<'r>, field: &str) -> Result<Cow<'r, str>, Reject> {
        let col = self.col(field);
        self.text(rec, col).ok_or_else(|| {
            reject(
                col,
                "required value is blank",
                format!("required {field} is blank"),
            )
        })
    }

    /// Parses a date cell: `Ok(None)` when blank, `Err` with a message when invalid or
    /// implausible.
    fn date(
        &mut self,
        rec: &Record<'_>,
        col: Option<usize>,
    ) -> Result<Option<ParsedDate>, (&'static str, String)> {
        let Some(col) = col else { return Ok(None) };
        let bytes = trim(rec.field(col));
        if bytes.is_empty() {
            return Ok(None);
        }
        match parse_date(bytes, &mut self.date_columns[col]) {
            None => Err((
                "invalid date",
                format!("'{}' is not a date", String::from_utf8_lossy(bytes)),
            )),
            Some(d) if d.secs < self.min_secs || d.secs > self.max_secs => Err((
                "implausible date",
                format!(
                    "date '{}' ({}) is implausible (before 1990 or more than 2 years ahead)",
                    String::from_utf8_lossy(bytes),
                    day_to_iso(d.day())
                ),
            )),
            Some(d) => {
                if d.ambiguous {
                    self.row_ambiguous.push(col);
                }
                Ok(Some(d))
            }
        }
    }

    fn req_date(&mut self, rec: &Record<'_>, field: &str) -> Result<ParsedDate, Reject> {
        let col = self.col(field);
        match self.date(rec, col) {
            Ok(Some(d)) => Ok(d),
            Ok(None) => Err(reject(
                col,
                "required value is blank",
                format!("required {field} is blank"),
            )),
            Err((key, reason)) => Err(reject(col, key, reason)),
        }
    }

    fn opt_date(&mut self, rec: &Record<'_>, field: &str) -> Option<ParsedDate> {
        let col = self.col(field);
        match self.date(rec, col) {
            Ok(d) => d,
            Err((key, reason)) => {
                self.ignore(col.unwrap_or(0), key, reason);
                None
            }
        }
    }

    /// Parses a number cell under `rule`: `Ok(None)` when blank.
    fn number(
        &mut self,
        rec: &Record<'_>,
        col: Option<usize>,
        rule: NumberRule,
    ) -> Result<Option<f64>, (&'static str, String)> {
        let Some(col) = col else { return Ok(None) };
        let bytes = trim(rec.field(col));
        if bytes.is_empty() {
            return Ok(None);
        }
        let shown = || String::from_utf8_lossy(bytes).into_owned();
        let Some(n) = parse_number(bytes, self.style) else {
            return Err(("not a number", format!("'{}' is not a number", shown())));
        };
        match rule {
            NumberRule::Share => {
                let v = if n.percent || (n.value > 1.0 && n.value <= 100.0) {
                    n.value / 100.0
                } else {
                    n.value
                };
                if !(0.0..=1.0).contains(&v) {
                    return Err((
                        "share out of range",
                        format!("'{}' is not a share between 0 and 1 (or 0–100%)", shown()),
                    ));
                }
                Ok(Some(v))
            }
            _ if n.percent => Err((
                "not a number",
                format!(
                    "'{}' is a percentage where a plain number is expected",
                    shown()
                ),
            )),
            NumberRule::NonNegative if n.value < 0.0 => Err((
                "negative value",
                format!("negative value {} is not allowed", n.value),
            )),
            _ => Ok(Some(n.value)),
        }
    }

    fn opt_number(&mut self, rec: &Record<'_>, field: &str, rule: NumberRule) -> Option<f64> {
        let col = self.col(field);
        match self.number(rec, col, rule) {
            Ok(v) => v,
            Err((key, reason)) => {
                self.ignore(col.unwrap_or(0), key, reason);
                None
            }
        }
    }

    fn opt_bool(&mut self, rec: &Record<'_>, field: &str) -> Option<bool> {
        let col = self.col(field)?;
        let bytes = trim(rec.field(col));
        if bytes.is_empty() {
            return None;
        }
        let value = parse_bool(bytes);
        if value.is_none() {
            let shown = String::from_utf8_lossy(bytes).into_owned();
            self.ignore(
                col,
                "not a yes/no value",
                format!("'{shown}' is not a yes/no value"),
            );
        }
        value
    }

    fn account_key(&mut self, rec: &Record<'_>, st: &mut Staging) -> Result<u32, Reject> {
        let id = self.req_text(rec, "account_id")?;
        Ok(st.account_keys.intern(&id))
    }

    fn source(&self, rec: &Record<'_>) -> RowRef {
        RowRef {
            file: self.file,
            line: rec.line.min(u32::MAX as u64) as u32,
        }
    }

    /// ARR from the `arr` column, else `mrr`×12 (counted for a note).
    fn arr(&mut self, rec: &Record<'_>) -> Option<f64> {
        let arr = self.opt_number(rec, "arr", NumberRule::NonNegative);
        if arr.is_some() {
            return arr;
        }
        let mrr = self.opt_number(rec, "mrr", NumberRule::NonNegative)?;
        self.mrr_used_as_arr += 1;
        Some(mrr * 12.0)
    }

    // ---- tables ---------------------------------------------------------------------------

    fn usage_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let c = self.usage;
        let account = c
            .account
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty());
        let key = if let Some(bytes) = account {
            self.last_account
                .get(bytes, &mut st.account_keys, &mut self.latin1_cells)
        } else if let Some(bytes) = c
            .subscription
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty())
        {
            self.last_subscription
                .get(bytes, &mut st.subscription_keys, &mut self.latin1_cells)
                | SUBSCRIPTION_KEY_BIT
        } else {
            return Err(reject(
                c.account.or(c.subscription),
                "required value is blank",
                "required account_id / subscription_id is blank".into(),
            ));
        };
        let day = self.usage_day(&rec)?;
        let fast_count = c.count.and_then(|col| small_uint(rec.field(col)));
        let count = match (c.count, fast_count) {
            (None, _) => 1.0,
            (Some(_), Some(v)) => v as f32,
            (Some(col), None) => match self.number(&rec, Some(col), NumberRule::NonNegative) {
                Ok(Some(v)) => v as f32,
                Ok(None) => {
                    self.ignore(col, "blank count", "blank count read as 1 event".into());
                    1.0
                }
                Err((k, r)) => return Err(reject(Some(col), k, r)),
            },
        };
        let duration = self.usage_measure(&rec, c.duration);
        let errors = self.usage_measure(&rec, c.errors);
        let user = match c
            .user
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty())
        {
            Some(bytes) => self
                .last_user
                .get(bytes, &mut st.users, &mut self.latin1_cells),
            None => NONE_ID,
        };
        let feature = match c
            .feature
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty())
        {
            Some(bytes) => self
                .last_feature
                .get(bytes, &mut st.features, &mut self.latin1_cells),
            None => NONE_ID,
        };
        let u = &mut st.usage;
        u.set_file(u.key.len(), self.file);
        u.key.push(key);
        u.line.push(rec.line.min(u32::MAX as u64) as u32);
        u.user.push(user);
        u.day.push(day);
        u.feature.push(feature);
        u.count.push(count);
        u.duration_secs.push(duration);
        u.errors.push(errors);
        Ok(())
    }

    /// The usage row's day: the previous row's when the cell repeats an ISO date (the cache
    /// holds only ISO dates, which never touch the column's day/month-order state).
    #[inline]
    fn usage_day(&mut self, rec: &Record<'_>) -> Result<Day, Reject> {
        let col = self.usage.date;
        if let Some(col) = col {
            let bytes = trim(rec.field(col));
            let last = &self.last_date;
            if last.len > 0 && bytes_eq(bytes, &last.bytes[..last.len]) {
                return Ok(last.day);
            }
        }
        match self.date(rec, col) {
            Ok(Some(d)) => {
                let day = d.day();
                if let Some(col) = col {
                    let bytes = trim(rec.field(col));
                    if !d.ambiguous
                        && bytes.len() <= 16
                        && bytes.len() >= 10
                        && bytes[..4].iter().all(u8::is_ascii_digit)
                        && bytes[4] == b'-'
                    {
                        self.last_date.bytes[..bytes.len()].copy_from_slice(bytes);
                        self.last_date.len = bytes.len();
                        self.last_date.day = day;
                    }
                }
                Ok(day)
            }
            Ok(None) => Err(reject(
                col,
                "required value is blank",
                "required date is blank".into(),
            )),
            Err((k, r)) => Err(reject(col, k, r)),
        }
    }

    fn usage_measure(&mut self, rec: &Record<'_>, col: Option<usize>) -> f32 {
        if let Some(v) = col.and_then(|c| small_uint(rec.field(c))) {
            return v as f32;
        }
        match self.number(rec, col, NumberRule::NonNegative) {
            Ok(Some(v)) => v as f32,
            Ok(None) => f32::NAN,
            Err((k, r)) => {
                self.ignore(col.unwrap_or(0), k, r);
                f32::NAN
            }
        }
    }

    fn account_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let key = self.account_key(&rec, st)?;
        if let Some(&(file, line)) = st.account_first_seen.get(&key) {
            let place = if file == self.file {
                format!("line {line}")
            } else {
                let other = st
                    .file_names
                    .get(file as usize)
                    .map(String::as_str)
                    .unwrap_or("?");
                format!("line {line} of {other}")
            };
            return Err(reject(
                self.col("account_id"),
                "duplicate account id",
                format!(
                    "duplicate account id '{}', first seen on {place}",
                    st.account_keys.name(key)
                ),
            ));
        }
        let mut account = Account {
            id: st.account_keys.name(key).to_string(),
            name: self.opt_text(&rec, "name"),
            arr: self.arr(&rec),
            plan: self.opt_text(&rec, "plan"),
            seats: self.opt_number(&rec, "seats", NumberRule::NonNegative),
            industry: self.opt_text(&rec, "industry"),
            region: self.opt_text(&rec, "region"),
            start_day: self.opt_date(&rec, "start_date").map(|d| d.day()),
            renewal_day: self.opt_date(&rec, "renewal_date").map(|d| d.day()),
            owner: self.opt_text(&rec, "owner"),
            churned: self.opt_bool(&rec, "churned"),
            is_trial: self.opt_bool(&rec, "is_trial"),
            source: Some(self.source(&rec)),
            ..Default::default()
        };
        if let Some(size) = self.opt_text(&rec, "company_size") {
            match parse_number(size.as_bytes(), self.style) {
                Some(n) if !n.percent && n.value >= 0.0 => account.company_size = Some(n.value),
                _ => account.company_size_label = Some(size),
            }
        }
        let flat = &mut account.flat;
        flat.csat = self.csat_share(&rec);
        flat.nps = self.opt_number(&rec, "nps", NumberRule::Any).and_then(|v| {
            if (-100.0..=100.0).contains(&v) {
                Some(v)
            } else {
                let col = self.col("nps").unwrap_or(0);
                self.ignore(
                    col,
                    "score out of scale",
                    format!("NPS {v} is outside −100..100"),
                );
                None
            }
        });
        flat.logins_30d = self.opt_number(&rec, "logins_30d", NumberRule::NonNegative);
        flat.active_users = self.opt_number(&rec, "active_users", NumberRule::NonNegative);
        flat.goal_progress = self.opt_number(&rec, "goal_progress", NumberRule::Share);
        flat.features_used = self.opt_number(&rec, "features_used", NumberRule::NonNegative);
        flat.success_plan = self.opt_bool(&rec, "success_plan");
        flat.empowerment = self.opt_number(&rec, "empowerment", NumberRule::Share);
        flat.tickets_30d = self.opt_number(&rec, "tickets_30d", NumberRule::NonNegative);
        st.account_first_seen.insert(key, (self.file, rec.line));
        st.accounts.push((key, account));
        Ok(())
    }

    /// CSAT as a share: `0.8`, `80%` or `80` are read as 80%; a value in 1–5 is ambiguous
    /// (mean score or share?) and ignored with a message.
    fn csat_share(&mut self, rec: &Record<'_>) -> Option<f64> {
        let col = self.col("csat")?;
        let bytes = trim(rec.field(col));
        if bytes.is_empty() {
            return None;
        }
        let n = parse_number(bytes, self.style);
        match n {
            Some(n) if n.percent && (0.0..=100.0).contains(&n.value) => Some(n.value / 100.0),
            Some(n) if (0.0..=1.0).contains(&n.value) => Some(n.value),
            Some(n) if n.value > 5.0 && n.value <= 100.0 => Some(n.value / 100.0),
            Some(n) if n.value > 1.0 && n.value <= 5.0 => {
                self.ignore(
                    col,
                    "ambiguous CSAT",
                    format!(
                        "CSAT {} is ambiguous: give a share (0–1) or a percentage",
                        n.value
                    ),
                );
                None
            }
            _ => {
                self.ignore(
                    col,
                    "not a number",
                    format!(
                        "CSAT '{}' is not a share or percentage",
                        String::from_utf8_lossy(bytes)
                    ),
                );
                None
            }
        }
    }

    fn subscription_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let sub_id = self.req_text(&rec, "subscription_id")?;
        let sub_key = st.subscription_keys.intern(&sub_id);
        if let Some(&(_, line)) = st.subscription_first_seen.get(&sub_key) {
            return Err(reject(
                self.col("subscription_id"),
                "duplicate subscription id",
                format!("duplicate subscription id '{sub_id}', first seen on line {line}"),
            ));
        }
        let account = self.account_key(&rec, st)?;
        let sub = Subscription {
            id: sub_id.into_owned(),
            account,
            start_day: self.opt_date(&rec, "start_date").map(|d| d.day()),
            end_day: self.opt_date(&rec, "end_date").map(|d| d.day()),
            seats: self.opt_number(&rec, "seats", NumberRule::NonNegative),
            arr: self.arr(&rec),
            plan: self.opt_text(&rec, "plan"),
            churned: self.opt_bool(&rec, "churned"),
            is_trial: self.opt_bool(&rec, "is_trial"),
            source: self.source(&rec),
        };
        st.subscription_first_seen
            .insert(sub_key, (self.file, rec.line));
        st.subscriptions.push((sub_key, sub));
        Ok(())
    }

    fn survey_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let day = self.req_date(&rec, "date")?.day();
        let score_col = self.col("score");
        let score = match self.number(&rec, score_col, NumberRule::Any) {
            Ok(Some(v)) => v,
            Ok(None) => {
                return Err(reject(
                    score_col,
                    "required value is blank",
                    "required score is blank".into(),
                ))
            }
            Err((k, r)) => return Err(reject(score_col, k, r)),
        };
        let kind_text = self.opt_text(&rec, "type").map(|t| t.to_lowercase());
        // The type cell wins; else the score column's own header ("NPS score", "csat").
        let kind = kind_text
            .as_deref()
            .and_then(survey_kind_from_text)
            .or_else(|| {
                score_col.and_then(|c| survey_kind_from_text(&self.header(c).to_lowercase()))
            });
        if let Some(kind) = kind {
            check_scale(kind, score).map_err(|r| reject(score_col, "score out of scale", r))?;
        } else if !(0.0..=10.0).contains(&score) {
            return Err(reject(
                score_col,
                "score out of scale",
                format!("score {score} is outside every survey scale (0–10)"),
            ));
        }
        let survey = Survey {
            account,
            day,
            // Resolved at the end of the file when the type is not given.
            kind: kind.unwrap_or(SurveyKind::Csat),
            score,
            comment: self.opt_text(&rec, "comment"),
            source: self.source(&rec),
        };
        if kind.is_none() {
            self.unknown_survey_kind.push(st.surveys.len());
        }
        st.surveys.push(survey);
        Ok(())
    }

    fn ticket_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let opened = self.req_date(&rec, "opened")?.secs;
        let mut resolved = self.opt_date(&rec, "resolved").map(|d| d.secs);
        if let Some(r) = resolved {
            if r < opened {
                let col = self.col("resolved").unwrap_or(0);
                self.ignore(
                    col,
                    "resolved before opened",
                    "resolved before the ticket was opened".into(),
                );
                resolved = None;
            }
        }
        let mut satisfaction = self.opt_number(&rec, "satisfaction", NumberRule::Any);
        if let Some(s) = satisfaction {
            if !(1.0..=5.0).contains(&s) {
                let col = self.col("satisfaction").unwrap_or(0);
                self.ignore(
                    col,
                    "score out of scale",
                    format!("ticket satisfaction {s} is outside 1–5"),
                );
                satisfaction = None;
            }
        }
        let ticket = Ticket {
            account,
            opened,
            resolved,
            resolution_hours: self.opt_number(&rec, "resolution_hours", NumberRule::NonNegative),
            priority: self.opt_text(&rec, "priority").map(|p| p.to_lowercase()),
            category: self.opt_text(&rec, "category"),
            satisfaction,
            escalated: self.opt_bool(&rec, "escalated"),
            source: self.source(&rec),
        };
        st.tickets.push(ticket);
        Ok(())
    }

    fn goal_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let name = self.req_text(&rec, "goal")?.into_owned();
        let baseline = self.opt_number(&rec, "baseline", NumberRule::Any);
        let target = self.opt_number(&rec, "target", NumberRule::Any);
        let current = self.opt_number(&rec, "current", NumberRule::Any);
        let kind_text = self.opt_text(&rec, "kind").map(|k| k.to_lowercase());
        let kind = match kind_text.as_deref() {
            Some(k) if k.contains("milestone") => GoalKind::Milestone,
            Some(k) if k.contains("goal") => GoalKind::Goal,
            _ if target.is_some() || current.is_some() => GoalKind::Goal,
            _ => GoalKind::Milestone,
        };
        let status = self.opt_text(&rec, "status").map(|s| normalise_status(&s));
        let goal = Goal {
            account,
            name,
            kind,
            baseline,
            target,
            current,
            due_day: self.opt_date(&rec, "due_date").map(|d| d.day()),
            status,
            completed_day: self.opt_date(&rec, "completed_date").map(|d| d.day()),
            source: self.source(&rec),
        };
        st.goals.push(goal);
        Ok(())
    }

    fn touchpoint_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let day = self.req_date(&rec, "date")?.day();
        let direction = match self.opt_text(&rec, "direction").map(|d| d.to_lowercase()) {
            None => None,
            Some(d) if d.starts_with("in") => Some(Direction::Inbound),
            Some(d) if d.starts_with("out") => Some(Direction::Outbound),
            Some(d) => {
                let col = self.col("direction").unwrap_or(0);
                self.ignore(
                    col,
                    "unknown direction",
                    format!("direction '{d}' is neither inbound nor outbound"),
                );
                None
            }
        };
        let touchpoint = Touchpoint {
            account,
            day,
            kind: self.opt_text(&rec, "kind").map(|k| k.to_lowercase()),
            direction,
            source: self.source(&rec),
        };
        st.touchpoints.push(touchpoint);
        Ok(())
    }

    fn release_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let day = self.req_date(&rec, "date")?.day();
        let release = Release {
            day,
            feature: self.opt_text(&rec, "feature"),
            source: self.source(&rec),
        };
        st.releases.push(release);
        Ok(())
    }

    fn churn_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let event = ChurnEvent {
            account,
            day: self.opt_date(&rec, "churn_date").map(|d| d.day()),
            reason: self.opt_text(&rec, "reason"),
            source: self.source(&rec),
        };
        st.churn_events.push(event);
        Ok(())
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
            // CSAT rows must be within 1–5 (NPS rows were already checked against 0–10).
            // Rows rejected here are marked with a NaN score and dropped in `finish` (removing
            // them now would shift the indexes other open files hold).
            if !is_nps {
                let column = self.col("score").map(|c| self.header(c).to_string());
                for &i in &pending {
                    let s = &mut st.surveys[i];
                    if let Err(reason) = check_scale(SurveyKind::Csat, s.score) {
                        reporter.reject_used(
                            s.source.line as u64,
                            column.as_deref(),
                            "score out of scale",
                            reason,
                        );
                        s.score = f64::NAN;
                    }
                }
            }
        }
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

/// Number of staged rows of `kind` so far.
fn staged_len(kind: TableKind, st: &Staging) -> usize {
    match kind {
        TableKind::Accounts => st.accounts.len(),
        TableKind::Subscriptions => st.subscriptions.len(),
        TableKind::Usage => st.usage.day.len(),
        TableKind::Surveys => st.surveys.len(),
        TableKind::Tickets => st.tickets.len(),
        TableKind::Goals => st.goals.len(),
        TableKind::Touchpoints => st.touchpoints.len(),
        TableKind::Releases => st.releases.len(),
        TableKind::ChurnEvents => st.churn_events.len(),
    }
}

/// Swaps month and day of a day number (the date was read month-first but is day-first).
fn swap_day(day: Day) -> Day {
    let (y, m, d) = civil_from_day(day);
    civil_day(y, d, m).unwrap_or(day)
}

/// Swaps month and day of a timestamp, keeping the time of day.
fn swap_secs(secs: i64) -> i64 {
    let day = secs.div_euclid(SECS_PER_DAY);
    let time = secs.rem_euclid(SECS_PER_DAY);
    swap_day(day as Day) as i64 * SECS_PER_DAY + time
}

/// Corrects the date `field` of staged row `index` of `kind` from month/day to day/month.
fn swap_staged_day_month(st: &mut Staging, kind: TableKind, field: &str, index: usize) {
    fn fix(day: &mut Option<Day>) {
        if let Some(d) = day {
            *d = swap_day(*d);
        }
    }
    match (kind, field) {
        (TableKind::Usage, _) => {
            if let Some(d) = st.usage.day.get_mut(index) {
                *d = swap_day(*d);
            }
        }
        (TableKind::Accounts, "start_date") => fix(&mut st.accounts[index].1.start_day),
        (TableKind::Accounts, "renewal_date") => fix(&mut st.accounts[index].1.renewal_day),
        (TableKind::Subscriptions, "start_date") => fix(&mut st.subscriptions[index].1.start_day),
        (TableKind::Subscriptions, "end_date") => fix(&mut st.subscriptions[index].1.end_day),
        (TableKind::Surveys, _) => st.surveys[index].day = swap_day(st.surveys[index].day),
        (TableKind::Tickets, "opened") => {
            st.tickets[index].opened = swap_secs(st.tickets[index].opened)
        }
        (TableKind::Tickets, "resolved") => {
            if let Some(r) = st.tickets[index].resolved.as_mut() {
                *r = swap_secs(*r);
            }
        }
        (TableKind::Goals, "due_date") => fix(&mut st.goals[index].due_day),
        (TableKind::Goals, "completed_date") => fix(&mut st.goals[index].completed_day),
        (TableKind::Touchpoints, _) => {
            st.touchpoints[index].day = swap_day(st.touchpoints[index].day)
        }
        (TableKind::Releases, _) => st.releases[index].day = swap_day(st.releases[index].day),
        (TableKind::ChurnEvents, _) => fix(&mut st.churn_events[index].day),
        _ => {}
    }
}

/// Survey kind named in a text (a type cell or a header), if any.
fn survey_kind_from_text(t: &str) -> Option<SurveyKind> {
    if t.contains("nps") || t.contains("recommend") {
        Some(SurveyKind::Nps)
    } else if t.contains("csat") || t.contains("satisf") {
        Some(SurveyKind::Csat)
    } else if t.contains("ces") || t.contains("effort") {
        Some(SurveyKind::Ces)
    } else {
        None
    }
}

fn check_scale(kind: SurveyKind, score: f64) -> Result<(), String> {
    let (lo, hi, name) = match kind {
        SurveyKind::Nps => (0.0, 10.0, "NPS"),
        SurveyKind::Csat => (1.0, 5.0, "CSAT"),
        SurveyKind::Ces => (1.0, 7.0, "CES"),
    };
    if (lo..=hi).contains(&score) {
        Ok(())
    } else {
        Err(format!("{name} score {score} is outside {lo}–{hi}"))
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
