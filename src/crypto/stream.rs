//! Attachment encryption: AES-256-GCM in the STREAM construction (64 KiB chunks, each
//! authenticated, the last one marked) under a random per-file key. The associated data
//! binds every chunk to its case and attachment id, so a file moved to another place fails.
//!
//! File layout: `WSAT` + version byte 1, a 7-byte nonce prefix, then the chunks, each its
//! ciphertext followed by its 16-byte tag. Chunk `i` is sealed under the nonce
//! prefix ‖ `i` as 32-bit big-endian ‖ 1 on the last chunk, 0 before it: the nonce of
//! RustCrypto's `aead::stream::EncryptorBE32`, which wrote the first files. The tests keep
//! that implementation as the reference and pin the format with known-answer vectors.
//!
//! The cipher is OpenSSL's EVP AES-256-GCM (the build SQLCipher already links): its stitched
//! AES-NI/VAES and carry-less-multiply code is several times faster here than RustCrypto's
//! separate CTR and GHASH passes. One cipher context per file: the key schedule is set up
//! once, each chunk re-initialises only the nonce, and output is written in place.
//!
//! Recipe — a change of format: bump the version byte, keep decrypting version 1 as it is,
//! and add a known-answer vector for the new version beside the old one.

use openssl::cipher::Cipher;
use openssl::cipher_ctx::CipherCtx;
use openssl::error::ErrorStack;
use zeroize::Zeroizing;

use super::keys::SecretKey;
use super::random::random_bytes;
use super::seal::CryptoError;

const MAGIC: &[u8; 5] = b"WSAT\x01";
const PREFIX_LEN: usize = 7;
const HEADER: usize = MAGIC.len() + PREFIX_LEN;
/// Prefix, 32-bit chunk counter, last-chunk flag.
const NONCE_LEN: usize = PREFIX_LEN + 4 + 1;
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const SEALED_CHUNK: usize = CHUNK + TAG;

/// Encrypts `plaintext` for storage; `aad` names its place (case id, attachment id).
pub fn encrypt(key: &SecretKey, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::new();
    encrypt_into(key, plaintext, aad, &mut out)?;
    Ok(out)
}

/// [`encrypt`] into `out` (cleared first), reusing its capacity: for callers that seal many
/// files in a row, and for the benchmark that compares the cipher with `openssl speed`,
/// which also reuses its buffer (a fresh 64 MiB buffer costs its page faults).
pub fn encrypt_into(
    key: &SecretKey,
    plaintext: &[u8],
    aad: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), CryptoError> {
    encrypt_with_prefix(key, &random_bytes::<PREFIX_LEN>(), plaintext, aad, out)
}

fn encrypt_with_prefix(
    key: &SecretKey,
    prefix: &[u8; PREFIX_LEN],
    plaintext: &[u8],
    aad: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), CryptoError> {
    // an empty plaintext is one empty last chunk
    let chunks = plaintext.len().div_ceil(CHUNK).max(1);
    out.clear();
    out.resize(HEADER + plaintext.len() + TAG * chunks, 0);
    let (header, body) = out.split_at_mut(HEADER);
    let (magic, header_prefix) = header.split_at_mut(MAGIC.len());
    magic.copy_from_slice(MAGIC);
    header_prefix.copy_from_slice(prefix);
    let mut cipher = ChunkCipher::for_sealing(key, prefix)?;
    for (index, sealed) in body.chunks_mut(SEALED_CHUNK).enumerate() {
        let ciphertext_len = sealed
            .len()
            .checked_sub(TAG)
            .ok_or(CryptoError::Unauthentic)?;
        let (ciphertext, tag) = sealed.split_at_mut(ciphertext_len);
        let start = index * CHUNK;
        let chunk = plaintext
            .get(start..start + ciphertext.len())
            .ok_or(CryptoError::Unauthentic)?;
        cipher.seal(index, index + 1 == chunks, aad, chunk, ciphertext, tag)?;
    }
    Ok(())
}

