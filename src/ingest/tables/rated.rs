//! Ratings in event tables read on one scale per column, decided at the end of the file from
//! every value (the raw value is staged until then): survey scores per survey type, ticket
//! satisfaction. CSAT answers are stored as their 1–5 equivalent (what the CSAT measure
//! counts), CES answers as given; a value outside the column's scale rejects the survey row or
//! drops the ticket's rating, reported either way.

use super::*;
use crate::ingest::report::ColumnReading;
use crate::ingest::scales::{decide, words_evidence, Rated, Scale, ValueSummary};

impl TableBuilder {
    /// The scale of column `col` for `rated` values: the user's override (`header#kind`, then
    /// `header`) when valid, else the decision from the values. `None` without values.
    pub(super) fn decide_scale(
        &self,
        col: usize,
        kind: Option<&str>,
        rated: Rated,
        values: &ValueSummary,
        reporter: &mut Reporter,
    ) -> Option<(Scale, ColumnReading)> {
        let header = self.header(col);
        let decided = decide(rated, header, values)?;
        let override_id = kind
            .and_then(|k| self.scale_overrides.get(&format!("{header}#{k}")))
            .or_else(|| self.scale_overrides.get(header));
        let options = rated.scales().iter().map(|s| s.id().to_string()).collect();
        let mut reading = ColumnReading {
            index: col,
            header: header.to_string(),
            field: self.field_name(col),
            reading: decided.scale.id().to_string(),
            evidence: format!("{}: {}", rated.name(), decided.evidence),
            ambiguous: decided.ambiguous,
            overridden: false,
            options,
        };
        if let Some(id) = override_id {
            match Scale::from_id(id).filter(|s| rated.scales().contains(s)) {
                Some(scale) => {
                    reading.reading = scale.id().to_string();
                    reading.evidence = format!(
                        "{} on {} as set in the mapping (from the values alone: {})",
                        rated.name(),
                        scale.label(),
                        decided.evidence
                    );
                    reading.ambiguous = false;
                    reading.overridden = true;
                    return Some((scale, reading));
                }
                None => reporter.note(format!(
                    "scale '{id}' set for column '{header}' is not a {} scale (ignored)",
                    rated.name()
                )),
            }
        }
        Some((decided.scale, reading))
    }

    /// End of a survey file: CSAT and CES answers on their column's scale. CSAT answers
    /// written as words are points on 1–5 already; they decide the scale only when the column
    /// has no numbers, and the reading says how many there were.
    pub(super) fn finish_survey_scales(&mut self, st: &mut Staging, reporter: &mut Reporter) {
        let Some(col) = self.col("score") else { return };
        let header = self.header(col).to_string();
        let rows = std::mem::take(&mut self.rated_rows);
        let words = std::mem::take(&mut self.word_rows);
        for (kind, rated, id) in [
            (SurveyKind::Csat, Rated::Csat, "csat"),
            (SurveyKind::Ces, Rated::Ces, "ces"),
        ] {
            let of_kind: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&i| st.surveys[i].kind == kind && !st.surveys[i].score.is_nan())
                .collect();
            let scores = of_kind.iter().map(|&i| st.surveys[i].score);
            let mut summary = answers_summary(scores);
            let word_count = if rated == Rated::Csat { words.len() } else { 0 };
            if summary.count == 0 && word_count > 0 {
                summary = answers_summary(words.iter().map(|&i| st.surveys[i].score));
            }
            let Some((scale, mut reading)) =
                self.decide_scale(col, Some(id), rated, &summary, reporter)
            else {
                continue;
            };
            if word_count > 0 {
                reading.evidence.push_str(&words_evidence(word_count));
            }
            for &i in &of_kind {
                let survey = &mut st.surveys[i];
                let converted = match rated {
                    Rated::Csat => scale.csat_on_five(survey.score),
                    _ => scale.position(survey.score).map(|_| survey.score),
                };
                match converted {
                    Some(v) => survey.score = v,
                    None => {
                        reporter.reject_used(
                            survey.source.line as u64,
                            Some(&header),
                            "score out of scale",
                            format!(
                                "{} score {} is outside the column's scale ({})",
                                rated.name(),
                                survey.score,
                                scale.label()
                            ),
                        );
                        // Dropped in `finish` (indexes of other open files must not shift).
                        survey.score = f64::NAN;
                    }
                }
            }
            reporter.report.readings.push(reading);
        }
    }

    /// End of a tickets file: satisfaction ratings on their column's scale, as 1–5.
    pub(super) fn finish_ticket_scale(&mut self, st: &mut Staging, reporter: &mut Reporter) {
        let Some(col) = self.col("satisfaction") else {
            return;
        };
        let header = self.header(col).to_string();
        let rows = std::mem::take(&mut self.rated_rows);
        let ratings = rows.iter().filter_map(|&i| st.tickets[i].satisfaction);
        let Some((scale, reading)) =
            self.decide_scale(col, None, Rated::Csat, &answers_summary(ratings), reporter)
        else {
            return;
        };
        for &i in &rows {
            let ticket = &mut st.tickets[i];
            let Some(raw) = ticket.satisfaction else {
                continue;
            };
            ticket.satisfaction = scale.csat_on_five(raw);
            if ticket.satisfaction.is_none() {
                reporter.ignore_cell(
                    ticket.source.line as u64,
                    Some(&header),
                    "score out of scale",
                    format!(
                        "ticket satisfaction {raw} is outside the column's scale ({})",
                        scale.label()
                    ),
                );
            }
        }
        reporter.report.readings.push(reading);
    }
}

/// The summary that decides the scale of individual answers: their whole numbers (answers
/// are whole; a stray fraction does not widen the scale, it is checked against it), or every
/// value when none is whole.
fn answers_summary(values: impl Iterator<Item = f64> + Clone) -> ValueSummary {
    let whole = ValueSummary::of(
        values
            .clone()
            .filter(|v| v.fract() == 0.0)
            .map(|v| (v, false)),
    );
    if whole.count > 0 {
        whole
    } else {
        ValueSummary::of(values.map(|v| (v, false)))
    }
}

/// Survey kind named in a text (a type cell or a header), if any.
pub(super) fn survey_kind_from_text(t: &str) -> Option<SurveyKind> {
    if t.contains("nps") || t.contains("recommend") {
        Some(SurveyKind::Nps)
    } else if t.contains("csat") || t.contains("satisf") {
        Some(SurveyKind::Csat)
    } else if t.contains("ces") || t.contains("effort") {
        Some(SurveyKind::Ces)
    } else {
        None
    }
}

/// NPS answers must be 0–10 (checked per row: the scale of an answer is fixed).
pub(super) fn check_scale(kind: SurveyKind, score: f64) -> Result<(), String> {
    let (lo, hi, name) = match kind {
        SurveyKind::Nps => (0.0, 10.0, "NPS"),
        SurveyKind::Csat => (1.0, 5.0, "CSAT"),
        SurveyKind::Ces => (1.0, 7.0, "CES"),
    };
    if (lo..=hi).contains(&score) {
        Ok(())
    } else {
        Err(format!("{name} score {score} is outside {lo}–{hi}"))
    }
}
