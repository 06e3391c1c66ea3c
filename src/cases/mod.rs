//! Cases: one interview's answers to one form version, with pseudonymous codes, attachment
//! metadata and the documented, versioned interchange JSON (`case export` / `case import`).
//!
//! Owns the domain types and the interchange format; the vault stores them (all SQL lives
//! in `vault::cases`). Answers, their paths and values are `waystone_forms` types, whose
//! `Debug` never prints content.
//!
//! Recipe — a new case field: add a column in a new migration, a field here and in
//! [`interchange::CaseDocument`] (bump [`interchange::VERSION`] if old readers would lose it),
//! and read/write it in `vault/cases.rs`.

pub mod interchange;
pub mod interview;
pub mod vocabulary;

use std::fmt;

pub use waystone_forms::{Answer, AnswerPath, Answers, FormDef, Problem, ProblemCode, Value};

/// The answer path whose value is the evacuation stage shown on the case board.
pub const EVACUATION_STAGE_PATH: &str = "evacuation_stage";

/// A case as listed: identifiers, form, workflow fields. Holds no testimony.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub id: String,
    /// Pseudonymous code people use to talk about a case without naming anyone.
    pub code: String,
    pub form_id: String,
    pub form_version: u32,
    pub status: String,
    pub stage: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A whole case: summary, answers, attachment metadata.
#[derive(Clone, PartialEq, Eq)]
pub struct Case {
    pub summary: CaseSummary,
    pub answers: Answers,
    pub attachments: Vec<AttachmentMeta>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Case")
            .field("summary", &self.summary)
            .field("answers", &self.answers.len())
            .field("attachments", &self.attachments.len())
            .finish()
    }
}

/// An attachment's record: the file itself stays encrypted under attachments/.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    /// SHA-256 of the original bytes, hex, for chain of custody.
    pub sha256: String,
    pub created_at: String,
    pub created_by: String,
}

impl fmt::Debug for AttachmentMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachmentMeta")
            .field("id", &self.id)
            .field("size", &self.size)
            .finish()
    }
}

/// One change in a case's history: which path, what kind, who and when. The value itself is
/// read from the vault only when a person asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub path: String,
    pub kind: String,
    pub cleared: bool,
    pub at: String,
    pub by: String,
}

/// Problems that make an answer or a case unacceptable as data (as opposed to an interview
/// that is merely unfinished or has a constraint message to show).
pub fn is_structural(code: ProblemCode) -> bool {
    !matches!(
        code,
        ProblemCode::RequiredMissing
            | ProblemCode::ConstraintFailed
            | ProblemCode::IrrelevantAnswer
            | ProblemCode::ChoiceNotOffered
            | ProblemCode::BeyondRepeatCount
    )
}

/// Whether `s` names one of the board's statuses ([`crate::board::Status`]): the closed set
/// the interchange checks `status` against (the fuzz target, which compiles interchange.rs
/// alone, keeps its own copy of the list).
pub fn is_known_status(s: &str) -> bool {
    crate::board::Status::parse(s).is_some()
}

/// A new pseudonymous case code: `WS-XXXX-XXXX` from 40 random bits (base32, no 0/1/8/9).
pub fn new_code() -> String {
    let raw = crate::crypto::random_bytes::<5>();
    let s = data_encoding::BASE32_NOPAD.encode(&raw);
    format!("WS-{}-{}", &s[..4], &s[4..8])
}
