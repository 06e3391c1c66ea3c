//! Checking a case's answers against a definition: validation, relevance (skip logic),
//! requiredness and progress.
//!
//! This module owns [`validate`], [`is_relevant`], [`is_required`], [`progress`] and the
//! [`Problem`] they report. Problems name a path, a code and (for constraints) the
//! definition's message — never the answer's content, so they may be logged and may cross the
//! IPC boundary.
//!
//! Semantics, in one place:
//! - An answer slot is *relevant* when its repeat instances exist, its section, every
//!   enclosing repeat and its own `relevant` condition are true. Unknown (a condition over an
//!   unanswered question) counts as not relevant.
//! - A non-relevant question's answer is invisible to expressions (as in XLSForm), and is
//!   reported as `irrelevant_answer` unless it is `not_asked`.
//! - `required` is met by any recorded answer: a non-empty value, declined, don't know or not
//!   asked. A trauma-informed interview never forces an answer; it only records why there is
//!   none.
//! - A constraint is checked only on a relevant, non-empty value of the right type; it fails
//!   only when it is certainly false.
//!
//! Recipe — add a problem code: add the [`ProblemCode`] variant with its `as_str` and
//! `severity`, report it from [`validate`] (with a path and never the value), list it in
//! `forms/README.md`, and add a `check(change, expected)` case to `tests/intake.rs`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::answer::{Answer, Answers, Value, ValueKind, MAX_REPEAT_INSTANCES};
use crate::def::{
    ChoiceFilter, ChoiceList, FormDef, Item, Labels, Question, QuestionType, Required,
};
use crate::expr::{eval_condition, eval_value, Env, Expression, Target, Val};
use crate::load::MAX_RELEVANCE_CHAIN;
use crate::path::{AnswerPath, Segment};

/// Most answer slots one walk over a case visits; beyond it, `too_many_instances`.
const MAX_SLOTS: usize = 200_000;

/// What is wrong with an answer (or a repeat count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A relevant, required question has nothing recorded.
    RequiredMissing,
    /// A value breaks the question's constraint; the problem carries the message.
    ConstraintFailed,
    /// The value's kind does not fit the question's type.
    WrongType,
    /// The path names no question of this form version (or a repeat count names no repeat).
    UnknownQuestion,
    /// A choice is not in the question's choice list.
    UnknownChoice,
    /// A select-many value names the same choice twice.
    DuplicateChoice,
    /// The date's precision is not allowed for this question, or it has a time of day where
    /// none is allowed.
    DatePrecisionNotAllowed,
    /// The path points into a repeat instance that does not exist.
    BadRepeatIndex,
    /// A repeat has more than [`MAX_REPEAT_INSTANCES`] instances.
    TooManyInstances,
    /// A question that is not relevant has an answer (other than not asked).
    IrrelevantAnswer,
    /// A choice of a cascading select is not among those its choice filter offers, given the
    /// answer it depends on (that answer changed, or the value was never offered).
    ChoiceNotOffered,
    /// A counted repeat (`repeat_count`) has more instances than its count gives now, because
    /// the instances beyond it hold answers: they are kept, never silently deleted, and shown
    /// for the interviewer to look at (reported on the repeat's container path).
    BeyondRepeatCount,
}

