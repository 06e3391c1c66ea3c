//! Board storage and queries: derived board fields and the search index kept in step with
//! answers, role checks on every read of a case, workflow changes with their events, the
//! prioritised and filtered board, full-text search, the registry and the dashboard.

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use crate::access::Op;
use crate::board::derive::{derive, Derived};
use crate::board::registry;
use crate::board::search::fts_query;
use crate::board::{self, Assignment, Filing, Status};
use crate::cases::{CaseSummary, EVACUATION_STAGE_PATH};
use waystone_forms::{Answer, AnswerPath, Answers, Value};

use super::cases::read_answers;
use super::{now, Vault, VaultError};

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
}

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

/// A workflow change in a case's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub at: String,
    pub by: String,
    pub kind: String,
    pub detail: String,
}

/// A perpetrator, unit or site as the registry groups it across cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntry {
    pub kind: String,
    pub key: String,
    /// Every spelling seen.
    pub names: Vec<String>,
    pub call_signs: Vec<String>,
    pub ranks: Vec<String>,
    pub units: Vec<String>,
    /// (case id, case code, answer path of the instance)
    pub links: Vec<(String, String, String)>,
}

/// Two registry keys that may be one entity, awaiting a person's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateSuggestion {
    pub kind: String,
    pub key_a: String,
    pub key_b: String,
    pub names_a: Vec<String>,
    pub names_b: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub by_status: Vec<(String, u32)>,
    pub by_stage: Vec<(String, u32)>,
    /// YYYY-MM → detentions that month (episodes dated to a month or more precisely)
    pub detentions_per_month: Vec<(String, u32)>,
    pub overdue: Vec<BoardRow>,
    /// Empty for roles that may not read testimony.
    pub per_perpetrator: Vec<(String, u32)>,
    pub per_site: Vec<(String, u32)>,
}

const BOARD_COLUMNS: &str = "id, code, form_id, form_version, status, stage, created_at, created_by, updated_at, updated_by,
     assigned_caseworker, assigned_lawyer, due_date, risk, next_follow_up, first_detention, last_detention,
     filing_body, filing_number, filing_date,
     EXISTS(SELECT 1 FROM case_senders s WHERE s.case_id = cases.id AND s.why IN ('origin', 'card_to'))";

/// What the board sorts by, read for every matching case before the page is chosen.
struct SortKey {
    rowid: i64,
    overdue: bool,
    urgency: i64,
    follow_up: Option<String>,
    changed: String,
    id: String,
}

fn board_row(r: &rusqlite::Row<'_>, today: &str) -> rusqlite::Result<BoardRow> {
    let next_follow_up: Option<String> = r.get(14)?;
    let filing_body: Option<String> = r.get(17)?;
    Ok(BoardRow {
        summary: CaseSummary {
            id: r.get(0)?,
            code: r.get(1)?,
            form_id: r.get(2)?,
            form_version: r.get(3)?,
            status: r.get(4)?,
            stage: r.get(5)?,
            created_at: r.get(6)?,
            created_by: r.get(7)?,
            updated_at: r.get(8)?,
            updated_by: r.get(9)?,
        },
        assignment: Assignment {
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
    })
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
        let answers = super::cases::read_answers(&tx, id)?;
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
/// `lawyer`) and `?n+1` (the user); [`board::can_list_case`] checks every row read again.
fn scope_sql(n: usize) -> String {
    let u = n + 1;
    format!(
        "(?{n} = 'all' OR (?{n} = 'caseworker' AND ((created_by = ?{u} AND NOT EXISTS (
              SELECT 1 FROM case_senders s WHERE s.case_id = cases.id AND s.why IN ('origin', 'card_to')))
            OR assigned_caseworker = ?{u}))
          OR (?{n} = 'lawyer' AND assigned_lawyer = ?{u}))"
    )
}

impl Vault {
    /// The parameters of [`scope_sql`] for the acting user.
    fn list_scope(&self) -> (&'static str, &str) {
        let user = self.session.user.as_str();
        match self.session.role {
            super::Role::Admin | super::Role::Coordinator => ("all", user),
            super::Role::Caseworker => ("caseworker", user),
            super::Role::Lawyer => ("lawyer", user),
        }
    }

