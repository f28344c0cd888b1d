//! Flat satisfaction columns read by meaning, whatever their header and scale: the same 30
//! accounts written with CSAT on 1–5, 1–7, 1–10, 0–10, 0–100, as percentages, as shares and
//! as words, under several header spellings, must get the same satisfaction — a worse answer
//! never scores higher, and the lowest answer is never read as 100 %. Per-account NPS 0–10
//! answers are read as one respondent's answer (9 → promoter, +100), never on −100…100.

use customer_health::engine::Engine;
use customer_health::model::config::Model;
use serde_json::Value;

const ACCOUNTS: usize = 30;
/// Five answer levels, worst (0) to best (4); account `i` answers level `i % 5`.
const LEVELS: usize = 5;

/// One way of writing the five levels in a flat column.
struct Written {
    header: &'static str,
    cell: fn(usize) -> String,
    what: &'static str,
}

fn on_range(lo: f64, hi: f64) -> impl Fn(usize) -> String {
    move |level| {
        let v = lo + (hi - lo) * level as f64 / (LEVELS - 1) as f64;
        format!("{v}")
    }
}

fn spellings() -> Vec<Written> {
    vec![
        Written {
            header: "CSAT (1-5)",
            cell: |l| on_range(1.0, 5.0)(l),
            what: "1–5 named",
        },
        Written {
            header: "csat",
            cell: |l| on_range(1.0, 5.0)(l),
            what: "1–5 plain",
        },
        Written {
            header: "Customer Satisfaction",
            cell: |l| on_range(1.0, 5.0)(l),
            what: "1–5 long header",
        },
        Written {
            header: "Satisfaction (1-7)",
            cell: |l| on_range(1.0, 7.0)(l),
            what: "1–7 named",
        },
        Written {
            header: "csat",
            cell: |l| on_range(1.0, 7.0)(l),
            what: "1–7 plain",
        },
        Written {
            header: "CSAT score (1-10)",
            cell: |l| on_range(1.0, 10.0)(l),
            what: "1–10 named",
        },
        Written {
            header: "csat",
            cell: |l| on_range(1.0, 10.0)(l),
            what: "1–10 plain",
        },
        Written {
            header: "Satisfaction 0-10",
            cell: |l| on_range(0.0, 10.0)(l),
            what: "0–10 named",
        },
        Written {
            header: "csat",
            cell: |l| on_range(0.0, 10.0)(l),
            what: "0–10 plain",
        },
        Written {
            header: "CSAT (0-100)",
            cell: |l| on_range(0.0, 100.0)(l),
            what: "0–100 named",
        },
        Written {
            header: "csat",
            cell: |l| on_range(0.0, 100.0)(l),
            what: "0–100 plain",
        },
        Written {
            header: "CSAT %",
            cell: |l| format!("{}%", on_range(0.0, 100.0)(l)),
            what: "percent",
        },
        Written {
            header: "csat",
            cell: |l| format!("{}%", on_range(0.0, 100.0)(l)),
            what: "percent plain",
        },
        Written {
            header: "csat",
            cell: |l| on_range(0.0, 1.0)(l),
            what: "share 0–1",
        },
        Written {
            header: "Customer satisfaction",
            cell: |l| WORDS[l].to_string(),
            what: "words",
        },
        Written {
            header: "csat",
            cell: |l| WORDS[l].to_string(),
            what: "words plain",
        },
    ]
}

const WORDS: [&str; LEVELS] = [
    "Very dissatisfied",
    "Dissatisfied",
    "Neutral",
    "Satisfied",
    "Very satisfied",
];

fn flat_file(header: &str, cell: impl Fn(usize) -> String) -> String {
    let mut csv = format!("account_id,account_name,arr,{header}\n");
    for i in 0..ACCOUNTS {
        csv += &format!("A{i:02},Account {i},10000,{}\n", cell(i % LEVELS));
    }
    csv
}

fn results(name: &str, csv: &str) -> Value {
    let mut engine = Engine::new();
    let id = engine.begin_file(name, None).unwrap();
    engine.push(id, csv.as_bytes()).unwrap();
    engine.end_file(id).unwrap();
    let model = Model {
        as_of: Some("2026-01-31".into()),
        ..Model::default()
    };
    serde_json::from_str(&customer_health::output::to_json(&engine.score(&model))).unwrap()
}

/// One account's (satisfaction index, health score, raw value of a measure).
type Reading = (Option<f64>, Option<f64>, Option<f64>);

/// Per account: (satisfaction index, health score, raw value of `measure`).
fn per_account(results: &Value, measure: &str) -> Vec<Reading> {
    let accounts = results["accounts"].as_array().unwrap();
    (0..ACCOUNTS)
        .map(|i| {
            let a = accounts
                .iter()
                .find(|a| a["account_id"] == format!("A{i:02}"))
                .unwrap_or_else(|| panic!("account A{i:02} missing"));
            let raw = a["components"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["measure"] == measure)
                .and_then(|c| c["raw"].as_f64());
            (
                a["satisfaction_index"].as_f64(),
                a["health_score"].as_f64(),
                raw,
            )
        })
        .collect()
}

