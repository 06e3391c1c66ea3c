//! Legal exports: consent gate, the ECHR application (or the asylum letter, `legal::asylum`)
//! built from the case, one redaction pass
//! over every free text with the audience's profile, the review a lawyer works through
//! (`legal_review`: replacements to keep or reject, candidates to decide, manual phrases —
//! model in `legal::review`), the checks, rendering, and an export record (profile, rule-set
//! version, source and output hashes, the applied decisions as keyed hashes, never text).
//! Nothing exports while a candidate is undecided, unless the CLI caller accepts the engine's
//! reading of all of them (`--accept-candidates`).

use std::path::Path;

use rusqlite::params;
use sha2::{Digest, Sha256};
use waystone_render::Lang;

use crate::cases::vocabulary::{self, Gap};
use crate::crypto::Subkey;
use crate::legal::consent::{check_consent, Audience};
use crate::legal::echr::{self, Check};
use crate::legal::entities::entities_json;
use crate::legal::review::{
    self, DecisionError, Decisions, Markers, PreviewBlock, Review, SpanKind,
};
use crate::legal::summary;

use crate::vault::{now, Vault, VaultError};

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

/// Which document a case's form allows (`cases::vocabulary`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentKind {
    /// The audience's own document (the ECHR application, the public summary, the asylum
    /// letter): the case's form provides the intake vocabulary it reads.
    Structured,
    /// The generic case summary (`legal::summary`): the form lacks or names differently
    /// these paths (definition names only, never case content).
    GenericSummary { blockers: Vec<Gap> },
}

impl DocumentKind {
    fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::Structured => "structured",
            DocumentKind::GenericSummary { .. } => "generic_summary",
        }
    }
}

/// A finished export.
#[derive(Debug, Clone)]
pub struct LegalExport {
    /// Which document was produced.
    pub kind: DocumentKind,
    pub bytes: Vec<u8>,
    pub checks: Vec<Check>,
    /// Spans redacted in the output (replacements kept and candidates redacted).
    pub replacements: usize,
    /// Candidates decided as redacted.
    pub accepted_candidates: usize,
    /// Replacements the reviewer rejected (the original stands).
    pub rejected: usize,
    /// Occurrences removed by the reviewer's manual phrases.
    pub manual_removals: usize,
}

/// What the review screen shows: the document with its case-provided values cut into text
/// and spans, and the checks on the default output. Holds case text: for the screen only.
#[derive(Debug, Clone)]
pub struct LegalReview {
    /// Which document will be produced, and why.
    pub kind: DocumentKind,
    /// Binds decisions to this exact case content, audience, language and rule set: an export
    /// with a token from an older state of the case is refused.
    pub token: String,
    pub blocks: Vec<PreviewBlock>,
    pub review: Review,
    pub checks: Vec<Check>,
    /// The reviewer's own draft of this document: given back, dropped (and why), or none.
    pub draft: crate::legal::drafts::DraftState,
}

pub use crate::legal::review::RULESET_VERSION;

const SEPARATOR: &str = "\n\n§§§§\n\n";

/// Everything an export or a review is made from.
pub(super) struct Prepared {
    kind: DocumentKind,
    draft: echr::Draft,
    review: Review,
    token: String,
    source_sha256: String,
    /// Language of the case's texts (`en`/`ru`), for the markers the review adds.
    text_lang: &'static str,
}

