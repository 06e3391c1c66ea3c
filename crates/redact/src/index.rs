//! The name index: every generated form of every entity in one Aho-Corasick automaton.
//!
//! Owns [`NameIndex`]. Built once per entities file (in `Entities::from_json`), searched once
//! per text (`engine`). One pattern may belong to several entities (Закаева is the genitive of
//! Закаев and the nominative of his sister Закаева): each pattern keeps the list of
//! (entity, cases, weak) it stands for, and whether it is also an ordinary word or a month.

use crate::entities::{Entity, Gender, OrgRole, PlaceRole, Role};
use crate::evidence::street_forms;
use crate::gazetteer::GAZETTEER;
use crate::names::lexicon::LEXICON;
use crate::names::ru::Cases;
use crate::names::{merge_reading, person_forms, phrase_forms, GenForm};
use crate::spelling::SkeletonIndex;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// One entity a pattern stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatEntry {
    pub entity: usize,
    pub cases: Cases,
    pub weak: bool,
}

/// What one pattern stands for.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatMeta {
    pub entries: Vec<PatEntry>,
    /// Also an ordinary word (роза, hope): decided by case and context.
    pub common: bool,
    /// Also a month name (Марта / марта): not a name next to a day or a year.
    pub month: bool,
    /// Only an evidence street's derived adjective or bare Latin name ("садовский",
    /// "Sadovaya"): a mention only before a word naming an institution (`evidence`).
    pub needs_noun: bool,
    /// Only an evidence street's name alone ("на Садовой"): a mention only when capitalised.
    pub needs_capital: bool,
}

/// Per entity: what the engine needs besides patterns.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntityInfo {
    pub initials: Vec<char>,
    pub gender: Option<Gender>,
    /// Region (gazetteer index) a place generalises to.
    pub region: Option<usize>,
    /// A place or unit the case lists as evidence (detention site, place of apprehension,
    /// unit, authority): wins over the street-address detector (`engine::evidence_first`).
    pub evidence: bool,
    /// An evidence place written as a street ("улица Садовая"): generalised, never kept
    /// exact, where the profile's `evidence_streets` says so.
    pub street: bool,
}

pub(crate) struct NameIndex {
    pub ac: Option<AhoCorasick>,
    /// The pattern texts, by pattern id.
    pub texts: Vec<String>,
    pub pats: Vec<PatMeta>,
    pub info: Vec<EntityInfo>,
    /// The same forms as look-alike skeletons, for disguised spellings (`spelling`).
    pub skeletons: SkeletonIndex,
}

