//! The desktop session: at most one unlocked [`Vault`], the time of the last activity and
//! the idle limit. Host-agnostic so the idle rule is tested here; the desktop shell only
//! calls it from commands and a timer thread.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::crypto::{KdfParams, Passphrase, RecoveryKey};
use crate::vault::settings::Settings;
use crate::vault::{self, Role, Session, Vault, VaultError};

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    Manual,
    Idle,
    Panic,
}

pub struct SessionManager {
    dir: PathBuf,
    vault: Option<Vault>,
    last_activity: Instant,
    /// Nothing changed since the vault last settled ([`Vault::settle`]).
    settled: bool,
}

/// How long the vault must be quiet before [`SessionManager::settle_if_quiet`] settles it.
pub const SETTLE_AFTER: Duration = Duration::from_secs(5);
/// Search rows rewritten per idle tick (each a few milliseconds; cases saved by the CLI or
/// imported in bulk can leave many).
pub const SETTLE_BATCH: usize = 32;

impl SessionManager {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            vault: None,
            last_activity: Instant::now(),
            settled: true,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn exists(&self) -> bool {
        vault::exists(&self.dir)
    }

    pub fn settings(&self) -> Settings {
        Settings::load(&self.dir)
    }

    pub fn session(&self) -> Option<&Session> {
        self.vault.as_ref().map(Vault::session)
    }

    pub fn users(&self) -> Result<Vec<vault::UserSummary>, VaultError> {
        if self.exists() {
            vault::list_users(&self.dir)
        } else {
            Ok(Vec::new())
        }
    }

    /// First run: creates the vault with its first (admin) user and keeps it unlocked.
    pub fn create(
        &mut self,
        user: &str,
        passphrase: &Passphrase,
    ) -> Result<RecoveryKey, VaultError> {
        let kdf = KdfParams::calibrated(vault::kdf_target());
        let (v, recovery) = Vault::create(&self.dir, user, Role::Admin, passphrase, kdf)?;
        self.vault = Some(v);
        self.last_activity = Instant::now();
        self.remember_user(user);
        Ok(recovery)
    }

    pub fn unlock(&mut self, user: &str, passphrase: &Passphrase) -> Result<&Session, VaultError> {
        self.vault = None;
        let v = Vault::unlock(&self.dir, Some(user), passphrase)?;
        self.last_activity = Instant::now();
        self.remember_user(user);
        Ok(self.vault.insert(v).session())
    }

    /// Records `user` as the one to preselect on the next unlock screen (`settings.json`).
    /// A preference: a failure to write it is ignored, the unlock stands.
    fn remember_user(&self, user: &str) {
        let mut settings = self.settings();
        if settings.last_user.as_deref() != Some(user) {
            settings.last_user = Some(user.to_owned());
            let _ = settings.store(&self.dir);
        }
    }

    /// Locks now; returns whether a vault was unlocked.
    pub fn lock(&mut self, _reason: LockReason) -> bool {
        self.settled = true;
        self.vault.take().is_some()
    }

