//! The optional wipe after N failed unlocks (off unless an admin sets a limit).
//!
//! `unlock-guard.json` beside the key slots holds the limit and the count of failed attempts
//! since the last success. It must be readable before unlock, so it is plain JSON and not
//! authenticated: nothing before unlock could verify a MAC. The limit is also kept inside the
//! encrypted database (`private_settings`), and every successful unlock puts the file back to
//! what the database says (an audit entry records it), so an edit made while the vault was
//! locked is undone and recorded at the next unlock.
//!
//! One attempt, in order:
//! 1. the counter is incremented and the file written and fsynced **before** the KDF runs,
//!    so killing the process during the KDF still counts the attempt (and a write that fails
//!    stops the attempt: no guess without a count);
//! 2. the KDF and the key check run;
//! 3. a right secret (the KEK check passed, whatever happens after) resets the counter; a
//!    wrong one with the counter at the limit runs the panic wipe ([`super::wipe`]).
//!
//! The whole attempt — read, count, KDF, reset or wipe — runs under an exclusive advisory lock
//! on `unlock-guard.lock` (std's `File::lock`: `flock` / `LockFileEx`), so parallel CLI
//! processes or the app and the CLI at once cannot read the same count and each write
//! "one more": N guesses count N. The lock is taken only when a limit is set (a vault without
//! one gets no lock file); a file system that has no locks (`Unsupported`) is used unlocked.
//!
//! Passphrase and recovery-key attempts both count. Naming a user who does not exist runs no
//! KDF and is not counted.
//!
//! What it does not stop (SECURITY.md): anyone who can read the disk can copy the vault
//! first and guess offline against Argon2id, and anyone who can write it can reset the counter
//! or delete this file. It limits guessing through the app and the CLI on the machine itself.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::VaultError;
use super::layout::atomic_write;
pub use super::layout::{GUARD_FILE, GUARD_LOCK_FILE};

/// The smallest limit an admin may set: one typo must never wipe a vault.
pub const MIN_LIMIT: u32 = 3;
pub const MAX_LIMIT: u32 = 100;
/// The copy of the limit inside the encrypted database.
pub(crate) const DB_SETTING: &str = "unlock_limit";
const FORMAT: &str = "waystone-unlock-guard";

/// The stored state: the limit (`None`: off) and the failures since the last success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockGuard {
    pub format: String,
    pub limit: Option<u32>,
    pub failed: u32,
}

impl Default for UnlockGuard {
    fn default() -> Self {
        Self {
            format: FORMAT.into(),
            limit: None,
            failed: 0,
        }
    }
}

impl UnlockGuard {
    /// The file's state; a missing file is "off, no failures". A file that cannot be read as
    /// a guard is refused (`Tampered`) rather than read as "off".
    pub fn load(dir: &Path) -> Result<Self, VaultError> {
        let bytes = match std::fs::read(dir.join(GUARD_FILE)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(VaultError::io("reading the unlock counter", e)),
        };
        serde_json::from_slice::<UnlockGuard>(&bytes)
            .ok()
            .filter(|g| g.format == FORMAT)
            .ok_or(VaultError::Tampered("the unlock counter file is not valid"))
    }

    /// Writes the file atomically and fsyncs it (and the directory).
    pub fn store(&self, dir: &Path) -> Result<(), VaultError> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|_| VaultError::Internal("serialising the unlock counter"))?;
        atomic_write(dir, GUARD_FILE, &json)
    }

    /// Attempts left before a wipe, when a limit is set.
    pub fn attempts_left(&self) -> Option<u32> {
        self.limit.map(|n| n.saturating_sub(self.failed))
    }
}

/// Checks a limit an admin asks for: `None` (off) or `MIN_LIMIT..=MAX_LIMIT`.
pub fn validate_limit(limit: Option<u32>) -> Result<(), VaultError> {
    match limit {
        Some(n) if !(MIN_LIMIT..=MAX_LIMIT).contains(&n) => Err(VaultError::Invalid(format!(
            "the unlock limit is off or between {MIN_LIMIT} and {MAX_LIMIT} attempts"
        ))),
        _ => Ok(()),
    }
}

