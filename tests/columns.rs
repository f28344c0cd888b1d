//! The columnar form of the results (`output::columns`) decodes to exactly the accounts of
//! `Results` (without their `components`), and its JSON "rest" to everything else.

mod common;

use std::path::Path;

use customer_health::engine::score_files;
use customer_health::model::config::{Model, Override};
use customer_health::output::columns::{rest_json, AccountColumns, TextColumn};
use customer_health::results::{
    AccountResult, Flag, FlagHit, Priority, Quadrant, Results, SegmentKeys,
};

/// Account `i` rebuilt from the columns alone, the way the page reads it.
fn decode(c: &AccountColumns, i: usize) -> AccountResult {
    let number = |v: &[f64]| Some(v[i]).filter(|x| !x.is_nan());
    let text = |t: &TextColumn| t.get(i).map(str::to_string);
    let start = c.flag_hits.start[i] as usize;
    let bits = c.flags[i];
    let flags: Vec<FlagHit> = Flag::ALL
        .iter()
        .enumerate()
        .filter(|(k, _)| bits & (1 << k) != 0)
        .enumerate()
        .map(|(n, (_, &flag))| FlagHit {
            flag,
            evidence: c.flag_hits.evidence.get(start + n).unwrap().to_string(),
            risk: c.flag_hits.risk[start + n],
        })
        .collect();
    assert_eq!(
        c.flag_hits.start[i + 1] as usize,
        start + flags.len(),
        "hits of {i}"
    );
    let rank = c.priority_rank[i];
    AccountResult {
        near_misses: Vec::new(),
        account_id: text(&c.account_id).unwrap(),
        name: text(&c.name),
        arr: number(&c.arr),
        plan: c.plan.get(i).map(str::to_string),
        region: c.region.get(i).map(str::to_string),
        owner: c.owner.get(i).map(str::to_string),
        lifecycle_stage: c.lifecycle_stage.get(i).map(str::to_string),
        tenure_days: number(&c.tenure_days).map(|d| d as u32),
        health_score: number(&c.health_score),
        churn_probability: number(&c.churn_probability),
        band: c.band.get(i).map(str::to_string),
        previous_score: number(&c.previous_score),
        trend: number(&c.trend),
        trend_explanation: text(&c.trend_explanation),
        satisfaction_index: number(&c.satisfaction_index),
        usage_index: number(&c.usage_index),
        quadrant: (c.quadrant[i] > 0).then(|| Quadrant::ALL[c.quadrant[i] as usize - 1]),
        value_realized: number(&c.value_realized),
        flags,
        components: Vec::new(),
        coverage: c.coverage[i],
        priority: (rank > 0).then(|| Priority {
            rank,
            risk: c.priority_risk[i],
            revenue_at_risk: number(&c.revenue_at_risk),
            play: c.priority_play.get(i).unwrap().to_string(),
            reason: text(&c.priority_reason).unwrap(),
        }),
        segments: SegmentKeys {
            arr_tier: c.segment_arr_tier.get(i).map(str::to_string),
            region: c.segment_region.get(i).map(str::to_string),
            size_tier: c.segment_size_tier.get(i).map(str::to_string),
            plan: c.segment_plan.get(i).map(str::to_string),
            lifecycle_stage: c.segment_lifecycle_stage.get(i).map(str::to_string),
        },
        override_reason: c.override_reason.get(i).map(str::to_string),
        computed_score: number(&c.computed_score),
    }
}

