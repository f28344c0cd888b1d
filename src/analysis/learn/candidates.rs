//! Candidates from a dataset: every accounts-table column (Contract B) except the account
//! id, the name and the churn label itself, plus every numeric measure of the current model
//! that has data (its raw values from a scoring run).

use super::discover::{Candidate, ValueKind};
use super::shape::Column;
use crate::dataset::{ColumnValues, Dataset, Day};
use crate::ingest::vocab::fold;
use crate::scoring::account::AccountResult;

/// Mapped fields that are never measures: who the account is, and the outcome.
const NOT_MEASURES: [&str; 4] = ["name", "churned", "churn_date", "account_name"];

/// A snake_case measure id from a header ("Tenure (months)" → `tenure_months`), unique among
/// `taken` and never a built-in id. Letters are lower-cased in Unicode and common accents
/// folded ("État" and "ÉTAT" → `etat`, "Größe" → `grosse`); other letters are dropped.
pub fn measure_id(header: &str, taken: &[String]) -> String {
    let mut id = String::new();
    let mut previous_lower = false;
    for c in header.trim().chars() {
        if c.is_alphanumeric() {
            // CamelCase words: "MonthlyCharges" → monthly_charges.
            if c.is_uppercase() && previous_lower && !id.ends_with('_') {
                id.push('_');
            }
            for l in c.to_lowercase() {
                match fold(l) {
                    "" if l.is_ascii_alphanumeric() => id.push(l),
                    "" => {}
                    folded => id.push_str(folded),
                }
            }
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    let mut id = id
        .trim_end_matches('_')
        .chars()
        .take(48)
        .collect::<String>();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id = format!("column_{id}").trim_end_matches('_').to_string();
    }
    let builtin = crate::metrics::measure::Measure::from_id(&id).is_some();
    let base = if builtin { format!("{id}_column") } else { id };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

/// The accounts-table columns as candidates; days since is counted to `as_of` (future dates
/// count 0, as the engine reads them).
pub fn from_columns(dataset: &Dataset, as_of: Day) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for col in &dataset.account_columns {
        if col
            .mapped_to
            .as_deref()
            .is_some_and(|m| NOT_MEASURES.contains(&m))
        {
            continue;
        }
        let (value, column) = match &col.values {
            ColumnValues::Number(v) => (ValueKind::Number, Column::Number(v.clone())),
            ColumnValues::Date(v) => (
                ValueKind::DaysSince,
                Column::Number(
                    v.iter()
                        .map(|d| d.map(|d| f64::from((as_of - d).max(0))))
                        .collect(),
                ),
            ),
            ColumnValues::YesNo(v) => (
                ValueKind::YesNo,
                Column::Number(v.iter().map(|b| b.map(|b| b as u8 as f64)).collect()),
            ),
            ColumnValues::Category(v) => (ValueKind::Category, Column::categories(v)),
        };
        let taken: Vec<String> = out.iter().map(|c| c.id.clone()).collect();
        out.push(Candidate {
            id: measure_id(&col.header, &taken),
            header: col.header.clone(),
            file: dataset.files.get(col.file as usize).map(|f| f.name.clone()),
            value,
            column,
            builtin: false,
        });
    }
    out
}

/// The current model's numeric measures with data, from a scoring run of the same dataset
/// (accounts matched to dataset accounts by id).
pub fn from_results(dataset: &Dataset, results: &[AccountResult]) -> Vec<Candidate> {
    let n = dataset.accounts.len();
    let mut columns: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for account in results {
        let Some(a) = dataset.account_ids.get(&account.account_id) else {
            continue;
        };
        for c in &account.components {
            let id = c.measure.id().to_string();
            let slot = match columns.iter().position(|(m, _)| *m == id) {
                Some(s) => s,
                None => {
                    columns.push((id, vec![None; n]));
                    columns.len() - 1
                }
            };
            if let Some(v) = columns[slot].1.get_mut(a as usize) {
                *v = c.raw;
            }
        }
    }
    columns
        .into_iter()
        .filter(|(_, v)| v.iter().any(Option::is_some))
        .map(|(id, v)| Candidate {
            header: id.clone(),
            id,
            file: None,
            value: ValueKind::Number,
            column: Column::Number(v),
            builtin: true,
        })
        .collect()
}

/// The churn label of every account (`None` when unknown).
pub fn labels(dataset: &Dataset) -> Vec<Option<bool>> {
    dataset.accounts.iter().map(|a| a.churned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_snake_case_unique_and_never_built_in() {
        let mut taken = Vec::new();
        for (header, want) in [
            ("Tenure (months)", "tenure_months"),
            ("MonthlyCharges", "monthly_charges"),
            ("Total Charges ($)", "total_charges"),
            ("CSAT", "csat_column"),
            ("tenure months", "tenure_months_2"),
            ("90d orders", "column_90d_orders"),
            ("$$$", "column"),
            // Non-ASCII upper case reads as its lower case (not dropped, not split).
            ("ÉTAT", "etat"),
            ("État", "etat_2"),
            ("GRÖSSE (cm)", "grosse_cm"),
            ("ZufriedenheitÄrger", "zufriedenheit_arger"),
        ] {
            let id = measure_id(header, &taken);
            assert_eq!(id, want, "{header}");
            taken.push(id);
        }
    }
}
