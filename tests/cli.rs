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

/// `score --out x.csv --low-coverage-below SHARE`: `low_data` says yes exactly for the scored
/// accounts whose coverage is below the share given (a share or a percentage), the default
/// share without the option; other outputs and bad values are refused, not ignored.
#[test]
fn the_csv_low_data_share_can_be_set() {
    // Flat accounts with more or fewer of the model's inputs: coverages from low to high.
    let input = temp_path("coverage-mix.csv");
    std::fs::write(
        &input,
        "account_id,arr,csat,nps,logins_30d,active_users,seats\n\
         A1,1000,4,9,20,5,10\n\
         A2,1000,4,,,,\n\
         A3,1000,4,9,,,\n\
         A4,1000,,,20,,\n\
         A5,1000,2,3,20,5,\n\
         A6,1000,,,,,\n",
    )
    .unwrap();
    // (account, coverage, low_data) of a run with these extra arguments.
    let run = |name: &str, extra: &[&str]| -> Vec<(String, f64, String)> {
        let out = temp_path(name);
        let output = cli()
            .arg("score")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = std::fs::read_to_string(&out).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let at = |h: &str| header.iter().position(|x| *x == h).unwrap();
        let (id, cov, low, score) = (
            at("account_id"),
            at("coverage"),
            at("low_data"),
            at("health_score"),
        );
        lines
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|c| !c[score].is_empty())
            .map(|c| {
                (
                    c[id].to_string(),
                    c[cov].parse().unwrap(),
                    c[low].to_string(),
                )
            })
            .collect()
    };
    let marked = |rows: &[(String, f64, String)]| -> Vec<String> {
        rows.iter()
            .filter(|r| r.2 == "yes")
            .map(|r| r.0.clone())
            .collect()
    };
    let default = run("cov-default.csv", &[]);
    let mut coverages: Vec<f64> = default.iter().map(|r| r.1).collect();
    coverages.sort_by(f64::total_cmp);
    coverages.dedup();
    assert!(
        coverages.len() >= 3,
        "the accounts should differ in coverage: {coverages:?}"
    );
    for r in &default {
        let expected = if r.1 < customer_health::domain::coverage::LOW_COVERAGE_BELOW {
            "yes"
        } else {
            "no"
        };
        assert_eq!(r.2, expected, "default share: {r:?}");
    }
    // A share between the two highest coverages marks every account but the best covered.
    let high = (coverages[coverages.len() - 2] + coverages[coverages.len() - 1]) / 2.0;
    let percent = format!("{}%", high * 100.0);
    for (name, arg, share) in [
        ("cov-high.csv", high.to_string(), high),
        ("cov-percent.csv", percent, high),
        ("cov-all.csv", "1".to_string(), 1.0),
        ("cov-none.csv", "0".to_string(), 0.0),
    ] {
        let rows = run(name, &["--low-coverage-below", &arg]);
        for r in &rows {
            assert_eq!(
                r.2,
                if r.1 < share { "yes" } else { "no" },
                "share {arg}: {r:?}"
            );
        }
        if share == high {
            assert_ne!(
                marked(&rows),
                marked(&default),
                "the share given changes the marking"
            );
        }
    }
    // Refused: a share outside 0–1, not a number, and the JSON output (no low_data column).
    for (extra, needle) in [
        (
            vec!["--out", "x.csv", "--low-coverage-below", "1.5"],
            "expected a share",
        ),
        (
            vec!["--out", "x.csv", "--low-coverage-below", "half"],
            "expected a share",
        ),
        (
            vec!["--out", "x.json", "--low-coverage-below", "0.6"],
            "use it with --out FILE.csv",
        ),
    ] {
        let output = cli()
            .arg("score")
            .arg(&input)
            .args(&extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{extra:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{extra:?}: {stderr}");
    }
}