impl Vault {
    pub(super) fn prepare_legal(
        &mut self,
        id: &str,
        audience: Audience,
        lang: Lang,
    ) -> Result<Prepared, VaultError> {
        // the rights table's row for legal outputs, on this case, before anything is read
        self.require(id, crate::access::Op::PrepareLegal)?;
        let case = self.readable(id)?;
        let summary = case.summary().clone();
        let answers = case.answers()?;
        check_consent(&answers, audience).map_err(VaultError::ConsentMissing)?;
        // the case's form: built in, or imported into this vault (the catalogue checks its digest)
        let form = self.form(&summary.form_id, Some(summary.form_version))?;
        let kind = if waystone_forms::builtin(form.id(), form.version()).is_some() {
            DocumentKind::Structured
        } else {
            let report = vocabulary::check(&form);
            if report.feeds_legal_documents() {
                DocumentKind::Structured
            } else {
                DocumentKind::GenericSummary {
                    blockers: report.legal_blockers(),
                }
            }
        };
        let today = chrono::Utc::now().date_naive();
        // the asylum letter: its own consent (naming the authority), details and counts
        let mut asylum_source = String::new();
        let draft = match audience {
            Audience::Asylum(host) => {
                let details = self.asylum_details_unchecked(id)?;
                crate::legal::asylum::check_asylum_consent(details.as_ref(), host)
                    .map_err(VaultError::ConsentMissing)?;
                let details = details.unwrap_or_default();
                asylum_source = serde_json::to_string(&details)
                    .map_err(|_| VaultError::Internal("hashing the asylum details"))?;
                match &kind {
                    DocumentKind::Structured => {
                        let counts = self.asylum_corroboration(id)?;
                        crate::legal::asylum::letter::draft(
                            &answers, &form, &details, host, counts, lang, today,
                        )
                    }
                    DocumentKind::GenericSummary { blockers } => {
                        summary::draft(&answers, &form, audience, lang, blockers)
                    }
                }
            }
            Audience::Echr | Audience::Public => match &kind {
                DocumentKind::Structured => echr::draft(&answers, &form, audience, lang, today),
                DocumentKind::GenericSummary { blockers } => {
                    summary::draft(&answers, &form, audience, lang, blockers)
                }
            },
        };

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
        let text_lang = narrative_lang.unwrap_or(match lang {
            Lang::En => "en",
            Lang::Ru => "ru",
        });
        let entities = waystone_redact::Entities::from_json(&entities_json(&answers, text_lang))
            .map_err(|_| VaultError::Internal("building the redaction entities"))?;
        let profile = waystone_redact::Profile::builtin(audience.as_str())
            .map_err(|_| VaultError::Internal("loading the redaction profile"))?;
        let key = self.vmk.subkey(Subkey::RedactionLog);
        let texts = &draft.values;
        // every case-provided text redacted in one pass, for consistent tokens
        let joined = waystone_redact::redact(
            &texts.join(SEPARATOR),
            &entities,
            &profile,
            key.expose_secret_bytes(),
        );
        let outputs = match review::split_joined(texts, SEPARATOR, joined) {
            Some(o) => o,
            // the separator did not survive: redact piece by piece (tokens may then restart)
            None => texts
                .iter()
                .map(|t| waystone_redact::redact(t, &entities, &profile, key.expose_secret_bytes()))
                .collect(),
        };
        let review = review::build(texts, &outputs).ok_or(VaultError::Internal(
            "the redaction offsets do not fit the text",
        ))?;

        let mut source =
            serde_json::to_vec(&answers).map_err(|_| VaultError::Internal("hashing the source"))?;
        // the asylum details are part of the letter's source (and of the review's token)
        source.extend_from_slice(asylum_source.as_bytes());
        let source_sha256 = hex::encode(Sha256::digest(&source));
        let host = match audience {
            Audience::Asylum(h) => h.code().to_owned(),
            _ => String::new(),
        };
        let mut t = Sha256::new();
        for part in [
            "waystone-legal-review/v1",
            id,
            audience.as_str(),
            kind.as_str(),
            &host,
            text_lang,
            match lang {
                Lang::En => "en",
                Lang::Ru => "ru",
            },
            RULESET_VERSION,
            &source_sha256,
        ] {
            t.update((part.len() as u64).to_le_bytes());
            t.update(part.as_bytes());
        }
        Ok(Prepared {
            kind,
            draft,
            review,
            token: hex::encode(t.finalize()),
            source_sha256,
            text_lang,
        })
    }

