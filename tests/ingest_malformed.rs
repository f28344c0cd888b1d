//! Malformed and unusual inputs: every row is used or rejected with a located reason, and the
//! counts reconcile.

use customer_health::dataset::{day_from_ymd, Dataset, Direction, GoalKind, SurveyKind, NONE_ID};
use customer_health::ingest::report::{
    FileFormat, FileReport, IssueSeverity, MappingOverride, TableKind,
};
use customer_health::ingest::Ingest;

fn ingest_with(files: &[(&str, &[u8], Option<MappingOverride>)]) -> Dataset {
    let mut ingest = Ingest::new();
    for (name, bytes, mapping) in files {
        let id = ingest.begin_file(name, mapping.clone());
        ingest.push(id, bytes);
        ingest.end_file(id);
    }
    let d = ingest.finish();
    for f in &d.files {
        assert_eq!(
            f.rows_used + f.rows_rejected,
            f.rows_read,
            "{}: counts must reconcile",
            f.name
        );
        let reason_total: u64 = f.reasons.iter().map(|(_, n)| n).sum();
        assert_eq!(
            reason_total,
            f.rows_rejected + f.cells_ignored,
            "{}: reasons {:?}",
            f.name,
            f.reasons
        );
    }
    d
}

fn ingest(files: &[(&str, &[u8])]) -> Dataset {
    let with: Vec<(&str, &[u8], Option<MappingOverride>)> =
        files.iter().map(|(n, b)| (*n, *b, None)).collect();
    ingest_with(&with)
}

fn one(name: &str, bytes: &[u8]) -> Dataset {
    ingest(&[(name, bytes)])
}

fn rejected_lines(f: &FileReport) -> Vec<u64> {
    f.issues
        .iter()
        .filter(|i| i.severity == IssueSeverity::Rejected)
        .map(|i| i.line)
        .collect()
}

fn has_reason(f: &FileReport, needle: &str) -> bool {
    f.issues.iter().any(|i| i.reason.contains(needle))
}

#[test]
fn empty_file_is_a_file_error() {
    let d = one("accounts.csv", b"");
    let f = &d.files[0];
    assert!(f.error.as_deref().unwrap().contains("empty"));
    assert_eq!(f.rows_read, 0);
    let d = one("accounts.csv", b"\n\n  \n");
    assert!(d.files[0].error.is_some());
}

#[test]
fn header_only_file_has_no_rows_and_a_note() {
    let d = one("accounts.csv", b"account_id,name,arr\n");
    let f = &d.files[0];
    assert_eq!(f.kind, Some(TableKind::Accounts));
    assert_eq!(f.rows_read, 0);
    assert!(f.error.is_none());
    assert!(f.notes.iter().any(|n| n.contains("no data rows")));
    assert!(d.accounts.is_empty());
}

#[test]
fn unknown_columns_are_listed_unmapped() {
    let d = one(
        "accounts.csv",
        b"Account ID,Favourite Colour,ARR\nA1,blue,1000\n",
    );
    let f = &d.files[0];
    let fields: Vec<Option<&str>> = f.mapping.iter().map(|m| m.field.as_deref()).collect();
    assert_eq!(fields, vec![Some("account_id"), None, Some("arr")]);
    assert_eq!(d.accounts[0].arr, Some(1000.0));
}

#[test]
fn unrecognised_table_rejects_every_row_with_an_explanation() {
    let d = one("stuff.csv", b"foo,bar\n1,2\n3,4\n");
    let f = &d.files[0];
    assert_eq!(f.kind, None);
    let err = f.error.as_deref().unwrap();
    assert!(
        err.contains("not recognised") && err.contains("account_id"),
        "{err}"
    );
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (2, 0, 2));
    assert_eq!(f.reasons, vec![("file not recognised".to_string(), 2)]);
}

