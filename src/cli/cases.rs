//! `case list | export | import | status | assign | stage | history | label | discard |
//! delete`.

use std::io::Read;

use waystone::casework::CaseFilter;
use waystone::hygiene::{json_terminal_safe as json_safe, terminal_safe as safe};
use waystone::vault::Vault;
use waystone::Code;

use super::secrets::Input;
use super::{unlock, CaseCommand, Cli, CliError, CliResult};

pub fn run(cli: &Cli, input: &mut Input, cmd: &CaseCommand) -> CliResult {
    let mut vault: Vault = unlock(cli, input)?;
    match cmd {
        CaseCommand::List { status, stage } => {
            let filter = CaseFilter {
                status: status.clone(),
                stage: stage.clone(),
                limit: None,
            };
            for c in vault.list_cases(&filter)? {
                if cli.json {
                    let mut line = serde_json::json!({
                        "id": c.id, "code": c.code, "status": c.status, "stage": c.stage,
                        "form": { "id": c.form_id, "version": c.form_version },
                        "updated_at": c.updated_at,
                    });
                    // only where one is recorded: a case list without filings reads as before
                    if let Some(f) = vault.filing(&c.id)? {
                        line["filing"] =
                            serde_json::json!({"body": f.body, "number": f.number, "date": f.date});
                    }
                    let line = line.to_string();
                    outln!("{}", json_safe(&line));
                } else {
                    // values stored by older versions may hold escape codes and newlines
                    outln!(
                        "{}\t{}\t{}\t{}",
                        safe(&c.id),
                        safe(&c.code),
                        safe(&c.status),
                        safe(c.stage.as_deref().unwrap_or("-"))
                    );
                }
            }
            Ok(())
        }
        CaseCommand::Export { id } => {
            let json = vault.readable(id)?.export()?;
            outln!("{json}");
            Ok(())
        }
        CaseCommand::Status {
            id,
            status,
            body,
            number,
            date,
        } => {
            let to = waystone::board::Status::parse(status).ok_or_else(|| {
                CliError::new(Code::Invalid, "unknown status (see README for the list)")
            })?;
            let filing = match (body, number, date) {
                (Some(b), Some(n), Some(d)) => Some(waystone::board::Filing {
                    body: b.clone(),
                    number: n.clone(),
                    date: d.clone(),
                }),
                _ => None,
            };
            vault.change_status(id, to, filing)?;
            outln!("{id}\t{}", to.as_str());
            Ok(())
        }
        CaseCommand::Assign {
            id,
            caseworker,
            lawyer,
        } => {
            vault.assign(id, caseworker.as_deref(), lawyer.as_deref())?;
            outln!("{id}\tassigned");
            Ok(())
        }
        CaseCommand::Stage {
            id,
            stage,
            follow_up,
        } => {
            vault.set_evacuation(id, stage, follow_up.as_deref())?;
            outln!("{id}\t{stage}");
            Ok(())
        }
        CaseCommand::Label { id, text } => {
            match text {
                Some(text) => vault.set_case_label(id, text)?,
                None => {
                    // only what this user may read: the same check as setting it
                    vault.readable(id)?;
                    if let Some(label) = vault.case_labels()?.get(id) {
                        outln!("{}", safe(label));
                    }
                }
            }
            Ok(())
        }
        CaseCommand::Discard { id } => {
            vault.discard_case(id)?;
            outln!("{id}\tdiscarded");
            Ok(())
        }
        CaseCommand::Delete { id, confirm } => {
            vault.delete_case(id, confirm)?;
            outln!("{id}\tdeleted");
            Ok(())
        }
        CaseCommand::History { id } => {
            for e in vault.case_events(id)? {
                if cli.json {
                    outln!(
                        "{}",
                        serde_json::json!({ "at": e.at, "by": e.by, "kind": e.kind, "detail": e.detail })
                    );
                } else {
                    outln!(
                        "{}\t{}\t{}\t{}",
                        safe(&e.at),
                        safe(&e.by),
                        safe(&e.kind),
                        safe(&e.detail)
                    );
                }
            }
            if vault.may(id, waystone::access::Op::ReadTestimony) {
                for h in vault.readable(id)?.history()? {
                    if cli.json {
                        outln!(
                            "{}",
                            serde_json::json!({ "at": h.at, "by": h.by, "kind": h.kind, "path": h.path, "cleared": h.cleared })
                        );
                    } else {
                        outln!(
                            "{}\t{}\t{}\t{}{}",
                            safe(&h.at),
                            safe(&h.by),
                            safe(&h.kind),
                            safe(&h.path),
                            if h.cleared { " (cleared)" } else { "" }
                        );
                    }
                }
            }
            Ok(())
        }
        CaseCommand::Import { file } => {
            let mut text = String::new();
            let read = if file.as_os_str() == "-" {
                std::io::stdin().read_to_string(&mut text).map(|_| ())
            } else {
                std::fs::read_to_string(file).map(|t| text = t)
            };
            read.map_err(|_| {
                CliError::new(
                    Code::Invalid,
                    "could not read the case file (UTF-8 JSON expected)",
                )
            })?;
            let (id, created) = vault.import_case(&text)?;
            waystone::hygiene::debug_forced_panic("case-import", &text);
            if cli.json {
                outln!("{}", serde_json::json!({ "id": id, "created": created }));
            } else {
                outln!("{id}");
            }
            Ok(())
        }
    }
}