#[test]
fn flat_csat_means_the_same_on_every_scale_and_header() {
    let mut reference: Option<(String, Vec<Reading>)> = None;
    for w in spellings() {
        let csv = flat_file(w.header, w.cell);
        let res = results("flat.csv", &csv);
        let file = &res["files"][0];
        let got = per_account(&res, "csat");
        let ctx = format!("{} ({:?})", w.what, w.header);
        for (i, (_, _, raw)) in got.iter().enumerate() {
            let level = i % LEVELS;
            let want = level as f64 / (LEVELS - 1) as f64;
            let raw = raw.unwrap_or_else(|| {
                panic!("{ctx}: account A{i:02} has no CSAT; file report: {file}")
            });
            assert!(
                (raw - want).abs() < 1e-9,
                "{ctx}: level {level} read as {raw}, expected the share {want}; file report: {file}"
            );
        }
        // A worse answer never scores higher.
        for i in 0..ACCOUNTS {
            for j in 0..ACCOUNTS {
                if i % LEVELS < j % LEVELS {
                    assert!(
                        got[i].0 <= got[j].0,
                        "{ctx}: satisfaction A{i:02} > A{j:02}"
                    );
                    assert!(got[i].1 <= got[j].1, "{ctx}: health A{i:02} > A{j:02}");
                }
            }
        }
        assert!(
            got[0].1 < got[LEVELS - 1].1,
            "{ctx}: worst and best answers score the same"
        );
        // The same accounts written on another scale score the same.
        match &reference {
            None => reference = Some((ctx.clone(), got)),
            Some((first, want)) => {
                for (i, (g, r)) in got.iter().zip(want).enumerate() {
                    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                        (a, b) => a == b,
                    };
                    assert!(
                        close(g.0, r.0) && close(g.1, r.1),
                        "account A{i:02}: {ctx} gives {g:?}, {first} gives {r:?}"
                    );
                }
            }
        }
        // Nothing silent: every cell was read.
        assert_eq!(file["rows_rejected"], 0, "{ctx}: {file}");
        let ignored = file["issues"].as_array().map(|l| l.len()).unwrap_or(0);
        assert_eq!(ignored, 0, "{ctx}: cells ignored: {file}");
    }
}

#[test]
fn per_account_nps_answers_are_one_respondent_each() {
    // Answers 0..=10 over 30 accounts, under several header spellings.
    for header in ["NPS", "nps", "NPS (0-10)", "Likelihood to recommend (0-10)"] {
        let mut csv = format!("account_id,account_name,arr,{header}\n");
        for i in 0..ACCOUNTS {
            csv += &format!("A{i:02},Account {i},10000,{}\n", i % 11);
        }
        let res = results("nps.csv", &csv);
        let got = per_account(&res, "nps");
        for (i, (sat, _, raw)) in got.iter().enumerate() {
            let answer = i % 11;
            let want = match answer {
                9..=10 => 100.0,
                7..=8 => 0.0,
                _ => -100.0,
            };
            assert_eq!(
                *raw,
                Some(want),
                "{header}: answer {answer} of A{i:02}; file {}",
                res["files"][0]
            );
            // A lower answer never gives a higher satisfaction.
            for (j, (other, _, _)) in got.iter().enumerate() {
                if answer < j % 11 {
                    assert!(sat <= other, "{header}: A{i:02} above A{j:02}");
                }
            }
        }
    }
}

#[test]
fn nps_scores_on_their_own_scale_are_kept() {
    let mut csv = String::from("account_id,account_name,arr,NPS score\n");
    let scores = [-100, -40, 0, 35, 80];
    for i in 0..ACCOUNTS {
        csv += &format!("A{i:02},Account {i},10000,{}\n", scores[i % 5]);
    }
    let res = results("nps.csv", &csv);
    for (i, (_, _, raw)) in per_account(&res, "nps").iter().enumerate() {
        assert_eq!(*raw, Some(scores[i % 5] as f64));
    }
}

/// Issue 15, finding 1: the 30-row flat spreadsheet with `CSAT (1-5)` and per-account `NPS`
/// 0–10 answers. The unhappiest account gets the lowest satisfaction, the happiest the highest.
#[test]
fn a_flat_spreadsheet_with_csat_and_nps_answers_ranks_satisfaction_right() {
    let mut csv = String::from("Customer ID,Company,ARR,CSAT (1-5),NPS\n");
    for i in 0..ACCOUNTS {
        // Happiness rises with i: CSAT 1..5 and NPS 0..10 both follow it.
        let csat = 1 + i * 4 / (ACCOUNTS - 1);
        let nps = i * 10 / (ACCOUNTS - 1);
        csv += &format!("A{i:02},Account {i},{},{csat},{nps}\n", 5000 + 1000 * i);
    }
    let res = results("customers.csv", &csv);
    let got = per_account(&res, "nps");
    let sat: Vec<f64> = got.iter().map(|g| g.0.expect("satisfaction")).collect();
    for w in sat.windows(2) {
        assert!(
            w[0] <= w[1],
            "satisfaction falls with happier answers: {sat:?}"
        );
    }
    let min = sat.iter().cloned().fold(f64::INFINITY, f64::min);
    assert_eq!(sat[0], min);
    assert!(sat[0] < sat[ACCOUNTS - 1]);
    // NPS 9 is a promoter's answer.
    let nine = (0..ACCOUNTS)
        .find(|&i| i * 10 / (ACCOUNTS - 1) == 9)
        .unwrap();
    assert_eq!(got[nine].2, Some(100.0));
    // CSAT 1 is the bottom of its scale, not 100 %.
    assert_eq!(per_account(&res, "csat")[0].2, Some(0.0));
}
