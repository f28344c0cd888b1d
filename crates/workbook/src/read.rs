//! Opens a workbook, decides what each sheet is, and streams the visible ones into tables.

use std::io::{Cursor, Read, Seek};

use calamine::{
    Data, DataRef, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx,
    XlsxError,
};

use crate::cell::{self, cell_ref, CellStats};
use crate::sheet::SheetWriter;
use crate::{clip, SheetTable, SkippedSheet, Workbook, WorkbookError, SHEET_SEPARATOR};

pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
pub(crate) const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const SAMPLES: usize = 5;

const PROTECTED: &str = "this workbook is password-protected (encrypted), so it cannot be read. Save a copy without the password (in Excel: File › Info › Protect Workbook › Encrypt with Password, clear it) or export the sheets as CSV, and add that instead.";

/// Reads every sheet of `bytes`, a workbook named `file_name`.
pub fn read_workbook(file_name: &str, bytes: &[u8]) -> Result<Workbook, WorkbookError> {
    let lower = file_name.to_ascii_lowercase();
    if bytes.is_empty() {
        return Err(WorkbookError("the file is empty".into()));
    }
    let cursor = Cursor::new(bytes);
    if bytes.starts_with(CFB_MAGIC) {
        if has_encrypted_package(bytes) {
            return Err(WorkbookError(PROTECTED.into()));
        }
        let book =
            Xls::new(cursor).map_err(|e| open_error("Excel 97–2003 (.xls)", &e.to_string()))?;
        return convert(file_name, "Excel 97–2003 (.xls)", book, |b, name| {
            b.merge_cells_by_sheet_name(name).map_err(|e| e.to_string())
        });
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(WorkbookError(
            "not a workbook that can be read: the file does not start like one (.xlsx, .xlsb and .ods files are ZIP archives, .xls files OLE2 compound files). If it is a CSV file with a workbook's name, rename it to .csv.".into(),
        ));
    }
    let head = &bytes[..bytes.len().min(100)];
    if lower.ends_with(".ods") || head.windows(24).any(|w| w == b"opendocument.spreadsheet") {
        let book: Ods<_> =
            Ods::new(cursor).map_err(|e| open_error("OpenDocument (.ods)", &e.to_string()))?;
        return convert(
            file_name,
            "OpenDocument spreadsheet (.ods)",
            book,
            |_, _| Ok(Vec::new()),
        );
    }
    if lower.ends_with(".xlsb") || zip_names(bytes, b"workbook.bin") {
        let book: Xlsb<_> =
            Xlsb::new(cursor).map_err(|e| open_error("Excel binary (.xlsb)", &e.to_string()))?;
        return convert(file_name, "Excel binary workbook (.xlsb)", book, |_, _| {
            Ok(Vec::new())
        });
    }
    let book: Xlsx<_> = Xlsx::new(cursor).map_err(|e| match e {
        XlsxError::Password => WorkbookError(PROTECTED.into()),
        e => open_error("Excel (.xlsx)", &e.to_string()),
    })?;
    convert_xlsx(file_name, book)
}

/// A workbook that does not open: a damaged ZIP most of the time.
fn open_error(format: &str, detail: &str) -> WorkbookError {
    let lower = detail.to_ascii_lowercase();
    let what = if lower.contains("zip")
        || lower.contains("archive")
        || lower.contains("eocd")
        || lower.contains("end of central")
    {
        "its ZIP container is damaged or incomplete (was the download or copy cut short?)"
    } else {
        "its contents are damaged or not in the expected format"
    };
    WorkbookError(format!(
        "cannot read this {format} workbook: {what}. Re-export it, or save the sheets as CSV. (Reader said: {})",
        clip(detail, 200)
    ))
}

/// An OLE2 compound file holding an `EncryptedPackage` stream is an encrypted OOXML workbook
/// (the stream name is stored in UTF-16 in the directory).
fn has_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Whether a ZIP's central directory names an entry ending in `suffix` (cheap format check).
fn zip_names(bytes: &[u8], suffix: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    tail.windows(suffix.len()).any(|w| w == suffix)
}

