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

use super::{is_structural, Answers};

pub const FORMAT: &str = "waystone-case";
pub const VERSION: u32 = 1;

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
}

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
    /// content (paths, codes and positions only).
    pub fn parse_and_check(json: &str) -> Result<CaseDocument, Vec<String>> {
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
                        "a field is missing, unknown or of the wrong type",
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
        if uuid::Uuid::parse_str(&doc.id).is_err() {
            problems.push("id: not a UUID".into());
        }
        if doc.code.is_empty() || doc.code.len() > 64 {
            problems.push("code: empty or too long".into());
        }
        match waystone_forms::builtin(&doc.form.id, doc.form.version) {
            None => problems.push(format!(
                "form: no form {} version {} in this build",
                doc.form.id, doc.form.version
            )),
            Some(def) => {
                for p in waystone_forms::validate(&def, &doc.answers) {
                    if is_structural(p.code) {
                        problems.push(format!("answers.{}: {}", p.path, p.code.as_str()));
                    }
                }
            }
        }
        for (i, a) in doc.attachments.iter().enumerate() {
            match B64.decode(&a.data) {
                Err(_) => problems.push(format!("attachments[{i}].data: not base64")),
                Ok(bytes) => {
                    if bytes.len() as u64 != a.size {
                        problems.push(format!("attachments[{i}].size: does not match the data"));
                    }
                    if hex::encode(Sha256::digest(&bytes)) != a.sha256 {
                        problems.push(format!("attachments[{i}].sha256: does not match the data"));
                    }
                }
            }
            if uuid::Uuid::parse_str(&a.id).is_err() {
                problems.push(format!("attachments[{i}].id: not a UUID"));
            }
            // one attachment per id: a second entry would be a second file under one name
            if doc.attachments[..i].iter().any(|b| b.id == a.id) {
                problems.push(format!("attachments[{i}].id: listed more than once"));
            }
        }
        if problems.is_empty() {
            Ok(doc)
        } else {
            Err(problems)
        }
    }
}
