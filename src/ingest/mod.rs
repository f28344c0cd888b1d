//! Ingest: bytes pushed in chunks → recognised tables → columnar [`Dataset`], with every
//! rejected row reported.
//!
//! Flow per file: [`sniff`] buffers the first bytes to decide encoding (UTF-8/UTF-16) and
//! format (JSON or delimited text with its delimiter); CSV is then tokenized incrementally by
//! [`csv`], the header record is recognised by [`schema`], and each data record goes through a
//! [`tables::TableBuilder`] into [`staging`]. JSON is buffered whole and parsed by [`json`].
//! [`Ingest::finish`] joins the staged tables to accounts ([`join`]).
//!
//! Policy choices (documented for users):
//! - a required field blank or invalid rejects the row; an optional cell that is invalid,
//!   negative where it cannot be, or out of scale is ignored (`CellIgnored`) and the row kept;
//!   a negative or non-numeric usage `count` rejects the row (it is the row's measure);
//! - rows with more non-blank fields than the header, or fewer fields, are rejected;
//! - dates before 1990 or more than two years after today are rejected as implausible;
//! - `a/b/yyyy` dates: a first part > 12 makes the column day-first, a second part > 12
//!   month-first; ambiguous values seen before that are read month-first and corrected at the
//!   end of the file if the column proves day-first (a note says how many);
//! - blank lines (empty or spaces only) are skipped and not counted; a line of empty cells
//!   (`,,,`) is a rejected "empty row";
//! - the accounts table defines the accounts when one is given: event rows for other ids are
//!   rejected in `finish`; without one, accounts are created from the ids seen;
//! - duplicate account (or subscription) ids: the first row wins, later rows are rejected.

pub mod csv;
pub mod dates;
pub mod issues;
pub mod join;
pub mod json;
pub mod labels;
pub mod report;
pub mod saved_mapping;
pub mod scales;
pub mod schema;
pub mod sniff;
pub mod staging;
pub mod tables;
pub mod typing;
pub mod unused;
pub mod values;

use crate::dataset::{day_from_ymd, Dataset};
use csv::{CsvTokenizer, Record};
use issues::Reporter;
use report::{FileFormat, MappingOverride, TableKind};
use sniff::{Encoding, Utf16Decoder};
use staging::Staging;
use tables::TableBuilder;
use values::{DecimalStyle, SECS_PER_DAY};

/// Bytes buffered before deciding a file's encoding, format and delimiter.
const SNIFF_BYTES: usize = 8 * 1024;

/// Most columns a table may have (a spreadsheet's limit). Wider headers are a file-level
/// error: they are almost always a wrong delimiter or not a table, and recognising and
/// reporting hundreds of thousands of columns costs seconds and megabytes.
pub const MAX_COLUMNS: usize = 16_384;

/// Longest header text kept (longer ones are cut, in the report and for mapping overrides).
pub const MAX_HEADER_BYTES: usize = 1024;

/// Where a file is in its life.
#[derive(Debug)]
enum Phase {
    /// Collecting the first bytes.
    Sniffing,
    /// Delimited text being tokenized.
    Csv(CsvTokenizer),
    /// JSON being buffered whole.
    Json,
    /// The file failed at file level; remaining bytes are ignored.
    Failed,
    /// `end_file` was called.
    Done,
}

/// What happens to data records of a file.
#[derive(Debug)]
enum Rows {
    /// The header has not been read yet (title lines above it, if any, were set aside).
    AwaitingHeader(Preamble),
    /// Recognised: rows go to the builder.
    Table(Box<TableBuilder>),
    /// Not recognised: rows are counted and rejected.
    Unrecognised,
}

/// Short lines above the header that recognised no table ("Customer export", "Region: EMEA"):
/// skipped as titles, up to [`MAX_TITLE_LINES`] of at most [`MAX_TITLE_CELLS`] filled cells.
#[derive(Debug, Default)]
struct Preamble {
    /// (line, text) of each skipped title line.
    lines: Vec<(u64, String)>,
    /// The first line's cells, for the error when no header follows.
    first_headers: Option<Vec<String>>,
}

const MAX_TITLE_LINES: usize = 5;
const MAX_TITLE_CELLS: usize = 2;

