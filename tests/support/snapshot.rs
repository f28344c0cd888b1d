//! A synthetic churn snapshot with known truth: one row per customer, headers written the way
//! real exports write them, and churn drawn from probabilities the generator knows.
//!
//! Each column's effect on the log-odds of churn is one of: rising (riskier when higher),
//! falling (healthier when higher), U-shaped, a threshold, per-category, or none (noise).
//! Dates are written as dates (effect through days since the snapshot day), yes/no as text,
//! some cells are blank, and one column leaks the outcome (an account status written after
//! the fact). The label is written in one of several encodings.
#![allow(dead_code)]

/// How the generator writes a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Date,
    YesNo,
    Category,
}

/// The truth about a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Id,
    Label,
    /// Higher raw value → more churn.
    Rising,
    /// Higher raw value → less churn.
    Falling,
    /// Risk is high at both ends.
    UShaped,
    /// Risk jumps above a threshold.
    Threshold,
    /// Categories with different risks.
    Categorical,
    /// No effect.
    Noise,
    /// Written from the outcome (a leak).
    Leak,
    /// Derived from another signal column (correlated, no effect of its own).
    Derived,
}

pub struct GenColumn {
    pub header: &'static str,
    pub kind: Kind,
    pub role: Role,
    pub cells: Vec<String>,
}

pub struct Generated {
    pub columns: Vec<GenColumn>,
    pub churned: Vec<bool>,
    /// The true churn probability of each row.
    pub truth: Vec<f64>,
    /// The snapshot day (dates are written relative to it), YYYY-MM-DD.
    pub snapshot_day: &'static str,
}

/// Label encodings real exports use.
pub const LABELS: [(&str, &str); 5] = [
    ("Yes", "No"),
    ("1", "0"),
    ("TRUE", "FALSE"),
    ("Churned", "Active"),
    ("churned", "retained"),
];

pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    pub fn poisson(&mut self, mean: f64) -> u32 {
        let (limit, mut k, mut p) = ((-mean).exp(), 0, 1.0);
        loop {
            p *= self.unit();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
    pub fn pick<'a>(&mut self, items: &[&'a str], weights: &[f64]) -> (usize, &'a str) {
        let total: f64 = weights.iter().sum();
        let mut u = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return (i, items[i]);
            }
            u -= w;
        }
        (items.len() - 1, items[items.len() - 1])
    }
}

/// Snapshot day 2024-06-30 as days since 1970-01-01.
const SNAPSHOT: i64 = 19904;