/// Runs one unlock attempt (`attempt` runs the KDF) under the guard: counts it first, then
/// settles the counter by the outcome, wiping the vault when a wrong secret reaches the limit.
pub(crate) fn guarded<T>(
    dir: &Path,
    attempt: impl FnOnce() -> Result<T, VaultError>,
) -> Result<T, VaultError> {
    let mut guard = UnlockGuard::load(dir)?;
    // Held until this function returns: through the count, the KDF and the reset or wipe.
    let _lock = if guard.limit.is_some() {
        let lock = lock_attempts(dir)?;
        // read again under the lock: another attempt may have counted meanwhile
        guard = UnlockGuard::load(dir)?;
        lock
    } else {
        None
    };
    if guard.limit.is_some() {
        guard.failed = guard.failed.saturating_add(1);
        guard.store(dir)?;
    }
    let result = attempt();
    match (&result, guard.limit) {
        (Err(VaultError::AuthFailed), Some(limit)) => {
            if guard.failed >= limit {
                super::wipe::wipe(dir)?;
                Err(VaultError::WipedAfterFailedUnlocks)
            } else {
                Err(VaultError::AuthFailedAttemptsLeft(limit - guard.failed))
            }
        }
        (Err(VaultError::AuthFailed), None) => result,
        // The secret was right (or the slot is damaged after its key check passed): reset.
        _ => {
            if guard.failed > 0 {
                guard.failed = 0;
                guard.store(dir)?;
            }
            result
        }
    }
}

/// Takes the exclusive lock on `unlock-guard.lock`, waiting for another attempt to finish.
fn lock_attempts(dir: &Path) -> Result<Option<std::fs::File>, VaultError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(GUARD_LOCK_FILE))
        .map_err(|e| VaultError::io("locking the unlock counter", e))?;
    match file.lock() {
        Ok(()) => Ok(Some(file)),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(None),
        Err(e) => Err(VaultError::io("locking the unlock counter", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_off_or_in_range() {
        assert!(validate_limit(None).is_ok());
        assert!(validate_limit(Some(MIN_LIMIT)).is_ok());
        assert!(validate_limit(Some(MAX_LIMIT)).is_ok());
        for bad in [0, 1, MIN_LIMIT - 1, MAX_LIMIT + 1] {
            assert!(validate_limit(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_damaged_counter_file_is_refused_not_read_as_off() {
        let t = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        std::fs::write(t.path().join(GUARD_FILE), b"{\"limit\": 3").unwrap_or_default();
        assert!(matches!(
            UnlockGuard::load(t.path()),
            Err(VaultError::Tampered(_))
        ));
        assert_eq!(
            UnlockGuard::load(&t.path().join("none")).ok(),
            Some(UnlockGuard::default())
        );
    }

    #[test]
    fn parallel_attempts_each_count() {
        let t = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let dir = t.path().to_owned();
        let start = UnlockGuard {
            limit: Some(MAX_LIMIT),
            ..UnlockGuard::default()
        };
        start.store(&dir).unwrap_or_else(|e| unreachable!("{e}"));
        const N: u32 = 12;
        let barrier = std::sync::Barrier::new(N as usize);
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..N)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        guarded::<()>(&dir, || Err(VaultError::AuthFailed))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join()).collect()
        });
        let mut left: Vec<u32> = outcomes
            .into_iter()
            .map(|o| match o {
                Ok(Err(VaultError::AuthFailedAttemptsLeft(n))) => n,
                other => unreachable!("{other:?}"),
            })
            .collect();
        left.sort_unstable();
        // every attempt saw a count of its own: N guesses are N, not fewer
        let want: Vec<u32> = (MAX_LIMIT - N..MAX_LIMIT).collect();
        assert_eq!(left, want);
        let after = UnlockGuard::load(&dir).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(after.failed, N);
    }
}