impl ProblemCode {
    /// The stable code string.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProblemCode::RequiredMissing => "required_missing",
            ProblemCode::ConstraintFailed => "constraint_failed",
            ProblemCode::WrongType => "wrong_type",
            ProblemCode::UnknownQuestion => "unknown_question",
            ProblemCode::UnknownChoice => "unknown_choice",
            ProblemCode::DuplicateChoice => "duplicate_choice",
            ProblemCode::DatePrecisionNotAllowed => "date_precision_not_allowed",
            ProblemCode::BadRepeatIndex => "bad_repeat_index",
            ProblemCode::TooManyInstances => "too_many_instances",
            ProblemCode::IrrelevantAnswer => "irrelevant_answer",
            ProblemCode::ChoiceNotOffered => "choice_not_offered",
            ProblemCode::BeyondRepeatCount => "beyond_repeat_count",
        }
    }

    /// How serious the problem is.
    pub fn severity(&self) -> Severity {
        match self {
            ProblemCode::RequiredMissing => Severity::Incomplete,
            ProblemCode::ConstraintFailed
            | ProblemCode::ChoiceNotOffered
            | ProblemCode::BeyondRepeatCount => Severity::Invalid,
            ProblemCode::IrrelevantAnswer => Severity::Warning,
            _ => Severity::Structural,
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a [`ProblemCode`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The data does not fit the definition (wrong type, unknown path …): a bug or a damaged
    /// file, not something the interviewer did.
    Structural,
    /// A value breaks a constraint: the interviewer should look at it.
    Invalid,
    /// Something required is not recorded yet: normal while an interview is in progress.
    Incomplete,
    /// Worth a look, harmless (an answer left behind when a skip condition changed).
    Warning,
}

/// One problem with a case's answers. Carries the path, the code and, for constraints, the
/// definition's message in every language — never the answer's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where.
    pub path: AnswerPath,
    /// What.
    pub code: ProblemCode,
    /// For `constraint_failed`: the question's `constraint_message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Labels>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.code)
    }
}

/// Progress through one section, counted over answer slots (each question in each repeat
/// instance is a slot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionProgress {
    /// The section name.
    pub section: String,
    /// Relevant slots.
    pub relevant: u32,
    /// Relevant slots with a recorded answer (a value, declined, don't know or not asked).
    pub answered: u32,
    /// Relevant slots that are required.
    pub required: u32,
    /// Required relevant slots with a recorded answer.
    pub required_answered: u32,
}

impl SectionProgress {
    /// Whether every required relevant slot has an answer.
    pub fn is_complete(&self) -> bool {
        self.required_answered >= self.required
    }
}

/// Every problem with `answers` under `def`: unknown paths, wrong types, unknown choices,
/// repeat indices out of range, constraint failures, missing required answers and answers to
/// questions that are not relevant. Sorted by path, then code.
pub fn validate(def: &FormDef, answers: &Answers) -> Vec<Problem> {
    let ev = Evaluator::new(def, answers);
    let mut problems = Vec::new();
    let mut push = |path: &AnswerPath, code: ProblemCode, message: Option<Labels>| {
        problems.push(Problem {
            path: path.clone(),
            code,
            message,
        })
    };

    for (container, count) in answers.repeat_counts() {
        if def.repeat(&container.question_path()).is_none() {
            push(container, ProblemCode::UnknownQuestion, None);
        } else if !ev.instance_exists(container) {
            push(container, ProblemCode::BadRepeatIndex, None);
        } else if count > MAX_REPEAT_INSTANCES {
            push(container, ProblemCode::TooManyInstances, None);
        } else if let Some(expected) = expected_repeat_count(def, answers, container) {
            if (expected..count).any(|i| holds_answers(def, answers, container, i)) {
                push(container, ProblemCode::BeyondRepeatCount, None);
            }
        }
    }

    for (path, answer) in answers.iter() {
        let Some(question) = def.question(&path.question_path()) else {
            push(path, ProblemCode::UnknownQuestion, None);
            continue;
        };
        if !ev.instance_exists(path) {
            push(path, ProblemCode::BadRepeatIndex, None);
            continue;
        }
        if let Answer::Value(value) = answer {
            if let Some(code) = type_problem(def, question, value) {
                push(path, code, None);
                continue;
            }
        }
        if !ev.is_relevant(path) {
            if answer.is_recorded() && *answer != Answer::NotAsked {
                push(path, ProblemCode::IrrelevantAnswer, None);
            }
            continue;
        }
        if let (Answer::Value(value), Some(filter)) = (answer, question.choice_filter()) {
            let chosen: &[String] = match value {
                Value::Choice(c) if !c.is_empty() => std::slice::from_ref(c),
                Value::Choices(cs) => cs,
                _ => &[],
            };
            if let Some(list) = question
                .kind()
                .choice_list()
                .and_then(|l| def.choice_list(l))
            {
                let offered = ev.offered(filter, list, path);
                if chosen.iter().any(|c| !offered.contains(&c.as_str())) {
                    push(path, ProblemCode::ChoiceNotOffered, None);
                }
            }
        }
        if let (Answer::Value(value), Some(constraint)) = (answer, question.constraint()) {
            if !value.is_empty() {
                let current = to_val(def, question.kind(), value);
                if ev.condition(constraint.expression(), path, current) == Some(false) {
                    push(
                        path,
                        ProblemCode::ConstraintFailed,
                        Some(constraint.message().clone()),
                    );
                }
            }
        }
    }

    let overflow = for_each_slot(def, answers, |question, path| {
        if ev.is_relevant(&path)
            && ev.is_required(question, &path)
            && !answers.get(&path).is_some_and(Answer::is_recorded)
        {
            push(&path, ProblemCode::RequiredMissing, None);
        }
    });
    if let Some(container) = overflow {
        push(&container, ProblemCode::TooManyInstances, None);
    }

    problems.sort_by(|a, b| (&a.path, a.code).cmp(&(&b.path, b.code)));
    problems.dedup_by(|a, b| a.path == b.path && a.code == b.code);
    problems
}

