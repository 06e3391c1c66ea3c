//! Test hooks (feature `test-support`, for tests only: this crate's and the core's
//! `tests/forms_travel.rs`, as a dev-dependency): raw age sealing and
//! an editable view of the inner archive, so tests can forge and tamper with bundles the way
//! an attacker who holds a recipient key could. Never enabled in the app or the CLI.

use std::io::{Read, Write};

use crate::archive::{self, END, MAGIC};
use crate::container;
use crate::error::BundleError;
use crate::keys::{PublicKeys, UserKeys};

/// Encrypts arbitrary bytes with age to `recipients`, no framing or signing.
pub fn seal(plaintext: &[u8], recipients: &[PublicKeys]) -> Result<Vec<u8>, BundleError> {
    let mut w = container::encrypt_to(recipients, Vec::new())?;
    w.write_all(plaintext)
        .map_err(|_| BundleError::Internal("write"))?;
    w.finish().map_err(|_| BundleError::Internal("finish"))
}

/// Decrypts the age layer only.
pub fn unseal(bundle: &[u8], identity: &UserKeys) -> Result<Vec<u8>, BundleError> {
    let mut r = container::decrypt_with(bundle, identity)?;
    let mut out = Vec::new();
    r.read_to_end(&mut out).map_err(archive::read_error)?;
    Ok(out)
}

/// The inner archive as editable fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArchive {
    /// Archive magic.
    pub magic: [u8; 8],
    /// Format version.
    pub version: u16,
    /// Reserved field.
    pub reserved: u16,
    /// Manifest bytes.
    pub manifest: Vec<u8>,
    /// Signer public key.
    pub signer: [u8; 32],
    /// Signature.
    pub signature: [u8; 64],
    /// Part count as written (may be made to disagree with `parts`).
    pub part_count: u32,
    /// Parts: name and bytes.
    pub parts: Vec<(String, Vec<u8>)>,
    /// End marker.
    pub end: [u8; 8],
    /// Bytes after the end marker.
    pub trailing: Vec<u8>,
}

fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if b.len() < n {
        return None;
    }
    let (h, t) = b.split_at(n);
    *b = t;
    Some(h)
}

fn arr<const N: usize>(b: &mut &[u8]) -> Option<[u8; N]> {
    take(b, N).and_then(|s| s.try_into().ok())
}

impl RawArchive {
    /// Parses a well-formed archive (no limits; for tests).
    pub fn parse(mut b: &[u8]) -> Option<Self> {
        let b = &mut b;
        let magic = arr::<8>(b)?;
        let version = u16::from_be_bytes(arr(b)?);
        let reserved = u16::from_be_bytes(arr(b)?);
        let mlen = u32::from_be_bytes(arr(b)?) as usize;
        let manifest = take(b, mlen)?.to_vec();
        let signer = arr(b)?;
        let signature = arr(b)?;
        let part_count = u32::from_be_bytes(arr(b)?);
        let mut parts = Vec::new();
        for _ in 0..part_count {
            let n = u16::from_be_bytes(arr(b)?) as usize;
            let name = String::from_utf8(take(b, n)?.to_vec()).ok()?;
            let size = usize::try_from(u64::from_be_bytes(arr(b)?)).ok()?;
            parts.push((name, take(b, size)?.to_vec()));
        }
        let end = arr(b)?;
        Some(Self {
            magic,
            version,
            reserved,
            manifest,
            signer,
            signature,
            part_count,
            parts,
            end,
            trailing: b.to_vec(),
        })
    }

    /// Encodes the fields as they are (no checks).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&self.magic);
        out.extend_from_slice(&self.version.to_be_bytes());
        out.extend_from_slice(&self.reserved.to_be_bytes());
        out.extend_from_slice(&(self.manifest.len() as u32).to_be_bytes());
        out.extend_from_slice(&self.manifest);
        out.extend_from_slice(&self.signer);
        out.extend_from_slice(&self.signature);
        out.extend_from_slice(&self.part_count.to_be_bytes());
        for (name, bytes) in &self.parts {
            out.extend_from_slice(&(name.len() as u16).to_be_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            out.extend_from_slice(bytes);
        }
        out.extend_from_slice(&self.end);
        out.extend_from_slice(&self.trailing);
        out
    }

    /// Re-signs the current manifest bytes with `keys` and records them as the signer.
    pub fn resign(&mut self, keys: &UserKeys) {
        self.signer = keys.public().ed25519_bytes();
        self.signature = keys.sign(&crate::bundle::signing_message(&self.manifest));
    }
}

/// The archive magic and end marker, for tests that build archives by hand.
pub const ARCHIVE_MAGIC: &[u8; 8] = MAGIC;
/// See [`ARCHIVE_MAGIC`].
pub const ARCHIVE_END: &[u8; 8] = END;
