//! `key show`, `contact add|list`, `bundle create|open`, `incoming list|accept|reject`.

use waystone::exchange::{Outcome, Received};
use waystone::hygiene::{json_terminal_safe as json_safe, terminal_safe as safe};

use super::secrets::Input;
use super::{unlock, BundleCommand, Cli, CliResult, ContactCommand, IncomingCommand};

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
        ContactCommand::Add {
            name,
            keyline,
            replace,
        } => {
            let c = vault.add_contact(name, keyline, *replace)?;
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
            waystone::fsio::check_new_file(out, "writing the bundle file")?;
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
            let bytes = waystone::fsio::read_input_file(
                file,
                waystone::exchange::MAX_BUNDLE_FILE_BYTES,
                "reading the bundle file",
            )?;
            let r = vault.open_bundle(&bytes)?;
            print_received(cli, &r);
        }
    }
    Ok(())
}

/// `incoming compare`: the differing answers, yours and theirs (the person asking may read
/// them: the core checked the right).
fn print_comparison(cli: &Cli, v: &waystone::exchange::MergeView) {
    use waystone::exchange::MergeValue;
    let value = |m: &Option<MergeValue>| match m {
        None => serde_json::Value::Null,
        Some(MergeValue::Status(s)) => serde_json::Value::String(s.clone()),
        Some(MergeValue::Answer(a)) => serde_json::to_value(a).unwrap_or(serde_json::Value::Null),
    };
    if cli.json {
        let rows: Vec<serde_json::Value> = v
            .rows
            .iter()
            .map(|r| serde_json::json!({"path": r.path, "mine": value(&r.mine), "theirs": value(&r.theirs)}))
            .collect();
        let line = serde_json::json!({
            "id": v.incoming_id, "case": v.case_id, "code": v.code, "from": v.from,
            "reason": v.reason.as_str(), "base": v.local_version, "update": v.update_version,
            "new_attachments": v.new_attachments, "rows": rows,
        })
        .to_string();
        outln!("{}", json_safe(&line));
        return;
    }
    outln!(
        "Incoming {} for {} from {}: {} difference(s), {} new attachment(s). Base {} (yours) against {} (theirs).",
        v.incoming_id,
        safe(&v.code),
        safe(&v.from),
        v.rows.len(),
        v.new_attachments,
        v.local_version,
        v.update_version
    );
    outln!("path\tyours\ttheirs");
    for r in &v.rows {
        outln!(
            "{}\t{}\t{}",
            r.path,
            safe(&value(&r.mine).to_string()),
            safe(&value(&r.theirs).to_string())
        );
    }
    outln!(
        "Take theirs answer by answer with `waystone incoming merge {} --base {} --take PATH …`; every answer not taken stays as yours.",
        v.incoming_id,
        v.local_version
    );
}

/// What `bundle open` and `incoming accept` did. A held update and a bundle opened before are
/// successes (exit 0) with their own first line; nothing of the case is printed but its code
/// and answer paths.
fn print_received(cli: &Cli, r: &Received) {
    let what = if r.status_card { "status card" } else { "case" };
    let (outcome, held) = match r.outcome {
        Outcome::Imported => ("imported", None),
        Outcome::Held { incoming_id } => ("held", Some(incoming_id)),
        Outcome::Conflict { incoming_id } => ("conflict", Some(incoming_id)),
        Outcome::AlreadyOpened => ("already_opened", None),
    };
    if cli.json {
        let line = serde_json::json!({
            "id": r.case_id, "code": r.code, "sender": r.sender, "created": r.created,
            "status_card": r.status_card, "changed": r.changed, "outcome": outcome,
            "incoming": held,
        })
        .to_string();
        outln!("{}", json_safe(&line));
        return;
    }
    let (code, sender) = (safe(&r.code), safe(&r.sender));
    match r.outcome {
        Outcome::AlreadyOpened => {
            outln!(
                "Already opened: this {what} of {} from {} was opened before; nothing changed.",
                code,
                sender
            );
            return;
        }
        Outcome::Held { incoming_id } => {
            outln!(
                "Held {what} {} from {} (incoming {incoming_id}): {} is not a trusted sender of this case, so nothing was applied. It would change {} answer(s); decide with `waystone incoming accept {incoming_id}` or `waystone incoming reject {incoming_id}`.",
                code,
                sender,
                sender,
                r.changed.len()
            );
        }
        Outcome::Conflict { incoming_id } => {
            outln!(
                "Held {what} {} from {} (incoming {incoming_id}): your copy was changed after its version, so nothing was applied and nothing of yours was overwritten. {} answer(s) differ; compare with `waystone incoming compare {incoming_id}`, then merge answer by answer with `waystone incoming merge {incoming_id} --take PATH …` or reject it.",
                code,
                sender,
                r.changed.len()
            );
        }
        Outcome::Imported => {
            let verb = if r.created { "added" } else { "updated" };
            outln!(
                "Verified {what} {} from {}: {verb}, {} answer(s) changed.",
                code,
                sender,
                r.changed.len()
            );
        }
    }
    for p in &r.changed {
        outln!("  {}", safe(p));
    }
}

