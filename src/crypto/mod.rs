//! Cryptographic building blocks: zeroizing key types, the passphrase KDF (Argon2id with a
//! hard floor), AES-256-GCM sealing with associated data, HKDF subkeys, recovery keys.
//!
//! Owns every use of a cipher or KDF in the core; the vault and (later) attachments and
//! bundles call these functions instead of touching RustCrypto crates directly.
//!
//! Recipe — a new subkey: add a label to [`Subkey`], derive it with [`VaultMasterKey::subkey`];
//! never reuse a label for a different purpose.

mod kdf;
mod keys;
mod locked;
mod random;
mod seal;
pub mod stream;

pub use kdf::{derive_kek, KdfParams, KDF_FLOOR};
pub use keys::{Passphrase, RecoveryKey, SecretKey, Subkey, VaultMasterKey};
pub use locked::{memory_lock_report, memory_lock_warning, MemoryLockReport};
pub use random::random_bytes;
pub use seal::{open, seal, CryptoError, NONCE_LEN};
