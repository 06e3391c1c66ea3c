//! Form definitions: the loaded, checked model of one version of one form.
//!
//! This module owns [`FormDef`] and everything it is made of — sections, questions, repeats,
//! choice lists, per-language [`Labels`], [`Sensitivity`] — and the definition error types.
//! Loading (JSON → `FormDef`, collecting every problem) lives in [`crate::load`]; the file
//! format is documented in `forms/README.md`.
//!
//! A `FormDef` is immutable and fully checked: every reference in every expression resolves,
//! every select question names an existing choice list, every label exists in every declared
//! language, and relevance conditions form no cycle. Code that receives a `FormDef` can rely
//! on that.
//!
//! Recipe — add a question attribute: add the field to [`Question`] with an accessor, read
//! and check it in `load.rs` (add its key to the allowed keys there), document it in
//! `forms/README.md`, and add a malformed-definition test for it.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::answer::ValueKind;
use crate::date::PrecisionKind;
use crate::expr::{Expression, Ty};
use crate::path::QuestionPath;

/// Text in each of a form's languages (`label::en`, `label::ru`, …). Definition text, never
/// case content. Serialized as a map from language code to text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Labels(BTreeMap<String, String>);

impl Labels {
    pub(crate) fn new(map: BTreeMap<String, String>) -> Labels {
        Labels(map)
    }

    /// The text in `language`, if the form declares it.
    pub fn get(&self, language: &str) -> Option<&str> {
        self.0.get(language).map(String::as_str)
    }

    /// `(language, text)` pairs, in language order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// How sensitive a question's answer is; the redaction, export and role code decide from this
/// who may see or export it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Facts that identify no one by themselves (dates of consent, choices of procedure).
    Normal,
    /// Identifies a person: names, birth date, documents, gender identity, contacts of
    /// third parties.
    Identity,
    /// Could get someone hurt if it leaked: current whereabouts, safe contacts, routes, sexual
    /// orientation.
    HighRisk,
    /// The survivor's account of what happened: events, treatment, perpetrators.
    Testimony,
    /// The organisation's own notes; never exported (`export` must be false).
    Internal,
}

