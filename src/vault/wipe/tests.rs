//! The wipe's own tests.

use super::*;

#[test]
fn a_directory_that_is_not_there_is_no_vault() {
    let t = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(
        wipe(&t.path().join("missing")),
        Err(VaultError::NoVault)
    ));
}

#[test]
fn attachment_names_are_matched_and_foreign_ones_are_not() {
    for (name, ours) in [
        ("6f1c2a.bin", true),
        (".6f1c2a.tmp", true),
        ("notes.txt", false),
        ("holiday.jpg", false),
        ("x.tmp", false),
    ] {
        assert_eq!(is_attachment_file(name), ours, "{name}");
    }
}
