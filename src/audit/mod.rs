//! The tamper-evident audit log: every entry's MAC is HMAC-SHA256(audit subkey, previous MAC
//! || its fields), so deleting, reordering or editing an entry breaks the chain at that entry.
//! The vault stores entries (it owns all SQL); this module computes and verifies MACs.
//! Subjects are identifiers (user names, case ids), never case content.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::crypto::SecretKey;

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub prev_mac: Vec<u8>,
    pub mac: Vec<u8>,
}

/// The first entry that does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
}

pub fn entry_mac(key: &SecretKey, e: &Entry) -> Vec<u8> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.expose_secret_bytes()) else {
        return Vec::new();
    };
    mac.update(&e.prev_mac);
    mac.update(&e.seq.to_le_bytes());
    for field in [&e.at, &e.actor, &e.action, &e.subject] {
        mac.update(&(field.len() as u64).to_le_bytes());
        mac.update(field.as_bytes());
    }
    mac.finalize().into_bytes().to_vec()
}

/// Verifies the chain in stored order; returns how many entries verified.
pub fn verify_chain(key: &SecretKey, entries: &[Entry]) -> Result<usize, Broken> {
    let mut prev = vec![0u8; 32];
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq != expected_seq || e.prev_mac != prev || entry_mac(key, e) != e.mac {
            return Err(Broken {
                seq: expected_seq.min(e.seq.max(1)),
            });
        }
        prev.clone_from(&e.mac);
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{Subkey, VaultMasterKey};

    fn chain(key: &SecretKey, n: i64) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map(|e| e.mac.clone()).unwrap_or(vec![0u8; 32]);
            let mut e = Entry {
                seq,
                at: format!("2026-01-0{seq}T00:00:00Z"),
                actor: "admin".into(),
                action: "test".into(),
                subject: format!("s{seq}"),
                prev_mac: prev,
                mac: vec![],
            };
            e.mac = entry_mac(key, &e);
            out.push(e);
        }
        out
    }

    #[test]
    fn intact_chain_verifies_and_each_kind_of_damage_is_named() {
        let vmk = VaultMasterKey::generate();
        let key = vmk.subkey(Subkey::Audit);
        let good = chain(&key, 5);
        assert_eq!(verify_chain(&key, &good), Ok(5));

        let mut edited = good.clone();
        edited[2].subject = "other".into();
        assert_eq!(verify_chain(&key, &edited), Err(Broken { seq: 3 }));

        let mut deleted = good.clone();
        deleted.remove(1);
        assert_eq!(verify_chain(&key, &deleted), Err(Broken { seq: 2 }));

        let mut reordered = good.clone();
        reordered.swap(3, 4);
        assert_eq!(verify_chain(&key, &reordered), Err(Broken { seq: 4 }));

        let other = VaultMasterKey::generate().subkey(Subkey::Audit);
        assert_eq!(verify_chain(&other, &good), Err(Broken { seq: 1 }));
    }
}
