//! Redaction profiles: what each audience may see, as data.
//!
//! Owns [`Profile`]. A profile is a JSON file under `crates/redact/profiles/` (embedded with
//! `include_str!`): for each person role, place role, organisation role and detector, an
//! action — `keep`, `role` (a fixed label: "the applicant"), `lettered` (label + keyed
//! letter: "witness K"), `remove` (a marker: "[phone removed]"), `region` (generalise a place
//! to its region, else the marker), `month` (dates) or `band` (ages) — and the policy for
//! uncertain matches. Labels and markers, in English and Russian (six cases, both genders),
//! live in `profiles/vocabulary.json`, shared by all profiles. Every role and every detector
//! must be given an action: a new detector cannot silently default to "keep".

use crate::detect::Detector;
use crate::entities::{OrgRole, PersonRole, PlaceRole};
use crate::error::RedactError;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

const VOCABULARY: &str = include_str!("../profiles/vocabulary.json");
const BUILTIN: &[(&str, &str)] = &[
    ("echr", include_str!("../profiles/echr.json")),
    ("public", include_str!("../profiles/public.json")),
    ("asylum", include_str!("../profiles/asylum.json")),
];

/// What happens to a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Left as written.
    Keep,
    /// Replaced by a fixed label ("the applicant" / "заявитель").
    Role,
    /// Replaced by a label and a letter ("witness K" / "свидетель К").
    Lettered,
    /// Replaced by a marker ("[phone removed]").
    Remove,
    /// A place generalised to its region (the marker when the region is unknown).
    Region,
    /// A date reduced to its month.
    Month,
    /// An age reduced to a ten-year band.
    Band,
}

/// What to do with uncertain matches (a name that is also an ordinary word, in lower case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uncertain {
    /// Redact them and list them as candidates (the safe default).
    Redact,
    /// Keep them and list them as candidates.
    Keep,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Treatment {
    pub action: Action,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub marker: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    #[serde(default)]
    description: String,
    persons: BTreeMap<String, Treatment>,
    places: BTreeMap<String, Treatment>,
    orgs: BTreeMap<String, Treatment>,
    detectors: BTreeMap<String, Treatment>,
    /// Evidence places written as streets (a detention site "улица Садовая"): `keep` (the
    /// Court needs the place) or `region` (generalised, never exact). Absent: `region`.
    #[serde(default)]
    evidence_streets: Option<Treatment>,
    uncertain: Uncertain,
}

/// A label's words: English, and Russian in six cases for each gender.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Label {
    pub en: String,
    pub ru_m: Vec<String>,
    pub ru_f: Vec<String>,
}

/// A marker's words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Marker {
    pub en: String,
    pub ru: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Vocabulary {
    pub labels: HashMap<String, Label>,
    pub markers: HashMap<String, Marker>,
}

static VOCAB: LazyLock<Result<Vocabulary, String>> = LazyLock::new(|| {
    let v: Vocabulary =
        serde_json::from_str(VOCABULARY).map_err(|e| format!("vocabulary.json: {e}"))?;
    for (k, l) in &v.labels {
        if l.ru_m.len() != 6 || l.ru_f.len() != 6 {
            return Err(format!(
                "vocabulary.json: label {k} needs six Russian forms per gender"
            ));
        }
    }
    Ok(v)
});

/// A redaction profile.
#[derive(Debug, Clone)]
pub struct Profile {
    name: String,
    description: String,
    pub(crate) persons: HashMap<PersonRole, Treatment>,
    pub(crate) places: HashMap<PlaceRole, Treatment>,
    pub(crate) orgs: HashMap<OrgRole, Treatment>,
    pub(crate) detectors: HashMap<Detector, Treatment>,
    pub(crate) evidence_streets: Treatment,
    pub(crate) uncertain: Uncertain,
}

