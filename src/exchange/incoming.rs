//! Bundles received: every bundle opened here, and the updates held for a person's decision.
//!
//! An update of a case held here whose signer is not one of the case's trusted senders (the
//! contact it came from, or a contact this vault sent the whole case to) is never applied
//! silently: `open_bundle` keeps its verified case document in the `incoming` table (inside
//! the encrypted database) with the answer paths it would change, and a person accepts or
//! rejects it. Accepting runs every check of an import again against the vault as it is then
//! (rights, the clock, the newest version, a local change, and that the signer's key is still
//! the one pinned under its contact name) and applies it; it makes the sender trusted for
//! later updates only when the person asks (`trust`). Rejecting deletes the held document.
//! All three are audited.
//!
//! Who decides: a held update is decided with the right it would exercise, not by whoever
//! happened to open it. A whole-case update that changes an answer or brings an attachment
//! needs `write_testimony` on the case (one that changes neither, `receive_case`); a status
//! card, `change_workflow`. Anyone here with that right sees the held entry and may decide
//! it; the person who opened it always sees it and may reject it (which applies nothing).

use rusqlite::{params, OptionalExtension};

use crate::cases::interchange::CaseDocument;

use crate::vault::{now, Vault, VaultError};

/// What became of a bundle received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingState {
    /// Applied to the vault.
    Imported,
    /// Waiting for a person's decision.
    Held,
    /// Rejected by a person (nothing applied).
    Refused,
}

impl IncomingState {
    pub fn as_str(self) -> &'static str {
        match self {
            IncomingState::Imported => "imported",
            IncomingState::Held => "held",
            IncomingState::Refused => "refused",
        }
    }

    pub(super) fn parse(s: &str) -> Result<Self, VaultError> {
        match s {
            "imported" => Ok(IncomingState::Imported),
            "held" => Ok(IncomingState::Held),
            "refused" => Ok(IncomingState::Refused),
            _ => Err(VaultError::Corrupt("an incoming bundle's state is unknown")),
        }
    }
}

/// Why an incoming bundle is in its state: a closed set (the app translates it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingReason {
    /// A case new to this vault; its sender became its origin.
    NewCase,
    /// An update from the case's origin or from a contact this vault sent it to.
    TrustedSender,
    /// An update from a contact who is neither: held.
    UntrustedSender,
    /// A held update a person accepted.
    Accepted,
    /// A held update a person rejected.
    Rejected,
    /// An update whose version is older than a change made to the copy here since: held for
    /// a person to compare the two, answer by answer (`merge`), never applied whole.
    Conflict,
    /// A held update a person merged answer by answer into the copy held here.
    Merged,
}

impl IncomingReason {
    pub fn as_str(self) -> &'static str {
        match self {
            IncomingReason::NewCase => "new_case",
            IncomingReason::TrustedSender => "trusted_sender",
            IncomingReason::UntrustedSender => "untrusted_sender",
            IncomingReason::Accepted => "accepted",
            IncomingReason::Rejected => "rejected",
            IncomingReason::Conflict => "conflict",
            IncomingReason::Merged => "merged",
        }
    }

    pub(super) fn parse(s: &str) -> Result<Self, VaultError> {
        [
            IncomingReason::NewCase,
            IncomingReason::TrustedSender,
            IncomingReason::UntrustedSender,
            IncomingReason::Accepted,
            IncomingReason::Rejected,
            IncomingReason::Conflict,
            IncomingReason::Merged,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or(VaultError::Corrupt(
            "an incoming bundle's reason is unknown",
        ))
    }
}

/// One bundle received (no testimony: answer paths only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub id: i64,
    /// The pinned name of the signer.
    pub from: String,
    pub from_fingerprint: String,
    pub case_id: String,
    pub code: String,
    pub status_card: bool,
    /// The version (the document's `updated_at`).
    pub version: String,
    pub state: IncomingState,
    pub reason: IncomingReason,
    /// Answer paths it changed (while held: would change in the copy held now).
    pub changed: Vec<String>,
    pub received_at: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
}

