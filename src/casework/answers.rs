//! Starting a case, listing cases, and the interview's reads and writes of answers and
//! repeats: each save is one transaction with who and when, appended to the history.

use rusqlite::{params, OptionalExtension};
use waystone_forms::{Answer, AnswerPath, Answers, FormDef, Problem, ProblemCode};

use crate::access::Op;
use crate::board;
use crate::cases::interview::interview_state;
use crate::cases::{self, Case, CaseSummary, HistoryEntry};
use crate::vault::store::board::{
    self as board_rows, from_row, scope, scope_sql, today, BOARD_COLUMNS,
};
use crate::vault::store::{answers as answer_rows, attachments, cases as case_rows};
use crate::vault::{now, Vault, VaultError};

use super::{CaseFilter, Interview, Readable, SaveOutcome, Writable};

impl Vault {
    /// Starts a case on `form` (the form version is kept with it for good).
    pub fn create_case(&mut self, form: &FormDef) -> Result<CaseSummary, VaultError> {
        self.create_case_with(form, &Answers::new())
    }

    /// Creates a case with a whole set of answers in one transaction (demo data, tests).
    /// Structural problems refuse it; an unfinished interview is fine.
    pub fn create_case_with(
        &mut self,
        form: &FormDef,
        answers: &Answers,
    ) -> Result<CaseSummary, VaultError> {
        // a coordinator could not read the case afterwards: interviewing is for other roles
        if !crate::board::may_create_case(self.session.role) {
            return Err(VaultError::Forbidden);
        }
        // a case must be readable later: its form is built in or stored here, unchanged
        if !crate::catalog::is_registered(&self.conn, form)? {
            return Err(VaultError::Invalid(
                "this form is not in the vault: import it first (`waystone form import`)".into(),
            ));
        }
        let mut problems: Vec<String> = waystone_forms::validate(form, answers)
            .into_iter()
            .filter(|p| cases::is_structural(p.code))
            .map(|p| format!("{}: {}", p.path, p.code.as_str()))
            .collect();
        problems.extend(cases::interchange::answers_size_problems(answers));
        if !problems.is_empty() {
            return Err(VaultError::InvalidCase(problems));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let (at, user) = (now(), self.session.user.clone());
        let tx = self.conn.transaction()?;
        let mut code = cases::new_code();
        while tx
            .query_row("SELECT 1 FROM cases WHERE code = ?1", [&code], |_| Ok(()))
            .optional()?
            .is_some()
        {
            code = cases::new_code();
        }
        tx.execute(
            "INSERT INTO cases(id, code, form_id, form_version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
            params![id, code, form.id(), form.version(), at, user],
        )?;
        answer_rows::replace(&tx, &id, &Answers::new(), answers, &at, &user)?;
        board_rows::touch(&tx, &id, &at, &user, answers)?;
        tx.commit()?;
        self.audit("case.create", &id)?;
        case_rows::summary(&self.conn, &id)
    }

    /// The summary of a case on the acting user's board ([`Op::ListCase`]): no testimony.
    pub fn case_summary(&self, id: &str) -> Result<CaseSummary, VaultError> {
        Ok(self.require(id, Op::ListCase)?.summary)
    }

    /// Cases, most recently changed first.
    /// The cases the acting user may list, most recently changed first.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>, VaultError> {
        self.recent_cases(filter)
    }

    /// The cases the acting user may list, most recently changed first, at most
    /// `filter.limit`: through the `updated_at` index, so the interviews list of a large
    /// vault reads the rows it shows and no others.
    pub(crate) fn recent_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>, VaultError> {
        let (scope, user) = scope(self.session.role, &self.session.user);
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
            |r| from_row(r, &today),
        )?;
        let role = self.session.role;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if board::can_list_case(role, user, &row.assignment) {
                out.push(row.summary);
            }
        }
        Ok(out)
    }
}

impl Readable<'_> {
    /// The whole case. Reading testimony is audit-logged.
    pub fn case(&mut self) -> Result<Case, VaultError> {
        let case = self.read()?;
        let id = self.row.summary.id.clone();
        self.vault.audit("case.read", &id)?;
        Ok(case)
    }

    /// Opens the case for the interview screen (audit-logged as a read of testimony).
    pub fn interview(&mut self) -> Result<Interview, VaultError> {
        let case = self.case()?;
        let form = form_of(&self.vault.conn, &case.summary)?;
        let state = interview_state(&form, &case.answers);
        let writable = self.vault.may(self.id(), Op::WriteTestimony);
        Ok(Interview {
            case,
            state,
            writable,
        })
    }

    /// The case as stored, without an audit entry: for the operations that record their own
    /// (an export, a bundle).
    pub(crate) fn read(&self) -> Result<Case, VaultError> {
        let id = self.id();
        let summary = case_rows::summary(&self.vault.conn, id)?;
        let answers = answer_rows::read(&self.vault.conn, id)?;
        let attachments = attachments::list(&self.vault.conn, id)?;
        Ok(Case {
            summary,
            answers,
            attachments,
        })
    }

    /// The answers alone, without an audit entry (for the operations that record their own).
    pub(crate) fn answers(&self) -> Result<Answers, VaultError> {
        answer_rows::read(&self.vault.conn, self.id())
    }

    /// Who changed what and when, newest first (no values).
    pub fn history(&self) -> Result<Vec<HistoryEntry>, VaultError> {
        answer_rows::history(&self.vault.conn, self.id())
    }
}

