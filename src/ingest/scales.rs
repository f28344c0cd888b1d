//! Rating scales, decided once per column from its header and all its values — never cell by
//! cell — and the conversions from each scale to what the measures use:
//!
//! - CSAT as a share 0–1 (a per-account rating is read as its position on its scale: 4 on
//!   1–5 → 75 %, 75 on 0–100 → 75 %, 0.75 as a share → 75 %);
//! - CSAT answers as their 1–5 equivalent (same position), so "satisfied" (4–5 on 1–5) means
//!   the top quarter of any scale;
//! - NPS per account: a 0–10 answer is one respondent (9–10 promoter → +100, 7–8 passive → 0,
//!   0–6 detractor → −100); an NPS score (−100…100) is kept.
//!
//! Every conversion is monotone: a worse answer never maps higher.

use serde::{Deserialize, Serialize};

/// A rating scale a column can be written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Ratings 1–5.
    OneToFive,
    /// Ratings 0–5.
    ZeroToFive,
    /// Ratings 1–7.
    OneToSeven,
    /// Ratings 1–10.
    OneToTen,
    /// Ratings (or NPS answers) 0–10.
    ZeroToTen,
    /// A percentage 0–100 (with or without a `%` sign).
    Percent,
    /// A share 0–1.
    Share,
    /// An NPS score −100…100 (% promoters − % detractors).
    NpsScore,
}

/// Every scale, for overrides and the page's dropdown.
pub const ALL_SCALES: [Scale; 8] = [
    Scale::OneToFive,
    Scale::ZeroToFive,
    Scale::OneToSeven,
    Scale::OneToTen,
    Scale::ZeroToTen,
    Scale::Percent,
    Scale::Share,
    Scale::NpsScore,
];

/// What a rating column measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    /// Satisfaction (CSAT, ticket satisfaction, "satisfaction score").
    Csat,
    /// Net promoter: answers 0–10 or scores −100…100.
    Nps,
    /// Customer effort (1–5 or 1–7).
    Ces,
}

impl Rated {
    /// The scales this measure can be written on.
    pub fn scales(self) -> &'static [Scale] {
        match self {
            Rated::Csat => &[
                Scale::OneToFive,
                Scale::ZeroToFive,
                Scale::OneToSeven,
                Scale::OneToTen,
                Scale::ZeroToTen,
                Scale::Percent,
                Scale::Share,
            ],
            Rated::Nps => &[Scale::ZeroToTen, Scale::NpsScore],
            Rated::Ces => &[Scale::OneToFive, Scale::OneToSeven],
        }
    }

    /// Name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Rated::Csat => "CSAT",
            Rated::Nps => "NPS",
            Rated::Ces => "CES",
        }
    }
}

impl Scale {
    /// Lowest and highest value on the scale.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Scale::OneToFive => (1.0, 5.0),
            Scale::ZeroToFive => (0.0, 5.0),
            Scale::OneToSeven => (1.0, 7.0),
            Scale::OneToTen => (1.0, 10.0),
            Scale::ZeroToTen => (0.0, 10.0),
            Scale::Percent => (0.0, 100.0),
            Scale::Share => (0.0, 1.0),
            Scale::NpsScore => (-100.0, 100.0),
        }
    }

    /// The id used in reports and overrides (`one_to_five`…).
    pub fn id(self) -> &'static str {
        match self {
            Scale::OneToFive => "one_to_five",
            Scale::ZeroToFive => "zero_to_five",
            Scale::OneToSeven => "one_to_seven",
            Scale::OneToTen => "one_to_ten",
            Scale::ZeroToTen => "zero_to_ten",
            Scale::Percent => "percent",
            Scale::Share => "share",
            Scale::NpsScore => "nps_score",
        }
    }

    /// The scale called `id`.
    pub fn from_id(id: &str) -> Option<Scale> {
        ALL_SCALES.into_iter().find(|s| s.id() == id)
    }

    /// Short label: "1–5", "0–100 %", "NPS −100…100".
    pub fn label(self) -> &'static str {
        match self {
            Scale::OneToFive => "1–5",
            Scale::ZeroToFive => "0–5",
            Scale::OneToSeven => "1–7",
            Scale::OneToTen => "1–10",
            Scale::ZeroToTen => "0–10",
            Scale::Percent => "0–100 %",
            Scale::Share => "share 0–1",
            Scale::NpsScore => "NPS score −100…100",
        }
    }

    /// Position of `v` on the scale (0 = lowest, 1 = highest); `None` outside it.
    pub fn position(self, v: f64) -> Option<f64> {
        let (lo, hi) = self.bounds();
        (v.is_finite() && (lo..=hi).contains(&v)).then(|| (v - lo) / (hi - lo))
    }

    /// A CSAT value on this scale as a share 0–1 (its position on the scale).
    pub fn csat_share(self, v: f64) -> Option<f64> {
        self.position(v)
    }

    /// A CSAT answer on this scale as its 1–5 equivalent (identity on 1–5).
    pub fn csat_on_five(self, v: f64) -> Option<f64> {
        if self == Scale::OneToFive {
            return self.position(v).map(|_| v);
        }
        self.position(v).map(|p| 1.0 + 4.0 * p)
    }

    /// A per-account NPS value on this scale as an NPS −100…100: a 0–10 answer is one
    /// respondent (promoter +100, passive 0, detractor −100).
    pub fn nps_value(self, v: f64) -> Option<f64> {
        self.position(v)?;
        Some(match self {
            Scale::NpsScore => v,
            _ => nps_of_answer(v),
        })
    }
}

