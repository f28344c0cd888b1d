//! Hand-written date parsing: ISO and its variants, day/month order learnt per column, unix
//! and Excel serials, written-out months. Common shapes take fast paths; chrono is only used by
//! the tests.

#[cfg(test)]
use crate::dataset::day_from_ymd;
use crate::dataset::Day;

use super::values::{parse_number, trim, DecimalStyle, SECS_PER_DAY};

/// Order of day and month in slash/dash dates like `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonthOrder {
    /// `DD/MM/YYYY`
    DayFirst,
    /// `MM/DD/YYYY`
    MonthFirst,
}

/// A parsed date (or date-time), in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub secs: i64,
    /// True when the value was `a/b/yyyy` with both parts ≤ 12 and the order was assumed.
    pub ambiguous: bool,
}

impl ParsedDate {
    /// The day (UTC) of this date.
    pub fn day(&self) -> Day {
        self.secs.div_euclid(SECS_PER_DAY) as Day
    }
}

/// Per-column date state: learns whether `a/b/yyyy` dates are day-first or month-first.
#[derive(Debug, Clone, Default)]
pub struct DateColumn {
    /// Order learnt from an unambiguous value (first part > 12 or second part > 12).
    pub order: Option<DayMonthOrder>,
    /// Ambiguous values read before the order was known (read month-first).
    pub assumed_month_first: u64,
    /// Values seen with the other order after the column's order was set (mixed column).
    pub conflicts: u64,
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let mut v: u32 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (b - b'0') as u32;
    }
    Some(v)
}

/// Days since 1970-01-01 for a proleptic Gregorian date, without chrono (hot path).
/// `None` for an impossible date (month 13, February 30…).
pub fn civil_day(year: i32, month: u32, day: u32) -> Option<Day> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_len = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > month_len {
        return None;
    }
    // Shift the year to start in March so the leap day is last; count 400-year eras.
    let y = if month <= 2 { year - 1 } else { year } as i64;
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = month as i64;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some((era * 146_097 + day_of_era - 719_468) as Day)
}

/// The calendar date (year, month, day) of a day number; inverse of [`civil_day`].
pub fn civil_from_day(day: Day) -> (i32, u32, u32) {
    let z = day as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + if m <= 2 { 1 } else { 0 };
    (y as i32, m as u32, d as u32)
}

fn ymd_secs(y: u32, m: u32, d: u32) -> Option<i64> {
    civil_day(y as i32, m, d).map(|day| day as i64 * SECS_PER_DAY)
}

