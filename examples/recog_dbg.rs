use customer_health::ingest::Ingest;
use customer_health::ingest::report::{MappingOverride, TableKind};
fn main() {
    for (name, bytes, ov) in [
        ("stuff.csv", &b"foo,bar\n1,2\n3,4\n"[..], None),
        ("accounts.csv", &b"\n\n  \n"[..], None),
        ("t.csv", &b"account_id\nA\n"[..], Some(MappingOverride { kind: Some(TableKind::Tickets), ..Default::default() })),
    ] {
        let mut ingest = Ingest::new();
        let id = ingest.begin_file(name, ov);
        ingest.push(id, bytes);
        ingest.end_file(id);
        let d = ingest.finish();
        let f = &d.files[0];
        println!("{name}: fmt {:?} bytes {} notes {:?} kind {:?} err {:?} read {} used {} mapping {:?}\n  {:?}", f.format, f.bytes, f.notes, f.kind, f.error, f.rows_read, f.rows_used, f.mapping, f.recognition);
    }
}
