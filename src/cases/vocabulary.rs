//! The intake vocabulary: the answer paths of the built-in intake that the case code reads —
//! the legal and asylum documents, the summaries and registry, the board, the status card and
//! the desk. A form that names its questions this way feeds them; the SQL of the stores takes
//! these names from here, never its own copy.
//!
//! [`TERMS`] is the one list of those paths and who reads each; the type, nesting and choice
//! names a path must have come from the built-in intake definition itself, never from a second
//! copy. `tests/intake_vocabulary.rs` holds the list to the code (every intake path named in a
//! string of `src/legal`, `src/cases`, `src/board`, `src/exchange` and `src/desk` is listed
//! with that reader) and docs/intake-vocabulary.md's table to the list.
//!
//! [`check`] tells, for any form definition, which of these paths it provides as the code
//! reads them and which it lacks or names differently (with the reason); the legal export
//! uses it to choose between the structured documents and the generic case summary.
//!
//! Recipe — code starts reading another intake path: add it to [`TERMS`] with its reader, then
//! `UPDATE_EXPECT=1 cargo test --test intake_vocabulary` rewrites the doc's table.

use waystone_forms::{FormDef, Item, QuestionPath, QuestionType};

/// The repeat of perpetrators; its fields name one person.
pub const PERPETRATORS: &str = "perpetrators";
/// A perpetrator's name, call sign, rank and unit.
pub const PERPETRATOR_NAME: &str = "name";
pub const PERPETRATOR_CALL_SIGN: &str = "call_sign";
pub const PERPETRATOR_RANK: &str = "rank";
pub const PERPETRATOR_UNIT: &str = "unit";
/// The repeat of detention episodes.
pub const EPISODES: &str = "episodes";
/// The unit named in an episode.
pub const EPISODE_UNIT: &str = "unit";
/// Where the person was held in an episode (the registry's "site").
pub const EPISODE_SITE: &str = "held_place_details";
/// When an episode began (the dashboard's detentions per month).
pub const APPREHENSION_DATE: &str = "apprehension_date";

/// A part of the code that reads the intake vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reader {
    /// `src/board/`: the coordinators' board, registry and dashboard fields.
    Board,
    /// `src/cases/`: case summaries, search text, the registry's keys.
    Cases,
    /// `src/desk/`: the coordinator's desk.
    Desk,
    /// `src/exchange/`: the status card and its checks.
    Exchange,
    /// `src/legal/`: the ECHR application, the public summary, the asylum letter.
    Legal,
}

impl Reader {
    /// The folder of the code, as docs/intake-vocabulary.md names it.
    pub fn folder(self) -> &'static str {
        match self {
            Reader::Board => "src/board/",
            Reader::Cases => "src/cases/",
            Reader::Desk => "src/desk/",
            Reader::Exchange => "src/exchange/",
            Reader::Legal => "src/legal/",
        }
    }
}

/// Which choice names a select of the vocabulary must offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceNames {
    /// Every choice name of the built-in intake's list: the code may compare any of them.
    Intake,
    /// Only these (the code compares these and shows the form's own labels for the rest).
    Only(&'static [&'static str]),
}

/// One path of the vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// The question path (no indices): `episodes.apprehension_date`.
    pub path: &'static str,
    pub read_by: &'static [Reader],
    /// For a select: the names its list must hold.
    pub choices: ChoiceNames,
}

use ChoiceNames::{Intake, Only};
use Reader::{Board, Cases, Desk, Exchange, Legal};

const fn t(path: &'static str, read_by: &'static [Reader]) -> Term {
    Term {
        path,
        read_by,
        choices: Intake,
    }
}
const fn only(
    path: &'static str,
    read_by: &'static [Reader],
    names: &'static [&'static str],
) -> Term {
    Term {
        path,
        read_by,
        choices: Only(names),
    }
}

