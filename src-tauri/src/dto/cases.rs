//! Wire types for cases and the interview. Answers travel in the same JSON shape the core's
//! interchange format uses (`{"status":"answered","type":…,"value":…}`); conversion goes
//! through that JSON so the two can never drift apart.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::cases::interview::InterviewState;
use waystone::cases::{AttachmentMeta, CaseSummary};
use waystone::casework::Interview;
use waystone::forms::{Answer, AnswerPath, ProblemCode};
use waystone::vault::VaultError;

use super::form::LabelsDto;
use super::workflow::{StageDto, StatusDto};

/// A date with its precision, as the form engine stores it. Fields not used by the precision
/// are absent. `season`: spring | summer | autumn | winter; `time`: "HH:MM".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DateDto {
    /// exact | month | season | year | approximate
    pub precision: String,
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub month: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub day: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub season: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub time: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum ValueDto {
    Text(String),
    Integer(#[ts(type = "number")] i64),
    /// Exact decimal text, canonical (`"2.5"`): never a float on the wire.
    Decimal(String),
    Date(DateDto),
    Choice(String),
    Choices(Vec<String>),
    YesNo(bool),
    PersonRef(String),
    PlaceRef(String),
    Attachment(String),
}

/// An answer: a value, or one of the three first-class non-answers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum AnswerDto {
    Answered(ValueDto),
    Declined,
    DontKnow,
    NotAsked,
}

impl AnswerDto {
    pub fn from_answer(a: &Answer) -> Result<Self, VaultError> {
        serde_json::to_value(a)
            .and_then(serde_json::from_value)
            .map_err(|_| VaultError::Internal("converting an answer"))
    }

