//! The `answers`, `repeats` and `answer_history` tables: every change of an answer or of a
//! repeat's count is written with who and when, and appended to the history, inside the
//! caller's transaction.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use waystone_forms::{Answer, AnswerPath, Answers};

use crate::cases::{self, HistoryEntry};
use crate::vault::error::VaultError;

/// Refuses an answer of `len` bytes (as stored) at `path` beyond the limits of the
/// interchange ([`cases::interchange::MAX_ANSWER_BYTES`] each,
/// [`cases::interchange::MAX_ANSWERS_BYTES`] for the case's answers together).
pub(crate) fn check_size(
    tx: &Transaction<'_>,
    id: &str,
    path: &str,
    len: usize,
) -> Result<(), VaultError> {
    use cases::interchange::{MAX_ANSWERS_BYTES, MAX_ANSWER_BYTES};
    if len > MAX_ANSWER_BYTES {
        return Err(VaultError::TooLarge(format!(
            "an answer may hold at most {} KiB (about {} pages of text)",
            MAX_ANSWER_BYTES / 1024,
            MAX_ANSWER_BYTES / 1024 / 4
        )));
    }
    let others: i64 = tx
        .prepare_cached(
            "SELECT COALESCE(SUM(length(CAST(answer AS BLOB))), 0) FROM answers
             WHERE case_id = ?1 AND path <> ?2",
        )?
        .query_row(params![id, path], |r| r.get(0))?;
    if usize::try_from(others)
        .unwrap_or(usize::MAX)
        .saturating_add(len)
        > MAX_ANSWERS_BYTES
    {
        return Err(VaultError::TooLarge(format!(
            "the answers of one case may hold at most {} MiB together",
            MAX_ANSWERS_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

pub(crate) fn answer_json(a: &Answer) -> Result<String, VaultError> {
    serde_json::to_string(a).map_err(|_| VaultError::Internal("serialising an answer"))
}

pub(crate) fn read(conn: &Connection, id: &str) -> Result<Answers, VaultError> {
    let mut answers = Answers::new();
    let mut stmt = conn.prepare_cached("SELECT path, answer FROM answers WHERE case_id = ?1")?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (path, json) = row?;
        let path: AnswerPath = path
            .parse()
            .map_err(|_| VaultError::Corrupt("a stored answer path is invalid"))?;
        let answer: Answer = serde_json::from_str(&json)
            .map_err(|_| VaultError::Corrupt("a stored answer is invalid"))?;
        answers.set(path, answer);
    }
    let mut stmt = conn.prepare_cached("SELECT path, count FROM repeats WHERE case_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    for row in rows {
        let (path, count) = row?;
        let path: AnswerPath = path
            .parse()
            .map_err(|_| VaultError::Corrupt("a stored repeat path is invalid"))?;
        answers.set_repeat_count(path, count);
    }
    Ok(answers)
}

/// Only the answers at `paths` of case `id` (no repeat counts): a few top-level questions,
/// such as the consent answers, without reading the whole testimony.
pub(crate) fn read_paths(
    conn: &Connection,
    id: &str,
    paths: &[&str],
) -> Result<Answers, VaultError> {
    let mut answers = Answers::new();
    let mut stmt =
        conn.prepare_cached("SELECT answer FROM answers WHERE case_id = ?1 AND path = ?2")?;
    for p in paths {
        let json: Option<String> = stmt.query_row(params![id, p], |r| r.get(0)).optional()?;
        if let Some(json) = json {
            let path: AnswerPath = p
                .parse()
                .map_err(|_| VaultError::Internal("a consent path is invalid"))?;
            let answer: Answer = serde_json::from_str(&json)
                .map_err(|_| VaultError::Corrupt("a stored answer is invalid"))?;
            answers.set(path, answer);
        }
    }
    Ok(answers)
}

pub(crate) fn write_repeat(
    tx: &Transaction<'_>,
    id: &str,
    container: &AnswerPath,
    count: u32,
    at: &str,
    user: &str,
) -> Result<(), VaultError> {
    let path = container.to_string();
    if count == 0 {
        tx.execute(
            "DELETE FROM repeats WHERE case_id = ?1 AND path = ?2",
            params![id, path],
        )?;
    } else {
        tx.execute(
            "INSERT INTO repeats(case_id, path, count) VALUES (?1, ?2, ?3)
             ON CONFLICT(case_id, path) DO UPDATE SET count = excluded.count",
            params![id, path, count],
        )?;
    }
    tx.execute(
        "INSERT INTO answer_history(case_id, path, kind, value, at, by) VALUES (?1, ?2, 'repeat', ?3, ?4, ?5)",
        params![id, path, (count > 0).then(|| count.to_string()), at, user],
    )?;
    Ok(())
}

/// Writes the difference between `before` and `after`, with a history entry per change.
pub(crate) fn replace(
    tx: &Transaction<'_>,
    id: &str,
    before: &Answers,
    after: &Answers,
    at: &str,
    user: &str,
) -> Result<(), VaultError> {
    for (path, _) in before.iter() {
        if after.get(path).is_none() {
            write(tx, id, &path.to_string(), None, at, user)?;
        }
    }
    for (path, answer) in after.iter() {
        if before.get(path) != Some(answer) {
            write(
                tx,
                id,
                &path.to_string(),
                Some(&answer_json(answer)?),
                at,
                user,
            )?;
        }
    }
    for (path, count) in before.repeat_counts() {
        if after.repeat_count(path) == 0 && count > 0 {
            write_repeat(tx, id, path, 0, at, user)?;
        }
    }
    for (path, count) in after.repeat_counts() {
        if before.repeat_count(path) != count {
            write_repeat(tx, id, path, count, at, user)?;
        }
    }
    Ok(())
}

/// Sets (or with `None` clears) the answer at `path` and appends the change to the history,
/// inside the caller's transaction. The one place answers are written.
pub(crate) fn write(
    tx: &Transaction<'_>,
    id: &str,
    path: &str,
    json: Option<&str>,
    at: &str,
    user: &str,
) -> Result<(), VaultError> {
    // cached statements: the autosave path runs them every few seconds, and each fresh
    // prepare is dozens of allocations (locked and wiped under memory security)
    match json {
        Some(v) => tx
            .prepare_cached(
                "INSERT INTO answers(case_id, path, answer, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(case_id, path) DO UPDATE SET answer = excluded.answer,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )?
            .execute(params![id, path, v, at, user])?,
        None => tx
            .prepare_cached("DELETE FROM answers WHERE case_id = ?1 AND path = ?2")?
            .execute(params![id, path])?,
    };
    tx.prepare_cached(
        "INSERT INTO answer_history(case_id, path, kind, value, at, by) VALUES (?1, ?2, 'answer', ?3, ?4, ?5)",
    )?
    .execute(params![id, path, json, at, user])?;
    Ok(())
}

/// Who changed which path of a case and when, newest first (no values).
pub(crate) fn history(conn: &Connection, case_id: &str) -> Result<Vec<HistoryEntry>, VaultError> {
    let mut stmt = conn.prepare(
        "SELECT path, kind, value IS NULL, at, by FROM answer_history WHERE case_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(HistoryEntry {
            path: r.get(0)?,
            kind: r.get(1)?,
            cleared: r.get(2)?,
            at: r.get(3)?,
            by: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Every answer inside instances of the repeats named, as (case id, case code, path, answer
/// JSON): `(container, Some(field))` reads that field of each instance, `(container, None)`
/// every field. The rights are the caller's to apply per case.
pub(crate) fn in_repeats(
    conn: &Connection,
    sources: &[(&str, Option<&str>)],
) -> Result<Vec<(String, String, String, String)>, VaultError> {
    let patterns: Vec<String> = sources
        .iter()
        .map(|(c, f)| match f {
            Some(f) => format!("{c}[%].{f}"),
            None => format!("{c}[%"),
        })
        .collect();
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT a.case_id, c.code, a.path, a.answer FROM answers a JOIN cases c ON c.id = a.case_id
         WHERE a.path LIKE ?1",
    )?;
    for p in &patterns {
        let rows = stmt.query_map([p], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}
