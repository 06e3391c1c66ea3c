//! Comparing a held update with the copy held here, answer by answer, and merging the
//! person's choices: the merge screen's core.
//!
//! A held update (a conflict: the copy here changed after the sender's version; or an update
//! from someone who is not a trusted sender) is never applied whole unless a person accepts
//! it. [`Vault::merge_view`] lists every answer that differs, the copy held here ("mine")
//! beside the update ("theirs"), and the workflow status when it differs. [`Vault::merge_incoming`]
//! writes the copy held here with the answers the person chose to take from the update
//! (every other answer stays as it is here), as a new local version dated now, records the
//! update's version as accepted (so the same bundle or an older one is refused later) and
//! closes the held entry as `merged`. Nothing is overwritten that the person did not choose,
//! and a copy that changed between the comparison and the decision is refused (compare again).
//!
//! Rights: comparing shows the answers of both copies, so it needs `read_testimony` on the
//! case (a status card's fields, `change_workflow`), beside the right the decision exercises
//! (see `incoming`).

use rusqlite::params;
use waystone_forms::{Answer, AnswerPath, Answers};

use crate::access::Op;
use crate::cases::interchange::CaseDocument;
use crate::vault::{Vault, VaultError};

use super::base::{sides, STATUS_ROW};
use super::incoming::{IncomingReason, IncomingState};
use super::model::{Outcome, Received};
use super::plan::{diff, version_ms};

/// One difference between the copy held here and a held update.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRow {
    /// The answer path, or [`STATUS_ROW`] for the workflow status.
    pub path: String,
    /// What the copy held here records (`None`: nothing recorded).
    pub mine: Option<MergeValue>,
    /// What the update records.
    pub theirs: Option<MergeValue>,
    /// Whether it was changed here since the last version exchanged with the sender (`None`:
    /// no exchange with them is recorded, so it cannot be told).
    pub changed_here: Option<bool>,
    /// Whether the sender changed it since that version.
    pub changed_there: Option<bool>,
}

/// A compared value: an answer, or the workflow status.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeValue {
    Answer(Answer),
    Status(String),
}

/// A held update beside the copy held here.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeView {
    pub incoming_id: i64,
    pub case_id: String,
    pub code: String,
    /// The pinned name of the sender.
    pub from: String,
    pub status_card: bool,
    /// The form the case follows (to label the answers).
    pub form_id: String,
    pub form_version: u32,
    pub reason: IncomingReason,
    /// The version of the copy held here the comparison was made against: the decision must
    /// name it, so a copy changed in between is compared again, never merged blind.
    pub local_version: String,
    pub update_version: String,
    /// Every difference, in path order (the status first).
    pub rows: Vec<MergeRow>,
    /// How many attachments the update brings that the copy here does not hold as they are
    /// (added on a merge; attachments are never removed by one).
    pub new_attachments: usize,
}

impl Vault {
    /// Held update `id` beside the copy held here: every answer that differs, and the
    /// workflow status when it differs. Reads only.
    pub fn merge_view(&self, id: i64) -> Result<MergeView, VaultError> {
        let (view, _) = self.compare(id)?;
        Ok(view)
    }

    /// Merges held update `id` into the copy held here: the answers at `take_theirs` (paths
    /// from [`Vault::merge_view`], [`STATUS_ROW`] for the status) come from the update, every
    /// other answer stays; `local_version` must be the version the comparison was made
    /// against. Every check of an import runs again (the pinned key, the clock, the newest
    /// version); the update's version is recorded as accepted and the entry closed as
    /// `merged`; audited as `incoming.merge`.
    pub fn merge_incoming(
        &mut self,
        id: i64,
        local_version: &str,
        take_theirs: &[String],
    ) -> Result<Received, VaultError> {
        let (view, theirs) = self.compare(id)?;
        if view.local_version != local_version {
            return Err(VaultError::Invalid(
                "the case was changed here after the two copies were compared; nothing was changed: compare them again".into(),
            ));
        }
        let differing: Vec<&str> = view.rows.iter().map(|r| r.path.as_str()).collect();
        if let Some(p) = take_theirs
            .iter()
            .find(|p| !differing.contains(&p.as_str()))
        {
            return Err(VaultError::Invalid(format!(
                "{} is not one of the answers that differ; nothing was changed: compare the two copies again",
                crate::hygiene::quote_input(p)
            )));
        }
        let sender_fingerprint = self.check_pinned_sender(id)?;
        let version = version_ms(&theirs.updated_at)?;
        let accepted: Option<i64> = {
            use rusqlite::OptionalExtension;
            self.conn
                .query_row(
                    "SELECT version_ms FROM case_versions WHERE case_id = ?1",
                    [&theirs.id],
                    |r| r.get(0),
                )
                .optional()?
        };
        if accepted.is_some_and(|a| version <= a) {
            return Err(super::model::refused(
                super::model::BundleRefusal::NotNewer,
                "a newer version of this case from a bundle was accepted since this update arrived; nothing was changed: reject this one",
            ));
        }
        let mine = crate::vault::store::answers::read(&self.conn, &view.case_id)?;
        let local = crate::vault::store::cases::summary(&self.conn, &view.case_id)?;
        let mut merged = mine.clone();
        let mut status = local.status.clone();
        let mut taken = Vec::new();
        for p in take_theirs {
            if p == STATUS_ROW {
                status = theirs.status.clone();
                continue;
            }
            let path: AnswerPath = p
                .parse()
                .map_err(|_| VaultError::Invalid("an answer path is malformed".into()))?;
            match theirs.answers.get(&path) {
                Some(a) => merged.set(path, a.clone()),
                None => merged.remove(&path),
            };
            taken.push(p.clone());
        }
        grow_repeats(&mut merged, &theirs.answers);
        // a new local version, later than both copies
        let now = chrono::Utc::now().timestamp_millis();
        let local_ms = version_ms(&local.updated_at).unwrap_or(now);
        let at = chrono::DateTime::from_timestamp_millis(now.max(local_ms + 1).max(version + 1))
            .ok_or(VaultError::Internal("a merge's time"))?
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let (their_status, their_answers) = (theirs.status.clone(), theirs.answers.clone());
        let mut doc = theirs;
        doc.answers = merged;
        doc.status = status;
        doc.code = local.code.clone();
        doc.updated_at = at;
        doc.updated_by = self.session.user.clone();
        let (case, _) = self.apply_document(&doc, view.status_card, None)?;
        self.record_version(&case, version, &view.update_version)?;
        // the sender holds their version, not the merge: the next update is compared with it
        self.record_base(
            &case,
            &sender_fingerprint,
            &their_status,
            &their_answers,
            view.status_card,
        )?;
        self.decide(id, IncomingState::Imported, IncomingReason::Merged)?;
        self.audit("incoming.merge", &case)?;
        Ok(Received {
            status_card: view.status_card,
            case_id: case,
            code: view.code,
            sender: view.from,
            created: false,
            changed: taken,
            outcome: Outcome::Imported,
        })
    }

