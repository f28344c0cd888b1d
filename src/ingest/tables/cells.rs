//! Cell readers of the row builders: text, dates, numbers and yes/no values, with the
//! problems of optional cells collected as ignored cells.

use std::borrow::Cow;

use super::*;

impl TableBuilder {
    // ---- cell helpers -------------------------------------------------------------------

    pub(super) fn text<'r>(
        &mut self,
        rec: &Record<'r>,
        col: Option<usize>,
    ) -> Option<Cow<'r, str>> {
        let bytes = trim(rec.field(col?));
        if bytes.is_empty() {
            return None;
        }
        Some(text_of(bytes, &mut self.latin1_cells))
    }

    pub(super) fn opt_text(&mut self, rec: &Record<'_>, field: &str) -> Option<String> {
        let col = self.col(field);
        self.text(rec, col).map(Cow::into_owned)
    }

    pub(super) fn req_text<'r>(
        &mut self,
        rec: &Record<'r>,
        field: &str,
    ) -> Result<Cow<'r, str>, Reject> {
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
    pub(super) fn date(
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

    pub(super) fn req_date(&mut self, rec: &Record<'_>, field: &str) -> Result<ParsedDate, Reject> {
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

    pub(super) fn opt_date(&mut self, rec: &Record<'_>, field: &str) -> Option<ParsedDate> {
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
    pub(super) fn number(
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

    pub(super) fn opt_number(
        &mut self,
        rec: &Record<'_>,
        field: &str,
        rule: NumberRule,
    ) -> Option<f64> {
        let col = self.col(field);
        match self.number(rec, col, rule) {
            Ok(v) => v,
            Err((key, reason)) => {
                self.ignore(col.unwrap_or(0), key, reason);
                None
            }
        }
    }

    pub(super) fn opt_bool(&mut self, rec: &Record<'_>, field: &str) -> Option<bool> {
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

    pub(super) fn account_key(
        &mut self,
        rec: &Record<'_>,
        st: &mut Staging,
    ) -> Result<u32, Reject> {
        let id = self.req_text(rec, "account_id")?;
        Ok(st.account_keys.intern(&id))
    }

    pub(super) fn source(&self, rec: &Record<'_>) -> RowRef {
        RowRef {
            file: self.file,
            line: rec.line.min(u32::MAX as u64) as u32,
        }
    }

    /// ARR from the `arr` column, else `mrr`×12 (counted for a note).
    pub(super) fn arr(&mut self, rec: &Record<'_>) -> Option<f64> {
        let arr = self.opt_number(rec, "arr", NumberRule::NonNegative);
        if arr.is_some() {
            return arr;
        }
        let mrr = self.opt_number(rec, "mrr", NumberRule::NonNegative)?;
        self.mrr_used_as_arr += 1;
        Some(mrr * 12.0)
    }
}
