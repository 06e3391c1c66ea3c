//! Moving cases between people: each user's bundle keys (made on first use, wrapped by the
//! user-keys subkey with the user name as associated data), pinned contacts, and creating
//! and opening bundles through `waystone-bundle`. Opening verifies everything (recipient,
//! pinned sender, signature, every part) before the core writes anything, and a local copy
//! changed after the bundle's version is never overwritten.
//!
//! Order and provenance (migration 0008): a bundle is a version of a case, its document's
//! `updated_at` parsed as a real instant. The same bundle opened again (same file digest or
//! same signed manifest) is reported as already opened and changes nothing; a version not
//! newer than the one accepted for the case (or than the copy held) is refused
//! ([`BundleRefusal::NotNewer`]), and so is one dated more than [`MAX_CLOCK_SKEW_MINUTES`]
//! ahead of this computer's clock ([`BundleRefusal::FutureDated`]). An update of a case held
//! here is applied only when its signer is one of the case's trusted senders — the contact it
//! first came from, or a contact this vault sent the whole case to (for a status card, also
//! one it sent a status card to); from anyone else it is held in the vault (see `incoming`)
//! for a person to accept or reject, never applied silently.

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
use waystone_bundle::{BundleKind, Manifest, Part, PinnedSender, PublicKeys, UserKeys};
use waystone_forms::{AnswerPath, Answers};

use crate::cases::interchange::CaseDocument;
use crate::crypto::{self, Subkey};

use super::cases::AttachmentMode;
use super::{now, Vault, VaultError};

/// Answers a status card carries: the board's fields and nothing of the testimony.
pub const STATUS_CARD_PATHS: &[&str] = &[
    "consent_documentation",
    "evacuation_stage",
    "risk_level",
    "next_follow_up",
    "left_region_date",
    "arrival_date",
];

/// Answers of a status card that never change the copy held here: consent gates every legal
/// export, so it changes only with the testimony (a whole-case update), never by a card. A
/// card that creates a status-only case still brings them as its sender stated.
pub const STATUS_CARD_KEEPS_HELD: &[&str] = &["consent_documentation"];

/// How far ahead of this computer's clock a bundle's version may be dated: clocks of
/// laptops differ, but a version dated further ahead is refused, so no one can make an
/// update "newest" for years by dating it 2099.
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 60;

/// A pinned contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub fingerprint: String,
    pub key_line: String,
}

/// What opening a bundle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub status_card: bool,
    pub case_id: String,
    pub code: String,
    /// The pinned name of the sender.
    pub sender: String,
    pub created: bool,
    /// Answer paths added, changed or removed by the bundle (or, when held, that it would
    /// change).
    pub changed: Vec<String>,
    pub outcome: Outcome,
}

/// What became of a bundle that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Imported: the case was added or updated.
    Imported,
    /// Its signer is not a trusted sender of the case: kept for a person's decision
    /// (`incoming accept|reject ID`), nothing applied.
    Held { incoming_id: i64 },
    /// This very bundle was opened before: nothing changed.
    AlreadyOpened,
}

/// Why a bundle was refused: a closed set the app translates (the message stays English for
/// the CLI). Each refusal leaves the vault unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleRefusal {
    /// Not a Waystone bundle at all.
    NotABundle,
    /// Not encrypted to this user's key.
    NotForYou,
    /// Signed for other recipients and re-encrypted to this user by someone else.
    NotAddressedToYou,
    /// Signed by a key that is not one of this user's contacts.
    UnknownSender,
    /// The signed sender fingerprint is not the pinned contact's.
    SenderMismatch,
    /// The signer's key is pinned under more than one name.
    AmbiguousSender,
    /// The signature does not verify.
    BadSignature,
    /// The encrypted container failed its integrity checks.
    Damaged,
    /// The file ends early.
    Truncated,
    /// The content does not match what was signed (a part, trailing data, the framing).
    Altered,
    /// A limit was exceeded.
    TooLarge,
    /// The bundle's version of the case is not newer than the one accepted or held here: an
    /// older bundle opened after a newer one (a rollback), or the same version again.
    NotNewer,
    /// The bundle's version is dated further ahead of this computer's clock than
    /// [`MAX_CLOCK_SKEW_MINUTES`] allows.
    FutureDated,
}

