//! Export safety: the CSV export cannot run formulas in a spreadsheet (whatever the locale's
//! list separator), keeps numbers as numbers and round-trips every text exactly apart from
//! the neutralising apostrophes; the JSON export parses back to the same values and is safe
//! to inline in HTML.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_harness;

use customer_health::engine::Engine;
use customer_health::model::config::Model;
use customer_health::output::csv::cell;
use customer_health::output::{to_csv, to_json, to_json_compact};
use customer_health::results::Results;
use fuzz_harness::{is_formula_trigger, parse_csv};
use proptest::prelude::*;

/// Reads one cell as a spreadsheet in a `;` locale would split it: every segment.
fn segments(cell: &str) -> Vec<&str> {
    cell.split([';', '\t']).collect()
}

/// A cell is safe when neither it nor any `;`/tab segment of it starts a formula (after
/// leading spaces), unless it is a plain number.
fn assert_safe(original: &str, written: &str) {
    let rows = parse_csv(&format!("{written}\r\n")).expect("one well-formed cell");
    assert_eq!(rows.len(), 1, "{original:?} → {written:?}");
    assert_eq!(rows[0].len(), 1, "{original:?} → {written:?}");
    let value = &rows[0][0];
    for (i, seg) in segments(value).into_iter().enumerate() {
        let t = seg.trim_start_matches(' ');
        if i == 0
            && original.trim() == original
            && original.parse::<f64>().is_ok_and(f64::is_finite)
        {
            assert_eq!(value, original, "numbers stay numbers");
            continue;
        }
        let first = t.chars().next();
        let dangerous = matches!(
            first,
            Some(
                '=' | '+'
                    | '-'
                    | '@'
                    | '\t'
                    | '\r'
                    | '\u{FF1D}'
                    | '\u{FF0B}'
                    | '\u{FF0D}'
                    | '\u{FF20}'
            )
        ) && !(t.trim() == t && t.parse::<f64>().is_ok_and(f64::is_finite));
        assert!(
            !dangerous,
            "{original:?} → {written:?}: segment {seg:?} starts a formula"
        );
    }
    // The value is the original text with one apostrophe at the start of each segment that
    // would start a formula, and nothing else changed.
    let mut expected = String::new();
    let mut segment_start = true;
    for (i, c) in original.char_indices() {
        if segment_start {
            // The segment's first character after spaces (a tab there is itself a trigger).
            let t = original[i..].trim_start_matches(' ');
            let trigger = t.chars().next().is_some_and(|f| {
                matches!(
                    f,
                    '=' | '+'
                        | '-'
                        | '@'
                        | '\t'
                        | '\r'
                        | '\u{FF1D}'
                        | '\u{FF0B}'
                        | '\u{FF0D}'
                        | '\u{FF20}'
                )
            });
            let rest_number = {
                let whole = &original[i..];
                whole.trim() == whole && whole.parse::<f64>().is_ok_and(f64::is_finite)
            };
            if trigger && !rest_number {
                expected.push('\'');
            }
        }
        expected.push(c);
        segment_start = matches!(c, ';' | '\t');
    }
    assert_eq!(value, &expected, "{original:?} → {written:?}");
}

#[test]
fn formula_triggers_are_neutralised() {
    let cases = [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t'=1"),
        ("\r=1", "\"'\r=1\""),
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        ),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),
        (
            "Acme;=HYPERLINK(\"http://evil\");",
            "\"Acme;'=HYPERLINK(\"\"http://evil\"\");\"",
        ),
        ("a\t@x", "a\t'@x"),
        ("a; -2+3", "a;' -2+3"),
        ("-", "'-"),
        ("+", "'+"),
        ("-inf", "'-inf"),
        ("-NaN", "'-NaN"),
        ("-1e999", "'-1e999"),
        (" -5", "' -5"),
    ];
    for (input, expected) in cases {
        assert_eq!(cell(input), expected, "{input:?}");
        assert_safe(input, &cell(input));
    }
}

