//! The vault's asylum operations: read and write a case's asylum details, record the
//! survivor's consent, and count the corroboration other cases give (numbers only). Each
//! asks the rights table first (`asylum_details`, `asylum_consent`).

use std::collections::HashSet;

use waystone_forms::{Answer, Value};

use super::details::{AsylumConsent, AsylumDetails};
use super::letter::Corroboration;
use crate::access::Op;
use crate::board::registry::exact_key;
use crate::cases::vocabulary as v;
use crate::vault::store::{answers, asylum};
use crate::vault::{now, Vault, VaultError};

impl Vault {
    /// Case `id`'s asylum details, when recorded. For whoever may write them or record the
    /// consent.
    pub fn asylum_details(&self, id: &str) -> Result<Option<AsylumDetails>, VaultError> {
        if !self.may(id, Op::AsylumDetails) {
            self.require(id, Op::AsylumConsent)?;
        }
        self.asylum_details_unchecked(id)
    }

    pub(crate) fn asylum_details_unchecked(
        &self,
        id: &str,
    ) -> Result<Option<AsylumDetails>, VaultError> {
        match asylum::get(&self.conn, id)? {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|_| VaultError::Corrupt("a case's asylum details do not read")),
        }
    }

    /// Replaces case `id`'s asylum details with `details` (every problem listed when invalid).
    /// The consent is the survivor's: when the new record changes it, the user must also be
    /// one who may record it.
    pub fn set_asylum_details(
        &mut self,
        id: &str,
        details: &AsylumDetails,
    ) -> Result<(), VaultError> {
        self.require(id, Op::AsylumDetails)?;
        let problems = details.problems();
        if !problems.is_empty() {
            return Err(VaultError::Invalid(problems.join("; ")));
        }
        let held = self.asylum_details_unchecked(id)?;
        if held.as_ref().and_then(|d| d.consent.as_ref()) != details.consent.as_ref() {
            self.require(id, Op::AsylumConsent)?;
        }
        self.write_asylum(id, details)?;
        self.audit("case.asylum_details", id)
    }

    /// Records the survivor's consent (or its refusal or withdrawal) to a letter to
    /// `consent.authority` of `consent.host`, keeping the rest of the details.
    pub fn record_asylum_consent(
        &mut self,
        id: &str,
        mut consent: AsylumConsent,
    ) -> Result<(), VaultError> {
        self.require(id, Op::AsylumConsent)?;
        if consent.recorded_by.trim().is_empty() {
            consent.recorded_by = self.session.user.clone();
        }
        let mut details = self.asylum_details_unchecked(id)?.unwrap_or_default();
        details.consent = Some(consent);
        let problems = details.problems();
        if !problems.is_empty() {
            return Err(VaultError::Invalid(problems.join("; ")));
        }
        self.write_asylum(id, &details)?;
        self.audit("case.asylum_consent", id)
    }

    fn write_asylum(&mut self, id: &str, details: &AsylumDetails) -> Result<(), VaultError> {
        let json = serde_json::to_string(details)
            .map_err(|_| VaultError::Internal("writing the asylum details"))?;
        asylum::put(&self.conn, id, &json, &now(), &self.session.user)
    }

    /// How many other cases in the vault record a detention at one of case `id`'s places, and
    /// how many name one of its units (episode or perpetrator units). Counts only: no other
    /// case's id, code or text leaves here. Every case in the vault counts, whoever may read
    /// it: the letter is the organisation's, and a number names nobody.
    pub(crate) fn asylum_corroboration(&self, id: &str) -> Result<Corroboration, VaultError> {
        let site_rows = answers::in_repeats(&self.conn, &[(v::EPISODES, Some(v::EPISODE_SITE))])?;
        let unit_rows = answers::in_repeats(
            &self.conn,
            &[
                (v::EPISODES, Some(v::EPISODE_UNIT)),
                (v::PERPETRATORS, Some(v::PERPETRATOR_UNIT)),
            ],
        )?;
        Ok(Corroboration {
            other_cases_same_site: others_sharing(id, site_rows),
            other_cases_same_unit: others_sharing(id, unit_rows),
        })
    }
}

/// The number of cases other than `id` sharing a key with `id` among `rows` (case id, code,
/// path, answer JSON).
fn others_sharing(id: &str, rows: Vec<(String, String, String, String)>) -> usize {
    let keyed: Vec<(String, String)> = rows
        .into_iter()
        .filter_map(
            |(case, _, _, json)| match serde_json::from_str::<Answer>(&json) {
                Ok(Answer::Value(Value::Text(t))) if !t.trim().is_empty() => {
                    Some((case, exact_key(&t)))
                }
                _ => None,
            },
        )
        .collect();
    let mine: HashSet<&str> = keyed
        .iter()
        .filter(|(c, _)| c == id)
        .map(|(_, k)| k.as_str())
        .collect();
    keyed
        .iter()
        .filter(|(c, k)| c != id && mine.contains(k.as_str()))
        .map(|(c, _)| c.as_str())
        .collect::<HashSet<_>>()
        .len()
}
