//! Columns a file has but the engine did not use, and what each could become: a field of the
//! file's table whose values it fits and whose name shares a word with the header, or — in an
//! accounts table — a custom measure of its value type (number, days since a date, yes/no,
//! category).

use super::codes::Code;
use super::evidence::{want, Want};
use super::report::{ColumnReading, TableKind, UnusedColumn};
use super::schema::fields;
use super::typing::measure_kind;

/// The value type a field expects: `number`, `date`, `yes_no` or `category` (text, ids).
pub fn field_type(field: &str) -> &'static str {
    match (field, want(field)) {
        // A churn label may be yes/no, words or dates.
        ("churned", _) => "label",
        (_, Want::Date) => "date",
        (_, Want::Count | Want::Number | Want::Money | Want::Rating) => "number",
        (_, Want::Bool) => "yes_no",
        _ => "category",
    }
}

/// Lower-case words of a header, as recognition splits them ([`super::vocab::header_words`]:
/// camelCase humps, punctuation, accents folded; "MonthlyCharges" → monthly, charges).
pub fn words(header: &str) -> Vec<String> {
    super::vocab::header_words(header).words
}

/// Words too common to suggest a field by themselves.
const STOP_WORDS: &[&str] = &[
    "id", "the", "of", "per", "in", "at", "date", "count", "total", "number", "no", "nr",
    "monthly", "annual", "last", "days", "since", "score", "rate", "name",
];

/// A word that can suggest a field by itself.
fn telling(w: &str) -> bool {
    w.len() > 2 && !STOP_WORDS.contains(&w)
}

/// The words of every field name and synonym of a table kind, split once per file.
pub struct FieldWords {
    kind: TableKind,
    /// Per field (catalogue order): the words of its name and of each synonym.
    words: Vec<Vec<Vec<String>>>,
    /// Every telling word of any field (a header with none of them matches no field).
    vocabulary: Vec<String>,
}

impl FieldWords {
    pub fn new(kind: TableKind) -> Self {
        let words: Vec<Vec<Vec<String>>> = fields(kind)
            .iter()
            .map(|spec| {
                std::iter::once(spec.name)
                    .chain(spec.synonyms.iter().copied())
                    .map(words)
                    .collect()
            })
            .collect();
        let mut vocabulary: Vec<String> = Vec::new();
        for w in words.iter().flatten().flatten() {
            if telling(w) && !vocabulary.contains(w) {
                vocabulary.push(w.clone());
            }
        }
        FieldWords {
            kind,
            words,
            vocabulary,
        }
    }

