//! Ingests the five public RavenStack files with no manual mapping and checks recognition,
//! joins and reconciled counts (numbers cross-checked with an independent Python count).

use customer_health::dataset::{day_from_ymd, Dataset};
use customer_health::ingest::report::{FileReport, TableKind};
use customer_health::ingest::Ingest;

fn data_dir() -> String {
    std::env::var("CH_DATA_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/ravenstack").to_string()
    })
}

const FILES: [&str; 5] = [
    "ravenstack_accounts.csv",
    "ravenstack_subscriptions.csv",
    "ravenstack_feature_usage.csv",
    "ravenstack_support_tickets.csv",
    "ravenstack_churn_events.csv",
];

/// Ingests the files in the given order, pushing chunks of `chunk` bytes.
fn ingest(order: &[&str], chunk: usize) -> Dataset {
    let mut ingest = Ingest::new();
    for name in order {
        let path = format!("{}/{name}", data_dir());
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        let id = ingest.begin_file(name, None);
        for piece in bytes.chunks(chunk) {
            ingest.push(id, piece);
        }
        ingest.end_file(id);
    }
    ingest.finish()
}

fn report<'a>(d: &'a Dataset, name: &str) -> &'a FileReport {
    d.files
        .iter()
        .find(|f| f.name == name)
        .expect("file report")
}

fn check(d: &Dataset) {
    let expected = [
        ("ravenstack_accounts.csv", TableKind::Accounts, 500),
        (
            "ravenstack_subscriptions.csv",
            TableKind::Subscriptions,
            5_000,
        ),
        ("ravenstack_feature_usage.csv", TableKind::Usage, 25_000),
        ("ravenstack_support_tickets.csv", TableKind::Tickets, 2_000),
        ("ravenstack_churn_events.csv", TableKind::ChurnEvents, 600),
    ];
    for (name, kind, rows) in expected {
        let r = report(d, name);
        assert_eq!(r.kind, Some(kind), "{name}: {:?}", r.candidates);
        assert_eq!(r.candidates[0].0, kind);
        assert!(r.error.is_none(), "{name}: {:?}", r.error);
        assert_eq!(r.rows_read, rows, "{name}");
        assert_eq!(r.rows_used + r.rows_rejected, r.rows_read, "{name}");
        // This public file is clean: every row is used and no cell is ignored.
        assert_eq!(r.rows_used, rows, "{name}: {:?}", r.issues.first());
        assert_eq!(r.cells_ignored, 0, "{name}: {:?}", r.issues.first());
    }
    assert_eq!(d.accounts.len(), 500);
    assert_eq!(d.account_ids.len(), 500);
    assert!(d.accounts.iter().all(|a| a.source.is_some()));
    assert_eq!(d.subscriptions.len(), 5_000);
    assert_eq!(d.usage.len(), 25_000);
    assert_eq!(d.tickets.len(), 2_000);
    assert_eq!(d.churn_events.len(), 600);
    assert_eq!(d.features.len(), 40);
    assert_eq!(d.users.len(), 0, "RavenStack usage has no user column");
    let total_count: f64 = d.usage.count.iter().map(|&c| c as f64).sum();
    assert_eq!(total_count, 250_525.0);
    // Blank ticket satisfaction is absent, never 0: 825 of 2,000 are blank.
    assert_eq!(
        d.tickets
            .iter()
            .filter(|t| t.satisfaction.is_none())
            .count(),
        825
    );
    assert!(d
        .tickets
        .iter()
        .filter_map(|t| t.satisfaction)
        .all(|s| (1.0..=5.0).contains(&s)));
    assert_eq!(d.latest_day, day_from_ymd(2024, 12, 31));

    // Usage joined via subscription_id lands on the subscription's account.
    let usage_file =
        std::fs::read_to_string(format!("{}/ravenstack_feature_usage.csv", data_dir())).unwrap();
    let first = usage_file.lines().nth(1).unwrap();
    let sub_id = first.split(',').nth(1).unwrap();
    let sub = d.subscriptions.iter().find(|s| s.id == sub_id).unwrap();
    assert_eq!(d.usage.account[0], sub.account);
    assert_eq!(d.usage.day[0], day_from_ymd(2023, 7, 27).unwrap());

    // A known account row.
    let idx = d.account_ids.get("A-2e4581").unwrap() as usize;
    let a = &d.accounts[idx];
    assert_eq!(a.name.as_deref(), Some("Company_0"));
    assert_eq!(a.industry.as_deref(), Some("EdTech"));
    assert_eq!(a.region.as_deref(), Some("US"));
    assert_eq!(a.seats, Some(9.0));
    assert_eq!(a.churned, Some(false));
    assert_eq!(a.start_day, day_from_ymd(2024, 10, 16));
}

#[test]
fn ravenstack_in_natural_order() {
    check(&ingest(&FILES, 64 * 1024));
}

#[test]
fn ravenstack_with_accounts_last_and_odd_chunks() {
    let reversed: Vec<&str> = FILES.iter().rev().copied().collect();
    check(&ingest(&reversed, 7_919));
}

#[test]
fn ravenstack_through_the_engine_facade() {
    let mut engine = customer_health::engine::Engine::new();
    for name in FILES {
        let bytes = std::fs::read(format!("{}/{name}", data_dir())).expect("read");
        let id = engine.begin_file(name, None).unwrap();
        for piece in bytes.chunks(100_003) {
            engine.push(id, piece).unwrap();
        }
        engine.end_file(id).unwrap();
    }
    engine.finish_ingest();
    check(engine.dataset().expect("dataset after finish_ingest"));
}