    /// After [`SETTLE_AFTER`] without activity, brings the search index up to date
    /// ([`SETTLE_BATCH`] cases per call, so the stop key never waits long for the session)
    /// and then folds the write-ahead log into the database, so that work falls in a pause
    /// rather than on the next save or search. Returns whether it did any work.
    pub fn settle_if_quiet(&mut self, now: Instant) -> Result<bool, VaultError> {
        let quiet = now.saturating_duration_since(self.last_activity) >= SETTLE_AFTER;
        match &self.vault {
            Some(v) if quiet && !self.settled => {
                self.settled = v.settle_step(SETTLE_BATCH)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The panic wipe: locks (the database closes, the keys zeroize), then destroys the
    /// vault directory, key slots first ([`vault::wipe`]). Needs an open session.
    pub fn wipe(&mut self) -> Result<vault::WipeReport, VaultError> {
        if self.vault.take().is_none() {
            return Err(VaultError::Locked);
        }
        vault::wipe(&self.dir)
    }

    /// Turns on or off "the stop key wipes instead of locking". Admins only; recorded in
    /// the encrypted database too and audited ([`Vault::set_stop_key_wipes`]).
    pub fn set_stop_key_wipes(&mut self, on: bool) -> Result<(), VaultError> {
        self.vault_mut()?.set_stop_key_wipes(on)
    }

    /// The wipe-after-failed-unlocks state, readable before unlock: the limit and the
    /// attempts left. A damaged counter file reads as "no limit known" here; unlocking
    /// reports it.
    pub fn unlock_guard(&self) -> vault::unlock_guard::UnlockGuard {
        vault::unlock_guard::UnlockGuard::load(&self.dir).unwrap_or_default()
    }

    pub fn touch(&mut self) {
        self.last_activity = Instant::now();
    }

    /// Locks if the vault has been idle longer than the configured minutes. Returns whether
    /// it locked.
    pub fn lock_if_idle(&mut self, now: Instant) -> bool {
        let limit = Duration::from_secs(u64::from(self.settings().idle_minutes) * 60);
        if self.vault.is_some() && now.saturating_duration_since(self.last_activity) >= limit {
            self.lock(LockReason::Idle)
        } else {
            false
        }
    }

    /// First run from a backup: restores `file` into this session's vault directory (which
    /// must hold no vault; everything is verified before anything is written), then unlocks
    /// it as `user`. Leaves the vault unlocked.
    pub fn restore_with_passphrase(
        &mut self,
        file: &Path,
        user: &str,
        passphrase: &Passphrase,
    ) -> Result<&Session, VaultError> {
        self.vault = None;
        vault::backup::restore(
            file,
            &self.dir,
            vault::backup::BackupSecret::Passphrase {
                user: Some(user),
                passphrase,
            },
        )?;
        self.unlock(user, passphrase)
    }

    /// First run from a backup with the recovery key: restores, then gives `user` the new
    /// passphrase (checked for strength before anything is written). Leaves it unlocked.
    pub fn restore_with_recovery(
        &mut self,
        file: &Path,
        recovery: &RecoveryKey,
        user: &str,
        new_passphrase: &Passphrase,
    ) -> Result<&Session, VaultError> {
        self.vault = None;
        crate::passphrase::require_strong(new_passphrase, &[user])?;
        if !vault::backup::backup_users(file)?
            .iter()
            .any(|u| u.name == user)
        {
            return Err(VaultError::UnknownUser);
        }
        vault::backup::restore(
            file,
            &self.dir,
            vault::backup::BackupSecret::Recovery(recovery),
        )?;
        let v = Vault::recover(&self.dir, Some(user), recovery, new_passphrase)?;
        self.last_activity = Instant::now();
        self.remember_user(user);
        Ok(self.vault.insert(v).session())
    }

    pub fn store_settings(&self, settings: &Settings) -> Result<(), VaultError> {
        settings.store(&self.dir)
    }

    /// The unlocked vault, or `Locked`.
    pub fn vault_mut(&mut self) -> Result<&mut Vault, VaultError> {
        self.last_activity = Instant::now();
        self.settled = false;
        self.vault.as_mut().ok_or(VaultError::Locked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::KDF_FLOOR;

    /// A session manager with a fresh vault unlocked by its admin, ana.
    fn unlocked() -> (SessionManager, Passphrase) {
        let dir = tempfile::tempdir()
            .map(|d| d.keep())
            .unwrap_or_default()
            .join("v");
        let mut s = SessionManager::new(dir.clone());
        let p = Passphrase::new("lantern quietly orbit seventeen");
        let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR)
            .unwrap_or_else(|e| unreachable!("create failed: {e}"));
        s.vault = Some(v);
        (s, p)
    }

    #[test]
    fn unlock_remembers_the_user_and_keeps_the_other_settings() {
        let (mut s, p) = unlocked();
        s.store_settings(&Settings {
            idle_minutes: 7,
            escape_twice_locks: true,
            ..Settings::default()
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(s.settings().last_user, None);
        s.lock(LockReason::Manual);
        // a failed unlock remembers nobody
        assert!(s
            .unlock("ana", &Passphrase::new("not the passphrase at all"))
            .is_err());
        assert_eq!(s.settings().last_user, None);
        s.unlock("ana", &p)
            .map(|_| ())
            .unwrap_or_else(|e| unreachable!("{e}"));
        let settings = s.settings();
        assert_eq!(settings.last_user.as_deref(), Some("ana"));
        assert_eq!(settings.idle_minutes, 7);
        assert!(settings.escape_twice_locks);
    }

    #[test]
    fn idle_lock_follows_the_setting() {
        let (mut s, p) = unlocked();
        s.touch();
        let t0 = s.last_activity;
        assert!(!s.lock_if_idle(t0 + Duration::from_secs(4 * 60)));
        assert!(s.session().is_some());
        assert!(s.lock_if_idle(t0 + Duration::from_secs(5 * 60)));
        assert!(s.session().is_none());
        // a shorter limit takes effect without a restart
        s.unlock("ana", &p)
            .map(|_| ())
            .unwrap_or_else(|e| unreachable!("{e}"));
        s.store_settings(&Settings {
            idle_minutes: 1,
            ..Settings::default()
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
        let t1 = s.last_activity;
        assert!(s.lock_if_idle(t1 + Duration::from_secs(61)));
        // wrong passphrase leaves it locked
        assert!(matches!(
            s.unlock("ana", &Passphrase::new("nope nope nope nope")),
            Err(VaultError::AuthFailed)
        ));
        assert!(s.session().is_none());
    }

    #[test]
    fn the_vault_settles_once_after_a_quiet_pause() {
        let (mut s, _) = unlocked();
        let settle = |s: &mut SessionManager, after: Duration| {
            let now = s.last_activity + after;
            s.settle_if_quiet(now)
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        // nothing changed yet
        assert!(!settle(&mut s, SETTLE_AFTER));
        s.vault_mut()
            .map(|_| ())
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(!settle(&mut s, SETTLE_AFTER / 2), "not before the pause");
        assert!(settle(&mut s, SETTLE_AFTER));
        assert!(!settle(&mut s, SETTLE_AFTER * 2), "once per change");
        s.lock(LockReason::Manual);
        assert!(
            !settle(&mut s, SETTLE_AFTER * 2),
            "a locked vault has nothing to settle"
        );
    }

    #[test]
    fn the_stop_key_setting_is_kept_in_the_database_and_put_back_at_unlock() {
        let dir = tempfile::tempdir()
            .map(|d| d.keep())
            .unwrap_or_default()
            .join("v");
        let mut s = SessionManager::new(dir.clone());
        let p = Passphrase::new("lantern quietly orbit seventeen");
        let (mut v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR)
            .unwrap_or_else(|e| unreachable!("create failed: {e}"));
        let clerk = Passphrase::new("marble seventy harbor quietly");
        v.add_user("bo", Role::Caseworker, &clerk)
            .unwrap_or_else(|e| unreachable!("{e}"));
        s.vault = Some(v);
        s.set_stop_key_wipes(true)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(s.settings().stop_key_wipes);
        s.lock(LockReason::Manual);
        // locked: changing it is refused
        assert!(matches!(
            s.set_stop_key_wipes(false),
            Err(VaultError::Locked)
        ));
        let switch_off_on_disk = |dir: &Path| {
            let mut file = Settings::load(dir);
            file.stop_key_wipes = false;
            file.store(dir).unwrap_or_else(|e| unreachable!("{e}"));
        };
        // someone with the laptop switches it off in the plain file, or deletes the file:
        // the next unlock (by anyone) puts it back from the encrypted database
        switch_off_on_disk(&dir);
        s.unlock("bo", &clerk)
            .map(|_| ())
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(s.settings().stop_key_wipes);
        // a caseworker may not change it
        assert!(matches!(
            s.set_stop_key_wipes(false),
            Err(VaultError::Forbidden)
        ));
        s.lock(LockReason::Manual);
        let _ = std::fs::remove_file(dir.join(vault::settings::SETTINGS_FILE));
        s.unlock("ana", &p)
            .map(|_| ())
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(s.settings().stop_key_wipes);
        // an admin's own change sticks across a lock and unlock
        s.set_stop_key_wipes(false)
            .unwrap_or_else(|e| unreachable!("{e}"));
        s.lock(LockReason::Manual);
        s.unlock("ana", &p)
            .map(|_| ())
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(!s.settings().stop_key_wipes);
        let actions: Vec<(String, String)> = s
            .vault_mut()
            .and_then(|v| v.audit_entries())
            .unwrap_or_else(|e| unreachable!("{e}"))
            .into_iter()
            .map(|e| (e.action, e.subject))
            .filter(|(a, _)| a.starts_with("stop_key_wipes."))
            .collect();
        let strs: Vec<(&str, &str)> = actions
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            strs,
            [
                ("stop_key_wipes.set", "on"),
                ("stop_key_wipes.restored", ""),
                ("stop_key_wipes.restored", ""),
                ("stop_key_wipes.set", "off"),
            ]
        );
    }
}
