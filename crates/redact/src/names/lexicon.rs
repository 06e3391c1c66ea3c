//! Built-in word lists: known first names (gender, diminutives, Latin spellings), names that
//! are also ordinary words, and month names.
//!
//! Owns the data in `data/first_names.txt` and `data/common_words.txt` (embedded with
//! `include_str!`). None of it is case data. To teach the engine a new diminutive or a new
//! name-that-is-a-word, add a line to those files; the tests in this module check they parse.

use super::ru::{self, Part, G};
use super::translit;
use crate::entities::Gender;
use crate::normalize::normalize_pattern;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const FIRST_NAMES: &str = include_str!("../../data/first_names.txt");
const COMMON_WORDS: &str = include_str!("../../data/common_words.txt");

/// One known first name.
pub struct KnownName {
    /// Cyrillic, lower-case, as written (may hold ё).
    pub name: String,
    pub gender: Gender,
    pub diminutives: Vec<String>,
    pub latin: Vec<String>,
}

pub struct Lexicon {
    /// Known first names by normalised Cyrillic spelling.
    pub names: HashMap<String, KnownName>,
    /// Normalised Latin spelling (any scheme, or listed) → normalised Cyrillic names.
    pub latin_to_cyr: HashMap<String, Vec<String>>,
    /// Normalised forms that are also ordinary words.
    pub common: HashSet<String>,
    /// Normalised month names in every case, Russian and English.
    pub months: HashSet<String>,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(build);

fn build() -> Lexicon {
    let mut names = HashMap::new();
    let mut latin_to_cyr: HashMap<String, Vec<String>> = HashMap::new();
    for line in FIRST_NAMES.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (head, latin) = match line.split_once('|') {
            Some((h, l)) => (h, l),
            None => (line, ""),
        };
        let (head, dims) = match head.split_once(':') {
            Some((h, d)) => (h, d),
            None => (head, ""),
        };
        let mut it = head.split_whitespace();
        let gender = match it.next() {
            Some("f") => Gender::Female,
            _ => Gender::Male,
        };
        let Some(name) = it.next() else { continue };
        let name = name.to_lowercase();
        let key = normalize_pattern(&name);
        let latin: Vec<String> = latin.split_whitespace().map(normalize_pattern).collect();
        for l in latin.iter().cloned().chain(
            translit::ALL
                .iter()
                .map(|s| normalize_pattern(&translit::to_latin(&name, *s))),
        ) {
            let v = latin_to_cyr.entry(l).or_default();
            if !v.contains(&key) {
                v.push(key.clone());
            }
        }
        names.insert(
            key,
            KnownName {
                name,
                gender,
                diminutives: dims.split_whitespace().map(str::to_lowercase).collect(),
                latin,
            },
        );
    }
    let mut common = HashSet::new();
    for line in COMMON_WORDS.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(' ') {
            Some(("ru", w)) => {
                let w = w.trim();
                for part in [Part::First, Part::Surname] {
                    for f in ru::decline(w, part, G::U) {
                        if !f.plural {
                            common.insert(normalize_pattern(&f.text));
                        }
                    }
                }
            }
            Some(("en", w)) => {
                let w = normalize_pattern(w);
                common.insert(format!("{w}s"));
                common.insert(w);
            }
            _ => {}
        }
    }
    let mut months = HashSet::new();
    for m in [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ] {
        for f in ru::decline(m, Part::Place, G::U) {
            months.insert(normalize_pattern(&f.text));
        }
    }
    for m in ["мая", "мае", "маю", "маем"] {
        months.insert(m.to_owned());
    }
    for m in [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ] {
        months.insert(m.to_owned());
    }
    Lexicon {
        names,
        latin_to_cyr,
        common,
        months,
    }
}

impl Lexicon {
    /// The known first name spelt `norm` (normalised Cyrillic), if any.
    pub fn first_name(&self, norm: &str) -> Option<&KnownName> {
        self.names.get(norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        let l = &*LEXICON;
        assert!(l.names.len() > 150);
        assert_eq!(
            l.first_name("ирина").map(|n| n.gender),
            Some(Gender::Female)
        );
        assert!(l
            .first_name("ирина")
            .is_some_and(|n| n.diminutives.contains(&"ира".to_owned())));
        assert!(l
            .latin_to_cyr
            .get("olga")
            .is_some_and(|v| v.contains(&"ольга".to_owned())));
        assert!(l
            .latin_to_cyr
            .get("selimchan")
            .is_some_and(|v| v.contains(&"зелимхан".to_owned())));
        assert!(
            l.common.contains("розу") && l.common.contains("hope") && l.common.contains("веры")
        );
        assert!(
            l.months.contains("апреля") && l.months.contains("мая") && l.months.contains("may")
        );
    }
}
