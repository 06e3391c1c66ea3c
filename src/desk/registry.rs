//! The registry of perpetrators, units and detention sites across the cases a user may
//! read, and the duplicates a person decides on. The grouping is pure
//! ([`crate::board::grouping`]); here are the reads, the rights per case, and the decisions.

use std::collections::HashMap;

use rusqlite::params;
use waystone_forms::{Answer, Value};

use crate::access::Op;
use crate::board::grouping::{self, Decision, Mention};
pub use crate::board::grouping::{DuplicateSuggestion, RegistryEntry};
use crate::cases::vocabulary as v;
use crate::vault::store::answers;
use crate::vault::{now, Vault, VaultError};

impl Vault {
    /// The registry of perpetrators (by name, or call sign when the name is unknown), units
    /// and detention sites across the cases this user may read.
    pub fn registry(&self) -> Result<Vec<RegistryEntry>, VaultError> {
        if !self.may_search_testimony() {
            return Err(VaultError::Forbidden);
        }
        let rows = answers::in_repeats(
            &self.conn,
            &[
                (v::PERPETRATORS, None),
                (v::EPISODES, Some(v::EPISODE_UNIT)),
                (v::EPISODES, Some(v::EPISODE_SITE)),
            ],
        )?;
        let mut readable: HashMap<String, bool> = HashMap::new();
        let mut mentions = Vec::new();
        for (case_id, code, path, json) in rows {
            let may = *readable
                .entry(case_id.clone())
                .or_insert_with(|| self.may(&case_id, Op::ReadTestimony));
            if !may {
                continue;
            }
            let Ok(Answer::Value(Value::Text(text))) = serde_json::from_str::<Answer>(&json) else {
                continue;
            };
            let Ok(path) = path.parse() else { continue };
            mentions.push(Mention {
                case_id,
                code,
                path,
                text,
            });
        }
        Ok(grouping::group(mentions, &self.registry_decisions(true)?))
    }

    /// Likely duplicates across spellings and scripts that nobody has decided on yet.
    pub fn registry_suggestions(&self) -> Result<Vec<DuplicateSuggestion>, VaultError> {
        let entries = self.registry()?;
        let decided: Vec<Decision> = self
            .registry_decisions(true)?
            .into_iter()
            .chain(self.registry_decisions(false)?)
            .collect();
        Ok(grouping::suggestions(&entries, &decided))
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
        let (a, b) = grouping::ordered(key_a, key_b);
        self.conn.execute(
            "INSERT INTO registry_decisions(kind, key_a, key_b, same, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(kind, key_a, key_b) DO UPDATE SET same = excluded.same, at = excluded.at, by = excluded.by",
            params![kind, a, b, same, now(), self.session.user],
        )?;
        self.audit("registry.decide", kind)
    }

    /// The pairs of keys a person confirmed as one entity (the only merges counts may use).
    pub(crate) fn registry_confirmed(&self) -> Result<Vec<Decision>, VaultError> {
        self.registry_decisions(true)
    }

    fn registry_decisions(&self, same: bool) -> Result<Vec<Decision>, VaultError> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, key_a, key_b FROM registry_decisions WHERE same = ?1")?;
        let rows = stmt.query_map([same], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
