//! The health model as data: weights, thresholds, bands, flag rules, playbooks.

pub mod config;
pub mod playbooks;