#[test]
fn forced_kind_and_column_override() {
    let mut ov = MappingOverride {
        kind: Some(TableKind::Accounts),
        ..Default::default()
    };
    ov.columns.insert("foo".into(), "account_id".into());
    ov.columns.insert("bar".into(), "seats".into());
    let d = ingest_with(&[("stuff.csv", b"foo,bar\nX,12\n", Some(ov))]);
    assert_eq!(d.files[0].kind, Some(TableKind::Accounts));
    assert_eq!(d.accounts[0].id, "X");
    assert_eq!(d.accounts[0].seats, Some(12.0));

    // Forcing a kind whose required column is absent is a file error.
    let ov = MappingOverride {
        kind: Some(TableKind::Tickets),
        ..Default::default()
    };
    let d = ingest_with(&[("t.csv", b"account_id\nA\n", Some(ov))]);
    let f = &d.files[0];
    assert!(f.error.as_deref().unwrap().contains("opened"));
    assert_eq!((f.rows_read, f.rows_rejected), (1, 1));
}

#[test]
fn duplicate_account_ids_keep_the_first() {
    let d = one(
        "accounts.csv",
        b"account_id,name\nA1,First\nA2,Other\nA1,Second\n",
    );
    let f = &d.files[0];
    assert_eq!((f.rows_used, f.rows_rejected), (2, 1));
    assert_eq!(rejected_lines(f), vec![4]);
    assert!(has_reason(
        f,
        "duplicate account id 'A1', first seen on line 2"
    ));
    assert_eq!(d.accounts.len(), 2);
    assert_eq!(d.accounts[0].name.as_deref(), Some("First"));

    // Across two accounts files the message names the other file.
    let d = ingest(&[
        ("accounts_eu.csv", b"account_id\nA1\n"),
        ("accounts_us.csv", b"account_id\nA1\nA2\n"),
    ]);
    assert!(has_reason(
        &d.files[1],
        "first seen on line 2 of accounts_eu.csv"
    ));
    assert_eq!(d.accounts.len(), 2);
}

#[test]
fn bad_and_implausible_dates() {
    let csv = b"account_id,date,feature\nA,2024-13-45,x\nA,1985-01-01,x\nA,2999-01-01,x\nA,,x\nA,2024-03-01,x\n";
    let d = one("usage.csv", csv);
    let f = &d.files[0];
    assert_eq!(f.kind, Some(TableKind::Usage));
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (5, 1, 4));
    assert_eq!(rejected_lines(f), vec![2, 3, 4, 5]);
    assert!(has_reason(f, "'2024-13-45' is not a date"));
    assert!(has_reason(f, "implausible"));
    assert_eq!(f.issues[0].column.as_deref(), Some("date"));
    assert_eq!(d.usage.day, vec![day_from_ymd(2024, 3, 1).unwrap()]);
}

#[test]
fn negative_counts_reject_usage_rows_and_negative_optionals_are_ignored() {
    let csv =
        b"account_id,date,count,duration\nA,2024-01-01,-3,10\nA,2024-01-02,2,-5\nA,2024-01-03,,7\n";
    let d = one("usage.csv", csv);
    let f = &d.files[0];
    assert_eq!((f.rows_used, f.rows_rejected, f.cells_ignored), (2, 1, 2));
    assert_eq!(rejected_lines(f), vec![2]);
    assert_eq!(d.usage.count, vec![2.0, 1.0]);
    assert!(d.usage.duration_secs[0].is_nan());
    assert_eq!(d.usage.duration_secs[1], 7.0);
    assert_eq!(d.usage.user, vec![NONE_ID, NONE_ID]);

    let d = one("accounts.csv", b"account_id,arr,seats\nA,-100,5\n");
    let f = &d.files[0];
    assert_eq!((f.rows_used, f.cells_ignored), (1, 1));
    assert_eq!(d.accounts[0].arr, None);
    assert_eq!(d.accounts[0].seats, Some(5.0));
}

#[test]
fn text_in_number_columns() {
    let d = one("usage.csv", b"account_id,date,count\nA,2024-01-01,lots\n");
    assert_eq!(d.files[0].rows_rejected, 1);
    assert!(has_reason(&d.files[0], "'lots' is not a number"));
    let d = one("accounts.csv", b"account_id,arr,churned\nA,n/a,maybe\n");
    let f = &d.files[0];
    assert_eq!((f.rows_used, f.cells_ignored), (1, 2));
    assert!(f
        .issues
        .iter()
        .all(|i| i.severity == IssueSeverity::CellIgnored));
}

