//! The accounts table read as whole columns at the end of its file (the table is small, so
//! its raw cells are kept until then):
//! - the flat ratings (`csat`, `nps`) on the scale decided for the whole column;
//! - the churn label in whatever encoding the column uses (Contract C);
//! - every column but the account id, typed from all its values (Contract B).

use super::*;
use crate::ingest::labels::read_labels;
use crate::ingest::report::ColumnReading;
use crate::ingest::scales::{csat_word, words_evidence, Rated, Scale, ValueSummary};
use crate::ingest::staging::StagedColumn;
use crate::ingest::codes::code_of;
use crate::ingest::typing::type_column;

/// Raw cells of an accounts file, kept per column for its used rows.
#[derive(Debug, Default)]
pub(super) struct RawColumns {
    /// Columns kept: all but the account id.
    cols: Vec<usize>,
    /// Per used row: its index in `Staging::accounts` and its line.
    rows: Vec<(usize, u64)>,
    /// `cells[k][r]`: column `cols[k]` of row `r` (`None` = blank).
    cells: Vec<Vec<Option<Box<str>>>>,
}

impl RawColumns {
    pub(super) fn new(account_col: &Option<usize>, width: usize) -> Self {
        let cols: Vec<usize> = (0..width).filter(|c| Some(*c) != *account_col).collect();
        RawColumns {
            cells: vec![Vec::new(); cols.len()],
            cols,
            rows: Vec::new(),
        }
    }

    /// Keeps the cells of a used row staged at `staged`.
    pub(super) fn capture(&mut self, rec: &Record<'_>, staged: usize, latin1: &mut u64) {
        self.rows.push((staged, rec.line));
        for (k, &col) in self.cols.iter().enumerate() {
            let bytes = trim(rec.field(col));
            let cell = (!bytes.is_empty()).then(|| text_of(bytes, latin1).into());
            self.cells[k].push(cell);
        }
    }

    /// The cells of column `col`, `None` when the column is not kept.
    fn column(&self, col: usize) -> Option<Vec<Option<&str>>> {
        let k = self.cols.iter().position(|&c| c == col)?;
        Some(self.cells[k].iter().map(|c| c.as_deref()).collect())
    }
}

impl TableBuilder {
    /// End of an accounts file: flat ratings, churn labels and typed columns.
    pub(super) fn finish_accounts(&mut self, st: &mut Staging, reporter: &mut Reporter) {
        let Some(raw) = self.raw.take() else { return };
        let mut readings: Vec<ColumnReading> = Vec::new();
        for (field, rated) in [("csat", Rated::Csat), ("nps", Rated::Nps)] {
            if let Some(r) = self.flat_rating(&raw, field, rated, st, reporter) {
                readings.push(r);
            }
        }
        if let Some(r) = self.churn_labels(&raw, st, reporter) {
            readings.push(r);
        }
        let (min, max) = (self.min_secs, self.max_secs);
        let plausible = move |secs: i64| (min..=max).contains(&secs);
        let mut has_reading = vec![false; self.headers.len()];
        for r in &readings {
            has_reading[r.index] = true;
        }
        for (k, &col) in raw.cols.iter().enumerate() {
            let cells: Vec<Option<&str>> = raw.cells[k].iter().map(|c| c.as_deref()).collect();
            let (values, summary) = type_column(&cells, self.style, &plausible);
            let field = self.field_name(col);
            if field.is_none() {
                if let Some(code) = code_of(self.header(col), summary.kind, &cells) {
                    self.samples.codes.push((col, code));
                }
            }
            if !has_reading[col] {
                readings.push(ColumnReading {
                    index: col,
                    header: self.header(col).to_string(),
                    field: field.clone(),
                    reading: summary.kind.to_string(),
                    evidence: summary.evidence(),
                    ambiguous: false,
                    overridden: false,
                    options: Vec::new(),
                });
            }
            st.account_columns.push(StagedColumn {
                header: self.header(col).to_string(),
                file: self.file,
                mapped_to: field,
                rows: raw.rows.iter().map(|&(i, _)| i).collect(),
                values,
            });
        }
        crate::sort::sort_by_key(&mut readings, |r| r.index);
        reporter.report.readings.extend(readings);
    }

    /// The field column `col` feeds, by name.
    pub(super) fn field_name(&self, col: usize) -> Option<String> {
        self.mapping.field_of[col].map(|f| fields(self.mapping.kind)[f].name.to_string())
    }

