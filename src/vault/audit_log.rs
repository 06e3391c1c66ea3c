//! Writing and verifying the audit chain (every entry MACed over the one before it).

use rusqlite::{params, OptionalExtension};

use crate::audit;

use super::error::VaultError;
use super::handle::{now, Vault};

impl Vault {
    /// Appends an entry to the audit chain. `subject` is an identifier (a user name, a case
    /// id), never case content.
    pub fn audit(&mut self, action: &str, subject: &str) -> Result<(), VaultError> {
        let tx = self.conn.transaction()?;
        let last: Option<(i64, Vec<u8>)> = tx
            .prepare_cached("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev) = match last {
            Some((s, m)) => (s + 1, m),
            None => (1, vec![0u8; 32]),
        };
        let entry = audit::Entry {
            seq,
            at: now(),
            actor: self.session.user.clone(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            prev_mac: prev,
            mac: Vec::new(),
        };
        let mac = audit::entry_mac(&self.audit_key, &entry);
        tx.prepare_cached(
            "INSERT INTO audit_log(seq, at, actor, action, subject, prev_mac, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.prev_mac, mac])?;
        tx.commit()?;
        Ok(())
    }

    /// Verifies the audit chain; the number of entries, or `AuditBroken` naming the first bad
    /// entry.
    pub fn verify_audit(&self) -> Result<usize, VaultError> {
        let entries = self.audit_entries()?;
        audit::verify_chain(&self.audit_key, &entries).map_err(|b| VaultError::AuditBroken(b.seq))
    }

    /// The audit chain in order.
    pub fn audit_entries(&self) -> Result<Vec<audit::Entry>, VaultError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, subject, prev_mac, mac FROM audit_log ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(audit::Entry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                prev_mac: r.get(5)?,
                mac: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