/// State of one input file.
#[derive(Debug)]
struct FileState {
    mapping_override: Option<MappingOverride>,
    reporter: Reporter,
    phase: Phase,
    rows: Rows,
    /// Raw bytes while sniffing; transcoded JSON text afterwards.
    buffer: Vec<u8>,
    utf16: Option<Utf16Decoder>,
    /// Scratch for transcoded chunks.
    transcoded: Vec<u8>,
    style: DecimalStyle,
    /// The file's size in bytes, when the caller knows it ([`Ingest::expect_bytes`]).
    size_hint: Option<u64>,
    /// Data rows expected from the size and the sniffed head's line length (0 = unknown):
    /// the usage columns are reserved once at that size instead of growing by doubling.
    expected_rows: usize,
}

/// Push-style ingest of any number of files.
pub struct Ingest {
    files: Vec<FileState>,
    /// Saved mappings, applied to files given without an override whose headers match.
    profiles: Vec<saved_mapping::MappingProfile>,
    staging: Staging,
    min_secs: i64,
    max_secs: i64,
}

impl Default for Ingest {
    fn default() -> Self {
        Self::new()
    }
}

/// Everything one record needs, split from the file's tokenizer so both can be borrowed.
struct RecordSink<'a> {
    file: u32,
    name: &'a str,
    mapping_override: Option<&'a MappingOverride>,
    profiles: &'a [saved_mapping::MappingProfile],
    reporter: &'a mut Reporter,
    rows: &'a mut Rows,
    staging: &'a mut Staging,
    style: DecimalStyle,
    min_secs: i64,
    max_secs: i64,
    expected_rows: usize,
}

impl RecordSink<'_> {
    fn record(&mut self, rec: Record<'_>) {
        // A line holding only spaces is a blank line too: skipped, not counted.
        if rec.len() == 1 && values::trim(rec.field(0)).is_empty() {
            return;
        }
        match self.rows {
            Rows::AwaitingHeader(_) => self.header(rec),
            Rows::Table(builder) => builder.process(rec, self.staging, self.reporter),
            Rows::Unrecognised => reject_unrecognised_row(self.reporter, rec.line),
        }
    }

    fn header(&mut self, rec: Record<'_>) {
        if rec.len() > MAX_COLUMNS {
            self.reporter.report.error = Some(format!(
                "the header has {} columns; at most {MAX_COLUMNS} can be read. Is the delimiter right, and is this a table?",
                rec.len()
            ));
            *self.rows = Rows::Unrecognised;
            return;
        }
        let headers: Vec<String> = (0..rec.len())
            .map(|i| {
                let bytes = values::trim(rec.field(i));
                let text = match std::str::from_utf8(bytes) {
                    Ok(s) => s.trim_start_matches('\u{feff}').trim().to_string(),
                    Err(_) => values::decode_windows_1252(bytes),
                };
                // A header is a name; a megabyte "header" is a file that is not a table.
                issues::clip(text, MAX_HEADER_BYTES)
            })
            .collect();
        let mut preamble = match self.rows {
            Rows::AwaitingHeader(p) => std::mem::take(p),
            _ => Preamble::default(),
        };
        // A saved mapping applies to a file given without one when its headers match.
        let applied = self
            .mapping_override
            .is_none()
            .then(|| saved_mapping::choose(self.profiles, &headers))
            .flatten();
        let mapping_override = applied
            .as_ref()
            .map(|a| &a.mapping)
            .or(self.mapping_override);
        let recognition = schema::recognise(self.name, &headers, mapping_override);
        let recognised = recognition
            .mapping
            .as_ref()
            .is_some_and(|m| m.missing_required().is_empty());
        let title_like = headers.iter().filter(|h| !h.is_empty()).count() <= MAX_TITLE_CELLS;
        if !recognised && title_like && preamble.lines.len() < MAX_TITLE_LINES {
            // Perhaps a title above the header: set it aside and try the next line.
            let text = issues::clip(headers_shown(&headers), 120);
            preamble
                .first_headers
                .get_or_insert_with(|| headers.clone());
            preamble.lines.push((rec.line, text));
            *self.rows = Rows::AwaitingHeader(preamble);
            return;
        }
        let skipped = preamble.lines.len();
        if !recognised && title_like {
            // Only short lines, and no header among them: the first was the header of an
            // unrecognised file, the rest (this line too) are its rows.
            if let Some(first) = preamble.first_headers.take() {
                unrecognised(&mut self.reporter.report, &first);
                reject_preamble_rows(self.reporter, &preamble);
                reject_unrecognised_row(self.reporter, rec.line);
                *self.rows = Rows::Unrecognised;
                return;
            }
        }
        let report = &mut self.reporter.report;
        report.candidates = recognition.candidates;
        match recognition.mapping {
            Some(mapping) if mapping.missing_required().is_empty() => {
                report.kind = Some(mapping.kind);
                report.mapping = mapping.describe(&headers);
                if skipped > 0 {
                    let lines: Vec<String> = preamble
                        .lines
                        .iter()
                        .map(|(line, text)| format!("line {line} '{text}'"))
                        .collect();
                    report.notes.push(format!(
                        "{skipped} title line(s) above the header skipped: {}",
                        lines.join(", ")
                    ));
                }
                for unknown in &mapping.unknown_override_fields {
                    let unknown = issues::clip(unknown.clone(), 80);
                    report.notes.push(format!(
                        "mapping override names unknown field '{unknown}' for {} (ignored)",
                        schema::kind_name(mapping.kind)
                    ));
                }
                if mapping.kind == TableKind::Usage {
                    self.staging.usage.reserve(self.expected_rows);
                }
                let mut builder = Box::new(TableBuilder::new(
                    self.file,
                    mapping,
                    headers,
                    self.style,
                    self.min_secs,
                    self.max_secs,
                    self.staging,
                ));
                if let Some(o) = mapping_override {
                    builder.scale_overrides = o.scales.clone();
                }
                report.profile = applied.map(|a| a.description);
                *self.rows = Rows::Table(builder);
            }
            Some(mapping) => {
                // Only possible when the kind is forced.
                let missing = mapping.missing_required();
                report.mapping = mapping.describe(&headers);
                report.error = Some(format!(
                    "cannot read this file as {}: missing required column(s) {}; expected columns among: {}",
                    schema::kind_name(mapping.kind),
                    missing.join(", "),
                    tables::expected_fields(mapping.kind).join(", ")
                ));
                *self.rows = Rows::Unrecognised;
            }
            None => {
                unrecognised(&mut self.reporter.report, &headers);
                *self.rows = Rows::Unrecognised;
            }
        }
    }
}

