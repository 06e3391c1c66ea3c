//! The core's import graph, read from the source: no two files of the library import each
//! other in a loop, and the pure modules never reach up to the storage or the operations
//! above it. Run it with `cargo test --test module_layers -- --nocapture` to see the counts.
//!
//! A file's imports are the `crate::…`, `super::…` and `self::…` paths it names, and in a
//! file the paths through the child modules it declares; each path counts
//! as an arrow to the deepest module file it names. Declaring a module (`mod x;`) is not an
//! import. Comments and string literals are skipped.

#![allow(clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Modules that hold pure rules and types: they may import each other and the crypto and
/// file helpers, never the vault or the operations built on it.
const PURE: &[&str] = &[
    "access",
    "audit",
    "board",
    "cases",
    "crypto",
    "error",
    "fsio",
    "hygiene",
    "passphrase",
    "legal::admissibility",
    "legal::articles",
    "legal::consent",
    "legal::echr",
    "legal::entities",
    "legal::review",
    "report",
];

/// What a pure module must never reach.
const ABOVE: &[&str] = &[
    "vault",
    "casework",
    "desk",
    "exchange",
    "legal::export",
    "session",
    "demo",
];

fn main_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library source file with its module path (`src/vault/store/board.rs` →
/// `vault::store::board`); the binary's files (main.rs, cli/) are not the library.
fn library_files(dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read src: {e}")) {
        let path = entry.unwrap_or_else(|e| panic!("entry: {e}")).path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "cli") {
                continue;
            }
            library_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(main_dir())
                .unwrap_or_else(|e| panic!("under src: {e}"));
            if rel == Path::new("main.rs") {
                continue;
            }
            let mut parts: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
                parts.pop();
            }
            out.insert(parts.join("::"), path);
        }
    }
}

/// The source without comments and string or char literal contents.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'r' && (b[i..].starts_with(b"r\"") || b[i..].starts_with(b"r#")) {
            // raw string: r"…", r#"…"#
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            i += 2 + hashes;
            while i < b.len() && !b[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            while i < b.len() && !(b[i] == b'\'' && i > 0 && b[i - 1] != b'\\') {
                i += 1;
            }
            i += 1;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path the code names that starts with `crate`, `super`, `self` or a declared child
/// module, as segments (brace groups of `use` expanded). Test modules (`#[cfg(test)] mod x
/// { … }`) are skipped: they are not the library's structure. Inside another inline module
/// the paths are read as if from the file's own module (its leading `super`s dropped).
fn paths(code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut depth = 0usize;
    // brace depths at which an inline module's body began
    let mut inline: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' => {
                depth += 1;
                i += 1;
                continue;
            }
            '}' => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
                continue;
            }
            _ => {}
        }
        let starts_word = i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':');
        if starts_word && is_ident(chars[i]) {
            let mut j = i;
            while j < chars.len() && is_ident(chars[j]) {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            if word == "cfg" && chars[j..].iter().collect::<String>().starts_with("(test)]") {
                // skip the test item that follows: through its matching brace
                let mut k = j;
                while k < chars.len() && chars[k] != '{' && chars[k] != ';' {
                    k += 1;
                }
                if chars.get(k) == Some(&'{') {
                    let mut d = 0;
                    while k < chars.len() {
                        if chars[k] == '{' {
                            d += 1;
                        } else if chars[k] == '}' {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        k += 1;
                    }
                }
                i = k + 1;
                continue;
            }
            if word == "mod" {
                let rest: String = chars[j..].iter().take(80).collect();
                let name_end = rest.trim_start().find(|c: char| !is_ident(c)).unwrap_or(0);
                if rest.trim_start()[name_end..].trim_start().starts_with('{') {
                    inline.push(depth + 1);
                }
            }
            let followed = chars.get(j) == Some(&':') && chars.get(j + 1) == Some(&':');
            if followed
                && (word == "crate"
                    || word == "super"
                    || word == "self"
                    || children.contains(&word))
            {
                let (found, end) = expand(&chars, i);
                for mut p in found {
                    let mut drop = inline.len();
                    while drop > 0 && p.first().is_some_and(|s| s == "super") {
                        p.remove(0);
                        drop -= 1;
                    }
                    if p.is_empty() {
                        continue;
                    }
                    if drop < inline.len()
                        && p.first().is_some_and(|s| s != "super")
                        && p[0] != "crate"
                    {
                        p.insert(0, "self".to_owned());
                    }
                    out.push(p);
                }
                i = end;
                continue;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Reads one path (with `{…}` groups) from `start`; the paths it names and where it ended.
fn expand(chars: &[char], start: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut i = start;
    loop {
        let mut j = i;
        while j < chars.len() && is_ident(chars[j]) {
            j += 1;
        }
        if j > i {
            prefix.push(chars[i..j].iter().collect::<String>());
        }
        i = j;
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            if chars.get(i) == Some(&'{') {
                // a group: each member is a path of its own under the prefix
                let mut all = Vec::new();
                i += 1;
                loop {
                    while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                        i += 1;
                    }
                    if i >= chars.len() || chars[i] == '}' {
                        i += 1;
                        break;
                    }
                    let (inner, end) = expand(chars, i);
                    for p in inner {
                        let mut full = prefix.clone();
                        full.extend(p);
                        all.push(full);
                    }
                    i = end;
                }
                return (all, i);
            }
            continue;
        }
        return (vec![prefix], i);
    }
}

/// The module a path names, resolved from the module `from`, cut to the deepest module that
/// has a file.
fn resolve(path: &[String], from: &[String], files: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut base: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self") => {
            base = from.to_vec();
            rest = &path[1..];
        }
        Some("super") => {
            base = from.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        _ => base = from.to_vec(),
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    while !full.is_empty() {
        let key = full.join("::");
        if files.contains_key(&key) {
            return Some(key);
        }
        full.pop();
    }
    None
}

fn declared_children(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let t = line.trim();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        if let Some(name) = t.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            out.insert(name.trim().to_owned());
        }
    }
    out
}

