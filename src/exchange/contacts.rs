//! Each user's bundle keys (made on first use, wrapped by the user-keys subkey with the user
//! name as associated data) and the pinned contacts bundles are exchanged with.

use rusqlite::{params, OptionalExtension};
use waystone_bundle::{PinnedSender, PublicKeys, UserKeys};

use crate::crypto::{self, Subkey};
use crate::vault::{now, Vault, VaultError};

use super::model::Contact;

impl Vault {
    /// This user's bundle keys if they were ever made (reading writes nothing).
    pub(super) fn existing_user_keys(&self) -> Result<Option<UserKeys>, VaultError> {
        let user = &self.session.user;
        let key = self.vmk.subkey(Subkey::UserKeys);
        let aad = format!("waystone-user-keys-v1|{}|{user}", self.slots.vault_id);
        let row: Option<(Vec<u8>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT nonce, wrapped FROM user_keys WHERE user = ?1",
                [&user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((nonce, wrapped)) = row else {
            return Ok(None);
        };
        let plain = crypto::open(&key, &nonce, &wrapped, aad.as_bytes())
            .map_err(|_| VaultError::Corrupt("a user's bundle keys were changed or moved"))?;
        UserKeys::from_secret_bytes(&plain)
            .map(Some)
            .map_err(|_| VaultError::Corrupt("a user's bundle keys are damaged"))
    }

    /// This user's bundle keys, made and stored on first use.
    pub(super) fn user_keys(&mut self) -> Result<UserKeys, VaultError> {
        if let Some(keys) = self.existing_user_keys()? {
            return Ok(keys);
        }
        let user = self.session.user.clone();
        let key = self.vmk.subkey(Subkey::UserKeys);
        let aad = format!("waystone-user-keys-v1|{}|{user}", self.slots.vault_id);
        let keys =
            UserKeys::generate().map_err(|_| VaultError::Internal("generating bundle keys"))?;
        let secret = keys.to_secret_bytes();
        let (nonce, wrapped) = crypto::seal(&key, &secret, aad.as_bytes());
        self.conn.execute(
            "INSERT INTO user_keys(user, nonce, wrapped, public_line, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![user, nonce.to_vec(), wrapped, keys.public().to_line_with_hint(&user), now()],
        )?;
        self.audit("keys.create", &user)?;
        Ok(keys)
    }

    /// This user's public key line and fingerprint, to give to others out of band.
    pub fn key_line(&mut self) -> Result<(String, String), VaultError> {
        let keys = self.user_keys()?;
        let public = keys.public();
        Ok((
            public.to_line_with_hint(&self.session.user),
            public.fingerprint().to_string(),
        ))
    }

    /// Pins someone's public keys under `name` (for this user). A name already pinned to
    /// another key is refused unless `replace` is set; a replacement is recorded in the audit
    /// log with the old and the new fingerprint. Pinning the same key again changes nothing.
    pub fn add_contact(
        &mut self,
        name: &str,
        line: &str,
        replace: bool,
    ) -> Result<Contact, VaultError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(VaultError::Invalid(
                "a contact name is 1 to 64 characters".into(),
            ));
        }
        let keys = PublicKeys::parse_line(line).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let fingerprint = keys.fingerprint().to_string();
        let canonical = keys.to_line();
        let pinned: Option<String> = self
            .conn
            .query_row(
                "SELECT fingerprint FROM contacts WHERE owner = ?1 AND name = ?2",
                params![self.session.user, name],
                |r| r.get(0),
            )
            .optional()?;
        let contact = Contact {
            name: name.to_owned(),
            fingerprint: fingerprint.clone(),
            key_line: canonical.clone(),
        };
        match pinned {
            Some(old) if old == fingerprint => return Ok(contact),
            Some(old) if !replace => {
                return Err(VaultError::ContactPinned {
                    pinned: old,
                    offered: fingerprint,
                })
            }
            _ => {}
        }
        self.conn.execute(
            "INSERT INTO contacts(owner, name, key_line, fingerprint, pinned_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(owner, name) DO UPDATE SET key_line = excluded.key_line, fingerprint = excluded.fingerprint, pinned_at = excluded.pinned_at",
            params![self.session.user, name, canonical, fingerprint, now()],
        )?;
        match pinned {
            Some(old) => self.audit(
                "contact.replace",
                &format!("{name}: {old} -> {fingerprint}"),
            )?,
            None => self.audit("contact.pin", name)?,
        }
        Ok(contact)
    }

    pub fn contacts(&self) -> Result<Vec<Contact>, VaultError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, fingerprint, key_line FROM contacts WHERE owner = ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([&self.session.user], |r| {
            Ok(Contact {
                name: r.get(0)?,
                fingerprint: r.get(1)?,
                key_line: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The fingerprint pinned under contact `name` (empty when none is).
    pub(crate) fn pinned_fingerprint(&self, name: &str) -> Result<String, VaultError> {
        Ok(self
            .contacts()?
            .into_iter()
            .find(|c| c.name == name)
            .map(|c| c.fingerprint)
            .unwrap_or_default())
    }

    pub(super) fn pinned(&self) -> Result<Vec<PinnedSender>, VaultError> {
        self.contacts()?
            .into_iter()
            .map(|c| {
                PublicKeys::parse_line(&c.key_line)
                    .map(|keys| PinnedSender { name: c.name, keys })
                    .map_err(|_| VaultError::Corrupt("a pinned contact's key line is damaged"))
            })
            .collect()
    }
}
