//! The measure ids and the built-in catalogue live in [`crate::domain::measure`]; this path
//! stays for the code that names them from here.

pub use crate::domain::measure::*;