/// Every intake path the case code reads, in the intake's order.
pub const TERMS: &[Term] = &[
    t("consent_documentation", &[Cases, Exchange, Legal]),
    t("consent_legal", &[Legal]),
    t("consent_publication", &[Legal]),
    t("name_cyrillic", &[Cases, Legal]),
    t("name_latin", &[Legal]),
    t("aliases", &[Legal]),
    t("nicknames", &[Legal]),
    t("date_of_birth", &[Legal]),
    t("gender_identity", &[Legal]),
    t("sexual_orientation", &[Legal]),
    t("perceived_lgbt", &[Legal]),
    // the document shows the form's own labels of the countries
    only("citizenship", &[Legal], &[]),
    t("episodes", &[Board, Cases, Legal]),
    t("episodes.apprehension_date", &[Board, Cases, Legal]),
    t("episodes.apprehension_place_details", &[Board, Legal]),
    t("episodes.apprehension_circumstances", &[Legal]),
    t("episodes.unit", &[Board, Cases, Legal]),
    t("episodes.held_site_type", &[Legal]),
    t("episodes.held_place_details", &[Board, Cases, Legal]),
    t("episodes.duration_days", &[Legal]),
    t("episodes.release_date", &[Legal]),
    t("episodes.acknowledged", &[Legal]),
    t("episodes.release_circumstances", &[Legal]),
    // Russia's temporal jurisdiction is the one country the code tells apart
    only("episodes.respondent_state", &[Legal], &["ru"]),
    t("episodes.treatment", &[Cases, Legal]),
    t("episodes.treatment.methods", &[Cases, Legal]),
    t("episodes.treatment.treatment_description", &[Legal]),
    t("episodes.treatment.injuries", &[Legal]),
    t("episodes.treatment.medical_documentation", &[Cases, Legal]),
    t("episodes.treatment.ip_consistency", &[Cases, Legal]),
    t("episodes.treatment.medical_source", &[Legal]),
    t("episodes.treatment.medical_date", &[Legal]),
    t("episodes.treatment.medical_record", &[Legal]),
    t("episodes.treatment.injury_photos", &[Legal]),
    t("episodes.treatment.psychological_effects", &[Legal]),
    t("perpetrators", &[Board, Cases, Legal]),
    t("perpetrators.name", &[Board, Cases, Legal]),
    t("perpetrators.call_sign", &[Board, Cases, Legal]),
    t("perpetrators.rank", &[Board, Cases, Legal]),
    t("perpetrators.unit", &[Board, Cases, Legal]),
    t("perpetrators.agency", &[Legal]),
    t("third_parties", &[Legal]),
    t("third_parties.relation", &[Legal]),
    t("third_parties.name", &[Board, Cases, Legal]),
    t("third_parties.situation", &[Legal]),
    t("third_parties.willing_to_testify", &[Legal]),
    t("third_parties.contact", &[Exchange]),
    t("remedies_sought", &[Legal]),
    t("remedies_not_sought_reason", &[Legal]),
    t("complaints", &[Legal]),
    t("complaints.body", &[Legal]),
    t("complaints.body_name", &[Legal]),
    t("complaints.complaint_date", &[Legal]),
    t("complaints.complaint_number", &[Legal]),
    t("complaints.decision", &[Legal]),
    t("complaints.refusals_count", &[Legal]),
    t("complaints.decision_date", &[Legal]),
    t("complaints.appealed", &[Legal]),
    t("complaints.appeal_body", &[Legal]),
    t("complaints.appeal_date", &[Legal]),
    t("complaints.appeal_outcome", &[Legal]),
    t("final_decision_date", &[Legal]),
    t("final_decision_known_date", &[Legal]),
    t("evacuation_stage", &[Board, Cases, Exchange]),
    t("current_city", &[Board, Legal]),
    t("left_region_date", &[Exchange, Legal]),
    t("arrival_date", &[Exchange]),
    t("risk_level", &[Board, Exchange]),
    t("risk_factors", &[Legal]),
    t("next_follow_up", &[Board, Desk, Exchange]),
    t("narrative", &[Legal]),
    t("narrative_language", &[Legal]),
];

