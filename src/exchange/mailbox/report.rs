//! What a sync did, in counts, and the mailboxes it could not finish.

use waystone_mailbox::MailboxError;

/// What one sync did, in counts (no names, no content).
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Cases and status cards uploaded.
    pub sent: u64,
    /// Receipts uploaded.
    pub receipts_sent: u64,
    /// Objects fetched (bundles, and anything refused).
    pub received: u64,
    /// Bundles imported (a case added or updated).
    pub imported: u64,
    /// Bundles held for a person's decision.
    pub held: u64,
    /// Bundles opened before (nothing changed; a receipt is sent again).
    pub already_opened: u64,
    /// Objects refused (see `incoming list`).
    pub refused: u64,
    /// Items marked delivered by a verified receipt.
    pub delivered: u64,
    /// Items still waiting to be uploaded after this sync.
    pub queued: u64,
    /// Conflict copies and unknown entries seen in the prefix (never imported).
    pub strays: u64,
    /// Mailboxes this sync could not finish (their items stay queued).
    pub failures: Vec<MailboxFailure>,
}

/// A mailbox a sync could not finish.
#[derive(Debug)]
pub struct MailboxFailure {
    /// The mailbox's name (chosen by the admin; no secret).
    pub mailbox: String,
    /// Why, in the transport's leak-free words; `is_transient()` says whether the next
    /// sync may simply succeed.
    pub error: MailboxError,
}
