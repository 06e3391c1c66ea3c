//! The object format: a bundle (already age-encrypted and signed) padded to a size bucket and
//! sealed under the mailbox key, bound to its name.
//!
//! # Object (version 1)
//!
//! ```text
//! object = nonce (24) ‖ XChaCha20-Poly1305(seal_key, nonce, aad, frame) ‖ tag (16)
//! frame  = version u8 = 1 ‖ reserved (3 × 0) ‖ payload_len u64 BE ‖ payload ‖ zero padding
//! aad    = "waystone-mailbox-v1 object\0" ‖ "<prefix>/<id>"
//! len(object) = bucket(len(payload) + 52)
//! ```
//!
//! Buckets: every power of two from 16 KiB to 64 MiB, then every multiple of 64 MiB. A
//! status card and a small case are both 16 KiB on the server; overhead is below 2× up to
//! 64 MiB and below 64 MiB above it.
//!
//! Why seal again when the bundle is already age-encrypted and signed? (1) The server then
//! sees uniform random bytes: age's header (one stanza per recipient) is hidden, so an
//! object does not say how many people it was for. (2) The padding and the length are inside
//! the seal, so padding comes off unambiguously and cannot be altered. (3) A truncated,
//! altered, renamed or moved object is refused here, with its own reason, before any byte
//! reaches the bundle parser or the vault. (4) The name is bound, so an object copied to
//! another name (a replay under a fresh name) or another recipient's prefix is refused.
//!
//! # Order of checks (`open`)
//! size is a bucket and within the limit (*wrong size*, *too large*, before decrypting) →
//! seal (*altered*) → version (*newer version*) → reserved, length, zero padding and
//! canonical bucket (*malformed*).

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Key, Tag, XChaCha20Poly1305, XNonce};
use rand::RngCore;

use crate::error::{Damage, MailboxError};
use crate::key::MailboxKey;
use crate::name::ObjectName;

/// Frame format version this build writes and the newest it reads.
pub const FRAME_VERSION: u8 = 1;
const AAD_CONTEXT: &[u8] = b"waystone-mailbox-v1 object\0";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + 3 + 8;
/// Bytes an object adds to its payload before padding.
pub const OVERHEAD: u64 = (NONCE_LEN + TAG_LEN + HEADER_LEN) as u64;
/// The smallest object (and bucket).
pub const MIN_BUCKET: u64 = 16 * 1024;
/// Above this, buckets are multiples of it.
pub const LARGE_STEP: u64 = 64 * 1024 * 1024;
/// Default largest object: room for the biggest bundle the bundle crate makes (2 GiB of
/// parts, a 4 MiB manifest, framing and age's tags), rounded to a bucket.
pub const DEFAULT_MAX_OBJECT: u64 = 36 * LARGE_STEP;

/// The size of the object holding `needed` bytes (payload + [`OVERHEAD`]).
pub fn bucket(needed: u64) -> u64 {
    if needed <= MIN_BUCKET {
        MIN_BUCKET
    } else if needed <= LARGE_STEP {
        needed.next_power_of_two()
    } else {
        needed.div_ceil(LARGE_STEP).saturating_mul(LARGE_STEP)
    }
}

/// True for a size some payload is padded to.
pub fn is_bucket(size: u64) -> bool {
    size >= MIN_BUCKET && bucket(size) == size
}

fn cipher(key: &MailboxKey) -> XChaCha20Poly1305 {
    let seal_key = key.seal_key();
    XChaCha20Poly1305::new(Key::from_slice(seal_key.as_ref()))
}

fn aad(name: &ObjectName) -> Vec<u8> {
    let key = name.key();
    let mut aad = Vec::with_capacity(AAD_CONTEXT.len() + key.len());
    aad.extend_from_slice(AAD_CONTEXT);
    aad.extend_from_slice(key.as_bytes());
    aad
}

/// Pads and seals `payload` as the object `name`. Fails with `TooLarge` above `max_object`.
pub fn seal(
    key: &MailboxKey,
    name: &ObjectName,
    payload: &[u8],
    max_object: u64,
) -> Result<Vec<u8>, MailboxError> {
    let total = bucket((payload.len() as u64).saturating_add(OVERHEAD));
    if total > max_object {
        return Err(MailboxError::TooLarge(
            "the payload is above the mailbox's size limit",
        ));
    }
    let total = usize::try_from(total).map_err(|_| MailboxError::TooLarge("payload size"))?;
    let mut out = vec![0u8; total];
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng
        .try_fill_bytes(&mut nonce)
        .map_err(|_| MailboxError::Rng)?;
    out[..NONCE_LEN].copy_from_slice(&nonce);
    let frame_end = total - TAG_LEN;
    {
        let frame = &mut out[NONCE_LEN..frame_end];
        frame[0] = FRAME_VERSION;
        frame[4..HEADER_LEN].copy_from_slice(&(payload.len() as u64).to_be_bytes());
        frame[HEADER_LEN..HEADER_LEN + payload.len()].copy_from_slice(payload);
    }
    let tag = cipher(key)
        .encrypt_in_place_detached(
            XNonce::from_slice(&nonce),
            &aad(name),
            &mut out[NONCE_LEN..frame_end],
        )
        .map_err(|_| MailboxError::Internal("sealing the object"))?;
    out[frame_end..].copy_from_slice(&tag);
    Ok(out)
}

