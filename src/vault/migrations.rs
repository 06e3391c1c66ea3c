//! Schema migrations: append-only SQL files embedded in the binary, applied in one
//! transaction, the version kept in `PRAGMA user_version`. A vault whose version is higher
//! than this build knows is refused (`NewerVersion`) and left untouched.

use rusqlite::Connection;

use super::VaultError;

/// Every migration in order; index + 1 is the schema version it produces.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_cases.sql"),
    include_str!("../../migrations/0003_board.sql"),
    include_str!("../../migrations/0004_keys.sql"),
    include_str!("../../migrations/0005_exports.sql"),
    include_str!("../../migrations/0006_search_rowid.sql"),
    include_str!("../../migrations/0007_search_on_demand.sql"),
    include_str!("../../migrations/0008_bundle_provenance.sql"),
    include_str!("../../migrations/0009_mailbox.sql"),
    include_str!("../../migrations/0010_case_bases.sql"),
    include_str!("../../migrations/0011_forms.sql"),
    include_str!("../../migrations/0012_asylum.sql"),
    include_str!("../../migrations/0013_case_labels.sql"),
    include_str!("../../migrations/0014_review_drafts.sql"),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn apply(conn: &mut Connection) -> Result<(), VaultError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > latest() {
        return Err(VaultError::NewerVersion);
    }
    if current == latest() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in MIGRATIONS.iter().skip(current as usize) {
        tx.execute_batch(sql)?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {};", latest()))?;
    tx.commit()?;
    Ok(())
}
