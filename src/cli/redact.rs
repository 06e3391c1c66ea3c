//! `redact --profile echr|public|asylum --entities FILE [--log FILE]`: stdin text → stdout redacted
//! text; no vault needed. The log (JSON) holds offsets, entity ids, rules, replacements and
//! keyed hashes of the originals under a random per-run key — never the originals.

use std::io::{Read, Write};
use std::path::Path;

use waystone::redact::{redact, Entities, Profile};
use waystone::Code;

use super::{CliError, CliResult};

pub fn run(profile: &str, entities: &Path, log: Option<&Path>) -> CliResult {
    let entities_text = std::fs::read_to_string(entities).map_err(|_| {
        CliError::new(
            Code::Invalid,
            "could not read the entities file (UTF-8 JSON expected)",
        )
    })?;
    let entities = Entities::from_json(&entities_text)
        .map_err(|e| CliError::new(Code::Invalid, e.to_string()))?;
    let profile =
        Profile::builtin(profile).map_err(|e| CliError::new(Code::Invalid, e.to_string()))?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|_| CliError::new(Code::Invalid, "standard input is not UTF-8 text"))?;
    let key = waystone::crypto::random_bytes::<32>();
    let out = redact(&input, &entities, &profile, &key);
    if let Some(path) = log {
        let json = serde_json::json!({
            "profile": profile.name(),
            "replacements": out.log,
            "candidates": out.candidates,
        });
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        std::fs::write(path, text)
            .map_err(|_| CliError::new(Code::Internal, "could not write the log file"))?;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        std::process::exit(141);
    }
    Ok(())
}
