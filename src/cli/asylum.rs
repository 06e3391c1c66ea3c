//! `waystone asylum show|set|consent`: a case's asylum details (host State, authority, file
//! number, stage, risks since leaving, signatory, consent), which the asylum letter
//! (`export ID --profile asylum --host CC`) is built from. `set` takes the JSON record of
//! `legal::asylum::AsylumDetails` (README shows an example); `consent` records the
//! survivor's consent naming one authority.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use waystone::forms::PartialDate;
use waystone::hygiene::json_terminal_safe as json_safe;
use waystone::legal::asylum::{AsylumConsent, AsylumDetails};
use waystone::vault::Vault;
use waystone::Code;

use super::secrets::Input;
use super::{unlock, Cli, CliError, CliResult};

/// Largest asylum details file read.
const MAX_DETAILS_BYTES: u64 = 256 * 1024;

#[derive(Debug, Subcommand)]
pub enum AsylumCommand {
    /// Case ID's asylum details as JSON (nothing printed when none are recorded).
    Show { id: String },
    /// Replace case ID's asylum details with the JSON record in FILE; any problem: exit 6.
    Set { id: String, file: PathBuf },
    /// Record the survivor's consent to a letter to AUTHORITY of HOST (or its refusal).
    Consent {
        id: String,
        /// The host State, ISO 3166-1 alpha-2 (DE, FR…).
        #[arg(long)]
        host: String,
        /// The authority the consent names, as the letter addresses it.
        #[arg(long)]
        authority: String,
        /// The survivor refused or withdrew the consent.
        #[arg(long)]
        refused: bool,
        /// When it was given: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
}

pub fn run(cli: &Cli, input: &mut Input, cmd: &AsylumCommand) -> CliResult {
    match cmd {
        AsylumCommand::Show { id } => {
            let vault: Vault = unlock(cli, input)?;
            if let Some(d) = vault.asylum_details(id)? {
                let json = serde_json::to_string(&d).map_err(|_| {
                    CliError::new(Code::Internal, "could not write the asylum details")
                })?;
                outln!("{}", json_safe(&json));
            }
            Ok(())
        }
        AsylumCommand::Set { id, file } => {
            let details = read_details(file)?;
            let mut vault: Vault = unlock(cli, input)?;
            vault.set_asylum_details(id, &details)?;
            outln!("{id}\tasylum details recorded");
            Ok(())
        }
        AsylumCommand::Consent {
            id,
            host,
            authority,
            refused,
            date,
        } => {
            let date = date.as_deref().map(parse_date).transpose()?;
            let mut vault: Vault = unlock(cli, input)?;
            vault.record_asylum_consent(
                id,
                AsylumConsent {
                    given: !refused,
                    host: host.trim().to_uppercase(),
                    authority: authority.trim().to_owned(),
                    date,
                    recorded_by: String::new(),
                },
            )?;
            outln!(
                "{id}\tasylum consent {}",
                if *refused { "refused" } else { "recorded" }
            );
            Ok(())
        }
    }
}

fn read_details(file: &Path) -> Result<AsylumDetails, CliError> {
    // read before unlocking: a bad file costs no passphrase
    let bytes =
        waystone::fsio::read_input_file(file, MAX_DETAILS_BYTES, "reading the asylum details")?;
    serde_json::from_slice(&bytes).map_err(|e| {
        // serde's message names the field and position, never the value
        CliError::new(
            Code::Invalid,
            format!(
                "the asylum details file is not a valid record (line {}, column {}); see README",
                e.line(),
                e.column()
            ),
        )
    })
}

fn parse_date(s: &str) -> Result<PartialDate, CliError> {
    let bad = || CliError::new(Code::Invalid, "--date is YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let year = |p: &str| p.parse::<i32>().map_err(|_| bad());
    let small = |p: &str| p.parse::<u8>().map_err(|_| bad());
    let d = match parts.as_slice() {
        [y] => PartialDate::year(year(y)?),
        [y, m] => PartialDate::month(year(y)?, small(m)?),
        [y, m, d] => PartialDate::exact(year(y)?, small(m)?, small(d)?),
        _ => return Err(bad()),
    };
    d.map_err(|_| bad())
}