#[test]
fn numbers_and_plain_text_are_untouched() {
    for v in [
        "-3.5", "-0", "+5", "-1e5", "-2E-3", "-.5", "0", "12000", "1e308", "Acme", "", "a;b",
        "Zoë ✓", "a-b", "50%",
    ] {
        assert_eq!(cell(v), v, "{v:?}");
    }
    assert_eq!(cell("a;1"), "a;1");
    assert_eq!(
        cell("a;-1"),
        "a;-1",
        "a negative number after ; is a number"
    );
    assert_eq!(cell("Acme, Inc."), "\"Acme, Inc.\"");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text: one well-formed cell, no formula in any segment, original text recoverable.
    #[test]
    fn any_text_is_one_safe_cell(
        parts in prop::collection::vec(
            prop_oneof![
                Just("=".to_string()), Just("+".to_string()), Just("-".to_string()), Just("@".to_string()),
                Just("\t".to_string()), Just("\r".to_string()), Just("\n".to_string()), Just(";".to_string()),
                Just(",".to_string()), Just("\"".to_string()), Just("'".to_string()), Just(" ".to_string()),
                Just("＝".to_string()), Just("1".to_string()), Just("3.5".to_string()), Just("e9".to_string()),
                Just("inf".to_string()), Just("NaN".to_string()), Just("SUM(A1)".to_string()),
                Just("<script>".to_string()), Just("é".to_string()), Just("😀".to_string()),
                "[a-z]{1,3}",
                any::<char>().prop_map(|c| c.to_string()),
            ],
            0..10,
        )
    ) {
        let text: String = parts.concat();
        assert_safe(&text, &cell(&text));
    }

    /// Finite numbers (as the CSV writer or a user would write them) stay numbers.
    #[test]
    fn finite_numbers_stay_numbers(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
        let text = v.to_string();
        prop_assert_eq!(cell(&text), text);
    }
}

fn score_csv(files: &[(&str, &str)]) -> Results {
    let mut engine = Engine::new();
    for (name, text) in files {
        let id = engine.begin_file(name, None).unwrap();
        engine.push(id, text.as_bytes()).unwrap();
        engine.end_file(id).unwrap();
    }
    let model = Model {
        as_of: Some("2024-06-30".into()),
        ..Model::default()
    };
    engine.score(&model)
}

const HOSTILE: &str = "account_id,name,region,owner,plan,arr\n\
=1+1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",+cmd|' /C calc'!A0,@SUM(A1:A9),-2+3,1000\n\
A2,\"Acme;=HYPERLINK(\"\"http://evil\"\");\",\" =1\",<script>alert(1)</script>,</script><script>alert(2)</script>,2000\n\
A3,-3.5,EMEA,\u{2028}line sep,&amp;,3000\n";

#[test]
fn the_account_export_is_formula_safe_and_keeps_numbers() {
    let r = score_csv(&[("accounts.csv", HOSTILE)]);
    assert_eq!(r.accounts.len(), 3);
    let csv = to_csv(&r, &Model::default());
    let rows = parse_csv(&csv).expect("well-formed CSV");
    let width = rows[0].len();
    for row in &rows {
        assert_eq!(row.len(), width);
        for c in row {
            assert!(!is_formula_trigger(c), "{c:?}");
            for seg in c.split(';').skip(1) {
                assert!(!is_formula_trigger(seg.trim_start()), "{c:?}");
            }
        }
    }
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let by_id = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
    assert_eq!(
        by_id("'=1+1")[col("name")],
        "'=HYPERLINK(\"http://evil.example\",\"x\")"
    );
    assert_eq!(
        by_id("A2")[col("name")],
        "Acme;'=HYPERLINK(\"http://evil\");"
    );
    // A name that is a negative number is a number, and ARR stays numeric.
    assert_eq!(by_id("A3")[col("name")], "-3.5");
    assert_eq!(by_id("A3")[col("arr")], "3000");
    // Negative numeric columns (e.g. usage trend) are written as plain numbers.
    for row in &rows[1..] {
        for (h, c) in rows[0].iter().zip(row) {
            if h.ends_with("_raw") || h.ends_with("_score") || h == "trend" || h == "health_score" {
                assert!(c.is_empty() || c.parse::<f64>().is_ok(), "{h}: {c:?}");
            }
        }
    }
}

