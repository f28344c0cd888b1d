//! The satisfaction × usage quadrants: ids, labels and colours.

use serde::Serialize;

/// Satisfaction × usage quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High satisfaction, high usage.
    Champion,
    /// High satisfaction, low usage.
    UnderUser,
    /// Low satisfaction, high usage.
    CryForHelp,
    /// Low satisfaction, low usage.
    AtRisk,
}

impl Quadrant {
    /// Every quadrant, in declaration order.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::Champion,
        Quadrant::UnderUser,
        Quadrant::CryForHelp,
        Quadrant::AtRisk,
    ];

    /// The snake_case id (as in results and exports).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Labels and colour of the quadrant.
    pub fn info(self) -> &'static QuadrantInfo {
        &QUADRANT_INFO[self as usize]
    }
}

/// How a quadrant is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuadrantInfo {
    pub id: &'static str,
    /// Plural title ("Champions").
    pub label: &'static str,
    /// Singular, short ("Champion").
    pub short: &'static str,
    /// Where it sits on the two axes.
    pub axis: &'static str,
    pub color: &'static str,
}

/// One entry per quadrant, in [`Quadrant::ALL`] order.
#[rustfmt::skip]
pub static QUADRANT_INFO: [QuadrantInfo; 4] = [
    QuadrantInfo { id: "champion", label: "Champions", short: "Champion", axis: "High satisfaction · high usage", color: "#1f7a4d" },
    QuadrantInfo { id: "under_user", label: "Content under-users", short: "Under-user", axis: "High satisfaction · low usage", color: "#3b6fd8" },
    QuadrantInfo { id: "cry_for_help", label: "Cry for help", short: "Cry for help", axis: "Low satisfaction · high usage", color: "#a15c00" },
    QuadrantInfo { id: "at_risk", label: "At risk", short: "At risk", axis: "Low satisfaction · low usage", color: "#b42318" },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_serde_and_order() {
        for (k, q) in Quadrant::ALL.into_iter().enumerate() {
            assert_eq!(q as usize, k);
            assert_eq!(serde_json::to_value(q).unwrap(), q.id());
        }
    }
}
