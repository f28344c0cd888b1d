//! Custom measures (Contract A) scored end to end on hand-built accounts columns, through
//! to the CSV and JSON exports (here, at the top of what they use).

use serde_json::{json, Value};

use crate::dataset::{ColumnValues, Dataset};
use crate::domain::measure::Measure;
use crate::metrics::testkit::{as_of, Kit};
use crate::model::config::{Model, DEFAULT_MODEL_JSON};
use crate::results::score;
use crate::results::{AccountResult, Component, Results};

/// Four accounts with four columns: charges (number), last order (date), contract
/// (category) and complained (yes/no). `charges_header` is how the file spells the header.
fn data(charges_header: &str) -> Dataset {
    let mut k = Kit::new();
    for id in ["a", "b", "c", "d"] {
        k.account(id);
    }
    let file = "customers.csv";
    k.account_column(
        file,
        charges_header,
        ColumnValues::Number(vec![Some(20.0), Some(80.0), None, Some(50.0)]),
    );
    k.account_column(
        file,
        "Last Order",
        ColumnValues::Date(vec![
            Some(as_of() - 5),
            Some(as_of() - 100),
            Some(as_of() + 3),
            None,
        ]),
    );
    k.account_column(
        file,
        "Contract",
        ColumnValues::Category(vec![
            Some("Month-to-month".into()),
            Some(" two year ".into()),
            Some("One year".into()),
            Some("Weekly".into()),
        ]),
    );
    k.account_column(
        file,
        "Complained",
        ColumnValues::YesNo(vec![Some(false), Some(true), None, Some(false)]),
    );
    k.build()
}

/// The default model with one group of the four custom measures as its only group, the
/// quadrants built from them.
fn model_json() -> Value {
    let mut m: Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap();
    m["as_of"] = json!(crate::dataset::day_to_iso(as_of()));
    m["measures"] = json!([
        { "id": "monthly_charges", "label": "Monthly charges", "table": "accounts",
          "column": "MonthlyCharges", "value": "number", "unit": "USD/month" },
        { "id": "days_since_order", "label": "Days since last order", "table": "accounts",
          "column": "last_order", "value": "days_since" },
        { "id": "contract", "label": "Contract", "table": "accounts", "column": "Contract",
          "value": "category" },
        { "id": "complained", "label": "Complained", "table": "accounts", "column": "Complained",
          "value": "yes_no", "family": "human_centred" }
    ]);
    m["groups"] = json!([{
        "id": "custom", "label": "From the accounts file", "weight": 1.0,
        "measures": [
            { "measure": "monthly_charges", "weight": 1.0,
              "normalize": { "method": "thresholds", "points": [[0, 100], [100, 0]] } },
            { "measure": "days_since_order", "weight": 1.0,
              "normalize": { "method": "thresholds", "points": [[0, 100], [90, 0]] } },
            { "measure": "contract", "weight": 2.0,
              "normalize": { "method": "categories",
                             "scores": { "Month-to-month": 15, "One year": 60, "Two year": 90 },
                             "other": 50 } },
            { "measure": "complained", "weight": 1.0,
              "normalize": { "method": "categories", "scores": { "yes": 10, "no": 80 } } }
        ]
    }]);
    m["quadrants"]["satisfaction_measures"] = json!(["complained"]);
    m["quadrants"]["usage_measures"] = json!(["days_since_order"]);
    m
}

fn model() -> Model {
    Model::from_json(&model_json().to_string()).unwrap()
}

fn account<'r>(r: &'r Results, id: &str) -> &'r AccountResult {
    r.accounts.iter().find(|a| a.account_id == id).unwrap()
}

fn component<'r>(a: &'r AccountResult, id: &str) -> &'r Component {
    let m = Measure::named(id).unwrap();
    a.components.iter().find(|c| c.measure == m).unwrap()
}