    /// The review of case `id`'s legal output for `audience`: the document as it would be
    /// exported with the engine's defaults, every span to decide, and the checks.
    pub fn legal_review(
        &mut self,
        id: &str,
        audience: Audience,
        lang: Lang,
    ) -> Result<LegalReview, VaultError> {
        let p = self.prepare_legal(id, audience, lang)?;
        let defaults = review::apply(
            &p.review,
            &engine_defaults(&p.review),
            Markers::for_lang(p.text_lang),
        )
        .map_err(|_| VaultError::Internal("applying the engine's own decisions"))?;
        let mut checks = p.draft.checks.clone();
        if !matches!(audience, Audience::Asylum(_)) && p.kind == DocumentKind::Structured {
            checks.extend(echr::form_checks(
                &echr::fill(p.draft.blocks.clone(), &defaults.texts),
                p.draft.sections,
            ));
        }
        self.audit("case.review_legal", id)?;
        let draft = self.take_review_draft(id, audience, lang, &p.token)?;
        Ok(LegalReview {
            draft,
            kind: p.kind,
            token: p.token,
            blocks: review::preview(&p.draft.blocks),
            review: p.review,
            checks,
        })
    }

    /// Builds, redacts, checks and renders the legal output of case `id` for `audience` with
    /// the engine's decisions. Undecided candidates refuse the export unless
    /// `accept_candidates` (then each stays as the engine read it). With `out`, the bytes are
    /// written there as a new file before the export is recorded.
    pub fn export_legal(
        &mut self,
        id: &str,
        audience: Audience,
        format: Format,
        lang: Lang,
        accept_candidates: bool,
        out: Option<&Path>,
    ) -> Result<LegalExport, VaultError> {
        let p = self.prepare_legal(id, audience, lang)?;
        let decisions = if accept_candidates {
            engine_defaults(&p.review)
        } else {
            Decisions::default()
        };
        self.finish_legal(id, audience, format, lang, p, &decisions, false, out)
    }

