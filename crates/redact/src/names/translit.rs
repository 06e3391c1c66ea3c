//! Cyrillic ↔ Latin transliteration in the schemes names are actually written in.
//!
//! Owns [`Scheme`], [`to_latin`] and [`to_cyrillic`]. Cyrillic → Latin: the Russian passport
//! (ICAO Doc 9303, 2013–), the older passport practice, BGN/PCGN, GOST 7.79 system B, ISO 9 /
//! GOST system A and the scholarly system (diacritics are stripped by normalisation, so
//! `Žukov` and `Zukov` are one pattern), and the spellings of English, German and French
//! newspapers (Зелимхан → Zelimkhan / Selimchan, Юсупов → Yusupov / Jussupow / Youssoupoff).
//! Latin → Cyrillic: a small beam over ambiguous letter groups (kh/h → х, sch → ш/щ, y → ы/й/и),
//! anchored first on known first names (see `lexicon`), for names given in Latin script.
//! Input and output are lower-case.

/// A transliteration scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ICAO Doc 9303 (Russian passports since 2013): Юлия → iuliia.
    Icao,
    /// Older Russian passports (MVD 1997–2010): Юлия → yuliya.
    Mvd,
    /// BGN/PCGN: Елена → yelena.
    Bgn,
    /// GOST 7.79 system B (ASCII): х → x, ц → c, щ → shh, й → j.
    GostB,
    /// ISO 9 / GOST system A, diacritics stripped: ж → z, ю → u, я → a.
    Iso9,
    /// Scholarly: ж → z, х → x, ю → ju, я → ja.
    Scholarly,
    /// Common English: х → kh, -ий → y, кс → x.
    English,
    /// Simplified English: х → h, ж → j, й → i.
    EnglishH,
    /// English with ж → j but х → kh (Khadjiev).
    EnglishJ,
    /// German (Duden): ж → sch, з → s, х → ch, ц → z, -ов → -ow.
    German,
    /// German variant: ж → sh, з → z, й → j.
    GermanAlt,
    /// French: у → ou, ш → ch, ч → tch, -ов → -ov.
    French,
    /// French variant: -ов/-ев → -off/-eff.
    FrenchOff,
}

/// Every scheme, the most common first.
pub const ALL: &[Scheme] = &[
    Scheme::Icao,
    Scheme::Mvd,
    Scheme::English,
    Scheme::Bgn,
    Scheme::EnglishH,
    Scheme::EnglishJ,
    Scheme::GostB,
    Scheme::Iso9,
    Scheme::Scholarly,
    Scheme::German,
    Scheme::GermanAlt,
    Scheme::French,
    Scheme::FrenchOff,
];

/// The schemes used for oblique case forms (Russian typed in Latin letters).
pub const MAIN: &[Scheme] = &[Scheme::Icao, Scheme::Mvd, Scheme::English];

const VOWELS: &str = "аеёиоуыэюяъь";

fn is_vowel(c: Option<char>) -> bool {
    c.is_some_and(|c| VOWELS.contains(c))
}