    /// Unmapped fields a column of `value_type` called `header` could feed: its type fits
    /// and a telling word of the field's name or a synonym is a word of the header; when
    /// several fit, those sharing the most words win ("MonthlyRevenue" → mrr, not arr).
    pub fn suggest(&self, header: &str, value_type: &str, taken: &[String]) -> Vec<String> {
        let header_words = words(header);
        if !header_words.iter().any(|w| self.vocabulary.contains(w)) {
            return Vec::new();
        }
        let shared = |name_words: &Vec<String>| -> usize {
            if !name_words
                .iter()
                .any(|w| telling(w) && header_words.contains(w))
            {
                return 0;
            }
            name_words
                .iter()
                .filter(|w| header_words.contains(w))
                .count()
        };
        let scored: Vec<(usize, &str)> = fields(self.kind)
            .iter()
            .zip(&self.words)
            .filter(|(spec, _)| !taken.iter().any(|t| t == spec.name))
            .filter(|(spec, _)| match field_type(spec.name) {
                "label" => matches!(value_type, "yes_no" | "date" | "category" | "number"),
                "category" => true,
                t => t == value_type,
            })
            .map(|(spec, names)| (names.iter().map(shared).max().unwrap_or(0), spec.name))
            .filter(|(n, _)| *n > 0)
            .collect();
        let top = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
        scored
            .into_iter()
            .filter(|(n, _)| *n == top)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

/// [`FieldWords::suggest`] for one column.
pub fn suggest_fields(
    kind: TableKind,
    header: &str,
    value_type: &str,
    taken: &[String],
) -> Vec<String> {
    FieldWords::new(kind).suggest(header, value_type, taken)
}

/// The unused columns of a file: `readings` give each column's value type (one per column,
/// for every column of the file that was typed), `mapped` the fields in use, `codes` the
/// columns that hold identifiers or codes ([`super::codes`]): offered as nothing but an id field.
pub fn unused_columns(
    kind: TableKind,
    readings: &[ColumnReading],
    mapped: &[String],
    accounts_table: bool,
    codes: &[(usize, Code)],
) -> Vec<UnusedColumn> {
    let field_words = FieldWords::new(kind);
    readings
        .iter()
        .filter(|r| r.field.is_none())
        .map(|r| {
            let value_type = r.reading.clone();
            let code = codes.iter().find(|(c, _)| *c == r.index).map(|(_, code)| *code);
            let mut fields = field_words.suggest(&r.header, &value_type, mapped);
            if code.is_some() {
                fields.retain(|f| f.ends_with("_id"));
            }
            UnusedColumn {
                index: r.index,
                header: r.header.clone(),
                fields,
                measure: (accounts_table && code.is_none())
                    .then(|| measure_kind(&value_type).map(str::to_string))
                    .flatten(),
                // what the column is, not the shape its values happen to share with a
                // category or a number ("ticket_id (identifier)", "PLZ (code)")
                value_type: match code {
                    Some(Code::Id) => "identifier".to_string(),
                    Some(Code::Number) => "code".to_string(),
                    None => value_type,
                },
            }
        })
        .collect()
}

/// One line for the command line: "MonthlyCharges (number): could be field mrr, or a custom
/// measure: number".
pub fn describe(u: &UnusedColumn) -> String {
    let mut could: Vec<String> = u.fields.iter().map(|f| format!("field {f}")).collect();
    if let Some(m) = &u.measure {
        could.push(format!("a custom measure: {}", m.replace('_', "-")));
    }
    let type_text = u.value_type.replace('_', "/");
    if could.is_empty() {
        format!("{} ({type_text})", u.header)
    } else {
        format!(
            "{} ({type_text}): could be {}",
            u.header,
            could.join(", or ")
        )
    }
}

/// Why no account could be scored, from the results as JSON (`accounts[].components[]` with
/// `measure` and `raw`, `files[].unused`): the measures that had no data, and the unused
/// columns that could become fields or measures.
pub fn why_none_scored(results: &serde_json::Value) -> Vec<String> {
    let mut measures: Vec<String> = Vec::new();
    if let Some(accounts) = results["accounts"].as_array() {
        for a in accounts {
            for c in a["components"].as_array().into_iter().flatten() {
                let id = match &c["measure"] {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if c["raw"].is_null() && !measures.contains(&id) {
                    measures.push(id);
                }
            }
        }
    }
    let mut lines = vec![format!(
        "why no account was scored: none of the model's measures had data for any account ({})",
        if measures.is_empty() {
            "the model has no measures".to_string()
        } else {
            measures.join(", ")
        }
    )];
    let mut columns = 0;
    for f in results["files"].as_array().into_iter().flatten() {
        for u in f["unused"].as_array().into_iter().flatten() {
            if let Ok(u) = serde_json::from_value::<UnusedColumn>(u.clone()) {
                columns += usize::from(!u.fields.is_empty() || u.measure.is_some());
            }
        }
    }
    lines.push(if columns == 0 {
        "no unused column could become a measure: add usage, survey or ticket exports, or map columns by hand".into()
    } else {
        format!(
            "{columns} unused column(s) listed above could feed a field or become a custom measure: map them with --mapping, or add them to the model's \"measures\""
        )
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_split_camel_case_and_punctuation() {
        assert_eq!(words("MonthlyCharges"), vec!["monthly", "charges"]);
        assert_eq!(
            words("days_since_last_order"),
            vec!["days", "since", "last", "order"]
        );
        // The unit in brackets is set aside, as recognition does.
        assert_eq!(words("CSAT (1-5)"), vec!["csat"]);
    }

    #[test]
    fn fields_are_suggested_by_type_and_shared_words() {
        let taken = vec!["account_id".to_string()];
        assert_eq!(
            suggest_fields(TableKind::Accounts, "MonthlyRevenue", "number", &taken),
            vec!["mrr"]
        );
        // A date column is never offered a number field.
        assert!(
            suggest_fields(TableKind::Accounts, "monthly_revenue_date", "date", &taken).is_empty()
        );
        assert_eq!(
            suggest_fields(TableKind::Accounts, "Region code", "category", &taken),
            vec!["region"]
        );
        // A field already mapped is not offered again.
        let taken = vec!["region".to_string()];
        assert!(suggest_fields(TableKind::Accounts, "Region code", "category", &taken).is_empty());
    }

    #[test]
    fn descriptions_name_fields_and_measures() {
        let u = UnusedColumn {
            index: 3,
            header: "Contract".into(),
            value_type: "category".into(),
            fields: vec![],
            measure: Some("category".into()),
        };
        assert_eq!(
            describe(&u),
            "Contract (category): could be a custom measure: category"
        );
        let u = UnusedColumn {
            index: 3,
            header: "LastLogin".into(),
            value_type: "date".into(),
            fields: vec![],
            measure: Some("days_since".into()),
        };
        assert_eq!(
            describe(&u),
            "LastLogin (date): could be a custom measure: days-since"
        );
    }
}
