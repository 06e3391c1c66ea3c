//! The `redact` command's contract: stdin → stdout, a log without originals, clear errors.
//! The samples' people are invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

fn sample(case: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/redaction/cases")
        .join(case)
        .join(file)
}

#[test]
fn redacts_stdin_and_logs_without_originals() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.json");
    let input = std::fs::read_to_string(sample("s01", "input.txt")).unwrap();
    let out = assert_cmd::Command::cargo_bin("waystone")
        .unwrap()
        .args(["redact", "--profile", "echr", "--entities"])
        .arg(sample("s01", "entities.json"))
        .arg("--log")
        .arg(&log)
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Закаев") && text.contains("Цураев"));
    let log_text = std::fs::read_to_string(&log).unwrap();
    let json: serde_json::Value = serde_json::from_str(&log_text).unwrap();
    assert!(json["replacements"].as_array().unwrap().len() >= 5);
    for name in [
        "Закаев",
        "Руслан",
        "Мусаев",
        "Седа",
        "Ирина",
        "Берлин",
        "765-43-21",
    ] {
        assert!(
            !log_text.contains(name),
            "the log holds an original: {name}"
        );
    }
}

#[test]
fn bad_entities_and_profiles_exit_6_without_content() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"lang":"ru","entities":[{"id":"p1","kind":"person","role":"nobody","names":["Секретное Имя"],"aliases":[]}]}"#).unwrap();
    for (profile, entities) in [
        ("echr", bad.clone()),
        ("nonsense", sample("s01", "entities.json")),
    ] {
        let out = assert_cmd::Command::cargo_bin("waystone")
            .unwrap()
            .args(["redact", "--profile", profile, "--entities"])
            .arg(&entities)
            .write_stdin("текст")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(6));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("Секретное") && err.lines().count() == 1,
            "{err}"
        );
    }
}
