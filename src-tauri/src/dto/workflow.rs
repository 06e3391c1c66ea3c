//! The board's closed sets as wire types: case status, evacuation stage, risk level and
//! registry kind. Each mirrors a core enum (`waystone::board`) variant for variant, with an
//! exhaustive conversion both ways, so a new core variant does not compile until it is here;
//! ts-rs turns each into a TypeScript union of its names, so a misspelt status fails the
//! UI's typecheck. The names are the core's `as_str` (a test holds them equal).
//!
//! The core keeps these as names in its rows (`CaseSummary::status`, `BoardRow::risk`…);
//! `from_name` reads one, `None` for a name this version does not know (a status free text
//! an older version let in: shown as unknown, never quoted).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::board::{RegistryKind, Risk, Stage, Status};

/// Where a case stands in the organisation's work (`board::Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatusDto {
    IntakeScheduled,
    InterviewInProgress,
    InterviewComplete,
    LegalReview,
    FilingPrepared,
    Filed,
    Communicated,
    Decided,
    Closed,
}

impl From<Status> for StatusDto {
    fn from(s: Status) -> Self {
        match s {
            Status::IntakeScheduled => StatusDto::IntakeScheduled,
            Status::InterviewInProgress => StatusDto::InterviewInProgress,
            Status::InterviewComplete => StatusDto::InterviewComplete,
            Status::LegalReview => StatusDto::LegalReview,
            Status::FilingPrepared => StatusDto::FilingPrepared,
            Status::Filed => StatusDto::Filed,
            Status::Communicated => StatusDto::Communicated,
            Status::Decided => StatusDto::Decided,
            Status::Closed => StatusDto::Closed,
        }
    }
}

impl From<StatusDto> for Status {
    fn from(s: StatusDto) -> Self {
        match s {
            StatusDto::IntakeScheduled => Status::IntakeScheduled,
            StatusDto::InterviewInProgress => Status::InterviewInProgress,
            StatusDto::InterviewComplete => Status::InterviewComplete,
            StatusDto::LegalReview => Status::LegalReview,
            StatusDto::FilingPrepared => Status::FilingPrepared,
            StatusDto::Filed => Status::Filed,
            StatusDto::Communicated => Status::Communicated,
            StatusDto::Decided => Status::Decided,
            StatusDto::Closed => Status::Closed,
        }
    }
}

impl StatusDto {
    pub fn from_name(name: &str) -> Option<Self> {
        Status::parse(name).map(Into::into)
    }

    /// The statuses a case may move to, as the core's table says (`Status::allowed_next`).
    pub fn list(statuses: &[Status]) -> Vec<StatusDto> {
        statuses.iter().copied().map(Into::into).collect()
    }
}

/// Where a survivor stands in the evacuation (`board::Stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StageDto {
    AtRiskInRegion,
    InHiding,
    InTransit,
    InShelter,
    Relocated,
}

impl From<Stage> for StageDto {
    fn from(s: Stage) -> Self {
        match s {
            Stage::AtRiskInRegion => StageDto::AtRiskInRegion,
            Stage::InHiding => StageDto::InHiding,
            Stage::InTransit => StageDto::InTransit,
            Stage::InShelter => StageDto::InShelter,
            Stage::Relocated => StageDto::Relocated,
        }
    }
}

impl From<StageDto> for Stage {
    fn from(s: StageDto) -> Self {
        match s {
            StageDto::AtRiskInRegion => Stage::AtRiskInRegion,
            StageDto::InHiding => Stage::InHiding,
            StageDto::InTransit => Stage::InTransit,
            StageDto::InShelter => Stage::InShelter,
            StageDto::Relocated => Stage::Relocated,
        }
    }
}

impl StageDto {
    pub fn from_name(name: &str) -> Option<Self> {
        Stage::parse(name).map(Into::into)
    }
}

/// How urgent a case is (`board::Risk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskDto {
    Low,
    Medium,
    High,
    Critical,
}

impl From<Risk> for RiskDto {
    fn from(r: Risk) -> Self {
        match r {
            Risk::Low => RiskDto::Low,
            Risk::Medium => RiskDto::Medium,
            Risk::High => RiskDto::High,
            Risk::Critical => RiskDto::Critical,
        }
    }
}

impl From<RiskDto> for Risk {
    fn from(r: RiskDto) -> Self {
        match r {
            RiskDto::Low => Risk::Low,
            RiskDto::Medium => Risk::Medium,
            RiskDto::High => Risk::High,
            RiskDto::Critical => Risk::Critical,
        }
    }
}

impl RiskDto {
    pub fn from_name(name: &str) -> Option<Self> {
        Risk::parse(name).map(Into::into)
    }
}

/// What a registry entry groups (`board::RegistryKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegistryKindDto {
    Perpetrator,
    Unit,
    Site,
}

impl From<RegistryKind> for RegistryKindDto {
    fn from(k: RegistryKind) -> Self {
        match k {
            RegistryKind::Perpetrator => RegistryKindDto::Perpetrator,
            RegistryKind::Unit => RegistryKindDto::Unit,
            RegistryKind::Site => RegistryKindDto::Site,
        }
    }
}

impl From<RegistryKindDto> for RegistryKind {
    fn from(k: RegistryKindDto) -> Self {
        match k {
            RegistryKindDto::Perpetrator => RegistryKind::Perpetrator,
            RegistryKindDto::Unit => RegistryKind::Unit,
            RegistryKindDto::Site => RegistryKind::Site,
        }
    }
}

impl RegistryKindDto {
    pub fn from_name(name: &str) -> Option<Self> {
        RegistryKind::parse(name).map(Into::into)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The wire name of `v` (what TypeScript sees).
    fn wire<T: Serialize>(v: T) -> String {
        serde_json::to_value(v)
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Every core variant maps to a wire variant of the same name and back.
    fn check<C, D>(all: &[C], name: fn(C) -> &'static str)
    where
        C: Copy + PartialEq + std::fmt::Debug + From<D>,
        D: Copy + Serialize + for<'a> Deserialize<'a> + From<C>,
    {
        for &c in all {
            let d = D::from(c);
            assert_eq!(wire(d), name(c), "{c:?}");
            assert_eq!(C::from(d), c);
            let parsed: D = serde_json::from_value(serde_json::json!(name(c))).unwrap();
            assert_eq!(C::from(parsed), c);
        }
    }

    #[test]
    fn every_core_variant_has_its_wire_twin() {
        check::<Status, StatusDto>(&Status::ALL, Status::as_str);
        check::<Stage, StageDto>(&Stage::ALL, Stage::as_str);
        check::<Risk, RiskDto>(&Risk::ALL, Risk::as_str);
        check::<RegistryKind, RegistryKindDto>(&RegistryKind::ALL, RegistryKind::as_str);
    }

    #[test]
    fn unknown_names_are_none_and_refused_on_the_way_in() {
        for bad in ["", "archived", "Closed", "in hiding", "urgent", "person"] {
            assert_eq!(StatusDto::from_name(bad), None);
            assert_eq!(StageDto::from_name(bad), None);
            assert_eq!(RiskDto::from_name(bad), None);
            assert_eq!(RegistryKindDto::from_name(bad), None);
            assert!(serde_json::from_value::<StatusDto>(serde_json::json!(bad)).is_err());
            assert!(serde_json::from_value::<StageDto>(serde_json::json!(bad)).is_err());
        }
    }
}
