//! Hand-built datasets for unit tests (no ingest needed).

use crate::dataset::*;

/// The as-of day used by tests: 2024-06-30.
pub fn as_of() -> Day {
    day_from_ymd(2024, 6, 30).expect("valid date")
}

/// Builds a [`Dataset`] row by row.
#[derive(Default)]
pub struct Kit {
    pub data: Dataset,
}

impl Kit {
    pub fn new() -> Kit {
        Kit::default()
    }

    /// Adds an account and returns its index.
    pub fn account(&mut self, id: &str) -> usize {
        let idx = self.data.account_ids.intern(id) as usize;
        if idx == self.data.accounts.len() {
            self.data.accounts.push(Account {
                id: id.to_string(),
                ..Account::default()
            });
        }
        idx
    }

    /// Mutable access to an account.
    pub fn acc(&mut self, a: usize) -> &mut Account {
        &mut self.data.accounts[a]
    }

    /// One usage row `days_ago` days before as-of.
    pub fn usage(
        &mut self,
        a: usize,
        user: Option<&str>,
        days_ago: i32,
        feature: Option<&str>,
        count: f32,
    ) {
        let user = user.map_or(NONE_ID, |u| self.data.users.intern(u));
        let feature = feature.map_or(NONE_ID, |f| self.data.features.intern(f));
        let u = &mut self.data.usage;
        u.account.push(a as u32);
        u.user.push(user);
        u.day.push(as_of() - days_ago);
        u.feature.push(feature);
        u.count.push(count);
        u.duration_secs.push(f32::NAN);
        u.errors.push(f32::NAN);
    }

    pub fn survey(&mut self, a: usize, kind: SurveyKind, days_ago: i32, score: f64) {
        self.data.surveys.push(Survey {
            account: a as u32,
            day: as_of() - days_ago,
            kind,
            score,
            comment: None,
            source: RowRef::default(),
        });
    }

    /// A ticket opened `days_ago` days before as-of (at noon), resolved after `hours`.
    pub fn ticket(
        &mut self,
        a: usize,
        days_ago: i32,
        hours: Option<f64>,
        satisfaction: Option<f64>,
    ) {
        let opened = (as_of() - days_ago) as i64 * 86_400 + 12 * 3600;
        self.data.tickets.push(Ticket {
            account: a as u32,
            opened,
            resolved: hours.map(|h| opened + (h * 3600.0) as i64),
            resolution_hours: None,
            priority: None,
            category: None,
            satisfaction,
            escalated: None,
            source: RowRef::default(),
        });
    }

    pub fn goal(
        &mut self,
        a: usize,
        kind: GoalKind,
        baseline: Option<f64>,
        target: Option<f64>,
        current: Option<f64>,
    ) -> &mut Goal {
        self.data.goals.push(Goal {
            account: a as u32,
            name: format!("goal {}", self.data.goals.len()),
            kind,
            baseline,
            target,
            current,
            due_day: None,
            status: None,
            completed_day: None,
            source: RowRef::default(),
        });
        self.data.goals.last_mut().expect("just pushed")
    }

    pub fn touchpoint(&mut self, a: usize, days_ago: i32) {
        self.data.touchpoints.push(Touchpoint {
            account: a as u32,
            day: as_of() - days_ago,
            kind: None,
            direction: None,
            source: RowRef::default(),
        });
    }

    pub fn release(&mut self, days_ago: i32, feature: Option<&str>) {
        self.data.releases.push(Release {
            day: as_of() - days_ago,
            feature: feature.map(str::to_string),
            source: RowRef::default(),
        });
    }

    pub fn subscription(
        &mut self,
        a: usize,
        start_ago: i32,
        end_ago: Option<i32>,
        seats: Option<f64>,
        arr: Option<f64>,
    ) {
        let n = self.data.subscriptions.len();
        self.data.subscriptions.push(Subscription {
            id: format!("s{n}"),
            account: a as u32,
            start_day: Some(as_of() - start_ago),
            end_day: end_ago.map(|e| as_of() - e),
            seats,
            arr,
            plan: None,
            churned: None,
            is_trial: None,
            source: RowRef::default(),
        });
    }

    /// Adds an accounts-table column (as ingest keeps them, Contract B) read from file
    /// `file_name`; every account gets an accounts-table row in that file.
    pub fn account_column(&mut self, file_name: &str, header: &str, values: ColumnValues) {
        let file = match self.data.files.iter().position(|f| f.name == file_name) {
            Some(i) => i,
            None => {
                self.data.files.push(crate::ingest::report::FileReport {
                    name: file_name.to_string(),
                    ..Default::default()
                });
                self.data.files.len() - 1
            }
        };
        for (line, acc) in self.data.accounts.iter_mut().enumerate() {
            acc.source.get_or_insert(RowRef {
                file: file as u32,
                line: line as u32 + 2,
            });
        }
        self.data.account_columns.push(AccountColumn {
            header: header.to_string(),
            file: file as u32,
            mapped_to: None,
            values,
        });
    }

    /// The dataset, with `latest_day` set to as-of.
    pub fn build(mut self) -> Dataset {
        self.data.latest_day = Some(as_of());
        self.data
    }
}
