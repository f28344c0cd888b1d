//! Value evidence: what a field's values should look like ([`Want`]) and how well a column's
//! sampled values ([`ColumnProfile`]) fit it, 0–1, with the reason in words ("100 % dates",
//! "whole numbers 1–5 (a 1–5 rating)", "98 % of values match the account ids of crm.csv").

use super::profile::ColumnProfile;
use super::report::TableKind;
use super::scales::csat_word;
use super::values::{parse_number, DecimalStyle};
use super::vocab;

/// What a field's values should look like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Want {
    AccountKey,
    SubscriptionKey,
    UserKey,
    Date,
    Count,
    Number,
    Money,
    Rating,
    Bool,
    /// A churn label: yes/no, status words, or a churn date per churned account (blank = stayed).
    Label,
    Category,
    Text,
    Priority,
    Direction,
}

pub fn want(field: &str) -> Want {
    match field {
        "account_id" => Want::AccountKey,
        "subscription_id" => Want::SubscriptionKey,
        "user_id" => Want::UserKey,
        "date" | "start_date" | "end_date" | "renewal_date" | "opened" | "resolved"
        | "due_date" | "completed_date" | "churn_date" => Want::Date,
        "count" | "errors" | "seats" | "logins_30d" | "active_users" | "features_used"
        | "tickets_30d" | "company_size" => Want::Count,
        "arr" | "mrr" => Want::Money,
        "score" | "satisfaction" | "csat" | "nps" => Want::Rating,
        "churned" => Want::Label,
        "is_trial" | "success_plan" | "escalated" => Want::Bool,
        "name" | "goal" | "comment" => Want::Text,
        "priority" => Want::Priority,
        "direction" => Want::Direction,
        "duration" | "resolution_hours" | "baseline" | "target" | "current" | "goal_progress"
        | "empowerment" => Want::Number,
        _ => Want::Category,
    }
}

/// Weak evidence (0.3: usable only with a header naming the field; bad cells are then rejected
/// row by row) when some values fit, a veto (0) when almost none do.
fn mostly_not(share: f64) -> f64 {
    if share >= 0.3 {
        0.3
    } else {
        0.0
    }
}