fn iso(day: i64) -> String {
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// `rows` customers from `seed`; `label` indexes [`LABELS`]; `leak` adds the status column.
pub fn generate(seed: u64, rows: usize, label: usize, leak: bool) -> Generated {
    let mut rng = Rng::new(seed);
    let mut cols: Vec<GenColumn> = Vec::new();
    let mut add = |header, kind, role| {
        cols.push(GenColumn {
            header,
            kind,
            role,
            cells: Vec::with_capacity(rows),
        })
    };
    add("customerID", Kind::Category, Role::Id);
    add("Tenure (months)", Kind::Number, Role::Falling);
    add("Contract", Kind::Category, Role::Categorical);
    add("MonthlyCharges", Kind::Number, Role::Rising);
    add("Total Charges ($)", Kind::Number, Role::Derived);
    add("Satisfaction Score", Kind::Number, Role::Falling);
    add("Complaints", Kind::Number, Role::Threshold);
    add("Orders Last 90 Days", Kind::Number, Role::Falling);
    add("LoginsPerMonth", Kind::Number, Role::UShaped);
    add("Last Order Date", Kind::Date, Role::Rising);
    add("Paperless Billing", Kind::YesNo, Role::Rising);
    add("Payment Method", Kind::Category, Role::Categorical);
    add("Region", Kind::Category, Role::Noise);
    add("Customer Age", Kind::Number, Role::Noise);
    add("Referrals", Kind::Number, Role::Noise);
    add("Has Mobile App", Kind::YesNo, Role::Noise);
    if leak {
        add("Account Status", Kind::Category, Role::Leak);
    }
    add("Churn", Kind::Category, Role::Label);
    let (mut churned, mut truth) = (Vec::new(), Vec::new());
    for i in 0..rows {
        let tenure = (1.0 + 71.0 * rng.unit().powf(1.3)).round();
        let (contract_i, contract) = rng.pick(
            &["Month-to-month", "One year", "Two year"],
            &[0.5, 0.27, 0.23],
        );
        let monthly = ((20.0 + 100.0 * rng.unit()) * 100.0).round() / 100.0;
        let total = (monthly * tenure * (1.0 + 0.05 * rng.normal())).max(0.0);
        let satisfaction = (1 + (rng.unit() * 5.0) as u32).min(5) as f64;
        let complaints = rng.poisson(0.7) as f64;
        let orders = rng.poisson(4.0) as f64;
        let logins = (rng.unit() * 60.0).round();
        let days_since_order = (-30.0 * rng.unit().max(1e-9).ln()).min(365.0).round();
        let paperless = rng.unit() < 0.55;
        let (pay_i, pay) = rng.pick(
            &[
                "Electronic check",
                "Mailed check",
                "Bank transfer (automatic)",
                "Credit card (automatic)",
            ],
            &[0.33, 0.22, 0.22, 0.23],
        );
        let (_, region) = rng.pick(&["North", "South", "East", "West"], &[1.0, 1.0, 1.0, 1.0]);
        let age = (18.0 + 62.0 * rng.unit()).round();
        let referrals = rng.poisson(1.0) as f64;
        let app = rng.unit() < 0.4;
        let sat_missing = rng.unit() < 0.15;
        let order_missing = rng.unit() < 0.05;

        let z = -0.9
            + (1.6 - 0.95 * (1.0 + tenure).ln())
            + [0.9, -0.4, -1.3][contract_i]
            + 0.022 * (monthly - 70.0)
            + 0.45 * (3.0 - satisfaction)
            + if complaints >= 2.0 {
                1.1
            } else {
                0.15 * complaints
            }
            + 0.6
            - 0.15 * orders.min(10.0)
            + 0.0012 * (logins - 30.0).powi(2)
            - 0.4
            + 0.014 * days_since_order.min(120.0)
            - 0.4
            + if paperless { 0.3 } else { 0.0 }
            + [0.5, 0.0, -0.2, -0.25][pay_i];
        let p = 1.0 / (1.0 + (-z).exp());
        let y = rng.unit() < p;
        churned.push(y);
        truth.push(p);
        let yes = |b: bool| if b { "Yes" } else { "No" }.to_string();
        let mut cells = vec![
            format!(
                "{:04}-{}",
                1000 + i,
                ["VHVEG", "GNVDE", "QPYBK", "CFOCW"][i % 4]
            ),
            fmt(tenure),
            contract.to_string(),
            fmt(monthly),
            fmt((total * 100.0).round() / 100.0),
            if sat_missing {
                String::new()
            } else {
                fmt(satisfaction)
            },
            fmt(complaints),
            fmt(orders),
            fmt(logins),
            if order_missing {
                String::new()
            } else {
                iso(SNAPSHOT - days_since_order as i64)
            },
            yes(paperless),
            pay.to_string(),
            region.to_string(),
            fmt(age),
            fmt(referrals),
            yes(app),
        ];
        if leak {
            cells.push(if y { "Cancelled" } else { "Active" }.to_string());
        }
        let (on, off) = LABELS[label % LABELS.len()];
        cells.push(if y { on } else { off }.to_string());
        for (c, v) in cols.iter_mut().zip(cells) {
            c.cells.push(v);
        }
    }
    Generated {
        columns: cols,
        churned,
        truth,
        snapshot_day: "2024-06-30",
    }
}

/// Header spellings real exports use for the same columns (in generator order, label last;
/// the leak column is renamed too when present). Variant 0 is the generator's own.
pub const SPELLINGS: [[&str; 18]; 4] = [
    [
        "customerID",
        "Tenure (months)",
        "Contract",
        "MonthlyCharges",
        "Total Charges ($)",
        "Satisfaction Score",
        "Complaints",
        "Orders Last 90 Days",
        "LoginsPerMonth",
        "Last Order Date",
        "Paperless Billing",
        "Payment Method",
        "Region",
        "Customer Age",
        "Referrals",
        "Has Mobile App",
        "Account Status",
        "Churn",
    ],
    [
        "Customer ID",
        "tenure",
        "Contract Type",
        "Monthly Charges",
        "TotalCharges",
        "satisfaction_score",
        "num_complaints",
        "orders_90d",
        "logins_per_month",
        "last_order_date",
        "PaperlessBilling",
        "payment_method",
        "region",
        "age",
        "referral_count",
        "has_app",
        "status",
        "Churned",
    ],
    [
        "client_id",
        "Tenure Months",
        "contract_type",
        "monthly_charges_usd",
        "Total Charges",
        "CSAT Score",
        "Complaint Count",
        "Number of Orders (90d)",
        "Logins/Month",
        "Last Purchase",
        "paperless",
        "Payment Type",
        "Sales Region",
        "Age (years)",
        "Number of Referrals",
        "Mobile App User",
        "Customer Status",
        "churn_flag",
    ],
    [
        "Account Number",
        "Months as Customer",
        "Plan Type",
        "Monthly Fee",
        "Lifetime Revenue",
        "Satisfaction (1-5)",
        "complaints_last_year",
        "order_count_90_days",
        "avg_monthly_logins",
        "Date of Last Order",
        "E-billing",
        "payment",
        "territory",
        "customer_age_years",
        "referrals_made",
        "app_installed",
        "account_state",
        "Exited",
    ],
];

impl Generated {
    /// Renames every column to `SPELLINGS[variant]`.
    pub fn respell(&mut self, variant: usize) {
        let names = &SPELLINGS[variant % SPELLINGS.len()];
        for c in &mut self.columns {
            let at = SPELLINGS[0].iter().position(|h| *h == c.header);
            if let Some(at) = at {
                c.header = names[at];
            } else if let Some(at) = SPELLINGS
                .iter()
                .find_map(|s| s.iter().position(|h| *h == c.header))
            {
                c.header = names[at];
            }
        }
    }

    /// Writes the label as a churn date (the day the account left, blank when it stayed)
    /// under `header`.
    pub fn label_as_date(&mut self, header: &'static str) {
        let churned = self.churned.clone();
        let label = self
            .columns
            .iter_mut()
            .find(|c| c.role == Role::Label)
            .expect("label column");
        label.header = header;
        label.cells = churned
            .iter()
            .enumerate()
            .map(|(i, &y)| {
                if y {
                    iso(SNAPSHOT - 1 - (i % 60) as i64)
                } else {
                    String::new()
                }
            })
            .collect();
    }

    /// CSV text of `rows` (all when `None`), with or without the label column.
    pub fn csv(&self, rows: Option<&[usize]>, with_label: bool) -> String {
        let all: Vec<usize> = (0..self.churned.len()).collect();
        let rows = rows.unwrap_or(&all);
        let cols: Vec<&GenColumn> = self
            .columns
            .iter()
            .filter(|c| with_label || c.role != Role::Label)
            .collect();
        let quote = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = cols
            .iter()
            .map(|c| quote(c.header))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for &r in rows {
            out.push_str(
                &cols
                    .iter()
                    .map(|c| quote(&c.cells[r]))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        out
    }

    pub fn column(&self, header: &str) -> &GenColumn {
        self.columns
            .iter()
            .find(|c| c.header == header)
            .expect("column")
    }

    /// Days since the snapshot day of a date cell.
    pub fn days_since(cell: &str) -> Option<f64> {
        let p: Vec<i64> = cell.split('-').filter_map(|x| x.parse().ok()).collect();
        if p.len() != 3 {
            return None;
        }
        // Days from civil (inverse of `iso`).
        let (y, m, d) = (p[0] - i64::from(p[1] <= 2), p[1], p[2]);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some((SNAPSHOT - (era * 146_097 + doe - 719_468)) as f64)
    }
}
