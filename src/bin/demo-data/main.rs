//! Deterministic synthetic demo data for customer-health.
//!
//! `demo-data --out DIR [--accounts N] [--seed S] [--as-of YYYY-MM-DD] [--only TABLE[,TABLE]]`
//! writes a complete book of business (accounts, usage, surveys, tickets, goals, touchpoints,
//! releases) with planted stories plus `expectations.json` (the ground truth).
//!
//! `demo-data --out DIR --usage-rows N` writes only `usage_events.csv` with exactly N rows,
//! streamed, for ingestion benchmarks (same accounts and user ids as the demo set).
//!
//! std only: the PRNG (splitmix64) and the calendar arithmetic are implemented here.
//!
//! One job per module: `rng` (PRNG), `calendar` (day numbers), `catalogue` (names, stories and
//! their profiles), `plan` (accounts and users), `usage` (usage events), `tables` (surveys,
//! tickets, goals, touchpoints, releases), `assembly` (every file and the ground truth), and
//! this file (the command line).

mod assembly;
mod calendar;
mod catalogue;
mod plan;
mod rng;
mod tables;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_more;
mod usage;

use std::io::Write as _;

use assembly::{generate, stream_usage, TABLES};
use calendar::{days_from_civil, parse_date};
use plan::Config;

pub(crate) struct Args {
    pub(crate) out: std::path::PathBuf,
    pub(crate) cfg: Config,
    pub(crate) usage_rows: Option<u64>,
    pub(crate) only: Option<Vec<String>>,
}

pub(crate) fn usage_text() -> &'static str {
    "usage: demo-data --out DIR [--accounts N] [--seed S] [--as-of YYYY-MM-DD] [--only TABLE[,TABLE]]\n       demo-data --out DIR --usage-rows N [--accounts N] [--seed S] [--as-of YYYY-MM-DD]\n\
     TABLE is a file stem: accounts, usage (usage_events), surveys, support_tickets, goals, touchpoints, releases, expectations"
}

pub(crate) fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut out = None;
    let mut accounts = 150usize;
    let mut seed = 20_261_031u64;
    let mut as_of = days_from_civil(2026, 10, 31);
    let mut usage_rows = None;
    let mut only = None;
    let mut it = argv.iter();
    while let Some(k) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{k} needs a value"))
        };
        match k.as_str() {
            "--out" => out = Some(std::path::PathBuf::from(val()?)),
            "--accounts" => accounts = val()?.parse().map_err(|_| "--accounts: not a number")?,
            "--seed" => seed = val()?.parse().map_err(|_| "--seed: not a number")?,
            "--as-of" => as_of = parse_date(&val()?).ok_or("--as-of: expected YYYY-MM-DD")?,
            "--usage-rows" => {
                usage_rows = Some(val()?.parse().map_err(|_| "--usage-rows: not a number")?)
            }
            "--only" => only = Some(val()?.split(',').map(|s| s.trim().to_string()).collect()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if accounts == 0 {
        return Err("--accounts must be at least 1".into());
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Args {
        out,
        cfg: Config {
            seed,
            as_of,
            accounts,
        },
        usage_rows,
        only,
    })
}

pub(crate) fn wanted(only: &Option<Vec<String>>, file: &str) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|t| {
            let stem = file.split('.').next().unwrap_or(file);
            t == file
                || t == stem
                || (t == "usage" && stem == "usage_events")
                || (t == "tickets" && stem == "support_tickets")
        }),
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("demo-data: {e}");
            }
            eprintln!("{}", usage_text());
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("demo-data: cannot create {}: {e}", args.out.display());
        std::process::exit(1);
    }
    if let Some(n) = args.usage_rows {
        let path = args.out.join("usage_events.csv");
        let res = std::fs::File::create(&path).and_then(|f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
            stream_usage(&args.cfg, n, &mut w)
        });
        match res {
            Ok(()) => {
                let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                eprintln!(
                    "wrote {} ({n} rows, {bytes} bytes, {:.1} bytes/row)",
                    path.display(),
                    bytes as f64 / n.max(1) as f64
                );
            }
            Err(e) => {
                eprintln!("demo-data: writing {}: {e}", path.display());
                std::process::exit(1);
            }
        }
        return;
    }
    let files = generate(&args.cfg);
    for name in TABLES {
        if !wanted(&args.only, name) {
            continue;
        }
        let path = args.out.join(name);
        let bytes = &files[name];
        if let Err(e) = std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes)) {
            eprintln!("demo-data: writing {}: {e}", path.display());
            std::process::exit(1);
        }
        let rows = bytes
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            .saturating_sub(1);
        eprintln!(
            "wrote {:<22} {:>8} bytes {:>7} rows",
            name,
            bytes.len(),
            rows
        );
    }
}
