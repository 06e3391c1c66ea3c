//! Street addresses abroad, recognised by structure per country format.
//!
//! Owns `data/street_types.json` (embedded): the street-type words and abbreviations of the
//! countries evacuees reach (Lithuania, Latvia, Poland, Germany, France, the Netherlands,
//! Georgia and Armenia in Latin script, Canada, the Nordic countries), in their own spelling
//! and in Russian transliteration, plus flat words, Canadian directions and one postcode
//! pattern per country. [`foreign_addresses`] reads the normalised text word by word and finds
//! four shapes:
//!
//! - **name + street word** (`Gedimino pr. 9-12`, `Brīvības iela 55`, `Karl Johans gate 12`,
//!   `Rustaveli Ave. 12`, `Гедимино пр. 9-12`): one to three capitalised words before a word
//!   of the `after` list;
//! - **one-word street** (`Kalverstraat 92`, `Drottninggatan 12`, `Линденштрассе 12`): a
//!   capitalised word ending in a `glued` street ending;
//! - **street word + name + number** (`ul. Długa 5`, `al. Jerozolimskie 44/7`): a word of the
//!   `before` list, capitalised words, a house number;
//! - **number first** (`14 av. Jean Jaurès`, `55 Queen St W`, `Apt 5, 1234 Rue
//!   Sainte-Catherine O`): a house number, then one of the two shapes above.
//!
//! A house number is `9`, `9a`, `9-12`, `9/12`; a flat follows as `9 kv. 12`, `9 m. 12`,
//! `9 dz. 4`, `12 B 5`. A street word in the `weak` list (an abbreviation that is also an
//! ordinary one: `g.`, `pr.`, `st.`) makes an address only with a house number after it; a
//! strong one (`iela`, `gatvė`, `-straße`, `-straat`) makes one on its own. After the street,
//! a postcode (then a city) or a city followed by a postcode (`Rīga, LV-1010`,
//! `Toronto, ON M5V 2A1`) belongs to the address; a postcode with letters counts only when
//! they are capitals, so prose such as "2019 he" is not a Dutch postcode.
//!
//! To add a country: add its street words to the lists (normalised: lower case, diacritics
//! stripped, `ß` → `ss`), its postcode pattern to `postcodes`, and a case to
//! `detect::tests::foreign_addresses` and to the corpus.

use regex::Regex;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

const STREET_TYPES: &str = include_str!("../data/street_types.json");

#[derive(Deserialize)]
struct File {
    before: Vec<String>,
    after: Vec<String>,
    weak: Vec<String>,
    glued: Vec<String>,
    weak_glued: Vec<String>,
    flat: Vec<String>,
    directions: Vec<String>,
    postcodes: Vec<String>,
}

pub(crate) struct StreetTypes {
    before: HashSet<String>,
    after: HashSet<String>,
    weak: HashSet<String>,
    glued: Vec<String>,
    weak_glued: HashSet<String>,
    flat: HashSet<String>,
    directions: HashSet<String>,
    postcodes: Vec<Regex>,
    number: Regex,
}

fn build() -> Result<StreetTypes, String> {
    let f: File = serde_json::from_str(STREET_TYPES).map_err(|e| e.to_string())?;
    let set = |v: Vec<String>| v.into_iter().collect::<HashSet<_>>();
    let postcodes = f
        .postcodes
        .iter()
        .map(|p| Regex::new(&format!("^(?:{p})")).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut glued = f.glued;
    // longest ending first, so "strasse" is tried before "asse"-like shorter ones
    glued.sort_by_key(|g| std::cmp::Reverse(g.chars().count()));
    Ok(StreetTypes {
        before: set(f.before),
        after: set(f.after),
        weak: set(f.weak),
        glued,
        weak_glued: set(f.weak_glued),
        flat: set(f.flat),
        directions: set(f.directions),
        postcodes,
        number: Regex::new(r"^[0-9]{1,5}[a-zа-я]?(?:[-/][0-9]{1,4}[a-zа-я]?)?$")
            .map_err(|e| e.to_string())?,
    })
}

pub(crate) static STREETS: LazyLock<Result<StreetTypes, String>> = LazyLock::new(build);

/// One word of the normalised text.
struct Tok<'t> {
    start: usize,
    /// The word without trailing `,;:)` (a final `.` is kept: it may be an abbreviation's).
    core: &'t str,
    /// The word was followed by `,`, `;`, `:` or `)`: a street name does not run past it.
    punct: bool,
}

fn tokens(t: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for w in t.split(' ') {
        let start = pos;
        pos += w.len() + 1;
        let w2 = w.trim_start_matches(['(', '"', '«']);
        let start = start + (w.len() - w2.len());
        let core = w2.trim_end_matches([',', ';', ':', ')', '"', '»']);
        if core.is_empty() {
            continue;
        }
        out.push(Tok {
            start,
            core,
            punct: core.len() != w2.len(),
        });
    }
    out
}

impl Tok<'_> {
    fn end(&self) -> usize {
        self.start + self.core.len()
    }
    /// The word without a final full stop.
    fn bare(&self) -> &str {
        self.core.trim_end_matches('.')
    }
}

