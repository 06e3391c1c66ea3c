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

use super::codes::error_code;
use super::report::{MailboxFailure, SyncReport};

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
                        store::mark_failed(&self.conn, id, error_code(&e))?;
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
