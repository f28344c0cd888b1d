//! What scoring says about one account: its score, the components that explain it, its
//! flags, quadrant and segment keys (the outreach priority is added by `analysis::priority`).

use std::borrow::Cow;

use serde::Serialize;

use crate::domain::flag::Flag;
use crate::domain::measure::{Family, Measure};
use crate::domain::quadrant::Quadrant;

/// A raised flag with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlagHit {
    pub flag: Flag,
    /// Plain-language evidence, e.g. "usage 41 events in the last 28 days vs 96 in the 28 before (−57%)".
    pub evidence: String,
    /// Risk this flag adds to the account's priority (from the model).
    pub risk: f64,
}

/// A flag rule that came close without firing, so a CSM sees what is coming
/// (e.g. "champion dana@acme.example quiet 18 days; fires at 21").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearMiss {
    pub flag: Flag,
    /// Plain-language evidence: how close, and where the rule fires.
    pub evidence: String,
}

/// One measure's contribution to an account's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub measure: Measure,
    pub family: Family,
    /// Group id from the model.
    pub group: String,
    pub unit: Cow<'static, str>,
    /// Raw value, `None` when the account has no data for it (or the measure is categorical).
    pub raw: Option<f64>,
    /// The category of a categorical custom measure; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Normalised 0–100 score, `None` when missing.
    pub normalized: Option<f64>,
    /// Weight as configured (measure weight inside its group).
    pub weight: f64,
    /// Share of the overall score this component carries after missing inputs were dropped
    /// (0 when missing). Sums to 1 over the components with data.
    pub applied_weight: f64,
    /// Share of the overall score it would carry if every input had data (sums to 1).
    pub nominal_weight: f64,
    /// `applied_weight × normalized`: points contributed to the health score.
    pub contribution: f64,
    /// Normalised score at the previous period, for "what moved".
    pub previous_normalized: Option<f64>,
    /// How many input rows fed the raw value.
    pub rows: u32,
    /// Plain-language description of where the value came from.
    pub evidence: String,
}

/// Where an account sits in the outreach list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    /// 1 = call first.
    pub rank: u32,
    /// Risk 0–1: (100 − score)/100 plus flag risks, capped at 1.
    pub risk: f64,
    /// ARR × risk, `None` when ARR is unknown.
    pub revenue_at_risk: Option<f64>,
    /// The quadrant's play (one line) for this account.
    pub play: String,
    /// Why it is ranked here (one line).
    pub reason: String,
}

/// One scored account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountResult {
    pub account_id: String,
    pub name: Option<String>,
    pub arr: Option<f64>,
    pub plan: Option<String>,
    pub region: Option<String>,
    pub owner: Option<String>,
    /// Lifecycle stage id at as-of (model `lifecycle`), `None` without stages or when the
    /// tenure is unknown.
    pub lifecycle_stage: Option<String>,
    /// Days since the account started (start date, else first subscription start, else
    /// first activity), `None` when unknown.
    pub tenure_days: Option<u32>,
    /// 0–100, `None` when no measure had data.
    pub health_score: Option<f64>,
    /// Calibrated churn probability 0–1 from the health score, only when the model carries a
    /// learned probability map (`churn_probability`); never derived otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn_probability: Option<f64>,
    /// Band id from the model.
    pub band: Option<String>,
    /// Score at `as_of − trend_days`, when the data reaches back that far.
    pub previous_score: Option<f64>,
    /// `health_score − previous_score`.
    pub trend: Option<f64>,
    /// What moved since the previous period: the biggest changes of normalised inputs
    /// (points 0–100), e.g. "share of active weeks fell 83 → 25".
    pub trend_explanation: Option<String>,
    pub satisfaction_index: Option<f64>,
    pub usage_index: Option<f64>,
    pub quadrant: Option<Quadrant>,
    /// Fraction 0–1 of expected value received (goal attainment, milestones), `None` without goal data.
    pub value_realized: Option<f64>,
    pub flags: Vec<FlagHit>,
    /// Rules that came close without firing (none for a flag that fired).
    pub near_misses: Vec<NearMiss>,
    pub components: Vec<Component>,
    /// Share 0–1 of the model's weight that had data for this account.
    pub coverage: f64,
    pub priority: Option<Priority>,
    /// Segment labels: arr_tier, region, size_tier, plan, lifecycle_stage.
    pub segments: SegmentKeys,
    /// Active manual override, if any (the score above already includes it).
    pub override_reason: Option<String>,
    /// Score before the override was applied.
    pub computed_score: Option<f64>,
}

/// The segment an account falls in, per dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SegmentKeys {
    pub arr_tier: Option<String>,
    pub region: Option<String>,
    pub size_tier: Option<String>,
    pub plan: Option<String>,
    /// Lifecycle stage label (only when the model defines stages).
    pub lifecycle_stage: Option<String>,
}
