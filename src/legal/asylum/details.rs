//! The case's asylum details: what a lawyer abroad records about the survivor's claim in a
//! host State (not the survivor's testimony, which stays in the answers): the host State, the
//! authority and its file number, the stage of the procedure, the risks that arose since the
//! survivor left, the organisation's signatory, and the survivor's consent to a letter to
//! that authority. Stored as one JSON record per case in the encrypted `asylum_details` table
//! (migration 0012); this JSON is also the CLI's input format (`asylum set ID FILE`).
//!
//! Recipe — a new field: add it here with `#[serde(default)]` (records written before it must
//! still read), validate it in [`AsylumDetails::problems`], and use it in `letter.rs`.

use serde::{Deserialize, Serialize};
use waystone_forms::PartialDate;

use crate::legal::consent::HostState;

/// Where the claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureStage {
    Registration,
    InterviewScheduled,
    Interviewed,
    DecisionPending,
    Refused,
    Appeal,
    /// A Dublin III transfer procedure (another member State may be responsible).
    DublinTransfer,
    Granted,
}

impl ProcedureStage {
    pub fn label(self, ru: bool) -> &'static str {
        use ProcedureStage::*;
        match (self, ru) {
            (Registration, false) => "registration of the application",
            (Registration, true) => "регистрация ходатайства",
            (InterviewScheduled, false) => "personal interview scheduled",
            (InterviewScheduled, true) => "назначено личное собеседование",
            (Interviewed, false) => "personal interview held",
            (Interviewed, true) => "личное собеседование проведено",
            (DecisionPending, false) => "decision pending",
            (DecisionPending, true) => "ожидается решение",
            (Refused, false) => "application refused at first instance",
            (Refused, true) => "в первой инстанции отказано",
            (Appeal, false) => "appeal against a refusal",
            (Appeal, true) => "обжалование отказа",
            (DublinTransfer, false) => "Dublin transfer procedure",
            (DublinTransfer, true) => "процедура передачи по Дублинскому регламенту",
            (Granted, false) => "protection granted",
            (Granted, true) => "защита предоставлена",
        }
    }
}

/// What kind of risk arose since the survivor left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Summons,
    WantedList,
    CriminalCase,
    ThreatToFamily,
    Other,
}

impl RiskKind {
    pub fn label(self, ru: bool) -> &'static str {
        use RiskKind::*;
        match (self, ru) {
            (Summons, false) => "summons",
            (Summons, true) => "повестка",
            (WantedList, false) => "placed on a wanted list",
            (WantedList, true) => "объявление в розыск",
            (CriminalCase, false) => "criminal case",
            (CriminalCase, true) => "уголовное дело",
            (ThreatToFamily, false) => "threats to the family",
            (ThreatToFamily, true) => "угрозы семье",
            (Other, false) => "other",
            (Other, true) => "другое",
        }
    }
}

/// One risk since leaving: a summons, a wanted list, a criminal case, a threat to the family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskItem {
    pub kind: RiskKind,
    /// Partial dates stay partial (`{"precision":"month","year":2024,"month":3}`).
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub description: String,
}

/// The person of the organisation who signs, and how the organisation knows the applicant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub how_known: String,
}

/// The survivor's consent to a letter to one authority of one host State.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsylumConsent {
    pub given: bool,
    /// The host State the consent names.
    #[serde(default)]
    pub host: String,
    /// The authority the consent names.
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub recorded_by: String,
}

/// The case's asylum details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsylumDetails {
    /// ISO 3166-1 alpha-2 ("DE").
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub file_number: String,
    #[serde(default)]
    pub stage: Option<ProcedureStage>,
    #[serde(default)]
    pub risks_since_leaving: Vec<RiskItem>,
    /// The lawyer asked and there are none: the letter says so instead of leaving a gap.
    #[serde(default)]
    pub no_risks_since_leaving: bool,
    #[serde(default)]
    pub signatory: Signatory,
    #[serde(default)]
    pub consent: Option<AsylumConsent>,
}

/// Longest free text accepted in one field.
pub const MAX_TEXT_CHARS: usize = 4000;

