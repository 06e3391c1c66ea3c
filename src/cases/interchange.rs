//! The case interchange JSON, version 1 — what `waystone case export` prints and
//! `case import` reads. Documented in docs/case-interchange.md; stable: a change that old
//! readers cannot ignore gets a new version number, and old versions stay readable.
//!
//! ```json
//! {
//!   "format": "waystone-case", "version": 1,
//!   "id": "…uuid…", "code": "WS-ABCD-EFGH",
//!   "form": { "id": "intake", "version": 1 },
//!   "status": "interview_in_progress",
//!   "created_at": "…", "created_by": "…", "updated_at": "…", "updated_by": "…",
//!   "answers": { "answers": { "<path>": <Answer> }, "repeats": { "<path>": <count> } },
//!   "attachments": [ { "id", "file_name", "media_type", "size", "sha256", "data": "<base64>" } ]
//! }
//! ```
//! Export is deterministic (maps in path order), so export → import → export is identical.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{is_structural, Answer, Answers};

pub const FORMAT: &str = "waystone-case";
pub const VERSION: u32 = 1;

/// Most bytes one answer may take as stored (its JSON: a text answer's characters in UTF-8,
/// plus a few bytes). 1 MiB ≈ 500,000 Cyrillic or 1,000,000 Latin characters: a testimony of
/// several hundred pages. Checked at import and at every save.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;
/// Most bytes all the answers of one case may take together (attachments are not answers).
pub const MAX_ANSWERS_BYTES: usize = 4 * 1024 * 1024;
/// How far in the future a document's timestamp may be (another laptop's clock may run
/// ahead); later is refused as not real.
pub const CLOCK_SKEW_HOURS: i64 = 24;
/// Longest attachment file name, in characters (what `add_attachment` has always kept).
pub const MAX_FILE_NAME_CHARS: usize = 255;
/// Longest case code, in characters.
pub const MAX_CODE_CHARS: usize = 64;

const NOT_CANONICAL_UUID: &str =
    "{}: not a UUID in its one accepted spelling (lowercase, hyphenated, no braces or urn:uuid:)";