#[test]
fn mixed_date_formats_in_one_column() {
    let csv = b"account_id,date\nA,2024-01-05\nA,05/01/2024\nA,25/01/2024\nA,20240105\nA,Jan 5 2024\nA,45296\nA,05.01.2024\n";
    let d = one("usage.csv", csv);
    let f = &d.files[0];
    assert_eq!(f.rows_used, 7, "{:?}", f.issues);
    let jan5 = day_from_ymd(2024, 1, 5).unwrap();
    // Row 3 (05/01/2024) came before the column showed day-first (25/01): it was read
    // month-first at first, then corrected at the end of the file, and the note says so.
    assert_eq!(
        d.usage.day,
        vec![
            jan5,
            jan5,
            day_from_ymd(2024, 1, 25).unwrap(),
            jan5,
            jan5,
            jan5,
            jan5
        ]
    );
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("1 of them (in used rows) were corrected")),
        "{:?}",
        f.notes
    );
    assert!(f.notes.iter().any(|n| n.contains("day/month/year")));
}

#[test]
fn ambiguous_dates_are_corrected_in_every_table() {
    let tickets =
        b"account_id,opened,resolved\nA,03/04/2024 10:00,04/04/2024 09:30\nA,20/04/2024,\n";
    let d = one("tickets.csv", tickets);
    let t = &d.tickets[0];
    let april3 = day_from_ymd(2024, 4, 3).unwrap() as i64 * 86_400;
    assert_eq!(t.opened, april3 + 10 * 3600);
    assert_eq!(t.resolved, Some(april3 + 86_400 + 9 * 3600 + 1800));
    // Month-first columns need no correction and get no note.
    let d = one(
        "accounts.csv",
        b"account_id,start_date\nA,03/04/2024\nB,12/31/2024\n",
    );
    assert_eq!(d.accounts[0].start_day, day_from_ymd(2024, 3, 4));
    assert!(d.files[0].notes.is_empty(), "{:?}", d.files[0].notes);
    // Never resolved: the assumption is noted.
    let d = one("accounts.csv", b"account_id,start_date\nA,03/04/2024\n");
    assert!(d.files[0]
        .notes
        .iter()
        .any(|n| n.contains("read as month/day")));
}

#[test]
fn ragged_rows() {
    let csv = b"account_id,name,arr\nA,Alpha,1\nB,Beta\nC,Gamma,3,extra\nD,Delta,4,,\n   \n,,\n";
    let d = one("accounts.csv", csv);
    let f = &d.files[0];
    // The spaces-only line 6 is blank (skipped); ",," on line 7 is an empty row (rejected).
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (5, 2, 3));
    assert_eq!(rejected_lines(f), vec![3, 4, 7]);
    assert!(has_reason(f, "every cell of the row is blank"));
    assert!(has_reason(f, "row has 2 fields but the header has 3"));
    assert!(has_reason(f, "row has 4 fields but the header has 3"));
    let ids: Vec<&str> = d.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["A", "D"]);
}

#[test]
fn unterminated_quote_rejects_the_broken_record() {
    let csv = b"account_id,name\nA,Alpha\nB,\"Beta\nC,Gamma\n";
    let d = one("accounts.csv", csv);
    let f = &d.files[0];
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (2, 1, 1));
    assert_eq!(rejected_lines(f), vec![3]);
    assert!(has_reason(f, "never closed"));
}

#[test]
fn bom_other_delimiters_crlf_and_embedded_newlines() {
    let d = one(
        "accounts.csv",
        b"\xEF\xBB\xBFaccount_id;arr\r\nA;1.234,50\r\nB;\"7,5\"\r\n",
    );
    let f = &d.files[0];
    assert_eq!(f.format, Some(FileFormat::Csv { delimiter: ';' }));
    assert_eq!(f.mapping[0].header, "account_id");
    assert_eq!(d.accounts[0].arr, Some(1234.5));
    assert_eq!(d.accounts[1].arr, Some(7.5));

    let d = one("accounts.tsv", b"account_id\tname\nA\tAlpha Co\n");
    assert_eq!(d.files[0].format, Some(FileFormat::Csv { delimiter: '\t' }));
    assert_eq!(d.accounts[0].name.as_deref(), Some("Alpha Co"));

    let d = one("accounts.txt", b"account_id|name\nA|\"Pipe | Inc\"\n");
    assert_eq!(d.files[0].format, Some(FileFormat::Csv { delimiter: '|' }));
    assert_eq!(d.accounts[0].name.as_deref(), Some("Pipe | Inc"));

    let csv = b"account_id,date,comment,score\r\nA,2024-01-01,\"line one\r\nline two, with comma\",9\r\nA,2024-01-02,ok,3\r\n";
    let d = one("surveys.csv", csv);
    let f = &d.files[0];
    assert_eq!(f.kind, Some(TableKind::Surveys));
    assert_eq!(d.surveys.len(), 2);
    assert_eq!(
        d.surveys[0].comment.as_deref(),
        Some("line one\r\nline two, with comma")
    );
    assert_eq!(d.surveys[1].source.line, 4);
    // No type column: a 9 means NPS for the whole file, noted.
    assert!(d.surveys.iter().all(|s| s.kind == SurveyKind::Nps));
    assert!(f.notes.iter().any(|n| n.contains("NPS")));
}

