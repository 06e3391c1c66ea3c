//! Taking a case out of the vault: *discarding* a case started by mistake, and an admin's
//! *deletion* of any case behind a typed confirmation.
//!
//! Discarding is for the interview that should not have begun: the rights table must allow
//! [`Op::DiscardCase`] on the case (its own caseworker or lawyer, an admin), and the case
//! must hold nothing a person could need — no answer outside the
//! consent section, no workflow step (status, stage, due date; an assignment alone is not
//! one), no legal document made from it, never
//! sent to or received from anyone. [`Vault::discard_check`] says which of these stops it, so
//! the app offers the button only where it works. Deletion ([`Op::DeleteCase`], admins) has
//! no such conditions; the admin types the case's code to confirm.
//!
//! Both remove the same things in one transaction: the case row and, through the schema's
//! cascades, its answers, repeats, history, attachment rows, events, exports, asylum
//! details and private labels; then its search-index row, provenance (versions, senders, merge bases) and any
//! of its bundles still waiting in a mailbox outbox. With `secure_delete` on, SQLCipher
//! zeroes the freed pages; each attachment's key was only in its row, so the encrypted
//! file left on disk is undecryptable and is unlinked after the commit (the panic wipe's
//! overwrite-in-place limits, SECURITY.md, apply to any copy an SSD keeps). The record of
//! bundles received for the case (`incoming`: digest, sender, code) stays, like the audit
//! log: it says what arrived, not what the survivor said. Each removal is audited
//! (`case.discard`, `case.delete`, subject the case id).

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::access::Op;
use crate::vault::store::{answers as answer_rows, attachments};
use crate::vault::{Vault, VaultError};

/// The section whose answers a discarded case may hold (the intake vocabulary's consent).
const CONSENT_SECTION: &str = "consent";

/// Whether a case may be discarded, and if not, the first reason found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Discard {
    /// Nothing beyond consent: the case can be discarded.
    Allowed,
    /// The acting user may not discard this case (their role, or not their case).
    NotYours,
    /// An answer outside the consent section is recorded.
    HasAnswers,
    /// The case moved through the workflow (status, stage or due date).
    Moved,
    /// A legal document was made from it.
    HasDocuments,
    /// It was sent to, or received from, another vault.
    Exchanged,
}

impl Discard {
    pub fn as_str(self) -> &'static str {
        match self {
            Discard::Allowed => "allowed",
            Discard::NotYours => "not_yours",
            Discard::HasAnswers => "has_answers",
            Discard::Moved => "moved",
            Discard::HasDocuments => "has_documents",
            Discard::Exchanged => "exchanged",
        }
    }

    /// A plain sentence for the CLI (the app has its own catalogue).
    fn refusal(self) -> &'static str {
        match self {
            Discard::Allowed => "",
            Discard::NotYours => "you may not discard this case",
            Discard::HasAnswers => {
                "this case holds answers beyond consent: it cannot be discarded (an admin can delete it)"
            }
            Discard::Moved => {
                "this case has moved through the workflow: it cannot be discarded (an admin can delete it)"
            }
            Discard::HasDocuments => {
                "a legal document was made from this case: it cannot be discarded (an admin can delete it)"
            }
            Discard::Exchanged => {
                "this case was sent or received: it cannot be discarded (an admin can delete it)"
            }
        }
    }
}

impl Vault {
    /// Whether the acting user may discard case `id` now (see the module doc), without
    /// changing anything. `CaseNotFound` for a case the user cannot even list.
    pub fn discard_check(&self, id: &str) -> Result<Discard, VaultError> {
        self.require(id, Op::ListCase)?;
        if self.require(id, Op::DiscardCase).is_err() {
            return Ok(Discard::NotYours);
        }
        let row = crate::vault::store::board::row(&self.conn, id)?;
        // the case's form, built in or stored here (the catalogue's own lookup)
        let form = self.form(&row.summary.form_id, Some(row.summary.form_version))?;
        let answers = answer_rows::read(&self.conn, id)?;
        let beyond_consent = answers.iter().any(|(path, answer)| {
            answer.is_recorded()
                && form
                    .item(&path.question_path())
                    .and_then(|item| form.sections().get(item.section_index()))
                    .is_none_or(|s| s.name() != CONSENT_SECTION)
        });
        if beyond_consent {
            return Ok(Discard::HasAnswers);
        }
        let count = |sql: &str| -> Result<i64, VaultError> {
            Ok(self.conn.query_row(sql, [id], |r| r.get(0))?)
        };
        // status, stage and due date changes each leave an event; an assignment alone (a
        // coordinator picking the new case up from the board) does not make it a case
        if count("SELECT COUNT(*) FROM case_events WHERE case_id = ?1 AND kind != 'assign'")? > 0 {
            return Ok(Discard::Moved);
        }
        if count("SELECT COUNT(*) FROM exports WHERE case_id = ?1")? > 0 {
            return Ok(Discard::HasDocuments);
        }
        let exchanged = count("SELECT COUNT(*) FROM case_senders WHERE case_id = ?1")?
            + count("SELECT COUNT(*) FROM case_versions WHERE case_id = ?1")?
            + count("SELECT COUNT(*) FROM incoming WHERE case_id = ?1")?
            + count("SELECT COUNT(*) FROM mailbox_outbox WHERE case_id = ?1")?;
        if exchanged > 0 {
            return Ok(Discard::Exchanged);
        }
        Ok(Discard::Allowed)
    }

