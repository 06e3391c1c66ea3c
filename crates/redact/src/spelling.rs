//! Disguised spellings of names: letters spaced out ("Л у и з а", "L.u.i.z.a",
//! "Л - у - и - з - а", "L | u | i | z | a"), look-alike digits or symbols standing for letters
//! ("E1murzaeva", "Зак4ева", "M@d1na", "$eda", "E|murzaeva", "Zar€ma") and names split into
//! syllables ("Лу-и-за", "Эль мур за ева", "El-mur-zaeva").
//!
//! Owns [`SkeletonIndex`] and [`disguised_mentions`]. Every generated name form (all cases,
//! transliterations, possessives — whatever `names` produced for the main index) is also
//! reduced to a **skeleton**: separators dropped and each character replaced by its look-alike
//! class (`0 o о` → `o`; `1 l i і и | !` → `i`; `3 e е з э €` → `e`; `4 a а ч @` → `a`;
//! `5 s ѕ $ §` → `s`; `6 8 b б в` → `b`; `7 t т +` → `t`; `( c с` → `c`; `9 g` → `g`; `2 z` → `z`;
//! and the Latin ↔ Cyrillic homoglyph pairs `p р`, `y у`, `x х`, `k к`, `m м`, `h н`). A
//! Cyrillic letter whose sound twin in Latin is not its shape twin is read both ways in a form:
//! с as `c` and as `s` (`5 $ §` imitate the S it sounds like: "5еитова"), з as `e` and as `z`
//! ("2арема"), л as itself and as `i` ("1уиза"). One Aho-Corasick automaton holds the skeletons.
//!
//! The text is **not** skeletonised as a whole: that would make ordinary words and numbers
//! match names. Only three shapes are looked at, in the normalised text:
//! - a *disguised word*: a run of letters, digits and look-alike symbols holding at least two
//!   letters and at least one digit or symbol (in the original text: the normaliser may
//!   already have folded a `0` or `3` into a letter). It is a mention only if the whole word is
//!   the skeleton of a name form, digits or symbols at its edges aside ("Madina1990",
//!   "@E1murzaeva", "(Луиза)!"). The mention takes in glued digits and `@ $ €` at the edges,
//!   never punctuation-like symbols (`| ! ( +`), which are letters only where the match uses
//!   them; a plain spelling with punctuation beside it is left to the main index.
//! - a *spaced run*: at least three one-character units each separated from the next by one
//!   to four separator characters (any punctuation, symbol or the one space the normaliser
//!   leaves; no line break in the original). A mention is a stretch of whole units spelling a
//!   name form's skeleton: the whole run if it is three units or more, a part of it only from
//!   four units up ("в Л у и з е"). Runs are read twice: with `| ! ( +` as separators
//!   ("L+u+i+z+a") and, if the text has any, as letters ("L u | z a").
//! - a *syllable split*: chunks joined by the same short separators, of which at least two,
//!   and no fewer than the longer chunks, are one to three characters long, that together
//!   spell a form (four characters or more; three if the chunks are one compound, "Е-ва") from the first character of a chunk to the last
//!   of another, never starting or ending inside a hyphenated (or otherwise glued) compound
//!   ("То ев-ро" is not Тоев, "Ал-ла-верды" not Алла). Plain letters must spell a form **exactly** (so "а мина" is not Амина, and
//!   ordinary hyphenated words and short word sequences stay); with a digit or symbol among
//!   them the skeleton is enough ("Lu-1-za").
//!
//! Every stretch must hold at least two letters and no more digits and symbols than letters,
//! so numbers ("2019", "4 1 1 4" in a phone number, "12/03/2019") never become names. Each
//! mention is handed to the engine as a name pattern would be, so the profiles treat a
//! disguised name exactly like a plain one (the same replacement, the same log entry, the same
//! candidates).
//!
//! Cost: one pass over the normalised text for disguised words (almost no word is one), one
//! automaton search per spaced run, and one per chain of words joined by short separators
//! that holds two syllables side by side (in prose most paragraphs are such a chain, so about
//! one more automaton pass over the text): linear in the text.
//!
//! Recipe: a new look-alike goes into [`skeleton_char`] (both the text and the patterns go
//! through it), with a positive and a negative vector in `tests/disguised.rs`; a Cyrillic
//! letter that a look-alike of its Latin sound twin may stand for goes into [`sound_class`]
//! (patterns only).

