//! The mailbox tables of migration 0009: mailboxes (settings and sealed secrets), the outbox
//! (what to send, its object name recorded before the upload, its state) and the inbox (every
//! object name fetched, once, and what became of it). Rows only: sealing, rights and the
//! transport are `exchange::mailbox`'s.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::vault::VaultError;

/// One mailbox as stored (its secrets still sealed).
pub(crate) struct MailboxRow {
    pub id: i64,
    pub name: String,
    pub engine: String,
    pub settings: String,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
    pub added_by: String,
    pub added_at: String,
}

const MAILBOX_COLUMNS: &str = "id, name, engine, settings, nonce, sealed, added_by, added_at";

fn mailbox_row(r: &Row<'_>) -> rusqlite::Result<MailboxRow> {
    Ok(MailboxRow {
        id: r.get(0)?,
        name: r.get(1)?,
        engine: r.get(2)?,
        settings: r.get(3)?,
        nonce: r.get(4)?,
        sealed: r.get(5)?,
        added_by: r.get(6)?,
        added_at: r.get(7)?,
    })
}

/// Adds a mailbox; `AlreadyExists` when the name is taken.
pub(crate) fn insert(conn: &Connection, m: &MailboxRow) -> Result<i64, VaultError> {
    let taken = by_name(conn, &m.name)?.is_some();
    if taken {
        return Err(VaultError::AlreadyExists);
    }
    conn.execute(
        "INSERT INTO mailboxes(name, engine, settings, nonce, sealed, added_by, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![m.name, m.engine, m.settings, m.nonce, m.sealed, m.added_by, m.added_at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every mailbox, in the order they were added.
pub(crate) fn list(conn: &Connection) -> Result<Vec<MailboxRow>, VaultError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {MAILBOX_COLUMNS} FROM mailboxes ORDER BY id"
    ))?;
    let rows = stmt.query_map([], mailbox_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub(crate) fn by_name(conn: &Connection, name: &str) -> Result<Option<MailboxRow>, VaultError> {
    Ok(conn
        .query_row(
            &format!("SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE name = ?1"),
            [name],
            mailbox_row,
        )
        .optional()?)
}

/// Removes a mailbox with its outbox and inbox rows; returns how many items were still
/// waiting to be uploaded.
pub(crate) fn remove(conn: &Connection, id: i64) -> Result<usize, VaultError> {
    let queued: i64 = conn.query_row(
        "SELECT count(*) FROM mailbox_outbox WHERE mailbox_id = ?1 AND state = 'queued'",
        [id],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM mailbox_outbox WHERE mailbox_id = ?1", [id])?;
    conn.execute("DELETE FROM mailbox_inbox WHERE mailbox_id = ?1", [id])?;
    conn.execute("DELETE FROM mailboxes WHERE id = ?1", [id])?;
    Ok(usize::try_from(queued).unwrap_or(0))
}

/// Counts of a mailbox's outbox by state: (queued, uploaded, delivered).
pub(crate) fn outbox_counts(conn: &Connection, id: i64) -> Result<(i64, i64, i64), VaultError> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'uploaded'), 0),
                coalesce(sum(state = 'delivered'), 0)
         FROM mailbox_outbox WHERE mailbox_id = ?1 AND kind != 'receipt'",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// One outbox item (without its bundle bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutboxRow {
    pub id: i64,
    pub mailbox_id: i64,
    pub sent_by: String,
    pub contact: String,
    pub recipient_fingerprint: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub object_name: String,
    pub digest: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub receipt_outcome: Option<String>,
    pub queued_at: String,
    pub uploaded_at: Option<String>,
    pub delivered_at: Option<String>,
}

const OUTBOX_COLUMNS: &str = "id, mailbox_id, sent_by, contact, recipient_fingerprint, kind, case_id, object_name, digest, state, attempts, last_error, receipt_outcome, queued_at, uploaded_at, delivered_at";

fn outbox_row(r: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        mailbox_id: r.get(1)?,
        sent_by: r.get(2)?,
        contact: r.get(3)?,
        recipient_fingerprint: r.get(4)?,
        kind: r.get(5)?,
        case_id: r.get(6)?,
        object_name: r.get(7)?,
        digest: r.get(8)?,
        state: r.get(9)?,
        attempts: r.get(10)?,
        last_error: r.get(11)?,
        receipt_outcome: r.get(12)?,
        queued_at: r.get(13)?,
        uploaded_at: r.get(14)?,
        delivered_at: r.get(15)?,
    })
}