impl Sensitivity {
    /// The name used in definitions.
    pub fn as_str(&self) -> &'static str {
        match self {
            Sensitivity::Normal => "normal",
            Sensitivity::Identity => "identity",
            Sensitivity::HighRisk => "high_risk",
            Sensitivity::Testimony => "testimony",
            Sensitivity::Internal => "internal",
        }
    }

    pub(crate) fn from_name(s: &str) -> Option<Sensitivity> {
        [
            Sensitivity::Normal,
            Sensitivity::Identity,
            Sensitivity::HighRisk,
            Sensitivity::Testimony,
            Sensitivity::Internal,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// One choice of a choice list.
#[derive(Debug, Clone)]
pub struct Choice {
    pub(crate) name: String,
    pub(crate) label: Labels,
    /// Extra columns of the choice (XLSForm's `choices` sheet beyond name and label: the
    /// `country` of a city), read by choice filters. Definition text.
    pub(crate) properties: BTreeMap<String, String>,
}

impl Choice {
    /// The stable name stored in answers.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the interviewer sees.
    pub fn label(&self) -> &Labels {
        &self.label
    }

    /// The value of an extra column (`country`), if the choice has it.
    pub fn property(&self, column: &str) -> Option<&str> {
        self.properties.get(column).map(String::as_str)
    }

    /// Every extra column and its value, in column order.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.properties
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// A cascading select's filter (XLSForm's `choice_filter`): the choices offered are those whose
/// extra column equals an earlier answer, for every term (`country = ${country} and …`).
#[derive(Debug, Clone)]
pub struct ChoiceFilter {
    pub(crate) source: String,
    pub(crate) terms: Vec<FilterTerm>,
}

/// One `column = ${question}` of a [`ChoiceFilter`].
#[derive(Debug, Clone)]
pub struct FilterTerm {
    pub(crate) column: String,
    pub(crate) target: crate::expr::Target,
}

impl ChoiceFilter {
    /// The source text, as written in the definition (`country = ${country}`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// `(column, referenced question's definition path)` of each term.
    pub fn terms(&self) -> impl Iterator<Item = (&str, &QuestionPath)> {
        self.terms
            .iter()
            .map(|t| (t.column.as_str(), &t.target.path))
    }
}

/// A named list of choices, shared by any number of select questions.
#[derive(Debug, Clone)]
pub struct ChoiceList {
    pub(crate) name: String,
    pub(crate) choices: Vec<Choice>,
}

impl ChoiceList {
    /// The list name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The choices, in display order.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// The choice called `name`.
    pub fn get(&self, name: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.name == name)
    }

    /// Whether the list has a choice called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionType {
    /// A line of text (`text`).
    Text,
    /// Free text over several lines (`long_text`).
    LongText,
    /// A whole number (`integer`).
    Integer,
    /// A decimal number (`decimal`), stored as exact canonical text.
    Decimal,
    /// A date with one of the allowed precisions, optionally with a time of day (`date`).
    Date {
        /// The precisions the interviewer may choose from.
        precisions: Vec<PrecisionKind>,
        /// Whether an exact date may carry a time of day.
        time: bool,
    },
    /// One choice from a list (`select_one`).
    SelectOne {
        /// The choice list name.
        list: String,
    },
    /// Any number of choices from a list (`select_many`).
    SelectMany {
        /// The choice list name.
        list: String,
    },
    /// Yes or no (`yes_no`).
    YesNo,
    /// A person in the cross-case registry (`person_ref`).
    PersonRef,
    /// A place in the cross-case registry (`place_ref`).
    PlaceRef,
    /// An encrypted attachment (`attachment`).
    Attachment,
    /// A value computed from earlier answers by its `calculation` (XLSForm's `calculate`):
    /// no input of its own; `result` is the kind of value the calculation gives (integer,
    /// decimal, text, yes/no, an exact date, or a choice of `list`), found by type checking it.
    Calculate {
        /// The kind of the computed value.
        result: ValueKind,
        /// For a calculation giving a choice (`${country}`, `if(…, ${a}, ${b})` over one list):
        /// the list.
        list: Option<String>,
    },
}

impl QuestionType {
    /// The type name used in definitions.
    pub fn as_str(&self) -> &'static str {
        match self {
            QuestionType::Text => "text",
            QuestionType::LongText => "long_text",
            QuestionType::Integer => "integer",
            QuestionType::Decimal => "decimal",
            QuestionType::Date { .. } => "date",
            QuestionType::SelectOne { .. } => "select_one",
            QuestionType::SelectMany { .. } => "select_many",
            QuestionType::YesNo => "yes_no",
            QuestionType::PersonRef => "person_ref",
            QuestionType::PlaceRef => "place_ref",
            QuestionType::Attachment => "attachment",
            QuestionType::Calculate { .. } => "calculate",
        }
    }

    /// The kind of [`Value`](crate::Value) an answer must have.
    pub fn value_kind(&self) -> ValueKind {
        match self {
            QuestionType::Text | QuestionType::LongText => ValueKind::Text,
            QuestionType::Integer => ValueKind::Integer,
            QuestionType::Decimal => ValueKind::Decimal,
            QuestionType::Date { .. } => ValueKind::Date,
            QuestionType::SelectOne { .. } => ValueKind::Choice,
            QuestionType::SelectMany { .. } => ValueKind::Choices,
            QuestionType::YesNo => ValueKind::YesNo,
            QuestionType::PersonRef => ValueKind::PersonRef,
            QuestionType::PlaceRef => ValueKind::PlaceRef,
            QuestionType::Attachment => ValueKind::Attachment,
            QuestionType::Calculate { result, .. } => *result,
        }
    }

    /// The choice list of a select question.
    pub fn choice_list(&self) -> Option<&str> {
        match self {
            QuestionType::SelectOne { list } | QuestionType::SelectMany { list } => Some(list),
            _ => None,
        }
    }

    /// The type of this question's value in expressions.
    pub(crate) fn expr_type(&self) -> Ty {
        match self {
            QuestionType::Text
            | QuestionType::LongText
            | QuestionType::PersonRef
            | QuestionType::PlaceRef
            | QuestionType::Attachment => Ty::Text,
            QuestionType::Integer => Ty::Int,
            QuestionType::Decimal => Ty::Dec,
            QuestionType::Date { .. } => Ty::Date,
            QuestionType::SelectOne { list } => Ty::Choice(list.clone()),
            QuestionType::SelectMany { list } => Ty::Choices(list.clone()),
            QuestionType::YesNo => Ty::Bool,
            QuestionType::Calculate { result, list } => match (result, list) {
                (ValueKind::Integer, _) => Ty::Int,
                (ValueKind::Decimal, _) => Ty::Dec,
                (ValueKind::YesNo, _) => Ty::Bool,
                (ValueKind::Date, _) => Ty::Date,
                (ValueKind::Choice, Some(l)) => Ty::Choice(l.clone()),
                _ => Ty::Text,
            },
        }
    }
}

/// Whether a question must be answered (by a value or by declined / don't know / not asked)
/// when it is relevant.
#[derive(Debug, Clone)]
pub enum Required {
    /// Optional.
    No,
    /// Always required when relevant.
    Yes,
    /// Required when the condition is true (unknown counts as false).
    When(Expression),
}

/// A condition a given value must meet, and what to tell the interviewer when it does not.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub(crate) expression: Expression,
    pub(crate) message: Labels,
}