/// Transliterates a lower-case Cyrillic word or phrase. Non-Cyrillic characters pass through.
pub fn to_latin(word: &str, s: Scheme) -> String {
    use Scheme::*;
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() * 2);
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied();
        let start = prev.is_none_or(|p| !p.is_alphabetic());
        let end = next.is_none_or(|p| !p.is_alphabetic());
        let after_vowel = is_vowel(prev);
        let between_vowels = after_vowel && is_vowel(next) && prev != Some('ь');
        // two-letter groups first
        if c == 'к'
            && next == Some('с')
            && matches!(
                s,
                English | EnglishJ | German | GermanAlt | French | FrenchOff
            )
        {
            out.push('x');
            i += 2;
            continue;
        }
        if (c == 'и' || c == 'ы')
            && next == Some('й')
            && chars.get(i + 2).is_none_or(|p| !p.is_alphabetic())
        {
            let t = match s {
                English | EnglishJ | Bgn => "y",
                EnglishH => "iy",
                German | French | FrenchOff => "i",
                GermanAlt => "ij",
                Icao => "ii",
                Mvd => {
                    if c == 'и' {
                        "iy"
                    } else {
                        "yy"
                    }
                }
                GostB => {
                    if c == 'и' {
                        "ij"
                    } else {
                        "yj"
                    }
                }
                Iso9 | Scholarly => {
                    if c == 'и' {
                        "ij"
                    } else {
                        "yj"
                    }
                }
            };
            out.push_str(t);
            i += 2;
            continue;
        }
        if c == 'и'
            && next == Some('я')
            && matches!(
                s,
                English | EnglishH | EnglishJ | German | GermanAlt | French | FrenchOff
            )
        {
            out.push_str("ia");
            i += 2;
            continue;
        }
        let final_ov = end && matches!(c, 'в') && matches!(prev, Some('о' | 'е' | 'ё'));
        let t: &str = match c {
            'а' => "a",
            'б' => "b",
            'в' => match s {
                German | GermanAlt => "w",
                FrenchOff if final_ov => "ff",
                _ => "v",
            },
            'г' => "g",
            'д' => "d",
            'е' => match s {
                Bgn | Mvd if start || after_vowel => "ye",
                English | EnglishJ if start => "ye",
                German | GermanAlt if start || after_vowel => "je",
                French | FrenchOff if after_vowel => "ie",
                _ => "e",
            },
            'ё' => match s {
                Icao | Iso9 | Scholarly => "e",
                German | GermanAlt => "jo",
                French | FrenchOff => "io",
                GostB => "yo",
                _ => "yo",
            },
            'ж' => match s {
                Iso9 | Scholarly => "z",
                German => "sch",
                French | FrenchOff => "j",
                EnglishH | EnglishJ => "j",
                _ => "zh",
            },
            'з' => match s {
                German => "s",
                _ => "z",
            },
            'и' => "i",
            'й' => match s {
                Icao | EnglishH | French | FrenchOff | German => "i",
                GostB | Iso9 | Scholarly | GermanAlt => "j",
                _ => "y",
            },
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => match s {
                German | GermanAlt | French | FrenchOff if between_vowels => "ss",
                _ => "s",
            },
            'т' => "t",
            'у' => match s {
                French | FrenchOff => "ou",
                _ => "u",
            },
            'ф' => "f",
            'х' => match s {
                GostB | Scholarly => "x",
                Iso9 | EnglishH => "h",
                German | GermanAlt => "ch",
                _ => "kh",
            },
            'ц' => match s {
                GostB | Iso9 | Scholarly => "c",
                German | GermanAlt => "z",
                _ => "ts",
            },
            'ч' => match s {
                Iso9 | Scholarly => "c",
                German | GermanAlt => "tsch",
                French | FrenchOff => "tch",
                _ => "ch",
            },
            'ш' => match s {
                Iso9 | Scholarly => "s",
                German | GermanAlt => "sch",
                French | FrenchOff => "ch",
                _ => "sh",
            },
            'щ' => match s {
                Iso9 => "s",
                Scholarly => "sc",
                GostB => "shh",
                German | GermanAlt => "schtsch",
                French | FrenchOff => "chtch",
                _ => "shch",
            },
            'ъ' => match s {
                Icao => "ie",
                _ => "",
            },
            'ы' => "y",
            'ь' => "",
            'э' => "e",
            'ю' => match s {
                Icao => "iu",
                Iso9 => "u",
                Scholarly | German | GermanAlt => "ju",
                French | FrenchOff => {
                    if start {
                        "you"
                    } else {
                        "iou"
                    }
                }
                _ => "yu",
            },
            'я' => match s {
                Icao => "ia",
                Iso9 => "a",
                Scholarly | German | GermanAlt => "ja",
                French | FrenchOff => {
                    if start || after_vowel {
                        "ya"
                    } else {
                        "ia"
                    }
                }
                _ => "ya",
            },
            other => {
                out.push(other);
                i += 1;
                continue;
            }
        };
        out.push_str(t);
        i += 1;
    }
    out
}