/// Reports a file whose header line (`headers`) names no known table.
fn unrecognised(report: &mut report::FileReport, headers: &[String]) {
    report.mapping = headers
        .iter()
        .enumerate()
        .map(|(index, h)| report::ColumnMapping {
            index,
            header: h.clone(),
            field: None,
        })
        .collect();
    report.error = Some(format!(
        "table not recognised from its columns ({}). Expected for example: accounts (account_id, name, arr…), usage (account_id or subscription_id, date, feature, count…), surveys (account_id, date, score), tickets (account_id, opened…), goals (account_id, goal…), touchpoints (account_id, date), releases (date, feature), subscriptions (subscription_id, account_id), churn events (account_id, churn_date). Map the columns by hand to use it.",
        issues::clip(headers_shown(headers), 600)
    ));
}

/// Short lines set aside as titles that turned out to be a file with no known header: the
/// first was its header, the others are rows, counted and rejected like any row of an
/// unrecognised file.
fn reject_preamble_rows(reporter: &mut Reporter, preamble: &Preamble) {
    for &(line, _) in preamble.lines.iter().skip(1) {
        reject_unrecognised_row(reporter, line);
    }
}

/// Counts a row of an unrecognised file as read and rejected.
fn reject_unrecognised_row(reporter: &mut Reporter, line: u64) {
    reporter.read();
    reporter.reject(
        line,
        None,
        "file not recognised",
        "file not recognised".into(),
    );
}

/// The first headers of a file, each clipped, for messages ("a, b, … and 99 more").
fn headers_shown(headers: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut text = headers
        .iter()
        .take(SHOWN)
        .map(|h| issues::clip(h.clone(), 40))
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > SHOWN {
        text.push_str(&format!(", … and {} more", headers.len() - SHOWN));
    }
    text
}

impl Ingest {
    /// A new ingest. Dates later than two years from today are treated as implausible.
    pub fn new() -> Self {
        let today = chrono::Utc::now().timestamp();
        let min = day_from_ymd(1990, 1, 1).unwrap_or(7305) as i64 * SECS_PER_DAY;
        Ingest {
            files: Vec::new(),
            profiles: Vec::new(),
            staging: Staging::default(),
            min_secs: min,
            max_secs: today + 731 * SECS_PER_DAY,
        }
    }