/// Whether the question or repeat at `path` is asked, given the answers so far. Unknown and
/// out-of-range paths are not relevant.
pub fn is_relevant(def: &FormDef, answers: &Answers, path: &AnswerPath) -> bool {
    Evaluator::new(def, answers).is_relevant(path)
}

/// Whether the question at `path` is relevant and required, given the answers so far.
pub fn is_required(def: &FormDef, answers: &Answers, path: &AnswerPath) -> bool {
    let ev = Evaluator::new(def, answers);
    match def.question(&path.question_path()) {
        Some(q) => ev.is_relevant(path) && ev.is_required(q, path),
        None => false,
    }
}

/// The names of the choices a cascading select at `path` offers, given the answers so far, in
/// list order; `None` when the question has no choice filter (every choice is offered) or the
/// path names no select question.
pub fn offered_choices<'d>(
    def: &'d FormDef,
    answers: &Answers,
    path: &AnswerPath,
) -> Option<Vec<&'d str>> {
    let question = def.question(&path.question_path())?;
    let filter = question.choice_filter()?;
    let list = def.choice_list(question.kind().choice_list()?)?;
    Some(Evaluator::new(def, answers).offered(filter, list, path))
}

/// How many instances the counted repeat at `container` (`children`, `household[0].children`)
/// should have now: its `repeat_count` evaluated over the answers (0 while the count is
/// unanswered or the repeat is not relevant; at most [`MAX_REPEAT_INSTANCES`]). `None` for a
/// repeat without a count (the interviewer adds its instances) and for unknown paths.
pub fn expected_repeat_count(
    def: &FormDef,
    answers: &Answers,
    container: &AnswerPath,
) -> Option<u32> {
    let count = def.repeat(&container.question_path())?.count()?;
    let ev = Evaluator::new(def, answers);
    if !ev.is_relevant(container) {
        return Some(0);
    }
    let segs = container.segments();
    let ctx = Ctx {
        ev: &ev,
        prefix: &segs[..segs.len().saturating_sub(1)],
        current: Val::Missing,
    };
    Some(match eval_value(count.node(), &ctx) {
        Val::Int(n) => u32::try_from(n.max(0))
            .unwrap_or(u32::MAX)
            .min(MAX_REPEAT_INSTANCES),
        _ => 0,
    })
}

/// Whether instance `index` of the repeat at `container` holds something the interviewer
/// recorded (an answer to a question that is not computed; nested instances alone do not
/// count, nor do calculated values).
fn holds_answers(def: &FormDef, answers: &Answers, container: &AnswerPath, index: u32) -> bool {
    answers.iter().any(|(p, a)| {
        p.is_inside(container, index)
            && a.is_recorded()
            && !def
                .question(&p.question_path())
                .is_some_and(Question::read_only)
    })
}

