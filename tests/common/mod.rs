//! Helpers shared by the integration tests: a temporary vault directory, running the real
//! `waystone` binary, snapshots of every file under a directory. All people are invented.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

pub const PASS: &str = "lantern quietly orbit seventeen";
pub const PASS2: &str = "marble seventy harbor quietly";
pub const PASS3: &str = "copper meadow whistle ninety";

pub struct TestVault {
    _tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl TestVault {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        TestVault { _tmp: tmp, dir }
    }

    /// A vault at `dir` (e.g. on a filesystem the test mounted); `dir` is not removed.
    pub fn at(dir: PathBuf) -> Self {
        TestVault {
            _tmp: tempfile::tempdir().unwrap(),
            dir,
        }
    }

    /// Runs `waystone --vault DIR --passphrase-stdin ARGS` with `stdin` lines.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut cmd = assert_cmd::Command::cargo_bin("waystone").unwrap();
        cmd.env("WAYSTONE_KDF_TARGET_MS", "0")
            .env_remove("WAYSTONE_PASSPHRASE")
            .env_remove("WAYSTONE_NEW_PASSPHRASE")
            .arg("--vault")
            .arg(&self.dir)
            .arg("--passphrase-stdin")
            .args(args)
            .write_stdin(stdin.to_owned());
        cmd.output().unwrap()
    }

    /// Like [`TestVault::run`], with extra environment variables (e.g. a private `TMPDIR`)
    /// and an optional wrapper program in front (e.g. `sh -c '… exec "$@"' sh`).
    pub fn run_with(
        &self,
        wrapper: &[&str],
        env: &[(&str, &Path)],
        args: &[&str],
        stdin: &str,
    ) -> Output {
        let bin = assert_cmd::cargo::cargo_bin("waystone");
        let mut cmd = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut c = std::process::Command::new(program);
                c.args(rest).arg(&bin);
                c
            }
            None => std::process::Command::new(&bin),
        };
        cmd.env("WAYSTONE_KDF_TARGET_MS", "0")
            .env_remove("WAYSTONE_PASSPHRASE")
            .env_remove("WAYSTONE_NEW_PASSPHRASE")
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .arg("--vault")
            .arg(&self.dir)
            .arg("--passphrase-stdin")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        {
            use std::io::Write;
            // a child that exits early may close stdin: that is its answer, not ours
            let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        }
        child.wait_with_output().unwrap()
    }

    pub fn init(&self) -> String {
        let out = self.run(&["--user", "ana", "--json", "init"], &format!("{PASS}\n"));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["recovery_key"].as_str().unwrap().to_owned()
    }

    pub fn keys_json(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.dir.join("keys.json")).unwrap()).unwrap()
    }

    pub fn write_keys_json(&self, v: &serde_json::Value) {
        std::fs::write(
            self.dir.join("keys.json"),
            serde_json::to_vec_pretty(v).unwrap(),
        )
        .unwrap();
    }
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` (recursively) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The encodings a canary is searched for on disk and in output: UTF-8, UTF-16LE/BE, JSON
/// (serde's, and every non-ASCII code unit as `\uXXXX` in lower and upper case), hex (lower
/// and upper case) and base64 (standard and URL-safe, at each of the three alignments the
/// text can have inside a longer encoded run).
pub fn encodings(s: &str) -> Vec<Vec<u8>> {
    encodings_named(s).into_iter().map(|(_, e)| e).collect()
}

/// [`encodings`] with the name of each.
pub fn encodings_named(s: &str) -> Vec<(&'static str, Vec<u8>)> {
    use base64::Engine;
    let utf16le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let json = serde_json::to_string(s).unwrap();
    let json = json.trim_matches('"').as_bytes().to_vec();
    let escaped = |upper: bool| -> Vec<u8> {
        s.encode_utf16()
            .map(|u| match (u < 0x80, upper) {
                (true, _) => char::from(u as u8).to_string(),
                (false, false) => format!("\\u{u:04x}"),
                (false, true) => format!("\\u{u:04X}"),
            })
            .collect::<String>()
            .into_bytes()
    };
    let mut out = vec![
        ("utf-8", s.as_bytes().to_vec()),
        ("utf-16le", utf16le),
        ("utf-16be", utf16be),
        ("json", json),
        ("json \\u (lower)", escaped(false)),
        ("json \\u (upper)", escaped(true)),
        ("hex", hex::encode(s).into_bytes()),
        ("HEX", hex::encode_upper(s).into_bytes()),
    ];
    let bytes = s.as_bytes();
    for (name, engine) in [
        ("base64", base64::engine::general_purpose::STANDARD),
        ("base64url", base64::engine::general_purpose::URL_SAFE),
    ] {
        for k in 0..3usize {
            // k filler bytes before, 3 after: keep the characters whose 6 bits all come from
            // the text, which are the same wherever the text sits in a longer run
            let mut padded = vec![0u8; k];
            padded.extend_from_slice(bytes);
            padded.extend_from_slice(&[0, 0, 0]);
            let enc = engine.encode(&padded).into_bytes();
            let (lo, hi) = (8 * k, 8 * (k + bytes.len()));
            let first = lo.div_ceil(6);
            let last = hi / 6; // exclusive: char j covers bits [6j, 6j + 6)
            if last > first {
                out.push((name, enc[first..last].to_vec()));
            }
        }
    }
    out
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The ids of the cases `v` lists (as the acting user with PASS).
pub fn case_ids(v: &TestVault) -> Vec<String> {
    let out = v.run(&["case", "list", "--json"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// `case export ID` as the acting user with PASS.
pub fn export_case(v: &TestVault, id: &str) -> String {
    let out = v.run(&["case", "export", id], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// A new vault in `dir/user` made through the core (no CLI), its first user an admin with
/// [`PASS`], at the KDF floor.
pub fn vault_in(dir: &Path, user: &str) -> (waystone::vault::Vault, waystone::crypto::RecoveryKey) {
    waystone::vault::Vault::create(
        &dir.join(user),
        user,
        waystone::vault::Role::Admin,
        &waystone::crypto::Passphrase::new(PASS),
        waystone::crypto::KDF_FLOOR,
    )
    .unwrap()
}

/// The vault user's key line (for others to pin).
pub fn line(v: &mut waystone::vault::Vault) -> String {
    v.key_line().unwrap().0
}

/// The text `pdftotext` (poppler-utils, installed by scripts/setup.sh) reads out of a PDF.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&f)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    String::from_utf8(out.stdout).unwrap()
}

/// `s` with every run of white space made one space (line breaks of a PDF, say).
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The DOCX's paragraphs (table cells included), one a line, tags stripped.
pub fn docx_lines(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut lines = Vec::new();
    for para in xml.split("</w:p>") {
        let mut out = String::new();
        let mut in_tag = false;
        for ch in para.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        let line = out
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        let line = line.trim();
        if !line.is_empty() {
            lines.push(line.to_owned());
        }
    }
    lines.join("\n") + "\n"
}

/// Compares `actual` with tests/golden/NAME line by line; `WAYSTONE_UPDATE_GOLDEN=1` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("WAYSTONE_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{name} missing: run with WAYSTONE_UPDATE_GOLDEN=1"));
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        assert_eq!(a, e, "{name}, line {}", i + 1);
    }
    assert_eq!(
        actual.lines().count(),
        expected.lines().count(),
        "{name}: line count"
    );
}
