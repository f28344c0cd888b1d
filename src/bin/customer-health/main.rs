//! Native command line over the same core the browser runs.
//!
//! ```text
//! customer-health score FILE_OR_DIR… [--config model.json] [--out results.json|results.csv] [--as-of YYYY-MM-DD] [--mapping profiles.json] [--low-coverage-below SHARE]
//! customer-health backtest FILE_OR_DIR… [--config model.json] [--as-of YYYY-MM-DD] [--outcome dated|events|subscriptions|account-flag] [--json]
//! customer-health calibrate FILE_OR_DIR… [--config model.json] [--out learned-model.json] [--as-of LAST-CUTOFF] [--folds N] [--lambda L2] [--json]
//! customer-health discover FILE_OR_DIR… [--config model.json] [--json]
//! customer-health sql [--config model.json] [--dialect duckdb] [--without-lifecycle] [--out model.sql]
//! customer-health model            # prints the default model JSON
//! customer-health fields           # prints the data contract (tables, fields, synonyms)
//! customer-health typescript       # prints www/lib/catalogue.d.ts (the catalogues' TS unions)
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use customer_health::analysis::backtest::{self, OutcomeSource};
use customer_health::analysis::calibrate;
use customer_health::analysis::learn;
use customer_health::engine::Engine;
use customer_health::model::config::Model;
use customer_health::output;
use customer_health::warehouse::sql;

mod contract;
mod files;
mod profiles;
mod score;
use contract::data_contract_markdown;
use files::{is_workbook_name, read_head, stream_file, workbook_tables, Source};
use score::run_score;

