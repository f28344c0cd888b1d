//! Sentiment measures: NPS and CSAT over the survey window.
//!
//! - NPS = % promoters (9–10) − % detractors (0–6) among NPS responses in the window.
//! - CSAT = share of 4–5 answers on the 1–5 scale, from CSAT surveys and ticket
//!   satisfaction ratings (tickets opened in the window); the mean is kept for evidence.
//!
//! The window is the last `windows.survey_days` days up to as-of. Customer-effort (CES)
//! answers are not part of either measure.

use super::index::{seconds_to_day, AccountIndex};
use super::{fmt_num, AccountMeasures};
use crate::dataset::{Dataset, Day, SurveyKind};
use crate::metrics::measure::Measure;
use crate::model::config::Model;

/// Fills NPS and CSAT of account `a`.
pub fn fill(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    a: usize,
    as_of: Day,
    out: &mut AccountMeasures,
) {
    let window = model.windows.survey_days as i32;
    let first = as_of - window + 1;
    let in_window = |d: Day| d >= first && d <= as_of;
    let surveys = index.surveys[a]
        .iter()
        .map(|&i| &dataset.surveys[i as usize]);
    if surveys.clone().any(|s| s.day <= as_of) {
        out.has_dated_data = true;
    }

    let nps_scores: Vec<f64> = surveys
        .clone()
        .filter(|s| s.kind == SurveyKind::Nps && in_window(s.day))
        .map(|s| s.score)
        .collect();
    if let Some((nps, promoters, detractors)) = nps(&nps_scores) {
        out.set(
            Measure::Nps,
            Some(nps),
            nps_scores.len() as u32,
            format!(
                "NPS {} from {} responses in the last {window} days ({promoters} promoters, {detractors} detractors)",
                fmt_num(nps),
                nps_scores.len()
            ),
        );
    }

    let mut csat_scores: Vec<f64> = surveys
        .filter(|s| s.kind == SurveyKind::Csat && in_window(s.day))
        .map(|s| s.score)
        .collect();
    let from_surveys = csat_scores.len();
    csat_scores.extend(
        index.tickets[a]
            .iter()
            .map(|&i| &dataset.tickets[i as usize])
            .filter(|t| in_window(seconds_to_day(t.opened)))
            .filter_map(|t| t.satisfaction),
    );
    if let Some((share, mean)) = csat(&csat_scores) {
        out.set(
            Measure::Csat,
            Some(share),
            csat_scores.len() as u32,
            format!(
                "{:.0}% of {} 4–5 (mean {:.2}/5; {}, {}) in the last {window} days",
                share * 100.0,
                counted(csat_scores.len(), "rating was", "ratings were"),
                mean,
                counted(from_surveys, "survey", "surveys"),
                counted(csat_scores.len() - from_surveys, "ticket rating", "ticket ratings")
            ),
        );
    } else if let Some(flat) = dataset.accounts[a].flat.csat {
        out.set(
            Measure::Csat,
            Some(flat),
            0,
            format!("accounts table: CSAT {:.0}%", flat * 100.0),
        );
    }
    if out.is_missing(Measure::Nps) {
        if let Some(flat) = dataset.accounts[a].flat.nps {
            out.set(
                Measure::Nps,
                Some(flat),
                0,
                format!("accounts table: NPS {}", fmt_num(flat)),
            );
        }
    }
}

/// NPS of 0–10 answers: (score, promoters, detractors); `None` without answers.
pub fn nps(scores: &[f64]) -> Option<(f64, usize, usize)> {
    if scores.is_empty() {
        return None;
    }
    let promoters = scores.iter().filter(|&&s| s >= 9.0).count();
    let detractors = scores.iter().filter(|&&s| s <= 6.0).count();
    let n = scores.len() as f64;
    Some((
        100.0 * promoters as f64 / n - 100.0 * detractors as f64 / n,
        promoters,
        detractors,
    ))
}

/// CSAT of 1–5 answers: (share of 4–5, mean); `None` without answers.
pub fn csat(scores: &[f64]) -> Option<(f64, f64)> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let satisfied = scores.iter().filter(|&&s| s >= 4.0).count() as f64;
    Some((satisfied / n, scores.iter().sum::<f64>() / n))
}

/// "1 survey", "3 surveys": a count with its noun (and verb) in the number it takes.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
