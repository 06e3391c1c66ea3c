//! The case's known entities: parsing and validation of the entities file.
//!
//! Owns [`Entities`], [`Entity`] and their kinds and roles. The format is the one of
//! `shared/samples/redaction/*/entities.json`:
//! `{"lang": "ru"|"en", "entities": [{"id", "kind", "role", "names", "aliases"}]}` with kinds
//! `person`, `place`, `org`. Optional per-entity keys: `gender` (`"m"`/`"f"`) for persons and
//! `region` for places (the region a place is generalised to in the `public` profile).
//!
//! Validation is strict and complete: unknown keys are refused (a misspelt `"alias"` would
//! otherwise silently leave a nickname unprotected), and every problem is reported at once.
//! Error messages name positions and ids, never names. [`Entities::from_json`] also builds the
//! name index (all generated forms in one Aho-Corasick automaton), so the same `Entities` can
//! redact many texts cheaply. `Debug` prints ids and roles only.

use crate::error::RedactError;
use crate::index::NameIndex;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

/// The language of the case's texts: decides the words of replacement tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Russian: "заявитель", "свидетель А", "[телефон удалён]".
    Ru,
    /// English: "the applicant", "witness A", "[phone removed]".
    En,
}

/// Grammatical gender of a person, given or inferred from the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// A person's role in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonRole {
    /// The survivor (the applicant).
    Survivor,
    /// A relative of the survivor.
    Relative,
    /// A witness or co-detainee.
    Witness,
    /// Someone who helped (volunteers, NGO staff, drivers, hosts).
    Helper,
    /// An alleged perpetrator.
    Perpetrator,
    /// An official (investigator, prosecutor, judge).
    Official,
    /// Anyone else.
    Other,
}

/// A place's role in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceRole {
    /// Where the survivor lived (before the events).
    Residence,
    /// Where the survivor is now (often abroad): never disclosed.
    CurrentLocation,
    /// Where the survivor was held.
    DetentionSite,
    /// Where an event took place.
    EventPlace,
    /// Any other place (shelters, routes, …).
    Other,
}

/// An organisation's role in the case (optional in the file; `other` when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgRole {
    /// A police, military or security unit.
    Unit,
    /// A State authority (prosecutor's office, court, investigative committee).
    Authority,
    /// A non-governmental organisation (helpers, shelters).
    Ngo,
    /// An employer, school or similar.
    Employer,
    /// Anything else.
    Other,
}

/// What an entity is, with its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A person.
    Person(PersonRole),
    /// A place.
    Place(PlaceRole),
    /// An organisation.
    Org(OrgRole),
}

/// One known entity of the case. Holds names: never printed by `Debug`.
#[derive(Clone)]
pub struct Entity {
    pub(crate) id: String,
    pub(crate) role: Role,
    pub(crate) names: Vec<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) gender: Option<Gender>,
    pub(crate) region: Option<String>,
}

impl Entity {
    /// The entity's id (as in the file).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The entity's kind and role.
    pub fn role(&self) -> Role {
        self.role
    }
}

impl fmt::Debug for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entity")
            .field("id", &self.id)
            .field("role", &self.role)
            .field("names", &format_args!("[{} redacted]", self.names.len()))
            .field(
                "aliases",
                &format_args!("[{} redacted]", self.aliases.len()),
            )
            .finish()
    }
}

/// The parsed entities file, with its name index built.
pub struct Entities {
    pub(crate) lang: Lang,
    pub(crate) list: Vec<Entity>,
    pub(crate) index: NameIndex,
}

impl fmt::Debug for Entities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entities")
            .field("lang", &self.lang)
            .field("entities", &self.list)
            .finish()
    }
}

const TOP_KEYS: &[&str] = &["lang", "entities"];
const ENTITY_KEYS: &[&str] = &[
    "id", "kind", "role", "names", "aliases", "gender", "region", "note", "notes", "comment",
];