impl Vault {
    /// Every bundle the acting user opened, and every held update they may decide, newest
    /// first; `held_only` keeps those waiting. A held entry's `changed` is what it would
    /// change in the copy held now (recomputed), not what it would have when it arrived.
    pub fn incoming(&self, held_only: bool) -> Result<Vec<Incoming>, VaultError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, sender, sender_fingerprint, case_id, code, status_card, version, state, reason,
                    changed, received_at, decided_at, decided_by, received_by, document
             FROM incoming WHERE (received_by = ?1 OR state = 'held') AND (?2 = 0 OR state = 'held')
             ORDER BY id DESC",
        )?;
        let rows = stmt.query_map(params![self.session.user, held_only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<String>>(12)?,
                r.get::<_, String>(13)?,
                r.get::<_, Option<String>>(14)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                from,
                fp,
                case_id,
                code,
                card,
                version,
                state,
                reason,
                changed,
                at,
                dat,
                dby,
                by,
                document,
            ) = row?;
            let mut changed: Vec<String> = serde_json::from_str(&changed)
                .map_err(|_| VaultError::Corrupt("an incoming bundle's summary is damaged"))?;
            if let Some(json) = document.as_deref() {
                let doc = held_document(&self.conn, json, &case_id)?;
                changed = self.would_change(&doc, card)?;
                let opened_here = by == self.session.user;
                let may = self
                    .require_decision(&doc, card, &changed, opened_here)
                    .is_ok();
                if !opened_here && !may {
                    continue;
                }
            } else if by != self.session.user {
                continue;
            }
            out.push(Incoming {
                id,
                from,
                from_fingerprint: fp,
                case_id,
                code,
                status_card: card,
                version,
                state: IncomingState::parse(&state)?,
                reason: IncomingReason::parse(&reason)?,
                changed,
                received_at: at,
                decided_at: dat,
                decided_by: dby,
            });
        }
        Ok(out)
    }

    /// Held entry `id`, if the acting user opened it or may decide it (else
    /// [`VaultError::NoSuchIncoming`]: another's held updates are not revealed).
    pub(super) fn held(&self, id: i64) -> Result<Held, VaultError> {
        let (case_id, status_card, json, received_by, sender, sender_fingerprint, code): (
            String,
            bool,
            String,
            String,
            String,
            String,
            String,
        ) = self
            .conn
            .query_row(
                "SELECT case_id, status_card, document, received_by, sender, sender_fingerprint, code
                 FROM incoming WHERE id = ?1 AND state = 'held' AND document IS NOT NULL",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()?
            .ok_or(VaultError::NoSuchIncoming)?;
        let doc = held_document(&self.conn, &json, &case_id)?;
        let changed = self.would_change(&doc, status_card)?;
        let opened_here = received_by == self.session.user;
        let may_decide = self.require_decision(&doc, status_card, &changed, opened_here);
        if !opened_here && may_decide.is_err() {
            return Err(VaultError::NoSuchIncoming);
        }
        Ok(Held {
            doc,
            status_card,
            received_by,
            sender,
            sender_fingerprint,
            code,
            may_decide,
        })
    }

    /// The right deciding a held document needs on the case held here: a status card,
    /// `change_workflow`; a whole case that changes an answer (`changed`) or brings an
    /// attachment, `write_testimony`; one that changes neither, `receive_case`. A case no
    /// longer held here is decided only by the person who opened the update (`opened_here`;
    /// accepting then creates the case, with the rights of a new case).
    pub(super) fn require_decision(
        &self,
        doc: &CaseDocument,
        status_card: bool,
        changed: &[String],
        opened_here: bool,
    ) -> Result<(), VaultError> {
        if crate::vault::store::cases::summary(&self.conn, &doc.id).is_err() {
            return if opened_here {
                Ok(())
            } else {
                Err(VaultError::Forbidden)
            };
        }
        if status_card {
            return self
                .require(&doc.id, crate::access::Op::ChangeWorkflow)
                .map(drop);
        }
        if !changed.is_empty() || self.brings_attachments(doc)? {
            self.require(&doc.id, crate::access::Op::WriteTestimony)
                .map(drop)
        } else {
            self.require(&doc.id, crate::access::Op::ReceiveCase)
                .map(drop)
        }
    }

    /// Applies held update `id` after a person's decision, without making its sender trusted
    /// ([`Vault::accept_incoming_with`]).
    pub fn accept_incoming(&mut self, id: i64) -> Result<super::model::Received, VaultError> {
        self.accept_incoming_with(id, false)
    }

    /// Applies held update `id` after a person's decision. Every check of an import runs
    /// again on the vault as it is now (rights, the clock, the newest version, a local change
    /// after it), the right to decide it is checked (see the module docs), and the signer's
    /// key must still be the one pinned under its contact name (a key replaced since is
    /// refused as [`BundleRefusal::SenderMismatch`](super::BundleRefusal)); a
    /// refusal leaves it held. With `trust`, the sender also becomes a trusted sender of the
    /// case from now on (`sent_to` for a whole case, which needs `write_testimony`;
    /// `card_to` for a status card), audited as `incoming.trust`.
    pub fn accept_incoming_with(
        &mut self,
        id: i64,
        trust: bool,
    ) -> Result<super::model::Received, VaultError> {
        let Held {
            mut doc,
            status_card,
            received_by,
            sender,
            sender_fingerprint,
            code,
            may_decide,
        } = self.held(id)?;
        may_decide?;
        pinned_still(&self.conn, &received_by, &sender, &sender_fingerprint)?;
        let held_here = crate::vault::store::cases::summary(&self.conn, &doc.id).is_ok();
        if held_here {
            self.require_update_rights(&doc.id, status_card)?;
            if trust && !status_card {
                self.require(&doc.id, crate::access::Op::WriteTestimony)?;
            }
        }
        let plan = self.plan_version(&mut doc, status_card, &sender_fingerprint)?;
        if let Some(c) = &plan.conflict {
            return Err(VaultError::Conflict(c.differing.len().max(1)));
        }
        let version_ms = super::plan::settle_version(&mut doc, status_card)?;
        let version = doc.updated_at.clone();
        self.never_back_in_time(&mut doc)?;
        let (case, created) = self.apply_document(&doc, status_card, None)?;
        self.record_version(&case, version_ms, &version)?;
        self.record_base(
            &case,
            &sender_fingerprint,
            &doc.status,
            &doc.answers,
            status_card,
        )?;
        self.decide(id, IncomingState::Imported, IncomingReason::Accepted)?;
        self.audit("incoming.accept", &case)?;
        if trust {
            self.conn.execute(
                "INSERT INTO case_senders(case_id, fingerprint, why, since) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(case_id, fingerprint) DO UPDATE SET why = excluded.why
                 WHERE case_senders.why = 'card_to' AND excluded.why = 'sent_to'",
                params![
                    case,
                    sender_fingerprint,
                    if status_card { "card_to" } else { "sent_to" },
                    now()
                ],
            )?;
            self.audit("incoming.trust", &format!("{case}:{sender_fingerprint}"))?;
        }
        Ok(super::model::Received {
            status_card,
            case_id: case,
            code,
            sender,
            created,
            changed: plan.changed,
            outcome: super::model::Outcome::Imported,
        })
    }

    /// Rejects held update `id`: its document is deleted and nothing is applied. By whoever
    /// may decide it, or by the person who opened it.
    pub fn reject_incoming(&mut self, id: i64) -> Result<(), VaultError> {
        let held = self.held(id)?;
        if held.received_by != self.session.user {
            held.may_decide?;
        }
        self.decide(id, IncomingState::Refused, IncomingReason::Rejected)?;
        self.audit("incoming.reject", &held.doc.id)?;
        Ok(())
    }

    /// Refused unless the key that signed held entry `id` is still the one pinned under its
    /// sender's contact name (a key replaced or removed since is
    /// [`BundleRefusal::SenderMismatch`](super::BundleRefusal)).
    /// Returns the fingerprint.
    pub(super) fn check_pinned_sender(&self, id: i64) -> Result<String, VaultError> {
        let held = self.held(id)?;
        pinned_still(
            &self.conn,
            &held.received_by,
            &held.sender,
            &held.sender_fingerprint,
        )?;
        Ok(held.sender_fingerprint)
    }

    pub(super) fn decide(
        &self,
        id: i64,
        state: IncomingState,
        reason: IncomingReason,
    ) -> Result<(), VaultError> {
        self.conn.execute(
            "UPDATE incoming SET state = ?2, reason = ?3, document = NULL, decided_at = ?4, decided_by = ?5
             WHERE id = ?1",
            params![id, state.as_str(), reason.as_str(), now(), self.session.user],
        )?;
        Ok(())
    }
}

