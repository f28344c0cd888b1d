//! The fuzz oracle, shared by the mutation fuzzer (`tests/fuzz_engine.rs`), the corpus test
//! (`tests/corpus.rs`) and the cargo-fuzz target (`fuzz/fuzz_targets/engine.rs`).
//!
//! A [`Case`] is one or more input files (name, bytes, where to cut them into chunks, an
//! optional mapping override) and an optional user model text. [`check`] runs it through
//! [`Engine`] twice (in the given chunks and in one piece) and checks everything that must
//! hold for any input at all:
//!
//! - no panic (the caller catches it) and the same results whatever the chunk split;
//! - per file: `rows_read == rows_used + rows_rejected`, reason counts add up to rejected rows
//!   plus ignored cells, a file error leaves no used rows;
//! - the summary's row totals are the files' totals;
//! - scores within 0–100, coverage within 0–1, applied weights summing to 1;
//! - the JSON export parses back; the CSV export has one header and the same number of cells
//!   in every row, and no text cell starts with a formula trigger (= + - @ TAB CR).
#![allow(dead_code)]

use customer_health::engine::Engine;
use customer_health::ingest::report::{MappingOverride, TableKind};
use customer_health::model::config::Model;
use customer_health::output::{to_csv, to_json_compact};
use customer_health::results::Results;

/// One input file of a case.
#[derive(Debug, Clone, Default)]
pub struct FileCase {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Byte offsets where the file is cut into chunks (any values; taken modulo the length).
    pub cuts: Vec<usize>,
    pub mapping: Option<MappingOverride>,
}

/// A complete fuzz case.
#[derive(Debug, Clone, Default)]
pub struct Case {
    pub files: Vec<FileCase>,
    /// A user model (JSON text); scored with when it parses and validates.
    pub model: Option<String>,
}

/// What a successful check saw (for statistics and corpus feedback).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub rows_read: u64,
    pub rows_used: u64,
    pub accounts: usize,
    pub scored: usize,
    /// A coarse signature of the behaviour: table kinds, error/reason kinds, format.
    pub signature: Vec<String>,
    pub model_accepted: bool,
}

pub const NAMES: [&str; 12] = [
    "accounts.csv",
    "usage_events.csv",
    "surveys.csv",
    "support_tickets.csv",
    "goals.csv",
    "touchpoints.csv",
    "releases.csv",
    "subscriptions.csv",
    "churn_events.csv",
    "export.json",
    "data.txt",
    "Book1.tsv",
];

/// Decodes raw fuzzer bytes into a case (used by cargo-fuzz): the first byte picks the file
/// name (low 4 bits) and the chunking (high 4 bits); the rest is the content. A line
/// `--8<--` splits the content into several files (the byte after it picks the next
/// name). Any byte string is a valid case.
pub fn case_from_fuzz_bytes(data: &[u8]) -> Case {
    const SEP: &[u8] = b"\n--8<--\n";
    let mut files = Vec::new();
    let mut rest = data;
    loop {
        let (ctrl, body) = match rest.split_first() {
            Some((c, b)) => (*c, b),
            None => (0, &[][..]),
        };
        let (content, next) = match find(body, SEP) {
            Some(at) => (&body[..at], Some(&body[at + SEP.len()..])),
            None => (body, None),
        };
        let name = NAMES[(ctrl & 0x0f) as usize % NAMES.len()].to_string();
        let step = [0usize, 1, 2, 3, 7, 64, 1000, 4096][(ctrl >> 4) as usize % 8];
        let cuts = match content.len().checked_div(step) {
            None => Vec::new(),
            Some(n) => (1..n + 1).map(|i| i * step).take(100_000).collect(),
        };
        files.push(FileCase {
            name,
            bytes: content.to_vec(),
            cuts,
            mapping: if ctrl & 0x80 != 0 && ctrl & 0x40 != 0 {
                Some(MappingOverride {
                    kind: Some(KINDS[(ctrl & 0x0f) as usize % KINDS.len()]),
                    ..MappingOverride::default()
                })
            } else {
                None
            },
        });
        match next {
            Some(n) if files.len() < 8 => rest = n,
            _ => break,
        }
    }
    Case { files, model: None }
}

