//! Reading the CLI's inputs: files on disk streamed in chunks, and workbooks converted sheet
//! by sheet into in-memory tables.

use std::path::{Path, PathBuf};

use customer_health::engine::Engine;
pub use workbooks::{is_workbook_name, workbook_tables};

/// Where a table's bytes come from: a file on disk, or a workbook sheet converted in memory.
pub enum Source {
    File(PathBuf),
    Sheet(Vec<u8>),
}

/// Workbooks are read natively only (the page loads the reader as its own wasm module).
#[cfg(target_arch = "wasm32")]
mod workbooks {
    pub fn is_workbook_name(_: &str) -> bool {
        false
    }
    pub fn workbook_tables(
        _: &mut super::Engine,
        _: &super::Path,
        _: &str,
    ) -> Result<Vec<(usize, Vec<u8>)>, String> {
        Err("workbooks are not read by this build".into())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod workbooks {
    use super::{Engine, Path};
    pub use customer_health_workbook::is_workbook_name;

    /// A workbook: every visible sheet becomes a table named `book.xlsx › Sheet` (begun here,
    /// with notes on what the conversion did; returned as (file id, text) to be read in the
    /// engine's order). A workbook that cannot be read is reported as that file's error.
    pub fn workbook_tables(
        engine: &mut Engine,
        path: &Path,
        name: &str,
    ) -> Result<Vec<(usize, Vec<u8>)>, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut tables = Vec::new();
        match customer_health_workbook::read_workbook(name, &bytes) {
            Ok(book) => {
                drop(bytes);
                for sheet in book.sheets {
                    let id = engine.begin_file(&sheet.name, None)?;
                    for note in &sheet.notes {
                        engine.note(id, note)?;
                    }
                    tables.push((id, sheet.text));
                }
            }
            Err(e) => {
                let id = engine.begin_file(name, None)?;
                engine.refuse(id, &e.0)?;
            }
        }
        Ok(tables)
    }
}

/// The first 64 KiB of a file (or all of it when shorter), to decide the reading order.
pub fn read_head(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut head = Vec::new();
    file.take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(head)
}

/// Reads a file in fixed-size chunks, as the browser's `file.stream()` does.
pub fn stream_file(
    path: &Path,
    mut sink: impl FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            return Ok(());
        }
        sink(&buffer[..n])?;
    }
}

