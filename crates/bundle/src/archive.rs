//! The inner archive: the length-prefixed framing that sits inside the age container.
//!
//! Owns the byte layout (all integers big-endian) and the reader that walks it without
//! trusting any length: every length is checked against a [`crate::Limits`] value and against
//! the bytes actually left before anything is allocated.
//!
//! ```text
//! magic        8   "WSBUNDLE"
//! version      2   u16 = 1  (greater → NewerVersion; read before anything else)
//! reserved     2   u16 = 0
//! manifest_len 4   u32, 1..=max_manifest_len
//! manifest     manifest_len bytes of canonical JSON
//! signer       32  Ed25519 public key of the signer
//! signature    64  Ed25519 over SIGNING_CONTEXT || manifest
//! part_count   4   u32 ≤ max_parts
//! part_count × { name_len 2 (u16, 1..=max_name_len) · name · size 8 (u64) · size bytes }
//! end          8   "WSBEND\0\0"
//! (nothing after: a further byte is TrailingData)
//! ```
//!
//! Recipe — a new frame element: append it where older readers would refuse the archive
//! (bump [`crate::FORMAT_VERSION`]), read it here with a bound, and document it in README.md.

use std::io::{self, Read, Write};

use crate::error::BundleError;
use crate::Limits;

/// First bytes of the decrypted archive.
pub(crate) const MAGIC: &[u8; 8] = b"WSBUNDLE";
/// Last bytes of the decrypted archive.
pub(crate) const END: &[u8; 8] = b"WSBEND\0\0";

/// Maps an I/O error from the age stream or a short read to a bundle error.
pub(crate) fn read_error(e: io::Error) -> BundleError {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => BundleError::Truncated,
        _ => BundleError::Damaged,
    }
}

/// Writes the archive header, manifest and signature block.
pub(crate) fn write_head<W: Write>(
    w: &mut W,
    version: u16,
    manifest: &[u8],
    signer: &[u8; 32],
    signature: &[u8; 64],
    part_count: u32,
) -> io::Result<()> {
    let manifest_len = u32::try_from(manifest.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "manifest too long"))?;
    w.write_all(MAGIC)?;
    w.write_all(&version.to_be_bytes())?;
    w.write_all(&0u16.to_be_bytes())?;
    w.write_all(&manifest_len.to_be_bytes())?;
    w.write_all(manifest)?;
    w.write_all(signer)?;
    w.write_all(signature)?;
    w.write_all(&part_count.to_be_bytes())
}

/// Writes one part frame.
pub(crate) fn write_part<W: Write>(w: &mut W, name: &str, bytes: &[u8]) -> io::Result<()> {
    let name_len = u16::try_from(name.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "part name too long"))?;
    w.write_all(&name_len.to_be_bytes())?;
    w.write_all(name.as_bytes())?;
    w.write_all(&(bytes.len() as u64).to_be_bytes())?;
    w.write_all(bytes)
}

/// Writes the end marker.
pub(crate) fn write_end<W: Write>(w: &mut W) -> io::Result<()> {
    w.write_all(END)
}

/// Length of the framing around the manifest and parts (everything but their content).
pub(crate) fn framing_len(manifest_len: usize, names: impl Iterator<Item = usize>) -> u64 {
    let fixed = 8 + 2 + 2 + 4 + 32 + 64 + 4 + 8;
    let per_part: u64 = names.map(|n| 2 + n as u64 + 8).sum();
    fixed + manifest_len as u64 + per_part
}

/// Reads an archive field by field from a plaintext stream, with every length bounded.
pub(crate) struct ArchiveReader<R> {
    inner: R,
    /// An upper bound on the plaintext bytes still to come (the ciphertext left), used to
    /// refuse lengths that cannot be satisfied before allocating for them.
    budget: u64,
}

/// The fixed-size head of an archive.
pub(crate) struct Head {
    pub version: u16,
    pub manifest: Vec<u8>,
    pub signer: [u8; 32],
    pub signature: [u8; 64],
}

impl<R: Read> ArchiveReader<R> {
    pub(crate) fn new(inner: R, budget: u64) -> Self {
        Self { inner, budget }
    }