/// Latin spellings of a letter, the most common first (for [`variants`]).
fn letter_options(c: char, prev: Option<char>, next: Option<char>) -> &'static [&'static str] {
    let start = prev.is_none_or(|p| !p.is_alphabetic());
    let after_vowel = is_vowel(prev);
    let end = next.is_none_or(|p| !p.is_alphabetic());
    match c {
        'х' => &["kh", "h", "ch", "x"],
        'ж' => &["zh", "j", "sh", "z", "sch", "g"],
        'й' => &["y", "i", "j"],
        'ц' => &["ts", "tz", "c", "z", "tc"],
        'ч' => &["ch", "tch", "tsch", "c"],
        'ш' => &["sh", "ch", "sch", "s"],
        'щ' => &["shch", "sch", "sh", "shh"],
        'ю' => &["yu", "iu", "ju", "u", "you"],
        'я' => &["ya", "ia", "ja", "a"],
        'ё' => &["yo", "e", "jo", "io"],
        'е' if start || after_vowel => &["e", "ye", "je", "ie"],
        'е' => &["e", "ie"],
        'э' => &["e"],
        'ы' => &["y", "i"],
        'и' => &["i", "y"],
        'в' if end => &["v", "w", "ff"],
        'в' => &["v", "w"],
        'с' if after_vowel && is_vowel(next) => &["s", "ss"],
        'у' => &["u", "ou", "oo"],
        'ь' | 'ъ' => &["", "'"],
        'г' => &["g", "gh"],
        'к' => &["k", "c"],
        _ => &[],
    }
}

/// Latin spellings of a lower-case Cyrillic word letter by letter, mixing conventions
/// (Hadzhiev, Khadjiev): every spelling with one unusual letter, then two, up to `cap`.
pub fn variants(word: &str, cap: usize) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut beams: Vec<(String, u8)> = vec![(String::new(), 0)];
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let opts: Vec<String> = match letter_options(c, prev, next) {
            [] => vec![to_latin(&c.to_string(), Scheme::Icao)],
            o => o.iter().map(|x| (*x).to_owned()).collect(),
        };
        let mut next_beams = Vec::with_capacity(beams.len() * opts.len());
        for (k, o) in opts.iter().enumerate() {
            for (b, dev) in &beams {
                let d = dev + u8::from(k > 0);
                if d <= 2 {
                    next_beams.push((format!("{b}{o}"), d));
                }
            }
        }
        next_beams.sort_by_key(|b| b.1);
        next_beams.truncate(cap.max(1));
        beams = next_beams;
    }
    beams.into_iter().map(|b| b.0).collect()
}

/// Latin letter groups and their Cyrillic readings, longest first; the first reading is
/// the most likely.
const GROUPS: &[(&str, &[&str])] = &[
    ("schtsch", &["щ"]),
    ("shch", &["щ"]),
    ("chtch", &["щ"]),
    ("tsch", &["ч"]),
    ("sch", &["ш", "щ"]),
    ("tch", &["ч"]),
    ("you", &["ю"]),
    ("iou", &["ю"]),
    ("zh", &["ж"]),
    ("kh", &["х"]),
    ("ch", &["ч", "х"]),
    ("sh", &["ш"]),
    ("ts", &["ц"]),
    ("tz", &["ц"]),
    ("cz", &["ц"]),
    ("yu", &["ю"]),
    ("iu", &["ю"]),
    ("ju", &["ю"]),
    ("ya", &["я"]),
    ("ia", &["ия", "я"]),
    ("ja", &["я"]),
    ("yo", &["ё"]),
    ("jo", &["ё"]),
    ("ye", &["е"]),
    ("je", &["е"]),
    ("ie", &["ие", "ье"]),
    ("iy", &["ий"]),
    ("ij", &["ий"]),
    ("ii", &["ий", "ии"]),
    ("yy", &["ый"]),
    ("ou", &["у"]),
    ("ph", &["ф"]),
    ("th", &["т", "с"]),
    ("ck", &["к"]),
    ("ss", &["сс", "с"]),
    ("ff", &["в", "фф"]),
    ("a", &["а"]),
    ("b", &["б"]),
    ("c", &["к", "ц"]),
    ("d", &["д"]),
    ("e", &["е", "э"]),
    ("f", &["ф"]),
    ("g", &["г"]),
    ("h", &["х", "г"]),
    ("i", &["и", "й"]),
    ("j", &["й", "дж"]),
    ("k", &["к"]),
    ("l", &["л", "ль"]),
    ("m", &["м"]),
    ("n", &["н"]),
    ("o", &["о"]),
    ("p", &["п"]),
    ("q", &["к"]),
    ("r", &["р"]),
    ("s", &["с", "з"]),
    ("t", &["т"]),
    ("u", &["у"]),
    ("v", &["в"]),
    ("w", &["в"]),
    ("x", &["кс", "х"]),
    ("y", &["ы", "й", "и"]),
    ("z", &["з"]),
    ("'", &["ь", ""]),
];

