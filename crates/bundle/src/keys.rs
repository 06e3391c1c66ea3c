//! Identities: a user's secret keys ([`UserKeys`]), the public half anyone may hold
//! ([`PublicKeys`]), its one-line text form, and the [`Fingerprint`] people compare out of
//! band.
//!
//! Owns every use of the X25519 (age) and Ed25519 key types; the rest of the crate asks this
//! module to sign, verify and name keys.
//!
//! # The key line (version 1)
//!
//! ```text
//! waystone-key-v1 age1<bech32 X25519 recipient> ed25519:<base64 of the 32-byte public key> [name hint]
//! ```
//!
//! Words are separated by whitespace; any run of whitespace (spaces, tabs, a line break a
//! messenger inserted) is accepted when parsing, and leading/trailing whitespace is ignored.
//! The `age1…` word is the standard age X25519 recipient (bech32, with its own checksum;
//! printed lowercase). The Ed25519 key is standard base64 with padding (44 characters;
//! missing padding is tolerated). The name hint is optional free text up to the end of the
//! line (at most 64 characters, no control characters); it is a convenience, is **not**
//! authenticated and is not part of the fingerprint: the name a contact is shown under is the
//! one the receiving user chooses when pinning.
//!
//! # The fingerprint
//!
//! `SHA-256("waystone-key-fingerprint-v1" || 0x00 || age1-string || 0x00 || ed25519 bytes)`,
//! where `age1-string` is the canonical lowercase recipient in ASCII. The first 20 bytes (160
//! bits) are shown as 32 RFC 4648 base32 characters in 8 groups of 4, e.g.
//! `K5QW 4ZTB …`. Base32 has no 0/O or 1/I/l pairs to confuse when read aloud.
//!
//! # Secret record (version 1), for the vault to store encrypted
//!
//! ```text
//! "WSUK" | version u8 = 1 | n u8 | age identity (AGE-SECRET-KEY-1…, n ASCII bytes) | Ed25519 seed (32 bytes)
//! ```

use std::fmt;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{KeyLineError, KeysError};

/// The first word of a version-1 key line.
pub const KEY_LINE_PREFIX: &str = "waystone-key-v1";
const KEY_LINE_FAMILY: &str = "waystone-key-v";
const ED25519_PREFIX: &str = "ed25519:";
/// The longest name hint a key line may carry, in characters.
pub const MAX_NAME_HINT_CHARS: usize = 64;
const FINGERPRINT_CONTEXT: &[u8] = b"waystone-key-fingerprint-v1";
const SECRET_MAGIC: &[u8; 4] = b"WSUK";
const SECRET_VERSION: u8 = 1;

/// Base64 that accepts the key with or without its `=` padding.
const B64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One user's secret keys: an age X25519 identity to receive bundles and an Ed25519 key to
/// sign them.
///
/// Not `Clone`, not serializable; `Debug` prints `[REDACTED]`; both keys zeroize on drop.
/// Persist with [`UserKeys::to_secret_bytes`] (and encrypt that in the vault).
pub struct UserKeys {
    age: age::x25519::Identity,
    signing: SigningKey,
}

impl fmt::Debug for UserKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl UserKeys {
    /// Generates fresh keys from the operating system's random number generator.
    pub fn generate() -> Result<Self, KeysError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng
            .try_fill_bytes(seed.as_mut())
            .map_err(|_| KeysError::Rng)?;
        Ok(Self {
            age: age::x25519::Identity::generate(),
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The public half, to hand to others as a key line.
    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            age: self.age.to_public(),
            ed25519: self.signing.verifying_key(),
        }
    }

