//! Benchmark probe for `scripts/bench.sh` (built only with the `bench-probe` feature, so the
//! shipped module does not carry it): the CSV tokenizer alone
//! ([`crate::ingest::csv::FieldCounter`]), so the hot path can be timed in the browser apart
//! from the rest of the ingest. The app does not use it.

use wasm_bindgen::prelude::*;

/// The CSV tokenizer, fed in chunks.
#[wasm_bindgen]
pub struct CsvScanProbe(crate::ingest::csv::FieldCounter);

#[wasm_bindgen]
impl CsvScanProbe {
    /// A tokenizer for `delimiter` (a single ASCII byte, e.g. `,`).
    #[wasm_bindgen(constructor)]
    pub fn new(delimiter: u8) -> CsvScanProbe {
        CsvScanProbe(crate::ingest::csv::FieldCounter::new(delimiter))
    }

    /// Tokenizes the next chunk (any split).
    pub fn push(&mut self, bytes: &[u8]) {
        self.0.push(bytes);
    }

    /// Ends the input and returns the number of fields seen.
    pub fn finish(&mut self) -> f64 {
        self.0.finish() as f64
    }
}
