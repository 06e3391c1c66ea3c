//! Opening a bundle: every check (recipient, pinned sender, signature, every part, replay,
//! order, provenance) before anything is written, then the document applied as a new case
//! or an update, or held for a person to decide. A case on an imported form may carry the
//! form's definition (`form.json`): checked like `form import` after the signature, used
//! when this vault holds the same version with the same digest, refused when it holds the
//! same version with another, registered with the case (in the import's transaction, not
//! offered for new interviews) when it holds none.

use rusqlite::{params, OptionalExtension};
use waystone_bundle::BundleKind;

use crate::cases::interchange::CaseDocument;
use crate::casework::AttachmentMode;
use crate::vault::{now, Vault, VaultError};

use super::model::{
    bundle_digest, bundle_error, refused, BundlePreview, BundleRefusal, Outcome, Received,
};
use super::model::{manifest_identity, PartSummary, FORM_PART, STATUS_CARD_PATHS};
use super::plan::{card_matches_held, settle_version, Plan};

/// A verified bundle and the case document opening it would import.
pub(super) struct Checked {
    preview: BundlePreview,
    /// The document to import (a status card merged over the copy held).
    doc: CaseDocument,
    /// The document as signed (what a held update keeps).
    signed_json: String,
    manifest_id: String,
    /// The imported form's definition the bundle carried, checked (registered with the case
    /// when this vault lacks it).
    carried: Option<crate::catalog::CarriedForm>,
}

impl Vault {
    /// Verifies a bundle and says what opening it would do, writing nothing (no keys are
    /// made, no audit entry): the app's summary before the person chooses to import.
    pub fn verify_bundle(&self, bytes: &[u8]) -> Result<BundlePreview, VaultError> {
        Ok(self.check_bundle(bytes)?.preview)
    }

    /// Imports a bundle the person verified with [`Vault::verify_bundle`]: refused unless
    /// the bytes are exactly the ones verified (`digest`), then checked again in full.
    pub fn import_verified_bundle(
        &mut self,
        bytes: &[u8],
        digest: &str,
    ) -> Result<Received, VaultError> {
        if bundle_digest(bytes) != digest {
            return Err(VaultError::Invalid(
                "the bundle file changed after it was verified; open it again".into(),
            ));
        }
        self.open_bundle(bytes)
    }

    /// Verifies and imports a bundle. Nothing is written unless every check passes; a local
    /// copy changed after the bundle's version is refused, not overwritten; a version not
    /// newer than the one held is refused; the same bundle again changes nothing; an update
    /// from someone who is not a trusted sender of the case is held for a person's decision.
    /// The sender's signed audit chain head is recorded in this vault's audit log.
    pub fn open_bundle(&mut self, bytes: &[u8]) -> Result<Received, VaultError> {
        let checked = self.check_bundle(bytes)?;
        self.apply_checked(checked)
    }

    /// [`Vault::open_bundle`] for a bundle already decrypted and verified by
    /// [`Vault::open_raw_bundle`] (the mailbox opens each object once, then routes receipts
    /// and bundles); every check after the bundle crate's runs here unchanged.
    pub(crate) fn open_opened_bundle(
        &mut self,
        bytes: &[u8],
        opened: waystone_bundle::Opened,
    ) -> Result<Received, VaultError> {
        let checked = self.check_opened(bytes, opened)?;
        self.apply_checked(checked)
    }

