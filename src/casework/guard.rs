//! The only ways to a case's content: [`Vault::readable`] and [`Vault::writable`] ask the
//! rights table ([`crate::access`]) and, when it allows, hand out a guard that carries the
//! answer. Reading answers, history and attachments exists only on [`Readable`]; changing
//! them only on [`Writable`]. A guard's fields are private to this module, so no code can
//! make one without the check: forgetting it is a compile error, not a review finding.

use crate::access::{self, Op};
use crate::board;
use crate::cases::CaseSummary;
use crate::vault::store::board::{row, BoardRow};
use crate::vault::{Vault, VaultError};

/// A case whose testimony the acting user may read ([`Op::ReadTestimony`]).
pub struct Readable<'v> {
    pub(super) vault: &'v mut Vault,
    pub(super) row: BoardRow,
}

/// A case whose testimony the acting user may change ([`Op::WriteTestimony`]).
pub struct Writable<'v> {
    pub(super) vault: &'v mut Vault,
    pub(super) row: BoardRow,
}

impl std::fmt::Debug for Readable<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readable")
            .field("case", &self.row.summary.id)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Writable<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writable")
            .field("case", &self.row.summary.id)
            .finish_non_exhaustive()
    }
}

impl Readable<'_> {
    /// The case's id.
    pub fn id(&self) -> &str {
        &self.row.summary.id
    }

    /// The case's summary as it was when the guard was made.
    pub fn summary(&self) -> &CaseSummary {
        &self.row.summary
    }
}

impl Writable<'_> {
    /// The case's id.
    pub fn id(&self) -> &str {
        &self.row.summary.id
    }
}

impl Vault {
    /// The case `id` for reading its testimony, if the rights table lets the acting user
    /// ([`Op::ReadTestimony`]); `Forbidden` otherwise, `CaseNotFound` when there is none.
    pub fn readable(&mut self, id: &str) -> Result<Readable<'_>, VaultError> {
        let row = self.require(id, Op::ReadTestimony)?;
        Ok(Readable { vault: self, row })
    }

    /// The case `id` for changing its testimony, if the rights table lets the acting user
    /// ([`Op::WriteTestimony`]: the case's caseworkers and admins).
    pub fn writable(&mut self, id: &str) -> Result<Writable<'_>, VaultError> {
        let row = self.require(id, Op::WriteTestimony)?;
        Ok(Writable { vault: self, row })
    }

    /// Refuses unless the rights table lets the acting user do `op` on this case; returns the
    /// case's board row (with its assignment) when it does.
    pub(crate) fn require(&self, id: &str, op: Op) -> Result<BoardRow, VaultError> {
        let row = row(&self.conn, id)?;
        if board::may(op, self.session.role, &self.session.user, &row.assignment) {
            Ok(row)
        } else {
            Err(VaultError::Forbidden)
        }
    }

    /// Whether the rights table lets the acting user do `op` on this case (for callers that
    /// choose what to show rather than fail).
    pub fn may(&self, id: &str, op: Op) -> bool {
        self.require(id, op).is_ok()
    }

    /// Whether the rights table lets the acting user search testimony and use the registry
    /// ([`Op::SearchTestimony`]); coordinators search case codes only.
    pub(crate) fn may_search_testimony(&self) -> bool {
        access::allows(self.session.role, Op::SearchTestimony, None)
    }
}
