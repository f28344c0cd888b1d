//! One file's life after sniffing: records from the tokenizer (or the JSON adapter) go
//! through title-line skipping, the header, a bounded sample of the first rows (profiled to
//! decide the table by header *and* values, [`super::content`]), then the sample is replayed
//! and every later row streams into the table builder.

use super::csv::{CsvTokenizer, Record};
use super::issues::{self, Reporter};
use super::profile::{self, SAMPLE_BYTES, SAMPLE_ROWS};
use super::report::{self, MappingOverride, TableKind};
use super::sniff::Utf16Decoder;
use super::staging::Staging;
use super::tables::{self, TableBuilder};
use super::values::{self, DecimalStyle};
use super::{content, schema, MAX_COLUMNS, MAX_HEADER_BYTES};

/// Where a file is in its life.
#[derive(Debug)]
pub(super) enum Phase {
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
pub(super) enum Rows {
    /// The header has not been read yet (title lines above it, if any, were set aside).
    AwaitingHeader(Preamble),
    /// The header is read; the first rows are kept until the table can be decided.
    Sampling(Box<Sample>),
    /// Recognised: rows go to the builder.
    Table(Box<TableBuilder>),
    /// Not recognised: rows are counted and rejected.
    Unrecognised,
}

/// Short lines above the header that recognised no table ("Customer export", "Region: EMEA"):
/// skipped as titles, up to [`MAX_TITLE_LINES`] of at most [`MAX_TITLE_CELLS`] filled cells.
#[derive(Debug, Default)]
pub(super) struct Preamble {
    /// (line, text) of each skipped title line.
    pub(super) lines: Vec<(u64, String)>,
    /// The first line's cells, for the error when no header follows.
    pub(super) first_headers: Option<Vec<String>>,
}

const MAX_TITLE_LINES: usize = 5;
const MAX_TITLE_CELLS: usize = 2;

/// State of one input file.
#[derive(Debug)]
pub(super) struct FileState {
    pub(super) mapping_override: Option<MappingOverride>,
    pub(super) reporter: Reporter,
    pub(super) phase: Phase,
    pub(super) rows: Rows,
    /// Raw bytes while sniffing; transcoded JSON text afterwards.
    pub(super) buffer: Vec<u8>,
    pub(super) utf16: Option<Utf16Decoder>,
    /// Scratch for transcoded chunks.
    pub(super) transcoded: Vec<u8>,
    pub(super) style: DecimalStyle,
    /// The file's size in bytes, when the caller knows it ([`Ingest::expect_bytes`]).
    pub(super) size_hint: Option<u64>,
    /// Data rows expected from the size and the sniffed head's line length (0 = unknown):
    /// the usage columns are reserved once at that size instead of growing by doubling.
    pub(super) expected_rows: usize,
}

impl FileState {
    /// A new file's state.
    pub(super) fn new(name: &str, mapping_override: Option<MappingOverride>) -> Self {
        FileState {
            mapping_override,
            reporter: Reporter::new(name),
            phase: Phase::Sniffing,
            rows: Rows::AwaitingHeader(Preamble::default()),
            buffer: Vec::new(),
            utf16: None,
            transcoded: Vec::new(),
            style: DecimalStyle::Point,
            size_hint: None,
            expected_rows: 0,
        }
    }

    /// Splits the state into the record sink, the phase (holding the tokenizer) and the JSON
    /// buffer, so that all three can be borrowed at once.
    pub(super) fn split<'a>(
        &'a mut self,
        staging: &'a mut Staging,
        profiles: &'a [super::saved_mapping::MappingProfile],
        file: u32,
        min_secs: i64,
        max_secs: i64,
    ) -> (RecordSink<'a>, &'a mut Phase, &'a mut Vec<u8>) {
        let FileState {
            reporter,
            rows,
            mapping_override,
            style,
            expected_rows,
            phase,
            buffer,
            ..
        } = self;
        let sink = RecordSink {
            file,
            name: reporter.report.name.clone(),
            mapping_override,
            profiles,
            reporter,
            rows,
            staging,
            style: *style,
            min_secs,
            max_secs,
            expected_rows: *expected_rows,
        };
        (sink, phase, buffer)
    }
}

/// Everything one record needs, split from the file's tokenizer so both can be borrowed.
pub(super) struct RecordSink<'a> {
    pub(super) file: u32,
    pub(super) name: String,
    /// The file's mapping: the user's, or a saved mapping chosen from the headers.
    pub(super) mapping_override: &'a mut Option<MappingOverride>,
    pub(super) profiles: &'a [super::saved_mapping::MappingProfile],
    pub(super) reporter: &'a mut Reporter,
    pub(super) rows: &'a mut Rows,
    pub(super) staging: &'a mut Staging,
    pub(super) style: DecimalStyle,
    pub(super) min_secs: i64,
    pub(super) max_secs: i64,
    pub(super) expected_rows: usize,
}