    fn apply_checked(&mut self, checked: Checked) -> Result<Received, VaultError> {
        let Checked {
            preview,
            doc,
            signed_json,
            manifest_id,
            carried,
        } = checked;
        let received = |outcome, created, changed| Received {
            status_card: preview.status_card,
            case_id: preview.case_id.clone(),
            code: preview.code.clone(),
            sender: preview.sender.clone(),
            created,
            changed,
            outcome,
        };
        if preview.already_opened {
            return Ok(received(Outcome::AlreadyOpened, false, vec![]));
        }
        if preview.held {
            let id = self.record_incoming(
                &preview,
                &manifest_id,
                &doc.updated_at,
                super::incoming::IncomingState::Held,
                super::incoming::IncomingReason::UntrustedSender,
                Some(&signed_json),
            )?;
            self.audit("bundle.held", &preview.case_id)?;
            return Ok(received(
                Outcome::Held { incoming_id: id },
                false,
                preview.changed.clone(),
            ));
        }
        if preview.conflict.is_some() {
            // never overwritten, never refused either: kept for a person to compare
            let id = self.record_incoming(
                &preview,
                &manifest_id,
                &doc.updated_at,
                super::incoming::IncomingState::Held,
                super::incoming::IncomingReason::Conflict,
                Some(&signed_json),
            )?;
            self.audit("bundle.conflict_held", &preview.case_id)?;
            return Ok(received(
                Outcome::Conflict { incoming_id: id },
                false,
                preview.changed.clone(),
            ));
        }
        let signed_version = doc.updated_at.clone();
        let mut doc = doc;
        let version_ms = settle_version(&mut doc, preview.status_card)?;
        let version = doc.updated_at.clone();
        self.never_back_in_time(&mut doc)?;
        let (id, created) = self.apply_document(&doc, preview.status_card, carried.as_ref())?;
        self.record_version(&id, version_ms, &version)?;
        self.record_base(
            &id,
            &preview.sender_fingerprint,
            &doc.status,
            &doc.answers,
            preview.status_card,
        )?;
        if created {
            // a case that came whole: its sender is its origin; one that came as a status
            // card: its sender may send status cards, never the testimony
            self.conn.execute(
                "INSERT INTO case_senders(case_id, fingerprint, why, since) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(case_id, fingerprint) DO NOTHING",
                params![
                    id,
                    preview.sender_fingerprint,
                    if preview.status_card {
                        "card_to"
                    } else {
                        "origin"
                    },
                    now()
                ],
            )?;
        }
        self.record_incoming(
            &preview,
            &manifest_id,
            &signed_version,
            super::incoming::IncomingState::Imported,
            if created {
                super::incoming::IncomingReason::NewCase
            } else {
                super::incoming::IncomingReason::TrustedSender
            },
            None,
        )?;
        self.audit("bundle.open", &id)?;
        // the sender's chain head, as signed: ties this import to the sender's log
        self.audit(
            "bundle.sender_audit_head",
            &format!("{}:{}", preview.sender_fingerprint, preview.audit_head),
        )?;
        Ok(received(
            Outcome::Imported,
            created,
            preview.changed.clone(),
        ))
    }

    /// Writes a checked document: a status card over the board fields only (stored
    /// attachments stay), a whole case in full. The receiver of a new case works on it.
    pub(crate) fn apply_document(
        &mut self,
        doc: &CaseDocument,
        status_card: bool,
        carried: Option<&crate::catalog::CarriedForm>,
    ) -> Result<(String, bool), VaultError> {
        let json = doc.to_json();
        // a status card changes the board fields only: the stored attachments stay
        let mode = if status_card {
            AttachmentMode::KeepStored
        } else {
            AttachmentMode::Merge
        };
        let (id, created) = self.import_case_with(&json, mode, carried)?;
        // the receiver of a new case works on it: lawyers and caseworkers are assigned to it;
        // a case already held keeps its assignment
        let column = match self.session.role {
            crate::access::Role::Lawyer if created => Some("assigned_lawyer"),
            crate::access::Role::Caseworker if created => Some("assigned_caseworker"),
            _ => None,
        };
        if let Some(col) = column {
            self.conn.execute(
                &format!("UPDATE cases SET {col} = ?2 WHERE id = ?1"),
                params![id, self.session.user],
            )?;
        }
        Ok((id, created))
    }

    /// A version applied over a copy held here that was changed later (an update that
    /// carries every change made here, compared three ways) keeps the copy's later time: a
    /// case's time never goes back.
    pub(super) fn never_back_in_time(&self, doc: &mut CaseDocument) -> Result<(), VaultError> {
        if let Ok(l) = crate::vault::store::cases::summary(&self.conn, &doc.id) {
            let (ours, theirs) = (
                super::plan::version_ms(&l.updated_at),
                super::plan::version_ms(&doc.updated_at)?,
            );
            if ours.is_ok_and(|o| o > theirs) {
                doc.updated_at = l.updated_at;
            }
        }
        Ok(())
    }

