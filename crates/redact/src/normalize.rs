//! Text normalisation for matching, with a map back to the original offsets.
//!
//! Owns [`NormText`] and the character rules shared by the text and the patterns:
//! invisible characters (soft hyphens, zero-width spaces and joiners, bidi controls) are
//! dropped; each word's homoglyphs are folded to the word's own script (a Latin `a` inside a
//! Cyrillic word becomes Cyrillic `а`, and the reverse; Greek look-alikes too; `0`/`3` standing
//! for `о`/`з` inside a word); letters are lower-cased, `ё` becomes `е`, Latin diacritics are
//! stripped; whitespace runs become one space; dashes, apostrophes and quotes are unified.
//! Every normalised byte remembers the original byte range it came from, so matches found in
//! the normalised text map back exactly.
//!
//! [`clean_output`] applies only the invisible-character and homoglyph rules, keeping case,
//! to the text that is copied to the output: a kept perpetrator's name typed with a Latin `a`
//! comes out as a clean Cyrillic word, and no zero-width watermark survives.

use crate::entities::Lang;
use unicode_normalization::UnicodeNormalization;

/// A normalised text and the map from its bytes to the original's.
pub(crate) struct NormText {
    /// The normalised text.
    pub text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl NormText {
    /// Normalises `original`; `lang` breaks ties for words made only of look-alike letters.
    pub fn new(original: &str, lang: Lang) -> NormText {
        let chars = join_line_breaks(folded_chars(original, lang));
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut ends = Vec::with_capacity(original.len());
        fn push(
            text: &mut String,
            starts: &mut Vec<usize>,
            ends: &mut Vec<usize>,
            c: char,
            s: usize,
            e: usize,
        ) {
            let before = text.len();
            text.push(c);
            for _ in before..text.len() {
                starts.push(s);
                ends.push(e);
            }
        }
        for (c, s, e) in chars {
            if c.is_whitespace() {
                if text.ends_with(' ') {
                    if let Some(last) = ends.last_mut() {
                        *last = e;
                    }
                    continue;
                }
                push(&mut text, &mut starts, &mut ends, ' ', s, e);
                continue;
            }
            for n in normal_chars(c) {
                push(&mut text, &mut starts, &mut ends, n, s, e);
            }
        }
        NormText { text, starts, ends }
    }

    /// The original byte range of the normalised byte range `[start, end)`.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.starts.get(start).copied().unwrap_or(0);
        let e = if end == 0 {
            s
        } else {
            self.ends.get(end - 1).copied().unwrap_or(s)
        };
        (s, e.max(s))
    }

    /// Whether `[start, end)` stands alone: not glued to letters, digits or `_` on either side.
    pub fn is_word(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    }
}

/// Undoes hyphenation at line ends: "Зака-\nев" reads "Закаев", "Урус-\nМартан" reads
/// "Урус-Мартан".
fn join_line_breaks(v: Vec<(char, usize, usize)>) -> Vec<(char, usize, usize)> {
    let mut out: Vec<(char, usize, usize)> = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        let c = v[i].0;
        let dash = matches!(c, '-' | '\u{2010}' | '\u{2011}');
        if dash && out.last().is_some_and(|p| p.0.is_alphabetic()) {
            let mut j = i + 1;
            let mut newline = false;
            while j < v.len() && v[j].0.is_whitespace() {
                newline |= v[j].0 == '\n';
                j += 1;
            }
            if newline && j < v.len() && v[j].0.is_alphabetic() {
                if v[j].0.is_uppercase() {
                    out.push(v[i]);
                }
                i = j;
                continue;
            }
        }
        out.push(v[i]);
        i += 1;
    }
    out
}

/// A character that glues to a word (the `\w` of the scorer).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Normalises a pattern (a generated name form) exactly as the text is normalised.
pub(crate) fn normalize_pattern(s: &str) -> String {
    let lang = if s.chars().any(is_cyrillic) {
        Lang::Ru
    } else {
        Lang::En
    };
    NormText::new(s.trim(), lang).text
}

/// Drops invisible characters and folds homoglyphs to each word's script, keeping case.
pub(crate) fn clean_output(s: &str, lang: Lang) -> String {
    folded_chars(s, lang)
        .into_iter()
        .map(|(c, _, _)| c)
        .collect()
}

/// Characters that render as nothing (or nearly) and can hide inside a name.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}')
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic())
}

