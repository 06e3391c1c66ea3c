//! Tampering with the files of a vault: single-bit flips in the database, in its write-ahead
//! log and in attachment files are detected, and no altered data is ever returned.
//! (Ciphertexts moved between cases, attachments or users: unit tests in src/vault/cases.rs.)
//! Every person in the data is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::path::Path;

use common::*;
use rand::{Rng, SeedableRng};
use waystone::crypto::Passphrase;
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::vault::{Vault, VaultError, ATTACHMENTS_DIR};

const DB_FLIPS: usize = 32;
const WAL_FLIPS: usize = 24;
const ATTACHMENT_RANDOM_FLIPS: usize = 400;

fn seed() -> u64 {
    std::env::var("WAYSTONE_TAMPER_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().gen())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn flip(path: &Path, bit: usize) {
    let mut bytes = fs::read(path).unwrap();
    bytes[bit / 8] ^= 1 << (bit % 8);
    fs::write(path, bytes).unwrap();
}

/// Recomputes SQLite's write-ahead-log checksums (not cryptographic: anyone can) for every
/// frame, as an attacker who edits a frame would, so only SQLCipher's page HMAC stands between
/// an edited page and the reader.
fn fix_wal_checksums(wal: &mut [u8], page_size: usize) {
    let big_endian = wal[3] == 0x83;
    let word = |b: &[u8]| -> u32 {
        let a = [b[0], b[1], b[2], b[3]];
        if big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    };
    let sum = |data: &[u8], (mut s0, mut s1): (u32, u32)| {
        for pair in data.chunks(8) {
            s0 = s0.wrapping_add(word(&pair[0..4])).wrapping_add(s1);
            s1 = s1.wrapping_add(word(&pair[4..8])).wrapping_add(s0);
        }
        (s0, s1)
    };
    let mut state = sum(&wal[..24], (0, 0));
    assert_eq!(
        (state.0.to_be_bytes(), state.1.to_be_bytes()),
        (
            wal[24..28].try_into().unwrap(),
            wal[28..32].try_into().unwrap()
        ),
        "the log header's checksum is computed as SQLite does"
    );
    let mut at = 32;
    while at + 24 + page_size <= wal.len() {
        state = sum(&wal[at..at + 8], state);
        state = sum(&wal[at + 24..at + 24 + page_size], state);
        wal[at + 16..at + 20].copy_from_slice(&state.0.to_be_bytes());
        wal[at + 20..at + 24].copy_from_slice(&state.1.to_be_bytes());
        at += 24 + page_size;
    }
}

#[test]
fn a_flipped_bit_anywhere_in_the_database_fails_the_check() {
    let seed = seed();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(
            &["demo", "--cases", "20", "--seed", "2"],
            &format!("{PASS}\n")
        )),
        0
    );
    let bits = fs::metadata(v.dir.join("vault.db")).unwrap().len() as usize * 8;
    let work = tempfile::tempdir().unwrap();
    // the salt in the first bytes, then random positions over the whole file
    let mut positions: Vec<usize> = vec![0, 7, 100 * 8, 4096 * 8 - 1];
    positions.extend((0..DB_FLIPS - positions.len()).map(|_| rng.gen_range(0..bits)));
    for (i, bit) in positions.iter().enumerate() {
        let copy = work.path().join(format!("v{i}"));
        copy_dir(&v.dir, &copy);
        flip(&copy.join("vault.db"), *bit);
        let before = snapshot(&copy);
        match Vault::unlock_and_check(&copy, None, &Passphrase::new(PASS)) {
            Ok(_) => panic!("seed {seed}: bit {bit} of vault.db flipped and the check passed"),
            Err(e) => assert_eq!(e.code().exit_status(), 3, "bit {bit}: {e}"),
        }
        assert_eq!(
            snapshot(&copy),
            before,
            "bit {bit}: the damaged vault was changed"
        );
        fs::remove_dir_all(&copy).unwrap();
    }
    // and through the binary, one of them
    let bit = positions[DB_FLIPS - 1];
    flip(&v.dir.join("vault.db"), bit);
    let out = v.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    eprintln!(
        "tamper: {DB_FLIPS} bit positions of vault.db flipped, every one refused (seed {seed})"
    );
}

