//! Delivery receipts: a bundle of kind `receipt` signed by the recipient and encrypted to the
//! sender, carrying one part, `receipt.json`, that names the object and the SHA-256 of the
//! bundle it acknowledges and what became of it — no case id, code or content. The sender
//! marks an item delivered only for a receipt that verifies (pinned signer, addressed to
//! them) and names an item they sent to exactly that signer.
//!
//! ```json
//! {"format":"waystone-receipt","version":1,"object":"<prefix>/<id>","digest":"<64 hex>","outcome":"imported"}
//! ```

use serde::{Deserialize, Serialize};
use waystone_bundle::{BundleKind, Manifest, Opened, Part, PublicKeys};
use waystone_mailbox::{BlockingMailbox, ObjectName};

use crate::vault::store::mailbox::{self as store, MailboxRow, OutboxRow};
use crate::vault::{now, Vault, VaultError};

use crate::exchange::model::bundle_error;

/// The one part of a receipt bundle.
pub(super) const RECEIPT_PART: &str = "receipt.json";
const FORMAT: &str = "waystone-receipt";
const VERSION: u32 = 1;
/// What may become of a delivered bundle, as a receipt says it.
const OUTCOMES: &[&str] = &["imported", "held", "already_opened"];

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptDoc {
    format: String,
    version: u32,
    object: String,
    digest: String,
    outcome: String,
}

/// A receipt that verified and names an item of this user's outbox.
pub(super) struct Matched {
    pub item: OutboxRow,
    pub outcome: &'static str,
}

impl Vault {
    /// Queues a signed receipt for `object` (bundle `digest`) to the contact `sender` who
    /// sent it, through the mailbox it came from.
    pub(super) fn queue_receipt(
        &mut self,
        mailbox: &MailboxRow,
        mb: &BlockingMailbox,
        sender: &str,
        object: &ObjectName,
        digest: &str,
        outcome: &'static str,
    ) -> Result<(), VaultError> {
        let Some(contact) = self.contacts()?.into_iter().find(|c| c.name == sender) else {
            return Ok(()); // unpinned since: nobody to send it to
        };
        let keys = PublicKeys::parse_line(&contact.key_line)
            .map_err(|_| VaultError::Corrupt("a pinned contact's key line is damaged"))?;
        let doc = ReceiptDoc {
            format: FORMAT.into(),
            version: VERSION,
            object: object.key(),
            digest: digest.into(),
            outcome: outcome.into(),
        };
        let json = serde_json::to_vec(&doc).map_err(|_| VaultError::Internal("receipt"))?;
        let manifest = Manifest {
            kind: BundleKind::Receipt,
            // the object's random id: the manifest's case field names no case
            case_id: object.id().to_owned(),
            form_id: FORMAT.into(),
            form_version: VERSION,
            sender_name: self.session.user.clone(),
            sender_fingerprint: String::new(),
            recipients: vec![],
            created_at: now(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            audit_head: String::new(),
            parts: vec![],
        };
        let own = self.user_keys()?;
        let bytes = waystone_bundle::create(
            &manifest,
            &[Part::new(RECEIPT_PART, json)],
            &own,
            std::slice::from_ref(&keys),
        )
        .map_err(bundle_error)?;
        let name = ObjectName::random(&mb.prefix_for(&keys))?;
        let item = OutboxRow {
            id: 0,
            mailbox_id: mailbox.id,
            sent_by: self.session.user.clone(),
            contact: contact.name.clone(),
            recipient_fingerprint: contact.fingerprint.clone(),
            kind: "receipt".into(),
            case_id: None,
            object_name: name.key(),
            digest: crate::exchange::bundle_digest(&bytes),
            state: "queued".into(),
            attempts: 0,
            last_error: None,
            receipt_outcome: None,
            queued_at: now(),
            uploaded_at: None,
            delivered_at: None,
        };
        store::queue(&self.conn, &item, &bytes)?;
        Ok(())
    }

    /// Checks a receipt the bundle crate opened (signed by a pinned contact, addressed to
    /// this user) against the outbox: it must name an item this user sent to that very
    /// contact. `None` when it names none (refused by the caller).
    pub(super) fn match_receipt(&self, opened: &Opened) -> Result<Option<Matched>, VaultError> {
        let [part] = opened.parts.as_slice() else {
            return Ok(None);
        };
        if part.name != RECEIPT_PART {
            return Ok(None);
        }
        let Ok(doc) = serde_json::from_slice::<ReceiptDoc>(&part.bytes) else {
            return Ok(None);
        };
        let Some(outcome) = OUTCOMES.iter().copied().find(|o| *o == doc.outcome) else {
            return Ok(None);
        };
        if doc.format != FORMAT
            || doc.version != VERSION
            || ObjectName::parse(&doc.object).is_none()
        {
            return Ok(None);
        }
        let signer = self.pinned_fingerprint(&opened.sender)?;
        let item = store::for_receipt(&self.conn, &self.session.user, &doc.object, &doc.digest)?;
        Ok(item
            .filter(|i| !signer.is_empty() && i.recipient_fingerprint == signer)
            .map(|item| Matched { item, outcome }))
    }
}
