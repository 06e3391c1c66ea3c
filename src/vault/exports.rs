//! Legal exports: consent gate, the ECHR application built from the case, one redaction pass
//! over every free text with the audience's profile, review candidates (nothing exports while
//! one is undecided unless the caller accepts them), the checks, rendering, and an export
//! record (profile, rule-set version, source and output hashes, the applied log).

use rusqlite::params;
use sha2::{Digest, Sha256};
use waystone_render::Lang;

use crate::crypto::Subkey;
use crate::legal::consent::{check_consent, Audience};
use crate::legal::echr::{self, Check};
use crate::legal::entities::entities_json;

use super::{now, Vault, VaultError};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    Markdown,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Markdown => "md",
        }
    }
}

/// A finished export.
#[derive(Debug, Clone)]
pub struct LegalExport {
    pub bytes: Vec<u8>,
    pub checks: Vec<Check>,
    /// Replacements made.
    pub replacements: usize,
    /// Candidates accepted as redacted (with `accept_candidates`).
    pub accepted_candidates: usize,
}

/// The redaction rule set's version, recorded with each export.
pub const RULESET_VERSION: &str = concat!("waystone-redact ", env!("CARGO_PKG_VERSION"));

const SEPARATOR: &str = "\n\n§§§§\n\n";

impl Vault {
    /// Builds, redacts, checks and renders the legal output of case `id` for `audience`.
    pub fn export_legal(
        &mut self,
        id: &str,
        audience: Audience,
        format: Format,
        lang: Lang,
        accept_candidates: bool,
    ) -> Result<LegalExport, VaultError> {
        self.require_read(id)?;
        let summary = self.case_summary(id)?;
        let answers = super::cases::read_answers(&self.conn, id)?;
        check_consent(&answers, audience).map_err(|m| VaultError::ConsentMissing(m.to_string()))?;
        let form = waystone_forms::builtin(&summary.form_id, summary.form_version).ok_or(
            VaultError::Internal("the case's form version is not in this build"),
        )?;
        let today = chrono::Utc::now().date_naive();
        let draft = echr::draft(&answers, &form, audience, lang, today);

        // every case-provided text redacted in one pass, for consistent tokens
        let texts = &draft.values;
        let narrative_lang = match answers.get(
            &"narrative_language"
                .parse()
                .map_err(|_| VaultError::Internal("path"))?,
        ) {
            Some(waystone_forms::Answer::Value(waystone_forms::Value::Choice(c))) if c == "ru" => {
                Some("ru")
            }
            Some(waystone_forms::Answer::Value(waystone_forms::Value::Choice(c))) if c == "en" => {
                Some("en")
            }
            _ => None,
        };
        let lang_code = narrative_lang.unwrap_or(match lang {
            Lang::En => "en",
            Lang::Ru => "ru",
        });
        let entities = waystone_redact::Entities::from_json(&entities_json(&answers, lang_code))
            .map_err(|_| VaultError::Internal("building the redaction entities"))?;
        let profile = waystone_redact::Profile::builtin(audience.as_str())
            .map_err(|_| VaultError::Internal("loading the redaction profile"))?;
        let key = self.vmk.subkey(Subkey::RedactionLog);
        let joined = texts.join(SEPARATOR);
        let out = waystone_redact::redact(&joined, &entities, &profile, key.expose_secret_bytes());
        let mut redacted: Vec<String> = out.text.split(SEPARATOR).map(str::to_owned).collect();
        let mut log = out.log;
        let mut candidates = out.candidates;
        if redacted.len() != texts.len() {
            // the separator did not survive: redact piece by piece (tokens may then restart)
            redacted.clear();
            log.clear();
            candidates.clear();
            for t in texts {
                let r = waystone_redact::redact(t, &entities, &profile, key.expose_secret_bytes());
                redacted.push(r.text);
                log.extend(r.log);
                candidates.extend(r.candidates);
            }
        }
        if !candidates.is_empty() && !accept_candidates {
            let list = candidates
                .iter()
                .map(|c| {
                    format!(
                        "{}..{} {}",
                        c.start,
                        c.end,
                        serde_json::to_string(&c.reason)
                            .unwrap_or_default()
                            .trim_matches('"')
                    )
                })
                .collect();
            return Err(VaultError::ReviewPending(list));
        }
        let blocks = echr::fill(draft.blocks, &redacted);
        let mut checks = draft.checks;
        checks.extend(echr::form_checks(&blocks, draft.sections));
        let doc = echr::document(lang, audience, blocks);
        let bytes = match format {
            Format::Docx => waystone_render::to_docx(&doc)
                .map_err(|_| VaultError::Internal("rendering DOCX"))?,
            Format::Pdf => {
                waystone_render::to_pdf(&doc).map_err(|_| VaultError::Internal("rendering PDF"))?
            }
            Format::Markdown => waystone_render::to_markdown(&doc).into_bytes(),
        };
        let source =
            serde_json::to_vec(&answers).map_err(|_| VaultError::Internal("hashing the source"))?;
        let log_json =
            serde_json::json!({ "replacements": log, "accepted_candidates": candidates });
        self.conn.execute(
            "INSERT INTO exports(case_id, profile, format, ruleset_version, source_sha256, output_sha256, log, at, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                audience.as_str(),
                format.as_str(),
                RULESET_VERSION,
                hex::encode(Sha256::digest(&source)),
                hex::encode(Sha256::digest(&bytes)),
                log_json.to_string(),
                now(),
                self.session.user
            ],
        )?;
        self.audit("case.export_legal", id)?;
        Ok(LegalExport {
            bytes,
            checks,
            replacements: log.len(),
            accepted_candidates: candidates.len(),
        })
    }
}