#[test]
fn a_flipped_bit_in_the_write_ahead_log_never_returns_altered_data() {
    let seed = seed();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let v = TestVault::new();
    v.init();
    let narrative: AnswerPath = "narrative".parse().unwrap();
    let saves = 12;
    // a writer leaves committed saves in the log (never checkpointed: it stays open)
    let mut vault = Vault::unlock(&v.dir, None, &Passphrase::new(PASS)).unwrap();
    let id = vault
        .create_case(&waystone::forms::latest_intake())
        .unwrap()
        .id;
    for i in 0..saves {
        let text = format!("wal-save-{i} выдуманный текст {}", "x".repeat(i * 300));
        vault
            .writable(&id)
            .and_then(|mut g| g.save_answer(&narrative, Some(Answer::Value(Value::Text(text)))))
            .unwrap();
    }
    let work = tempfile::tempdir().unwrap();
    let frozen = work.path().join("frozen");
    copy_dir(&v.dir, &frozen);
    drop(vault);
    let wal = frozen.join("vault.db-wal");
    let wal_bits = fs::metadata(&wal).unwrap().len() as usize * 8;
    assert!(
        wal_bits > 8 * 4096 * 4,
        "the log holds frames ({wal_bits} bits)"
    );

    let wal_bytes = fs::read(&wal).unwrap();
    let page_size = u32::from_be_bytes(wal_bytes[8..12].try_into().unwrap()) as usize;
    let frames = (wal_bytes.len() - 32) / (24 + page_size);
    let mut earlier_states = 0;
    let mut refused = 0;
    let mut current = 0;
    for n in 0..2 * WAL_FLIPS {
        // first half: the log header, then random positions over frame headers and pages;
        // second half: a bit of a page inside a frame, with the log's checksums recomputed
        let recomputed = n >= WAL_FLIPS;
        let bit = if n == 0 {
            3
        } else if recomputed {
            let frame = rng.gen_range(0..frames);
            let byte = 32 + frame * (24 + page_size) + 24 + rng.gen_range(0..page_size);
            byte * 8 + rng.gen_range(0..8)
        } else {
            rng.gen_range(0..wal_bits)
        };
        let copy = work.path().join(format!("v{n}"));
        copy_dir(&frozen, &copy);
        flip(&copy.join("vault.db-wal"), bit);
        if recomputed {
            let mut bytes = fs::read(copy.join("vault.db-wal")).unwrap();
            fix_wal_checksums(&mut bytes, page_size);
            fs::write(copy.join("vault.db-wal"), bytes).unwrap();
        }
        let ctx = format!("seed {seed}, bit {bit} of the log");
        let opened = Vault::unlock_and_check(&copy, None, &Passphrase::new(PASS)).and_then(
            |(mut vault, _)| {
                let history = vault.readable(&id).and_then(|g| g.history())?.len();
                let answer = vault
                    .readable(&id)
                    .and_then(|mut g| g.case())?
                    .answers
                    .get(&narrative)
                    .cloned();
                Ok((history, answer))
            },
        );
        match opened {
            // the case was created in the log too: an earlier state may not have it yet
            Err(VaultError::CaseNotFound) => earlier_states += 1,
            Err(e) => {
                assert_eq!(e.code().exit_status(), 3, "{ctx}: {e}");
                refused += 1;
            }
            Ok((history, answer)) => {
                // exactly the state after `history` saves: never a changed value
                let expected = history.checked_sub(1).map(|i| {
                    Answer::Value(Value::Text(format!(
                        "wal-save-{i} выдуманный текст {}",
                        "x".repeat(i * 300)
                    )))
                });
                assert!(history <= saves, "{ctx}: {history} saves");
                assert_eq!(
                    answer, expected,
                    "{ctx}: the narrative is not a committed state"
                );
                if history < saves {
                    earlier_states += 1;
                } else {
                    // an edited frame that is never read (a later frame holds its page)
                    current += 1;
                }
                if recomputed {
                    assert_eq!(
                        history, saves,
                        "{ctx}: valid checksums, yet an earlier state"
                    );
                }
            }
        }
        fs::remove_dir_all(&copy).unwrap();
    }
    // the sanity of the second half: an unedited log with recomputed checksums is unchanged
    let mut same = wal_bytes.clone();
    fix_wal_checksums(&mut same, page_size);
    assert_eq!(same, wal_bytes);
    assert!(refused > 0, "seed {seed}: no edited page was ever read");
    eprintln!(
        "tamper: {} bit positions of the log flipped ({WAL_FLIPS} raw, {WAL_FLIPS} in pages with \
         the log's checksums recomputed): {refused} refused (page HMAC), {earlier_states} fell \
         back to an earlier committed state (log checksum), {current} read the current state \
         (edited frame superseded), none altered (seed {seed})",
        2 * WAL_FLIPS
    );
}

#[test]
fn a_flipped_bit_anywhere_in_an_attachment_is_refused() {
    let seed = seed();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("v");
    let pass = Passphrase::new(PASS);
    let (mut vault, _) = Vault::create(
        &dir,
        "ana",
        waystone::vault::Role::Admin,
        &pass,
        waystone::crypto::KDF_FLOOR,
    )
    .unwrap();
    let c = vault
        .create_case(&waystone::forms::latest_intake())
        .unwrap();
    // two STREAM chunks (64 KiB and the rest)
    let photo: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let m = vault
        .writable(&c.id)
        .and_then(|mut g| g.add_attachment("injury.jpg", "image/jpeg", &photo))
        .unwrap();
    let file = dir.join(ATTACHMENTS_DIR).join(format!("{}.bin", m.id));
    let stored = fs::read(&file).unwrap();
    // every bit of the header (magic, version, nonce prefix) and of the first chunk's tag
    // region, then random bits over the whole file
    let mut bits: Vec<usize> = (0..12 * 8).collect();
    let chunk_end = 12 + 64 * 1024 + 16;
    bits.extend((chunk_end - 16) * 8..chunk_end * 8);
    bits.extend((0..ATTACHMENT_RANDOM_FLIPS).map(|_| rng.gen_range(0..stored.len() * 8)));
    for bit in &bits {
        let mut bad = stored.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        fs::write(&file, &bad).unwrap();
        assert!(
            matches!(
                vault.readable(&c.id).and_then(|mut g| g.attachment(&m.id)),
                Err(VaultError::Corrupt(_))
            ),
            "seed {seed}: bit {bit} of the attachment flipped and it was returned"
        );
    }
    fs::write(&file, &stored).unwrap();
    assert_eq!(
        vault
            .readable(&c.id)
            .and_then(|mut g| g.attachment(&m.id))
            .unwrap()
            .as_slice(),
        photo.as_slice()
    );
    eprintln!(
        "tamper: {} bit positions of a {} byte attachment flipped, every one refused (seed {seed})",
        bits.len(),
        stored.len()
    );
}
