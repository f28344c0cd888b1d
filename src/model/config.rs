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
    pub risk: f64,
}

/// Seat utilisation below a share on contracts of at least `min_seats` seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatUnderUseRule {
    pub utilisation_below: f64,
    pub min_seats: f64,
    pub risk: f64,
}

/// A user who had at least `top_user_share_at_least` of the account's activity over the
/// lookback has been quiet for `quiet_days`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChampionLossRule {
    pub top_user_share_at_least: f64,
    pub quiet_days: u32,
    pub lookback_days: u32,
    pub min_user_events: f64,
    /// At the user's lookback pace, the quiet period should have held at least this many
    /// active days; otherwise the gap is ordinary for that user and does not count.
    #[serde(default = "default_min_expected_active_days")]
    pub min_expected_active_days: f64,
    pub risk: f64,
}

fn default_min_expected_active_days() -> f64 {
    3.0
}

/// Usage in the `window_days` after a release fell by `drop_at_least` vs. the same span before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseDisruptionRule {
    pub window_days: u32,
    pub drop_at_least: f64,
    pub min_events_before: f64,
    pub risk: f64,
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

impl Model {
    /// Parses and validates a user model. Errors list every problem, one per line.
    pub fn from_json(text: &str) -> Result<Model, String> {
        let model: Model = serde_json::from_str(text).map_err(|e| format!("model JSON: {e}"))?;
        model.validate().map_err(|problems| problems.join("\n"))?;
        Ok(model)
    }

