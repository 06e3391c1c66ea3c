//! `waystone case import`'s parsing and validation of the interchange JSON (no vault needed):
//! the whole document against the built-in form, and the answers object on its own.
//!
//! src/cases/interchange.rs is compiled here on its own (it needs only the form engine and
//! serde), so this target does not pull in the core's SQLCipher, OpenSSL and renderers.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The crate root stands in for `waystone::cases` (src/cases/mod.rs) for the included file,
// which refers to `super::{is_known_status, is_structural, Answer, Answers}`.
use waystone_forms::{Answer, Answers, ProblemCode};

/// Must match `waystone::cases::is_structural` (src/cases/mod.rs).
fn is_structural(code: ProblemCode) -> bool {
    !matches!(
        code,
        ProblemCode::RequiredMissing
            | ProblemCode::ConstraintFailed
            | ProblemCode::IrrelevantAnswer
    )
}

/// Must match `waystone::cases::is_known_status`, i.e. `waystone::board::Status::ALL`
/// (src/board/mod.rs).
fn is_known_status(s: &str) -> bool {
    [
        "intake_scheduled",
        "interview_in_progress",
        "interview_complete",
        "legal_review",
        "filing_prepared",
        "filed",
        "communicated",
        "decided",
        "closed",
    ]
    .contains(&s)
}

#[allow(dead_code)] // `to_json` is for export, not import
#[path = "../../src/cases/interchange.rs"]
mod interchange;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = interchange::CaseDocument::parse_and_check(text);
        if let Ok(answers) = Answers::from_json(text) {
            let form = waystone_forms::latest_intake();
            let _ = waystone_forms::validate(&form, &answers);
            let _ = waystone_forms::progress(&form, &answers);
        }
    }
});
