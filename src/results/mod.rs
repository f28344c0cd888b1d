//! The engine's output: one explained result per account, plus portfolio views.
//! This is the JSON contract of the CLI, the web app and the widget.
//!
//! [`Results`] is assembled here ([`assemble`]), above scoring (per-account results) and
//! analysis (priority, segments, patterns, maturity, backtest), so neither of those needs the
//! other's output types from here. The types they define are re-exported so that every layer
//! above reads one path.

mod assemble;

use serde::Serialize;

pub use crate::analysis::patterns::HealthyPattern;
pub use crate::analysis::segments::SegmentStats;
pub use crate::domain::flag::Flag;
pub use crate::domain::quadrant::Quadrant;
use crate::domain::report::{FileReport, RowIssue};
pub use crate::scoring::account::{AccountResult, Component, FlagHit, Priority, SegmentKeys};
pub use assemble::{score, score_indexed};

/// Portfolio totals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub as_of: String,
    pub model_name: String,
    pub model_version: String,
    pub accounts: u32,
    pub scored: u32,
    pub mean_score: Option<f64>,
    pub bands: Vec<(String, u32)>,
    pub quadrants: Vec<(Quadrant, u32)>,
    pub flags: Vec<(Flag, u32)>,
    /// Accounts per lifecycle stage id, in stage order (empty without stages).
    pub lifecycle_stages: Vec<(String, u32)>,
    /// Accounts whose tenure is unknown (scored with default normalisation).
    pub tenure_unknown: u32,
    pub total_arr: f64,
    pub revenue_at_risk: f64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    /// Satisfaction and usage cuts actually used for the quadrants.
    pub satisfaction_cut: f64,
    pub usage_cut: Option<f64>,
    /// Maturity level 1–5 the uploaded data supports (flat usage = 2 … goals and
    /// milestones with early indicators = 5).
    pub maturity_level: u8,
    /// What the data would need to reach the next level.
    pub maturity_next_step: String,
    /// Why priority is weighted by ARR (from the playbooks).
    pub priority_note: String,
}

/// Everything one scoring run returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub accounts: Vec<AccountResult>,
    /// Every rejected row (capped per file; see `files[].reasons` for full counts).
    pub rejected_rows: Vec<RowIssue>,
    pub files: Vec<FileReport>,
    pub summary: Summary,
    pub segments: Vec<SegmentStats>,
    pub healthy_patterns: Vec<HealthyPattern>,
    /// Churn backtest, when the data records dated churn of scored accounts.
    pub backtest: Option<crate::analysis::backtest::Backtest>,
}

#[cfg(test)]
mod lifecycle_tests;
