//! The registry's grouping, pure: mentions of perpetrators, units and detention sites read
//! from the cases a user may read become one entry per name (spelling-insensitive keys from
//! [`super::registry`]), merged where a person confirmed two keys are the same, and the
//! likely duplicates nobody has decided on yet.

use std::collections::{BTreeMap, BTreeSet};

use waystone_forms::AnswerPath;

use super::registry;
use crate::cases::vocabulary as v;

/// One text answer the registry reads: from which case, at which path.
#[derive(Clone, PartialEq, Eq)]
pub struct Mention {
    pub case_id: String,
    pub code: String,
    pub path: AnswerPath,
    pub text: String,
}

impl std::fmt::Debug for Mention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mention")
            .field("case_id", &self.case_id)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A perpetrator, unit or site as the registry groups it across cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntry {
    pub kind: String,
    pub key: String,
    /// Every spelling seen.
    pub names: Vec<String>,
    pub call_signs: Vec<String>,
    pub ranks: Vec<String>,
    pub units: Vec<String>,
    /// (case id, case code, answer path of the instance)
    pub links: Vec<(String, String, String)>,
}

impl RegistryEntry {
    fn new(kind: &str, key: String) -> Self {
        RegistryEntry {
            kind: kind.to_owned(),
            key,
            names: vec![],
            call_signs: vec![],
            ranks: vec![],
            units: vec![],
            links: vec![],
        }
    }

    /// How many different cases mention it.
    pub fn case_count(&self) -> usize {
        self.links
            .iter()
            .map(|l| l.0.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// Two registry keys that may be one entity, awaiting a person's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateSuggestion {
    pub kind: String,
    pub key_a: String,
    pub key_b: String,
    pub names_a: Vec<String>,
    pub names_b: Vec<String>,
}

/// A person's decision on two keys of one kind: (kind, key a, key b), keys in order.
pub type Decision = (String, String, String);

/// The registry from `mentions`: perpetrators by name (or «call sign» when no name is
/// known), units and sites by their text; keys a person `confirmed` as the same merged;
/// most-mentioned first.
pub fn group(
    mentions: impl IntoIterator<Item = Mention>,
    confirmed: &[Decision],
) -> Vec<RegistryEntry> {
    // perpetrator instances: (case, code, instance path) → (field, text)
    let mut perps: BTreeMap<(String, String, String), Vec<(String, String)>> = BTreeMap::new();
    let mut entries: BTreeMap<(String, String), RegistryEntry> = BTreeMap::new();
    for m in mentions {
        let container = m.path.container().map(|c| c.to_string());
        if container.as_deref() == Some(v::PERPETRATORS) {
            let instance = format!(
                "{}[{}]",
                v::PERPETRATORS,
                m.path.instance_index().unwrap_or(0)
            );
            perps
                .entry((m.case_id, m.code, instance))
                .or_default()
                .push((m.path.name().to_owned(), m.text));
            continue;
        }
        let kind = match m.path.name() {
            n if n == v::EPISODE_UNIT => "unit",
            n if n == v::EPISODE_SITE => "site",
            _ => continue,
        };
        let key = registry::exact_key(&m.text);
        let e = entries
            .entry((kind.to_owned(), key.clone()))
            .or_insert_with(|| RegistryEntry::new(kind, key));
        push_unique(&mut e.names, Some(m.text));
        e.links.push((m.case_id, m.code, m.path.to_string()));
    }
    for ((case_id, code, instance), fields) in perps {
        let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, t)| t.clone());
        let label = get(v::PERPETRATOR_NAME)
            .or_else(|| get(v::PERPETRATOR_CALL_SIGN).map(|c| format!("«{c}»")));
        let Some(label) = label else { continue };
        let key = registry::exact_key(&label);
        let e = entries
            .entry(("perpetrator".into(), key.clone()))
            .or_insert_with(|| RegistryEntry::new("perpetrator", key));
        push_unique(&mut e.names, get(v::PERPETRATOR_NAME));
        push_unique(&mut e.call_signs, get(v::PERPETRATOR_CALL_SIGN));
        push_unique(&mut e.ranks, get(v::PERPETRATOR_RANK));
        push_unique(&mut e.units, get(v::PERPETRATOR_UNIT));
        e.links.push((case_id, code, instance));
    }
    let mut list: Vec<RegistryEntry> = entries.into_values().collect();
    for (kind, a, b) in confirmed {
        let ia = list.iter().position(|e| &e.kind == kind && &e.key == a);
        let ib = list.iter().position(|e| &e.kind == kind && &e.key == b);
        if let (Some(ia), Some(ib)) = (ia, ib) {
            if ia == ib {
                continue;
            }
            let other = list.remove(ia.max(ib));
            let keep = &mut list[ia.min(ib)];
            for (into, from) in [
                (&mut keep.names, other.names),
                (&mut keep.call_signs, other.call_signs),
                (&mut keep.ranks, other.ranks),
                (&mut keep.units, other.units),
            ] {
                for n in from {
                    push_unique(into, Some(n));
                }
            }
            keep.links.extend(other.links);
        }
    }
    list.sort_by(|a, b| b.links.len().cmp(&a.links.len()).then(a.key.cmp(&b.key)));
    list
}

