//! The team's [`MailboxKey`] and what is derived from it: each recipient's
//! [`RecipientPrefix`] (where their objects sit) and the key that seals objects.
//!
//! # Derivations (version 1)
//!
//! ```text
//! prefix    = base32lower(HMAC-SHA256(mailbox_key, "waystone-mailbox-v1 recipient\0" || key_line)[0..16])
//! seal key  = HKDF-SHA256(salt = none, ikm = mailbox_key, info = "waystone-mailbox-v1 seal")
//! ```
//!
//! `key_line` is the recipient's canonical key line without a name hint
//! (`waystone-key-v1 age1… ed25519:…`, as [`waystone_bundle::PublicKeys::to_line`] prints
//! it), so a prefix names a key, not a person, and the hint a sender typed changes nothing.
//! base32 is RFC 4648 lowercase without padding: 26 characters for 16 bytes. Without the
//! mailbox key, the server cannot tell whose prefix is whose, even knowing everyone's public
//! keys.

use std::fmt;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use waystone_bundle::PublicKeys;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::MailboxError;
use crate::name::{encode_id, ID_LEN};

const PREFIX_CONTEXT: &[u8] = b"waystone-mailbox-v1 recipient\0";
const SEAL_INFO: &[u8] = b"waystone-mailbox-v1 seal";

/// The secret a team shares for one mailbox: it derives the recipient prefixes and seals
/// every object. Everyone who sends or receives through the mailbox holds it; the server
/// never does. Rotate it (a new mailbox) when a device holding it is lost.
///
/// Not `Clone`, not serializable; `Debug` prints `[REDACTED]`; zeroized on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct MailboxKey([u8; 32]);

impl fmt::Debug for MailboxKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl MailboxKey {
    /// A fresh key from the operating system's random number generator.
    pub fn generate() -> Result<Self, MailboxError> {
        let mut key = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut key)
            .map_err(|_| MailboxError::Rng)?;
        Ok(Self(key))
    }

    /// The key from its 32 bytes (as stored, encrypted, in the vault).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// **Secret**: the key's bytes, to store encrypted in the vault or hand to a team member
    /// inside a bundle. Never log or show them.
    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The prefix under which `recipient`'s objects sit in this mailbox.
    pub fn prefix_for(&self, recipient: &PublicKeys) -> RecipientPrefix {
        self.prefix_for_key_line(&recipient.to_line())
    }

    /// The prefix for a canonical key line (see the module doc).
    pub(crate) fn prefix_for_key_line(&self, key_line: &str) -> RecipientPrefix {
        // HMAC accepts keys of any length; new_from_slice cannot fail here.
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => return RecipientPrefix(String::new()),
        };
        mac.update(PREFIX_CONTEXT);
        mac.update(key_line.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut first = [0u8; ID_LEN];
        first.copy_from_slice(&digest[..ID_LEN]);
        RecipientPrefix(encode_id(&first))
    }

    /// The 32-byte key that seals objects, derived with HKDF.
    pub(crate) fn seal_key(&self) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        let hk = Hkdf::<Sha256>::new(None, &self.0);
        // 32 bytes is far below HKDF-SHA256's limit; expand cannot fail.
        let _ = hk.expand(SEAL_INFO, out.as_mut());
        out
    }
}

/// Where one recipient's objects sit: 26 lowercase base32 characters derived from the
/// recipient's public keys under the mailbox key. Safe to log (it names no one to anybody
/// without the mailbox key), though there is rarely a reason to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecipientPrefix(String);

impl RecipientPrefix {
    /// The prefix as text (a folder or key-prefix name on the server).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads a prefix back (for example from the vault's outbox). `None` unless it is 26
    /// lowercase base32 characters.
    pub fn parse(text: &str) -> Option<Self> {
        crate::name::is_id(text).then(|| Self(text.to_owned()))
    }
}

impl fmt::Display for RecipientPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE_A: &str = "waystone-key-v1 age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    #[test]
    fn prefix_test_vector() {
        // Pins the derivation: a change here strands every object already in a mailbox.
        let key = MailboxKey::from_bytes([7u8; 32]);
        let prefix = key.prefix_for_key_line(LINE_A);
        assert_eq!(prefix.as_str().len(), 26);
        assert_eq!(prefix.as_str(), "k4pookyk7pbmqrpfpdx2dejipu"); // checked with Python's hmac
        assert_eq!(RecipientPrefix::parse(prefix.as_str()), Some(prefix));
    }

    #[test]
    fn prefix_depends_on_key_and_line_and_ignores_the_hint() -> Result<(), String> {
        let keys = waystone_bundle::PublicKeys::parse_line(&format!("{LINE_A} Lawyer (synthetic)"))
            .map_err(|e| e.to_string())?;
        let key = MailboxKey::from_bytes([7u8; 32]);
        let other = MailboxKey::from_bytes([8u8; 32]);
        assert_eq!(key.prefix_for(&keys), key.prefix_for_key_line(LINE_A));
        assert_ne!(other.prefix_for(&keys), key.prefix_for(&keys));
        let b = waystone_bundle::UserKeys::generate().map_err(|e| e.to_string())?;
        assert_ne!(key.prefix_for(&b.public()), key.prefix_for(&keys));
        // The prefix reveals nothing the key line shows.
        assert!(!LINE_A.contains(key.prefix_for(&keys).as_str()));
        Ok(())
    }

    #[test]
    fn key_debug_is_redacted_and_seal_key_differs_from_key() {
        let key = MailboxKey::from_bytes([7u8; 32]);
        assert_eq!(format!("{key:?}"), "[REDACTED]");
        assert_ne!(&*key.seal_key(), key.expose_secret_bytes());
    }

    #[test]
    fn bad_prefixes_are_refused() {
        for bad in [
            "",
            "GD5BAHJ3DTX6PTSYCZ3Y4LNW4E",
            "gd5bahj3dtx6ptsycz3y4lnw4",
            "gd5bahj3dtx6ptsycz3y4lnw41",
            "../etc",
        ] {
            assert!(RecipientPrefix::parse(bad).is_none(), "{bad}");
        }
    }
}