/// The visible worksheets and the reasons the others are skipped.
fn plan(meta: &[calamine::Sheet]) -> (Vec<String>, Vec<SkippedSheet>) {
    let mut visible = Vec::new();
    let mut skipped = Vec::new();
    for s in meta {
        let reason = match (s.typ, s.visible) {
            (SheetType::WorkSheet, SheetVisible::Visible) => None,
            (SheetType::WorkSheet, SheetVisible::Hidden) => {
                Some("hidden sheet: skipped (unhide it in the workbook to use it)".to_string())
            }
            (SheetType::WorkSheet, SheetVisible::VeryHidden) => {
                Some("hidden sheet (very hidden, set by a macro or a tool): skipped".to_string())
            }
            (SheetType::ChartSheet, _) => Some("chart sheet: holds no table".to_string()),
            (SheetType::DialogSheet | SheetType::MacroSheet | SheetType::Vba, _) => {
                Some("macro or dialog sheet: holds no table".to_string())
            }
        };
        match reason {
            None => visible.push(s.name.clone()),
            Some(reason) => skipped.push(SkippedSheet {
                sheet: s.name.clone(),
                reason,
            }),
        }
    }
    (visible, skipped)
}

/// Formats read through a grid (.xls, .xlsb, .ods).
fn convert<R, RS>(
    file_name: &str,
    format: &'static str,
    mut book: R,
    merges: impl Fn(&mut R, &str) -> Result<Vec<Dimensions>, String>,
) -> Result<Workbook, WorkbookError>
where
    R: Reader<RS>,
    RS: Read + Seek,
    R::Error: std::fmt::Display,
{
    let (visible, mut skipped) = plan(book.sheets_metadata());
    let mut sheets = Vec::new();
    for name in visible {
        let range: Range<Data> = match book.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                skipped.push(unreadable(&name, &e.to_string()));
                continue;
            }
        };
        let Some((first_row, first_col)) = range.start() else {
            skipped.push(empty(&name));
            continue;
        };
        let regions = merges(&mut book, &name).unwrap_or_default();
        let mut writer = SheetWriter::new(first_col, regions);
        let mut stats = CellStats::default();
        for (i, row) in range.rows().enumerate() {
            let cells = row
                .iter()
                .enumerate()
                .map(|(j, v)| {
                    (
                        first_col + j as u32,
                        cell::convert(&data_ref(v), &mut stats),
                    )
                })
                .collect();
            writer.push_row(first_row + i as u32, cells);
        }
        sheets.push(finish_sheet(
            file_name,
            format,
            &name,
            writer,
            &stats,
            &[],
            0,
        ));
    }
    finish(format, sheets, skipped)
}

/// .xlsx/.xlsm: streamed cell by cell, with formulas seen as they pass.
fn convert_xlsx<RS: Read + Seek>(
    file_name: &str,
    mut book: Xlsx<RS>,
) -> Result<Workbook, WorkbookError> {
    let format = "Excel workbook (.xlsx)";
    let (visible, mut skipped) = plan(book.sheets_metadata());
    let mut sheets = Vec::new();
    for name in visible {
        match xlsx_sheet(&mut book, file_name, format, &name) {
            Ok(Some(sheet)) => sheets.push(sheet),
            Ok(None) => skipped.push(empty(&name)),
            Err(e) => skipped.push(unreadable(&name, &e.to_string())),
        }
    }
    finish(format, sheets, skipped)
}

fn xlsx_sheet<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    file_name: &str,
    format: &'static str,
    name: &str,
) -> Result<Option<SheetTable>, XlsxError> {
    let merges = book.merge_cells_by_sheet_name(name)?;
    let mut reader = book.worksheet_cells_reader(name)?;
    let declared = reader.dimensions();
    let mut stats = CellStats::default();
    let mut pending: Vec<(u32, cell::CellText)> = Vec::new();
    let mut pending_row = None;
    let mut head: Vec<(u32, Vec<(u32, cell::CellText)>)> = Vec::new();
    let mut writer: Option<SheetWriter> = None;
    let mut uncalculated = 0u64;
    let mut uncalculated_at = Vec::new();
    let mut any = false;
    // The first rows are gathered before the writer starts, to know the table's first column.
    let emit = |row: u32,
                cells: Vec<(u32, cell::CellText)>,
                head: &mut Vec<_>,
                writer: &mut Option<SheetWriter>| {
        match writer {
            Some(w) => w.push_row(row, cells),
            None => head.push((row, cells)),
        }
    };
    while let Some(record) = reader.next_cell_with_formula_metadata()? {
        let (row, col) = record.pos;
        if record.formula.is_some() && matches!(record.value, DataRef::Empty) {
            uncalculated += 1;
            if uncalculated_at.len() < SAMPLES {
                uncalculated_at.push(cell_ref(row, col));
            }
        }
        let value = cell::convert(&record.value, &mut stats);
        if value.is_empty() {
            continue;
        }
        any = true;
        if pending_row != Some(row) {
            if let Some(r) = pending_row {
                emit(r, std::mem::take(&mut pending), &mut head, &mut writer);
            }
            pending_row = Some(row);
            if writer.is_none() && head.len() >= crate::sheet::HEAD_ROWS {
                writer = Some(start_writer(&mut head, declared, merges.clone()));
            }
        }
        pending.push((col, value));
    }
    if let Some(r) = pending_row {
        emit(r, pending, &mut head, &mut writer);
    }
    if !any && uncalculated == 0 {
        return Ok(None);
    }
    let writer = match writer {
        Some(w) => w,
        None => start_writer(&mut head, declared, merges),
    };
    Ok(Some(finish_sheet(
        file_name,
        format,
        name,
        writer,
        &stats,
        &uncalculated_at,
        uncalculated,
    )))
}