/// Pairs of entries of one kind whose keys are likely the same, that no decision covers.
pub fn suggestions(entries: &[RegistryEntry], decided: &[Decision]) -> Vec<DuplicateSuggestion> {
    let mut out = Vec::new();
    for (i, a) in entries.iter().enumerate() {
        for b in entries.iter().skip(i + 1) {
            if a.kind != b.kind
                || !registry::likely_same(&registry::key(&a.key), &registry::key(&b.key))
            {
                continue;
            }
            let (ka, kb) = ordered(&a.key, &b.key);
            if decided
                .iter()
                .any(|(k, x, y)| *k == a.kind && *x == ka && *y == kb)
            {
                continue;
            }
            out.push(DuplicateSuggestion {
                kind: a.kind.clone(),
                key_a: ka,
                key_b: kb,
                names_a: a.names.clone(),
                names_b: b.names.clone(),
            });
        }
    }
    out
}

/// Two keys in a fixed order, as decisions store them.
pub fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

fn push_unique(v: &mut Vec<String>, s: Option<String>) {
    if let Some(s) = s {
        if !v.contains(&s) {
            v.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(case: &str, path: &str, text: &str) -> Mention {
        Mention {
            case_id: case.into(),
            code: format!("WS-{case}"),
            path: path.parse().unwrap_or_else(|_| unreachable!("{path}")),
            text: text.into(),
        }
    }

    #[test]
    fn perpetrators_group_by_name_or_call_sign_and_sites_by_text() {
        let list = group(
            [
                m("1", "perpetrators[0].name", "Invented Dadaev"),
                m("1", "perpetrators[0].rank", "major"),
                m("2", "perpetrators[0].name", "invented  DADAEV"),
                m("2", "perpetrators[1].call_sign", "Fox"),
                m("3", "episodes[0].held_place_details", "Invented Site 7"),
                m("3", "episodes[0].unit", "Invented Unit"),
                m("3", "perpetrators[2].rank", "captain"),
            ],
            &[],
        );
        let dadaev = list
            .iter()
            .find(|e| e.names.contains(&"Invented Dadaev".into()));
        let dadaev = dadaev.unwrap_or_else(|| unreachable!("{list:?}"));
        assert_eq!(dadaev.case_count(), 2);
        assert_eq!(dadaev.ranks, ["major"]);
        assert!(list
            .iter()
            .any(|e| e.kind == "perpetrator" && e.names.is_empty() && e.call_signs == ["Fox"]));
        assert!(list
            .iter()
            .any(|e| e.kind == "site" && e.names == ["Invented Site 7"]));
        assert!(list
            .iter()
            .any(|e| e.kind == "unit" && e.names == ["Invented Unit"]));
        // a perpetrator with neither name nor call sign is no entry
        assert_eq!(list.iter().filter(|e| e.kind == "perpetrator").count(), 2);
        // most mentioned first
        assert_eq!(list[0].links.len(), 2);
    }

    #[test]
    fn confirmed_keys_merge_and_decided_pairs_are_no_longer_suggested() {
        let mentions = || {
            [
                m("1", "perpetrators[0].name", "Dadaev"),
                m("2", "perpetrators[0].name", "Dadayev"),
            ]
        };
        let apart = group(mentions(), &[]);
        assert_eq!(apart.len(), 2);
        let s = suggestions(&apart, &[]);
        assert_eq!(s.len(), 1, "{s:?}");
        let (a, b) = (s[0].key_a.clone(), s[0].key_b.clone());
        let decision = ("perpetrator".to_owned(), a, b);
        assert!(suggestions(&apart, std::slice::from_ref(&decision)).is_empty());
        let merged = group(mentions(), &[decision]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].case_count(), 2);
        assert_eq!(merged[0].names.len(), 2);
    }
}