impl Writable<'_> {
    /// Saves (or with `None`, clears) one answer. Structural problems (unknown question,
    /// wrong type, unknown choice, missing repeat instance…) refuse the save; constraint
    /// messages for that path are returned for the interviewer to see.
    pub fn save_answer(
        &mut self,
        path: &AnswerPath,
        answer: Option<Answer>,
    ) -> Result<SaveOutcome, VaultError> {
        let id = self.row.summary.id.as_str();
        let form = form_of(&self.vault.conn, &self.row.summary)?;
        if form
            .question(&path.question_path())
            .is_some_and(|q| q.read_only())
        {
            return Err(VaultError::Invalid(format!(
                "{path}: read_only: this value is computed from other answers and cannot be typed in"
            )));
        }
        let user = self.vault.session.user.clone();
        let tx = self.vault.conn.transaction()?;
        let mut answers = answer_rows::read(&tx, id)?;
        match &answer {
            Some(a) => {
                answers.set(path.clone(), a.clone());
            }
            None => {
                answers.remove(path);
            }
        }
        let at_path: Vec<Problem> = waystone_forms::validate(&form, &answers)
            .into_iter()
            .filter(|p| &p.path == path)
            .collect();
        if let Some(p) = at_path.iter().find(|p| cases::is_structural(p.code)) {
            return Err(VaultError::Invalid(format!(
                "{}: {}",
                p.path,
                p.code.as_str()
            )));
        }
        // a cascading select's choice must be one its filter offers now (an earlier choice
        // that a changed parent no longer fits is only flagged, never refused)
        if at_path
            .iter()
            .any(|p| p.code == ProblemCode::ChoiceNotOffered)
        {
            return Err(VaultError::Invalid(format!(
                "{path}: choice_not_offered: this choice is not offered for the answer it depends on; choose again"
            )));
        }
        let path_s = path.to_string();
        let value = answer.as_ref().map(answer_rows::answer_json).transpose()?;
        if let Some(v) = &value {
            answer_rows::check_size(&tx, id, &path_s, v.len())?;
        }
        let at = now();
        answer_rows::write(&tx, id, &path_s, value.as_deref(), &at, &user)?;
        // calculated values follow their inputs: recomputed on every save
        let typed = answers.clone();
        if waystone_forms::calculate(&form, &mut answers) {
            answer_rows::replace(&tx, id, &typed, &answers, &at, &user)?;
        }
        board_rows::touch(&tx, id, &at, &user, &answers)?;
        tx.commit()?;
        Ok(SaveOutcome {
            problems: at_path,
            state: interview_state(&form, &answers),
        })
    }

    /// Adds an instance to a repeat group (an episode, a perpetrator); returns its index.
    pub fn add_repeat(&mut self, container: &AnswerPath) -> Result<u32, VaultError> {
        let id = self.row.summary.id.as_str();
        let form = form_of(&self.vault.conn, &self.row.summary)?;
        let user = self.vault.session.user.clone();
        if form
            .repeat(&container.question_path())
            .is_some_and(|r| r.count().is_some())
        {
            return Err(VaultError::Invalid(format!(
                "{container}: counted: the number of instances follows its count; change the answer it is counted from"
            )));
        }
        let tx = self.vault.conn.transaction()?;
        let mut answers = answer_rows::read(&tx, id)?;
        let index = answers.add_repeat_instance(container);
        if waystone_forms::validate(&form, &answers)
            .iter()
            .any(|p| &p.path == container && cases::is_structural(p.code))
        {
            return Err(VaultError::Invalid(format!(
                "{container}: not a repeat of this form"
            )));
        }
        let at = now();
        answer_rows::write_repeat(
            &tx,
            id,
            container,
            answers.repeat_count(container),
            &at,
            &user,
        )?;
        let added = answers.clone();
        if waystone_forms::calculate(&form, &mut answers) {
            answer_rows::replace(&tx, id, &added, &answers, &at, &user)?;
        }
        board_rows::touch(&tx, id, &at, &user, &answers)?;
        tx.commit()?;
        Ok(index)
    }

    /// Removes instance `index` of a repeat with every answer inside it; later instances
    /// move down by one.
    pub fn remove_repeat(&mut self, container: &AnswerPath, index: u32) -> Result<(), VaultError> {
        let id = self.row.summary.id.as_str();
        let form = form_of(&self.vault.conn, &self.row.summary)?;
        let user = self.vault.session.user.clone();
        let tx = self.vault.conn.transaction()?;
        let before = answer_rows::read(&tx, id)?;
        // a counted repeat's instances follow its count: only one kept beyond the count
        // (it held answers when the count shrank) may be removed by hand
        if let Some(expected) = waystone_forms::expected_repeat_count(&form, &before, container) {
            if index < expected {
                return Err(VaultError::Invalid(format!(
                    "{container}[{index}]: counted: the number of instances follows its count; change the answer it is counted from"
                )));
            }
        }
        let mut after = before.clone();
        if !after.remove_repeat_instance(container, index) {
            return Err(VaultError::Invalid(format!(
                "{container}[{index}]: no such instance"
            )));
        }
        waystone_forms::calculate(&form, &mut after);
        let at = now();
        answer_rows::replace(&tx, id, &before, &after, &at, &user)?;
        board_rows::touch(&tx, id, &at, &user, &after)?;
        tx.commit()?;
        Ok(())
    }
}

/// The definition a case was started on: built in, or imported into this vault.
pub(super) fn form_of(
    conn: &rusqlite::Connection,
    summary: &CaseSummary,
) -> Result<FormDef, VaultError> {
    if let Some(f) = waystone_forms::builtin(&summary.form_id, summary.form_version) {
        return Ok(f);
    }
    crate::catalog::stored_form(conn, &summary.form_id, summary.form_version)?.ok_or(
        VaultError::Internal("the case's form version is neither built in nor in this vault"),
    )
}
