//! Browser tests of the wasm boundary: `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use customer_health::bindings::{
    default_model, default_playbooks, validate_model, vocabulary, HealthEngine,
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

fn set(target: &JsValue, key: &str, value: &JsValue) {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value).expect("set property");
}

/// The default model as the engine hands it out: a plain object.
fn model() -> JsValue {
    default_model().map_err(|e| error_text(e.into())).unwrap()
}

/// The problems `validate_model` lists for `model` (empty when valid).
fn problems(model: &JsValue) -> Vec<String> {
    let list = validate_model(model.clone()).map_err(|e| error_text(e.into())).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .map(|p| p.as_string().unwrap())
        .collect()
}

/// Scores with `model` and reads the results as the embedding API does (JSON text parsed).
fn score(engine: &mut HealthEngine, model: JsValue) -> Result<JsValue, String> {
    let text = engine.score_json(model).map_err(|e| error_text(e.into()))?;
    Ok(js_sys::JSON::parse(&text).unwrap())
}

#[wasm_bindgen_test]
fn default_model_is_an_object_and_validates() {
    let model = model();
    assert_eq!(
        get(&model, "schema_version").as_f64(),
        Some(f64::from(customer_health::bindings::model_schema_version()))
    );
    assert!(js_sys::Array::is_array(&get(&model, "bands")));
    assert_eq!(problems(&model), Vec::<String>::new());
    assert_eq!(problems(&JsValue::NULL), Vec::<String>::new());
}

#[wasm_bindgen_test]
fn invalid_model_lists_every_problem() {
    let bad = model();
    set(&js_sys::Array::from(&get(&bad, "bands")).get(0), "min", &5.into());
    set(&get(&bad, "windows"), "recent_days", &0.into());
    let list = problems(&bad);
    assert!(list.iter().any(|p| p.contains("first band must start at 0")), "{list:?}");
    assert!(list.iter().any(|p| p.contains("recent_days")), "{list:?}");

    let wrong_shape = js_sys::Object::new();
    set(&wrong_shape, "bands", &"none".into());
    let list = problems(&wrong_shape.into());
    assert_eq!(list.len(), 1);
    assert!(list[0].starts_with("model: "), "{list:?}");
}

#[wasm_bindgen_test]
fn vocabulary_names_what_results_carry() {
    let words = vocabulary(JsValue::NULL).map_err(|e| error_text(e.into())).unwrap();
    let quadrants = js_sys::Array::from(&get(&words, "quadrants"));
    assert_eq!(quadrants.length(), 4);
    assert_eq!(get(&quadrants.get(1), "id").as_string().as_deref(), Some("under_user"));
    assert_eq!(get(&quadrants.get(1), "short").as_string().as_deref(), Some("Under-user"));
    let flags = js_sys::Array::from(&get(&words, "flags"));
    assert_eq!(get(&flags.get(2), "label").as_string().as_deref(), Some("Seats unused"));
    // Bands follow the model passed in.
    let edited = model();
    set(&js_sys::Array::from(&get(&edited, "bands")).get(2), "label", &"Keep an eye on".into());
    let words = vocabulary(edited).map_err(|e| error_text(e.into())).unwrap();
    let bands = js_sys::Array::from(&get(&words, "bands"));
    assert_eq!(get(&bands.get(2), "label").as_string().as_deref(), Some("Keep an eye on"));
    assert!(vocabulary(JsValue::from_str("{}")).is_err());
}

#[wasm_bindgen_test]
fn vocabulary_carries_the_measure_and_field_catalogues() {
    let words = vocabulary(JsValue::NULL).map_err(|e| error_text(e.into())).unwrap();
    let list = js_sys::Array::from(&get(&words, "measures"));
    assert_eq!(list.length() as usize, customer_health::domain::measure::BUILTINS.len());
    assert_eq!(get(&list.get(0), "id").as_string().as_deref(), Some("goal_attainment"));
    assert_eq!(get(&list.get(0), "family").as_string().as_deref(), Some("human_centred"));
    let kinds = js_sys::Array::from(&get(&words, "table_kinds"));
    let accounts = kinds.get(0);
    assert_eq!(get(&accounts, "id").as_string().as_deref(), Some("accounts"));
    let fields = js_sys::Array::from(&get(&accounts, "fields"));
    assert!(fields.length() > 5);
    assert_eq!(get(&fields.get(0), "name").as_string().as_deref(), Some("account_id"));
    assert_eq!(get(&fields.get(0), "required").as_bool(), Some(true));
    assert!(js_sys::Array::from(&get(&kinds.get(2), "fields")).length() > 3);
}