/// (Cyrillic, Latin) pairs that look alike in common fonts.
const CYR_LAT: &[(char, char)] = &[
    ('а', 'a'),
    ('А', 'A'),
    ('В', 'B'),
    ('е', 'e'),
    ('Е', 'E'),
    ('К', 'K'),
    ('к', 'k'),
    ('М', 'M'),
    ('Н', 'H'),
    ('о', 'o'),
    ('О', 'O'),
    ('р', 'p'),
    ('Р', 'P'),
    ('с', 'c'),
    ('С', 'C'),
    ('Т', 'T'),
    ('у', 'y'),
    ('У', 'Y'),
    ('х', 'x'),
    ('Х', 'X'),
    ('і', 'i'),
    ('І', 'I'),
    ('ј', 'j'),
    ('Ј', 'J'),
    ('ѕ', 's'),
    ('Ѕ', 'S'),
    ('ԁ', 'd'),
    ('һ', 'h'),
    ('ԛ', 'q'),
    ('Ԛ', 'Q'),
    ('ԝ', 'w'),
    ('Ԝ', 'W'),
    ('ӏ', 'l'),
];

/// Greek look-alikes: (Greek, Latin, Cyrillic or the Latin when Cyrillic has none).
const GREEK: &[(char, char, char)] = &[
    ('Α', 'A', 'А'),
    ('Β', 'B', 'В'),
    ('Ε', 'E', 'Е'),
    ('Ζ', 'Z', 'Z'),
    ('Η', 'H', 'Н'),
    ('Ι', 'I', 'І'),
    ('Κ', 'K', 'К'),
    ('Μ', 'M', 'М'),
    ('Ν', 'N', 'N'),
    ('Ο', 'O', 'О'),
    ('Ρ', 'P', 'Р'),
    ('Τ', 'T', 'Т'),
    ('Υ', 'Y', 'У'),
    ('Χ', 'X', 'Х'),
    ('ο', 'o', 'о'),
    ('ρ', 'p', 'р'),
    ('κ', 'k', 'к'),
    ('ν', 'v', 'v'),
    ('α', 'a', 'а'),
];

/// The look-alike of `c` in the other script (Latin ↔ Cyrillic), if any, case kept.
pub(crate) fn lookalike(c: char) -> Option<char> {
    cyr_lookalike(c).or_else(|| lat_lookalike(c))
}

fn cyr_lookalike(c: char) -> Option<char> {
    CYR_LAT.iter().find(|p| p.0 == c).map(|p| p.1)
}
fn lat_lookalike(c: char) -> Option<char> {
    CYR_LAT.iter().find(|p| p.1 == c).map(|p| p.0)
}
fn greek_lookalike(c: char) -> Option<(char, char)> {
    GREEK.iter().find(|p| p.0 == c).map(|p| (p.1, p.2))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Cyr,
    Lat,
    Keep,
}

/// Visible characters of `s` with their original byte ranges, homoglyphs folded per word.
/// Folding a digit into a letter can make its neighbour digit a letter too ("Р00т"), so the
/// pass repeats until nothing changes: folding the output again changes nothing.
fn folded_chars(s: &str, lang: Lang) -> Vec<(char, usize, usize)> {
    let mut v: Vec<(char, usize, usize)> = s
        .char_indices()
        .filter(|(_, c)| !is_invisible(*c))
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect();
    for _ in 0..8 {
        if !fold_pass(&mut v, lang) {
            break;
        }
    }
    v
}