/// Parses a time of day `HH:MM[:SS[.fff]]` followed by an optional `Z` or `±HH[:MM]` offset.
/// Returns seconds since midnight UTC (may fall outside 0..86400 after the offset).
fn parse_time(s: &[u8]) -> Option<i64> {
    if s.len() < 5 || s[2] != b':' {
        return None;
    }
    let h = digits(&s[0..2])? as i64;
    let mi = digits(&s[3..5])? as i64;
    let mut secs = 0i64;
    let mut rest = &s[5..];
    if rest.len() >= 3 && rest[0] == b':' {
        secs = digits(&rest[1..3])? as i64;
        rest = &rest[3..];
        if !rest.is_empty() && (rest[0] == b'.' || rest[0] == b',') {
            let mut k = 1;
            while k < rest.len() && rest[k].is_ascii_digit() {
                k += 1;
            }
            rest = &rest[k..];
        }
    }
    if h > 23 || mi > 59 || secs > 60 {
        return None;
    }
    let mut total = h * 3600 + mi * 60 + secs;
    let rest = trim(rest);
    if rest.is_empty() || rest == b"Z" || rest == b"z" || rest.eq_ignore_ascii_case(b"UTC") {
        return Some(total);
    }
    let sign = match rest[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let off = &rest[1..];
    let (oh, om) = match off.len() {
        2 => (digits(off)?, 0),
        4 => (digits(&off[0..2])?, digits(&off[2..4])?),
        5 if off[2] == b':' => (digits(&off[0..2])?, digits(&off[3..5])?),
        _ => return None,
    };
    total -= sign * (oh as i64 * 3600 + om as i64 * 60);
    Some(total)
}

/// Parses a date cell. `column` carries the day/month order learnt so far for this column.
/// Accepts `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, ISO with `T`, `Z` or an offset, `YYYY/MM/DD`,
/// `DD/MM/YYYY` or `MM/DD/YYYY` (order learnt per column), `DD.MM.YYYY`, `YYYYMMDD`, unix
/// seconds or milliseconds, Excel serial days, and written months (`Jan 5, 2024`, `5 Jan 2024`).
pub fn parse_date(cell: &[u8], column: &mut DateColumn) -> Option<ParsedDate> {
    let s = trim(cell);
    if s.len() < 4 {
        return None;
    }
    let plain = |secs| {
        Some(ParsedDate {
            secs,
            ambiguous: false,
        })
    };
    // Fast path: exactly `YYYY-MM-DD`.
    if s.len() == 10 && s[4] == b'-' && s[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
        {
            return plain(ymd_secs(y, m, d)?);
        }
    }
    // YYYY-MM-DD or YYYY/MM/DD (+ optional time).
    if s.len() >= 8 && s[0..4].iter().all(u8::is_ascii_digit) && (s[4] == b'-' || s[4] == b'/') {
        let sep = s[4];
        let rest = &s[5..];
        let mpos = rest.iter().position(|&b| b == sep)?;
        let m = digits(&rest[..mpos])?;
        let after = &rest[mpos + 1..];
        let dlen = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let d = digits(&after[..dlen])?;
        let y = digits(&s[0..4])?;
        let base = ymd_secs(y, m, d)?;
        let tail = &after[dlen..];
        if tail.is_empty() {
            return plain(base);
        }
        if tail[0] == b'T' || tail[0] == b' ' {
            let t = trim(&tail[1..]);
            if t.is_empty() {
                return plain(base);
            }
            return plain(base + parse_time(t)?);
        }
        return None;
    }
    // a/b/yyyy, a-b-yyyy, dd.mm.yyyy (+ optional time).
    if let Some(sep_pos) = s.iter().position(|&b| b == b'/' || b == b'.' || b == b'-') {
        let sep = s[sep_pos];
        if (1..=2).contains(&sep_pos) {
            let first = digits(&s[..sep_pos]);
            let rest = &s[sep_pos + 1..];
            if let (Some(first), Some(p2)) = (first, rest.iter().position(|&b| b == sep)) {
                let second = digits(&rest[..p2])?;
                let after = &rest[p2 + 1..];
                let ylen = after.iter().take_while(|b| b.is_ascii_digit()).count();
                if ylen != 4 && ylen != 2 {
                    return None;
                }
                let mut y = digits(&after[..ylen])?;
                if ylen == 2 {
                    y += if y < 70 { 2000 } else { 1900 };
                }
                let tail = trim(&after[ylen..]);
                let time = if tail.is_empty() {
                    0
                } else {
                    parse_time(trim(tail.strip_prefix(b"T").unwrap_or(tail)))?
                };
                let (d, m, ambiguous) = if sep == b'.' {
                    (first, second, false)
                } else if first > 12 {
                    if column.order == Some(DayMonthOrder::MonthFirst) {
                        column.conflicts += 1;
                    }
                    column.order.get_or_insert(DayMonthOrder::DayFirst);
                    (first, second, false)
                } else if second > 12 {
                    if column.order == Some(DayMonthOrder::DayFirst) {
                        column.conflicts += 1;
                    }
                    column.order.get_or_insert(DayMonthOrder::MonthFirst);
                    (second, first, false)
                } else {
                    match column.order {
                        Some(DayMonthOrder::DayFirst) => (first, second, false),
                        Some(DayMonthOrder::MonthFirst) => (second, first, false),
                        None => {
                            column.assumed_month_first += 1;
                            (second, first, true)
                        }
                    }
                };
                let base = ymd_secs(y, m, d)?;
                return Some(ParsedDate {
                    secs: base + time,
                    ambiguous,
                });
            }
        }
    }
    // All digits: YYYYMMDD, unix seconds / millis, Excel serial days.
    if s.iter().all(u8::is_ascii_digit)
        || (s.contains(&b'.') && parse_number(s, DecimalStyle::Point).is_some())
    {
        let int_part = s.split(|&b| b == b'.').next()?;
        if s.len() == 8 && !s.contains(&b'.') {
            let y = digits(&s[0..4])?;
            if (1900..=2200).contains(&y) {
                return plain(ymd_secs(y, digits(&s[4..6])?, digits(&s[6..8])?)?);
            }
        }
        let n: f64 = std::str::from_utf8(s).ok()?.parse().ok()?;
        return match int_part.len() {
            // Excel serial days: 25569 is 1970-01-01.
            4 | 5 => plain(((n - 25_569.0) * SECS_PER_DAY as f64).round() as i64),
            9 | 10 => plain(n as i64),
            12 | 13 => plain((n / 1000.0) as i64),
            _ => None,
        };
    }
    // Written months: "Jan 5, 2024", "5 January 2024", "Fri Jan 5 2024".
    written_month_day(s).and_then(|(y, m, d)| plain(ymd_secs(y, m, d)?))
}

/// English month names (and their three-letter forms) → month number.
fn month_number(word: &[u8]) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let lower = lower.strip_suffix(b".").unwrap_or(&lower);
    MONTHS
        .iter()
        .position(|name| {
            lower == name.as_bytes()
                || (lower.len() == 3 && name.as_bytes().starts_with(lower))
                || (lower == b"sept" && *name == "september")
        })
        .map(|i| i as u32 + 1)
}