#[wasm_bindgen_test]
fn bad_inputs_are_errors_not_panics() {
    let mut engine = HealthEngine::new();
    let err = engine.push(7, b"x").unwrap_err();
    assert!(error_text(err.into()).contains("no file with id 7"));
    let mapping = js_sys::Object::new();
    set(&mapping, "kind", &"nonsense".into());
    let err = engine.begin_file("a.csv", mapping.into()).unwrap_err();
    assert!(error_text(err.into()).contains("column mapping for 'a.csv'"));
    let err = score(&mut engine, js_sys::Object::new().into()).unwrap_err();
    assert!(err.starts_with("model: "), "{err}");
}

#[wasm_bindgen_test]
fn chunked_csv_is_scored() {
    let mut engine = HealthEngine::new();
    let id = engine
        .begin_file("accounts.csv", JsValue::NULL)
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

    let results = score(&mut engine, JsValue::NULL).unwrap();
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
    let again = score(&mut engine, model()).unwrap();
    assert_eq!(js_sys::Array::from(&get(&again, "accounts")).length(), 3);
    assert!(engine.begin_file("late.csv", JsValue::NULL).is_err());

    let csv = engine
        .results_csv(None)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("account_id,name,health_score,band"));
    assert_eq!(lines.count(), 3);
    assert!(HealthEngine::new().results_csv(None).is_err());
}

#[wasm_bindgen_test]
fn playbooks_are_exposed_and_editable_in_a_model() {
    let playbooks = default_playbooks().map_err(|e| error_text(e.into())).unwrap();
    let quadrants = get(&playbooks, "quadrants");
    assert!(get(&get(&quadrants, "cry_for_help"), "play").is_string());
    // A model carrying edited playbooks validates and scores.
    let model = model();
    set(&get(&quadrants, "at_risk"), "play", &"Call the sponsor this week.".into());
    set(&model, "playbooks", &playbooks);
    assert_eq!(problems(&model), Vec::<String>::new());
}

#[wasm_bindgen_test]
fn usage_series_counts_events_per_week() {
    let mut engine = HealthEngine::new();
    let usage = "account_id,user_id,event_date,feature,event_count\n\
A-1,u1,2026-10-01,reports,3\n\
A-1,u2,2026-10-28,reports,2\n\
A-1,u2,2026-10-31,alerts,4\n\
A-2,u9,2026-10-31,alerts,1\n";
    load(
        &mut engine,
        &[
            ("accounts.csv", ACCOUNTS.replace("A-3", "A-9")),
            ("usage.csv", usage.to_string()),
        ],
    );
    score(&mut engine, JsValue::NULL).unwrap();
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
    load(&mut engine, &churn_history());
    let results = score(&mut engine, JsValue::NULL).unwrap();
    let backtest = get(&results, "backtest");
    assert!(get(&backtest, "auc").as_f64().is_some());
    assert!(js_sys::Array::from(&get(&backtest, "roc")).length() >= 2);

    let text = engine
        .calibrate_json(JsValue::NULL, 0, None, None)
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
    let learned = js_sys::JSON::parse(&c["learned_model"].to_string()).unwrap();
    assert_eq!(problems(&learned), Vec::<String>::new());
    score(&mut engine, learned).unwrap();

    // Without churn outcomes, calibrate says why.
    let mut bare = HealthEngine::new();
    let id = bare
        .begin_file("accounts.csv", JsValue::NULL)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    bare.push(id, b"account_id,seats\nA-1,3\n")
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let err = bare.calibrate_json(JsValue::NULL, 0, None, None).unwrap_err();
    assert!(error_text(err.into()).contains("no churn"));

    // An explicit cut-off and outcome source; bad ones are errors, not panics.
    let text = engine
        .backtest_json(JsValue::NULL, Some("2026-05-01".into()), Some("events".into()))
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let b: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["scored_at"], "2026-05-01");
    assert_eq!(b["outcome_source"], "events");
    let err = engine
        .backtest_json(JsValue::NULL, Some("May 1".into()), None)
        .unwrap_err();
    assert!(error_text(err.into()).contains("YYYY-MM-DD"));
    let err = engine
        .backtest_json(JsValue::NULL, None, Some("vibes".into()))
        .unwrap_err();
    assert!(error_text(err.into()).contains("expected dated"));
}

