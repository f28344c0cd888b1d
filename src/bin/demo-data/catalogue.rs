//! The product catalogue, names, and the planted stories with their usage profiles.

pub(crate) const FEATURES: [&str; 10] = [
    "dashboards",
    "reports",
    "alerts",
    "exports",
    "workflows",
    "integrations",
    "api",
    "forecasts",
    "sharing",
    "admin",
];
pub(crate) const WORKFLOWS: usize = 4;
pub(crate) const HISTORY_DAYS: i64 = 365;
/// The disruptive release lands this many days before as-of.
pub(crate) const RELEASE_OFFSET: i64 = 40;
pub(crate) const SILENCE_OFFSET: i64 = 90;
pub(crate) const CHAMPION_LEAVES_OFFSET: i64 = 35;
/// Global usage-volume knob: keeps the default demo set under ~3 MB.
pub(crate) const ACTIVITY: f64 = 0.66;

pub(crate) const NAME_A: [&str; 24] = [
    "Vel", "Nor", "Qua", "Ri", "Sol", "Ta", "Ber", "Lu", "Mar", "Ox", "Zen", "Pi", "Ka", "Dor",
    "El", "Fa", "Gra", "Hel", "Ix", "Jo", "Cal", "Bri", "Tor", "Ven",
];
pub(crate) const NAME_B: [&str; 16] = [
    "tra", "rex", "nta", "via", "ris", "mo", "dex", "lio", "ra", "tek", "van", "cor", "ly", "nis",
    "pa", "quo",
];
/// (company-name suffix, industry)
pub(crate) const SUFFIX: [(&str, &str); 12] = [
    ("Logistics", "Logistics"),
    ("Health", "Healthcare"),
    ("Labs", "Software"),
    ("Foods", "Food & Beverage"),
    ("Energy", "Energy"),
    ("Capital", "Financial Services"),
    ("Retail", "Retail"),
    ("Systems", "Manufacturing"),
    ("Media", "Media"),
    ("Robotics", "Manufacturing"),
    ("Pharma", "Healthcare"),
    ("Insurance", "Financial Services"),
];
pub(crate) const REGIONS: [&str; 4] = ["NA", "EMEA", "APAC", "LATAM"];
pub(crate) const CSMS: [&str; 6] = [
    "Dana Whitfield",
    "Marco Ruiz",
    "Priya Nair",
    "Tom Becker",
    "Aiko Sato",
    "Lena Vogel",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Story {
    Champion,
    UnderUser,
    CryForHelp,
    AtRisk,
    UsageTrap,
    UsageDecline,
    SeatUnderuse,
    LastUser,
    ChampionLoss,
    ReleaseDisruption,
    Silence,
    TicketSurge,
    PartialValue,
    NoSurveys,
    NoGoals,
    Steady,
}

/// Planted stories and how many of each in a 150-account book (the rest are `Steady`).
pub(crate) const MIX: [(Story, usize); 15] = [
    (Story::Champion, 16),
    (Story::UnderUser, 14),
    (Story::CryForHelp, 10),
    (Story::AtRisk, 10),
    (Story::UsageTrap, 6),
    (Story::UsageDecline, 6),
    (Story::SeatUnderuse, 4),
    (Story::LastUser, 2),
    (Story::ChampionLoss, 5),
    (Story::ReleaseDisruption, 5),
    (Story::Silence, 5),
    (Story::TicketSurge, 5),
    (Story::PartialValue, 8),
    (Story::NoSurveys, 4),
    (Story::NoGoals, 4),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Sat {
    High,
    Mid,
    Low,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum GoalProfile {
    Met,
    Mid,
    Partial,
    Behind,
    Low,
    None,
}

pub(crate) struct Profile {
    /// fraction of seats that become users (min, max)
    pub(crate) users: (f64, f64),
    /// weekday probability that a user is active on a given day
    pub(crate) p: f64,
    /// distinct features the account uses (min, max)
    pub(crate) features: (usize, usize),
    pub(crate) sat: Sat,
    pub(crate) tickets_per_month: f64,
    pub(crate) touch_every_days: f64,
    pub(crate) goals: GoalProfile,
}

impl Story {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Story::Champion => "champion",
            Story::UnderUser => "content_under_user",
            Story::CryForHelp => "cry_for_help",
            Story::AtRisk => "at_risk",
            Story::UsageTrap => "usage_trap",
            Story::UsageDecline => "usage_decline",
            Story::SeatUnderuse => "seat_underuse",
            Story::LastUser => "last_user_standing",
            Story::ChampionLoss => "champion_loss",
            Story::ReleaseDisruption => "release_disruption",
            Story::Silence => "silence",
            Story::TicketSurge => "ticket_surge",
            Story::PartialValue => "partial_value",
            Story::NoSurveys => "missing_surveys",
            Story::NoGoals => "missing_goals",
            Story::Steady => "steady",
        }
    }
    pub(crate) fn quadrant(self) -> Option<&'static str> {
        match self {
            Story::Champion | Story::UsageTrap => Some("champion"),
            Story::UnderUser => Some("under_user"),
            Story::CryForHelp => Some("cry_for_help"),
            Story::AtRisk => Some("at_risk"),
            _ => None,
        }
    }
    pub(crate) fn flags(self) -> &'static [&'static str] {
        match self {
            Story::Champion | Story::Steady => &[],
            Story::UnderUser | Story::AtRisk | Story::SeatUnderuse => &["low_seat_utilisation"],
            Story::CryForHelp => &["competitor_mention"],
            Story::UsageTrap => &["usage_trap"],
            Story::UsageDecline => &["usage_decline"],
            Story::LastUser => &["low_seat_utilisation", "single_user"],
            Story::ChampionLoss => &["champion_loss", "usage_decline"],
            Story::ReleaseDisruption => &["release_drop"],
            Story::Silence => &["silence"],
            Story::TicketSurge => &["ticket_surge"],
            Story::PartialValue => &["partial_value"],
            Story::NoSurveys => &["no_surveys"],
            Story::NoGoals => &["no_goals"],
        }
    }
    pub(crate) fn profile(self) -> Profile {
        let steady = Profile {
            users: (0.65, 0.85),
            p: 0.10,
            features: (3, 6),
            sat: Sat::Mid,
            tickets_per_month: 1.0,
            touch_every_days: 18.0,
            goals: GoalProfile::Mid,
        };
        match self {
            Story::Champion => Profile {
                users: (0.85, 0.95),
                p: 0.20,
                features: (6, 9),
                sat: Sat::High,
                tickets_per_month: 0.6,
                touch_every_days: 12.0,
                goals: GoalProfile::Met,
            },
            Story::UnderUser => Profile {
                users: (0.0, 0.0),
                p: 0.09,
                features: (1, 1),
                sat: Sat::High,
                tickets_per_month: 0.3,
                touch_every_days: 30.0,
                ..steady
            },
            Story::CryForHelp => Profile {
                users: (0.8, 0.95),
                p: 0.22,
                features: (5, 8),
                sat: Sat::Low,
                tickets_per_month: 4.5,
                touch_every_days: 14.0,
                ..steady
            },
            Story::AtRisk => Profile {
                users: (0.1, 0.25),
                p: 0.05,
                features: (1, 2),
                sat: Sat::Low,
                tickets_per_month: 0.8,
                touch_every_days: 35.0,
                goals: GoalProfile::Low,
            },
            Story::UsageTrap => Profile {
                users: (0.75, 0.9),
                p: 0.32,
                features: (4, 6),
                sat: Sat::High,
                tickets_per_month: 1.0,
                touch_every_days: 14.0,
                goals: GoalProfile::Behind,
            },
            Story::UsageDecline => Profile { p: 0.13, ..steady },
            Story::SeatUnderuse => Profile {
                users: (0.0, 0.0),
                p: 0.15,
                ..steady
            },
            Story::LastUser => Profile {
                users: (0.0, 0.0),
                p: 0.2,
                ..steady
            },
            Story::ChampionLoss => Profile {
                users: (0.6, 0.8),
                p: 0.08,
                ..steady
            },
            Story::ReleaseDisruption => Profile {
                p: 0.13,
                features: (3, 5),
                ..steady
            },
            Story::PartialValue => Profile {
                goals: GoalProfile::Partial,
                ..steady
            },
            Story::NoGoals => Profile {
                goals: GoalProfile::None,
                ..steady
            },
            Story::TicketSurge => Profile {
                tickets_per_month: 1.2,
                ..steady
            },
            Story::Silence | Story::NoSurveys | Story::Steady => steady,
        }
    }
}
