//! Usage decline: the account's usage volume of the recent window fell by at least
//! `drop_at_least` against the window before, by more than its ordinary ups and downs, and
//! lies below its usual level.
//!
//! - **The fall** compares event volume of the last `windows.recent_days` with the same span
//!   before (whole weeks with the default 28 days, so weekday patterns cancel).
//! - **Larger than the account's own swings.** Every account has busy and slow weeks (a
//!   sprint, a trade fair, a holiday, three people on leave); a small team's weekly volume
//!   may swing by half without anything changing. A CSM reads a fall against what the
//!   account's chart ordinarily does. The ordinary swing is the robust spread of the log
//!   weekly volume (1.4826 × median absolute deviation, which a single holiday week or one
//!   freak week barely moves) over up to `swing_weeks` weeks before the recent window; for
//!   a comparison of two spans of n weeks that spread shrinks by √(2 / n). The fall must
//!   reach `swing_multiple` × that (two standard errors: what ordinary swings rarely give).
//!   It is never taken below the chance spread of counting (√(2 / N) for two totals of
//!   about N events): a sparse account whose weeks are mostly empty has a median deviation
//!   of 0 but is anything but steady. With fewer than eight weeks of history before the
//!   recent window, the swing is unknown and the fall alone decides.
//! - **Below its usual level, not only below a busy month.** The window before may itself
//!   have been a peak (a project push, a launch, a busy season): a month back at the
//!   account's ordinary level is then 30 % below it without anything being lost. So the
//!   recent window must also lie `drop_at_least` below the account's usual volume for a
//!   span of that length: the average over the same `swing_weeks` weeks (like with like:
//!   an average of the same span, slow and busy weeks included).
//! - A fall past `drop_at_least` that is within the account's swings or not below its
//!   usual level is a near miss, as is a fall of two thirds of `drop_at_least`.

use crate::metrics::fmt_num;
use crate::scoring::account::{FlagHit, NearMiss};
use crate::domain::flag::Flag;
use crate::domain::stats::robust_spread;

use super::flags::{FlagInput, Verdict};
use super::release_series::weeks_back;

/// Fewest weeks of history the ordinary swing is estimated from.
const MIN_SWING_WEEKS: usize = 8;

/// Robust spread (1.4826 × MAD) of ln(1 + weekly volume) over the complete weeks before
/// the recent window, from the account's first usage on, their average weekly volume and
/// how many weeks there were; None with too few weeks.
fn weekly_swing(input: &FlagInput, recent_days: i32, weeks: usize) -> Option<(f64, f64, usize)> {
    let end = input.as_of - recent_days; // last day before the recent window
    let volumes = weeks_back(input, end, None, weeks);
    if volumes.len() < MIN_SWING_WEEKS {
        return None;
    }
    let average = volumes.iter().sum::<f64>() / volumes.len() as f64;
    let mut logs: Vec<f64> = volumes.iter().map(|v| v.ln_1p()).collect();
    Some((robust_spread(&mut logs)?, average, volumes.len()))
}

/// Usage decline as a verdict: fires for a fall past the rule and the account's swings; a
/// near miss for a fall within them or of two thirds of the rule.
pub fn usage_decline(input: &FlagInput) -> Verdict {
    let rule = &input.model.flags.usage_decline;
    let facts = &input.measures.usage;
    if !facts.has_usage || facts.previous_volume < rule.min_previous_events.max(f64::MIN_POSITIVE) {
        return Verdict::Quiet;
    }
    let drop = 1.0 - facts.recent_volume / facts.previous_volume;
    let days = input.model.windows.recent_days.max(7);
    let evidence = format!(
        "usage {} events in the last {days} days vs {} in the {days} before (−{:.0}%)",
        fmt_num(facts.recent_volume),
        fmt_num(facts.previous_volume),
        drop * 100.0
    );
    if drop < rule.drop_at_least {
        return if drop >= rule.drop_at_least * 2.0 / 3.0 {
            Verdict::Near(NearMiss {
                flag: Flag::UsageDecline,
                evidence: format!("{evidence}; fires at −{:.0}%", rule.drop_at_least * 100.0),
            })
        } else {
            Verdict::Quiet
        };
    }
    let span_weeks = (f64::from(days) / 7.0).max(1.0);
    let Some((weekly, average, weeks)) = weekly_swing(input, days as i32, rule.swing_weeks as usize)
    else {
        // fewer than eight weeks of history: swing and usual level unknown, the fall decides
        return Verdict::Fires(FlagHit {
            flag: Flag::UsageDecline,
            evidence,
            risk: rule.risk,
        });
    };
    // the swing of a window total, never below what counting alone gives: a total of N
    // events varies by about √N (a sparse account whose weeks are mostly empty has a median
    // deviation of 0 but is anything but steady)
    let counting = (2.0 / facts.previous_volume).sqrt();
    let s = (weekly * (2.0 / span_weeks).sqrt()).max(counting);
    // the fall on the same log scale as the swing (per week, +1 as in the swing)
    let fall = ((facts.previous_volume / span_weeks).ln_1p()
        - (facts.recent_volume / span_weeks).ln_1p())
    .max(0.0);
    let spread = format!(
        "its {days}-day totals usually differ by ±{:.0}% from one to the next",
        (s.exp() - 1.0) * 100.0
    );
    if fall < rule.swing_multiple * s {
        let needed = 1.0 - (-(rule.swing_multiple * s)).exp();
        return Verdict::Near(NearMiss {
            flag: Flag::UsageDecline,
            evidence: format!(
                "{evidence}, within this account's ordinary ups and downs ({spread}; fires at about −{:.0}%)",
                (needed.max(rule.drop_at_least)) * 100.0
            ),
        });
    }
    // the account's usual volume for a window of this length: the average week of the
    // swing weeks (busy and slow ones included) times the window's weeks
    let usual_total = average * span_weeks;
    let below = 1.0 - facts.recent_volume / usual_total.max(f64::MIN_POSITIVE);
    let level = format!(
        "its usual {days} days: {} events (the average of the {} weeks before)",
        fmt_num(usual_total.round()),
        weeks
    );
    if below < rule.drop_at_least {
        // the fall from the window before at which the recent window would be far enough
        // below the usual level
        let needed = 1.0 - (1.0 - rule.drop_at_least) * usual_total / facts.previous_volume;
        return Verdict::Near(NearMiss {
            flag: Flag::UsageDecline,
            evidence: format!(
                "{evidence}, but the {days} days before were busier than usual: the last {days} days are {} {level}; fires at about −{:.0}%",
                if below >= 0.0 {
                    format!("{:.0}% below", below * 100.0)
                } else {
                    format!("{:.0}% above", -below * 100.0)
                },
                needed.max(rule.drop_at_least) * 100.0
            ),
        });
    }
    Verdict::Fires(FlagHit {
        flag: Flag::UsageDecline,
        evidence: format!(
            "{evidence}, where {spread}, and {:.0}% below {level}",
            below * 100.0
        ),
        risk: rule.risk,
    })
}
