//! `mailbox add|list|remove|test|key`, `send`, `sync`, `outbox list`, `routing
//! show|set|off`: the team mailbox.
//! Credentials and the mailbox key come from the environment (read once, at `mailbox add`)
//! and are stored encrypted in the vault; nothing here prints them, except `mailbox key`,
//! whose one purpose is to.

use std::path::PathBuf;

use waystone::exchange::mailbox::{
    error_code, parse_key_line, MailboxSetup, SecretString, MAILBOX_KEY_ENV,
};
use waystone::hygiene::{json_terminal_safe as json_safe, terminal_safe as safe};
use waystone::Code;

use super::secrets::Input;
use super::{unlock, Cli, CliError, CliResult, MailboxCommand, RoutingCommand};

fn env_secret(name: &str) -> Result<SecretString, CliError> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(v.into()),
        _ => Err(CliError::new(
            Code::Invalid,
            format!("{name} is not set: give the mailbox's credentials in the environment"),
        )),
    }
}

fn setup(
    folder: &Option<PathBuf>,
    s3: &Option<String>,
    bucket: &Option<String>,
    region: &str,
    webdav: &Option<String>,
) -> Result<MailboxSetup, CliError> {
    if let Some(path) = folder {
        return Ok(MailboxSetup::Folder { path: path.clone() });
    }
    if let Some(endpoint) = s3 {
        return Ok(MailboxSetup::S3 {
            endpoint: endpoint.clone(),
            bucket: bucket.clone().unwrap_or_default(),
            region: region.to_owned(),
            access_key_id: env_secret("WAYSTONE_S3_ACCESS_KEY_ID")?,
            secret_access_key: env_secret("WAYSTONE_S3_SECRET_ACCESS_KEY")?,
        });
    }
    if let Some(url) = webdav {
        return Ok(MailboxSetup::WebDav {
            url: url.clone(),
            user: env_secret("WAYSTONE_WEBDAV_USER")?,
            password: env_secret("WAYSTONE_WEBDAV_PASSWORD")?,
        });
    }
    Err(CliError::new(
        Code::Invalid,
        "say where the mailbox is: --folder, --s3 with --bucket, or --webdav",
    ))
}

pub fn run(cli: &Cli, input: &mut Input, cmd: &MailboxCommand) -> CliResult {
    let mut vault = unlock(cli, input)?;
    match cmd {
        MailboxCommand::Add {
            name,
            folder,
            s3,
            bucket,
            region,
            webdav,
        } => {
            let setup = setup(folder, s3, bucket, region, webdav)?;
            let key = match std::env::var(MAILBOX_KEY_ENV) {
                Ok(line) if !line.trim().is_empty() => {
                    let line = zeroize::Zeroizing::new(line);
                    Some(parse_key_line(&line)?)
                }
                _ => None,
            };
            let shared = key.is_some();
            let m = vault.add_mailbox(name, setup, key)?;
            outln!(
                "Added mailbox {} ({}){}. Check it with `waystone mailbox test {}`.",
                safe(&m.name),
                m.engine.as_str(),
                if shared {
                    " with the team's key"
                } else {
                    " with a new key: set up teammates' vaults with `waystone mailbox key` once"
                },
                safe(&m.name)
            );
        }
        MailboxCommand::List => {
            for m in vault.mailboxes()? {
                if cli.json {
                    let line = serde_json::json!({
                        "name": m.name, "engine": m.engine.as_str(), "location": m.location,
                        "added_by": m.added_by, "added_at": m.added_at, "queued": m.queued,
                        "uploaded": m.uploaded, "delivered": m.delivered,
                    })
                    .to_string();
                    outln!("{}", json_safe(&line));
                } else {
                    outln!(
                        "{}\t{}\t{}\tqueued {}\tuploaded {}\tdelivered {}",
                        safe(&m.name),
                        m.engine.as_str(),
                        safe(&m.location),
                        m.queued,
                        m.uploaded,
                        m.delivered
                    );
                }
            }
        }
        MailboxCommand::Remove { name } => {
            let dropped = vault.remove_mailbox(name)?;
            outln!(
                "Removed mailbox {}{}.",
                safe(name),
                if dropped > 0 {
                    format!("; {dropped} item(s) not yet uploaded were dropped: send them again")
                } else {
                    String::new()
                }
            );
        }
        MailboxCommand::Test { name } => {
            vault.test_mailbox(name)?;
            outln!(
                "Mailbox {} answers and accepts its credentials.",
                safe(name)
            );
        }
        MailboxCommand::Key { name } => {
            let line = vault.mailbox_key_line(name)?;
            outln!("{}", line.as_str());
            eprintln!(
                "waystone: this line lets anyone read the team's mailbox: give it to a teammate in person (WAYSTONE_MAILBOX_KEY for their `mailbox add`), never by e-mail or chat"
            );
        }
    }
    Ok(())
}