impl Constraint {
    /// The condition; `.` is the value being checked.
    pub fn expression(&self) -> &Expression {
        &self.expression
    }

    /// The message shown when the condition is false.
    pub fn message(&self) -> &Labels {
        &self.message
    }
}

/// One question.
#[derive(Debug, Clone)]
pub struct Question {
    pub(crate) name: String,
    pub(crate) path: QuestionPath,
    pub(crate) section: usize,
    pub(crate) kind: QuestionType,
    pub(crate) label: Labels,
    pub(crate) hint: Option<Labels>,
    pub(crate) required: Required,
    pub(crate) relevant: Option<Expression>,
    pub(crate) constraint: Option<Box<Constraint>>,
    /// For select questions: which choices are offered, given earlier answers.
    pub(crate) choice_filter: Option<Box<ChoiceFilter>>,
    pub(crate) sensitivity: Sensitivity,
    pub(crate) export: bool,
    pub(crate) third_party: bool,
    /// The value, computed from earlier answers (a `calculate` item, or a read-only question
    /// that shows a computed value).
    pub(crate) calculation: Option<Box<Expression>>,
    /// Shown but not editable by the interviewer (only with a calculation).
    pub(crate) read_only: bool,
    /// A literal proposal (XLSForm's `default`): shown pre-filled and unconfirmed, recorded
    /// only when the interviewer confirms it.
    pub(crate) default: Option<Box<DefaultAnswer>>,
}

/// A question's default (XLSForm's `default` column): a *proposal* the interviewer confirms,
/// never an answer by itself. Until confirmed the question is unanswered everywhere —
/// validation, progress, documents and exports — so a document never states what the
/// survivor did not say. Only literal values (no expressions).
#[derive(Debug, Clone)]
pub struct DefaultAnswer {
    pub(crate) source: String,
    pub(crate) value: crate::answer::Value,
}

impl DefaultAnswer {
    /// The text as written in the definition (`3`, `2024-05-01`, `yes`, `ru en`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The value it proposes, of the question's kind.
    pub fn value(&self) -> &crate::answer::Value {
        &self.value
    }
}

impl Question {
    /// How its value is computed, when it is computed rather than asked.
    pub fn calculation(&self) -> Option<&Expression> {
        self.calculation.as_deref()
    }

    /// Whether the interviewer may not edit it: a calculated value. Always true for a
    /// `calculate` item and for a question with a calculation.
    pub fn read_only(&self) -> bool {
        self.read_only || self.calculation.is_some()
    }

    /// The proposal shown until the interviewer confirms it (never a recorded answer).
    pub fn default_answer(&self) -> Option<&DefaultAnswer> {
        self.default.as_deref()
    }

    /// Whether it is a `calculate` item: computed, with no input of its own in the interview.
    pub fn is_calculate(&self) -> bool {
        matches!(self.kind, QuestionType::Calculate { .. })
    }

    /// The name (unique in its scope).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The definition path (`episodes.treatment.methods`).
    pub fn path(&self) -> &QuestionPath {
        &self.path
    }

    /// The index of the section it belongs to.
    pub fn section_index(&self) -> usize {
        self.section
    }

    /// What kind of answer it takes.
    pub fn kind(&self) -> &QuestionType {
        &self.kind
    }

    /// The question text.
    pub fn label(&self) -> &Labels {
        &self.label
    }

    /// Guidance for the interviewer.
    pub fn hint(&self) -> Option<&Labels> {
        self.hint.as_ref()
    }

    /// Whether it must be answered.
    pub fn required(&self) -> &Required {
        &self.required
    }

    /// When it is asked (absent: always, if its section and repeats are relevant).
    pub fn relevant(&self) -> Option<&Expression> {
        self.relevant.as_ref()
    }

    /// The condition on its value.
    pub fn constraint(&self) -> Option<&Constraint> {
        self.constraint.as_deref()
    }

    /// The choice filter of a cascading select.
    pub fn choice_filter(&self) -> Option<&ChoiceFilter> {
        self.choice_filter.as_deref()
    }

    /// How sensitive its answer is.
    pub fn sensitivity(&self) -> Sensitivity {
        self.sensitivity
    }

    /// Whether its answer may ever leave the vault (subject to consent, role and redaction).
    /// `false` means never.
    pub fn export(&self) -> bool {
        self.export
    }

