//! Name-form generation: every way a known entity can be written.
//!
//! Owns [`person_forms`] and [`phrase_forms`]. For a person, each name and alias is split into
//! words; each word is read back into Cyrillic when given in Latin (`translit`), classified as
//! first name / patronymic / surname, declined in all six cases (`ru`), given its diminutives
//! (`lexicon`), and transliterated in every scheme (nominative) or the main ones (oblique
//! cases). Words are matched one by one and merged into one mention later (`engine`), so
//! "Руслан Алиевич Закаев", "Закаев Р.А." and "Руслана" all resolve to the same person.
//! Places and organisations are matched as whole phrases, every word in the same case.
//! All forms come out normalised (see `normalize`).

pub mod lexicon;
pub mod ru;
pub mod translit;

use crate::entities::{Entity, Gender};
use crate::normalize::{is_cyrillic, normalize_pattern};
use lexicon::LEXICON;
use ru::{Cases, Part, ALL, G, NOM};

/// One generated form, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenForm {
    pub text: String,
    pub cases: Cases,
    /// Names a relative rather than the person (other gender's surname form, family plural).
    pub weak: bool,
}

/// All forms of a person, with the letters their initials can be written with.
pub struct PersonForms {
    pub forms: Vec<GenForm>,
    /// Lower-case letters that can stand as the initial of a first name or patronymic.
    pub initials: Vec<char>,
    pub gender: Option<Gender>,
}

fn add(out: &mut Vec<GenForm>, text: &str, cases: Cases, weak: bool) {
    let text = normalize_pattern(text);
    if text.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return;
    }
    if let Some(f) = out.iter_mut().find(|f| f.text == text) {
        merge_reading(&mut f.cases, &mut f.weak, cases, weak);
        return;
    }
    out.push(GenForm { text, cases, weak });
}

/// Merges a second reading of the same form: a strong reading replaces weak ones (the cases
/// of "Закаеву" are the man's dative, not also his sister's accusative).
pub(crate) fn merge_reading(cases: &mut Cases, weak: &mut bool, new_cases: Cases, new_weak: bool) {
    match (*weak, new_weak) {
        (true, false) => {
            *cases = new_cases;
            *weak = false;
        }
        (false, true) => {}
        _ => *cases |= new_cases,
    }
}

/// Titles, ranks and functions written with a name ("Captain Umar Taysumov", "майор
/// Иванов"): not part of the name, never matched on their own.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "captain",
    "capt",
    "major",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "officer",
    "general",
    "commander",
    "judge",
    "investigator",
    "prosecutor",
    "sheikh",
    "imam",
    "господин",
    "госпожа",
    "гражданин",
    "гражданка",
    "капитан",
    "майор",
    "полковник",
    "подполковник",
    "лейтенант",
    "старший",
    "младший",
    "сержант",
    "прапорщик",
    "генерал",
    "следователь",
    "прокурор",
    "судья",
    "имам",
    "шейх",
    "участковый",
    "оперуполномоченный",
    "командир",
    "г-н",
    "г-жа",
    "тов",
];

fn clean_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .to_lowercase()
}

fn is_latin_word(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_alphabetic()) && !w.chars().any(is_cyrillic)
}

