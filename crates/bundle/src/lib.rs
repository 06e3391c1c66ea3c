//! Waystone case bundles: a case (or a minimised status card) moved between people as one
//! file — a signed manifest and the case's parts, inside an age container encrypted to the
//! recipients' keys.
//!
//! Pure: bytes in, bytes out. No files, no vault, no clock, no logging. The vault stores
//! [`UserKeys`] (encrypted) and the pinned contacts; the CLI and the app call [`create`] and
//! [`open`]. The file format is specified in this crate's README.md.
//!
//! Modules: `keys` (identities, key lines, fingerprints), `manifest` (what is signed),
//! `archive` (inner framing), `container` (age), `bundle` (create/open and the order of
//! checks), `error` (every message).
//!
//! # Recipe: send a case, open it on the other side
//!
//! ```
//! use waystone_bundle::{create, open, BundleKind, Manifest, Part, PinnedSender, PublicKeys, UserKeys};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Once per user: make keys, store `to_secret_bytes()` encrypted in the vault, and hand the
//! // key line to others (`waystone key show`).
//! let caseworker = UserKeys::generate()?;
//! let lawyer = UserKeys::generate()?;
//! let line = lawyer.public().to_line_with_hint("Lawyer (synthetic)");
//!
//! // The caseworker pins the lawyer's line after comparing fingerprints out of band.
//! let lawyer_keys = PublicKeys::parse_line(&line)?;
//!
//! let manifest = Manifest {
//!     kind: BundleKind::Case,
//!     case_id: "c-0001".into(),
//!     form_id: "intake".into(),
//!     form_version: 1,
//!     sender_name: "Caseworker A".into(),
//!     sender_fingerprint: String::new(), // filled by `create`
//!     recipients: vec![],                // filled by `create`
//!     created_at: "2025-01-31T12:00:00Z".into(),
//!     app_version: "0.1.0".into(),
//!     audit_head: "00ff".into(),
//!     parts: vec![],                     // filled by `create`
//! };
//! let parts = vec![Part::new("case.json", br#"{"synthetic":true}"#.to_vec())];
//! let bundle = create(&manifest, &parts, &caseworker, &[lawyer_keys])?;
//!
//! // The lawyer pinned the caseworker under a name of their choosing.
//! let pinned = [PinnedSender { name: "Caseworker A".into(), keys: caseworker.public() }];
//! let opened = open(&bundle, &lawyer, &pinned)?;
//! assert_eq!(opened.sender, "Caseworker A"); // show this, not manifest.sender_name
//! assert_eq!(opened.parts[0].bytes, parts[0].bytes);
//! # Ok(()) }
//! ```
//!
//! # Sender policy
//!
//! A bundle is accepted only if its manifest is signed by a pinned contact's Ed25519 key, and
//! [`Opened::sender`] is the name the *receiving* user pinned that key under. If a pinned
//! contact re-signs someone else's content, it opens as coming from that contact — which it
//! is. The manifest's `sender_name` is the sender's self-description; show it at most as a
//! secondary label. The signed manifest also names the sender's fingerprint (it must match
//! the pinned contact: `SenderMismatch`) and every recipient's fingerprint (the opener must be
//! among them: `NotAddressedToYou`), so a recipient cannot pass a signed bundle on as if the
//! sender had sent it to someone else.
//!
//! # Recipe: a new check when opening
//!
//! Add it in `bundle::open_with_limits` at the point in the documented order where its input
//! is authentic, give it a variant in [`BundleError`] with an actionable message and no case
//! content, add a negative test under `tests/`, and list it in README.md.

mod archive;
mod bundle;
mod container;
mod error;
mod keys;
mod manifest;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod testing;

pub use bundle::{create, create_with_limits, open, open_with_limits, Opened, Part, PinnedSender};
pub use error::{BundleError, KeyLineError, KeysError, PartProblem};
pub use keys::{Fingerprint, PublicKeys, UserKeys, KEY_LINE_PREFIX, MAX_NAME_HINT_CHARS};
pub use manifest::{
    check_part_name, BundleKind, Manifest, PartEntry, MAX_AUDIT_HEAD_CHARS, MAX_FIELD_BYTES,
};

/// The archive format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u16 = 1;

/// Domain separation for the manifest signature: the signed message is this followed by the
/// manifest bytes.
pub const SIGNING_CONTEXT: &[u8] = b"waystone-bundle-v1 manifest\0";

/// Hard limits applied when creating and when opening. Every length in a bundle is checked
/// against these before anything is allocated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most parts in one bundle.
    pub max_parts: u32,
    /// Longest part name, in bytes.
    pub max_name_len: u16,
    /// Largest manifest, in bytes.
    pub max_manifest_len: u32,
    /// Largest sum of part sizes, in bytes.
    pub max_total_size: u64,
    /// Most recipients (age stanzas in the header, fingerprints in the manifest).
    pub max_recipients: u16,
}

impl Default for Limits {
    /// 10 000 parts, 255-byte names, 4 MiB manifest, 2 GiB of parts, 64 recipients.
    fn default() -> Self {
        Self {
            max_parts: 10_000,
            max_name_len: 255,
            max_manifest_len: 4 * 1024 * 1024,
            max_total_size: 2 * 1024 * 1024 * 1024,
            max_recipients: 64,
        }
    }
}
