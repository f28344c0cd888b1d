//! Throughput check for ingest: `cargo run --release --example ingest_bench [rows]`.
//! Generates a usage CSV in memory and ingests it in 1 MiB chunks.

use customer_health::ingest::Ingest;
use std::time::Instant;

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut csv = String::from("account_id,user_id,date,feature,count,duration_secs\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "ACC-{:05},user{}@example.com,2024-{:02}-{:02},feature_{},{},{}\n",
            i % 5000,
            i % 20000,
            1 + i % 12,
            1 + i % 28,
            i % 40,
            i % 17,
            (i * 37) % 3600
        ));
    }
    let bytes = csv.into_bytes();
    // Best of three runs (the machine is shared).
    let mut secs = f64::INFINITY;
    let mut dataset = None;
    for _ in 0..3 {
        let start = Instant::now();
        let mut ingest = Ingest::new();
        let id = ingest.begin_file("usage.csv", None);
        for chunk in bytes.chunks(1 << 20) {
            ingest.push(id, chunk);
        }
        ingest.end_file(id);
        dataset = Some(ingest.finish());
        secs = secs.min(start.elapsed().as_secs_f64());
    }
    let dataset = dataset.expect("ran");
    let mut tokenize_secs = f64::INFINITY;
    let mut records = 0u64;
    for _ in 0..3 {
        let start = Instant::now();
        let mut tokenizer = customer_health::ingest::csv::CsvTokenizer::new(b',');
        records = 0;
        let mut sink = |r: customer_health::ingest::csv::Record<'_>| records += r.len() as u64;
        for chunk in bytes.chunks(1 << 20) {
            tokenizer.feed(chunk, &mut sink);
        }
        let _ = tokenizer.finish(&mut sink);
        tokenize_secs = tokenize_secs.min(start.elapsed().as_secs_f64());
    }
    println!(
        "tokenizer alone: {records} fields in {tokenize_secs:.3} s = {:.0} MiB/s",
        bytes.len() as f64 / 1048576.0 / tokenize_secs
    );
    let f = &dataset.files[0];
    println!(
        "{} rows ({:.1} MiB) in {:.3} s = {:.0} MiB/s; used {} rejected {}",
        f.rows_read,
        bytes.len() as f64 / 1048576.0,
        secs,
        bytes.len() as f64 / 1048576.0 / secs,
        f.rows_used,
        f.rows_rejected
    );
}
