//! The `asylum_details` table: one JSON record of a case's asylum details (the shape of
//! `legal::asylum::AsylumDetails`), with who wrote it when.

use rusqlite::{params, Connection, OptionalExtension};

use crate::vault::error::VaultError;

/// Case `id`'s asylum record as stored, when there is one.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<String>, VaultError> {
    Ok(conn
        .prepare_cached("SELECT record FROM asylum_details WHERE case_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Writes case `id`'s asylum record over the one held.
pub(crate) fn put(
    conn: &Connection,
    id: &str,
    record: &str,
    at: &str,
    by: &str,
) -> Result<(), VaultError> {
    conn.prepare_cached(
        "INSERT INTO asylum_details(case_id, record, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(case_id) DO UPDATE SET record = excluded.record,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(params![id, record, at, by])?;
    Ok(())
}
