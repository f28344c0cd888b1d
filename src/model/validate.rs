//! Reading a model file and checking it: [`Model::from_json`] and [`Model::validate`], which
//! lists every problem it finds (one per line) instead of stopping at the first.

use crate::domain::calendar::parse_iso_day;
use crate::model::config::*;

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
            if parse_iso_day(date).is_none() {
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
            if parse_iso_day(&o.expires).is_none() {
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
        if let Some(p) = &self.churn_probability {
            p.check(&mut problems);
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
    use crate::domain::measure::Measure;

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
