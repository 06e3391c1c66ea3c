//! The encrypted vault: one directory holding `keys.json` (key slots), `vault.db` (SQLCipher)
//! and `settings.json` (language and idle minutes, needed before unlock; nothing of a case).
//!
//! Owns: creating a vault, unlocking it through a key slot, the SQLCipher open sequence,
//! migrations, local users and their roles, passphrase change and recovery, integrity checks,
//! and every SQL statement of the core (no other module issues SQL).
//!
//! Locking is dropping the [`Vault`]: the connection closes and every key zeroizes.
//!
//! Recipe — a migration: add `migrations/NNNN_what.sql` and append it to
//! [`migrations::MIGRATIONS`]; never edit a released one. Vaults from older versions are
//! upgraded in one transaction on unlock; a vault from a newer version is refused.

mod audit_log;
pub mod audit_view;
pub mod backup;
mod db;
pub(crate) mod error;
mod handle;
mod layout;
pub mod migrations;
mod open;
mod private;
pub mod settings;
pub mod slots;
pub(crate) mod store;
#[cfg(test)]
mod tests;
pub mod unlock_guard;
mod users;
mod wipe;

pub use crate::access::Role;
#[cfg(feature = "bench-plaintext")]
pub use db::bench_database_options;
pub use error::{BundleRefusal, VaultError};
pub(crate) use handle::now;
pub use handle::{
    default_dir, exists, kdf_target, list_users, CheckReport, Session, UserSummary, Vault,
};
pub use layout::{ATTACHMENTS_DIR, DB_FILE, SYNC_LOCK_FILE};
pub use store::board::BoardRow;
pub use wipe::{wipe, WipeReport};
