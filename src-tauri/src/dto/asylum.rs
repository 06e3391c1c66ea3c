//! Wire types of a case's asylum details (`waystone::legal::asylum`): what the asylum panel
//! shows and saves. Dates travel as ISO text of the precision given (`2024`, `2024-03`,
//! `2024-03-14`; empty for none) and are parsed here, so a bad one is refused with `invalid`
//! naming the field, never its value.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::forms::{DatePrecision, PartialDate};
use waystone::legal::asylum::{
    AsylumConsent, AsylumDetails, ProcedureStage, RiskItem, RiskKind, Signatory,
};
use waystone::vault::VaultError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProcedureStageDto {
    Registration,
    InterviewScheduled,
    Interviewed,
    DecisionPending,
    Refused,
    Appeal,
    DublinTransfer,
    Granted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskKindDto {
    Summons,
    WantedList,
    CriminalCase,
    ThreatToFamily,
    Other,
}

/// One risk that arose since the survivor left.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AsylumRiskDto {
    pub kind: RiskKindDto,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; empty when unknown.
    pub date: String,
    pub description: String,
}

/// The survivor's consent to a letter to one authority of one host State (or its refusal
/// or withdrawal: `given` false).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AsylumConsentDto {
    pub given: bool,
    pub host: String,
    pub authority: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; empty when not given.
    pub date: String,
    /// Who recorded it (set by the vault; ignored when recording).
    pub recorded_by: String,
}

/// A case's asylum details. `consent` is read-only here: saving the details keeps the
/// consent held; `record_asylum_consent` changes it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AsylumDetailsDto {
    /// ISO 3166-1 alpha-2 ("DE").
    pub host: String,
    pub authority: String,
    pub file_number: String,
    pub stage: Option<ProcedureStageDto>,
    pub risks: Vec<AsylumRiskDto>,
    /// The lawyer asked and no risk arose since leaving.
    pub no_risks: bool,
    pub signatory_name: String,
    pub signatory_role: String,
    pub signatory_how_known: String,
    pub consent: Option<AsylumConsentDto>,
}

impl From<ProcedureStage> for ProcedureStageDto {
    fn from(s: ProcedureStage) -> Self {
        use ProcedureStage as S;
        match s {
            S::Registration => Self::Registration,
            S::InterviewScheduled => Self::InterviewScheduled,
            S::Interviewed => Self::Interviewed,
            S::DecisionPending => Self::DecisionPending,
            S::Refused => Self::Refused,
            S::Appeal => Self::Appeal,
            S::DublinTransfer => Self::DublinTransfer,
            S::Granted => Self::Granted,
        }
    }
}

impl From<ProcedureStageDto> for ProcedureStage {
    fn from(s: ProcedureStageDto) -> Self {
        use ProcedureStageDto as S;
        match s {
            S::Registration => Self::Registration,
            S::InterviewScheduled => Self::InterviewScheduled,
            S::Interviewed => Self::Interviewed,
            S::DecisionPending => Self::DecisionPending,
            S::Refused => Self::Refused,
            S::Appeal => Self::Appeal,
            S::DublinTransfer => Self::DublinTransfer,
            S::Granted => Self::Granted,
        }
    }
}

impl From<RiskKind> for RiskKindDto {
    fn from(k: RiskKind) -> Self {
        match k {
            RiskKind::Summons => Self::Summons,
            RiskKind::WantedList => Self::WantedList,
            RiskKind::CriminalCase => Self::CriminalCase,
            RiskKind::ThreatToFamily => Self::ThreatToFamily,
            RiskKind::Other => Self::Other,
        }
    }
}

impl From<RiskKindDto> for RiskKind {
    fn from(k: RiskKindDto) -> Self {
        match k {
            RiskKindDto::Summons => Self::Summons,
            RiskKindDto::WantedList => Self::WantedList,
            RiskKindDto::CriminalCase => Self::CriminalCase,
            RiskKindDto::ThreatToFamily => Self::ThreatToFamily,
            RiskKindDto::Other => Self::Other,
        }
    }
}

/// `2024`, `2024-03` or `2024-03-14` of the date's own precision (a season or an approximate
/// date shows what it knows: its year and month).
pub fn iso(d: &PartialDate) -> String {
    match (d.precision(), d.month_value(), d.day_value()) {
        (DatePrecision::Exact, Some(m), Some(day)) => {
            format!("{:04}-{m:02}-{day:02}", d.year_value())
        }
        (_, Some(m), _) => format!("{:04}-{m:02}", d.year_value()),
        _ => format!("{:04}", d.year_value()),
    }
}

