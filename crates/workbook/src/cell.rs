//! One spreadsheet cell as delimited text: dates as ISO dates, numbers without binary or
//! locale artefacts, errors kept visible.

use calamine::{DataRef, ExcelDateTime};

/// What kind of value a cell held (header detection looks at it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Empty,
    Text,
    Number,
    Date,
    Bool,
    Error,
}

/// A cell converted to the text the table gets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CellText {
    pub text: String,
    pub kind: Kind,
}

impl CellText {
    pub fn empty() -> Self {
        CellText {
            text: String::new(),
            kind: Kind::Empty,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kind == Kind::Empty || self.text.is_empty()
    }
}

/// Counters of conversions the sheet's report mentions.
#[derive(Debug, Default, Clone)]
pub(crate) struct CellStats {
    /// Cells whose line breaks were replaced by spaces.
    pub line_breaks: u64,
    /// Excel error values (#N/A, #DIV/0!…), kept as their text.
    pub errors: u64,
    /// Duration cells ([h]:mm) written as hours.
    pub durations: u64,
}

/// Converts a calamine cell. `stats` counts what the report should mention.
pub(crate) fn convert(value: &DataRef<'_>, stats: &mut CellStats) -> CellText {
    let (text, kind) = match value {
        DataRef::Empty => return CellText::empty(),
        DataRef::String(s) => (text_cell(s, stats), Kind::Text),
        DataRef::SharedString(s) => (text_cell(s, stats), Kind::Text),
        DataRef::Int(i) => (i.to_string(), Kind::Number),
        DataRef::Float(f) => (number(*f), Kind::Number),
        DataRef::Bool(b) => ((if *b { "true" } else { "false" }).to_string(), Kind::Bool),
        DataRef::DateTime(dt) => date_time(dt, stats),
        DataRef::DateTimeIso(s) => (iso_date_time(s), Kind::Date),
        DataRef::DurationIso(s) => (s.trim().to_string(), Kind::Text),
        DataRef::Error(e) => {
            stats.errors += 1;
            (e.to_string(), Kind::Error)
        }
    };
    if text.is_empty() {
        return CellText::empty();
    }
    CellText { text, kind }
}

/// Text as written, with line breaks inside the cell turned into spaces, so that one sheet row
/// is one line and the engine's line numbers are the sheet's row numbers.
fn text_cell(s: &str, stats: &mut CellStats) -> String {
    if s.contains(['\n', '\r']) {
        stats.line_breaks += 1;
        let mut out = String::with_capacity(s.len());
        let mut last_space = false;
        for ch in s.chars() {
            if ch == '\n' || ch == '\r' {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
            } else {
                out.push(ch);
                last_space = ch == ' ';
            }
        }
        out
    } else {
        s.to_string()
    }
}

/// A number as the shortest decimal that Excel's 15 significant digits support:
/// `0.1 + 0.2` stored as 0.30000000000000004 is written `0.3`; no thousands separators and a
/// decimal point whatever the locale that wrote the file.
pub(crate) fn number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// Excel dates (a day count with the time as a fraction, in a cell formatted as a date) as
/// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when the time of day is not midnight; a time alone
/// as `HH:MM:SS`; a duration (`[h]:mm`) as a number of hours.
fn date_time(dt: &ExcelDateTime, stats: &mut CellStats) -> (String, Kind) {
    let serial = dt.as_f64();
    if dt.is_duration() {
        stats.durations += 1;
        return (number(serial * 24.0), Kind::Number);
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let time = (h, mi, s, ms) != (0, 0, 0, 0);
    if (0.0..1.0).contains(&serial) {
        return (format!("{h:02}:{mi:02}:{s:02}"), Kind::Date);
    }
    let date = format!("{y:04}-{mo:02}-{d:02}");
    if !time {
        return (date, Kind::Date);
    }
    let frac = if ms > 0 {
        format!(".{ms:03}")
    } else {
        String::new()
    };
    (format!("{date}T{h:02}:{mi:02}:{s:02}{frac}"), Kind::Date)
}

/// OpenDocument dates arrive as ISO text; midnight times are dropped like Excel's.
fn iso_date_time(s: &str) -> String {
    let s = s.trim();
    s.strip_suffix("T00:00:00")
        .or_else(|| s.strip_suffix("T00:00:00.000"))
        .unwrap_or(s)
        .to_string()
}

/// The column letters of a 0-based column index (0 → A, 27 → AB).
pub(crate) fn column_name(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A cell reference like `C12` (0-based row and column).
pub(crate) fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_lose_binary_artefacts_only() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(48000.0), "48000");
        assert_eq!(number(-12.5), "-12.5");
        assert_eq!(number(1234567.891), "1234567.891");
        assert_eq!(number(1e-7), "0.0000001");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn dates_times_and_durations() {
        let mut stats = CellStats::default();
        let day = ExcelDateTime::new(45943.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_time(&day, &mut stats).0, "2025-10-13");
        let noon = ExcelDateTime::new(45943.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_time(&noon, &mut stats).0, "2025-10-13T12:00:00");
        let time = ExcelDateTime::new(0.75, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_time(&time, &mut stats).0, "18:00:00");
        // The 1904 date system counts from 1904-01-01.
        let mac = ExcelDateTime::new(0.0 + 44481.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(date_time(&mac, &mut stats).0, "2025-10-13");
        let took = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(date_time(&took, &mut stats).0, "36");
        assert_eq!(stats.durations, 1);
    }

    #[test]
    fn line_breaks_and_columns() {
        let mut stats = CellStats::default();
        assert_eq!(text_cell("a\r\nb\nc", &mut stats), "a b c");
        assert_eq!(stats.line_breaks, 1);
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(cell_ref(1, 2), "C2");
        assert_eq!(iso_date_time("2024-05-01T00:00:00"), "2024-05-01");
    }
}