    pub fn into_answer(self) -> Result<Answer, VaultError> {
        serde_json::to_value(self)
            .and_then(serde_json::from_value)
            .map_err(|_| {
                VaultError::Invalid(
                    "the answer is not valid for its type (e.g. an impossible date)".into(),
                )
            })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseSummaryDto {
    pub id: String,
    pub code: String,
    pub form_id: String,
    pub form_version: u32,
    /// Null for a status this version does not know (free text an older version let in):
    /// shown as unknown, never quoted; no move is offered until an import repairs it.
    pub status: Option<StatusDto>,
    pub stage: Option<StageDto>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

impl From<CaseSummary> for CaseSummaryDto {
    fn from(c: CaseSummary) -> Self {
        CaseSummaryDto {
            id: c.id,
            code: c.code,
            form_id: c.form_id,
            form_version: c.form_version,
            status: StatusDto::from_name(&c.status),
            stage: c.stage.as_deref().and_then(StageDto::from_name),
            created_at: c.created_at,
            created_by: c.created_by,
            updated_at: c.updated_at,
            updated_by: c.updated_by,
        }
    }
}

/// One of the acting user's own private case labels (`waystone::casework` labels): shown
/// beside the case's code in their case list only.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseLabelDto {
    pub case_id: String,
    pub label: String,
}

/// Whether the acting user may discard a case started by mistake now, and if not, the first
/// reason (`waystone::casework::Discard`); the interview offers *Discard* only when allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiscardDto {
    Allowed,
    NotYours,
    HasAnswers,
    Moved,
    HasDocuments,
    Exchanged,
}

impl From<waystone::casework::Discard> for DiscardDto {
    fn from(d: waystone::casework::Discard) -> Self {
        use waystone::casework::Discard as D;
        match d {
            D::Allowed => DiscardDto::Allowed,
            D::NotYours => DiscardDto::NotYours,
            D::HasAnswers => DiscardDto::HasAnswers,
            D::Moved => DiscardDto::Moved,
            D::HasDocuments => DiscardDto::HasDocuments,
            D::Exchanged => DiscardDto::Exchanged,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AnswerEntry {
    pub path: String,
    pub answer: AnswerDto,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RepeatEntry {
    pub path: String,
    pub count: u32,
}

/// The form engine's problem codes (`waystone::forms::ProblemCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemCodeDto {
    RequiredMissing,
    ConstraintFailed,
    WrongType,
    UnknownQuestion,
    UnknownChoice,
    DuplicateChoice,
    DatePrecisionNotAllowed,
    BadRepeatIndex,
    TooManyInstances,
    IrrelevantAnswer,
    ChoiceNotOffered,
    BeyondRepeatCount,
}

impl From<ProblemCode> for ProblemCodeDto {
    fn from(c: ProblemCode) -> Self {
        match c {
            ProblemCode::RequiredMissing => ProblemCodeDto::RequiredMissing,
            ProblemCode::ConstraintFailed => ProblemCodeDto::ConstraintFailed,
            ProblemCode::WrongType => ProblemCodeDto::WrongType,
            ProblemCode::UnknownQuestion => ProblemCodeDto::UnknownQuestion,
            ProblemCode::UnknownChoice => ProblemCodeDto::UnknownChoice,
            ProblemCode::DuplicateChoice => ProblemCodeDto::DuplicateChoice,
            ProblemCode::DatePrecisionNotAllowed => ProblemCodeDto::DatePrecisionNotAllowed,
            ProblemCode::BadRepeatIndex => ProblemCodeDto::BadRepeatIndex,
            ProblemCode::TooManyInstances => ProblemCodeDto::TooManyInstances,
            ProblemCode::IrrelevantAnswer => ProblemCodeDto::IrrelevantAnswer,
            ProblemCode::ChoiceNotOffered => ProblemCodeDto::ChoiceNotOffered,
            ProblemCode::BeyondRepeatCount => ProblemCodeDto::BeyondRepeatCount,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProblemDto {
    pub path: String,
    pub code: ProblemCodeDto,
    /// For constraint_failed: the form's message.
    pub message: Option<LabelsDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProgressDto {
    pub section: String,
    pub relevant: u32,
    pub answered: u32,
    pub required: u32,
    pub required_answered: u32,
}

/// Skip logic, required questions, problems and progress, recomputed by the core.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InterviewStateDto {
    /// Instantiated paths not asked now.
    pub hidden: Vec<String>,
    /// Instantiated paths that must be answered.
    pub required: Vec<String>,
    pub problems: Vec<ProblemDto>,
    pub progress: Vec<ProgressDto>,
    /// Cascading selects (choice filters): the choices each relevant filtered select offers
    /// now. A select not listed offers its whole list.
    pub offered: Vec<OfferedDto>,
    /// Calculated values (read-only): what the core stores for each now, recomputed on every
    /// save; `answer` null when an input it needs is missing.
    pub computed: Vec<ComputedDto>,
    /// Counted repeats (`repeat_count`): how many instances the count gives and how many
    /// there are (more when instances beyond the count hold answers: kept and flagged).
    pub counted: Vec<CountedDto>,
    /// Defaults proposed at relevant, unanswered questions: shown unconfirmed, recorded only
    /// when the interviewer confirms (a save like any other).
    pub proposed: Vec<ProposedDto>,
}

/// A counted repeat at one container path.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CountedDto {
    pub path: String,
    pub expected: u32,
    pub count: u32,
}

/// A default proposed at one path (not an answer).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProposedDto {
    pub path: String,
    pub answer: AnswerDto,
}

/// One calculated value at one path.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ComputedDto {
    pub path: String,
    pub answer: Option<AnswerDto>,
}

/// The choices one filtered select offers at one path.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OfferedDto {
    pub path: String,
    pub choices: Vec<String>,
}

impl From<&InterviewState> for InterviewStateDto {
    fn from(s: &InterviewState) -> Self {
        InterviewStateDto {
            hidden: s.hidden.iter().map(ToString::to_string).collect(),
            required: s.required.iter().map(ToString::to_string).collect(),
            offered: s
                .offered
                .iter()
                .map(|o| OfferedDto {
                    path: o.path.to_string(),
                    choices: o.choices.clone(),
                })
                .collect(),
            computed: s
                .computed
                .iter()
                .map(|(path, answer)| ComputedDto {
                    path: path.to_string(),
                    answer: answer.as_ref().and_then(|a| AnswerDto::from_answer(a).ok()),
                })
                .collect(),
            counted: s
                .counted
                .iter()
                .map(|c| CountedDto {
                    path: c.path.to_string(),
                    expected: c.expected,
                    count: c.count,
                })
                .collect(),
            proposed: s
                .proposed
                .iter()
                .filter_map(|(path, value)| {
                    AnswerDto::from_answer(&Answer::Value(value.clone()))
                        .ok()
                        .map(|answer| ProposedDto {
                            path: path.to_string(),
                            answer,
                        })
                })
                .collect(),
            problems: s
                .problems
                .iter()
                .map(|p| ProblemDto {
                    path: p.path.to_string(),
                    code: p.code.into(),
                    message: p.message.as_ref().map(Into::into),
                })
                .collect(),
            progress: s
                .progress
                .iter()
                .map(|p| ProgressDto {
                    section: p.section.clone(),
                    relevant: p.relevant,
                    answered: p.answered,
                    required: p.required,
                    required_answered: p.required_answered,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachmentDto {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
    pub created_at: String,
}

impl From<&AttachmentMeta> for AttachmentDto {
    fn from(a: &AttachmentMeta) -> Self {
        AttachmentDto {
            id: a.id.clone(),
            file_name: a.file_name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
            created_at: a.created_at.clone(),
        }
    }
}

/// A case opened for the interview.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InterviewView {
    pub summary: CaseSummaryDto,
    pub answers: Vec<AnswerEntry>,
    pub repeats: Vec<RepeatEntry>,
    pub attachments: Vec<AttachmentDto>,
    pub state: InterviewStateDto,
    /// Whether this user may change the testimony (the core's rights table); the screen is
    /// read-only otherwise.
    pub writable: bool,
}

impl InterviewView {
    pub fn from_interview(i: Interview) -> Result<Self, VaultError> {
        let answers = i
            .case
            .answers
            .iter()
            .map(|(p, a)| {
                Ok(AnswerEntry {
                    path: p.to_string(),
                    answer: AnswerDto::from_answer(a)?,
                })
            })
            .collect::<Result<Vec<_>, VaultError>>()?;
        let repeats = i
            .case
            .answers
            .repeat_counts()
            .map(|(p, count)| RepeatEntry {
                path: p.to_string(),
                count,
            })
            .collect();
        Ok(InterviewView {
            state: (&i.state).into(),
            attachments: i.case.attachments.iter().map(Into::into).collect(),
            summary: i.case.summary.into(),
            answers,
            repeats,
            writable: i.writable,
        })
    }
}

pub fn parse_path(s: &str) -> Result<AnswerPath, VaultError> {
    s.parse()
        .map_err(|_| VaultError::Invalid("not a valid answer path".into()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use waystone::forms::{PartialDate, Season, Value};

    #[test]
    fn every_answer_kind_round_trips_through_the_wire_type() {
        let answers = vec![
            Answer::Value(Value::Text("текст".into())),
            Answer::Value(Value::Integer(-3)),
            Answer::Value(Value::Date(PartialDate::exact(2019, 3, 14).unwrap())),
            Answer::Value(Value::Date(
                PartialDate::season(2020, Season::Winter).unwrap(),
            )),
            Answer::Value(Value::Date(
                PartialDate::approximate(2018, Some(5), None).unwrap(),
            )),
            Answer::Value(Value::Choice("beating".into())),
            Answer::Value(Value::Choices(vec!["a".into(), "b".into()])),
            Answer::Value(Value::YesNo(false)),
            Answer::Value(Value::Attachment("x".into())),
            Answer::Declined,
            Answer::DontKnow,
            Answer::NotAsked,
        ];
        for a in answers {
            let dto = AnswerDto::from_answer(&a).unwrap();
            assert_eq!(dto.into_answer().unwrap(), a);
        }
    }

    #[test]
    fn every_problem_code_keeps_its_name_on_the_wire() {
        use ProblemCode as P;
        // the From above is exhaustive; this holds the wire names to the core's
        for c in [
            P::RequiredMissing,
            P::ConstraintFailed,
            P::WrongType,
            P::UnknownQuestion,
            P::UnknownChoice,
            P::DuplicateChoice,
            P::DatePrecisionNotAllowed,
            P::BadRepeatIndex,
            P::TooManyInstances,
            P::IrrelevantAnswer,
            P::ChoiceNotOffered,
            P::BeyondRepeatCount,
        ] {
            let wire = serde_json::to_value(ProblemCodeDto::from(c)).unwrap();
            assert_eq!(wire, serde_json::json!(c.as_str()));
        }
    }

    #[test]
    fn an_impossible_date_is_refused_at_the_edge() {
        let dto: AnswerDto = serde_json::from_str(
            r#"{"status":"answered","type":"date","value":{"precision":"exact","year":2019,"month":2,"day":30}}"#,
        )
        .unwrap();
        assert!(dto.into_answer().is_err());
    }
}