/// A held entry and whether the acting user may decide it.
pub(super) struct Held {
    pub(super) doc: CaseDocument,
    pub(super) status_card: bool,
    pub(super) received_by: String,
    pub(super) sender: String,
    pub(super) sender_fingerprint: String,
    pub(super) code: String,
    pub(super) may_decide: Result<(), VaultError>,
}

/// The verified document a held entry keeps.
/// Checked against this vault's forms (built in or imported): a held update is of a case held
/// here, so the form it names is here too.
pub(super) fn held_document(
    conn: &rusqlite::Connection,
    json: &str,
    case_id: &str,
) -> Result<CaseDocument, VaultError> {
    let doc = CaseDocument::parse_and_check_with(json, &|id, version| {
        waystone_forms::builtin(id, version).or_else(|| {
            crate::catalog::stored_form(conn, id, version)
                .ok()
                .flatten()
        })
    })
    .map_err(VaultError::InvalidCase)?;
    if doc.id != case_id {
        return Err(VaultError::Corrupt("a held update does not match its case"));
    }
    Ok(doc)
}

fn pinned_still(
    conn: &rusqlite::Connection,
    received_by: &str,
    sender: &str,
    fingerprint: &str,
) -> Result<(), VaultError> {
    let pinned: Option<String> = conn
        .query_row(
            "SELECT fingerprint FROM contacts WHERE owner = ?1 AND name = ?2",
            params![received_by, sender],
            |r| r.get(0),
        )
        .optional()?;
    if pinned.as_deref() != Some(fingerprint) {
        return Err(VaultError::BundleRefused(
            super::model::BundleRefusal::SenderMismatch,
            "the key that signed this held update is no longer the one pinned for its sender (replaced or removed since); nothing was changed: reject it and ask them to send it again".into(),
        ));
    }
    Ok(())
}