/// NPS of a single 0–10 answer: 9–10 → +100, 7–8 → 0, 0–6 → −100 (a mean answer between
/// the bands is placed by the band its value falls in: 8.5 is passive).
pub fn nps_of_answer(v: f64) -> f64 {
    if v >= 9.0 {
        100.0
    } else if v >= 7.0 {
        0.0
    } else {
        -100.0
    }
}

/// Satisfaction answers written as words, per 1–5 point (the usual five-point wording in
/// English, German, French, Spanish, Portuguese and Dutch), case and spacing ignored.
#[rustfmt::skip]
const CSAT_WORDS: [&[&str]; 5] = [
    &["very dissatisfied", "very unsatisfied", "extremely dissatisfied", "sehr unzufrieden",
      "très insatisfait", "muy insatisfecho", "muito insatisfeito", "zeer ontevreden"],
    &["dissatisfied", "unsatisfied", "somewhat dissatisfied", "unzufrieden", "insatisfait",
      "insatisfecho", "insatisfeito", "ontevreden"],
    &["neutral", "neither satisfied nor dissatisfied", "neutre", "neutro", "neutraal", "weder noch"],
    &["satisfied", "somewhat satisfied", "zufrieden", "satisfait", "satisfecho", "satisfeito",
      "tevreden"],
    &["very satisfied", "extremely satisfied", "sehr zufrieden", "très satisfait", "muy satisfecho",
      "muito satisfeito", "zeer tevreden"],
];

/// A satisfaction answer written as words ("Very satisfied", "Neutral", "unzufrieden"), as
/// its point on 1–5; `None` for any other text.
pub fn csat_word(text: &str) -> Option<f64> {
    let joined = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    CSAT_WORDS
        .iter()
        .position(|terms| terms.contains(&joined.as_str()))
        .map(|i| i as f64 + 1.0)
}

/// The evidence added to a column's reading when `count` of its answers were words.
pub fn words_evidence(count: usize) -> String {
    format!(
        "; {count} answer(s) written as words, read on 1–5 (very dissatisfied = 1 … very satisfied = 5)"
    )
}

/// The scale chosen for one column, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub scale: Scale,
    /// Why, in words: header, range, integers, distinct values.
    pub evidence: String,
    /// True when another scale fits the values as well (the user should confirm).
    pub ambiguous: bool,
}

/// What the column's values look like.
#[derive(Debug, Clone, Default)]
pub struct ValueSummary {
    pub count: usize,
    pub min: f64,
    pub max: f64,
    pub all_integers: bool,
    /// Some value was written with a `%` sign.
    pub percent_sign: bool,
    /// Distinct values, when there are at most 12 of them (sorted).
    pub distinct: Option<Vec<f64>>,
}

