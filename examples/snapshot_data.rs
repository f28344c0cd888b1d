//! Writes a synthetic churn snapshot with known truth (tests/support/snapshot.rs):
//! `cargo run --example snapshot_data -- DIR [--seed N] [--rows N] [--label K] [--no-leak]
//! [--spelling K] [--label-date]`
//! → DIR/train.csv (labelled, first 70 %), DIR/test.csv (the rest, no label),
//! DIR/test_truth.csv (id, churned, true probability).

#[path = "../tests/support/snapshot.rs"]
mod snapshot;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let Some(dir) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!("usage: snapshot_data DIR [--seed N] [--rows N] [--label K] [--no-leak]");
        std::process::exit(2);
    };
    let rows = value("--rows", 5000) as usize;
    let g = snapshot::generate(
        value("--seed", 1),
        rows,
        value("--label", 0) as usize,
        !args.iter().any(|a| a == "--no-leak"),
    );
    let mut g = g;
    // --spelling K: real-export header spellings (tests/support/snapshot.rs SPELLINGS);
    // --label-date: the label as a churn date column (blank = stayed).
    g.respell(value("--spelling", 0) as usize);
    if args.iter().any(|a| a == "--label-date") {
        g.label_as_date("Churn Date");
    }
    let cut = rows * 7 / 10;
    let train: Vec<usize> = (0..cut).collect();
    let test: Vec<usize> = (cut..rows).collect();
    std::fs::create_dir_all(dir).expect("output directory");
    let write =
        |name: &str, text: String| std::fs::write(format!("{dir}/{name}"), text).expect("write");
    write("train.csv", g.csv(Some(&train), true));
    write("test.csv", g.csv(Some(&test), false));
    let ids = &g.columns[0].cells;
    let mut truth = String::from("id,churned,probability\n");
    for &i in &test {
        truth += &format!("{},{},{:.6}\n", ids[i], g.churned[i] as u8, g.truth[i]);
    }
    write("test_truth.csv", truth);
}
