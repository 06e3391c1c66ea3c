//! Reading passphrases and the recovery key: environment (for automation; less safe),
//! standard input lines (`--passphrase-stdin`), or the terminal without echo.

use std::io::BufRead;

use waystone::crypto::{Passphrase, RecoveryKey};
use waystone::Code;
use zeroize::Zeroize;

use super::CliError;

pub struct Input {
    from_stdin: bool,
}

impl Input {
    pub fn new(from_stdin: bool) -> Self {
        Self { from_stdin }
    }

    fn line(&mut self, what: &str) -> Result<String, CliError> {
        let mut s = String::new();
        let n = std::io::stdin().lock().read_line(&mut s).map_err(|_| {
            CliError::new(
                Code::Invalid,
                format!("could not read the {what} from stdin"),
            )
        })?;
        if n == 0 {
            return Err(CliError::new(
                Code::Invalid,
                format!("expected the {what} on stdin"),
            ));
        }
        Ok(s)
    }

    fn prompt(&self, prompt: &str) -> Result<String, CliError> {
        rpassword::prompt_password(prompt).map_err(|_| {
            CliError::new(
                Code::Invalid,
                "no terminal to ask for the passphrase: use --passphrase-stdin or WAYSTONE_PASSPHRASE",
            )
        })
    }

    /// The acting user's passphrase.
    pub fn passphrase(&mut self) -> Result<Passphrase, CliError> {
        if let Ok(p) = std::env::var("WAYSTONE_PASSPHRASE") {
            return Ok(Passphrase::from_string(p));
        }
        if self.from_stdin {
            return Ok(Passphrase::from_string(self.line("passphrase")?));
        }
        Ok(Passphrase::from_string(self.prompt("Passphrase: ")?))
    }

    /// A new passphrase (asked twice on a terminal). `env` names the variable to try first.
    pub fn new_passphrase(&mut self, env: &[&str]) -> Result<Passphrase, CliError> {
        for var in env {
            if let Ok(p) = std::env::var(var) {
                return Ok(Passphrase::from_string(p));
            }
        }
        if self.from_stdin || !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return Ok(Passphrase::from_string(self.line("new passphrase")?));
        }
        let a = self.prompt("New passphrase: ")?;
        let mut b = self.prompt("Repeat it: ")?;
        let same = a == b;
        b.zeroize();
        if !same {
            return Err(CliError::new(
                Code::Invalid,
                "the two passphrases differ; nothing was changed",
            ));
        }
        Ok(Passphrase::from_string(a))
    }

    /// The recovery key: always the first line of stdin, or the terminal.
    pub fn recovery_key(&mut self) -> Result<RecoveryKey, CliError> {
        let mut raw = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            self.prompt("Recovery key: ")?
        } else {
            self.line("recovery key")?
        };
        let key = RecoveryKey::parse(&raw);
        raw.zeroize();
        Ok(key)
    }
}
