//! Values of custom measures: each reads a column of the accounts table
//! ([`Dataset::account_columns`]) per account, as the model's declaration says (number, days
//! since a date, yes/no, category). The evidence names the column and its file.
//!
//! A column is found by its header after the ingest's header normalisation (case, spaces and
//! punctuation do not matter). When several accounts files hold it, an account takes the
//! value of the first file that has one. A declared column that is absent, or whose cells
//! cannot be read as declared, leaves the measure missing with the reason as evidence, and
//! [`problems`] lists it for the user.

use crate::dataset::{day_to_iso, AccountColumn, ColumnValues, Dataset, Day};
use crate::domain::measure::ValueKind;
use crate::ingest::schema::normalise_header;
use crate::metrics::{fmt_num, AccountMeasures, MeasureValue};
use crate::model::config::Model;
use crate::model::measures::CustomMeasure;

/// The model's custom measures with the columns they read, resolved once per computation.
pub struct Columns<'a> {
    dataset: &'a Dataset,
    measures: Vec<Resolved<'a>>,
}

struct Resolved<'a> {
    measure: &'a CustomMeasure,
    /// Matching columns, in file order.
    columns: Vec<&'a AccountColumn>,
}

impl<'a> Columns<'a> {
    /// Finds each custom measure's column(s) in `dataset`.
    pub fn resolve(dataset: &'a Dataset, model: &'a Model) -> Columns<'a> {
        let measures = model
            .measures
            .iter()
            .map(|measure| {
                let wanted = normalise_header(&measure.column);
                let columns = dataset
                    .account_columns
                    .iter()
                    .filter(|c| normalise_header(&c.header) == wanted)
                    .collect();
                Resolved { measure, columns }
            })
            .collect();
        Columns { dataset, measures }
    }
}

/// Adds every custom measure's value for account `a` to `out.custom`.
pub fn fill(columns: &Columns, a: usize, as_of: Day, out: &mut AccountMeasures) {
    for r in &columns.measures {
        let value = value_of(columns.dataset, r, a, as_of);
        out.custom.push((r.measure.id, value));
    }
}

fn value_of(dataset: &Dataset, r: &Resolved, a: usize, as_of: Day) -> MeasureValue {
    let declared = &r.measure.column;
    if r.columns.is_empty() {
        return missing(format!(
            "column '{declared}' not found in the accounts table"
        ));
    }
    if dataset
        .accounts
        .get(a)
        .is_some_and(|acc| acc.source.is_none())
    {
        return missing(format!(
            "no accounts-table row for this account (column '{declared}')"
        ));
    }
    let mut blank_in = None;
    for column in &r.columns {
        let at = format!(
            "column '{}' of {}",
            column.header,
            file_name(dataset, column)
        );
        let Some(cell) = Cell::of(&column.values, a) else {
            blank_in.get_or_insert(at);
            continue;
        };
        return read(cell, r.measure.value, as_of, &at);
    }
    missing(format!(
        "{}: empty for this account",
        blank_in.unwrap_or_default()
    ))
}

fn file_name<'d>(dataset: &'d Dataset, column: &AccountColumn) -> &'d str {
    dataset
        .files
        .get(column.file as usize)
        .map_or("the accounts file", |f| f.name.as_str())
}

fn missing(evidence: String) -> MeasureValue {
    MeasureValue {
        evidence,
        ..MeasureValue::default()
    }
}

/// One typed cell.
#[derive(Debug, Clone, Copy)]
enum Cell<'a> {
    Number(f64),
    Date(Day),
    YesNo(bool),
    Text(&'a str),
}