/// A small portfolio with names, ARR, owners, quadrants, flags and missing values.
fn small_portfolio() -> Vec<(&'static str, String)> {
    let accounts = "account_id,account_name,arr,plan,region,csm\n\
A-1,Acme,48000,Pro,EMEA,Dana\n\
A-2,Globex ✓,12000,Basic,AMER,\n\
A-3,,,,,\n"
        .to_string();
    let mut usage = String::from("account_id,user_id,event_date,feature,event_count\n");
    for day in 1..=28 {
        usage.push_str(&format!("A-1,u{},2026-09-{day:02},reports,3\n", day % 4));
        usage.push_str(&format!("A-2,v{},2026-09-{day:02},alerts,1\n", day % 2));
        usage.push_str(&format!("A-2,v{},2026-10-{day:02},alerts,1\n", day % 2));
    }
    usage.push_str("A-1,u1,2026-10-30,reports,1\n");
    let surveys = "account_id,response_date,survey_type,score,comment\n\
A-1,2026-10-20,csat,2,\"We are looking at <Competitor> instead\"\n\
A-2,2026-10-21,nps,9,\n"
        .to_string();
    vec![
        ("accounts.csv", accounts),
        ("usage.csv", usage),
        ("surveys.csv", surveys),
    ]
}

/// Begins, pushes and ends each (name, text) file in `engine`.
fn load(engine: &mut HealthEngine, files: &[(&str, String)]) {
    for (name, text) in files {
        let id = engine
            .begin_file(name, JsValue::NULL)
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
}

/// Entry `i` of the text column `name` (`None` when missing).
fn text_at(arrays: &JsValue, name: &str, i: u32) -> Option<String> {
    let bytes = js_sys::Uint8Array::from(get(arrays, &format!("{name}.bytes"))).to_vec();
    let offsets = js_sys::Uint32Array::from(get(arrays, &format!("{name}.offsets"))).to_vec();
    let present = js_sys::Uint32Array::from(get(arrays, &format!("{name}.present"))).to_vec();
    let i = i as usize;
    (present[i / 32] & (1 << (i % 32)) != 0).then(|| {
        String::from_utf8(bytes[offsets[i] as usize..offsets[i + 1] as usize].to_vec()).unwrap()
    })
}

/// Element `i` of any typed array, as a number.
fn number_at(arrays: &JsValue, name: &str, i: u32) -> f64 {
    js_sys::Reflect::get_u32(&get(arrays, name), i)
        .unwrap()
        .as_f64()
        .unwrap()
}

/// The JSON value as the page would read it: a number, or NaN for null.
fn json_number(value: JsValue) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

fn same_number(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[wasm_bindgen_test]
fn score_columns_match_score_json() {
    let mut engine = HealthEngine::new();
    load(&mut engine, &small_portfolio());
    let json = engine
        .score_json(JsValue::NULL)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let results = js_sys::JSON::parse(&json).unwrap();
    let columns = engine
        .score_columns(JsValue::NULL)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    let arrays = get(&columns, "arrays");
    let rest = js_sys::JSON::parse(&get(&columns, "rest").as_string().unwrap()).unwrap();
    let dictionaries = get(&rest, "dictionaries");
    let label = |column: &str, i: u32| -> JsValue {
        let code = number_at(&arrays, column, i) as u32;
        js_sys::Reflect::get_u32(&get(&dictionaries, column), code).unwrap()
    };

    let accounts = js_sys::Array::from(&get(&results, "accounts"));
    assert_eq!(accounts.length(), 3);
    assert_eq!(
        js_sys::Float64Array::from(get(&arrays, "coverage")).length(),
        3
    );
    let (mut flags_seen, mut quadrants_seen, mut missing_seen) = (0, 0, 0);
    for i in 0..accounts.length() {
        let a = accounts.get(i);
        let field = |name: &str| get(&a, name);
        for name in ["account_id", "name", "trend_explanation"] {
            assert_eq!(
                text_at(&arrays, name, i),
                field(name).as_string(),
                "{name} of {i}"
            );
        }
        for name in [
            "arr",
            "health_score",
            "previous_score",
            "trend",
            "satisfaction_index",
            "usage_index",
            "value_realized",
            "coverage",
            "computed_score",
        ] {
            let (column, json) = (number_at(&arrays, name, i), json_number(field(name)));
            assert!(
                same_number(column, json),
                "{name} of {i}: {column} vs {json}"
            );
            missing_seen += usize::from(json.is_nan());
        }
        for name in ["plan", "region", "owner", "band", "override_reason"] {
            assert_eq!(
                label(name, i).as_string(),
                field(name).as_string(),
                "{name} of {i}"
            );
        }
        for name in ["arr_tier", "region", "size_tier", "plan"] {
            let json = get(&field("segments"), name).as_string();
            assert_eq!(
                label(&format!("segment_{name}"), i).as_string(),
                json,
                "{name} of {i}"
            );
        }
        let quadrant = label("quadrant", i).as_string();
        assert_eq!(quadrant, field("quadrant").as_string(), "quadrant of {i}");
        quadrants_seen += usize::from(quadrant.is_some());

        let priority = field("priority");
        assert_eq!(
            number_at(&arrays, "priority_rank", i),
            json_number(get(&priority, "rank"))
        );
        assert_eq!(
            number_at(&arrays, "priority_risk", i),
            json_number(get(&priority, "risk"))
        );
        assert!(same_number(
            number_at(&arrays, "revenue_at_risk", i),
            json_number(get(&priority, "revenue_at_risk"))
        ));
        assert_eq!(
            label("priority_play", i).as_string(),
            get(&priority, "play").as_string()
        );
        assert_eq!(
            text_at(&arrays, "priority_reason", i),
            get(&priority, "reason").as_string()
        );

        let hits = js_sys::Array::from(&field("flags"));
        let bits = number_at(&arrays, "flags", i) as u32;
        let flag_ids = js_sys::Array::from(&get(&dictionaries, "flag"));
        let raised: Vec<String> = (0..flag_ids.length())
            .filter(|k| bits & (1 << k) != 0)
            .map(|k| flag_ids.get(k).as_string().unwrap())
            .collect();
        let start = number_at(&arrays, "flag_hits.start", i) as u32;
        assert_eq!(raised.len() as u32, hits.length(), "flags of {i}");
        for (n, id) in raised.iter().enumerate() {
            let hit = hits.get(n as u32);
            assert_eq!(get(&hit, "flag").as_string().as_deref(), Some(id.as_str()));
            let k = start + n as u32;
            assert_eq!(
                text_at(&arrays, "flag_hits.evidence", k),
                get(&hit, "evidence").as_string()
            );
            assert_eq!(
                number_at(&arrays, "flag_hits.risk", k),
                json_number(get(&hit, "risk"))
            );
        }
        flags_seen += raised.len();
    }
    assert!(flags_seen > 0 && quadrants_seen > 0 && missing_seen > 0);
    for part in [
        "summary",
        "segments",
        "files",
        "healthy_patterns",
        "rejected_rows",
    ] {
        assert_eq!(
            js_sys::JSON::stringify(&get(&rest, part))
                .unwrap()
                .as_string(),
            js_sys::JSON::stringify(&get(&results, part))
                .unwrap()
                .as_string(),
            "{part}"
        );
    }

    // The breakdown and the full JSON are available on demand from the last results.
    let id = get(&accounts.get(0), "account_id").as_string().unwrap();
    let components = engine
        .account_components(&id)
        .map_err(|e| error_text(e.into()))
        .unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&components).unwrap().as_string(),
        js_sys::JSON::stringify(&get(&accounts.get(0), "components"))
            .unwrap()
            .as_string()
    );
    assert!(engine.account_components("nobody").unwrap().is_null());
    assert_eq!(
        engine
            .results_json()
            .map_err(|e| error_text(e.into()))
            .unwrap(),
        json
    );
    let again = engine
        .results_columns()
        .map_err(|e| error_text(e.into()))
        .unwrap();
    assert_eq!(
        get(&again, "rest").as_string(),
        get(&columns, "rest").as_string()
    );
    assert!(HealthEngine::new().results_json().is_err());
    assert!(HealthEngine::new().results_columns().is_err());
    assert!(HealthEngine::new().account_components("A-1").is_err());
}
