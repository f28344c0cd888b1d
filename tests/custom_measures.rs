//! Custom measures (Contract A) on a real file read by ingest: the accounts table's columns
//! (Contract B) become measures through the model alone, with no renaming.

use customer_health::engine::{score_files, Engine};
use customer_health::model::config::{Model, DEFAULT_MODEL_JSON};
use serde_json::{json, Value};

const CUSTOMERS: &str =
    "customerID,Tenure Months,Monthly Charges,Contract,Paperless Billing,Last Login,Churn\n\
    C1,2,95.5,Month-to-month,Yes,2024-06-28,Yes\n\
    C2,60,20.25,Two year,No,2024-01-15,No\n\
    C3,30,\"1,050.00\",One year,yes,,No\n\
    C4,12,,Weekly,,2024-06-01,No\n";

fn model() -> Model {
    let mut m: Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap();
    m["as_of"] = json!("2024-06-30");
    m["measures"] = json!([
        { "id": "tenure_months", "label": "Tenure", "table": "accounts", "column": "tenure_months",
          "value": "number", "unit": "months" },
        { "id": "monthly_charges", "label": "Monthly charges", "table": "accounts",
          "column": "MonthlyCharges", "value": "number", "unit": "USD/month" },
        { "id": "contract", "label": "Contract", "table": "accounts", "column": "contract",
          "value": "category" },
        { "id": "paperless", "label": "Paperless billing", "table": "accounts",
          "column": "paperless billing", "value": "yes_no" },
        { "id": "days_since_login", "label": "Days since last login", "table": "accounts",
          "column": "LAST LOGIN", "value": "days_since" }
    ]);
    m["groups"] = json!([{
        "id": "account", "label": "Account file", "weight": 1,
        "measures": [
            { "measure": "tenure_months", "weight": 2,
              "normalize": { "method": "thresholds", "points": [[0, 0], [24, 100]] } },
            { "measure": "monthly_charges", "weight": 1,
              "normalize": { "method": "percentile", "higher_is_better": false } },
            { "measure": "contract", "weight": 2,
              "normalize": { "method": "categories",
                             "scores": { "Month-to-month": 15, "One year": 60, "Two year": 90 } } },
            { "measure": "paperless", "weight": 1,
              "normalize": { "method": "categories", "scores": { "yes": 40, "no": 70 } } },
            { "measure": "days_since_login", "weight": 1,
              "normalize": { "method": "thresholds", "points": [[0, 100], [60, 0]] } }
        ]
    }]);
    m["quadrants"]["satisfaction_measures"] = json!(["contract"]);
    m["quadrants"]["usage_measures"] = json!(["days_since_login"]);
    Model::from_json(&m.to_string()).unwrap()
}

fn component<'a>(results: &'a Value, account: &str, measure: &str) -> &'a Value {
    let a = results["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account_id"] == account)
        .unwrap();
    a["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["measure"] == measure)
        .unwrap()
}

#[test]
fn columns_of_a_raw_export_become_measures_through_the_model() {
    let files = vec![("customers.csv".to_string(), CUSTOMERS.as_bytes().to_vec())];
    let results = score_files(&files, &model());
    assert_eq!(results.summary.scored, 4);
    let json: Value = serde_json::from_str(&customer_health::output::to_json(&results)).unwrap();

    let tenure = component(&json, "C1", "tenure_months");
    assert_eq!(tenure["raw"], 2.0);
    assert_eq!(
        tenure["evidence"],
        "column 'Tenure Months' of customers.csv: 2"
    );
    // Thousands separators are read by ingest; the cheapest account ranks best.
    assert_eq!(component(&json, "C3", "monthly_charges")["raw"], 1050.0);
    assert_eq!(
        component(&json, "C2", "monthly_charges")["normalized"],
        100.0 - 100.0 / 6.0
    );
    assert_eq!(
        component(&json, "C4", "monthly_charges")["normalized"],
        Value::Null
    );
    assert_eq!(component(&json, "C2", "contract")["category"], "Two year");
    assert_eq!(component(&json, "C2", "contract")["normalized"], 90.0);
    // "Weekly" is not listed and there is no "other": missing, not zero.
    assert_eq!(
        component(&json, "C4", "contract")["normalized"],
        Value::Null
    );
    assert_eq!(component(&json, "C3", "paperless")["raw"], 1.0);
    assert_eq!(component(&json, "C3", "paperless")["normalized"], 40.0);
    assert_eq!(component(&json, "C2", "days_since_login")["raw"], 167.0);
    assert_eq!(component(&json, "C1", "days_since_login")["raw"], 2.0);

    // The newest, priciest month-to-month customer scores below the long two-year one.
    let score = |id: &str| {
        results
            .accounts
            .iter()
            .find(|a| a.account_id == id)
            .and_then(|a| a.health_score)
            .unwrap()
    };
    assert!(
        score("C1") < score("C2"),
        "{} vs {}",
        score("C1"),
        score("C2")
    );

    let csv = customer_health::output::to_csv(&results, &model());
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("contract_raw,contract_score"));
}

#[test]
fn a_model_naming_absent_columns_is_told_so() {
    let mut engine = Engine::new();
    let id = engine.begin_file("customers.csv", None).unwrap();
    engine.push(id, CUSTOMERS.as_bytes()).unwrap();
    engine.end_file(id).unwrap();
    let mut m = model();
    m.measures[1].column = "Charges per month".into();
    let problems = engine.data_problems(&m);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(
            "measure 'monthly_charges': column 'Charges per month' not found in the accounts table (its columns: "
        ) && problems[0].contains("Monthly Charges"),
        "{}",
        problems[0]
    );
    assert!(engine.data_problems(&model()).is_empty());
}
