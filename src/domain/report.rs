//! What ingest tells the user about each file: the table it recognised, the column mapping it
//! chose, row counts that reconcile, and every rejected row or ignored cell with its reason.

use serde::{Deserialize, Serialize};

/// The kinds of table the engine recognises from headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Accounts,
    Subscriptions,
    Usage,
    Surveys,
    Tickets,
    Goals,
    Touchpoints,
    Releases,
    ChurnEvents,
}

/// Input format detected for a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FileFormat {
    /// Delimited text; `delimiter` is one of `,` `;` `\t` `|`.
    Csv { delimiter: char },
    /// A JSON array of objects (or `{ "rows": [...] }`).
    Json,
}

/// How one input column was mapped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// 0-based column position.
    pub index: usize,
    /// Header text as found in the file (BOM and surrounding spaces removed).
    pub header: String,
    /// Engine field it feeds (snake_case name, e.g. `account_id`, `date`, `arr`), or `None` if ignored.
    pub field: Option<String>,
}

/// A user's correction for one file: force the table kind and/or the field of some columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MappingOverride {
    /// Force the table kind (`None` = keep auto-detection).
    #[serde(default)]
    pub kind: Option<TableKind>,
    /// Header text → field name; an empty string or `"ignore"` means "do not use this column".
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, String>,
    /// Header text → rating scale id (`one_to_five`, `zero_to_ten`, `percent`, `share`,
    /// `nps_score`…; see [`super::scales::Scale`]), replacing the scale decided from the values.
    /// For a survey score column holding several survey types, `"Header#csat"` /
    /// `"Header#nps"` / `"Header#ces"` name one type.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub scales: std::collections::BTreeMap<String, String>,
}

/// How one column's values were read as a whole: its type, a rating scale or a churn-label
/// encoding, with the evidence (shown in the mapping review, overridable for scales).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReading {
    /// 0-based column position.
    pub index: usize,
    /// Header text.
    pub header: String,
    /// Field the column feeds, `None` when unmapped.
    pub field: Option<String>,
    /// What was decided: `number`, `date`, `yes_no`, `category`, a scale id
    /// (`one_to_five`…) for ratings, or a label encoding (`label:yes_no`, `label:words`,
    /// `label:dates`, `label:mixed`).
    pub reading: String,
    /// Why, in words.
    pub evidence: String,
    /// True when another reading fits the values as well: the user should confirm.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
    /// True when the user's override chose it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
    /// Scale ids the user may choose instead (rating columns only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// A column the engine did not use, and what it could become.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnusedColumn {
    /// 0-based column position.
    pub index: usize,
    /// Header text.
    pub header: String,
    /// Value type seen: `number`, `date`, `yes_no`, `category`, `empty`; `identifier` or
    /// `code` for a column of ids or of phone numbers, postcodes and other numeric codes.
    pub value_type: String,
    /// Fields of the file's table it could feed (unmapped fields whose type fits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Custom measure kind it could become (`number`, `days_since`, `yes_no`, `category`),
    /// for columns of an accounts table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
}

/// Whether a problem cost the whole row or only one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueSeverity {
    /// The row was not used.
    Rejected,
    /// The row was used, but this cell's value was ignored.
    CellIgnored,
}

/// One rejected row or ignored cell, located precisely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowIssue {
    pub file: String,
    /// 1-based physical line where the record starts (the CSV header is line 1; for JSON,
    /// the 1-based position of the object in the array).
    pub line: u64,
    /// Header of the offending column, when one column is to blame.
    pub column: Option<String>,
    /// Human-readable reason, e.g. `"date '2024-13-45' is not a valid date"`.
    pub reason: String,
    pub severity: IssueSeverity,
}

/// Everything ingest knows about one input file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub format: Option<FileFormat>,
    /// Recognised table kind, or `None` when the file could not be recognised.
    pub kind: Option<TableKind>,
    /// Recognition score per candidate kind, best first (explains the choice).
    pub candidates: Vec<(TableKind, f64)>,
    pub mapping: Vec<ColumnMapping>,
    pub bytes: u64,
    /// Data records read (header excluded). Always `rows_used + rows_rejected`.
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    /// Cells ignored in rows that were otherwise used.
    pub cells_ignored: u64,
    /// Counts per reason (all of them, even past the detail cap).
    pub reasons: Vec<(String, u64)>,
    /// Detailed issues, capped per file (see `issues_truncated`).
    pub issues: Vec<RowIssue>,
    /// True when more issues happened than are listed in `issues`.
    pub issues_truncated: bool,
    /// File-level problem (empty file, unrecognised table, missing required column…).
    pub error: Option<String>,
    /// File-level notes (e.g. "dates read as day/month/year", "MRR×12 used as ARR").
    pub notes: Vec<String>,
    /// Columns read as a whole: types, rating scales, churn-label encodings, with evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<ColumnReading>,
    /// Columns not used, with what each could become.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<UnusedColumn>,
    /// The saved mapping profile applied to this file, if any (name and why it matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// How the table kind and each column's field were decided, from the header and a sample
    /// of the first rows (absent when the file had no header to decide from, or was decided
    /// by headers alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition: Option<RecognitionReport>,
}

/// The evidence behind a file's recognition, shown in the mapping review
/// (docs/recognition.md).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecognitionReport {
    /// 0–1: how clearly the chosen kind beat the next one.
    pub confidence: f64,
    /// Data rows sampled (values read before deciding).
    pub sampled_rows: u32,
    /// Combined header + value score per kind, best first.
    pub scores: Vec<(TableKind, f64)>,
    /// Why this kind ("one row per id…", "ids repeat on 80 % of rows with a date…").
    pub reasons: Vec<String>,
    /// Per column: the field chosen (or none) with its confidence and reason.
    pub columns: Vec<ColumnEvidence>,
}

/// Why one column feeds a field (or none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnEvidence {
    /// 0-based column position.
    pub index: usize,
    /// Field chosen, as in [`ColumnMapping::field`].
    pub field: Option<String>,
    /// 0–1.
    pub confidence: f64,
    /// E.g. "account_id: 98 % of values match the account ids of crm_accounts.csv".
    pub reason: String,
}
