//! Lifecycle stages end to end through the CLI: a model written before lifecycle stages
//! existed scores exactly as it did then, and the SQL export compiles stages (its equality
//! with the engine is tests/sql/test_duckdb.py).

mod common;

use common::{cli, ravenstack_dir, temp_path};
use std::path::{Path, PathBuf};

/// `tests/fixtures/model-before-lifecycle.json`: the default model as it was before the
/// `lifecycle` section existed.
fn model_before_lifecycle() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/model-before-lifecycle.json"
    ))
}

/// The files of the synthetic demo set (see `demo_set_detects_planted_stories` in cli.rs).
fn demo_files() -> Vec<PathBuf> {
    let demo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/www/demo"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("manifest.json")).unwrap())
            .unwrap();
    manifest["sets"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| demo.join(f.as_str().unwrap()))
        .collect()
}

fn score_json(inputs: &[PathBuf], config: &Path, name: &str) -> serde_json::Value {
    let out = temp_path(name);
    let status = cli()
        .arg("score")
        .args(inputs)
        .arg("--config")
        .arg(config)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

/// FNV-1a (64 bit) of the results JSON without the keys lifecycle stages, the file reports'
/// column readings and the recognition evidence added, so the digest of today's output can be
/// compared with the one recorded before they existed.
fn digest_without_lifecycle_keys(mut results: serde_json::Value) -> u64 {
    if let Some(accounts) = results["accounts"].as_array_mut() {
        for a in accounts {
            let a = a.as_object_mut().unwrap();
            a.remove("lifecycle_stage");
            a.remove("tenure_days");
            if let Some(keys) = a.get_mut("segments").and_then(|s| s.as_object_mut()) {
                keys.remove("lifecycle_stage");
            }
        }
    }
    // Report-only keys added later (column readings, unused columns, profiles, recognition
    // evidence): they describe the files and change no score.
    if let Some(files) = results["files"].as_array_mut() {
        for f in files {
            let f = f.as_object_mut().unwrap();
            f.remove("readings");
            f.remove("unused");
            f.remove("profile");
            f.remove("recognition");
        }
    }
    // Near misses (added with the relative champion and weekly release rules) are shown,
    // not scored.
    if let Some(accounts) = results["accounts"].as_array_mut() {
        for a in accounts {
            a.as_object_mut().unwrap().remove("near_misses");
        }
    }
    // Healthy patterns (issue 15) list only differences of 10+ points and carry their size and
    // group counts: a report of the scores, not a score.
    if let Some(all) = results.as_object_mut() {
        all.remove("healthy_patterns");
    }
    if let Some(summary) = results["summary"].as_object_mut() {
        summary.remove("lifecycle_stages");
        summary.remove("tenure_unknown");
    }
    let text = serde_json::to_string(&results).unwrap();
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn model_without_lifecycle_scores_as_before_lifecycle_existed() {
    let ravenstack = score_json(
        &[ravenstack_dir()],
        &model_before_lifecycle(),
        "rs-before.json",
    );
    let demo = score_json(&demo_files(), &model_before_lifecycle(), "demo-before.json");
    // Digests recorded with the engine of commit 43a8bea (before lifecycle stages), on the
    // RavenStack sample in ../shared/data/ravenstack and the committed demo set. The demo
    // digest was re-recorded when `csm_owner` became a synonym of `owner`: the outputs of the
    // two engines then differ only in each account's owner and the accounts file's mapping.
    // Re-recorded again with the relative champion rule and the weekly release rule (issue
    // 14): champion-loss and release-disruption evidence is worded anew, one more planted
    // release story fires (A0033), and the demo set was regenerated so that a steady account
    // (A0108) no longer carries an accidental quiet champion. RavenStack is unchanged.
    // Re-recorded once more when release disruption began counting active user-days (issue
    // 14): the five planted release stories fire as before with the same scores and risks;
    // only their evidence now gives weekly medians in active user-days instead of events.
    // Re-recorded once more when healthy patterns left the digest (issue 15: they list only
    // differences of 10+ points now); the CLI built from main before this change and this one
    // were compared key by key on both sets first: every account identical, only
    // `healthy_patterns` differs.
    // Re-recorded once more when the priority reason began naming warnings by their labels
    // ("Health 42 · warnings: Usage decline · ARR 48000" instead of "score 42, flags:
    // usage_decline, ARR 48000"): with each account's reason rewritten back to the old
    // wording from its own score, flags and ARR, today's output gave the recorded digests
    // exactly, so nothing but that text changed.
    // Re-recorded once more when the usage-trap evidence began naming the cut that applied
    // ("the usage cut at this portfolio's median (72)" instead of "the portfolio cut 72"):
    // with that phrase written back the old way, today's output gave the recorded digests.
    // Re-recorded once more when release disruption began requiring a fall beyond chance
    // (issue 14): its evidence ends with the standard errors ("; 3.7 standard errors beyond
    // chance variation"). With that ending left out, this engine gives the demo digest that
    // main at e5ee1d4 gives (18_315_502_067_551_736_579 — main then no longer matched the
    // 6_457_869_658_254_345_815 recorded here, after the champion standout rule and the
    // usage-trap wording landed separately); the same five release stories fire.
    // Re-recorded once more for issue 14's champion standout and usage-decline swing rules:
    // run with those two rules switched off (`standout_margin` 0, `swing_multiple` 0) and
    // on, the demo set carries the same flags on every account (11 usage declines, 6
    // champion losses; only evidence and near-miss wording differ); on RavenStack 84 of the
    // 185 usage-decline flags become near misses (falls within the account's own swings),
    // nothing else fires differently. Recorded after merging the release rule above (the
    // demo digest carries both changes).
    // Re-recorded once more when usage decline began asking that the recent 28 days also lie
    // 30% below the account's usual 28 days (the average of the 16 weeks before; issue 14):
    // on the demo set, with usage-decline evidence and near misses left out, the CLI of main
    // before this change and this one give identical JSON (the same 11 usage declines; only
    // their evidence gains "… and 73% below its usual 28 days: 286 events …"); on RavenStack
    // 11 of the 101 usage-decline flags become near misses ("… but the 28 days before were
    // busier than usual …"), nothing else fires differently.
    // Re-recorded once more (RavenStack only) when seat utilisation and stickiness began saying
    // why they are missing where the usage export has no user ids: with that evidence written
    // back as "no data for this account", today's output gave the recorded digests exactly.
    // Re-recorded once more when the CSAT evidence began writing its counts in the number
    // they take ("1 rating was 4–5 …; 0 surveys, 1 ticket rating" instead of "1 ratings were
    // …; 0 surveys, 1 ticket ratings"): that string is the only change of the commit, and the
    // test passed on main just before it.
    let got = (
        digest_without_lifecycle_keys(ravenstack),
        digest_without_lifecycle_keys(demo),
    );
    assert_eq!(got, (18_074_370_356_671_141_318, 3_191_440_616_900_787_794));
}

fn sql_of(args: &[&str], config: &Path) -> String {
    let out = cli()
        .arg("sql")
        .args(args)
        .arg("--config")
        .arg(config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sql_export_compiles_stages_and_stage_percentiles() {
    // A model without stages: no stage in the SQL, and --without-lifecycle changes nothing.
    let before = sql_of(&[], &model_before_lifecycle());
    assert!(before.contains("CAST(NULL AS VARCHAR) AS lifecycle_stage"));
    assert!(before.contains(" AS tenure_days"));
    assert_eq!(
        before,
        sql_of(&["--without-lifecycle"], &model_before_lifecycle())
    );
    // A stage percentile override ranks within the stage; the default percentile rule still
    // ranks across the portfolio; a lower-is-better stage rank is reversed.
    let mut model: serde_json::Value =
        serde_json::from_slice(&cli().arg("model").output().unwrap().stdout).unwrap();
    for group in model["groups"].as_array_mut().unwrap() {
        for mw in group["measures"].as_array_mut().unwrap() {
            if mw["measure"] == "usage_frequency" {
                mw["normalize"] = serde_json::json!({ "method": "percentile" });
                mw["by_stage"]["onboarding"] = serde_json::json!({ "method": "percentile" });
            }
            if mw["measure"] == "ticket_load" {
                mw["by_stage"] = serde_json::json!({
                    "established": { "method": "percentile", "higher_is_better": false }
                });
            }
        }
    }
    let path = temp_path("stage-percentiles.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let sql = sql_of(&[], &path);
    assert!(sql.contains("pct_usage_frequency AS (\n  SELECT account_id, 1e2 * (CAST(rank() OVER (ORDER BY raw_usage_frequency)"));
    assert!(sql.contains("pct_stage_usage_frequency AS (\n  SELECT account_id, 1e2 * (CAST(rank() OVER (PARTITION BY lifecycle_stage ORDER BY raw_usage_frequency)"));
    assert!(sql.contains("AND lifecycle_stage IN ('onboarding')"));
    assert!(sql.contains("WHEN 'onboarding' THEN pct_stage_usage_frequency.p"));
    assert!(sql.contains("WHEN 'established' THEN 1e2 - pct_stage_ticket_load.p"));
}