/// Every instantiated container of a counted repeat, in form order.
fn counted_containers(def: &FormDef, answers: &Answers) -> Vec<AnswerPath> {
    fn walk(items: &[Item], prefix: &[Segment], answers: &Answers, out: &mut Vec<AnswerPath>) {
        for item in items {
            let Item::Repeat(r) = item else { continue };
            let mut segs = prefix.to_vec();
            segs.push(Segment::plain(r.name()));
            let container = AnswerPath::from_segments(segs);
            if r.count().is_some() {
                out.push(container.clone());
            }
            let n = answers.repeat_count(&container).min(MAX_REPEAT_INSTANCES);
            for i in 0..n {
                let mut inner = prefix.to_vec();
                inner.push(Segment::indexed(r.name(), i));
                walk(r.items(), &inner, answers, out);
            }
        }
    }
    let mut out = Vec::new();
    for section in def.sections() {
        walk(section.items(), &[], answers, &mut out);
    }
    out
}

/// Fits every counted repeat (`repeat_count`) to its count: instances are added up to the
/// count, and empty instances beyond it removed from the end; an instance beyond the count
/// that holds answers stays (with the empty ones before it), reported by [`validate`] as
/// `beyond_repeat_count` — answers are never deleted by a changed count. Returns whether
/// anything changed. [`calculate`] calls it, so every save and import fits the counts.
pub fn fit_repeat_counts(def: &FormDef, answers: &mut Answers) -> bool {
    let mut changed = false;
    // each round fits one container (which may add or remove nested ones); bounded
    for _ in 0..10_000 {
        let mut fitted = false;
        for container in counted_containers(def, answers) {
            let Some(expected) = expected_repeat_count(def, answers, &container) else {
                continue;
            };
            let current = answers.repeat_count(&container);
            let kept = (expected..current)
                .rev()
                .find(|i| holds_answers(def, answers, &container, *i))
                .map_or(expected, |i| i + 1);
            if kept == current {
                continue;
            }
            if kept > current {
                answers.set_repeat_count(container, kept);
            } else {
                for i in (kept..current).rev() {
                    answers.remove_repeat_instance(&container, i);
                }
            }
            fitted = true;
            break;
        }
        if !fitted {
            break;
        }
        changed = true;
    }
    changed
}

/// The proposals of a case: for every relevant question with a `default` and nothing recorded,
/// the default to show pre-filled and unconfirmed, in interview order. A proposal is never an
/// answer: it becomes one only when the interviewer confirms it (saving it like any answer).
pub fn proposals<'d>(def: &'d FormDef, answers: &Answers) -> Vec<(AnswerPath, &'d Value)> {
    let ev = Evaluator::new(def, answers);
    let mut out = Vec::new();
    for_each_slot(def, answers, |q, path| {
        if let Some(d) = q.default_answer() {
            if answers.get(&path).is_none() && ev.is_relevant(&path) {
                out.push((path, d.value()));
            }
        }
    });
    out
}

/// Recomputes every calculated value (`calculate` items and read-only questions with a
/// `calculation`) from the other answers, in form order, and stores it in `answers` as an
/// answer; a calculation that is not relevant or gives no value (a missing input, a division
/// by zero, a date computed from a partial date) leaves nothing recorded. Counted repeats are
/// fitted to their counts first and again after (a count may use a calculated value). Returns
/// whether anything changed. The core calls this on every save and import, so a stored
/// calculated value and a counted repeat always follow their inputs.
pub fn calculate(def: &FormDef, answers: &mut Answers) -> bool {
    let mut changed = false;
    for _ in 0..4 {
        let fitted = fit_repeat_counts(def, answers);
        let computed = calculate_values(def, answers);
        changed |= fitted || computed;
        if !fitted && !computed {
            break;
        }
    }
    changed
}

