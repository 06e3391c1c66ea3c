//! Built-in gazetteer: North Caucasus localities with their regions, and places abroad.
//!
//! Owns `data/places.json` (embedded). The `public` profile generalises a locality to its
//! region in the same grammatical case ("в Аргуне" → "в Чечне", "in Argun" → "in Chechnya");
//! both profiles can remove places abroad (the survivor's whereabouts). Entities may name a
//! region explicitly (`"region"` in the entities file); the gazetteer is the fallback. Only
//! capitalised mentions count (грозный the adjective is not Грозный the city). To add a
//! locality, add it to `data/places.json` under its region; give `forms` (six cases) when the
//! name does not decline like a noun.

use crate::names::ru::{Cases, ALL};
use crate::names::{phrase_forms, GenForm};
use crate::normalize::normalize_pattern;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

const PLACES: &str = include_str!("../data/places.json");

#[derive(Deserialize)]
struct File {
    regions: HashMap<String, RegionFile>,
    localities: Vec<PlaceFile>,
    abroad: Vec<PlaceFile>,
}

#[derive(Deserialize)]
struct RegionFile {
    en: String,
    ru: Vec<String>,
}

#[derive(Deserialize)]
struct PlaceFile {
    ru: String,
    en: Vec<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    forms: Option<Vec<String>>,
}

/// A region's names: English, and Russian in the six cases.
pub struct Region {
    pub en: String,
    pub ru: Vec<String>,
}

/// What a gazetteer pattern names.
#[derive(Clone, Copy)]
pub enum GazKind {
    /// A locality in the region with this index.
    Locality(usize),
    /// A place abroad.
    Abroad,
}

pub struct Gazetteer {
    pub regions: Vec<Region>,
    region_ids: HashMap<String, usize>,
    pub ac: AhoCorasick,
    /// Per pattern: what it names and the cases it can stand for.
    pub pats: Vec<(GazKind, Cases)>,
    /// Normalised nominative (Russian or English) → all forms of that place, for entities.
    by_name: HashMap<String, (Option<usize>, Vec<GenForm>)>,
}

pub static GAZETTEER: LazyLock<Result<Gazetteer, String>> = LazyLock::new(build);

fn place_forms(p: &PlaceFile) -> Vec<GenForm> {
    let mut forms = phrase_forms(std::slice::from_ref(&p.ru), &p.en);
    if let Some(explicit) = &p.forms {
        for (i, f) in explicit.iter().enumerate() {
            let text = normalize_pattern(f);
            let case = 1u8 << i.min(5);
            match forms.iter_mut().find(|g| g.text == text) {
                Some(g) => g.cases |= case,
                None => forms.push(GenForm {
                    text,
                    cases: case,
                    weak: false,
                }),
            }
        }
    }
    forms
}

fn build() -> Result<Gazetteer, String> {
    let file: File = serde_json::from_str(PLACES).map_err(|e| format!("places.json: {e}"))?;
    let mut regions = Vec::new();
    let mut region_ids = HashMap::new();
    let mut ids: Vec<&String> = file.regions.keys().collect();
    ids.sort();
    for id in ids {
        let r = &file.regions[id];
        if r.ru.len() != 6 {
            return Err(format!("places.json: region {id} needs six Russian forms"));
        }
        region_ids.insert(id.clone(), regions.len());
        regions.push(Region {
            en: r.en.clone(),
            ru: r.ru.clone(),
        });
    }
    let mut patterns: Vec<String> = Vec::new();
    let mut pats = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut by_name = HashMap::new();
    let mut entries: Vec<(&PlaceFile, GazKind)> = Vec::new();
    for p in &file.localities {
        let Some(r) = p.region.as_ref().and_then(|r| region_ids.get(r)) else {
            return Err("places.json: a locality has an unknown region".into());
        };
        entries.push((p, GazKind::Locality(*r)));
    }
    for p in &file.abroad {
        entries.push((p, GazKind::Abroad));
    }
    for (p, kind) in entries {
        let forms = place_forms(p);
        let region = match kind {
            GazKind::Locality(r) => Some(r),
            GazKind::Abroad => None,
        };
        for name in std::iter::once(&p.ru).chain(p.en.iter()) {
            by_name.insert(normalize_pattern(name), (region, forms.clone()));
        }
        for f in forms {
            if let Some(&i) = seen.get(&f.text) {
                let (_, c): &mut (GazKind, Cases) = &mut pats[i];
                *c |= f.cases;
                continue;
            }
            seen.insert(f.text.clone(), patterns.len());
            patterns.push(f.text);
            pats.push((kind, if f.cases == 0 { ALL } else { f.cases }));
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|e| format!("gazetteer automaton: {e}"))?;
    Ok(Gazetteer {
        regions,
        region_ids,
        ac,
        pats,
        by_name,
    })
}

impl Gazetteer {
    /// Forms and region of a place the gazetteer knows by this name (any spelling it lists).
    pub fn lookup(&self, name: &str) -> Option<&(Option<usize>, Vec<GenForm>)> {
        self.by_name.get(&normalize_pattern(name))
    }

    /// The region whose name (any form, either language) or id is `name`.
    pub fn region_named(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.region_ids.get(name) {
            return Some(i);
        }
        let n = normalize_pattern(name);
        self.regions.iter().position(|r| {
            normalize_pattern(&r.en) == n || r.ru.iter().any(|f| normalize_pattern(f) == n)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_builds_and_knows_argun() {
        let g = match &*GAZETTEER {
            Ok(g) => g,
            Err(e) => panic!("{e}"),
        };
        let (region, forms) = g.lookup("Аргун").cloned().unwrap_or((None, vec![]));
        let r = region.unwrap_or(usize::MAX);
        assert_eq!(g.regions[r].en, "Chechnya");
        assert!(forms.iter().any(|f| f.text == "аргуне"));
        assert!(g.lookup("Vienna").is_some());
        assert_eq!(g.region_named("Чечня"), Some(r));
    }
}
