//! Creating a vault and unlocking it: the key slots, the SQLCipher open sequence, the
//! migrations on unlock, recovery with the recovery key, and the integrity check.

use std::fs;
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use crate::access::Role;
use crate::crypto::{KdfParams, Passphrase, RecoveryKey, Subkey, VaultMasterKey};
use crate::passphrase;

use super::error::VaultError;
use super::handle::{exists, now, CheckReport, Session, Vault};
use super::layout::{restrict_permissions, DB_FILE};
use super::slots::{SlotFile, SlotKind};
use super::users::validate_user_name;
use super::{db, migrations, unlock_guard};

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

    pub(super) fn unlock_inner(
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
        let (vmk, role) = unlock_guard::guarded(dir, || {
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
        let vmk = unlock_guard::guarded(dir, || file.unwrap(slot, &recovery.as_passphrase()))?;
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

    pub(super) fn open_with(
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
}

fn only_user(file: &SlotFile) -> Result<String, VaultError> {
    let mut users = file.users();
    match (users.next(), users.next()) {
        (Some((u, _)), None) => Ok(u.to_owned()),
        (None, _) => Err(VaultError::UnknownUser),
        (Some(_), Some(_)) => Err(VaultError::UserRequired),
    }
}