const USAGE: &str = "usage:
  customer-health score FILE_OR_DIR... [--config model.json] [--out results.json|results.csv] [--as-of YYYY-MM-DD]
                   [--mapping profiles.json] [--low-coverage-below SHARE]
      --mapping applies saved column mappings (exported from the page, or written by hand) to
      files whose headers match; it works with backtest and calibrate too
      --low-coverage-below sets the share of the model's weight (0-1, or a percentage such as
      60%) below which the CSV's low_data column says yes (default 0.5, as the page); CSV only
  customer-health backtest FILE_OR_DIR... [--config model.json] [--as-of YYYY-MM-DD]
                   [--outcome dated|events|subscriptions|account-flag] [--json]
      score accounts as of a past day (default: windows.backtest_days before the data's end)
      and compare with churn afterwards: AUC, lift, calibration, per-signal figures
  customer-health calibrate FILE_OR_DIR... [--config model.json] [--out learned-model.json]
                   [--as-of LAST-CUTOFF] [--folds N] [--lambda L2] [--outcome ...] [--json]
      fit measure weights to past churn (L2 logistic regression, time-ordered folds); on a
      snapshot (one row per account with a churn column, no dated history) learn a model from
      every column instead (stratified folds): [--include COLUMN] [--exclude COLUMN] repeatable;
      --snapshot learns that way even when dated history exists
  customer-health discover FILE_OR_DIR... [--config model.json] [--json]
      churn by decile or category of every column and measure, with AUC, direction, coverage
      and probable leaks
  customer-health sql [--config model.json] [--as-of YYYY-MM-DD] [--dialect duckdb] [--without-lifecycle] [--out model.sql]
      compile the model to SQL computing the same scores in a warehouse, lifecycle stages
      included (--without-lifecycle drops them: default normalisation for every account)
  customer-health model        print the default model (JSON) to start a custom one
  customer-health fields       print the data contract: tables, fields and header synonyms
  customer-health typescript   print the TypeScript unions of the engine's catalogues
                               (www/lib/catalogue.d.ts: measures, flags, quadrants, tables)

Files may be CSV/TSV (any of , ; TAB | as delimiter), JSON arrays of objects, or workbooks
(.xlsx, .xlsm, .xlsb, .xls, .ods: every visible sheet is a table named 'book.xlsx › Sheet');
a directory means every such file in it. Without --out, JSON goes to standard output.";

/// Parsed arguments of every subcommand.
#[derive(Default)]
struct ScoreArgs {
    inputs: Vec<PathBuf>,
    config: Option<PathBuf>,
    out: Option<PathBuf>,
    as_of: Option<String>,
    json: bool,
    outcome: Option<String>,
    folds: Option<String>,
    lambda: Option<String>,
    dialect: Option<String>,
    /// Saved mapping profiles (JSON) applied to files whose headers match.
    mapping: Option<PathBuf>,
    /// `sql`: drop lifecycle stages (default normalisation for every account).
    without_lifecycle: bool,
    /// Snapshot learning: columns to learn from even when flagged, and columns to leave out.
    include: Vec<String>,
    exclude: Vec<String>,
    /// `calibrate`: learn from the accounts snapshot even when dated history exists.
    snapshot: bool,
    /// `score` to CSV: the coverage share below which `low_data` says yes (as written).
    low_coverage_below: Option<String>,
}

/// A subcommand that reads arguments and reports an error message.
type Runner = fn(&ScoreArgs) -> Result<(), String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run: Option<Runner> = match args.first().map(String::as_str) {
        Some("score") => Some(run_score),
        Some("backtest") => Some(run_backtest),
        Some("calibrate") => Some(run_calibrate),
        Some("discover") => Some(run_discover),
        Some("sql") => Some(run_sql),
        _ => None,
    };
    if let Some(run) = run {
        let needs_files = args[0] != "sql";
        return match parse_score_args(&args[1..], needs_files).and_then(|a| run(&a)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("customer-health: {message}");
                ExitCode::from(1)
            }
        };
    }
    match args.first().map(String::as_str) {
        Some("model") => {
            print!("{}", customer_health::model::config::DEFAULT_MODEL_JSON);
            ExitCode::SUCCESS
        }
        Some("fields") => {
            print!("{}", data_contract_markdown());
            ExitCode::SUCCESS
        }
        Some("typescript") => {
            print!("{}", output::typescript::catalogue_d_ts());
            ExitCode::SUCCESS
        }
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_score_args(args: &[String], needs_files: bool) -> Result<ScoreArgs, String> {
    let mut parsed = ScoreArgs::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--as-of" => parsed.as_of = Some(value("--as-of")?),
            "--outcome" => parsed.outcome = Some(value("--outcome")?),
            "--folds" => parsed.folds = Some(value("--folds")?),
            "--lambda" => parsed.lambda = Some(value("--lambda")?),
            "--dialect" => parsed.dialect = Some(value("--dialect")?),
            "--mapping" => parsed.mapping = Some(PathBuf::from(value("--mapping")?)),
            "--low-coverage-below" => {
                parsed.low_coverage_below = Some(value("--low-coverage-below")?)
            }
            "--include" => parsed.include.push(value("--include")?),
            "--exclude" => parsed.exclude.push(value("--exclude")?),
            "--snapshot" => parsed.snapshot = true,
            "--json" => parsed.json = true,
            "--without-lifecycle" => parsed.without_lifecycle = true,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"))
            }
            path => parsed.inputs.push(PathBuf::from(path)),
        }
    }
    if needs_files && parsed.inputs.is_empty() {
        return Err(format!("no input files\n{USAGE}"));
    }
    Ok(parsed)
}

/// Expands directories into their data files, sorted by name for reproducible runs.
fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries =
                std::fs::read_dir(input).map_err(|e| format!("{}: {e}", input.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_data_file(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!(
                    "{}: no .csv, .tsv, .txt, .json or workbook (.xlsx, .xls, .ods) files in this directory",
                    input.display()
                ));
            }
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(format!("{}: no such file or directory", input.display()));
        }
    }
    Ok(files)
}

fn is_data_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("csv" | "tsv" | "txt" | "json" | "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
    )
}

