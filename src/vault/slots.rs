//! Key slots (the LUKS model): the file `keys.json` beside the database holds, per local
//! user and for the recovery key, the vault master key wrapped under a key derived from that
//! secret. The file holds no case data; user names and roles are readable before unlock
//! so the unlock screen can offer a choice (advise pseudonymous user names).
//!
//! Unwrapping a slot, in order — each step refuses before the next costs anything:
//! 1. the KDF parameters meet the floor (`WeakKdf`), before any derivation;
//! 2. the slot's SHA-256 checksum matches its fields (`Tampered`: accidental damage or a
//!    naive edit);
//! 3. Argon2id → KEK, then the KEK check value must match (`AuthFailed`: wrong passphrase);
//! 4. AES-256-GCM unwrap with slot id, vault id, kind, user, role and KDF parameters as
//!    associated data (`Tampered`: a wrapped key or a bound field was changed).
//!
//! Writes go to a temporary file in the same directory, fsync, rename, fsync the directory:
//! a crash leaves the old file or the new, never a mix.
//! The replaced `keys.json` is then overwritten in place with random bytes (its slots — an
//! old passphrase's, a removed user's — wrap the same master key).

use std::fs;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use crate::crypto::{self, KdfParams, Passphrase, SecretKey, VaultMasterKey};

use crate::access::Role;

use super::error::VaultError;
#[cfg(test)]
use super::layout::atomic_write;
use super::layout::write_replacing;
pub use super::layout::SLOTS_FILE;

const FORMAT: &str = "waystone-keyslots";
const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    Passphrase,
    Recovery,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KdfRecord {
    pub alg: String,
    #[serde(flatten)]
    pub params: KdfParams,
    pub salt: String,
}

/// One key slot as stored. Holds only wrapped key material and public fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
    pub id: String,
    pub kind: SlotKind,
    /// The local user this slot unlocks (none for the recovery slot).
    pub user: Option<String>,
    pub role: Option<Role>,
    pub created_at: String,
    pub kdf: KdfRecord,
    /// HMAC-SHA256(KEK, "kek-check" || slot id): tells a wrong passphrase from a damaged slot.
    pub kek_check: String,
    pub nonce: String,
    pub wrapped_key: String,
    /// SHA-256 over every field above, hex.
    pub checksum: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SlotFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub slots: Vec<Slot>,
}

impl SlotFile {
    pub fn new(vault_id: String) -> Self {
        Self {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            vault_id,
            slots: Vec::new(),
        }
    }

    pub fn load(dir: &Path) -> Result<Self, VaultError> {
        let path = dir.join(SLOTS_FILE);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(VaultError::NoVault),
            Err(e) => return Err(VaultError::io("reading the key slots", e)),
        };
        let file: SlotFile = serde_json::from_slice(&bytes)
            .map_err(|_| VaultError::Tampered("the key slot file is not valid"))?;
        if file.format != FORMAT {
            return Err(VaultError::Tampered(
                "the key slot file is not a Waystone key slot file",
            ));
        }
        if file.version > FORMAT_VERSION {
            return Err(VaultError::NewerVersion);
        }
        Ok(file)
    }

    /// Atomically replaces `keys.json` (temp file, fsync, rename, fsync directory), then
    /// overwrites the replaced file's bytes in place with random ones: a removed user's or an
    /// old passphrase's slot wraps the same master key, and must not stay readable in a freed
    /// inode (see `layout::replace_and_shred`).
    pub fn store(&self, dir: &Path) -> Result<(), VaultError> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|_| VaultError::Internal("serialising key slots"))?;
        write_replacing(dir, SLOTS_FILE, &json, true)
    }

    /// Each user once (two slots of one user exist after an interrupted passphrase change).
    pub fn users(&self) -> impl Iterator<Item = (&str, Role)> {
        let mut seen = std::collections::HashSet::new();
        self.slots
            .iter()
            .filter_map(move |s| match (&s.user, s.role) {
                (Some(u), Some(r)) if s.kind == SlotKind::Passphrase && seen.insert(u.as_str()) => {
                    Some((u.as_str(), r))
                }
                _ => None,
            })
    }

    pub fn slot_for_user(&self, user: &str) -> Option<&Slot> {
        self.slots
            .iter()
            .find(|s| s.kind == SlotKind::Passphrase && s.user.as_deref() == Some(user))
    }

    pub fn slots_for_user<'a>(&'a self, user: &'a str) -> impl Iterator<Item = &'a Slot> + 'a {
        self.slots
            .iter()
            .filter(move |s| s.kind == SlotKind::Passphrase && s.user.as_deref() == Some(user))
    }

    pub fn recovery_slot(&self) -> Option<&Slot> {
        self.slots.iter().find(|s| s.kind == SlotKind::Recovery)
    }

    /// Wraps `vmk` into a new slot for `secret`.
    pub fn make_slot(
        &self,
        kind: SlotKind,
        user: Option<&str>,
        role: Option<Role>,
        secret: &Passphrase,
        params: KdfParams,
        vmk: &VaultMasterKey,
    ) -> Result<Slot, VaultError> {
        let salt = crypto::random_bytes::<16>();
        let kek = crypto::derive_kek(secret, &salt, params)
            .map_err(|_| VaultError::Internal("deriving a key"))?;
        let mut slot = Slot {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            user: user.map(str::to_owned),
            role,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            kdf: KdfRecord {
                alg: "argon2id".into(),
                params,
                salt: B64.encode(salt),
            },
            kek_check: String::new(),
            nonce: String::new(),
            wrapped_key: String::new(),
            checksum: String::new(),
        };
        slot.kek_check = B64.encode(kek_check(&kek, &slot.id));
        let (nonce, ct) = crypto::seal(&kek, vmk.expose_secret_bytes(), &self.aad(&slot));
        slot.nonce = B64.encode(nonce);
        slot.wrapped_key = B64.encode(ct);
        slot.checksum = slot_checksum(&slot);
        Ok(slot)
    }

    /// Unwraps the VMK from `slot` with `secret`, in the order the module doc gives.
    pub fn unwrap(&self, slot: &Slot, secret: &Passphrase) -> Result<VaultMasterKey, VaultError> {
        if slot.kdf.alg != "argon2id" || !slot.kdf.params.acceptable() {
            return Err(VaultError::WeakKdf);
        }
        if slot_checksum(slot) != slot.checksum {
            return Err(VaultError::Tampered("a key slot was changed or damaged"));
        }
        let salt = B64
            .decode(&slot.kdf.salt)
            .map_err(|_| VaultError::Tampered("a key slot was changed or damaged"))?;
        let kek = crypto::derive_kek(secret, &salt, slot.kdf.params)
            .map_err(|_| VaultError::Tampered("a key slot was changed or damaged"))?;
        let stored_check = B64
            .decode(&slot.kek_check)
            .map_err(|_| VaultError::Tampered("a key slot was changed or damaged"))?;
        let mut mac = Hmac::<Sha256>::new_from_slice(kek.expose_secret_bytes())
            .map_err(|_| VaultError::Internal("keying a MAC"))?;
        mac.update(b"kek-check");
        mac.update(slot.id.as_bytes());
        if mac.verify_slice(&stored_check).is_err() {
            return Err(VaultError::AuthFailed);
        }
        let nonce = B64
            .decode(&slot.nonce)
            .map_err(|_| VaultError::Tampered("a key slot was changed or damaged"))?;
        let ct = B64
            .decode(&slot.wrapped_key)
            .map_err(|_| VaultError::Tampered("a key slot was changed or damaged"))?;
        let plain = crypto::open(&kek, &nonce, &ct, &self.aad(slot))
            .map_err(|_| VaultError::Tampered("a wrapped key or its bound fields were changed"))?;
        let mut bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Tampered("a wrapped key has the wrong length"))?;
        let vmk = VaultMasterKey::from_bytes(bytes);
        bytes.zeroize();
        Ok(vmk)
    }

    /// Associated data binding a wrapped key to its place and meaning.
    fn aad(&self, slot: &Slot) -> Vec<u8> {
        format!(
            "waystone-slot-v1|{}|{}|{:?}|{}|{}|argon2id|{}|{}|{}|{}",
            self.vault_id,
            slot.id,
            slot.kind,
            slot.user.as_deref().unwrap_or(""),
            slot.role.map(Role::as_str).unwrap_or(""),
            slot.kdf.params.m_kib,
            slot.kdf.params.t,
            slot.kdf.params.p,
            slot.kdf.salt,
        )
        .into_bytes()
    }
}

