//! The CLI's side of saved mappings and unused columns: `--mapping profiles.json` loaded into
//! the engine, the profile and the unused columns printed per file, and the reasons printed
//! when accounts were read but none was scored.

use std::path::Path;

use customer_health::engine::Engine;
use customer_health::ingest::report::FileReport;
use customer_health::ingest::{saved_mapping, unused};
use customer_health::results::Results;

/// Reads saved mapping profiles (JSON) and gives them to the engine before any file is begun.
pub fn load_profiles(engine: &mut Engine, path: Option<&Path>) -> Result<(), String> {
    let Some(path) = path else { return Ok(()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let profiles =
        saved_mapping::parse_profiles(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    engine.set_profiles(profiles);
    Ok(())
}

/// The saved mapping applied to a file, as one line under the file's header line.
pub fn print_profile(file: &FileReport) {
    if let Some(profile) = &file.profile {
        eprintln!("  {profile}");
    }
}

/// Lists a file's unused columns and what each could become.
pub fn print_unused(file: &FileReport) {
    if file.unused.is_empty() {
        return;
    }
    eprintln!("  not used ({}):", file.unused.len());
    for u in &file.unused {
        eprintln!("    {}", unused::describe(u));
    }
}

/// When accounts were read and none scored: which measures had no data, and what the unused
/// columns could become.
pub fn print_why_none_scored(results: &Results) -> Result<(), String> {
    if results.summary.scored > 0 || results.summary.accounts == 0 {
        return Ok(());
    }
    let value = serde_json::to_value(results).map_err(|e| e.to_string())?;
    for line in unused::why_none_scored(&value) {
        eprintln!("{line}");
    }
    Ok(())
}