fn calculate_values(def: &FormDef, answers: &mut Answers) -> bool {
    let mut slots: Vec<(&Question, AnswerPath)> = Vec::new();
    for_each_slot(def, answers, |q, path| {
        if q.calculation().is_some() {
            slots.push((q, path));
        }
    });
    let mut changed = false;
    for (q, path) in slots {
        let Some(expr) = q.calculation() else {
            continue;
        };
        let next = {
            let ev = Evaluator::new(def, answers);
            if ev.is_relevant(&path) {
                ev.computed(expr, &path, q.kind().value_kind())
            } else {
                None
            }
        };
        let next = next.map(Answer::Value);
        if answers.get(&path) != next.as_ref() {
            changed = true;
            match next {
                Some(a) => {
                    answers.set(path, a);
                }
                None => {
                    answers.remove(&path);
                }
            }
        }
    }
    changed
}

/// Answered, required and relevant counts per section, in section order.
pub fn progress(def: &FormDef, answers: &Answers) -> Vec<SectionProgress> {
    let ev = Evaluator::new(def, answers);
    let mut out: Vec<SectionProgress> = def
        .sections()
        .iter()
        .map(|s| SectionProgress {
            section: s.name().to_owned(),
            relevant: 0,
            answered: 0,
            required: 0,
            required_answered: 0,
        })
        .collect();
    for_each_slot(def, answers, |question, path| {
        // a computed value is nobody's answer to give
        if question.read_only() || !ev.is_relevant(&path) {
            return;
        }
        let Some(p) = out.get_mut(question.section_index()) else {
            return;
        };
        let recorded = answers.get(&path).is_some_and(Answer::is_recorded);
        p.relevant += 1;
        p.answered += u32::from(recorded);
        if ev.is_required(question, &path) {
            p.required += 1;
            p.required_answered += u32::from(recorded);
        }
    });
    out
}

/// Why `value` does not fit `question`, if it does not.
fn type_problem(def: &FormDef, question: &Question, value: &Value) -> Option<ProblemCode> {
    if question.kind().value_kind() != value.kind() {
        return Some(ProblemCode::WrongType);
    }
    let in_list = |list: &str, c: &str| def.choice_list(list).is_some_and(|l| l.contains(c));
    match (question.kind(), value) {
        (QuestionType::SelectOne { list }, Value::Choice(c)) if !c.is_empty() => {
            (!in_list(list, c)).then_some(ProblemCode::UnknownChoice)
        }
        (QuestionType::SelectMany { list }, Value::Choices(cs)) => {
            if cs.iter().any(|c| !in_list(list, c)) {
                Some(ProblemCode::UnknownChoice)
            } else if cs.iter().enumerate().any(|(i, c)| cs[..i].contains(c)) {
                Some(ProblemCode::DuplicateChoice)
            } else {
                None
            }
        }
        (QuestionType::Date { precisions, time }, Value::Date(d)) => {
            let bad = !precisions.contains(&d.precision().kind()) || (d.time().is_some() && !time);
            bad.then_some(ProblemCode::DatePrecisionNotAllowed)
        }
        // built in code without `Value::decimal`: only the canonical text is a decimal
        (QuestionType::Decimal, Value::Decimal(s)) if !s.is_empty() => {
            (crate::decimal::canonical_decimal(s).as_deref() != Some(s.as_str()))
                .then_some(ProblemCode::WrongType)
        }
        _ => None,
    }
}

/// The expression value of a stored value (missing when empty or of the wrong type).
fn to_val<'a>(def: &FormDef, kind: &QuestionType, value: &'a Value) -> Val<'a> {
    if value.is_empty() || type_mismatch(def, kind, value) {
        return Val::Missing;
    }
    match value {
        Value::Text(s)
        | Value::Choice(s)
        | Value::PersonRef(s)
        | Value::PlaceRef(s)
        | Value::Attachment(s) => Val::Text(std::borrow::Cow::Borrowed(s)),
        Value::Integer(i) => Val::Int(*i),
        Value::Decimal(s) => match crate::decimal::parse_decimal(s) {
            Some(d) => Val::Dec(d),
            None => Val::Missing,
        },
        Value::Date(d) => Val::Date(d.day_range()),
        Value::Choices(v) => Val::Choices(v),
        Value::YesNo(b) => Val::Bool(*b),
    }
}

