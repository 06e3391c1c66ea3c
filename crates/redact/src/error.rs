//! Errors of the redaction engine.
//!
//! Owns [`RedactError`]. No variant ever carries a name, a place or any text of a case:
//! problems are described by position (`entities[3]`) and entity id only, so an error can be
//! printed on a terminal, logged or shown in the UI without leaking case content.

/// Why an entities file or a profile could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RedactError {
    /// The entities file is not valid. Every problem found is listed; fix them all and retry.
    /// Problems name entity positions and ids, never names or other values.
    #[error("invalid entities file ({} problem(s)): {}", .problems.len(), .problems.join("; "))]
    InvalidEntities {
        /// One line per problem, without case content.
        problems: Vec<String>,
    },
    /// No built-in profile has this name. Use one of the listed names.
    #[error("unknown redaction profile; built-in profiles are: {known}")]
    UnknownProfile {
        /// The built-in profile names, comma separated.
        known: String,
    },
    /// A profile definition (JSON) is not valid. Every problem found is listed.
    #[error("invalid redaction profile ({} problem(s)): {}", .problems.len(), .problems.join("; "))]
    InvalidProfile {
        /// One line per problem.
        problems: Vec<String>,
    },
}
