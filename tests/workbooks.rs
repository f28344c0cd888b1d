//! Workbooks through the CLI: a workbook scores exactly like the same tables as CSV, messy
//! sheets (title block, merged header cells, a hidden sheet) are read as their tables, and bad
//! workbooks get a clear message. Fixtures: tests/fixtures/workbooks/, written by
//! scripts/make-workbook-fixtures.py (openpyxl, xlwt, msoffcrypto-tool) from the demo data.

mod common;

use common::{cli, temp_path};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/workbooks"
    ))
    .join(name)
}

/// Scores `inputs` with the CLI; returns the results and the CLI's standard error.
fn score(inputs: &[&Path], out_name: &str) -> (Value, String) {
    let out = temp_path(out_name);
    let output = cli()
        .arg("score")
        .args(inputs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let results = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (results, stderr)
}

/// The CSV tables of the fixtures, optionally without the usage table.
fn csv_tables(with_usage: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("tables"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| with_usage || !p.ends_with("usage_events.csv"))
        .collect();
    files.sort();
    files
}

fn refs(paths: &[PathBuf]) -> Vec<&Path> {
    paths.iter().map(PathBuf::as_path).collect()
}

fn file<'a>(results: &'a Value, name: &str) -> &'a Value {
    results["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no file report named {name}: {}", results["files"]))
}

fn notes(file: &Value) -> Vec<String> {
    file["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

/// Every account's score, band, components and flags, and the summary, are the same.
fn assert_same_scores(csv: &Value, book: &Value, what: &str) {
    assert!(
        csv["accounts"].as_array().unwrap().len() == 30,
        "fixture has 30 accounts"
    );
    let (a, b) = (
        csv["accounts"].as_array().unwrap(),
        book["accounts"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len(), "{what}: account count");
    for (x, y) in a.iter().zip(b) {
        if x != y {
            let field = x
                .as_object()
                .unwrap()
                .keys()
                .find(|k| x[k.as_str()] != y[k.as_str()]);
            let k = field.map(String::as_str).unwrap_or("?");
            panic!(
                "{what}: account {} differs in '{k}': {} vs {}",
                x["account_id"], x[k], y[k]
            );
        }
    }
    assert_eq!(csv["summary"], book["summary"], "{what}: summary differs");
    assert_eq!(
        csv["summary"]["rows_read"], book["summary"]["rows_read"],
        "{what}: not every row was read"
    );
}

#[test]
fn a_workbook_scores_exactly_like_its_tables_as_csv() {
    let (csv, _) = score(&refs(&csv_tables(true)), "tables.json");
    let scored = csv["summary"]["scored"].as_u64().unwrap();
    assert_eq!(scored, 30);
    let book_path = fixture("book.xlsx");
    let (book, stderr) = score(&[&book_path], "book.json");
    assert_same_scores(&csv, &book, "book.xlsx");
    // One file per sheet, named after the workbook and the sheet, each saying where it came from.
    assert_eq!(book["files"].as_array().unwrap().len(), 7);
    let usage = file(&book, "book.xlsx › usage_events");
    assert_eq!(usage["kind"], "usage");
    assert!(notes(usage)[0].contains("sheet 'usage_events' of the workbook book.xlsx"));
    assert!(
        stderr.contains("book.xlsx › accounts: accounts"),
        "{stderr}"
    );

    // A directory holding the workbook is read the same way.
    let dir = temp_path("book-dir");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&book_path, dir.join("book.xlsx")).unwrap();
    let (from_dir, _) = score(&[&dir], "book-dir.json");
    assert_same_scores(&csv, &from_dir, "directory with book.xlsx");
}

#[test]
fn xls_and_ods_workbooks_score_like_their_tables() {
    let (csv, _) = score(&refs(&csv_tables(false)), "tables-small.json");
    for name in ["book.xls", "book.ods"] {
        let (book, _) = score(&[&fixture(name)], &format!("{name}.json"));
        assert_same_scores(&csv, &book, name);
        assert_eq!(book["files"].as_array().unwrap().len(), 6, "{name}");
    }
}

#[test]
fn title_block_merged_header_and_hidden_sheet() {
    let (csv, _) = score(&refs(&csv_tables(true)), "tables-messy.json");
    let (book, _) = score(&[&fixture("messy.xlsx")], "messy.json");
    // The hidden sheet holds the same accounts at ten times the ARR: read, it would change
    // the scores (and add a file).
    assert_same_scores(&csv, &book, "messy.xlsx");
    let names: Vec<&str> = book["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("Old accounts")),
        "{names:?}"
    );
    let accounts = file(&book, "messy.xlsx › Customer accounts");
    assert_eq!(accounts["kind"], "accounts");
    assert_eq!(accounts["rows_read"], 30);
    assert_eq!(accounts["rows_rejected"], 0);
    let mapped: Vec<(String, Value)> = accounts["mapping"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["header"].as_str().unwrap().to_string(),
                m["field"].clone(),
            )
        })
        .collect();
    assert_eq!(
        mapped[0],
        ("Account ID".to_string(), Value::from("account_id")),
        "{mapped:?}"
    );
    assert_eq!(
        mapped[1],
        ("Account Name".to_string(), Value::from("name")),
        "{mapped:?}"
    );
    let notes = notes(accounts).join("\n");
    assert!(
        notes.contains("merged header cells (A3:B3, C3:C4"),
        "{notes}"
    );
    assert!(
        notes.contains("over rows 3–4: combined into one header row ('Account ID', 'Account Name'"),
        "{notes}"
    );
    assert!(
        notes.contains(
            "2 title line(s) above the header skipped: line 1 'Customer accounts — Q3 review"
        ),
        "{notes}"
    );
    assert!(
        notes.contains("sheet 'Old accounts' not read — hidden sheet"),
        "{notes}"
    );
}

#[test]
fn formulas_without_saved_results_are_reported_not_zero() {
    let (book, stderr) = score(&[&fixture("formulas.xlsx")], "formulas.json");
    let accounts = file(&book, "formulas.xlsx › accounts");
    let notes = notes(accounts).join("\n");
    assert!(
        notes.contains("30 formula cell(s) have no saved result (D2, D3, D4, D5, D6, …)"),
        "{notes}"
    );
    assert!(
        stderr.contains("formula cell(s) have no saved result"),
        "{stderr}"
    );
    // The ARR cells are read as empty, so the engine falls back to MRR × 12 (never to 0).
    assert!(
        notes.contains("ARR computed as MRR×12 for 30 rows"),
        "{notes}"
    );
}

#[test]
fn bad_workbooks_get_a_clear_message() {
    let not_a_book = temp_path("renamed.xlsx");
    std::fs::write(&not_a_book, "account_id,arr\nA-1,100\n").unwrap();
    let empty = temp_path("empty.xlsx");
    std::fs::write(&empty, "").unwrap();
    let cases: [(PathBuf, &str); 4] = [
        (fixture("encrypted.xlsx"), "password-protected"),
        (
            fixture("truncated.xlsx"),
            "ZIP container is damaged or incomplete",
        ),
        (not_a_book, "does not start like one"),
        (empty, "the file is empty"),
    ];
    for (path, expected) in &cases {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let started = std::time::Instant::now();
        let (results, stderr) = score(&[path.as_path()], &format!("{name}.json"));
        assert!(started.elapsed().as_secs() < 30, "{name} took too long");
        let report = file(&results, &name);
        let error = report["error"].as_str().unwrap_or_default();
        assert!(error.contains(expected), "{name}: {error}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(report["rows_read"], 0);
    }
}
