//! Browser tests of the wasm boundary: `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use customer_health::bindings::{
    default_model, default_playbooks, measures, table_fields, validate_model, HealthEngine,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ACCOUNTS: &str =
    "account_id,account_name,industry,country,signup_date,plan_tier,seats,is_trial,churn_flag\n\
A-1,Acme,EdTech,US,2024-01-10,Pro,10,False,False\n\
A-2,Globex,FinTech,DE,2024-02-11,Basic,5,False,False\n\
A-3,Initech,HealthTech,FR,2024-03-12,Enterprise,40,False,True\n";

fn error_text(err: JsValue) -> String {
    js_sys::Reflect::get(&err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{err:?}"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).expect("property")
}

#[wasm_bindgen_test]
fn default_model_is_valid_json_and_validates() {
    let text = default_model();
    assert!(text.contains("\"schema_version\""));
    validate_model(&text)
        .map_err(|e| error_text(e.into()))
        .unwrap();
}

#[wasm_bindgen_test]
fn invalid_model_lists_the_problem() {
    let bad = default_model().replacen("\"min\": 0,", "\"min\": 5,", 1);
    let err = validate_model(&bad).unwrap_err();
    let text = error_text(err.into());
    assert!(text.contains("first band must start at 0"), "{text}");

    let err = validate_model("{ not json").unwrap_err();
    assert!(error_text(err.into()).starts_with("model JSON"));
}

#[wasm_bindgen_test]
fn measure_catalogue_has_every_measure() {
    let list = js_sys::Array::from(&measures().map_err(|e| error_text(e.into())).unwrap());
    assert_eq!(list.length(), 17);
    assert_eq!(
        get(&list.get(0), "id").as_string().as_deref(),
        Some("goal_attainment")
    );
    assert_eq!(
        get(&list.get(0), "family").as_string().as_deref(),
        Some("human_centred")
    );
}

#[wasm_bindgen_test]
fn bad_inputs_are_errors_not_panics() {
    let mut engine = HealthEngine::new();
    let err = engine.push(7, b"x").unwrap_err();
    assert!(error_text(err.into()).contains("no file with id 7"));
    let err = engine
        .begin_file("a.csv", Some("{\"kind\":\"nonsense\"}".into()))
        .unwrap_err();
    assert!(error_text(err.into()).contains("column mapping for 'a.csv'"));
    let err = engine.score(Some("{}".into())).unwrap_err();
    assert!(error_text(err.into()).starts_with("model JSON"));
}

#[wasm_bindgen_test]
fn chunked_csv_is_scored() {
    let mut engine = HealthEngine::new();
    let id = engine
        .begin_file("accounts.csv", None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let bytes = ACCOUNTS.as_bytes();
    // Three chunks, split in the middle of a row and of a field.
    for chunk in [&bytes[..17], &bytes[17..100], &bytes[100..]] {
        engine
            .push(id, chunk)
            .map_err(|e| error_text(e.into()))
            .unwrap();
    }
    engine
        .end_file(id)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let err = engine.push(id, b"more").unwrap_err();
    assert!(error_text(err.into()).contains("already ended"));

    let results = engine
        .score(None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let accounts = js_sys::Array::from(&get(&results, "accounts"));
    assert_eq!(accounts.length(), 3);
    let summary = get(&results, "summary");
    assert_eq!(get(&summary, "accounts").as_f64(), Some(3.0));
    let files = js_sys::Array::from(&get(&results, "files"));
    assert_eq!(get(&files.get(0), "rows_read").as_f64(), Some(3.0));
    assert_eq!(
        get(&files.get(0), "kind").as_string().as_deref(),
        Some("accounts")
    );

    // Re-scoring with another model works without re-ingest; adding files does not.
    let again = engine
        .score(Some(default_model()))
        .map_err(|e| error_text(e.into()))
        .unwrap();
    assert_eq!(js_sys::Array::from(&get(&again, "accounts")).length(), 3);
    assert!(engine.begin_file("late.csv", None).is_err());

    let csv = engine
        .results_csv()
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("account_id,name,health_score,band"));
    assert_eq!(lines.count(), 3);
    assert!(HealthEngine::new().results_csv().is_err());
}

#[wasm_bindgen_test]
fn field_catalogue_and_playbooks_are_exposed() {
    let catalogue = table_fields().map_err(|e| error_text(e.into())).unwrap();
    let accounts = js_sys::Array::from(&get(&catalogue, "accounts"));
    assert!(accounts.length() > 5);
    let first = accounts.get(0);
    assert_eq!(
        get(&first, "name").as_string().as_deref(),
        Some("account_id")
    );
    assert_eq!(get(&first, "required").as_bool(), Some(true));
    assert!(js_sys::Array::from(&get(&catalogue, "usage")).length() > 3);

    let playbooks: serde_json::Value = serde_json::from_str(&default_playbooks()).unwrap();
    assert!(playbooks["quadrants"]["cry_for_help"]["play"].is_string());
    // A model carrying edited playbooks validates and scores.
    let mut model: serde_json::Value = serde_json::from_str(&default_model()).unwrap();
    model["playbooks"] = playbooks;
    model["playbooks"]["quadrants"]["at_risk"]["play"] = "Call the sponsor this week.".into();
    validate_model(&model.to_string())
        .map_err(|e| error_text(e.into()))
        .unwrap();
}

#[wasm_bindgen_test]
fn usage_series_counts_events_per_week() {
    let mut engine = HealthEngine::new();
    let usage = "account_id,user_id,event_date,feature,event_count\n\
A-1,u1,2026-10-01,reports,3\n\
A-1,u2,2026-10-28,reports,2\n\
A-1,u2,2026-10-31,alerts,4\n\
A-2,u9,2026-10-31,alerts,1\n";
    for (name, text) in [
        ("accounts.csv", ACCOUNTS.replace("A-3", "A-9")),
        ("usage.csv", usage.to_string()),
    ] {
        let id = engine
            .begin_file(name, None)
            .map_err(|e| error_text(e.into()))
            .unwrap();
        engine
            .push(id, text.as_bytes())
            .map_err(|e| error_text(e.into()))
            .unwrap();
        engine
            .end_file(id)
            .map_err(|e| error_text(e.into()))
            .unwrap();
    }
    engine
        .score(None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let series = engine.usage_series("A-1", 8).expect("known account");
    assert_eq!(series.len(), 8);
    assert_eq!(series.iter().sum::<f64>(), 9.0);
    assert_eq!(series[7], 6.0, "{series:?}"); // the last week holds Oct 28 and Oct 31
    assert!(engine.usage_series("nobody", 8).is_none());
}

/// A churn history where NPS answers predict churn a quarter later (for calibrate).
fn churn_history() -> Vec<(&'static str, String)> {
    let day = |offset: i64| {
        (chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap() - chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let mut accounts = String::from("account_id,seats\n");
    let mut usage = String::from("account_id,user_id,event_date,feature,event_count\n");
    let mut surveys = String::from("account_id,response_date,survey_type,score\n");
    let mut churn = String::from("account_id,churn_date,reason_code\n");
    for i in 0..80i64 {
        accounts.push_str(&format!("A-{i:02},10\n"));
        usage.push_str(&format!("A-{i:02},u{i},{},reports,1\n", day(0)));
        for q in 1..=4i64 {
            let score = (i * 7 + q * 3) % 11;
            surveys.push_str(&format!("A-{i:02},{},nps,{score}\n", day(90 * q + 10)));
            let churns = if score <= 5 {
                (i + q) % 5 != 0
            } else {
                (i + q) % 7 == 0
            };
            if churns {
                churn.push_str(&format!("A-{i:02},{},pricing\n", day(90 * q - 30)));
            }
        }
    }
    vec![
        ("accounts.csv", accounts),
        ("usage.csv", usage),
        ("surveys.csv", surveys),
        ("churn_events.csv", churn),
    ]
}

#[wasm_bindgen_test]
fn calibrate_learns_weights_and_returns_an_adoptable_model() {
    let mut engine = HealthEngine::new();
    for (name, text) in churn_history() {
        let id = engine
            .begin_file(name, None)
            .map_err(|e| error_text(e.into()))
            .unwrap();
        engine
            .push(id, text.as_bytes())
            .map_err(|e| error_text(e.into()))
            .unwrap();
        engine
            .end_file(id)
            .map_err(|e| error_text(e.into()))
            .unwrap();
    }
    let results = engine
        .score(None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let backtest = get(&results, "backtest");
    assert!(get(&backtest, "auc").as_f64().is_some());
    assert!(js_sys::Array::from(&get(&backtest, "roc")).length() >= 2);

    let text = engine
        .calibrate_json(None, 0, None, None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let c: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(c["cutoffs"].as_array().unwrap().len(), 4);
    assert!(!c["folds"].as_array().unwrap().is_empty());
    let nps = c["weights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["measure"] == "nps")
        .unwrap();
    assert!(nps["learned_share"].as_f64().unwrap() > 0.5, "{nps}");
    // The learned model validates and scores: it can be adopted as is.
    let learned = c["learned_model"].to_string();
    validate_model(&learned)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    engine
        .score(Some(learned))
        .map_err(|e| error_text(e.into()))
        .unwrap();

    // Without churn outcomes, calibrate says why.
    let mut bare = HealthEngine::new();
    let id = bare
        .begin_file("accounts.csv", None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    bare.push(id, b"account_id,seats\nA-1,3\n")
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let err = bare.calibrate_json(None, 0, None, None).unwrap_err();
    assert!(error_text(err.into()).contains("no churn"));

    // An explicit cut-off and outcome source; bad ones are errors, not panics.
    let text = engine
        .backtest_json(None, Some("2026-05-01".into()), Some("events".into()))
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let b: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["scored_at"], "2026-05-01");
    assert_eq!(b["outcome_source"], "events");
    let err = engine
        .backtest_json(None, Some("May 1".into()), None)
        .unwrap_err();
    assert!(error_text(err.into()).contains("YYYY-MM-DD"));
    let err = engine
        .backtest_json(None, None, Some("vibes".into()))
        .unwrap_err();
    assert!(error_text(err.into()).contains("expected dated"));
}
