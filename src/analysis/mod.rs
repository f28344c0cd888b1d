//! Portfolio analysis: segments, healthy-account patterns, prioritised outreach list.

pub mod backtest;
pub mod calibrate;
pub mod learn;
pub mod maturity;
pub mod patterns;
pub mod priority;
pub mod segments;