#[test]
fn survey_scales_are_checked() {
    // NPS answers are 0–10 whatever the column says: 11 is rejected on its row. The CSAT
    // answers 0 and 4 put the CSAT scale at 0–10 (decided from the whole column): 4 → 2.6/5.
    let csv = b"account_id,date,type,score\nA,2024-01-01,NPS,11\nA,2024-01-01,CSAT,0\nA,2024-01-01,csat,4\nA,2024-01-01,nps,10\n";
    let d = one("surveys.csv", csv);
    let f = &d.files[0];
    assert_eq!(rejected_lines(f), vec![2]);
    assert_eq!(d.surveys.len(), 3);
    assert_eq!(d.surveys[1].kind, SurveyKind::Csat);
    assert_eq!(d.surveys[1].score, 1.0 + 4.0 * 0.4);
    // With the scale given by the user (1–5), the 0 is out of scale and its row rejected.
    let mut ov = MappingOverride::default();
    ov.scales.insert("score#csat".into(), "one_to_five".into());
    let d = ingest_with(&[("surveys.csv", csv, Some(ov))]);
    let f = &d.files[0];
    assert_eq!(rejected_lines(f), vec![2, 3]);
    assert_eq!(d.surveys.len(), 2);
    assert_eq!(d.surveys[0].kind, SurveyKind::Csat);
    assert_eq!(d.surveys[0].score, 4.0);
    let reading = f
        .readings
        .iter()
        .find(|r| r.reading == "one_to_five")
        .unwrap();
    assert!(reading.overridden, "{reading:?}");
    // Inferred CSAT (all scores 1..5) still rejects what is outside 1..5 (0.5 here).
    let d = one(
        "csat.csv",
        b"account_id,date,score\nA,2024-01-01,4\nA,2024-01-02,0.5\n",
    );
    assert_eq!(rejected_lines(&d.files[0]), vec![3]);
    assert_eq!(d.surveys.len(), 1);
    assert_eq!(d.surveys[0].kind, SurveyKind::Csat);
}

#[test]
fn survey_kind_from_the_score_header() {
    // "NPS" as the score column: all answers are NPS even though they fit 1–5.
    let d = one(
        "feedback.csv",
        b"account_id,responded_at,NPS\nA,2024-01-01,4\nB,2024-01-01,5\n",
    );
    assert_eq!(d.files[0].kind, Some(TableKind::Surveys));
    assert!(d.surveys.iter().all(|s| s.kind == SurveyKind::Nps));
    assert!(d.files[0].notes.is_empty(), "{:?}", d.files[0].notes);
}

#[test]
fn utf16_files_are_transcoded() {
    let text = "account_id,name\nA,Zoë\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let d = one("accounts.csv", &le);
    assert_eq!(d.accounts[0].name.as_deref(), Some("Zoë"));
    assert!(d.files[0].notes.iter().any(|n| n.contains("UTF-16")));
    // Big-endian without BOM, detected from the NUL pattern.
    let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let d = one("accounts.csv", &be);
    assert_eq!(d.accounts[0].id, "A");
}

#[test]
fn nul_bytes_and_binary_files() {
    let d = one("accounts.csv", b"account_id,name\nA,ok\nB,bad\0name\n");
    let f = &d.files[0];
    assert_eq!(rejected_lines(f), vec![3]);
    assert!(has_reason(f, "NUL"));
    let mut binary = vec![0u8; 100];
    binary.extend_from_slice(b"PK\x03\x04");
    let d = one("accounts.xlsx", &binary);
    assert!(d.files[0].error.as_deref().unwrap().contains("binary"));
}