    /// Whether it is about a third party who has not consented (inside a repeat marked
    /// `third_party`).
    pub fn third_party(&self) -> bool {
        self.third_party
    }
}

/// A repeat group: a set of items asked once per instance (each detention episode, each
/// perpetrator …). Repeats nest.
#[derive(Debug, Clone)]
pub struct Repeat {
    pub(crate) name: String,
    pub(crate) path: QuestionPath,
    pub(crate) section: usize,
    pub(crate) label: Labels,
    pub(crate) hint: Option<Labels>,
    pub(crate) relevant: Option<Expression>,
    pub(crate) third_party: bool,
    /// XLSForm's `repeat_count`: how many instances there are, a whole number computed from
    /// earlier answers (or a constant). `None`: the interviewer adds each instance.
    pub(crate) count: Option<Box<Expression>>,
    pub(crate) items: Vec<Item>,
}

impl Repeat {
    /// The expression fixing the number of instances (`${children_count}`, `3`), if the
    /// instances are counted rather than added by hand. The interview shows that many; when
    /// the count grows instances are added, and when it shrinks below instances holding
    /// answers those stay and are flagged (`beyond_repeat_count`), never deleted.
    pub fn count(&self) -> Option<&Expression> {
        self.count.as_deref()
    }

    /// The name (unique in its scope).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The definition path (`episodes.treatment`).
    pub fn path(&self) -> &QuestionPath {
        &self.path
    }

    /// The index of the section it belongs to.
    pub fn section_index(&self) -> usize {
        self.section
    }

    /// What one instance is called.
    pub fn label(&self) -> &Labels {
        &self.label
    }

    /// Guidance for the interviewer.
    pub fn hint(&self) -> Option<&Labels> {
        self.hint.as_ref()
    }

    /// When instances may be added (evaluated in the enclosing scope).
    pub fn relevant(&self) -> Option<&Expression> {
        self.relevant.as_ref()
    }

    /// Whether its instances describe third parties who have not consented.
    pub fn third_party(&self) -> bool {
        self.third_party
    }

    /// The items of each instance.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
}

/// Text shown to the interviewer between questions (XLSForm's `note`): a heading, a
/// reminder, a warning before a hard section. It takes no answer, so it counts for nothing in
/// progress or validation, and no expression may refer to it.
#[derive(Debug, Clone)]
pub struct Note {
    pub(crate) name: String,
    pub(crate) path: QuestionPath,
    pub(crate) section: usize,
    pub(crate) label: Labels,
    pub(crate) hint: Option<Labels>,
    pub(crate) relevant: Option<Expression>,
}

impl Note {
    /// The name (unique in its scope, like a question's).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The definition path.
    pub fn path(&self) -> &QuestionPath {
        &self.path
    }

    /// The text shown.
    pub fn label(&self) -> &Labels {
        &self.label
    }

    /// Smaller text under it.
    pub fn hint(&self) -> Option<&Labels> {
        self.hint.as_ref()
    }

    /// When it is shown.
    pub fn relevant(&self) -> Option<&Expression> {
        self.relevant.as_ref()
    }
}

/// A question, a repeat or a note.
#[derive(Debug, Clone)]
pub enum Item {
    /// A question.
    Question(Question),
    /// A repeat group.
    Repeat(Repeat),
    /// Display-only text.
    Note(Note),
}

impl Item {
    /// The name.
    pub fn name(&self) -> &str {
        match self {
            Item::Question(q) => &q.name,
            Item::Repeat(r) => &r.name,
            Item::Note(n) => &n.name,
        }
    }

    /// The definition path.
    pub fn path(&self) -> &QuestionPath {
        match self {
            Item::Question(q) => &q.path,
            Item::Repeat(r) => &r.path,
            Item::Note(n) => &n.path,
        }
    }

    /// The relevance condition.
    pub fn relevant(&self) -> Option<&Expression> {
        match self {
            Item::Question(q) => q.relevant.as_ref(),
            Item::Repeat(r) => r.relevant.as_ref(),
            Item::Note(n) => n.relevant.as_ref(),
        }
    }

    /// The section index.
    pub fn section_index(&self) -> usize {
        match self {
            Item::Question(q) => q.section,
            Item::Repeat(r) => r.section,
            Item::Note(n) => n.section,
        }
    }
}

/// A section of the interview (consent, survivor, episodes …). Sections are not part of
/// answer paths.
#[derive(Debug, Clone)]
pub struct Section {
    pub(crate) name: String,
    pub(crate) label: Labels,
    pub(crate) hint: Option<Labels>,
    pub(crate) relevant: Option<Expression>,
    pub(crate) items: Vec<Item>,
}

