//! Errors of this crate: [`BundleError`] for creating and opening bundles, [`KeyLineError`]
//! for public key lines, [`KeysError`] for a user's stored secret keys.
//!
//! Owns every message the crate can show. None carries case content or key material: a
//! variant holds at most a static reason, a version number, or a part name that was already
//! checked against the part-name alphabet (part names are identifiers such as
//! `attachments/<uuid>.bin`, never titles or file names chosen by a person).

use thiserror::Error;

/// What went wrong creating or opening a bundle.
///
/// Mapping to the CLI exit codes (see CLI.md): `NewerVersion` → 4; `InvalidInput` and
/// `Internal` → 1; `NotForYou`, `NotAddressedToYou` and `UnknownSender` → 1 (a missing key or
/// contact, not damage); every other variant → 3 (corrupt or tampered).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BundleError {
    /// The bytes are not an age-encrypted Waystone bundle at all (another file, an armored
    /// age file, or an age file whose content is not a Waystone archive).
    #[error("not a Waystone bundle: choose the .waystone file you were sent")]
    NotABundle,
    /// None of the age recipients in the bundle is this user's key (or the recipient list
    /// itself was damaged so that no key matches).
    #[error("this bundle is not addressed to your key: ask the sender to send it to you (check they pinned your current key line)")]
    NotForYou,
    /// The bundle ends early: an incomplete download, copy or transfer.
    #[error("the bundle is truncated: it ends before its content does; get a complete copy")]
    Truncated,
    /// Bytes follow the end of the signed content.
    #[error("the bundle has unexpected data after its end: it was altered; get a fresh copy from the sender")]
    TrailingData,
    /// The encrypted container failed its integrity checks (age header MAC or payload
    /// authentication): the file was damaged or altered in transit.
    #[error("the bundle is damaged or was altered (encryption check failed); get a fresh copy from the sender")]
    Damaged,
    /// The decrypted archive does not follow the framing rules.
    #[error("the bundle's inner structure is malformed ({0}); get a fresh copy from the sender")]
    Malformed(&'static str),
    /// The manifest signature does not verify under the key it names: content was altered.
    #[error("the sender's signature does not verify: the bundle was altered after signing; do not trust it")]
    BadSignature,
    /// The manifest was signed by a key that is not among the pinned contacts.
    #[error("the bundle is signed by a key that is not one of your contacts: compare fingerprints with the sender out of band and add them with `contact add` first")]
    UnknownSender,
    /// The signer's key is pinned under more than one contact name.
    #[error("the signer's key is pinned under more than one contact name: remove the duplicate contact, then open the bundle again")]
    AmbiguousSender,
    /// The signed manifest names a sender fingerprint other than the pinned keys of the
    /// contact whose signing key made the signature (a contact changed keys, or someone is
    /// re-signing another sender's bundle as their own while keeping the other's name).
    #[error("the bundle's signed sender fingerprint does not match the contact who signed it: compare fingerprints with the sender out of band")]
    SenderMismatch,
    /// The sender signed this bundle for other recipients; someone else re-encrypted it to
    /// you. It is refused so that "from X" always means "X sent this to me".
    #[error("this bundle was signed for other recipients and re-encrypted to you by someone else: ask the sender to send it to you directly")]
    NotAddressedToYou,
    /// A part does not match the signed manifest (missing, extra, duplicated, out of order,
    /// wrong size or wrong SHA-256). `part` is the part's name when it is a valid name.
    #[error("part {} does not match the signed manifest: {problem}; the bundle was altered", .part.as_deref().unwrap_or("(unnamed)"))]
    PartMismatch {
        /// The part name (an identifier, never case content), when known and well-formed.
        part: Option<String>,
        /// What did not match.
        problem: PartProblem,
    },
    /// Written by a newer Waystone with a bundle format this version cannot read.
    #[error("this bundle uses format version {found}, newer than this Waystone supports ({supported}): update Waystone")]
    NewerVersion {
        /// The version found in the bundle.
        found: u16,
        /// The newest version this build reads.
        supported: u16,
    },
    /// A configured limit was exceeded (`what` names the limit).
    #[error("the bundle exceeds the limit on {0}")]
    TooLarge(&'static str),
    /// The caller passed something `create` refuses (`0` names the field or rule).
    #[error("cannot create the bundle: {0}")]
    InvalidInput(&'static str),
    /// An internal step failed that should not fail (reported, never a panic).
    #[error("internal error in the bundle code: {0}")]
    Internal(&'static str),
}

/// How a part failed to match the signed manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PartProblem {
    /// Fewer parts than the manifest lists.
    #[error("missing")]
    Missing,
    /// A part the manifest does not list, or more parts than it lists.
    #[error("not listed in the manifest")]
    Extra,
    /// The same name twice.
    #[error("duplicated")]
    Duplicate,
    /// Present, but not in the manifest's order.
    #[error("out of order")]
    OutOfOrder,
    /// The size differs from the manifest.
    #[error("size differs")]
    Size,
    /// The SHA-256 differs from the manifest.
    #[error("SHA-256 differs")]
    Hash,
}

/// Why a public key line was refused. Messages never echo the line.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyLineError {
    /// Nothing but whitespace.
    #[error("the key line is empty")]
    Empty,
    /// Does not start with `waystone-key-v1`.
    #[error("not a Waystone key line: it must start with `waystone-key-v1`")]
    NotAKeyLine,
    /// A key line of a newer format version.
    #[error(
        "this key line uses format version {0}, newer than this Waystone supports: update Waystone"
    )]
    NewerVersion(u32),
    /// The second word is not an `age1…` recipient.
    #[error("the key line lacks its encryption key (the `age1…` word); copy the whole line again")]
    MissingAgeRecipient,
    /// The `age1…` word does not decode (typo, cut short, wrong checksum).
    #[error(
        "the encryption key (`age1…`) in the key line is damaged: {0}; copy the whole line again"
    )]
    BadAgeRecipient(&'static str),
    /// The third word is not `ed25519:…`.
    #[error(
        "the key line lacks its signing key (the `ed25519:…` word); copy the whole line again"
    )]
    MissingEd25519,
    /// The `ed25519:` value is not base64 of 32 bytes.
    #[error("the signing key (`ed25519:…`) in the key line is damaged; copy the whole line again")]
    BadEd25519Encoding,
    /// Decodes to 32 bytes that are not a usable Ed25519 public key.
    #[error("the signing key (`ed25519:…`) in the key line is not a valid Ed25519 public key")]
    BadEd25519Key,
    /// The optional name hint is too long or has control characters.
    #[error("the name hint at the end of the key line is too long or has control characters")]
    BadNameHint,
}

/// Why stored secret keys could not be read back.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeysError {
    /// The bytes are not a Waystone user-key record.
    #[error("not a Waystone user key record")]
    NotUserKeys,
    /// A record written by a newer Waystone.
    #[error("the user key record has format version {0}, newer than this Waystone supports: update Waystone")]
    NewerVersion(u8),
    /// The record is damaged (wrong length, undecodable key).
    #[error("the user key record is damaged ({0})")]
    Malformed(&'static str),
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Rng,
}
