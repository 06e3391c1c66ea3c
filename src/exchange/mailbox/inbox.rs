//! The inbox: each object in the acting user's prefix fetched once, opened once, and then
//! imported or held through the bundle path, matched as a receipt, or refused with a closed
//! reason; then deleted from the server. Names already fetched are never opened again.

use waystone_bundle::BundleKind;
use waystone_mailbox::{BlockingMailbox, Damage, ObjectName, StrayKind};

use super::refusal::ObjectRefusal;
use crate::exchange::Outcome;
use crate::vault::store::mailbox::{self as store, InboxRow, MailboxRow};
use crate::vault::{now, Vault, VaultError};

use super::report::SyncReport;
use waystone_mailbox::MailboxError;

/// An object fetched and refused (never imported), as `incoming list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedObject {
    /// The mailbox it came through.
    pub mailbox: String,
    /// The pinned sender, when its signature verified.
    pub from: Option<String>,
    pub from_fingerprint: Option<String>,
    /// The case it named, when its signature verified.
    pub case_id: Option<String>,
    /// Why it was refused.
    pub reason: ObjectRefusal,
    pub received_at: String,
}

/// The reason an import failure is a refusal of this object (recorded, reported, the object
/// deleted); `None` for failures of this vault or computer (the object stays for next time).
fn refusal_of(e: &VaultError) -> Option<ObjectRefusal> {
    Some(match e {
        VaultError::BundleRefused(r, _) => ObjectRefusal::from(*r),
        VaultError::Conflict(_) => ObjectRefusal::Conflict,
        VaultError::Forbidden => ObjectRefusal::Forbidden,
        // a carried form this vault holds otherwise under the same id and version, or one
        // that does not load, never imports: refused like an invalid case
        VaultError::InvalidCase(_) | VaultError::Invalid(_) | VaultError::InvalidForm(_) => {
            ObjectRefusal::InvalidCase
        }
        VaultError::NewerVersion => ObjectRefusal::NewerVersion,
        VaultError::Bundle(_) => ObjectRefusal::Damaged,
        _ => return None,
    })
}

fn damage_code(d: Damage) -> ObjectRefusal {
    match d {
        Damage::WrongSize => ObjectRefusal::Truncated,
        Damage::Altered => ObjectRefusal::Altered,
        Damage::NewerVersion(_) => ObjectRefusal::NewerVersion,
        _ => ObjectRefusal::Damaged,
    }
}

