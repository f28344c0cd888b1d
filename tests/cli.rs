//! The native CLI end to end: RavenStack golden figures, CSV output, config errors.

mod common;

use common::{cli, ravenstack_dir, temp_path};
use std::path::PathBuf;

/// Scores the RavenStack sample with the CLI into a scratch file named `name` (its extension
/// picks the format) and returns the file's path.
fn score_ravenstack_to(name: &str) -> PathBuf {
    let out = temp_path(name);
    let status = cli()
        .arg("score")
        .arg(ravenstack_dir())
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

#[test]
fn scores_every_ravenstack_account_and_reconciles_rows() {
    let out = score_ravenstack_to("rs.json");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let accounts = results["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 500);
    let summary = &results["summary"];
    assert_eq!(summary["accounts"], 500);
    assert_eq!(summary["scored"], 500);
    assert_eq!(summary["as_of"], "2024-12-31");
    // 500 accounts + 5,000 subscriptions + 25,000 usage + 2,000 tickets + 600 churn events.
    assert_eq!(summary["rows_read"], 33_100);
    let files = results["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    for f in files {
        let (read, used, rejected) = (
            f["rows_read"].as_u64().unwrap(),
            f["rows_used"].as_u64().unwrap(),
            f["rows_rejected"].as_u64().unwrap(),
        );
        assert_eq!(read, used + rejected, "{}", f["name"]);
    }
    let quadrants = ["champion", "under_user", "cry_for_help", "at_risk"];
    for a in accounts {
        let score = a["health_score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score));
        let coverage = a["coverage"].as_f64().unwrap();
        assert!(coverage > 0.0 && coverage <= 1.0);
        // Contributions explain the score exactly.
        let sum: f64 = a["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["contribution"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - a["computed_score"].as_f64().unwrap_or(score)).abs() < 1e-9,
            "{}",
            a["account_id"]
        );
        if let Some(q) = a["quadrant"].as_str() {
            assert!(quadrants.contains(&q));
        }
        assert!(a["value_realized"].is_null(), "RavenStack has no goals");
    }
    // Ranked outreach order: rank 1..=500 each once.
    let mut ranks: Vec<u64> = accounts
        .iter()
        .map(|a| a["priority"]["rank"].as_u64().unwrap())
        .collect();
    ranks.sort_unstable();
    assert_eq!(ranks, (1..=500).collect::<Vec<_>>());
}

#[test]
fn writes_csv_when_asked() {
    let out = score_ravenstack_to("rs.csv");
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("account_id,"), "{header}");
    assert_eq!(lines.count(), 500);
}

#[test]
fn invalid_model_is_explained() {
    let model = temp_path("bad-model.json");
    let text =
        customer_health::model::config::DEFAULT_MODEL_JSON.replace("\"min\": 25", "\"min\": -3");
    std::fs::write(&model, text).unwrap();
    let output = cli()
        .arg("score")
        .arg(ravenstack_dir())
        .arg("--config")
        .arg(&model)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid model") && stderr.contains("band 'poor'"),
        "{stderr}"
    );
}

#[test]
fn missing_input_and_bad_arguments_fail_cleanly() {
    let output = cli().args(["score", "/no/such/file.csv"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file"));
    let output = cli().output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn demo_set_detects_planted_stories() {
    let demo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/www/demo"));
    let out = temp_path("demo.json");
    // Only the synthetic set: www/demo also holds the RavenStack sample once the web build
    // has copied it there (see manifest.json), which would change the portfolio.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("manifest.json")).unwrap())
            .unwrap();
    let files: Vec<PathBuf> = manifest["sets"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| demo.join(f.as_str().unwrap()))
        .collect();
    let status = cli()
        .arg("score")
        .args(&files)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let expectations: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("expectations.json")).unwrap())
            .unwrap();
    let by_id: std::collections::HashMap<&str, &serde_json::Value> = results["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["account_id"].as_str().unwrap(), a))
        .collect();
    // Generator story labels → engine flag ids.
    fn engine_flag(f: &str) -> Option<&'static str> {
        match f {
            "low_seat_utilisation" | "single_user" => Some("seat_under_use"),
            "release_drop" => Some("release_disruption"),
            "usage_trap" => Some("usage_trap"),
            "usage_decline" => Some("usage_decline"),
            "silence" => Some("silence"),
            "ticket_surge" => Some("ticket_surge"),
            "champion_loss" => Some("champion_loss"),
            _ => None,
        }
    }
    let mut checked = 0;
    for e in expectations["accounts"].as_array().unwrap() {
        let id = e["account_id"].as_str().unwrap();
        let account = by_id[id];
        if let Some(q) = e["expect_quadrant"].as_str() {
            assert_eq!(
                account["quadrant"].as_str(),
                Some(q),
                "{id} ({})",
                e["story"]
            );
            checked += 1;
        }
        let raised: Vec<&str> = account["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["flag"].as_str().unwrap())
            .collect();
        for f in e["expect_flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| engine_flag(f.as_str().unwrap()))
        {
            assert!(
                raised.contains(&f),
                "{id} ({}) should raise {f}, raised {raised:?}",
                e["story"]
            );
            checked += 1;
        }
        if e["story"] == "steady" {
            for f in [
                "usage_decline",
                "champion_loss",
                "release_disruption",
                "silence",
                "ticket_surge",
                "usage_trap",
            ] {
                assert!(!raised.contains(&f), "steady account {id} raised {f}");
            }
        }
    }
    assert!(checked > 80, "only {checked} expectations checked");
}

#[test]
fn data_contract_doc_matches_the_schema() {
    let output = cli().arg("fields").output().unwrap();
    assert!(output.status.success());
    let generated = String::from_utf8(output.stdout).unwrap();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/data-contract.md"
    ))
    .unwrap();
    assert_eq!(
        committed, generated,
        "regenerate with: cargo run --bin customer-health -- fields > docs/data-contract.md"
    );
    assert!(generated.contains("| `account_id` | yes |"));
}