/// Checks and unseals the object `name`, returning its payload. Refuses before decrypting
/// when the size is wrong.
pub fn open(
    key: &MailboxKey,
    name: &ObjectName,
    mut object: Vec<u8>,
    max_object: u64,
) -> Result<Vec<u8>, MailboxError> {
    let total = object.len() as u64;
    if total > max_object {
        return Err(MailboxError::TooLarge(
            "the object is above the mailbox's size limit",
        ));
    }
    if !is_bucket(total) {
        return Err(MailboxError::Damaged(Damage::WrongSize));
    }
    let frame_end = object.len() - TAG_LEN;
    let tag = Tag::clone_from_slice(&object[frame_end..]);
    let nonce = XNonce::clone_from_slice(&object[..NONCE_LEN]);
    cipher(key)
        .decrypt_in_place_detached(&nonce, &aad(name), &mut object[NONCE_LEN..frame_end], &tag)
        .map_err(|_| MailboxError::Damaged(Damage::Altered))?;
    let frame = &object[NONCE_LEN..frame_end];
    if frame[0] > FRAME_VERSION {
        return Err(MailboxError::Damaged(Damage::NewerVersion(frame[0])));
    }
    if frame[0] != FRAME_VERSION || frame[1..4] != [0, 0, 0] {
        return Err(MailboxError::Damaged(Damage::Malformed));
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&frame[4..HEADER_LEN]);
    let len = u64::from_be_bytes(len);
    let room = (frame.len() - HEADER_LEN) as u64;
    if len > room || bucket(len + OVERHEAD) != total {
        return Err(MailboxError::Damaged(Damage::Malformed));
    }
    let end = HEADER_LEN + len as usize;
    if frame[end..].iter().any(|&b| b != 0) {
        return Err(MailboxError::Damaged(Damage::Malformed));
    }
    // Move the payload to the front and cut: no second buffer for a large object.
    object.copy_within(NONCE_LEN + HEADER_LEN..NONCE_LEN + end, 0);
    object.truncate(len as usize);
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn name(id_seed: u8) -> ObjectName {
        let prefix = MailboxKey::from_bytes([1; 32]).prefix_for_key_line("recipient");
        let id = crate::name::encode_id(&[id_seed; 16]);
        ObjectName::parse(&format!("{prefix}/{id}")).unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn buckets() {
        let check = |needed: u64, expected: u64| assert_eq!(bucket(needed), expected, "{needed}");
        check(0, 16 * 1024);
        check(16 * 1024, 16 * 1024);
        check(16 * 1024 + 1, 32 * 1024);
        check(100 * 1024, 128 * 1024);
        check(10 * 1024 * 1024 + 52, 16 * 1024 * 1024);
        check(64 * 1024 * 1024, 64 * 1024 * 1024);
        check(64 * 1024 * 1024 + 1, 128 * 1024 * 1024);
        check(129 * 1024 * 1024, 192 * 1024 * 1024);
        assert!(is_bucket(16 * 1024) && is_bucket(192 * 1024 * 1024));
        assert!(!is_bucket(0) && !is_bucket(8 * 1024) && !is_bucket(16 * 1024 + 1));
        assert!(!is_bucket(96 * 1024 * 1024));
        // The biggest bundle fits the default limit.
        assert!(bucket(2 * 1024 * 1024 * 1024 + 5 * 1024 * 1024) <= DEFAULT_MAX_OBJECT);
    }

    #[test]
    fn seal_open_round_trip_and_sizes() -> Result<(), MailboxError> {
        let key = MailboxKey::from_bytes([9; 32]);
        for len in [0usize, 1, 16 * 1024 - 52, 16 * 1024 - 51, 100_000] {
            let payload: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let object = seal(&key, &name(1), &payload, DEFAULT_MAX_OBJECT)?;
            assert_eq!(object.len() as u64, bucket(len as u64 + OVERHEAD));
            assert_eq!(open(&key, &name(1), object, DEFAULT_MAX_OBJECT)?, payload);
        }
        Ok(())
    }

    /// Negative vectors: each damaged object and the reason it is refused.
    #[test]
    fn damaged_objects_are_refused() -> Result<(), MailboxError> {
        let key = MailboxKey::from_bytes([9; 32]);
        let object = seal(
            &key,
            &name(1),
            b"synthetic bundle bytes",
            DEFAULT_MAX_OBJECT,
        )?;
        let fail = |object: Vec<u8>, name: &ObjectName, key: &MailboxKey, expected: &str| {
            let got = open(key, name, object, DEFAULT_MAX_OBJECT).map(|_| ());
            assert_eq!(format!("{got:?}"), expected);
        };
        let altered = "Err(Damaged(Altered))";
        fail(
            object[..object.len() - 1].to_vec(),
            &name(1),
            &key,
            "Err(Damaged(WrongSize))",
        );
        fail(
            object[..8 * 1024].to_vec(),
            &name(1),
            &key,
            "Err(Damaged(WrongSize))",
        );
        fail(Vec::new(), &name(1), &key, "Err(Damaged(WrongSize))");
        let mut longer = object.clone();
        longer.push(0);
        fail(longer, &name(1), &key, "Err(Damaged(WrongSize))");
        for at in [0, 30, 40, 5000, object.len() - 1] {
            let mut flipped = object.clone();
            flipped[at] ^= 0x01;
            fail(flipped, &name(1), &key, altered);
        }
        // Copied to another name, or sealed under another mailbox key.
        fail(object.clone(), &name(2), &key, altered);
        fail(
            object.clone(),
            &name(1),
            &MailboxKey::from_bytes([8; 32]),
            altered,
        );
        // Doubled to the next bucket: right size, wrong seal.
        let mut doubled = object.clone();
        doubled.extend_from_slice(&object);
        fail(doubled, &name(1), &key, altered);
        // Above the limit: refused before decrypting.
        assert!(matches!(
            open(&key, &name(1), object, 8 * 1024),
            Err(MailboxError::TooLarge(_))
        ));
        Ok(())
    }

    /// A frame a buggy or newer writer could seal: every rule after the seal is checked.
    #[test]
    fn frames_breaking_the_rules_are_refused() -> Result<(), MailboxError> {
        let key = MailboxKey::from_bytes([9; 32]);
        let reseal = |edit: &dyn Fn(&mut Vec<u8>)| -> Result<Vec<u8>, MailboxError> {
            let mut object = seal(&key, &name(1), b"payload", DEFAULT_MAX_OBJECT)?;
            let end = object.len() - TAG_LEN;
            let nonce = XNonce::clone_from_slice(&object[..NONCE_LEN]);
            let tag = Tag::clone_from_slice(&object[end..]);
            let c = cipher(&key);
            c.decrypt_in_place_detached(&nonce, &aad(&name(1)), &mut object[NONCE_LEN..end], &tag)
                .map_err(|_| MailboxError::Internal("test"))?;
            let mut frame = object[NONCE_LEN..end].to_vec();
            edit(&mut frame);
            let tag = c
                .encrypt_in_place_detached(&nonce, &aad(&name(1)), &mut frame)
                .map_err(|_| MailboxError::Internal("test"))?;
            let mut out = object[..NONCE_LEN].to_vec();
            out.extend_from_slice(&frame);
            out.extend_from_slice(&tag);
            Ok(out)
        };
        let check = |edit: &dyn Fn(&mut Vec<u8>), expected: &str| -> Result<(), MailboxError> {
            let got = open(&key, &name(1), reseal(edit)?, DEFAULT_MAX_OBJECT).map(|_| ());
            assert_eq!(format!("{got:?}"), expected);
            Ok(())
        };
        check(&|f| f[0] = 2, "Err(Damaged(NewerVersion(2)))")?;
        check(&|f| f[0] = 0, "Err(Damaged(Malformed))")?;
        check(&|f| f[2] = 1, "Err(Damaged(Malformed))")?;
        check(&|f| f[4] = 0xff, "Err(Damaged(Malformed))")?; // length beyond the frame
        check(&|f| f[100] = 1, "Err(Damaged(Malformed))")?; // non-zero padding
                                                            // A shorter length: the payload's tail becomes non-zero padding.
        check(
            &|f| f[4..12].copy_from_slice(&0u64.to_be_bytes()),
            "Err(Damaged(Malformed))",
        )?;
        // A longer length over zero padding would pass the frame (the bundle inside then fails
        // age's authentication); only a writer holding the mailbox key can seal it.
        check(&|f| f[11] = 0xff, "Ok(())")?;
        check(&|_| {}, "Ok(())")?;
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_payload_round_trips_and_any_flip_is_refused(
            payload in proptest::collection::vec(any::<u8>(), 0..40_000),
            flip in any::<usize>(),
        ) {
            let key = MailboxKey::from_bytes([3; 32]);
            let object = seal(&key, &name(4), &payload, DEFAULT_MAX_OBJECT).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(is_bucket(object.len() as u64));
            let back = open(&key, &name(4), object.clone(), DEFAULT_MAX_OBJECT).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &payload);
            let mut bad = object;
            let at = flip % bad.len();
            bad[at] ^= 0x80;
            prop_assert!(matches!(open(&key, &name(4), bad, DEFAULT_MAX_OBJECT), Err(MailboxError::Damaged(Damage::Altered))));
        }
    }
}