    /// The export after a review: `token` from [`Vault::legal_review`] (refused when the case
    /// changed since), the reviewer's `decisions` (every candidate decided).
    #[allow(clippy::too_many_arguments)] // the CLI's export options plus the review
    pub fn export_reviewed(
        &mut self,
        id: &str,
        audience: Audience,
        format: Format,
        lang: Lang,
        token: &str,
        decisions: &Decisions,
        out: Option<&Path>,
    ) -> Result<LegalExport, VaultError> {
        let p = self.prepare_legal(id, audience, lang)?;
        if p.token != token {
            return Err(VaultError::Invalid(
                "the case, the language or the rules changed since this review was prepared; review it again".into(),
            ));
        }
        self.finish_legal(id, audience, format, lang, p, decisions, true, out)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn finish_legal(
        &mut self,
        id: &str,
        audience: Audience,
        format: Format,
        lang: Lang,
        p: Prepared,
        decisions: &Decisions,
        reviewed: bool,
        out: Option<&Path>,
    ) -> Result<LegalExport, VaultError> {
        // the path's problems (relative, a missing folder, a file there) before rendering
        if let Some(out) = out {
            crate::fsio::check_new_file(out, "writing the export")?;
        }
        // a decision on one span of a candidate group decides the group (the log below counts
        // what was applied)
        let decisions = &review::expand_groups(&p.review, decisions);
        let applied = review::apply(&p.review, decisions, Markers::for_lang(p.text_lang))
            .map_err(|e| match e {
                DecisionError::Undecided(list) => VaultError::ReviewPending(
                    list.iter()
                        .map(|i| {
                            let s = &p.review.spans[*i];
                            let reason = match s.kind {
                                SpanKind::Candidate(r) => serde_json::to_string(&r)
                                    .unwrap_or_default()
                                    .trim_matches('"')
                                    .to_owned(),
                                SpanKind::Replacement => String::new(),
                            };
                            format!(
                                "text {} characters {}..{} {reason}",
                                s.value + 1,
                                s.char_start,
                                s.char_end
                            )
                        })
                        .collect(),
                ),
                DecisionError::UnknownSpan(_) => VaultError::Invalid(
                    "a decision names a span this review does not have; review it again".into(),
                ),
                DecisionError::BadPhrase(n) => VaultError::Invalid(format!(
                    "manual redaction {} is empty, has no letter or digit, or is longer than {} characters",
                    n + 1,
                    review::MAX_PHRASE_CHARS
                )),
            })?;
        let blocks = echr::fill(p.draft.blocks, &applied.texts);
        let mut checks = p.draft.checks;
        let doc = match &p.kind {
            DocumentKind::Structured => {
                if !matches!(audience, Audience::Asylum(_)) {
                    checks.extend(echr::form_checks(&blocks, p.draft.sections));
                }
                echr::document(lang, audience, blocks)
            }
            DocumentKind::GenericSummary { .. } => waystone_render::Document {
                title: summary::title(lang),
                language: lang,
                blocks,
            },
        };
        let bytes = match format {
            Format::Docx => waystone_render::to_docx(&doc)
                .map_err(|_| VaultError::Internal("rendering DOCX"))?,
            Format::Pdf => {
                waystone_render::to_pdf(&doc).map_err(|_| VaultError::Internal("rendering PDF"))?
            }
            Format::Markdown => waystone_render::to_markdown(&doc).into_bytes(),
        };

        // the file first: an export record stands only for a file that was written
        if let Some(path) = out {
            crate::fsio::write_new_file(path, &bytes, "writing the export")?;
        }
        // the applied log: what happened to each span and phrase, originals only as keyed hashes
        let key = self.vmk.subkey(Subkey::RedactionLog);
        let mut redacted = 0;
        let mut accepted_candidates = 0;
        let mut rejected = 0;
        let spans: Vec<serde_json::Value> = p
            .review
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let redact = decisions
                    .redact
                    .get(&i)
                    .copied()
                    .unwrap_or(s.redacted_by_default);
                let candidate = match s.kind {
                    SpanKind::Candidate(r) => Some(r),
                    SpanKind::Replacement => None,
                };
                redacted += usize::from(redact);
                accepted_candidates += usize::from(redact && candidate.is_some());
                rejected += usize::from(!redact && candidate.is_none());
                serde_json::json!({
                    "text": s.value,
                    "char_start": s.char_start,
                    "char_end": s.char_end,
                    "rule": s.rule,
                    "entity": s.entity,
                    "candidate": candidate,
                    "redacted": redact,
                    "redacted_by_default": s.redacted_by_default,
                    "original_hmac": s.original_hmac,
                })
            })
            .collect();
        let manual: Vec<serde_json::Value> = decisions
            .phrases
            .iter()
            .zip(&applied.phrase_hits)
            .map(|(ph, n)| {
                serde_json::json!({
                    "phrase_hmac": waystone_redact::log::original_hmac(key.expose_secret_bytes(), ph.trim()),
                    "occurrences": n,
                })
            })
            .collect();
        let log_json = serde_json::json!({
            "reviewed": reviewed,
            "review_token": p.token,
            "spans": spans,
            "manual": manual,
        });
        self.conn.execute(
            "INSERT INTO exports(case_id, profile, format, ruleset_version, source_sha256, output_sha256, log, at, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                audience.as_str(),
                format.as_str(),
                RULESET_VERSION,
                p.source_sha256,
                hex::encode(Sha256::digest(&bytes)),
                log_json.to_string(),
                now(),
                self.session.user
            ],
        )?;
        self.audit("case.export_legal", id)?;
        Ok(LegalExport {
            kind: p.kind,
            bytes,
            checks,
            replacements: redacted,
            accepted_candidates,
            rejected,
            manual_removals: applied.phrase_hits.iter().sum(),
        })
    }
}

/// The engine's own reading of every candidate, as decisions.
pub(super) fn engine_defaults(r: &Review) -> Decisions {
    Decisions {
        redact: r
            .spans
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.kind, SpanKind::Candidate(_)))
            .map(|(i, s)| (i, s.redacted_by_default))
            .collect(),
        phrases: vec![],
    }
}
