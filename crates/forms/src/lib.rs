//! Waystone form engine: versioned interview definitions with XLSForm semantics, answers,
//! validation, skip logic and progress. Pure: no vault, no I/O, no Tauri.
//!
//! What lives where:
//! - [`def`] — the checked model of a form version ([`FormDef`], sections, questions,
//!   repeats, choice lists, labels, sensitivity) and definition errors;
//! - [`load`](mod@load) — the definition file format: JSON → `FormDef`, every problem reported;
//! - [`expr`] — the expression language of `relevant`, `required` and `constraint`;
//! - [`answer`] — answers ([`Value`], [`Answer`], [`Answers`]) and their stable JSON shape;
//! - [`decimal`] — decimal answers: accepted text and its canonical form;
//! - [`date`] — partial dates ([`PartialDate`]) and the ranges they stand for;
//! - [`path`] — [`QuestionPath`] and [`AnswerPath`];
//! - [`validate`](mod@validate) — [`validate()`], [`is_relevant`], [`is_required`],
//!   [`progress`];
//! - [`builtin`](mod@builtin) — the embedded definitions from `forms/`;
//! - [`write`] — a definition back to its canonical JSON (the inverse of `load`);
//! - [`xlsform`] — XLSForm workbooks (`.xlsx`/`.ods`/`.xls`) imported into and exported from
//!   definitions, every unsupported feature refused at its row (`docs/xlsform.md`).
//!
//! The definition format and the expression language are documented for form authors in
//! `forms/README.md`, with recipes for adding a question, a choice list and a form version.
//!
//! Architecture invariants:
//! - Nothing in this crate prints, logs or puts in an error the content of an answer: `Debug`
//!   on [`Value`], [`Answer`], [`Answers`] and [`PartialDate`] shows kinds, paths and counts,
//!   and [`Problem`]s carry paths, codes and definition text only.
//! - No input makes this crate panic: definitions, answers and paths are untrusted, and
//!   recursion is bounded by load-time limits.
//! - A loaded [`FormDef`] is fully checked; later code never re-checks references.
//!
//! Recipe — use it:
//! ```
//! use waystone_forms::{latest_intake, validate, Answer, AnswerPath, Answers, Value};
//! let form = latest_intake();
//! let mut answers = Answers::new();
//! if let Ok(path) = AnswerPath::parse("consent_documentation") {
//!     answers.set(path, Answer::Value(Value::YesNo(true)));
//! }
//! let problems = validate(&form, &answers);
//! assert!(problems.iter().all(|p| p.code.as_str() != "wrong_type"));
//! ```

pub mod answer;
pub mod builtin;
pub mod date;
pub mod decimal;
pub mod def;
pub mod expr;
mod filter;
pub mod load;
pub mod path;
pub mod validate;
pub mod write;
pub mod xlsform;

pub use answer::{Answer, Answers, AnswersJsonError, Value, ValueKind, MAX_REPEAT_INSTANCES};
pub use builtin::{
    builtin, builtin_form_errors, builtin_forms, latest_builtin, latest_intake, INTAKE_ID,
};
pub use date::{DateError, DatePrecision, PartialDate, PrecisionKind, Season, TimeOfDay};
pub use decimal::{canonical_decimal, MAX_DECIMAL_CHARS};
pub use def::{
    Choice, ChoiceFilter, ChoiceList, Constraint, DefaultAnswer, DefinitionError, DefinitionErrors,
    FormDef, Item, Labels, Note, Question, QuestionType, Repeat, Required, Section, Sensitivity,
};
pub use expr::{ExprError, Expression};
pub use load::{FORMAT_VERSION, MAX_RELEVANCE_CHAIN, MAX_REPEAT_DEPTH};
pub use path::{AnswerPath, PathError, QuestionPath, Segment};
pub use validate::{
    calculate, expected_repeat_count, fit_repeat_counts, is_relevant, is_required, offered_choices,
    progress, proposals, validate, Problem, ProblemCode, SectionProgress, Severity,
};
pub use write::to_definition_json;
pub use xlsform::{export_xlsform, import_xlsform, Imported, XlsFormErrors, XlsFormProblem};
