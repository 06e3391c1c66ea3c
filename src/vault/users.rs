//! Local users and their roles: listing, adding and removing them (admins), and changing a
//! passphrase (one key slot replaced without ever leaving none).

use rusqlite::params;

use crate::access::Role;
use crate::crypto::{KdfParams, Passphrase};
use crate::passphrase;

use super::error::VaultError;
use super::handle::{now, UserSummary, Vault};
use super::slots::SlotKind;

impl Vault {
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

    pub(super) fn replace_passphrase_slot(
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

    pub(super) fn current_kdf(&self) -> KdfParams {
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
}

pub(super) fn validate_user_name(name: &str) -> Result<(), VaultError> {
    // one rule for `user add` and for the user names a case document carries
    if crate::cases::interchange::is_user_name(name) {
        Ok(())
    } else {
        Err(VaultError::Invalid(
            "a user name is 1 to 64 letters, digits, '-', '_' or '.'".into(),
        ))
    }
}
