//! Warehouse export: the configured model compiled to SQL (DuckDB dialect first) that
//! computes the same health scores from the same tables. See `docs/backtest.md`.

pub mod blend;
pub mod custom;
pub mod literal;
pub mod sql;