    /// The secret keys as a small versioned record (see the module doc). **Secret**: store it
    /// only encrypted; the buffer zeroizes when dropped.
    pub fn to_secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        let identity = self.age.to_string();
        let identity = identity.expose_secret().as_bytes();
        let seed = Zeroizing::new(self.signing.to_bytes());
        let mut out = Zeroizing::new(Vec::with_capacity(6 + identity.len() + 32));
        out.extend_from_slice(SECRET_MAGIC);
        out.push(SECRET_VERSION);
        // An age identity string is 74 ASCII characters; it always fits in a byte.
        out.push(u8::try_from(identity.len()).unwrap_or(u8::MAX));
        out.extend_from_slice(identity);
        out.extend_from_slice(seed.as_ref());
        out
    }

    /// Reads back a record made by [`UserKeys::to_secret_bytes`].
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self, KeysError> {
        let rest = bytes
            .strip_prefix(SECRET_MAGIC.as_slice())
            .ok_or(KeysError::NotUserKeys)?;
        let (&version, rest) = rest
            .split_first()
            .ok_or(KeysError::Malformed("too short"))?;
        if version > SECRET_VERSION {
            return Err(KeysError::NewerVersion(version));
        }
        if version != SECRET_VERSION {
            return Err(KeysError::Malformed("unknown version"));
        }
        let (&n, rest) = rest
            .split_first()
            .ok_or(KeysError::Malformed("too short"))?;
        let n = usize::from(n);
        if rest.len() != n + 32 {
            return Err(KeysError::Malformed("wrong length"));
        }
        let (identity, seed) = rest.split_at(n);
        let identity = std::str::from_utf8(identity)
            .map_err(|_| KeysError::Malformed("encryption key is not text"))?;
        let age = age::x25519::Identity::from_str(identity)
            .map_err(|_| KeysError::Malformed("encryption key does not decode"))?;
        let mut seed_arr = Zeroizing::new([0u8; 32]);
        seed_arr.copy_from_slice(seed);
        Ok(Self {
            age,
            signing: SigningKey::from_bytes(&seed_arr),
        })
    }

    /// The age identity, for decrypting bundles addressed to this user.
    pub(crate) fn age_identity(&self) -> &age::x25519::Identity {
        &self.age
    }

    /// Signs `message` with the Ed25519 key.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

/// Someone's public keys: where to encrypt bundles for them (age X25519 recipient) and how to
/// check their signatures (Ed25519).
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKeys {
    age: age::x25519::Recipient,
    ed25519: VerifyingKey,
}

impl fmt::Debug for PublicKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKeys({})", self.fingerprint())
    }
}

impl PublicKeys {
    /// The age X25519 recipient, `age1…` (lowercase bech32).
    pub fn age_recipient(&self) -> String {
        self.age.to_string()
    }

    /// The Ed25519 public key bytes.
    pub fn ed25519_bytes(&self) -> [u8; 32] {
        self.ed25519.to_bytes()
    }

    /// The fingerprint people compare out of band (see the module doc).
    pub fn fingerprint(&self) -> Fingerprint {
        let mut h = Sha256::new();
        h.update(FINGERPRINT_CONTEXT);
        h.update([0u8]);
        h.update(self.age.to_string().as_bytes());
        h.update([0u8]);
        h.update(self.ed25519.as_bytes());
        let digest = h.finalize();
        let mut fp = [0u8; 20];
        fp.copy_from_slice(&digest[..20]);
        Fingerprint(fp)
    }

    /// The key line without a name hint.
    pub fn to_line(&self) -> String {
        format!(
            "{KEY_LINE_PREFIX} {} {ED25519_PREFIX}{}",
            self.age,
            STANDARD.encode(self.ed25519.as_bytes())
        )
    }

    /// The key line with a name hint appended. The hint is tidied so the line parses:
    /// control characters dropped, whitespace runs collapsed to one space, cut to
    /// [`MAX_NAME_HINT_CHARS`] characters. An empty hint gives the plain line.
    pub fn to_line_with_hint(&self, hint: &str) -> String {
        let tidy: String = hint
            .split_whitespace()
            .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(MAX_NAME_HINT_CHARS)
            .collect::<String>()
            .trim_end()
            .to_owned();
        if tidy.is_empty() {
            self.to_line()
        } else {
            format!("{} {tidy}", self.to_line())
        }
    }

    /// Parses a key line, ignoring any name hint.
    pub fn parse_line(line: &str) -> Result<Self, KeyLineError> {
        Self::parse_line_with_hint(line).map(|(keys, _)| keys)
    }

