//! The acts a pattern report counts, pure: read from the answers of the cases a user may
//! read, after the consent and period filters, with units, sites and perpetrators named as
//! the cross-case registry groups them.
//!
//! **The unit of count is an act** (HURIDOCS Events Standard Formats: who did what to
//! whom): one method of treatment ticked in one treatment entry of one detention episode.
//! - *what*: the method (a choice of the intake's `ip_methods` list);
//! - *whom*: the survivor of the case (one case is one survivor: the registry holds no
//!   survivors yet, so two cases of one person are two people here — said in the report);
//! - *who*: the episode's unit, and the perpetrators the case names (the intake links
//!   perpetrators to the case, not to an episode);
//! - *when*: the month of the episode's apprehension date when it is known to the month
//!   (exact or month precision), else only its year (season, year), else no date — never
//!   guessed; an approximate date counts as no date;
//! - *where*: the region (the episode's place of detention, `held_place`, else its
//!   apprehension place) and the site (`held_place_details`, the registry's site).
//!
//! Units, sites and perpetrators are de-duplicated through the registry
//! ([`crate::board::grouping::group`]): the same spelling up to case and spacing is one
//! entry, and two spellings are one only where a person confirmed it. Nothing is merged on
//! a suggestion.
//!
//! Only cases whose survivor answered "yes" to `consent_statistics` are read; the others
//! are counted as left out, and none of their answers is looked at beyond that question.

use std::collections::BTreeMap;

use waystone_forms::{Answer, AnswerPath, Answers, DatePrecision, PartialDate, Value};

use crate::board::grouping::{self, Decision, Mention};
use crate::board::registry;
use crate::cases::vocabulary as v;

/// The label of a unit, site or region the case does not name.
pub const NOT_RECORDED: &str = "not recorded";
/// The label of a period for an act whose date is not known precisely enough.
pub const DATE_UNKNOWN: &str = "date unknown";
/// The consent question that gates statistical use.
pub const CONSENT_STATISTICS: &str = "consent_statistics";

/// One case as the report reads it. `id` is used only to join registry links; it is never
/// written into a report.
pub struct CaseInput<'a> {
    pub id: &'a str,
    pub answers: &'a Answers,
}

/// When an act happened, as far as the case knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    /// Known to the month: (year, month).
    Month(i32, u8),
    /// Only the year is known.
    Year(i32),
    Unknown,
}

impl When {
    /// The months (as year × 12 + month − 1) the date may mean, if any.
    fn span(self) -> Option<(i64, i64)> {
        match self {
            When::Month(y, m) => {
                let x = i64::from(y) * 12 + i64::from(m) - 1;
                Some((x, x))
            }
            When::Year(y) => Some((i64::from(y) * 12, i64::from(y) * 12 + 11)),
            When::Unknown => None,
        }
    }
}

/// One act (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act {
    /// Index of the case in the input (never published).
    pub case: usize,
    /// Episode index within the case.
    pub episode: u32,
    pub method: String,
    pub when: When,
    pub region: String,
    pub site: String,
    pub unit: String,
    /// Registry labels of the perpetrators the case names.
    pub perpetrators: Vec<String>,
}

/// The report's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First month counted (year, month), inclusive.
    pub from: Option<(i32, u8)>,
    /// Last month counted, inclusive.
    pub to: Option<(i32, u8)>,
    /// Only this region (its label as the report prints it).
    pub region: Option<String>,
}

impl Filter {
    fn has_period(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether an act dated `when` lies wholly inside the period (no period: every act).
    /// An act whose date may fall outside — a year across the boundary, no date — is left
    /// out rather than guessed in.
    fn admits(&self, when: When) -> bool {
        if !self.has_period() {
            return true;
        }
        let Some((first, last)) = when.span() else {
            return false;
        };
        let month = |(y, m): (i32, u8)| i64::from(y) * 12 + i64::from(m) - 1;
        self.from.is_none_or(|f| first >= month(f)) && self.to.is_none_or(|t| last <= month(t))
    }
}

/// The acts of a report and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extract {
    pub acts: Vec<Act>,
    /// Cases with statistical consent that contributed at least one act.
    pub cases_counted: usize,
    /// Cases with statistical consent (counted or not).
    pub cases_consenting: usize,
    /// Cases without statistical consent: none of their answers is counted.
    pub cases_without_consent: usize,
    /// Acts of consenting cases outside the period or region.
    pub acts_filtered_out: usize,
}

fn path(s: &str) -> Option<AnswerPath> {
    s.parse().ok()
}

