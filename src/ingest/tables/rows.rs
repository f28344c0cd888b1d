//! Row builders of the entity and usage tables: usage, accounts and subscriptions.

use super::*;

impl TableBuilder {
    // ---- tables ---------------------------------------------------------------------------

    pub(super) fn usage_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let c = self.usage;
        let account = c
            .account
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty());
        let key = if let Some(bytes) = account {
            self.last_account
                .get(bytes, &mut st.account_keys, &mut self.latin1_cells)
        } else if let Some(bytes) = c
            .subscription
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty())
        {
            self.last_subscription
                .get(bytes, &mut st.subscription_keys, &mut self.latin1_cells)
                | SUBSCRIPTION_KEY_BIT
        } else {
            return Err(reject(
                c.account.or(c.subscription),
                "required value is blank",
                "required account_id / subscription_id is blank".into(),
            ));
        };
        let day = self.usage_day(&rec)?;
        let fast_count = c.count.and_then(|col| small_uint(rec.field(col)));
        let count = match (c.count, fast_count) {
            (None, _) => 1.0,
            (Some(_), Some(v)) => v as f32,
            (Some(col), None) => match self.number(&rec, Some(col), NumberRule::NonNegative) {
                Ok(Some(v)) => v as f32,
                Ok(None) => {
                    self.ignore(col, "blank count", "blank count read as 1 event".into());
                    1.0
                }
                Err((k, r)) => return Err(reject(Some(col), k, r)),
            },
        };
        let duration = self.usage_measure(&rec, c.duration);
        let errors = self.usage_measure(&rec, c.errors);
        let user = match c
            .user
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty())
        {
            Some(bytes) => self
                .last_user
                .get(bytes, &mut st.users, &mut self.latin1_cells),
            None => NONE_ID,
        };
        let feature = match c
            .feature
            .map(|col| trim(rec.field(col)))
            .filter(|b| !b.is_empty())
        {
            Some(bytes) => self
                .last_feature
                .get(bytes, &mut st.features, &mut self.latin1_cells),
            None => NONE_ID,
        };
        let u = &mut st.usage;
        u.set_file(u.key.len(), self.file);
        u.key.push(key);
        u.line.push(rec.line.min(u32::MAX as u64) as u32);
        u.user.push(user);
        u.day.push(day);
        u.feature.push(feature);
        u.count.push(count);
        u.duration_secs.push(duration);
        u.errors.push(errors);
        Ok(())
    }

    /// The usage row's day: the previous row's when the cell repeats an ISO date (the cache
    /// holds only ISO dates, which never touch the column's day/month-order state).
    #[inline]
    pub(super) fn usage_day(&mut self, rec: &Record<'_>) -> Result<Day, Reject> {
        let col = self.usage.date;
        if let Some(col) = col {
            let bytes = trim(rec.field(col));
            let last = &self.last_date;
            if last.len > 0 && bytes_eq(bytes, &last.bytes[..last.len]) {
                return Ok(last.day);
            }
        }
        match self.date(rec, col) {
            Ok(Some(d)) => {
                let day = d.day();
                if let Some(col) = col {
                    let bytes = trim(rec.field(col));
                    if !d.ambiguous
                        && bytes.len() <= 16
                        && bytes.len() >= 10
                        && bytes[..4].iter().all(u8::is_ascii_digit)
                        && bytes[4] == b'-'
                    {
                        self.last_date.bytes[..bytes.len()].copy_from_slice(bytes);
                        self.last_date.len = bytes.len();
                        self.last_date.day = day;
                    }
                }
                Ok(day)
            }
            Ok(None) => Err(reject(
                col,
                "required value is blank",
                "required date is blank".into(),
            )),
            Err((k, r)) => Err(reject(col, k, r)),
        }
    }

    pub(super) fn usage_measure(&mut self, rec: &Record<'_>, col: Option<usize>) -> f32 {
        if let Some(v) = col.and_then(|c| small_uint(rec.field(c))) {
            return v as f32;
        }
        match self.number(rec, col, NumberRule::NonNegative) {
            Ok(Some(v)) => v as f32,
            Ok(None) => f32::NAN,
            Err((k, r)) => {
                self.ignore(col.unwrap_or(0), k, r);
                f32::NAN
            }
        }
    }

    pub(super) fn account_row(&mut self, rec: Record<'_>, st: &mut Staging) -> Result<(), Reject> {
        let key = self.account_key(&rec, st)?;
        if let Some(&(file, line)) = st.account_first_seen.get(&key) {
            let place = if file == self.file {
                format!("line {line}")
            } else {
                let other = st
                    .file_names
                    .get(file as usize)
                    .map(String::as_str)
                    .unwrap_or("?");
                format!("line {line} of {other}")
            };
            return Err(reject(
                self.col("account_id"),
                "duplicate account id",
                format!(
                    "duplicate account id '{}', first seen on {place}",
                    st.account_keys.name(key)
                ),
            ));
        }
        let mut account = Account {
            id: st.account_keys.name(key).to_string(),
            name: self.opt_text(&rec, "name"),
            arr: self.arr(&rec),
            plan: self.opt_text(&rec, "plan"),
            seats: self.opt_number(&rec, "seats", NumberRule::NonNegative),
            industry: self.opt_text(&rec, "industry"),
            region: self.opt_text(&rec, "region"),
            start_day: self.opt_date(&rec, "start_date").map(|d| d.day()),
            renewal_day: self.opt_date(&rec, "renewal_date").map(|d| d.day()),
            owner: self.opt_text(&rec, "owner"),
            // Churn labels, CSAT and NPS are read as whole columns at the end of the file.
            is_trial: self.opt_bool(&rec, "is_trial"),
            source: Some(self.source(&rec)),
            ..Default::default()
        };
        if let Some(size) = self.opt_text(&rec, "company_size") {
            match parse_number(size.as_bytes(), self.style) {
                Some(n) if !n.percent && n.value >= 0.0 => account.company_size = Some(n.value),
                _ => account.company_size_label = Some(size),
            }
        }
        let flat = &mut account.flat;
        flat.logins_30d = self.opt_number(&rec, "logins_30d", NumberRule::NonNegative);
        flat.active_users = self.opt_number(&rec, "active_users", NumberRule::NonNegative);
        flat.goal_progress = self.opt_number(&rec, "goal_progress", NumberRule::Share);
        flat.features_used = self.opt_number(&rec, "features_used", NumberRule::NonNegative);
        flat.success_plan = self.opt_bool(&rec, "success_plan");
        flat.empowerment = self.opt_number(&rec, "empowerment", NumberRule::Share);
        flat.tickets_30d = self.opt_number(&rec, "tickets_30d", NumberRule::NonNegative);
        st.account_first_seen.insert(key, (self.file, rec.line));
        if let Some(raw) = self.raw.as_mut() {
            raw.capture(&rec, st.accounts.len(), &mut self.latin1_cells);
        }
        st.accounts.push((key, account));
        Ok(())
    }

    pub(super) fn subscription_row(
        &mut self,
        rec: Record<'_>,
        st: &mut Staging,
    ) -> Result<(), Reject> {
        let sub_id = self.req_text(&rec, "subscription_id")?;
        let sub_key = st.subscription_keys.intern(&sub_id);
        if let Some(&(_, line)) = st.subscription_first_seen.get(&sub_key) {
            return Err(reject(
                self.col("subscription_id"),
                "duplicate subscription id",
                format!("duplicate subscription id '{sub_id}', first seen on line {line}"),
            ));
        }
        let account = self.account_key(&rec, st)?;
        let sub = Subscription {
            id: sub_id.into_owned(),
            account,
            start_day: self.opt_date(&rec, "start_date").map(|d| d.day()),
            end_day: self.opt_date(&rec, "end_date").map(|d| d.day()),
            seats: self.opt_number(&rec, "seats", NumberRule::NonNegative),
            arr: self.arr(&rec),
            plan: self.opt_text(&rec, "plan"),
            churned: self.opt_bool(&rec, "churned"),
            is_trial: self.opt_bool(&rec, "is_trial"),
            source: self.source(&rec),
        };
        st.subscription_first_seen
            .insert(sub_key, (self.file, rec.line));
        st.subscriptions.push((sub_key, sub));
        Ok(())
    }
}
