//! The form definition as the UI renders it: sections, questions, repeats, choices, labels
//! in every language. Holds nothing of a case; skip logic stays in the core.

use serde::Serialize;
use ts_rs::TS;

use waystone::catalog::{FormCheck, FormSource, FormSummary};
use waystone::forms::{FormDef, Item, Labels, QuestionType, XlsFormProblem};

/// Text in each UI language (English is the fallback when a translation is missing).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LabelsDto {
    pub en: String,
    pub ru: String,
}

impl From<&Labels> for LabelsDto {
    fn from(l: &Labels) -> Self {
        let en = l.get("en").unwrap_or_default().to_owned();
        let ru = l.get("ru").map(str::to_owned).unwrap_or_else(|| en.clone());
        LabelsDto { en, ru }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ChoiceView {
    pub name: String,
    pub label: LabelsDto,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionView {
    pub name: String,
    /// `text`, `long_text`, `integer`, `decimal`, `date`, `select_one`, `select_many`, `yes_no`,
    /// `person_ref`, `place_ref`, `attachment`, `calculate`.
    pub kind: String,
    pub label: LabelsDto,
    pub hint: Option<LabelsDto>,
    pub choices: Vec<ChoiceView>,
    /// For dates: the precisions allowed, most precise first.
    pub precisions: Vec<String>,
    /// For dates: whether an exact date may carry a time of day.
    pub time: bool,
    /// `normal`, `identity`, `high_risk`, `testimony`, `internal`.
    pub sensitivity: String,
    pub third_party: bool,
    pub exported: bool,
    /// Shown, never edited by the interviewer: its value is calculated by the core (a
    /// `calculate` item, which the interview does not show at all, or a read-only question).
    pub read_only: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RepeatView {
    pub name: String,
    pub label: LabelsDto,
    pub hint: Option<LabelsDto>,
    pub third_party: bool,
    /// Whether its instances are counted (`repeat_count`): the interview shows as many as the
    /// count gives, with no Add button and no Remove, except on an instance kept beyond the
    /// count (see `InterviewStateDto::counted`).
    pub counted: bool,
    pub items: Vec<ItemView>,
}

/// Display-only text between questions (XLSForm `note`): no answer, hidden by skip logic
/// like a question.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NoteView {
    pub name: String,
    pub label: LabelsDto,
    pub hint: Option<LabelsDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "item", rename_all = "snake_case")]
#[ts(export)]
pub enum ItemView {
    Question(QuestionView),
    Repeat(RepeatView),
    Note(NoteView),
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SectionView {
    pub name: String,
    pub label: LabelsDto,
    pub hint: Option<LabelsDto>,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormView {
    pub id: String,
    pub version: u32,
    pub title: LabelsDto,
    pub sections: Vec<SectionView>,
}

impl From<&FormDef> for FormView {
    fn from(def: &FormDef) -> Self {
        FormView {
            id: def.id().to_owned(),
            version: def.version(),
            title: def.title().into(),
            sections: def
                .sections()
                .iter()
                .map(|s| SectionView {
                    name: s.name().to_owned(),
                    label: s.label().into(),
                    hint: s.hint().map(Into::into),
                    items: items(def, s.items()),
                })
                .collect(),
        }
    }
}

fn items(def: &FormDef, items_in: &[Item]) -> Vec<ItemView> {
    items_in
        .iter()
        .map(|item| match item {
            Item::Question(q) => {
                let choices = q
                    .kind()
                    .choice_list()
                    .and_then(|l| def.choice_list(l))
                    .map(|l| {
                        l.choices()
                            .iter()
                            .map(|c| ChoiceView {
                                name: c.name().to_owned(),
                                label: c.label().into(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let (precisions, time) = match q.kind() {
                    QuestionType::Date { precisions, time } => (
                        precisions.iter().map(|p| p.as_str().to_owned()).collect(),
                        *time,
                    ),
                    _ => (Vec::new(), false),
                };
                ItemView::Question(QuestionView {
                    name: q.name().to_owned(),
                    kind: q.kind().as_str().to_owned(),
                    label: q.label().into(),
                    hint: q.hint().map(Into::into),
                    choices,
                    precisions,
                    time,
                    sensitivity: q.sensitivity().as_str().to_owned(),
                    third_party: q.third_party(),
                    exported: q.export(),
                    read_only: q.read_only(),
                })
            }
            Item::Repeat(r) => ItemView::Repeat(RepeatView {
                name: r.name().to_owned(),
                label: r.label().into(),
                hint: r.hint().map(Into::into),
                third_party: r.third_party(),
                counted: r.count().is_some(),
                items: items(def, r.items()),
            }),
            Item::Note(n) => ItemView::Note(NoteView {
                name: n.name().to_owned(),
                label: n.label().into(),
                hint: n.hint().map(Into::into),
            }),
        })
        .collect()
}

/// Where a form comes from.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FormSourceDto {
    Builtin,
    Imported,
}

/// One form version in the catalogue: definition metadata and counts, nothing of a case.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FormSummaryDto {
    pub id: String,
    pub version: u32,
    pub title: LabelsDto,
    /// The form's own language codes (`en`, `ru`, …).
    pub languages: Vec<String>,
    pub source: FormSourceDto,
    pub questions: u32,
    /// Whether *New interview* offers it (built-in forms always).
    pub available: bool,
    /// How many cases in this vault were started on it.
    pub cases: u32,
}

impl From<&FormSummary> for FormSummaryDto {
    fn from(f: &FormSummary) -> Self {
        let first = f
            .title
            .values()
            .next()
            .cloned()
            .unwrap_or_else(|| f.id.clone());
        let en = f.title.get("en").cloned().unwrap_or(first);
        let ru = f.title.get("ru").cloned().unwrap_or_else(|| en.clone());
        FormSummaryDto {
            id: f.id.clone(),
            version: f.version,
            title: LabelsDto { en, ru },
            languages: f.languages.clone(),
            source: match f.source {
                FormSource::Builtin => FormSourceDto::Builtin,
                FormSource::Imported => FormSourceDto::Imported,
            },
            questions: u32::try_from(f.questions).unwrap_or(u32::MAX),
            available: f.available,
            cases: u32::try_from(f.cases).unwrap_or(u32::MAX),
        }
    }
}

/// One problem in a workbook, where it is: the sheet, the row (1-based, as a spreadsheet
/// numbers it) and the column; definition text only.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FormProblemDto {
    /// Empty for the workbook as a whole.
    pub sheet: String,
    pub row: Option<u32>,
    pub column: Option<String>,
    /// The reason, in English (the importer's words; definition text, never case content).
    pub reason: String,
    /// A feature of XLSForm that Waystone does not honour (rather than an error in the form).
    pub unsupported: bool,
}

impl From<&XlsFormProblem> for FormProblemDto {
    fn from(p: &XlsFormProblem) -> Self {
        FormProblemDto {
            sheet: p.sheet.clone(),
            row: p.row,
            column: p.column.clone(),
            reason: p.reason.clone(),
            unsupported: p.unsupported,
        }
    }
}

/// A workbook checked and not stored: the preview of its form, or every problem.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum FormCheckDto {
    /// Importing would store `form` (`stored`: this exact version is already here).
    Ready {
        form: FormView,
        languages: Vec<String>,
        questions: u32,
        stored: bool,
    },
    /// Importing would be refused, for every one of these.
    Refused { problems: Vec<FormProblemDto> },
}

impl From<&FormCheck> for FormCheckDto {
    fn from(c: &FormCheck) -> Self {
        match c {
            FormCheck::Ready { form, stored } => FormCheckDto::Ready {
                form: FormView::from(form),
                languages: form.languages().to_vec(),
                questions: u32::try_from(form.questions().len()).unwrap_or(u32::MAX),
                stored: *stored,
            },
            FormCheck::Refused(problems) => FormCheckDto::Refused {
                problems: problems.iter().map(Into::into).collect(),
            },
        }
    }
}
