//! Backups (src/vault/backup.rs): what is parsed without a key — the magic, version and
//! key-slot header (first byte 0) — and the decrypted archive's reader: manifest, file names,
//! sizes, SHA-256 and completeness (first byte 1). Unwrapping a slot costs a 64 MiB Argon2id
//! and AES-GCM rejects any change, so the parsers are fuzzed directly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waystone::vault::backup::{read_archive, read_header};

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0, rest)) => {
            let _ = read_header(rest);
        }
        Some((_, rest)) => {
            let _ = read_archive(rest, "00000000-0000-4000-8000-00000000f022");
        }
        None => {}
    }
});