/// Decrypts into memory only; any change, truncation, extension or move is refused.
pub fn decrypt(
    key: &SecretKey,
    stored: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let (header, body) = stored
        .split_at_checked(HEADER)
        .ok_or(CryptoError::Unauthentic)?;
    let (magic, prefix) = header.split_at(MAGIC.len());
    if magic != MAGIC {
        return Err(CryptoError::Unauthentic);
    }
    let prefix: &[u8; PREFIX_LEN] = prefix.try_into().map_err(|_| CryptoError::Unauthentic)?;
    // Full sealed chunks, then the last one with 0..=CHUNK bytes of plaintext (whole chunks end
    // on a full last chunk): the split the writer made. An empty body, or a last chunk shorter
    // than a tag, is refused before any work.
    let chunks = body.len().div_ceil(SEALED_CHUNK).max(1);
    let last_len = body.len() - (chunks - 1) * SEALED_CHUNK;
    if last_len < TAG {
        return Err(CryptoError::Unauthentic);
    }
    // Unverified plaintext is written here chunk by chunk; on any failure it is dropped, and
    // zeroized, before the error returns.
    let mut out = Zeroizing::new(vec![0u8; body.len() - TAG * chunks]);
    let mut cipher = ChunkCipher::for_opening(key, prefix)?;
    for (index, sealed) in body.chunks(SEALED_CHUNK).enumerate() {
        let ciphertext_len = sealed
            .len()
            .checked_sub(TAG)
            .ok_or(CryptoError::Unauthentic)?;
        let (ciphertext, tag) = sealed.split_at(ciphertext_len);
        let start = index * CHUNK;
        let chunk = out
            .get_mut(start..start + ciphertext.len())
            .ok_or(CryptoError::Unauthentic)?;
        cipher.open(index, index + 1 == chunks, aad, ciphertext, tag, chunk)?;
    }
    Ok(out)
}

/// One OpenSSL AES-256-GCM context for all chunks of a file. OpenSSL copies the key into
/// the context (no copy of ours outside the locked page) and cleanses it when the context
/// is freed.
struct ChunkCipher {
    ctx: CipherCtx,
    prefix: [u8; PREFIX_LEN],
}

impl ChunkCipher {
    fn for_sealing(key: &SecretKey, prefix: &[u8; PREFIX_LEN]) -> Result<Self, CryptoError> {
        let mut ctx = CipherCtx::new().map_err(refused)?;
        ctx.encrypt_init(
            Some(Cipher::aes_256_gcm()),
            Some(key.expose_secret_bytes()),
            None,
        )
        .map_err(refused)?;
        Ok(Self {
            ctx,
            prefix: *prefix,
        })
    }

    fn for_opening(key: &SecretKey, prefix: &[u8; PREFIX_LEN]) -> Result<Self, CryptoError> {
        let mut ctx = CipherCtx::new().map_err(refused)?;
        ctx.decrypt_init(
            Some(Cipher::aes_256_gcm()),
            Some(key.expose_secret_bytes()),
            None,
        )
        .map_err(refused)?;
        Ok(Self {
            ctx,
            prefix: *prefix,
        })
    }

    /// prefix ‖ chunk index (big-endian u32) ‖ last-chunk flag. Past 2^32 chunks (256 TiB)
    /// the counter would wrap: refused, as the RustCrypto STREAM refused it.
    fn nonce(&self, index: usize, last: bool) -> Result<[u8; NONCE_LEN], CryptoError> {
        let counter = u32::try_from(index).map_err(|_| CryptoError::Unauthentic)?;
        let mut nonce = [0u8; NONCE_LEN];
        let (prefix, rest) = nonce.split_at_mut(PREFIX_LEN);
        let (counter_bytes, flag) = rest.split_at_mut(4);
        prefix.copy_from_slice(&self.prefix);
        counter_bytes.copy_from_slice(&counter.to_be_bytes());
        flag[0] = u8::from(last);
        Ok(nonce)
    }

    /// Encrypts chunk `index` into `ciphertext` (as long as `plaintext`) and writes its tag.
    fn seal(
        &mut self,
        index: usize,
        last: bool,
        aad: &[u8],
        plaintext: &[u8],
        ciphertext: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), CryptoError> {
        let nonce = self.nonce(index, last)?;
        let ctx = &mut self.ctx;
        ctx.encrypt_init(None, None, Some(&nonce))
            .map_err(refused)?;
        ctx.cipher_update(aad, None).map_err(refused)?;
        let written = ctx
            .cipher_update(plaintext, Some(ciphertext))
            .map_err(refused)?;
        // GCM is a stream mode: update writes every byte, final writes none
        let tail = ctx.cipher_final(&mut []).map_err(refused)?;
        ctx.tag(tag).map_err(refused)?;
        if written != plaintext.len() || tail != 0 {
            return Err(CryptoError::Unauthentic);
        }
        Ok(())
    }