impl ValueSummary {
    /// Summarises `values` (`(value, had a % sign)`).
    pub fn of(values: impl IntoIterator<Item = (f64, bool)>) -> ValueSummary {
        let mut s = ValueSummary {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            all_integers: true,
            ..Default::default()
        };
        let mut distinct: Vec<f64> = Vec::new();
        let mut many = false;
        for (v, percent) in values {
            if !v.is_finite() {
                continue;
            }
            s.count += 1;
            s.min = s.min.min(v);
            s.max = s.max.max(v);
            s.all_integers &= v.fract() == 0.0;
            s.percent_sign |= percent;
            if !many && !distinct.contains(&v) {
                distinct.push(v);
                many = distinct.len() > 12;
            }
        }
        if !many {
            distinct.sort_by(f64::total_cmp);
            s.distinct = Some(distinct);
        }
        s
    }

    fn describe(&self) -> String {
        let mut text = format!(
            "{} value{} from {} to {}",
            self.count,
            if self.count == 1 { "" } else { "s" },
            short(self.min),
            short(self.max)
        );
        if self.all_integers {
            text.push_str(", all whole numbers");
        }
        if let Some(d) = &self.distinct {
            let list: Vec<String> = d.iter().map(|&v| short(v)).collect();
            text.push_str(&format!(" (distinct: {})", list.join(", ")));
        }
        text
    }
}

fn short(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{:.2}", v)
    }
}

/// A scale named by a header: "CSAT (1-5)", "Score (0–10)", "rating /7", "CSAT %",
/// "NPS (-100 to 100)". `None` when the header names no range.
pub fn scale_in_header(header: &str) -> Option<Scale> {
    let h = header.to_lowercase().replace(['–', '—', '−'], "-");
    if h.contains('%') || h.contains("percent") || h.contains("pct") {
        return Some(Scale::Percent);
    }
    let numbers = signed_numbers(&h);
    // "a-b" or "a to b": the last two numbers, the first lower than the second.
    if numbers.len() >= 2 {
        let (lo, hi) = (numbers[numbers.len() - 2], numbers[numbers.len() - 1]);
        if let Some(s) = ALL_SCALES.into_iter().find(|s| s.bounds() == (lo, hi)) {
            return Some(s);
        }
        if (lo, hi) == (0.0, 1.0) {
            return Some(Scale::Share);
        }
    }
    // "/5", "out of 10".
    if let Some(&top) = numbers.last() {
        if h.contains('/') || h.contains("out of") {
            return match top as i64 {
                5 => Some(Scale::OneToFive),
                7 => Some(Scale::OneToSeven),
                10 => Some(Scale::ZeroToTen),
                100 => Some(Scale::Percent),
                _ => None,
            };
        }
    }
    None
}

