//! `init`, `check`, `recover`, `wipe`, `unlock-limit`.

use waystone::crypto::KdfParams;
use waystone::vault::{self, Role, Vault};
use waystone::Code;

use super::secrets::Input;
use super::{vault_dir, Cli, CliError, CliResult};

pub fn init(cli: &Cli, input: &mut Input, role: &str) -> CliResult {
    let dir = vault_dir(cli)?;
    if vault::exists(&dir) {
        return Err(vault::VaultError::AlreadyExists.into());
    }
    let role: Role = role.parse().map_err(|_| {
        CliError::new(
            Code::Invalid,
            "--role is caseworker, lawyer, coordinator or admin",
        )
    })?;
    let user = cli.user.clone().unwrap_or_else(|| "admin".to_owned());
    let passphrase = input.new_passphrase(&["WAYSTONE_PASSPHRASE", "WAYSTONE_NEW_PASSPHRASE"])?;
    let kdf = KdfParams::calibrated(vault::kdf_target());
    let (vault, recovery) = Vault::create(&dir, &user, role, &passphrase, kdf)?;
    if cli.json {
        outln!(
            "{}",
            serde_json::json!({
                "vault": dir.display().to_string(),
                "user": user,
                "role": role.as_str(),
                "recovery_key": recovery.expose_secret(),
                "kdf": { "m_kib": kdf.m_kib, "t": kdf.t, "p": kdf.p },
            })
        );
    } else {
        outln!(
            "Vault created in {} for user {user} ({role}).",
            dir.display()
        );
        outln!(
            "Key derivation: Argon2id, {} MiB, {} passes, {} lanes.",
            kdf.m_kib / 1024,
            kdf.t,
            kdf.p
        );
        outln!();
        outln!("RECOVERY KEY — shown once. Write it on paper and keep it away from this computer:");
        outln!();
        outln!("    {}", recovery.expose_secret());
        outln!();
    }
    vault.lock();
    Ok(())
}

pub fn check(cli: &Cli, input: &mut Input) -> CliResult {
    let dir = vault_dir(cli)?;
    if !vault::exists(&dir) {
        return Err(vault::VaultError::NoVault.into());
    }
    let passphrase = input.passphrase()?;
    let (_vault, report) = Vault::unlock_and_check(&dir, cli.user.as_deref(), &passphrase)?;
    if cli.json {
        outln!(
            "{}",
            serde_json::json!({ "ok": true, "audit_entries": report.audit_entries, "users": report.users })
        );
    } else {
        outln!(
            "ok: database and cipher integrity checks passed; audit chain of {} entries verified; {} users",
            report.audit_entries, report.users
        );
    }
    Ok(())
}

pub fn recover(cli: &Cli, input: &mut Input) -> CliResult {
    let dir = vault_dir(cli)?;
    if !vault::exists(&dir) {
        return Err(vault::VaultError::NoVault.into());
    }
    let key = input.recovery_key()?;
    let new = input.new_passphrase(&["WAYSTONE_NEW_PASSPHRASE"])?;
    let vault = Vault::recover(&dir, cli.user.as_deref(), &key, &new)?;
    outln!("Recovered: {} has a new passphrase.", vault.session().user);
    Ok(())
}

pub fn backup(cli: &Cli, input: &mut Input, out: &std::path::Path) -> CliResult {
    let mut vault = super::unlock(cli, input)?;
    let bytes = vault.backup(out)?;
    outln!(
        "Backup written: {} ({} bytes, encrypted).",
        out.display(),
        bytes
    );
    Ok(())
}

pub fn restore(
    cli: &Cli,
    input: &mut Input,
    file: &std::path::Path,
    with_recovery: bool,
) -> CliResult {
    use waystone::vault::backup::{restore, BackupSecret};
    let dir = vault_dir(cli)?;
    let report = if with_recovery {
        let key = input.recovery_key()?;
        restore(file, &dir, BackupSecret::Recovery(&key))?
    } else {
        let passphrase = input.passphrase()?;
        restore(
            file,
            &dir,
            BackupSecret::Passphrase {
                user: cli.user.as_deref(),
                passphrase: &passphrase,
            },
        )?
    };
    outln!(
        "Restored {} files ({} bytes) from the backup of {} into {}; every file verified.",
        report.files,
        report.bytes,
        report.created_at,
        dir.display()
    );
    Ok(())
}

pub fn audit_verify(cli: &Cli, input: &mut Input) -> CliResult {
    let vault = super::unlock(cli, input)?;
    let entries = vault.audit_entries()?;
    let key_check = vault.verify_audit()?;
    outln!(
        "ok: {} audit entries, chain intact",
        key_check.max(entries.len())
    );
    Ok(())
}

pub fn wipe(cli: &Cli, confirmed: bool) -> CliResult {
    if !confirmed {
        return Err(CliError::new(
            Code::Invalid,
            "wipe destroys this vault for good: add --yes-destroy-everything to confirm",
        ));
    }
    let dir = vault_dir(cli)?;
    if !vault::exists(&dir) && !dir.join(vault::DB_FILE).exists() {
        return Err(vault::VaultError::NoVault.into());
    }
    let report = vault::wipe(&dir)?;
    if cli.json {
        outln!(
            "{}",
            serde_json::json!({
                "wiped": true,
                "slot_files": report.slot_files,
                "files": report.files,
                "kept_dir": report.kept_dir,
                "links": report.links,
            })
        );
    } else {
        outln!(
            "Wiped: {} key slot file(s) overwritten and deleted first, {} file(s) removed in all.",
            report.slot_files,
            report.files
        );
        for link in &report.links {
            outln!(
                "Not followed: {} is a symbolic link; it was left in place and what it points to was not touched (if that is a copy of this vault's files, it still exists).",
                link.escape_debug()
            );
        }
        if report.kept_dir {
            outln!(
                "The folder {} was kept: it holds files that are not the vault's, left untouched.",
                dir.display()
            );
        }
    }
    Ok(())
}

pub fn unlock_limit(cli: &Cli, input: &mut Input, limit: Option<&str>) -> CliResult {
    let mut vault = super::unlock(cli, input)?;
    if let Some(raw) = limit {
        let wanted = match raw {
            "off" => None,
            n => Some(n.parse::<u32>().map_err(|_| {
                CliError::new(
                    Code::Invalid,
                    "the unlock limit is a number of attempts or off",
                )
            })?),
        };
        vault.set_unlock_limit(wanted)?;
    }
    let shown = vault.unlock_limit()?;
    if cli.json {
        outln!("{}", serde_json::json!({ "unlock_limit": shown }));
    } else {
        match shown {
            Some(n) => outln!(
                "The vault is wiped after {n} failed unlock attempts in a row (passphrases and the recovery key)."
            ),
            None => outln!("No unlock limit: failed attempts never wipe the vault."),
        }
    }
    Ok(())
}
