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

pub mod audit_view;
pub mod backup;
pub mod board;
mod cases;
mod db;
mod error;
pub mod exports;
pub mod guard;
pub mod incoming;
pub mod migrations;
mod roles;
pub mod settings;
pub mod slots;
pub mod transfer;
mod wipe;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use crate::audit;
use crate::crypto::{KdfParams, Passphrase, RecoveryKey, SecretKey, Subkey, VaultMasterKey};
use crate::passphrase;

pub use cases::{CaseFilter, Interview, SaveOutcome, ATTACHMENTS_DIR};
#[cfg(feature = "bench-plaintext")]
pub use db::bench_database_options;
pub use error::VaultError;
pub use roles::Role;
use slots::{SlotFile, SlotKind};
pub use wipe::{wipe, WipeReport};

/// The database file name inside a vault directory.
pub const DB_FILE: &str = "vault.db";

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
    dir.join(slots::SLOTS_FILE).exists()
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
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    vmk: VaultMasterKey,
    audit_key: SecretKey,
    slots: SlotFile,
    session: Session,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("user", &self.session.user)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Creates a vault in `dir` (which must not hold one) with a first user, and returns it
    /// unlocked together with the recovery key, to be shown once.
    pub fn create(
        dir: &Path,
        user: &str,
        role: Role,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<(Vault, RecoveryKey), VaultError> {
        validate_user_name(user)?;
        passphrase::require_strong(passphrase, &[user])?;
        if exists(dir) || dir.join(DB_FILE).exists() {
            return Err(VaultError::AlreadyExists);
        }
        if !kdf.acceptable() {
            return Err(VaultError::WeakKdf);
        }
        fs::create_dir_all(dir).map_err(|e| VaultError::io("creating the vault directory", e))?;
        restrict_permissions(dir);

        let vmk = VaultMasterKey::generate();
        let recovery = RecoveryKey::generate();
        let mut file = SlotFile::new(uuid::Uuid::new_v4().to_string());
        let user_slot = file.make_slot(
            SlotKind::Passphrase,
            Some(user),
            Some(role),
            passphrase,
            kdf,
            &vmk,
        )?;
        let rec_slot = file.make_slot(
            SlotKind::Recovery,
            None,
            None,
            &recovery.as_passphrase(),
            kdf,
            &vmk,
        )?;
        file.slots.push(user_slot);
        file.slots.push(rec_slot);

        let db_key = vmk.subkey(Subkey::Database);
        let mut conn = db::create(&dir.join(DB_FILE), &db_key)?;
        migrations::apply(&mut conn)?;
        let now = now();
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('vault_id', ?1), ('created_at', ?2)",
            params![file.vault_id, now],
        )?;
        conn.execute(
            "INSERT INTO users(name, role, created_at) VALUES (?1, ?2, ?3)",
            params![user, role.as_str(), now],
        )?;
        // The slots are written last: until they exist the directory is not a vault, and a
        // crash before this point leaves nothing that could be mistaken for one.
        file.store(dir)?;
        let audit_key = vmk.subkey(Subkey::Audit);
        let mut vault = Vault {
            dir: dir.to_owned(),
            conn,
            vmk,
            audit_key,
            slots: file,
            session: Session {
                user: user.to_owned(),
                role,
            },
        };
        vault.audit("vault.create", "")?;
        Ok((vault, recovery))
    }

    /// Unlocks the vault in `dir` as `user` (or the only user when `None`).
    pub fn unlock(
        dir: &Path,
        user: Option<&str>,
        passphrase: &Passphrase,
    ) -> Result<Vault, VaultError> {
        Self::unlock_inner(dir, user, passphrase, false)
    }

    /// Unlocks and runs every integrity check before anything is written (no migration, no
    /// audit entry until the database and cipher checks pass), so a damaged vault is reported
    /// and left byte for byte as it was.
    pub fn unlock_and_check(
        dir: &Path,
        user: Option<&str>,
        passphrase: &Passphrase,
    ) -> Result<(Vault, CheckReport), VaultError> {
        let vault = Self::unlock_inner(dir, user, passphrase, true)?;
        let report = vault.check()?;
        Ok((vault, report))
    }

    fn unlock_inner(
        dir: &Path,
        user: Option<&str>,
        passphrase: &Passphrase,
        verify_first: bool,
    ) -> Result<Vault, VaultError> {
        let file = SlotFile::load(dir)?;
        let name = match user {
            Some(u) => u.to_owned(),
            None => only_user(&file)?,
        };
        // An unknown user runs no KDF and is not counted as a guess.
        if file.slots_for_user(&name).next().is_none() {
            return Err(VaultError::AuthFailed);
        }
        // Normally one slot per user; two after an interrupted passphrase change, when
        // either the old or the new passphrase must work. One attempt counts once.
        let (vmk, role) = guard::guarded(dir, || {
            let mut failure = VaultError::AuthFailed;
            for slot in file.slots_for_user(&name) {
                let role = slot
                    .role
                    .ok_or(VaultError::Tampered("a key slot has no role"))?;
                match file.unwrap(slot, passphrase) {
                    Ok(vmk) => return Ok((vmk, role)),
                    Err(VaultError::AuthFailed) => {}
                    Err(e) => failure = e,
                }
            }
            Err(failure)
        })?;
        Self::open_with(dir, file, vmk, Session { user: name, role }, verify_first)
    }

    /// Unlocks with the recovery key and immediately gives `user` a new passphrase (the old
    /// slot is replaced only after the new one is on disk).
    pub fn recover(
        dir: &Path,
        user: Option<&str>,
        recovery: &RecoveryKey,
        new_passphrase: &Passphrase,
    ) -> Result<Vault, VaultError> {
        let file = SlotFile::load(dir)?;
        let name = match user {
            Some(u) => u.to_owned(),
            None => only_user(&file)?,
        };
        let role = file
            .slot_for_user(&name)
            .and_then(|s| s.role)
            .ok_or(VaultError::UnknownUser)?;
        passphrase::require_strong(new_passphrase, &[&name])?;
        let slot = file.recovery_slot().ok_or(VaultError::AuthFailed)?;
        // Recovery-key attempts count against the unlock limit like passphrases.
        let vmk = guard::guarded(dir, || file.unwrap(slot, &recovery.as_passphrase()))?;
        let mut vault = Self::open_with(
            dir,
            file,
            vmk,
            Session {
                user: name.clone(),
                role,
            },
            false,
        )?;
        vault.replace_passphrase_slot(&name, role, new_passphrase)?;
        vault.audit("vault.recover", &name)?;
        Ok(vault)
    }

    fn open_with(
        dir: &Path,
        slots: SlotFile,
        vmk: VaultMasterKey,
        session: Session,
        verify_first: bool,
    ) -> Result<Vault, VaultError> {
        let db_key = vmk.subkey(Subkey::Database);
        let mut conn = db::open(&dir.join(DB_FILE), &db_key)?;
        if verify_first {
            db::integrity_check(&conn)?;
        }
        migrations::apply(&mut conn)?;
        let stored_id: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'vault_id'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if stored_id.as_deref() != Some(slots.vault_id.as_str()) {
            return Err(VaultError::Tampered(
                "the key slots belong to another vault",
            ));
        }
        let db_role: Option<String> = conn
            .query_row(
                "SELECT role FROM users WHERE name = ?1 AND removed_at IS NULL",
                [&session.user],
                |r| r.get(0),
            )
            .optional()?;
        if db_role.as_deref() != Some(session.role.as_str()) {
            return Err(VaultError::Tampered(
                "a key slot's user or role does not match the vault",
            ));
        }
        let audit_key = vmk.subkey(Subkey::Audit);
        let mut vault = Vault {
            dir: dir.to_owned(),
            conn,
            vmk,
            audit_key,
            slots,
            session,
        };
        vault.audit("vault.unlock", "")?;
        vault.restore_unlock_guard()?;
        vault.restore_stop_key_setting()?;
        Ok(vault)
    }

    /// The unlock limit as the encrypted database records it (`None`: off).
    pub fn unlock_limit(&self) -> Result<Option<u32>, VaultError> {
        Ok(self
            .private_setting(guard::DB_SETTING)?
            .and_then(|v| v.parse::<u32>().ok()))
    }

    /// Sets (or, with `None`, turns off) the wipe after N failed unlocks. Admins only. The
    /// database copy is written first; the file beside the slots follows, and the next
    /// unlock repairs it if a crash came between.
    pub fn set_unlock_limit(&mut self, limit: Option<u32>) -> Result<(), VaultError> {
        self.require_op(crate::access::Op::WipeSettings)?;
        guard::validate_limit(limit)?;
        match limit {
            Some(n) => self.set_private_setting(guard::DB_SETTING, &n.to_string())?,
            None => {
                self.conn.execute(
                    "DELETE FROM private_settings WHERE key = ?1",
                    [guard::DB_SETTING],
                )?;
            }
        }
        let mut g = guard::UnlockGuard::load(&self.dir).unwrap_or_default();
        g.limit = limit;
        g.failed = 0;
        g.store(&self.dir)?;
        let what = limit.map_or_else(|| "off".to_owned(), |n| n.to_string());
        self.audit("unlock_limit.set", &what)
    }

    /// Puts `unlock-guard.json` back to the limit the database records, if it differs (edited
    /// or deleted while locked); the repair is audited.
    fn restore_unlock_guard(&mut self) -> Result<(), VaultError> {
        let want = self.unlock_limit()?;
        let mut g = guard::UnlockGuard::load(&self.dir).unwrap_or_default();
        if g.limit != want {
            g.limit = want;
            g.failed = 0;
            g.store(&self.dir)?;
            self.audit("unlock_limit.restored", "")?;
        }
        Ok(())
    }

    /// Whether the stop key (F2) wipes, as the encrypted database records it.
    pub fn stop_key_wipes(&self) -> Result<bool, VaultError> {
        Ok(self
            .private_setting(settings::STOP_KEY_DB_SETTING)?
            .as_deref()
            == Some("on"))
    }

    /// Turns on or off "the stop key (F2) wipes instead of locking". Admins only. The database
    /// copy is written first, then `settings.json`; the next unlock repairs the file if a
    /// crash came between or it was edited while locked. Audited.
    pub fn set_stop_key_wipes(&mut self, on: bool) -> Result<(), VaultError> {
        self.require_op(crate::access::Op::WipeSettings)?;
        let value = if on { "on" } else { "off" };
        self.set_private_setting(settings::STOP_KEY_DB_SETTING, value)?;
        let mut file = settings::Settings::load(&self.dir);
        file.stop_key_wipes = on;
        file.store(&self.dir)?;
        self.audit("stop_key_wipes.set", value)
    }

    /// Puts "the stop key wipes" in `settings.json` back to what the database records, if it
    /// differs (edited or deleted while locked); the repair is audited. A vault whose
    /// database has no record yet (made before the setting was mirrored) adopts the file's.
    fn restore_stop_key_setting(&mut self) -> Result<(), VaultError> {
        let mut file = settings::Settings::load(&self.dir);
        match self.private_setting(settings::STOP_KEY_DB_SETTING)? {
            None => {
                let value = if file.stop_key_wipes { "on" } else { "off" };
                self.set_private_setting(settings::STOP_KEY_DB_SETTING, value)?;
            }
            Some(recorded) => {
                let want = recorded == "on";
                if file.stop_key_wipes != want {
                    file.stop_key_wipes = want;
                    file.store(&self.dir)?;
                    self.audit("stop_key_wipes.restored", "")?;
                }
            }
        }
        Ok(())
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Ends the session: closes the database and zeroizes the keys.
    pub fn lock(self) {
        drop(self);
    }

    /// Database and cipher integrity checks plus the audit chain; the first problem found.
    pub fn check(&self) -> Result<CheckReport, VaultError> {
        db::integrity_check(&self.conn)?;
        let n = self.verify_audit()?;
        let users = self.slots.users().count();
        Ok(CheckReport {
            audit_entries: n,
            users,
        })
    }

    pub fn users(&self) -> Vec<UserSummary> {
        self.slots
            .users()
            .map(|(n, r)| UserSummary {
                name: n.to_owned(),
                role: r,
            })
            .collect()
    }

    /// Adds a local user with their own key slot. Admins only.
    pub fn add_user(
        &mut self,
        name: &str,
        role: Role,
        passphrase: &Passphrase,
    ) -> Result<(), VaultError> {
        self.require_op(crate::access::Op::ManageUsers)?;
        validate_user_name(name)?;
        if self.slots.slot_for_user(name).is_some() {
            return Err(VaultError::UserExists);
        }
        passphrase::require_strong(passphrase, &[name])?;
        let kdf = self.current_kdf();
        let slot = self.slots.make_slot(
            SlotKind::Passphrase,
            Some(name),
            Some(role),
            passphrase,
            kdf,
            &self.vmk,
        )?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM users WHERE name = ?1 AND removed_at IS NOT NULL",
            [name],
        )?;
        tx.execute(
            "INSERT INTO users(name, role, created_at) VALUES (?1, ?2, ?3)",
            params![name, role.as_str(), now()],
        )?;
        // The slot is stored before the row commits: a crash between leaves a slot that
        // cannot unlock (no user row) rather than a user who cannot get in.
        let mut next = self.slots.clone();
        next.slots.push(slot);
        next.store(&self.dir)?;
        tx.commit()?;
        self.slots = next;
        self.audit("user.add", name)
    }

    /// Removes a user's key slot. Admins only; the last admin cannot be removed.
    pub fn remove_user(&mut self, name: &str) -> Result<(), VaultError> {
        self.require_op(crate::access::Op::ManageUsers)?;
        let slot_role = self
            .slots
            .slot_for_user(name)
            .and_then(|s| s.role)
            .ok_or(VaultError::UnknownUser)?;
        let admins = self
            .slots
            .users()
            .filter(|(_, r)| *r == Role::Admin)
            .count();
        if slot_role == Role::Admin && admins <= 1 {
            return Err(VaultError::LastAdmin);
        }
        let mut next = self.slots.clone();
        next.slots
            .retain(|s| !(s.kind == SlotKind::Passphrase && s.user.as_deref() == Some(name)));
        next.store(&self.dir)?;
        self.slots = next;
        self.conn.execute(
            "UPDATE users SET removed_at = ?2 WHERE name = ?1 AND removed_at IS NULL",
            params![name, now()],
        )?;
        self.audit("user.remove", name)
    }

    /// Sets a new passphrase for `name` (oneself, or anyone for an admin). The new slot is
    /// written and synced before the old one is wiped: an interruption leaves the old or the
    /// new passphrase working, never neither.
    pub fn change_passphrase(
        &mut self,
        name: &str,
        new_passphrase: &Passphrase,
    ) -> Result<(), VaultError> {
        if name != self.session.user {
            self.require_op(crate::access::Op::ManageUsers)?;
        }
        let role = self
            .slots
            .slot_for_user(name)
            .and_then(|s| s.role)
            .ok_or(VaultError::UnknownUser)?;
        passphrase::require_strong(new_passphrase, &[name])?;
        self.replace_passphrase_slot(name, role, new_passphrase)?;
        self.audit("user.passwd", name)
    }

    fn replace_passphrase_slot(
        &mut self,
        name: &str,
        role: Role,
        new_passphrase: &Passphrase,
    ) -> Result<(), VaultError> {
        let kdf = self.current_kdf();
        let new_slot = self.slots.make_slot(
            SlotKind::Passphrase,
            Some(name),
            Some(role),
            new_passphrase,
            kdf,
            &self.vmk,
        )?;
        let new_id = new_slot.id.clone();
        // Step 1: both slots on disk (the new one first in the list, so it is tried first).
        let mut both = self.slots.clone();
        both.slots.insert(0, new_slot);
        both.store(&self.dir)?;
        // Step 2: wipe the old slot.
        let mut next = both.clone();
        next.slots.retain(|s| {
            s.id == new_id || !(s.kind == SlotKind::Passphrase && s.user.as_deref() == Some(name))
        });
        self.slots = both;
        next.store(&self.dir)?;
        self.slots = next;
        Ok(())
    }

    fn current_kdf(&self) -> KdfParams {
        self.slots
            .slot_for_user(&self.session.user)
            .map(|s| s.kdf.params)
            .filter(KdfParams::acceptable)
            .unwrap_or(crate::crypto::KDF_FLOOR)
    }

    /// Refuses unless the rights table ([`crate::access`]) lets the acting user's role do
    /// `op`, an operation on no one case (users, wipe settings, backups, the audit log).
    pub(crate) fn require_op(&self, op: crate::access::Op) -> Result<(), VaultError> {
        if crate::access::allows(self.session.role, op, None) {
            Ok(())
        } else {
            Err(VaultError::Forbidden)
        }
    }

    /// Appends an entry to the audit chain. `subject` is an identifier (a user name, a case
    /// id), never case content.
    pub fn audit(&mut self, action: &str, subject: &str) -> Result<(), VaultError> {
        let tx = self.conn.transaction()?;
        let last: Option<(i64, Vec<u8>)> = tx
            .prepare_cached("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev) = match last {
            Some((s, m)) => (s + 1, m),
            None => (1, vec![0u8; 32]),
        };
        let entry = audit::Entry {
            seq,
            at: now(),
            actor: self.session.user.clone(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            prev_mac: prev,
            mac: Vec::new(),
        };
        let mac = audit::entry_mac(&self.audit_key, &entry);
        tx.prepare_cached(
            "INSERT INTO audit_log(seq, at, actor, action, subject, prev_mac, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.prev_mac, mac])?;
        tx.commit()?;
        Ok(())
    }

    /// Verifies the audit chain; the number of entries, or `AuditBroken` naming the first bad
    /// entry.
    pub fn verify_audit(&self) -> Result<usize, VaultError> {
        let entries = self.audit_entries()?;
        audit::verify_chain(&self.audit_key, &entries).map_err(|b| VaultError::AuditBroken(b.seq))
    }

    /// The audit chain in order.
    pub fn audit_entries(&self) -> Result<Vec<audit::Entry>, VaultError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, subject, prev_mac, mac FROM audit_log ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(audit::Entry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                prev_mac: r.get(5)?,
                mac: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// A free-form vault setting stored encrypted (e.g. the organisation's name).
    pub fn set_private_setting(&mut self, key: &str, value: &str) -> Result<(), VaultError> {
        self.conn.execute(
            "INSERT INTO private_settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn private_setting(&self, key: &str) -> Result<Option<String>, VaultError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM private_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub audit_entries: usize,
    pub users: usize,
}

fn only_user(file: &SlotFile) -> Result<String, VaultError> {
    let mut users = file.users();
    match (users.next(), users.next()) {
        (Some((u, _)), None) => Ok(u.to_owned()),
        (None, _) => Err(VaultError::UnknownUser),
        (Some(_), Some(_)) => Err(VaultError::UserRequired),
    }
}

fn validate_user_name(name: &str) -> Result<(), VaultError> {
    // one rule for `user add` and for the user names a case document carries
    if crate::cases::interchange::is_user_name(name) {
        Ok(())
    } else {
        Err(VaultError::Invalid(
            "a user name is 1 to 64 letters, digits, '-', '_' or '.'".into(),
        ))
    }
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(unix)]
fn restrict_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
fn restrict_permissions(_dir: &Path) {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::crypto::KDF_FLOOR;

    const PASS: &str = "lantern quietly orbit seventeen";

    fn fresh() -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("v");
        (t, d)
    }

    #[test]
    fn a_vault_from_a_newer_version_is_refused_and_untouched() {
        let (_t, dir) = fresh();
        let p = Passphrase::new(PASS);
        let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
        v.conn.execute_batch("PRAGMA user_version = 999;").unwrap();
        drop(v);
        let before = fs::read(dir.join(DB_FILE)).unwrap();
        assert!(matches!(
            Vault::unlock(&dir, None, &p),
            Err(VaultError::NewerVersion)
        ));
        assert_eq!(fs::read(dir.join(DB_FILE)).unwrap(), before);
    }

    #[test]
    fn a_wrapped_key_changed_with_a_recomputed_checksum_fails_authentication_not_as_wrong_passphrase(
    ) {
        let (_t, dir) = fresh();
        let p = Passphrase::new(PASS);
        let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
        drop(v);
        let mut file = SlotFile::load(&dir).unwrap();
        // an attacker who recomputes the checksum: flip a wrapped-key byte, then the role
        for change in 0..2 {
            let mut f = file.clone();
            let slot = &mut f.slots[0];
            if change == 0 {
                use base64::Engine;
                let b64 = base64::engine::general_purpose::STANDARD;
                let mut ct = b64.decode(&slot.wrapped_key).unwrap();
                ct[3] ^= 1;
                slot.wrapped_key = b64.encode(ct);
            } else {
                slot.role = Some(Role::Coordinator);
            }
            slot.checksum = slots::tests_support::checksum(slot);
            assert!(
                matches!(f.unwrap(&f.slots[0], &p), Err(VaultError::Tampered(_))),
                "change {change}"
            );
        }
        // the untouched slot still unwraps, and a wrong passphrase is an auth failure
        assert!(file.unwrap(&file.slots[0], &p).is_ok());
        assert!(matches!(
            file.unwrap(&file.slots[0], &Passphrase::new("wrong")),
            Err(VaultError::AuthFailed)
        ));
        file.slots.clear();
    }

    #[test]
    fn slot_files_swapped_between_vaults_are_refused() {
        let (_t, a) = fresh();
        let (_u, b) = fresh();
        let p = Passphrase::new(PASS);
        drop(Vault::create(&a, "ana", Role::Admin, &p, KDF_FLOOR).unwrap());
        drop(Vault::create(&b, "ana", Role::Admin, &p, KDF_FLOOR).unwrap());
        fs::copy(b.join(slots::SLOTS_FILE), a.join(slots::SLOTS_FILE)).unwrap();
        assert!(matches!(
            Vault::unlock(&a, None, &p),
            Err(VaultError::Corrupt(_) | VaultError::Tampered(_))
        ));
    }

    #[test]
    fn an_interrupted_passphrase_change_leaves_a_working_passphrase() {
        let (_t, dir) = fresh();
        let p = Passphrase::new(PASS);
        let new = Passphrase::new("marble seventy harbor quietly");
        let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
        // simulate a crash after step 1 by storing the two-slot state by hand
        let slot = v
            .slots
            .make_slot(
                SlotKind::Passphrase,
                Some("ana"),
                Some(Role::Admin),
                &new,
                KDF_FLOOR,
                &v.vmk,
            )
            .unwrap();
        let mut both = v.slots.clone();
        both.slots.insert(0, slot);
        both.store(&dir).unwrap();
        drop(v);
        let file = SlotFile::load(&dir).unwrap();
        let user_slots: Vec<_> = file
            .slots
            .iter()
            .filter(|s| s.user.as_deref() == Some("ana"))
            .collect();
        assert_eq!(user_slots.len(), 2);
        assert!(user_slots.iter().any(|s| file.unwrap(s, &p).is_ok()));
        assert!(user_slots.iter().any(|s| file.unwrap(s, &new).is_ok()));
        // after completing the change only the new one works
        let mut v = Vault::unlock(&dir, None, &new).unwrap();
        v.change_passphrase("ana", &Passphrase::new("copper meadow whistle ninety"))
            .unwrap();
        drop(v);
        assert!(matches!(
            Vault::unlock(&dir, None, &p),
            Err(VaultError::AuthFailed)
        ));
    }

    #[test]
    fn deleting_reordering_or_editing_an_audit_entry_is_named() {
        let (_t, dir) = fresh();
        let p = Passphrase::new(PASS);
        let (mut v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
        for i in 0..6 {
            v.audit("test.entry", &format!("s{i}")).unwrap();
        }
        assert_eq!(v.verify_audit().unwrap(), 7);
        let snapshot: Vec<audit::Entry> = v.audit_entries().unwrap();
        let restore = |v: &Vault| {
            v.conn.execute("DELETE FROM audit_log", []).unwrap();
            for e in &snapshot {
                v.conn
                    .execute(
                        "INSERT INTO audit_log(seq, at, actor, action, subject, prev_mac, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![e.seq, e.at, e.actor, e.action, e.subject, e.prev_mac, e.mac],
                    )
                    .unwrap();
            }
        };
        // edit entry 4
        v.conn
            .execute("UPDATE audit_log SET subject = 'other' WHERE seq = 4", [])
            .unwrap();
        assert!(matches!(v.verify_audit(), Err(VaultError::AuditBroken(4))));
        assert!(matches!(v.check(), Err(VaultError::AuditBroken(4))));
        restore(&v);
        // delete entry 3
        v.conn
            .execute("DELETE FROM audit_log WHERE seq = 3", [])
            .unwrap();
        assert!(matches!(v.verify_audit(), Err(VaultError::AuditBroken(3))));
        restore(&v);
        // swap entries 5 and 6 (rows re-inserted in the other order, seq kept)
        v.conn
            .execute("DELETE FROM audit_log WHERE seq IN (5, 6)", [])
            .unwrap();
        for e in [&snapshot[5], &snapshot[4]] {
            v.conn
                .execute(
                    "INSERT INTO audit_log(seq, at, actor, action, subject, prev_mac, mac) VALUES (?1 + 100, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![e.seq, e.at, e.actor, e.action, e.subject, e.prev_mac, e.mac],
                )
                .unwrap();
        }
        assert!(matches!(v.verify_audit(), Err(VaultError::AuditBroken(5))));
        restore(&v);
        assert_eq!(v.verify_audit().unwrap(), 7);
        assert_eq!(VaultError::AuditBroken(5).code().exit_status(), 3);
    }
}
