//! Row builders of the event tables: surveys, tickets, goals, touchpoints, releases and churn
//! events.

use super::*;
use crate::ingest::scales::csat_word;

impl TableBuilder {
    pub(super) fn survey_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let day = self.req_date(&rec, "date")?.day();
        let score_col = self.col("score");
        // A satisfaction answer written as words ("Very satisfied", "sehr zufrieden") is a
        // CSAT answer on 1–5, as on accounts tables (`scales::csat_word`).
        let (score, word) = match self.number(&rec, score_col, NumberRule::Any) {
            Ok(Some(v)) => (v, false),
            Ok(None) => {
                return Err(reject(
                    score_col,
                    "required value is blank",
                    "required score is blank".into(),
                ))
            }
            Err((k, r)) => {
                let text = score_col.map(|c| String::from_utf8_lossy(trim(rec.field(c))));
                match text.as_deref().and_then(csat_word) {
                    Some(point) => (point, true),
                    None => return Err(reject(score_col, k, r)),
                }
            }
        };
        let kind_text = self.opt_text(&rec, "type").map(|t| t.to_lowercase());
        // The type cell wins; else the score column's own header ("NPS score", "csat").
        let kind = kind_text
            .as_deref()
            .and_then(survey_kind_from_text)
            .or_else(|| {
                score_col.and_then(|c| survey_kind_from_text(&self.header(c).to_lowercase()))
            });
        if word {
            return self.survey_word(rec, st, account, day, kind, score);
        }
        // NPS answers are 0–10 whatever the column; CSAT and CES are read on the scale
        // decided for the whole column at the end of the file (see `rated`).
        if kind == Some(SurveyKind::Nps) {
            check_scale(SurveyKind::Nps, score)
                .map_err(|r| reject(score_col, "score out of scale", r))?;
        } else if kind.is_none() && !(0.0..=10.0).contains(&score) {
            return Err(reject(
                score_col,
                "score out of scale",
                format!("score {score} is outside every survey scale (0–10)"),
            ));
        }
        let survey = Survey {
            account,
            day,
            // Resolved at the end of the file when the type is not given.
            kind: kind.unwrap_or(SurveyKind::Csat),
            score,
            comment: self.opt_text(&rec, "comment"),
            source: self.source(&rec),
        };
        if kind.is_none() {
            self.unknown_survey_kind.push(st.surveys.len());
        }
        self.rated_rows.push(st.surveys.len());
        st.surveys.push(survey);
        Ok(())
    }

    /// A survey answer written as satisfaction words, `point` on 1–5: a CSAT answer, kept as
    /// it is at the end of the file; a row typed NPS or CES is rejected (the words do not
    /// say a 0–10 or effort answer).
    fn survey_word(
        &mut self,
        rec: Record<'_>,
        st: &mut Staging,
        account: u32,
        day: Day,
        kind: Option<SurveyKind>,
        point: f64,
    ) -> Result<(), Reject> {
        if let Some(other @ (SurveyKind::Nps | SurveyKind::Ces)) = kind {
            let col = self.col("score");
            let text = col.map(|c| String::from_utf8_lossy(trim(rec.field(c))).into_owned());
            return Err(reject(
                col,
                "not a number",
                format!(
                    "'{}' is a satisfaction answer in words, not {} score",
                    text.unwrap_or_default(),
                    if other == SurveyKind::Nps { "an NPS" } else { "a CES" }
                ),
            ));
        }
        self.word_rows.push(st.surveys.len());
        st.surveys.push(Survey {
            account,
            day,
            kind: SurveyKind::Csat,
            score: point,
            comment: self.opt_text(&rec, "comment"),
            source: self.source(&rec),
        });
        Ok(())
    }

    pub(super) fn ticket_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let opened = self.req_date(&rec, "opened")?.secs;
        let mut resolved = self.opt_date(&rec, "resolved").map(|d| d.secs);
        if let Some(r) = resolved {
            if r < opened {
                let col = self.col("resolved").unwrap_or(0);
                self.ignore(
                    col,
                    "resolved before opened",
                    "resolved before the ticket was opened".into(),
                );
                resolved = None;
            }
        }
        // The raw rating: read on the column's scale at the end of the file (see `rated`).
        let satisfaction = self.opt_number(&rec, "satisfaction", NumberRule::Any);
        if satisfaction.is_some() {
            self.rated_rows.push(st.tickets.len());
        }
        let ticket = Ticket {
            account,
            opened,
            resolved,
            resolution_hours: self.opt_number(&rec, "resolution_hours", NumberRule::NonNegative),
            priority: self.opt_text(&rec, "priority").map(|p| p.to_lowercase()),
            category: self.opt_text(&rec, "category"),
            satisfaction,
            escalated: self.opt_bool(&rec, "escalated"),
            source: self.source(&rec),
        };
        st.tickets.push(ticket);
        Ok(())
    }

    pub(super) fn goal_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let name = self.req_text(&rec, "goal")?.into_owned();
        let baseline = self.opt_number(&rec, "baseline", NumberRule::Any);
        let target = self.opt_number(&rec, "target", NumberRule::Any);
        let current = self.opt_number(&rec, "current", NumberRule::Any);
        let kind_text = self.opt_text(&rec, "kind").map(|k| k.to_lowercase());
        let kind = match kind_text.as_deref() {
            Some(k) if k.contains("milestone") => GoalKind::Milestone,
            Some(k) if k.contains("goal") => GoalKind::Goal,
            _ if target.is_some() || current.is_some() => GoalKind::Goal,
            _ => GoalKind::Milestone,
        };
        let status = self.opt_text(&rec, "status").map(|s| normalise_status(&s));
        let goal = Goal {
            account,
            name,
            kind,
            baseline,
            target,
            current,
            due_day: self.opt_date(&rec, "due_date").map(|d| d.day()),
            status,
            completed_day: self.opt_date(&rec, "completed_date").map(|d| d.day()),
            source: self.source(&rec),
        };
        st.goals.push(goal);
        Ok(())
    }

    pub(super) fn touchpoint_row(
        &mut self,
        rec: Record<'_>,
        st: &mut Staging,
    ) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let day = self.req_date(&rec, "date")?.day();
        let direction = match self.opt_text(&rec, "direction").map(|d| d.to_lowercase()) {
            None => None,
            Some(d) if d.starts_with("in") => Some(Direction::Inbound),
            Some(d) if d.starts_with("out") => Some(Direction::Outbound),
            Some(d) => {
                let col = self.col("direction").unwrap_or(0);
                self.ignore(
                    col,
                    "unknown direction",
                    format!("direction '{d}' is neither inbound nor outbound"),
                );
                None
            }
        };
        let touchpoint = Touchpoint {
            account,
            day,
            kind: self.opt_text(&rec, "kind").map(|k| k.to_lowercase()),
            direction,
            source: self.source(&rec),
        };
        st.touchpoints.push(touchpoint);
        Ok(())
    }

    pub(super) fn release_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let day = self.req_date(&rec, "date")?.day();
        let release = Release {
            day,
            feature: self.opt_text(&rec, "feature"),
            source: self.source(&rec),
        };
        st.releases.push(release);
        Ok(())
    }

    pub(super) fn churn_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let account = self.account_key(&rec, st)?;
        let event = ChurnEvent {
            account,
            day: self.opt_date(&rec, "churn_date").map(|d| d.day()),
            reason: self.opt_text(&rec, "reason"),
            source: self.source(&rec),
        };
        st.churn_events.push(event);
        Ok(())
    }
}
