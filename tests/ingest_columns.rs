//! The accounts table kept column by column (Contract B), churn labels in every encoding
//! (Contract C) and flat rating scales decided per column, end to end through `Ingest`.

use customer_health::dataset::{day_from_ymd, ColumnValues, Dataset};
use customer_health::ingest::report::MappingOverride;
use customer_health::ingest::Ingest;

fn ingest_with(files: &[(&str, &[u8], Option<MappingOverride>)]) -> Dataset {
    let mut ingest = Ingest::new();
    for (name, bytes, mapping) in files {
        let id = ingest.begin_file(name, mapping.clone());
        // Small chunks: every decision is made at the end of the file, whatever the chunking.
        for chunk in bytes.chunks(7) {
            ingest.push(id, chunk);
        }
        ingest.end_file(id);
    }
    ingest.finish()
}

fn one(name: &str, bytes: &[u8]) -> Dataset {
    ingest_with(&[(name, bytes, None)])
}

fn column<'a>(d: &'a Dataset, header: &str) -> &'a ColumnValues {
    &d.account_columns
        .iter()
        .find(|c| c.header == header)
        .unwrap_or_else(|| panic!("no column {header}"))
        .values
}

#[test]
fn every_accounts_column_is_kept_typed_mapped_or_not() {
    let csv = "customer_id,name,arr,MonthlyCharges,TotalCharges,Contract,PaperlessBilling,LastLogin,Complaints\n\
               C1,Acme,\"$12,000\",70.35,\"1,200.50\",Month-to-month,Yes,2024-03-01,2\n\
               C2,Beta,8000,N/A,99,Two year,No,,0\n\
               C3,Gamma,,20,,One year,yes,2024-02-11,\n";
    let usage = "account_id,date\nC9,2024-03-01\n";
    // The accounts table defines the accounts: C9's usage row is rejected, 3 accounts remain.
    let d = ingest_with(&[
        ("accounts.csv", csv.as_bytes(), None),
        ("usage.csv", usage.as_bytes(), None),
    ]);
    assert_eq!(d.accounts.len(), 3);
    let headers: Vec<&str> = d
        .account_columns
        .iter()
        .map(|c| c.header.as_str())
        .collect();
    assert_eq!(
        headers,
        vec![
            "name",
            "arr",
            "MonthlyCharges",
            "TotalCharges",
            "Contract",
            "PaperlessBilling",
            "LastLogin",
            "Complaints"
        ]
    );
    for c in &d.account_columns {
        let len = match &c.values {
            ColumnValues::Number(v) => v.len(),
            ColumnValues::Date(v) => v.len(),
            ColumnValues::YesNo(v) => v.len(),
            ColumnValues::Category(v) => v.len(),
        };
        assert_eq!(len, d.accounts.len(), "{}", c.header);
        assert_eq!(c.file, 0);
    }
    let arr = d
        .account_columns
        .iter()
        .find(|c| c.header == "arr")
        .unwrap();
    assert_eq!(arr.mapped_to.as_deref(), Some("arr"));
    assert!(d
        .account_columns
        .iter()
        .find(|c| c.header == "Contract")
        .unwrap()
        .mapped_to
        .is_none());
    match column(&d, "arr") {
        ColumnValues::Number(v) => assert_eq!(v, &vec![Some(12_000.0), Some(8000.0), None]),
        other => panic!("{other:?}"),
    }
    match column(&d, "MonthlyCharges") {
        ColumnValues::Number(v) => assert_eq!(v, &vec![Some(70.35), None, Some(20.0)]),
        other => panic!("{other:?}"),
    }
    match column(&d, "TotalCharges") {
        ColumnValues::Number(v) => assert_eq!(v[0], Some(1200.5)),
        other => panic!("{other:?}"),
    }
    match column(&d, "Contract") {
        ColumnValues::Category(v) => assert_eq!(v[1].as_deref(), Some("Two year")),
        other => panic!("{other:?}"),
    }
    match column(&d, "PaperlessBilling") {
        ColumnValues::YesNo(v) => assert_eq!(v, &vec![Some(true), Some(false), Some(true)]),
        other => panic!("{other:?}"),
    }
    match column(&d, "LastLogin") {
        ColumnValues::Date(v) => {
            assert_eq!(
                v,
                &vec![day_from_ymd(2024, 3, 1), None, day_from_ymd(2024, 2, 11)]
            )
        }
        other => panic!("{other:?}"),
    }
    // Each column's typing is reported with its evidence.
    let f = &d.files[0];
    let contract = f.readings.iter().find(|r| r.header == "Contract").unwrap();
    assert_eq!(contract.reading, "category");
    let charges = f
        .readings
        .iter()
        .find(|r| r.header == "MonthlyCharges")
        .unwrap();
    assert!(charges.evidence.contains("N/A"), "{}", charges.evidence);
}

