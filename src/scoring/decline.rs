//! Usage decline: the account's usage volume of the recent window fell by at least
//! `drop_at_least` against the window before, and by more than its ordinary ups and downs.
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
//! - A fall past `drop_at_least` that is within the account's swings is a near miss, as is
//!   a fall of two thirds of `drop_at_least`.

use crate::metrics::fmt_num;
use crate::metrics::index::rows_between;
use crate::metrics::usage::volume;
use crate::scoring::account::{FlagHit, NearMiss};
use crate::domain::flag::Flag;
use crate::domain::stats::robust_spread;

use super::flags::{FlagInput, Verdict};

/// Fewest weeks of history the ordinary swing is estimated from.
const MIN_SWING_WEEKS: usize = 8;

/// Robust spread (1.4826 × MAD) of ln(1 + weekly volume) over the complete weeks before
/// the recent window, from the account's first usage on; None with too few weeks.
fn weekly_swing(input: &FlagInput, recent_days: i32, weeks: usize) -> Option<f64> {
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let first_day = *usage.day.get(*rows.first()? as usize)?;
    let end = input.as_of - recent_days; // last day before the recent window
    let mut logs: Vec<f64> = (0..weeks as i32)
        .map(|k| (end - 7 * k - 6, end - 7 * k))
        .take_while(|&(first, _)| first >= first_day)
        .map(|(first, last)| {
            let v: f64 = rows_between(rows, &usage.day, first, last)
                .iter()
                .map(|&r| volume(usage.count[r as usize]))
                .sum();
            v.ln_1p()
        })
        .collect();
    if logs.len() < MIN_SWING_WEEKS {
        return None;
    }
    robust_spread(&mut logs)
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
    // the swing of a window total, never below what counting alone gives: a total of N
    // events varies by about √N (a sparse account whose weeks are mostly empty has a median
    // deviation of 0 but is anything but steady)
    let counting = (2.0 / facts.previous_volume).sqrt();
    let swing = weekly_swing(input, days as i32, rule.swing_weeks as usize)
        .map(|s| (s * (2.0 / span_weeks).sqrt()).max(counting));
    // the fall on the same log scale as the swing (per week, +1 as in the swing)
    let fall = ((facts.previous_volume / span_weeks).ln_1p()
        - (facts.recent_volume / span_weeks).ln_1p())
    .max(0.0);
    match swing {
        Some(s) if fall < rule.swing_multiple * s => {
            let needed = 1.0 - (-(rule.swing_multiple * s)).exp();
            Verdict::Near(NearMiss {
                flag: Flag::UsageDecline,
                evidence: format!(
                    "{evidence}, within this account's ordinary ups and downs (its {days}-day totals usually differ by ±{:.0}% from one to the next; fires at about −{:.0}%)",
                    (s.exp() - 1.0) * 100.0,
                    (needed.max(rule.drop_at_least)) * 100.0
                ),
            })
        }
        _ => Verdict::Fires(FlagHit {
            flag: Flag::UsageDecline,
            evidence: match swing {
                Some(s) => format!(
                    "{evidence}, where its {days}-day totals usually differ by ±{:.0}% from one to the next",
                    (s.exp() - 1.0) * 100.0
                ),
                None => evidence,
            },
            risk: rule.risk,
        }),
    }
}
