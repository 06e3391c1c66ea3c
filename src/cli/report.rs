//! `waystone report patterns`: the pattern report for rapporteurs and prosecutors (counts of
//! acts, small cells suppressed; docs/pattern-report.md); `waystone report board`: the case
//! board as the user sees it, status fields only, and `waystone report dashboard`: the
//! dashboard's counts (`waystone::desk` export).

use std::path::Path;

use waystone::render::Lang;
use waystone::report::{parse_month, Filter, ReportFormat, DEFAULT_K, MIN_K};
use waystone::vault::Vault;
use waystone::Code;

use super::secrets::Input;
use super::{unlock, Cli, CliError, CliResult, ReportCommand};

pub fn run(cli: &Cli, input: &mut Input, cmd: &ReportCommand) -> CliResult {
    match cmd {
        ReportCommand::Patterns {
            out,
            format,
            from,
            to,
            min_cell,
            region,
            lang,
        } => patterns(
            cli,
            input,
            out,
            format,
            (from.as_deref(), to.as_deref()),
            min_cell.unwrap_or(DEFAULT_K),
            region.as_deref(),
            lang,
        ),
        ReportCommand::Board {
            out,
            format,
            status,
            stage,
            risk,
            overdue,
            lang,
        } => {
            let query = waystone::desk::BoardQuery {
                status: status.clone(),
                stage: stage.clone(),
                risk: risk.clone(),
                overdue_only: *overdue,
                ..Default::default()
            };
            board(cli, input, out, format, query, lang)
        }
        ReportCommand::Dashboard { out, format, lang } => dashboard(cli, input, out, format, lang),
    }
}

fn dashboard(cli: &Cli, input: &mut Input, out: &Path, format: &str, lang: &str) -> CliResult {
    // every argument checked before the passphrase is asked
    let mut problems = Vec::new();
    let format = waystone::desk::BoardFormat::parse(format);
    if format.is_none() {
        problems.push("--format must be csv or pdf".to_owned());
    }
    let lang = parse_lang(lang, &mut problems);
    if out.exists() {
        problems.push("the output file already exists; choose a new name".to_owned());
    }
    let (Some(format), Some(lang), true) = (format, lang, problems.is_empty()) else {
        return Err(CliError::new(Code::Invalid, problems.join("; ")));
    };
    let vault: Vault = unlock(cli, input)?;
    let bytes = vault.write_dashboard(lang, format, out)?;
    outln!("Dashboard written to {} ({bytes} bytes).", out.display());
    Ok(())
}

fn parse_lang(lang: &str, problems: &mut Vec<String>) -> Option<Lang> {
    match lang {
        "en" => Some(Lang::En),
        "ru" => Some(Lang::Ru),
        _ => {
            problems.push("--lang must be en or ru".to_owned());
            None
        }
    }
}

fn board(
    cli: &Cli,
    input: &mut Input,
    out: &Path,
    format: &str,
    query: waystone::desk::BoardQuery,
    lang: &str,
) -> CliResult {
    // every argument checked before the passphrase is asked
    let mut problems = Vec::new();
    let format = waystone::desk::BoardFormat::parse(format);
    if format.is_none() {
        problems.push("--format must be csv or pdf".to_owned());
    }
    if query
        .status
        .as_deref()
        .is_some_and(|s| waystone::board::Status::parse(s).is_none())
    {
        problems.push("unknown --status (see README for the list)".to_owned());
    }
    if query
        .stage
        .as_deref()
        .is_some_and(|s| waystone::board::Stage::parse(s).is_none())
    {
        problems.push("unknown --stage (see README for the list)".to_owned());
    }
    if query
        .risk
        .as_deref()
        .is_some_and(|s| waystone::board::Risk::parse(s).is_none())
    {
        problems.push("unknown --risk (low, medium, high, critical)".to_owned());
    }
    let lang = parse_lang(lang, &mut problems);
    if out.exists() {
        problems.push("the output file already exists; choose a new name".to_owned());
    }
    let (Some(format), Some(lang), true) = (format, lang, problems.is_empty()) else {
        return Err(CliError::new(Code::Invalid, problems.join("; ")));
    };
    let vault: Vault = unlock(cli, input)?;
    let bytes = vault.write_board(&query, lang, format, out)?;
    outln!("Board written to {} ({bytes} bytes).", out.display());
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn patterns(
    cli: &Cli,
    input: &mut Input,
    out: &Path,
    format: &str,
    (from, to): (Option<&str>, Option<&str>),
    k: u64,
    region: Option<&str>,
    lang: &str,
) -> CliResult {
    // every argument checked before the passphrase is asked
    let mut problems = Vec::new();
    let format = ReportFormat::parse(format);
    if format.is_none() {
        problems.push("--format must be docx, pdf, md, csv or xlsx".to_owned());
    }
    let month = |s: Option<&str>, flag: &str, problems: &mut Vec<String>| {
        s.and_then(|s| {
            let m = parse_month(s);
            if m.is_none() {
                problems.push(format!(
                    "{flag} must be a date YYYY-MM-DD or a month YYYY-MM"
                ));
            }
            m
        })
    };
    let from = month(from, "--from", &mut problems);
    let to = month(to, "--to", &mut problems);
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            problems.push("--from is after --to".to_owned());
        }
    }
    if k < MIN_K {
        problems.push(format!("--min-cell must be at least {MIN_K}"));
    }
    let lang = parse_lang(lang, &mut problems);
    if out.exists() {
        problems.push("the output file already exists; choose a new name".to_owned());
    }
    let (Some(format), Some(lang), true) = (format, lang, problems.is_empty()) else {
        return Err(CliError::new(Code::Invalid, problems.join("; ")));
    };
    let filter = Filter {
        from,
        to,
        region: region.map(str::to_owned),
    };
    let mut vault: Vault = unlock(cli, input)?;
    let bytes = vault.pattern_report(&filter, k, format, lang)?;
    waystone::fsio::write_new_file(out, &bytes, "writing the pattern report")?;
    outln!(
        "Pattern report written to {} ({} bytes; cells below {k} suppressed).",
        out.display(),
        bytes.len()
    );
    Ok(())
}
