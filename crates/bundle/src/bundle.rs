//! Creating and opening bundles: the order of checks lives here.
//!
//! Owns [`create`], [`open`] and their types ([`Part`], [`PinnedSender`], [`Opened`]). The
//! layers themselves belong to `keys` (signatures), `manifest` (what is signed), `archive`
//! (framing) and `container` (age).
//!
//! Opening verifies, in this order, and returns nothing unless every step passes:
//! 1. age magic and at most `max_recipients` stanzas (`NotABundle`, `Truncated`, `TooLarge`);
//! 2. age header and this user's key (`NotForYou`, `Damaged`, `Truncated`);
//! 3. archive magic and version (`NotABundle`, `NewerVersion`), header fields, manifest size;
//! 4. the signer's key is pinned, under exactly one name (`UnknownSender`, `AmbiguousSender`);
//! 5. the Ed25519 signature over the manifest (`BadSignature`);
//! 6. the manifest: canonical JSON, format equals the archive version, fields in bounds,
//!    part list valid and within limits (`Malformed`, `TooLarge`, `PartMismatch`); sender
//!    fingerprint equals the pinned contact's (`SenderMismatch`); this user among the
//!    recipients (`NotAddressedToYou`);
//! 7. each part in manifest order: name, size, then SHA-256 (`PartMismatch`);
//! 8. the end marker and the end of the stream, which also authenticates age's last chunk
//!    (`Malformed`, `TrailingData`, `Truncated`, `Damaged`).
//!
//! Every age chunk is authenticated as it is read (a failure is `Damaged` or `Truncated`).

use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::archive::{self, ArchiveReader};
use crate::container;
use crate::error::{BundleError, PartProblem};
use crate::keys::{PublicKeys, UserKeys};
use crate::manifest::{check_part_name, Manifest, PartEntry};
use crate::{Limits, FORMAT_VERSION, SIGNING_CONTEXT};

/// One named piece of a bundle, e.g. `case.json` or `attachments/<id>.bin`.
///
/// Holds case content: `Debug` shows the name and size only, and the bytes are zeroized when
/// the part is dropped. Because of that `Drop`, fields cannot be moved out by destructuring;
/// use [`Part::into_parts`] or `std::mem::take(&mut part.bytes)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The part name (see [`check_part_name`]).
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl Part {
    /// A part from a name and content.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            name: name.into(),
            bytes,
        }
    }

    /// Takes the name and the content out (the content still zeroizes when dropped).
    pub fn into_parts(mut self) -> (String, Zeroizing<Vec<u8>>) {
        (
            std::mem::take(&mut self.name),
            Zeroizing::new(std::mem::take(&mut self.bytes)),
        )
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("size", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// A contact whose signatures the receiving user accepts, under the name they chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedSender {
    /// The name the receiving user gave this contact (shown as the sender).
    pub name: String,
    /// The contact's public keys.
    pub keys: PublicKeys,
}

/// A verified bundle.
#[derive(Debug)]
pub struct Opened {
    /// The signed manifest.
    pub manifest: Manifest,
    /// The pinned name of the contact whose key signed the manifest. **Show this** as the
    /// sender; `manifest.sender_name` is only the sender's own claim.
    pub sender: String,
    /// The parts, in manifest order, each checked against the manifest.
    pub parts: Vec<Part>,
}

/// Creates a bundle with the default [`Limits`]. See [`create_with_limits`].
pub fn create(
    manifest: &Manifest,
    parts: &[Part],
    sender: &UserKeys,
    recipients: &[PublicKeys],
) -> Result<Vec<u8>, BundleError> {
    create_with_limits(manifest, parts, sender, recipients, &Limits::default())
}

/// Creates a bundle: fills `parts`, `sender_fingerprint` and `recipients` in a copy of
/// `manifest`, signs its canonical JSON with `sender`, frames manifest, signature and parts,
/// and encrypts all of it with age to every recipient. Recipients must be distinct; include
/// the sender's own keys if the sender should be able to open it.
///
/// Memory: the parts are read twice (hash, then encrypt) and the output is allocated once, so
/// the peak is about the parts plus one ciphertext.
pub fn create_with_limits(
    manifest: &Manifest,
    parts: &[Part],
    sender: &UserKeys,
    recipients: &[PublicKeys],
    limits: &Limits,
) -> Result<Vec<u8>, BundleError> {
    if recipients.is_empty() {
        return Err(BundleError::InvalidInput("no recipients"));
    }
    if recipients.len() > usize::from(limits.max_recipients) {
        return Err(BundleError::TooLarge("number of recipients"));
    }
    for (i, r) in recipients.iter().enumerate() {
        if recipients[..i].contains(r) {
            return Err(BundleError::InvalidInput("a recipient is listed twice"));
        }
    }
    if parts.len() > limits.max_parts as usize {
        return Err(BundleError::TooLarge("number of parts"));
    }
    manifest.check_fields().map_err(BundleError::InvalidInput)?;

    let mut total: u64 = 0;
    let mut entries = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        check_part_name(&p.name, limits).map_err(BundleError::InvalidInput)?;
        if parts[..i].iter().any(|q| q.name == p.name) {
            return Err(BundleError::InvalidInput("two parts have the same name"));
        }
        let size = p.bytes.len() as u64;
        total = total
            .checked_add(size)
            .ok_or(BundleError::TooLarge("total size of the parts"))?;
        if total > limits.max_total_size {
            return Err(BundleError::TooLarge("total size of the parts"));
        }
        entries.push(PartEntry {
            name: p.name.clone(),
            size,
            sha256: hex::encode(Sha256::digest(&p.bytes)),
        });
    }

    let mut signed = manifest.clone();
    signed.parts = entries;
    let sender_public = sender.public();
    signed.sender_fingerprint = sender_public.fingerprint().to_string();
    signed.recipients = recipients
        .iter()
        .map(|r| r.fingerprint().to_string())
        .collect();
    let manifest_bytes = signed.to_canonical_json(FORMAT_VERSION)?;
    if manifest_bytes.len() > limits.max_manifest_len as usize {
        return Err(BundleError::TooLarge("manifest size"));
    }
    let signature = sender.sign(&signing_message(&manifest_bytes));

    let plaintext_len =
        archive::framing_len(manifest_bytes.len(), parts.iter().map(|p| p.name.len())) + total;
    let capacity = usize::try_from(container::ciphertext_estimate(
        plaintext_len,
        recipients.len(),
    ))
    .map_err(|_| BundleError::TooLarge("bundle size"))?;
    let out = Vec::with_capacity(capacity);

    let io = |_| BundleError::Internal("writing the encrypted stream");
    let mut w = container::encrypt_to(recipients, out)?;
    let part_count =
        u32::try_from(parts.len()).map_err(|_| BundleError::TooLarge("number of parts"))?;
    archive::write_head(
        &mut w,
        FORMAT_VERSION,
        &manifest_bytes,
        &sender_public.ed25519_bytes(),
        &signature,
        part_count,
    )
    .map_err(io)?;
    for p in parts {
        archive::write_part(&mut w, &p.name, &p.bytes).map_err(io)?;
    }
    archive::write_end(&mut w).map_err(io)?;
    w.finish().map_err(io)
}