/// Cyrillic spellings of a word: itself when Cyrillic, else known names then a beam.
fn cyrillic_bases(w: &str) -> Vec<String> {
    if !is_latin_word(w) {
        return vec![w.to_owned()];
    }
    let norm = normalize_pattern(w);
    let mut out: Vec<String> = Vec::new();
    // hyphenated Latin words: read each part
    if norm.contains('-') {
        let parts: Vec<Vec<String>> = norm.split('-').map(cyrillic_bases).collect();
        let mut combos = vec![String::new()];
        for p in parts {
            let mut next = Vec::new();
            for c in &combos {
                for o in p.iter().take(2) {
                    next.push(if c.is_empty() {
                        o.clone()
                    } else {
                        format!("{c}-{o}")
                    });
                }
            }
            combos = next;
        }
        return combos;
    }
    if let Some(v) = LEXICON.latin_to_cyr.get(&norm) {
        for k in v {
            if let Some(n) = LEXICON.first_name(k) {
                out.push(n.name.clone());
            }
        }
    }
    for c in translit::to_cyrillic(&norm, 3) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn plain(w: &str) -> String {
    w.replace('ё', "е")
}

pub(crate) fn is_patronymic(w: &str) -> bool {
    let w = plain(w);
    (w.ends_with("ич") && w.chars().count() > 5)
        || ["вна", "чна", "оглы", "кызы", "гызы"]
            .iter()
            .any(|e| w.ends_with(e))
}

pub(crate) fn is_surname_like(w: &str) -> bool {
    let w = plain(w);
    let n = w.chars().count();
    n > 3
        && [
            "ов",
            "ев",
            "ин",
            "ын",
            "ова",
            "ева",
            "ина",
            "ына",
            "ский",
            "цкий",
            "ская",
            "цкая",
            "ской",
            "ых",
            "их",
            "енко",
            "дзе",
            "швили",
            "ян",
            "янц",
            "ук",
            "юк",
        ]
        .iter()
        .any(|e| w.ends_with(e))
}

pub(crate) fn is_known_first(w: &str) -> bool {
    LEXICON.first_name(&normalize_pattern(w)).is_some()
}

fn is_adjective(w: &str) -> bool {
    let w = plain(w);
    w.chars().count() > 3
        && ["ый", "ий", "ой", "ая", "яя"]
            .iter()
            .any(|e| w.ends_with(e))
}

/// Classifies the words of one full name.
fn classify(words: &[String]) -> Vec<Part> {
    let n = words.len();
    let pat: Vec<bool> = words.iter().map(|w| is_patronymic(w)).collect();
    let sur: Vec<bool> = words
        .iter()
        .map(|w| is_surname_like(w) && !is_known_first(w))
        .collect();
    match n {
        0 => vec![],
        1 => vec![if pat[0] {
            Part::Patronymic
        } else if sur[0] {
            Part::Surname
        } else {
            Part::First
        }],
        2 => {
            if pat[1] {
                vec![Part::First, Part::Patronymic]
            } else if sur[0] && !sur[1] {
                vec![Part::Surname, Part::First]
            } else {
                vec![Part::First, Part::Surname]
            }
        }
        _ => {
            let mut v = vec![Part::First; n];
            if pat[1] {
                v[1] = Part::Patronymic;
                v[n - 1] = Part::Surname;
            } else if pat[n - 1] {
                v[0] = Part::Surname;
                v[n - 1] = Part::Patronymic;
            } else if sur[0] && !sur[n - 1] {
                v[0] = Part::Surname;
            } else {
                v[n - 1] = Part::Surname;
            }
            for (i, p) in pat.iter().enumerate() {
                if *p {
                    v[i] = Part::Patronymic;
                }
            }
            v
        }
    }
}

fn infer_gender(words: &[(String, Part)]) -> Option<Gender> {
    for (w, p) in words {
        let w = plain(w);
        if *p == Part::Patronymic {
            if w.ends_with("ич") || w.ends_with("оглы") {
                return Some(Gender::Male);
            }
            if w.ends_with("на") || w.ends_with("кызы") || w.ends_with("гызы") {
                return Some(Gender::Female);
            }
        }
    }
    for (w, p) in words {
        let w = plain(w);
        if *p == Part::Surname {
            if ["ова", "ева", "ина", "ына", "ская", "цкая", "ая"]
                .iter()
                .any(|e| w.ends_with(e))
            {
                return Some(Gender::Female);
            }
            if ["ов", "ев", "ин", "ын", "ский", "цкий", "ой", "ый"]
                .iter()
                .any(|e| w.ends_with(e))
            {
                return Some(Gender::Male);
            }
        }
    }
    for (w, p) in words {
        if *p == Part::First {
            if let Some(n) = LEXICON.first_name(&normalize_pattern(w)) {
                return Some(n.gender);
            }
        }
    }
    None
}

fn latin_forms(out: &mut Vec<GenForm>, cyr: &str, cases: Cases, weak: bool) {
    latin_forms_part(out, cyr, cases, weak, false);
}

/// Latin spellings of a Cyrillic form; surnames also get the English family plural
/// ("the Yusupovs").
fn latin_forms_part(out: &mut Vec<GenForm>, cyr: &str, cases: Cases, weak: bool, surname: bool) {
    let nominative = cases & NOM != 0;
    let schemes = if nominative {
        translit::ALL
    } else {
        translit::MAIN
    };
    if nominative {
        // mixed conventions, only where they cannot be a short ordinary word
        for l in translit::variants(cyr, 48) {
            if l.chars().count() < 4 || LEXICON.common.contains(&l) {
                continue;
            }
            add(out, &l, ALL, weak);
            if surname {
                add(out, &format!("{l}s"), ALL, true);
            }
        }
    }
    for s in schemes {
        let l = translit::to_latin(cyr, *s);
        let n = normalize_pattern(&l);
        if nominative {
            add(out, &l, ALL, weak);
            if surname {
                add(out, &format!("{l}s"), ALL, true);
            }
        } else if n.chars().count() >= 5 && !LEXICON.common.contains(&n) {
            add(out, &l, cases, weak);
        }
    }
}

/// Every form of a person's names and aliases.
pub fn person_forms(e: &Entity) -> PersonForms {
    let mut forms = Vec::new();
    let mut initials: Vec<char> = Vec::new();
    // words of every name, with Cyrillic bases, classified per name
    let mut all_words: Vec<(Vec<String>, Part, String)> = Vec::new(); // (bases, part, original)
    let mut for_gender: Vec<(String, Part)> = Vec::new();
    let lists = e
        .names
        .iter()
        .map(|n| (n, false))
        .chain(e.aliases.iter().map(|a| (a, true)));
    for (name, alias) in lists {
        let words: Vec<String> = name
            .split_whitespace()
            .map(clean_word)
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .filter(|w| !TITLES.contains(&w.as_str()))
            .collect();
        let bases: Vec<Vec<String>> = words.iter().map(|w| cyrillic_bases(w)).collect();
        let firsts: Vec<String> = bases
            .iter()
            .zip(&words)
            .map(|(b, w)| b.first().cloned().unwrap_or_else(|| w.clone()))
            .collect();
        let parts: Vec<Part> = if alias {
            firsts
                .iter()
                .map(|w| {
                    if is_patronymic(w) {
                        Part::Patronymic
                    } else if is_adjective(w) || (is_surname_like(w) && !is_known_first(w)) {
                        Part::Surname
                    } else {
                        Part::First
                    }
                })
                .collect()
        } else {
            classify(&firsts)
        };
        for ((w, b), p) in words.iter().zip(bases).zip(parts) {
            if !alias {
                for_gender.push((b.first().cloned().unwrap_or_default(), p));
            }
            all_words.push((b, p, w.clone()));
        }
    }
    let gender = e.gender.or_else(|| infer_gender(&for_gender));
    let g = match gender {
        Some(Gender::Male) => G::M,
        Some(Gender::Female) => G::F,
        None => G::U,
    };
    for (bases, part, original) in &all_words {
        if is_latin_word(original) {
            add(&mut forms, original, ALL, false);
            if *part == Part::Surname {
                add(&mut forms, &format!("{original}s"), ALL, true);
            }
        }
        let mut words_to_decline: Vec<(String, Part)> = Vec::new();
        for b in bases {
            words_to_decline.push((b.clone(), *part));
            if b.contains('-') {
                for piece in b.split('-').filter(|p| p.chars().count() >= 2) {
                    words_to_decline.push((piece.to_owned(), *part));
                }
            }
            if *part == Part::First {
                if let Some(k) = LEXICON.first_name(&normalize_pattern(b)) {
                    for d in &k.diminutives {
                        words_to_decline.push((d.clone(), Part::First));
                    }
                    for l in &k.latin {
                        add(&mut forms, l, ALL, false);
                    }
                }
            }
        }
        for (w, p) in words_to_decline {
            for f in ru::decline(&w, p, g) {
                let weak = f.weak || f.plural;
                add(&mut forms, &f.text, f.cases, weak);
                if f.weak {
                    // other gender's Latin forms only in nominative
                    if f.cases & NOM != 0 {
                        latin_forms(&mut forms, &f.text, NOM, true);
                    }
                } else {
                    latin_forms_part(&mut forms, &f.text, f.cases, weak, p == Part::Surname);
                }
            }
            if matches!(p, Part::First | Part::Patronymic) {
                let n = normalize_pattern(&w);
                if let Some(c) = n.chars().next() {
                    push_initial(&mut initials, c);
                }
                for s in translit::ALL {
                    let l = translit::to_latin(&n, *s);
                    if let Some(c) = l.chars().next() {
                        push_initial(&mut initials, c);
                    }
                }
            }
        }
        if matches!(part, Part::First | Part::Patronymic) {
            if let Some(c) = normalize_pattern(original).chars().next() {
                push_initial(&mut initials, c);
            }
        }
    }
    PersonForms {
        forms,
        initials,
        gender,
    }
}

fn push_initial(v: &mut Vec<char>, c: char) {
    if c.is_alphabetic() && !v.contains(&c) {
        v.push(c);
    }
}

/// Forms of place or organisation names: whole phrases, every word in the same case, plus
/// the Latin spellings of the nominative. `extra_latin` are exonyms (Vienna for Вена).
pub fn phrase_forms(names: &[String], extra_latin: &[String]) -> Vec<GenForm> {
    let mut out = Vec::new();
    for name in names {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if is_latin_word(name) {
            add(&mut out, name, ALL, false);
            // read a Latin place name back into Cyrillic (Berlin → Берлин) when single-word
            if words.len() == 1 {
                for b in cyrillic_bases(&clean_word(name)).into_iter().take(2) {
                    for f in ru::decline(&b, Part::Place, G::U) {
                        add(&mut out, &f.text, f.cases, false);
                    }
                }
            }
            continue;
        }
        if words.len() == 1 && !is_latin_word(name) {
            for f in ru::decline(&name.to_lowercase(), Part::Place, G::U) {
                if !f.plural {
                    add(&mut out, &f.text, f.cases, false);
                }
            }
        }
        let mut per_word: Vec<Vec<ru::Form>> = Vec::new();
        let mut frozen = false;
        for w in &words {
            let cw = clean_word(w);
            let is_abbrev = w
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2;
            let is_prep =
                ["по", "в", "на", "при", "им", "им.", "имени", "of", "и"].contains(&cw.as_str());
            if frozen || is_abbrev || is_prep || !w.chars().any(char::is_alphabetic) {
                per_word.push(vec![ru::Form {
                    text: w.to_lowercase(),
                    cases: ALL,
                    plural: false,
                    weak: false,
                }]);
                if is_prep {
                    frozen = true;
                }
                continue;
            }
            per_word.push(ru::decline(&w.to_lowercase(), Part::Place, G::U));
        }
        for c in [ru::NOM, ru::GEN, ru::DAT, ru::ACC, ru::INS, ru::PREP] {
            let mut phrase = Vec::new();
            for (forms, w) in per_word.iter().zip(&words) {
                let f = forms
                    .iter()
                    .find(|f| f.cases & c != 0 && !f.plural)
                    .map(|f| f.text.clone())
                    .unwrap_or_else(|| w.to_lowercase());
                phrase.push(f);
            }
            add(&mut out, &phrase.join(" "), c, false);
        }
        add(&mut out, name, ru::NOM, false);
        let nominative = name.to_lowercase();
        for s in translit::ALL {
            add(&mut out, &translit::to_latin(&nominative, *s), ALL, false);
        }
    }
    for l in extra_latin {
        add(&mut out, l, ALL, false);
    }
    out
}

/// The most forms offered for one hidden phrase (the phrase itself included).
pub const MAX_MANUAL_FORMS: usize = 48;

/// The other ways a reviewer's hidden phrase may be written, for the review's *Hide a word or
/// phrase*: the phrase itself first, then — when its words read as a name (known first names,
/// patronymics, surname endings; a Latin word read back into Cyrillic) — the whole name in
/// each of the six Russian cases, every word in the same case and declined as the name part
/// it is, with its Latin spellings (the nominative in every scheme, the other cases in the
/// main ones); otherwise the phrase as a place or organisation name ([`phrase_forms`]: every
/// word in the same case, Latin spellings, a Latin word's Cyrillic reading). Normalised as
/// the engine's forms are (lower case, `ё` as `е`, look-alike letters folded), each once, at
/// most [`MAX_MANUAL_FORMS`]. An empty phrase has no forms.
pub fn manual_forms(phrase: &str) -> Vec<String> {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(clean_word)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    if words.is_empty() {
        return vec![];
    }
    let mut out: Vec<GenForm> = Vec::new();
    let whole = normalize_pattern(phrase.trim());
    out.push(GenForm {
        text: whole,
        cases: ALL,
        weak: false,
    });
    let firsts: Vec<String> = words
        .iter()
        .map(|w| {
            cyrillic_bases(w)
                .into_iter()
                .next()
                .unwrap_or_else(|| w.clone())
        })
        .collect();
    let name_part = |w: &String| is_known_first(w) || is_patronymic(w) || is_surname_like(w);
    // every word a name part; or, written as a name (each word capitalised), at least one
    // ("Алёна Закаева": the surname says it is a name even if the first name is not listed)
    let capitalised = phrase.split_whitespace().all(|w| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    });
    let name_like = words.len() <= 4
        && (firsts.iter().all(name_part)
            || (words.len() >= 2 && capitalised && firsts.iter().any(name_part)));
    if name_like {
        let parts = classify(&firsts);
        let read: Vec<(String, Part)> = firsts.iter().cloned().zip(parts.iter().copied()).collect();
        let g = match infer_gender(&read) {
            Some(Gender::Male) => G::M,
            Some(Gender::Female) => G::F,
            None => G::U,
        };
        let declined: Vec<Vec<ru::Form>> =
            read.iter().map(|(w, p)| ru::decline(w, *p, g)).collect();
        for c in [ru::NOM, ru::GEN, ru::DAT, ru::ACC, ru::INS, ru::PREP] {
            let in_case: Vec<String> = declined
                .iter()
                .zip(&firsts)
                .map(|(forms, w)| {
                    forms
                        .iter()
                        .find(|f| f.cases & c != 0 && !f.weak && !f.plural)
                        .map_or_else(|| w.clone(), |f| f.text.clone())
                })
                .collect();
            add(&mut out, &in_case.join(" "), c, false);
            let schemes = if c == NOM {
                translit::ALL
            } else {
                translit::MAIN
            };
            for s in schemes {
                let latin: Vec<String> =
                    in_case.iter().map(|w| translit::to_latin(w, *s)).collect();
                add(&mut out, &latin.join(" "), c, false);
            }
        }
    } else {
        for f in phrase_forms(&[phrase.trim().to_owned()], &[]) {
            add(&mut out, &f.text, f.cases, f.weak);
        }
    }
    out.into_iter()
        .map(|f| f.text)
        .filter(|t| !t.is_empty())
        .take(MAX_MANUAL_FORMS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{PersonRole, Role};

    fn person(names: &[&str], aliases: &[&str]) -> Entity {
        Entity {
            id: "t".into(),
            role: Role::Person(PersonRole::Witness),
            names: names.iter().map(|s| s.to_string()).collect(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            gender: None,
            region: None,
        }
    }

    fn has(p: &PersonForms, f: &str) -> bool {
        let n = normalize_pattern(f);
        p.forms.iter().any(|x| x.text == n)
    }

    #[test]
    fn russian_full_name() {
        let p = person_forms(&person(&["Руслан Алиевич Закаев"], &[]));
        assert_eq!(p.gender, Some(Gender::Male));
        for f in [
            "Руслан",
            "Руслана",
            "Русланом",
            "Алиевич",
            "Алиевича",
            "Закаев",
            "Закаева",
            "Закаеву",
            "Ruslan",
            "Zakaev",
            "Zakayev",
            "Sakajew",
        ] {
            assert!(has(&p, f), "missing {f}");
        }
        assert!(
            p.initials.contains(&'р') && p.initials.contains(&'а') && p.initials.contains(&'r')
        );
    }

    #[test]
    fn latin_given_names_read_back() {
        let p = person_forms(&person(&["Olga Smirnova"], &[]));
        for f in [
            "Olga",
            "Smirnova",
            "Ольга",
            "Ольгой",
            "Смирнова",
            "Смирновой",
        ] {
            assert!(has(&p, f), "missing {f}");
        }
        let p = person_forms(&person(&["Zelimkhan Yusupov"], &[]));
        for f in [
            "Зелимхан",
            "Зелимхана",
            "Юсупов",
            "Юсупова",
            "Selimchan",
            "Jussupow",
            "Youssoupoff",
        ] {
            assert!(has(&p, f), "missing {f}");
        }
    }

    #[test]
    fn diminutives_and_aliases() {
        let p = person_forms(&person(&["Ирина Волкова"], &["Рыжая"]));
        for f in ["Ира", "Иру", "Ирой", "Рыжая", "Рыжей", "Ira", "Irina"] {
            assert!(has(&p, f), "missing {f}");
        }
    }

    /// One vector: the phrase → forms that must be offered, forms that must not.
    fn check_manual(phrase: &str, offered: &[&str], not: &[&str]) {
        let forms = manual_forms(phrase);
        assert_eq!(
            forms.first().map(String::as_str),
            Some(normalize_pattern(phrase).as_str())
        );
        for f in offered {
            let n = normalize_pattern(f);
            assert!(forms.contains(&n), "{phrase}: missing {f} in {forms:?}");
        }
        for f in not {
            let n = normalize_pattern(f);
            assert!(!forms.contains(&n), "{phrase}: {f} offered in {forms:?}");
        }
        let mut unique = forms.clone();
        unique.dedup();
        assert_eq!(unique.len(), forms.len(), "each form once");
        assert!(forms.len() <= MAX_MANUAL_FORMS);
    }

    #[test]
    fn a_hidden_phrase_gets_its_other_forms() {
        // a name: the whole name in each case, and its Latin spellings
        check_manual(
            "Бекхан Мусаев",
            &[
                "Бекхана Мусаева",
                "Бекхану Мусаеву",
                "Бекханом Мусаевым",
                "Бекхане Мусаеве",
                "Bekkhan Musaev",
                "Bekhan Musaev",
                "Bekkhan Musayev",
            ],
            &["Бекхана Мусаевой"],
        );
        // a woman's name: feminine forms, ё read as е
        check_manual(
            "Алёна Закаева",
            &[
                "Алены Закаевой",
                "Алене Закаевой",
                "Алену Закаеву",
                "Alena Zakaeva",
            ],
            &["Алены Закаева"],
        );
        // a Latin name is read back into Cyrillic and declined
        check_manual(
            "Ruslan Zakaev",
            &["Руслан Закаев", "Руслана Закаева", "Ruslan Zakayev"],
            &[],
        );
        // a place: every word in the same case, and its Latin spelling
        check_manual(
            "Старая Сунжа",
            &["Старой Сунжи", "Старой Сунже", "Staraya Sunzha"],
            &[],
        );
        check_manual("Аргун", &["Аргуна", "Аргуне", "Argun"], &[]);
        // negative vectors: nothing for an empty phrase; a name's forms never mix cases
        assert!(manual_forms("   ").is_empty());
        assert!(manual_forms("—").is_empty());
        check_manual(
            "Руслан Закаев",
            &["Руслана Закаева"],
            &["Руслана Закаеву", "Руслану Закаева"],
        );
    }

    #[test]
    fn places_as_phrases() {
        let f = phrase_forms(&["Старая Сунжа".into()], &[]);
        assert!(f.iter().any(|x| x.text == "старой сунже"));
        let f = phrase_forms(&["Berlin".into()], &[]);
        assert!(f.iter().any(|x| x.text == "берлине"));
    }
}
