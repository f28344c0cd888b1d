//! Native command line over the same core the browser runs.
//!
//! ```text
//! customer-health score FILE_OR_DIR… [--config model.json] [--out results.json|results.csv] [--as-of YYYY-MM-DD]
//! customer-health model            # prints the default model JSON
//! customer-health fields           # prints the data contract (tables, fields, synonyms)
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use customer_health::engine::Engine;
use customer_health::ingest::schema::{fields, kind_name, ALL_KINDS};
use customer_health::model::config::Model;
use customer_health::output;

const USAGE: &str = "usage:
  customer-health score FILE_OR_DIR... [--config model.json] [--out results.json|results.csv] [--as-of YYYY-MM-DD]
  customer-health model        print the default model (JSON) to start a custom one
  customer-health fields       print the data contract: tables, fields and header synonyms

Files may be CSV/TSV (any of , ; TAB | as delimiter) or JSON arrays of objects; a directory
means every .csv, .tsv, .txt and .json file in it. Without --out, JSON goes to standard output.";

/// Parsed `score` arguments.
struct ScoreArgs {
    inputs: Vec<PathBuf>,
    config: Option<PathBuf>,
    out: Option<PathBuf>,
    as_of: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("score") => match parse_score_args(&args[1..]).and_then(|a| run_score(&a)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("customer-health: {message}");
                ExitCode::from(1)
            }
        },
        Some("model") => {
            print!("{}", customer_health::model::config::DEFAULT_MODEL_JSON);
            ExitCode::SUCCESS
        }
        Some("fields") => {
            print!("{}", data_contract_markdown());
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

fn parse_score_args(args: &[String]) -> Result<ScoreArgs, String> {
    let mut parsed = ScoreArgs {
        inputs: Vec::new(),
        config: None,
        out: None,
        as_of: None,
    };
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
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"))
            }
            path => parsed.inputs.push(PathBuf::from(path)),
        }
    }
    if parsed.inputs.is_empty() {
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
                    "{}: no .csv, .tsv, .txt or .json files in this directory",
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
        Some("csv" | "tsv" | "txt" | "json")
    )
}

fn run_score(args: &ScoreArgs) -> Result<(), String> {
    let mut model = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Model::from_json(&text)
                .map_err(|e| format!("{}: invalid model:\n{e}", path.display()))?
        }
        None => Model::default(),
    };
    if let Some(as_of) = &args.as_of {
        model.as_of = Some(as_of.clone());
        model.validate().map_err(|p| p.join("\n"))?;
    }
    let mut engine = Engine::new();
    for path in collect_files(&args.inputs)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = engine.begin_file(&name, None);
        stream_file(&path, |chunk| engine.push(id, chunk))?;
        engine.end_file(id);
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
    }
    let text = match &args.out {
        Some(path) if path.extension().and_then(|e| e.to_str()) == Some("csv") => {
            output::to_csv(&results)
        }
        _ => output::to_json(&results),
    };
    match &args.out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
        None => println!("{text}"),
    }
    eprintln!(
        "{} accounts, {} scored (as of {})",
        results.summary.accounts, results.summary.scored, results.summary.as_of
    );
    Ok(())
}

/// Reads a file in fixed-size chunks, as the browser's `file.stream()` does.
fn stream_file(path: &Path, mut sink: impl FnMut(&[u8])) -> Result<(), String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            return Ok(());
        }
        sink(&buffer[..n]);
    }
}

/// The data contract as Markdown, generated from the ingest schema so it never drifts
/// (docs/data-contract.md is this output; a test keeps them equal).
fn data_contract_markdown() -> String {
    let mut out = String::from(
        "# Data contract\n\nGenerated by `customer-health fields` from the engine's schema. Headers are matched\n\
         case-, space-, hyphen- and underscore-insensitively (`Account ID`, `account-id` and\n\
         `accountId` all mean `account_id`). Columns that match nothing are reported as ignored.\n\
         A usage table needs `account_id` or `subscription_id` (joined through a subscriptions table).\n",
    );
    for kind in ALL_KINDS {
        out.push_str(&format!(
            "\n## {}\n\n| field | required | also recognised as |\n|---|---|---|\n",
            kind_name(kind)
        ));
        for spec in fields(kind) {
            let synonyms = spec
                .synonyms
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                spec.name,
                if spec.required { "yes" } else { "" },
                synonyms
            ));
        }
    }
    out
}
