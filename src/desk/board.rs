//! The board: the cases a user may list, filtered, sorted by urgency and paged; full-text
//! search over what the role may read; and the idle-time upkeep of the search index.

use rusqlite::{params, Transaction, TransactionBehavior};

use crate::board;
use crate::board::search::fts_query;
use crate::cases::CaseSummary;
use crate::vault::store::board::{
    from_row, refresh_search, scope, scope_sql, today, BoardRow, BOARD_COLUMNS,
};
use crate::vault::{Vault, VaultError};

/// Board filters; all optional. Dates are YYYY-MM-DD.
#[derive(Debug, Clone, Default)]
pub struct BoardQuery {
    pub status: Option<String>,
    pub stage: Option<String>,
    pub risk: Option<String>,
    pub detained_from: Option<String>,
    pub detained_to: Option<String>,
    pub perpetrator: Option<String>,
    pub place: Option<String>,
    pub text: Option<String>,
    pub overdue_only: bool,
    pub offset: u32,
    pub limit: u32,
}

/// A page of the board and how many rows match in all.
#[derive(Debug, Clone)]
pub struct BoardPage {
    pub rows: Vec<BoardRow>,
    pub total: u32,
}

/// What the board sorts by, read for every matching case before the page is chosen.
pub(super) struct SortKey {
    rowid: i64,
    overdue: bool,
    urgency: i64,
    follow_up: Option<String>,
    changed: String,
    id: String,
}

impl Vault {
    /// Brings the search index up to date and folds the write-ahead log into the database,
    /// at the end of bulk work, so neither lands on a later search or save.
    pub fn settle(&self) -> Result<(), VaultError> {
        while !self.settle_step(usize::MAX)? {}
        Ok(())
    }

    /// One bounded step of [`Vault::settle`] for idle moments (the app's timer holds the
    /// session while it runs, and the stop key must not wait long): rewrites up to `max`
    /// stale search rows; when none are left, checkpoints the write-ahead log and returns
    /// true.
    pub fn settle_step(&self, max: usize) -> Result<bool, VaultError> {
        if refresh_search(&self.conn, max)? == max {
            return Ok(false);
        }
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(true)
    }