impl<'a> Cell<'a> {
    fn of(values: &'a ColumnValues, a: usize) -> Option<Cell<'a>> {
        match values {
            ColumnValues::Number(v) => v.get(a).copied().flatten().map(Cell::Number),
            ColumnValues::Date(v) => v.get(a).copied().flatten().map(Cell::Date),
            ColumnValues::YesNo(v) => v.get(a).copied().flatten().map(Cell::YesNo),
            ColumnValues::Category(v) => v.get(a).and_then(|t| t.as_deref()).map(Cell::Text),
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The value of one cell read as `kind`.
fn read(cell: Cell, kind: ValueKind, as_of: Day, at: &str) -> MeasureValue {
    let number = |raw: f64, shown: String| MeasureValue {
        raw: Some(raw).filter(|v| v.is_finite()),
        category: None,
        rows: 1,
        evidence: format!("{at}: {shown}"),
    };
    let category = |text: String| MeasureValue {
        raw: None,
        evidence: format!("{at}: {text}"),
        category: Some(text),
        rows: 1,
    };
    let cannot = |what: &str| missing(format!("{at}: {what}"));
    match (kind, cell) {
        (ValueKind::Number, Cell::Number(v)) => number(v, fmt_num(v)),
        (ValueKind::Number | ValueKind::YesNo, Cell::YesNo(b)) => {
            number(f64::from(u8::from(b)), yes_no(b).into())
        }
        (ValueKind::YesNo, Cell::Number(v)) if v == 0.0 || v == 1.0 => {
            number(v, format!("{} ({})", fmt_num(v), yes_no(v == 1.0)))
        }
        (ValueKind::YesNo, Cell::Number(v)) => {
            cannot(&format!("{} is not a yes/no value (0 or 1)", fmt_num(v)))
        }
        (ValueKind::DaysSince, Cell::Date(d)) => {
            let days = (as_of - d).max(0);
            number(
                days as f64,
                format!("{}, {days} days before as-of", day_to_iso(d)),
            )
        }
        (ValueKind::Category, Cell::Text(t)) => category(t.trim().to_string()),
        (ValueKind::Category, Cell::YesNo(b)) => category(yes_no(b).into()),
        (ValueKind::Category, Cell::Number(v)) => category(fmt_num(v)),
        (ValueKind::Category, Cell::Date(d)) => category(day_to_iso(d)),
        (_, Cell::Date(_)) => cannot("the column holds dates (declare value \"days_since\")"),
        (_, Cell::Text(_)) => cannot("the column holds text (declare value \"category\")"),
        (ValueKind::DaysSince, _) => cannot("the column holds no dates"),
    }
}

/// What the user should know about the model's custom measures on this data: declared
/// columns that are absent, and columns whose type does not fit the declared value.
pub fn problems(dataset: &Dataset, model: &Model) -> Vec<String> {
    let resolved = Columns::resolve(dataset, model);
    let mut out = Vec::new();
    for r in &resolved.measures {
        let (id, declared) = (r.measure.id, &r.measure.column);
        if r.columns.is_empty() {
            let headers: Vec<&str> = dataset
                .account_columns
                .iter()
                .map(|c| c.header.as_str())
                .collect();
            out.push(if headers.is_empty() {
                format!("measure '{id}': column '{declared}' not found (no accounts table was read)")
            } else {
                format!(
                    "measure '{id}': column '{declared}' not found in the accounts table (its columns: {})",
                    headers.join(", ")
                )
            });
            continue;
        }
        for c in &r.columns {
            if let Some(why) = mismatch(r.measure.value, &c.values) {
                out.push(format!(
                    "measure '{id}': column '{}' of {} {why}",
                    c.header,
                    file_name(dataset, c)
                ));
            }
        }
    }
    out
}

/// Why a column's type cannot give the declared kind of value, if it cannot.
fn mismatch(kind: ValueKind, values: &ColumnValues) -> Option<&'static str> {
    match (kind, values) {
        (ValueKind::Category, _)
        | (
            ValueKind::Number | ValueKind::YesNo,
            ColumnValues::Number(_) | ColumnValues::YesNo(_),
        )
        | (ValueKind::DaysSince, ColumnValues::Date(_)) => None,
        (_, ColumnValues::Date(_)) => Some("holds dates: declare value \"days_since\""),
        (_, ColumnValues::Category(_)) => Some("holds text: declare value \"category\""),
        (ValueKind::DaysSince, _) => Some("holds no dates: \"days_since\" needs a date column"),
    }
}