pub fn demo(cli: &Cli, input: &mut Input, n: u32, seed: u64) -> CliResult {
    let mut vault: Vault = unlock(cli, input)?;
    let form = waystone::forms::latest_intake();
    let added = waystone::demo::add_demo_cases(&mut vault, &form, n, seed)?;
    if cli.json {
        for c in &added {
            outln!("{}", serde_json::json!({ "id": c.id, "code": c.code }));
        }
    } else {
        outln!(
            "Added {} synthetic demo cases (every person in them is invented).",
            added.len()
        );
    }
    Ok(())
}

pub fn search(cli: &Cli, input: &mut Input, query: &str) -> CliResult {
    let vault: Vault = unlock(cli, input)?;
    for c in vault.search(query)? {
        if cli.json {
            let line = serde_json::json!({ "id": c.id, "code": c.code, "status": c.status, "stage": c.stage })
                .to_string();
            outln!("{}", json_safe(&line));
        } else {
            outln!("{}\t{}\t{}", safe(&c.id), safe(&c.code), safe(&c.status));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn export_legal(
    cli: &Cli,
    input: &mut Input,
    id: &str,
    profile: &str,
    format: &str,
    out: &std::path::Path,
    accept: bool,
    lang: &str,
    host: Option<&str>,
) -> CliResult {
    use waystone::legal::consent::{Audience, HostState};
    use waystone::legal::export::Format;
    let audience = match (profile, host) {
        ("asylum", Some(h)) => Audience::Asylum(HostState::parse(h).ok_or_else(|| {
            CliError::new(
                Code::Invalid,
                "--host is an ISO 3166-1 alpha-2 code (DE, FR…)",
            )
        })?),
        ("asylum", None) => {
            return Err(CliError::new(
                Code::Invalid,
                "--profile asylum needs --host (the host State's ISO code)",
            ))
        }
        (_, Some(_)) => {
            return Err(CliError::new(
                Code::Invalid,
                "--host is for --profile asylum only",
            ))
        }
        (p, None) => Audience::parse(p)
            .ok_or_else(|| CliError::new(Code::Invalid, "--profile is echr, public or asylum"))?,
    };
    let format = Format::parse(format)
        .ok_or_else(|| CliError::new(Code::Invalid, "--format is docx, pdf or md"))?;
    let lang = match lang {
        "en" => waystone_render::Lang::En,
        "ru" => waystone_render::Lang::Ru,
        _ => return Err(CliError::new(Code::Invalid, "--lang is en or ru")),
    };
    waystone::fsio::check_new_file(out, "writing the export")?;
    let mut vault: Vault = unlock(cli, input)?;
    let export = vault.export_legal(id, audience, format, lang, accept, Some(out))?;
    if let waystone::legal::export::DocumentKind::GenericSummary { blockers } = &export.kind {
        // definition names only (paths of the intake vocabulary), never case content
        eprintln!(
            "generic case summary: the case's form does not use the intake vocabulary ({})",
            blockers
                .iter()
                .map(|g| format!("{}: {}", g.path, g.mismatch))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    for c in &export.checks {
        eprintln!("check ({}): {}", c.code, c.en);
    }
    outln!(
        "Written {} ({} bytes): {} replacement(s), {} candidate(s) accepted, {} check(s) to look at.",
        out.display(),
        export.bytes.len(),
        export.replacements,
        export.accepted_candidates,
        export.checks.len()
    );
    Ok(())
}
