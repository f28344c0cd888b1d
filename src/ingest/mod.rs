//! Ingest: bytes pushed in chunks → recognised tables → columnar [`Dataset`], with every
//! rejected row reported. (Stub: the implementation lands from the ingest branch.)

pub mod report;

use crate::dataset::Dataset;
use report::MappingOverride;

/// Push-style ingest of any number of files.
#[derive(Default)]
pub struct Ingest {}

impl Ingest {
    /// A new ingest.
    pub fn new() -> Self {
        Ingest {}
    }
    /// Starts a file.
    pub fn begin_file(&mut self, _name: &str, _mapping: Option<MappingOverride>) -> usize {
        todo!("ingest branch")
    }
    /// Feeds a chunk.
    pub fn push(&mut self, _file: usize, _bytes: &[u8]) {
        todo!("ingest branch")
    }
    /// Ends a file.
    pub fn end_file(&mut self, _file: usize) {
        todo!("ingest branch")
    }
    /// Joins tables and returns the dataset.
    pub fn finish(self) -> Dataset {
        todo!("ingest branch")
    }
}
