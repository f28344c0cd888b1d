//! Unused columns that hold identifiers or codes are listed as unused but never offered as a
//! category or a custom measure: phone numbers and postcodes in several languages, ticket ids,
//! customer numbers — while an ordinary number or category column still is.

mod messy;

use customer_health::dataset::Dataset;
use customer_health::ingest::Ingest;

fn ingest(files: &[(&str, Vec<u8>)]) -> Dataset {
    let mut ingest = Ingest::new();
    let ids: Vec<usize> = files.iter().map(|(name, _)| ingest.begin_file(name, None)).collect();
    let heads: Vec<&[u8]> = files.iter().map(|(_, b)| &b[..]).collect();
    for i in ingest.read_order(&heads) {
        ingest.push(ids[i], &files[i].1);
        ingest.end_file(ids[i]);
    }
    ingest.finish()
}

/// (header, fields, measure) of each unused column of file `name`.
fn unused(d: &Dataset, name: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let file = d.files.iter().find(|f| f.name == name).expect("file report");
    file.unused.iter().map(|u| (u.header.clone(), u.fields.clone(), u.measure.clone())).collect()
}

/// The value type each unused column of file `name` is reported with.
fn value_type<'a>(d: &'a Dataset, name: &str, header: &str) -> &'a str {
    let file = d.files.iter().find(|f| f.name == name).expect("file report");
    &file.unused.iter().find(|u| u.header == header).expect("listed").value_type
}

#[test]
fn codes_and_ids_in_several_languages_are_listed_but_never_offered() {
    let mut accounts = String::from(
        "account_id,name,arr,téléphone,Telefonnummer,Teléfono,Code postal,PLZ,Kundennummer,N° client,contact,Open deals,Segment\n",
    );
    let mut tickets = String::from("ticket_id,account_id,opened_at,Ticketnummer,Subject\n");
    for i in 0..30 {
        accounts.push_str(&format!(
            "A{i:03},Company {i},{arr},+33 1 23 45 67 {i:02},030 {n},+34 91 123 45 {i:02},750{i:02},{plz:05},K-{n},C{n},0{i:02}-555-{i:04},{deals},{seg}\n",
            arr = 10_000 + 1_000 * i,
            n = 4_000_000 + 7 * i,
            plz = 1_000 + 997 * i,
            deals = i % 4,
            seg = ["SMB", "Mid-market", "Enterprise"][i % 3],
        ));
        for t in 0..3 {
            tickets.push_str(&format!(
                "T-{i:03}{t},A{i:03},2024-0{m}-1{t},{num},Login problem\n",
                m = 1 + t,
                num = 50_000 + 3 * i + t,
            ));
        }
    }
    let d = ingest(&[("accounts.csv", accounts.into_bytes()), ("tickets.csv", tickets.into_bytes())]);
    let listed = unused(&d, "accounts.csv");
    let headers: Vec<&str> = listed.iter().map(|(h, _, _)| h.as_str()).collect();
    for code in ["téléphone", "Telefonnummer", "Teléfono", "Code postal", "PLZ", "Kundennummer", "N° client", "contact"] {
        // Listed (nothing silent), offered as nothing.
        let (_, fields, measure) = listed.iter().find(|(h, _, _)| h == code).unwrap_or_else(|| panic!("{code} not listed: {headers:?}"));
        assert_eq!((fields, measure), (&vec![], &None), "{code}");
    }
    // The report says what such a column is, not the shape its values share with a
    // category or a number.
    for (header, kind) in [("téléphone", "code"), ("PLZ", "code"), ("Kundennummer", "identifier"), ("N° client", "identifier")] {
        assert_eq!(value_type(&d, "accounts.csv", header), kind, "{header}");
    }
    assert_eq!(value_type(&d, "accounts.csv", "Segment"), "category");
    assert_eq!(value_type(&d, "accounts.csv", "Open deals"), "number");
    assert_eq!(value_type(&d, "tickets.csv", "ticket_id"), "identifier");
    // Ordinary columns still are offered as custom measures.
    for (header, kind) in [("Open deals", "number"), ("Segment", "category")] {
        let (_, _, measure) = listed.iter().find(|(h, _, _)| h == header).unwrap_or_else(|| panic!("{header} not listed: {headers:?}"));
        assert_eq!(measure.as_deref(), Some(kind), "{header}");
    }
    // A ticket id is no ticket category (it shares "ticket" with the synonym ticket_type).
    let listed = unused(&d, "tickets.csv");
    for code in ["ticket_id", "Ticketnummer"] {
        let (_, fields, _) = listed.iter().find(|(h, _, _)| h == code).unwrap_or_else(|| panic!("{code} not listed: {listed:?}"));
        assert!(fields.is_empty(), "{code}: {fields:?}");
    }
}

#[test]
fn the_messy_exports_phone_columns_are_never_custom_measures() {
    let mut seen = 0;
    for seed in 0..15 {
        let generated = messy::export(seed);
        let files: Vec<(&str, Vec<u8>)> = generated.iter().map(|f| (f.name.as_str(), f.bytes.clone())).collect();
        let d = ingest(&files);
        for report in &d.files {
            for u in &report.unused {
                if ["Phone", "Telefon", "Téléphone"].iter().any(|p| u.header.eq_ignore_ascii_case(p) || u.header.to_lowercase().replace(['_', ' '], "") == p.to_lowercase()) {
                    seen += 1;
                    assert_eq!(u.measure, None, "seed {seed} {}: {u:?}", report.name);
                    assert!(u.fields.is_empty(), "seed {seed} {}: {u:?}", report.name);
                }
            }
        }
    }
    assert!(seen >= 3, "the phone columns were listed as unused only {seen} times");
}