pub fn incoming(cli: &Cli, input: &mut Input, cmd: &IncomingCommand) -> CliResult {
    let mut vault = unlock(cli, input)?;
    match cmd {
        IncomingCommand::List { held } => {
            // bundles opened (and held ones), and objects a mailbox sync refused, newest first
            let mut lines: Vec<(String, String)> = Vec::new();
            for i in vault.incoming(*held)? {
                let line = if cli.json {
                    json_safe(
                        &serde_json::json!({
                            "id": i.id, "from": i.from, "fingerprint": i.from_fingerprint,
                            "case": i.case_id, "code": i.code, "status_card": i.status_card,
                            "version": i.version, "state": i.state.as_str(),
                            "reason": i.reason.as_str(), "changed": i.changed,
                            "received_at": i.received_at,
                        })
                        .to_string(),
                    )
                    .into_owned()
                } else {
                    format!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        i.id,
                        i.state.as_str(),
                        safe(&i.code),
                        safe(&i.from),
                        i.from_fingerprint,
                        i.reason.as_str()
                    )
                };
                lines.push((i.received_at, line));
            }
            if !*held {
                for r in vault.mailbox_refusals()? {
                    let line = if cli.json {
                        json_safe(
                            &serde_json::json!({
                                "id": null, "from": r.from, "fingerprint": r.from_fingerprint,
                                "case": r.case_id, "state": "refused", "reason": r.reason.as_str(),
                                "changed": [], "received_at": r.received_at,
                                "mailbox": r.mailbox,
                            })
                            .to_string(),
                        )
                        .into_owned()
                    } else {
                        format!(
                            "-\trefused\t-\t{}\t{}\t{}",
                            safe(r.from.as_deref().unwrap_or("-")),
                            r.from_fingerprint.as_deref().unwrap_or("-"),
                            r.reason.as_str()
                        )
                    };
                    lines.push((r.received_at, line));
                }
            }
            // stable: entries of the same instant keep their order (newest first)
            lines.sort_by(|a, b| b.0.cmp(&a.0));
            for (_, line) in lines {
                outln!("{line}");
            }
        }
        IncomingCommand::Accept { id, trust } => {
            let r = vault.accept_incoming_with(*id, *trust)?;
            print_received(cli, &r);
            if *trust && !cli.json {
                let what = if r.status_card {
                    "status cards"
                } else {
                    "updates"
                };
                outln!(
                    "{} is now a trusted sender of {}: their later {what} of it apply without a decision.",
                    safe(&r.sender),
                    safe(&r.code)
                );
            }
        }
        IncomingCommand::Compare { id } => {
            let v = vault.merge_view(*id)?;
            print_comparison(cli, &v);
        }
        IncomingCommand::Merge { id, take, base } => {
            let base = match base {
                Some(b) => b.clone(),
                None => vault.merge_view(*id)?.local_version,
            };
            let r = vault.merge_incoming(*id, &base, take)?;
            if cli.json {
                print_received(cli, &r);
            } else {
                outln!(
                    "Merged incoming {id} into {}: {} answer(s) taken from {}, every other answer kept as it was here.",
                    safe(&r.code),
                    r.changed.len(),
                    safe(&r.sender)
                );
            }
        }
        IncomingCommand::Reject { id } => {
            vault.reject_incoming(*id)?;
            outln!("Rejected incoming {id}: nothing was applied and its copy was deleted.");
        }
    }
    Ok(())
}
