//! cargo-fuzz target: any text as a user model. Parsing must not panic; a model that passes
//! validation must score a small fixed portfolio within the invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_harness/mod.rs"]
mod fuzz_harness;

const PORTFOLIO: &[(&str, &str)] = &[
    ("accounts.csv", "account_id,name,arr,seats,csat,nps,logins_30d,active_users,goal_progress\nA1,Acme,12000,10,0.8,30,40,6,0.5\nA2,Beta,500,3,0.2,-40,2,1,0.1\nA3,Gamma,,,,,,,\n"),
    ("usage.csv", "account_id,user_id,date,feature,count\nA1,u1,2024-06-01,reports,5\nA1,u2,2024-06-20,alerts,1\nA2,u3,2024-04-20,reports,12\n"),
    ("surveys.csv", "account_id,date,type,score,comment\nA1,2024-06-10,nps,9,great\nA2,2024-06-11,csat,2,switching to Rival\n"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let case = fuzz_harness::Case {
        files: PORTFOLIO
            .iter()
            .map(|(n, b)| fuzz_harness::FileCase { name: n.to_string(), bytes: b.as_bytes().to_vec(), cuts: Vec::new(), mapping: None })
            .collect(),
        model: Some(text.to_string()),
    };
    if let Err(e) = fuzz_harness::check(&case) {
        panic!("{e}");
    }
});
