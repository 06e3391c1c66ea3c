//! `waystone form import|list|export`: the catalogue of forms (built in and imported XLSForm
//! workbooks). See docs/xlsform.md.

use std::path::Path;

use waystone::hygiene::{json_terminal_safe as json_safe, terminal_safe as safe};
use waystone::vault::Vault;
use waystone::Code;

use super::secrets::Input;
use super::{unlock, Cli, CliError, CliResult, FormCommand};

pub fn run(cli: &Cli, input: &mut Input, cmd: &FormCommand) -> CliResult {
    match cmd {
        FormCommand::Import { file } => import(cli, input, file),
        FormCommand::List => list(cli, input),
        FormCommand::Export { id, version, out } => export(cli, input, id, *version, out),
    }
}

fn import(cli: &Cli, input: &mut Input, file: &Path) -> CliResult {
    // read before unlocking: a missing file costs no passphrase
    let bytes = waystone::fsio::read_input_file(
        file,
        waystone::forms::xlsform::MAX_WORKBOOK_BYTES as u64,
        "reading the XLSForm workbook",
    )?;
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("form")
        .to_owned();
    let mut vault: Vault = unlock(cli, input)?;
    let outcome = vault.import_form(&bytes, &stem)?;
    let f = &outcome.form;
    if cli.json {
        let line = serde_json::json!({
            "id": f.id, "version": f.version, "added": outcome.added,
            "questions": f.questions, "languages": f.languages,
        })
        .to_string();
        outln!("{}", json_safe(&line));
    } else if outcome.added {
        outln!(
            "Imported form {} version {} ({} questions; languages: {}).",
            safe(&f.id),
            f.version,
            f.questions,
            f.languages.join(", ")
        );
    } else {
        outln!(
            "Form {} version {} is already in this vault, unchanged.",
            safe(&f.id),
            f.version
        );
    }
    Ok(())
}

fn list(cli: &Cli, input: &mut Input) -> CliResult {
    let vault: Vault = unlock(cli, input)?;
    for f in vault.forms()? {
        if cli.json {
            let line = serde_json::json!({
                "id": f.id, "version": f.version, "title": f.title,
                "languages": f.languages, "source": f.source.as_str(),
                "questions": f.questions, "available": f.available, "cases": f.cases,
            })
            .to_string();
            outln!("{}", json_safe(&line));
        } else {
            let title = f
                .title
                .get("en")
                .or_else(|| f.title.values().next())
                .cloned()
                .unwrap_or_default();
            outln!(
                "{}\tv{}\t{}\t{} questions\t{} cases\t{}",
                safe(&f.id),
                f.version,
                f.source.as_str(),
                f.questions,
                f.cases,
                safe(&title)
            );
        }
    }
    Ok(())
}

fn export(cli: &Cli, input: &mut Input, id: &str, version: Option<u32>, out: &Path) -> CliResult {
    waystone::fsio::check_new_file(out, "writing the XLSForm workbook")?;
    let vault: Vault = unlock(cli, input)?;
    let form = vault.form(id, version)?;
    let bytes = waystone::forms::export_xlsform(&form)
        .map_err(|e| CliError::new(Code::Internal, e.to_string()))?;
    waystone::fsio::write_new_file(out, &bytes, "writing the XLSForm workbook")?;
    outln!(
        "Form {} version {} written to {} ({} bytes).",
        safe(form.id()),
        form.version(),
        out.display(),
        bytes.len()
    );
    Ok(())
}
