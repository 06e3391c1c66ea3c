//! Cases and their answers: starting a case, the interview's reads and writes, repeats,
//! attachments, history, and the interchange JSON in and out (`case export` / `case import`).
//!
//! Everything that touches a case's content goes through a guard ([`Readable`],
//! [`Writable`]) that only the rights table hands out (see [`guard`]). The SQL lives in the
//! vault's stores (`vault::store`); the domain types and the interchange format in
//! [`crate::cases`].

mod answers;
mod attachments;
pub mod guard;
mod import;
mod labels;
mod remove;
#[cfg(test)]
mod tests;

use crate::cases::interview::InterviewState;
use crate::cases::Case;
use waystone_forms::Problem;

pub use guard::{Readable, Writable};
pub(crate) use import::AttachmentMode;
pub use labels::{checked_label, MAX_LABEL_CHARS};
pub use remove::Discard;

/// Filters for listing cases.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<String>,
    pub stage: Option<String>,
    /// At most this many (the most recently changed); `None`: all.
    pub limit: Option<u32>,
}

/// What saving one answer found: problems at that path a person should see (a constraint
/// message), after structural problems were already refused, and the whole interview's new
/// state (skip logic, required questions, progress).
#[derive(Debug, Clone)]
pub struct SaveOutcome {
    pub problems: Vec<Problem>,
    pub state: InterviewState,
}

/// A case opened for interviewing: its answers and their live state.
#[derive(Debug, Clone)]
pub struct Interview {
    pub case: Case,
    pub state: InterviewState,
    /// Whether the acting user may change the testimony ([`crate::access::Op::WriteTestimony`]);
    /// the interview screen is read-only otherwise.
    pub writable: bool,
}