/// Queues an item in state `queued`, its object name chosen beforehand.
pub(crate) fn queue(conn: &Connection, item: &OutboxRow, bundle: &[u8]) -> Result<i64, VaultError> {
    conn.execute(
        "INSERT INTO mailbox_outbox(mailbox_id, sent_by, contact, recipient_fingerprint, kind, case_id,
           object_name, digest, bundle, state, attempts, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'queued', 0, ?10)",
        params![
            item.mailbox_id,
            item.sent_by,
            item.contact,
            item.recipient_fingerprint,
            item.kind,
            item.case_id,
            item.object_name,
            item.digest,
            bundle,
            item.queued_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The ids of a mailbox's queued items, oldest first.
pub(crate) fn queued_ids(conn: &Connection, mailbox_id: i64) -> Result<Vec<i64>, VaultError> {
    let mut stmt = conn.prepare(
        "SELECT id FROM mailbox_outbox WHERE mailbox_id = ?1 AND state = 'queued' ORDER BY id",
    )?;
    let rows = stmt.query_map([mailbox_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// An outbox item and its bundle bytes (`None` once dropped).
pub(crate) type ItemWithBundle = (OutboxRow, Option<Vec<u8>>);

/// One item with its bundle bytes.
pub(crate) fn item(conn: &Connection, id: i64) -> Result<Option<ItemWithBundle>, VaultError> {
    Ok(conn
        .query_row(
            &format!("SELECT {OUTBOX_COLUMNS}, bundle FROM mailbox_outbox WHERE id = ?1"),
            [id],
            |r| Ok((outbox_row(r)?, r.get(16)?)),
        )
        .optional()?)
}

/// Every item queued by `user` (receipts excepted), newest first.
pub(crate) fn items_of(conn: &Connection, user: &str) -> Result<Vec<OutboxRow>, VaultError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM mailbox_outbox WHERE sent_by = ?1 AND kind != 'receipt'
         ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([user], outbox_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The upload went through; a receipt's bytes are dropped at once (none comes back for it).
pub(crate) fn mark_uploaded(conn: &Connection, id: i64, at: &str) -> Result<(), VaultError> {
    conn.execute(
        "UPDATE mailbox_outbox SET state = 'uploaded', attempts = attempts + 1, last_error = NULL,
           uploaded_at = ?2, bundle = CASE WHEN kind = 'receipt' THEN NULL ELSE bundle END
         WHERE id = ?1 AND state = 'queued'",
        params![id, at],
    )?;
    Ok(())
}

/// The upload failed; the item stays queued with a closed error code.
pub(crate) fn mark_failed(conn: &Connection, id: i64, code: &str) -> Result<(), VaultError> {
    conn.execute(
        "UPDATE mailbox_outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
        params![id, code],
    )?;
    Ok(())
}

/// The item a receipt names: sent by `user` under `object_name` with bundle `digest`.
pub(crate) fn for_receipt(
    conn: &Connection,
    user: &str,
    object_name: &str,
    digest: &str,
) -> Result<Option<OutboxRow>, VaultError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {OUTBOX_COLUMNS} FROM mailbox_outbox
                 WHERE sent_by = ?1 AND object_name = ?2 AND digest = ?3 AND kind != 'receipt'"
            ),
            params![user, object_name, digest],
            outbox_row,
        )
        .optional()?)
}

/// A verified receipt came back: delivered, and the bundle bytes are dropped.
pub(crate) fn mark_delivered(
    conn: &Connection,
    id: i64,
    outcome: &str,
    at: &str,
) -> Result<(), VaultError> {
    conn.execute(
        "UPDATE mailbox_outbox SET state = 'delivered', bundle = NULL, receipt_outcome = ?2,
           delivered_at = ?3, last_error = NULL
         WHERE id = ?1",
        params![id, outcome, at],
    )?;
    Ok(())
}

/// One object fetched from a mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InboxRow {
    pub mailbox_id: i64,
    pub received_by: String,
    pub object_name: String,
    pub kind: String,
    pub outcome: String,
    pub reason: Option<String>,
    pub sender: Option<String>,
    pub sender_fingerprint: Option<String>,
    pub case_id: Option<String>,
    pub digest: Option<String>,
    pub fetched_at: String,
}

/// Whether `object_name` was fetched from the mailbox before, and whether it was deleted.
pub(crate) fn seen(
    conn: &Connection,
    mailbox_id: i64,
    object_name: &str,
) -> Result<Option<bool>, VaultError> {
    Ok(conn
        .query_row(
            "SELECT deleted FROM mailbox_inbox WHERE mailbox_id = ?1 AND object_name = ?2",
            params![mailbox_id, object_name],
            |r| r.get::<_, bool>(0),
        )
        .optional()?)
}

/// Records a fetched object (once per name; a second record of the same name is ignored).
pub(crate) fn record_fetch(conn: &Connection, row: &InboxRow) -> Result<(), VaultError> {
    conn.execute(
        "INSERT INTO mailbox_inbox(mailbox_id, received_by, object_name, kind, outcome, reason,
           sender, sender_fingerprint, case_id, digest, fetched_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(mailbox_id, object_name) DO NOTHING",
        params![
            row.mailbox_id,
            row.received_by,
            row.object_name,
            row.kind,
            row.outcome,
            row.reason,
            row.sender,
            row.sender_fingerprint,
            row.case_id,
            row.digest,
            row.fetched_at
        ],
    )?;
    Ok(())
}

/// The object is gone from the server.
pub(crate) fn mark_deleted(
    conn: &Connection,
    mailbox_id: i64,
    object_name: &str,
) -> Result<(), VaultError> {
    conn.execute(
        "UPDATE mailbox_inbox SET deleted = 1 WHERE mailbox_id = ?1 AND object_name = ?2",
        params![mailbox_id, object_name],
    )?;
    Ok(())
}

/// Objects `user` fetched and refused, newest first, with their mailbox's name.
pub(crate) fn refused_of(
    conn: &Connection,
    user: &str,
) -> Result<Vec<(String, InboxRow)>, VaultError> {
    let mut stmt = conn.prepare(
        "SELECT m.name, i.mailbox_id, i.received_by, i.object_name, i.kind, i.outcome, i.reason,
                i.sender, i.sender_fingerprint, i.case_id, i.digest, i.fetched_at
         FROM mailbox_inbox i JOIN mailboxes m ON m.id = i.mailbox_id
         WHERE i.received_by = ?1 AND i.outcome = 'refused' ORDER BY i.id DESC",
    )?;
    let rows = stmt.query_map([user], |r| {
        Ok((
            r.get(0)?,
            InboxRow {
                mailbox_id: r.get(1)?,
                received_by: r.get(2)?,
                object_name: r.get(3)?,
                kind: r.get(4)?,
                outcome: r.get(5)?,
                reason: r.get(6)?,
                sender: r.get(7)?,
                sender_fingerprint: r.get(8)?,
                case_id: r.get(9)?,
                digest: r.get(10)?,
                fetched_at: r.get(11)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
