//! The early-warning flags: ids, labels and hints (their rules live in `scoring::flags`).

use serde::Serialize;

/// Early-warning flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    UsageTrap,
    UsageDecline,
    SeatUnderUse,
    ChampionLoss,
    ReleaseDisruption,
    Silence,
    TicketSurge,
    /// Survey comments name a competitor or talk about switching (DOMAIN: a cry for help
    /// may already be comparing alternatives).
    CompetitorMention,
}

impl Flag {
    /// Every flag, in evaluation and display order.
    pub const ALL: [Flag; 8] = [
        Flag::UsageTrap,
        Flag::UsageDecline,
        Flag::SeatUnderUse,
        Flag::ChampionLoss,
        Flag::ReleaseDisruption,
        Flag::Silence,
        Flag::TicketSurge,
        Flag::CompetitorMention,
    ];

    /// The snake_case id (as in results and exports).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Label and one-line hint of the flag.
    pub fn info(self) -> &'static FlagInfo {
        &FLAG_INFO[self as usize]
    }
}

/// How a flag is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FlagInfo {
    pub id: &'static str,
    pub label: &'static str,
    /// What raises it, in a few words.
    pub hint: &'static str,
}

/// One entry per flag, in [`Flag::ALL`] order.
#[rustfmt::skip]
pub static FLAG_INFO: [FlagInfo; 8] = [
    FlagInfo { id: "usage_trap", label: "Usage trap", hint: "High usage, goals not met" },
    FlagInfo { id: "usage_decline", label: "Usage decline", hint: "Usage fell vs. the previous window" },
    FlagInfo { id: "seat_under_use", label: "Seats unused", hint: "Few active users vs. seats bought" },
    FlagInfo { id: "champion_loss", label: "Champion gone quiet", hint: "The most active user stopped" },
    FlagInfo { id: "release_disruption", label: "Release disruption", hint: "Usage dropped after a release" },
    FlagInfo { id: "silence", label: "Silence", hint: "No touchpoint, ticket or survey for a while" },
    FlagInfo { id: "ticket_surge", label: "Ticket surge", hint: "Tickets well above the usual rate" },
    FlagInfo { id: "competitor_mention", label: "Competitor mentioned", hint: "Survey comments name a competitor or talk about switching" },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_serde_and_order() {
        for (k, f) in Flag::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, k);
            assert_eq!(serde_json::to_value(f).unwrap(), f.id());
        }
    }
}
