//! Mappings that stick: a mapping confirmed on one export, saved as a profile, scores next
//! week's export — renamed, columns reordered, one header respelled — exactly as the mapping
//! did, through the CLI's `--mapping` and through the engine the page runs.

mod common;

use common::{cli, temp_path};
use customer_health::engine::Engine;
use customer_health::ingest::report::{MappingOverride, TableKind};
use customer_health::ingest::saved_mapping::{parse_profiles, write_profiles, MappingProfile};
use customer_health::model::config::Model;

/// A CRM export whose headers no synonym knows: ids, names, value and a 1–7 satisfaction under
/// a house word ("Stimmung", mood) that no vocabulary knows.
const WEEK1: &str = "Kundennr;Firma;Jahreswert;Stimmung;Betreuer\n\
K-1;Acme;12.000;7;Dana\n\
K-2;Beta;8.500;2;Marco\n\
K-3;Gamma;40.000;5;Dana\n\
K-4;Delta;3.000;1;Lee\n";

/// The next export: another name, columns in another order, one header in other case.
const WEEK2: &str = "betreuer;Stimmung;Kundennr;Firma;Jahreswert\n\
Dana;7;K-1;Acme;12.000\n\
Marco;2;K-2;Beta;8.500\n\
Dana;5;K-3;Gamma;40.000\n\
Lee;1;K-4;Delta;3.000\n";

fn confirmed_mapping() -> MappingOverride {
    let mut m = MappingOverride {
        kind: Some(TableKind::Accounts),
        ..Default::default()
    };
    for (header, field) in [
        ("Kundennr", "account_id"),
        ("Firma", "name"),
        ("Jahreswert", "arr"),
        ("Stimmung", "csat"),
        ("Betreuer", "owner"),
    ] {
        m.columns.insert(header.into(), field.into());
    }
    m.scales
        .insert("Stimmung".into(), "one_to_seven".into());
    m
}

fn headers_of(csv: &str) -> Vec<String> {
    csv.lines()
        .next()
        .unwrap()
        .split(';')
        .map(str::to_string)
        .collect()
}

/// The accounts of a results JSON, without what names the file.
fn accounts_json(results: &serde_json::Value) -> String {
    serde_json::to_string(&results["accounts"]).unwrap()
}

fn engine_results(
    name: &str,
    csv: &str,
    mapping: Option<MappingOverride>,
    profiles: Vec<MappingProfile>,
) -> serde_json::Value {
    let mut engine = Engine::new();
    engine.set_profiles(profiles);
    let id = engine.begin_file(name, mapping).unwrap();
    engine.push(id, csv.as_bytes()).unwrap();
    engine.end_file(id).unwrap();
    let model = Model {
        as_of: Some("2026-01-31".into()),
        ..Model::default()
    };
    let results = engine.score(&model);
    serde_json::from_str(&customer_health::output::to_json(&results)).unwrap()
}

#[test]
fn a_saved_profile_scores_a_renamed_reordered_export_like_the_confirmed_mapping() {
    // Week 1: the user confirms the mapping in the page.
    let week1 = engine_results("crm_week1.csv", WEEK1, Some(confirmed_mapping()), vec![]);
    assert_eq!(week1["summary"]["scored"], 4);
    let profile =
        MappingProfile::from_override("CRM export", &headers_of(WEEK1), &confirmed_mapping());
    let file = temp_path("profiles.json");
    std::fs::write(&file, write_profiles(&[profile])).unwrap();

    // Without the profile, week 2 is not recognised as accounts.
    let bare = engine_results("export-2026-02.csv", WEEK2, None, vec![]);
    assert_eq!(bare["summary"]["scored"], 0);

    // Week 2 through the engine (what the page runs) with the saved profile.
    let profiles = parse_profiles(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let week2 = engine_results("export-2026-02.csv", WEEK2, None, profiles);
    assert_eq!(accounts_json(&week2), accounts_json(&week1));
    let report = &week2["files"][0];
    assert!(report["profile"]
        .as_str()
        .unwrap()
        .contains("saved mapping 'CRM export' applied"));
    let sat = report["readings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["header"] == "Stimmung")
        .unwrap();
    assert_eq!(sat["reading"], "one_to_seven");
    assert_eq!(sat["overridden"], true);

    // Week 2 through the CLI with --mapping: the same accounts.
    let input = temp_path("export-2026-02.csv");
    std::fs::write(&input, WEEK2).unwrap();
    let out = temp_path("week2.json");
    let run = cli()
        .args([
            "score",
            input.to_str().unwrap(),
            "--as-of",
            "2026-01-31",
            "--mapping",
        ])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("saved mapping 'CRM export' applied"),
        "{stderr}"
    );
    let cli_results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(accounts_json(&cli_results), accounts_json(&week1));
}

#[test]
fn an_explicit_mapping_wins_over_a_profile_and_bad_profile_files_are_refused() {
    let profile =
        MappingProfile::from_override("CRM export", &headers_of(WEEK1), &confirmed_mapping());
    // The user's own mapping for this file is not replaced by a profile.
    let mut own = confirmed_mapping();
    own.scales.clear();
    let results = engine_results("w2.csv", WEEK2, Some(own), vec![profile]);
    assert!(results["files"][0]["profile"].is_null());
    let bad = temp_path("bad-profiles.json");
    std::fs::write(&bad, "{\"profiles\": 3}").unwrap();
    let input = temp_path("w2.csv");
    std::fs::write(&input, WEEK2).unwrap();
    let run = cli()
        .args(["score", input.to_str().unwrap(), "--mapping"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("not a mapping profile file"));
}