    /// Reads a flat rating column on the scale decided from all its values.
    fn flat_rating(
        &mut self,
        raw: &RawColumns,
        field: &str,
        rated: Rated,
        st: &mut Staging,
        reporter: &mut Reporter,
    ) -> Option<ColumnReading> {
        let col = self.col(field)?;
        let cells = raw.column(col)?;
        let header = self.header(col).to_string();
        let numbers: Vec<Option<(f64, bool)>> = cells
            .iter()
            .map(|c| parse_number((*c)?.as_bytes(), self.style).map(|n| (n.value, n.percent)))
            .collect();
        // CSAT answers written as words ("Very satisfied") are points on 1–5, whatever scale
        // the column's numbers are on; a column of words alone is decided from those points.
        let words: Vec<Option<f64>> = cells
            .iter()
            .zip(&numbers)
            .map(|(c, n)| match (rated, n) {
                (Rated::Csat, None) => c.and_then(csat_word),
                _ => None,
            })
            .collect();
        let word_count = words.iter().flatten().count();
        let mut summary = ValueSummary::of(numbers.iter().flatten().copied());
        if summary.count == 0 {
            summary = ValueSummary::of(words.iter().flatten().map(|&w| (w, false)));
        }
        let (scale, mut reading) = self.decide_scale(col, None, rated, &summary, reporter)?;
        if word_count > 0 {
            reading.evidence.push_str(&words_evidence(word_count));
        }
        for (r, (cell, number)) in cells.iter().zip(&numbers).enumerate() {
            let (staged, line) = raw.rows[r];
            let Some(text) = cell else { continue };
            let value = number
                .and_then(|(v, percent)| match rated {
                    Rated::Csat if percent => Scale::Percent.csat_share(v),
                    Rated::Csat => scale.csat_share(v),
                    _ => scale.nps_value(v),
                })
                .or_else(|| words[r].and_then(|w| Scale::OneToFive.csat_share(w)));
            let flat = &mut st.accounts[staged].1.flat;
            match (rated, value) {
                (Rated::Csat, Some(v)) => flat.csat = Some(v),
                (Rated::Nps, Some(v)) => flat.nps = Some(v),
                (_, Some(_)) => {}
                (_, None) => {
                    let (key, reason) = match number {
                        None => (
                            "not a number",
                            format!("{} '{text}' is not a number", rated.name()),
                        ),
                        Some(_) => (
                            "score out of scale",
                            format!(
                                "{} {text} is outside the column's scale ({})",
                                rated.name(),
                                scale.label()
                            ),
                        ),
                    };
                    reporter.ignore_cell(line, Some(&header), key, reason);
                }
            }
        }
        Some(reading)
    }

    /// Reads the churn label column in its encoding(s).
    fn churn_labels(
        &mut self,
        raw: &RawColumns,
        st: &mut Staging,
        reporter: &mut Reporter,
    ) -> Option<ColumnReading> {
        let col = self.col("churned")?;
        let cells = raw.column(col)?;
        let header = self.header(col).to_string();
        let mut column = DateColumn::default();
        for text in cells.iter().flatten() {
            parse_date(text.as_bytes(), &mut column);
        }
        column.assumed_month_first = 0;
        let (min, max) = (self.min_secs, self.max_secs);
        let reading = read_labels(&cells, |text| {
            parse_date(text.as_bytes(), &mut column)
                .filter(|d| (min..=max).contains(&d.secs))
                .map(|d| d.day())
        });
        for (r, &(staged, _)) in raw.rows.iter().enumerate() {
            let account = &mut st.accounts[staged].1;
            account.churned = reading.churned[r];
            account.churn_day = reading.day[r];
        }
        for (r, text) in &reading.unreadable {
            reporter.ignore_cell(
                raw.rows[*r].1,
                Some(&header),
                "not a churn label",
                format!("'{text}' is not a churn label (yes/no, 1/0, true/false, churned/active…, or a churn date)"),
            );
        }
        if reading.noteworthy {
            reporter.note(format!("column '{header}': {}", reading.evidence));
        }
        Some(ColumnReading {
            index: col,
            header,
            field: Some("churned".into()),
            reading: format!("label:{}", reading.reading),
            evidence: reading.evidence,
            ambiguous: reading.reading == "mixed" || reading.one_class,
            overridden: false,
            options: Vec::new(),
        })
    }
}