impl RecordSink<'_> {
    pub(super) fn record(&mut self, rec: Record<'_>) {
        // A line holding only spaces is a blank line too: skipped, not counted.
        if rec.len() == 1 && values::trim(rec.field(0)).is_empty() {
            return;
        }
        match self.rows {
            Rows::AwaitingHeader(_) => self.header(rec),
            Rows::Sampling(sample) => {
                if sample.bytes + rec.byte_len() > SAMPLE_BYTES {
                    // A huge row ends the sample: decide from what was kept, then read it.
                    self.decide();
                    self.record(rec);
                    return;
                }
                sample.keep(&rec);
                if sample.rows.len() >= SAMPLE_ROWS {
                    self.decide();
                }
            }
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
        if self.mapping_override.is_none() {
            if let Some(applied) = super::saved_mapping::choose(self.profiles, &headers) {
                *self.mapping_override = Some(applied.mapping);
                self.reporter.report.profile = Some(applied.description);
            }
        }
        let recognition = schema::recognise(&self.name, &headers, self.mapping_override.as_ref());
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
        *self.rows = Rows::Sampling(Box::new(Sample {
            headers,
            header_rec: recognition,
            preamble,
            rows: Vec::new(),
            bytes: 0,
        }));
    }

    /// A quoted field opened on `line` never closed: an error when it is the header, else a
    /// rejected row (after the sample, if any, is decided).
    pub(super) fn unterminated_quote(&mut self, line: u64) {
        if matches!(self.rows, Rows::AwaitingHeader(_)) {
            self.reporter.report.error = Some(format!(
                "the header starting on line {line} has an unterminated quote"
            ));
            return;
        }
        self.decide();
        self.reporter.read();
        self.reporter.reject(
            line,
            None,
            "unterminated quote",
            format!(
                "a quoted field opened in the record starting on line {line} is never closed (the rest of the file was swallowed by it)"
            ),
        );
    }

    /// Decides the table from the header and the sampled rows, then replays them.
    pub(super) fn decide(&mut self) {
        if !matches!(self.rows, Rows::Sampling(_)) {
            return;
        }
        let Rows::Sampling(sample) = std::mem::replace(self.rows, Rows::Unrecognised) else {
            return;
        };
        let Sample {
            headers,
            header_rec,
            preamble,
            rows,
            ..
        } = *sample;
        let (recognition, evidence) = if headers.len() > content::MAX_COLUMNS {
            // Very wide files (hundreds of columns) are decided by their headers alone:
            // weighing every column against every field would cost more than reading them.
            (header_rec, None)
        } else {
            let cells: Vec<Vec<Vec<u8>>> = rows.iter().map(|r| r.cells()).collect();
            let profiles = profile::profile_columns(
                headers.len(),
                &cells,
                self.style,
                self.min_secs,
                self.max_secs,
                self.staging,
            );
            let (r, e) = content::recognise(
                &self.name,
                &headers,
                &profiles,
                self.mapping_override.as_ref(),
                header_rec,
                rows.len(),
            );
            (r, Some(e))
        };
        let skipped = preamble.lines.len();
        let report = &mut self.reporter.report;
        report.candidates = recognition.candidates;
        report.recognition = evidence;
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
                if let Some(o) = self.mapping_override.as_ref() {
                    builder.scale_overrides = o.scales.clone();
                }
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
            }
            None => unrecognised(&mut self.reporter.report, &headers),
        }
        for row in &rows {
            self.record(row.record());
        }
    }
}

/// The first rows of a file, kept (copied) until its table is decided.
#[derive(Debug)]
pub(super) struct Sample {
    headers: Vec<String>,
    /// The header-only recognition (the title-line logic needed it already).
    header_rec: schema::Recognition,
    preamble: Preamble,
    rows: Vec<KeptRecord>,
    /// Bytes kept so far.
    bytes: usize,
}

impl Sample {
    fn keep(&mut self, rec: &Record<'_>) {
        let mut bytes = Vec::with_capacity(rec.byte_len());
        let mut ends = Vec::with_capacity(rec.len());
        for i in 0..rec.len() {
            bytes.extend_from_slice(rec.field(i));
            ends.push(bytes.len());
        }
        self.bytes += bytes.len();
        self.rows.push(KeptRecord {
            bytes,
            ends,
            line: rec.line,
        });
    }
}

/// A copied record: its fields' bytes concatenated, their ends, its line.
#[derive(Debug)]
struct KeptRecord {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    line: u64,
}

impl KeptRecord {
    fn record(&self) -> Record<'_> {
        Record::new(&self.bytes, &self.ends, self.line)
    }
    fn cells(&self) -> Vec<Vec<u8>> {
        let rec = self.record();
        (0..rec.len()).map(|i| rec.field(i).to_vec()).collect()
    }
}

/// Reports a file whose header line (`headers`) names no known table.
pub(super) fn unrecognised(report: &mut report::FileReport, headers: &[String]) {
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
pub(super) fn reject_preamble_rows(reporter: &mut Reporter, preamble: &Preamble) {
    for &(line, _) in preamble.lines.iter().skip(1) {
        reject_unrecognised_row(reporter, line);
    }
}

/// Counts a row of an unrecognised file as read and rejected.
pub(super) fn reject_unrecognised_row(reporter: &mut Reporter, line: u64) {
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

#[cfg(test)]
mod title_line_tests {
    use super::*;
    use crate::ingest::Ingest;

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
