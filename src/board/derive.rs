//! Board fields derived from a case's answers after every change: evacuation stage, risk,
//! next follow-up, the detention period, and the text the search index holds.

use waystone_forms::{Answer, AnswerPath, Answers, PartialDate, Value};

use super::search::fold;

/// What the board and the search index keep of a case's answers.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Derived {
    pub stage: Option<String>,
    pub risk: Option<String>,
    /// YYYY-MM-DD (the earliest day the follow-up date can mean)
    pub next_follow_up: Option<String>,
    pub first_detention: Option<String>,
    pub last_detention: Option<String>,
    pub testimony: String,
    pub perpetrators: String,
    pub places: String,
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Derived")
            .field("stage", &self.stage)
            .field("risk", &self.risk)
            .finish_non_exhaustive()
    }
}

fn choice(answers: &Answers, path: &str) -> Option<String> {
    let p: AnswerPath = path.parse().ok()?;
    match answers.get(&p)?.value()? {
        Value::Choice(c) => Some(c.clone()),
        _ => None,
    }
}

fn iso((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The range a partial date can mean, as ISO days.
pub fn date_range(d: &PartialDate) -> (String, String) {
    let (a, b) = d.earliest_and_latest();
    (iso(a), iso(b))
}

/// Perpetrator fields (names, call signs, ranks, units) and the units named in episodes.
const PERPETRATOR_FIELDS: &[&str] = &["name", "call_sign", "rank", "unit"];
/// Places named in episodes and evacuation.
const PLACE_FIELDS: &[&str] = &[
    "apprehension_place_details",
    "held_place_details",
    "current_city",
];

pub fn derive(answers: &Answers) -> Derived {
    let mut d = Derived {
        stage: choice(answers, "evacuation_stage"),
        risk: choice(answers, "risk_level"),
        ..Derived::default()
    };
    let mut testimony = Vec::new();
    let mut perps = Vec::new();
    let mut places = Vec::new();
    for (path, answer) in answers.iter() {
        let name = path.name();
        let top = path.segments().first().map(|s| s.name()).unwrap_or("");
        match answer {
            Answer::Value(Value::Text(t)) => {
                if top == "perpetrators" && PERPETRATOR_FIELDS.contains(&name)
                    || top == "episodes" && name == "unit"
                {
                    perps.push(t.as_str());
                } else if PLACE_FIELDS.contains(&name) {
                    places.push(t.as_str());
                }
                testimony.push(t.as_str());
            }
            Answer::Value(Value::Date(date)) => {
                if name == "next_follow_up" {
                    d.next_follow_up = Some(date_range(date).0);
                } else if top == "episodes" && name == "apprehension_date" {
                    let (from, to) = date_range(date);
                    if d.first_detention.as_ref().is_none_or(|f| from < *f) {
                        d.first_detention = Some(from);
                    }
                    if d.last_detention.as_ref().is_none_or(|l| to > *l) {
                        d.last_detention = Some(to);
                    }
                }
            }
            _ => {}
        }
    }
    d.testimony = fold(&testimony.join("\n"));
    d.perpetrators = fold(&perps.join("\n"));
    d.places = fold(&places.join("\n"));
    d
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn demo_answers_give_board_fields() {
        let a = crate::demo::demo_case_answers(5, 3);
        let d = derive(&a);
        assert!(d.stage.is_some() && d.risk.is_some() && d.next_follow_up.is_some());
        assert!(d.first_detention.is_some() && d.first_detention <= d.last_detention);
        assert!(!d.testimony.is_empty() && !d.perpetrators.is_empty());
        assert!(!d.testimony.contains('ё'));
    }
}