/// One part of a bundle as listed in its signed manifest (verified against its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartSummary {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// A local copy changed after the bundle's version: shown to the person, never overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleConflict {
    /// When the local copy was last changed.
    pub local_updated_at: String,
    /// When the bundle's version was last changed.
    pub bundle_updated_at: String,
    /// Answer paths that differ between the two (paths only, never values).
    pub differing: Vec<String>,
}

/// What a bundle holds and what opening it would do, after every check passed — with
/// nothing of the testimony in it (answer paths only) and nothing written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePreview {
    /// SHA-256 of the whole file, so the import can insist on the file that was verified.
    pub digest: String,
    pub status_card: bool,
    pub case_id: String,
    pub code: String,
    /// The pinned name of the contact whose key signed the manifest.
    pub sender: String,
    /// That contact's pinned fingerprint.
    pub sender_fingerprint: String,
    /// The sender's own name for themselves (a claim; secondary).
    pub sender_claims: String,
    pub created_at: String,
    pub app_version: String,
    pub form_id: String,
    pub form_version: u32,
    /// The sender's signed audit chain head.
    pub audit_head: String,
    /// Every part with its size and SHA-256, each verified.
    pub parts: Vec<PartSummary>,
    /// Whether the case is new to this vault (else it updates the copy held).
    pub created: bool,
    /// Answer paths the import would add, change or remove.
    pub changed: Vec<String>,
    /// Set when the local copy changed after the bundle's version: the import is refused.
    pub conflict: Option<BundleConflict>,
    /// This very bundle was opened here before: opening it again changes nothing.
    pub already_opened: bool,
    /// The signer is not a trusted sender of the case held here (neither the contact it came
    /// from nor one this vault sent it to): opening it holds it for a person's decision.
    pub held: bool,
}

/// A verified bundle and the case document opening it would import.
struct Checked {
    preview: BundlePreview,
    /// The document to import (a status card merged over the copy held).
    doc: CaseDocument,
    /// The document as signed (what a held update keeps).
    signed_json: String,
    manifest_id: String,
}

/// The checks of a version against what this vault holds, after provenance.
pub(super) struct Plan {
    pub(super) changed: Vec<String>,
    pub(super) conflict: Option<BundleConflict>,
}

fn refused(reason: BundleRefusal, message: impl Into<String>) -> VaultError {
    VaultError::BundleRefused(reason, message.into())
}

pub(crate) fn bundle_error(e: waystone_bundle::BundleError) -> VaultError {
    use waystone_bundle::BundleError as B;
    use BundleRefusal as R;
    let reason = match &e {
        B::NewerVersion { .. } => return VaultError::NewerVersion,
        B::InvalidInput(_) => {
            return VaultError::Invalid("the bundle could not be made from this input".into())
        }
        B::Internal(_) => return VaultError::Internal("bundle"),
        B::NotABundle => R::NotABundle,
        B::NotForYou => R::NotForYou,
        B::NotAddressedToYou => R::NotAddressedToYou,
        B::UnknownSender => R::UnknownSender,
        B::SenderMismatch => R::SenderMismatch,
        B::AmbiguousSender => R::AmbiguousSender,
        B::BadSignature => R::BadSignature,
        B::Damaged => R::Damaged,
        B::Truncated => R::Truncated,
        B::TooLarge(_) => R::TooLarge,
        _ => R::Altered,
    };
    refused(reason, e.to_string())
}

/// The fingerprint of a key line, without pinning it (the app shows it beside the one pinned
/// before asking whether to replace a contact's key).
pub fn key_line_fingerprint(line: &str) -> Result<String, VaultError> {
    PublicKeys::parse_line(line)
        .map(|k| k.fingerprint().to_string())
        .map_err(|e| VaultError::Invalid(e.to_string()))
}

