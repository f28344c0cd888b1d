//! Series drawn as small charts next to an account (the usage sparkline of the detail panel).

use crate::dataset::{Dataset, Day};

/// Usage events per week for `account_id` over the `weeks` weeks ending at `as_of` (oldest
/// first; `weeks` is kept within 1–520), or `None` when the account is unknown. `as_of` =
/// `None` ends the series at the data's latest day.
pub fn weekly_usage(
    data: &Dataset,
    account_id: &str,
    as_of: Option<Day>,
    weeks: u32,
) -> Option<Vec<f64>> {
    let weeks = weeks.clamp(1, 520) as i32;
    let account = data.account_ids.get(account_id)?;
    let as_of = as_of.or(data.latest_day)?;
    let start = as_of - 7 * weeks + 1;
    let mut series = vec![0.0; weeks as usize];
    let usage = &data.usage;
    for i in 0..usage.len() {
        if usage.account[i] != account {
            continue;
        }
        let day = usage.day[i];
        if day < start || day > as_of {
            continue;
        }
        if let Some(slot) = series.get_mut(((day - start) / 7) as usize) {
            *slot += f64::from(usage.count[i]);
        }
    }
    Some(series)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    fn dataset(csv: &str) -> Engine {
        let mut engine = Engine::new();
        let id = engine.begin_file("usage.csv", None).unwrap();
        engine.push(id, csv.as_bytes()).unwrap();
        engine.end_file(id).unwrap();
        engine.score(&crate::model::config::Model::default());
        engine
    }

    #[test]
    fn counts_land_in_their_week_and_outside_days_are_left_out() {
        let engine = dataset(
            "account_id,date,count\nA,2026-01-28,3\nA,2026-01-22,2\nA,2026-01-21,5\nA,2025-06-01,9\nB,2026-01-28,7\n",
        );
        let data = engine.dataset().unwrap();
        let as_of = crate::dataset::parse_iso_day("2026-01-28");
        // Weeks end on the as-of day: [Jan 15–21], [Jan 22–28].
        assert_eq!(weekly_usage(data, "A", as_of, 2), Some(vec![5.0, 5.0]));
        assert_eq!(weekly_usage(data, "B", None, 1), Some(vec![7.0]));
        assert_eq!(weekly_usage(data, "A", as_of, 0), Some(vec![5.0]));
        assert_eq!(weekly_usage(data, "nobody", as_of, 4), None);
    }
}