const PERSON_ROLES: [(&str, PersonRole); 7] = [
    ("survivor", PersonRole::Survivor),
    ("relative", PersonRole::Relative),
    ("witness", PersonRole::Witness),
    ("helper", PersonRole::Helper),
    ("perpetrator", PersonRole::Perpetrator),
    ("official", PersonRole::Official),
    ("other", PersonRole::Other),
];
const PLACE_ROLES: [(&str, PlaceRole); 5] = [
    ("residence", PlaceRole::Residence),
    ("current_location", PlaceRole::CurrentLocation),
    ("detention_site", PlaceRole::DetentionSite),
    ("event_place", PlaceRole::EventPlace),
    ("other", PlaceRole::Other),
];
const ORG_ROLES: [(&str, OrgRole); 5] = [
    ("unit", OrgRole::Unit),
    ("authority", OrgRole::Authority),
    ("ngo", OrgRole::Ngo),
    ("employer", OrgRole::Employer),
    ("other", OrgRole::Other),
];

impl Profile {
    /// A built-in profile: `echr`, `public` or `asylum`.
    pub fn builtin(name: &str) -> Result<Profile, RedactError> {
        match BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((_, json)) => Profile::from_json(json),
            None => Err(RedactError::UnknownProfile {
                known: Profile::builtin_names().join(", "),
            }),
        }
    }

    /// The names of the built-in profiles.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// Parses and validates a profile definition (the format of `profiles/*.json`).
    pub fn from_json(s: &str) -> Result<Profile, RedactError> {
        let vocab = vocabulary().map_err(|e| RedactError::InvalidProfile { problems: vec![e] })?;
        let file: ProfileFile =
            serde_json::from_str(s).map_err(|e| RedactError::InvalidProfile {
                problems: vec![format!("not a valid profile: {e}")],
            })?;
        let mut problems = Vec::new();
        let persons = section(&file.persons, &PERSON_ROLES, "persons", &mut problems);
        let places = section(&file.places, &PLACE_ROLES, "places", &mut problems);
        let orgs = section(&file.orgs, &ORG_ROLES, "orgs", &mut problems);
        let dets: Vec<(&str, Detector)> = Detector::ALL.iter().map(|d| (d.key(), *d)).collect();
        let detectors = section(&file.detectors, &dets, "detectors", &mut problems);
        let mut check = |what: String, t: &Treatment, allowed: &[Action]| {
            if !allowed.contains(&t.action) {
                problems.push(format!("{what}: action {:?} is not allowed here", t.action));
            }
            match t.action {
                Action::Role | Action::Lettered => match &t.label {
                    Some(l) if vocab.labels.contains_key(l) => {}
                    _ => problems.push(format!("{what}: needs a \"label\" from vocabulary.json")),
                },
                Action::Remove | Action::Region => match &t.marker {
                    Some(m) if vocab.markers.contains_key(m) => {}
                    _ => problems.push(format!("{what}: needs a \"marker\" from vocabulary.json")),
                },
                _ => {}
            }
        };
        use Action::*;
        for (k, t) in &persons {
            check(format!("persons.{k:?}"), t, &[Keep, Role, Lettered, Remove]);
        }
        for (k, t) in &places {
            check(format!("places.{k:?}"), t, &[Keep, Remove, Region]);
        }
        for (k, t) in &orgs {
            check(format!("orgs.{k:?}"), t, &[Keep, Remove]);
        }
        for (k, t) in &detectors {
            let allowed: &[Action] = match k {
                Detector::Date => &[Keep, Month, Remove],
                Detector::Age => &[Keep, Band, Remove],
                Detector::Locality => &[Keep, Region, Remove],
                _ => &[Keep, Remove],
            };
            check(format!("detectors.{}", k.key()), t, allowed);
        }
        let evidence_streets = file.evidence_streets.unwrap_or(Treatment {
            action: Region,
            label: None,
            marker: Some("address".into()),
        });
        check(
            "evidence_streets".into(),
            &evidence_streets,
            &[Keep, Region, Remove],
        );
        if file.name.trim().is_empty() {
            problems.push("\"name\" is empty".into());
        }
        if !problems.is_empty() {
            return Err(RedactError::InvalidProfile { problems });
        }
        Ok(Profile {
            name: file.name,
            description: file.description,
            persons,
            places,
            orgs,
            detectors,
            evidence_streets,
            uncertain: file.uncertain,
        })
    }

    /// The profile's name (`echr`, `public`, …).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the profile is for, in one sentence.
    pub fn description(&self) -> &str {
        &self.description
    }

    pub(crate) fn person(&self, r: PersonRole) -> Action {
        self.persons
            .get(&r)
            .map(|t| t.action)
            .unwrap_or(Action::Remove)
    }

    pub(crate) fn detector(&self, d: Detector) -> Option<&Treatment> {
        self.detectors.get(&d)
    }
}