use crate::index::PatMeta;
use crate::names::merge_reading;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};

/// The look-alike class of one normalised (lower-case) character; `None` for characters that
/// are not letters, digits or look-alike symbols (separators, other punctuation). Every
/// character with a class here is a unit character inside a word ([`is_unit_char`]).
pub(crate) fn skeleton_char(c: char) -> Option<char> {
    Some(match c {
        'o' | 'о' | '0' | 'ο' => 'o',
        'a' | 'а' | '4' | '@' | 'α' | 'ч' => 'a',
        'e' | 'е' | '3' | 'з' | 'э' | 'є' | '€' => 'e',
        // a `1` in "М4д1на" is read as the и of Мадина
        'l' | 'i' | '1' | 'і' | 'ӏ' | '|' | '!' | '¡' | 'ı' | 'ї' | 'и' => 'i',
        's' | 'ѕ' | '5' | '$' | '§' => 's',
        'b' | 'б' | '6' | '8' | 'в' => 'b',
        't' | 'т' | '7' | '+' | '†' => 't',
        'g' | '9' => 'g',
        'z' | '2' => 'z',
        'p' | 'р' | 'ρ' => 'p',
        'c' | 'с' | '(' | '¢' | '©' => 'c',
        'y' | 'у' => 'y',
        'x' | 'х' => 'x',
        'k' | 'к' | 'κ' => 'k',
        'm' | 'м' => 'm',
        'h' | 'н' => 'h',
        'j' | 'ј' => 'j',
        'd' | 'ԁ' => 'd',
        'w' | 'ԝ' => 'w',
        'q' | 'ԛ' => 'q',
        _ if c.is_alphanumeric() => c,
        _ => return None,
    })
}

/// The second look-alike class of a Cyrillic letter whose sound twin in Latin is not its shape
/// twin, so that digits and symbols imitate either: `5 $ §` are an S, which с sounds like
/// (though с looks like c, `(`); `2` is a Z (з looks like 3); `1 | !` are an L (л). A name
/// form's skeleton is built both ways ([`skeletons`]); the text keeps one class per character.
fn sound_class(c: char) -> Option<char> {
    match c {
        'с' => Some('s'),
        'з' => Some('z'),
        'л' => Some('i'),
        _ => None,
    }
}

/// Most letters with two classes ([`sound_class`]) read every way in one form; beyond, the
/// form is read with all of them by shape and all by sound only (no name form comes near).
const MAX_TWO_WAY: usize = 6;

/// A character that may stand for a letter inside a disguised word: a letter, a digit, or any
/// symbol with a look-alike class (`@ $ € | ! ( + §` …).
fn is_unit_char(c: char) -> bool {
    skeleton_char(c).is_some()
}

/// A unit character that may also stand alone or at the edge of a word and be part of the
/// mention there ("@E1murzaeva", "Luiza$", "M @ d i n a"): letters, digits and the symbols
/// that are never ordinary punctuation. The others (`| ! ( +` …) are letters only where a
/// name's skeleton uses them; elsewhere they separate.
fn is_glue_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '@' | '$' | '€')
}

/// Characters that end a line or a paragraph in the original text: never inside a spacer.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The skeleton of a pattern text: separators (and punctuation-like look-alikes, which in a
/// name form are punctuation) dropped, characters classed.
fn skeleton(s: &str) -> String {
    s.chars()
        .filter(|&c| is_glue_char(c))
        .filter_map(skeleton_char)
        .collect()
}

