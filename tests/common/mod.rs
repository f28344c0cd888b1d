//! Helpers shared by the integration tests that run the CLI or read the public sample data.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The `customer-health` binary built for this test run.
pub fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_customer-health"))
}

/// The RavenStack sample: `$CH_DATA_DIR`, else `../shared/data/ravenstack` beside the checkout.
pub fn ravenstack_dir() -> PathBuf {
    std::env::var_os("CH_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/data/ravenstack"
            ))
        })
}

/// A path in a scratch directory private to this test process, under the build's own
/// scratch folder (`target/tmp`, which cargo provides to integration tests), so that test
/// runs do not pile up folders in the system's temp directory.
pub fn temp_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("ch-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