/// One folding pass; tells whether a digit became a letter.
fn fold_pass(v: &mut [(char, usize, usize)], lang: Lang) -> bool {
    let mut digit_folded = false;
    let n = v.len();
    let letterish = |v: &[(char, usize, usize)], i: usize| -> bool {
        let c = v[i].0;
        if c.is_alphabetic() {
            return true;
        }
        if c == '0' || c == '3' {
            let prev = i.checked_sub(1).map(|j| v[j].0);
            let next = v.get(i + 1).map(|x| x.0);
            let next2 = v.get(i + 2).map(|x| x.0);
            let p_alpha = prev.is_some_and(char::is_alphabetic);
            let n_alpha = next.is_some_and(char::is_alphabetic);
            let p_edge = prev.is_none_or(|p| !p.is_alphanumeric());
            let n_edge = next.is_none_or(|p| !p.is_alphanumeric());
            return (p_alpha && n_alpha)
                || (p_edge && n_alpha && next2.is_some_and(char::is_alphabetic))
                || (n_edge && p_alpha && i >= 2 && v[i - 2].0.is_alphabetic());
        }
        false
    };
    let mut i = 0;
    while i < n {
        if !letterish(v, i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && letterish(v, i) {
            i += 1;
        }
        let word = &v[start..i];
        if word.iter().filter(|x| x.0.is_ascii_digit()).count() > 0
            && word.iter().filter(|x| x.0.is_alphabetic()).count() < 2
        {
            continue;
        }
        let target = word_target(word, lang);
        if target == Script::Keep {
            continue;
        }
        for x in &mut v[start..i] {
            let folded = fold_to(x.0, target);
            if x.0.is_ascii_digit() && folded != x.0 {
                digit_folded = true;
            }
            x.0 = folded;
        }
    }
    digit_folded
}

fn word_target(word: &[(char, usize, usize)], lang: Lang) -> Script {
    let (mut cyr, mut lat, mut look_cyr, mut look_lat, mut other) = (0, 0, 0, 0, 0);
    for &(c, _, _) in word {
        if cyr_lookalike(c).is_some() {
            look_cyr += 1;
        } else if lat_lookalike(c).is_some() {
            look_lat += 1;
        } else if greek_lookalike(c).is_some() || c == '0' || c == '3' {
            other += 1;
        } else if is_cyrillic(c) {
            cyr += 1;
        } else if is_latin_letter(c) {
            lat += 1;
        }
    }
    if cyr > 0 && cyr >= lat {
        if lat > 0 || look_lat > 0 || other > 0 {
            return Script::Cyr;
        }
        return Script::Keep;
    }
    if lat > 0 {
        if cyr > 0 || look_cyr > 0 || other > 0 {
            return Script::Lat;
        }
        return Script::Keep;
    }
    // only look-alikes (and digits standing for letters)
    if (look_cyr > 0 && look_lat > 0) || other > 0 {
        return match lang {
            Lang::Ru => Script::Cyr,
            Lang::En => Script::Lat,
        };
    }
    Script::Keep
}

fn fold_to(c: char, target: Script) -> char {
    match target {
        Script::Keep => c,
        Script::Cyr => {
            if let Some(k) = lat_lookalike(c) {
                k
            } else if let Some((_, k)) = greek_lookalike(c) {
                k
            } else if c == '0' {
                'о'
            } else if c == '3' {
                'з'
            } else {
                c
            }
        }
        Script::Lat => {
            if let Some(k) = cyr_lookalike(c) {
                k
            } else if let Some((k, _)) = greek_lookalike(c) {
                k
            } else if c == '0' {
                'o'
            } else {
                c
            }
        }
    }
}

/// The normalised characters one (already homoglyph-folded) character becomes.
fn normal_chars(c: char) -> impl Iterator<Item = char> {
    let mut out: Vec<char> = Vec::with_capacity(2);
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push('-')
        }
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '\u{2032}' | '`'
        | '\u{00B4}' => out.push('\''),
        '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}'
        | '\u{2033}' | '\u{2039}' | '\u{203A}' => out.push('"'),
        '\u{FF01}'..='\u{FF5E}' => {
            let k = char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c);
            out.extend(k.to_lowercase());
        }
        _ if c.is_alphabetic() => {
            for l in c.to_lowercase() {
                match l {
                    'ё' => out.push('е'),
                    'ß' => out.extend(['s', 's']),
                    'æ' => out.extend(['a', 'e']),
                    'œ' => out.extend(['o', 'e']),
                    'ø' => out.push('o'),
                    'ł' => out.push('l'),
                    'đ' => out.push('d'),
                    'ı' => out.push('i'),
                    'þ' => out.extend(['t', 'h']),
                    _ if is_latin_letter(l) && !l.is_ascii() => {
                        let base = l.nfd().next().unwrap_or(l);
                        out.push(if base.is_ascii() { base } else { l });
                    }
                    _ => out.push(l),
                }
            }
        }
        _ => out.push(c),
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        NormText::new(s, Lang::Ru).text
    }

    #[test]
    fn folds_case_yo_invisible_and_spaces() {
        assert_eq!(norm("Пётр  Зака\u{00AD}ев"), "петр закаев");
        assert_eq!(norm("Ру\u{200B}слан\u{00A0}—\u{2060}друг"), "руслан -друг");
        assert_eq!(norm("Müller Straße"), "muller strasse");
    }

    #[test]
    fn folds_homoglyphs_to_the_word_script() {
        // Latin a and o inside Cyrillic words, Cyrillic а inside a Latin word
        assert_eq!(norm("Зaкaев"), "закаев");
        assert_eq!(norm("Мусaев"), "мусаев");
        assert_eq!(norm("Аdlan"), "adlan");
        assert_eq!(norm("Р0ман 3акаев"), "роман закаев");
        // plates and numbers are left alone
        assert_eq!(norm("А123ВС95"), "а123вс95");
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let s = "Ру\u{00AD}слан  Зaкаев";
        let n = NormText::new(s, Lang::Ru);
        let i = n.text.find("закаев").unwrap_or(0);
        let (a, b) = n.orig_span(i, i + "закаев".len());
        assert_eq!(&s[a..b], "Зaкаев");
        let (a, b) = n.orig_span(0, "руслан".len());
        assert_eq!(&s[a..b], "Ру\u{00AD}слан");
    }

    #[test]
    fn joins_hyphenated_line_breaks() {
        assert_eq!(norm("Зака-\nев и Урус-\n  Мартан"), "закаев и урус-мартан");
    }

    #[test]
    fn cleans_output_keeping_case() {
        assert_eq!(
            clean_output("Цурaев\u{200B} сказал", Lang::Ru),
            "Цураев сказал"
        );
        assert_eq!(clean_output("Khadzhiev", Lang::En), "Khadzhiev");
    }
}
