//! Churn labels on an accounts table, read per column (Contract C): yes/no, 1/0, true/false,
//! status words (churned, active, retained, cancelled, lost, won…) or a churn date (a date →
//! churned with its day, blank → not churned). A column mixing encodings is read value by
//! value with the encodings named; unreadable values and a label with one class only are
//! reported, never dropped silently.

use crate::dataset::Day;

/// Words meaning the account churned (compared lower-cased, trimmed, `_`/`-` as spaces).
const CHURNED_WORDS: &[&str] = &[
    "churned",
    "churn",
    "cancelled",
    "canceled",
    "cancel",
    "lost",
    "closed lost",
    "inactive",
    "terminated",
    "lapsed",
    "left",
    "exited",
    "attrited",
    "former",
    "former customer",
    "not renewed",
];

/// Words meaning the account did not churn.
const STAYED_WORDS: &[&str] = &[
    "active",
    "retained",
    "renewed",
    "current",
    "won",
    "closed won",
    "stayed",
    "live",
    "customer",
    "existing",
    "not churned",
];

/// One encoding a label value can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Encoding {
    YesNo,
    Words,
    Date,
}

/// How one churn column was read.
#[derive(Debug, Clone, Default)]
pub struct LabelReading {
    /// Per row: churned or not (`None` when blank or unreadable).
    pub churned: Vec<Option<bool>>,
    /// Per row: the churn date, when the cell was a date.
    pub day: Vec<Option<Day>>,
    /// Rows (indexes into the input) whose value could not be read, with the text.
    pub unreadable: Vec<(usize, String)>,
    /// Short id of the reading: `yes_no`, `words`, `dates` or `mixed`.
    pub reading: &'static str,
    /// The reading in words, with counts.
    pub evidence: String,
    /// True when the reading is worth a note (not a plain yes/no column with both classes).
    pub noteworthy: bool,
    /// True when every labelled account has the same label.
    pub one_class: bool,
}

fn is_plain_yes_no(t: &str) -> Option<bool> {
    match t {
        "yes" | "y" | "true" | "t" | "1" | "1.0" => Some(true),
        "no" | "n" | "false" | "f" | "0" | "0.0" => Some(false),
        _ => None,
    }
}

/// The matching form of a label cell: trimmed, lower-cased, `_`/`-` as spaces, spaces single.
fn label_form(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `text` reads as a churn label value (yes/no, 1/0, true/false or a status word).
pub fn is_label_word(text: &str) -> bool {
    let t = label_form(text);
    is_plain_yes_no(&t).is_some()
        || CHURNED_WORDS.contains(&t.as_str())
        || STAYED_WORDS.contains(&t.as_str())
}

/// Reads the churn column's cells (`None` = blank). `parse_day` reads a date cell.
pub fn read_labels(
    cells: &[Option<&str>],
    mut parse_day: impl FnMut(&str) -> Option<Day>,
) -> LabelReading {
    let n = cells.len();
    let mut out = LabelReading {
        churned: vec![None; n],
        day: vec![None; n],
        ..Default::default()
    };
    let mut used: Vec<Encoding> = Vec::new();
    let count = |e: Encoding, used: &mut Vec<Encoding>| {
        if !used.contains(&e) {
            used.push(e);
        }
    };
    let mut dates = 0usize;
    let mut readable = 0usize;
    let mut words_seen: Vec<String> = Vec::new();
    for (row, cell) in cells.iter().enumerate() {
        let Some(text) = cell else { continue };
        let t = label_form(text);
        if let Some(b) = is_plain_yes_no(&t) {
            out.churned[row] = Some(b);
            count(Encoding::YesNo, &mut used);
        } else if CHURNED_WORDS.contains(&t.as_str()) || STAYED_WORDS.contains(&t.as_str()) {
            out.churned[row] = Some(CHURNED_WORDS.contains(&t.as_str()));
            count(Encoding::Words, &mut used);
            if !words_seen.contains(&t) && words_seen.len() < 8 {
                words_seen.push(t);
            }
        } else if let Some(day) = parse_day(text) {
            out.churned[row] = Some(true);
            out.day[row] = Some(day);
            dates += 1;
            count(Encoding::Date, &mut used);
        } else {
            out.unreadable.push((row, text.to_string()));
            continue;
        }
        readable += 1;
    }
    // A churn-date column: blank means the account has not churned.
    let date_column = dates > 0 && dates * 2 >= readable;
    if date_column {
        for (row, cell) in cells.iter().enumerate() {
            if cell.is_none() {
                out.churned[row] = Some(false);
            }
        }
    }
    crate::sort::sort(&mut used);
    let churned = out.churned.iter().filter(|c| **c == Some(true)).count();
    let stayed = out.churned.iter().filter(|c| **c == Some(false)).count();
    out.reading = match used.as_slice() {
        [] => "none",
        [Encoding::YesNo] => "yes_no",
        [Encoding::Words] => "words",
        [Encoding::Date] => "dates",
        _ => "mixed",
    };
    let mut parts: Vec<String> = Vec::new();
    for e in &used {
        parts.push(match e {
            Encoding::YesNo => "yes/no (yes, true, 1 → churned)".to_string(),
            Encoding::Words => format!("status words ({})", describe_words(&words_seen)),
            Encoding::Date => format!(
                "churn dates ({dates} dates → churned, date kept{})",
                if date_column {
                    "; blank → not churned"
                } else {
                    ""
                }
            ),
        });
    }
    out.one_class = (churned == 0) != (stayed == 0);
    out.evidence = format!(
        "churn label read as {}{}: {churned} churned, {stayed} not churned{}",
        if used.len() > 1 {
            "mixed encodings — "
        } else {
            ""
        },
        parts.join(" and "),
        if out.unreadable.is_empty() {
            String::new()
        } else {
            format!(
                ", {} unreadable and left without a label ({})",
                out.unreadable.len(),
                unreadable_values(&out.unreadable)
            )
        }
    );
    if out.one_class {
        out.evidence.push_str(&format!(
            "; every labelled account is {}, so churn cannot be learned or checked from this column",
            if churned > 0 { "churned" } else { "not churned" }
        ));
    }
    if readable == 0 && !out.unreadable.is_empty() {
        out.evidence = format!(
            "churn label: none of the {} values could be read (expected yes/no, 1/0, true/false, churned/active… or a churn date)",
            out.unreadable.len()
        );
    }
    out.noteworthy = out.reading != "yes_no" || out.one_class || !out.unreadable.is_empty();
    out
}

/// The unreadable values with their counts, most frequent first (at most three named).
fn unreadable_values(cells: &[(usize, String)]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, text) in cells {
        match counts.iter_mut().find(|(t, _)| *t == text.as_str()) {
            Some(c) => c.1 += 1,
            None => counts.push((text.as_str(), 1)),
        }
    }
    crate::sort::sort_by_key(&mut counts, |c| std::cmp::Reverse(c.1));
    let mut named: Vec<String> = counts
        .iter()
        .take(3)
        .map(|(t, n)| format!("'{t}' ×{n}"))
        .collect();
    if counts.len() > 3 {
        named.push(format!("{} other values", counts.len() - 3));
    }
    named.join(", ")
}

