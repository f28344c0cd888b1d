//! Day/month fix-ups: dates read month-first before a column proved day-first are swapped
//! back in the staged rows at the end of the file.

use super::*;

/// Number of staged rows of `kind` so far.
pub(super) fn staged_len(kind: TableKind, st: &Staging) -> usize {
    match kind {
        TableKind::Accounts => st.accounts.len(),
        TableKind::Subscriptions => st.subscriptions.len(),
        TableKind::Usage => st.usage.day.len(),
        TableKind::Surveys => st.surveys.len(),
        TableKind::Tickets => st.tickets.len(),
        TableKind::Goals => st.goals.len(),
        TableKind::Touchpoints => st.touchpoints.len(),
        TableKind::Releases => st.releases.len(),
        TableKind::ChurnEvents => st.churn_events.len(),
    }
}

/// Swaps month and day of a day number (the date was read month-first but is day-first).
pub(super) fn swap_day(day: Day) -> Day {
    let (y, m, d) = civil_from_day(day);
    civil_day(y, d, m).unwrap_or(day)
}

/// Swaps month and day of a timestamp, keeping the time of day.
pub(super) fn swap_secs(secs: i64) -> i64 {
    let day = secs.div_euclid(SECS_PER_DAY);
    let time = secs.rem_euclid(SECS_PER_DAY);
    swap_day(day as Day) as i64 * SECS_PER_DAY + time
}

/// Corrects the date `field` of staged row `index` of `kind` from month/day to day/month.
pub(super) fn swap_staged_day_month(st: &mut Staging, kind: TableKind, field: &str, index: usize) {
    fn fix(day: &mut Option<Day>) {
        if let Some(d) = day {
            *d = swap_day(*d);
        }
    }
    match (kind, field) {
        (TableKind::Usage, _) => {
            if let Some(d) = st.usage.day.get_mut(index) {
                *d = swap_day(*d);
            }
        }
        (TableKind::Accounts, "start_date") => fix(&mut st.accounts[index].1.start_day),
        (TableKind::Accounts, "renewal_date") => fix(&mut st.accounts[index].1.renewal_day),
        (TableKind::Subscriptions, "start_date") => fix(&mut st.subscriptions[index].1.start_day),
        (TableKind::Subscriptions, "end_date") => fix(&mut st.subscriptions[index].1.end_day),
        (TableKind::Surveys, _) => st.surveys[index].day = swap_day(st.surveys[index].day),
        (TableKind::Tickets, "opened") => {
            st.tickets[index].opened = swap_secs(st.tickets[index].opened)
        }
        (TableKind::Tickets, "resolved") => {
            if let Some(r) = st.tickets[index].resolved.as_mut() {
                *r = swap_secs(*r);
            }
        }
        (TableKind::Goals, "due_date") => fix(&mut st.goals[index].due_day),
        (TableKind::Goals, "completed_date") => fix(&mut st.goals[index].completed_day),
        (TableKind::Touchpoints, _) => {
            st.touchpoints[index].day = swap_day(st.touchpoints[index].day)
        }
        (TableKind::Releases, _) => st.releases[index].day = swap_day(st.releases[index].day),
        (TableKind::ChurnEvents, _) => fix(&mut st.churn_events[index].day),
        _ => {}
    }
}