    /// Saved mappings to apply to the files that follow (those begun without an override):
    /// each file gets the profile its headers match best, if any (see [`saved_mapping`]).
    pub fn set_profiles(&mut self, profiles: Vec<saved_mapping::MappingProfile>) {
        self.profiles = profiles;
    }

    /// Starts a file; returns its id for [`Ingest::push`] and [`Ingest::end_file`].
    pub fn begin_file(&mut self, name: &str, mapping: Option<MappingOverride>) -> usize {
        self.staging.file_names.push(name.to_string());
        self.files.push(FileState {
            mapping_override: mapping,
            reporter: Reporter::new(name),
            phase: Phase::Sniffing,
            rows: Rows::AwaitingHeader(Preamble::default()),
            buffer: Vec::new(),
            utf16: None,
            transcoded: Vec::new(),
            style: DecimalStyle::Point,
            size_hint: None,
            expected_rows: 0,
        });
        self.files.len() - 1
    }

    /// Tells the ingest how many bytes file `file` holds (e.g. `File.size` in a browser), before
    /// its first chunk. Optional: with it, a usage table's columns are reserved once at the
    /// expected row count (estimated from the size and the first lines) instead of growing by
    /// doubling, which lowers the peak memory of large files. Results do not depend on it.
    pub fn expect_bytes(&mut self, file: usize, bytes: u64) {
        if let Some(state) = self.files.get_mut(file) {
            state.size_hint = Some(bytes);
        }
    }

    /// Feeds the next chunk of a file (any split, even inside a character or a quoted field).
    pub fn push(&mut self, file: usize, bytes: &[u8]) {
        let Some(state) = self.files.get_mut(file) else {
            return;
        };
        state.reporter.report.bytes += bytes.len() as u64;
        match state.phase {
            Phase::Sniffing => {
                state.buffer.extend_from_slice(bytes);
                if state.buffer.len() >= SNIFF_BYTES {
                    self.decide(file);
                }
            }
            Phase::Csv(_) | Phase::Json => self.feed_decoded(file, bytes),
            Phase::Failed | Phase::Done => {}
        }
    }

    /// Marks a file complete: flushes the last record, parses JSON, writes notes.
    pub fn end_file(&mut self, file: usize) {
        let Some(state) = self.files.get_mut(file) else {
            return;
        };
        if matches!(state.phase, Phase::Done) {
            return;
        }
        if matches!(state.phase, Phase::Sniffing) {
            if state.buffer.is_empty() {
                state.reporter.report.error = Some("the file is empty".into());
                state.phase = Phase::Done;
                return;
            }
            self.decide(file);
        }
        let (min_secs, max_secs) = (self.min_secs, self.max_secs);
        let state = &mut self.files[file];
        // Flush the UTF-16 decoder.
        if let Some(dec) = state.utf16.as_mut() {
            let mut tail = Vec::new();
            dec.finish(&mut tail);
            if !tail.is_empty() {
                Self::feed_text(
                    state,
                    &mut self.staging,
                    &self.profiles,
                    file as u32,
                    &tail,
                    min_secs,
                    max_secs,
                );
            }
        }
        let phase = std::mem::replace(&mut state.phase, Phase::Done);
        match phase {
            Phase::Csv(mut tokenizer) => {
                let FileState {
                    reporter,
                    rows,
                    mapping_override,
                    style,
                    expected_rows,
                    ..
                } = state;
                let name = reporter.report.name.clone();
                let mut sink = RecordSink {
                    file: file as u32,
                    name: &name,
                    mapping_override: mapping_override.as_ref(),
                    profiles: &self.profiles,
                    reporter,
                    rows,
                    staging: &mut self.staging,
                    style: *style,
                    min_secs,
                    max_secs,
                    expected_rows: *expected_rows,
                };
                let end = tokenizer.finish(&mut |rec| sink.record(rec));
                if let Err(open) = end {
                    if matches!(sink.rows, Rows::AwaitingHeader(_)) {
                        sink.reporter.report.error = Some(format!(
                            "the header starting on line {} has an unterminated quote",
                            open.line
                        ));
                    } else {
                        sink.reporter.read();
                        sink.reporter.reject(
                            open.line,
                            None,
                            "unterminated quote",
                            format!(
                                "a quoted field opened in the record starting on line {} is never closed (the rest of the file was swallowed by it)",
                                open.line
                            ),
                        );
                    }
                }
            }
            Phase::Json => {
                let text = std::mem::take(&mut state.buffer);
                Self::ingest_json(
                    state,
                    &mut self.staging,
                    &self.profiles,
                    file as u32,
                    &text,
                    min_secs,
                    max_secs,
                );
            }
            _ => {}
        }
        let state = &mut self.files[file];
        match &mut state.rows {
            Rows::Table(builder) => builder.end(&mut self.staging, &mut state.reporter),
            Rows::AwaitingHeader(preamble) if state.reporter.report.error.is_none() => {
                match preamble.first_headers.take() {
                    None => {
                        state.reporter.report.error =
                            Some("the file has no header row (it is empty or blank)".into());
                    }
                    Some(first) => {
                        // Only short lines: the first was the header of an unrecognised file.
                        unrecognised(&mut state.reporter.report, &first);
                        reject_preamble_rows(&mut state.reporter, preamble);
                    }
                }
            }
            _ => {}
        }
        let report = &mut state.reporter.report;
        if report.error.is_none() && report.rows_read == 0 {
            report
                .notes
                .push("the file has a header but no data rows".into());
        }
    }

