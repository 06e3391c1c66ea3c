//! AES-256-GCM with associated data.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use super::keys::SecretKey;
use super::random::random_bytes;

pub const NONCE_LEN: usize = 12;

/// Crypto failures carry no detail: which key or which bytes failed is for the caller to say.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The ciphertext, its nonce, its associated data or the key is not the one sealed.
    #[error("authentication of encrypted data failed")]
    Unauthentic,
}

/// Encrypts `plaintext` under `key`, binding `aad`. Returns (nonce, ciphertext||tag).
pub fn seal(key: &SecretKey, plaintext: &[u8], aad: &[u8]) -> ([u8; NONCE_LEN], Vec<u8>) {
    let cipher = Aes256Gcm::new(key.expose_secret_bytes().into());
    let nonce = random_bytes::<NONCE_LEN>();
    // Encryption with a valid key and in-memory buffers only fails past 64 GiB; an empty
    // output then fails authentication on open instead of panicking here.
    let ct = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .unwrap_or_default();
    (nonce, ct)
}

pub fn open(
    key: &SecretKey,
    nonce: &[u8],
    ciphertext: &[u8],
    aad: &[u8],
) -> Result<zeroize::Zeroizing<Vec<u8>>, CryptoError> {
    if nonce.len() != NONCE_LEN {
        return Err(CryptoError::Unauthentic);
    }
    let cipher = Aes256Gcm::new(key.expose_secret_bytes().into());
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map(zeroize::Zeroizing::new)
        .map_err(|_| CryptoError::Unauthentic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretKey {
        SecretKey::from_bytes(random_bytes::<32>())
    }

    #[test]
    fn round_trip_and_every_failure() {
        let k = key();
        let (n, ct) = seal(&k, b"secret", b"place-1");
        assert_eq!(
            open(&k, &n, &ct, b"place-1").map(|v| v.to_vec()).ok(),
            Some(b"secret".to_vec())
        );
        // wrong aad (ciphertext moved to another place)
        assert!(open(&k, &n, &ct, b"place-2").is_err());
        // wrong key
        assert!(open(&key(), &n, &ct, b"place-1").is_err());
        // every single bit flip in the ciphertext
        for i in 0..ct.len() * 8 {
            let mut bad = ct.clone();
            bad[i / 8] ^= 1 << (i % 8);
            assert!(open(&k, &n, &bad, b"place-1").is_err(), "bit {i}");
        }
        // truncated, and a bad nonce length
        assert!(open(&k, &n, &ct[..ct.len() - 1], b"place-1").is_err());
        assert!(open(&k, &n[..11], &ct, b"place-1").is_err());
    }
}
