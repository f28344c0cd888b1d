//! `customer-health score`: reads the files, prints what each was recognised as, and writes the
//! results as JSON or CSV (the CSV's `low_data` column by `--low-coverage-below`).

use customer_health::domain::coverage::LOW_COVERAGE_BELOW;
use customer_health::ingest::schema::kind_name;
use customer_health::output;

use super::{ingest, load_model, profiles, ScoreArgs};

/// `--low-coverage-below`: a share 0–1 ("0.6") or a percentage ("60%"); the engine's default
/// (the page's too) without it. Only the CSV has a `low_data` column, so with any other output
/// the option is refused rather than silently ignored.
fn low_coverage_below(args: &ScoreArgs, csv: bool) -> Result<f64, String> {
    let Some(text) = &args.low_coverage_below else {
        return Ok(LOW_COVERAGE_BELOW);
    };
    if !csv {
        return Err("--low-coverage-below sets the CSV's low_data column: use it with --out FILE.csv (the JSON carries each account's coverage)".into());
    }
    let trimmed = text.trim();
    let share = match trimmed.strip_suffix('%') {
        Some(percent) => percent.trim().parse::<f64>().ok().map(|p| p / 100.0),
        None => trimmed.parse::<f64>().ok(),
    };
    share
        .filter(|s| (0.0..=1.0).contains(s))
        .ok_or_else(|| format!("--low-coverage-below '{text}': expected a share from 0 to 1 (e.g. 0.6) or a percentage (e.g. 60%)"))
}

pub(crate) fn run_score(args: &ScoreArgs) -> Result<(), String> {
    let csv =
        matches!(&args.out, Some(path) if path.extension().and_then(|e| e.to_str()) == Some("csv"));
    let below = low_coverage_below(args, csv)?;
    let mut model = load_model(args)?;
    if let Some(as_of) = &args.as_of {
        model.as_of = Some(as_of.clone());
        model.validate().map_err(|p| p.join("\n"))?;
    }
    let mut engine = ingest(args)?;
    for problem in engine.data_problems(&model) {
        eprintln!("warning: {problem}");
    }
    let results = engine.score(&model);
    for file in &results.files {
        eprintln!(
            "{}: {} — {} rows read, {} used, {} rejected{}",
            file.name,
            file.kind.map(kind_name).unwrap_or("not recognised"),
            file.rows_read,
            file.rows_used,
            file.rows_rejected,
            file.error
                .as_ref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        );
        profiles::print_profile(file);
        for note in &file.notes {
            eprintln!("  note: {note}");
        }
        if let Some(r) = &file.recognition {
            if file.kind.is_some() {
                eprintln!(
                    "  recognised with confidence {:.0} %: {}",
                    r.confidence * 100.0,
                    r.reasons.join("; ")
                );
            }
        }
        profiles::print_unused(file);
    }
    let text = if csv {
        output::csv::to_csv_marked(&results, &model, below)
    } else {
        output::to_json(&results)
    };
    match &args.out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => println!("{text}"),
    }
    eprintln!(
        "{} accounts, {} scored (as of {})",
        results.summary.accounts, results.summary.scored, results.summary.as_of
    );
    profiles::print_why_none_scored(&results)
}
