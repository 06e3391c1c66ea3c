//! `user add | list | remove | passwd`.

use waystone::vault::{self, Role};
use waystone::Code;

use super::secrets::Input;
use super::{unlock, vault_dir, Cli, CliError, CliResult, UserCommand};

pub fn run(cli: &Cli, input: &mut Input, cmd: &UserCommand) -> CliResult {
    let dir = vault_dir(cli)?;
    if !vault::exists(&dir) {
        return Err(vault::VaultError::NoVault.into());
    }
    match cmd {
        UserCommand::List => {
            for u in vault::list_users(&dir)? {
                if cli.json {
                    outln!(
                        "{}",
                        serde_json::json!({ "name": u.name, "role": u.role.as_str() })
                    );
                } else {
                    outln!("{}\t{}", u.name, u.role);
                }
            }
            Ok(())
        }
        UserCommand::Add { name, role } => {
            let role: Role = role.parse().map_err(|_| {
                CliError::new(
                    Code::Invalid,
                    "--role is caseworker, lawyer, coordinator or admin",
                )
            })?;
            let mut vault = unlock(cli, input)?;
            if vault.session().role != Role::Admin {
                return Err(vault::VaultError::Forbidden.into());
            }
            let new = input.new_passphrase(&["WAYSTONE_NEW_PASSPHRASE"])?;
            vault.add_user(name, role, &new)?;
            outln!("Added {name} ({role}).");
            Ok(())
        }
        UserCommand::Remove { name } => {
            let mut vault = unlock(cli, input)?;
            vault.remove_user(name)?;
            outln!("Removed {name}; their key slot is wiped.");
            Ok(())
        }
        UserCommand::Passwd { name } => {
            let mut vault = unlock(cli, input)?;
            let target = name.clone().unwrap_or_else(|| vault.session().user.clone());
            let new = input.new_passphrase(&["WAYSTONE_NEW_PASSPHRASE"])?;
            vault.change_passphrase(&target, &new)?;
            outln!("Passphrase changed for {target}.");
            Ok(())
        }
    }
}
