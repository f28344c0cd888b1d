//! Survey answers written as words ("Very satisfied", "Neutral", "sehr unzufrieden") are
//! CSAT answers on 1–5, read with the word scale the accounts tables use: a survey file of
//! words scores exactly as the same answers written as numbers, the reading says how many
//! were words, and no answer is reported as "not a number".

use customer_health::engine::Engine;
use customer_health::model::config::Model;
use serde_json::Value;

const ACCOUNTS: usize = 12;
/// Answers per account, on days spread over the recent window.
const ANSWERS: usize = 3;

/// The five points in words, worst first, in several languages and cases.
const WORDS: [[&str; 5]; 3] = [
    [
        "Very dissatisfied",
        "Dissatisfied",
        "Neutral",
        "Satisfied",
        "Very satisfied",
    ],
    [
        "sehr unzufrieden",
        "UNZUFRIEDEN",
        "weder noch",
        "Zufrieden",
        "SEHR ZUFRIEDEN",
    ],
    [
        "Très insatisfait",
        "insatisfait",
        "NEUTRE",
        "satisfait",
        "TRÈS SATISFAIT",
    ],
];

/// The answer level (0 = worst … 4 = best) of account `i`'s `k`-th answer.
fn level(i: usize, k: usize) -> usize {
    (i + 2 * k) % 5
}

const ACCOUNTS_CSV: &str = "account_id,account_name,arr\n";

fn accounts() -> String {
    let mut csv = ACCOUNTS_CSV.to_string();
    for i in 0..ACCOUNTS {
        csv += &format!("A{i:02},Account {i},{}\n", 10_000 + 1_000 * i);
    }
    csv
}

/// A survey file (header `Rating`, no type column) with each answer written by `cell`.
fn surveys(cell: impl Fn(usize, usize) -> String) -> String {
    let mut csv = String::from("account_id,survey_date,Rating\n");
    for i in 0..ACCOUNTS {
        for k in 0..ANSWERS {
            csv += &format!("A{i:02},2026-01-{:02},{}\n", 5 + 7 * k, cell(i, k));
        }
    }
    csv
}

fn results(survey_csv: &str) -> Value {
    let mut engine = Engine::new();
    for (name, text) in [
        ("accounts.csv", accounts()),
        ("surveys.csv", survey_csv.to_string()),
    ] {
        let id = engine.begin_file(name, None).unwrap();
        engine.push(id, text.as_bytes()).unwrap();
        engine.end_file(id).unwrap();
    }
    let model = Model {
        as_of: Some("2026-01-31".into()),
        ..Model::default()
    };
    serde_json::from_str(&customer_health::output::to_json(&engine.score(&model))).unwrap()
}

/// Per account: (health score, satisfaction index, raw CSAT).
fn per_account(r: &Value) -> Vec<(Option<f64>, Option<f64>, Option<f64>)> {
    let accounts = r["accounts"].as_array().unwrap();
    (0..ACCOUNTS)
        .map(|i| {
            let a = accounts
                .iter()
                .find(|a| a["account_id"] == format!("A{i:02}"))
                .unwrap();
            let csat = a["components"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["measure"] == "csat")
                .and_then(|c| c["raw"].as_f64());
            (
                a["health_score"].as_f64(),
                a["satisfaction_index"].as_f64(),
                csat,
            )
        })
        .collect()
}

fn survey_file(r: &Value) -> &Value {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "surveys.csv")
        .unwrap()
}

#[test]
fn survey_answers_in_words_score_as_the_same_answers_in_numbers() {
    let numbers = results(&surveys(|i, k| (level(i, k) + 1).to_string()));
    let want = per_account(&numbers);
    assert!(
        want.iter().all(|(h, _, c)| h.is_some() && c.is_some()),
        "the numeric survey feeds CSAT: {want:?}"
    );
    // Every language, and a file mixing numbers and words in one column.
    let mut spellings: Vec<(String, String)> = (0..WORDS.len())
        .map(|lang| {
            let csv = surveys(|i, k| WORDS[lang][level(i, k)].to_string());
            (format!("words {lang}"), csv)
        })
        .collect();
    spellings.push((
        "numbers and words".into(),
        surveys(|i, k| {
            if (i + k) % 2 == 0 {
                WORDS[(i + k) % 3][level(i, k)].to_string()
            } else {
                (level(i, k) + 1).to_string()
            }
        }),
    ));
    for (what, csv) in spellings {
        let r = results(&csv);
        let file = survey_file(&r);
        assert_eq!(file["kind"], "surveys", "{what}: {file}");
        assert_eq!(file["rows_rejected"], 0, "{what}: {file}");
        assert_eq!(
            file["rows_used"],
            (ACCOUNTS * ANSWERS) as u64,
            "{what}: {file}"
        );
        let text = file.to_string();
        assert!(!text.contains("not a number"), "{what}: {file}");
        // The reading is shown with its evidence, like every other scale reading.
        let reading = file["readings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["evidence"]
                    .as_str()
                    .unwrap_or("")
                    .contains("written as words")
            })
            .unwrap_or_else(|| panic!("{what}: no reading names the words: {file}"));
        assert_eq!(reading["header"], "Rating", "{what}: {reading}");
        assert_eq!(reading["reading"], "one_to_five", "{what}: {reading}");
        let got = per_account(&r);
        assert_eq!(got, want, "{what}: words score differently from numbers");
    }
}

#[test]
fn a_worse_word_never_scores_higher() {
    // Account i answers level i % 5 three times: levels ordered worst to best.
    let r = results(&surveys(|i, _| WORDS[0][i % 5].to_string()));
    let got = per_account(&r);
    for i in 0..ACCOUNTS {
        for j in 0..ACCOUNTS {
            if i % 5 < j % 5 {
                assert!(got[i].2 <= got[j].2, "CSAT A{i:02} > A{j:02}: {got:?}");
                assert!(got[i].1 <= got[j].1, "satisfaction A{i:02} > A{j:02}");
            }
        }
    }
    assert!(
        got[0].2 < got[4].2,
        "very dissatisfied and very satisfied read alike"
    );
}

#[test]
fn words_on_a_row_typed_nps_are_rejected_with_the_reason() {
    let mut csv = String::from("account_id,survey_date,type,score\n");
    csv += "A00,2026-01-10,NPS,Very satisfied\n";
    csv += "A01,2026-01-10,NPS,9\n";
    csv += "A02,2026-01-10,CSAT,Very satisfied\n";
    let r = results(&csv);
    let file = survey_file(&r);
    assert_eq!(file["rows_used"], 2, "{file}");
    assert_eq!(file["rows_rejected"], 1, "{file}");
    assert!(
        file.to_string()
            .contains("'Very satisfied' is a satisfaction answer in words, not an NPS score"),
        "{file}"
    );
}