/// Every skeleton of a pattern text: [`skeleton`], and the readings where letters with a
/// [`sound_class`] take it ("сеитова" is `ceitoba` and `seitoba`, so "5еитова" is caught).
fn skeletons(s: &str) -> Vec<String> {
    let base: Vec<char> = skeleton(s).chars().collect();
    // the same characters, unclassed, to find the two-way letters (skeleton keeps positions)
    let chars: Vec<char> = s.chars().filter(|&c| is_glue_char(c)).collect();
    let two_way: Vec<(usize, char)> = chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| Some((i, sound_class(c)?)))
        .collect();
    let read = |flip: &dyn Fn(usize) -> bool| -> String {
        let mut v = base.clone();
        for (k, &(i, sc)) in two_way.iter().enumerate() {
            if flip(k) {
                v[i] = sc;
            }
        }
        v.into_iter().collect()
    };
    if two_way.is_empty() {
        return vec![base.into_iter().collect()];
    }
    if two_way.len() > MAX_TWO_WAY {
        return vec![read(&|_| false), read(&|_| true)];
    }
    (0u32..1 << two_way.len())
        .map(|bits| read(&|k| bits & (1 << k) != 0))
        .collect()
}

/// Shortest skeleton matched at all (a whole word or a whole spaced run).
const MIN_WHOLE: usize = 3;
/// Shortest skeleton matched as a part of a longer spaced run, or across syllables.
const MIN_PART: usize = 4;
/// Longest separator between two spaced letters or two syllables, in normalised characters.
const MAX_GAP: usize = 4;
/// Longest chunk counted as a syllable ("Эль мур за ева").
const SYLLABLE: usize = 3;

/// Every name form's skeleton in one automaton, each standing for the union of the patterns
/// that share it.
pub(crate) struct SkeletonIndex {
    ac: Option<AhoCorasick>,
    /// Per skeleton pattern: what it stands for (entries merged over its patterns).
    pub metas: Vec<PatMeta>,
    lens: Vec<usize>,
    /// Every form's letters and digits run together ("луизаэльмурзаева"): a syllable split of
    /// plain letters must spell one of these exactly, not only its skeleton.
    plain: HashSet<String>,
}

impl SkeletonIndex {
    /// Builds the skeletons of `texts` (the main index's pattern texts) with their metadata.
    pub fn build(texts: &[String], pats: &[PatMeta]) -> SkeletonIndex {
        let mut skels: Vec<String> = Vec::new();
        let mut metas: Vec<PatMeta> = Vec::new();
        let mut by: HashMap<String, usize> = HashMap::new();
        let mut plain = HashSet::new();
        for (t, meta) in texts.iter().zip(pats) {
            let all = skeletons(t);
            if all.first().is_none_or(|sk| sk.chars().count() < MIN_WHOLE) {
                continue;
            }
            plain.insert(
                t.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>(),
            );
            for sk in all {
                let idx = *by.entry(sk.clone()).or_insert_with(|| {
                    skels.push(sk);
                    metas.push(PatMeta {
                        entries: vec![],
                        common: true,
                        month: false,
                        needs_noun: true,
                        needs_capital: true,
                    });
                    metas.len() - 1
                });
                let m = &mut metas[idx];
                m.common &= meta.common;
                m.month |= meta.month;
                m.needs_noun &= meta.needs_noun;
                m.needs_capital &= meta.needs_capital;
                for e in &meta.entries {
                    match m.entries.iter_mut().find(|x| x.entity == e.entity) {
                        Some(x) => merge_reading(&mut x.cases, &mut x.weak, e.cases, e.weak),
                        None => m.entries.push(*e),
                    }
                }
            }
        }
        let lens = skels.iter().map(|s| s.chars().count()).collect();
        let ac = if skels.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&skels)
                .ok()
        };
        SkeletonIndex {
            ac,
            metas,
            lens,
            plain,
        }
    }
}

/// A run of unit characters in the normalised text.
struct Word {
    start: usize,
    end: usize,
    chars: usize,
}

/// The runs of characters satisfying `unit` in `norm`, in order.
fn words_of(norm: &str, unit: impl Fn(char) -> bool) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    for (i, c) in norm.char_indices() {
        if unit(c) {
            let w = cur.get_or_insert(Word {
                start: i,
                end: i,
                chars: 0,
            });
            w.end = i + c.len_utf8();
            w.chars += 1;
        } else if let Some(w) = cur.take() {
            words.push(w);
        }
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    words
}