fn close(got: Option<f64>, want: f64) {
    let got = got.unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

#[test]
fn custom_measures_blend_explain_and_count_in_coverage() {
    let r = score(&data("MonthlyCharges"), &model());
    let a = account(&r, "a");
    let charges = component(a, "monthly_charges");
    close(charges.raw, 20.0);
    close(charges.normalized, 80.0);
    assert_eq!(charges.unit, "USD/month");
    assert_eq!(
        charges.evidence,
        "column 'MonthlyCharges' of customers.csv: 20"
    );
    let order = component(a, "days_since_order");
    close(order.raw, 5.0);
    close(order.normalized, 100.0 - 500.0 / 90.0);
    assert!(
        order.evidence.contains("5 days before as-of"),
        "{}",
        order.evidence
    );
    let contract = component(a, "contract");
    assert_eq!(contract.raw, None);
    assert_eq!(contract.category.as_deref(), Some("Month-to-month"));
    close(contract.normalized, 15.0);
    let complained = component(a, "complained");
    close(complained.raw, 0.0);
    close(complained.normalized, 80.0);
    assert_eq!(
        serde_json::to_value(complained.family).unwrap(),
        json!("human_centred")
    );
    // Weights 1, 1, 2, 1 over the four measures, all present.
    let want = (80.0 + (100.0 - 500.0 / 90.0) + 2.0 * 15.0 + 80.0) / 5.0;
    close(a.health_score, want);
    close(Some(a.coverage), 1.0);
    let sum: f64 = a.components.iter().map(|c| c.contribution).sum();
    close(Some(sum), want);

    // c: no charges, a future order date counts 0 days, unknown complaint.
    let c = account(&r, "c");
    assert_eq!(component(c, "monthly_charges").normalized, None);
    assert!(component(c, "monthly_charges")
        .evidence
        .ends_with("empty for this account"));
    close(component(c, "days_since_order").raw, 0.0);
    close(Some(c.coverage), 3.0 / 5.0);
    close(c.health_score, (100.0 + 2.0 * 60.0) / 3.0);

    // b: categories match ignoring case and spaces; d: an unlisted one takes "other".
    close(component(account(&r, "b"), "contract").normalized, 90.0);
    close(component(account(&r, "d"), "contract").normalized, 50.0);
    // The quadrant axes are custom measures too.
    close(a.satisfaction_index, 80.0);
    close(a.usage_index, 100.0 - 500.0 / 90.0);
    assert!(a.quadrant.is_some());
}

#[test]
fn the_same_column_spelled_differently_scores_the_same() {
    let m = model();
    let plain = score(&data("MonthlyCharges"), &m);
    for header in ["monthly charges", "Monthly-Charges", " MONTHLY_CHARGES "] {
        let other = score(&data(header), &m);
        let scores = |r: &Results| -> Vec<Option<f64>> {
            r.accounts.iter().map(|a| a.health_score).collect()
        };
        assert_eq!(scores(&plain), scores(&other), "{header}");
    }
}

#[test]
fn higher_charges_never_score_better_when_they_are_riskier() {
    let m = model();
    let mut last = f64::INFINITY;
    for charges in [0.0, 10.0, 40.0, 99.0, 150.0] {
        let mut d = data("MonthlyCharges");
        d.account_columns[0].values = ColumnValues::Number(vec![Some(charges); 4]);
        let s = account(&score(&d, &m), "a").health_score.unwrap();
        assert!(s <= last, "charges {charges}: {s} > {last}");
        last = s;
    }
}

#[test]
fn exports_carry_custom_measures() {
    let r = score(&data("MonthlyCharges"), &model());
    let text = crate::output::to_csv(&r, &model());
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("monthly_charges_raw,monthly_charges_score,days_since_order_raw,days_since_order_score,contract_raw,contract_score,complained_raw,complained_score"),
        "{header}"
    );
    let row_a = text.lines().find(|l| l.starts_with("a,")).unwrap();
    assert!(
        row_a.ends_with(",20,80,5,94.4444,Month-to-month,15,0,80"),
        "{row_a}"
    );
    let json: Value = serde_json::from_str(&crate::output::to_json(&r)).unwrap();
    let a = json["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account_id"] == "a")
        .unwrap();
    let contract = a["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["measure"] == "contract")
        .unwrap();
    assert_eq!(contract["category"], "Month-to-month");
    assert_eq!(contract["raw"], Value::Null);
    // Components of numeric measures have no category key.
    assert!(a["components"][0].get("category").is_none());
}

#[test]
fn model_files_declare_custom_measures_and_keep_their_order() {
    let m = model();
    let text = serde_json::to_string(&m).unwrap();
    assert!(
        text.contains("\"measures\":[{\"id\":\"monthly_charges\""),
        "{text}"
    );
    assert!(
        text.contains("\"scores\":{\"Month-to-month\":15.0,\"One year\":60.0,\"Two year\":90.0}"),
        "{text}"
    );
    assert_eq!(Model::from_json(&text), Ok(m));
    let default = serde_json::to_value(Model::default()).unwrap();
    assert!(
        default.get("measures").is_none(),
        "no key without custom measures"
    );
}

