//! Scores files with the native engine and the default model; prints the results as JSON.
//! Used by the browser tests to check that the page shows what the native engine computes.
//! `cargo run --example score_json -- FILE…`

fn main() {
    let mut files = Vec::new();
    for path in std::env::args().skip(1) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                let name = std::path::Path::new(&path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.clone());
                files.push((name, bytes));
            }
            Err(e) => {
                eprintln!("score_json: cannot read {path}: {e}");
                std::process::exit(2);
            }
        }
    }
    let results = customer_health::engine::score_files(
        &files,
        &customer_health::model::config::Model::default(),
    );
    match serde_json::to_string(&results) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("score_json: {e}");
            std::process::exit(1);
        }
    }
}
