//! The `cases` table: a case's identifiers, form version, workflow columns and the columns
//! derived from its answers for the board.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::cases::CaseSummary;
use crate::vault::error::VaultError;

pub(crate) const SUMMARY_COLUMNS: &str =
    "id, code, form_id, form_version, status, stage, created_at, created_by, updated_at, updated_by";

pub(crate) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: r.get(0)?,
        code: r.get(1)?,
        form_id: r.get(2)?,
        form_version: r.get(3)?,
        status: r.get(4)?,
        stage: r.get(5)?,
        created_at: r.get(6)?,
        created_by: r.get(7)?,
        updated_at: r.get(8)?,
        updated_by: r.get(9)?,
    })
}

/// The summary of case `id` (no testimony); `CaseNotFound` when there is none.
pub(crate) fn summary(conn: &Connection, id: &str) -> Result<CaseSummary, VaultError> {
    conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM cases WHERE id = ?1"
    ))?
    .query_row([id], summary_from_row)
    .optional()?
    .ok_or(VaultError::CaseNotFound)
}

/// Case `id`'s filing details, when one is recorded (body, number, date).
pub(crate) fn filing(
    conn: &Connection,
    id: &str,
) -> Result<Option<crate::cases::interchange::FilingDoc>, VaultError> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT filing_body, filing_number, filing_date FROM cases WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(match row {
        Some((Some(body), Some(number), Some(date))) => {
            Some(crate::cases::interchange::FilingDoc { body, number, date })
        }
        _ => None,
    })
}
