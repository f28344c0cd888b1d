//! The health model as data: weights, thresholds, bands, quadrant cuts, flag rules, segments.
//!
//! The shipped default lives in `pkg-config/model.json` and is embedded at build time. A user
//! model (JSON) replaces it whole; [`Model::validate`] explains every problem it finds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::measure::Measure;
use crate::model::lifecycle::{Lifecycle, Stage};
use crate::model::measures::{CategoryScores, CustomMeasure};

/// The embedded default model (pkg-config/model.json).
pub const DEFAULT_MODEL_JSON: &str = include_str!("../../pkg-config/model.json");

/// Current schema version of model files.
pub const MODEL_SCHEMA_VERSION: u32 = 1;

/// A complete health model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub schema_version: u32,
    pub name: String,
    pub version: String,
    /// Score "as of" this date (YYYY-MM-DD); `None` = the latest event date in the data.
    #[serde(default)]
    pub as_of: Option<String>,
    pub windows: Windows,
    /// Custom measures bound to a column (Contract A); omitted when there are none, so
    /// models without them read and write exactly as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<CustomMeasure>,
    pub groups: Vec<Group>,
    pub bands: Vec<Band>,
    pub quadrants: QuadrantConfig,
    pub flags: FlagConfig,
    pub segments: SegmentConfig,
    /// Feature names counted by `high_impact_adoption`.
    #[serde(default)]
    pub high_impact_features: Vec<String>,
    /// Manual score overrides that expire.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Playbooks replacing the embedded default (`pkg-config/playbooks.json`) when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playbooks: Option<crate::model::playbooks::Playbooks>,
    /// Lifecycle stages by tenure, for stage-specific normalisation (`by_stage`). Absent in
    /// models written before stages existed: every account then uses `normalize`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
    /// Churn probability from the health score (learned models only; see
    /// `model::probability`). Absent: results carry no probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn_probability: Option<crate::model::probability::ChurnProbability>,
}

/// Time windows, in days or weeks, counted back from the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    /// Recent window for frequency, breadth, seats, stickiness (days).
    pub recent_days: u32,
    /// Weeks looked at by login consistency.
    pub consistency_weeks: u32,
    /// Window for ticket load and resolution time (days).
    pub ticket_days: u32,
    /// Window for engagement cadence (days).
    pub touchpoint_days: u32,
    /// Window for CSAT and NPS (days).
    pub survey_days: u32,
    /// The score trend compares with the score this many days earlier.
    pub trend_days: u32,
    /// Churn backtest: scores this many days before as-of are compared with the churn
    /// recorded in those days.
    #[serde(default = "default_backtest_days")]
    pub backtest_days: u32,
}

fn default_backtest_days() -> u32 {
    90
}

/// A group of measures (e.g. human-centred, data-driven) with its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub weight: f64,
    pub measures: Vec<MeasureWeight>,
}

/// A measure's weight inside its group and how its raw value becomes a 0–100 score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureWeight {
    pub measure: Measure,
    pub weight: f64,
    pub normalize: Normalize,
    /// Normalisation for accounts in a lifecycle stage (keyed by stage id), replacing
    /// `normalize` for them; stages not listed use `normalize`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_stage: BTreeMap<String, Normalize>,
}

impl MeasureWeight {
    /// The normalisation for an account in `stage` (`None`: no stage or tenure unknown),
    /// with the stage when its override is the one applied.
    pub fn normalize_in<'a>(
        &'a self,
        stage: Option<&'a Stage>,
    ) -> (&'a Normalize, Option<&'a Stage>) {
        match stage.and_then(|s| self.by_stage.get(&s.id).map(|n| (n, s))) {
            Some((normalize, stage)) => (normalize, Some(stage)),
            None => (&self.normalize, None),
        }
    }
}

/// Normalisation of a raw measure to 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Normalize {
    /// Piecewise-linear interpolation through `[raw, score]` points (ascending raw values),
    /// clamped outside the first and last point.
    Thresholds { points: Vec<[f64; 2]> },
    /// Percentile rank of the raw value within the portfolio (0–100);
    /// `higher_is_better: false` reverses it.
    Percentile {
        #[serde(default = "default_true")]
        higher_is_better: bool,
    },
    /// A score per category (matched case-insensitively after trimming); `other` scores an
    /// unlisted category, which is missing when `other` is absent. Numeric values are matched
    /// as written numbers, and 1/0 also as yes/no (so yes/no measures work too).
    Categories {
        scores: CategoryScores,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<f64>,
    },
}