    /// Records `version` as the newest accepted from a bundle for case `id`.
    pub(crate) fn record_version(
        &self,
        id: &str,
        version_ms: i64,
        version: &str,
    ) -> Result<(), VaultError> {
        self.conn.execute(
            "INSERT INTO case_versions(case_id, version_ms, version, accepted_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(case_id) DO UPDATE SET version_ms = excluded.version_ms, version = excluded.version, accepted_at = excluded.accepted_at
             WHERE excluded.version_ms > case_versions.version_ms",
            params![id, version_ms, version, now()],
        )?;
        Ok(())
    }

    pub(super) fn record_incoming(
        &self,
        p: &BundlePreview,
        manifest_id: &str,
        version: &str,
        state: super::incoming::IncomingState,
        reason: super::incoming::IncomingReason,
        document: Option<&str>,
    ) -> Result<i64, VaultError> {
        let changed = serde_json::to_string(&p.changed)
            .map_err(|_| VaultError::Internal("listing changed answers"))?;
        self.conn.execute(
            "INSERT INTO incoming(digest, manifest_id, received_by, case_id, code, sender, sender_fingerprint,
               status_card, version, state, reason, changed, document, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                p.digest,
                manifest_id,
                self.session.user,
                p.case_id,
                p.code,
                p.sender,
                p.sender_fingerprint,
                p.status_card,
                version,
                state.as_str(),
                reason.as_str(),
                changed,
                document,
                now()
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Whether a bundle with this file digest or this signed manifest was opened here.
    pub(super) fn seen_bundle(&self, digest: &str, manifest_id: &str) -> Result<bool, VaultError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM incoming WHERE digest = ?1 OR manifest_id = ?2 LIMIT 1",
                params![digest, manifest_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Whether the key `fingerprint` may update case `id` without a person's decision: the
    /// case's origin and those it was sent to, for anything; those sent only a status card,
    /// for a status card.
    pub(super) fn trusted_sender(
        &self,
        id: &str,
        fingerprint: &str,
        status_card: bool,
    ) -> Result<bool, VaultError> {
        if fingerprint.is_empty() {
            return Ok(false);
        }
        let why: Option<String> = self
            .conn
            .query_row(
                "SELECT why FROM case_senders WHERE case_id = ?1 AND fingerprint = ?2",
                params![id, fingerprint],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match why.as_deref() {
            Some("origin" | "sent_to") => true,
            Some("card_to") => status_card,
            _ => false,
        })
    }

    /// Every check of a bundle and the document its import would write; reads only.
    pub(super) fn check_bundle(&self, bytes: &[u8]) -> Result<Checked, VaultError> {
        let opened = self.open_raw_bundle(bytes)?;
        self.check_opened(bytes, opened)
    }

    /// Decrypts and verifies a bundle with the bundle crate only (recipient, pinned sender,
    /// signature, every part), whatever its kind; reads only.
    pub(crate) fn open_raw_bundle(
        &self,
        bytes: &[u8],
    ) -> Result<waystone_bundle::Opened, VaultError> {
        let keys = self
            .existing_user_keys()?
            .ok_or_else(|| bundle_error(waystone_bundle::BundleError::NotForYou))?;
        waystone_bundle::open(bytes, &keys, &self.pinned()?).map_err(bundle_error)
    }

    /// The checks after the bundle crate's, over a bundle it opened.
    fn check_opened(
        &self,
        bytes: &[u8],
        opened: waystone_bundle::Opened,
    ) -> Result<Checked, VaultError> {
        if opened.manifest.kind == BundleKind::Receipt {
            return Err(refused(
                BundleRefusal::NotABundle,
                "this is a mailbox delivery receipt, not a case bundle; nothing was changed",
            ));
        }
        let sender_fingerprint = self.pinned_fingerprint(&opened.sender)?;
        let status_card = opened.manifest.kind == BundleKind::StatusCard;
        let expected = if status_card {
            "status.json"
        } else {
            "case.json"
        };
        let altered = |m: &str| refused(BundleRefusal::Altered, m);
        // the case document, and the definition of its imported form when one travels
        let (part, form_part) = match opened.parts.as_slice() {
            [part] => (part, None),
            [part, form] if form.name == FORM_PART => (part, Some(form)),
            _ => {
                return Err(altered(
                    "the bundle does not hold exactly one case document (and its form)",
                ))
            }
        };
        if part.name != expected {
            return Err(altered("the bundle's part does not match its kind"));
        }
        let text = std::str::from_utf8(&part.bytes)
            .map_err(|_| altered("the case document is not UTF-8"))?;
        // the carried form, checked as `form import` checks one and against this vault's
        // catalogue (the same version with another definition is refused here)
        let carried = match form_part {
            None => None,
            Some(f) => Some(crate::catalog::check_carried_form(
                &self.conn,
                &f.bytes,
                &opened.manifest.form_id,
                opened.manifest.form_version,
            )?),
        };
        let conn = &self.conn;
        let mut doc = CaseDocument::parse_and_check_with(text, &|id, version| {
            waystone_forms::builtin(id, version)
                .or_else(|| {
                    crate::catalog::stored_form(conn, id, version)
                        .ok()
                        .flatten()
                })
                .or_else(|| {
                    carried
                        .as_ref()
                        .filter(|c| c.form.id() == id && c.form.version() == version)
                        .map(|c| c.form.clone())
                })
        })
        .map_err(VaultError::InvalidCase)?;
        if doc.id != opened.manifest.case_id
            || doc.form.id != opened.manifest.form_id
            || doc.form.version != opened.manifest.form_version
        {
            return Err(altered(
                "the case document does not match the signed manifest",
            ));
        }
        if status_card {
            if !doc.attachments.is_empty() {
                return Err(altered("a status card may carry no attachments"));
            }
            if doc
                .answers
                .iter()
                .any(|(p, _)| !STATUS_CARD_PATHS.contains(&p.to_string().as_str()))
            {
                return Err(altered("a status card may carry only status fields"));
            }
        }
        let signed_json = doc.to_json();
        let digest = bundle_digest(bytes);
        let manifest_id = manifest_identity(&opened.manifest);
        let already_opened = self.seen_bundle(&digest, &manifest_id)?;
        let local = crate::vault::store::cases::summary(&self.conn, &doc.id).ok();
        if let (Some(l), false) = (&local, already_opened) {
            self.require_update_rights(&doc.id, status_card)?;
            if status_card {
                card_matches_held(&doc, l)?;
            }
        }
        let held = !already_opened
            && local.is_some()
            && !self.trusted_sender(&doc.id, &sender_fingerprint, status_card)?;
        let plan = if already_opened {
            Plan {
                changed: vec![],
                conflict: None,
            }
        } else if held {
            // what it would change, for the person deciding; its version is checked when
            // they accept it
            Plan {
                changed: self.would_change(&doc, status_card)?,
                conflict: None,
            }
        } else {
            self.plan_version(&mut doc, status_card, &sender_fingerprint)?
        };
        let m = &opened.manifest;
        let preview = BundlePreview {
            digest,
            status_card,
            case_id: doc.id.clone(),
            code: doc.code.clone(),
            sender: opened.sender.clone(),
            sender_fingerprint,
            sender_claims: m.sender_name.clone(),
            created_at: m.created_at.clone(),
            app_version: m.app_version.clone(),
            form_id: m.form_id.clone(),
            form_version: m.form_version,
            audit_head: m.audit_head.clone(),
            parts: m
                .parts
                .iter()
                .map(|p| PartSummary {
                    name: p.name.clone(),
                    size: p.size,
                    sha256: p.sha256.clone(),
                })
                .collect(),
            created: local.is_none(),
            changed: plan.changed,
            conflict: plan.conflict,
            already_opened,
            held,
        };
        Ok(Checked {
            preview,
            doc,
            signed_json,
            manifest_id,
            carried,
        })
    }
}