impl Vault {
    /// Fetches and settles every new object in the acting user's prefix of `mailbox`.
    pub(super) fn fetch_inbox(
        &mut self,
        mailbox: &MailboxRow,
        mb: &BlockingMailbox,
        report: &mut SyncReport,
    ) -> Result<(), VaultError> {
        let prefix = mb.prefix_for(&self.user_keys()?.public());
        let listing = mb.list(&prefix)?;
        let mut objects = listing.objects.iter().peekable();
        while objects.peek().is_some() {
            // a batch fetched at once (bounded like the outbox's), then settled one by one in
            // the listing's order, then deleted at once
            let mut fetch: Vec<&ObjectName> = Vec::new();
            let mut done: Vec<&ObjectName> = Vec::new();
            let mut bytes_in_batch = 0u64;
            while fetch.len() < super::batch::TRANSFER_BATCH
                && bytes_in_batch < super::batch::TRANSFER_BATCH_BYTES as u64
            {
                let Some(meta) = objects.next() else { break };
                if store::seen(&self.conn, mailbox.id, &meta.name.key())?.is_some() {
                    // the same object again (a sync tool brought it back, or a delete
                    // failed): never opened twice; removed again
                    done.push(&meta.name);
                    continue;
                }
                bytes_in_batch += meta.size;
                fetch.push(&meta.name);
            }
            let fetched = mb.get_all(&fetch);
            let mut first_error = None;
            for (name, result) in fetch.iter().zip(fetched) {
                if first_error.is_some() {
                    break; // settled in order: nothing after a failure of this computer
                }
                let key = name.key();
                match result {
                    Ok(bytes) => {
                        self.settle_object(mailbox, mb, name, &bytes, report)?;
                        done.push(name);
                    }
                    Err(MailboxError::NotFound) => {} // fetched and deleted meanwhile
                    Err(MailboxError::Damaged(d)) => {
                        report.received += 1;
                        self.record(mailbox, &key, "unknown", Err(damage_code(d)), None, report)?;
                        done.push(name);
                    }
                    Err(e) => first_error = Some(e),
                }
            }
            for (name, result) in done.iter().zip(mb.delete_all(&done)) {
                match result {
                    Ok(()) => store::mark_deleted(&self.conn, mailbox.id, &name.key())?,
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            if let Some(e) = first_error {
                return Err(e.into());
            }
        }
        for stray in listing
            .strays
            .iter()
            .filter(|s| s.kind != StrayKind::Temporary)
        {
            report.strays += 1;
            // a conflict copy of an object already fetched is only clutter
            if let Some(original) = &stray.original {
                if store::seen(&self.conn, mailbox.id, &original.key())?.is_some() {
                    mb.delete_stray(stray)?;
                }
            }
        }
        Ok(())
    }

    /// Opens one fetched object once: a receipt, or a bundle through the import path.
    fn settle_object(
        &mut self,
        mailbox: &MailboxRow,
        mb: &BlockingMailbox,
        name: &ObjectName,
        bytes: &[u8],
        report: &mut SyncReport,
    ) -> Result<(), VaultError> {
        let key = name.key();
        let digest = crate::exchange::bundle_digest(bytes);
        let opened = match self.open_raw_bundle(bytes) {
            Ok(o) => o,
            Err(e) => {
                report.received += 1;
                let Some(reason) = refusal_of(&e) else {
                    return Err(e);
                };
                return self.record(mailbox, &key, "bundle", Err(reason), None, report);
            }
        };
        let sender = opened.sender.clone();
        let fingerprint = self.pinned_fingerprint(&sender)?;
        if opened.manifest.kind == BundleKind::Receipt {
            return match self.match_receipt(&opened)? {
                Some(m) => {
                    store::mark_delivered(&self.conn, m.item.id, m.outcome, &now())?;
                    // the recipient deletes what it fetched; the sender makes sure
                    if let Some(original) = ObjectName::parse(&m.item.object_name) {
                        mb.delete(&original)?;
                    }
                    report.delivered += 1;
                    self.record(
                        mailbox,
                        &key,
                        "receipt",
                        Ok("receipt"),
                        Some((&sender, &fingerprint, None)),
                        report,
                    )
                }
                None => {
                    report.received += 1;
                    self.record(
                        mailbox,
                        &key,
                        "receipt",
                        Err(ObjectRefusal::UnknownReceipt),
                        Some((&sender, &fingerprint, None)),
                        report,
                    )
                }
            };
        }
        report.received += 1;
        let case_id = opened.manifest.case_id.clone();
        let who = Some((
            sender.as_str(),
            fingerprint.as_str(),
            Some(case_id.as_str()),
        ));
        match self.open_opened_bundle(bytes, opened) {
            Ok(received) => {
                let outcome = match received.outcome {
                    Outcome::Imported => "imported",
                    Outcome::Held { .. } | Outcome::Conflict { .. } => "held",
                    Outcome::AlreadyOpened => "already_opened",
                };
                self.record(mailbox, &key, "bundle", Ok(outcome), who, report)?;
                self.queue_receipt(mailbox, mb, &sender, name, &digest, outcome)
            }
            Err(e) => {
                let Some(reason) = refusal_of(&e) else {
                    return Err(e);
                };
                self.record(mailbox, &key, "bundle", Err(reason), who, report)
            }
        }
    }

    /// Records what became of an object and counts it: `Ok(outcome)` or `Err(reason)`.
    fn record(
        &self,
        mailbox: &MailboxRow,
        key: &str,
        kind: &str,
        result: Result<&str, ObjectRefusal>,
        who: Option<(&str, &str, Option<&str>)>,
        report: &mut SyncReport,
    ) -> Result<(), VaultError> {
        let (outcome, reason) = match result {
            Ok(o) => (o, None),
            Err(r) => ("refused", Some(r.as_str().to_owned())),
        };
        match outcome {
            "imported" => report.imported += 1,
            "held" => report.held += 1,
            "already_opened" => report.already_opened += 1,
            "refused" => report.refused += 1,
            _ => {}
        }
        store::record_fetch(
            &self.conn,
            &InboxRow {
                mailbox_id: mailbox.id,
                received_by: self.session.user.clone(),
                object_name: key.to_owned(),
                kind: kind.to_owned(),
                outcome: outcome.to_owned(),
                reason,
                sender: who.map(|w| w.0.to_owned()),
                sender_fingerprint: who.map(|w| w.1.to_owned()).filter(|f| !f.is_empty()),
                case_id: who.and_then(|w| w.2.map(str::to_owned)),
                digest: None,
                fetched_at: now(),
            },
        )
    }

    /// The objects the acting user fetched and refused, newest first.
    pub fn mailbox_refusals(&self) -> Result<Vec<RefusedObject>, VaultError> {
        Ok(store::refused_of(&self.conn, &self.session.user)?
            .into_iter()
            .map(|(mailbox, r)| RefusedObject {
                mailbox,
                from: r.sender,
                from_fingerprint: r.sender_fingerprint,
                case_id: r.case_id,
                // the inbox holds only names this enum wrote
                reason: r
                    .reason
                    .as_deref()
                    .and_then(ObjectRefusal::parse)
                    .unwrap_or(ObjectRefusal::Damaged),
                received_at: r.fetched_at,
            })
            .collect())
    }
}
