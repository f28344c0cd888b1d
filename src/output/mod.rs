//! Writers of results: JSON, CSV, and columns for the browser.

pub mod columns;
pub mod csv;
pub mod json;

pub use csv::to_csv;
pub use json::{to_json, to_json_compact};
pub mod vocabulary;
pub mod series;
pub mod typescript;

#[cfg(test)]
mod custom_tests;