impl Entities {
    /// Parses and validates an entities file (JSON). On failure every problem is listed in
    /// [`RedactError::InvalidEntities`], without names or other values.
    pub fn from_json(s: &str) -> Result<Entities, RedactError> {
        let value: Value = serde_json::from_str(s).map_err(|e| RedactError::InvalidEntities {
            problems: vec![format!(
                "not valid JSON ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            )],
        })?;
        let mut problems = Vec::new();
        let Some(top) = value.as_object() else {
            return Err(RedactError::InvalidEntities {
                problems: vec![
                    "the top level must be an object with \"lang\" and \"entities\"".into(),
                ],
            });
        };
        for key in top.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                problems.push(format!(
                    "unknown top-level key (allowed: {})",
                    TOP_KEYS.join(", ")
                ));
            }
        }
        let lang = match top.get("lang").and_then(Value::as_str) {
            Some("ru") => Some(Lang::Ru),
            Some("en") => Some(Lang::En),
            Some(_) => {
                problems.push("\"lang\" must be \"ru\" or \"en\"".into());
                None
            }
            None => {
                problems.push("\"lang\" is missing or not a string (\"ru\" or \"en\")".into());
                None
            }
        };
        let mut list = Vec::new();
        match top.get("entities").and_then(Value::as_array) {
            None => problems.push("\"entities\" is missing or not an array".into()),
            Some(items) => {
                let mut seen = HashSet::new();
                for (i, item) in items.iter().enumerate() {
                    if let Some(e) = parse_entity(i, item, &mut problems) {
                        if !seen.insert(e.id.clone()) {
                            problems.push(format!("{}: duplicate id", at(i, Some(&e.id))));
                        }
                        list.push(e);
                    }
                }
            }
        }
        match lang {
            Some(lang) if problems.is_empty() => {
                let index = NameIndex::build(&list)
                    .map_err(|p| RedactError::InvalidEntities { problems: vec![p] })?;
                Ok(Entities { lang, list, index })
            }
            _ => Err(RedactError::InvalidEntities { problems }),
        }
    }

    /// The language of the case's texts.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// How many distinct name forms the index holds (for benchmarks and diagnostics).
    pub fn form_count(&self) -> usize {
        self.index.len()
    }

    /// The entities, in file order.
    pub fn list(&self) -> &[Entity] {
        &self.list
    }
}

/// "entities[3] (id \"p3\")": a position and, when readable, the id (ids are not case content).
fn at(i: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => {
            let clean: String = id.chars().filter(|c| !c.is_control()).take(64).collect();
            format!("entities[{i}] (id {clean:?})")
        }
        None => format!("entities[{i}]"),
    }
}

