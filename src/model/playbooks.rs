//! Playbooks as data: what each quadrant means and what to do, and the action behind each
//! flag. The default lives in `pkg-config/playbooks.json`; a model may carry its own.

use serde::{Deserialize, Serialize};

use crate::domain::flag::Flag;
use crate::domain::quadrant::Quadrant;

/// The embedded default playbooks (pkg-config/playbooks.json).
pub const DEFAULT_PLAYBOOKS_JSON: &str = include_str!("../../pkg-config/playbooks.json");

/// Every play, per quadrant and per flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbooks {
    /// Why priority is weighted by ARR (quadrants assume similar spend).
    pub note: String,
    /// One playbook per quadrant.
    pub quadrants: QuadrantPlaybooks,
    /// Title and action per flag.
    pub flags: FlagPlaybooks,
}

/// One playbook per quadrant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuadrantPlaybooks {
    /// High satisfaction, high usage.
    pub champion: QuadrantPlaybook,
    /// High satisfaction, low usage.
    pub under_user: QuadrantPlaybook,
    /// Low satisfaction, high usage.
    pub cry_for_help: QuadrantPlaybook,
    /// Low satisfaction, low usage.
    pub at_risk: QuadrantPlaybook,
}

/// What a quadrant means and how to work it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuadrantPlaybook {
    /// Short name shown in the UI.
    pub title: String,
    /// One paragraph.
    pub meaning: String,
    /// The one-line play shown in the outreach list.
    pub play: String,
    /// The plays, one per line.
    pub plays: Vec<String>,
    /// What can go wrong with accounts in this quadrant.
    pub risks: Vec<String>,
    /// Suggested share 0–1 of CSM effort; the four shares add up to 1.
    pub effort_share: f64,
    /// Signals to watch for.
    pub watch_for: Vec<String>,
}

/// One playbook per flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagPlaybooks {
    /// High usage, goals not met.
    pub usage_trap: FlagPlaybook,
    /// Usage volume falling.
    pub usage_decline: FlagPlaybook,
    /// Few of the paid seats active.
    pub seat_under_use: FlagPlaybook,
    /// The top user went quiet.
    pub champion_loss: FlagPlaybook,
    /// Usage dropped after a release.
    pub release_disruption: FlagPlaybook,
    /// No contact of any kind for a long time.
    pub silence: FlagPlaybook,
    /// Tickets well above the usual rate.
    pub ticket_surge: FlagPlaybook,
    /// Survey comments mention alternatives.
    pub competitor_mention: FlagPlaybook,
}

/// Title and recommended action of a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagPlaybook {
    /// Short name shown in the UI.
    pub title: String,
    /// The recommended next step.
    pub action: String,
}

impl Default for Playbooks {
    fn default() -> Self {
        serde_json::from_str(DEFAULT_PLAYBOOKS_JSON).expect("pkg-config/playbooks.json is valid")
    }
}

impl Playbooks {
    /// Parses and validates playbooks; errors list every problem, one per line.
    pub fn from_json(text: &str) -> Result<Playbooks, String> {
        let p: Playbooks =
            serde_json::from_str(text).map_err(|e| format!("playbooks JSON: {e}"))?;
        p.validate().map_err(|problems| problems.join("\n"))?;
        Ok(p)
    }

    /// The playbook of a quadrant.
    pub fn quadrant(&self, q: Quadrant) -> &QuadrantPlaybook {
        match q {
            Quadrant::Champion => &self.quadrants.champion,
            Quadrant::UnderUser => &self.quadrants.under_user,
            Quadrant::CryForHelp => &self.quadrants.cry_for_help,
            Quadrant::AtRisk => &self.quadrants.at_risk,
        }
    }

    /// The playbook of a flag.
    pub fn flag(&self, f: Flag) -> &FlagPlaybook {
        let fl = &self.flags;
        match f {
            Flag::UsageTrap => &fl.usage_trap,
            Flag::UsageDecline => &fl.usage_decline,
            Flag::SeatUnderUse => &fl.seat_under_use,
            Flag::ChampionLoss => &fl.champion_loss,
            Flag::ReleaseDisruption => &fl.release_disruption,
            Flag::Silence => &fl.silence,
            Flag::TicketSurge => &fl.ticket_surge,
            Flag::CompetitorMention => &fl.competitor_mention,
        }
    }

    /// Checks that every text is filled in and the effort shares add up to 1.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let quadrants = [
            ("champion", &self.quadrants.champion),
            ("under_user", &self.quadrants.under_user),
            ("cry_for_help", &self.quadrants.cry_for_help),
            ("at_risk", &self.quadrants.at_risk),
        ];
        let mut share = 0.0;
        for (name, q) in quadrants {
            if q.title.trim().is_empty() || q.meaning.trim().is_empty() || q.play.trim().is_empty()
            {
                problems.push(format!(
                    "playbooks.quadrants.{name}: title, meaning and play must not be empty"
                ));
            }
            if q.plays.is_empty() || q.risks.is_empty() {
                problems.push(format!(
                    "playbooks.quadrants.{name}: list at least one play and one risk"
                ));
            }
            if !(0.0..=1.0).contains(&q.effort_share) {
                problems.push(format!(
                    "playbooks.quadrants.{name}.effort_share must be within 0–1"
                ));
            }
            share += q.effort_share;
        }
        if (share - 1.0).abs() > 1e-6 {
            problems.push(format!(
                "playbooks: effort shares add up to {share:.2}, expected 1"
            ));
        }
        for f in Flag::ALL {
            let p = self.flag(f);
            if p.title.trim().is_empty() || p.action.trim().is_empty() {
                problems.push(format!(
                    "playbooks.flags.{f:?}: title and action must not be empty"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_playbooks_are_valid_and_favour_unhappy_salvageable_accounts() {
        let p = Playbooks::default();
        assert_eq!(p.validate(), Ok(()));
        let cry = p.quadrant(Quadrant::CryForHelp).effort_share;
        let champion = p.quadrant(Quadrant::Champion).effort_share;
        assert!(cry > champion && champion > 0.0);
        assert!(p
            .quadrant(Quadrant::CryForHelp)
            .watch_for
            .iter()
            .any(|w| w.contains("competitor")));
    }

    #[test]
    fn broken_playbooks_are_reported() {
        let text = DEFAULT_PLAYBOOKS_JSON.replace("\"effort_share\": 0.5", "\"effort_share\": 0.9");
        assert!(Playbooks::from_json(&text).unwrap_err().contains("add up"));
        let text = DEFAULT_PLAYBOOKS_JSON.replacen("\"title\"", "\"titel\"", 1);
        assert!(Playbooks::from_json(&text).is_err());
    }
}
