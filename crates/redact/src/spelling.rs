//! Disguised spellings of names: letters spaced out ("Л у и з а", "L.u.i.z.a", "l_u-i z.a")
//! and look-alike digits or symbols standing for letters ("E1murzaeva", "Зак4ева",
//! "M@d1na", "$eda").
//!
//! Owns [`SkeletonIndex`] and [`disguised_mentions`]. Every generated name form (all cases,
//! transliterations, possessives — whatever `names` produced for the main index) is also
//! reduced to a **skeleton**: separators dropped and each character replaced by its look-alike
//! class (`0 o о` → `o`; `1 l i і и |` → `i`; `3 e е з э` → `e`; `4 a а ч @` → `a`; `5 s ѕ $` → `s`;
//! `6 8 b б в` → `b`; `7 t т` → `t`; `9 g` → `g`; `2 z` → `z`; and the Latin ↔ Cyrillic
//! homoglyph pairs `p р`, `c с`, `y у`, `x х`, `k к`, `m м`, `h н`). One Aho-Corasick automaton
//! holds the skeletons.
//!
//! The text is **not** skeletonised as a whole: that would make ordinary words and numbers
//! match names. Only two shapes are looked at, in the normalised text:
//! - a *disguised word*: a run of letters, digits, `@` and `$` holding at least two letters
//!   and at least one digit or symbol (in the original text: the normaliser may already have
//!   folded a `0` or `3` into a letter). It is a mention only if the whole word is the
//!   skeleton of a name form, digits or symbols at its edges aside ("Madina1990",
//!   "@E1murzaeva"); the mention is then the whole word.
//! - a *spaced run*: at least three one-character units (letter, digit, `@`, `$`) each
//!   separated from the next by one or two separators (space, `.`, `-`, `_`, `·`, `*`). A
//!   mention is a stretch of whole units spelling a name form's skeleton: the whole run if it
//!   is three units or more, a part of it only from four units up ("в Л у и з е").
//!
//! Either way the stretch must hold at least two letters and no more digits and symbols than
//! letters, so numbers ("2019", "4 1 1 4" in a phone number) never become names. Each mention
//! is handed to the engine as a name pattern would be, so the profiles treat a disguised name
//! exactly like a plain one (the same replacement, the same log entry, the same candidates).
//!
//! Cost: one pass over the normalised text to find the two shapes (almost no text has
//! either), and one automaton search per shape found: linear in the text.
//!
//! Recipe: a new look-alike goes into [`skeleton_char`] (both the text and the patterns go
//! through it), with a positive and a negative vector in `tests/api.rs`.