fn text_at(answers: &Answers, p: &AnswerPath) -> Option<String> {
    match answers.get(p) {
        Some(Answer::Value(Value::Text(t) | Value::PlaceRef(t))) if !t.trim().is_empty() => {
            Some(t.trim().to_owned())
        }
        _ => None,
    }
}

/// Whether the survivor consented to statistical use: only an explicit "yes".
pub fn consents(answers: &Answers) -> bool {
    path(CONSENT_STATISTICS)
        .and_then(|p| answers.get(&p).cloned())
        .is_some_and(|a| matches!(a, Answer::Value(Value::YesNo(true))))
}

/// The date bucket of an apprehension date (see the module doc).
pub fn when(date: Option<&PartialDate>) -> When {
    let Some(d) = date else {
        return When::Unknown;
    };
    match d.precision() {
        DatePrecision::Exact | DatePrecision::Month => match d.month_value() {
            Some(m) => When::Month(d.year_value(), m),
            None => When::Year(d.year_value()),
        },
        DatePrecision::Season(_) | DatePrecision::Year => When::Year(d.year_value()),
        DatePrecision::Approximate => When::Unknown,
    }
}

/// The acts of `cases` under `filter`, units/sites/perpetrators grouped with the registry
/// decisions a person `confirmed`.
pub fn extract(cases: &[CaseInput<'_>], confirmed: &[Decision], filter: &Filter) -> Extract {
    let mut out = Extract::default();
    let consenting: Vec<(usize, &CaseInput<'_>)> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| consents(c.answers))
        .collect();
    out.cases_consenting = consenting.len();
    out.cases_without_consent = cases.len() - consenting.len();

    // the registry over the consenting cases only
    let mut mentions = Vec::new();
    for (_, c) in &consenting {
        for (p, a) in c.answers.iter() {
            let Answer::Value(Value::Text(t)) = a else {
                continue;
            };
            let container = p.container().map(|x| x.name().to_owned());
            let wanted = match container.as_deref() {
                Some(x) if x == v::PERPETRATORS => true,
                Some(x) if x == v::EPISODES => {
                    p.name() == v::EPISODE_UNIT || p.name() == v::EPISODE_SITE
                }
                _ => false,
            };
            if wanted {
                mentions.push(Mention {
                    case_id: c.id.to_owned(),
                    code: String::new(),
                    path: p.clone(),
                    text: t.clone(),
                });
            }
        }
    }
    let entries = grouping::group(mentions, confirmed);
    // (case id, instance path) → label; case id → perpetrator labels
    let mut label_at: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut perps_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &entries {
        let label = e
            .names
            .first()
            .cloned()
            .or_else(|| e.call_signs.first().map(|c| format!("«{c}»")))
            .unwrap_or_else(|| e.key.clone());
        for (case_id, _, at) in &e.links {
            if e.kind == "perpetrator" {
                let list = perps_of.entry(case_id.clone()).or_default();
                if !list.contains(&label) {
                    list.push(label.clone());
                }
            } else {
                label_at.insert((case_id.clone(), at.clone()), label.clone());
            }
        }
    }
    // regions: one label per spelling up to case and spacing (no place registry yet)
    let mut region_label: BTreeMap<String, String> = BTreeMap::new();

    for (index, c) in consenting {
        let Some(episodes) = path(v::EPISODES) else {
            continue;
        };
        let mut counted = false;
        for e in 0..c.answers.repeat_count(&episodes) {
            let at = |name: &str| episodes.join(e, name).ok();
            let date = at(v::APPREHENSION_DATE).and_then(|p| match c.answers.get(&p) {
                Some(Answer::Value(Value::Date(d))) => Some(*d),
                _ => None,
            });
            let w = when(date.as_ref());
            let registry_label = |name: &str| {
                at(name)
                    .and_then(|p| label_at.get(&(c.id.to_owned(), p.to_string())).cloned())
                    .unwrap_or_else(|| NOT_RECORDED.to_owned())
            };
            let unit = registry_label(v::EPISODE_UNIT);
            let site = registry_label(v::EPISODE_SITE);
            let region = at("held_place")
                .and_then(|p| text_at(c.answers, &p))
                .or_else(|| at("apprehension_place").and_then(|p| text_at(c.answers, &p)))
                .map(|r| {
                    region_label
                        .entry(registry::exact_key(&r))
                        .or_insert(r)
                        .clone()
                })
                .unwrap_or_else(|| NOT_RECORDED.to_owned());
            let Some(treatment) = at("treatment") else {
                continue;
            };
            for t in 0..c.answers.repeat_count(&treatment) {
                let Some(mp) = treatment.join(t, "methods").ok() else {
                    continue;
                };
                let Some(Answer::Value(Value::Choices(methods))) = c.answers.get(&mp) else {
                    continue;
                };
                for method in methods {
                    let act = Act {
                        case: index,
                        episode: e,
                        method: method.clone(),
                        when: w,
                        region: region.clone(),
                        site: site.clone(),
                        unit: unit.clone(),
                        perpetrators: perps_of.get(c.id).cloned().unwrap_or_default(),
                    };
                    let region_ok = filter
                        .region
                        .as_ref()
                        .is_none_or(|r| registry::exact_key(r) == registry::exact_key(&act.region));
                    if filter.admits(w) && region_ok {
                        out.acts.push(act);
                        counted = true;
                    } else {
                        out.acts_filtered_out += 1;
                    }
                }
            }
        }
        if counted {
            out.cases_counted += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn set(a: &mut Answers, p: &str, v: Answer) {
        a.set(p.parse().unwrap(), v);
    }
    fn text(s: &str) -> Answer {
        Answer::Value(Value::Text(s.into()))
    }

    /// A synthetic case (invented): one episode, one treatment entry.
    fn case(consent: bool, date: PartialDate, unit: &str, methods: &[&str]) -> Answers {
        let mut a = Answers::new();
        set(
            &mut a,
            "consent_statistics",
            Answer::Value(Value::YesNo(consent)),
        );
        a.set_repeat_count("episodes".parse().unwrap(), 1);
        set(
            &mut a,
            "episodes[0].apprehension_date",
            Answer::Value(Value::Date(date)),
        );
        set(&mut a, "episodes[0].unit", text(unit));
        set(
            &mut a,
            "episodes[0].held_place",
            Answer::Value(Value::PlaceRef("Argun".into())),
        );
        a.set_repeat_count("episodes[0].treatment".parse().unwrap(), 1);
        set(
            &mut a,
            "episodes[0].treatment[0].methods",
            Answer::Value(Value::Choices(
                methods.iter().map(|m| m.to_string()).collect(),
            )),
        );
        a
    }

    #[test]
    fn one_act_per_method_and_consent_gates() {
        let d = PartialDate::month(2019, 3).unwrap();
        let a = case(true, d, "Unit A", &["beating", "threats_death"]);
        let b = case(false, d, "Unit A", &["beating"]);
        let cases = [
            CaseInput {
                id: "a",
                answers: &a,
            },
            CaseInput {
                id: "b",
                answers: &b,
            },
        ];
        let x = extract(&cases, &[], &Filter::default());
        assert_eq!(x.acts.len(), 2);
        assert_eq!(x.cases_without_consent, 1);
        assert_eq!(x.cases_counted, 1);
        assert_eq!(x.acts[0].when, When::Month(2019, 3));
        assert_eq!(x.acts[0].unit, "Unit A");
        assert_eq!(x.acts[0].region, "Argun");
    }

    #[test]
    fn spellings_merge_only_when_confirmed() {
        let d = PartialDate::month(2019, 3).unwrap();
        let a = case(true, d, "Unit A", &["beating"]);
        let b = case(true, d, "Unit A.", &["beating"]);
        let cases = [
            CaseInput {
                id: "a",
                answers: &a,
            },
            CaseInput {
                id: "b",
                answers: &b,
            },
        ];
        let units = |confirmed: &[Decision]| {
            let mut u: Vec<String> = extract(&cases, confirmed, &Filter::default())
                .acts
                .into_iter()
                .map(|a| a.unit)
                .collect();
            u.dedup();
            u.len()
        };
        assert_eq!(units(&[]), 2);
        let (ka, kb) = grouping::ordered(
            &registry::exact_key("Unit A"),
            &registry::exact_key("Unit A."),
        );
        assert_eq!(units(&[("unit".into(), ka, kb)]), 1);
    }

    #[test]
    fn dates_are_bucketed_never_guessed_and_periods_admit_whole_dates() {
        let check = |d: PartialDate, expected: When| assert_eq!(when(Some(&d)), expected);
        check(
            PartialDate::exact(2020, 5, 2).unwrap(),
            When::Month(2020, 5),
        );
        check(PartialDate::month(2020, 5).unwrap(), When::Month(2020, 5));
        check(PartialDate::year(2020).unwrap(), When::Year(2020));
        check(
            PartialDate::approximate(2020, Some(5), None).unwrap(),
            When::Unknown,
        );
        assert_eq!(when(None), When::Unknown);
        let f = Filter {
            from: Some((2020, 1)),
            to: Some((2020, 6)),
            region: None,
        };
        assert!(f.admits(When::Month(2020, 6)));
        assert!(!f.admits(When::Month(2020, 7)));
        assert!(!f.admits(When::Year(2020)));
        assert!(!f.admits(When::Unknown));
        assert!(Filter::default().admits(When::Unknown));
    }
}