fn default_true() -> bool {
    true
}

/// A named score band (default five).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub label: String,
    /// Lowest score in the band; bands are ascending and the first starts at 0.
    pub min: f64,
    pub color: String,
}

/// How the satisfaction × usage quadrant is cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuadrantConfig {
    /// Measures averaged (by their model weights, normalised) into the satisfaction index.
    pub satisfaction_measures: Vec<Measure>,
    /// Satisfaction index at or above this is "high".
    pub satisfaction_cut: f64,
    /// Measures averaged into the usage index.
    pub usage_measures: Vec<Measure>,
    /// Usage index cut: the portfolio median, or a fixed number.
    pub usage_cut: Cut,
}

/// A cut that is either the portfolio median or a fixed value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cut {
    /// A fixed 0–100 value.
    Fixed(f64),
    /// `"median"`: the portfolio median.
    Named(CutName),
}

/// Named, data-derived cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CutName {
    Median,
}

/// Rules and risk weights of the early-warning flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagConfig {
    pub usage_trap: UsageTrapRule,
    pub usage_decline: UsageDeclineRule,
    pub seat_under_use: SeatUnderUseRule,
    pub champion_loss: ChampionLossRule,
    pub release_disruption: ReleaseDisruptionRule,
    pub silence: SilenceRule,
    pub ticket_surge: TicketSurgeRule,
    /// Absent in older model files: then no competitor names and the default phrases.
    #[serde(default)]
    pub competitor_mention: CompetitorMentionRule,
}

/// Survey comments in the last `lookback_days` that name a competitor (case-insensitive,
/// whole words) or use a switching phrase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetitorMentionRule {
    /// Competitor product or company names.
    #[serde(default)]
    pub competitors: Vec<String>,
    /// Phrases that signal an evaluation of alternatives (e.g. "switching to").
    #[serde(default)]
    pub phrases: Vec<String>,
    pub lookback_days: u32,
    pub risk: f64,
}

impl Default for CompetitorMentionRule {
    fn default() -> Self {
        CompetitorMentionRule {
            competitors: Vec::new(),
            phrases: [
                "competitor",
                "switching to",
                "switch to",
                "moving to",
                "trialling",
                "trialing",
                "evaluating alternatives",
                "cheaper alternative",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            lookback_days: 180,
            risk: 0.10,
        }
    }
}

/// High usage (usage index at or above the cut) while goals are not met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageTrapRule {
    pub goal_attainment_below: f64,
    /// Added to the account's risk when the flag fires (0–1).
    pub risk: f64,
}

/// Usage volume in the recent window fell by at least `drop_at_least` vs. the window before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageDeclineRule {
    pub drop_at_least: f64,
    pub min_previous_events: f64,
    /// Weeks before the recent window whose ups and downs define the account's ordinary
    /// swing (see docs/scoring.md, "Usage decline").
    #[serde(default = "default_swing_weeks")]
    pub swing_weeks: u32,
    /// The fall must reach this many × the ordinary swing of a recent-window total.
    #[serde(default = "default_swing_multiple")]
    pub swing_multiple: f64,
    pub risk: f64,
}

fn default_swing_weeks() -> u32 {
    16
}

fn default_swing_multiple() -> f64 {
    2.0
}

/// Seat utilisation below a share on contracts of at least `min_seats` seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatUnderUseRule {
    pub utilisation_below: f64,
    pub min_seats: f64,
    pub risk: f64,
}

