//! Moving cases between people: each user's bundle keys (made on first use, wrapped by the
//! user-keys subkey with the user name as associated data), pinned contacts, and creating
//! and opening bundles through `waystone-bundle`. Opening verifies everything (recipient,
//! pinned sender, signature, every part) before the core writes anything, and a local copy
//! changed after the bundle's version is never overwritten.
//!
//! Order and provenance (migration 0008): a bundle is a version of a case, its document's
//! `updated_at` parsed as a real instant. The same bundle opened again (same file digest or
//! same signed manifest) is reported as already opened and changes nothing; a version not
//! newer than the one accepted for the case (or than the copy held) is refused
//! ([`BundleRefusal::NotNewer`]), and so is one dated more than [`MAX_CLOCK_SKEW_MINUTES`]
//! ahead of this computer's clock ([`BundleRefusal::FutureDated`]). An update of a case held
//! here is applied only when its signer is one of the case's trusted senders — the contact it
//! first came from, or a contact this vault sent the whole case to (for a status card, also
//! one it sent a status card to); from anyone else it is held in the vault (see `incoming`)
//! for a person to accept or reject, never applied silently. An update whose version is older
//! than a change made here since (a conflict) is held too, and a person merges it answer by
//! answer (`merge`): never last-write-wins.

mod base;
mod contacts;
mod incoming;
pub mod mailbox;
mod merge;
mod model;
mod plan;
mod receive;
pub mod routing;
mod send;

pub use base::STATUS_ROW;

/// The largest bundle file read (the app and the CLI alike): the bundle crate's part limit
/// plus room for its framing.
pub const MAX_BUNDLE_FILE_BYTES: u64 = (2 << 30) + (64 << 20);
pub use incoming::{Incoming, IncomingReason, IncomingState};
pub use merge::{MergeRow, MergeValue, MergeView};
pub use model::{
    bundle_digest, key_line_fingerprint, BundleConflict, BundlePreview, BundleRefusal, Contact,
    Outcome, PartSummary, Received, MAX_CLOCK_SKEW_MINUTES, STATUS_CARD_KEEPS_HELD,
    STATUS_CARD_PATHS,
};