    /// Parses a key line and returns its name hint too (untrusted text, for display as a
    /// suggestion only).
    pub fn parse_line_with_hint(line: &str) -> Result<(Self, Option<String>), KeyLineError> {
        let mut words = line.split_whitespace();
        let first = words.next().ok_or(KeyLineError::Empty)?;
        if first != KEY_LINE_PREFIX {
            return Err(
                match first
                    .strip_prefix(KEY_LINE_FAMILY)
                    .and_then(|v| v.parse::<u32>().ok())
                {
                    Some(v) if v > 1 => KeyLineError::NewerVersion(v),
                    _ => KeyLineError::NotAKeyLine,
                },
            );
        }
        let age_word = words.next().ok_or(KeyLineError::MissingAgeRecipient)?;
        if !age_word.to_ascii_lowercase().starts_with("age1") {
            return Err(KeyLineError::MissingAgeRecipient);
        }
        let age =
            age::x25519::Recipient::from_str(age_word).map_err(KeyLineError::BadAgeRecipient)?;
        let ed_word = words.next().ok_or(KeyLineError::MissingEd25519)?;
        let ed_b64 = ed_word
            .strip_prefix(ED25519_PREFIX)
            .ok_or(KeyLineError::MissingEd25519)?;
        let ed_bytes: [u8; 32] = B64_LENIENT
            .decode(ed_b64)
            .ok()
            .and_then(|v| <[u8; 32]>::try_from(v.as_slice()).ok())
            .ok_or(KeyLineError::BadEd25519Encoding)?;
        let ed25519 =
            VerifyingKey::from_bytes(&ed_bytes).map_err(|_| KeyLineError::BadEd25519Key)?;
        // Refuse small-order points and non-canonical encodings (y ≥ p, or a sign bit on
        // x = 0): exactly one line per key.
        if ed25519.is_weak() || ed25519.to_edwards().compress().to_bytes() != ed_bytes {
            return Err(KeyLineError::BadEd25519Key);
        }
        let hint = words.collect::<Vec<_>>().join(" ");
        let hint = if hint.is_empty() {
            None
        } else if hint.chars().count() > MAX_NAME_HINT_CHARS || hint.chars().any(char::is_control) {
            return Err(KeyLineError::BadNameHint);
        } else {
            Some(hint)
        };
        Ok((Self { age, ed25519 }, hint))
    }

    pub(crate) fn age(&self) -> &age::x25519::Recipient {
        &self.age
    }

    /// Verifies an Ed25519 signature strictly (no malleable or small-order forms).
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.ed25519
            .verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }
}

/// A key fingerprint: 160 bits of SHA-256 over both public keys. `Display` gives the form
/// people compare: 8 groups of 4 base32 characters separated by spaces.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 20]);

impl Fingerprint {
    /// The raw 20 bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Parses the displayed form; spaces and dashes are ignored, case-insensitive.
    pub fn parse(text: &str) -> Option<Self> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = data_encoding::BASE32_NOPAD
            .decode(compact.as_bytes())
            .ok()?;
        <[u8; 20]>::try_from(bytes.as_slice()).ok().map(Self)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = data_encoding::BASE32_NOPAD.encode(&self.0);
        for (i, chunk) in text.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            // Base32 output is ASCII, so every chunk is valid UTF-8.
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn secret_record_round_trip_and_redacted_debug() {
        let k = UserKeys::generate().unwrap();
        let bytes = k.to_secret_bytes();
        assert_eq!(bytes.len(), 4 + 1 + 1 + 74 + 32);
        let back = UserKeys::from_secret_bytes(&bytes).unwrap();
        assert_eq!(back.public(), k.public());
        assert_eq!(format!("{k:?}"), "[REDACTED]");
    }

    #[test]
    fn fingerprint_shape_and_parse() {
        let k = UserKeys::generate().unwrap().public();
        let fp = k.fingerprint().to_string();
        assert_eq!(fp.len(), 8 * 4 + 7);
        assert_eq!(fp.split(' ').count(), 8);
        assert_eq!(Fingerprint::parse(&fp), Some(k.fingerprint()));
        assert_eq!(
            Fingerprint::parse(&fp.replace(' ', "-").to_lowercase()),
            Some(k.fingerprint())
        );
    }
}