/// Champion loss: one of the account's most engaged people (judged against the account's own
/// users, not a fixed share of all activity) has gone quiet for longer than their own habit
/// explains. See docs/scoring.md ("Champion loss").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChampionLossRule {
    /// Silence (days) after which a champion counts as lost, at the least.
    pub quiet_days: u32,
    /// Silence (days) after which a champion is on watch (a near miss), at the least.
    #[serde(default = "default_watch_days")]
    pub watch_days: u32,
    /// Days of activity up to the champion's last active day that define their engagement
    /// and cadence; a champion quiet for longer than this is old news, not an early warning.
    pub lookback_days: u32,
    /// A champion is active on at least this many times the days of the account's median
    /// other user in the same span.
    #[serde(default = "default_champion_multiple")]
    pub champion_multiple: f64,
    /// … and on at least this many days of the span.
    #[serde(default = "default_min_active_days")]
    pub min_active_days: u32,
    /// … and among the account's this-many most active users.
    #[serde(default = "default_max_champions")]
    pub max_champions: u32,
    /// … and stands apart from the most active user outside that group: their lead over
    /// that user is at least this many standard errors of the difference between two counts
    /// of active days (√ of their sum). Among near-equals, who ranks first is chance.
    #[serde(default = "default_standout_margin")]
    pub standout_margin: f64,
    /// Lost also needs a silence of at least this multiple of the champion's usual longest
    /// break (the 90th percentile of gaps between their active days).
    #[serde(default = "default_champion_gap_multiple")]
    pub usual_gap_multiple: f64,
    pub risk: f64,
    /// Rules of older model files, read and ignored (replaced by the relative rule above).
    #[serde(default, skip_serializing)]
    pub top_user_share_at_least: Option<f64>,
    #[serde(default, skip_serializing)]
    pub min_user_events: Option<f64>,
    #[serde(default, skip_serializing)]
    pub min_expected_active_days: Option<f64>,
}

fn default_watch_days() -> u32 {
    10
}

fn default_champion_multiple() -> f64 {
    2.0
}

fn default_min_active_days() -> u32 {
    12
}

fn default_max_champions() -> u32 {
    3
}

fn default_standout_margin() -> f64 {
    1.0
}

fn default_champion_gap_multiple() -> f64 {
    2.0
}

/// Release disruption: usage of what a release changed (the feature it names, else all
/// usage) fell after it and stayed down. See docs/scoring.md ("Release disruption").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseDisruptionRule {
    /// Releases up to this many days old are considered.
    #[serde(default = "default_release_lookback_days")]
    pub lookback_days: u32,
    /// Span compared on each side of the release (whole weeks are used).
    pub window_days: u32,
    /// Fall of the median week after vs. the median week before.
    pub drop_at_least: f64,
    /// The first this many whole weeks after the release must be down by `drop_at_least`
    /// together, and at least this many weeks since down each, so the fall starts at the
    /// release and a one-week dip (a holiday) is not a disruption.
    #[serde(default = "default_persist_weeks")]
    pub persist_weeks: u32,
    /// Events in the weeks before the release needed to judge it (per week on average).
    pub min_events_before: f64,
    /// The fall must be at least this many standard errors of chance variation: of weekly
    /// counts that size for active user-days, of the account's own weekly swings for events
    /// (3: the usual limit of ordinary variation on a control chart).
    #[serde(default = "default_clear_of_chance")]
    pub clear_of_chance: f64,
    pub risk: f64,
}

fn default_clear_of_chance() -> f64 {
    3.0
}

fn default_release_lookback_days() -> u32 {
    90
}

fn default_persist_weeks() -> u32 {
    2
}

/// No touchpoint, ticket or survey for `quiet_days` from an account that had some before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SilenceRule {
    pub quiet_days: u32,
    /// The quiet spell must also be at least this multiple of the account's usual gap
    /// between contacts, so accounts that were always rarely in touch do not fire.
    #[serde(default = "default_usual_gap_multiple")]
    pub usual_gap_multiple: f64,
    /// Contacts needed before the silence for a usual gap to exist.
    #[serde(default = "default_min_contacts")]
    pub min_contacts: u32,
    pub risk: f64,
}

fn default_usual_gap_multiple() -> f64 {
    2.0
}

fn default_min_contacts() -> u32 {
    3
}

/// Tickets in the last `recent_days` at least `ratio_at_least` × the usual rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketSurgeRule {
    pub recent_days: u32,
    pub ratio_at_least: f64,
    pub min_tickets: f64,
    pub risk: f64,
}

/// Segment definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentConfig {
    /// ARR tiers, ascending `min`.
    pub arr_tiers: Vec<Tier>,
    /// Company-size tiers (employees), ascending `min`.
    pub size_tiers: Vec<Tier>,
}

/// One tier of a numeric segmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub label: String,
    pub min: f64,
}

/// A manual override of an account's score, valid until `expires` (inclusive, YYYY-MM-DD),
/// compared with the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub account_id: String,
    pub health_score: f64,
    pub reason: String,
    pub expires: String,
}

impl Default for Model {
    fn default() -> Self {
        // The embedded default is validated by a unit test; a broken file fails the build's tests.
        serde_json::from_str(DEFAULT_MODEL_JSON).expect("pkg-config/model.json is a valid model")
    }
}