/// Starts a sheet's writer at the leftmost column of the declared dimension and the first
/// rows, and gives it those rows.
fn start_writer(
    head: &mut Vec<(u32, Vec<(u32, cell::CellText)>)>,
    declared: Dimensions,
    merges: Vec<Dimensions>,
) -> SheetWriter {
    let seen = head
        .iter()
        .filter_map(|(_, cells)| cells.first().map(|c| c.0))
        .min()
        .unwrap_or(0);
    let declared_col = if declared.start == (0, 0) && declared.end == (0, 0) {
        seen
    } else {
        declared.start.1
    };
    let mut writer = SheetWriter::new(seen.min(declared_col), merges);
    for (row, cells) in head.drain(..) {
        writer.push_row(row, cells);
    }
    writer
}

fn finish_sheet(
    file_name: &str,
    format: &str,
    sheet: &str,
    writer: SheetWriter,
    stats: &CellStats,
    uncalculated_at: &[String],
    uncalculated: u64,
) -> SheetTable {
    let rows = writer.rows_written;
    let (text, conversion) = writer.finish();
    let mut notes = vec![format!(
        "sheet '{sheet}' of the workbook {file_name} ({format}); line numbers are the sheet's row numbers, dates are read from the cells' date formats"
    )];
    if uncalculated > 0 {
        notes.push(format!(
            "{uncalculated} formula cell(s) have no saved result ({}{}): the program that wrote this workbook did not calculate them, so they are read as empty. Open and save the workbook in Excel or LibreOffice (which stores the results), or export the sheet as CSV",
            uncalculated_at.join(", "),
            if uncalculated as usize > uncalculated_at.len() { ", …" } else { "" }
        ));
    }
    notes.extend(conversion);
    if stats.errors > 0 {
        notes.push(format!("{} cell(s) hold Excel errors (#N/A, #DIV/0!…): kept as that text, so they are reported where a value was expected", stats.errors));
    }
    if stats.line_breaks > 0 {
        notes.push(format!(
            "{} cell(s) with line breaks written on one line (breaks → spaces)",
            stats.line_breaks
        ));
    }
    if stats.durations > 0 {
        notes.push(format!(
            "{} duration cell(s) ([h]:mm) read as a number of hours",
            stats.durations
        ));
    }
    SheetTable {
        sheet: sheet.to_string(),
        name: format!("{file_name}{SHEET_SEPARATOR}{sheet}"),
        text,
        notes,
        rows,
    }
}

fn finish(
    format: &'static str,
    mut sheets: Vec<SheetTable>,
    skipped: Vec<SkippedSheet>,
) -> Result<Workbook, WorkbookError> {
    if sheets.is_empty() {
        let why: Vec<String> = skipped
            .iter()
            .map(|s| format!("'{}': {}", s.sheet, s.reason))
            .collect();
        return Err(WorkbookError(if why.is_empty() {
            "the workbook has no sheets".into()
        } else {
            format!(
                "no sheet of this workbook holds a table that can be read ({})",
                why.join("; ")
            )
        }));
    }
    if let Some(first) = sheets.first_mut() {
        for s in &skipped {
            first.notes.push(format!(
                "workbook: sheet '{}' not read — {}",
                s.sheet, s.reason
            ));
        }
    }
    Ok(Workbook {
        format,
        sheets,
        skipped,
    })
}

/// A grid cell seen as a streamed one (no copy of its text).
fn data_ref(v: &Data) -> DataRef<'_> {
    match v {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

fn unreadable(sheet: &str, detail: &str) -> SkippedSheet {
    SkippedSheet {
        sheet: sheet.to_string(),
        reason: format!(
            "cannot be read, the sheet is damaged ({})",
            clip(detail, 160)
        ),
    }
}

fn empty(sheet: &str) -> SkippedSheet {
    SkippedSheet {
        sheet: sheet.to_string(),
        reason: "empty sheet".into(),
    }
}