fn type_mismatch(def: &FormDef, kind: &QuestionType, value: &Value) -> bool {
    if kind.value_kind() != value.kind() {
        return true;
    }
    let in_list = |list: &str, c: &str| def.choice_list(list).is_some_and(|l| l.contains(c));
    match (kind, value) {
        (QuestionType::SelectOne { list }, Value::Choice(c)) => !in_list(list, c),
        (QuestionType::SelectMany { list }, Value::Choices(cs)) => {
            cs.iter().any(|c| !in_list(list, c))
        }
        _ => false,
    }
}

/// Calls `f` for every answer slot (each question in each existing repeat instance), in
/// interview order. Returns the repeat container where the slot budget ran out, if it did.
fn for_each_slot<'a>(
    def: &'a FormDef,
    answers: &Answers,
    mut f: impl FnMut(&'a Question, AnswerPath),
) -> Option<AnswerPath> {
    struct Walk<'w, F> {
        answers: &'w Answers,
        f: F,
        budget: usize,
        overflow: Option<AnswerPath>,
    }
    fn walk<'a, F: FnMut(&'a Question, AnswerPath)>(
        w: &mut Walk<'_, F>,
        items: &'a [Item],
        prefix: &mut Vec<Segment>,
    ) {
        for item in items {
            if w.overflow.is_some() {
                return;
            }
            match item {
                Item::Question(q) => {
                    if w.budget == 0 {
                        let mut segs = prefix.clone();
                        segs.push(Segment::plain(q.name()));
                        w.overflow = AnswerPath::from_segments(segs).container();
                        return;
                    }
                    w.budget -= 1;
                    let mut segs = prefix.clone();
                    segs.push(Segment::plain(q.name()));
                    (w.f)(q, AnswerPath::from_segments(segs));
                }
                Item::Repeat(r) => {
                    let mut segs = prefix.clone();
                    segs.push(Segment::plain(r.name()));
                    let container = AnswerPath::from_segments(segs);
                    let n = w.answers.repeat_count(&container).min(MAX_REPEAT_INSTANCES);
                    for i in 0..n {
                        prefix.push(Segment::indexed(r.name(), i));
                        walk(w, r.items(), prefix);
                        prefix.pop();
                    }
                }
                Item::Note(_) => {}
            }
        }
    }
    let mut w = Walk {
        answers,
        f: &mut f,
        budget: MAX_SLOTS,
        overflow: None,
    };
    for section in def.sections() {
        walk(&mut w, section.items(), &mut Vec::new());
    }
    w.overflow
}

/// Evaluates relevance and expressions over one set of answers, memoising relevance.
pub(crate) struct Evaluator<'a> {
    def: &'a FormDef,
    answers: &'a Answers,
    relevant: RefCell<HashMap<AnswerPath, bool>>,
    sections: RefCell<HashMap<usize, bool>>,
    depth: Cell<usize>,
}

/// Recursion guard, well above what a loaded definition allows (its chains are checked at
/// load time); reaching it means "not relevant" rather than a stack overflow.
const MAX_EVAL_DEPTH: usize = 4 * MAX_RELEVANCE_CHAIN + 8;

