//! Attachment encryption: AES-256-GCM in the STREAM construction (64 KiB chunks, each
//! authenticated, the last one marked) under a random per-file key. The associated data
//! binds every chunk to its case and attachment id, so a file moved to another place fails.
//!
//! File layout: `WSAT` + version byte 1, a 7-byte nonce prefix, then the chunks.

use aes_gcm::aead::stream::{DecryptorBE32, EncryptorBE32};
use aes_gcm::aead::{KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use zeroize::Zeroizing;

use super::keys::SecretKey;
use super::seal::{random_bytes, CryptoError};

const MAGIC: &[u8; 5] = b"WSAT\x01";
const PREFIX_LEN: usize = 7;
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// Encrypts `plaintext` for storage; `aad` names its place (case id, attachment id).
pub fn encrypt(key: &SecretKey, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let prefix = random_bytes::<PREFIX_LEN>();
    let cipher = Aes256Gcm::new(key.expose_secret_bytes().into());
    let mut enc = EncryptorBE32::from_aead(cipher, prefix.as_slice().into());
    let mut out = Vec::with_capacity(
        MAGIC.len() + PREFIX_LEN + plaintext.len() + TAG * (plaintext.len() / CHUNK + 1),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&prefix);
    let mut chunks = plaintext.chunks(CHUNK).peekable();
    if chunks.peek().is_none() {
        let ct = enc
            .encrypt_last(Payload { msg: &[], aad })
            .map_err(|_| CryptoError::Unauthentic)?;
        out.extend_from_slice(&ct);
        return Ok(out);
    }
    while let Some(chunk) = chunks.next() {
        if chunks.peek().is_some() {
            let ct = enc
                .encrypt_next(Payload { msg: chunk, aad })
                .map_err(|_| CryptoError::Unauthentic)?;
            out.extend_from_slice(&ct);
        } else {
            let ct = enc
                .encrypt_last(Payload { msg: chunk, aad })
                .map_err(|_| CryptoError::Unauthentic)?;
            out.extend_from_slice(&ct);
            break;
        }
    }
    Ok(out)
}

/// Decrypts into memory only; any change, truncation, extension or move is refused.
pub fn decrypt(
    key: &SecretKey,
    stored: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if stored.len() < MAGIC.len() + PREFIX_LEN + TAG || &stored[..MAGIC.len()] != MAGIC {
        return Err(CryptoError::Unauthentic);
    }
    let prefix = &stored[MAGIC.len()..MAGIC.len() + PREFIX_LEN];
    let cipher = Aes256Gcm::new(key.expose_secret_bytes().into());
    let mut dec = DecryptorBE32::from_aead(cipher, prefix.into());
    let mut rest = &stored[MAGIC.len() + PREFIX_LEN..];
    let mut out = Zeroizing::new(Vec::with_capacity(rest.len()));
    while rest.len() > CHUNK + TAG {
        let (chunk, tail) = rest.split_at(CHUNK + TAG);
        let pt = Zeroizing::new(
            dec.decrypt_next(Payload { msg: chunk, aad })
                .map_err(|_| CryptoError::Unauthentic)?,
        );
        out.extend_from_slice(&pt);
        rest = tail;
    }
    let pt = Zeroizing::new(
        dec.decrypt_last(Payload { msg: rest, aad })
            .map_err(|_| CryptoError::Unauthentic)?,
    );
    out.extend_from_slice(&pt);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn round_trips_at_chunk_boundaries_and_refuses_every_change() {
        let key = SecretKey::from_bytes(random_bytes::<32>());
        for len in [
            0usize,
            1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            2 * CHUNK,
            3 * CHUNK + 17,
        ] {
            let pt: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let ct = encrypt(&key, &pt, b"case-1/att-1").unwrap();
            assert_eq!(
                decrypt(&key, &ct, b"case-1/att-1").unwrap().as_slice(),
                pt.as_slice(),
                "len {len}"
            );
            assert!(
                decrypt(&key, &ct, b"case-2/att-1").is_err(),
                "moved, len {len}"
            );
            let mut flipped = ct.clone();
            let at = flipped.len() / 2;
            flipped[at] ^= 0x10;
            assert!(
                decrypt(&key, &flipped, b"case-1/att-1").is_err(),
                "flipped, len {len}"
            );
            assert!(
                decrypt(&key, &ct[..ct.len() - 1], b"case-1/att-1").is_err(),
                "truncated, len {len}"
            );
            let mut longer = ct.clone();
            longer.push(0);
            assert!(
                decrypt(&key, &longer, b"case-1/att-1").is_err(),
                "extended, len {len}"
            );
            if len > CHUNK {
                // dropping the whole last chunk must fail: the previous one is not marked last
                let cut = MAGIC.len() + PREFIX_LEN + (CHUNK + TAG) * (len / CHUNK);
                if cut < ct.len() {
                    assert!(
                        decrypt(&key, &ct[..cut], b"case-1/att-1").is_err(),
                        "chunk dropped, len {len}"
                    );
                }
            }
        }
    }
}