/// SHA-256 of a bundle file, lowercase hex.
pub fn bundle_digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Vault {
    /// This user's bundle keys if they were ever made (reading writes nothing).
    fn existing_user_keys(&self) -> Result<Option<UserKeys>, VaultError> {
        let user = &self.session.user;
        let key = self.vmk.subkey(Subkey::UserKeys);
        let aad = format!("waystone-user-keys-v1|{}|{user}", self.slots.vault_id);
        let row: Option<(Vec<u8>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT nonce, wrapped FROM user_keys WHERE user = ?1",
                [&user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((nonce, wrapped)) = row else {
            return Ok(None);
        };
        let plain = crypto::open(&key, &nonce, &wrapped, aad.as_bytes())
            .map_err(|_| VaultError::Corrupt("a user's bundle keys were changed or moved"))?;
        UserKeys::from_secret_bytes(&plain)
            .map(Some)
            .map_err(|_| VaultError::Corrupt("a user's bundle keys are damaged"))
    }

    /// This user's bundle keys, made and stored on first use.
    fn user_keys(&mut self) -> Result<UserKeys, VaultError> {
        if let Some(keys) = self.existing_user_keys()? {
            return Ok(keys);
        }
        let user = self.session.user.clone();
        let key = self.vmk.subkey(Subkey::UserKeys);
        let aad = format!("waystone-user-keys-v1|{}|{user}", self.slots.vault_id);
        let keys =
            UserKeys::generate().map_err(|_| VaultError::Internal("generating bundle keys"))?;
        let secret = keys.to_secret_bytes();
        let (nonce, wrapped) = crypto::seal(&key, &secret, aad.as_bytes());
        self.conn.execute(
            "INSERT INTO user_keys(user, nonce, wrapped, public_line, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![user, nonce.to_vec(), wrapped, keys.public().to_line_with_hint(&user), now()],
        )?;
        self.audit("keys.create", &user)?;
        Ok(keys)
    }

    /// This user's public key line and fingerprint, to give to others out of band.
    pub fn key_line(&mut self) -> Result<(String, String), VaultError> {
        let keys = self.user_keys()?;
        let public = keys.public();
        Ok((
            public.to_line_with_hint(&self.session.user),
            public.fingerprint().to_string(),
        ))
    }

    /// Pins someone's public keys under `name` (for this user). A name already pinned to
    /// another key is refused unless `replace` is set; a replacement is recorded in the audit
    /// log with the old and the new fingerprint. Pinning the same key again changes nothing.
    pub fn add_contact(
        &mut self,
        name: &str,
        line: &str,
        replace: bool,
    ) -> Result<Contact, VaultError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(VaultError::Invalid(
                "a contact name is 1 to 64 characters".into(),
            ));
        }
        let keys = PublicKeys::parse_line(line).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let fingerprint = keys.fingerprint().to_string();
        let canonical = keys.to_line();
        let pinned: Option<String> = self
            .conn
            .query_row(
                "SELECT fingerprint FROM contacts WHERE owner = ?1 AND name = ?2",
                params![self.session.user, name],
                |r| r.get(0),
            )
            .optional()?;
        let contact = Contact {
            name: name.to_owned(),
            fingerprint: fingerprint.clone(),
            key_line: canonical.clone(),
        };
        match pinned {
            Some(old) if old == fingerprint => return Ok(contact),
            Some(old) if !replace => {
                return Err(VaultError::ContactPinned {
                    pinned: old,
                    offered: fingerprint,
                })
            }
            _ => {}
        }
        self.conn.execute(
            "INSERT INTO contacts(owner, name, key_line, fingerprint, pinned_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(owner, name) DO UPDATE SET key_line = excluded.key_line, fingerprint = excluded.fingerprint, pinned_at = excluded.pinned_at",
            params![self.session.user, name, canonical, fingerprint, now()],
        )?;
        match pinned {
            Some(old) => self.audit(
                "contact.replace",
                &format!("{name}: {old} -> {fingerprint}"),
            )?,
            None => self.audit("contact.pin", name)?,
        }
        Ok(contact)
    }

    pub fn contacts(&self) -> Result<Vec<Contact>, VaultError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, fingerprint, key_line FROM contacts WHERE owner = ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([&self.session.user], |r| {
            Ok(Contact {
                name: r.get(0)?,
                fingerprint: r.get(1)?,
                key_line: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn pinned(&self) -> Result<Vec<PinnedSender>, VaultError> {
        self.contacts()?
            .into_iter()
            .map(|c| {
                PublicKeys::parse_line(&c.key_line)
                    .map(|keys| PinnedSender { name: c.name, keys })
                    .map_err(|_| VaultError::Corrupt("a pinned contact's key line is damaged"))
            })
            .collect()
    }

    /// A signed, encrypted bundle of case `id` for the named contacts: the whole case, or a
    /// status card (case code, status, stage, dates, risk — no testimony, no names).
    pub fn create_bundle(
        &mut self,
        id: &str,
        to: &[&str],
        status_card: bool,
    ) -> Result<Vec<u8>, VaultError> {
        if to.is_empty() {
            return Err(VaultError::Invalid("name at least one recipient".into()));
        }
        let contacts = self.contacts()?;
        let mut recipients = Vec::with_capacity(to.len());
        for name in to {
            let c = contacts.iter().find(|c| c.name == *name).ok_or_else(|| {
                VaultError::Invalid(format!(
                    "{} is not a pinned contact: pin their key first",
                    crate::hygiene::quote_input(name)
                ))
            })?;
            recipients.push(
                PublicKeys::parse_line(&c.key_line)
                    .map_err(|_| VaultError::Corrupt("a pinned contact's key line is damaged"))?,
            );
        }
        let (part, kind) = if status_card {
            (
                Part::new("status.json", self.status_card_json(id)?.into_bytes()),
                BundleKind::StatusCard,
            )
        } else {
            (
                Part::new("case.json", self.export_case(id)?.into_bytes()),
                BundleKind::Case,
            )
        };
        let summary = self.case_summary(id)?;
        let keys = self.user_keys()?;
        let manifest = Manifest {
            kind,
            case_id: summary.id.clone(),
            form_id: summary.form_id.clone(),
            form_version: summary.form_version,
            sender_name: self.session.user.clone(),
            sender_fingerprint: String::new(),
            recipients: vec![],
            created_at: now(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            audit_head: self.audit_head()?,
            parts: vec![],
        };
        let bytes = waystone_bundle::create(&manifest, &[part], &keys, &recipients)
            .map_err(bundle_error)?;
        // those this vault sent the whole case to may send it back updated; those it sent a
        // status card to, status cards (a stronger standing already held is kept)
        let at = now();
        for r in &recipients {
            self.conn.execute(
                "INSERT INTO case_senders(case_id, fingerprint, why, since) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(case_id, fingerprint) DO UPDATE SET why = excluded.why
                 WHERE case_senders.why = 'card_to' AND excluded.why = 'sent_to'",
                params![
                    summary.id,
                    r.fingerprint().to_string(),
                    if status_card { "card_to" } else { "sent_to" },
                    at
                ],
            )?;
        }
        self.audit(
            if status_card {
                "bundle.status_card"
            } else {
                "bundle.create"
            },
            id,
        )?;
        Ok(bytes)
    }

    fn audit_head(&self) -> Result<String, VaultError> {
        Ok(self
            .conn
            .query_row(
                "SELECT mac FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()?
            .map(hex::encode)
            .unwrap_or_default())
    }

    /// The minimised case document of a status card (any role that sees the case on its board
    /// may send one).
    fn status_card_json(&mut self, id: &str) -> Result<String, VaultError> {
        self.require_list(id)?;
        let row = self.case_summary(id)?;
        let full = super::cases::read_answers(&self.conn, id)?;
        let mut answers = Answers::new();
        for p in STATUS_CARD_PATHS {
            if let Ok(path) = p.parse::<AnswerPath>() {
                if let Some(a) = full.get(&path) {
                    answers.set(path, a.clone());
                }
            }
        }
        let doc = CaseDocument {
            format: crate::cases::interchange::FORMAT.into(),
            version: crate::cases::interchange::VERSION,
            id: row.id,
            code: row.code,
            form: crate::cases::interchange::FormRef {
                id: row.form_id,
                version: row.form_version,
            },
            status: row.status,
            created_at: row.created_at,
            created_by: row.created_by,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
            answers,
            attachments: vec![],
        };
        Ok(doc.to_json())
    }

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
        let Checked {
            preview,
            doc,
            signed_json,
            manifest_id,
        } = self.check_bundle(bytes)?;
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
        if let Some(c) = &preview.conflict {
            return Err(VaultError::Conflict(c.differing.len().max(1)));
        }
        let signed_version = doc.updated_at.clone();
        let mut doc = doc;
        let version_ms = settle_version(&mut doc, preview.status_card)?;
        let (id, created) = self.apply_document(&doc, preview.status_card)?;
        self.record_version(&id, version_ms, &doc.updated_at)?;
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
    pub(super) fn apply_document(
        &mut self,
        doc: &CaseDocument,
        status_card: bool,
    ) -> Result<(String, bool), VaultError> {
        let json = doc.to_json();
        // a status card changes the board fields only: the stored attachments stay
        let mode = if status_card {
            AttachmentMode::KeepStored
        } else {
            AttachmentMode::Merge
        };
        let (id, created) = self.import_case_with(&json, mode)?;
        // the receiver of a new case works on it: lawyers and caseworkers are assigned to it;
        // a case already held keeps its assignment
        let column = match self.session.role {
            super::Role::Lawyer if created => Some("assigned_lawyer"),
            super::Role::Caseworker if created => Some("assigned_caseworker"),
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

    /// Records `version` as the newest accepted from a bundle for case `id`.
    pub(super) fn record_version(
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

    fn record_incoming(
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
    fn seen_bundle(&self, digest: &str, manifest_id: &str) -> Result<bool, VaultError> {
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
    fn trusted_sender(
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

    /// Rights over a case held here: its testimony for those who may read it, its board
    /// fields (a status card) for those who move it along (refused with Forbidden, before
    /// anything is written).
    pub(super) fn require_update_rights(
        &self,
        id: &str,
        status_card: bool,
    ) -> Result<(), VaultError> {
        if status_card {
            self.require_workflow(id).map(|_| ())
        } else {
            self.require_read(id)
        }
    }

    /// The checks of a version against this vault, given that its sender may update the
    /// case: its date against this computer's clock, against the newest accepted version
    /// and against the copy held (a local change after it is a conflict, shown, never
    /// overwritten). Merges a status card's fields over the copy held.
    pub(super) fn plan_version(
        &self,
        doc: &mut CaseDocument,
        status_card: bool,
    ) -> Result<Plan, VaultError> {
        let version = version_ms(&doc.updated_at)?;
        let clock = chrono::Utc::now().timestamp_millis();
        if version > clock + MAX_CLOCK_SKEW_MINUTES * 60_000 {
            return Err(refused(
                BundleRefusal::FutureDated,
                format!(
                    "the bundle's version is dated more than {MAX_CLOCK_SKEW_MINUTES} minutes ahead of this computer's clock; nothing was changed: check both computers' clocks"
                ),
            ));
        }
        let not_newer = || {
            refused(
                BundleRefusal::NotNewer,
                "this bundle holds an older or the same version of a case already here (a rollback or a replay); nothing was changed",
            )
        };
        let accepted: Option<i64> = self
            .conn
            .query_row(
                "SELECT version_ms FROM case_versions WHERE case_id = ?1",
                [&doc.id],
                |r| r.get(0),
            )
            .optional()?;
        if accepted.is_some_and(|a| version <= a) {
            return Err(not_newer());
        }
        let local = self.case_summary(&doc.id).ok();
        if status_card {
            if let Some(l) = &local {
                card_matches_held(doc, l)?;
            }
        }
        let before = match &local {
            Some(_) => super::cases::read_answers(&self.conn, &doc.id)?,
            None => Answers::new(),
        };
        // a copy held but not parseable is treated as newest: nothing overwrites it
        let local_ms = local
            .as_ref()
            .map(|l| version_ms(&l.updated_at).unwrap_or(i64::MAX));
        let mut conflict = None;
        if status_card {
            let card_paths: Vec<String> = doc.answers.iter().map(|(p, _)| p.to_string()).collect();
            // overlay the card's fields on whatever is held locally; keep the rest
            doc.answers = overlay_card(&before, &doc.answers, local.is_some());
            if let (Some(l), Some(lm)) = (&local, local_ms) {
                if lm > version {
                    let mut differing: Vec<String> = diff(&before, &doc.answers);
                    if differing.is_empty() {
                        differing = card_paths;
                    }
                    conflict = Some(BundleConflict {
                        local_updated_at: l.updated_at.clone(),
                        bundle_updated_at: doc.updated_at.clone(),
                        differing,
                    });
                } else if lm == version {
                    return Err(not_newer());
                }
            }
        } else if let (Some(l), Some(lm)) = (&local, local_ms) {
            if lm >= version {
                if before == doc.answers || lm == version {
                    // the same answers at an older or the same version: taking it would
                    // only roll the status and attachments back
                    return Err(not_newer());
                }
                conflict = Some(BundleConflict {
                    local_updated_at: l.updated_at.clone(),
                    bundle_updated_at: doc.updated_at.clone(),
                    differing: diff(&before, &doc.answers),
                });
            }
        }
        Ok(Plan {
            changed: diff(&before, &doc.answers),
            conflict,
        })
    }

    /// The answer paths a document would change in the copy held now (a status card over
    /// its board fields only): what a person deciding a held update is shown.
    pub(super) fn would_change(
        &self,
        doc: &CaseDocument,
        status_card: bool,
    ) -> Result<Vec<String>, VaultError> {
        let held = self.case_summary(&doc.id).is_ok();
        let before = if held {
            super::cases::read_answers(&self.conn, &doc.id)?
        } else {
            Answers::new()
        };
        let after = if status_card {
            overlay_card(&before, &doc.answers, held)
        } else {
            doc.answers.clone()
        };
        Ok(diff(&before, &after))
    }

    /// Whether a whole-case document brings an attachment this vault does not hold as it
    /// is (a new one, or other bytes under an id held here).
    pub(super) fn brings_attachments(&self, doc: &CaseDocument) -> Result<bool, VaultError> {
        for a in &doc.attachments {
            let same = self
                .conn
                .query_row(
                    "SELECT 1 FROM attachments WHERE id = ?1 AND case_id = ?2 AND sha256 = ?3",
                    params![a.id, doc.id, a.sha256],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !same {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every check of a bundle and the document its import would write; reads only.
    fn check_bundle(&self, bytes: &[u8]) -> Result<Checked, VaultError> {
        let keys = self
            .existing_user_keys()?
            .ok_or_else(|| bundle_error(waystone_bundle::BundleError::NotForYou))?;
        let pinned = self.pinned()?;
        let opened = waystone_bundle::open(bytes, &keys, &pinned).map_err(bundle_error)?;
        let sender_fingerprint = pinned
            .iter()
            .find(|p| p.name == opened.sender)
            .map(|p| p.keys.fingerprint().to_string())
            .unwrap_or_default();
        let status_card = opened.manifest.kind == BundleKind::StatusCard;
        let expected = if status_card {
            "status.json"
        } else {
            "case.json"
        };
        let altered = |m: &str| refused(BundleRefusal::Altered, m);
        let [part] = opened.parts.as_slice() else {
            return Err(altered(
                "the bundle does not hold exactly one case document",
            ));
        };
        if part.name != expected {
            return Err(altered("the bundle's part does not match its kind"));
        }
        let text = std::str::from_utf8(&part.bytes)
            .map_err(|_| altered("the case document is not UTF-8"))?;
        let mut doc = CaseDocument::parse_and_check(text).map_err(VaultError::InvalidCase)?;
        if doc.id != opened.manifest.case_id {
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
        let local = self.case_summary(&doc.id).ok();
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
            self.plan_version(&mut doc, status_card)?
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
        })
    }
}

/// A version's instant in UTC milliseconds: the document's `updated_at` parsed as RFC 3339
/// (never compared as text).
pub(super) fn version_ms(at: &str) -> Result<i64, VaultError> {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|d| d.timestamp_millis())
        .map_err(|_| VaultError::InvalidCase(vec!["updated_at: not an RFC 3339 time".into()]))
}

/// The version a document is recorded at when applied: its own `updated_at`, except that a
/// status card dated ahead of this computer's clock is recorded (and stored) at this
/// computer's time, so a card from a fast clock cannot make the origin's next genuine
/// whole-case update look "not newer". Returns it in UTC milliseconds.
pub(super) fn settle_version(doc: &mut CaseDocument, status_card: bool) -> Result<i64, VaultError> {
    let version = version_ms(&doc.updated_at)?;
    if !status_card {
        return Ok(version);
    }
    let clock = chrono::Utc::now();
    if version <= clock.timestamp_millis() {
        return Ok(version);
    }
    doc.updated_at = clock.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    version_ms(&doc.updated_at)
}

/// A status card names the case as the copy held here does (code and form), or it is
/// refused as altered: a card moves a case along, it never renames or re-forms it.
fn card_matches_held(
    doc: &CaseDocument,
    held: &crate::cases::CaseSummary,
) -> Result<(), VaultError> {
    if doc.code != held.code || doc.form.id != held.form_id || doc.form.version != held.form_version
    {
        return Err(refused(
            BundleRefusal::Altered,
            "the status card names this case with another code or form than the copy held here; nothing was changed",
        ));
    }
    Ok(())
}

/// A status card's fields over the answers held (`held`: a copy is held here, whose
/// [`STATUS_CARD_KEEPS_HELD`] answers a card never changes); the rest is kept.
fn overlay_card(before: &Answers, card: &Answers, held: bool) -> Answers {
    let mut merged = before.clone();
    for (p, a) in card.iter() {
        if held && STATUS_CARD_KEEPS_HELD.contains(&p.to_string().as_str()) {
            continue;
        }
        merged.set(p.clone(), a.clone());
    }
    merged
}

/// The identity of a signed manifest: the same manifest re-encrypted (another file digest)
/// is the same bundle.
fn manifest_identity(m: &Manifest) -> String {
    let parts: Vec<serde_json::Value> = m
        .parts
        .iter()
        .map(|p| serde_json::json!([p.name, p.size, p.sha256]))
        .collect();
    let kind = match m.kind {
        BundleKind::Case => "case",
        BundleKind::StatusCard => "status_card",
    };
    let id = serde_json::json!([
        "waystone-manifest-id-v1",
        kind,
        m.case_id,
        m.form_id,
        m.form_version,
        m.sender_fingerprint,
        m.recipients,
        m.created_at,
        m.audit_head,
        parts
    ]);
    hex::encode(Sha256::digest(id.to_string().as_bytes()))
}

fn diff(a: &Answers, b: &Answers) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (p, v) in a.iter() {
        if b.get(p) != Some(v) {
            out.push(p.to_string());
        }
    }
    for (p, _) in b.iter() {
        if a.get(p).is_none() {
            out.push(p.to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}