/// Parses an ISO date of year, month or day precision; empty is none. `field` names the
/// field in the error (never the value).
pub fn parse_iso(s: &str, field: &str) -> Result<Option<PartialDate>, VaultError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || VaultError::Invalid(format!("{field}: a date as YYYY, YYYY-MM or YYYY-MM-DD"));
    let parts: Vec<&str> = s.split('-').collect();
    let year = |p: &str| {
        if p.len() == 4 {
            p.parse::<i32>().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let small = |p: &str| {
        if p.len() == 2 {
            p.parse::<u8>().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let d = match parts.as_slice() {
        [y] => PartialDate::year(year(y)?),
        [y, m] => PartialDate::month(year(y)?, small(m)?),
        [y, m, d] => PartialDate::exact(year(y)?, small(m)?, small(d)?),
        _ => return Err(bad()),
    };
    d.map(Some).map_err(|_| bad())
}

impl From<&AsylumConsent> for AsylumConsentDto {
    fn from(c: &AsylumConsent) -> Self {
        AsylumConsentDto {
            given: c.given,
            host: c.host.clone(),
            authority: c.authority.clone(),
            date: c.date.as_ref().map(iso).unwrap_or_default(),
            recorded_by: c.recorded_by.clone(),
        }
    }
}

impl AsylumConsentDto {
    /// The core's consent (host upper case, text trimmed); `recorded_by` is left to the vault.
    pub fn to_core(&self) -> Result<AsylumConsent, VaultError> {
        Ok(AsylumConsent {
            given: self.given,
            host: self.host.trim().to_uppercase(),
            authority: self.authority.trim().to_owned(),
            date: parse_iso(&self.date, "consent date")?,
            recorded_by: String::new(),
        })
    }
}

impl From<&AsylumDetails> for AsylumDetailsDto {
    fn from(d: &AsylumDetails) -> Self {
        AsylumDetailsDto {
            host: d.host.clone(),
            authority: d.authority.clone(),
            file_number: d.file_number.clone(),
            stage: d.stage.map(Into::into),
            risks: d
                .risks_since_leaving
                .iter()
                .map(|r| AsylumRiskDto {
                    kind: r.kind.into(),
                    date: r.date.as_ref().map(iso).unwrap_or_default(),
                    description: r.description.clone(),
                })
                .collect(),
            no_risks: d.no_risks_since_leaving,
            signatory_name: d.signatory.name.clone(),
            signatory_role: d.signatory.role.clone(),
            signatory_how_known: d.signatory.how_known.clone(),
            consent: d.consent.as_ref().map(Into::into),
        }
    }
}

impl AsylumDetailsDto {
    /// The core's details with `consent` (the one held: this DTO's is not read). A risk
    /// whose date reads as the held risk's date keeps the held date, so a season or an
    /// approximate date recorded through the CLI is not narrowed by a save here.
    pub fn to_core(
        &self,
        held: Option<&AsylumDetails>,
        consent: Option<AsylumConsent>,
    ) -> Result<AsylumDetails, VaultError> {
        let mut risks = Vec::with_capacity(self.risks.len());
        for (i, r) in self.risks.iter().enumerate() {
            let kept = held
                .and_then(|h| h.risks_since_leaving.get(i))
                .and_then(|h| h.date)
                .filter(|d| iso(d) == r.date.trim());
            let date = match kept {
                Some(d) => Some(d),
                None => parse_iso(&r.date, "risk date")?,
            };
            risks.push(RiskItem {
                kind: r.kind.into(),
                date,
                description: r.description.trim().to_owned(),
            });
        }
        Ok(AsylumDetails {
            host: self.host.trim().to_uppercase(),
            authority: self.authority.trim().to_owned(),
            file_number: self.file_number.trim().to_owned(),
            stage: self.stage.map(Into::into),
            risks_since_leaving: risks,
            no_risks_since_leaving: self.no_risks,
            signatory: Signatory {
                name: self.signatory_name.trim().to_owned(),
                role: self.signatory_role.trim().to_owned(),
                how_known: self.signatory_how_known.trim().to_owned(),
            },
            consent,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn iso_dates_round_trip_at_their_precision_and_bad_ones_name_the_field_only() {
        for s in ["2024", "2024-03", "2024-03-14"] {
            assert_eq!(iso(&parse_iso(s, "risk date").unwrap().unwrap()), s);
        }
        assert!(parse_iso("  ", "risk date").unwrap().is_none());
        for bad in [
            "24",
            "2024-3",
            "2024-13",
            "2024-02-30",
            "14.03.2024",
            "2024-03-14-1",
        ] {
            let e = parse_iso(bad, "risk date").unwrap_err().to_string();
            assert!(e.contains("risk date"), "{e}");
            assert!(!e.contains(bad), "the value stays out of the error: {e}");
        }
    }

    #[test]
    fn every_stage_and_risk_kind_keeps_the_core_name() {
        use ProcedureStage as S;
        let stages = [
            S::Registration,
            S::InterviewScheduled,
            S::Interviewed,
            S::DecisionPending,
            S::Refused,
            S::Appeal,
            S::DublinTransfer,
            S::Granted,
        ];
        for s in stages {
            let dto = ProcedureStageDto::from(s);
            assert_eq!(
                serde_json::to_value(dto).unwrap(),
                serde_json::to_value(s).unwrap()
            );
            assert_eq!(ProcedureStage::from(dto), s);
        }
        use RiskKind as K;
        for k in [
            K::Summons,
            K::WantedList,
            K::CriminalCase,
            K::ThreatToFamily,
            K::Other,
        ] {
            let dto = RiskKindDto::from(k);
            assert_eq!(
                serde_json::to_value(dto).unwrap(),
                serde_json::to_value(k).unwrap()
            );
            assert_eq!(RiskKind::from(dto), k);
        }
    }

    #[test]
    fn saving_keeps_a_held_season_date_unless_it_was_changed() {
        let season = PartialDate::season(2023, waystone::forms::Season::Winter).unwrap();
        let held = AsylumDetails {
            risks_since_leaving: vec![RiskItem {
                kind: RiskKind::Summons,
                date: Some(season),
                description: "invented".into(),
            }],
            ..AsylumDetails::default()
        };
        let mut dto = AsylumDetailsDto::from(&held);
        assert_eq!(
            dto.to_core(Some(&held), None).unwrap().risks_since_leaving[0].date,
            Some(season)
        );
        dto.risks[0].date = "2023-02-01".into();
        assert_eq!(
            dto.to_core(Some(&held), None).unwrap().risks_since_leaving[0].date,
            Some(PartialDate::exact(2023, 2, 1).unwrap())
        );
    }
}