    /// Decides encoding, format and delimiter from the buffered head, then replays it.
    fn decide(&mut self, file: usize) {
        let state = &mut self.files[file];
        let head = std::mem::take(&mut state.buffer);
        // Decide from exactly the first SNIFF_BYTES (the buffer can be longer when a chunk
        // overshoots), so that the decision never depends on how the file was chunked.
        let sample_end = head.len().min(SNIFF_BYTES);
        let sniffed = match sniff::sniff_encoding(&head[..sample_end]) {
            Ok(s) => s,
            Err(message) => {
                state.reporter.report.error = Some(message);
                state.phase = Phase::Failed;
                return;
            }
        };
        let body = &head[sniffed.bom_len..];
        let sample_body = &head[sniffed.bom_len.min(sample_end)..sample_end];
        // Text for format sniffing (transcoded when UTF-16).
        let mut decoded = Vec::new();
        let mut sample_decoded = Vec::new();
        let (text, sample): (&[u8], &[u8]) = match sniffed.encoding {
            Encoding::Utf8 => (body, sample_body),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let big_endian = sniffed.encoding == Encoding::Utf16Be;
                state.utf16 = Some(Utf16Decoder::new(big_endian));
                state.reporter.report.notes.push(format!(
                    "file is UTF-16 ({}), transcoded to UTF-8",
                    if big_endian {
                        "big-endian"
                    } else {
                        "little-endian"
                    }
                ));
                if let Some(decoder) = state.utf16.as_mut() {
                    decoder.decode(body, &mut decoded);
                }
                Utf16Decoder::new(big_endian).decode(sample_body, &mut sample_decoded);
                (&decoded, &sample_decoded)
            }
        };
        if sniff::looks_like_json(sample) {
            state.reporter.report.format = Some(FileFormat::Json);
            state.phase = Phase::Json;
            state.buffer = text.to_vec();
            return;
        }
        let delimiter = sniff::sniff_delimiter(sample);
        if delimiter == b';' {
            state.style = DecimalStyle::Comma;
            state
                .reporter
                .report
                .notes
                .push("';'-delimited: numbers read with a decimal comma (1.234,50)".into());
        }
        state.reporter.report.format = Some(FileFormat::Csv {
            delimiter: delimiter as char,
        });
        state.phase = Phase::Csv(CsvTokenizer::new(delimiter));
        state.expected_rows = state
            .size_hint
            .map_or(0, |size| expected_rows(size, sample_body.len(), sample));
        let text = text.to_vec();
        let (min_secs, max_secs) = (self.min_secs, self.max_secs);
        Self::feed_text(
            &mut self.files[file],
            &mut self.staging,
            &self.profiles,
            file as u32,
            &text,
            min_secs,
            max_secs,
        );
    }

    /// Feeds raw bytes after the sniffing decision (transcoding UTF-16).
    fn feed_decoded(&mut self, file: usize, bytes: &[u8]) {
        let (min_secs, max_secs) = (self.min_secs, self.max_secs);
        let state = &mut self.files[file];
        if let Some(dec) = state.utf16.as_mut() {
            let mut out = std::mem::take(&mut state.transcoded);
            out.clear();
            dec.decode(bytes, &mut out);
            Self::feed_text(
                state,
                &mut self.staging,
                &self.profiles,
                file as u32,
                &out,
                min_secs,
                max_secs,
            );
            state.transcoded = out;
        } else {
            Self::feed_text(
                state,
                &mut self.staging,
                &self.profiles,
                file as u32,
                bytes,
                min_secs,
                max_secs,
            );
        }
    }

    /// Feeds UTF-8 text to the tokenizer, or appends it to the JSON buffer.
    fn feed_text(
        state: &mut FileState,
        staging: &mut Staging,
        profiles: &[saved_mapping::MappingProfile],
        file: u32,
        text: &[u8],
        min_secs: i64,
        max_secs: i64,
    ) {
        let FileState {
            reporter,
            rows,
            mapping_override,
            style,
            expected_rows,
            phase,
            buffer,
            ..
        } = state;
        match phase {
            Phase::Json => buffer.extend_from_slice(text),
            Phase::Csv(tokenizer) => {
                let name = reporter.report.name.clone();
                let mut sink = RecordSink {
                    file,
                    name: &name,
                    mapping_override: mapping_override.as_ref(),
                    profiles,
                    reporter,
                    rows,
                    staging,
                    style: *style,
                    min_secs,
                    max_secs,
                    expected_rows: *expected_rows,
                };
                tokenizer.feed(text, &mut |rec| sink.record(rec));
            }
            _ => {}
        }
    }

    fn ingest_json(
        state: &mut FileState,
        staging: &mut Staging,
        profiles: &[saved_mapping::MappingProfile],
        file: u32,
        text: &[u8],
        min_secs: i64,
        max_secs: i64,
    ) {
        let table = match json::parse_json_table(text) {
            Ok(t) => t,
            Err(e) => {
                state.reporter.report.error = Some(e);
                return;
            }
        };
        let FileState {
            reporter,
            rows,
            mapping_override,
            style,
            expected_rows,
            ..
        } = state;
        let name = reporter.report.name.clone();
        let mut sink = RecordSink {
            file,
            name: &name,
            mapping_override: mapping_override.as_ref(),
            profiles,
            reporter,
            rows,
            staging,
            style: *style,
            min_secs,
            max_secs,
            expected_rows: *expected_rows,
        };
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        for h in &table.headers {
            bytes.extend_from_slice(h.as_bytes());
            ends.push(bytes.len());
        }
        sink.record(Record::new(&bytes, &ends, 0));
        for (i, row) in table.rows.iter().enumerate() {
            let line = i as u64 + 1;
            match row {
                Some(cells) => {
                    bytes.clear();
                    ends.clear();
                    for c in cells {
                        bytes.extend_from_slice(c.as_bytes());
                        ends.push(bytes.len());
                    }
                    sink.record(Record::new(&bytes, &ends, line));
                }
                None => {
                    sink.reporter.read();
                    sink.reporter.reject(
                        line,
                        None,
                        "not an object",
                        format!("item {line} of the JSON array is not an object"),
                    );
                }
            }
        }
    }

    /// Joins tables (subscriptions → accounts, usage → subscriptions/accounts, events →
    /// accounts), fills `latest_day` and returns the dataset.
    pub fn finish(mut self) -> Dataset {
        for file in 0..self.files.len() {
            self.end_file(file);
        }
        let mut reporters: Vec<Reporter> = self.files.into_iter().map(|f| f.reporter).collect();
        let mut dataset = join::join(self.staging, &mut reporters);
        dataset.files = reporters.into_iter().map(|r| r.report).collect();
        dataset
    }
}