#[test]
fn latin1_cells_are_decoded_with_a_note() {
    let d = one("accounts.csv", b"account_id,name\nA,Caf\xe9\n");
    assert_eq!(d.accounts[0].name.as_deref(), Some("Café"));
    assert!(d.files[0].notes.iter().any(|n| n.contains("Latin-1")));
}

#[test]
fn json_input() {
    let json = br#"[{"account_id":"A","arr":1200,"trial":false},{"account_id":"B","name":"Beta","mrr":"100"},7]"#;
    let d = one("accounts.json", json);
    let f = &d.files[0];
    assert_eq!(f.format, Some(FileFormat::Json));
    assert_eq!(f.kind, Some(TableKind::Accounts));
    let headers: Vec<&str> = f.mapping.iter().map(|m| m.header.as_str()).collect();
    assert_eq!(headers, vec!["account_id", "arr", "trial", "name", "mrr"]);
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (3, 2, 1));
    assert_eq!(rejected_lines(f), vec![3]);
    assert_eq!(d.accounts[1].arr, Some(1200.0));
    assert_eq!(d.accounts[0].is_trial, Some(false));
    assert!(f.notes.iter().any(|n| n.contains("MRR×12")));

    let d = one(
        "export.json",
        br#"{"data":[{"account_id":"A","date":"2024-02-01","type":"QBR","direction":"outbound"}]}"#,
    );
    assert_eq!(d.files[0].kind, Some(TableKind::Touchpoints));
    assert_eq!(d.touchpoints[0].direction, Some(Direction::Outbound));
    assert_eq!(d.touchpoints[0].kind.as_deref(), Some("qbr"));

    let d = one("broken.json", b"[{\"a\":1},");
    assert!(d.files[0]
        .error
        .as_deref()
        .unwrap()
        .contains("invalid JSON"));
}

#[test]
fn events_for_unknown_accounts_are_rejected_when_an_accounts_table_exists() {
    let accounts: &[u8] = b"account_id,name\nA,Alpha\n";
    let tickets: &[u8] = b"account_id,created_at,closed_at,satisfaction\nA,2024-01-01 10:00,2024-01-01 12:00,\nZ,2024-01-02,,5\nA,2024-01-03,2024-01-02,9\n";
    // Tickets first: the join happens in finish, so the order does not matter.
    let d = ingest(&[("tickets.csv", tickets), ("accounts.csv", accounts)]);
    let f = &d.files[0];
    assert_eq!(f.kind, Some(TableKind::Tickets));
    assert_eq!((f.rows_read, f.rows_used, f.rows_rejected), (3, 2, 1));
    assert!(has_reason(f, "account Z not in the accounts table"));
    assert_eq!(d.tickets.len(), 2);
    assert_eq!(d.tickets[0].resolved.unwrap() - d.tickets[0].opened, 7200);
    assert_eq!(d.tickets[0].satisfaction, None);
    // Resolved before opened: ignored. The ratings 5 and 9 put the column on 1–10 (decided
    // from the whole column, ambiguous since no 10 was seen): 9 is 1 + 4·8/9 on 1–5.
    assert_eq!(d.tickets[1].resolved, None);
    assert_eq!(d.tickets[1].satisfaction, Some(1.0 + 4.0 * 8.0 / 9.0));
    assert_eq!(f.cells_ignored, 1);
    let reading = f
        .readings
        .iter()
        .find(|r| r.header == "satisfaction")
        .unwrap();
    assert_eq!(
        (reading.reading.as_str(), reading.ambiguous),
        ("one_to_ten", true)
    );
    assert_eq!(d.latest_day, day_from_ymd(2024, 1, 3));

    // Without an accounts table, accounts are created from the ids seen.
    let d = ingest(&[("tickets.csv", tickets)]);
    let ids: Vec<&str> = d.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["A", "Z"]);
    assert!(d.accounts.iter().all(|a| a.source.is_none()));
}

