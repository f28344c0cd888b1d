//! Lifecycle stages: ordered spans of account tenure (onboarding, adoption, established…)
//! under which a measure may be normalised with its own thresholds (`by_stage`).
//!
//! A stage covers tenures from the previous stage's `until_days` (inclusive; 0 for the
//! first) up to its own `until_days` (exclusive); the last stage is open-ended.

use serde::{Deserialize, Serialize};

/// The model's lifecycle stages, in tenure order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    pub stages: Vec<Stage>,
}

/// One lifecycle stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id, used by `by_stage` and in results.
    pub id: String,
    pub label: String,
    /// Accounts whose tenure (days) is below this are in this stage or an earlier one;
    /// absent on the last, open-ended stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_days: Option<u32>,
}

impl Lifecycle {
    /// The stage of an account with `tenure_days` of tenure (`None` only without stages).
    pub fn stage_at(&self, tenure_days: u32) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|s| s.until_days.is_some_and(|until| tenure_days < until))
            .or(self.stages.last())
    }

    /// The stage with id `id`.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Appends every problem of the stage list to `problems`.
    pub fn check(&self, problems: &mut Vec<String>) {
        if self.stages.is_empty() {
            problems.push("lifecycle: at least one stage is needed".into());
            return;
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut previous_until: Option<u32> = None;
        let last = self.stages.len() - 1;
        for (i, stage) in self.stages.iter().enumerate() {
            let at = format!("lifecycle stage '{}'", stage.id);
            if stage.id.trim().is_empty() {
                problems.push(format!("lifecycle stage {}: id must not be empty", i + 1));
            } else if !seen.insert(stage.id.as_str()) {
                problems.push(format!("{at}: id is used more than once"));
            }
            if stage.label.trim().is_empty() {
                problems.push(format!("{at}: label must not be empty"));
            }
            match (stage.until_days, i == last) {
                (Some(_), true) => problems.push(format!(
                    "{at}: the last stage is open-ended and must not have until_days"
                )),
                (None, false) => problems.push(format!(
                    "{at}: every stage but the last needs until_days (tenure in days where it ends)"
                )),
                (Some(0), false) => problems.push(format!("{at}: until_days must be at least 1")),
                (Some(until), false) => {
                    if let Some(before) = previous_until.filter(|&before| until <= before) {
                        problems.push(format!(
                            "{at}: until_days {until} must be greater than the previous stage's {before} (stages go in tenure order)"
                        ));
                    }
                    previous_until = Some(until);
                }
                (None, true) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, until_days: Option<u32>) -> Stage {
        Stage {
            id: id.into(),
            label: id.to_uppercase(),
            until_days,
        }
    }

    fn default_stages() -> Lifecycle {
        Lifecycle {
            stages: vec![
                stage("onboarding", Some(90)),
                stage("adoption", Some(365)),
                stage("established", None),
            ],
        }
    }

    #[test]
    fn a_stage_ends_exactly_at_its_until_days() {
        let l = default_stages();
        let id = |days| l.stage_at(days).map(|s| s.id.as_str());
        assert_eq!(id(0), Some("onboarding"));
        assert_eq!(id(89), Some("onboarding"));
        assert_eq!(id(90), Some("adoption"));
        assert_eq!(id(364), Some("adoption"));
        assert_eq!(id(365), Some("established"));
        assert_eq!(id(100_000), Some("established"));
        assert_eq!(Lifecycle { stages: vec![] }.stage_at(5), None);
    }

    #[test]
    fn every_stage_problem_is_listed() {
        let mut problems = Vec::new();
        default_stages().check(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let broken = Lifecycle {
            stages: vec![
                stage("onboarding", Some(90)),
                stage("onboarding", Some(60)),
                stage("adoption", None),
                stage("established", Some(400)),
            ],
        };
        broken.check(&mut problems);
        assert_eq!(
            problems,
            [
                "lifecycle stage 'onboarding': id is used more than once",
                "lifecycle stage 'onboarding': until_days 60 must be greater than the previous stage's 90 (stages go in tenure order)",
                "lifecycle stage 'adoption': every stage but the last needs until_days (tenure in days where it ends)",
                "lifecycle stage 'established': the last stage is open-ended and must not have until_days",
            ]
        );
    }
}
