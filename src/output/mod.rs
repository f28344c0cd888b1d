//! Writers of results: JSON and CSV.

pub mod csv;
pub mod json;

pub use csv::to_csv;
pub use json::{to_json, to_json_compact};
