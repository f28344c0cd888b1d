//! backtest, calibrate and sql end to end on RavenStack.

mod common;

use common::{cli, ravenstack_dir, temp_path};

fn run_json(args: &[&str]) -> serde_json::Value {
    let out = cli().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn backtest_reports_auc_lift_calibration_roc_and_signals() {
    let dir = ravenstack_dir();
    let b = run_json(&["backtest", dir.to_str().unwrap(), "--json"]);
    assert_eq!(b["scored_at"], "2024-10-02");
    assert_eq!(b["horizon_days"], 90);
    assert_eq!(b["outcome_source"], "dated");
    assert_eq!(b["scored"], 500);
    let auc = b["auc"].as_f64().unwrap();
    // RavenStack is synthetic and weakly predictive: close to chance, honestly reported.
    assert!((auc - 0.5).abs() < 0.1, "{auc}");
    let calibration = b["calibration"].as_array().unwrap();
    assert_eq!(calibration.len(), 10);
    let total: f64 = calibration
        .iter()
        .map(|r| r["accounts"].as_f64().unwrap())
        .sum();
    assert!((total - 500.0).abs() < 1e-9);
    let churned: f64 = calibration
        .iter()
        .map(|r| r["accounts"].as_f64().unwrap() * r["observed"].as_f64().unwrap())
        .sum();
    assert!((churned - b["churned"].as_f64().unwrap()).abs() < 1e-6);
    let roc = b["roc"].as_array().unwrap();
    assert!(roc.len() > 10 && roc.len() <= 101);
    assert_eq!(
        (roc[0]["fpr"].as_f64(), roc[0]["tpr"].as_f64()),
        (Some(0.0), Some(0.0))
    );
    let last = roc.last().unwrap();
    assert_eq!(
        (last["fpr"].as_f64(), last["tpr"].as_f64()),
        (Some(1.0), Some(1.0))
    );
    let signals = b["signals"].as_array().unwrap();
    let usage = signals
        .iter()
        .find(|s| s["id"] == "usage_frequency")
        .unwrap();
    assert_eq!(usage["kind"], "measure");
    assert_eq!(usage["accounts"], 500);
    assert!(usage["auc"].is_f64() && usage["lift"].is_f64());
    let silence = signals.iter().find(|s| s["id"] == "silence").unwrap();
    assert_eq!(silence["kind"], "flag");
    assert!(silence["fired"].as_u64().is_some());
    // Measures RavenStack lacks have no figures rather than fake ones.
    let goals = signals
        .iter()
        .find(|s| s["id"] == "goal_attainment")
        .unwrap();
    assert_eq!(goals["accounts"], 0);
    assert!(goals["auc"].is_null());
}

#[test]
fn backtest_takes_an_explicit_date_and_outcome_source() {
    let dir = ravenstack_dir();
    let b = run_json(&[
        "backtest",
        dir.to_str().unwrap(),
        "--as-of",
        "2024-06-30",
        "--outcome",
        "events",
        "--json",
    ]);
    assert_eq!(b["scored_at"], "2024-06-30");
    assert_eq!(b["outcome_until"], "2024-09-28");
    assert_eq!(b["outcome_source"], "events");
    assert!(b["caveat"].is_null());
    let flag = run_json(&[
        "backtest",
        dir.to_str().unwrap(),
        "--outcome",
        "account-flag",
        "--json",
    ]);
    assert!(flag["caveat"].as_str().unwrap().contains("undated"));
    // Human-readable table.
    let out = cli()
        .args(["backtest", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("AUC") && text.contains("decile") && text.contains("usage_frequency"));
}

#[test]
fn calibrate_writes_a_valid_model_trained_only_on_earlier_periods() {
    let dir = ravenstack_dir();
    let learned = temp_path("learned.json");
    let c = run_json(&[
        "calibrate",
        dir.to_str().unwrap(),
        "--json",
        "--out",
        learned.to_str().unwrap(),
    ]);
    let folds = c["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 3);
    for f in folds {
        let eval = f["eval_cutoff"].as_str().unwrap();
        for t in f["train_cutoffs"].as_array().unwrap() {
            assert!(t.as_str().unwrap() < eval, "{f}");
        }
        assert!(f["current_auc"].is_f64());
    }
    let weights = c["weights"].as_array().unwrap();
    assert!(weights
        .iter()
        .all(|w| w["learned_share"].as_f64().unwrap() >= 0.0));
    let share: f64 = weights
        .iter()
        .map(|w| w["learned_share"].as_f64().unwrap())
        .sum();
    assert!((share - 1.0).abs() < 1e-6);
    // Unfitted measures (no data) get no weight.
    let goals = weights
        .iter()
        .find(|w| w["measure"] == "goal_attainment")
        .unwrap();
    assert_eq!(goals["learned_share"], 0.0);
    // The learned model is a complete model the engine accepts.
    let status = cli()
        .args(["score", dir.to_str().unwrap(), "--config"])
        .arg(&learned)
        .arg("--out")
        .arg(temp_path("scored.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&learned).unwrap()).unwrap();
    assert!(model["version"].as_str().unwrap().ends_with("-calibrated"));
    assert_eq!(model["bands"], c["learned_model"]["bands"]);
}

#[test]
fn sql_compiles_the_default_and_a_custom_model() {
    // The default model has lifecycle stages: compiled with them (tenure, stage, stage
    // thresholds), with nothing to warn about.
    let staged = cli().arg("sql").output().unwrap();
    assert!(
        staged.status.success(),
        "{}",
        String::from_utf8_lossy(&staged.stderr)
    );
    assert!(staged.stderr.is_empty());
    let staged = String::from_utf8(staged.stdout).unwrap();
    assert!(staged.contains("CREATE OR REPLACE VIEW health_scores"));
    assert!(!staged.contains("NOTE"));
    assert!(staged.contains(
        "WHEN ten.tenure_days < 90 THEN 'onboarding' WHEN ten.tenure_days < 365 THEN 'adoption' ELSE 'established' END AS lifecycle_stage"
    ));
    assert!(staged.contains("CASE raw.lifecycle_stage WHEN 'adoption' THEN "));
    assert!(staged.contains("lifecycle_stage, tenure_days"));
    // --without-lifecycle drops them on request, and says so.
    let ok = cli().args(["sql", "--without-lifecycle"]).output().unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stderr).contains("lifecycle stages dropped"));
    let sql = String::from_utf8(ok.stdout).unwrap();
    assert!(sql.contains("CREATE OR REPLACE VIEW health_scores"));
    assert!(sql.contains("-- NOTE: lifecycle stages dropped"));
    assert!(sql.contains("CAST(NULL AS VARCHAR) AS lifecycle_stage"));
    assert!(!sql.contains("CASE raw.lifecycle_stage"));
    // The same model with its stages removed compiles to the same SQL, without the note.
    let mut model: serde_json::Value =
        serde_json::from_slice(&cli().arg("model").output().unwrap().stdout).unwrap();
    model.as_object_mut().unwrap().remove("lifecycle");
    for group in model["groups"].as_array_mut().unwrap() {
        for mw in group["measures"].as_array_mut().unwrap() {
            mw.as_object_mut().unwrap().remove("by_stage");
        }
    }
    let path = temp_path("stageless-model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let before = cli().args(["sql", "--config"]).arg(&path).output().unwrap();
    assert!(before.status.success());
    let stageless = String::from_utf8(before.stdout).unwrap();
    assert!(!stageless.contains("NOTE"));
    assert_eq!(
        stageless,
        sql.replace(
            &sql[sql.find("-- NOTE").unwrap()..sql.find("CREATE").unwrap()],
            ""
        )
    );
    // Every model measure comes out as a raw and a normalised column.
    for id in [
        "goal_attainment",
        "usage_frequency",
        "ticket_load",
        "empowerment",
    ] {
        assert!(sql.contains(&format!("{id}_raw")), "{id}");
        assert!(sql.contains(&format!("{id}_score")), "{id}");
    }
    let dated = cli()
        .args(["sql", "--without-lifecycle", "--as-of", "2024-10-02"])
        .output()
        .unwrap();
    assert!(String::from_utf8(dated.stdout)
        .unwrap()
        .contains("DATE '2024-10-02'"));
    let bad = cli().args(["sql", "--dialect", "oracle"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("duckdb"));
}