#[test]
fn the_json_export_parses_back_and_is_html_safe() {
    let r = score_csv(&[("accounts.csv", HOSTILE)]);
    for json in [to_json(&r), to_json_compact(&r)] {
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!json.contains(bad), "raw {bad:?} in JSON");
        }
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: Vec<&str> = v["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert!(names.contains(&"=HYPERLINK(\"http://evil.example\",\"x\")"));
        let plans: Vec<&str> = v["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a["plan"].as_str())
            .collect();
        assert!(
            plans.contains(&"</script><script>alert(2)</script>"),
            "{plans:?}"
        );
        assert!(plans.contains(&"&amp;"));
    }
}

/// Full, thin (only NPS: a small share of the weight) and empty accounts.
const COVERAGE: &str = "account_id,account_name,arr,seats,csat,nps,logins_30d,active_users,goal_progress,features_used,tickets_30d,success_plan,empowerment\n\
F-1,Fullco,48000,20,4.6,50,410,18,0.8,12,3,yes,0.7\n\
L-1,Thinco,12000,,,30,,,,,,,\n\
N-1,Nothing,5000,,,,,,,,,,\n";

#[test]
fn the_csv_marks_low_data_by_the_share_it_is_given() {
    use customer_health::domain::coverage::LOW_COVERAGE_BELOW;
    use customer_health::output::csv::to_csv_marked;
    let r = score_csv(&[("accounts.csv", COVERAGE)]);
    let column = |csv: &str| -> Vec<(String, String, String)> {
        let rows = parse_csv(csv).expect("well-formed CSV");
        let at = |n: &str| rows[0].iter().position(|h| h == n).unwrap();
        let (id, cov, low) = (at("account_id"), at("coverage"), at("low_data"));
        assert_eq!(low, cov + 1, "low_data sits beside coverage");
        let mut out: Vec<_> = rows[1..]
            .iter()
            .map(|r| (r[id].clone(), r[cov].clone(), r[low].clone()))
            .collect();
        out.sort();
        out
    };
    let low = |csv: &str| -> Vec<(String, String)> {
        column(csv).into_iter().map(|(id, _, low)| (id, low)).collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    };
    // The default share (the page's default too, sent with the vocabulary).
    assert_eq!(
        low(&to_csv(&r, &Model::default())),
        pairs(&[("F-1", "no"), ("L-1", "yes"), ("N-1", "")])
    );
    assert_eq!(
        to_csv(&r, &Model::default()),
        to_csv_marked(&r, &Model::default(), LOW_COVERAGE_BELOW)
    );
    // Every scored row: yes exactly when its coverage is under the share given.
    for below in [0.0, 0.05, 0.5, 0.95, 1.0] {
        for (id, cov, low) in column(&to_csv_marked(&r, &Model::default(), below)) {
            if id == "N-1" {
                assert_eq!(low, "", "unscored: no score to qualify");
                continue;
            }
            let cov: f64 = cov.parse().unwrap();
            assert_eq!(low, if cov < below { "yes" } else { "no" }, "{id} {cov} {below}");
        }
    }
    // A stricter share marks the full account as well; none marks nothing.
    assert_eq!(
        low(&to_csv_marked(&r, &Model::default(), 1.0 + f64::EPSILON)),
        pairs(&[("F-1", "yes"), ("L-1", "yes"), ("N-1", "")])
    );
    assert_eq!(
        low(&to_csv_marked(&r, &Model::default(), 0.0)),
        pairs(&[("F-1", "no"), ("L-1", "no"), ("N-1", "")])
    );
}
