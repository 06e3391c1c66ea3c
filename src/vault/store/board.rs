//! The board's columns of the `cases` table and the search index: the fields derived from a
//! case's answers (stage, risk, follow-up, detention period), kept in step with the answers
//! inside the same transaction; the full-text rows, rewritten lazily; workflow events; and
//! the SQL that limits a listing to the rows a role may see.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use waystone_forms::Answers;

use crate::access::Role;
use crate::board::derive::{derive, Derived};
use crate::board::{Assignment, Filing};
use crate::cases::CaseSummary;
use crate::vault::error::VaultError;

/// One row of the board: what a coordinator may see of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardRow {
    pub summary: CaseSummary,
    pub assignment: Assignment,
    pub due_date: Option<String>,
    pub risk: Option<String>,
    pub next_follow_up: Option<String>,
    pub overdue: bool,
    pub first_detention: Option<String>,
    pub last_detention: Option<String>,
    pub filing: Option<Filing>,
    /// The contact whose bundle was last imported for this case, and when (none for a case
    /// that never came in a bundle).
    pub last_heard: Option<(String, String)>,
}

/// [`super::cases::SUMMARY_COLUMNS`] first, then the board's own.
pub(crate) const BOARD_COLUMNS: &str = "id, code, form_id, form_version, status, stage, created_at, created_by, updated_at, updated_by,
     assigned_caseworker, assigned_lawyer, due_date, risk, next_follow_up, first_detention, last_detention,
     filing_body, filing_number, filing_date,
     (EXISTS(SELECT 1 FROM case_senders s WHERE s.case_id = cases.id AND s.why = 'origin')
      OR EXISTS(SELECT 1 FROM incoming i WHERE i.case_id = cases.id AND i.reason = 'new_case')),
     (SELECT i.sender FROM incoming i WHERE i.case_id = cases.id AND i.state = 'imported' ORDER BY i.id DESC LIMIT 1),
     (SELECT i.received_at FROM incoming i WHERE i.case_id = cases.id AND i.state = 'imported' ORDER BY i.id DESC LIMIT 1)";

/// A board row from a query selecting [`BOARD_COLUMNS`].
pub(crate) fn from_row(r: &rusqlite::Row<'_>, today: &str) -> rusqlite::Result<BoardRow> {
    let next_follow_up: Option<String> = r.get(14)?;
    let filing_body: Option<String> = r.get(17)?;
    Ok(BoardRow {
        // the first columns are the summary's, in its order
        summary: super::cases::summary_from_row(r)?,
        assignment: Assignment {
            created_by: r.get(7)?,
            caseworker: r.get(10)?,
            lawyer: r.get(11)?,
            received: r.get(20)?,
        },
        due_date: r.get(12)?,
        risk: r.get(13)?,
        overdue: next_follow_up.as_deref().is_some_and(|d| d < today),
        next_follow_up,
        first_detention: r.get(15)?,
        last_detention: r.get(16)?,
        filing: match filing_body {
            Some(body) => Some(Filing {
                body,
                number: r.get(18)?,
                date: r.get(19)?,
            }),
            None => None,
        },
        last_heard: match (
            r.get::<_, Option<String>>(21)?,
            r.get::<_, Option<String>>(22)?,
        ) {
            (Some(from), Some(at)) => Some((from, at)),
            _ => None,
        },
    })
}

/// The board row of case `id`; `CaseNotFound` when there is none.
pub(crate) fn row(conn: &Connection, id: &str) -> Result<BoardRow, VaultError> {
    let today = today();
    conn.prepare_cached(&format!("SELECT {BOARD_COLUMNS} FROM cases WHERE id = ?1"))?
        .query_row([id], |r| from_row(r, &today))
        .optional()?
        .ok_or(VaultError::CaseNotFound)
}

pub(crate) fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// Recomputes a case's board fields from its answers (inside the caller's transaction, so
/// they never disagree with the answers) and marks its search row stale: the row is
/// rewritten by [`refresh_search`] before the next full-text search, not on every save.
pub(crate) fn write_derived(
    tx: &Transaction<'_>,
    id: &str,
    answers: &Answers,
) -> Result<(), VaultError> {
    let Derived {
        stage,
        risk,
        next_follow_up,
        first_detention,
        last_detention,
        ..
    } = derive(answers);
    tx.prepare_cached(
        "UPDATE cases SET stage = ?2, risk = ?3, next_follow_up = ?4, first_detention = ?5, last_detention = ?6,
                          search_stale = 1
         WHERE id = ?1",
    )?
    .execute(params![id, stage, risk, next_follow_up, first_detention, last_detention])?;
    Ok(())
}

