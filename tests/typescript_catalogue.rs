//! `www/lib/catalogue.d.ts` is generated from the engine's catalogues; this fails when the
//! committed file differs from what the engine writes today (a built-in measure, flag,
//! quadrant, table kind or segment dimension added or renamed without regenerating it).

use std::process::Command;

use customer_health::output::typescript::{catalogue_d_ts, REGENERATE};

fn committed() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/lib/catalogue.d.ts");
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}; write it with: {REGENERATE}"))
}

#[test]
fn the_committed_catalogue_types_are_the_engines() {
    assert!(
        committed() == catalogue_d_ts(),
        "www/lib/catalogue.d.ts is stale; rewrite it with: {REGENERATE}"
    );
}

/// The command the file and the error message name prints exactly that text.
#[test]
fn the_cli_subcommand_prints_the_file() {
    let out = Command::new(env!("CARGO_BIN_EXE_customer-health"))
        .arg("typescript")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), catalogue_d_ts());
}
