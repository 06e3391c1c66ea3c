//! The audit log as the app shows it: pages of entries, newest first, each with the case
//! code its subject names (a case or one of its attachments) — never case content — and the
//! chain check. Admins only ([`crate::board::can_read_audit_log`]).

use rusqlite::params;

use super::{Vault, VaultError};

/// Most entries one page may ask for.
pub const MAX_AUDIT_PAGE: u32 = 500;

/// One audit entry for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The code of the case the entry is about (its subject is the case or an attachment).
    pub case_code: Option<String>,
    /// The subject when it is not a case: a user or contact name, a fingerprint and chain
    /// head; `None` for a case (shown by its code) or no subject.
    pub subject: Option<String>,
}

/// A page of the audit log, newest first, and how many entries there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
}

/// The result of checking the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainStatus {
    /// Every entry verified (how many).
    Intact(usize),
    /// The first entry that is broken, missing or out of order.
    Broken(i64),
}

impl Vault {
    fn require_audit_reader(&self) -> Result<(), VaultError> {
        if crate::board::can_read_audit_log(self.session.role) {
            Ok(())
        } else {
            Err(VaultError::Forbidden)
        }
    }

    /// A page of the audit log, newest first. Admins only.
    pub fn audit_page(&self, offset: u64, limit: u32) -> Result<AuditPage, VaultError> {
        self.require_audit_reader()?;
        let limit = limit.clamp(1, MAX_AUDIT_PAGE);
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare(
            "SELECT l.seq, l.at, l.actor, l.action, l.subject, COALESCE(c.code, ac.code)
             FROM audit_log l
             LEFT JOIN cases c ON c.id = l.subject
             LEFT JOIN attachments a ON a.id = l.subject
             LEFT JOIN cases ac ON ac.id = a.case_id
             ORDER BY l.seq DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(
            params![i64::from(limit), i64::try_from(offset).unwrap_or(i64::MAX)],
            |r| {
                let subject: String = r.get(4)?;
                let case_code: Option<String> = r.get(5)?;
                Ok(AuditRow {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    subject: (case_code.is_none() && !subject.is_empty()).then_some(subject),
                    case_code,
                })
            },
        )?;
        Ok(AuditPage {
            rows: rows.collect::<Result<Vec<_>, _>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// Checks the whole chain. Admins only (the CLI's `audit verify` is any user's).
    pub fn audit_chain_status(&self) -> Result<ChainStatus, VaultError> {
        self.require_audit_reader()?;
        match self.verify_audit() {
            Ok(n) => Ok(ChainStatus::Intact(n)),
            Err(VaultError::AuditBroken(seq)) => Ok(ChainStatus::Broken(seq)),
            Err(e) => Err(e),
        }
    }
}
