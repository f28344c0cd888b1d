//! The owner's check on the synthetic snapshot: `calibrate TRAIN.csv --out model.json`, then
//! `score TEST.csv --config model.json` on held-back rows without the label, with default
//! options — plus the messages for bad input.

mod common;
mod support;

use common::{cli, temp_path};
use customer_health::analysis::backtest::stats;
use customer_health::analysis::learn::baseline;
use customer_health::analysis::learn::shape::Column;
use support::snapshot::{generate, Generated, Kind, Role};

fn run(args: &[&str]) -> (bool, String, String) {
    let out = cli().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn columns(g: &Generated) -> Vec<Column> {
    g.columns
        .iter()
        .filter(|c| !matches!(c.role, Role::Id | Role::Label | Role::Leak))
        .map(|c| match c.kind {
            Kind::Number => Column::Number(c.cells.iter().map(|s| s.parse().ok()).collect()),
            Kind::Date => {
                Column::Number(c.cells.iter().map(|s| Generated::days_since(s)).collect())
            }
            Kind::YesNo => Column::Number(
                c.cells
                    .iter()
                    .map(|s| Some((s == "Yes") as u8 as f64))
                    .collect(),
            ),
            Kind::Category => {
                Column::categories(&c.cells.iter().map(|s| Some(s.clone())).collect::<Vec<_>>())
            }
        })
        .collect()
}

#[test]
fn calibrate_then_score_ranks_held_back_rows_like_a_churn_model() {
    let (n, seed) = (4000, 11);
    let g = generate(seed, n, 3, true);
    let cut = n * 7 / 10;
    let train: Vec<usize> = (0..cut).collect();
    let test: Vec<usize> = (cut..n).collect();
    let (train_csv, test_csv) = (temp_path("learn-train.csv"), temp_path("learn-test.csv"));
    let (model_json, results_json) = (
        temp_path("learn-model.json"),
        temp_path("learn-results.json"),
    );
    std::fs::write(&train_csv, g.csv(Some(&train), true)).unwrap();
    std::fs::write(&test_csv, g.csv(Some(&test), false)).unwrap();

    let (ok, stdout, stderr) = run(&[
        "calibrate",
        train_csv.to_str().unwrap(),
        "--out",
        model_json.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("PROBABLE LEAK"), "{stdout}");
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model_json).unwrap()).unwrap();
    let weights: Vec<(String, f64)> = model["groups"][0]["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["measure"].as_str().unwrap().to_string(),
                m["weight"].as_f64().unwrap(),
            )
        })
        .collect();
    let total: f64 = weights.iter().map(|w| w.1).sum();
    let share = |id: &str| {
        weights
            .iter()
            .find(|w| w.0 == id)
            .map_or(0.0, |w| w.1 / total)
    };
    assert_eq!(share("account_status"), 0.0, "the leak is not learned from");
    for noise in ["region", "customer_age", "referrals", "has_mobile_app"] {
        assert!(share(noise) < 0.03, "{noise}: {}", share(noise));
    }
    assert!(
        share("tenure_months") > 0.08 && share("contract") > 0.05,
        "{weights:?}"
    );
    assert!(model["churn_probability"]["slope"].as_f64().unwrap() < 0.0);
    assert!(
        model["as_of"].is_string(),
        "days-since measures fix the as-of day"
    );

    let (ok, _, stderr) = run(&[
        "score",
        test_csv.to_str().unwrap(),
        "--config",
        model_json.to_str().unwrap(),
        "--out",
        results_json.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results_json).unwrap()).unwrap();
    let ids = &g.columns[0].cells;
    let mut scored = Vec::new();
    let mut probability_sum = 0.0;
    for a in results["accounts"].as_array().unwrap() {
        let i = ids
            .iter()
            .position(|id| id == a["account_id"].as_str().unwrap())
            .unwrap();
        let score = a["health_score"]
            .as_f64()
            .expect("every held-back account is scored");
        probability_sum += a["churn_probability"]
            .as_f64()
            .expect("a probability beside the score");
        scored.push((100.0 - score, g.churned[i], g.truth[i], i));
    }
    assert_eq!(scored.len(), test.len());
    let auc = stats::auc(&scored.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>()).unwrap();
    let lift = stats::lift(&scored.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(), 0.1).unwrap();
    let truth = stats::auc(&scored.iter().map(|s| (s.2, s.1)).collect::<Vec<_>>()).unwrap();
    let cols = columns(&g);
    let allowed = vec![true; cols.len()];
    let lr = baseline::fit_predict(&cols, &g.churned, &train, &test, &allowed, 1);
    let lr_auc = stats::auc(
        &lr.iter()
            .zip(&test)
            .map(|(&p, &i)| (p, g.churned[i]))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let observed = test.iter().filter(|&&i| g.churned[i]).count() as f64 / test.len() as f64;
    let mean_p = probability_sum / test.len() as f64;
    eprintln!(
        "held-back {} rows: AUC {auc:.4} (truth {truth:.4}, logistic regression {lr_auc:.4}), top-decile lift {lift:.2}, mean probability {mean_p:.3} vs churn {observed:.3}",
        test.len()
    );
    assert!(
        auc >= 0.80 && auc >= 0.95 * truth,
        "AUC {auc} truth {truth}"
    );
    assert!(lift >= 2.5, "lift {lift}");
    assert!(
        auc >= lr_auc - 0.03,
        "AUC {auc} vs logistic regression {lr_auc}"
    );
    assert!(
        (mean_p - observed).abs() < 0.04,
        "mean probability {mean_p} vs {observed}"
    );
}

fn write(name: &str, text: &str) -> String {
    let path = temp_path(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn bad_snapshots_get_clear_messages() {
    // One class only.
    let mut one = String::from("customer_id,tenure,churn\n");
    for i in 0..50 {
        one += &format!("C{i},{},No\n", i % 12);
    }
    let (ok, _, err) = run(&["calibrate", &write("one-class.csv", &one)]);
    assert!(
        !ok && err.contains("all 50 labelled accounts are retained"),
        "{err}"
    );

    // One row.
    let (ok, _, err) = run(&[
        "calibrate",
        &write("one-row.csv", "customer_id,tenure,churn\nC1,3,Yes\n"),
    ]);
    assert!(
        !ok && err.contains("labelled accounts are churned"),
        "{err}"
    );

    // An all-missing column is listed, not silently dropped; mixed label encodings are read.
    let mut mixed = String::from("customer_id,tenure,notes,churn\n");
    for i in 0..200 {
        let churned = i % 4 == 0;
        let label = match i % 3 {
            0 => {
                if churned {
                    "Yes"
                } else {
                    "No"
                }
            }
            1 => {
                if churned {
                    "1"
                } else {
                    "0"
                }
            }
            _ => {
                if churned {
                    "TRUE"
                } else {
                    "FALSE"
                }
            }
        };
        mixed += &format!(
            "C{i},{},,{label}\n",
            if churned { i % 6 } else { 6 + i % 30 }
        );
    }
    let (ok, out, err) = run(&["discover", &write("mixed.csv", &mixed)]);
    assert!(ok, "{err}");
    assert!(out.contains("labelled accounts 200, churned 50"), "{out}");
    assert!(out.contains("notes") && out.contains("no values"), "{out}");
}