use crate::index::PatMeta;
use crate::names::merge_reading;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// The look-alike class of one normalised (lower-case) character; `None` for characters that
/// are not letters, digits, `@` or `$` (separators, punctuation).
pub(crate) fn skeleton_char(c: char) -> Option<char> {
    Some(match c {
        'o' | 'о' | '0' | 'ο' => 'o',
        'a' | 'а' | '4' | '@' | 'α' | 'ч' => 'a',
        'e' | 'е' | '3' | 'з' | 'э' | 'є' => 'e',
        // a `1` in "М4д1на" is read as the и of Мадина
        'l' | 'i' | '1' | 'і' | 'ӏ' | '|' | 'ı' | 'ї' | 'и' => 'i',
        's' | 'ѕ' | '5' | '$' => 's',
        'b' | 'б' | '6' | '8' | 'в' => 'b',
        't' | 'т' | '7' => 't',
        'g' | '9' => 'g',
        'z' | '2' => 'z',
        'p' | 'р' | 'ρ' => 'p',
        'c' | 'с' => 'c',
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

/// A character that may stand for a letter in a disguised word or a spaced unit.
fn is_unit_char(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '$'
}

/// Characters that may separate the letters of a spaced-out name (after normalisation every
/// dash is `-` and every run of white space one space).
fn is_spacer(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '_' | '·' | '*' | '\u{2022}')
}

/// The skeleton of a pattern text: separators dropped, characters classed.
fn skeleton(s: &str) -> String {
    s.chars().filter_map(skeleton_char).collect()
}

/// Shortest skeleton matched at all (a whole word or a whole spaced run).
const MIN_WHOLE: usize = 3;
/// Shortest skeleton matched as a part of a longer spaced run.
const MIN_PART: usize = 4;

/// Every name form's skeleton in one automaton, each standing for the union of the patterns
/// that share it.
pub(crate) struct SkeletonIndex {
    ac: Option<AhoCorasick>,
    /// Per skeleton pattern: what it stands for (entries merged over its patterns).
    pub metas: Vec<PatMeta>,
    lens: Vec<usize>,
}

impl SkeletonIndex {
    /// Builds the skeletons of `texts` (the main index's pattern texts) with their metadata.
    pub fn build(texts: &[String], pats: &[PatMeta]) -> SkeletonIndex {
        let mut skels: Vec<String> = Vec::new();
        let mut metas: Vec<PatMeta> = Vec::new();
        let mut by: HashMap<String, usize> = HashMap::new();
        for (t, meta) in texts.iter().zip(pats) {
            let sk = skeleton(t);
            if sk.chars().count() < MIN_WHOLE {
                continue;
            }
            let idx = *by.entry(sk.clone()).or_insert_with(|| {
                skels.push(sk);
                metas.push(PatMeta {
                    entries: vec![],
                    common: true,
                    month: false,
                });
                metas.len() - 1
            });
            let m = &mut metas[idx];
            m.common &= meta.common;
            m.month |= meta.month;
            for e in &meta.entries {
                match m.entries.iter_mut().find(|x| x.entity == e.entity) {
                    Some(x) => merge_reading(&mut x.cases, &mut x.weak, e.cases, e.weak),
                    None => m.entries.push(*e),
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
        SkeletonIndex { ac, metas, lens }
    }
}

/// A run of unit characters in the normalised text.
struct Word {
    start: usize,
    end: usize,
    chars: usize,
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
    // the unit-character words of the text, in order
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    for (i, c) in norm.char_indices() {
        if is_unit_char(c) {
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

    // disguised words
    for w in &words {
        if w.chars < MIN_WHOLE {
            continue;
        }
        let t = &norm[w.start..w.end];
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        let (os, oe) = orig_span(w.start, w.end);
        let disguised = t.chars().any(|c| !c.is_alphabetic())
            || original
                .get(os..oe)
                .is_some_and(|o| o.chars().any(|c| c.is_ascii_digit()));
        if !disguised {
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
            // "Luiza$", "Madina1990"): the mention is then the whole word
            let edge_ok = offs[..a].iter().all(|(_, c)| !c.is_alphabetic())
                && offs[b..].iter().all(|(_, c)| !c.is_alphabetic());
            if !edge_ok || !plausible(offs[a..b].iter().map(|x| x.1)) {
                continue;
            }
            out.push((w.start, w.end, m.pattern().as_usize()));
        }
    }

    // spaced runs: consecutive one-character words with short separators between them
    let mut i = 0;
    while i < words.len() {
        if words[i].chars != 1 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len()
            && words[j].chars == 1
            && spaced(&norm[words[j - 1].end..words[j].start])
        {
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
    out
}

/// The byte offset of every character of `s`, and `s.len()` last: character `k` of `s` spans
/// `bounds[k]..bounds[k + 1]`.
fn char_bounds(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

/// A separator between two spaced-out letters: one or two spacer characters.
fn spaced(gap: &str) -> bool {
    let mut n = 0;
    for c in gap.chars() {
        if !is_spacer(c) {
            return false;
        }
        n += 1;
    }
    (1..=2).contains(&n)
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
    fn separators_between_spaced_letters() {
        for (gap, ok) in [
            (" ", true),
            (".", true),
            (". ", true),
            ("-", true),
            ("_", true),
            (" - ", false),
            ("", false),
            (", ", false),
            ("/", false),
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
