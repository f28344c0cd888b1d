//! The catalogue of measures the engine computes per account.

use serde::{Deserialize, Serialize};

/// Which family a measure belongs to (DOMAIN idea 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Goals, success plan, relationship, sentiment, empowerment.
    HumanCentred,
    /// Usage, adoption, consistency, support.
    DataDriven,
}

/// A per-account measure. The snake_case name is its id in models, results and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Mean over goals of (current − baseline) ÷ (target − baseline), each clamped to 0–1
    /// (partial value; baseline 0 when absent; works for lower-is-better targets).
    GoalAttainment,
    /// Milestones completed ÷ milestones planned (due by the as-of date, else all planned).
    MilestoneProgress,
    /// 1 when a success plan (at least one open goal or milestone) is in place, else 0.
    SuccessPlan,
    /// CSM touchpoints per month over the touchpoint window.
    EngagementCadence,
    /// Days since the last touchpoint (lower is better).
    DaysSinceTouchpoint,
    /// Share of 4–5 answers on the 1–5 scale, 0–1 (surveys and ticket ratings).
    Csat,
    /// % promoters − % detractors, −100..100.
    Nps,
    /// Customer empowerment 0–1 (from the accounts table).
    Empowerment,
    /// Active days per week over the recent window (0–7).
    UsageFrequency,
    /// Change of usage volume, recent window vs. the window before (−1 = stopped, 0 = flat).
    UsageTrend,
    /// Share of active weeks out of the last N weeks, 0–1.
    LoginConsistency,
    /// Distinct features used in the recent window ÷ features seen portfolio-wide, 0–1.
    FeatureBreadth,
    /// Share of the model's high-impact features used in the recent window, 0–1.
    HighImpactAdoption,
    /// Distinct active users in the last 28 days ÷ licensed seats.
    SeatUtilisation,
    /// Mean daily active users ÷ monthly active users over the recent window, 0–1.
    Stickiness,
    /// Tickets per seat per month over the ticket window (lower is better).
    TicketLoad,
    /// Median hours from opened to resolved over the ticket window (lower is better).
    ResolutionHours,
}

impl Measure {
    /// Every measure, in display order.
    pub const ALL: [Measure; 17] = [
        Measure::GoalAttainment,
        Measure::MilestoneProgress,
        Measure::SuccessPlan,
        Measure::EngagementCadence,
        Measure::DaysSinceTouchpoint,
        Measure::Csat,
        Measure::Nps,
        Measure::Empowerment,
        Measure::UsageFrequency,
        Measure::UsageTrend,
        Measure::LoginConsistency,
        Measure::FeatureBreadth,
        Measure::HighImpactAdoption,
        Measure::SeatUtilisation,
        Measure::Stickiness,
        Measure::TicketLoad,
        Measure::ResolutionHours,
    ];

    /// The family the measure belongs to.
    pub fn family(self) -> Family {
        use Measure::*;
        match self {
            GoalAttainment | MilestoneProgress | SuccessPlan | EngagementCadence
            | DaysSinceTouchpoint | Csat | Nps | Empowerment => Family::HumanCentred,
            _ => Family::DataDriven,
        }
    }

    /// The snake_case id.
    pub fn id(self) -> &'static str {
        use Measure::*;
        match self {
            GoalAttainment => "goal_attainment",
            MilestoneProgress => "milestone_progress",
            SuccessPlan => "success_plan",
            EngagementCadence => "engagement_cadence",
            DaysSinceTouchpoint => "days_since_touchpoint",
            Csat => "csat",
            Nps => "nps",
            Empowerment => "empowerment",
            UsageFrequency => "usage_frequency",
            UsageTrend => "usage_trend",
            LoginConsistency => "login_consistency",
            FeatureBreadth => "feature_breadth",
            HighImpactAdoption => "high_impact_adoption",
            SeatUtilisation => "seat_utilisation",
            Stickiness => "stickiness",
            TicketLoad => "ticket_load",
            ResolutionHours => "resolution_hours",
        }
    }

    /// Looks a measure up by its id.
    pub fn from_id(id: &str) -> Option<Measure> {
        Measure::ALL.iter().copied().find(|m| m.id() == id)
    }

    /// Unit label for display.
    pub fn unit(self) -> &'static str {
        use Measure::*;
        match self {
            GoalAttainment | MilestoneProgress | Csat | Empowerment | LoginConsistency
            | FeatureBreadth | HighImpactAdoption | SeatUtilisation | Stickiness => "share",
            SuccessPlan => "yes/no",
            EngagementCadence => "touchpoints/month",
            DaysSinceTouchpoint => "days",
            Nps => "NPS",
            UsageFrequency => "active days/week",
            UsageTrend => "change",
            TicketLoad => "tickets/seat/month",
            ResolutionHours => "hours",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_id(m.id()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.id())
            );
        }
    }
}