/// Data rows expected in a CSV file of `size` bytes whose first `sample_len` raw bytes hold
/// the lines of `sample` (decoded): size ÷ the sample's bytes per line, +5%; 0 when the sample
/// has too few lines to tell. Capped at one row per 4 bytes, so a misleading head cannot
/// reserve much more than the file could hold.
fn expected_rows(size: u64, sample_len: usize, sample: &[u8]) -> usize {
    let lines = sample.iter().filter(|&&b| b == b'\n').count();
    if lines < 2 || sample_len == 0 {
        return 0;
    }
    let per_line = (sample_len / lines).max(1) as u64;
    let rows = (size / per_line).saturating_mul(21) / 20;
    rows.min(size / 4).min(u32::MAX as u64) as usize
}

#[cfg(test)]
mod size_hint_tests {
    use super::*;

    fn usage_csv(rows: usize) -> Vec<u8> {
        let mut text = String::from("account_id,user_id,event_date,feature,event_count\n");
        for i in 0..rows {
            text.push_str(&format!(
                "A{:04},u{}@example.com,2026-{:02}-{:02},feature_{},{}\n",
                i % 97,
                i % 13,
                1 + i % 12,
                1 + i % 28,
                i % 7,
                1 + i % 5
            ));
        }
        text.into_bytes()
    }

