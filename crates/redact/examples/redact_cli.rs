//! Stand-in for `waystone redact` until the CLI is wired:
//! `redact_cli --profile echr|public --entities FILE [--log FILE]`, stdin → stdout.
//! The log key is random per run (read from /dev/urandom), so log hashes and letters differ
//! between runs, as they would between exports.

use std::io::{Read, Write};
use std::process::ExitCode;
use waystone_redact::{redact, Entities, Profile};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("redact_cli: {msg}");
            ExitCode::from(code)
        }
    }
}

fn run() -> Result<(), (u8, String)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut profile = None;
    let mut entities = None;
    let mut log = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--profile" => profile = it.next().cloned(),
            "--entities" => entities = it.next().cloned(),
            "--log" => log = it.next().cloned(),
            _ => {
                return Err((
                    6,
                    "usage: redact_cli --profile P --entities FILE [--log FILE]".into(),
                ))
            }
        }
    }
    let (Some(profile), Some(entities)) = (profile, entities) else {
        return Err((
            6,
            "usage: redact_cli --profile P --entities FILE [--log FILE]".into(),
        ));
    };
    let profile = Profile::builtin(&profile).map_err(|e| (6, e.to_string()))?;
    let json = std::fs::read_to_string(&entities)
        .map_err(|e| (1, format!("cannot read the entities file: {}", e.kind())))?;
    let entities = Entities::from_json(&json).map_err(|e| (6, e.to_string()))?;
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| (1, format!("cannot read stdin: {}", e.kind())))?;
    let mut key = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut key))
        .map_err(|e| (1, format!("no randomness for the log key: {}", e.kind())))?;
    let out = redact(&text, &entities, &profile, &key);
    std::io::stdout()
        .write_all(out.text.as_bytes())
        .map_err(|e| (1, format!("cannot write stdout: {}", e.kind())))?;
    if let Some(path) = log {
        let doc = serde_json::json!({ "log": out.log, "candidates": out.candidates });
        std::fs::write(&path, doc.to_string())
            .map_err(|e| (1, format!("cannot write the log: {}", e.kind())))?;
    }
    Ok(())
}
