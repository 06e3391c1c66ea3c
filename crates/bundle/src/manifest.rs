//! The manifest: what a bundle claims to be, who made it, for whom, and the SHA-256 and size
//! of every part. Its canonical JSON is the one thing the sender signs.
//!
//! Owns the manifest's domain type ([`Manifest`], no serde on it), its private wire form, the
//! canonical encoding and the field rules checked both when creating and when opening.
//!
//! Canonical JSON: the fields below in this order, UTF-8, no whitespace, serde_json's
//! escaping (`"` `\` and control characters escaped, everything else literal), integers in
//! decimal. On opening, the signed bytes are parsed and re-encoded; any difference (another
//! field order, spacing, duplicate or unknown key) is refused, so exactly one byte string
//! means a given manifest.
//!
//! ```json
//! {"format":1,"kind":"case","case_id":"…","form_id":"…","form_version":3,
//!  "sender_name":"…","sender_fingerprint":"XXXX XXXX …","recipients":["XXXX …"],
//!  "created_at":"2025-01-31T12:00:00Z","app_version":"0.1.0","audit_head":"9f…",
//!  "parts":[{"name":"case.json","size":1234,"sha256":"<64 lowercase hex>"}]}
//! ```
//!
//! Recipe — a new manifest field: add it to [`Manifest`] and `ManifestWire` (same position in
//! both), bound it in [`Manifest::check_fields`], bump [`crate::FORMAT_VERSION`] (older readers
//! must refuse the new field as `NewerVersion`, not drop it), and describe it in README.md.

use serde::{Deserialize, Serialize};

use crate::error::BundleError;
use crate::Limits;

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    /// A whole case (`"case"`).
    Case,
    /// A minimised status card for a coordinator (`"status_card"`).
    StatusCard,
    /// A delivery receipt sent back through a mailbox (`"receipt"`): one small part naming
    /// the object and the bundle digest it acknowledges, no case content. Readers older than
    /// the mailbox refuse it as malformed, which is what they should do with it.
    Receipt,
}

/// One part as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartEntry {
    /// The part's name, e.g. `case.json` or `attachments/<id>.bin` (see [`check_part_name`]).
    pub name: String,
    /// Its length in bytes.
    pub size: u64,
    /// Its SHA-256, 64 lowercase hex characters.
    pub sha256: String,
}

/// The bundle's manifest.
///
/// When creating, the caller fills the descriptive fields; [`crate::create`] fills
/// `parts`, `sender_fingerprint` and `recipients` itself from what it is given (values the
/// caller put there are replaced). When opening, all fields are as the sender signed them.
///
/// `sender_name` is the sender's claim about themselves and is not authenticated beyond the
/// signature: show [`crate::Opened::sender`] (the name *you* pinned the signer under).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Whole case or status card.
    pub kind: BundleKind,
    /// The case id.
    pub case_id: String,
    /// The form definition id the case follows.
    pub form_id: String,
    /// The form definition version.
    pub form_version: u32,
    /// The sender's display name (a claim; see above).
    pub sender_name: String,
    /// The sender's key fingerprint (display form). Filled by `create`.
    pub sender_fingerprint: String,
    /// Fingerprints of everyone the bundle was encrypted to. Filled by `create`.
    pub recipients: Vec<String>,
    /// RFC 3339 time of creation, given by the caller.
    pub created_at: String,
    /// The Waystone version that made the bundle.
    pub app_version: String,
    /// The sender's audit chain head (lowercase hex, may be empty), given by the caller.
    pub audit_head: String,
    /// Every part, in archive order. Filled by `create`.
    pub parts: Vec<PartEntry>,
}