fn parse_entity(i: usize, item: &Value, problems: &mut Vec<String>) -> Option<Entity> {
    let Some(obj) = item.as_object() else {
        problems.push(format!("{}: not an object", at(i, None)));
        return None;
    };
    let id = obj.get("id").and_then(Value::as_str).map(str::to_owned);
    let here = at(i, id.as_deref());
    let before = problems.len();
    match &id {
        None => problems.push(format!("{here}: \"id\" is missing or not a string")),
        Some(s) if s.trim().is_empty() => problems.push(format!("{here}: \"id\" is empty")),
        _ => {}
    }
    for key in obj.keys() {
        if !ENTITY_KEYS.contains(&key.as_str()) {
            problems.push(format!(
                "{here}: unknown key (allowed: {})",
                ENTITY_KEYS.join(", ")
            ));
        }
    }
    let role_str = obj.get("role").and_then(Value::as_str);
    let role = match obj.get("kind").and_then(Value::as_str) {
        Some("person") => match role_str.and_then(person_role) {
            Some(r) => Some(Role::Person(r)),
            None => {
                problems.push(format!(
                    "{here}: person \"role\" is missing or not one of survivor, relative, \
                     witness, helper, perpetrator, official, other"
                ));
                None
            }
        },
        Some("place") => match role_str.and_then(place_role) {
            Some(r) => Some(Role::Place(r)),
            None => {
                problems.push(format!(
                    "{here}: place \"role\" is missing or not one of residence, \
                     current_location, detention_site, event_place, other"
                ));
                None
            }
        },
        // organisation roles are optional in the format: unknown ones read as "other"
        Some("org") => Some(Role::Org(role_str.map(org_role).unwrap_or(OrgRole::Other))),
        _ => {
            problems.push(format!(
                "{here}: \"kind\" is missing or not one of person, place, org"
            ));
            None
        }
    };
    let names = string_list(obj.get("names"), "names", &here, problems, false);
    let aliases = string_list(obj.get("aliases"), "aliases", &here, problems, false);
    if names.is_empty() && aliases.is_empty() && problems.len() == before {
        problems.push(format!(
            "{here}: give at least one name in \"names\" or \"aliases\""
        ));
    }
    let gender = match obj.get("gender") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_str() {
            Some("m" | "male" | "M") => Some(Gender::Male),
            Some("f" | "female" | "F") => Some(Gender::Female),
            _ => {
                problems.push(format!("{here}: \"gender\" must be \"m\" or \"f\""));
                None
            }
        },
    };
    if gender.is_some() && !matches!(role, Some(Role::Person(_))) {
        problems.push(format!("{here}: \"gender\" applies to persons only"));
    }
    let region = match obj.get("region") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => {
                problems.push(format!("{here}: \"region\" must be a non-empty string"));
                None
            }
        },
    };
    if region.is_some() && !matches!(role, Some(Role::Place(_))) {
        problems.push(format!("{here}: \"region\" applies to places only"));
    }
    if problems.len() != before {
        return None;
    }
    Some(Entity {
        id: id?,
        role: role?,
        names,
        aliases,
        gender,
        region,
    })
}

fn string_list(
    v: Option<&Value>,
    key: &str,
    here: &str,
    problems: &mut Vec<String>,
    required: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        None | Some(Value::Null) if !required => {}
        None | Some(Value::Null) => problems.push(format!("{here}: \"{key}\" is missing")),
        Some(Value::Array(items)) => {
            for (j, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) if s.chars().filter(|c| c.is_alphabetic()).count() >= 2 => {
                        out.push(s.trim().to_owned())
                    }
                    Some(_) => problems.push(format!(
                        "{here}: \"{key}\"[{j}] must have at least two letters"
                    )),
                    None => problems.push(format!("{here}: \"{key}\"[{j}] is not a string")),
                }
            }
            if required && items.is_empty() {
                problems.push(format!("{here}: \"{key}\" is empty (give at least one)"));
            }
        }
        Some(_) => problems.push(format!("{here}: \"{key}\" is not an array of strings")),
    }
    out
}

fn person_role(s: &str) -> Option<PersonRole> {
    Some(match s {
        "survivor" => PersonRole::Survivor,
        "relative" => PersonRole::Relative,
        "witness" => PersonRole::Witness,
        "helper" => PersonRole::Helper,
        "perpetrator" => PersonRole::Perpetrator,
        "official" => PersonRole::Official,
        "other" => PersonRole::Other,
        _ => return None,
    })
}

fn place_role(s: &str) -> Option<PlaceRole> {
    Some(match s {
        "residence" => PlaceRole::Residence,
        "current_location" => PlaceRole::CurrentLocation,
        "detention_site" => PlaceRole::DetentionSite,
        "event_place" => PlaceRole::EventPlace,
        "other" => PlaceRole::Other,
        _ => return None,
    })
}

fn org_role(s: &str) -> OrgRole {
    match s {
        "unit" | "perpetrator" | "police" | "military" | "security" => OrgRole::Unit,
        "authority" | "official" | "court" | "prosecutor" | "state" => OrgRole::Authority,
        "ngo" | "helper" | "shelter" => OrgRole::Ngo,
        "employer" | "school" | "university" => OrgRole::Employer,
        _ => OrgRole::Other,
    }
}
