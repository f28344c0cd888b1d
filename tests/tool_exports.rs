//! The exports of the tools CS teams use (tests/fixtures/tools, written from each tool's public
//! description of its export format; see the README there) are recognised with no mapping:
//! the table kind and the key columns.

use customer_health::dataset::Dataset;
use customer_health::ingest::report::{FileReport, TableKind};
use customer_health::ingest::Ingest;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/tools/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Ingests the CRM account report and `name`, in the order the ingest recommends.
fn with_accounts(name: &str) -> Dataset {
    let files = ["salesforce_accounts.csv", name];
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| fixture(f)).collect();
    let mut ingest = Ingest::new();
    // The event file first: the read order must still put the accounts first.
    let ids: Vec<usize> = [1, 0]
        .iter()
        .map(|&i| ingest.begin_file(files[i], None))
        .collect();
    let heads: Vec<&[u8]> = [1, 0].iter().map(|&i| bytes[i].as_slice()).collect();
    for k in ingest.read_order(&heads) {
        let i = [1, 0][k];
        ingest.push(ids[k], &bytes[i]);
        ingest.end_file(ids[k]);
    }
    ingest.finish()
}

fn alone(name: &str) -> Dataset {
    let mut ingest = Ingest::new();
    let id = ingest.begin_file(name, None);
    ingest.push(id, &fixture(name));
    ingest.end_file(id);
    ingest.finish()
}

fn check(f: &FileReport, kind: TableKind, keys: &[(&str, &str)]) {
    assert_eq!(
        f.kind,
        Some(kind),
        "{}: {:?} {:?}",
        f.name,
        f.error,
        f.recognition
    );
    for (header, field) in keys {
        let m = f
            .mapping
            .iter()
            .find(|m| m.header == *header)
            .unwrap_or_else(|| panic!("{}: no column {header}", f.name));
        assert_eq!(
            m.field.as_deref(),
            Some(*field),
            "{}: {header} → {:?}; {:?}",
            f.name,
            m.field,
            f.recognition
        );
    }
    assert_eq!(f.rows_rejected, 0, "{}: {:?}", f.name, f.issues.first());
}

fn file<'a>(d: &'a Dataset, name: &str) -> &'a FileReport {
    d.files.iter().find(|f| f.name == name).unwrap()
}

#[test]
fn crm_reports() {
    let d = alone("salesforce_accounts.csv");
    check(
        &d.files[0],
        TableKind::Accounts,
        &[
            ("Account ID", "account_id"),
            ("Account Name", "name"),
            ("Account Owner", "owner"),
        ],
    );
    assert_eq!(d.accounts.len(), 8);
    let d = alone("hubspot_companies.csv");
    check(
        &d.files[0],
        TableKind::Accounts,
        &[
            ("Record ID", "account_id"),
            ("Company name", "name"),
            ("Company owner", "owner"),
        ],
    );
    let d = with_accounts("salesforce_opportunities.csv");
    check(
        file(&d, "salesforce_opportunities.csv"),
        TableKind::Subscriptions,
        &[
            ("Opportunity ID", "subscription_id"),
            ("Account ID", "account_id"),
            ("Amount", "arr"),
        ],
    );
}

#[test]
fn help_desk_exports() {
    let d = alone("zendesk_tickets.csv");
    check(
        &d.files[0],
        TableKind::Tickets,
        &[
            ("Organization", "account_id"),
            ("Created at", "opened"),
            ("Solved at", "resolved"),
            ("Priority", "priority"),
        ],
    );
    let d = with_accounts("intercom_conversations.csv");
    check(
        file(&d, "intercom_conversations.csv"),
        TableKind::Tickets,
        &[
            ("company_id", "account_id"),
            ("created_at", "opened"),
            ("priority", "priority"),
        ],
    );
    assert_eq!(d.tickets.len(), 20);
    let d = alone("freshdesk_tickets.csv");
    check(
        &d.files[0],
        TableKind::Tickets,
        &[
            ("Company Name", "account_id"),
            ("Created time", "opened"),
            ("Resolved time", "resolved"),
            ("Priority", "priority"),
        ],
    );
}

#[test]
fn product_analytics_exports() {
    let d = with_accounts("mixpanel_export.json");
    check(
        file(&d, "mixpanel_export.json"),
        TableKind::Usage,
        &[
            ("event", "feature"),
            ("properties.time", "date"),
            ("properties.distinct_id", "user_id"),
            ("properties.company_id", "account_id"),
        ],
    );
    assert_eq!(d.usage.day.len(), 40);
    let d = with_accounts("amplitude_export.json");
    check(
        file(&d, "amplitude_export.json"),
        TableKind::Usage,
        &[
            ("event_type", "feature"),
            ("event_time", "date"),
            ("user_id", "user_id"),
            ("groups.company", "account_id"),
        ],
    );
    let d = with_accounts("segment_tracks.csv");
    check(
        file(&d, "segment_tracks.csv"),
        TableKind::Usage,
        &[
            ("event", "feature"),
            ("timestamp", "date"),
            ("user_id", "user_id"),
            ("context_group_id", "account_id"),
        ],
    );
    let d = with_accounts("pendo_events.csv");
    check(
        file(&d, "pendo_events.csv"),
        TableKind::Usage,
        &[
            ("accountId", "account_id"),
            ("visitorId", "user_id"),
            ("day", "date"),
            ("numEvents", "count"),
        ],
    );
    // Every event joined to a CRM account.
    assert_eq!(d.usage.day.len(), 40);
}