/// Mentions of disguised names in `norm` (normalised text; `original` is the text it came
/// from, `orig_span` maps between them): `(start, end, skeleton pattern)` in normalised byte
/// offsets.
pub(crate) fn disguised_mentions(
    norm: &str,
    original: &str,
    orig_span: impl Fn(usize, usize) -> (usize, usize),
    index: &SkeletonIndex,
) -> Vec<(usize, usize, usize)> {
    let Some(ac) = &index.ac else {
        return vec![];
    };
    let mut out = Vec::new();
    let orig_digit = |s: usize, e: usize| {
        let (os, oe) = orig_span(s, e);
        original
            .get(os..oe)
            .is_some_and(|o| o.chars().any(|c| c.is_ascii_digit()))
    };
    // whether the separator between two units may join them: short, no letter or digit, and
    // no line break in the original
    let joins = |a: &Word, b: &Word| {
        spaced(&norm[a.end..b.start]) && {
            let (os, oe) = orig_span(a.end, b.start);
            !original
                .get(os..oe)
                .is_some_and(|o| o.chars().any(is_line_break))
        }
    };

    // disguised words: every look-alike symbol is a letter here ("E|murzaeva", "Zar€ma")
    let words = words_of(norm, is_unit_char);
    for w in &words {
        if w.chars < MIN_WHOLE {
            continue;
        }
        let t = &norm[w.start..w.end];
        if t.chars().all(char::is_alphabetic) && !orig_digit(w.start, w.end) {
            continue;
        }
        // character positions of the word, for mapping skeleton offsets back
        let offs: Vec<(usize, char)> = t.char_indices().map(|(i, c)| (w.start + i, c)).collect();
        let sk: String = offs
            .iter()
            .map(|&(_, c)| skeleton_char(c).unwrap_or(c))
            .collect();
        let bounds = char_bounds(&sk);
        for m in ac.find_overlapping_iter(&sk) {
            let (Ok(a), Ok(b)) = (
                bounds.binary_search(&m.start()),
                bounds.binary_search(&m.end()),
            ) else {
                continue;
            };
            // only digits and symbols may be left over at the edges ("@E1murzaeva",
            // "Luiza$", "Madina1990", "(Луиза)!")
            let edge_ok = offs[..a].iter().all(|(_, c)| !c.is_alphabetic())
                && offs[b..].iter().all(|(_, c)| !c.is_alphabetic());
            if !edge_ok || !plausible(offs[a..b].iter().map(|x| x.1)) {
                continue;
            }
            // the mention takes in glued digits and @ $ € at the edges, never punctuation
            let mut s = a;
            while s > 0 && is_glue_char(offs[s - 1].1) {
                s -= 1;
            }
            let mut e = b;
            while e < offs.len() && is_glue_char(offs[e].1) {
                e += 1;
            }
            let end_byte = |k: usize| offs.get(k).map_or(w.end, |x| x.0);
            // a plain spelling with punctuation beside it is the main index's business
            let disguised = s < a
                || e > b
                || offs[a..b].iter().any(|(_, c)| !c.is_alphabetic())
                || orig_digit(offs[a].0, end_byte(b));
            if disguised {
                out.push((offs[s].0, end_byte(e), m.pattern().as_usize()));
            }
        }
    }

    // letters spaced out and syllables: units joined by short separators. Twice: with the
    // punctuation-like look-alikes as separators ("L | u | i | z | a", "L+u+i+z+a"), and, if
    // the text has any, as letters ("L u | z a")
    let letters = words_of(norm, is_glue_char);
    spaced_runs(&letters, norm, &joins, ac, index, &mut out);
    syllables(&letters, norm, &joins, &orig_digit, ac, index, &mut out);
    if norm.chars().any(|c| is_unit_char(c) && !is_glue_char(c)) {
        spaced_runs(&words, norm, &joins, ac, index, &mut out);
    }
    out
}

