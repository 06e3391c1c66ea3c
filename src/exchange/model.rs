//! What a transfer is made of: the status card's fields, the clock-skew bound, contacts,
//! what opening a bundle found and did, its preview, and the refusals' errors.

use sha2::{Digest, Sha256};
use waystone_bundle::{BundleKind, Manifest, PublicKeys};

pub use crate::vault::error::BundleRefusal;
use crate::vault::VaultError;

/// The part holding the definition of the imported form a case is on (its canonical JSON, as
/// the catalogue stores it); absent for a built-in form and in bundles made before forms travelled.
pub const FORM_PART: &str = "form.json";

/// Answers a status card carries: the board's fields and nothing of the testimony.
pub const STATUS_CARD_PATHS: &[&str] = &[
    "consent_documentation",
    "evacuation_stage",
    "risk_level",
    "next_follow_up",
    "left_region_date",
    "arrival_date",
];

/// Answers of a status card that never change the copy held here: consent gates every legal
/// export, so it changes only with the testimony (a whole-case update), never by a card. A
/// card that creates a status-only case still brings them as its sender stated.
pub const STATUS_CARD_KEEPS_HELD: &[&str] = &["consent_documentation"];

/// How far ahead of this computer's clock a bundle's version may be dated: clocks of
/// laptops differ, but a version dated further ahead is refused, so no one can make an
/// update "newest" for years by dating it 2099.
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 60;

/// A pinned contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub fingerprint: String,
    pub key_line: String,
}

/// What opening a bundle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub status_card: bool,
    pub case_id: String,
    pub code: String,
    /// The pinned name of the sender.
    pub sender: String,
    pub created: bool,
    /// Answer paths added, changed or removed by the bundle (or, when held, that it would
    /// change).
    pub changed: Vec<String>,
    pub outcome: Outcome,
}

/// What became of a bundle that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Imported: the case was added or updated.
    Imported,
    /// Its signer is not a trusted sender of the case: kept for a person's decision
    /// (`incoming accept|reject ID`), nothing applied.
    Held { incoming_id: i64 },
    /// The copy held here changed after the bundle's version: kept for a person to compare
    /// the two answer by answer (`incoming merge`), nothing applied.
    Conflict { incoming_id: i64 },
    /// This very bundle was opened before: nothing changed.
    AlreadyOpened,
}

/// One part of a bundle as listed in its signed manifest (verified against its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartSummary {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// A local copy changed after the bundle's version: shown to the person, never overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleConflict {
    /// When the local copy was last changed.
    pub local_updated_at: String,
    /// When the bundle's version was last changed.
    pub bundle_updated_at: String,
    /// Answer paths that differ between the two (paths only, never values).
    pub differing: Vec<String>,
}

/// What a bundle holds and what opening it would do, after every check passed — with
/// nothing of the testimony in it (answer paths only) and nothing written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePreview {
    /// SHA-256 of the whole file, so the import can insist on the file that was verified.
    pub digest: String,
    pub status_card: bool,
    pub case_id: String,
    pub code: String,
    /// The pinned name of the contact whose key signed the manifest.
    pub sender: String,
    /// That contact's pinned fingerprint.
    pub sender_fingerprint: String,
    /// The sender's own name for themselves (a claim; secondary).
    pub sender_claims: String,
    pub created_at: String,
    pub app_version: String,
    pub form_id: String,
    pub form_version: u32,
    /// The sender's signed audit chain head.
    pub audit_head: String,
    /// Every part with its size and SHA-256, each verified.
    pub parts: Vec<PartSummary>,
    /// Whether the case is new to this vault (else it updates the copy held).
    pub created: bool,
    /// Answer paths the import would add, change or remove.
    pub changed: Vec<String>,
    /// Set when the local copy changed after the bundle's version: the import is refused.
    pub conflict: Option<BundleConflict>,
    /// This very bundle was opened here before: opening it again changes nothing.
    pub already_opened: bool,
    /// The signer is not a trusted sender of the case held here (neither the contact it came
    /// from nor one this vault sent it to): opening it holds it for a person's decision.
    pub held: bool,
}

pub(crate) fn refused(reason: BundleRefusal, message: impl Into<String>) -> VaultError {
    VaultError::BundleRefused(reason, message.into())
}

pub(crate) fn bundle_error(e: waystone_bundle::BundleError) -> VaultError {
    use waystone_bundle::BundleError as B;
    use BundleRefusal as R;
    let reason = match &e {
        B::NewerVersion { .. } => return VaultError::NewerVersion,
        B::InvalidInput(_) => {
            return VaultError::Invalid("the bundle could not be made from this input".into())
        }
        B::Internal(_) => return VaultError::Internal("bundle"),
        B::NotABundle => R::NotABundle,
        B::NotForYou => R::NotForYou,
        B::NotAddressedToYou => R::NotAddressedToYou,
        B::UnknownSender => R::UnknownSender,
        B::SenderMismatch => R::SenderMismatch,
        B::AmbiguousSender => R::AmbiguousSender,
        B::BadSignature => R::BadSignature,
        B::Damaged => R::Damaged,
        B::Truncated => R::Truncated,
        B::TooLarge(_) => R::TooLarge,
        _ => R::Altered,
    };
    refused(reason, e.to_string())
}

/// The fingerprint of a key line, without pinning it (the app shows it beside the one pinned
/// before asking whether to replace a contact's key).
pub fn key_line_fingerprint(line: &str) -> Result<String, VaultError> {
    PublicKeys::parse_line(line)
        .map(|k| k.fingerprint().to_string())
        .map_err(|e| VaultError::Invalid(e.to_string()))
}

/// SHA-256 of a bundle file, lowercase hex.
pub fn bundle_digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The identity of a signed manifest: the same manifest re-encrypted (another file digest)
/// is the same bundle.
pub(crate) fn manifest_identity(m: &Manifest) -> String {
    let parts: Vec<serde_json::Value> = m
        .parts
        .iter()
        .map(|p| serde_json::json!([p.name, p.size, p.sha256]))
        .collect();
    let kind = match m.kind {
        BundleKind::Case => "case",
        BundleKind::StatusCard => "status_card",
        BundleKind::Receipt => "receipt",
    };
    let id = serde_json::json!([
        "waystone-manifest-id-v1",
        kind,
        m.case_id,
        m.form_id,
        m.form_version,
        m.sender_fingerprint,
        m.recipients,
        m.created_at,
        m.audit_head,
        parts
    ]);
    hex::encode(Sha256::digest(id.to_string().as_bytes()))
}
