//! Excel and OpenDocument workbooks for customer-health: every visible sheet becomes one
//! tab-separated table named `workbook.xlsx › Sheet name`, which the engine then reads like
//! any other export (recognition, mapping, reports).
//!
//! Reading is done by [calamine](https://docs.rs/calamine) (pure Rust; .xlsx/.xlsm, .xlsb,
//! .xls, .ods). An .xlsx sheet is streamed cell by cell (a 1M-row sheet never exists as a grid
//! in memory, only as its output text); the other formats are read as a grid first.
//! What the conversion does to cells and merged ranges is in [`cell`] and [`sheet`], and every
//! decision lands in the sheet's notes for its file report.
//!
//! The same code runs natively (the CLI) and as a separate, lazily loaded wasm module in the
//! page (`wasm.rs`), so the main engine module does not carry a ZIP/XML reader.

mod cell;
mod read;
mod sheet;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use read::read_workbook;

/// Between the workbook's file name and the sheet name in a table's name.
pub const SHEET_SEPARATOR: &str = " › ";

/// One sheet, as the text of a table.
#[derive(Debug, Clone)]
pub struct SheetTable {
    /// The sheet's name in the workbook.
    pub sheet: String,
    /// The table's file name: `workbook.xlsx › Sheet name`.
    pub name: String,
    /// Tab-separated UTF-8 text; line N is row N of the sheet.
    pub text: Vec<u8>,
    /// What the conversion did, for the file report (where it came from, merged cells,
    /// formulas without saved results, hidden sheets of the workbook…).
    pub notes: Vec<String>,
    /// Non-empty rows written.
    pub rows: u64,
}

/// A sheet that was not turned into a table, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedSheet {
    pub sheet: String,
    pub reason: String,
}

/// Everything read from one workbook.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// "Excel (.xlsx)", "Excel 97–2003 (.xls)", …
    pub format: &'static str,
    pub sheets: Vec<SheetTable>,
    pub skipped: Vec<SkippedSheet>,
}

/// A workbook that cannot be read, with a message meant for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookError(pub String);

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WorkbookError {}

/// Whether a file name has a workbook extension (.xlsx, .xlsm, .xlsb, .xls, .ods).
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Whether the bytes start like a workbook container: a ZIP archive (.xlsx, .ods) or an OLE2
/// compound file (.xls, or an encrypted .xlsx).
pub fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(read::ZIP_MAGIC) || head.starts_with(read::CFB_MAGIC)
}

/// At most `max` characters of `text`, with "…" when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max).collect::<String>() + "…"
    }
}
