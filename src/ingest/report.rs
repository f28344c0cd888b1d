//! The file reports moved to [`crate::domain::report`] (the dataset and every layer above
//! read them); this path stays for the ingest code that names them from here.

pub use crate::domain::report::*;
