//! Bundles received: every bundle opened here, and the updates held for a person's decision.
//!
//! An update of a case held here whose signer is not one of the case's trusted senders (the
//! contact it came from, or a contact this vault sent the whole case to) is never applied
//! silently: `open_bundle` keeps its verified case document in the `incoming` table (inside
//! the encrypted database) with the answer paths it would change, and a person accepts or
//! rejects it. Accepting runs every check of an import again against the vault as it is then
//! (rights, the clock, the newest version, a local change) and applies it; it does not make
//! the sender trusted for later updates. Rejecting deletes the held document. Both are
//! audited.

use rusqlite::{params, OptionalExtension};

use crate::cases::interchange::CaseDocument;

use super::{now, Vault, VaultError};

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

    fn parse(s: &str) -> Result<Self, VaultError> {
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
}

impl IncomingReason {
    pub fn as_str(self) -> &'static str {
        match self {
            IncomingReason::NewCase => "new_case",
            IncomingReason::TrustedSender => "trusted_sender",
            IncomingReason::UntrustedSender => "untrusted_sender",
            IncomingReason::Accepted => "accepted",
            IncomingReason::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Result<Self, VaultError> {
        [
            IncomingReason::NewCase,
            IncomingReason::TrustedSender,
            IncomingReason::UntrustedSender,
            IncomingReason::Accepted,
            IncomingReason::Rejected,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or(VaultError::Corrupt(
            "an incoming bundle's reason is unknown",
        ))
    }
}

/// One bundle received by the acting user (no testimony: answer paths only).
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
    /// Answer paths it changed (or, while held, would change when it was received).
    pub changed: Vec<String>,
    pub received_at: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
}

impl Vault {
    /// Every bundle the acting user opened, newest first; `held_only` keeps those waiting.
    pub fn incoming(&self, held_only: bool) -> Result<Vec<Incoming>, VaultError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, sender, sender_fingerprint, case_id, code, status_card, version, state, reason,
                    changed, received_at, decided_at, decided_by
             FROM incoming WHERE received_by = ?1 AND (?2 = 0 OR state = 'held') ORDER BY id DESC",
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
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, from, fp, case_id, code, card, version, state, reason, changed, at, dat, dby) =
                row?;
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
                changed: serde_json::from_str(&changed)
                    .map_err(|_| VaultError::Corrupt("an incoming bundle's summary is damaged"))?,
                received_at: at,
                decided_at: dat,
                decided_by: dby,
            });
        }
        Ok(out)
    }

    /// The held document of entry `id` for the acting user.
    fn held(&self, id: i64) -> Result<(String, bool, String), VaultError> {
        self.conn
            .query_row(
                "SELECT case_id, status_card, document FROM incoming
                 WHERE id = ?1 AND received_by = ?2 AND state = 'held' AND document IS NOT NULL",
                params![id, self.session.user],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(VaultError::NoSuchIncoming)
    }

    /// Applies held update `id` after a person's decision: every check of an import runs
    /// again (rights, the clock, the newest version, a local change after it); a refusal
    /// leaves it held. The sender does not become trusted by this.
    pub fn accept_incoming(&mut self, id: i64) -> Result<super::transfer::Received, VaultError> {
        let (case_id, status_card, json) = self.held(id)?;
        let mut doc = CaseDocument::parse_and_check(&json).map_err(VaultError::InvalidCase)?;
        if doc.id != case_id {
            return Err(VaultError::Corrupt("a held update does not match its case"));
        }
        if self.case_summary(&doc.id).is_ok() {
            self.require_update_rights(&doc.id, status_card)?;
        }
        let plan = self.plan_version(&mut doc, status_card)?;
        if let Some(c) = &plan.conflict {
            return Err(VaultError::Conflict(c.differing.len().max(1)));
        }
        let version_ms = super::transfer::version_ms(&doc.updated_at)?;
        let (case, created) = self.apply_document(&doc, status_card)?;
        self.record_version(&case, version_ms, &doc.updated_at)?;
        let (sender, code): (String, String) = self.conn.query_row(
            "SELECT sender, code FROM incoming WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        self.decide(id, IncomingState::Imported, IncomingReason::Accepted)?;
        self.audit("incoming.accept", &case)?;
        Ok(super::transfer::Received {
            status_card,
            case_id: case,
            code,
            sender,
            created,
            changed: plan.changed,
            outcome: super::transfer::Outcome::Imported,
        })
    }

    /// Rejects held update `id`: its document is deleted and nothing is applied.
    pub fn reject_incoming(&mut self, id: i64) -> Result<(), VaultError> {
        let (case_id, _, _) = self.held(id)?;
        self.decide(id, IncomingState::Refused, IncomingReason::Rejected)?;
        self.audit("incoming.reject", &case_id)?;
        Ok(())
    }

    fn decide(
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