fn describe_words(words: &[String]) -> String {
    let (churned, stayed): (Vec<&String>, Vec<&String>) = words
        .iter()
        .partition(|w| CHURNED_WORDS.contains(&w.as_str()));
    let list = |w: &[&String]| w.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    match (churned.is_empty(), stayed.is_empty()) {
        (false, false) => format!("{} → churned; {} → not", list(&churned), list(&stayed)),
        (false, true) => format!("{} → churned", list(&churned)),
        _ => format!("{} → not churned", list(&stayed)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cells: &[Option<&str>]) -> LabelReading {
        read_labels(cells, crate::dataset::parse_iso_day)
    }

    #[test]
    fn every_encoding_reads_the_same_labels() {
        let truth = [Some(true), Some(false), Some(true)];
        for cells in [
            [Some("Yes"), Some("No"), Some("yes")],
            [Some("1"), Some("0"), Some("1")],
            [Some("TRUE"), Some("false"), Some("True")],
            [Some("Churned"), Some("Active"), Some("churned")],
            [Some("cancelled"), Some("retained"), Some("Lost")],
            [Some("canceled"), Some("won"), Some("closed-lost")],
        ] {
            let r = read(&cells);
            assert_eq!(r.churned, truth, "{cells:?}");
            assert!(r.unreadable.is_empty());
            assert!(!r.one_class);
        }
    }

    #[test]
    fn a_churn_date_column_marks_churn_and_keeps_the_day() {
        let r = read(&[Some("2024-03-01"), None, Some("2024-05-02")]);
        assert_eq!(r.churned, vec![Some(true), Some(false), Some(true)]);
        assert_eq!(r.day[0], crate::dataset::parse_iso_day("2024-03-01"));
        assert_eq!(r.day[1], None);
        assert_eq!(r.reading, "dates");
        assert!(r.noteworthy);
    }

    #[test]
    fn mixed_unreadable_and_one_class_columns_are_reported() {
        let r = read(&[
            Some("Yes"),
            Some("active"),
            Some("2024-01-05"),
            Some("maybe"),
        ]);
        assert_eq!(r.reading, "mixed");
        assert_eq!(r.churned, vec![Some(true), Some(false), Some(true), None]);
        assert_eq!(r.unreadable, vec![(3, "maybe".to_string())]);
        assert!(r.evidence.contains("mixed encodings"), "{}", r.evidence);
        assert!(
            r.evidence
                .contains("1 unreadable and left without a label ('maybe' ×1)"),
            "{}",
            r.evidence
        );
        let r = read(&[Some("no"), Some("No"), None]);
        assert!(r.one_class && r.noteworthy);
        assert!(r.evidence.contains("cannot be learned"));
        // Plain yes/no with both classes: nothing to note.
        assert!(!read(&[Some("no"), Some("yes")]).noteworthy);
    }
}