#[test]
fn validation_lists_every_custom_measure_problem() {
    let mut m = model_json();
    m["measures"][0]["id"] = json!("csat");
    m["measures"][1]["table"] = json!("usage");
    m["measures"].as_array_mut().unwrap().push(json!(
        { "id": "contract", "table": "accounts", "column": "Plan", "value": "category" }
    ));
    m["measures"].as_array_mut().unwrap().push(json!(
        { "id": "Bad-Id", "table": "accounts", "column": "", "value": "number" }
    ));
    let group = &mut m["groups"][0]["measures"];
    group[0]["measure"] = json!("monthly_charge");
    group[2]["normalize"] = json!({ "method": "thresholds", "points": [[0, 0], [1, 100]] });
    group[3]["normalize"] = json!({ "method": "categories", "scores": {}, "other": 120 });
    let problems = Model::from_json(&m.to_string()).unwrap_err();
    let expected = [
        "measures: 'csat': this id is a built-in measure",
        "measures: 'days_since_order': table 'usage' is not supported",
        "measures: 'contract': declared more than once",
        "measures: 'Bad-Id': ids are snake_case",
        "measures: 'Bad-Id': column is empty",
        "measure 'monthly_charge': unknown measure (neither built in nor declared",
        "measure 'contract': the measure holds categories; normalise it with the \"categories\" method",
        "measure 'complained': the categories method needs at least one category score",
        "measure 'complained': \"other\" must be within 0–100",
    ];
    for e in expected {
        assert!(problems.contains(e), "missing «{e}» in:\n{problems}");
    }
    let mut dup = model_json();
    dup["groups"][0]["measures"][3]["normalize"]["scores"] = json!({ "Yes": 10, " yes": 20 });
    let problems = Model::from_json(&dup.to_string()).unwrap_err();
    assert!(
        problems.contains("' is listed more than once"),
        "{problems}"
    );
}

#[test]
fn absent_and_mistyped_columns_are_reported_and_left_missing() {
    let mut json = model_json();
    json["measures"][0]["column"] = json!("Charges");
    json["measures"][1]["column"] = json!("Contract");
    let m = Model::from_json(&json.to_string()).unwrap();
    let d = data("MonthlyCharges");
    let problems = crate::metrics::sources::problems(&d, &m);
    assert_eq!(
        problems,
        [
            "measure 'monthly_charges': column 'Charges' not found in the accounts table (its columns: MonthlyCharges, Last Order, Contract, Complained)",
            "measure 'days_since_order': column 'Contract' of customers.csv holds text: declare value \"category\"",
        ]
    );
    let r = score(&d, &m);
    let a = account(&r, "a");
    assert_eq!(component(a, "monthly_charges").raw, None);
    assert_eq!(
        component(a, "monthly_charges").evidence,
        "column 'Charges' not found in the accounts table"
    );
    assert_eq!(component(a, "days_since_order").normalized, None);
    // Missing is never zero: the score is the blend of the two measures left.
    close(a.health_score, (2.0 * 15.0 + 80.0) / 3.0);
    close(Some(a.coverage), 3.0 / 5.0);
}

#[test]
fn accounts_seen_only_in_event_tables_have_no_value() {
    let mut d = data("MonthlyCharges");
    d.accounts[3].source = None;
    let r = score(&d, &model());
    let c = component(account(&r, "d"), "monthly_charges");
    assert_eq!(c.raw, None);
    assert!(
        c.evidence.starts_with("no accounts-table row"),
        "{}",
        c.evidence
    );
}

#[test]
fn stage_overrides_apply_to_custom_measures() {
    let mut json = model_json();
    json["groups"][0]["measures"][2]["by_stage"] =
        json!({ "onboarding": { "method": "categories", "scores": { "Month-to-month": 70 } } });
    let m = Model::from_json(&json.to_string()).unwrap();
    let mut d = data("MonthlyCharges");
    d.accounts[0].start_day = Some(as_of() - 30);
    d.accounts[1].start_day = Some(as_of() - 400);
    let r = score(&d, &m);
    let a = account(&r, "a");
    assert_eq!(a.lifecycle_stage.as_deref(), Some("onboarding"));
    let contract = component(a, "contract");
    close(contract.normalized, 70.0);
    assert!(
        contract
            .evidence
            .contains("Onboarding stage category scores applied"),
        "{}",
        contract.evidence
    );
    close(component(account(&r, "b"), "contract").normalized, 90.0);
}

#[test]
fn percentile_ranks_custom_numbers_in_the_portfolio() {
    let mut json = model_json();
    json["groups"][0]["measures"][0]["normalize"] =
        json!({ "method": "percentile", "higher_is_better": false });
    let r = score(
        &data("MonthlyCharges"),
        &Model::from_json(&json.to_string()).unwrap(),
    );
    // Charges 20, 80, 50 (c has none): the cheapest ranks best.
    close(
        component(account(&r, "a"), "monthly_charges").normalized,
        100.0 - 100.0 / 6.0,
    );
    close(
        component(account(&r, "b"), "monthly_charges").normalized,
        100.0 / 6.0,
    );
    close(
        component(account(&r, "d"), "monthly_charges").normalized,
        50.0,
    );
}
