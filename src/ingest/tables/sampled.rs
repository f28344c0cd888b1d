//! The unused columns of a file, listed at its end with what each could become. An accounts
//! table's columns are typed from all their values (see `accounts`); other tables' unused
//! columns are typed from their first [`SAMPLE_ROWS`] used rows.

use super::*;
use crate::ingest::report::ColumnReading;
use crate::ingest::typing::type_column;
use crate::ingest::codes::{code_of, Code};
use crate::ingest::unused::unused_columns;

/// Used rows whose unmapped cells are kept to type those columns.
pub(super) const SAMPLE_ROWS: usize = 200;

/// Cells of the unmapped columns of a file's first used rows.
#[derive(Debug, Default)]
pub(super) struct Samples {
    cols: Vec<usize>,
    rows: usize,
    cells: Vec<Vec<Option<Box<str>>>>,
    /// Unmapped columns that hold identifiers or codes (an accounts table's, from all values).
    pub(super) codes: Vec<(usize, Code)>,
}

impl Samples {
    pub(super) fn new(field_of: &[Option<usize>]) -> Self {
        let cols: Vec<usize> = (0..field_of.len())
            .filter(|&c| field_of[c].is_none())
            .collect();
        Samples {
            cells: vec![Vec::new(); cols.len()],
            cols,
            rows: 0,
            codes: Vec::new(),
        }
    }

    /// Keeps the unmapped cells of a used row, for the first [`SAMPLE_ROWS`] rows.
    #[inline]
    pub(super) fn keep(&mut self, rec: &Record<'_>) {
        if self.rows >= SAMPLE_ROWS || self.cols.is_empty() {
            return;
        }
        self.rows += 1;
        for (k, &col) in self.cols.iter().enumerate() {
            let bytes = trim(rec.field(col));
            let cell = (!bytes.is_empty()).then(|| String::from_utf8_lossy(bytes).into());
            self.cells[k].push(cell);
        }
    }
}

impl TableBuilder {
    /// Lists the file's unused columns in its report.
    pub(super) fn report_unused(&mut self, reporter: &mut Reporter) {
        let accounts = self.mapping.kind == TableKind::Accounts;
        let mut codes = std::mem::take(&mut self.samples.codes);
        let mut typed: Vec<ColumnReading> = if accounts {
            reporter.report.readings.clone()
        } else {
            let (min, max) = (self.min_secs, self.max_secs);
            let plausible = move |secs: i64| (min..=max).contains(&secs);
            let samples = std::mem::take(&mut self.samples);
            samples
                .cols
                .iter()
                .zip(&samples.cells)
                .map(|(&col, cells)| {
                    let cells: Vec<Option<&str>> = cells.iter().map(|c| c.as_deref()).collect();
                    let (_, summary) = type_column(&cells, self.style, &plausible);
                    if let Some(code) = code_of(self.header(col), summary.kind, &cells) {
                        codes.push((col, code));
                    }
                    ColumnReading {
                        index: col,
                        header: self.header(col).to_string(),
                        field: None,
                        reading: summary.kind.to_string(),
                        evidence: summary.evidence(),
                        ambiguous: false,
                        overridden: false,
                        options: Vec::new(),
                    }
                })
                .collect()
        };
        typed.retain(|r| r.field.is_none());
        let mapped: Vec<String> = (0..self.headers.len())
            .filter_map(|c| self.field_name(c))
            .collect();
        reporter.report.unused =
            unused_columns(self.mapping.kind, &typed, &mapped, accounts, &codes);
    }
}