impl<'a> Evaluator<'a> {
    pub(crate) fn new(def: &'a FormDef, answers: &'a Answers) -> Evaluator<'a> {
        Evaluator {
            def,
            answers,
            relevant: RefCell::new(HashMap::new()),
            sections: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
        }
    }

    /// Whether every repeat instance along `path` exists.
    pub(crate) fn instance_exists(&self, path: &AnswerPath) -> bool {
        let segs = path.segments();
        for (i, seg) in segs.iter().enumerate() {
            let Some(index) = seg.index() else {
                continue;
            };
            let mut container: Vec<Segment> = segs[..i].to_vec();
            container.push(Segment::plain(seg.name()));
            let count = self
                .answers
                .repeat_count(&AnswerPath::from_segments(container))
                .min(MAX_REPEAT_INSTANCES);
            if index >= count {
                return false;
            }
        }
        true
    }

    pub(crate) fn is_relevant(&self, path: &AnswerPath) -> bool {
        if let Some(known) = self.relevant.borrow().get(path) {
            return *known;
        }
        if self.depth.get() > MAX_EVAL_DEPTH {
            return false;
        }
        self.depth.set(self.depth.get() + 1);
        let result = self.compute_relevant(path);
        self.depth.set(self.depth.get().saturating_sub(1));
        self.relevant.borrow_mut().insert(path.clone(), result);
        result
    }

    fn compute_relevant(&self, path: &AnswerPath) -> bool {
        let Some(item) = self.def.item(&path.question_path()) else {
            return false;
        };
        if !self.instance_exists(path) {
            return false;
        }
        let enclosing = match path.container() {
            Some(container) => self.is_relevant(&container),
            None => self.section_relevant(item.section_index()),
        };
        enclosing
            && match item.relevant() {
                None => true,
                Some(e) => self.condition(e, path, Val::Missing) == Some(true),
            }
    }

    fn section_relevant(&self, index: usize) -> bool {
        if let Some(known) = self.sections.borrow().get(&index) {
            return *known;
        }
        let result = match self.def.sections().get(index) {
            None => false,
            Some(s) => match s.relevant() {
                None => true,
                Some(e) => {
                    let ctx = Ctx {
                        ev: self,
                        prefix: &[],
                        current: Val::Missing,
                    };
                    eval_condition(e.node(), &ctx) == Some(true)
                }
            },
        };
        self.sections.borrow_mut().insert(index, result);
        result
    }

    pub(crate) fn is_required(&self, question: &'a Question, path: &AnswerPath) -> bool {
        match question.required() {
            Required::No => false,
            Required::Yes => true,
            Required::When(e) => self.condition(e, path, Val::Missing) == Some(true),
        }
    }

    /// Evaluates `e` for the slot at `path` (references resolve in its repeat instances).
    pub(crate) fn condition(
        &self,
        e: &'a Expression,
        path: &AnswerPath,
        current: Val<'a>,
    ) -> Option<bool> {
        if self.depth.get() > MAX_EVAL_DEPTH {
            return None;
        }
        let segs = path.segments();
        let prefix = &segs[..segs.len().saturating_sub(1)];
        let ctx = Ctx {
            ev: self,
            prefix,
            current,
        };
        eval_condition(e.node(), &ctx)
    }

    /// The value of a calculation for the slot at `path`, as a stored value of `kind`; `None`
    /// when it is unknown (a missing input, a division by zero, …).
    pub(crate) fn computed(
        &self,
        e: &'a Expression,
        path: &AnswerPath,
        kind: ValueKind,
    ) -> Option<Value> {
        if self.depth.get() > MAX_EVAL_DEPTH {
            return None;
        }
        // a computed choice must be a name in the question's list
        let list = self
            .def
            .question(&path.question_path())
            .and_then(|q| match q.kind() {
                QuestionType::SelectOne { list } => Some(list.as_str()),
                QuestionType::Calculate { list, .. } => list.as_deref(),
                _ => None,
            })
            .and_then(|l| self.def.choice_list(l));
        let choice_ok = |s: &str| list.is_some_and(|l| l.contains(s));
        let segs = path.segments();
        let prefix = &segs[..segs.len().saturating_sub(1)];
        let ctx = Ctx {
            ev: self,
            prefix,
            current: Val::Missing,
        };
        let dec = |d: rust_decimal::Decimal| Value::Decimal(crate::decimal::decimal_text(d));
        match (kind, eval_value(e.node(), &ctx)) {
            (ValueKind::Integer, Val::Int(i)) => Some(Value::Integer(i)),
            (ValueKind::Decimal, Val::Int(i)) => Some(dec(rust_decimal::Decimal::from(i))),
            (ValueKind::Decimal, Val::Dec(d)) => Some(dec(d)),
            (ValueKind::YesNo, Val::Bool(b)) => Some(Value::YesNo(b)),
            (ValueKind::Text, Val::Text(s)) if !s.trim().is_empty() => {
                Some(Value::Text(s.into_owned()))
            }
            (ValueKind::Text, Val::Int(i)) => Some(Value::Text(i.to_string())),
            (ValueKind::Text, Val::Dec(d)) => Some(Value::Text(crate::decimal::decimal_text(d))),
            // a computed date is a day or nothing: a date worked out from a partial one
            // (a month, a season) would state a day nobody gave
            (ValueKind::Date, Val::Date(r)) => r.exact_date().map(Value::Date),
            (ValueKind::Choice, Val::Text(s)) if choice_ok(s.as_ref()) => {
                Some(Value::Choice(s.into_owned()))
            }
            _ => None,
        }
    }

    /// The choices of `list` that `filter` offers for the slot at `path`. An unanswered or
    /// non-relevant referenced question compares as empty text (as in ODK).
    pub(crate) fn offered<'d>(
        &self,
        filter: &ChoiceFilter,
        list: &'d ChoiceList,
        path: &AnswerPath,
    ) -> Vec<&'d str> {
        let segs = path.segments();
        let ctx = Ctx {
            ev: self,
            prefix: &segs[..segs.len().saturating_sub(1)],
            current: Val::Missing,
        };
        let wanted: Vec<(&str, String)> = filter
            .terms
            .iter()
            .map(|t| {
                let v = match ctx.value(&t.target) {
                    Val::Text(s) => s.into_owned(),
                    _ => String::new(),
                };
                (t.column.as_str(), v)
            })
            .collect();
        list.choices()
            .iter()
            .filter(|c| {
                wanted
                    .iter()
                    .all(|(col, v)| c.property(col).unwrap_or("") == v)
            })
            .map(|c| c.name())
            .collect()
    }

    fn value_at(&self, path: &AnswerPath) -> Val<'a> {
        let Some(question) = self.def.question(&path.question_path()) else {
            return Val::Missing;
        };
        if !self.is_relevant(path) {
            return Val::Missing;
        }
        match self.answers.get(path) {
            Some(Answer::Value(v)) => to_val(self.def, question.kind(), v),
            _ => Val::Missing,
        }
    }
}