impl StreetTypes {
    fn is_number(&self, tok: &Tok<'_>) -> bool {
        self.number.is_match(tok.bare())
    }

    /// A capitalised word that can be part of a street or city name.
    fn is_name(&self, tok: &Tok<'_>, upper_at: &dyn Fn(usize) -> bool) -> bool {
        let w = tok.core;
        !w.ends_with('.')
            && w.chars().next().is_some_and(char::is_alphabetic)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && upper_at(tok.start)
    }

    /// A capitalised name that may close a sentence ("… 01103 Vilnius.").
    fn is_name_bare(&self, tok: &Tok<'_>, upper_at: &dyn Fn(usize) -> bool) -> bool {
        let b = tok.bare();
        !b.is_empty()
            && b.chars().next().is_some_and(char::is_alphabetic)
            && b.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && upper_at(tok.start)
    }

    /// The word is a one-word street (`Kalverstraat`); `Some(strong)`.
    fn glued(&self, tok: &Tok<'_>, upper_at: &dyn Fn(usize) -> bool) -> Option<bool> {
        let w = tok.core;
        if !upper_at(tok.start) {
            return None;
        }
        let g = self
            .glued
            .iter()
            .find(|g| w.ends_with(g.as_str()) && w.chars().count() >= g.chars().count() + 3)?;
        let stem = &w[..w.len() - g.len()];
        let stem_ok = stem
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        stem_ok.then(|| !self.weak_glued.contains(g))
    }