/// Consecutive one-character units with short separators between them ("Л - у - и - з - а"):
/// a stretch of whole units spelling a skeleton, the whole run from three units, a part of it
/// from four.
fn spaced_runs(
    words: &[Word],
    norm: &str,
    joins: &impl Fn(&Word, &Word) -> bool,
    ac: &AhoCorasick,
    index: &SkeletonIndex,
    out: &mut Vec<(usize, usize, usize)>,
) {
    let mut i = 0;
    while i < words.len() {
        if words[i].chars != 1 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() && words[j].chars == 1 && joins(&words[j - 1], &words[j]) {
            j += 1;
        }
        let units = &words[i..j];
        if units.len() >= MIN_WHOLE {
            let chars: Vec<char> = units
                .iter()
                .map(|u| norm[u.start..u.end].chars().next().unwrap_or(' '))
                .collect();
            let sk: String = chars
                .iter()
                .map(|&c| skeleton_char(c).unwrap_or(c))
                .collect();
            let bounds = char_bounds(&sk);
            for m in ac.find_overlapping_iter(&sk) {
                let (Ok(a), Ok(b)) = (
                    bounds.binary_search(&m.start()),
                    bounds.binary_search(&m.end()),
                ) else {
                    continue;
                };
                let n = index.lens.get(m.pattern().as_usize()).copied().unwrap_or(0);
                let whole = a == 0 && b == units.len();
                if (!whole && n < MIN_PART) || !plausible(chars[a..b].iter().copied()) {
                    continue;
                }
                out.push((units[a].start, units[b - 1].end, m.pattern().as_usize()));
            }
        }
        i = j.max(i + 1);
    }
}

/// Chunks joined by short separators that together spell a name form ("Лу-и-за",
/// "Эль мур за ева", "El-mur-zaeva"): whole chunks and whole compounds (chunks glued by
/// separators without a space, "ев-ро") only, at least two of them syllables of
/// one to three characters and no fewer syllables than longer chunks, four characters or more
/// in all. Plain letters must spell a form exactly; with a digit or symbol among them the
/// skeleton is enough ("Lu-1-za").
fn syllables(
    words: &[Word],
    norm: &str,
    joins: &impl Fn(&Word, &Word) -> bool,
    orig_digit: &impl Fn(usize, usize) -> bool,
    ac: &AhoCorasick,
    index: &SkeletonIndex,
    out: &mut Vec<(usize, usize, usize)>,
) {
    let mut i = 0;
    while i < words.len() {
        let mut j = i + 1;
        while j < words.len() && joins(&words[j - 1], &words[j]) {
            j += 1;
        }
        let chain = &words[i..j];
        i = j;
        // a chain needs two syllables side by side somewhere to be worth a search
        if chain.len() < 2
            || !chain
                .windows(2)
                .any(|p| p.iter().all(|w| w.chars <= SYLLABLE))
        {
            continue;
        }
        // the chain's skeleton, and where each chunk starts in it (in characters)
        let mut sk = String::new();
        let mut starts: Vec<usize> = Vec::with_capacity(chain.len() + 1);
        let mut n = 0;
        for w in chain {
            starts.push(n);
            for c in norm[w.start..w.end].chars() {
                sk.push(skeleton_char(c).unwrap_or(c));
                n += 1;
            }
        }
        starts.push(n);
        // whether chunk `k` is glued to the one before by a separator without a space (one
        // compound word: "ев-ро", "Лу-и-за")
        let tight = |k: usize| {
            k > 0 && k < chain.len() && !norm[chain[k - 1].end..chain[k].start].contains(' ')
        };
        let bounds = char_bounds(&sk);
        for m in ac.find_overlapping_iter(&sk) {
            let (Ok(cs), Ok(ce)) = (
                bounds.binary_search(&m.start()),
                bounds.binary_search(&m.end()),
            ) else {
                continue;
            };
            let (Ok(a), Ok(b)) = (starts.binary_search(&cs), starts.binary_search(&ce)) else {
                continue;
            };
            // three characters only as one whole compound ("Е-ва", "И-са")
            let one_compound = (a + 1..b).all(tight);
            if b < a + 2 || ce - cs < MIN_WHOLE || (ce - cs < MIN_PART && !one_compound) {
                continue;
            }
            // whole compounds only: "То ев-ро" is not Тоев, "Ал-ла-верды" not Алла
            if tight(a) || tight(b) {
                continue;
            }
            let chunks = &chain[a..b];
            let short = chunks.iter().filter(|w| w.chars <= SYLLABLE).count();
            if short < 2 || short < chunks.len() - short {
                continue;
            }
            let text: String = chunks.iter().map(|w| &norm[w.start..w.end]).collect();
            if !plausible(text.chars()) {
                continue;
            }
            let (s, e) = (chunks[0].start, chunks[chunks.len() - 1].end);
            let disguised = text.chars().any(|c| !c.is_alphabetic()) || orig_digit(s, e);
            if !disguised && !index.plain.contains(&text) {
                continue;
            }
            out.push((s, e, m.pattern().as_usize()));
        }
    }
}

