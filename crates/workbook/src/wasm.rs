//! The page's side: a second wasm module, fetched only when a workbook is added. The worker
//! calls `read_workbook(name, bytes)` and gets each sheet's table text and notes.

use wasm_bindgen::prelude::*;

use crate::Workbook;

/// The sheets of one workbook, handed to JavaScript one at a time.
#[wasm_bindgen]
pub struct WorkbookSheets {
    book: Workbook,
}

#[wasm_bindgen]
impl WorkbookSheets {
    /// Number of sheets turned into tables.
    pub fn count(&self) -> usize {
        self.book.sheets.len()
    }

    /// The format read ("Excel workbook (.xlsx)", …).
    pub fn format(&self) -> String {
        self.book.format.to_string()
    }

    /// Table name of sheet `i`: `workbook.xlsx › Sheet name`.
    pub fn name(&self, i: usize) -> String {
        self.book
            .sheets
            .get(i)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    /// Notes for sheet `i`'s file report.
    pub fn notes(&self, i: usize) -> Vec<String> {
        self.book
            .sheets
            .get(i)
            .map(|s| s.notes.clone())
            .unwrap_or_default()
    }

    /// Tab-separated text of sheet `i`; moves it out (a second call returns nothing).
    pub fn take_text(&mut self, i: usize) -> Vec<u8> {
        self.book
            .sheets
            .get_mut(i)
            .map(|s| std::mem::take(&mut s.text))
            .unwrap_or_default()
    }

    /// Sheets not read, each as "name: reason".
    pub fn skipped(&self) -> Vec<String> {
        self.book
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.sheet, s.reason))
            .collect()
    }
}

/// Reads a workbook; the error is a message for the user.
#[wasm_bindgen]
pub fn read_workbook(name: &str, bytes: &[u8]) -> Result<WorkbookSheets, JsError> {
    crate::read_workbook(name, bytes)
        .map(|book| WorkbookSheets { book })
        .map_err(|e| JsError::new(&e.0))
}
