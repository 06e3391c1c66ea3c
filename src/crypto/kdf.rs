//! The passphrase KDF: Argon2id with a floor no key slot may go below, calibrated at vault
//! creation to take about a second on the machine that creates it.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use super::keys::{Passphrase, SecretKey};
use super::seal::CryptoError;

/// Argon2id cost parameters as stored in a key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// The floor: m = 64 MiB, t = 3, p = 4. A slot below it is refused before any unwrap.
pub const KDF_FLOOR: KdfParams = KdfParams {
    m_kib: 64 * 1024,
    t: 3,
    p: 4,
};

/// No slot is accepted above these either: a tampered header must not make us allocate or
/// spin without bound.
const KDF_CEILING: KdfParams = KdfParams {
    m_kib: 4 * 1024 * 1024,
    t: 64,
    p: 16,
};

impl KdfParams {
    /// Whether the parameters meet the floor (and stay under the sanity ceiling).
    pub fn acceptable(&self) -> bool {
        self.m_kib >= KDF_FLOOR.m_kib
            && self.t >= KDF_FLOOR.t
            && self.p >= KDF_FLOOR.p
            && self.m_kib <= KDF_CEILING.m_kib
            && self.t <= KDF_CEILING.t
            && self.p <= KDF_CEILING.p
    }

    /// Parameters that take about `target` here: the floor's memory and lanes, with passes
    /// scaled from one measured run at the floor. Never below the floor.
    pub fn calibrated(target: Duration) -> KdfParams {
        let start = Instant::now();
        let salt = [0u8; 16];
        let _ = derive_kek(&Passphrase::new("calibration"), &salt, KDF_FLOOR);
        let one = start.elapsed().as_secs_f64().max(1e-3);
        let per_pass = one / f64::from(KDF_FLOOR.t);
        let wanted = (target.as_secs_f64() / per_pass).floor();
        let t = if wanted.is_finite() {
            wanted as u32
        } else {
            KDF_FLOOR.t
        };
        KdfParams {
            t: t.clamp(KDF_FLOOR.t, 32),
            ..KDF_FLOOR
        }
    }
}

/// Argon2id(passphrase, salt, params) → 256-bit key-encryption key.
pub fn derive_kek(
    passphrase: &Passphrase,
    salt: &[u8],
    params: KdfParams,
) -> Result<SecretKey, CryptoError> {
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|_| CryptoError::Unauthentic)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    SecretKey::try_fill(|out| {
        argon
            .hash_password_into(passphrase.expose_secret().as_bytes(), salt, out)
            .map_err(|_| CryptoError::Unauthentic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_enforced() {
        assert!(KDF_FLOOR.acceptable());
        for weak in [
            KdfParams {
                m_kib: 8 * 1024,
                ..KDF_FLOOR
            },
            KdfParams { t: 2, ..KDF_FLOOR },
            KdfParams { p: 1, ..KDF_FLOOR },
            KdfParams {
                m_kib: u32::MAX,
                ..KDF_FLOOR
            },
        ] {
            assert!(!weak.acceptable(), "{weak:?}");
        }
    }

    #[test]
    fn same_inputs_same_key_different_salt_different_key() {
        let p = Passphrase::new("a long enough test passphrase");
        let a = derive_kek(&p, b"salt-salt-salt-1", KDF_FLOOR)
            .map(|k| *k.expose_secret_bytes())
            .ok();
        let b = derive_kek(&p, b"salt-salt-salt-1", KDF_FLOOR)
            .map(|k| *k.expose_secret_bytes())
            .ok();
        let c = derive_kek(&p, b"salt-salt-salt-2", KDF_FLOOR)
            .map(|k| *k.expose_secret_bytes())
            .ok();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