/// The byte offset of every character of `s`, and `s.len()` last: character `k` of `s` spans
/// `bounds[k]..bounds[k + 1]`.
fn char_bounds(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

/// A separator between two spaced-out letters or syllables: one to four characters, none a
/// letter or a digit (punctuation, symbols, one space: the normaliser has already made every
/// run of white space one space). A line break in the original is checked apart.
fn spaced(gap: &str) -> bool {
    let mut n = 0;
    for c in gap.chars() {
        if c.is_alphanumeric() {
            return false;
        }
        n += 1;
    }
    (1..=MAX_GAP).contains(&n)
}

/// At least two letters, and no more digits and symbols than letters.
fn plausible(chars: impl Iterator<Item = char>) -> bool {
    let (mut letters, mut other) = (0usize, 0usize);
    for c in chars {
        if c.is_alphabetic() {
            letters += 1;
        } else {
            other += 1;
        }
    }
    letters >= 2 && other <= letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_merge_look_alikes_and_drop_separators() {
        for (a, b) in [
            ("e1murzaeva", "elmurzaeva"),
            ("луиза", "л у и з а"),
            ("з4каева", "закаева"),
            ("m@d1na", "madina"),
            ("$eda", "seda"),
            ("6ekob", "бeков"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        for (a, b) in [
            ("магомед", "магомедов"),
            ("луиза", "лаура"),
            ("бек", "век0"),
        ] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    #[test]
    fn a_cyrillic_letter_is_read_by_shape_and_by_sound() {
        // a disguised word is read as the text is: every unit character classed
        let read = |w: &str| -> String { w.chars().filter_map(skeleton_char).collect() };
        let all = skeletons("сеитовой");
        assert!(all.contains(&read("5е1т0в0й")), "{all:?}");
        assert!(all.contains(&read("(еитовой")), "{all:?}");
        // two letters read two ways each: four readings, the plain one first
        let all = skeletons("эльмурзаева");
        assert_eq!(all.len(), 4);
        assert_eq!(all[0], skeleton("эльмурзаева"));
        assert!(all.contains(&read("э|ьмур2аева")), "{all:?}");
        // Latin letters are read one way only
        assert_eq!(skeletons("seitova"), vec![skeleton("seitova")]);
        // a form with more two-way letters than the product allows: shape and sound only
        assert_eq!(skeletons("ссссссс").len(), 2);
    }

    #[test]
    fn separators_between_spaced_letters() {
        for (gap, ok) in [
            (" ", true),
            (".", true),
            (". ", true),
            ("-", true),
            ("_", true),
            (" - ", true),
            (", ", true),
            ("/", true),
            (" | ", true),
            ("~", true),
            (".-", true),
            (" :: ", true),
            ("", false),
            (" - - ", false),
            ("a", false),
            (" 1 ", false),
        ] {
            assert_eq!(spaced(gap), ok, "{gap:?}");
        }
    }

    #[test]
    fn numbers_are_not_plausible_names() {
        assert!(!plausible("4114".chars()));
        assert!(!plausible("a411".chars()));
        assert!(plausible("e1murzaeva".chars()));
        assert!(plausible("lu1z".chars()));
    }
}
