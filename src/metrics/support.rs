//! Support measures: ticket load and median resolution time over the ticket window.
//!
//! - Ticket load = tickets opened in the last `windows.ticket_days` days ÷ seats ÷ months
//!   (a month is 30 days). Where a ticket table exists and reaches back to as-of, an
//!   account without tickets has a real load of 0; without seats the load is missing.
//!   Fallback: flat `tickets_30d` ÷ seats; without seats, `tickets_30d` as tickets per account
//!   per month (the evidence says so).
//! - Resolution = median hours from opened to resolved over tickets opened in the window
//!   and resolved by as-of (an explicit `resolution_hours` wins over timestamps).

use super::index::{seconds_to_day, AccountIndex};
use super::{fmt_num, AccountMeasures, TablesPresent};
use crate::dataset::{Dataset, Day};
pub use crate::domain::stats::median;
use crate::metrics::measure::Measure;
use crate::model::config::Model;

/// Fills ticket load and resolution hours of account `a`.
pub fn fill(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    tables: &TablesPresent,
    a: usize,
    as_of: Day,
    out: &mut AccountMeasures,
) {
    let window = model.windows.ticket_days as i32;
    let first = as_of - window + 1;
    let end_of_as_of = (as_of as i64 + 1) * 86_400;
    let tickets: Vec<_> = index.tickets[a]
        .iter()
        .map(|&i| &dataset.tickets[i as usize])
        .filter(|t| seconds_to_day(t.opened) <= as_of)
        .collect();
    if !tickets.is_empty() {
        out.has_dated_data = true;
    }
    let recent: Vec<_> = tickets
        .iter()
        .filter(|t| seconds_to_day(t.opened) >= first)
        .collect();
    let months = window as f64 / 30.0;
    let seats = out.seats.filter(|&s| s > 0.0);
    if tables.tickets {
        match seats {
            Some(seats) => {
                let load = recent.len() as f64 / seats / months;
                out.set(
                    Measure::TicketLoad,
                    Some(load),
                    recent.len() as u32,
                    format!(
                        "{} tickets in the last {window} days on {} seats ({} per seat per month)",
                        recent.len(),
                        fmt_num(seats),
                        fmt_num(load)
                    ),
                );
            }
            None => out.set(
                Measure::TicketLoad,
                None,
                recent.len() as u32,
                format!(
                    "{} tickets in the last {window} days, but no seat count is known",
                    recent.len()
                ),
            ),
        }
    } else if let Some(t30) = dataset.accounts[a].flat.tickets_30d {
        match seats {
            Some(seats) => out.set(
                Measure::TicketLoad,
                Some(t30 / seats),
                0,
                format!(
                    "accounts table: {} tickets in 30 days on {} seats",
                    fmt_num(t30),
                    fmt_num(seats)
                ),
            ),
            // No seat count: the load is read per account (as if one seat), and says so.
            None => out.set(
                Measure::TicketLoad,
                Some(t30),
                0,
                format!(
                    "accounts table: {} tickets in 30 days; no seat count, so read as tickets per account per month",
                    fmt_num(t30)
                ),
            ),
        }
    }

    let mut hours: Vec<f64> = recent
        .iter()
        .filter_map(|t| match (t.resolution_hours, t.resolved) {
            (Some(h), _) if h.is_finite() && h >= 0.0 => Some(h),
            (_, Some(resolved)) if resolved >= t.opened && resolved < end_of_as_of => {
                Some((resolved - t.opened) as f64 / 3600.0)
            }
            _ => None,
        })
        .collect();
    if let Some(m) = median(&mut hours) {
        out.set(
            Measure::ResolutionHours,
            Some(m),
            hours.len() as u32,
            format!(
                "median {} hours over {} resolved tickets in the last {window} days",
                fmt_num(m),
                hours.len()
            ),
        );
    }
}