/// Cyrillic readings of a lower-case Latin word, most likely first, at most `max`.
pub fn to_cyrillic(word: &str, max: usize) -> Vec<String> {
    let mut beams: Vec<(String, usize)> = vec![(String::new(), 0)]; // (text, alternatives used)
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < word.len() {
        let rest = &word[i..];
        let Some((g, opts)) = GROUPS.iter().find(|(g, _)| rest.starts_with(g)) else {
            // not Latin: copy one char
            let c = rest.chars().next().unwrap_or(' ');
            for b in &mut beams {
                b.0.push(c);
            }
            i += c.len_utf8();
            continue;
        };
        let at_start = i == 0 || !bytes[i - 1].is_ascii_alphabetic();
        let at_end = i + g.len() >= word.len() || !bytes[i + g.len()].is_ascii_alphabetic();
        let prev_vowel = i > 0 && b"aeiouy".contains(&bytes[i - 1]);
        let opts: Vec<&str> = match *g {
            "e" if at_start => vec!["э", "е"],
            "y" if at_end && prev_vowel => vec!["й"],
            "y" if at_end => vec!["ый", "и", "ий"],
            "y" if at_start => vec!["й"],
            "i" if at_end && prev_vowel => vec!["й", "и"],
            "ia" if at_start => vec!["я"],
            "ie" if at_start => vec!["е"],
            "ff" if at_end => vec!["в"],
            "s" if prev_vowel && !at_end => vec!["с", "з"],
            "s" => vec!["с"],
            "l" if at_end => vec!["ль", "л"],
            _ => opts.to_vec(),
        };
        let mut next = Vec::new();
        for (k, o) in opts.iter().enumerate() {
            for b in &beams {
                next.push((format!("{}{}", b.0, o), b.1 + usize::from(k > 0)));
            }
        }
        next.sort_by_key(|b| b.1);
        next.truncate(max.max(1) * 4);
        beams = next;
        i += g.len();
    }
    let mut out: Vec<String> = Vec::new();
    for (b, _) in beams {
        if !out.contains(&b) {
            out.push(b);
        }
        if out.len() >= max {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(word: &str) -> Vec<String> {
        ALL.iter().map(|s| to_latin(word, *s)).collect()
    }

    #[test]
    fn passport_and_newspaper_spellings() {
        assert_eq!(to_latin("зелимхан", Scheme::English), "zelimkhan");
        assert_eq!(to_latin("зелимхан", Scheme::German), "selimchan");
        assert_eq!(to_latin("юсупов", Scheme::English), "yusupov");
        assert_eq!(to_latin("юсупов", Scheme::German), "jussupow");
        assert_eq!(to_latin("юсупов", Scheme::FrenchOff), "youssoupoff");
        assert_eq!(to_latin("юлия", Scheme::Icao), "iuliia");
        assert_eq!(to_latin("хаджиев", Scheme::English), "khadzhiev");
        assert_eq!(to_latin("тайсумов", Scheme::English), "taysumov");
        assert_eq!(to_latin("грозный", Scheme::English), "grozny");
        assert_eq!(to_latin("александр", Scheme::English), "alexandr");
        assert_eq!(to_latin("цураев", Scheme::Bgn), "tsurayev");
        assert!(all("дмитрий").contains(&"dmitriy".to_owned()));
        assert!(all("дмитрий").contains(&"dmitry".to_owned()));
        assert!(all("дмитрий").contains(&"dmitrii".to_owned()));
    }

    #[test]
    fn mixed_conventions() {
        let v = variants("хаджиев", 64);
        for w in ["khadzhiev", "hadzhiev", "khadjiev", "hadziev"] {
            assert!(v.contains(&w.to_owned()), "{w} not in {v:?}");
        }
    }

    #[test]
    fn back_to_cyrillic() {
        assert!(to_cyrillic("smirnova", 4).contains(&"смирнова".to_owned()));
        assert!(to_cyrillic("khadzhiev", 4).contains(&"хаджиев".to_owned()));
        assert!(to_cyrillic("yusupov", 6).contains(&"юсупов".to_owned()));
        assert!(to_cyrillic("taysumov", 6).contains(&"тайсумов".to_owned()));
    }
}
