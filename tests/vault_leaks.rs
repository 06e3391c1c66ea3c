//! Canaries planted in the vault are found in no file under its directory, in any encoding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::vault::{Role, Vault};

const CANARIES: &[&str] = &[
    "CANARY-latin-7f3a9c",
    "КАНАРЕЙКА-кириллица-5d2e",
    "canary-emoji-🕊️-41b8",
    "קנרית-rtl-9e1f",
];

#[test]
fn planted_canaries_never_reach_the_disk() {
    let v = TestVault::new();
    let p = Passphrase::new(PASS);
    let (mut vault, _recovery) = Vault::create(&v.dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    for (i, c) in CANARIES.iter().enumerate() {
        vault.set_private_setting(&format!("k{i}"), c).unwrap();
        vault.audit("test.plant", &format!("subject-{i}")).unwrap();
    }
    // scan while open (WAL present) and after lock
    let scan = |when: &str| {
        for (path, bytes) in snapshot(&v.dir) {
            for c in CANARIES {
                for enc in encodings(c) {
                    assert!(
                        !contains(&bytes, &enc),
                        "{when}: a canary is readable in {}",
                        path.display()
                    );
                }
            }
        }
    };
    scan("while unlocked");
    drop(vault);
    scan("after lock");
    // and the values are really there, behind the key
    let vault = Vault::unlock(&v.dir, Some("ana"), &p).unwrap();
    assert_eq!(
        vault.private_setting("k1").unwrap().as_deref(),
        Some(CANARIES[1])
    );
}