#[test]
fn accounts_seen_only_in_event_tables_have_no_values() {
    // Two accounts files: each column has values only for its own file's accounts.
    let d = ingest_with(&[
        ("a.csv", b"account_id,tier\nA,gold\n", None),
        ("b.csv", b"account_id,region\nB,EMEA\n", None),
    ]);
    assert_eq!(d.accounts.len(), 2);
    match column(&d, "region") {
        ColumnValues::Category(v) => assert_eq!(v, &vec![None, Some("EMEA".to_string())]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn churn_labels_read_the_same_in_every_encoding() {
    let encodings: [(&str, [&str; 4]); 7] = [
        ("Churn", ["Yes", "No", "yes", "NO"]),
        ("churned", ["1", "0", "1", "0"]),
        ("is_churned", ["TRUE", "false", "True", "FALSE"]),
        ("status", ["churned", "active", "Churned", "retained"]),
        ("churn", ["cancelled", "active", "canceled", "renewed"]),
        ("churn_flag", ["lost", "won", "Lost", "Won"]),
        ("churn", ["2024-03-01", "", "2024-05-01", ""]),
    ];
    for (header, values) in encodings {
        let mut csv = format!("account_id,{header}\n");
        for (i, v) in values.iter().enumerate() {
            csv.push_str(&format!("A{i},{v}\n"));
        }
        let mut ov = MappingOverride::default();
        ov.columns.insert(header.into(), "churned".into());
        let d = ingest_with(&[("accounts.csv", csv.as_bytes(), Some(ov))]);
        let labels: Vec<Option<bool>> = d.accounts.iter().map(|a| a.churned).collect();
        assert_eq!(
            labels,
            vec![Some(true), Some(false), Some(true), Some(false)],
            "{header}: {values:?}"
        );
        assert_eq!(d.files[0].cells_ignored, 0);
        let reading = d.files[0]
            .readings
            .iter()
            .find(|r| r.field.as_deref() == Some("churned"))
            .unwrap();
        assert!(reading.reading.starts_with("label:"), "{reading:?}");
    }
    // A churn date column on an accounts table is read as the label without a mapping (a
    // date = churned that day, blank = stayed), and a hand mapping reads it the same.
    for header in ["churn_date", "Churn Date", "Cancelled On"] {
        let csv = format!("account_id,{header}\nA,2024-03-01\nB,\nC,2024-04-11\n");
        let d = one("accounts.csv", csv.as_bytes());
        let labels: Vec<Option<bool>> = d.accounts.iter().map(|a| a.churned).collect();
        assert_eq!(labels, vec![Some(true), Some(false), Some(true)], "{header}");
        assert_eq!(d.accounts[0].churn_day, day_from_ymd(2024, 3, 1), "{header}");
    }
    let mut ov = MappingOverride::default();
    ov.columns.insert("churn_date".into(), "churned".into());
    let d = ingest_with(&[(
        "accounts.csv",
        b"account_id,churn_date\nA,2024-03-01\nB,\n",
        Some(ov),
    )]);
    assert_eq!(d.accounts[0].churn_day, day_from_ymd(2024, 3, 1));
    assert_eq!(d.accounts[0].churned, Some(true));
    assert_eq!(d.accounts[1].churned, Some(false));
    assert!(d.files[0].notes.iter().any(|n| n.contains("churn dates")));
}

#[test]
fn mixed_unreadable_and_one_class_labels_are_reported() {
    let d = one(
        "accounts.csv",
        b"account_id,churned\nA,Yes\nB,active\nC,2024-01-05\nD,maybe\nE,0\n",
    );
    let f = &d.files[0];
    let labels: Vec<Option<bool>> = d.accounts.iter().map(|a| a.churned).collect();
    assert_eq!(
        labels,
        vec![Some(true), Some(false), Some(true), None, Some(false)]
    );
    assert_eq!(f.cells_ignored, 1);
    assert!(f
        .issues
        .iter()
        .any(|i| i.reason.contains("'maybe' is not a churn label")));
    assert!(
        f.notes.iter().any(|n| n.contains("mixed encodings")),
        "{:?}",
        f.notes
    );
    let d = one("accounts.csv", b"account_id,churned\nA,No\nB,no\n");
    assert!(
        d.files[0]
            .notes
            .iter()
            .any(|n| n.contains("cannot be learned")),
        "{:?}",
        d.files[0].notes
    );
}

/// The flat spreadsheet of the trust review: CSAT 1–5 and NPS 0–10 answers per account.
#[test]
fn flat_csat_and_nps_are_read_on_one_scale_per_column() {
    let csv = b"account_id,csat,nps\nA,1,0\nB,2,6\nC,3,7\nD,4,8\nE,5,9\nF,5,10\n";
    let d = one("accounts.csv", csv);
    let csat: Vec<Option<f64>> = d.accounts.iter().map(|a| a.flat.csat).collect();
    // A 1 is the lowest rating, never 100 %; 2–5 are read, not refused.
    assert_eq!(
        csat,
        vec![
            Some(0.0),
            Some(0.25),
            Some(0.5),
            Some(0.75),
            Some(1.0),
            Some(1.0)
        ]
    );
    let nps: Vec<Option<f64>> = d.accounts.iter().map(|a| a.flat.nps).collect();
    assert_eq!(
        nps,
        vec![
            Some(-100.0),
            Some(-100.0),
            Some(0.0),
            Some(0.0),
            Some(100.0),
            Some(100.0)
        ]
    );
    let f = &d.files[0];
    assert_eq!(f.cells_ignored, 0, "{:?}", f.issues);
    let csat_reading = f.readings.iter().find(|r| r.header == "csat").unwrap();
    assert_eq!(csat_reading.reading, "one_to_five");
    assert!(csat_reading.options.contains(&"percent".to_string()));
    let nps_reading = f.readings.iter().find(|r| r.header == "nps").unwrap();
    assert_eq!(nps_reading.reading, "zero_to_ten");
}

#[test]
fn the_same_accounts_on_different_scales_get_the_same_csat_and_nps() {
    let shares = [0.0, 0.25, 0.5, 0.75, 1.0];
    let write = |values: &[String], nps: &[&str]| {
        let mut csv = String::from("account_id,csat,nps\n");
        for (i, v) in values.iter().enumerate() {
            csv.push_str(&format!("A{i},{v},{}\n", nps[i]));
        }
        csv
    };
    let answers = ["0", "5", "7", "8", "10"];
    let scores = ["-100", "-100", "0", "0", "100"];
    let renderings = [
        write(&shares.map(|s| format!("{}", 1.0 + 4.0 * s)), &answers),
        write(&shares.map(|s| format!("{}%", 100.0 * s)), &scores),
        write(&shares.map(|s| format!("{}", 100.0 * s)), &answers),
        write(&shares.map(|s| format!("{s}")), &scores),
        write(&shares.map(|s| format!("{}", 10.0 * s)), &answers),
    ];
    let read = |csv: &str| {
        let d = one("accounts.csv", csv.as_bytes());
        d.accounts
            .iter()
            .map(|a| (a.flat.csat, a.flat.nps))
            .collect::<Vec<_>>()
    };
    let first = read(&renderings[0]);
    assert_eq!(first[3], (Some(0.75), Some(0.0)));
    for r in &renderings[1..] {
        assert_eq!(read(r), first, "{r}");
    }
}

#[test]
fn a_scale_override_replaces_the_decision_and_is_shown() {
    // Ratings 1–4 only: 1–5 is the reading, flagged ambiguous (no 5 seen).
    let csv = b"account_id,Satisfaction\nA,1\nB,4\nC,3\n";
    let mut ov = MappingOverride::default();
    ov.columns.insert("Satisfaction".into(), "csat".into());
    let d = ingest_with(&[("accounts.csv", csv, Some(ov.clone()))]);
    let r = d.files[0]
        .readings
        .iter()
        .find(|r| r.header == "Satisfaction")
        .unwrap();
    assert_eq!((r.reading.as_str(), r.ambiguous), ("one_to_five", true));
    assert_eq!(d.accounts[1].flat.csat, Some(0.75));
    ov.scales
        .insert("Satisfaction".into(), "one_to_seven".into());
    let d = ingest_with(&[("accounts.csv", csv, Some(ov.clone()))]);
    let r = d.files[0]
        .readings
        .iter()
        .find(|r| r.header == "Satisfaction")
        .unwrap();
    assert!(
        r.overridden && r.evidence.contains("set in the mapping"),
        "{r:?}"
    );
    assert_eq!(d.accounts[1].flat.csat, Some(0.5));
    // An override that is not a CSAT scale is refused with a note, the decision kept.
    ov.scales.insert("Satisfaction".into(), "nps_score".into());
    let d = ingest_with(&[("accounts.csv", csv, Some(ov))]);
    assert_eq!(d.accounts[1].flat.csat, Some(0.75));
    assert!(d.files[0]
        .notes
        .iter()
        .any(|n| n.contains("not a CSAT scale")));
}

#[test]
fn survey_and_ticket_ratings_on_other_scales_count_the_same() {
    // CSAT answers on 1–10 (a 10 and a 1 seen): 10 is satisfied, 1 is not — as 5 and 1 on 1–5.
    let surveys = b"account_id,date,type,score\nA,2024-01-01,csat,10\nA,2024-01-02,csat,1\nA,2024-01-03,csat,8\n";
    let d = one("surveys.csv", surveys);
    let scores: Vec<f64> = d.surveys.iter().map(|s| s.score).collect();
    assert_eq!(scores, vec![5.0, 1.0, 1.0 + 4.0 * 7.0 / 9.0]);
    let tickets =
        b"account_id,opened,satisfaction\nA,2024-01-01,100\nA,2024-01-02,0\nA,2024-01-03,75\n";
    let d = one("tickets.csv", tickets);
    let ratings: Vec<Option<f64>> = d.tickets.iter().map(|t| t.satisfaction).collect();
    assert_eq!(ratings, vec![Some(5.0), Some(1.0), Some(4.0)]);
    let r = &d.files[0].readings[0];
    assert_eq!(r.reading, "percent");
}
