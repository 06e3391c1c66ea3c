//! Argument parsing and dispatch for the `waystone` binary. Each subcommand is a few lines
//! calling the core; errors become one clear stderr line and the exit status of
//! ../shared/CLI.md. Recipe — a new command: add a variant to [`Command`], a `run_*`
//! function in the matching file, and a row in README.md's CLI table.

/// `println!` that ends quietly when stdout is closed (`waystone case list | head`), instead
/// of panicking on a broken pipe. Exit 141 is the shell's "ended by SIGPIPE".
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($t)*).is_err() {
            std::process::exit(141);
        }
    }};
}

mod asylum;
mod cases;
mod forms;
mod mailbox;
mod redact;
mod report;
mod secrets;
mod transfer;
mod users;
mod vault_cmds;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use waystone::Code;

/// Waystone: encrypted case vault for human-rights documentation.
#[derive(Debug, Parser)]
#[command(name = "waystone", version, about)]
pub struct Cli {
    /// The vault directory (default: ~/.local/share/waystone/vault).
    #[arg(long, global = true, env = "WAYSTONE_VAULT")]
    pub vault: Option<PathBuf>,
    /// The local user acting (default: the only user).
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// Read the passphrase (and then any new passphrase) as lines from standard input.
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
    /// Machine-readable output.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a vault; prints the recovery key once.
    Init {
        /// The first user's role.
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// Unlock and run the database, cipher and audit integrity checks.
    Check,
    /// Local users, each with their own key slot.
    #[command(subcommand)]
    User(UserCommand),
    /// Unlock with the recovery key (first stdin line) and set a new passphrase.
    Recover,
    /// Destroy this vault: key slots first (overwritten, synced, deleted), then every other
    /// file. No passphrase is asked. Cannot be undone.
    Wipe {
        /// Required: says you mean it.
        #[arg(long)]
        yes_destroy_everything: bool,
    },
    /// Show or set the wipe after N failed unlocks (admins; `off` turns it off).
    UnlockLimit {
        /// A number of attempts (3 to 100) or `off`; without it, shows the setting.
        limit: Option<String>,
    },
    /// Add N synthetic cases (invented people) for trying, testing and benchmarking.
    Demo {
        #[arg(long)]
        cases: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Redact stdin for an audience: the redacted text on stdout (no vault needed).
    Redact {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        entities: PathBuf,
        /// Write the redaction log (JSON: offsets, rules, keyed hashes, candidates) here.
        #[arg(long)]
        log: Option<PathBuf>,
    },
    /// The legal output of one case: the ECHR application (echr) or a public summary.
    Export {
        id: String,
        #[arg(long)]
        profile: String,
        #[arg(long)]
        format: String,
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
        /// Accept every redaction candidate as redacted (otherwise undecided ones fail, exit 8).
        #[arg(long)]
        accept_candidates: bool,
        /// The document's language: en or ru.
        #[arg(long, default_value = "en")]
        lang: String,
        /// For --profile asylum: the host State (ISO 3166-1 alpha-2) whose authority the
        /// letter is addressed to.
        #[arg(long)]
        host: Option<String>,
    },
    /// Write one encrypted file holding the whole vault.
    Backup {
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
    },
    /// Restore a backup into --vault (which must not hold a vault); verifies everything first.
    /// Unlocks with --user's passphrase, or with the recovery key (stdin) given --recovery-key.
    Restore {
        #[arg(value_parser = file_arg)]
        file: PathBuf,
        #[arg(long)]
        recovery_key: bool,
    },
    /// Your public keys (for others to pin) and their fingerprint, as one line.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Pinned contacts: the people you send bundles to and receive them from.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Signed, encrypted case bundles.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Bundles received, and the updates held for your decision.
    #[command(subcommand)]
    Incoming(IncomingCommand),
    /// Interview forms: import an XLSForm workbook (admins), list, export (docs/xlsform.md).
    #[command(subcommand)]
    Form(FormCommand),
    /// A case's asylum details and the consent the asylum letter needs.
    #[command(subcommand)]
    Asylum(asylum::AsylumCommand),
    /// The team's mailboxes on storage the organisation runs (admins).
    #[command(subcommand)]
    Mailbox(MailboxCommand),
    /// Queue case ID (or its status card) for contacts; the next `sync` delivers it. Several
    /// cases: ID,ID,… (queued in that order; an error stops there, what was queued stays).
    Send {
        #[arg(value_delimiter = ',', required = true)]
        id: Vec<String>,
        #[arg(long, value_delimiter = ',', required = true)]
        to: Vec<String>,
        #[arg(long)]
        status_card: bool,
        /// The mailbox to send through (default: the first one added).
        #[arg(long)]
        mailbox: Option<String>,
    },
    /// Deliver the outbox and fetch your inbox on every mailbox; --json prints one object
    /// with `sent`, `received`, `imported`, `held`, `refused` (and more counts).
    Sync,
    /// What you queued through a mailbox and whether it was delivered.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Automatic routing: board changes that send themselves through the mailbox.
    #[command(subcommand)]
    Routing(RoutingCommand),
    /// The tamper-evident audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Full-text search within what your role may read; one line (JSON object) per case.
    Search { query: String },
    /// Cases: list, export and import the interchange JSON.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Reports over many cases: `report patterns` (lawyers and admins), `report board` and
    /// `report dashboard` (every role, over the cases its board shows).
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Counts of acts for rapporteurs and prosecutors, statistical consent only, cells below
    /// --min-cell (default 5, at least 2) suppressed with their complements.
    Patterns {
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
        /// docx, pdf, md, csv or xlsx
        #[arg(long)]
        format: String,
        /// First month counted: YYYY-MM-DD or YYYY-MM.
        #[arg(long)]
        from: Option<String>,
        /// Last month counted: YYYY-MM-DD or YYYY-MM.
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        min_cell: Option<u64>,
        /// Only this region (as the report prints it).
        #[arg(long)]
        region: Option<String>,
        /// The document's language: en or ru.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// The case board as this user sees it, every matching case, with the dashboard's counts:
    /// status fields only (no testimony, names or places), to print or open in a spreadsheet.
    Board {
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
        /// csv or pdf
        #[arg(long)]
        format: String,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        risk: Option<String>,
        /// Only cases whose follow-up is overdue.
        #[arg(long)]
        overdue: bool,
        /// The document's language: en or ru.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// The dashboard's counts as the dashboard shows them (by status, by evacuation stage,
    /// overdue follow-ups, detentions per month) over the cases this user's board shows:
    /// counts only, to print or open in a spreadsheet.
    Dashboard {
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
        /// csv or pdf
        #[arg(long)]
        format: String,
        /// The document's language: en or ru.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Print your key line; compare its fingerprint with the recipient by phone or in person.
    Show,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Pin someone's key line under a name. A name already pinned to another key is refused
    /// unless --replace is given (the change is audited with both fingerprints).
    Add {
        name: String,
        keyline: String,
        /// Replace the key pinned under this name.
        #[arg(long)]
        replace: bool,
    },
    /// Your pinned contacts with fingerprints.
    List,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// A bundle of case ID for pinned contacts (or a minimised status card).
    Create {
        id: String,
        #[arg(long, value_delimiter = ',')]
        to: Vec<String>,
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
        #[arg(long)]
        status_card: bool,
    },
    /// Verify a bundle completely, then import it; prints what was added or changed.
    Open {
        #[arg(value_parser = file_arg)]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncomingCommand {
    /// Every bundle you opened and every held update you may decide, newest first: with
    /// --json one object per line with `id`, `from`, `case`, `state` (imported, held,
    /// refused), `reason` and `changed` (for a held one: what it would change now).
    List {
        /// Only the updates waiting for a decision.
        #[arg(long)]
        held: bool,
    },
    /// Apply a held update (every import check runs again; a whole-case update that changes
    /// an answer or an attachment needs the right to change the testimony, a status card the
    /// right to move the case along).
    Accept {
        id: i64,
        /// Also trust its sender for this case from now on: their later updates apply without
        /// a decision (a whole case needs the right to change the testimony). Audited.
        #[arg(long)]
        trust: bool,
    },
    /// Reject a held update: nothing is applied and its copy is deleted.
    Reject { id: i64 },
    /// Show a held update beside your copy: every answer that differs (and the workflow
    /// status, as `@status`), yours and theirs. With --json one object with `base` (the
    /// version of your copy compared) and `rows` (`path`, `mine`, `theirs`).
    Compare { id: i64 },
    /// Merge a held update answer by answer: take theirs for each --take PATH (from
    /// `incoming compare`), keep yours for every other answer. Nothing else is overwritten;
    /// with --base, refused if your copy changed since that comparison.
    Merge {
        id: i64,
        /// An answer path (or `@status`) to take from the update; repeat for several.
        #[arg(long = "take", value_name = "PATH")]
        take: Vec<String>,
        /// The `base` printed by `incoming compare`.
        #[arg(long, value_name = "VERSION")]
        base: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailboxCommand {
    /// Add a mailbox: a folder (Syncthing, a sync client), an S3 bucket (keys from
    /// WAYSTONE_S3_ACCESS_KEY_ID / WAYSTONE_S3_SECRET_ACCESS_KEY) or a WebDAV collection
    /// (WAYSTONE_WEBDAV_USER / WAYSTONE_WEBDAV_PASSWORD). The team's mailbox key is taken from
    /// WAYSTONE_MAILBOX_KEY (the line `mailbox key` printed in the first vault), or made new.
    #[command(group(clap::ArgGroup::new("engine").required(true).args(["folder", "s3", "webdav"])))]
    Add {
        name: String,
        #[arg(long)]
        folder: Option<PathBuf>,
        /// The S3 endpoint, e.g. https://garage.example.org (path-style requests).
        #[arg(long, requires = "bucket")]
        s3: Option<String>,
        #[arg(long)]
        bucket: Option<String>,
        #[arg(long, default_value = "garage")]
        region: String,
        /// The WebDAV collection's URL.
        #[arg(long)]
        webdav: Option<String>,
    },
    /// The mailboxes (never their key or credentials); --json: one object per line.
    List,
    /// Remove a mailbox and its outbox (objects on the server stay).
    Remove { name: String },
    /// Check that the server answers and the credentials work (writes nothing).
    Test { name: String },
    /// Print the mailbox's key line, once, to set up a teammate's vault
    /// (WAYSTONE_MAILBOX_KEY there). Secret: hand it over in person. Audited.
    Key { name: String },
}

#[derive(Debug, Subcommand)]
pub enum RoutingCommand {
    /// The rules in force; --json: one object with `coordinators`, `legal_review_to`,
    /// `report_to_origin`.
    Show,
    /// Replace the rules (admins): a status card of every workflow or evacuation change to
    /// the coordinators named; the whole case to a lawyer contact when it moves to legal
    /// review; a status card of every workflow change back to where the case came from.
    Set {
        /// Contacts (comma-separated) who get a status card of every board change.
        #[arg(long, value_delimiter = ',')]
        coordinators: Vec<String>,
        /// The lawyer contact who gets the whole case when it moves to legal review.
        #[arg(long, value_name = "NAME")]
        legal_review_to: Option<String>,
        /// Send a status card of every workflow change to the contact the case came from.
        #[arg(long)]
        report_to_origin: bool,
    },
    /// Turn routing off (admins).
    Off,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Your queued, uploaded and delivered items, newest first; --json: one object per line
    /// with `id`, `to`, `case`, `status_card`, `state`, `attempts`, `last_error`, `receipt`.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; names the first broken, missing or reordered entry (exit 3).
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// One line per case (with --json: one JSON object per line).
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        stage: Option<String>,
    },
    /// The case as interchange JSON on stdout.
    Export { id: String },
    /// Validate and add (or update) a case from interchange JSON ("-" for stdin); prints the id.
    Import { file: PathBuf },
    /// Move a case through the workflow (filed needs --body, --number and --date).
    Status {
        id: String,
        status: String,
        #[arg(long)]
        body: Option<String>,
        #[arg(long)]
        number: Option<String>,
        #[arg(long)]
        date: Option<String>,
    },
    /// Assign a caseworker and/or a lawyer (coordinators and admins).
    Assign {
        id: String,
        #[arg(long)]
        caseworker: Option<String>,
        #[arg(long)]
        lawyer: Option<String>,
    },
    /// Change the evacuation stage (and the next follow-up date, YYYY-MM-DD).
    Stage {
        id: String,
        stage: String,
        #[arg(long)]
        follow_up: Option<String>,
    },
    /// Workflow events and answer changes of a case (who, when, what changed; no content).
    History { id: String },
    /// Your own private label of a case, shown beside its code in your case list (never
    /// exported or sent): prints it, or with TEXT sets it ("" removes it).
    Label { id: String, text: Option<String> },
    /// Discard a case started by mistake: only while it holds nothing beyond consent, was
    /// never moved, documented or exchanged (its caseworker or lawyer, admins). Audited.
    Discard { id: String },
    /// Delete a case and everything of it (admins). `--confirm` must repeat the case's code;
    /// anything else deletes nothing. Audited.
    Delete {
        id: String,
        /// The case's code, typed again to confirm.
        #[arg(long)]
        confirm: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FormCommand {
    /// Check an XLSForm workbook (.xlsx, .ods, .xls) and store it as a form version (admins).
    /// Any problem: exit 6, every problem listed, nothing written.
    Import {
        #[arg(value_parser = file_arg)]
        file: PathBuf,
    },
    /// Every form version, built in and imported (with --json: one JSON object per line).
    List,
    /// Write a form as an XLSForm workbook (the latest version unless --version).
    Export {
        id: String,
        #[arg(long)]
        version: Option<u32>,
        #[arg(long, value_parser = file_arg)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (admins only).
    Add {
        name: String,
        #[arg(long)]
        role: String,
    },
    /// List users and roles (no unlock needed).
    List,
    /// Remove a user's key slot (admins only).
    Remove { name: String },
    /// Change your passphrase, or another user's (admins only).
    Passwd { name: Option<String> },
}

/// A file argument as an absolute path: relative to the working directory, as command lines
/// read paths. The core refuses relative paths (the app's and the CLI's alike,
/// `fsio::require_absolute`); the CLI resolves them here first, so scripts keep working.
fn file_arg(text: &str) -> Result<PathBuf, String> {
    std::path::absolute(text).map_err(|_| "give a file path".to_owned())
}

/// A failure as the CLI reports it: one line, one exit status.
pub struct CliError {
    pub code: Code,
    pub message: String,
}

impl CliError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<waystone::fsio::FileError> for CliError {
    fn from(e: waystone::fsio::FileError) -> Self {
        waystone::vault::VaultError::from(e).into()
    }
}

impl From<waystone::vault::VaultError> for CliError {
    /// The core's message, plus the command-line way out where there is one: core messages
    /// name no flag (the app shows them too).
    fn from(e: waystone::vault::VaultError) -> Self {
        use waystone::vault::VaultError as E;
        let hint = match &e {
            E::NoVault => " (`waystone init`, or --vault DIR)",
            E::UserRequired => " (--user NAME)",
            E::ReviewPending(_) => " (or pass --accept-candidates)",
            E::ContactPinned { .. } => " (then pass --replace)",
            E::NoSuchIncoming => " (see `waystone incoming list`)",
            E::NoMailbox => " (`waystone mailbox add`, `waystone mailbox list`)",
            _ => "",
        };
        CliError {
            code: e.code(),
            message: format!("{e}{hint}"),
        }
    }
}

pub type CliResult = Result<(), CliError>;

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let is_help = matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            );
            let _ = e.print();
            return if is_help {
                0
            } else {
                Code::Invalid.exit_status()
            };
        }
    };
    let mut input = secrets::Input::new(cli.passphrase_stdin);
    let result = match &cli.command {
        Command::Init { role } => vault_cmds::init(&cli, &mut input, role),
        Command::Check => vault_cmds::check(&cli, &mut input),
        Command::Recover => vault_cmds::recover(&cli, &mut input),
        Command::Wipe {
            yes_destroy_everything,
        } => vault_cmds::wipe(&cli, *yes_destroy_everything),
        Command::UnlockLimit { limit } => {
            vault_cmds::unlock_limit(&cli, &mut input, limit.as_deref())
        }
        Command::User(cmd) => users::run(&cli, &mut input, cmd),
        Command::Case(cmd) => cases::run(&cli, &mut input, cmd),
        Command::Search { query } => cases::search(&cli, &mut input, query),
        Command::Export {
            id,
            profile,
            format,
            out,
            accept_candidates,
            lang,
            host,
        } => cases::export_legal(
            &cli,
            &mut input,
            id,
            profile,
            format,
            out,
            *accept_candidates,
            lang,
            host.as_deref(),
        ),
        Command::Backup { out } => vault_cmds::backup(&cli, &mut input, out),
        Command::Restore { file, recovery_key } => {
            vault_cmds::restore(&cli, &mut input, file, *recovery_key)
        }
        Command::Audit(AuditCommand::Verify) => vault_cmds::audit_verify(&cli, &mut input),
        Command::Key(KeyCommand::Show) => transfer::key_show(&cli, &mut input),
        Command::Contact(cmd) => transfer::contact(&cli, &mut input, cmd),
        Command::Bundle(cmd) => transfer::bundle(&cli, &mut input, cmd),
        Command::Incoming(cmd) => transfer::incoming(&cli, &mut input, cmd),
        Command::Form(cmd) => forms::run(&cli, &mut input, cmd),
        Command::Report(cmd) => report::run(&cli, &mut input, cmd),
        Command::Asylum(cmd) => asylum::run(&cli, &mut input, cmd),
        Command::Mailbox(cmd) => mailbox::run(&cli, &mut input, cmd),
        Command::Send {
            id,
            to,
            status_card,
            mailbox,
        } => mailbox::send(&cli, &mut input, id, to, *status_card, mailbox.as_deref()),
        Command::Sync => mailbox::sync(&cli, &mut input),
        Command::Outbox(OutboxCommand::List) => mailbox::outbox(&cli, &mut input),
        Command::Routing(cmd) => mailbox::routing(&cli, &mut input, cmd),
        Command::Redact {
            profile,
            entities,
            log,
        } => redact::run(profile, entities, log.as_deref()),
        Command::Demo { cases, seed } => cases::demo(&cli, &mut input, *cases, *seed),
    };
    let status = match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("waystone: {}", e.message);
            e.code.exit_status()
        }
    };
    // Key pages the OS refused to lock into RAM: a warning, never a failure.
    if let Some(warning) = waystone::crypto::memory_lock_warning() {
        eprintln!("waystone: {warning}");
    }
    status
}

/// The vault directory: --vault, WAYSTONE_VAULT, or the platform data directory.
pub fn vault_dir(cli: &Cli) -> Result<PathBuf, CliError> {
    if let Some(v) = &cli.vault {
        return Ok(v.clone());
    }
    waystone::vault::default_dir()
        .ok_or_else(|| CliError::new(Code::Invalid, "no --vault given and no home directory"))
}

/// Unlocks the vault named by --vault as --user with the acting passphrase.
pub fn unlock(cli: &Cli, input: &mut secrets::Input) -> Result<waystone::vault::Vault, CliError> {
    let dir = vault_dir(cli)?;
    if !waystone::vault::exists(&dir) {
        return Err(waystone::vault::VaultError::NoVault.into());
    }
    let passphrase = input.passphrase()?;
    Ok(waystone::vault::Vault::unlock(
        &dir,
        cli.user.as_deref(),
        &passphrase,
    )?)
}