pub const KINDS: [TableKind; 9] = [
    TableKind::Accounts,
    TableKind::Subscriptions,
    TableKind::Usage,
    TableKind::Surveys,
    TableKind::Tickets,
    TableKind::Goals,
    TableKind::Touchpoints,
    TableKind::Releases,
    TableKind::ChurnEvents,
];

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Runs the case through the engine; `chunked` uses the case's cuts, else one push per file.
pub fn run(case: &Case, chunked: bool, model: &Model) -> Results {
    let mut engine = Engine::new();
    for f in &case.files {
        let id = engine.begin_file(&f.name, f.mapping.clone()).unwrap();
        if chunked && !f.cuts.is_empty() && !f.bytes.is_empty() {
            let mut offsets: Vec<usize> = f.cuts.iter().map(|c| c % f.bytes.len()).collect();
            offsets.push(0);
            offsets.push(f.bytes.len());
            offsets.sort_unstable();
            offsets.dedup();
            for w in offsets.windows(2) {
                engine.push(id, &f.bytes[w[0]..w[1]]).unwrap();
            }
        } else {
            engine.push(id, &f.bytes).unwrap();
        }
        engine.end_file(id).unwrap();
    }
    engine.score(model)
}

/// Runs and checks a case. `Err` describes the first broken invariant (a panic propagates).
pub fn check(case: &Case) -> Result<Outcome, String> {
    let default_model = Model::default();
    let chunked = run(case, true, &default_model);
    let mut outcome = check_results(case, &chunked, &default_model)?;
    let json = to_json_compact(&chunked);
    let any_cuts = case.files.iter().any(|f| !f.cuts.is_empty());
    if any_cuts {
        let whole = run(case, false, &default_model);
        let json_whole = to_json_compact(&whole);
        if json != json_whole {
            return Err(format!(
                "results depend on the chunk split:\n{}",
                first_difference(&json, &json_whole)
            ));
        }
    }
    if let Some(text) = &case.model {
        if let Ok(model) = Model::from_json(text) {
            outcome.model_accepted = true;
            let r = run(case, true, &model);
            check_results(case, &r, &model).map_err(|e| format!("with the user model: {e}"))?;
        }
    }
    Ok(outcome)
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let lo = at.saturating_sub(120);
    let clip = |s: &str| {
        let hi = (at + 120).min(s.len());
        String::from_utf8_lossy(&s.as_bytes()[lo.min(s.len())..hi]).into_owned()
    };
    format!("chunked: …{}…\nwhole:   …{}…", clip(a), clip(b))
}