pub fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Value evidence 0–1 for a field wanting `w`, and what the values are, in words.
pub fn value_fit(w: Want, p: &ColumnProfile, kind: TableKind) -> (f64, String) {
    if p.filled == 0 {
        return (0.3, "no values in the sample".into());
    }
    let numeric = p.is_number();
    let id_like =
        p.is_id() && !numeric || p.is_integer() && p.max >= 1000.0 && p.repeat_share() < 0.95;
    match w {
        Want::AccountKey | Want::SubscriptionKey => {
            let (share, file, what) = if w == Want::AccountKey {
                (p.overlap.accounts, &p.overlap.accounts_file, "account ids")
            } else {
                (
                    p.overlap.subscriptions,
                    &p.overlap.subscriptions_file,
                    "subscription ids",
                )
            };
            if share >= 0.5 {
                let from = file.as_deref().unwrap_or("another file");
                return (
                    1.0,
                    format!("{} of values match the {what} of {from}", pct(share)),
                );
            }
            if p.is_date() || numeric && !p.is_integer() || p.is_bool() {
                return (0.0, "values are not ids".into());
            }
            if file.is_some()
                && share < 0.05
                && kind != TableKind::Accounts
                && !(w == Want::SubscriptionKey && kind == TableKind::Subscriptions)
            {
                return (0.1, format!("values do not match the {what} read"));
            }
            let entity = (w == Want::AccountKey && kind == TableKind::Accounts)
                || (w == Want::SubscriptionKey && kind == TableKind::Subscriptions);
            if id_like && entity && p.repeat_share() == 0.0 {
                (0.8, "unique id-like values".into())
            } else if id_like {
                (0.7, "id-like values".into())
            } else if p.is_email() {
                (0.3, "emails".into())
            } else if p.share(p.texts) >= 0.5 {
                // Names can key events (a help desk's organisation), rarely an entity table
                // that has an id column beside them.
                (if entity { 0.2 } else { 0.5 }, "names or text".into())
            } else {
                (0.5, "text values".into())
            }
        }
        Want::UserKey => {
            if p.is_email() {
                (1.0, "emails".into())
            } else if p.overlap.users >= 0.5 {
                (
                    1.0,
                    format!("{} of values are users seen in usage", pct(p.overlap.users)),
                )
            } else if p.overlap.accounts >= 0.5 || p.is_date() || numeric && !p.is_integer() {
                (0.0, "values are not user ids".into())
            } else if id_like {
                (0.8, "id-like values".into())
            } else {
                (0.3, "text values".into())
            }
        }
        Want::Date => {
            let share = p.share(p.dates);
            if share >= 0.8 {
                let what = if p.timestamps * 2 > p.dates {
                    "timestamps"
                } else {
                    "dates"
                };
                (share, format!("{} {what}", pct(share)))
            } else {
                (
                    mostly_not(share),
                    format!("only {} of values are dates", pct(share)),
                )
            }
        }
        Want::Count => {
            if p.is_integer() && p.min >= 0.0 {
                (1.0, format!("whole numbers {}–{}", p.min, p.max))
            } else if numeric && p.min >= 0.0 {
                (0.5, format!("numbers {}–{}", p.min, p.max))
            } else {
                let share = p.share(p.numbers);
                (
                    mostly_not(share),
                    format!("only {} of values are numbers", pct(share)),
                )
            }
        }
        Want::Number => {
            if numeric {
                (1.0, format!("numbers {}–{}", p.min, p.max))
            } else {
                let share = p.share(p.numbers);
                (
                    mostly_not(share),
                    format!("only {} of values are numbers", pct(share)),
                )
            }
        }
        Want::Money => {
            if numeric && p.min >= 0.0 {
                let marks = p.share(p.money_marks);
                let fit = if marks >= 0.5 || p.max >= 100.0 {
                    1.0
                } else {
                    0.6
                };
                (fit, format!("amounts {}–{}", p.min, p.max))
            } else {
                let share = p.share(p.numbers);
                (
                    mostly_not(share),
                    format!("only {} of values are amounts", pct(share)),
                )
            }
        }
        Want::Rating => {
            // Satisfaction words, alone or beside numbers 0–10 (every other value a number).
            let words = p.values.iter().filter(|v| csat_word(v).is_some()).count();
            let rest_numbers = p.values.iter().all(|v| {
                csat_word(v).is_some()
                    || [DecimalStyle::Point, DecimalStyle::Comma]
                        .iter()
                        .any(|&style| parse_number(v.as_bytes(), style).is_some())
            });
            if p.numbers == 0 && p.filled > 0 && words == p.values.len() {
                (1.0, "satisfaction answers written as words".into())
            } else if words > 0 && rest_numbers && p.min >= 0.0 && p.max <= 10.0 {
                (
                    1.0,
                    format!(
                        "numbers {}–{} and satisfaction answers written as words",
                        p.min, p.max
                    ),
                )
            } else if p.is_bounded(0.0, 10.0) {
                let scale = if p.min >= 1.0 && p.max <= 5.0 {
                    "1–5"
                } else {
                    "0–10"
                };
                (
                    1.0,
                    format!("whole numbers {}–{} (a {scale} rating)", p.min, p.max),
                )
            } else if numeric && p.min >= 0.0 && p.max <= 10.0 {
                (
                    0.8,
                    format!("numbers {}–{} (a bounded rating)", p.min, p.max),
                )
            } else if numeric && p.min >= 0.0 && p.max <= 100.0 {
                (0.5, format!("numbers {}–{}", p.min, p.max))
            } else if numeric && p.min >= -100.0 && p.max <= 100.0 {
                // A per-account NPS column may hold NPS scores (−100…100), not answers.
                (
                    0.5,
                    format!("numbers {} to {} (an NPS score, −100…100)", p.min, p.max),
                )
            } else {
                (0.0, "values are not ratings".into())
            }
        }
        Want::Bool => {
            if p.is_bool() {
                (1.0, "yes/no values".into())
            } else if p.is_date() {
                (0.3, "dates, not yes/no".into())
            } else if p.distinct <= 6 {
                (0.5, "few distinct values".into())
            } else {
                (0.0, "values are not yes/no".into())
            }
        }
        // A churn label reads like a yes/no field, and also as status words in mixed
        // encodings or as churn dates (a date = churned that day, blank = stayed).
        Want::Label => {
            let words = p.vocabulary_share_by(super::labels::is_label_word);
            if !p.is_bool() && words >= 0.75 {
                (0.8, format!("{} of distinct values are churn labels (yes/no, 1/0, status words)", pct(words)))
            } else if !p.is_bool() && p.is_date() {
                (0.8, "dates (a churn date per churned account, blank = not churned)".into())
            } else {
                value_fit(Want::Bool, p, kind)
            }
        }
        Want::Priority | Want::Direction | Want::Category | Want::Text => {
            if p.is_date() || numeric || p.is_email() {
                return (0.0, "values are dates, numbers or emails, not text".into());
            }
            let vocab = match w {
                Want::Priority => vocab::PRIORITY_VALUES,
                Want::Direction => vocab::DIRECTION_VALUES,
                _ => &[],
            };
            if !vocab.is_empty() {
                let share = p.vocabulary_share(vocab);
                if share >= 0.5 {
                    return (
                        1.0,
                        format!("{} of values are known {}", pct(share), kind_word(w)),
                    );
                }
                return (if p.is_category() { 0.5 } else { 0.2 }, "categories".into());
            }
            if w == Want::Text {
                if p.share(p.texts) >= 0.3 {
                    (1.0, "free text".into())
                } else if p.is_id() {
                    (0.3, "id-like values".into())
                } else {
                    (0.7, "text values".into())
                }
            } else if p.is_category() {
                (1.0, format!("{} categories", p.distinct))
            } else if p.is_id() && p.repeat_share() < 0.5 {
                (0.2, "id-like values".into())
            } else {
                (0.6, "text values".into())
            }
        }
    }
}

fn kind_word(w: Want) -> &'static str {
    match w {
        Want::Priority => "priorities",
        _ => "directions",
    }
}
