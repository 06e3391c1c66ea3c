//! The outbox: queuing a case or status card for contacts (one signed, encrypted bundle per
//! contact, its object name chosen and recorded before any upload), listing a user's items,
//! and uploading what is queued.

use waystone_bundle::PublicKeys;
use waystone_mailbox::{BlockingMailbox, ObjectName};

use crate::vault::store::mailbox::{self as store, MailboxRow, OutboxRow};
use crate::vault::{now, Vault, VaultError};

use super::codes::error_code;
use super::report::SyncReport;

/// One item of the outbox, as its sender sees it (no bundle bytes, no content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    /// The mailbox it goes through.
    pub mailbox: String,
    /// The contact it is for (as the sender pinned them).
    pub to: String,
    pub case_id: String,
    pub status_card: bool,
    /// `queued`, `uploaded` or `delivered`.
    pub state: String,
    pub attempts: i64,
    /// The last upload's failure, a closed code.
    pub last_error: Option<super::codes::MailboxErrorCode>,
    /// What the recipient's receipt says became of it (`imported`, `held`,
    /// `already_opened`).
    pub receipt: Option<String>,
    pub queued_at: String,
    pub delivered_at: Option<String>,
}

impl Vault {
    /// Queues case `id` (or its status card) for each named contact through `mailbox` (by
    /// name; `None`: the first mailbox added). The rights are `bundle create`'s (sending the
    /// case, or a status card); nothing is contacted until the next sync. Returns the items.
    pub fn queue_send(
        &mut self,
        id: &str,
        to: &[&str],
        status_card: bool,
        mailbox: Option<&str>,
    ) -> Result<Vec<OutboxItem>, VaultError> {
        if to.is_empty() {
            return Err(VaultError::Invalid("name at least one recipient".into()));
        }
        let row = match mailbox {
            Some(name) => store::by_name(&self.conn, name)?,
            None => store::list(&self.conn)?.into_iter().next(),
        }
        .ok_or(VaultError::NoMailbox)?;
        let mb = self.open_mailbox(&row)?;
        let contacts = self.contacts()?;
        let mut ids = Vec::with_capacity(to.len());
        for name in to {
            // one bundle per contact: each object sits under its recipient's prefix and has
            // a receipt of its own
            let bytes = self.create_bundle(id, &[name], status_card)?;
            let contact = contacts
                .iter()
                .find(|c| c.name == *name)
                .ok_or(VaultError::Internal("a contact vanished while sending"))?;
            let keys = PublicKeys::parse_line(&contact.key_line)
                .map_err(|_| VaultError::Corrupt("a pinned contact's key line is damaged"))?;
            let name_on_server = ObjectName::random(&mb.prefix_for(&keys))?;
            let item = OutboxRow {
                id: 0,
                mailbox_id: row.id,
                sent_by: self.session.user.clone(),
                contact: contact.name.clone(),
                recipient_fingerprint: contact.fingerprint.clone(),
                kind: if status_card { "status_card" } else { "case" }.into(),
                case_id: Some(id.to_owned()),
                object_name: name_on_server.key(),
                digest: crate::exchange::bundle_digest(&bytes),
                state: "queued".into(),
                attempts: 0,
                last_error: None,
                receipt_outcome: None,
                queued_at: now(),
                uploaded_at: None,
                delivered_at: None,
            };
            ids.push(store::queue(&self.conn, &item, &bytes)?);
        }
        self.audit("mailbox.queue", id)?;
        let items = self.outbox()?;
        Ok(items.into_iter().filter(|i| ids.contains(&i.id)).collect())
    }

    /// The acting user's outbox (cases and status cards; receipts are not listed), newest
    /// first.
    pub fn outbox(&self) -> Result<Vec<OutboxItem>, VaultError> {
        let names: std::collections::HashMap<i64, String> = store::list(&self.conn)?
            .into_iter()
            .map(|m| (m.id, m.name))
            .collect();
        Ok(store::items_of(&self.conn, &self.session.user)?
            .into_iter()
            .map(|r| OutboxItem {
                id: r.id,
                mailbox: names.get(&r.mailbox_id).cloned().unwrap_or_default(),
                to: r.contact,
                case_id: r.case_id.unwrap_or_default(),
                status_card: r.kind == "status_card",
                state: r.state,
                attempts: r.attempts,
                last_error: r
                    .last_error
                    .as_deref()
                    .map(super::codes::MailboxErrorCode::parse),
                receipt: r.receipt_outcome,
                queued_at: r.queued_at,
                delivered_at: r.delivered_at,
            })
            .collect())
    }

    /// Uploads every item queued for `mailbox`, each under the name recorded when it was
    /// queued (a retry after a crash replaces the object whole). The first failure stops the
    /// mailbox: the item keeps its place with the failure's code, and the error goes up.
    pub(super) fn upload_queued(
        &mut self,
        mailbox: &MailboxRow,
        mb: &BlockingMailbox,
        report: &mut SyncReport,
    ) -> Result<(), VaultError> {
        let ids = store::queued_ids(&self.conn, mailbox.id)?;
        let mut pending = ids.into_iter().peekable();
        while pending.peek().is_some() {
            // a batch: up to TRANSFER_BATCH items, and past TRANSFER_BATCH_BYTES only if it
            // is the first (one large object still goes, alone)
            let mut batch: Vec<(i64, OutboxRow, Vec<u8>, ObjectName)> = Vec::new();
            let mut bytes_in_batch = 0usize;
            while batch.len() < super::batch::TRANSFER_BATCH
                && bytes_in_batch < super::batch::TRANSFER_BATCH_BYTES
            {
                let Some(id) = pending.next() else { break };
                let Some((item, Some(bytes))) = store::item(&self.conn, id)? else {
                    continue;
                };
                let name = ObjectName::parse(&item.object_name).ok_or(VaultError::Corrupt(
                    "an outbox item's object name is damaged",
                ))?;
                bytes_in_batch += bytes.len();
                batch.push((id, item, bytes, name));
            }
            let puts: Vec<(&ObjectName, &[u8])> = batch
                .iter()
                .map(|(_, _, bytes, name)| (name, bytes.as_slice()))
                .collect();
            let results = mb.put_all(&puts);
            let mut first_error = None;
            for ((id, item, _, _), result) in batch.iter().zip(results) {
                match result {
                    Ok(()) => {
                        store::mark_uploaded(&self.conn, *id, &now())?;
                        if item.kind == "receipt" {
                            report.receipts_sent += 1;
                        } else {
                            report.sent += 1;
                        }
                    }
                    Err(e) => {
                        store::mark_failed(&self.conn, *id, error_code(&e))?;
                        first_error.get_or_insert(e);
                    }
                }
            }
            if let Some(e) = first_error {
                return Err(VaultError::Mailbox(e));
            }
        }
        Ok(())
    }
}
