//! What the account detail says on RavenStack, whose usage export has no user ids: inputs
//! missing for a reason of the export say that reason, not "no data for this account".

use customer_health::domain::measure::Measure;
use customer_health::engine::score_files;
use customer_health::model::config::Model;

fn data_dir() -> String {
    std::env::var("CH_DATA_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/ravenstack").to_string()
    })
}

fn ravenstack() -> customer_health::results::Results {
    let files: Vec<(String, Vec<u8>)> = [
        "ravenstack_accounts.csv",
        "ravenstack_subscriptions.csv",
        "ravenstack_feature_usage.csv",
        "ravenstack_support_tickets.csv",
        "ravenstack_churn_events.csv",
    ]
    .iter()
    .map(|name| {
        let path = format!("{}/{name}", data_dir());
        (name.to_string(), std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}")))
    })
    .collect();
    score_files(&files, &Model::default())
}

#[test]
fn seat_utilisation_and_stickiness_say_the_usage_export_has_no_user_ids() {
    let results = ravenstack();
    assert_eq!(results.accounts.len(), 500);
    for account in &results.accounts {
        for measure in [Measure::SeatUtilisation, Measure::Stickiness] {
            let c = account
                .components
                .iter()
                .find(|c| c.measure == measure)
                .expect("component");
            assert_eq!(c.normalized, None, "{}", account.account_id);
            assert_eq!(
                c.evidence,
                "the usage export has no user ids, so active users cannot be counted",
                "{} {measure:?}",
                account.account_id
            );
        }
    }
}