    fn ingest(bytes: &[u8], hint: bool) -> Ingest {
        let mut ingest = Ingest::new();
        let id = ingest.begin_file("usage.csv", None);
        if hint {
            ingest.expect_bytes(id, bytes.len() as u64);
        }
        for chunk in bytes.chunks(64 * 1024) {
            ingest.push(id, chunk);
        }
        ingest.end_file(id);
        ingest
    }

    #[test]
    fn a_size_hint_reserves_the_usage_columns_once_and_changes_no_result() {
        let bytes = usage_csv(50_000);
        let hinted = ingest(&bytes, true);
        let plain = ingest(&bytes, false);
        let rows = hinted.staging.usage.key.len();
        assert_eq!(rows, 50_000);
        let capacity = hinted.staging.usage.key.capacity();
        // Reserved near the real count (the estimate is +5%), not doubled past it.
        assert!(
            capacity >= rows && capacity <= rows * 11 / 10,
            "{capacity} for {rows}"
        );
        assert!(plain.staging.usage.key.capacity() >= rows);
        let a = crate::output::json::to_json(&crate::results::score(
            &hinted.finish(),
            &crate::model::config::Model::default(),
        ));
        let b = crate::output::json::to_json(&crate::results::score(
            &plain.finish(),
            &crate::model::config::Model::default(),
        ));
        assert_eq!(a, b);
    }

    #[test]
    fn the_row_estimate_needs_lines_and_is_capped_by_the_size() {
        assert_eq!(expected_rows(1000, 100, b"one line only"), 0);
        assert_eq!(expected_rows(1000, 20, b"a,b\nc,d\n"), 105);
        // A head of very short lines cannot reserve more than one row per 4 bytes.
        assert_eq!(expected_rows(1000, 4, b"\n\n\n\n"), 250);
    }
}

#[cfg(test)]
mod title_line_tests {
    use super::*;

    fn report_of(text: &str, mapping: Option<MappingOverride>) -> report::FileReport {
        let mut ingest = Ingest::new();
        let id = ingest.begin_file("export.csv", mapping);
        // Byte by byte: the skipped-title state must survive any chunking.
        for b in text.as_bytes().chunks(1) {
            ingest.push(id, b);
        }
        ingest.end_file(id);
        ingest.finish().files.remove(0)
    }

    #[test]
    fn a_file_of_only_short_lines_is_unrecognised_and_every_row_counted() {
        let text: String = (0..8).map(|i| format!("v{i}\n")).collect();
        let f = report_of(&format!("note\n{text}"), None);
        assert!(f
            .error
            .as_deref()
            .unwrap()
            .contains("not recognised from its columns (note)"));
        assert_eq!((f.rows_read, f.rows_rejected), (8, 8));
        assert_eq!(f.mapping[0].header, "note");
    }

    #[test]
    fn title_lines_are_skipped_for_a_forced_kind_too() {
        let mapping: MappingOverride =
            serde_json::from_str(r#"{"kind":"accounts","columns":{}}"#).unwrap();
        let f = report_of(
            "Accounts\naccount_id,name,arr\nA1,Acme,100\n",
            Some(mapping),
        );
        assert_eq!(f.error, None);
        assert_eq!((f.rows_read, f.rows_used), (1, 1));
        assert!(f.notes.iter().any(|n| n.contains("1 title line(s)")));
    }

    #[test]
    fn more_than_five_title_lines_are_not_skipped() {
        let titles: String = (1..=6).map(|i| format!("Title {i}\n")).collect();
        let f = report_of(&format!("{titles}account_id,name\nA1,Acme\n"), None);
        assert!(f.error.as_deref().unwrap().contains("(Title 1)"));
        assert_eq!(f.rows_read, f.rows_rejected);
        assert_eq!(f.rows_read, 7);
    }
}
