//! Key and passphrase types. None of them is `Clone`, `Copy` or `Serialize`; `Debug` prints
//! `[REDACTED]`; all zeroize on drop. The only way to the bytes is a loudly named accessor.
//! Keys (`SecretKey`, `VaultMasterKey`) live on pages of their own, locked into RAM where
//! the OS allows (see `locked.rs`).

use std::fmt;

use hkdf::Hkdf;
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

use super::locked::LockedKey;
use super::random::random_bytes;

/// A 256-bit symmetric key (a key-encryption key or a subkey). Zeroized on drop (by
/// `LockedKey`), on a page locked into RAM where the OS allows.
// This should never implement ANY derive.
pub struct SecretKey(LockedKey);

impl SecretKey {
    /// Takes the bytes into a locked page and wipes the caller's copy.
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(LockedKey::from_bytes(bytes))
    }

    /// A key written by `fill` straight into its locked page (no copy left on the stack).
    pub(crate) fn try_fill<E>(
        fill: impl FnOnce(&mut [u8; 32]) -> Result<(), E>,
    ) -> Result<Self, E> {
        let mut key = LockedKey::zeroed();
        fill(key.bytes_mut())?;
        Ok(Self(key))
    }

    /// The raw key bytes. Every call site is a place where key material is used: keep them few.
    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        self.0.bytes()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// Purposes of keys derived from the vault master key. Each label is used for one thing only.
#[derive(Debug, Clone, Copy)]
pub enum Subkey {
    /// The SQLCipher raw key.
    Database,
    /// The HMAC key of the audit hash chain.
    Audit,
    /// Wraps per-file attachment keys.
    Attachments,
    /// Keys the hashes in redaction logs.
    RedactionLog,
    /// Encrypts backups of this vault.
    Backup,
    /// Wraps each user's bundle key pairs.
    UserKeys,
    /// Seals each mailbox's key and credentials inside the database.
    Mailboxes,
}

impl Subkey {
    fn label(self) -> &'static [u8] {
        match self {
            Subkey::Database => b"waystone/v1/database",
            Subkey::Audit => b"waystone/v1/audit",
            Subkey::Attachments => b"waystone/v1/attachments",
            Subkey::RedactionLog => b"waystone/v1/redaction-log",
            Subkey::Backup => b"waystone/v1/backup",
            Subkey::UserKeys => b"waystone/v1/user-keys",
            Subkey::Mailboxes => b"waystone/v1/mailboxes",
        }
    }
}

/// The random vault master key (VMK). Every key slot wraps it; subkeys come from it by HKDF.
/// Zeroized on drop, on a page locked into RAM where the OS allows.
// This should never implement ANY derive.
pub struct VaultMasterKey(LockedKey);

impl VaultMasterKey {
    pub fn generate() -> Self {
        Self(LockedKey::from_bytes(random_bytes::<32>()))
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(LockedKey::from_bytes(bytes))
    }

    /// The raw VMK, for wrapping it into a key slot.
    pub(crate) fn expose_secret_bytes(&self) -> &[u8; 32] {
        self.0.bytes()
    }

    /// HKDF-SHA256(VMK) with the subkey's label as info, written straight into a locked page.
    pub fn subkey(&self, which: Subkey) -> SecretKey {
        let hk = Hkdf::<Sha256>::new(Some(b"waystone-vault-subkeys"), self.0.bytes());
        let mut out = LockedKey::zeroed();
        // 32 bytes is always a valid HKDF-SHA256 output length.
        if hk.expand(which.label(), out.bytes_mut()).is_err() {
            out.bytes_mut().zeroize();
        }
        SecretKey(out)
    }
}

impl fmt::Debug for VaultMasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// A user's passphrase, NFC-normalised so the same words typed on another keyboard or OS
/// unlock the same slot.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(raw: &str) -> Self {
        Self(Zeroizing::new(raw.nfc().collect()))
    }

    /// Takes a `String` (e.g. read from a terminal) and wipes the original.
    pub fn from_string(mut raw: String) -> Self {
        let p = Self::new(raw.trim_end_matches(['\r', '\n']));
        raw.zeroize();
        p
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// The printed recovery key: 160 random bits shown once as eight groups of four base32
/// characters (`ABCD-EFGH-…`), easy to copy by hand. It unlocks its own key slot.
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    pub fn generate() -> Self {
        let mut raw = random_bytes::<20>();
        let encoded = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&raw));
        raw.zeroize();
        let grouped: String = encoded
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-");
        Self(Zeroizing::new(grouped))
    }

    /// Accepts what a person types: any case, spaces or dashes anywhere, 0/1 read as O/I.
    pub fn parse(typed: &str) -> Self {
        let cleaned: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                other => other,
            })
            .collect();
        let grouped: String = cleaned
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-");
        Self(Zeroizing::new(grouped))
    }

    /// The key as it is shown once to the person who creates the vault.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The slot secret: the canonical form, so typing variants unlock the same slot.
    pub(crate) fn as_passphrase(&self) -> Passphrase {
        Passphrase::new(&self.0)
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_secrets() {
        let p = Passphrase::new("correct horse battery staple");
        assert_eq!(format!("{p:?}"), "[REDACTED]");
        let vmk = VaultMasterKey::generate();
        assert_eq!(format!("{vmk:?}"), "[REDACTED]");
        assert_eq!(format!("{:?}", vmk.subkey(Subkey::Database)), "[REDACTED]");
        let r = RecoveryKey::generate();
        assert_eq!(format!("{r:?}"), "[REDACTED]");
    }

    #[test]
    fn passphrases_are_nfc_normalised() {
        // "й" precomposed vs. "и" + combining breve
        let a = Passphrase::new("\u{0439}");
        let b = Passphrase::new("\u{0438}\u{0306}");
        assert_eq!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn recovery_key_parsing_forgives_typing() {
        let r = RecoveryKey::generate();
        assert_eq!(r.expose_secret().len(), 8 * 4 + 7);
        let typed = r.expose_secret().to_lowercase().replace('-', " ");
        assert_eq!(
            RecoveryKey::parse(&typed).expose_secret(),
            r.expose_secret()
        );
    }

    #[test]
    fn subkeys_differ_by_purpose() {
        let vmk = VaultMasterKey::generate();
        let a = vmk.subkey(Subkey::Database);
        let b = vmk.subkey(Subkey::Audit);
        assert_ne!(a.expose_secret_bytes(), b.expose_secret_bytes());
        let a2 = vmk.subkey(Subkey::Database);
        assert_eq!(a.expose_secret_bytes(), a2.expose_secret_bytes());
    }
}