/// Reads a date with a written month: month-first or day-first, an optional leading weekday,
/// commas and ordinal suffixes (1st, 2nd, 3rd, 4th) allowed. Returns (year, month, day).
fn written_month_day(s: &[u8]) -> Option<(u32, u32, u32)> {
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut words: Vec<&[u8]> = s
        .split(|&b| b == b' ' || b == b',' || b == b'-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 4
        && words[0].len() >= 3
        && WEEKDAYS
            .iter()
            .any(|d| words[0][..3].eq_ignore_ascii_case(d.as_bytes()))
    {
        words.remove(0);
    }
    if words.len() != 3 {
        return None;
    }
    let day_of = |w: &[u8]| -> Option<u32> {
        let end = w
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(w.len());
        let suffix = w[end..].to_ascii_lowercase();
        if end == 0 || end > 2 || !matches!(suffix.as_slice(), b"" | b"st" | b"nd" | b"rd" | b"th")
        {
            return None;
        }
        digits(&w[..end])
    };
    let year = (words[2].len() == 4).then(|| digits(words[2])).flatten()?;
    let (month, day) = match month_number(words[0]) {
        Some(m) => (m, day_of(words[1])?),
        None => (month_number(words[1])?, day_of(words[0])?),
    };
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<Day> {
        parse_date(s.as_bytes(), &mut DateColumn::default()).map(|d| d.day())
    }

    #[test]
    fn date_shapes() {
        let jan1 = day_from_ymd(2024, 1, 1);
        assert_eq!(day("2024-01-01"), jan1);
        assert_eq!(day("2024/01/01"), jan1);
        assert_eq!(day("2024-01-01 23:59"), jan1);
        assert_eq!(day("2024-01-01 03:00:00"), jan1);
        assert_eq!(day("2024-01-01T10:00:00Z"), jan1);
        assert_eq!(day("2024-01-01T10:00:00.123+02:00"), jan1);
        // Offset moves the instant to the previous UTC day.
        assert_eq!(day("2024-01-01T01:00:00+02:00"), day_from_ymd(2023, 12, 31));
        assert_eq!(day("01.02.2024"), day_from_ymd(2024, 2, 1));
        assert_eq!(day("20240101"), jan1);
        assert_eq!(day("1704067200"), jan1);
        assert_eq!(day("1704067200000"), jan1);
        assert_eq!(day("45292"), jan1);
        assert_eq!(day("Jan 5, 2024"), day_from_ymd(2024, 1, 5));
        assert_eq!(day("5 January 2024"), day_from_ymd(2024, 1, 5));
        assert_eq!(day("Fri Jan 5 2024"), day_from_ymd(2024, 1, 5));
        assert_eq!(day("5th Jan 2024"), day_from_ymd(2024, 1, 5));
        assert_eq!(day("Sept 3, 2024"), day_from_ymd(2024, 9, 3));
        assert_eq!(day("DECEMBER 31 2024"), day_from_ymd(2024, 12, 31));
        assert_eq!(day("Feb 30 2024"), None);
        assert_eq!(day("Jan 5 24"), None);
        assert_eq!(day("Foo 5 2024"), None);
        assert_eq!(day("Jan 5th 5th 2024"), None);
        assert_eq!(day("2024-13-45"), None);
        assert_eq!(day("2024-02-30"), None);
        assert_eq!(day("yesterday"), None);
        assert_eq!(day("12"), None);
    }

    #[test]
    fn civil_day_agrees_with_chrono() {
        for year in [1600, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 2400] {
            for month in 1..=12 {
                for d in [1, 15, 28, 29, 30, 31] {
                    assert_eq!(
                        civil_day(year, month, d),
                        day_from_ymd(year, month, d),
                        "{year}-{month}-{d}"
                    );
                }
            }
        }
        assert_eq!(civil_day(2024, 13, 1), None);
        for day in -800_000..800_000 {
            let (y, m, d) = civil_from_day(day);
            assert_eq!(civil_day(y, m, d), Some(day));
        }
        assert_eq!(civil_day(2024, 1, 0), None);
    }

    #[test]
    fn day_month_order_is_learnt_per_column() {
        let mut col = DateColumn::default();
        let d = parse_date(b"03/04/2024", &mut col).unwrap();
        assert!(d.ambiguous);
        assert_eq!(d.day(), day_from_ymd(2024, 3, 4).unwrap());
        assert_eq!(col.assumed_month_first, 1);
        // 25/04/2024 is only possible day-first.
        let d = parse_date(b"25/04/2024", &mut col).unwrap();
        assert_eq!(d.day(), day_from_ymd(2024, 4, 25).unwrap());
        assert_eq!(col.order, Some(DayMonthOrder::DayFirst));
        let d = parse_date(b"03/04/2024", &mut col).unwrap();
        assert!(!d.ambiguous);
        assert_eq!(d.day(), day_from_ymd(2024, 4, 3).unwrap());

        let mut us = DateColumn::default();
        assert_eq!(
            parse_date(b"04/25/2024", &mut us).unwrap().day(),
            day_from_ymd(2024, 4, 25).unwrap()
        );
        assert_eq!(us.order, Some(DayMonthOrder::MonthFirst));
        assert_eq!(
            parse_date(b"04/05/2024", &mut us).unwrap().day(),
            day_from_ymd(2024, 4, 5).unwrap()
        );
    }
}