/// The numbers written in a header, a `-` right after `(` or a space or at the start counting
/// as a sign ("(-100 to 100)"), otherwise as a range dash ("1-5").
fn signed_numbers(h: &str) -> Vec<f64> {
    let bytes = h.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let negative = start > 0
                && bytes[start - 1] == b'-'
                && (start == 1 || matches!(bytes[start - 2], b'(' | b' ' | b'['));
            if let Ok(v) = h[start..i].trim_end_matches('.').parse::<f64>() {
                out.push(if negative { -v } else { v });
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Decides the scale of a `rated` column from its header and the summary of all its values.
/// `None` when the column has no numeric value.
pub fn decide(rated: Rated, header: &str, values: &ValueSummary) -> Option<Decision> {
    if values.count == 0 {
        return None;
    }
    let seen = values.describe();
    if let Some(scale) = scale_in_header(header).filter(|s| rated.scales().contains(s)) {
        let (lo, hi) = scale.bounds();
        let fits = values.min >= lo && values.max <= hi;
        return Some(Decision {
            scale,
            evidence: format!(
                "the header '{header}' says {}; {seen}{}",
                scale.label(),
                if fits {
                    ""
                } else {
                    " — values outside it are not read"
                }
            ),
            ambiguous: !fits,
        });
    }
    match rated {
        Rated::Nps => Some(decide_nps(header, values, seen)),
        Rated::Csat => Some(decide_csat(values, seen)),
        Rated::Ces => {
            let scale = if values.max > 5.0 {
                Scale::OneToSeven
            } else {
                Scale::OneToFive
            };
            Some(Decision {
                scale,
                evidence: format!("{seen}: read as {}", scale.label()),
                ambiguous: values.max < 5.0,
            })
        }
    }
}

fn decide_nps(header: &str, v: &ValueSummary, seen: String) -> Decision {
    if v.min < 0.0 || v.max > 10.0 {
        return Decision {
            scale: Scale::NpsScore,
            evidence: format!("{seen}: values below 0 or above 10 are NPS scores (−100…100)"),
            ambiguous: false,
        };
    }
    let h = header.to_lowercase();
    let says_score = h.contains("score") && !h.contains("answer") && !h.contains("rating");
    Decision {
        scale: Scale::ZeroToTen,
        evidence: format!(
            "{seen}: read as 0–10 answers (9–10 promoter, 7–8 passive, 0–6 detractor){}",
            if says_score {
                "; the header says 'score' — if these are NPS scores (−100…100), change the scale"
            } else if !v.all_integers {
                "; fractional values are taken as mean answers"
            } else {
                ""
            }
        ),
        ambiguous: says_score,
    }
}

fn decide_csat(v: &ValueSummary, seen: String) -> Decision {
    let pick = |scale: Scale, why: &str, ambiguous: bool| Decision {
        scale,
        evidence: format!("{seen}: {why} → {}", scale.label()),
        ambiguous,
    };
    if v.percent_sign {
        return pick(Scale::Percent, "written with a % sign", false);
    }
    let only_ones = v.distinct.as_deref() == Some(&[1.0]);
    if v.min >= 0.0 && v.max <= 1.0 {
        return pick(
            Scale::Share,
            if only_ones {
                "every value is 1: a share of 100 % or the lowest rating? confirm the scale"
            } else {
                "every value between 0 and 1"
            },
            only_ones,
        );
    }
    // The narrowest common scale the values fit; ambiguous when they do not reach its top (a
    // wider scale fits as well). 0–5 is rare: only chosen from the header or by the user.
    let candidates: &[(Scale, &str)] = &[
        (Scale::OneToFive, "every value within 1–5"),
        (Scale::OneToSeven, "values above 5, none above 7"),
        (Scale::OneToTen, "values above 7, none above 10, no 0"),
        (Scale::ZeroToTen, "values from 0 up to 10"),
        (Scale::Percent, "values above 10, none above 100"),
    ];
    for &(scale, why) in candidates {
        let (lo, hi) = scale.bounds();
        if v.min >= lo && v.max <= hi {
            let ambiguous = v.max < hi && scale != Scale::Percent;
            let why = if ambiguous {
                format!(
                    "{why}; no value reaches {}, so a wider scale is possible",
                    short(hi)
                )
            } else {
                why.to_string()
            };
            return pick(scale, &why, ambiguous);
        }
    }
    Decision {
        scale: Scale::Percent,
        evidence: format!("{seen}: fits no rating scale; values outside 0–100 are not read"),
        ambiguous: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(values: &[f64]) -> ValueSummary {
        ValueSummary::of(values.iter().map(|&v| (v, false)))
    }

    fn scale_of(rated: Rated, header: &str, values: &[f64]) -> Scale {
        decide(rated, header, &summary(values)).unwrap().scale
    }

    #[test]
    fn headers_name_their_scale() {
        assert_eq!(scale_in_header("CSAT (1-5)"), Some(Scale::OneToFive));
        assert_eq!(scale_in_header("Score (0–10)"), Some(Scale::ZeroToTen));
        assert_eq!(scale_in_header("rating 1 to 7"), Some(Scale::OneToSeven));
        assert_eq!(scale_in_header("CSAT %"), Some(Scale::Percent));
        assert_eq!(scale_in_header("NPS (-100 to 100)"), Some(Scale::NpsScore));
        assert_eq!(scale_in_header("satisfaction /5"), Some(Scale::OneToFive));
        assert_eq!(scale_in_header("csat"), None);
        assert_eq!(scale_in_header("logins_30d"), None);
    }

    #[test]
    fn csat_columns_get_one_scale_from_all_their_values() {
        // The old per-cell reading took a 1 as 100 % and refused 2–5.
        assert_eq!(
            scale_of(Rated::Csat, "csat", &[1.0, 2.0, 5.0, 3.0]),
            Scale::OneToFive
        );
        assert_eq!(
            scale_of(Rated::Csat, "csat", &[0.2, 0.9, 1.0]),
            Scale::Share
        );
        assert_eq!(
            scale_of(Rated::Csat, "csat", &[1.0, 6.0, 7.0]),
            Scale::OneToSeven
        );
        assert_eq!(
            scale_of(Rated::Csat, "csat", &[0.0, 4.0, 10.0]),
            Scale::ZeroToTen
        );
        assert_eq!(
            scale_of(Rated::Csat, "csat", &[2.0, 8.0, 10.0]),
            Scale::OneToTen
        );
        assert_eq!(scale_of(Rated::Csat, "csat", &[12.0, 85.0]), Scale::Percent);
        assert_eq!(
            scale_of(Rated::Csat, "CSAT (1-10)", &[2.0, 3.0]),
            Scale::OneToTen
        );
        let d = decide(Rated::Csat, "csat", &summary(&[1.0, 2.0, 4.0])).unwrap();
        assert!(d.ambiguous, "no 5 seen: 1–7 fits too");
        let percent = ValueSummary::of([(80.0, true), (4.0, true)]);
        assert_eq!(
            decide(Rated::Csat, "csat", &percent).unwrap().scale,
            Scale::Percent
        );
    }

    #[test]
    fn nps_answers_and_scores_are_told_apart() {
        assert_eq!(
            scale_of(Rated::Nps, "NPS", &[9.0, 3.0, 10.0]),
            Scale::ZeroToTen
        );
        assert_eq!(
            scale_of(Rated::Nps, "NPS", &[9.0, -20.0, 45.0]),
            Scale::NpsScore
        );
        let d = decide(Rated::Nps, "NPS score", &summary(&[9.0, 3.0])).unwrap();
        assert!(d.ambiguous);
        assert_eq!(
            scale_of(Rated::Nps, "NPS (-100 to 100)", &[9.0, 3.0]),
            Scale::NpsScore
        );
    }

    #[test]
    fn a_worse_answer_never_maps_higher_on_any_scale() {
        for scale in ALL_SCALES {
            let (lo, hi) = scale.bounds();
            let steps: Vec<f64> = (0..=200)
                .map(|i| lo + (hi - lo) * i as f64 / 200.0)
                .collect();
            for pair in steps.windows(2) {
                let (worse, better) = (pair[0], pair[1]);
                assert!(scale.csat_share(worse) <= scale.csat_share(better));
                assert!(scale.csat_on_five(worse) <= scale.csat_on_five(better));
                assert!(scale.nps_value(worse) <= scale.nps_value(better));
            }
            assert_eq!(scale.csat_share(lo), Some(0.0));
            assert_eq!(scale.csat_share(hi), Some(1.0));
            assert_eq!(scale.csat_share(hi + 1.0), None);
        }
    }

    #[test]
    fn the_same_satisfaction_on_different_scales_reads_the_same() {
        let share = Scale::Share.csat_share(0.75);
        assert_eq!(Scale::OneToFive.csat_share(4.0), share);
        assert_eq!(Scale::Percent.csat_share(75.0), share);
        assert_eq!(Scale::ZeroToTen.csat_share(7.5), share);
        assert_eq!(Scale::OneToSeven.csat_share(5.5), share);
        assert_eq!(Scale::OneToSeven.csat_on_five(5.5), Some(4.0));
        assert_eq!(Scale::OneToFive.csat_on_five(4.0), Some(4.0));
        // An NPS answer of 9 is a promoter; the score 100 is the same account.
        assert_eq!(Scale::ZeroToTen.nps_value(9.0), Some(100.0));
        assert_eq!(Scale::NpsScore.nps_value(100.0), Some(100.0));
        assert_eq!(Scale::ZeroToTen.nps_value(6.0), Some(-100.0));
        assert_eq!(Scale::NpsScore.nps_value(-100.0), Some(-100.0));
    }
}
