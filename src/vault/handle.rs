//! The unlocked vault as a value: [`Vault`] (its connection, keys and session), who is
//! acting ([`Session`]), the users listed before unlock, and the small facts every part of
//! the vault shares (the database file name, the clock).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::access::Role;
use crate::crypto::{SecretKey, VaultMasterKey};

use super::error::VaultError;
use super::layout::SLOTS_FILE;
use super::slots::SlotFile;

/// Who is acting in an unlocked vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: String,
    pub role: Role,
}

/// A local user as listed before unlock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub role: Role,
}

/// How long Argon2id should take for new key slots; tests and scripts may shorten it to the
/// floor with `WAYSTONE_KDF_TARGET_MS=0` (never below the floor).
pub fn kdf_target() -> Duration {
    let ms = std::env::var("WAYSTONE_KDF_TARGET_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1000);
    Duration::from_millis(ms)
}

/// The platform data directory's vault: `$XDG_DATA_HOME/waystone/vault` or
/// `~/.local/share/waystone/vault`. `None` when there is no home directory.
pub fn default_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map(|base| base.join("waystone").join("vault"))
}

/// Whether `dir` holds a vault (its key slot file exists).
pub fn exists(dir: &Path) -> bool {
    dir.join(SLOTS_FILE).exists()
}

/// The users who can unlock the vault in `dir`, read from the key slots without unlocking.
pub fn list_users(dir: &Path) -> Result<Vec<UserSummary>, VaultError> {
    let file = SlotFile::load(dir)?;
    Ok(file
        .users()
        .map(|(n, r)| UserSummary {
            name: n.to_owned(),
            role: r,
        })
        .collect())
}

/// An unlocked vault. Dropping it locks: the connection closes and the keys zeroize.
///
/// Its fields are the crate's, for the stores and the domain modules above the vault; a
/// case's content is reached only through the guards of [`crate::casework`].
pub struct Vault {
    pub(crate) dir: PathBuf,
    pub(crate) conn: Connection,
    pub(crate) vmk: VaultMasterKey,
    pub(crate) audit_key: SecretKey,
    pub(crate) slots: SlotFile,
    pub(crate) session: Session,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("user", &self.session.user)
            .finish_non_exhaustive()
    }
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub audit_entries: usize,
    pub users: usize,
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
