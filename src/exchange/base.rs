//! The last version of a case exchanged with each contact (migration 0010), and the
//! three-way comparison an update gets against it.
//!
//! A version sent to a contact, or received from one and applied, is that contact's *base*:
//! what both sides last had in common. An update from them is then compared three ways: an
//! answer (or the workflow status) changed here since the base, which the update does not
//! carry, would be lost by applying it — a conflict, held for a person's merge. An update that
//! carries every change made here (or where nothing changed here) applies. Without a base
//! (cases exchanged before this version, or a whole case from someone who only ever
//! exchanged status cards) the older rule applies: versions compared by time.

use rusqlite::{params, OptionalExtension};
use waystone_forms::{AnswerPath, Answers};

use crate::vault::{now, Vault, VaultError};

use super::model::STATUS_CARD_PATHS;

/// What both sides last had in common.
pub(super) struct Base {
    pub(super) status: String,
    pub(super) answers: Answers,
}

/// The paths (and the status) changed on each side since the base.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Sides {
    /// Changed here since the base.
    pub(super) here: Vec<String>,
    /// Changed in the update since the base.
    pub(super) there: Vec<String>,
}

/// The pseudo-path of the workflow status in a comparison (no answer has this path: answer
/// paths are lower-case identifiers).
pub const STATUS_ROW: &str = "@status";

impl Vault {
    /// The base of case `id` with the contact whose key is `fingerprint`; for a whole-case
    /// update (`status_card` false) only when a whole case was exchanged with them.
    pub(super) fn base(
        &self,
        id: &str,
        fingerprint: &str,
        status_card: bool,
    ) -> Result<Option<Base>, VaultError> {
        let row: Option<(bool, String, String)> = self
            .conn
            .query_row(
                "SELECT whole, status, answers FROM case_bases WHERE case_id = ?1 AND fingerprint = ?2",
                params![id, fingerprint],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((whole, status, answers)) = row else {
            return Ok(None);
        };
        if !whole && !status_card {
            return Ok(None);
        }
        let answers: Answers = serde_json::from_str(&answers)
            .map_err(|_| VaultError::Corrupt("a case's exchanged version is damaged"))?;
        Ok(Some(Base { status, answers }))
    }

    /// Records what contact `fingerprint` now holds of case `id`: a whole case's answers and
    /// status, or a status card's fields over the base already recorded.
    pub(super) fn record_base(
        &self,
        id: &str,
        fingerprint: &str,
        status: &str,
        answers: &Answers,
        status_card: bool,
    ) -> Result<(), VaultError> {
        if fingerprint.is_empty() {
            return Ok(());
        }
        let (whole, merged) = if status_card {
            let held: Option<(bool, String)> = self
                .conn
                .query_row(
                    "SELECT whole, answers FROM case_bases WHERE case_id = ?1 AND fingerprint = ?2",
                    params![id, fingerprint],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (whole, mut base) = match held {
                Some((w, json)) => (
                    w,
                    serde_json::from_str::<Answers>(&json).map_err(|_| {
                        VaultError::Corrupt("a case's exchanged version is damaged")
                    })?,
                ),
                None => (false, Answers::new()),
            };
            for p in STATUS_CARD_PATHS {
                let Ok(path) = p.parse::<AnswerPath>() else {
                    continue;
                };
                match answers.get(&path) {
                    Some(a) => base.set(path, a.clone()),
                    None => base.remove(&path),
                };
            }
            (whole, base)
        } else {
            (true, answers.clone())
        };
        let json = serde_json::to_string(&merged)
            .map_err(|_| VaultError::Internal("recording an exchanged version"))?;
        self.conn.execute(
            "INSERT INTO case_bases(case_id, fingerprint, whole, status, answers, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(case_id, fingerprint) DO UPDATE SET whole = excluded.whole,
               status = excluded.status, answers = excluded.answers, recorded_at = excluded.recorded_at",
            params![id, fingerprint, whole, status, json, now()],
        )?;
        Ok(())
    }
}

/// What changed on each side since `base`: `here` (status and answers held here) against
/// `there` (the update, a status card already laid over the copy held). A status card is
/// compared on its own fields only.
pub(super) fn sides(
    base: &Base,
    here_status: &str,
    here: &Answers,
    there_status: &str,
    there: &Answers,
    status_card: bool,
) -> Sides {
    let mut paths: Vec<AnswerPath> = Vec::new();
    if status_card {
        paths.extend(STATUS_CARD_PATHS.iter().filter_map(|p| p.parse().ok()));
    } else {
        for a in [&base.answers, here, there] {
            paths.extend(a.iter().map(|(p, _)| p.clone()));
        }
        paths.sort();
        paths.dedup();
    }
    let mut out = Sides::default();
    if here_status != base.status {
        out.here.push(STATUS_ROW.into());
    }
    if there_status != base.status {
        out.there.push(STATUS_ROW.into());
    }
    for p in &paths {
        let b = base.answers.get(p);
        if here.get(p) != b {
            out.here.push(p.to_string());
        }
        if there.get(p) != b {
            out.there.push(p.to_string());
        }
    }
    out
}

/// The changes made here that applying the update would lose: changed here since the base,
/// and different in the update.
pub(super) fn lost(
    sides: &Sides,
    here_status: &str,
    here: &Answers,
    there_status: &str,
    there: &Answers,
) -> Vec<String> {
    sides
        .here
        .iter()
        .filter(|p| {
            if p.as_str() == STATUS_ROW {
                return here_status != there_status;
            }
            match p.parse::<AnswerPath>() {
                Ok(path) => here.get(&path) != there.get(&path),
                Err(_) => true,
            }
        })
        .cloned()
        .collect()
}