pub fn send(
    cli: &Cli,
    input: &mut Input,
    ids: &[String],
    to: &[String],
    status_card: bool,
    mailbox: Option<&str>,
) -> CliResult {
    let mut vault = unlock(cli, input)?;
    let names: Vec<&str> = to.iter().map(String::as_str).collect();
    for id in ids {
        let items = vault.queue_send(id, &names, status_card, mailbox)?;
        for i in &items {
            if cli.json {
                let line = serde_json::json!({
                    "id": i.id, "to": i.to, "case": i.case_id, "status_card": i.status_card,
                    "mailbox": i.mailbox, "state": i.state,
                })
                .to_string();
                outln!("{}", json_safe(&line));
            } else {
                outln!(
                    "Queued {} for {} through {} (outbox {}); the next `waystone sync` delivers it.",
                    if i.status_card {
                        "a status card"
                    } else {
                        "the case"
                    },
                    safe(&i.to),
                    safe(&i.mailbox),
                    i.id
                );
            }
        }
    }
    Ok(())
}

pub fn sync(cli: &Cli, input: &mut Input) -> CliResult {
    let mut vault = unlock(cli, input)?;
    let r = vault.sync_mailboxes()?;
    if cli.json {
        let failed: Vec<serde_json::Value> = r
            .failures
            .iter()
            .map(|f| {
                serde_json::json!({
                    "mailbox": f.mailbox, "error": error_code(&f.error),
                    "transient": f.error.is_transient(),
                })
            })
            .collect();
        let line = serde_json::json!({
            "sent": r.sent, "received": r.received, "imported": r.imported, "held": r.held,
            "refused": r.refused, "already_opened": r.already_opened, "delivered": r.delivered,
            "receipts_sent": r.receipts_sent, "queued": r.queued, "strays": r.strays,
            "failed": failed,
        })
        .to_string();
        outln!("{}", json_safe(&line));
    } else {
        outln!(
            "Sync: sent {}, received {} (imported {}, held {}, refused {}, opened before {}), delivered {}; {} still queued.",
            r.sent, r.received, r.imported, r.held, r.refused, r.already_opened, r.delivered, r.queued
        );
        if r.refused > 0 {
            outln!("Refused objects were not imported: see `waystone incoming list`.");
        }
        if r.held > 0 {
            outln!("Held updates wait for your decision: `waystone incoming list --held`.");
        }
    }
    if let Some(first) = r.failures.first() {
        let others = r.failures.len() - 1;
        return Err(CliError::new(
            Code::Internal,
            format!(
                "mailbox {}: {}{}; what is queued stays queued for the next sync",
                safe(&first.mailbox),
                first.error,
                if others > 0 {
                    format!(" (and {others} other mailbox(es) failed)")
                } else {
                    String::new()
                }
            ),
        ));
    }
    Ok(())
}

pub fn outbox(cli: &Cli, input: &mut Input) -> CliResult {
    let vault = unlock(cli, input)?;
    for i in vault.outbox()? {
        if cli.json {
            let line = serde_json::json!({
                "id": i.id, "mailbox": i.mailbox, "to": i.to, "case": i.case_id,
                "status_card": i.status_card, "state": i.state, "attempts": i.attempts,
                "last_error": i.last_error.map(|c| c.as_str()), "receipt": i.receipt, "queued_at": i.queued_at,
                "delivered_at": i.delivered_at,
            })
            .to_string();
            outln!("{}", json_safe(&line));
        } else {
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                i.id,
                i.state,
                safe(&i.to),
                i.case_id,
                if i.status_card { "status_card" } else { "case" },
                i.last_error.map_or("-", |c| c.as_str())
            );
        }
    }
    Ok(())
}

pub fn routing(cli: &Cli, input: &mut Input, cmd: &RoutingCommand) -> CliResult {
    use waystone::exchange::routing::Routing;
    let mut vault = unlock(cli, input)?;
    let set = match cmd {
        RoutingCommand::Show => None,
        RoutingCommand::Set {
            coordinators,
            legal_review_to,
            report_to_origin,
        } => Some(Routing {
            coordinators: coordinators.clone(),
            legal_review_to: legal_review_to.clone(),
            report_to_origin: *report_to_origin,
        }),
        RoutingCommand::Off => Some(Routing::default()),
    };
    if let Some(r) = &set {
        vault.set_routing(r)?;
    }
    let r = vault.routing()?;
    if cli.json {
        let line = serde_json::json!({
            "coordinators": r.coordinators, "legal_review_to": r.legal_review_to,
            "report_to_origin": r.report_to_origin,
        })
        .to_string();
        outln!("{}", json_safe(&line));
    } else if r.is_off() {
        outln!("Routing is off: nothing is sent unless someone sends it.");
    } else {
        outln!(
            "Status cards of every board change to: {}",
            if r.coordinators.is_empty() {
                "-".to_owned()
            } else {
                safe(&r.coordinators.join(", ")).into_owned()
            }
        );
        outln!(
            "The whole case at legal review to: {}",
            safe(r.legal_review_to.as_deref().unwrap_or("-"))
        );
        outln!(
            "Status cards back to where the case came from: {}",
            if r.report_to_origin { "yes" } else { "no" }
        );
    }
    Ok(())
}