    /// The comparison, and the update as it would be written (a status card over the copy
    /// held here). Checks the right to decide it and to read what it shows.
    fn compare(&self, id: i64) -> Result<(MergeView, CaseDocument), VaultError> {
        let held = self.held(id)?;
        held.may_decide?;
        let mut doc = held.doc;
        let local = crate::vault::store::cases::summary(&self.conn, &doc.id).map_err(|e| {
            match e {
                VaultError::CaseNotFound => VaultError::Invalid(
                    "this case is not held here, so there is nothing to compare: accept or reject the update".into(),
                ),
                e => e,
            }
        })?;
        if held.status_card {
            self.require(&doc.id, Op::ChangeWorkflow)?;
        } else {
            self.require(&doc.id, Op::ReadTestimony)?;
        }
        let mine = crate::vault::store::answers::read(&self.conn, &doc.id)?;
        if held.status_card {
            doc.answers = super::plan::overlay_card(&mine, &doc.answers, true);
        }
        let sides = self
            .base(&doc.id, &held.sender_fingerprint, held.status_card)?
            .map(|b| {
                sides(
                    &b,
                    &local.status,
                    &mine,
                    &doc.status,
                    &doc.answers,
                    held.status_card,
                )
            });
        let flags = |p: &str| match &sides {
            Some(s) => (
                Some(s.here.iter().any(|h| h == p)),
                Some(s.there.iter().any(|t| t == p)),
            ),
            None => (None, None),
        };
        let mut rows = Vec::new();
        if doc.status != local.status {
            let (changed_here, changed_there) = flags(STATUS_ROW);
            rows.push(MergeRow {
                path: STATUS_ROW.into(),
                mine: Some(MergeValue::Status(local.status.clone())),
                theirs: Some(MergeValue::Status(doc.status.clone())),
                changed_here,
                changed_there,
            });
        }
        for p in diff(&mine, &doc.answers) {
            let path: AnswerPath = p
                .parse()
                .map_err(|_| VaultError::Corrupt("an answer path is malformed"))?;
            let (changed_here, changed_there) = flags(&p);
            rows.push(MergeRow {
                mine: mine.get(&path).cloned().map(MergeValue::Answer),
                theirs: doc.answers.get(&path).cloned().map(MergeValue::Answer),
                path: p,
                changed_here,
                changed_there,
            });
        }
        let new_attachments = if held.status_card {
            0
        } else {
            self.new_attachments(&doc)?
        };
        let reason: String = self.conn.query_row(
            "SELECT reason FROM incoming WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        let view = MergeView {
            incoming_id: id,
            case_id: doc.id.clone(),
            code: held.code,
            from: held.sender,
            status_card: held.status_card,
            form_id: local.form_id.clone(),
            form_version: local.form_version,
            reason: IncomingReason::parse(&reason)?,
            local_version: local.updated_at,
            update_version: doc.updated_at.clone(),
            rows,
            new_attachments,
        };
        Ok((view, doc))
    }
}

/// Makes room in `merged` for every repeat instance the update holds (an answer taken from
/// an episode the copy here does not have yet); instances are never removed by a merge.
fn grow_repeats(merged: &mut Answers, theirs: &Answers) {
    for (container, n) in theirs.repeats() {
        if merged.repeat_count(container) < n {
            merged.set_repeat_count(container.clone(), n);
        }
    }
}
