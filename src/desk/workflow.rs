//! Moving a case through the workflow: status (with the filing details), assignment,
//! follow-up date, evacuation stage, and the events that record each change.

use rusqlite::params;

use crate::access::{Op, Role};
use crate::board::{self, Filing, Status};
use crate::cases::EVACUATION_STAGE_PATH;
use crate::exchange::routing::BoardChange;
use crate::vault::store::answers;
use crate::vault::store::board::{event, row as board_row, write_derived};
use crate::vault::{now, Vault, VaultError};
use waystone_forms::{Answer, AnswerPath, Value};

/// A workflow change in a case's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub at: String,
    pub by: String,
    pub kind: String,
    pub detail: String,
}

impl Vault {
    /// Case `id`'s filing details (body, application number, date) as the board shows them,
    /// when the case was filed here or a bundle brought them.
    pub fn filing(
        &self,
        id: &str,
    ) -> Result<Option<crate::cases::interchange::FilingDoc>, VaultError> {
        self.require(id, crate::access::Op::ListCase)?;
        crate::vault::store::cases::filing(&self.conn, id)
    }

    /// Moves a case to `to` if the workflow allows it; `filed` needs the filing details.
    pub fn change_status(
        &mut self,
        id: &str,
        to: Status,
        filing: Option<Filing>,
    ) -> Result<(), VaultError> {
        let row = self.require(id, Op::ChangeWorkflow)?;
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
        self.audit("case.status", id)?;
        // the change stands whatever routing does: a skipped item is audited there
        let _ = self.route(id, BoardChange::Status(to));
        Ok(())
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
        board_row(&self.conn, id)?;
        for (who, role) in [(caseworker, Role::Caseworker), (lawyer, Role::Lawyer)] {
            if let Some(name) = who {
                let ok = self
                    .users()
                    .iter()
                    .any(|u| u.name == name && (u.role == role || u.role == Role::Admin));
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
        self.require(id, Op::ChangeWorkflow)?;
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
        let row = self.require(id, Op::ChangeWorkflow)?;
        if crate::board::Stage::parse(stage).is_none() {
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
        let mut answers = answers::read(&tx, id)?;
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
            answers::write(&tx, id, &path.to_string(), Some(&json), &at, &user)?;
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
        self.audit("case.stage", id)?;
        let _ = self.route(id, BoardChange::Evacuation);
        Ok(())
    }

    /// Workflow events of a case, newest first. Anyone who can see the case on the board.
    pub fn case_events(&self, id: &str) -> Result<Vec<CaseEvent>, VaultError> {
        let row = crate::vault::store::board::row(&self.conn, id)?;
        if !board::can_list_case(self.session.role, &self.session.user, &row.assignment) {
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
}
