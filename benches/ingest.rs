//! Native benchmark of the core (plain timing harness, no criterion: the build machine has two
//! shared cores). Run with
//!
//! ```sh
//! cargo run --release --bin demo-data -- --out /tmp/chbench --usage-rows 1000000
//! cargo run --release --bin demo-data -- --out /tmp/chbench --only accounts
//! cargo bench --bench ingest -- /tmp/chbench            # or CH_BENCH_DIR=/tmp/chbench
//! ```
//!
//! Without a directory it generates a synthetic 1M-row usage file in memory. Measures, best of
//! N runs: a plain byte scan (the practical limit), the tokenizer alone, full ingest of the usage
//! file (+ accounts), and ingest + score with the default model. Chunks are 1 MiB, as a browser
//! `file.stream()` delivers them (64 KiB–1 MiB).

use customer_health::engine::Engine;
use customer_health::ingest::csv::{CsvTokenizer, Record};
use customer_health::model::config::Model;
use std::hint::black_box;
use std::time::Instant;

const CHUNK: usize = 1 << 20;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let v = f();
        best = best.min(start.elapsed().as_secs_f64());
        out = Some(v);
    }
    (best, out.expect("at least one run"))
}

fn synthetic(rows: usize) -> Vec<u8> {
    let mut csv = String::from("account_id,user_id,date,feature,count,duration_secs\n");
    for i in 0..rows {
        use std::fmt::Write;
        let _ = writeln!(
            csv,
            "ACC-{:05},user{}@example.com,2024-{:02}-{:02},feature_{},{},{}",
            (i * 7919) % 5000,
            (i * 104_729) % 20000,
            1 + i % 12,
            1 + i % 28,
            i % 40,
            i % 17,
            (i * 37) % 3600
        );
    }
    csv.into_bytes()
}

fn line(name: &str, bytes: usize, secs: f64, limit: f64) {
    let mb = bytes as f64 / 1e6;
    println!(
        "{name:<28} {:>9.1} ms {:>9.0} MB/s {:>7.2}x of byte scan",
        secs * 1e3,
        mb / secs,
        limit / secs
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = args
        .first()
        .cloned()
        .or_else(|| std::env::var("CH_BENCH_DIR").ok());
    let runs: usize = std::env::var("CH_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let (usage, accounts) = match &dir {
        Some(d) => {
            let usage = std::fs::read(format!("{d}/usage_events.csv"))
                .expect("usage_events.csv in the bench directory");
            let accounts = std::fs::read(format!("{d}/accounts.csv")).ok();
            (usage, accounts)
        }
        None => (synthetic(1_000_000), None),
    };
    let rows = usage
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1);
    println!(
        "input: {} ({} rows, {:.1} MB){}; best of {runs}",
        dir.as_deref().unwrap_or("synthetic"),
        rows,
        usage.len() as f64 / 1e6,
        if accounts.is_some() {
            " + accounts.csv"
        } else {
            ""
        }
    );

    // The practical limit: touch every byte once (count newlines and delimiters).
    let (scan, _) = best_of(runs, || {
        let mut n = 0u64;
        for chunk in usage.chunks(CHUNK) {
            for &b in black_box(chunk) {
                n += (b == b'\n') as u64 + (b == b',') as u64;
            }
        }
        black_box(n)
    });
    line("byte scan (limit)", usage.len(), scan, scan);

    let (tok, fields) = best_of(runs, || {
        let mut t = CsvTokenizer::new(b',');
        let mut fields = 0u64;
        let mut sink = |r: Record<'_>| fields += r.len() as u64;
        for chunk in usage.chunks(CHUNK) {
            t.feed(chunk, &mut sink);
        }
        let _ = t.finish(&mut sink);
        fields
    });
    line("tokenizer alone", usage.len(), tok, scan);
    black_box(fields);

    let ingest = || {
        let mut e = Engine::new();
        if let Some(acc) = &accounts {
            let id = e.begin_file("accounts.csv", None).unwrap();
            e.push(id, acc).unwrap();
            e.end_file(id).unwrap();
        }
        let id = e.begin_file("usage_events.csv", None).unwrap();
        for chunk in usage.chunks(CHUNK) {
            e.push(id, chunk).unwrap();
        }
        e.end_file(id).unwrap();
        e.finish_ingest();
        e
    };
    let (ing, engine) = best_of(runs, ingest);
    line("ingest (push+finish)", usage.len(), ing, scan);
    let ds = engine.dataset().expect("ingested");
    let f = ds.files.last().expect("usage file");
    println!(
        "  usage file: read {} used {} rejected {}; accounts {}",
        f.rows_read,
        f.rows_used,
        f.rows_rejected,
        ds.accounts.len()
    );

    let model = Model::default();
    let (index, _) = best_of(runs, || customer_health::metrics::AccountIndex::build(ds));
    line("per-account index (once)", usage.len(), index, scan);
    let mut engine = engine;
    let (score, results) = best_of(runs, || engine.score(&model));
    line("score (index kept: re-score)", usage.len(), score, scan);
    println!("  scored {} accounts", results.accounts.len());
    line(
        "first score = index + score",
        usage.len(),
        index + score,
        scan,
    );
    line(
        "ingest + first score",
        usage.len(),
        ing + index + score,
        scan,
    );
}
