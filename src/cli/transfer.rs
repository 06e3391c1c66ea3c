//! `key show`, `contact add|list`, `bundle create|open`.

use waystone::Code;

use super::secrets::Input;
use super::{unlock, BundleCommand, Cli, CliError, CliResult, ContactCommand};

pub fn key_show(cli: &Cli, input: &mut Input) -> CliResult {
    let mut vault = unlock(cli, input)?;
    let (line, fingerprint) = vault.key_line()?;
    if cli.json {
        outln!(
            "{}",
            serde_json::json!({ "key": line, "fingerprint": fingerprint })
        );
    } else {
        outln!("{line}");
        eprintln!("fingerprint: {fingerprint}");
    }
    Ok(())
}

pub fn contact(cli: &Cli, input: &mut Input, cmd: &ContactCommand) -> CliResult {
    let mut vault = unlock(cli, input)?;
    match cmd {
        ContactCommand::Add { name, keyline } => {
            let c = vault.add_contact(name, keyline)?;
            outln!(
                "Pinned {} — fingerprint {}. Compare it with them out of band.",
                c.name,
                c.fingerprint
            );
        }
        ContactCommand::List => {
            for c in vault.contacts()? {
                if cli.json {
                    outln!(
                        "{}",
                        serde_json::json!({ "name": c.name, "fingerprint": c.fingerprint, "key": c.key_line })
                    );
                } else {
                    outln!("{}\t{}", c.name, c.fingerprint);
                }
            }
        }
    }
    Ok(())
}

pub fn bundle(cli: &Cli, input: &mut Input, cmd: &BundleCommand) -> CliResult {
    let mut vault = unlock(cli, input)?;
    match cmd {
        BundleCommand::Create {
            id,
            to,
            out,
            status_card,
        } => {
            if out.exists() {
                return Err(CliError::new(
                    Code::Invalid,
                    "the output file already exists; choose a new name",
                ));
            }
            let names: Vec<&str> = to.iter().map(String::as_str).collect();
            let bytes = vault.create_bundle(id, &names, *status_card)?;
            waystone::fsio::write_new_file(out, &bytes, "writing the bundle file")?;
            outln!(
                "Bundle written: {} ({} bytes) for {}.",
                out.display(),
                bytes.len(),
                names.join(", ")
            );
        }
        BundleCommand::Open { file } => {
            let bytes = std::fs::read(file)
                .map_err(|_| CliError::new(Code::Invalid, "could not read the bundle file"))?;
            let r = vault.open_bundle(&bytes)?;
            if cli.json {
                outln!(
                    "{}",
                    serde_json::json!({
                        "id": r.case_id, "code": r.code, "sender": r.sender, "created": r.created,
                        "status_card": r.status_card, "changed": r.changed,
                    })
                );
            } else {
                let what = if r.status_card { "status card" } else { "case" };
                let verb = if r.created { "added" } else { "updated" };
                outln!(
                    "Verified {what} {} from {}: {verb}, {} answer(s) changed.",
                    r.code,
                    r.sender,
                    r.changed.len()
                );
                for p in &r.changed {
                    outln!("  {p}");
                }
            }
        }
    }
    Ok(())
}
