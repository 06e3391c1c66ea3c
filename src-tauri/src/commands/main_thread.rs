//! No command that takes the session runs on the window's main thread: each one declared
//! with `State<…AppState>` must be `#[tauri::command(async)]` or an `async fn` (see the module doc of
//! `commands`). Read from the sources, like the capability check.
#![allow(clippy::panic)]

use std::fs;
use std::path::Path;

#[test]
fn every_command_that_takes_the_session_runs_off_the_main_thread() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut checked = 0;
    let mut on_main = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("reading {dir:?}: {e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let src = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<&str> = src.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let attr = line.trim();
            if !attr.starts_with("#[tauri::command") {
                continue;
            }
            // the signature: from the `fn` line to the line opening its body
            let sig: String = lines[i + 1..]
                .iter()
                .take_while(|l| !l.trim_end().ends_with('{'))
                .chain(lines[i + 1..].iter().find(|l| l.trim_end().ends_with('{')))
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if !sig.contains("State<") {
                continue;
            }
            checked += 1;
            // `#[tauri::command(async)]` on a fn, or an `async fn`: both run off the main thread
            if !attr.contains("async") && !sig.contains("async fn ") {
                let name = sig
                    .split("fn ")
                    .nth(1)
                    .and_then(|r| r.split('(').next())
                    .unwrap_or("?");
                on_main.push(format!("{}: {name}", path.display()));
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} commands taking the session found"
    );
    assert!(
        on_main.is_empty(),
        "commands that take the session on the main thread: {on_main:?}"
    );
}
