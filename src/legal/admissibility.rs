//! Admissibility arithmetic: the time limit from the final domestic decision (four months for
//! final decisions taken on or after 1 February 2022, when Protocol No. 15's change took
//! effect; six months before), the computed deadline and how close it is; and the Court's
//! temporal jurisdiction over Russia, which ceased to be a Party on 16 September 2022 —
//! events after that date cannot be brought against it at the Court (the UN routes remain).

use chrono::{Months, NaiveDate};
use waystone_forms::{Answer, AnswerPath, Answers, Value};

/// The four-month rule applies to final decisions from this day on.
pub fn four_month_rule_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 2, 1).unwrap_or_default()
}

/// The last day Russia was a Party to the Convention.
pub fn russia_cessation() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 9, 16).unwrap_or_default()
}

/// The deadline for lodging an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub final_decision: NaiveDate,
    /// 4 or 6.
    pub months: u32,
    pub deadline: NaiveDate,
    /// Days from `today` to the deadline (negative when passed).
    pub days_left: i64,
}

impl Deadline {
    pub fn passed(&self) -> bool {
        self.days_left < 0
    }

    /// Within thirty days.
    pub fn close(&self) -> bool {
        (0..=30).contains(&self.days_left)
    }
}

/// The time limit that runs from `final_decision`, seen from `today`.
pub fn time_limit(final_decision: NaiveDate, today: NaiveDate) -> Deadline {
    let months = if final_decision >= four_month_rule_start() {
        4
    } else {
        6
    };
    let deadline = final_decision
        .checked_add_months(Months::new(months))
        .unwrap_or(final_decision);
    Deadline {
        final_decision,
        months,
        deadline,
        days_left: (deadline - today).num_days(),
    }
}

/// The time limit for a final decision known only as a range of days (a partial date:
/// "March 2021", "2022"): each rule is applied to the earliest day of the range it covers, and
/// the earlier deadline wins — a decision dated only "2022" may have been taken in January
/// (six months: 1 July 2022) or from 1 February (four months: 1 June 2022), so 1 June 2022.
pub fn earliest_time_limit(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Deadline {
    let start = four_month_rule_start();
    let mut best = time_limit(from, today);
    if from < start && start <= to {
        let four = time_limit(start, today);
        if four.deadline < best.deadline {
            best = four;
        }
    }
    best
}

/// An episode that falls outside the Court's jurisdiction over Russia, wholly or possibly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JurisdictionFlag {
    /// The episode's index.
    pub episode: u32,
    /// True when the whole date range is after 16 September 2022; false when it straddles it.
    pub certain: bool,
}

/// Episodes with Russia as respondent whose apprehension date is after 16 September 2022.
pub fn jurisdiction_flags(answers: &Answers) -> Vec<JurisdictionFlag> {
    let mut out = Vec::new();
    let Ok(episodes) = "episodes".parse::<AnswerPath>() else {
        return out;
    };
    for i in 0..answers.repeat_count(&episodes) {
        let get = |name: &str| {
            episodes
                .join(i, name)
                .ok()
                .and_then(|p| answers.get(&p).cloned())
        };
        let against_russia =
            matches!(get("respondent_state"), Some(Answer::Value(Value::Choice(c))) if c == "ru");
        let Some(Answer::Value(Value::Date(d))) = get("apprehension_date") else {
            continue;
        };
        if !against_russia {
            continue;
        }
        let ((y1, m1, d1), (y2, m2, d2)) = d.earliest_and_latest();
        let from = NaiveDate::from_ymd_opt(y1, u32::from(m1), u32::from(d1));
        let to = NaiveDate::from_ymd_opt(y2, u32::from(m2), u32::from(d2));
        let cut = russia_cessation();
        match (from, to) {
            (Some(f), _) if f > cut => out.push(JurisdictionFlag {
                episode: i,
                certain: true,
            }),
            (_, Some(t)) if t > cut => out.push(JurisdictionFlag {
                episode: i,
                certain: false,
            }),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use waystone_forms::PartialDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn six_months_before_1_february_2022_four_from_it() {
        let today = day(2022, 3, 1);
        let before = time_limit(day(2022, 1, 31), today);
        assert_eq!((before.months, before.deadline), (6, day(2022, 7, 31)));
        let from = time_limit(day(2022, 2, 1), today);
        assert_eq!((from.months, from.deadline), (4, day(2022, 6, 1)));
        // month ends clamp: 31 October + 4 months = 28 February
        assert_eq!(
            time_limit(day(2022, 10, 31), today).deadline,
            day(2023, 2, 28)
        );
        let t = time_limit(day(2022, 2, 1), day(2022, 5, 20));
        assert!(t.close() && !t.passed());
        assert!(time_limit(day(2021, 1, 1), today).passed());
    }

    #[test]
    fn a_partial_decision_date_takes_the_rule_with_the_earlier_deadline() {
        let today = day(2022, 3, 1);
        // "2022": January under six months (1 July), February on under four (1 June)
        let y = earliest_time_limit(day(2022, 1, 1), day(2022, 12, 31), today);
        assert_eq!(
            (y.months, y.final_decision, y.deadline),
            (4, day(2022, 2, 1), day(2022, 6, 1))
        );
        // "January 2022": wholly under the six-month rule, from its first day
        let m = earliest_time_limit(day(2022, 1, 1), day(2022, 1, 31), today);
        assert_eq!((m.months, m.deadline), (6, day(2022, 7, 1)));
        // "2021": six months from 1 January 2021
        let y = earliest_time_limit(day(2021, 1, 1), day(2021, 12, 31), today);
        assert_eq!((y.months, y.deadline), (6, day(2021, 7, 1)));
        // "March 2022": four months from 1 March
        let m = earliest_time_limit(day(2022, 3, 1), day(2022, 3, 31), today);
        assert_eq!((m.months, m.deadline), (4, day(2022, 7, 1)));
        // an exact day is its own range
        let d = earliest_time_limit(day(2022, 1, 31), day(2022, 1, 31), today);
        assert_eq!(d, time_limit(day(2022, 1, 31), today));
    }

    #[test]
    fn episodes_after_16_september_2022_against_russia_are_flagged() {
        let mut a = Answers::new();
        a.set_repeat_count("episodes".parse().unwrap(), 4);
        let set = |a: &mut Answers, i: u32, d: PartialDate, state: &str| {
            a.set(
                format!("episodes[{i}].apprehension_date").parse().unwrap(),
                Answer::Value(Value::Date(d)),
            );
            a.set(
                format!("episodes[{i}].respondent_state").parse().unwrap(),
                Answer::Value(Value::Choice(state.into())),
            );
        };
        set(&mut a, 0, PartialDate::exact(2021, 5, 3).unwrap(), "ru");
        set(&mut a, 1, PartialDate::month(2023, 3).unwrap(), "ru");
        set(&mut a, 2, PartialDate::year(2022).unwrap(), "ru");
        set(&mut a, 3, PartialDate::month(2023, 3).unwrap(), "ge");
        assert_eq!(
            jurisdiction_flags(&a),
            vec![
                JurisdictionFlag {
                    episode: 1,
                    certain: true
                },
                JurisdictionFlag {
                    episode: 2,
                    certain: false
                }
            ]
        );
    }
}