fn load_model(args: &ScoreArgs) -> Result<Model, String> {
    match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Model::from_json(&text).map_err(|e| format!("{}: invalid model:\n{e}", path.display()))
        }
        None => Ok(Model::default()),
    }
}

fn ingest(args: &ScoreArgs) -> Result<Engine, String> {
    let mut engine = Engine::new();
    profiles::load_profiles(&mut engine, args.mapping.as_deref())?;
    let paths = collect_files(&args.inputs)?;
    let mut ids = Vec::new();
    let mut heads = Vec::new();
    let mut sources = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_workbook_name(&name) {
            // Every sheet is a table of its own, read in the same order as the files.
            for (id, text) in workbook_tables(&mut engine, path, &name)? {
                ids.push(id);
                heads.push(text[..text.len().min(64 * 1024)].to_vec());
                sources.push(Source::Sheet(text));
            }
            continue;
        }
        ids.push(engine.begin_file(&name, None)?);
        heads.push(read_head(path)?);
        sources.push(Source::File(path.clone()));
    }
    // Entity tables first, so that event files can be keyed by the ids they hold.
    let heads: Vec<&[u8]> = heads.iter().map(Vec::as_slice).collect();
    for i in engine.read_order(&heads) {
        match &sources[i] {
            Source::File(path) => stream_file(path, |chunk| engine.push(ids[i], chunk))?,
            Source::Sheet(text) => engine.push(ids[i], text)?,
        }
        engine.end_file(ids[i])?;
    }
    engine.finish_ingest();
    if let Some(dataset) = engine.dataset() {
        for file in &dataset.files {
            if file.kind.is_none() || file.error.is_some() {
                eprintln!(
                    "{}: {}",
                    file.name,
                    file.error.as_deref().unwrap_or("not recognised")
                );
            }
        }
    }
    Ok(engine)
}

fn parse_date(text: &str) -> Result<i32, String> {
    customer_health::scoring::overrides::parse_day(text)
        .ok_or_else(|| format!("'{text}' is not a YYYY-MM-DD date"))
}

fn parse_outcome(args: &ScoreArgs) -> Result<Option<OutcomeSource>, String> {
    args.outcome
        .as_deref()
        .map(|o| {
            OutcomeSource::parse(o).ok_or_else(|| {
                format!("--outcome '{o}': expected dated, events, subscriptions or account-flag")
            })
        })
        .transpose()
}

fn write_or_print(out: &Option<PathBuf>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            // A closed pipe (`| head`) is not an error worth a panic.
            use std::io::Write;
            let _ = writeln!(std::io::stdout().lock(), "{text}");
            Ok(())
        }
    }
}

fn run_backtest(args: &ScoreArgs) -> Result<(), String> {
    let model = load_model(args)?;
    let mut engine = ingest(args)?;
    let options = backtest::Options {
        cutoff: args.as_of.as_deref().map(parse_date).transpose()?,
        source: parse_outcome(args)?,
    };
    let result = engine.backtest(&model, options)?;
    let text = if args.json {
        serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
    } else {
        backtest::text::to_text(&result)
    };
    write_or_print(&args.out, &text)
}

fn run_discover(args: &ScoreArgs) -> Result<(), String> {
    let model = load_model(args)?;
    let mut engine = ingest(args)?;
    let current = engine.score(&model);
    let dataset = engine.dataset().ok_or("no data")?;
    let as_of = customer_health::scoring::resolve_as_of(dataset, &model);
    let (list, labelled, churned) = learn::discover_dataset(dataset, &current.accounts, as_of)?;
    let text = if args.json {
        serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
    } else {
        learn::text::discoveries(&list, labelled, churned)
    };
    write_or_print(&args.out, text.trim_end())
}

