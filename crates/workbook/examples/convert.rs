//! Converts a workbook's sheets to .tsv files and prints what it took:
//! `cargo run --release -p customer-health-workbook --example convert -- book.xlsx [OUT_DIR]`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: convert BOOK [OUT_DIR]");
        std::process::exit(2);
    };
    let started = Instant::now();
    let bytes = std::fs::read(path).expect("read the workbook");
    let name = std::path::Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    match customer_health_workbook::read_workbook(&name, &bytes) {
        Ok(book) => {
            println!(
                "{}: {} ({} bytes) read in {:.2?}",
                name,
                book.format,
                bytes.len(),
                started.elapsed()
            );
            for sheet in &book.sheets {
                println!(
                    "  {}: {} rows, {} bytes of text",
                    sheet.name,
                    sheet.rows,
                    sheet.text.len()
                );
                for note in &sheet.notes {
                    println!("    note: {note}");
                }
                if let Some(dir) = args.get(1) {
                    let file = std::path::Path::new(dir).join(format!("{}.tsv", sheet.sheet));
                    std::fs::write(file, &sheet.text).expect("write the sheet");
                }
            }
        }
        Err(e) => {
            eprintln!("{name}: {e}");
            std::process::exit(1);
        }
    }
}