    /// Discards case `id`, started by mistake: refused (`Forbidden`, or `Invalid` naming the
    /// reason) unless [`Vault::discard_check`] allows it. Audited `case.discard`.
    pub fn discard_case(&mut self, id: &str) -> Result<(), VaultError> {
        match self.discard_check(id)? {
            Discard::Allowed => {}
            Discard::NotYours => return Err(VaultError::Forbidden),
            other => return Err(VaultError::Invalid(other.refusal().into())),
        }
        self.remove_case(id)?;
        self.audit("case.discard", id)
    }

    /// Deletes case `id` and everything of it (admins, [`Op::DeleteCase`]). `typed_code`
    /// must be the case's code, as the person typed it to confirm; a mismatch changes
    /// nothing. Audited `case.delete`.
    pub fn delete_case(&mut self, id: &str, typed_code: &str) -> Result<(), VaultError> {
        let row = self.require(id, Op::DeleteCase)?;
        if typed_code.trim() != row.summary.code {
            return Err(VaultError::Invalid(
                "the confirmation does not match the case's code: nothing was deleted".into(),
            ));
        }
        self.remove_case(id)?;
        self.audit("case.delete", id)
    }

    /// Debug builds only: for every table of the vault with a `case_id` column (found in the
    /// schema, so a table added later is covered without being listed here), how many of its
    /// rows name case `id` (tests/case_remove.rs proves a removal leaves none where it should).
    #[cfg(debug_assertions)]
    #[doc(hidden)]
    pub fn debug_rows_naming_case(&self, id: &str) -> Result<Vec<(String, i64)>, VaultError> {
        let tables: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
                 WHERE m.type = 'table' AND c.name = 'case_id' ORDER BY m.name",
            )?;
            let names = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            names
        };
        let mut out = Vec::new();
        for table in tables {
            // a table name read from the schema, quoted as an identifier
            let sql = format!(
                "SELECT COUNT(*) FROM \"{}\" WHERE case_id = ?1",
                table.replace('"', "\"\"")
            );
            let n: i64 = self.conn.query_row(&sql, [id], |r| r.get(0))?;
            out.push((table, n));
        }
        Ok(out)
    }

    /// Removes the case and everything of it (see the module doc); the caller audits.
    fn remove_case(&mut self, id: &str) -> Result<(), VaultError> {
        let tx = self.conn.transaction()?;
        let files: Vec<String> = {
            let mut stmt = tx.prepare("SELECT id FROM attachments WHERE case_id = ?1")?;
            let ids = stmt
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ids
        };
        for sql in [
            "DELETE FROM case_search WHERE case_id = ?1",
            "DELETE FROM case_versions WHERE case_id = ?1",
            "DELETE FROM case_senders WHERE case_id = ?1",
            "DELETE FROM case_bases WHERE case_id = ?1",
            // a bundle of this case not yet delivered is not sent after all
            "DELETE FROM mailbox_outbox WHERE case_id = ?1 AND state = 'queued'",
        ] {
            tx.execute(sql, params![id])?;
        }
        let removed = tx.execute("DELETE FROM cases WHERE id = ?1", params![id])?;
        if removed != 1 {
            return Err(VaultError::CaseNotFound);
        }
        let left: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM attachments WHERE case_id = ?1 LIMIT 1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        if left.is_some() {
            return Err(VaultError::Internal(
                "a case's attachments outlived the case",
            ));
        }
        tx.commit()?;
        attachments::remove_files(&self.dir, files.iter());
        // move the freed (zeroed) pages out of the write-ahead log now, not at some later
        // checkpoint; a busy reader only delays it
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(())
    }
}
