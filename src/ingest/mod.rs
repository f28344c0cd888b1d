//! Ingest: bytes pushed in chunks → recognised tables → columnar [`Dataset`], with every
//! rejected row reported.
//!
//! Flow per file: [`sniff`] buffers the first bytes to decide encoding (UTF-8/UTF-16) and
//! format (JSON or delimited text with its delimiter); CSV is then tokenized incrementally by
//! [`csv`]; after the header, the first rows are sampled and the table and its columns are
//! recognised from the header and the values ([`content`], docs/recognition.md), then the
//! sample is replayed and each data record goes through a [`tables::TableBuilder`] into
//! [`staging`] (the state machine of one file is in `file`). JSON is buffered whole and
//! parsed by [`json`]. [`Ingest::read_order`] tells callers to read entity tables first, so
//! that event files can be keyed by the account ids already read.
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

pub mod codes;
pub mod content;
pub mod csv;
pub mod dates;
pub mod evidence;
pub mod fields;
mod file;
pub mod issues;
pub mod join;
pub mod json;
pub mod labels;
mod order;
pub mod profile;
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
pub mod vocab;

use crate::dataset::{day_from_ymd, Dataset};
use csv::CsvTokenizer;
use file::{reject_preamble_rows, unrecognised, FileState, Phase, Rows};
use issues::Reporter;
use report::{FileFormat, MappingOverride};
use sniff::{Encoding, Utf16Decoder};
use staging::Staging;
use values::{DecimalStyle, SECS_PER_DAY};

/// Bytes buffered before deciding a file's encoding, format and delimiter.
const SNIFF_BYTES: usize = 8 * 1024;

/// Most columns a table may have (a spreadsheet's limit). Wider headers are a file-level
/// error: they are almost always a wrong delimiter or not a table, and recognising and
/// reporting hundreds of thousands of columns costs seconds and megabytes.
pub const MAX_COLUMNS: usize = 16_384;

/// Longest header text kept (longer ones are cut, in the report and for mapping overrides).
pub const MAX_HEADER_BYTES: usize = 1024;

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
        self.files.push(FileState::new(name, mapping));
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

    /// Adds a note to file `file`'s report (e.g. which workbook sheet a table came from).
    pub fn note(&mut self, file: usize, note: &str) {
        if let Some(state) = self.files.get_mut(file) {
            state.reporter.note(note.to_string());
        }
    }

    /// Refuses file `file` with a message for the user (e.g. a workbook that cannot be
    /// opened): nothing of it is read, and its report carries the message as its error.
    pub fn refuse(&mut self, file: usize, error: &str) {
        if let Some(state) = self.files.get_mut(file) {
            state.reporter.report.error = Some(issues::clip(error.to_string(), 1000));
            state.buffer = Vec::new();
            state.phase = Phase::Done;
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
        let (mut sink, _, buffer) = state.split(
            &mut self.staging,
            &self.profiles,
            file as u32,
            min_secs,
            max_secs,
        );
        match phase {
            Phase::Csv(mut tokenizer) => {
                let end = tokenizer.finish(&mut |rec| sink.record(rec));
                if let Err(open) = end {
                    sink.unterminated_quote(open.line);
                }
            }
            Phase::Json => {
                let text = std::mem::take(buffer);
                json::ingest_json(&mut sink, &text);
            }
            _ => {}
        }
        // A file shorter than the sample is decided at its end.
        sink.decide();
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
        let (mut sink, phase, buffer) = state.split(staging, profiles, file, min_secs, max_secs);
        match phase {
            Phase::Json => buffer.extend_from_slice(text),
            Phase::Csv(tokenizer) => tokenizer.feed(text, &mut |rec| sink.record(rec)),
            _ => {}
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