    /// Extends over a house number and a flat number starting at token `i`; returns the index
    /// of the next token and the end offset, or `None` when token `i` is not a house number.
    fn house(
        &self,
        toks: &[Tok<'_>],
        i: usize,
        upper_at: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let tok = toks.get(i)?;
        if !self.is_number(tok) {
            return None;
        }
        let mut next = i + 1;
        let mut end = toks[i].start + tok.bare().len();
        if tok.core.ends_with('.') && !tok.punct {
            // "9." ends a sentence
            return Some((next, end));
        }
        // "9 kv. 12", "9, apt. 12", "12 B 5"
        if let (Some(a), Some(b)) = (toks.get(next), toks.get(next + 1)) {
            let flat_word = self.flat.contains(a.core);
            let letter = a.core.chars().count() == 1
                && a.core.chars().all(char::is_alphabetic)
                && upper_at(a.start)
                && !tok.punct;
            if (flat_word || letter) && self.is_number(b) {
                next += 2;
                end = b.start + b.bare().len();
            }
        }
        Some((next, end))
    }

    /// A postcode at `p` (whole, its letters capitals in the original): its end.
    fn postcode(&self, t: &str, p: usize, upper_at: &dyn Fn(usize) -> bool) -> Option<usize> {
        let rest = &t[p..];
        self.postcodes.iter().find_map(|r| {
            let m = r.find(rest)?;
            let after = rest[m.end()..].chars().next();
            if after.is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            let caps = m
                .as_str()
                .char_indices()
                .filter(|(_, c)| c.is_alphabetic())
                .all(|(i, _)| upper_at(p + i));
            caps.then_some(p + m.end())
        })
    }

    /// Extends an address ending at token index `next` (offset `end`) over a postcode and
    /// city, or a city and postcode.
    fn tail(
        &self,
        t: &str,
        toks: &[Tok<'_>],
        mut next: usize,
        mut end: usize,
        upper_at: &dyn Fn(usize) -> bool,
    ) -> usize {
        let Some(tok) = toks.get(next) else {
            return end;
        };
        if let Some(pe) = self.postcode(t, tok.start, upper_at) {
            end = pe;
            while next < toks.len() && toks[next].start < pe {
                next += 1;
            }
            // the city, and a district letter ("København K")
            if let Some(c) = toks.get(next) {
                let prev_punct = toks[next - 1].punct;
                let sentence_end = c.core.ends_with('.');
                if !prev_punct && self.is_name_bare(c, upper_at) {
                    end = c.start + c.bare().len();
                    if sentence_end {
                        return end;
                    }
                    let comma = c.punct;
                    if let Some(k) = toks.get(next + 1) {
                        if !comma && k.core.chars().count() == 1 && upper_at(k.start) {
                            end = k.end();
                        }
                    }
                }
            }
            return end;
        }
        // "Rīga, LV-1010", "Toronto, ON M5V 2A1", "Tbilisi 0108"
        if self.is_name(tok, upper_at) {
            let after = toks.get(next + 1);
            if let Some(pe) = after.and_then(|a| self.postcode(t, a.start, upper_at)) {
                return pe;
            }
        }
        end
    }

    fn find(&self, t: &str, upper_at: &dyn Fn(usize) -> bool) -> Vec<(usize, usize)> {
        let toks = tokens(t);
        let mut out = Vec::new();
        for i in 0..toks.len() {
            let tok = &toks[i];
            // one-word street
            if let Some(strong) = self.glued(tok, upper_at) {
                let house = if tok.punct {
                    None
                } else {
                    self.house(&toks, i + 1, upper_at)
                };
                match house {
                    Some((next, end)) => {
                        out.push((tok.start, self.tail(t, &toks, next, end, upper_at)));
                    }
                    None if strong => out.push((tok.start, tok.end())),
                    None => {}
                }
                continue;
            }
            // name + street word
            if self.after.contains(tok.core) && i > 0 {
                let mut first = i;
                while first > 0 && i - first < 3 {
                    let p = &toks[first - 1];
                    if p.punct || !self.is_name(p, upper_at) {
                        break;
                    }
                    first -= 1;
                }
                if first < i {
                    let house = if tok.punct {
                        None
                    } else {
                        self.house(&toks, i + 1, upper_at)
                    };
                    match house {
                        Some((next, end)) => {
                            out.push((toks[first].start, self.tail(t, &toks, next, end, upper_at)));
                        }
                        None if !self.weak.contains(tok.core) => {
                            out.push((toks[first].start, tok.end()));
                        }
                        None => {}
                    }
                }
            }
            // street word + name + number
            if self.before.contains(tok.core) && !tok.punct {
                let mut j = i + 1;
                while j < toks.len() && j - i <= 3 && self.is_name(&toks[j], upper_at) {
                    j += 1;
                    if toks[j - 1].punct {
                        break;
                    }
                }
                if j > i + 1 && !toks[j - 1].punct {
                    if let Some((next, end)) = self.house(&toks, j, upper_at) {
                        out.push((tok.start, self.tail(t, &toks, next, end, upper_at)));
                    }
                }
            }
            // number first
            if self.is_number(tok) && !tok.punct {
                if let Some(end) = self.number_first(&toks, i, upper_at) {
                    let mut start = tok.start;
                    // "Apt 5, 1234 Rue …"
                    if i >= 2
                        && toks[i - 1].punct
                        && self.is_number(&toks[i - 1])
                        && self.flat.contains(toks[i - 2].core)
                    {
                        start = toks[i - 2].start;
                    }
                    let (next, end) = end;
                    out.push((start, self.tail(t, &toks, next, end, upper_at)));
                }
            }
        }
        out
    }

    /// "14 av. Jean Jaurès", "3 bd Voltaire", "55 Queen St W": the next token index and the end.
    fn number_first(
        &self,
        toks: &[Tok<'_>],
        i: usize,
        upper_at: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let w = toks.get(i + 1)?;
        if self.before.contains(w.core) && !w.punct {
            let mut j = i + 2;
            let mut names = 0;
            while j < toks.len() && j - i <= 6 {
                let n = &toks[j];
                let particle = matches!(
                    n.core,
                    "de" | "du" | "des" | "la" | "le" | "l'" | "d'" | "saint" | "sainte"
                );
                // "… rue Lauko." closes the sentence
                let closing = n.core.ends_with('.') && self.is_name_bare(n, upper_at);
                if self.is_name(n, upper_at) || closing {
                    names += 1;
                } else if !particle {
                    break;
                }
                j += 1;
                if n.punct || closing {
                    break;
                }
            }
            let last = toks.get(j.checked_sub(1)?)?;
            if names == 0 || last.start <= w.start {
                return None;
            }
            let mut end = last.start + last.bare().len();
            // Canadian direction ("Rue Sainte-Catherine O")
            if !last.punct && !last.core.ends_with('.') {
                if let Some(d) = toks.get(j) {
                    if self.directions.contains(d.core) && upper_at(d.start) {
                        end = d.end();
                        j += 1;
                    }
                }
            }
            return Some((j, end));
        }
        // number, capitalised words, a street word after them
        let mut j = i + 1;
        while j < toks.len()
            && j - i <= 3
            && self.is_name(&toks[j], upper_at)
            && !toks[j].punct
            && !(j > i + 1 && self.after.contains(toks[j].core))
        {
            j += 1;
        }
        let st = toks.get(j)?;
        if j == i + 1 || !self.after.contains(st.core) {
            return None;
        }
        let mut end = st.end();
        let mut next = j + 1;
        if !st.punct {
            if let Some(d) = toks.get(next) {
                if self.directions.contains(d.bare()) && upper_at(d.start) {
                    end = d.start + d.bare().len();
                    next += 1;
                }
            }
        }
        Some((next, end))
    }
}

/// Street addresses of the host-country formats in normalised text `t`, as normalised byte
/// ranges. `upper_at` tells whether the original character at a normalised offset is a
/// capital.
pub(crate) fn foreign_addresses(t: &str, upper_at: &dyn Fn(usize) -> bool) -> Vec<(usize, usize)> {
    match &*STREETS {
        Ok(s) => s.find(t, upper_at),
        Err(_) => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn street_types_load() {
        let s = STREETS.as_ref().expect("street_types.json loads");
        assert!(s.after.contains("iela") && s.before.contains("ul.") && !s.postcodes.is_empty());
        for w in &s.weak {
            assert!(
                s.after.contains(w) || s.before.contains(w),
                "weak word {w:?} is in neither list"
            );
        }
    }
}