/// The paths without which the legal documents have no structured facts to state: a form
/// that lacks one of them gets the generic case summary.
pub const DOCUMENT_CORE: &[&str] = &["episodes", "episodes.apprehension_date", "narrative"];

/// What a path of the vocabulary is, as the built-in intake defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A repeat group.
    Repeat,
    /// A question of this type; for a select, the names its list must hold.
    Question {
        kind: &'static str,
        list: Option<String>,
        names: Vec<String>,
    },
}

/// The shape of `term` in the built-in intake (`None` if the intake no longer has the path,
/// which `tests/intake_vocabulary.rs` refuses).
pub fn intake_shape(intake: &FormDef, term: &Term) -> Option<Shape> {
    let path = QuestionPath::parse(term.path).ok()?;
    match intake.item(&path)? {
        Item::Repeat(_) => Some(Shape::Repeat),
        Item::Question(q) => {
            let list = q.kind().choice_list().map(str::to_owned);
            let names = match (term.choices, &list) {
                (_, None) => vec![],
                (Only(names), Some(_)) => names.iter().map(|n| (*n).to_owned()).collect(),
                (Intake, Some(l)) => intake
                    .choice_list(l)
                    .map(|l| l.choices().iter().map(|c| c.name().to_owned()).collect())
                    .unwrap_or_default(),
            };
            Some(Shape::Question {
                kind: type_name(q.kind()),
                list,
                names,
            })
        }
        Item::Note(_) => None,
    }
}

/// The name of a question type as the code reads it: a long text is read as text.
fn type_name(k: &QuestionType) -> &'static str {
    match k {
        QuestionType::LongText => QuestionType::Text.as_str(),
        other => other.as_str(),
    }
}

/// Why a form does not provide a vocabulary path as the code reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// No question or repeat of that name anywhere in the form.
    Missing,
    /// A question or repeat of that name stands elsewhere (another repeat, or none).
    Elsewhere { found: String },
    /// The path is there with another type (`repeat` for a repeat group).
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// A select whose list lacks choice names the code compares.
    MissingChoices { list: String, names: Vec<String> },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Missing => write!(f, "not in the form"),
            Mismatch::Elsewhere { found } => {
                write!(f, "the form has it at `{found}`, not at this nesting")
            }
            Mismatch::WrongType { expected, found } => {
                write!(f, "type {found} in the form, the code reads {expected}")
            }
            Mismatch::MissingChoices { list, names } => write!(
                f,
                "choice list `{list}` lacks the names {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// One path of the vocabulary a form does not provide, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub path: &'static str,
    pub read_by: &'static [Reader],
    pub mismatch: Mismatch,
}

/// What [`check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VocabularyReport {
    /// The vocabulary paths the form provides as the code reads them, in [`TERMS`] order.
    pub provided: Vec<&'static str>,
    /// The others, with the reason.
    pub gaps: Vec<Gap>,
}

impl VocabularyReport {
    /// The paths the legal documents read that the form names, but not as the code reads
    /// them (another nesting, type or choice list): reading them would misread the case.
    pub fn legal_mismatches(&self) -> impl Iterator<Item = &Gap> {
        self.gaps
            .iter()
            .filter(|g| g.read_by.contains(&Legal) && g.mismatch != Mismatch::Missing)
    }

    /// The legal documents' core paths ([`DOCUMENT_CORE`]) the form does not provide.
    pub fn missing_core(&self) -> Vec<&'static str> {
        DOCUMENT_CORE
            .iter()
            .copied()
            .filter(|p| !self.provided.contains(p))
            .collect()
    }

    /// Whether the legal documents can be built from a case on the form: it provides their
    /// core paths and names no path they read in another way. Anything else it lacks is a
    /// visible gap in the document, as an unanswered question is.
    pub fn feeds_legal_documents(&self) -> bool {
        self.missing_core().is_empty() && self.legal_mismatches().next().is_none()
    }

    /// Why the legal documents cannot be built (empty when they can): the core paths
    /// missing, then every legal path named differently.
    pub fn legal_blockers(&self) -> Vec<Gap> {
        if self.feeds_legal_documents() {
            return vec![];
        }
        let mut out: Vec<Gap> = self
            .gaps
            .iter()
            .filter(|g| DOCUMENT_CORE.contains(&g.path) && g.mismatch == Mismatch::Missing)
            .cloned()
            .collect();
        out.extend(self.legal_mismatches().cloned());
        out
    }
}