fn kek_check(kek: &SecretKey, slot_id: &str) -> Vec<u8> {
    // HMAC accepts any key length; the fallback is unreachable and would only fail unlock.
    match Hmac::<Sha256>::new_from_slice(kek.expose_secret_bytes()) {
        Ok(mut mac) => {
            mac.update(b"kek-check");
            mac.update(slot_id.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn slot_checksum(slot: &Slot) -> String {
    let mut h = Sha256::new();
    for part in [
        slot.id.as_str(),
        match slot.kind {
            SlotKind::Passphrase => "passphrase",
            SlotKind::Recovery => "recovery",
        },
        slot.user.as_deref().unwrap_or(""),
        slot.role.map(Role::as_str).unwrap_or(""),
        slot.created_at.as_str(),
        slot.kdf.alg.as_str(),
        &slot.kdf.params.m_kib.to_string(),
        &slot.kdf.params.t.to_string(),
        &slot.kdf.params.p.to_string(),
        slot.kdf.salt.as_str(),
        slot.kek_check.as_str(),
        slot.nonce.as_str(),
        slot.wrapped_key.as_str(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storing_the_slots_overwrites_the_replaced_file_in_place() {
        let t = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let dir = t.path();
        let first = SlotFile::new("vault-one".into());
        first.store(dir).unwrap_or_else(|e| unreachable!("{e}"));
        let old = fs::read(dir.join(SLOTS_FILE)).unwrap_or_default();
        // a second name for the old inode shows what is left in its blocks after the rename
        let link = dir.join("old-inode");
        fs::hard_link(dir.join(SLOTS_FILE), &link).unwrap_or_else(|e| unreachable!("{e}"));
        let second = SlotFile::new("vault-two".into());
        second.store(dir).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            SlotFile::load(dir).map(|f| f.vault_id).ok().as_deref(),
            Some("vault-two")
        );
        let left = fs::read(&link).unwrap_or_default();
        assert_eq!(left.len(), old.len());
        assert_ne!(left, old);
        assert!(serde_json::from_slice::<serde_json::Value>(&left).is_err());
        assert!(!dir.join(format!(".{SLOTS_FILE}.tmp")).exists());
        // the other files written atomically are replaced, not overwritten
        atomic_write(dir, "plain.json", b"{}").unwrap_or_else(|e| unreachable!("{e}"));
        fs::hard_link(dir.join("plain.json"), dir.join("plain-old"))
            .unwrap_or_else(|e| unreachable!("{e}"));
        atomic_write(dir, "plain.json", b"[]").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(fs::read(dir.join("plain-old")).unwrap_or_default(), b"{}");
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    /// The checksum an attacker could recompute (it is not keyed).
    pub fn checksum(slot: &super::Slot) -> String {
        super::slot_checksum(slot)
    }
}