impl Section {
    /// The name (unique among sections).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The heading.
    pub fn label(&self) -> &Labels {
        &self.label
    }

    /// Guidance for the interviewer.
    pub fn hint(&self) -> Option<&Labels> {
        self.hint.as_ref()
    }

    /// When the section is asked (top-level scope).
    pub fn relevant(&self) -> Option<&Expression> {
        self.relevant.as_ref()
    }

    /// The items, in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
}

/// One version of one form, loaded and checked. Build it with [`FormDef::parse`] or take a
/// built-in one from [`crate::builtin()`] or [`crate::latest_intake`].
#[derive(Debug, Clone)]
pub struct FormDef {
    pub(crate) id: String,
    pub(crate) version: u32,
    pub(crate) languages: Vec<String>,
    pub(crate) title: Labels,
    pub(crate) choice_lists: BTreeMap<String, ChoiceList>,
    pub(crate) sections: Vec<Section>,
    /// Definition path → position: section index, then item indices down the repeats.
    pub(crate) index: BTreeMap<QuestionPath, Vec<usize>>,
}

impl FormDef {
    /// Loads a definition from its JSON text. `source_name` (e.g. `forms/intake/v1.json`) is
    /// used only in error messages. Every problem is reported, each with the file, a
    /// JSON-path-like place and a reason; this never panics, whatever the input.
    pub fn parse(source_name: &str, json: &str) -> Result<FormDef, DefinitionErrors> {
        crate::load::load(source_name, json)
    }

    /// The form id (`intake`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The form version (1, 2, …). Cases record the version they were answered against.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The declared languages, in the order given.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// The form title.
    pub fn title(&self) -> &Labels {
        &self.title
    }

    /// The sections, in interview order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The choice list called `name`.
    pub fn choice_list(&self, name: &str) -> Option<&ChoiceList> {
        self.choice_lists.get(name)
    }

    /// Every choice list, by name.
    pub fn choice_lists(&self) -> impl Iterator<Item = &ChoiceList> {
        self.choice_lists.values()
    }

    /// The question or repeat at `path`.
    pub fn item(&self, path: &QuestionPath) -> Option<&Item> {
        let loc = self.index.get(path)?;
        let (first, rest) = loc.split_first()?;
        let mut items = &self.sections.get(*first)?.items;
        let mut found = None;
        for (depth, i) in rest.iter().enumerate() {
            let item = items.get(*i)?;
            if depth + 1 < rest.len() {
                match item {
                    Item::Repeat(r) => items = &r.items,
                    Item::Question(_) | Item::Note(_) => return None,
                }
            } else {
                found = Some(item);
            }
        }
        found
    }

    /// The question at `path` (`None` for unknown paths and for repeats).
    pub fn question(&self, path: &QuestionPath) -> Option<&Question> {
        match self.item(path)? {
            Item::Question(q) => Some(q),
            Item::Repeat(_) | Item::Note(_) => None,
        }
    }

    /// The repeat at `path`.
    pub fn repeat(&self, path: &QuestionPath) -> Option<&Repeat> {
        match self.item(path)? {
            Item::Repeat(r) => Some(r),
            Item::Question(_) | Item::Note(_) => None,
        }
    }

    /// Every question, depth first in interview order.
    pub fn questions(&self) -> Vec<&Question> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Question>) {
            for item in items {
                match item {
                    Item::Question(q) => out.push(q),
                    Item::Repeat(r) => walk(&r.items, out),
                    Item::Note(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            walk(&s.items, &mut out);
        }
        out
    }

    /// Every repeat, depth first in interview order.
    pub fn repeats(&self) -> Vec<&Repeat> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Repeat>) {
            for item in items {
                if let Item::Repeat(r) = item {
                    out.push(r);
                    walk(&r.items, out);
                }
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            walk(&s.items, &mut out);
        }
        out
    }
}

/// One problem in a definition: the file, the place (a JSON-path-like location such as
/// `$.sections[2].items[4].relevant`) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {place}: {reason}")]
pub struct DefinitionError {
    /// The file (or other source) name given to [`FormDef::parse`].
    pub source_name: String,
    /// Where in the file.
    pub place: String,
    /// What is wrong.
    pub reason: String,
}

/// Every problem found in a definition (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionErrors(pub(crate) Vec<DefinitionError>);

impl DefinitionErrors {
    /// The problems, in the order found.
    pub fn errors(&self) -> &[DefinitionError] {
        &self.0
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false for an error returned by [`FormDef::parse`].
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for DefinitionErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the form definition", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionErrors {}
