//! Per-file bookkeeping of used and rejected rows and ignored cells, so that counts always
//! reconcile and every problem is reported (detailed up to a cap, counted without limit).

use std::collections::HashMap;

use super::report::{FileReport, IssueSeverity, RowIssue};

/// Detailed issues kept per file; past this only the per-reason counts grow.
pub const MAX_DETAILED_ISSUES: usize = 200;

/// Longest message (in bytes) kept in an issue, note or file error: messages quote cell and
/// header text, and a hostile file can hold a megabyte in one cell.
pub const MAX_MESSAGE_BYTES: usize = 300;

/// Cuts `text` to at most `max` bytes (on a character boundary), marking the cut with `…`.
pub fn clip(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// Wraps a [`FileReport`] and keeps its counters consistent.
#[derive(Debug, Default)]
pub struct Reporter {
    /// The report being filled.
    pub report: FileReport,
    reason_index: HashMap<String, usize>,
}

impl Reporter {
    /// A reporter for the file called `name`.
    pub fn new(name: &str) -> Self {
        Reporter {
            report: FileReport {
                name: name.to_string(),
                ..Default::default()
            },
            reason_index: HashMap::new(),
        }
    }

    fn count_reason(&mut self, key: &str) {
        match self.reason_index.get(key) {
            Some(&i) => self.report.reasons[i].1 += 1,
            None => {
                self.reason_index
                    .insert(key.to_string(), self.report.reasons.len());
                self.report.reasons.push((key.to_string(), 1));
            }
        }
    }

    fn detail(&mut self, line: u64, column: Option<&str>, reason: String, severity: IssueSeverity) {
        if self.report.issues.len() < MAX_DETAILED_ISSUES {
            self.report.issues.push(RowIssue {
                file: self.report.name.clone(),
                line,
                column: column.map(|c| clip(c.to_string(), MAX_MESSAGE_BYTES)),
                reason: clip(reason, MAX_MESSAGE_BYTES),
                severity,
            });
        } else {
            self.report.issues_truncated = true;
        }
    }

    /// Counts one more data record read.
    pub fn read(&mut self) {
        self.report.rows_read += 1;
    }

    /// Counts a row as used.
    pub fn used(&mut self) {
        self.report.rows_used += 1;
    }

    /// Rejects a row. `key` groups reasons for the counts; `reason` is the detailed message.
    pub fn reject(&mut self, line: u64, column: Option<&str>, key: &str, reason: String) {
        self.report.rows_rejected += 1;
        self.count_reason(key);
        self.detail(line, column, reason, IssueSeverity::Rejected);
    }

    /// Rejects a row that had been counted as used (a join failed in `finish`).
    pub fn reject_used(&mut self, line: u64, column: Option<&str>, key: &str, reason: String) {
        self.report.rows_used = self.report.rows_used.saturating_sub(1);
        self.reject(line, column, key, reason);
    }

    /// Records an ignored cell in a row that is used.
    pub fn ignore_cell(&mut self, line: u64, column: Option<&str>, key: &str, reason: String) {
        self.report.cells_ignored += 1;
        self.count_reason(key);
        self.detail(line, column, reason, IssueSeverity::CellIgnored);
    }

    /// Adds a file-level note.
    pub fn note(&mut self, note: String) {
        self.report.notes.push(clip(note, MAX_MESSAGE_BYTES));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_reconcile_and_details_are_capped() {
        let mut r = Reporter::new("f.csv");
        for i in 0..(MAX_DETAILED_ISSUES as u64 + 10) {
            r.read();
            r.reject(i + 2, Some("date"), "invalid date", format!("bad {i}"));
        }
        r.read();
        r.used();
        r.reject_used(999, None, "join", "late".into());
        let rep = &r.report;
        assert_eq!(rep.rows_read, 211);
        assert_eq!(rep.rows_used + rep.rows_rejected, rep.rows_read);
        assert_eq!(rep.issues.len(), MAX_DETAILED_ISSUES);
        assert!(rep.issues_truncated);
        assert_eq!(
            rep.reasons,
            vec![("invalid date".to_string(), 210), ("join".to_string(), 1)]
        );
    }
}