    fn take_budget(&mut self, n: u64) -> Result<(), BundleError> {
        self.budget = self.budget.checked_sub(n).ok_or(BundleError::Truncated)?;
        Ok(())
    }

    fn exact<const N: usize>(&mut self) -> Result<[u8; N], BundleError> {
        let mut buf = [0u8; N];
        self.inner.read_exact(&mut buf).map_err(read_error)?;
        self.take_budget(N as u64)?;
        Ok(buf)
    }

    /// Reads `len` bytes, `len` already bounded by the caller; refuses lengths beyond what
    /// the input can still hold before allocating.
    fn vec(&mut self, len: u64) -> Result<Vec<u8>, BundleError> {
        if len > self.budget {
            return Err(BundleError::Truncated);
        }
        let len_usize = usize::try_from(len).map_err(|_| BundleError::TooLarge("part size"))?;
        let mut buf = Vec::with_capacity(len_usize);
        (&mut self.inner)
            .take(len)
            .read_to_end(&mut buf)
            .map_err(read_error)?;
        if buf.len() != len_usize {
            return Err(BundleError::Truncated);
        }
        self.take_budget(len)?;
        Ok(buf)
    }

    /// Magic, version, reserved, manifest, signer and signature. The version is checked
    /// right after the magic so a newer format is reported as such, not as damage.
    pub(crate) fn read_head(
        &mut self,
        supported: u16,
        limits: &Limits,
    ) -> Result<Head, BundleError> {
        let magic: [u8; 8] = self.exact()?;
        if &magic != MAGIC {
            return Err(BundleError::NotABundle);
        }
        let version = u16::from_be_bytes(self.exact()?);
        if version > supported {
            return Err(BundleError::NewerVersion {
                found: version,
                supported,
            });
        }
        if version == 0 {
            return Err(BundleError::Malformed("format version 0"));
        }
        if u16::from_be_bytes(self.exact()?) != 0 {
            return Err(BundleError::Malformed("reserved header bits are set"));
        }
        let manifest_len = u32::from_be_bytes(self.exact()?);
        if manifest_len == 0 {
            return Err(BundleError::Malformed("empty manifest"));
        }
        if manifest_len > limits.max_manifest_len {
            return Err(BundleError::TooLarge("manifest size"));
        }
        let manifest = self.vec(u64::from(manifest_len))?;
        let signer = self.exact()?;
        let signature = self.exact()?;
        Ok(Head {
            version,
            manifest,
            signer,
            signature,
        })
    }

    /// The part count.
    pub(crate) fn read_part_count(&mut self) -> Result<u32, BundleError> {
        Ok(u32::from_be_bytes(self.exact()?))
    }

    /// A part's name and declared size (the body is not read yet).
    pub(crate) fn read_part_head(&mut self, limits: &Limits) -> Result<(String, u64), BundleError> {
        let name_len = u16::from_be_bytes(self.exact()?);
        if name_len == 0 || name_len > limits.max_name_len {
            return Err(BundleError::Malformed("part name length out of bounds"));
        }
        let name = self.vec(u64::from(name_len))?;
        let name = String::from_utf8(name)
            .map_err(|_| BundleError::Malformed("part name is not UTF-8"))?;
        let size = u64::from_be_bytes(self.exact()?);
        Ok((name, size))
    }

    /// A part's body of `size` bytes (`size` already checked against the manifest).
    pub(crate) fn read_part_body(&mut self, size: u64) -> Result<Vec<u8>, BundleError> {
        self.vec(size)
    }

    /// The end marker, then the end of the stream. The final read also makes age
    /// authenticate the last chunk, so a cut at a chunk boundary is caught here.
    pub(crate) fn read_end(&mut self) -> Result<(), BundleError> {
        let end: [u8; 8] = self.exact()?;
        if &end != END {
            return Err(BundleError::Malformed("end marker missing"));
        }
        let mut probe = [0u8; 1];
        loop {
            match self.inner.read(&mut probe) {
                Ok(0) => return Ok(()),
                Ok(_) => return Err(BundleError::TrailingData),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(e)),
            }
        }
    }
}
