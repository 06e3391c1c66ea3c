//! The closed sets the board's derived fields take: the evacuation stage and the risk level
//! (the intake form's choice lists `evacuation_stages` and `risk_levels`, which a test holds
//! equal to these), and the kinds of registry entries.
//!
//! The vault stores them as their names (`as_str`); a front end names them with `parse` and
//! shows its own labels. Recipe — a new stage or risk level: add the choice to the form's
//! list, the variant here (and to `ALL`), and its label in the UI's two catalogues.

/// Where a survivor stands in the evacuation, least to most settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    AtRiskInRegion,
    InHiding,
    InTransit,
    InShelter,
    Relocated,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::AtRiskInRegion,
        Stage::InHiding,
        Stage::InTransit,
        Stage::InShelter,
        Stage::Relocated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::AtRiskInRegion => "at_risk_in_region",
            Stage::InHiding => "in_hiding",
            Stage::InTransit => "in_transit",
            Stage::InShelter => "in_shelter",
            Stage::Relocated => "relocated",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How urgent a case is, least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Risk {
    Low,
    Medium,
    High,
    Critical,
}

impl Risk {
    pub const ALL: [Risk; 4] = [Risk::Low, Risk::Medium, Risk::High, Risk::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Risk> {
        Risk::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// 1 (low) … 4 (critical), for sorting.
    pub fn rank(self) -> u8 {
        match self {
            Risk::Low => 1,
            Risk::Medium => 2,
            Risk::High => 3,
            Risk::Critical => 4,
        }
    }
}

/// What a registry entry groups across cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistryKind {
    /// A perpetrator (name, call sign, rank, unit).
    Perpetrator,
    /// A unit named in an episode.
    Unit,
    /// A place of detention.
    Site,
}

impl RegistryKind {
    pub const ALL: [RegistryKind; 3] = [
        RegistryKind::Perpetrator,
        RegistryKind::Unit,
        RegistryKind::Site,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistryKind::Perpetrator => "perpetrator",
            RegistryKind::Unit => "unit",
            RegistryKind::Site => "site",
        }
    }

    pub fn parse(s: &str) -> Option<RegistryKind> {
        RegistryKind::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_list(name: &str) -> Vec<String> {
        let form = waystone_forms::latest_intake();
        form.choice_list(name)
            .map(|l| l.choices().iter().map(|c| c.name().to_owned()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_intake_form_offers_exactly_these_stages_and_risks() {
        let stages: Vec<String> = Stage::ALL.iter().map(|s| s.as_str().to_owned()).collect();
        assert_eq!(form_list("evacuation_stages"), stages);
        let risks: Vec<String> = Risk::ALL.iter().map(|r| r.as_str().to_owned()).collect();
        assert_eq!(form_list("risk_levels"), risks);
    }

    #[test]
    fn names_read_back_and_nothing_else_parses() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        for r in Risk::ALL {
            assert_eq!(Risk::parse(r.as_str()), Some(r));
        }
        for k in RegistryKind::ALL {
            assert_eq!(RegistryKind::parse(k.as_str()), Some(k));
        }
        for bad in ["", "In_hiding", "urgent", "sites", " low"] {
            assert_eq!(Stage::parse(bad), None, "{bad:?}");
            assert_eq!(Risk::parse(bad), None, "{bad:?}");
            assert_eq!(RegistryKind::parse(bad), None, "{bad:?}");
        }
        let ranks: Vec<u8> = Risk::ALL.iter().map(|r| r.rank()).collect();
        assert_eq!(ranks, [1, 2, 3, 4]);
    }
}