#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
#[serde(deny_unknown_fields)]
pub struct FormRef {
    pub id: String,
    pub version: u32,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
#[serde(deny_unknown_fields)]
pub struct AttachmentDoc {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    /// The original bytes, base64.
    pub data: String,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
#[serde(deny_unknown_fields)]
pub struct CaseDocument {
    pub format: String,
    pub version: u32,
    pub id: String,
    pub code: String,
    pub form: FormRef,
    pub status: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub answers: Answers,
    #[serde(default)]
    pub attachments: Vec<AttachmentDoc>,
    /// Where and when the case was filed (recorded with the `filed` status), so the filing
    /// reaches those who follow the case in a status card. Absent when none is recorded (and
    /// then not written: a document without one reads as it always did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<FilingDoc>,
}

/// A case's filing details: the body filed with, the application number and the date.
#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
#[serde(deny_unknown_fields)]
pub struct FilingDoc {
    pub body: String,
    pub number: String,
    /// YYYY-MM-DD
    pub date: String,
}

/// The longest filing body or application number accepted.
pub const MAX_FILING_CHARS: usize = 200;

impl std::fmt::Debug for CaseDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseDocument")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl CaseDocument {
    pub fn to_json(&self) -> String {
        // Serialising plain data to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parses and checks a document against its form; every problem is listed, none quotes
    /// content (field names, paths, codes, positions and limits only). Every field has a
    /// type and a closed set or a pattern (see the `is_…` functions of this module); answers
    /// are also held to [`MAX_ANSWER_BYTES`] each and [`MAX_ANSWERS_BYTES`] in all.
    pub fn parse_and_check(json: &str) -> Result<CaseDocument, Vec<String>> {
        Self::parse_and_check_with(json, &|id, version| waystone_forms::builtin(id, version))
    }

    /// [`Self::parse_and_check`] against the forms `form_of` finds: the built-in ones and, in
    /// a vault, the imported ones (`catalog`).
    pub fn parse_and_check_with(
        json: &str,
        form_of: &dyn Fn(&str, u32) -> Option<waystone_forms::FormDef>,
    ) -> Result<CaseDocument, Vec<String>> {
        let doc: CaseDocument = serde_json::from_str(json).map_err(|e| {
            // serde_json's message can quote a token from the input: keep only the position.
            vec![format!(
                "not a valid case document (line {}, column {}: {})",
                e.line(),
                e.column(),
                match e.classify() {
                    serde_json::error::Category::Io => "unreadable",
                    serde_json::error::Category::Syntax => "syntax error",
                    serde_json::error::Category::Data =>
                        "a field is missing, unknown, given twice or of the wrong type",
                    serde_json::error::Category::Eof => "unexpected end",
                }
            )]
        })?;
        let mut problems = Vec::new();
        if doc.format != FORMAT {
            problems.push(format!("format: expected \"{FORMAT}\""));
        }
        if doc.version != VERSION {
            problems.push(format!("version: this build reads version {VERSION}"));
        }
        if !is_canonical_uuid(&doc.id) {
            problems.push(NOT_CANONICAL_UUID.replace("{}", "id"));
        }
        if !is_case_code(&doc.code) {
            problems.push(format!(
                "code: not a case code (1 to {MAX_CODE_CHARS} capital letters A-Z and digits in groups joined by single '-', e.g. WS-ABCD-EFGH)"
            ));
        }
        if !super::is_known_status(&doc.status) {
            problems.push("status: not one of the board's statuses".into());
        }
        for (field, name) in [
            ("created_by", &doc.created_by),
            ("updated_by", &doc.updated_by),
        ] {
            if !is_user_name(name) {
                problems.push(format!(
                    "{field}: not a user name (1 to 64 letters, digits, '-', '_' or '.')"
                ));
            }
        }
        for (field, at) in [
            ("created_at", &doc.created_at),
            ("updated_at", &doc.updated_at),
        ] {
            if let Some(p) = timestamp_problem(at) {
                problems.push(format!("{field}: {p}"));
            }
        }
        match form_of(&doc.form.id, doc.form.version) {
            // the id is input: never printed back
            None => problems
                .push("form: no form of that id and version in this build or this vault".into()),
            Some(def) => {
                for p in waystone_forms::validate(&def, &doc.answers) {
                    if is_structural(p.code) {
                        problems.push(format!("answers.{}: {}", p.path, p.code.as_str()));
                    }
                }
            }
        }
        problems.extend(answers_size_problems(&doc.answers));
        if let Some(f) = &doc.filing {
            for (field, value) in [("filing.body", &f.body), ("filing.number", &f.number)] {
                if value.trim().is_empty()
                    || value.chars().count() > MAX_FILING_CHARS
                    || value.chars().any(char::is_control)
                {
                    problems.push(format!(
                        "{field}: 1 to {MAX_FILING_CHARS} characters, no control characters"
                    ));
                }
            }
            if chrono::NaiveDate::parse_from_str(&f.date, "%Y-%m-%d").is_err() {
                problems.push("filing.date: not a date (YYYY-MM-DD)".into());
            }
        }
        for (i, a) in doc.attachments.iter().enumerate() {
            match B64.decode(&a.data) {
                Err(_) => problems.push(format!("attachments[{i}].data: not base64")),
                Ok(bytes) => {
                    if bytes.len() as u64 != a.size {
                        problems.push(format!("attachments[{i}].size: does not match the data"));
                    }
                    if !is_sha256_hex(&a.sha256) {
                        problems.push(format!(
                            "attachments[{i}].sha256: not 64 lowercase hexadecimal digits"
                        ));
                    } else if hex::encode(Sha256::digest(&bytes)) != a.sha256 {
                        problems.push(format!("attachments[{i}].sha256: does not match the data"));
                    }
                }
            }
            if !is_canonical_uuid(&a.id) {
                problems.push(NOT_CANONICAL_UUID.replace("{}", &format!("attachments[{i}].id")));
            }
            // one attachment per id: a second entry would be a second file under one name
            if doc.attachments[..i].iter().any(|b| b.id == a.id) {
                problems.push(format!("attachments[{i}].id: listed more than once"));
            }
            if !is_file_name(&a.file_name) {
                problems.push(format!(
                    "attachments[{i}].file_name: not a file name (at most {MAX_FILE_NAME_CHARS} characters, no control or direction characters, no '/' or '\\')"
                ));
            }
            if !is_media_type(&a.media_type) {
                problems.push(format!(
                    "attachments[{i}].media_type: not a media type (type/subtype, e.g. image/jpeg)"
                ));
            }
        }
        if problems.is_empty() {
            Ok(doc)
        } else {
            Err(problems)
        }
    }
}

/// A UUID exactly as this app writes it: 36 characters, lowercase, hyphenated. Other
/// spellings of the same UUID (`{…}`, `urn:uuid:`, upper case, no hyphens) are refused, so
/// an id has one spelling everywhere: in the database, as a file name, in a backup.
pub fn is_canonical_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// A case code: `WS-ABCD-EFGH` as [`super::new_code`] makes it, and any code of capital
/// ASCII letters and digits in groups joined by single hyphens, at most [`MAX_CODE_CHARS`]
/// (codes older vaults and tests hold, e.g. `WS-LEAK-PANIC`).
pub fn is_case_code(s: &str) -> bool {
    s.len() <= MAX_CODE_CHARS
        && s.split('-').all(|group| {
            !group.is_empty()
                && group
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// A local user name, the rule `user add` applies: 1 to 64 letters, digits, `-`, `_`, `.`.
pub fn is_user_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Why `at` is not an acceptable timestamp: not RFC 3339, or more than [`CLOCK_SKEW_HOURS`]
/// ahead of this computer's clock.
pub fn timestamp_problem(at: &str) -> Option<&'static str> {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Err(_) => Some("not an RFC 3339 timestamp (e.g. 2026-03-01T09:30:00.000Z)"),
        Ok(t) if t > chrono::Utc::now() + chrono::Duration::hours(CLOCK_SKEW_HOURS) => {
            Some("more than 24 hours in the future")
        }
        Ok(_) => None,
    }
}

/// Characters that reorder how text is shown (bidirectional embeddings, overrides and
/// isolates): refused in file names, where they disguise an extension.
fn is_direction_char(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character an attachment's file name may hold: not a control or direction character,
/// not a path separator.
pub fn is_file_name_char(c: char) -> bool {
    !(c.is_control() || is_direction_char(c) || c == '/' || c == '\\')
}

/// An attachment's file name as recorded (never used as a path: files are stored by id): at
/// most [`MAX_FILE_NAME_CHARS`] characters, each [`is_file_name_char`], not `.` or `..`.
/// Empty is allowed (a file dropped without a name).
pub fn is_file_name(s: &str) -> bool {
    s.chars().count() <= MAX_FILE_NAME_CHARS
        && s.chars().all(is_file_name_char)
        && s != "."
        && s != ".."
}

/// A media type `type/subtype` (RFC 6838 names: a letter or digit, then letters, digits and
/// `!#$&-^_.+`, at most 127 characters each), without parameters.
pub fn is_media_type(s: &str) -> bool {
    let name = |p: &str| {
        (1..=127).contains(&p.len())
            && p.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    matches!(s.split_once('/'), Some((t, sub)) if name(t) && name(sub))
}

/// A SHA-256 digest as recorded: 64 lowercase hexadecimal digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The bytes an answer takes as stored (its JSON).
pub fn answer_size(a: &Answer) -> usize {
    serde_json::to_string(a).map_or(usize::MAX, |j| j.len())
}

/// The size problems of a whole set of answers: each against [`MAX_ANSWER_BYTES`], all
/// together against [`MAX_ANSWERS_BYTES`]. Names paths and limits, never content.
pub fn answers_size_problems(answers: &Answers) -> Vec<String> {
    let mut problems = Vec::new();
    let mut total = 0usize;
    for (path, a) in answers.iter() {
        let n = answer_size(a);
        total = total.saturating_add(n);
        if n > MAX_ANSWER_BYTES {
            problems.push(format!(
                "answers.{path}: longer than the limit of {} KiB per answer",
                MAX_ANSWER_BYTES / 1024
            ));
        }
    }
    if total > MAX_ANSWERS_BYTES {
        problems.push(format!(
            "answers: longer than the limit of {} MiB for all the answers of a case",
            MAX_ANSWERS_BYTES / (1024 * 1024)
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One rule, many vectors: each input with whether the rule accepts it.
    fn check(rule: fn(&str) -> bool, vectors: &[(&str, bool)]) {
        for (input, expected) in vectors {
            assert_eq!(rule(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn field_patterns_accept_what_this_app_writes_and_nothing_else() {
        let id = "4977e39b-2ef5-458d-b345-217bfb12b062";
        check(
            is_canonical_uuid,
            &[
                (id, true),
                ("4977E39B-2EF5-458D-B345-217BFB12B062", false),
                ("{4977e39b-2ef5-458d-b345-217bfb12b062}", false),
                ("urn:uuid:4977e39b-2ef5-458d-b345-217bfb12b062", false),
                ("4977e39b2ef5458db345217bfb12b062", false),
                ("../4977e39b-2ef5-458d-b345-217bfb12b06", false),
                ("", false),
            ],
        );
        check(
            is_case_code,
            &[
                ("WS-STU7-3J4S", true),
                ("WS-LEAK-PANIC", true),
                ("WS-FULL-DISK", true),
                ("ws-stu7-3j4s", false),
                ("WS--ABCD", false),
                ("-WS", false),
                ("WS-", false),
                ("", false),
                ("WS-ABCD\n", false),
                ("WS-ÄBCD", false),
                (&format!("WS-{}", "A".repeat(61)), true),
                (&format!("WS-{}", "A".repeat(62)), false),
            ],
        );
        check(
            is_user_name,
            &[
                ("ana", true),
                ("caseworker-demo", true),
                ("law_1.ru", true),
                ("Зарема", true),
                ("", false),
                ("ana root", false),
                ("ana\n", false),
                ("a/b", false),
                (&"a".repeat(65), false),
            ],
        );
        check(
            is_file_name,
            &[
                ("photo.jpg", true),
                ("фото 2019.png", true),
                ("", true),
                (".", false),
                ("..", false),
                ("a/b", false),
                ("a\\b", false),
                ("a\u{1b}[2J", false),
                ("x\u{202e}gpj.exe", false),
                (&"я".repeat(255), true),
                (&"я".repeat(256), false),
            ],
        );
        check(
            is_media_type,
            &[
                ("image/jpeg", true),
                (
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    true,
                ),
                ("audio/ogg", true),
                ("image", false),
                ("image/", false),
                ("/jpeg", false),
                ("text/plain; charset=utf-8", false),
                ("image/jpeg\r\nX: y", false),
                ("", false),
            ],
        );
        check(
            is_sha256_hex,
            &[
                (&"a".repeat(64), true),
                (&"A".repeat(64), false),
                (&"a".repeat(63), false),
                (&"g".repeat(64), false),
            ],
        );
        let ok = |s: &str| timestamp_problem(s).is_none();
        for (at, expected) in [
            ("2026-03-01T09:30:00.000Z", true),
            ("2026-03-01T09:30:00+03:00", true),
            ("2026-03-01T09:30:00", false),
            ("2026-13-01T09:30:00Z", false),
            ("yesterday", false),
            ("2099-01-01T00:00:00Z", false),
        ] {
            assert_eq!(ok(at), expected, "{at}");
        }
    }
}
