//! The one random source: the operating system's (`OsRng`).

use rand::rngs::OsRng;
use rand::RngCore;

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    OsRng.fill_bytes(&mut out);
    out
}