/// The invariants of one result.
pub fn check_results(case: &Case, r: &Results, model: &Model) -> Result<Outcome, String> {
    let mut out = Outcome::default();
    if r.files.len() != case.files.len() {
        return Err(format!(
            "{} files in, {} reports out",
            case.files.len(),
            r.files.len()
        ));
    }
    for (f, input) in r.files.iter().zip(&case.files) {
        if f.rows_read != f.rows_used + f.rows_rejected {
            return Err(format!(
                "{}: rows_read {} != used {} + rejected {}",
                f.name, f.rows_read, f.rows_used, f.rows_rejected
            ));
        }
        let reasons: u64 = f.reasons.iter().map(|(_, n)| n).sum();
        if reasons != f.rows_rejected + f.cells_ignored {
            return Err(format!(
                "{}: reasons add up to {reasons}, rejected {} + ignored {}",
                f.name, f.rows_rejected, f.cells_ignored
            ));
        }
        if f.bytes != input.bytes.len() as u64 {
            return Err(format!(
                "{}: {} bytes counted, {} pushed",
                f.name,
                f.bytes,
                input.bytes.len()
            ));
        }
        if f.error.is_some() && f.rows_used > 0 {
            return Err(format!(
                "{}: file error {:?} but {} rows used",
                f.name, f.error, f.rows_used
            ));
        }
        if f.rows_rejected > 0 && f.issues.is_empty() {
            return Err(format!(
                "{}: rows rejected without any issue listed",
                f.name
            ));
        }
        if let Some(e) = &f.error {
            if e.len() > 4096 {
                return Err(format!(
                    "{}: file error message is {} bytes long",
                    f.name,
                    e.len()
                ));
            }
        }
        out.rows_read += f.rows_read;
        out.rows_used += f.rows_used;
        out.signature.push(format!(
            "{:?}|{:?}|{}|{}",
            f.kind,
            f.format,
            f.error
                .as_deref()
                .map(|e| e.split([':', '(', '\'']).next().unwrap_or(""))
                .unwrap_or(""),
            f.rows_used.min(1) + f.rows_rejected.min(1) * 2
        ));
        for (reason, _) in &f.reasons {
            out.signature.push(reason.clone());
        }
    }
    let s = &r.summary;
    let (read, used, rejected) = r.files.iter().fold((0, 0, 0), |acc, f| {
        (
            acc.0 + f.rows_read,
            acc.1 + f.rows_used,
            acc.2 + f.rows_rejected,
        )
    });
    if (s.rows_read, s.rows_used, s.rows_rejected) != (read, used, rejected) {
        return Err("summary row totals differ from the files' totals".into());
    }
    if s.accounts as usize != r.accounts.len() {
        return Err("summary account count differs".into());
    }
    out.accounts = r.accounts.len();
    for a in &r.accounts {
        let id = &a.account_id;
        if !(0.0..=1.0).contains(&a.coverage) {
            return Err(format!("{id}: coverage {}", a.coverage));
        }
        if let Some(v) = a.health_score {
            out.scored += 1;
            if !(0.0..=100.0).contains(&v) {
                return Err(format!("{id}: score {v}"));
            }
        }
        if let Some(t) = a.trend {
            if !t.is_finite() {
                return Err(format!("{id}: trend {t}"));
            }
        }
        let applied: f64 = a.components.iter().map(|c| c.applied_weight).sum();
        let computed = a
            .computed_score
            .or(a.health_score.filter(|_| a.override_reason.is_none()));
        if computed.is_some() && (applied - 1.0).abs() > 1e-9 {
            return Err(format!("{id}: applied weights sum to {applied}"));
        }
        for c in &a.components {
            if let Some(n) = c.normalized {
                if !(0.0..=100.0).contains(&n) {
                    return Err(format!("{id}: {:?} normalised to {n}", c.measure));
                }
            } else if c.applied_weight != 0.0 {
                return Err(format!("{id}: missing {:?} carries weight", c.measure));
            }
            if let Some(raw) = c.raw {
                if !raw.is_finite() {
                    return Err(format!("{id}: {:?} raw {raw}", c.measure));
                }
            }
        }
        if let Some(p) = &a.priority {
            if !(0.0..=1.0).contains(&p.risk) {
                return Err(format!("{id}: risk {}", p.risk));
            }
        }
        if let (Some(v), Some(band)) = (a.health_score, &a.band) {
            if model.bands.iter().rev().find(|b| v >= b.min).map(|b| &b.id) != Some(band) {
                return Err(format!("{id}: band {band} for score {v}"));
            }
        }
    }
    let json = to_json_compact(r);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        return Err(format!("JSON export does not parse: {e}"));
    }
    check_csv_export(&to_csv(r, model), r.accounts.len())?;
    Ok(out)
}

/// Parses RFC 4180 CSV (CRLF records) strictly.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                    if !matches!(chars.peek(), Some(',') | Some('\r') | None) {
                        return Err("text after a closing quote".into());
                    }
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => return Err("quote inside an unquoted field".into()),
            ',' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("CR without LF outside quotes".into());
                }
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            '\n' => return Err("bare LF outside quotes".into()),
            _ => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("unterminated quote".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// A cell a spreadsheet would run as a formula.
pub fn is_formula_trigger(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    // A plain number like -3.5 is data, not a formula.
    !(cell.parse::<f64>().is_ok_and(|v| v.is_finite()) && cell.trim() == cell)
}

/// The CSV export is well-formed and formula-safe.
pub fn check_csv_export(csv: &str, accounts: usize) -> Result<(), String> {
    let rows = parse_csv(csv).map_err(|e| format!("CSV export malformed: {e}"))?;
    if rows.len() != accounts + 1 {
        return Err(format!(
            "CSV export has {} records for {accounts} accounts",
            rows.len()
        ));
    }
    let width = rows[0].len();
    for (i, row) in rows.iter().enumerate() {
        if row.len() != width {
            return Err(format!(
                "CSV export row {i} has {} cells, header {width}",
                row.len()
            ));
        }
        for cell in row {
            // The whole cell, and each part a `;`-locale spreadsheet would split off.
            let mut segments = std::iter::once(cell.as_str()).chain(
                cell.split([';', '\t'])
                    .skip(1)
                    .map(|s| s.trim_start_matches(' ')),
            );
            if segments.any(is_formula_trigger) || is_formula_trigger(cell.trim_start_matches(' '))
            {
                return Err(format!("CSV export cell {cell:?} would run as a formula"));
            }
        }
    }
    Ok(())
}