/// The evaluation context of one slot: its enclosing repeat instances and `.`.
struct Ctx<'e, 'a> {
    ev: &'e Evaluator<'a>,
    prefix: &'e [Segment],
    current: Val<'a>,
}

impl Ctx<'_, '_> {
    /// The answer path of `target` seen from this context: the same instances of the
    /// enclosing repeats the target shares with the context.
    fn resolve(&self, target: &Target) -> Option<AnswerPath> {
        let names = target.path.segments();
        let (last, outer) = names.split_last()?;
        if outer.len() > self.prefix.len() {
            return None;
        }
        let mut segs = Vec::with_capacity(names.len());
        for (name, seg) in outer.iter().zip(self.prefix) {
            if seg.name() != name {
                return None;
            }
            segs.push(seg.clone());
        }
        segs.push(Segment::plain(last));
        Some(AnswerPath::from_segments(segs))
    }
}

impl<'a> Env<'a> for Ctx<'_, 'a> {
    fn value(&self, target: &Target) -> Val<'a> {
        match self.resolve(target) {
            Some(path) => self.ev.value_at(&path),
            None => Val::Missing,
        }
    }

    fn current(&self) -> Val<'a> {
        self.current.clone()
    }

    fn repeat_count(&self, target: &Target) -> i64 {
        match self.resolve(target) {
            Some(container) if self.ev.is_relevant(&container) => i64::from(
                self.ev
                    .answers
                    .repeat_count(&container)
                    .min(MAX_REPEAT_INSTANCES),
            ),
            _ => 0,
        }
    }
}
