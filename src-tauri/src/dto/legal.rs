//! Wire types of the legal review and export. The review carries case text (the originals of
//! the spans) because the lawyer reviewing must see it; the UI drops it on lock.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::cases::vocabulary::{Gap, Mismatch};
use waystone::legal::echr::Check;
use waystone::legal::export::{DocumentKind, LegalExport, LegalReview};
use waystone::legal::review::{Part, PreviewBlock, PreviewKind, Segment, Span, SpanKind};
use waystone::redact::CandidateReason;

use super::Language;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AudienceDto {
    Echr,
    Public,
    /// The asylum support letter to a host State's authority (the host travels beside it).
    Asylum,
}

impl AudienceDto {
    /// The core's audience; the asylum letter needs `host`, a two-letter ISO code (the host
    /// State of the case's asylum details), and refuses without one.
    pub fn to_core(
        self,
        host: Option<&str>,
    ) -> Result<waystone::legal::Audience, waystone::vault::VaultError> {
        use waystone::legal::Audience;
        Ok(match self {
            AudienceDto::Echr => Audience::Echr,
            AudienceDto::Public => Audience::Public,
            AudienceDto::Asylum => Audience::Asylum(
                host.and_then(waystone::legal::HostState::parse)
                    .ok_or_else(|| {
                        waystone::vault::VaultError::Invalid(
                            "the asylum letter needs the host State of the case's asylum details (two letters: DE, FR…)"
                                .into(),
                        )
                    })?,
            ),
        })
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormatDto {
    Docx,
    Pdf,
    Md,
}

impl From<ExportFormatDto> for waystone::legal::export::Format {
    fn from(f: ExportFormatDto) -> Self {
        use waystone::legal::export::Format;
        match f {
            ExportFormatDto::Docx => Format::Docx,
            ExportFormatDto::Pdf => Format::Pdf,
            ExportFormatDto::Md => Format::Markdown,
        }
    }
}

pub fn render_lang(l: Language) -> waystone::render::Lang {
    match l {
        Language::En => waystone::render::Lang::En,
        Language::Ru => waystone::render::Lang::Ru,
    }
}

/// A piece of a previewed block: template text, or a case-provided value by index.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PreviewPartDto {
    Text { text: String },
    Value { index: u32 },
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BlockKindDto {
    Heading,
    Paragraph,
    Note,
    Bullets,
    Table,
    PageBreak,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PreviewBlockDto {
    pub kind: BlockKindDto,
    /// Heading level (1–3); 0 for other blocks.
    pub level: u8,
    /// Table header cells.
    pub header: Vec<Vec<PreviewPartDto>>,
    /// Rows of cells of parts: one row of one cell for headings, paragraphs and notes; one
    /// row per bullet; table body rows.
    pub rows: Vec<Vec<Vec<PreviewPartDto>>>,
}

/// A piece of a value's default output.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SegmentDto {
    Text { text: String },
    Span { index: u32 },
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CandidateReasonDto {
    CommonWord,
    AmbiguousEntity,
    FamilyName,
    UnregisteredName,
    /// An address that is also a listed evidence place, in a sentence about where someone
    /// lives: the lawyer decides evidence (keep) or residence (hide).
    EvidenceOrResidence,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpanDto {
    pub value: u32,
    /// `None` for a replacement; the reason for a candidate that needs a decision.
    pub candidate: Option<CandidateReasonDto>,
    pub rule: String,
    pub entity: Option<String>,
    pub original: String,
    pub shown: String,
    pub redacted_by_default: bool,
    /// For a candidate: the index of the first span of its group (every form of one
    /// unregistered name, every uncertain occurrence of one everyday-word name). One decision
    /// for the group: the review shows it once and decides all its spans. `None` for a
    /// replacement.
    pub group: Option<u32>,
    /// For a candidate: the sentence it stands in (case text, shown to the reviewer; empty
    /// for a replacement).
    pub sentence: String,
}

/// What a check before filing found (`legal::echr::Check::code`). The core names its codes
/// as strings; `every_check_code_the_core_writes_is_named` reads every `Check { code: … }`
/// in src/ and fails when one is missing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckCodeDto {
    /// An episode after Russia ceased to be a Party to the Convention.
    Jurisdiction,
    /// The time limit, how it was computed, and the date of knowledge beside it.
    Deadline,
    DeadlinePassed,
    DeadlineClose,
    /// No domestic remedy was used: the Court's time limit has likely run; the UN remains.
    NoRemedy,
    NoFinalDecision,
    /// A fact the argument or the form needs that the case does not record.
    MissingFact,
    PageBudget,
    SeeAnnex,
    /// Asylum letter: a quoted passage described sexual conduct and was withheld.
    SexualContent,
    /// Asylum letter: a Dublin transfer procedure decides responsibility first.
    Dublin,
    /// A code this shell does not name (the test above keeps it from happening); the check's
    /// own text is still shown.
    Other,
}

impl CheckCodeDto {
    #[cfg(test)]
    pub const NAMED: [CheckCodeDto; 11] = [
        CheckCodeDto::Jurisdiction,
        CheckCodeDto::Deadline,
        CheckCodeDto::DeadlinePassed,
        CheckCodeDto::DeadlineClose,
        CheckCodeDto::NoRemedy,
        CheckCodeDto::NoFinalDecision,
        CheckCodeDto::MissingFact,
        CheckCodeDto::PageBudget,
        CheckCodeDto::SeeAnnex,
        CheckCodeDto::SexualContent,
        CheckCodeDto::Dublin,
    ];

    pub fn from_code(code: &str) -> Self {
        match code {
            "jurisdiction" => CheckCodeDto::Jurisdiction,
            "deadline" => CheckCodeDto::Deadline,
            "deadline_passed" => CheckCodeDto::DeadlinePassed,
            "deadline_close" => CheckCodeDto::DeadlineClose,
            "no_remedy" => CheckCodeDto::NoRemedy,
            "no_final_decision" => CheckCodeDto::NoFinalDecision,
            "missing_fact" => CheckCodeDto::MissingFact,
            "page_budget" => CheckCodeDto::PageBudget,
            "see_annex" => CheckCodeDto::SeeAnnex,
            "sexual_content" => CheckCodeDto::SexualContent,
            "dublin" => CheckCodeDto::Dublin,
            _ => CheckCodeDto::Other,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CheckDto {
    pub code: CheckCodeDto,
    pub en: String,
    pub ru: String,
}

/// Why a path of the intake vocabulary stops the structured document
/// (`cases::vocabulary::Mismatch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VocabularyReasonDto {
    /// The form has no question or repeat of that name.
    Missing,
    /// It has one of that name at another nesting (`found`).
    Elsewhere,
    /// It has the path with another type (`found`; the documents read `expected`).
    WrongType,
    /// Its choice list (`list`) lacks choice names the code compares (`names`).
    MissingChoices,
}

/// One path of the intake vocabulary the case's form does not provide as the documents read
/// it. Definition names only, never case content.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VocabularyGapDto {
    pub path: String,
    pub reason: VocabularyReasonDto,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub list: Option<String>,
    pub names: Vec<String>,
}

impl From<&Gap> for VocabularyGapDto {
    fn from(g: &Gap) -> Self {
        let mut dto = VocabularyGapDto {
            path: g.path.to_owned(),
            reason: VocabularyReasonDto::Missing,
            found: None,
            expected: None,
            list: None,
            names: vec![],
        };
        match &g.mismatch {
            Mismatch::Missing => {}
            Mismatch::Elsewhere { found } => {
                dto.reason = VocabularyReasonDto::Elsewhere;
                dto.found = Some(found.clone());
            }
            Mismatch::WrongType { expected, found } => {
                dto.reason = VocabularyReasonDto::WrongType;
                dto.found = Some((*found).to_owned());
                dto.expected = Some((*expected).to_owned());
            }
            Mismatch::MissingChoices { list, names } => {
                dto.reason = VocabularyReasonDto::MissingChoices;
                dto.list = Some(list.clone());
                dto.names = names.clone();
            }
        }
        dto
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LegalReviewDto {
    /// `true`: the generic case summary will be produced, because the case's form does not
    /// provide the intake vocabulary the audience's document reads (`vocabulary_gaps` says
    /// what it lacks); `false`: the audience's own document.
    pub generic_summary: bool,
    pub vocabulary_gaps: Vec<VocabularyGapDto>,
    pub token: String,
    pub blocks: Vec<PreviewBlockDto>,
    pub values: Vec<Vec<SegmentDto>>,
    pub spans: Vec<SpanDto>,
    pub checks: Vec<CheckDto>,
    /// The reviewer's own draft of this document: given back, dropped (and why), or none.
    pub draft: ReviewDraftDto,
}

/// What became of the reviewer's kept decisions when the review was prepared
/// (`waystone::legal::drafts`).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewDraftDto {
    /// Nothing was kept for this document.
    None,
    /// The decisions and hidden phrases made earlier on this same state of the case.
    Restored {
        decisions: Vec<SpanDecisionDto>,
        phrases: Vec<String>,
    },
    /// Decisions were kept but made on another state of the case (or other rules): dropped.
    Dropped { reason: DraftDroppedDto },
}

/// Why kept decisions were dropped.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DraftDroppedDto {
    CaseChanged,
    RulesChanged,
}

impl From<waystone::legal::drafts::DraftState> for ReviewDraftDto {
    fn from(d: waystone::legal::drafts::DraftState) -> Self {
        use waystone::legal::drafts::{DraftDropped, DraftState};
        match d {
            DraftState::None => ReviewDraftDto::None,
            DraftState::Restored(d) => ReviewDraftDto::Restored {
                decisions: d
                    .redact
                    .iter()
                    .map(|(i, b)| SpanDecisionDto {
                        span: n(*i),
                        redact: *b,
                    })
                    .collect(),
                phrases: d.phrases,
            },
            DraftState::Dropped(r) => ReviewDraftDto::Dropped {
                reason: match r {
                    DraftDropped::CaseChanged => DraftDroppedDto::CaseChanged,
                    DraftDropped::RulesChanged => DraftDroppedDto::RulesChanged,
                },
            },
        }
    }
}

/// The reviewer's decisions so far, kept as a draft of one document (the review's token
/// says which state of the case they were made on).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewDraftSaveDto {
    pub case_id: String,
    pub audience: AudienceDto,
    /// The host State when the audience is `asylum`; ignored otherwise.
    #[serde(default)]
    pub host: Option<String>,
    pub language: Language,
    pub token: String,
    pub decisions: Vec<SpanDecisionDto>,
    pub phrases: Vec<String>,
}

/// Span decisions as the core takes them.
pub fn decisions(
    list: &[SpanDecisionDto],
    phrases: &[String],
) -> waystone::legal::review::Decisions {
    waystone::legal::review::Decisions {
        redact: list.iter().map(|d| (d.span as usize, d.redact)).collect(),
        phrases: phrases.to_vec(),
    }
}

/// One decision on a span: redact it or keep the original.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpanDecisionDto {
    pub span: u32,
    pub redact: bool,
}

/// What the lawyer asks to export.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportRequestDto {
    pub case_id: String,
    pub audience: AudienceDto,
    /// The host State (ISO 3166-1 alpha-2) when the audience is `asylum`; ignored otherwise.
    #[serde(default)]
    pub host: Option<String>,
    pub format: ExportFormatDto,
    pub language: Language,
    pub token: String,
    pub decisions: Vec<SpanDecisionDto>,
    pub phrases: Vec<String>,
    /// The new file to write (refused if it exists).
    pub path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportResultDto {
    pub path: String,
    pub bytes: u32,
    pub replacements: u32,
    pub accepted_candidates: u32,
    pub rejected: u32,
    pub manual_removals: u32,
    pub checks: Vec<CheckDto>,
}

fn n(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn part(p: &Part) -> PreviewPartDto {
    match p {
        Part::Text(t) => PreviewPartDto::Text { text: t.clone() },
        Part::Value(i) => PreviewPartDto::Value { index: n(*i) },
    }
}

fn parts(ps: &[Part]) -> Vec<PreviewPartDto> {
    ps.iter().map(part).collect()
}

impl From<&PreviewBlock> for PreviewBlockDto {
    fn from(b: &PreviewBlock) -> Self {
        let (kind, level) = match b.kind {
            PreviewKind::Heading(l) => (BlockKindDto::Heading, l),
            PreviewKind::Paragraph => (BlockKindDto::Paragraph, 0),
            PreviewKind::Note => (BlockKindDto::Note, 0),
            PreviewKind::Bullets => (BlockKindDto::Bullets, 0),
            PreviewKind::Table => (BlockKindDto::Table, 0),
            PreviewKind::PageBreak => (BlockKindDto::PageBreak, 0),
        };
        PreviewBlockDto {
            kind,
            level,
            header: b.header.iter().map(|c| parts(c)).collect(),
            rows: b
                .rows
                .iter()
                .map(|r| r.iter().map(|c| parts(c)).collect())
                .collect(),
        }
    }
}

impl From<CandidateReason> for CandidateReasonDto {
    fn from(r: CandidateReason) -> Self {
        match r {
            CandidateReason::CommonWord => CandidateReasonDto::CommonWord,
            CandidateReason::AmbiguousEntity => CandidateReasonDto::AmbiguousEntity,
            CandidateReason::FamilyName => CandidateReasonDto::FamilyName,
            CandidateReason::UnregisteredName => CandidateReasonDto::UnregisteredName,
            CandidateReason::EvidenceOrResidence => CandidateReasonDto::EvidenceOrResidence,
        }
    }
}

impl From<&Span> for SpanDto {
    fn from(s: &Span) -> Self {
        SpanDto {
            value: n(s.value),
            candidate: match s.kind {
                SpanKind::Candidate(r) => Some(r.into()),
                SpanKind::Replacement => None,
            },
            rule: s.rule.clone(),
            entity: s.entity.clone(),
            original: s.original.clone(),
            shown: s.shown.clone(),
            redacted_by_default: s.redacted_by_default,
            group: s.group.map(n),
            sentence: s.sentence.clone(),
        }
    }
}

impl From<&Check> for CheckDto {
    fn from(c: &Check) -> Self {
        CheckDto {
            code: CheckCodeDto::from_code(c.code),
            en: c.en.clone(),
            ru: c.ru.clone(),
        }
    }
}

impl From<LegalReview> for LegalReviewDto {
    fn from(r: LegalReview) -> Self {
        let (generic_summary, vocabulary_gaps) = match &r.kind {
            DocumentKind::Structured => (false, vec![]),
            DocumentKind::GenericSummary { blockers } => {
                (true, blockers.iter().map(Into::into).collect())
            }
        };
        LegalReviewDto {
            generic_summary,
            vocabulary_gaps,
            token: r.token,
            blocks: r.blocks.iter().map(Into::into).collect(),
            values: r
                .review
                .values
                .iter()
                .map(|segs| {
                    segs.iter()
                        .map(|s| match s {
                            Segment::Text(t) => SegmentDto::Text { text: t.clone() },
                            Segment::Span(i) => SegmentDto::Span { index: n(*i) },
                        })
                        .collect()
                })
                .collect(),
            spans: r.review.spans.iter().map(Into::into).collect(),
            checks: r.checks.iter().map(Into::into).collect(),
            draft: r.draft.into(),
        }
    }
}

impl ExportResultDto {
    pub fn new(path: String, e: &LegalExport) -> Self {
        ExportResultDto {
            path,
            bytes: n(e.bytes.len()),
            replacements: n(e.replacements),
            accepted_candidates: n(e.accepted_candidates),
            rejected: n(e.rejected),
            manual_removals: n(e.manual_removals),
            checks: e.checks.iter().map(Into::into).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every `code: "…"` that opens a `Check { … }` under `dir`, recursively.
    fn codes_in(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                codes_in(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("Check {") {
                    let rest = text[i + "Check {".len()..].trim_start();
                    if let Some(after) = rest.strip_prefix("code: \"") {
                        out.push(after.split('"').next().unwrap_or_default().to_owned());
                    }
                }
            }
        }
    }

    #[test]
    fn every_check_code_the_core_writes_is_named() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        let mut found = Vec::new();
        codes_in(&src, &mut found);
        found.sort();
        found.dedup();
        let mut named: Vec<String> = CheckCodeDto::NAMED
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        named.sort();
        assert_eq!(
            found, named,
            "the core's check codes and CheckCodeDto differ"
        );
        for code in &found {
            assert_ne!(CheckCodeDto::from_code(code), CheckCodeDto::Other, "{code}");
        }
        assert_eq!(
            CheckCodeDto::from_code("no_such_check"),
            CheckCodeDto::Other
        );
    }
}

/// The consent a legal document lacks (`waystone::legal::ConsentMissing`): the case list and
/// the review name it instead of offering a document the survivor did not consent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentMissingDto {
    /// No consent to documentation: no document at all.
    Documentation,
    /// No consent to a legal filing: no ECHR application.
    LegalFiling,
    /// No consent to publication: no public summary.
    Publication,
    /// No asylum consent recorded (or it was refused or withdrawn).
    AsylumConsent,
    /// The asylum consent names another host State or authority than the saved details.
    AsylumAuthority,
}

impl From<waystone::legal::ConsentMissing> for ConsentMissingDto {
    fn from(m: waystone::legal::ConsentMissing) -> Self {
        use waystone::legal::ConsentMissing as M;
        match m {
            M::Documentation => ConsentMissingDto::Documentation,
            M::LegalFiling => ConsentMissingDto::LegalFiling,
            M::Publication => ConsentMissingDto::Publication,
            M::AsylumConsent => ConsentMissingDto::AsylumConsent,
            M::AsylumAuthority => ConsentMissingDto::AsylumAuthority,
        }
    }
}

/// Which legal documents one case's recorded consent allows: `null` where allowed, else the
/// consent the document lacks. Verdicts only, never an answer's text.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportConsentsDto {
    pub case_id: String,
    pub echr: Option<ConsentMissingDto>,
    pub public: Option<ConsentMissingDto>,
    pub asylum: Option<ConsentMissingDto>,
}

impl ExportConsentsDto {
    pub fn new(case_id: String, c: waystone::legal::allowed::ExportConsents) -> Self {
        ExportConsentsDto {
            case_id,
            echr: c.echr.map(Into::into),
            public: c.public.map(Into::into),
            asylum: c.asylum.map(Into::into),
        }
    }
}
