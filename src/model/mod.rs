//! The health model as data: weights, thresholds, bands, flag rules, playbooks.

pub mod config;
pub mod lifecycle;
pub mod measures;
pub mod playbooks;
pub mod probability;
pub mod validate;
