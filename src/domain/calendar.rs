//! The calendar: dates as day numbers and the date arithmetic every layer shares.

/// Days since 1970-01-01 (UTC). Dates are kept at day resolution everywhere except ticket
/// timestamps, which keep seconds for resolution-time arithmetic.
pub type Day = i32;

/// Converts a calendar date to [`Day`].
pub fn day_from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days() as Day)
}

/// Parses a strict `YYYY-MM-DD` date (surrounding spaces allowed) to a [`Day`].
pub fn parse_iso_day(text: &str) -> Option<Day> {
    let t = text.trim().as_bytes();
    if t.len() != 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let number = |part: &[u8]| -> Option<u32> {
        part.iter().try_fold(0u32, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    day_from_ymd(
        number(&t[0..4])? as i32,
        number(&t[5..7])?,
        number(&t[8..10])?,
    )
}

/// Formats a [`Day`] as `YYYY-MM-DD`.
pub fn day_to_iso(day: Day) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
    match epoch.checked_add_signed(chrono::Duration::days(day as i64)) {
        // Written by hand: chrono's strftime machinery would add weight to the wasm module.
        Some(d) => {
            use chrono::Datelike;
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
        None => String::new(),
    }
}

/// Today (UTC) as a [`Day`].
pub fn today() -> Day {
    let today = chrono::Utc::now().date_naive();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(today);
    (today - epoch).num_days() as Day
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(day_from_ymd(1970, 1, 1), Some(0));
        assert_eq!(day_from_ymd(2024, 3, 1), Some(19783));
        assert_eq!(day_to_iso(19783), "2024-03-01");
        assert_eq!(day_from_ymd(2024, 2, 30), None);
        assert_eq!(parse_iso_day(" 2024-03-01 "), Some(19783));
        for bad in [
            "2024-3-01",
            "2024/03/01",
            "2024-02-30",
            "2024-03-0x",
            "",
            "20240301",
        ] {
            assert_eq!(parse_iso_day(bad), None, "{bad}");
        }
    }
}
