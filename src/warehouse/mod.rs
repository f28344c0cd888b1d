//! Warehouse export: the configured model compiled to SQL.

pub mod sql;
