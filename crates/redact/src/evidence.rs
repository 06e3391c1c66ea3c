//! Evidence places that look like addresses: every form of a street the case lists as a
//! detention site, a place of apprehension or a unit's address.
//!
//! Owns [`street_forms`] and [`institution_after`]. A place the case lists as evidence
//! ("улица Садовая", "проспект Победы", "Sadovaya Street") is written in the narrative in
//! other grammatical cases, with the street word before or after the name, abbreviated, in
//! Latin transliteration, and as an adjective naming the unit ("на Садовой улице",
//! "на ул. Садовой", "на проспекте Победы", "садовский отдел", "Sadovaya police station").
//! This module generates those forms; the engine matches them with the other name forms and
//! lets an evidence match win over the street-address detector (`engine::evidence_first`).
//!
//! Rules: the street word is declined in all six cases (table [`STREET_WORDS`]); the name
//! declines with it when it is an adjective agreeing with the street word (Садовая улица,
//! Садовый переулок), otherwise it is frozen (проспект Победы, улица Шерипова); an adjective
//! name also stands alone ("на Садовой"); the derived adjective (stem + -ский: "садовский",
//! "ленинский") and, in Latin text, the bare name count only before a word naming an
//! institution ("садовский отдел", "Sadovaya police station"; list [`INSTITUTIONS`]), so an
//! ordinary adjective elsewhere stays text.
//!
//! To add a street word: add a row to [`STREET_WORDS`] (six case forms, gender, abbreviations,
//! Latin words) and a case to `tests::street_words_decline`.

use crate::names::ru::{self, Cases, Part, ALL, G};
use crate::names::{translit, GenForm};
use crate::normalize::normalize_pattern;

/// A Russian street word: six case forms (nom, gen, dat, acc, ins, prep), the gender an
/// adjective name agrees in, abbreviations, and the Latin words used for it in English text.
struct StreetWord {
    forms: [&'static str; 6],
    gender: char,
    abbrevs: &'static [&'static str],
    latin: &'static [&'static str],
}

const STREET_WORDS: &[StreetWord] = &[
    StreetWord {
        forms: ["улица", "улицы", "улице", "улицу", "улицей", "улице"],
        gender: 'f',
        abbrevs: &["ул."],
        latin: &["street", "st.", "st", "ulitsa", "ul."],
    },
    StreetWord {
        forms: [
            "проспект",
            "проспекта",
            "проспекту",
            "проспект",
            "проспектом",
            "проспекте",
        ],
        gender: 'm',
        abbrevs: &["пр.", "пр-т", "просп."],
        latin: &["avenue", "ave.", "prospekt", "prospect", "pr."],
    },
    StreetWord {
        forms: [
            "переулок",
            "переулка",
            "переулку",
            "переулок",
            "переулком",
            "переулке",
        ],
        gender: 'm',
        abbrevs: &["пер."],
        latin: &["lane", "pereulok", "per."],
    },
    StreetWord {
        forms: [
            "бульвар",
            "бульвара",
            "бульвару",
            "бульвар",
            "бульваром",
            "бульваре",
        ],
        gender: 'm',
        abbrevs: &["б-р"],
        latin: &["boulevard", "bulvar", "blvd."],
    },
    StreetWord {
        forms: [
            "площадь",
            "площади",
            "площади",
            "площадь",
            "площадью",
            "площади",
        ],
        gender: 'f',
        abbrevs: &["пл."],
        latin: &["square", "ploshchad"],
    },
    StreetWord {
        forms: ["шоссе", "шоссе", "шоссе", "шоссе", "шоссе", "шоссе"],
        gender: 'n',
        abbrevs: &["ш."],
        latin: &["highway", "shosse"],
    },
    StreetWord {
        forms: [
            "набережная",
            "набережной",
            "набережной",
            "набережную",
            "набережной",
            "набережной",
        ],
        gender: 'f',
        abbrevs: &["наб."],
        latin: &["embankment", "naberezhnaya"],
    },
    StreetWord {
        forms: [
            "проезд",
            "проезда",
            "проезду",
            "проезд",
            "проездом",
            "проезде",
        ],
        gender: 'm',
        abbrevs: &[],
        latin: &["proezd", "passage"],
    },
    StreetWord {
        forms: ["трасса", "трассы", "трассе", "трассу", "трассой", "трассе"],
        gender: 'f',
        abbrevs: &[],
        latin: &["highway", "trassa"],
    },
    StreetWord {
        forms: [
            "микрорайон",
            "микрорайона",
            "микрорайону",
            "микрорайон",
            "микрорайоном",
            "микрорайоне",
        ],
        gender: 'm',
        abbrevs: &["мкр."],
        latin: &["mikrorayon", "district"],
    },
];

/// English street words when the case gives the place in Latin ("Sadovaya Street").
const LATIN_STREET: &[&str] = &[
    "street",
    "st.",
    "st",
    "avenue",
    "ave.",
    "ave",
    "lane",
    "road",
    "rd.",
    "square",
    "boulevard",
    "highway",
    "prospekt",
    "prospect",
    "ulitsa",
    "ul.",
];