/// Longest text field in bytes (names, ids, versions, time).
pub const MAX_FIELD_BYTES: usize = 512;
/// Longest audit head in hex characters.
pub const MAX_AUDIT_HEAD_CHARS: usize = 128;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartWire {
    name: String,
    size: u64,
    sha256: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestWire {
    format: u16,
    kind: BundleKind,
    case_id: String,
    form_id: String,
    form_version: u32,
    sender_name: String,
    sender_fingerprint: String,
    recipients: Vec<String>,
    created_at: String,
    app_version: String,
    audit_head: String,
    parts: Vec<PartWire>,
}

impl Manifest {
    /// Canonical JSON with the given format version.
    pub(crate) fn to_canonical_json(&self, format: u16) -> Result<Vec<u8>, BundleError> {
        let wire = ManifestWire {
            format,
            kind: self.kind,
            case_id: self.case_id.clone(),
            form_id: self.form_id.clone(),
            form_version: self.form_version,
            sender_name: self.sender_name.clone(),
            sender_fingerprint: self.sender_fingerprint.clone(),
            recipients: self.recipients.clone(),
            created_at: self.created_at.clone(),
            app_version: self.app_version.clone(),
            audit_head: self.audit_head.clone(),
            parts: self
                .parts
                .iter()
                .map(|p| PartWire {
                    name: p.name.clone(),
                    size: p.size,
                    sha256: p.sha256.clone(),
                })
                .collect(),
        };
        serde_json::to_vec(&wire).map_err(|_| BundleError::Internal("manifest encoding"))
    }

    /// Parses signed manifest bytes, refusing anything but the canonical encoding. Returns the
    /// manifest and its `format` value.
    pub(crate) fn from_canonical_json(bytes: &[u8]) -> Result<(Self, u16), BundleError> {
        let wire: ManifestWire =
            serde_json::from_slice(bytes).map_err(|_| BundleError::Malformed("manifest JSON"))?;
        let format = wire.format;
        let manifest = Manifest {
            kind: wire.kind,
            case_id: wire.case_id,
            form_id: wire.form_id,
            form_version: wire.form_version,
            sender_name: wire.sender_name,
            sender_fingerprint: wire.sender_fingerprint,
            recipients: wire.recipients,
            created_at: wire.created_at,
            app_version: wire.app_version,
            audit_head: wire.audit_head,
            parts: wire
                .parts
                .into_iter()
                .map(|p| PartEntry {
                    name: p.name,
                    size: p.size,
                    sha256: p.sha256,
                })
                .collect(),
        };
        if manifest.to_canonical_json(format)? != bytes {
            return Err(BundleError::Malformed("manifest is not in canonical form"));
        }
        Ok((manifest, format))
    }

    /// Checks the caller-given text fields (not `parts`, `recipients`, fingerprint). Returns a
    /// static description of the first bad field.
    pub(crate) fn check_fields(&self) -> Result<(), &'static str> {
        for (value, what) in [
            (
                &self.case_id,
                "case_id is empty, too long or has control characters",
            ),
            (
                &self.form_id,
                "form_id is empty, too long or has control characters",
            ),
            (
                &self.sender_name,
                "sender_name is empty, too long or has control characters",
            ),
            (
                &self.created_at,
                "created_at is empty, too long or has control characters",
            ),
            (
                &self.app_version,
                "app_version is empty, too long or has control characters",
            ),
        ] {
            if value.is_empty()
                || value.len() > MAX_FIELD_BYTES
                || value.chars().any(char::is_control)
            {
                return Err(what);
            }
        }
        if self.audit_head.len() > MAX_AUDIT_HEAD_CHARS
            || !self
                .audit_head
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err("audit_head must be lowercase hex of at most 128 characters");
        }
        Ok(())
    }

    /// Full check of a manifest read from a bundle: fields, part list, recipients.
    pub(crate) fn check_opened(&self, limits: &Limits) -> Result<(), BundleError> {
        self.check_fields()
            .map_err(|_| BundleError::Malformed("manifest field out of bounds"))?;
        if self.recipients.is_empty() {
            return Err(BundleError::Malformed("manifest lists no recipients"));
        }
        if self.recipients.len() > usize::from(limits.max_recipients) {
            return Err(BundleError::TooLarge("number of recipients"));
        }
        if self.parts.len() > limits.max_parts as usize {
            return Err(BundleError::TooLarge("number of parts"));
        }
        let mut total: u64 = 0;
        for (i, p) in self.parts.iter().enumerate() {
            check_part_name(&p.name, limits)
                .map_err(|_| BundleError::Malformed("manifest lists an invalid part name"))?;
            if self.parts[..i].iter().any(|q| q.name == p.name) {
                return Err(BundleError::PartMismatch {
                    part: Some(p.name.clone()),
                    problem: crate::PartProblem::Duplicate,
                });
            }
            if p.sha256.len() != 64
                || !p
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                return Err(BundleError::Malformed(
                    "manifest part hash is not SHA-256 hex",
                ));
            }
            total = total
                .checked_add(p.size)
                .ok_or(BundleError::TooLarge("total size of the parts"))?;
        }
        if total > limits.max_total_size {
            return Err(BundleError::TooLarge("total size of the parts"));
        }
        Ok(())
    }
}

/// Checks a part name: 1..=`limits.max_name_len` bytes of `A–Z a–z 0–9 . _ -` in
/// `/`-separated segments, no empty, `.` or `..` segment, no leading or trailing `/`. Names are
/// identifiers, safe to show in messages and to map to paths.
pub fn check_part_name(name: &str, limits: &Limits) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > usize::from(limits.max_name_len) {
        return Err("part name is empty or too long");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'))
    {
        return Err("part name may only use A-Z a-z 0-9 . _ - and /");
    }
    if name
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err("part name has an empty, `.` or `..` segment");
    }
    Ok(())
}
