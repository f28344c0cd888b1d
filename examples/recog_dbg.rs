use customer_health::ingest::Ingest;
use customer_health::ingest::report::MappingOverride;
fn main() {
    let mut ov = MappingOverride::default();
    ov.columns.insert("churn_date".into(), "churned".into());
    let mut ingest = Ingest::new();
    let id = ingest.begin_file("accounts.csv", Some(ov));
    for c in b"account_id,churn_date\nA,2024-03-01\nB,\n".chunks(7) { ingest.push(id, c); }
    ingest.end_file(id);
    let d = ingest.finish();
    let f = &d.files[0];
    println!("{:?}\n{:?}\n{:?}\n{:?}", f.mapping, f.notes, f.recognition, d.accounts.iter().map(|a| (a.churned, a.churn_day)).collect::<Vec<_>>());
}
