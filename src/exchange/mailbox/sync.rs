//! One sync of every mailbox of the vault, under the vault's sync lock, and its report.
//!
//! The lock: `mailbox-sync.lock` in the vault folder, held with an exclusive advisory lock
//! (`File::try_lock`) for the whole sync. A second sync of the same vault — the CLI beside
//! the app — is refused at once with [`VaultError::SyncBusy`] and changes nothing; the first
//! finishes undisturbed. The lock goes with the process (the OS releases it on exit or
//! kill), so a crashed sync never leaves the vault locked.

use std::fs::{File, OpenOptions, TryLockError};

use crate::vault::store::mailbox as store;
use crate::vault::{Vault, VaultError, SYNC_LOCK_FILE};

use super::MailboxError;

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

/// The vault's sync lock, released when dropped.
struct SyncLock(#[allow(dead_code)] File);

impl SyncLock {
    fn take(vault_dir: &std::path::Path) -> Result<Self, VaultError> {
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(vault_dir.join(SYNC_LOCK_FILE))
            .map_err(|e| VaultError::io("opening the sync lock", e))?;
        match file.try_lock() {
            Ok(()) => Ok(Self(file)),
            Err(TryLockError::WouldBlock) => Err(VaultError::SyncBusy),
            Err(TryLockError::Error(e)) => Err(VaultError::io("taking the sync lock", e)),
        }
    }
}

impl Vault {
    /// Syncs every mailbox: uploads the outbox, fetches and settles the acting user's
    /// objects, sends receipts. A mailbox that fails (unreachable, credentials refused) is
    /// listed in [`SyncReport::failures`] and the others still run; nothing queued is lost.
    /// Refused objects are counted, not errors. [`VaultError::SyncBusy`] when another sync of
    /// this vault is running.
    pub fn sync_mailboxes(&mut self) -> Result<SyncReport, VaultError> {
        let _lock = SyncLock::take(&self.dir)?;
        let mailboxes = store::list(&self.conn)?;
        if mailboxes.is_empty() {
            return Err(VaultError::NoMailbox);
        }
        let mut report = SyncReport::default();
        for row in &mailboxes {
            let result = match self.open_mailbox(row) {
                Ok(mb) => self
                    .upload_queued(row, &mb, &mut report)
                    .and_then(|()| self.fetch_inbox(row, &mb, &mut report))
                    // the receipts queued just now
                    .and_then(|()| self.upload_queued(row, &mb, &mut report)),
                Err(VaultError::Mailbox(e)) => {
                    // not even a client (the folder is gone): every queued item says why
                    for id in store::queued_ids(&self.conn, row.id)? {
                        store::mark_failed(&self.conn, id, super::error_code(&e))?;
                    }
                    Err(VaultError::Mailbox(e))
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {}
                Err(VaultError::Mailbox(error)) => report.failures.push(MailboxFailure {
                    mailbox: row.name.clone(),
                    error,
                }),
                Err(e) => return Err(e),
            }
            let (queued, _, _) = store::outbox_counts(&self.conn, row.id)?;
            report.queued += u64::try_from(queued).unwrap_or(0);
        }
        self.audit(
            "mailbox.sync",
            &format!(
                "sent {} received {} imported {} held {} refused {} delivered {} failed {}",
                report.sent,
                report.received,
                report.imported,
                report.held,
                report.refused,
                report.delivered,
                report.failures.len()
            ),
        )?;
        Ok(report)
    }
}
