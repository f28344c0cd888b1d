//! Types a whole column from all its values (Contract B): number (thousands separators,
//! currency signs and accounting negatives as [`parse_number`] reads them; a `%` cell is read as
//! a share, `45%` → 0.45), date (every shape [`parse_date`] reads, day/month order learnt from
//! the whole column), yes/no (yes/no, true/false, y/n, t/f, with or without 1/0), or category
//! (the trimmed text). Cells like `N/A`, `null`, `-` are blank for the typed kinds.
//! A type wins when it fits at least 95 % of the non-blank values; the others are left empty
//! and counted in the evidence.

use super::values::{parse_bool, parse_date, parse_number, DateColumn, DecimalStyle};
use crate::dataset::{ColumnValues, Day};

/// Share of non-blank values a type must read for the column to get that type.
const FIT: f64 = 0.95;

/// Markers of a missing value in typed columns.
pub fn is_missing_marker(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "" | "na" | "n/a" | "#n/a" | "null" | "none" | "nil" | "nan" | "-" | "--" | "?" | "missing"
    )
}

/// The type of a column and how well it fit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSummary {
    /// `number`, `date`, `yes_no`, `category` or `empty`.
    pub kind: &'static str,
    /// Non-blank values.
    pub filled: usize,
    /// Non-blank values the type could not read (left empty).
    pub unread: usize,
    /// Cells holding a missing-value marker (N/A, null…), read as blank.
    pub markers: usize,
}

impl TypeSummary {
    /// The summary in words, for the file report.
    pub fn evidence(&self) -> String {
        let mut text = match self.kind {
            "empty" => "every cell is blank".to_string(),
            kind => format!(
                "{} of {} values read as {}",
                self.filled - self.unread,
                self.filled,
                kind.replace('_', "/")
            ),
        };
        if self.unread > 0 {
            text.push_str(&format!(
                "; {} value(s) that are not {} left empty",
                self.unread,
                self.kind.replace('_', "/")
            ));
        }
        if self.markers > 0 {
            text.push_str(&format!(
                "; {} N/A-like cell(s) read as blank",
                self.markers
            ));
        }
        text
    }
}

/// Days of a date column, the day/month order learnt from the whole column first.
fn dates(cells: &[Option<&str>], plausible: &dyn Fn(i64) -> bool) -> Vec<Option<Day>> {
    let mut column = DateColumn::default();
    for text in cells.iter().flatten() {
        parse_date(text.as_bytes(), &mut column);
    }
    column.assumed_month_first = 0;
    cells
        .iter()
        .map(|c| {
            let d = parse_date((*c)?.as_bytes(), &mut column)?;
            plausible(d.secs).then(|| d.day())
        })
        .collect()
}

/// Types `cells` (`None` = blank) as a whole. `plausible` bounds dates (seconds).
pub fn type_column(
    cells: &[Option<&str>],
    style: DecimalStyle,
    plausible: &dyn Fn(i64) -> bool,
) -> (ColumnValues, TypeSummary) {
    let markers = cells
        .iter()
        .flatten()
        .filter(|t| is_missing_marker(t))
        .count();
    let clean: Vec<Option<&str>> = cells
        .iter()
        .map(|c| c.filter(|t| !is_missing_marker(t)))
        .collect();
    let filled = clean.iter().flatten().count();
    let summary = |kind, read: usize| TypeSummary {
        kind,
        filled,
        unread: filled - read,
        markers,
    };
    if filled == 0 {
        return (
            ColumnValues::Category(vec![None; cells.len()]),
            summary("empty", 0),
        );
    }
    let fits = |read: usize| read as f64 >= FIT * filled as f64;
    let numbers: Vec<Option<f64>> = clean
        .iter()
        .map(|c| {
            parse_number((*c)?.as_bytes(), style).map(|n| {
                if n.percent {
                    n.value / 100.0
                } else {
                    n.value
                }
            })
        })
        .collect();
    let read = numbers.iter().flatten().count();
    if fits(read) {
        return (ColumnValues::Number(numbers), summary("number", read));
    }
    let days = dates(&clean, plausible);
    let read = days.iter().flatten().count();
    if fits(read) {
        return (ColumnValues::Date(days), summary("date", read));
    }
    let bools: Vec<Option<bool>> = clean.iter().map(|c| parse_bool((*c)?.as_bytes())).collect();
    let read = bools.iter().flatten().count();
    if fits(read) {
        return (ColumnValues::YesNo(bools), summary("yes_no", read));
    }
    let text: Vec<Option<String>> = cells
        .iter()
        .map(|c| c.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
        .collect();
    let read = text.iter().flatten().count();
    (
        ColumnValues::Category(text),
        TypeSummary {
            kind: "category",
            filled: read,
            unread: 0,
            markers: 0,
        },
    )
}

/// The custom-measure kind (Contract A) a typed column could become.
pub fn measure_kind(kind: &str) -> Option<&'static str> {
    match kind {
        "number" => Some("number"),
        "date" => Some("days_since"),
        "yes_no" => Some("yes_no"),
        "category" => Some("category"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(cells: &[Option<&str>]) -> (ColumnValues, TypeSummary) {
        type_column(cells, DecimalStyle::Point, &|_| true)
    }

    #[test]
    fn columns_are_typed_as_a_whole() {
        let (v, s) = typed(&[Some("$1,200"), Some("45%"), None, Some("N/A"), Some("(3)")]);
        assert_eq!(s.kind, "number");
        assert_eq!(s.markers, 1);
        match v {
            ColumnValues::Number(n) => {
                assert_eq!(n, vec![Some(1200.0), Some(0.45), None, None, Some(-3.0)])
            }
            other => panic!("{other:?}"),
        }
        let (v, s) = typed(&[Some("03/04/2024"), Some("25/04/2024")]);
        assert_eq!(s.kind, "date");
        // Day-first learnt from the whole column, the first value included.
        match v {
            ColumnValues::Date(d) => {
                assert_eq!(d[0], crate::dataset::day_from_ymd(2024, 4, 3))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            typed(&[Some("Yes"), Some("no"), Some("TRUE")]).1.kind,
            "yes_no"
        );
        // 0/1 alone is a number (it works as yes/no in a measure too).
        assert_eq!(typed(&[Some("0"), Some("1")]).1.kind, "number");
        let (v, s) = typed(&[Some("Month-to-month"), Some(" One year "), None]);
        assert_eq!(s.kind, "category");
        match v {
            ColumnValues::Category(c) => assert_eq!(c[1].as_deref(), Some("One year")),
            other => panic!("{other:?}"),
        }
        assert_eq!(typed(&[None, Some("n/a")]).1.kind, "empty");
    }

    #[test]
    fn a_few_stray_values_do_not_change_the_type_and_are_counted() {
        let mut cells: Vec<Option<&str>> = vec![Some("12"); 40];
        cells.push(Some("unknown"));
        let (v, s) = typed(&cells);
        assert_eq!((s.kind, s.unread), ("number", 1));
        assert!(s.evidence().contains("1 value(s) that are not number"));
        match v {
            ColumnValues::Number(n) => assert_eq!(n[40], None),
            other => panic!("{other:?}"),
        }
    }
}