/// Rewrites the search rows of up to `max` cases marked stale, in one transaction (a crash
/// before the commit leaves them marked, so the next search does it again); how many.
pub(crate) fn refresh_search(conn: &rusqlite::Connection, max: usize) -> Result<usize, VaultError> {
    let max = i64::try_from(max).unwrap_or(-1); // -1: no limit
    let stale: Vec<String> = conn
        .prepare_cached("SELECT id FROM cases WHERE search_stale = 1 LIMIT ?1")?
        .query_map([max], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if stale.is_empty() {
        return Ok(0);
    }
    let tx = conn.unchecked_transaction()?;
    for id in &stale {
        let answers = super::answers::read(&tx, id)?;
        write_search_row(&tx, id, &derive(&answers))?;
    }
    tx.commit()?;
    Ok(stale.len())
}

fn write_search_row(tx: &Transaction<'_>, id: &str, d: &Derived) -> Result<(), VaultError> {
    // By rowid: `case_id` is not indexed in the FTS5 table, so deleting by it scans the
    // whole index. Every search row has its rowid in `cases.search_rowid` (migration 0006
    // filled it for older vaults).
    let old: Option<i64> =
        tx.query_row("SELECT search_rowid FROM cases WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    if let Some(rowid) = old {
        tx.execute("DELETE FROM case_search WHERE rowid = ?1", [rowid])?;
    }
    tx.execute(
        "INSERT INTO case_search(case_id, testimony, perpetrators, places) VALUES (?1, ?2, ?3, ?4)",
        params![id, d.testimony, d.perpetrators, d.places],
    )?;
    tx.execute(
        "UPDATE cases SET search_rowid = ?2, search_stale = 0 WHERE id = ?1",
        params![id, tx.last_insert_rowid()],
    )?;
    Ok(())
}

/// The rows a role may list, as SQL over parameters `?n` (the scope: `all`, `caseworker`,
/// `lawyer`) and `?n+1` (the user); [`crate::board::can_list_case`] checks every row read again.
pub(crate) fn scope_sql(n: usize) -> String {
    let u = n + 1;
    format!(
        "(?{n} = 'all' OR (?{n} = 'caseworker' AND ((created_by = ?{u}
              AND NOT EXISTS (SELECT 1 FROM case_senders s WHERE s.case_id = cases.id AND s.why = 'origin')
              AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.case_id = cases.id AND i.reason = 'new_case'))
            OR assigned_caseworker = ?{u}))
          OR (?{n} = 'lawyer' AND assigned_lawyer = ?{u}))"
    )
}

/// The parameters of [`scope_sql`] for `user` in `role`.
pub(crate) fn scope(role: Role, user: &str) -> (&'static str, &str) {
    match role {
        Role::Admin | Role::Coordinator => ("all", user),
        Role::Caseworker => ("caseworker", user),
        Role::Lawyer => ("lawyer", user),
    }
}

/// Appends a workflow event to the case's history, inside the caller's transaction.
pub(crate) fn event(
    tx: &Transaction<'_>,
    id: &str,
    at: &str,
    by: &str,
    kind: &str,
    detail: &str,
) -> Result<(), VaultError> {
    tx.execute(
        "INSERT INTO case_events(case_id, at, by, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, at, by, kind, detail],
    )?;
    Ok(())
}

/// Records who changed the case and when, and rewrites its derived board columns.
pub(crate) fn touch(
    tx: &Transaction<'_>,
    id: &str,
    at: &str,
    user: &str,
    answers: &Answers,
) -> Result<(), VaultError> {
    tx.prepare_cached("UPDATE cases SET updated_at = ?2, updated_by = ?3 WHERE id = ?1")?
        .execute(params![id, at, user])?;
    write_derived(tx, id, answers)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_board_row_begins_with_the_summary_columns() {
        // `from_row` reads the summary through `cases::summary_from_row`
        assert!(super::BOARD_COLUMNS.starts_with(super::super::cases::SUMMARY_COLUMNS));
    }
}