/// Words that name an institution: a derived adjective or a bare street name before one of
/// these names the unit ("садовский отдел", "Sadovaya police station"). Prefixes, normalised.
pub(crate) const INSTITUTIONS: &[&str] = &[
    "отдел",
    "ровд",
    "овд",
    "омвд",
    "увд",
    "мвд",
    "участ",
    "пост",
    "блокпост",
    "изолятор",
    "сизо",
    "ивс",
    "баз",
    "полк",
    "батальон",
    "рот",
    "суд",
    "районн",
    "полиц",
    "милиц",
    "подразделен",
    "комендатур",
    "тюрьм",
    "колони",
    "лагер",
    "застав",
    "кпп",
    "station",
    "department",
    "police",
    "precinct",
    "checkpoint",
    "base",
    "prison",
    "detention",
    "unit",
    "office",
];

const CASES: [Cases; 6] = [ru::NOM, ru::GEN, ru::DAT, ru::ACC, ru::INS, ru::PREP];

/// The forms of an evidence street, or `None` when `name` holds no street word.
pub(crate) fn street_forms(name: &str) -> Option<StreetForms> {
    let lower = name.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let mut plain = Vec::new();
    let mut adjective = Vec::new();
    let mut bare = Vec::new();
    // a Cyrillic street word first or last: "улица Садовая", "Садовая улица", "ул. Садовая"
    for (street_at, sw) in words.iter().enumerate().filter_map(|(i, w)| {
        let sw = STREET_WORDS
            .iter()
            .find(|s| s.forms[0] == *w || s.abbrevs.contains(w))?;
        (i == 0 || i == words.len() - 1).then_some((i, sw))
    }) {
        let rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != street_at)
            .map(|(_, w)| *w)
            .collect();
        if rest.is_empty() {
            continue;
        }
        let name_forms = agreeing_forms(&rest, sw.gender);
        let agrees = name_forms.is_some();
        for (k, c) in CASES.iter().enumerate() {
            let n = match &name_forms {
                Some(f) => f[k].clone(),
                None => rest.join(" "),
            };
            let st = sw.forms[k];
            add(&mut plain, &format!("{st} {n}"), *c);
            add(&mut plain, &format!("{n} {st}"), *c);
            for a in sw.abbrevs {
                add(&mut plain, &format!("{a} {n}"), *c);
                add(&mut plain, &format!("{n} {a}"), *c);
            }
            // "на Садовой": an adjective name alone is the street too, when capitalised
            if agrees && n.chars().count() >= 5 {
                add(&mut bare, &n, *c);
            }
        }
        // Latin: "Sadovaya Street", "ulitsa Sadovaya", "Prospekt Pobedy"
        let nom = rest.join(" ");
        for s in translit::MAIN {
            let lat = translit::to_latin(&nom, *s);
            for l in sw.latin {
                add(&mut plain, &format!("{lat} {l}"), ALL);
                add(&mut plain, &format!("{l} {lat}"), ALL);
            }
            add(&mut adjective, &lat, ALL);
        }
        // the derived adjective: "садовский отдел", "ленинский РОВД"
        if let Some(stem) = adjective_stem(rest.last().copied().unwrap_or_default()) {
            let head = &rest[..rest.len() - 1];
            for end in ["ский", "ская", "ское", "ские"] {
                for f in ru::decline(&format!("{stem}{end}"), Part::Place, G::U) {
                    if f.plural && end != "ские" {
                        continue;
                    }
                    let mut phrase: Vec<&str> = head.to_vec();
                    phrase.push(&f.text);
                    add(&mut adjective, &phrase.join(" "), f.cases);
                }
            }
        }
    }
    // a Latin street word: "Sadovaya Street", "Pobedy Avenue"
    if plain.is_empty() {
        let last = *words.last()?;
        let first = words[0];
        let (street, rest): (&str, Vec<&str>) = if LATIN_STREET.contains(&last) {
            (last, words[..words.len() - 1].to_vec())
        } else if LATIN_STREET.contains(&first) {
            (first, words[1..].to_vec())
        } else {
            return None;
        };
        let n = rest.join(" ");
        for l in LATIN_STREET {
            add(&mut plain, &format!("{n} {l}"), ALL);
            add(&mut plain, &format!("{l} {n}"), ALL);
        }
        let _ = street;
        add(&mut adjective, &n, ALL);
        // read back into Cyrillic ("Sadovaya" → "садовая") and decline with "улица"
        if rest.len() == 1 {
            for cyr in translit::to_cyrillic(rest[0], 2) {
                if let Some(f) = street_forms(&format!("улица {cyr}")) {
                    plain.extend(f.plain);
                    adjective.extend(f.adjective);
                    bare.extend(f.bare);
                }
            }
        }
    }
    if plain.is_empty() {
        return None;
    }
    // a form that is a plain one is never only an adjective or a bare one
    adjective.retain(|a| !plain.iter().any(|p| p.text == a.text));
    bare.retain(|a| !plain.iter().any(|p| p.text == a.text));
    Some(StreetForms {
        plain,
        adjective,
        bare,
    })
}