#[test]
fn usage_by_unknown_subscription_is_rejected_in_finish() {
    let subs: &[u8] = b"subscription_id,account_id,start_date,mrr_amount\nS1,A,2024-01-01,10\n";
    let usage: &[u8] =
        b"subscription_id,usage_date,feature_name\nS1,2024-02-01,x\nS9,2024-02-02,y\n";
    let d = ingest(&[("usage.csv", usage), ("subscriptions.csv", subs)]);
    let f = &d.files[0];
    assert_eq!((f.rows_used, f.rows_rejected), (1, 1));
    assert!(has_reason(
        f,
        "subscription S9 not in the subscriptions table"
    ));
    assert_eq!(f.issues[0].line, 3);
    assert_eq!(f.issues[0].column.as_deref(), Some("subscription_id"));
    assert_eq!(d.subscriptions[0].arr, Some(120.0));
    assert_eq!(d.usage.len(), 1);
    assert_eq!(d.features.name(d.usage.feature[0]), "x");

    // A subscription whose account is unknown takes its usage down with it, and says why.
    let accounts: &[u8] = b"account_id\nB\n";
    let d = ingest(&[
        ("usage.csv", usage),
        ("subscriptions.csv", subs),
        ("accounts.csv", accounts),
    ]);
    assert_eq!(d.files[1].rows_rejected, 1);
    assert!(
        has_reason(
            &d.files[0],
            "subscription S1 belongs to account A, which is not in the accounts table"
        ),
        "{:?}",
        d.files[0].issues
    );
    assert_eq!(d.usage.len(), 0);

    let d = ingest(&[("usage.csv", usage)]);
    assert_eq!(d.files[0].rows_rejected, 2);
    assert!(has_reason(&d.files[0], "no subscriptions table"));
}

#[test]
fn goals_flat_measures_and_releases() {
    let goals = b"account_id,goal,target,current,status,due_date\nA,Cut onboarding time,10,6,On Track,2024-06-30\nA,Go live,,,Achieved,\nA,,1,1,,\n";
    let d = one("goals.csv", goals);
    let f = &d.files[0];
    assert_eq!(f.kind, Some(TableKind::Goals));
    assert_eq!(rejected_lines(f), vec![4]);
    assert_eq!(d.goals[0].kind, GoalKind::Goal);
    assert_eq!(d.goals[0].status.as_deref(), Some("in_progress"));
    assert_eq!(d.goals[1].kind, GoalKind::Milestone);
    assert_eq!(d.goals[1].status.as_deref(), Some("done"));

    let flat = b"customer,MRR,CSAT,NPS,Goal Attainment,Logins,Success Plan,Employees\nA,\"$1,000\",85%,42,0.6,120,yes,51-200\n";
    let d = one("accounts.csv", flat);
    let a = &d.accounts[0];
    assert_eq!(a.arr, Some(12_000.0));
    assert_eq!(a.flat.csat, Some(0.85));
    assert_eq!(a.flat.nps, Some(42.0));
    assert_eq!(a.flat.goal_progress, Some(0.6));
    assert_eq!(a.flat.logins_30d, Some(120.0));
    assert_eq!(a.flat.success_plan, Some(true));
    assert_eq!(a.company_size_label.as_deref(), Some("51-200"));

    let d = one("releases.csv", b"release_date,version\n2024-03-01,v2.0\n");
    assert_eq!(d.files[0].kind, Some(TableKind::Releases));
    assert_eq!(d.releases[0].feature.as_deref(), Some("v2.0"));
}

#[test]
fn issue_details_are_capped_but_counts_are_complete() {
    let mut csv = b"account_id,date\n".to_vec();
    for _ in 0..500 {
        csv.extend_from_slice(b"A,not-a-date\n");
    }
    let d = one("usage.csv", &csv);
    let f = &d.files[0];
    assert_eq!(f.rows_rejected, 500);
    assert_eq!(f.issues.len(), 200);
    assert!(f.issues_truncated);
    assert_eq!(f.reasons, vec![("invalid date".to_string(), 500)]);
}