    /// Decrypts chunk `index` into `plaintext` (as long as `ciphertext`) and checks its tag.
    fn open(
        &mut self,
        index: usize,
        last: bool,
        aad: &[u8],
        ciphertext: &[u8],
        tag: &[u8],
        plaintext: &mut [u8],
    ) -> Result<(), CryptoError> {
        // OpenSSL would check a shorter tag on its length alone
        if tag.len() != TAG {
            return Err(CryptoError::Unauthentic);
        }
        let nonce = self.nonce(index, last)?;
        let ctx = &mut self.ctx;
        ctx.decrypt_init(None, None, Some(&nonce))
            .map_err(refused)?;
        ctx.set_tag(tag).map_err(refused)?;
        ctx.cipher_update(aad, None).map_err(refused)?;
        let written = ctx
            .cipher_update(ciphertext, Some(plaintext))
            .map_err(refused)?;
        // the tag is compared here
        let tail = ctx.cipher_final(&mut []).map_err(refused)?;
        if written != ciphertext.len() || tail != 0 {
            return Err(CryptoError::Unauthentic);
        }
        Ok(())
    }
}

/// OpenSSL's error queue says which call failed, never with key or data bytes; callers get
/// the one detail-free variant, as from RustCrypto before.
fn refused(_: ErrorStack) -> CryptoError {
    CryptoError::Unauthentic
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use aes_gcm::aead::stream::{DecryptorBE32, EncryptorBE32};
    use aes_gcm::aead::{KeyInit, Payload};
    use aes_gcm::Aes256Gcm;
    use sha2::{Digest, Sha256};

    use super::*;

    /// The RustCrypto STREAM implementation that wrote attachments before OpenSSL did, kept
    /// verbatim (with the prefix as a parameter) as the definition of the format.
    fn reference_encrypt(
        key: &SecretKey,
        prefix: &[u8; PREFIX_LEN],
        plaintext: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let cipher = Aes256Gcm::new(key.expose_secret_bytes().into());
        let mut enc = EncryptorBE32::from_aead(cipher, prefix.as_slice().into());
        let mut out = Vec::with_capacity(
            MAGIC.len() + PREFIX_LEN + plaintext.len() + TAG * (plaintext.len() / CHUNK + 1),
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(prefix);
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

    fn reference_decrypt(
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

    const AAD: &[u8] = b"case-1/att-1";

    /// The OpenSSL implementation with a chosen nonce prefix, into a fresh buffer.
    fn sealed_with_prefix(
        key: &SecretKey,
        prefix: &[u8; PREFIX_LEN],
        plaintext: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let mut out = Vec::new();
        encrypt_with_prefix(key, prefix, plaintext, aad, &mut out)?;
        Ok(out)
    }

    type EncryptFn =
        fn(&SecretKey, &[u8; PREFIX_LEN], &[u8], &[u8]) -> Result<Vec<u8>, CryptoError>;

    fn plaintext(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    fn fixed_key() -> SecretKey {
        SecretKey::from_bytes(std::array::from_fn(|i| i as u8))
    }

    const FIXED_PREFIX: [u8; PREFIX_LEN] = [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6];

    #[test]
    fn openssl_and_reference_open_each_others_files_and_agree_byte_for_byte() {
        let key = SecretKey::from_bytes(random_bytes::<32>());
        let random_len = u32::from_le_bytes(random_bytes::<4>()) as usize % (4 * CHUNK);
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, random_len] {
            let pt = plaintext(len);
            let ours = encrypt(&key, &pt, AAD).unwrap();
            let theirs = reference_encrypt(&key, &random_bytes(), &pt, AAD).unwrap();
            assert_eq!(ours.len(), theirs.len(), "len {len}");
            assert_eq!(
                *reference_decrypt(&key, &ours, AAD).unwrap(),
                pt,
                "len {len}"
            );
            assert_eq!(*decrypt(&key, &theirs, AAD).unwrap(), pt, "len {len}");
            let prefix = random_bytes();
            assert_eq!(
                sealed_with_prefix(&key, &prefix, &pt, AAD).unwrap(),
                reference_encrypt(&key, &prefix, &pt, AAD).unwrap(),
                "len {len}"
            );
        }
    }

    /// Files written by the reference implementation; a backend that changes one byte fails.
    #[test]
    fn known_answer_vectors() {
        let key = fixed_key();
        let short = b"Waystone attachment vector".as_slice();
        let short_file = hex::decode(concat!(
            "5753415401a0a1a2a3a4a5a6",
            "2000306dcc698ea52304ac5baeedd33562655fc9b4871f62dcf9413ee8059c47791f935c217c4608366a",
        ))
        .unwrap();
        // 2 full chunks and 5 bytes: counters 0, 1 (flag 0) and 2 (flag 1)
        let long = plaintext(2 * CHUNK + 5);
        let long_sha256 = "7f55017db54e5d6e5d26071559a847567ab02a39d01a4aded9a33c46276062b3";
        for (encrypt_fn, name) in [
            (sealed_with_prefix as EncryptFn, "openssl"),
            (reference_encrypt, "reference"),
        ] {
            assert_eq!(
                hex::encode(encrypt_fn(&key, &FIXED_PREFIX, short, AAD).unwrap()),
                hex::encode(&short_file),
                "{name}"
            );
            let long_file = encrypt_fn(&key, &FIXED_PREFIX, &long, AAD).unwrap();
            assert_eq!(
                hex::encode(Sha256::digest(&long_file)),
                long_sha256,
                "{name}"
            );
            assert_eq!(*decrypt(&key, &long_file, AAD).unwrap(), long, "{name}");
        }
        assert_eq!(*decrypt(&key, &short_file, AAD).unwrap(), short);
    }

    /// A 4-chunk file (3 full, 17 bytes last) and what an attacker or a damaged disk could
    /// make of it: every one refused by both implementations with the same error.
    #[test]
    fn fail_tampered_files() {
        let key = fixed_key();
        let pt = plaintext(3 * CHUNK + 17);
        let file = sealed_with_prefix(&key, &FIXED_PREFIX, &pt, AAD).unwrap();
        let body = |i: usize| HEADER + i * SEALED_CHUNK;
        let sealed = |i: usize| file[body(i)..body(i + 1).min(file.len())].to_vec();
        let flip = |at: usize| {
            let mut f = file.clone();
            f[at] ^= 0x01;
            f
        };
        let splice = |parts: &[&[u8]]| parts.concat();
        // the same key and prefix over 3 whole chunks, and over 4 (its third chunk not last)
        let three = sealed_with_prefix(&key, &FIXED_PREFIX, &pt[..3 * CHUNK], AAD).unwrap();
        let four = sealed_with_prefix(&key, &FIXED_PREFIX, &plaintext(4 * CHUNK), AAD).unwrap();

        let mut cases: Vec<(String, Vec<u8>, &[u8])> = vec![
            ("wrong aad".into(), file.clone(), &b"case-2/att-1"[..]),
            ("magic".into(), flip(0), AAD),
            ("version".into(), flip(4), AAD),
            ("prefix".into(), flip(MAGIC.len() + 3), AAD),
            ("empty".into(), Vec::new(), AAD),
            ("header only".into(), file[..HEADER].to_vec(), AAD),
            ("last byte cut".into(), file[..file.len() - 1].to_vec(), AAD),
            ("last chunk cut".into(), file[..body(3)].to_vec(), AAD),
            (
                "last chunk shorter than a tag".into(),
                file[..body(3) + TAG - 1].to_vec(),
                AAD,
            ),
            ("one byte appended".into(), splice(&[&file, &[0]]), AAD),
            ("chunk appended".into(), splice(&[&file, &sealed(0)]), AAD),
            (
                "sealed last chunk appended after the last".into(),
                splice(&[&three, &four[HEADER + 3 * SEALED_CHUNK..]]),
                AAD,
            ),
            (
                "whole-chunk file cut to a non-last chunk".into(),
                four[..HEADER + 3 * SEALED_CHUNK].to_vec(),
                AAD,
            ),
            (
                "chunks 0 and 1 swapped".into(),
                splice(&[&file[..HEADER], &sealed(1), &sealed(0), &file[body(2)..]]),
                AAD,
            ),
            (
                "middle chunk dropped".into(),
                splice(&[&file[..body(1)], &file[body(2)..]]),
                AAD,
            ),
            (
                "middle chunk repeated".into(),
                splice(&[&file[..body(2)], &sealed(1), &file[body(2)..]]),
                AAD,
            ),
        ];
        for i in 0..4 {
            let end = body(i + 1).min(file.len());
            cases.push((format!("chunk {i} ciphertext"), flip(body(i)), AAD));
            cases.push((format!("chunk {i} tag"), flip(end - 1), AAD));
        }
        assert_eq!(*decrypt(&key, &file, AAD).unwrap(), pt);
        assert_eq!(*decrypt(&key, &three, AAD).unwrap(), pt[..3 * CHUNK]);
        for (name, stored, aad) in cases {
            assert!(
                matches!(decrypt(&key, &stored, aad), Err(CryptoError::Unauthentic)),
                "openssl accepted: {name}"
            );
            assert!(
                matches!(
                    reference_decrypt(&key, &stored, aad),
                    Err(CryptoError::Unauthentic)
                ),
                "reference accepted: {name}"
            );
        }
    }

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
