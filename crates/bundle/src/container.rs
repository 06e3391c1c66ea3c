//! The outer layer: the standard age v1 binary format (<https://age-encryption.org/v1>),
//! encrypted to the recipients' X25519 keys.
//!
//! Owns every call into the `age` crate and the mapping of its errors to [`BundleError`].
//! Before handing bytes to age it checks the magic line and counts the header's recipient
//! stanzas, so a hostile header cannot make us run thousands of key agreements.

use std::io::{self, Read, Write};

use crate::error::BundleError;
use crate::keys::{PublicKeys, UserKeys};

/// The first line of every binary age v1 file.
pub(crate) const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// age's payload chunk size and tag size (for sizing the output buffer).
const AGE_CHUNK: u64 = 64 * 1024;
const AGE_TAG: u64 = 16;

/// An upper estimate of the ciphertext length for `plaintext_len` bytes to `recipients`
/// recipients, so the output buffer is allocated once.
pub(crate) fn ciphertext_estimate(plaintext_len: u64, recipients: usize) -> u64 {
    let chunks = plaintext_len / AGE_CHUNK + 1;
    // Header: magic, ~130 bytes per X25519 stanza, MAC line; then the 16-byte nonce.
    let header = 64 + 160 * recipients as u64 + 64 + 16;
    header + plaintext_len + chunks * AGE_TAG
}

/// Starts an age stream to `recipients`, writing into `out`. Write the plaintext into the
/// returned writer, then call `finish` on it.
pub(crate) fn encrypt_to<W: Write>(
    recipients: &[PublicKeys],
    out: W,
) -> Result<age::stream::StreamWriter<W>, BundleError> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r.age() as &dyn age::Recipient))
            .map_err(|_| BundleError::InvalidInput("recipients cannot be encrypted to"))?;
    encryptor
        .wrap_output(out)
        .map_err(|_| BundleError::Internal("writing the encrypted header"))
}

/// Checks the age magic and the number of recipient stanzas without parsing further.
pub(crate) fn precheck(bytes: &[u8], max_recipients: u16) -> Result<(), BundleError> {
    if bytes.is_empty() {
        return Err(BundleError::NotABundle);
    }
    if !bytes.starts_with(AGE_MAGIC) {
        // A prefix of the magic is a cut-short file; anything else is another file.
        return Err(if AGE_MAGIC.starts_with(bytes) {
            BundleError::Truncated
        } else {
            BundleError::NotABundle
        });
    }
    let mut stanzas: usize = 0;
    for line in bytes[AGE_MAGIC.len()..].split(|&b| b == b'\n') {
        if line.starts_with(b"---") {
            return Ok(());
        }
        if line.starts_with(b"->") {
            stanzas += 1;
            if stanzas > usize::from(max_recipients) {
                return Err(BundleError::TooLarge("number of recipients"));
            }
        }
    }
    // No MAC line: let age report what exactly is wrong.
    Ok(())
}

/// Opens the age layer with `identity`, returning a reader of the authenticated plaintext.
/// Each chunk is authenticated as it is read; a cut or altered stream errors on read.
pub(crate) fn decrypt_with<'a>(
    bytes: &'a [u8],
    identity: &UserKeys,
) -> Result<impl Read + 'a, BundleError> {
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(map_decrypt_error)?;
    let age_identity = identity.age_identity();
    decryptor
        .decrypt(std::iter::once(age_identity as &dyn age::Identity))
        .map_err(map_decrypt_error)
}

fn map_decrypt_error(e: age::DecryptError) -> BundleError {
    use age::DecryptError as E;
    match e {
        E::NoMatchingKeys | E::ExcessiveWork { .. } => BundleError::NotForYou,
        // The magic line was checked first, so an unparsable header is damage.
        E::Io(io) if io.kind() == io::ErrorKind::UnexpectedEof => BundleError::Truncated,
        _ => BundleError::Damaged,
    }
}
