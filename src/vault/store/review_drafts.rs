//! The `review_drafts` table (migration 0014): a lawyer's unfinished review decisions on one
//! document of one case, as JSON, with the review token they were made on. Rows are keyed by
//! case, user, document and language; the rules above decide what a row means.

use rusqlite::{params, Connection, OptionalExtension};

use crate::vault::error::VaultError;

/// Which draft: a case, its reviewer, a document (`echr`, `public`, `asylum:DE`), a language.
pub(crate) struct DraftKey<'a> {
    pub case_id: &'a str,
    pub user: &'a str,
    pub document: &'a str,
    pub language: &'a str,
}

/// A stored draft: the token and rule set it was made on, and its decisions (JSON).
pub(crate) struct StoredDraft {
    pub token: String,
    pub ruleset: String,
    pub decisions: String,
}

pub(crate) fn get(conn: &Connection, k: &DraftKey<'_>) -> Result<Option<StoredDraft>, VaultError> {
    Ok(conn
        .prepare_cached(
            "SELECT token, ruleset, decisions FROM review_drafts
             WHERE case_id = ?1 AND user = ?2 AND document = ?3 AND language = ?4",
        )?
        .query_row(params![k.case_id, k.user, k.document, k.language], |r| {
            Ok(StoredDraft {
                token: r.get(0)?,
                ruleset: r.get(1)?,
                decisions: r.get(2)?,
            })
        })
        .optional()?)
}

/// Writes the draft over the one held; true when there was none (a new draft).
pub(crate) fn put(
    conn: &Connection,
    k: &DraftKey<'_>,
    draft: &StoredDraft,
    at: &str,
) -> Result<bool, VaultError> {
    let existed = get(conn, k)?.is_some();
    conn.prepare_cached(
        "INSERT INTO review_drafts(case_id, user, document, language, token, ruleset, decisions, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(case_id, user, document, language) DO UPDATE SET token = excluded.token,
             ruleset = excluded.ruleset, decisions = excluded.decisions, updated_at = excluded.updated_at",
    )?
    .execute(params![
        k.case_id,
        k.user,
        k.document,
        k.language,
        draft.token,
        draft.ruleset,
        draft.decisions,
        at
    ])?;
    Ok(!existed)
}

/// Removes the draft; true when there was one.
pub(crate) fn remove(conn: &Connection, k: &DraftKey<'_>) -> Result<bool, VaultError> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM review_drafts
             WHERE case_id = ?1 AND user = ?2 AND document = ?3 AND language = ?4",
        )?
        .execute(params![k.case_id, k.user, k.document, k.language])?
        > 0)
}