/// The forms of one evidence street.
pub(crate) struct StreetForms {
    /// Street word and name together, in every case and order, abbreviated, transliterated.
    pub plain: Vec<GenForm>,
    /// The derived adjective and the bare Latin name: only before an institution word.
    pub adjective: Vec<GenForm>,
    /// The adjective name alone ("на Садовой"): only when capitalised in the text, so the
    /// everyday adjective ("садовая скамейка") stays text.
    pub bare: Vec<GenForm>,
}

/// The six case forms of a name that agrees with its street word ("садовая" with "улица"),
/// or `None` when the name is frozen (a genitive or a noun: "победы", "шерипова").
fn agreeing_forms(rest: &[&str], gender: char) -> Option<[String; 6]> {
    let last = *rest.last()?;
    let agrees = match gender {
        'f' => last.ends_with("ая") || last.ends_with("яя"),
        'm' => ["ый", "ий", "ой"].iter().any(|e| last.ends_with(e)),
        'n' => last.ends_with("ое") || last.ends_with("ее"),
        _ => false,
    };
    if !agrees || last.chars().count() < 4 {
        return None;
    }
    let declined = ru::decline(last, Part::Place, G::U);
    let head = rest[..rest.len() - 1].join(" ");
    let mut out: [String; 6] = Default::default();
    for (k, c) in CASES.iter().enumerate() {
        let in_case = |want: Cases| {
            declined
                .iter()
                .find(|f| f.cases & want != 0 && !f.plural)
                .map(|f| f.text.clone())
        };
        // an inanimate masculine or neuter accusative is the nominative (на Садовый переулок)
        let f = match in_case(*c) {
            Some(f) => f,
            None if *c == ru::ACC && gender != 'f' => in_case(ru::NOM)?,
            None => return None,
        };
        out[k] = if head.is_empty() {
            f
        } else {
            format!("{head} {f}")
        };
    }
    Some(out)
}

/// The stem a derived adjective is built on: "садовая" → "садов", "ленина" → "ленин".
fn adjective_stem(w: &str) -> Option<String> {
    let w = w.trim_end_matches('.');
    if w.chars().count() < 4 || !w.chars().all(char::is_alphabetic) {
        return None;
    }
    for end in [
        "ская", "ский", "ское", "ая", "яя", "ый", "ий", "ой", "ое", "ее", "а", "я", "ы", "и", "ь",
    ] {
        if let Some(s) = w.strip_suffix(end) {
            if s.chars().count() >= 3 {
                return Some(s.to_owned());
            }
        }
    }
    Some(w.to_owned())
}

fn add(out: &mut Vec<GenForm>, text: &str, cases: Cases) {
    let text = normalize_pattern(text);
    if text.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return;
    }
    match out.iter_mut().find(|f| f.text == text) {
        Some(f) => f.cases |= cases,
        None => out.push(GenForm {
            text,
            cases,
            weak: false,
        }),
    }
}

/// Whether the word after normalised offset `end` names an institution ("отдел", "РОВД",
/// "police"), possibly after one more adjective ("садовский районный отдел").
pub(crate) fn institution_after(t: &str, end: usize) -> bool {
    let mut words = t[end..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for _ in 0..2 {
        let Some(w) = words.next() else {
            return false;
        };
        if INSTITUTIONS.iter().any(|p| w.starts_with(p)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[GenForm]) -> Vec<&str> {
        v.iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn street_words_decline() {
        let f = street_forms("улица Садовая").unwrap();
        let (p, a) = (f.plain, f.adjective);
        assert!(texts(&f.bare).contains(&"садовой"));
        let p = texts(&p);
        for f in [
            "улица садовая",
            "садовой улице",
            "на",
            "улицей садовой",
            "ул. садовой",
            "садовую улицу",
            "sadovaya street",
            "ulitsa sadovaya",
        ] {
            if f == "на" {
                continue;
            }
            assert!(p.contains(&f), "missing {f}: {p:?}");
        }
        let a = texts(&a);
        for f in [
            "садовский",
            "садовского",
            "садовском",
            "садовская",
            "sadovaya",
        ] {
            assert!(a.contains(&f), "missing {f}: {a:?}");
        }
        let p = street_forms("проспект Победы").unwrap().plain;
        let p = texts(&p);
        for f in [
            "проспекте победы",
            "проспектом победы",
            "пр-т победы",
            "prospekt pobedy",
        ] {
            assert!(p.contains(&f), "missing {f}: {p:?}");
        }
        assert!(!p.contains(&"победы"), "a frozen name does not stand alone");
        let f = street_forms("Sadovaya Street").unwrap();
        let (p, a) = (f.plain, f.adjective);
        assert!(texts(&p).contains(&"sadovaya st."));
        assert!(texts(&p).contains(&"садовой улице"));
        assert!(texts(&a).contains(&"sadovaya"));
        assert!(street_forms("ОМВД по Шалинскому району").is_none());
        assert!(street_forms("Курчалой").is_none());
    }

    #[test]
    fn institutions_follow() {
        let n = "садовский".len();
        assert!(institution_after("садовский отдел полиции", n));
        assert!(institution_after("садовский районный отдел", n));
        assert!(!institution_after("садовский сад у дома", n));
    }
}
