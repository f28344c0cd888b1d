//! The bottom layer: the vocabulary every other module shares and that depends on nothing
//! above it — measure ids and their catalogue, flags, quadrants, the calendar, file reports
//! and shared statistics. Nothing here reads data or a model.

pub mod calendar;
pub mod coverage;
pub mod flag;
pub mod measure;
pub mod quadrant;
pub mod report;
pub mod stats;
