//! Native CLI over the core: `customer-health score FILE_OR_DIR… [--config model.json] [--out results.json|.csv]`.
fn main() {
    eprintln!("customer-health: CLI lands with the core");
    std::process::exit(2);
}