    /// The cases the acting user may list, most recently changed first, at most
    /// `filter.limit`: through the `updated_at` index, so the interviews list of a large
    /// vault reads the rows it shows and no others.
    pub(crate) fn recent_cases(
        &self,
        filter: &super::cases::CaseFilter,
    ) -> Result<Vec<CaseSummary>, VaultError> {
        let (scope, user) = self.list_scope();
        let today = today();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BOARD_COLUMNS} FROM cases
             WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR stage = ?2) AND {}
             ORDER BY updated_at DESC, id LIMIT ?5",
            scope_sql(3)
        ))?;
        let limit = filter.limit.map_or(-1, i64::from);
        let rows = stmt.query_map(
            params![filter.status, filter.stage, scope, user, limit],
            |r| board_row(r, &today),
        )?;
        let role = self.session.role;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if board::can_list_case(role, user, &row.summary, &row.assignment) {
                out.push(row.summary);
            }
        }
        Ok(out)
    }

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

    fn board_row(&self, id: &str) -> Result<BoardRow, VaultError> {
        let today = today();
        self.conn
            .prepare_cached(&format!("SELECT {BOARD_COLUMNS} FROM cases WHERE id = ?1"))?
            .query_row([id], |r| board_row(r, &today))
            .optional()?
            .ok_or(VaultError::CaseNotFound)
    }

    /// Whether the rights table lets the acting user search testimony and use the registry
    /// ([`Op::SearchTestimony`]); coordinators search case codes only.
    fn may_search_testimony(&self) -> bool {
        crate::access::allows(self.session.role, Op::SearchTestimony, None)
    }

    /// Refuses unless the rights table ([`crate::access`]) lets the acting user do `op` on
    /// this case; returns the case's board row (with its assignment) when it does.
    pub(crate) fn require(&self, id: &str, op: Op) -> Result<BoardRow, VaultError> {
        let row = self.board_row(id)?;
        if board::may(
            op,
            self.session.role,
            &self.session.user,
            &row.summary,
            &row.assignment,
        ) {
            Ok(row)
        } else {
            Err(VaultError::Forbidden)
        }
    }

    /// Refuses unless the acting user may read this case's testimony and identity.
    pub(crate) fn require_read(&self, id: &str) -> Result<(), VaultError> {
        self.require(id, Op::ReadTestimony).map(drop)
    }

    /// Refuses unless the acting user may change this case's testimony: answers, repeats,
    /// attachments, an import over it ([`Op::WriteTestimony`]).
    pub(crate) fn require_write(&self, id: &str) -> Result<(), VaultError> {
        self.require(id, Op::WriteTestimony).map(drop)
    }

    /// Whether the acting user may change this case's testimony (the interview screen is
    /// read-only otherwise).
    pub fn can_write(&self, id: &str) -> bool {
        self.require_write(id).is_ok()
    }

    /// Refuses unless the case appears on the acting user's board (its board fields only).
    pub(crate) fn require_list(&self, id: &str) -> Result<(), VaultError> {
        self.require(id, Op::ListCase).map(drop)
    }

    /// Whether the acting user may read this case's testimony (for callers that choose what
    /// to show rather than fail).
    pub fn can_read(&self, id: &str) -> bool {
        self.require_read(id).is_ok()
    }

    pub(crate) fn require_workflow(&self, id: &str) -> Result<BoardRow, VaultError> {
        let row = self.board_row(id)?;
        if board::can_change_workflow(
            self.session.role,
            &self.session.user,
            &row.summary,
            &row.assignment,
        ) {
            Ok(row)
        } else {
            Err(VaultError::Forbidden)
        }
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
        let (scope, user) = self.list_scope();
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
            .map(|k| stmt.query_row([k.rowid], |r| board_row(r, &today)));
        let role = self.session.role;
        let mut page = Vec::new();
        for row in rows {
            let row = row?;
            // the SQL scope and the rule in board::can_list_case must agree; never show more
            if board::can_list_case(role, user, &row.summary, &row.assignment) {
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

    /// Moves a case to `to` if the workflow allows it; `filed` needs the filing details.
    pub fn change_status(
        &mut self,
        id: &str,
        to: Status,
        filing: Option<Filing>,
    ) -> Result<(), VaultError> {
        let row = self.require_workflow(id)?;
        let from = Status::parse(&row.summary.status)
            .ok_or(VaultError::Corrupt("a case has an unknown status"))?;
        if !from.allowed_next().contains(&to) {
            return Err(VaultError::Invalid(format!(
                "a case cannot move from {} to {}",
                from.as_str(),
                to.as_str()
            )));
        }
        if to == Status::Filed {
            let valid = filing.as_ref().is_some_and(|f| {
                !f.body.trim().is_empty()
                    && !f.number.trim().is_empty()
                    && chrono::NaiveDate::parse_from_str(&f.date, "%Y-%m-%d").is_ok()
            });
            if !valid {
                return Err(VaultError::Invalid(
                    "filed needs the body, the application number and the date (YYYY-MM-DD)".into(),
                ));
            }
        }
        let (at, user) = (now(), self.session.user.clone());
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE cases SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, to.as_str(), at, user],
        )?;
        if let (Status::Filed, Some(f)) = (to, &filing) {
            tx.execute(
                "UPDATE cases SET filing_body = ?2, filing_number = ?3, filing_date = ?4 WHERE id = ?1",
                params![id, f.body.trim(), f.number.trim(), f.date],
            )?;
        }
        let detail = match (&filing, to) {
            (Some(f), Status::Filed) => format!(
                "{} → {} ({}, {}, {})",
                from.as_str(),
                to.as_str(),
                f.body.trim(),
                f.number.trim(),
                f.date
            ),
            _ => format!("{} → {}", from.as_str(), to.as_str()),
        };
        event(&tx, id, &at, &user, "status", &detail)?;
        tx.commit()?;
        self.audit("case.status", id)
    }

    /// Assigns a caseworker and a lawyer (None clears). Coordinators and admins only; the
    /// people must be users of this vault with those roles.
    pub fn assign(
        &mut self,
        id: &str,
        caseworker: Option<&str>,
        lawyer: Option<&str>,
    ) -> Result<(), VaultError> {
        if !board::can_assign(self.session.role) {
            return Err(VaultError::Forbidden);
        }
        self.board_row(id)?;
        for (who, role) in [
            (caseworker, super::Role::Caseworker),
            (lawyer, super::Role::Lawyer),
        ] {
            if let Some(name) = who {
                let ok = self
                    .users()
                    .iter()
                    .any(|u| u.name == name && (u.role == role || u.role == super::Role::Admin));
                if !ok {
                    return Err(VaultError::Invalid(format!(
                        "{} is not a {} of this vault",
                        crate::hygiene::quote_input(name),
                        role.as_str()
                    )));
                }
            }
        }
        let (at, user) = (now(), self.session.user.clone());
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE cases SET assigned_caseworker = ?2, assigned_lawyer = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![id, caseworker, lawyer, at, user],
        )?;
        let detail = format!(
            "caseworker: {}; lawyer: {}",
            caseworker.unwrap_or("—"),
            lawyer.unwrap_or("—")
        );
        event(&tx, id, &at, &user, "assign", &detail)?;
        tx.commit()?;
        self.audit("case.assign", id)
    }

    /// Sets or clears the case's due date (YYYY-MM-DD).
    pub fn set_due_date(&mut self, id: &str, date: Option<&str>) -> Result<(), VaultError> {
        self.require_workflow(id)?;
        if let Some(d) = date {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| VaultError::Invalid("a date is YYYY-MM-DD".into()))?;
        }
        let (at, user) = (now(), self.session.user.clone());
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE cases SET due_date = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, date, at, user],
        )?;
        event(&tx, id, &at, &user, "due", date.unwrap_or("—"))?;
        tx.commit()?;
        Ok(())
    }

    /// Changes the evacuation stage (and optionally the next follow-up) from the board: a
    /// coordinator may, without reading the case. Recorded as answers with history and as a
    /// workflow event.
    pub fn set_evacuation(
        &mut self,
        id: &str,
        stage: &str,
        next_follow_up: Option<&str>,
    ) -> Result<(), VaultError> {
        let row = self.require_workflow(id)?;
        const STAGES: &[&str] = &[
            "at_risk_in_region",
            "in_hiding",
            "in_transit",
            "in_shelter",
            "relocated",
        ];
        if !STAGES.contains(&stage) {
            return Err(VaultError::Invalid("unknown evacuation stage".into()));
        }
        let follow = match next_follow_up {
            Some(d) => {
                let nd = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| VaultError::Invalid("a date is YYYY-MM-DD".into()))?;
                Some(
                    waystone_forms::PartialDate::exact(
                        chrono::Datelike::year(&nd),
                        chrono::Datelike::month(&nd) as u8,
                        chrono::Datelike::day(&nd) as u8,
                    )
                    .map_err(|_| VaultError::Invalid("a date is YYYY-MM-DD".into()))?,
                )
            }
            None => None,
        };
        let (at, user) = (now(), self.session.user.clone());
        let tx = self.conn.transaction()?;
        let mut answers = read_answers(&tx, id)?;
        let stage_path: AnswerPath = EVACUATION_STAGE_PATH
            .parse()
            .map_err(|_| VaultError::Internal("stage path"))?;
        let mut changes = vec![(stage_path, Answer::Value(Value::Choice(stage.to_owned())))];
        if let Some(d) = follow {
            let p: AnswerPath = "next_follow_up"
                .parse()
                .map_err(|_| VaultError::Internal("follow-up path"))?;
            changes.push((p, Answer::Value(Value::Date(d))));
        }
        for (path, answer) in changes {
            let json = serde_json::to_string(&answer)
                .map_err(|_| VaultError::Internal("serialising an answer"))?;
            super::cases::write_answer(&tx, id, &path.to_string(), Some(&json), &at, &user)?;
            answers.set(path, answer);
        }
        tx.execute(
            "UPDATE cases SET updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, user],
        )?;
        write_derived(&tx, id, &answers)?;
        let detail = format!(
            "{} → {}{}",
            row.summary.stage.as_deref().unwrap_or("—"),
            stage,
            next_follow_up
                .map(|d| format!("; next follow-up {d}"))
                .unwrap_or_default()
        );
        event(&tx, id, &at, &user, "stage", &detail)?;
        tx.commit()?;
        self.audit("case.stage", id)
    }

    /// Workflow events of a case, newest first. Anyone who can see the case on the board.
    pub fn case_events(&self, id: &str) -> Result<Vec<CaseEvent>, VaultError> {
        let row = self.board_row(id)?;
        if !board::can_list_case(
            self.session.role,
            &self.session.user,
            &row.summary,
            &row.assignment,
        ) {
            return Err(VaultError::Forbidden);
        }
        let mut stmt = self.conn.prepare(
            "SELECT at, by, kind, detail FROM case_events WHERE case_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(CaseEvent {
                at: r.get(0)?,
                by: r.get(1)?,
                kind: r.get(2)?,
                detail: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The registry of perpetrators (by name, or call sign when the name is unknown), units
    /// and detention sites across the cases this user may read.
    pub fn registry(&self) -> Result<Vec<RegistryEntry>, VaultError> {
        if !self.may_search_testimony() {
            return Err(VaultError::Forbidden);
        }
        let mut stmt = self.conn.prepare(
            "SELECT a.case_id, c.code, a.path, a.answer FROM answers a JOIN cases c ON c.id = a.case_id
             WHERE a.path LIKE 'perpetrators[%' OR a.path LIKE 'episodes[%].unit' OR a.path LIKE 'episodes[%].held_place_details'",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        // perpetrator instances: (case, code, instance path) → fields
        let mut perps: std::collections::BTreeMap<(String, String, String), Vec<(String, String)>> =
            Default::default();
        let mut others: Vec<(String, String, String, String, String)> = Vec::new(); // kind, text, case, code, path
        let mut readable: std::collections::HashMap<String, bool> = Default::default();
        for row in rows {
            let (case_id, code, path, json) = row?;
            let can = match readable.get(&case_id) {
                Some(c) => *c,
                None => {
                    let c = self.require_read(&case_id).is_ok();
                    readable.insert(case_id.clone(), c);
                    c
                }
            };
            if !can {
                continue;
            }
            let Ok(Answer::Value(Value::Text(text))) = serde_json::from_str::<Answer>(&json) else {
                continue;
            };
            let Ok(p) = path.parse::<AnswerPath>() else {
                continue;
            };
            if path.starts_with("perpetrators[") {
                let instance = p
                    .container()
                    .map(|c| format!("{c}[{}]", p.instance_index().unwrap_or(0)))
                    .unwrap_or_default();
                perps
                    .entry((case_id, code, instance))
                    .or_default()
                    .push((p.name().to_owned(), text));
            } else {
                let kind = if p.name() == "unit" { "unit" } else { "site" };
                others.push((kind.into(), text, case_id, code, path));
            }
        }
        let mut entries: std::collections::BTreeMap<(String, String), RegistryEntry> =
            Default::default();
        for ((case_id, code, instance), fields) in perps {
            let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let label = get("name").or_else(|| get("call_sign").map(|c| format!("«{c}»")));
            let Some(label) = label else { continue };
            let key = registry::exact_key(&label);
            let e = entries
                .entry(("perpetrator".into(), key.clone()))
                .or_insert_with(|| RegistryEntry {
                    kind: "perpetrator".into(),
                    key,
                    names: vec![],
                    call_signs: vec![],
                    ranks: vec![],
                    units: vec![],
                    links: vec![],
                });
            push_unique(&mut e.names, get("name"));
            push_unique(&mut e.call_signs, get("call_sign"));
            push_unique(&mut e.ranks, get("rank"));
            push_unique(&mut e.units, get("unit"));
            e.links.push((case_id, code, instance));
        }
        for (kind, text, case_id, code, path) in others {
            let key = registry::exact_key(&text);
            let e = entries
                .entry((kind.clone(), key.clone()))
                .or_insert_with(|| RegistryEntry {
                    kind,
                    key,
                    names: vec![],
                    call_signs: vec![],
                    ranks: vec![],
                    units: vec![],
                    links: vec![],
                });
            push_unique(&mut e.names, Some(text));
            e.links.push((case_id, code, path));
        }
        // merge what a person confirmed as the same
        let confirmed = self.registry_decisions(true)?;
        let mut list: Vec<RegistryEntry> = entries.into_values().collect();
        for (kind, a, b) in confirmed {
            let ia = list.iter().position(|e| e.kind == kind && e.key == a);
            let ib = list.iter().position(|e| e.kind == kind && e.key == b);
            if let (Some(ia), Some(ib)) = (ia, ib) {
                let other = list.remove(ib.max(ia));
                let keep = &mut list[ib.min(ia)];
                for n in other.names {
                    push_unique(&mut keep.names, Some(n));
                }
                for n in other.call_signs {
                    push_unique(&mut keep.call_signs, Some(n));
                }
                for n in other.ranks {
                    push_unique(&mut keep.ranks, Some(n));
                }
                for n in other.units {
                    push_unique(&mut keep.units, Some(n));
                }
                keep.links.extend(other.links);
            }
        }
        list.sort_by(|a, b| b.links.len().cmp(&a.links.len()).then(a.key.cmp(&b.key)));
        Ok(list)
    }

    /// Likely duplicates across spellings and scripts that nobody has decided on yet.
    pub fn registry_suggestions(&self) -> Result<Vec<DuplicateSuggestion>, VaultError> {
        let entries = self.registry()?;
        let decided: Vec<(String, String, String)> = self
            .registry_decisions(true)?
            .into_iter()
            .chain(self.registry_decisions(false)?)
            .collect();
        let mut out = Vec::new();
        for (i, a) in entries.iter().enumerate() {
            for b in entries.iter().skip(i + 1) {
                if a.kind != b.kind
                    || !registry::likely_same(&registry::key(&a.key), &registry::key(&b.key))
                {
                    continue;
                }
                let (ka, kb) = ordered(&a.key, &b.key);
                if decided
                    .iter()
                    .any(|(k, x, y)| *k == a.kind && *x == ka && *y == kb)
                {
                    continue;
                }
                out.push(DuplicateSuggestion {
                    kind: a.kind.clone(),
                    key_a: ka,
                    key_b: kb,
                    names_a: a.names.clone(),
                    names_b: b.names.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Records a person's decision on a suggested duplicate.
    pub fn decide_duplicate(
        &mut self,
        kind: &str,
        key_a: &str,
        key_b: &str,
        same: bool,
    ) -> Result<(), VaultError> {
        if !self.may_search_testimony() {
            return Err(VaultError::Forbidden);
        }
        let (a, b) = ordered(key_a, key_b);
        self.conn.execute(
            "INSERT INTO registry_decisions(kind, key_a, key_b, same, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(kind, key_a, key_b) DO UPDATE SET same = excluded.same, at = excluded.at, by = excluded.by",
            params![kind, a, b, same, now(), self.session.user],
        )?;
        self.audit("registry.decide", kind)
    }

    fn registry_decisions(&self, same: bool) -> Result<Vec<(String, String, String)>, VaultError> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, key_a, key_b FROM registry_decisions WHERE same = ?1")?;
        let rows = stmt.query_map([same], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Counts for the dashboard, over the cases this user may see.
    pub fn dashboard(&self) -> Result<Dashboard, VaultError> {
        let all = self
            .board(&BoardQuery {
                limit: u32::MAX,
                ..BoardQuery::default()
            })?
            .rows;
        let mut d = Dashboard::default();
        let mut by_status: std::collections::BTreeMap<String, u32> = Default::default();
        let mut by_stage: std::collections::BTreeMap<String, u32> = Default::default();
        for r in &all {
            *by_status.entry(r.summary.status.clone()).or_default() += 1;
            *by_stage
                .entry(r.summary.stage.clone().unwrap_or_else(|| "none".into()))
                .or_default() += 1;
        }
        d.by_status = by_status.into_iter().collect();
        d.by_stage = by_stage.into_iter().collect();
        d.overdue = all.iter().filter(|r| r.overdue).cloned().collect();
        // detentions per month: episode dates precise to a month or better
        let visible: std::collections::HashSet<&str> =
            all.iter().map(|r| r.summary.id.as_str()).collect();
        let mut stmt = self.conn.prepare(
            "SELECT case_id, answer FROM answers WHERE path LIKE 'episodes[%].apprehension_date'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut months: std::collections::BTreeMap<String, u32> = Default::default();
        for row in rows {
            let (case_id, json) = row?;
            if !visible.contains(case_id.as_str()) {
                continue;
            }
            if let Ok(Answer::Value(Value::Date(date))) = serde_json::from_str::<Answer>(&json) {
                if let Some(m) = date.month_value() {
                    if matches!(
                        date.precision().kind(),
                        waystone_forms::PrecisionKind::Exact | waystone_forms::PrecisionKind::Month
                    ) {
                        *months
                            .entry(format!("{:04}-{m:02}", date.year_value()))
                            .or_default() += 1;
                    }
                }
            }
        }
        d.detentions_per_month = months.into_iter().collect();
        if self.may_search_testimony() {
            for e in self.registry()? {
                let cases: std::collections::HashSet<&str> =
                    e.links.iter().map(|l| l.0.as_str()).collect();
                let label = e.names.first().cloned().unwrap_or_else(|| e.key.clone());
                let n = cases.len() as u32;
                match e.kind.as_str() {
                    "perpetrator" => d.per_perpetrator.push((label, n)),
                    "site" => d.per_site.push((label, n)),
                    _ => {}
                }
            }
            d.per_perpetrator
                .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            d.per_site.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            d.per_perpetrator.truncate(15);
            d.per_site.truncate(15);
        }
        Ok(d)
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

fn push_unique(v: &mut Vec<String>, s: Option<String>) {
    if let Some(s) = s {
        if !v.contains(&s) {
            v.push(s);
        }
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}
