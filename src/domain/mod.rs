//! The bottom layer: the vocabulary every other module shares and that depends on nothing
//! above it — measure ids and their catalogue. Nothing here reads data or a model.

pub mod measure;