    /// The board: visible cases, filtered, most urgent first (overdue follow-up, then risk,
    /// then the nearest follow-up, then the most recent change), one page at a time.
    pub fn board(&self, q: &BoardQuery) -> Result<BoardPage, VaultError> {
        let today = today();
        let fts = q.text.as_deref().and_then(fts_query);
        let perp = q
            .perpetrator
            .as_deref()
            .and_then(fts_query)
            .map(|e| format!("perpetrators : ({e})"));
        let place = q
            .place
            .as_deref()
            .and_then(fts_query)
            .map(|e| format!("places : ({e})"));
        let matches: Vec<String> = [fts, perp, place].into_iter().flatten().collect();
        let match_expr = (!matches.is_empty()).then(|| matches.join(" AND "));
        let reads_testimony = self.may_search_testimony();
        if match_expr.is_some() && !reads_testimony {
            // coordinators search codes only
            return Err(VaultError::Forbidden);
        }
        if match_expr.is_some() {
            refresh_search(&self.conn, usize::MAX)?;
        }
        // one snapshot for the keys and the page's rows (another process may commit between
        // them); a read, so deferred: it never holds the write lock
        let read = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        // visibility by role, in SQL: rows the role may not list are never read
        let (scope, user) = scope(self.session.role, &self.session.user);
        // Full text: the index's matches drive the query and each is joined to its case by
        // `cases.search_rowid` (indexed), so neither the cases nor the matches' stored text
        // are read beyond what the page needs (BENCHMARKS.md). Without text, ?8 is NULL.
        let source = if match_expr.is_some() {
            "case_search JOIN cases ON cases.search_rowid = case_search.rowid
             WHERE case_search MATCH ?8 AND"
        } else {
            "cases WHERE ?8 IS NULL AND"
        };
        let filter = format!(
            "{source} (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR stage = ?2) AND (?3 IS NULL OR risk = ?3)
               AND (?4 IS NULL OR last_detention >= ?4) AND (?5 IS NULL OR first_detention <= ?5)
               AND (?6 = 0 OR next_follow_up < ?7)
               AND {}",
            scope_sql(9)
        );
        // One pass over the matching cases reads only the sort keys; the order and the page
        // are made here, and only the page's rows are then read whole. Under
        // `cipher_memory_security` every SQLite allocation is locked and wiped, and SQLite's
        // own ORDER BY … LIMIT keeps a temporary b-tree rebalanced on every row, a count(*)
        // pass besides: this shape made the board and search 2–3× cheaper (BENCHMARKS.md).
        let mut keys = Vec::new();
        let total;
        {
            let mut stmt = read.prepare_cached(&format!(
                "SELECT cases.rowid, (next_follow_up IS NOT NULL AND next_follow_up < ?7),
                        CASE risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END,
                        next_follow_up, updated_at, id
                 FROM {filter}"
            ))?;
            let mut rows = stmt.query(params![
                q.status,
                q.stage,
                q.risk,
                q.detained_from,
                q.detained_to,
                q.overdue_only,
                today,
                match_expr,
                scope,
                user
            ])?;
            while let Some(r) = rows.next()? {
                keys.push(SortKey {
                    rowid: r.get(0)?,
                    overdue: r.get(1)?,
                    urgency: r.get(2)?,
                    follow_up: r.get(3)?,
                    changed: r.get(4)?,
                    id: r.get(5)?,
                });
            }
            total = keys.len();
        }
        // callers inside the core ask for everything with u32::MAX; the UI gets pages of ≤ 500
        let limit = match q.limit {
            0 => 50,
            u32::MAX => usize::MAX,
            n => n.min(500) as usize,
        };
        // most urgent first: overdue, then risk, then the nearest follow-up (none last),
        // then the most recent change; the id makes the order total. Only the cases up to
        // the page's end are sorted; the rest are merely put after them.
        let order = |a: &SortKey, b: &SortKey| {
            b.overdue
                .cmp(&a.overdue)
                .then(b.urgency.cmp(&a.urgency))
                .then(a.follow_up.is_none().cmp(&b.follow_up.is_none()))
                .then(a.follow_up.cmp(&b.follow_up))
                .then(b.changed.cmp(&a.changed))
                .then(a.id.cmp(&b.id))
        };
        let end = (q.offset as usize).saturating_add(limit);
        if end < keys.len() {
            keys.select_nth_unstable_by(end, order);
            keys.truncate(end);
        }
        keys.sort_unstable_by(order);
        let mut stmt = read.prepare_cached(&format!(
            "SELECT {BOARD_COLUMNS} FROM cases WHERE rowid = ?1"
        ))?;
        let rows = keys
            .iter()
            .skip(q.offset as usize)
            .take(limit)
            .map(|k| stmt.query_row([k.rowid], |r| from_row(r, &today)));
        let role = self.session.role;
        let mut page = Vec::new();
        for row in rows {
            let row = row?;
            // the SQL scope and the rule in board::can_list_case must agree; never show more
            if board::can_list_case(role, user, &row.assignment) {
                page.push(row);
            }
        }
        Ok(BoardPage {
            rows: page,
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }

    /// Full-text search over what the role may read (coordinators: case codes only).
    pub fn search(&self, typed: &str) -> Result<Vec<CaseSummary>, VaultError> {
        if !self.may_search_testimony() {
            let needle = typed.trim().to_uppercase();
            let page = self.board(&BoardQuery {
                limit: 500,
                ..BoardQuery::default()
            })?;
            return Ok(page
                .rows
                .into_iter()
                .map(|r| r.summary)
                .filter(|s| !needle.is_empty() && s.code.contains(&needle))
                .collect());
        }
        if fts_query(typed).is_none() {
            return Ok(Vec::new());
        }
        let page = self.board(&BoardQuery {
            text: Some(typed.to_owned()),
            limit: 500,
            ..BoardQuery::default()
        })?;
        Ok(page.rows.into_iter().map(|r| r.summary).collect())
    }
}