impl NameIndex {
    /// Generates all forms of all entities and builds the automaton.
    pub fn build(list: &[Entity]) -> Result<NameIndex, String> {
        let mut texts: Vec<String> = Vec::new();
        let mut pats: Vec<PatMeta> = Vec::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        let mut info = Vec::with_capacity(list.len());
        let gaz = GAZETTEER.as_ref().ok();
        for (i, e) in list.iter().enumerate() {
            let mut adjective_forms: Vec<GenForm> = Vec::new();
            let mut bare_forms: Vec<GenForm> = Vec::new();
            let (forms, ei): (Vec<GenForm>, EntityInfo) = match e.role {
                Role::Person(_) => {
                    let p = person_forms(e);
                    (
                        p.forms,
                        EntityInfo {
                            initials: p.initials,
                            gender: p.gender,
                            ..EntityInfo::default()
                        },
                    )
                }
                Role::Place(_) | Role::Org(_) => {
                    let names: Vec<String> =
                        e.names.iter().chain(e.aliases.iter()).cloned().collect();
                    let mut forms = phrase_forms(&names, &[]);
                    let mut region = None;
                    if let Some(g) = gaz {
                        for n in &names {
                            if let Some((r, gforms)) = g.lookup(n) {
                                region = region.or(*r);
                                for f in gforms {
                                    if !forms.iter().any(|x| x.text == f.text) {
                                        forms.push(f.clone());
                                    }
                                }
                            }
                        }
                        if let Some(r) = e.region.as_deref().and_then(|r| g.region_named(r)) {
                            region = Some(r);
                        }
                    }
                    let evidence = matches!(
                        e.role,
                        Role::Place(PlaceRole::DetentionSite | PlaceRole::EventPlace)
                            | Role::Org(OrgRole::Unit | OrgRole::Authority)
                    );
                    let mut street = false;
                    if evidence {
                        for n in &names {
                            if let Some(sf) = street_forms(n) {
                                street = true;
                                for f in sf.plain {
                                    if !forms.iter().any(|x| x.text == f.text) {
                                        forms.push(f);
                                    }
                                }
                                adjective_forms.extend(sf.adjective);
                                bare_forms.extend(sf.bare);
                            }
                        }
                    }
                    (
                        forms,
                        EntityInfo {
                            initials: vec![],
                            gender: None,
                            region,
                            evidence,
                            street,
                        },
                    )
                }
            };
            info.push(ei);
            let tagged = forms
                .into_iter()
                .map(|f| (f, false, false))
                .chain(adjective_forms.into_iter().map(|f| (f, true, false)))
                .chain(bare_forms.into_iter().map(|f| (f, false, true)));
            for (f, adjective, bare) in tagged {
                let idx = *by_text.entry(f.text.clone()).or_insert_with(|| {
                    texts.push(f.text.clone());
                    pats.push(PatMeta {
                        entries: vec![],
                        common: LEXICON.common.contains(&f.text),
                        month: LEXICON.months.contains(&f.text),
                        needs_noun: adjective,
                        needs_capital: bare,
                    });
                    pats.len() - 1
                });
                let meta = &mut pats[idx];
                meta.needs_noun &= adjective;
                meta.needs_capital &= bare;
                match meta.entries.iter_mut().find(|x| x.entity == i) {
                    Some(x) => merge_reading(&mut x.cases, &mut x.weak, f.cases, f.weak),
                    None => meta.entries.push(PatEntry {
                        entity: i,
                        cases: f.cases,
                        weak: f.weak,
                    }),
                }
            }
        }
        let ac = if texts.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&texts)
                    .map_err(|_| {
                        "the name index could not be built (too many name forms)".to_owned()
                    })?,
            )
        };
        let skeletons = SkeletonIndex::build(&texts, &pats);
        Ok(NameIndex {
            ac,
            texts,
            pats,
            info,
            skeletons,
        })
    }

    /// Number of distinct patterns (for benchmarks and tests).
    pub fn len(&self) -> usize {
        self.pats.len()
    }
}

impl NameIndex {
    /// Every form of entity `idx` (normalised), including the forms naming relatives.
    pub fn forms_of(&self, idx: usize) -> Vec<String> {
        let mut v = Vec::new();
        for (p, meta) in self.pats.iter().enumerate() {
            if meta.entries.iter().any(|e| e.entity == idx) {
                v.push(p);
            }
        }
        v.into_iter()
            .filter_map(|p| self.texts.get(p).cloned())
            .collect()
    }
}

/// All forms of the built-in first names (declined, and Latin spellings of the nominative),
/// to flag names that appear in a text without being registered as entities.
pub(crate) struct KnownNames {
    pub ac: AhoCorasick,
    /// Per pattern: whether it is also an ordinary word.
    pub common: Vec<bool>,
}

pub(crate) static KNOWN_NAMES: std::sync::LazyLock<Option<KnownNames>> =
    std::sync::LazyLock::new(|| {
        use crate::names::ru::{self, Part, G};
        use crate::names::translit;
        use crate::normalize::normalize_pattern;
        let mut set: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for k in LEXICON.names.values() {
            for f in ru::decline(&k.name, Part::First, G::U) {
                set.insert(normalize_pattern(&f.text));
            }
            for s in translit::ALL {
                set.insert(normalize_pattern(&translit::to_latin(&k.name, *s)));
            }
            for l in &k.latin {
                set.insert(l.clone());
            }
        }
        let texts: Vec<String> = set.into_iter().filter(|t| t.chars().count() >= 3).collect();
        let common = texts.iter().map(|t| LEXICON.common.contains(t)).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .ok()?;
        Some(KnownNames { ac, common })
    });