/// Checks every account and the rest; returns the columns for further checks.
fn assert_round_trip(results: &Results) -> AccountColumns {
    let columns = AccountColumns::from_results(results);
    assert_eq!(columns.len(), results.accounts.len());
    for (i, expected) in results.accounts.iter().enumerate() {
        let expected = AccountResult {
            components: Vec::new(),
            near_misses: Vec::new(),
            ..expected.clone()
        };
        assert_eq!(decode(&columns, i), expected, "account {i}");
    }
    let mut names = std::collections::HashSet::new();
    for (name, array) in columns.arrays() {
        use customer_health::output::columns::Array;
        let len = match array {
            Array::F64(v) => v.len(),
            Array::U8(v) => v.len(),
            Array::U16(v) => v.len(),
            Array::U32(v) => v.len(),
        };
        assert!(names.insert(name), "{name} twice");
        let per_account = !name.contains('.') || name == "flag_hits.start";
        if per_account {
            let extra = usize::from(name == "flag_hits.start");
            assert_eq!(len, results.accounts.len() + extra, "{name}");
        }
    }

    let rest: serde_json::Value =
        serde_json::from_str(&rest_json(results, &columns).unwrap()).unwrap();
    // Both sides parsed from text: serde_json's float parsing is not exact, but it is the same.
    let mut full: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(results).unwrap()).unwrap();
    full.as_object_mut().unwrap().remove("accounts");
    let mut without_extras = rest.clone();
    let object = without_extras.as_object_mut().unwrap();
    assert!(!object.contains_key("accounts"), "no accounts in the rest");
    let dictionaries = object.remove("dictionaries").unwrap();
    assert!(
        without_extras == full,
        "rest differs from the results without accounts"
    );
    for (name, column) in columns.code_columns() {
        assert_eq!(
            dictionaries[name],
            serde_json::to_value(&column.labels).unwrap(),
            "dictionary {name}"
        );
    }
    assert_eq!(
        dictionaries["quadrant"],
        serde_json::json!([null, "champion", "under_user", "cry_for_help", "at_risk"])
    );
    assert_eq!(
        dictionaries["flag"],
        serde_json::to_value(Flag::ALL).unwrap()
    );
    columns
}

fn read_files(dir: &Path, names: impl IntoIterator<Item = String>) -> Vec<(String, Vec<u8>)> {
    names
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes)
        })
        .collect()
}

fn count_nan(values: &[f64]) -> usize {
    values.iter().filter(|x| x.is_nan()).count()
}

#[test]
fn ravenstack_columns_round_trip() {
    let dir = common::ravenstack_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    let results = score_files(&read_files(&dir, names), &Model::default());
    assert_eq!(results.accounts.len(), 500);
    let columns = assert_round_trip(&results);
    assert!(
        columns.flags.iter().any(|&bits| bits != 0),
        "some flags raised"
    );
}

#[test]
fn demo_columns_round_trip() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("manifest.json")).unwrap())
            .unwrap();
    let names = manifest["sets"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string());
    let results = score_files(&read_files(&demo, names), &Model::default());
    assert_eq!(results.accounts.len(), 150);
    let columns = assert_round_trip(&results);
    assert!(
        columns.flag_hits.risk.len() > 20,
        "demo stories raise flags"
    );
}

#[test]
fn missing_values_round_trip() {
    // A: most fields and an override; B: nothing but its id.
    let accounts = "account_id,account_name,arr,plan,region,csm,csat,logins_30d\n\
                    A,Acme,48000,Pro,EMEA,Dana,0.9,30\n\
                    B,,,,,,,\n";
    let usage = "account_id,user_id,event_date,feature,event_count\n\
                 A,u1@a.test,2026-10-01,reports,3\n\
                 A,u2@a.test,2026-10-20,reports,5\n";
    let files = vec![
        ("accounts.csv".to_string(), accounts.as_bytes().to_vec()),
        ("usage.csv".to_string(), usage.as_bytes().to_vec()),
    ];
    let mut model = Model::default();
    model.overrides.push(Override {
        account_id: "A".into(),
        health_score: 77.0,
        reason: "renewal signed <early> & \"in full\"".into(),
        expires: "2999-12-31".into(),
    });
    let results = score_files(&files, &model);
    let columns = assert_round_trip(&results);
    let find = |id: &str| {
        (0..columns.len())
            .find(|&i| columns.account_id.get(i) == Some(id))
            .unwrap_or_else(|| panic!("account {id}"))
    };
    let (a, b) = (find("A"), find("B"));
    assert_eq!(columns.name.get(b), None);
    assert!(columns.arr[b].is_nan() && columns.health_score[b].is_nan());
    assert_eq!(columns.plan.codes.get(b), 0);
    assert_eq!(columns.owner.get(a), Some("Dana"));
    assert_eq!(columns.owner.codes.get(b), 0);
    assert_eq!(columns.quadrant[b], 0);
    assert_eq!(
        count_nan(&columns.value_realized),
        columns.len(),
        "no goal data at all"
    );
    assert!(columns
        .override_reason
        .get(a)
        .is_some_and(|r| r.contains("<early>")));
    assert_eq!(columns.override_reason.get(b), None);
    assert!(
        !rest_json(&results, &columns).unwrap().contains('<'),
        "HTML-safe JSON"
    );
}