/// Opens a bundle with the default [`Limits`]. See [`open_with_limits`].
pub fn open(
    bytes: &[u8],
    identity: &UserKeys,
    pinned: &[PinnedSender],
) -> Result<Opened, BundleError> {
    open_with_limits(bytes, identity, pinned, &Limits::default())
}

/// Decrypts and verifies a bundle completely (see the module doc for the order of checks)
/// and only then returns its manifest, the pinned name of its signer and its parts.
///
/// Memory: the plaintext is never held whole; each part is read into its own buffer, so the
/// peak is about the input plus the parts.
pub fn open_with_limits(
    bytes: &[u8],
    identity: &UserKeys,
    pinned: &[PinnedSender],
    limits: &Limits,
) -> Result<Opened, BundleError> {
    container::precheck(bytes, limits.max_recipients)?;
    let plaintext = container::decrypt_with(bytes, identity)?;
    let mut reader = ArchiveReader::new(plaintext, bytes.len() as u64);

    let head = reader.read_head(FORMAT_VERSION, limits)?;

    // Who signed it: the key in the archive must be pinned, under one name only.
    let mut matches = pinned
        .iter()
        .filter(|p| p.keys.ed25519_bytes() == head.signer);
    let signer = matches.next().ok_or(BundleError::UnknownSender)?;
    if matches.any(|p| p.name != signer.name || p.keys != signer.keys) {
        return Err(BundleError::AmbiguousSender);
    }
    if !signer
        .keys
        .verify(&signing_message(&head.manifest), &head.signature)
    {
        return Err(BundleError::BadSignature);
    }

    // The manifest is authentic from here on; check what it says.
    let (manifest, format) = Manifest::from_canonical_json(&head.manifest)?;
    if format != head.version {
        return Err(BundleError::Malformed(
            "manifest format differs from the archive version",
        ));
    }
    manifest.check_opened(limits)?;
    if manifest.sender_fingerprint != signer.keys.fingerprint().to_string() {
        return Err(BundleError::SenderMismatch);
    }
    let me = identity.public().fingerprint().to_string();
    if !manifest.recipients.contains(&me) {
        return Err(BundleError::NotAddressedToYou);
    }

    let count = reader.read_part_count()?;
    if count as usize > manifest.parts.len() {
        return Err(BundleError::PartMismatch {
            part: None,
            problem: PartProblem::Extra,
        });
    }
    if (count as usize) < manifest.parts.len() {
        let missing = manifest.parts.get(count as usize).map(|e| e.name.clone());
        return Err(BundleError::PartMismatch {
            part: missing,
            problem: PartProblem::Missing,
        });
    }

    let mut parts: Vec<Part> = Vec::with_capacity(manifest.parts.len());
    for (i, entry) in manifest.parts.iter().enumerate() {
        let (name, size) = reader.read_part_head(limits)?;
        if name != entry.name {
            let shown = check_part_name(&name, limits).ok().map(|()| name.clone());
            let problem = if parts.iter().any(|p| p.name == name) {
                PartProblem::Duplicate
            } else if manifest.parts[i..].iter().any(|e| e.name == name) {
                PartProblem::OutOfOrder
            } else {
                PartProblem::Extra
            };
            return Err(BundleError::PartMismatch {
                part: shown,
                problem,
            });
        }
        if size != entry.size {
            return Err(BundleError::PartMismatch {
                part: Some(name),
                problem: PartProblem::Size,
            });
        }
        let part = Part {
            name,
            bytes: reader.read_part_body(size)?,
        };
        if hex::encode(Sha256::digest(&part.bytes)) != entry.sha256 {
            return Err(BundleError::PartMismatch {
                part: Some(part.name.clone()),
                problem: PartProblem::Hash,
            });
        }
        parts.push(part);
    }
    reader.read_end()?;

    Ok(Opened {
        manifest,
        sender: signer.name.clone(),
        parts,
    })
}

/// The exact bytes the Ed25519 signature covers.
pub(crate) fn signing_message(manifest: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(SIGNING_CONTEXT.len() + manifest.len());
    m.extend_from_slice(SIGNING_CONTEXT);
    m.extend_from_slice(manifest);
    m
}
