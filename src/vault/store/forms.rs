//! The `forms` table of migration 0011: imported form versions (canonical definition JSON,
//! its digest, the workbook they came from). Rows only: parsing, checking and rights are
//! `catalog`'s. Versions are immutable (the migration's triggers say so too).

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::vault::VaultError;

/// One imported form version as stored.
pub(crate) struct FormRow {
    pub id: String,
    pub version: u32,
    /// The title labels as JSON (`{"en": "…", "ru": "…"}`).
    pub title: String,
    pub definition: String,
    pub digest: String,
    pub available: bool,
    pub imported_by: String,
    pub imported_at: String,
}

const COLUMNS: &str = "id, version, title, definition, digest, available, imported_by, imported_at";

fn form_row(r: &Row<'_>) -> rusqlite::Result<FormRow> {
    Ok(FormRow {
        id: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        definition: r.get(3)?,
        digest: r.get(4)?,
        available: r.get(5)?,
        imported_by: r.get(6)?,
        imported_at: r.get(7)?,
    })
}

/// Adds a form version with the workbook it came from (`None` for a definition that came
/// with a case bundle: no workbook travels).
pub(crate) fn insert(
    conn: &Connection,
    f: &FormRow,
    workbook: Option<&[u8]>,
) -> Result<(), VaultError> {
    conn.execute(
        &format!(
            "INSERT INTO forms({COLUMNS}, workbook) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            f.id,
            f.version,
            f.title,
            f.definition,
            f.digest,
            f.available,
            f.imported_by,
            f.imported_at,
            workbook
        ],
    )?;
    Ok(())
}

/// The form version `id`/`version`, if imported.
pub(crate) fn get(
    conn: &Connection,
    id: &str,
    version: u32,
) -> Result<Option<FormRow>, VaultError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM forms WHERE id = ?1 AND version = ?2"
        ))?
        .query_row(params![id, version], form_row)
        .optional()?)
}

/// Every imported form version, by id then version.
pub(crate) fn list(conn: &Connection) -> Result<Vec<FormRow>, VaultError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM forms ORDER BY id, version"))?;
    let rows = stmt.query_map([], form_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many cases were started on the form version.
pub(crate) fn cases_using(conn: &Connection, id: &str, version: u32) -> Result<i64, VaultError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM cases WHERE form_id = ?1 AND form_version = ?2",
        params![id, version],
        |r| r.get(0),
    )?)
}

/// Offers (or withdraws) an imported form version for new interviews; `false` if no such row.
pub(crate) fn set_available(
    conn: &Connection,
    id: &str,
    version: u32,
    available: bool,
) -> Result<bool, VaultError> {
    let n = conn.execute(
        "UPDATE forms SET available = ?3 WHERE id = ?1 AND version = ?2",
        params![id, version, available],
    )?;
    Ok(n == 1)
}
