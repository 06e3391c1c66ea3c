//! Planning an update before it is written: who may apply it, whether it is newer than what
//! is held, what it would change (a status card overlays only the board's fields), and the
//! differing answers a person compares when it is held. An update from a contact this case
//! was exchanged with is compared three ways against that exchange (`base`); otherwise its
//! version is compared by time with the copy held.

use rusqlite::{params, OptionalExtension};
use waystone_forms::Answers;

use crate::cases::interchange::CaseDocument;
use crate::vault::{Vault, VaultError};

use super::base::{lost, sides};
use super::model::{
    refused, BundleConflict, BundleRefusal, MAX_CLOCK_SKEW_MINUTES, STATUS_CARD_KEEPS_HELD,
};

/// The checks of a version against what this vault holds, after provenance.
pub(super) struct Plan {
    pub(super) changed: Vec<String>,
    pub(super) conflict: Option<BundleConflict>,
}

impl Vault {
    /// Rights over a case held here: its testimony for those who may read it, its board
    /// fields (a status card) for those who move it along (refused with Forbidden, before
    /// anything is written).
    pub(super) fn require_update_rights(
        &self,
        id: &str,
        status_card: bool,
    ) -> Result<(), VaultError> {
        if status_card {
            self.require(id, crate::access::Op::ChangeWorkflow)
                .map(drop)
        } else {
            self.require(id, crate::access::Op::ReadTestimony).map(drop)
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
        sender_fingerprint: &str,
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
        let local = crate::vault::store::cases::summary(&self.conn, &doc.id).ok();
        if status_card {
            if let Some(l) = &local {
                card_matches_held(doc, l)?;
            }
        }
        let before = match &local {
            Some(_) => crate::vault::store::answers::read(&self.conn, &doc.id)?,
            None => Answers::new(),
        };
        // a copy held but not parseable is treated as newest: nothing overwrites it
        let local_ms = local
            .as_ref()
            .map(|l| version_ms(&l.updated_at).unwrap_or(i64::MAX));
        let mut conflict = None;
        let base = match &local {
            Some(_) => self.base(&doc.id, sender_fingerprint, status_card)?,
            None => None,
        };
        if let (Some(l), Some(base)) = (&local, &base) {
            // three ways: a change made here since the last version exchanged with this
            // sender, which the update does not carry, is never lost
            if status_card {
                doc.answers = overlay_card(&before, &doc.answers, true);
            }
            let s = sides(
                base,
                &l.status,
                &before,
                &doc.status,
                &doc.answers,
                status_card,
            );
            if !lost(&s, &l.status, &before, &doc.status, &doc.answers).is_empty() {
                conflict = Some(BundleConflict {
                    local_updated_at: l.updated_at.clone(),
                    bundle_updated_at: doc.updated_at.clone(),
                    differing: diff(&before, &doc.answers),
                });
            }
        } else if status_card {
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
        let held = crate::vault::store::cases::summary(&self.conn, &doc.id).is_ok();
        let before = if held {
            crate::vault::store::answers::read(&self.conn, &doc.id)?
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
        Ok(self.new_attachments(doc)? > 0)
    }

    /// How many attachments of a whole-case document this vault does not hold as they are.
    pub(super) fn new_attachments(&self, doc: &CaseDocument) -> Result<usize, VaultError> {
        let mut n = 0;
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
                n += 1;
            }
        }
        Ok(n)
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
pub(super) fn card_matches_held(
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
pub(super) fn overlay_card(before: &Answers, card: &Answers, held: bool) -> Answers {
    let mut merged = before.clone();
    for (p, a) in card.iter() {
        if held && STATUS_CARD_KEEPS_HELD.contains(&p.to_string().as_str()) {
            continue;
        }
        merged.set(p.clone(), a.clone());
    }
    merged
}

pub(super) fn diff(a: &Answers, b: &Answers) -> Vec<String> {
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