/// `calibrate` on a snapshot: learn a model from every column (see `analysis::learn`).
fn run_learn(args: &ScoreArgs, model: &Model, mut engine: Engine) -> Result<(), String> {
    let current = engine.score(model);
    let dataset = engine.dataset().ok_or("no data")?;
    let options = learn::snapshot::Options {
        folds: match &args.folds {
            Some(f) => f
                .parse()
                .ok()
                .filter(|&n: &usize| (2..=10).contains(&n))
                .ok_or_else(|| format!("--folds '{f}': expected a number of folds 2–10"))?,
            None => learn::snapshot::Options::default().folds,
        },
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        ..learn::snapshot::Options::default()
    };
    for file in &dataset.files {
        for r in file
            .readings
            .iter()
            .filter(|r| r.reading.starts_with("label:"))
        {
            eprintln!("{}: churn label '{}' — {}", file.name, r.header, r.evidence);
        }
    }
    let learned = learn::learn_model(dataset, &current.accounts, model, &options)?;
    let text = if args.json {
        serde_json::to_string_pretty(&learned.learning).map_err(|e| e.to_string())?
    } else {
        learn::text::learning(&learned.learning)
    };
    write_or_print(&None, text.trim_end())?;
    if let Some(path) = &args.out {
        let json = serde_json::to_string_pretty(&learned.model).map_err(|e| e.to_string())?;
        std::fs::write(path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("learned model written to {}", path.display());
    }
    Ok(())
}

fn run_calibrate(args: &ScoreArgs) -> Result<(), String> {
    let model = load_model(args)?;
    let mut engine = ingest(args)?;
    let dataset = engine.dataset().ok_or("no data")?;
    // Accounts without dated history can only be learned from as a snapshot (without a
    // label, that path says which column would be one).
    if args.snapshot || learn::is_snapshot(dataset) || !learn::has_history(dataset) {
        eprintln!(
            "{}",
            if args.snapshot {
                "--snapshot: learning from the accounts table's columns and churn labels with stratified folds (dated history is used only through the current model's measures)"
            } else {
                "a snapshot (accounts without dated history): learning from its columns and churn labels with stratified folds"
            }
        );
        return run_learn(args, &model, engine);
    }
    let options = calibrate::Options {
        folds: match &args.folds {
            Some(f) => f
                .parse()
                .ok()
                .filter(|&n: &usize| (2..=24).contains(&n))
                .ok_or_else(|| format!("--folds '{f}': expected a number of cut-offs 2–24"))?,
            None => calibrate::Options::default().folds,
        },
        source: parse_outcome(args)?,
        last_cutoff: args.as_of.as_deref().map(parse_date).transpose()?,
        lambda: match &args.lambda {
            Some(l) => l
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("--lambda '{l}': expected a number ≥ 0"))?,
            None => calibrate::Options::default().lambda,
        },
        ..calibrate::Options::default()
    };
    let result = engine.calibrate(&model, &options)?;
    let text = if args.json {
        serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
    } else {
        calibrate::text::to_text(&result)
    };
    write_or_print(&None, text.trim_end())?;
    if let Some(path) = &args.out {
        let json =
            serde_json::to_string_pretty(&result.learned_model).map_err(|e| e.to_string())?;
        std::fs::write(path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("learned model written to {}", path.display());
    }
    Ok(())
}

fn run_sql(args: &ScoreArgs) -> Result<(), String> {
    let mut model = load_model(args)?;
    if let Some(as_of) = &args.as_of {
        model.as_of = Some(as_of.clone());
        model.validate().map_err(|p| p.join("\n"))?;
    }
    let dialect = match args.dialect.as_deref() {
        None => sql::Dialect::DuckDb,
        Some(d) => sql::Dialect::parse(d).ok_or_else(|| {
            format!("--dialect '{d}': only duckdb is generated today (see docs/backtest.md for BigQuery, Snowflake and Spark SQL notes)")
        })?,
    };
    let compiled = if args.without_lifecycle {
        sql::compile_without_stages(&model, dialect)?
    } else {
        sql::compile(&model, dialect)?
    };
    for warning in &compiled.warnings {
        eprintln!("customer-health sql: {warning}");
    }
    write_or_print(&args.out, &compiled.sql)
}
