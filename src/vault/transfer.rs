//! Moving cases between people: each user's bundle keys (made on first use, wrapped by the
//! user-keys subkey with the user name as associated data), pinned contacts, and creating
//! and opening bundles through `waystone-bundle`. Opening verifies everything (recipient,
//! pinned sender, signature, every part) before the core writes anything, and a local copy
//! changed after the bundle's version is never overwritten.

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
    /// Answer paths added, changed or removed by the bundle.
    pub changed: Vec<String>,
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
}

/// A verified bundle and the case document opening it would import.
struct Checked {
    preview: BundlePreview,
    doc: CaseDocument,
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

    /// Pins someone's public keys under `name` (for this user).
    pub fn add_contact(&mut self, name: &str, line: &str) -> Result<Contact, VaultError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(VaultError::Invalid(
                "a contact name is 1 to 64 characters".into(),
            ));
        }
        let keys = PublicKeys::parse_line(line).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let fingerprint = keys.fingerprint().to_string();
        let canonical = keys.to_line();
        self.conn.execute(
            "INSERT INTO contacts(owner, name, key_line, fingerprint, pinned_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(owner, name) DO UPDATE SET key_line = excluded.key_line, fingerprint = excluded.fingerprint, pinned_at = excluded.pinned_at",
            params![self.session.user, name, canonical, fingerprint, now()],
        )?;
        self.audit("contact.pin", name)?;
        Ok(Contact {
            name: name.to_owned(),
            fingerprint,
            key_line: canonical,
        })
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
            return Err(VaultError::Invalid(
                "name at least one recipient (--to)".into(),
            ));
        }
        let contacts = self.contacts()?;
        let mut recipients = Vec::with_capacity(to.len());
        for name in to {
            let c = contacts.iter().find(|c| c.name == *name).ok_or_else(|| {
                VaultError::Invalid(format!(
                    "{name} is not a pinned contact: add them with `contact add` first"
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
    /// copy changed after the bundle's version is refused, not overwritten. The sender's
    /// signed audit chain head is recorded in this vault's audit log.
    pub fn open_bundle(&mut self, bytes: &[u8]) -> Result<Received, VaultError> {
        let Checked { preview, doc } = self.check_bundle(bytes)?;
        if let Some(c) = &preview.conflict {
            return Err(VaultError::Conflict(c.differing.len().max(1)));
        }
        let json = doc.to_json();
        // a status card changes the board fields only: the stored attachments stay
        let mode = if preview.status_card {
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
        self.audit("bundle.open", &id)?;
        // the sender's chain head, as signed: ties this import to the sender's log
        self.audit(
            "bundle.sender_audit_head",
            &format!("{}:{}", preview.sender_fingerprint, preview.audit_head),
        )?;
        Ok(Received {
            status_card: preview.status_card,
            case_id: id,
            code: preview.code,
            sender: preview.sender,
            created,
            changed: preview.changed,
        })
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
        let local = self.case_summary(&doc.id).ok();
        if local.is_some() {
            // a case already held is updated only by someone who may: its testimony by those
            // who may read it, its board fields (a status card) by those who move it along
            // (refused with Forbidden, before anything is written)
            if status_card {
                self.require_workflow(&doc.id)?;
            } else {
                self.require_read(&doc.id)?;
            }
        }
        let before = match &local {
            Some(_) => super::cases::read_answers(&self.conn, &doc.id)?,
            None => Answers::new(),
        };
        let mut conflict = None;
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
            let card_paths: Vec<String> = doc.answers.iter().map(|(p, _)| p.to_string()).collect();
            // overlay the card's fields on whatever is held locally; keep the rest
            let mut merged = before.clone();
            for (p, a) in doc.answers.iter() {
                merged.set(p.clone(), a.clone());
            }
            doc.answers = merged;
            if let Some(l) = &local {
                if l.updated_at > doc.updated_at {
                    let mut differing: Vec<String> = diff(&before, &doc.answers);
                    if differing.is_empty() {
                        differing = card_paths;
                    }
                    conflict = Some(BundleConflict {
                        local_updated_at: l.updated_at.clone(),
                        bundle_updated_at: doc.updated_at.clone(),
                        differing,
                    });
                }
            }
        } else if let Some(l) = &local {
            if l.updated_at > doc.updated_at && before != doc.answers {
                conflict = Some(BundleConflict {
                    local_updated_at: l.updated_at.clone(),
                    bundle_updated_at: doc.updated_at.clone(),
                    differing: diff(&before, &doc.answers),
                });
            }
        }
        let changed = diff(&before, &doc.answers);
        let m = &opened.manifest;
        let preview = BundlePreview {
            digest: bundle_digest(bytes),
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
            changed,
            conflict,
        };
        Ok(Checked { preview, doc })
    }
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