/// The arrows file → file (by module path) with the names that make each.
fn graph(files: &BTreeMap<String, PathBuf>) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut g: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (module, path) in files {
        let src = fs::read_to_string(path).unwrap_or_else(|e| panic!("read source: {e}"));
        let code = code_only(&src);
        let here: Vec<String> = if module.is_empty() {
            vec![]
        } else {
            module.split("::").map(str::to_owned).collect()
        };
        // paths are resolved from the module the file is; `super` in `a/b.rs` is `a`
        let children = declared_children(&code);
        let edges = g.entry(module.clone()).or_default();
        for p in paths(&code, &children) {
            if let Some(to) = resolve(&p, &here, files) {
                if &to != module {
                    edges.entry(to).or_default().push(p.join("::"));
                }
            }
        }
    }
    g
}

/// Strongly connected components with more than one file (Tarjan).
fn circles(g: &BTreeMap<String, BTreeMap<String, Vec<String>>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeMap<String, Vec<String>>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        if let Some(edges) = t.g.get(v) {
            for w in edges.keys() {
                let w = w.as_str();
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn under(module: &str, prefix: &str) -> bool {
    module == prefix || module.starts_with(&format!("{prefix}::"))
}

#[test]
fn no_two_library_files_import_each_other_in_a_loop() {
    let mut files = BTreeMap::new();
    library_files(&main_dir(), &mut files);
    let g = graph(&files);
    let arrows: usize = g.values().map(BTreeMap::len).sum();
    let found = circles(&g);
    let mut report = String::new();
    for c in &found {
        report.push_str(&format!("circle: {}\n", c.join(", ")));
        for a in c {
            for (b, names) in &g[a] {
                if c.contains(b) {
                    report.push_str(&format!("  {a} -> {b}: {}\n", names.join(", ")));
                }
            }
        }
    }
    println!(
        "module graph: {} files, {} arrows, {} circles",
        files.len(),
        arrows,
        found.len()
    );
    assert!(found.is_empty(), "{report}");
}

#[test]
fn pure_modules_never_reach_the_vault_or_the_operations_above_it() {
    let mut files = BTreeMap::new();
    library_files(&main_dir(), &mut files);
    let g = graph(&files);
    let mut bad = Vec::new();
    for (from, edges) in &g {
        let pure = PURE.iter().any(|p| under(from, p));
        if !pure {
            continue;
        }
        for (to, names) in edges {
            if ABOVE.iter().any(|a| under(to, a)) {
                bad.push(format!("{from} -> {to}: {}", names.join(", ")));
            }
        }
    }
    // the rule has teeth: the vault itself reaches at least one pure module
    assert!(g["vault::store::board"].keys().any(|t| under(t, "board")));
    assert!(
        bad.is_empty(),
        "pure modules import from above:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_reader_sees_brace_groups_supers_and_skips_comments() {
    let code = code_only(
        "use crate::vault::{store::board::{row, BoardRow}, Vault};\n// use crate::desk::x;\nlet s = \"crate::demo::y\";\nsuper::super::cases::X;\n#[cfg(test)]\nmod tests { use crate::demo::z; }\nmod inner { use super::super::board::Y; }",
    );
    let p = paths(&code, &BTreeSet::new());
    let joined: Vec<String> = p.iter().map(|x| x.join("::")).collect();
    assert_eq!(
        joined,
        [
            "crate::vault::store::board::row",
            "crate::vault::store::board::BoardRow",
            "crate::vault::Vault",
            "super::super::cases::X",
            "super::board::Y"
        ]
    );
}
