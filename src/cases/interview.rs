//! The live state of an interview: which instantiated questions are hidden by skip logic,
//! which are required, the problems to show in place, and progress per section. Computed by
//! the core after every save so the UI never evaluates form logic itself.

use waystone_forms::{AnswerPath, Answers, FormDef, Item, Problem, SectionProgress};

/// The choices a cascading select offers at one instantiated path (its choice filter applied
/// to the answers so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    pub path: AnswerPath,
    /// Choice names, in list order.
    pub choices: Vec<String>,
}

/// What the interviewer sees besides the answers.
#[derive(Debug, Clone)]
pub struct InterviewState {
    /// Instantiated questions and repeats that are not asked now (skip logic).
    pub hidden: Vec<AnswerPath>,
    /// Instantiated questions that must be answered (a value, declined, don't know or not asked).
    pub required: Vec<AnswerPath>,
    pub problems: Vec<Problem>,
    pub progress: Vec<SectionProgress>,
    /// For each relevant instantiated select with a choice filter: the choices it offers.
    /// Selects not listed offer their whole list.
    pub offered: Vec<Offered>,
    /// Every instantiated calculated value (a `calculate` item or a read-only question with a
    /// calculation) and what is stored for it now (`None`: nothing yet, an input is missing):
    /// the core recomputes them on every save, so the screen takes them from here.
    pub computed: Vec<(AnswerPath, Option<waystone_forms::Answer>)>,
    /// Every instantiated counted repeat (`repeat_count`): how many instances its count gives
    /// now and how many there are (more only when instances beyond the count hold answers).
    /// The interviewer neither adds nor removes them by hand, except an extra one.
    pub counted: Vec<CountedRepeat>,
    /// Defaults to show pre-filled and unconfirmed ("Proposed: … — confirm") at relevant,
    /// unanswered questions. Never an answer until the interviewer confirms one.
    pub proposed: Vec<(AnswerPath, waystone_forms::Value)>,
}

/// A counted repeat's instances at one container path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedRepeat {
    pub path: AnswerPath,
    /// What its count gives now (0 while the count is unanswered).
    pub expected: u32,
    /// How many instances there are.
    pub count: u32,
}

/// Every instantiated question and repeat container path, in form order.
pub fn instantiated_paths(def: &FormDef, answers: &Answers) -> Vec<AnswerPath> {
    let mut out = Vec::new();
    for section in def.sections() {
        walk(section.items(), None, answers, &mut out);
    }
    out
}

fn walk(
    items: &[Item],
    parent: Option<(&AnswerPath, u32)>,
    answers: &Answers,
    out: &mut Vec<AnswerPath>,
) {
    for item in items {
        let path = match parent {
            None => AnswerPath::top(item.name()),
            Some((container, index)) => container.join(index, item.name()),
        };
        let Ok(path) = path else { continue };
        if let Item::Repeat(r) = item {
            let count = answers.repeat_count(&path);
            out.push(path.clone());
            for i in 0..count {
                walk(r.items(), Some((&path, i)), answers, out);
            }
        } else {
            out.push(path);
        }
    }
}

pub fn interview_state(def: &FormDef, answers: &Answers) -> InterviewState {
    let mut hidden = Vec::new();
    let mut required = Vec::new();
    let mut offered = Vec::new();
    let mut computed = Vec::new();
    let mut counted = Vec::new();
    for path in instantiated_paths(def, answers) {
        if let Some(expected) = waystone_forms::expected_repeat_count(def, answers, &path) {
            counted.push(CountedRepeat {
                count: answers.repeat_count(&path),
                path: path.clone(),
                expected,
            });
        }
        if def
            .question(&path.question_path())
            .is_some_and(|q| q.read_only())
        {
            computed.push((path.clone(), answers.get(&path).cloned()));
        }
        if !waystone_forms::is_relevant(def, answers, &path) {
            hidden.push(path);
            continue;
        }
        if let Some(choices) = waystone_forms::offered_choices(def, answers, &path) {
            offered.push(Offered {
                path: path.clone(),
                choices: choices.into_iter().map(str::to_owned).collect(),
            });
        }
        if waystone_forms::is_required(def, answers, &path) {
            required.push(path);
        }
    }
    InterviewState {
        hidden,
        required,
        problems: waystone_forms::validate(def, answers),
        progress: waystone_forms::progress(def, answers),
        offered,
        computed,
        counted,
        proposed: waystone_forms::proposals(def, answers)
            .into_iter()
            .map(|(path, value)| (path, value.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use waystone_forms::{Answer, Value};

    fn p(s: &str) -> AnswerPath {
        s.parse().unwrap()
    }

    #[test]
    fn skip_logic_and_repeats_show_up_in_the_state() {
        let def = waystone_forms::latest_intake();
        let mut a = Answers::new();
        let s = interview_state(&def, &a);
        // without consent to documentation nothing but consent and notes is asked
        assert!(s.hidden.contains(&p("name_cyrillic")));
        assert!(s.required.contains(&p("consent_documentation")));
        a.set(
            p("consent_documentation"),
            Answer::Value(Value::YesNo(true)),
        );
        a.set_repeat_count(p("episodes"), 2);
        a.set_repeat_count(p("episodes[1].treatment"), 1);
        let s = interview_state(&def, &a);
        assert!(!s.hidden.contains(&p("name_cyrillic")));
        let paths = instantiated_paths(&def, &a);
        assert!(paths.contains(&p("episodes[1].apprehension_date")));
        assert!(paths.contains(&p("episodes[1].treatment[0].methods")));
        assert!(!paths.contains(&p("episodes[0].treatment[0].methods")));
        assert!(s.required.contains(&p("episodes[1].treatment[0].methods")));
        // medical consistency only when medical documentation = yes
        assert!(s
            .hidden
            .contains(&p("episodes[1].treatment[0].ip_consistency")));
        a.set(
            p("episodes[1].treatment[0].medical_documentation"),
            Answer::Value(Value::YesNo(true)),
        );
        let s = interview_state(&def, &a);
        assert!(!s
            .hidden
            .contains(&p("episodes[1].treatment[0].ip_consistency")));
    }
}