/// Which vocabulary paths `form` provides with the intake's nesting, type and choice names,
/// and which it lacks or names differently (with the reason). The built-in intake provides
/// every one.
pub fn check(form: &FormDef) -> VocabularyReport {
    let intake = waystone_forms::latest_intake();
    let mut report = VocabularyReport::default();
    for term in TERMS {
        let Some(expected) = intake_shape(&intake, term) else {
            continue;
        };
        match compare(form, term.path, &expected) {
            None => report.provided.push(term.path),
            Some(mismatch) => report.gaps.push(Gap {
                path: term.path,
                read_by: term.read_by,
                mismatch,
            }),
        }
    }
    report
}

fn compare(form: &FormDef, path: &str, expected: &Shape) -> Option<Mismatch> {
    let Ok(qp) = QuestionPath::parse(path) else {
        return Some(Mismatch::Missing);
    };
    let found = match form.item(&qp) {
        Some(item) => item,
        None => {
            // the same name elsewhere: another nesting
            let name = qp.name();
            let elsewhere = form
                .questions()
                .iter()
                .map(|q| q.path().to_string())
                .chain(form.repeats().iter().map(|r| r.path().to_string()))
                .find(|p| p.rsplit('.').next() == Some(name));
            return Some(match elsewhere {
                Some(found) => Mismatch::Elsewhere { found },
                None => Mismatch::Missing,
            });
        }
    };
    match (expected, found) {
        (Shape::Repeat, Item::Repeat(_)) => None,
        (Shape::Repeat, Item::Question(q)) => Some(Mismatch::WrongType {
            expected: "repeat",
            found: type_name(q.kind()),
        }),
        (Shape::Repeat, Item::Note(_)) => Some(Mismatch::WrongType {
            expected: "repeat",
            found: "note",
        }),
        (Shape::Question { kind, .. }, Item::Repeat(_)) => Some(Mismatch::WrongType {
            expected: kind,
            found: "repeat",
        }),
        (Shape::Question { kind, .. }, Item::Note(_)) => Some(Mismatch::WrongType {
            expected: kind,
            found: "note",
        }),
        (Shape::Question { kind, names, .. }, Item::Question(q)) => {
            let found_kind = type_name(q.kind());
            if found_kind != *kind {
                return Some(Mismatch::WrongType {
                    expected: kind,
                    found: found_kind,
                });
            }
            let list = q.kind().choice_list()?;
            let offered = form.choice_list(list);
            let lacking: Vec<String> = names
                .iter()
                .filter(|n| !offered.is_some_and(|l| l.contains(n)))
                .cloned()
                .collect();
            if lacking.is_empty() {
                None
            } else {
                Some(Mismatch::MissingChoices {
                    list: list.to_owned(),
                    names: lacking,
                })
            }
        }
    }
}

/// For a form that provides the vocabulary: the form's own choice list standing where the
/// built-in intake has list `intake_list` (the documents look labels up by the intake's list
/// names). `None` when the form answers no path of that list.
pub fn list_in(form: &FormDef, intake: &FormDef, intake_list: &str) -> Option<String> {
    TERMS.iter().find_map(|term| {
        let qp = QuestionPath::parse(term.path).ok()?;
        let ours = intake.question(&qp)?.kind().choice_list()?;
        if ours != intake_list {
            return None;
        }
        form.question(&qp)?.kind().choice_list().map(str::to_owned)
    })
}