    /// Checks the model's internal consistency; returns every problem found.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        if self.schema_version != MODEL_SCHEMA_VERSION {
            problems.push(format!(
                "schema_version {} is not supported (expected {MODEL_SCHEMA_VERSION})",
                self.schema_version
            ));
        }
        if let Some(date) = &self.as_of {
            if crate::dataset::parse_iso_day(date).is_none() {
                problems.push(format!("as_of '{date}' is not a YYYY-MM-DD date"));
            }
        }
        let w = &self.windows;
        for (name, value) in [
            ("recent_days", w.recent_days),
            ("consistency_weeks", w.consistency_weeks),
            ("ticket_days", w.ticket_days),
            ("touchpoint_days", w.touchpoint_days),
            ("survey_days", w.survey_days),
            ("trend_days", w.trend_days),
            ("backtest_days", w.backtest_days),
        ] {
            if value == 0 || value > 3660 {
                problems.push(format!(
                    "windows.{name} must be between 1 and 3660, got {value}"
                ));
            }
        }
        if self.groups.is_empty() {
            problems.push("groups: at least one group is needed".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut any_weight = false;
        for g in &self.groups {
            if !(g.weight.is_finite() && g.weight >= 0.0) {
                problems.push(format!("group '{}': weight must be a number ≥ 0", g.id));
            }
            for m in &g.measures {
                let at = format!("group '{}', measure '{}'", g.id, m.measure.id());
                if !seen.insert(m.measure) {
                    problems.push(format!("{at}: listed more than once"));
                }
                if !(m.weight.is_finite() && m.weight >= 0.0) {
                    problems.push(format!("{at}: weight must be a number ≥ 0"));
                } else if m.weight > 0.0 && g.weight > 0.0 {
                    any_weight = true;
                }
                if let Normalize::Thresholds { points } = &m.normalize {
                    check_points(&at, points, &mut problems);
                }
                for (stage, normalize) in &m.by_stage {
                    let at = format!("{at}, by_stage '{stage}'");
                    match &self.lifecycle {
                        None => problems.push(format!(
                            "{at}: the model has no lifecycle section defining stages"
                        )),
                        Some(l) if l.stage(stage).is_none() => problems.push(format!(
                            "{at}: unknown stage (lifecycle stages: {})",
                            l.stages
                                .iter()
                                .map(|s| s.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                        Some(_) => {}
                    }
                    if let Normalize::Thresholds { points } = normalize {
                        check_points(&at, points, &mut problems);
                    }
                }
            }
        }
        if !self.groups.is_empty() && !any_weight {
            problems.push("groups: every weight is zero, nothing would be scored".into());
        }
        if self.bands.is_empty() {
            problems.push("bands: at least one band is needed".into());
        } else if self.bands.len() > 12 {
            problems.push("bands: at most 12 bands".into());
        }
        for (i, b) in self.bands.iter().enumerate() {
            if !(0.0..=100.0).contains(&b.min) {
                problems.push(format!("band '{}': min must be within 0–100", b.id));
            }
            if i == 0 && b.min != 0.0 {
                problems.push(format!("band '{}': the first band must start at 0", b.id));
            }
            if i > 0 && b.min <= self.bands[i - 1].min {
                problems.push(format!(
                    "band '{}': bands must be in ascending order of min",
                    b.id
                ));
            }
        }
        let q = &self.quadrants;
        if q.satisfaction_measures.is_empty() || q.usage_measures.is_empty() {
            problems.push(
                "quadrants: satisfaction_measures and usage_measures must not be empty".into(),
            );
        }
        for (name, list) in [
            ("satisfaction_measures", &q.satisfaction_measures),
            ("usage_measures", &q.usage_measures),
        ] {
            for m in list {
                if !seen.contains(m) {
                    problems.push(format!(
                        "quadrants.{name}: '{}' is not in any group, so it has no normalisation to feed the index",
                        m.id()
                    ));
                }
            }
        }
        if !(0.0..=100.0).contains(&q.satisfaction_cut) {
            problems.push("quadrants.satisfaction_cut must be within 0–100".into());
        }
        if let Cut::Fixed(v) = q.usage_cut {
            if !(0.0..=100.0).contains(&v) {
                problems.push("quadrants.usage_cut must be \"median\" or within 0–100".into());
            }
        }
        let f = &self.flags;
        for (name, risk) in [
            ("usage_trap", f.usage_trap.risk),
            ("usage_decline", f.usage_decline.risk),
            ("seat_under_use", f.seat_under_use.risk),
            ("champion_loss", f.champion_loss.risk),
            ("release_disruption", f.release_disruption.risk),
            ("silence", f.silence.risk),
            ("ticket_surge", f.ticket_surge.risk),
            ("competitor_mention", f.competitor_mention.risk),
        ] {
            if !(0.0..=1.0).contains(&risk) {
                problems.push(format!("flags.{name}.risk must be within 0–1"));
            }
        }
        if f.competitor_mention.lookback_days == 0 {
            problems.push("flags.competitor_mention.lookback_days must be at least 1".into());
        }
        for (name, tiers) in [
            ("arr_tiers", &self.segments.arr_tiers),
            ("size_tiers", &self.segments.size_tiers),
        ] {
            for pair in tiers.windows(2) {
                if pair[1].min <= pair[0].min {
                    problems.push(format!(
                        "segments.{name}: tiers must be in ascending order of min"
                    ));
                }
            }
        }
        for o in &self.overrides {
            if !(0.0..=100.0).contains(&o.health_score) {
                problems.push(format!(
                    "override for '{}': health_score must be within 0–100",
                    o.account_id
                ));
            }
            if crate::dataset::parse_iso_day(&o.expires).is_none() {
                problems.push(format!(
                    "override for '{}': expires must be a YYYY-MM-DD date",
                    o.account_id
                ));
            }
        }
        crate::model::measures::check(self, &mut problems);
        if let Some(lifecycle) = &self.lifecycle {
            lifecycle.check(&mut problems);
        }
        if let Some(playbooks) = &self.playbooks {
            if let Err(more) = playbooks.validate() {
                problems.extend(more);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The playbooks in force: the model's own, else the embedded default.
    pub fn playbooks(&self) -> std::borrow::Cow<'_, crate::model::playbooks::Playbooks> {
        match &self.playbooks {
            Some(p) => std::borrow::Cow::Borrowed(p),
            None => std::borrow::Cow::Owned(crate::model::playbooks::Playbooks::default()),
        }
    }
}

fn check_points(at: &str, points: &[[f64; 2]], problems: &mut Vec<String>) {
    if points.len() < 2 {
        problems.push(format!("{at}: thresholds need at least two points"));
        return;
    }
    if points.iter().flatten().any(|v| !v.is_finite()) {
        problems.push(format!("{at}: thresholds must be finite numbers"));
        return;
    }
    if points.windows(2).any(|p| p[1][0] <= p[0][0]) {
        problems.push(format!(
            "{at}: threshold raw values must be strictly ascending"
        ));
    }
    if points.iter().any(|p| !(0.0..=100.0).contains(&p[1])) {
        problems.push(format!("{at}: threshold scores must be within 0–100"));
    }
    let rising = points.windows(2).all(|p| p[1][1] >= p[0][1]);
    let falling = points.windows(2).all(|p| p[1][1] <= p[0][1]);
    if !rising && !falling {
        problems.push(format!(
            "{at}: threshold scores must only rise or only fall (monotone)"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_model_is_valid() {
        let m = Model::default();
        assert_eq!(m.validate(), Ok(()));
        assert_eq!(m.bands.len(), 5);
    }

    #[test]
    fn problems_are_all_reported() {
        let mut m = Model::default();
        m.bands[0].min = 5.0;
        m.groups[0].measures[0].weight = -1.0;
        m.groups[0].measures[1].normalize = Normalize::Thresholds {
            points: vec![[0.0, 0.0], [1.0, 100.0], [2.0, 50.0]],
        };
        let problems = m.validate().unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn unknown_fields_and_measures_are_rejected() {
        let text = DEFAULT_MODEL_JSON.replace("\"goal_attainment\"", "\"goal_atainment\"");
        assert!(Model::from_json(&text)
            .unwrap_err()
            .contains("goal_atainment"));
        let text =
            DEFAULT_MODEL_JSON.replacen("\"as_of\": null", "\"as_of\": null, \"colour\": 1", 1);
        assert!(Model::from_json(&text).unwrap_err().contains("colour"));
    }

    #[test]
    fn stage_overrides_are_validated_with_every_problem_listed() {
        let mut m = Model::default();
        let thresholds = |points: Vec<[f64; 2]>| Normalize::Thresholds { points };
        let measures = &mut m.groups[1].measures;
        measures[0]
            .by_stage
            .insert("trial".into(), thresholds(vec![[0.0, 0.0], [1.0, 100.0]]));
        measures[1].by_stage.insert(
            "adoption".into(),
            thresholds(vec![[1.0, 0.0], [0.5, 100.0]]),
        );
        if let Some(l) = m.lifecycle.as_mut() {
            l.stages[1].until_days = Some(30);
        }
        let problems = m.validate().unwrap_err();
        assert_eq!(
            problems,
            [
                "group 'data_driven', measure 'usage_frequency', by_stage 'trial': unknown stage (lifecycle stages: onboarding, adoption, established)",
                "group 'data_driven', measure 'usage_trend', by_stage 'adoption': threshold raw values must be strictly ascending",
                "lifecycle stage 'adoption': until_days 30 must be greater than the previous stage's 90 (stages go in tenure order)",
            ]
        );
        m.lifecycle = None;
        let problems = m.validate().unwrap_err();
        assert!(
            problems.iter().any(|p| p.ends_with(
                "by_stage 'onboarding': the model has no lifecycle section defining stages"
            )),
            "{problems:?}"
        );
    }

    #[test]
    fn models_without_lifecycle_load_and_serialise_unchanged() {
        let before = include_str!("../../tests/fixtures/model-before-lifecycle.json");
        let m = Model::from_json(before).unwrap();
        assert!(m.lifecycle.is_none());
        assert!(m
            .groups
            .iter()
            .flat_map(|g| &g.measures)
            .all(|mw| mw.by_stage.is_empty()));
        let written = serde_json::to_string(&m).unwrap();
        assert!(!written.contains("lifecycle") && !written.contains("by_stage"));
        let shipped = Model::default();
        assert!(shipped.lifecycle.is_some());
        assert_eq!(
            Model::from_json(&serde_json::to_string(&shipped).unwrap()),
            Ok(shipped)
        );
    }

    #[test]
    fn quadrant_measures_must_be_weighted_somewhere() {
        let mut m = Model::default();
        m.groups[1]
            .measures
            .retain(|mw| mw.measure != Measure::Stickiness);
        let problems = m.validate().unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("stickiness"));
    }
}