pub(crate) fn vocabulary() -> Result<&'static Vocabulary, String> {
    VOCAB.as_ref().map_err(Clone::clone)
}

fn section<K: Copy + Eq + std::hash::Hash>(
    given: &BTreeMap<String, Treatment>,
    known: &[(&str, K)],
    what: &str,
    problems: &mut Vec<String>,
) -> HashMap<K, Treatment> {
    let mut out = HashMap::new();
    for (name, key) in known {
        match given.get(*name) {
            Some(t) => {
                out.insert(*key, t.clone());
            }
            None => problems.push(format!("{what}: no action for {name:?}")),
        }
    }
    for name in given.keys() {
        if !known.iter().any(|(n, _)| n == name) {
            problems.push(format!("{what}: unknown key {name:?}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_valid_and_complete() {
        for name in Profile::builtin_names() {
            let p = Profile::builtin(name).unwrap();
            assert_eq!(p.name(), name);
            assert_eq!(p.persons.len(), 7);
            assert_eq!(p.detectors.len(), Detector::ALL.len());
        }
        assert!(matches!(
            Profile::builtin("nope"),
            Err(RedactError::UnknownProfile { .. })
        ));
    }

    #[test]
    fn asylum_keeps_the_applicant_and_the_evidence_and_removes_everyone_elses_traces() {
        let p = Profile::builtin("asylum").unwrap();
        assert_eq!(p.person(PersonRole::Survivor), Action::Keep);
        assert_eq!(p.person(PersonRole::Perpetrator), Action::Keep);
        for r in [
            PersonRole::Relative,
            PersonRole::Witness,
            PersonRole::Helper,
            PersonRole::Other,
        ] {
            assert_eq!(p.person(r), Action::Lettered, "{r:?}");
        }
        for d in [Detector::Phone, Detector::Passport, Detector::ForeignPlace] {
            assert_eq!(
                p.detector(d).map(|t| t.action),
                Some(Action::Remove),
                "{d:?}"
            );
        }
        assert_eq!(
            p.detector(Detector::Date).map(|t| t.action),
            Some(Action::Keep)
        );
    }

    #[test]
    fn echr_keeps_evidence_and_removes_contacts() {
        let p = Profile::builtin("echr").unwrap();
        assert_eq!(p.person(PersonRole::Perpetrator), Action::Keep);
        assert_eq!(p.person(PersonRole::Survivor), Action::Role);
        assert_eq!(
            p.detector(Detector::Date).map(|t| t.action),
            Some(Action::Keep)
        );
        assert_eq!(
            p.detector(Detector::Phone).map(|t| t.action),
            Some(Action::Remove)
        );
    }

    #[test]
    fn invalid_profiles_list_every_problem() {
        let err = Profile::from_json(
            r#"{"name":"x","persons":{"survivor":{"action":"keep"}},"places":{},"orgs":{},"detectors":{"phone":{"action":"month"}},"uncertain":"redact"}"#,
        )
        .unwrap_err();
        let RedactError::InvalidProfile { problems } = err else {
            panic!("wrong error")
        };
        assert!(problems.len() > 20, "{problems:?}");
    }
}
