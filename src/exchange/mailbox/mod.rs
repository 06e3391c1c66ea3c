//! The team mailbox in the core (issue 16): mailboxes kept in the vault, the outbox, sync
//! (upload, fetch, import through the bundle path, receipts) and its report, over the
//! transport of `waystone-mailbox`.
//!
//! Owns: the mailboxes' settings and sealed secrets (`settings`: add, list, remove, test, the
//! key line for a teammate's vault), queuing a case or status card for contacts (`outbox`),
//! opening each fetched object once (`inbox`: a bundle goes through
//! [`Vault::open_bundle`](crate::vault::Vault::open_bundle)'s checks unchanged; a refused
//! object is recorded with its closed reason, never imported), delivery receipts
//! (`receipt`) and the sync itself under a per-vault lock (`sync`).
//!
//! What a sync does, per mailbox: upload the queued items under the names recorded when
//! they were queued (a transient failure keeps them queued for the next sync), list the
//! acting user's prefix, fetch each object not seen before, import it or refuse it, send a
//! signed receipt back to the sender of what was imported, held or already opened, delete
//! the object, mark items delivered for each verified receipt, and upload the new receipts.
//!
//! Recipe — a new engine: add it to `waystone-mailbox`'s `Config`, then a [`MailboxSetup`]
//! variant and its settings and secrets in `settings.rs` (the `engine` CHECK of migration
//! 0009 needs a new migration).

mod batch;
mod codes;

mod inbox;
mod outbox;
mod receipt;
mod refusal;
mod report;
mod settings;
mod sync;

pub use codes::{error_code, MailboxEngine, MailboxErrorCode};
pub use inbox::RefusedObject;
pub use outbox::OutboxItem;
pub use refusal::ObjectRefusal;
pub use report::{MailboxFailure, SyncReport};
pub use settings::{parse_key_line, MailboxInfo, MailboxSetup, MAILBOX_KEY_ENV};
pub use waystone_mailbox::{MailboxError, MailboxKey, SecretString};