impl AsylumDetails {
    /// Every problem with the record, none quoting its content; empty when valid.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.host.is_empty() && HostState::parse(&self.host).is_none() {
            out.push("host: an ISO 3166-1 alpha-2 code of two letters (DE, FR…)".to_owned());
        }
        if let Some(c) = &self.consent {
            if !c.host.is_empty() && HostState::parse(&c.host).is_none() {
                out.push("consent.host: an ISO 3166-1 alpha-2 code of two letters".to_owned());
            }
            if c.given && c.authority.trim().is_empty() {
                out.push("consent.authority: a consent names the authority it is for".to_owned());
            }
        }
        let mut texts: Vec<(&str, &str)> = vec![
            ("authority", &self.authority),
            ("file_number", &self.file_number),
            ("signatory.name", &self.signatory.name),
            ("signatory.role", &self.signatory.role),
            ("signatory.how_known", &self.signatory.how_known),
        ];
        for r in &self.risks_since_leaving {
            texts.push(("risks_since_leaving.description", &r.description));
        }
        for (field, t) in texts {
            if t.chars().count() > MAX_TEXT_CHARS {
                out.push(format!("{field}: longer than {MAX_TEXT_CHARS} characters"));
            }
        }
        out
    }

    /// The host State as a code, when a valid one is recorded.
    pub fn host_state(&self) -> Option<HostState> {
        HostState::parse(&self.host)
    }
}

/// Compares authority names as a person would: case, spacing and punctuation aside.
pub fn same_authority(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Ok when the recorded asylum consent was given and names the host State and the authority
/// the letter is addressed to.
pub fn check_asylum_consent(
    details: Option<&AsylumDetails>,
    host: HostState,
) -> Result<(), crate::legal::ConsentMissing> {
    use crate::legal::ConsentMissing;
    let d = details.ok_or(ConsentMissing::AsylumConsent)?;
    let c = d.consent.as_ref().ok_or(ConsentMissing::AsylumConsent)?;
    if !c.given {
        return Err(ConsentMissing::AsylumConsent);
    }
    let names_host = HostState::parse(&c.host) == Some(host) && d.host_state() == Some(host);
    if !names_host || !same_authority(&c.authority, &d.authority) {
        return Err(ConsentMissing::AsylumAuthority);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::legal::ConsentMissing;

    fn details(consent: Option<AsylumConsent>) -> AsylumDetails {
        AsylumDetails {
            host: "de".into(),
            authority: "Federal Office for Migration and Refugees (BAMF)".into(),
            consent,
            ..AsylumDetails::default()
        }
    }
    fn consent(given: bool, host: &str, authority: &str) -> Option<AsylumConsent> {
        Some(AsylumConsent {
            given,
            host: host.into(),
            authority: authority.into(),
            ..AsylumConsent::default()
        })
    }

    #[test]
    fn the_consent_must_name_this_host_and_this_authority() {
        let de = HostState::parse("DE").unwrap();
        let check = |c| check_asylum_consent(Some(&details(c)), de);
        assert_eq!(
            check(consent(
                true,
                "DE",
                "federal office for migration and refugees (BAMF)"
            )),
            Ok(())
        );
        assert_eq!(check(None), Err(ConsentMissing::AsylumConsent));
        assert_eq!(
            check(consent(
                false,
                "DE",
                "Federal Office for Migration and Refugees (BAMF)"
            )),
            Err(ConsentMissing::AsylumConsent)
        );
        assert_eq!(
            check(consent(true, "DE", "Ausländerbehörde Berlin")),
            Err(ConsentMissing::AsylumAuthority)
        );
        assert_eq!(
            check(consent(
                true,
                "FR",
                "Federal Office for Migration and Refugees (BAMF)"
            )),
            Err(ConsentMissing::AsylumAuthority)
        );
        // a letter to another host than the details' is refused even with a matching consent
        let fr = HostState::parse("fr").unwrap();
        let c = consent(
            true,
            "FR",
            "Federal Office for Migration and Refugees (BAMF)",
        );
        assert_eq!(
            check_asylum_consent(Some(&details(c)), fr),
            Err(ConsentMissing::AsylumAuthority)
        );
        assert_eq!(
            check_asylum_consent(None, de),
            Err(ConsentMissing::AsylumConsent)
        );
    }

    #[test]
    fn problems_name_fields_never_content() {
        let mut d = details(consent(true, "Germany", ""));
        d.host = "DEU".into();
        d.signatory.how_known = "x".repeat(MAX_TEXT_CHARS + 1);
        let p = d.problems();
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p
            .iter()
            .all(|l| !l.contains("Germany") && !l.contains("DEU")));
        assert!(details(None).problems().is_empty());
    }

    #[test]
    fn partial_dates_round_trip_partial() {
        let json = r#"{"host":"DE","risks_since_leaving":[{"kind":"summons","date":{"precision":"month","year":2024,"month":3},"description":"d"}]}"#;
        let d: AsylumDetails = serde_json::from_str(json).unwrap();
        assert_eq!(
            d.risks_since_leaving[0].date,
            Some(PartialDate::month(2024, 3).unwrap())
        );
        let back = serde_json::to_string(&d).unwrap();
        assert!(!back.contains("\"day\""), "{back}");
        assert!(serde_json::from_str::<AsylumDetails>(r#"{"hots":"DE"}"#).is_err());
    }
}