#[test]
fn any_chunking_gives_the_same_dataset() {
    let file: &[u8] = "\u{feff}account_id;name;arr\r\nA;\"Zoë; \"\"Z\"\"\";1.000,5\r\n\r\nB;Ärger;2\rC;\"multi\nline\";3".as_bytes();
    let reference = one("accounts.csv", file);
    for split in 0..=file.len() {
        let mut ingest = Ingest::new();
        let id = ingest.begin_file("accounts.csv", None);
        // Bytes arrive after the sniffing window in two arbitrary pieces.
        ingest.push(id, &file[..split]);
        ingest.push(id, &file[split..]);
        ingest.end_file(id);
        let d = ingest.finish();
        assert_eq!(d.accounts.len(), 3);
        for (a, b) in d.accounts.iter().zip(&reference.accounts) {
            assert_eq!(
                (&a.id, &a.name, a.arr, a.source),
                (&b.id, &b.name, b.arr, b.source),
                "split {split}"
            );
        }
        assert_eq!(d.files[0].rows_read, 3);
    }
    assert_eq!(reference.accounts[0].name.as_deref(), Some("Zoë; \"Z\""));
    assert_eq!(reference.accounts[0].arr, Some(1000.5));
    assert_eq!(reference.accounts[2].source.unwrap().line, 5);
}

#[test]
fn chunk_splits_past_the_sniffing_window_do_not_change_results() {
    // ~30 KiB of usage rows with quotes, CRLF and multi-byte text, well past the sniff buffer.
    let mut file = String::from("account_id,user,date,feature,count\r\n");
    for i in 0..600 {
        file.push_str(&format!(
            "A{},\"user {}, é\",2024-01-{:02},\"feat \"\"{}\"\"\",{}\r\n",
            i % 7,
            i % 13,
            1 + i % 28,
            i % 5,
            i % 4
        ));
    }
    let bytes = file.as_bytes();
    let reference = one("usage.csv", bytes);
    assert_eq!(reference.usage.len(), 600);
    assert_eq!(reference.users.len(), 13);
    assert_eq!(
        reference.features.name(reference.usage.feature[1]),
        "feat \"1\""
    );
    for step in [1usize, 2, 3, 997, 4093, 8191, 8192, 8193] {
        let mut ingest = Ingest::new();
        let id = ingest.begin_file("usage.csv", None);
        for piece in bytes.chunks(step) {
            ingest.push(id, piece);
        }
        ingest.end_file(id);
        let d = ingest.finish();
        assert_eq!(d.usage.day, reference.usage.day, "step {step}");
        assert_eq!(d.usage.user, reference.usage.user, "step {step}");
        assert_eq!(d.usage.count, reference.usage.count, "step {step}");
        assert_eq!(d.files[0].rows_used, 600);
    }
}

#[test]
fn large_utf16_file_in_odd_chunks() {
    let mut text = String::from("account_id,name\n");
    for i in 0..2000 {
        text.push_str(&format!("A{i},Zoë 😀 {i}\n"));
    }
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut ingest = Ingest::new();
    let id = ingest.begin_file("accounts.csv", None);
    for piece in le.chunks(1001) {
        ingest.push(id, piece);
    }
    ingest.end_file(id);
    let d = ingest.finish();
    assert_eq!(d.files[0].rows_used, 2000);
    assert_eq!(d.accounts[1999].name.as_deref(), Some("Zoë 😀 1999"));
}

#[test]
fn usage_rows_of_unknown_accounts_are_dropped_and_the_rest_stay_aligned() {
    let accounts: &[u8] = b"account_id\nA\n";
    let usage: &[u8] = b"account_id,date,feature,count\nZ,2024-01-01,f1,1\nA,2024-01-02,f2,2\nZ,2024-01-03,f3,3\nA,2024-01-04,f4,4\n";
    let d = ingest(&[("usage.csv", usage), ("accounts.csv", accounts)]);
    let f = &d.files[0];
    assert_eq!((f.rows_used, f.rows_rejected), (2, 2));
    assert_eq!(rejected_lines(f), vec![2, 4]);
    assert_eq!(d.usage.count, vec![2.0, 4.0]);
    assert_eq!(
        d.usage.day,
        vec![
            day_from_ymd(2024, 1, 2).unwrap(),
            day_from_ymd(2024, 1, 4).unwrap()
        ]
    );
    let features: Vec<&str> = d
        .usage
        .feature
        .iter()
        .map(|&id| d.features.name(id))
        .collect();
    assert_eq!(features, vec!["f2", "f4"]);
    // f1 and f3 were only on rejected rows: not part of the dataset.
    assert_eq!(d.features.len(), 2);
    assert_eq!(d.usage.account, vec![0, 0]);
    assert_eq!(d.latest_day, day_from_ymd(2024, 1, 4));
}
