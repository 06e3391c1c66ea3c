//! The redaction pipeline: find, decide, resolve overlaps, render, log.
//!
//! Owns [`redact`] and [`Redaction`]. Steps:
//! 1. normalise the text (`normalize`), keeping a map to the original offsets;
//! 2. find every name form in one Aho-Corasick pass (`index`), keep whole words only, drop
//!    month readings next to a day or a year, take the longest match at each place, and merge
//!    neighbouring matches of the same entity ("Руслан Алиевич Закаев", "Закаев, Руслан") and
//!    their initials ("И. Р. Магомедов", "Магомедов И.Р.") into one mention;
//! 3. decide each mention: which entity (the most protective reading when a form is shared),
//!    how certain (a name that is also a word, in lower case or opening a sentence, is
//!    uncertain: redacted by default and listed as a candidate), and its replacement from the
//!    profile (label in the right grammatical case, keyed letter, marker);
//! 4. run the detectors (`detect`) and turn hits into findings by the profile;
//! 5. resolve overlaps: within a cluster of overlapping findings the most sensitive wins and
//!    swallows every other removal (an address that contains a name is removed whole);
//! 6. render: copy the text between findings (invisible characters dropped, homoglyphs folded),
//!    insert replacements, avoid "the applicant, the applicant" appositions, capitalise at
//!    sentence starts, and log every replacement with a keyed hash of the original.

use crate::detect::{detect, settlement_start, DateStyle, Detector, Extra};
use crate::entities::{Entities, Gender, Lang, PersonRole, Role};
use crate::evidence::institution_after;
use crate::gazetteer::GAZETTEER;
use crate::index::{PatEntry, PatMeta, KNOWN_NAMES};
use crate::log::{keyed_hash, original_hmac, Candidate, CandidateReason, LogEntry};
use crate::names::ru::{Cases, ACC, ALL, DAT, GEN, INS, NOM, PREP};
use crate::normalize::{clean_output, is_invisible, lookalike, normalize_pattern, NormText};
use crate::profile::{vocabulary, Action, Profile, Treatment, Uncertain, Vocabulary};
use crate::spelling::disguised_mentions;
use std::cmp::Reverse;

/// The result of one redaction: the text, the log of replacements and the review candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// The redacted text.
    pub text: String,
    /// Every replacement made, in text order.
    pub log: Vec<LogEntry>,
    /// Spans awaiting a reviewer's decision, in text order.
    pub candidates: Vec<Candidate>,
}

/// A decided span in original byte offsets.
#[derive(Debug, Clone, Default)]
struct Finding {
    start: usize,
    end: usize,
    rank: u8,
    /// `None` keeps the span as written.
    replacement: Option<String>,
    entity: Option<usize>,
    rule: String,
    candidate: Option<CandidateReason>,
    /// For labelled persons: the label's words (lower case), to avoid repeating them.
    label_words: Vec<String>,
    /// For lettered persons: the letter alone.
    letter: Option<String>,
    /// A place or unit the case lists as evidence: wins over the address detector.
    evidence: bool,
    /// Candidates with the same group are one decision (all forms of one unregistered name,
    /// every uncertain occurrence of one everyday-word name).
    group: Option<String>,
}

/// A name mention in normalised offsets.
struct Mention {
    s: usize,
    e: usize,
    entries: Vec<PatEntry>,
    parts: usize,
    all_common: bool,
    /// Only an evidence street's adjective ("садовский отдел").
    adjective: bool,
}

const RANK_SENSITIVE: u8 = 5;
const RANK_ENTITY: u8 = 4;
const RANK_PLACE_REMOVAL: u8 = 3;
const RANK_TRANSFORM: u8 = 2;
const RANK_KEEP: u8 = 1;

/// Redacts `text` for the audience of `profile`. `log_key` keys the hashes in the log and the
/// choice of letters, so tokens differ between profiles and between keys.
pub fn redact(text: &str, entities: &Entities, profile: &Profile, log_key: &[u8; 32]) -> Redaction {
    let lang = entities.lang;
    let norm = NormText::new(text, lang);
    let vocab = vocabulary().ok();
    let letters = assign_letters(entities, profile, log_key, lang);
    let mut findings = Vec::new();

    let mut last_seen: Vec<Option<usize>> = vec![None; entities.list.len()];
    for m in name_mentions(&norm, text, entities) {
        let ctx = Ctx {
            norm: &norm,
            text,
            ents: entities,
            profile,
            vocab,
            letters: &letters,
            last_seen: &last_seen,
            key: log_key,
        };
        if let Some((f, unambiguous)) = decide_mention(&m, &ctx) {
            if let (Some(i), true) = (f.entity, unambiguous) {
                last_seen[i] = Some(m.s);
            }
            findings.push(f);
        }
    }
    unregistered_names(&norm, text, &mut findings, log_key);
    for h in detect(&norm, text) {
        let (s, e) = norm.orig_span(h.start, h.end);
        if e <= s {
            continue;
        }
        let Some(t) = profile.detector(h.det) else {
            continue;
        };
        let prev = prev_word(&norm.text, h.start);
        let replacement = match t.action {
            Action::Keep => None,
            Action::Month => month_of(&h.extra, lang, &prev),
            Action::Band => match h.extra {
                Extra::Age(n) => Some(band(n)),
                _ => None,
            },
            Action::Region => region_of(&h.extra, lang, &prev).or_else(|| marker(vocab, t, lang)),
            _ => marker(vocab, t, lang),
        };
        let rank = match (h.det, replacement.is_some()) {
            (_, false) => RANK_KEEP,
            (Detector::ForeignPlace, true) => RANK_PLACE_REMOVAL,
            (Detector::Date | Detector::Age | Detector::Locality, true) => {
                if t.action == Action::Remove {
                    RANK_PLACE_REMOVAL
                } else {
                    RANK_TRANSFORM
                }
            }
            (Detector::CaseNumber, true) => RANK_SENSITIVE,
            (_, true) => RANK_SENSITIVE,
        };
        let action = format!("{:?}", t.action).to_lowercase();
        findings.push(Finding {
            start: s,
            end: e,
            rank,
            replacement,
            entity: None,
            rule: format!("detector:{}:{action}", h.det.key()),
            candidate: None,
            label_words: vec![],
            letter: None,
            ..Finding::default()
        });
    }
    let findings = evidence_first(findings, text);
    let accepted = resolve(findings);
    render(text, lang, entities, accepted, log_key)
}

// ---------------------------------------------------------------- names

fn name_mentions(norm: &NormText, text: &str, ents: &Entities) -> Vec<Mention> {
    let Some(ac) = &ents.index.ac else {
        return vec![];
    };
    let t = norm.text.as_str();
    let pats = &ents.index.pats;
    let skels = &ents.index.skeletons.metas;
    let mut raw: Vec<(usize, usize, &PatMeta)> = ac
        .find_overlapping_iter(t)
        .filter(|m| norm.is_word(m.start(), m.end()))
        .map(|m| (m.start(), m.end(), &pats[m.pattern().as_usize()]))
        .collect();
    // letter-spaced names and look-alike digits ("L u i z a", "E1murzaeva"), as patterns
    raw.extend(
        disguised_mentions(t, text, |s, e| norm.orig_span(s, e), &ents.index.skeletons)
            .into_iter()
            .filter_map(|(s, e, p)| Some((s, e, skels.get(p)?))),
    );
    raw.retain(|&(s, e, meta)| {
        let date = meta.month && date_context(t, s, e);
        let bare_adjective = meta.needs_noun && !institution_after(t, e);
        let lower_bare = meta.needs_capital && {
            let (os, _) = norm.orig_span(s, e);
            !text[os..]
                .chars()
                .find(|c| !is_invisible(*c))
                .is_some_and(char::is_uppercase)
        };
        !date && !bare_adjective && !lower_bare
    });
    raw.sort_by_key(|&(s, e, _)| (s, Reverse(e)));
    let mut out: Vec<Mention> = Vec::new();
    let mut last_end = 0;
    for (s, e, meta) in raw {
        if s < last_end {
            continue;
        }
        last_end = e;
        if let Some(cur) = out.last_mut() {
            let gap = &t[cur.e..s];
            if gap == " " || gap == ", " || gap.is_empty() {
                let inter = intersect(&cur.entries, &meta.entries);
                if !inter.is_empty() {
                    cur.e = e;
                    cur.entries = inter;
                    cur.parts += 1;
                    cur.all_common &= meta.common;
                    cur.adjective &= meta.needs_noun;
                    continue;
                }
            }
        }
        out.push(Mention {
            s,
            e,
            entries: meta.entries.clone(),
            parts: 1,
            all_common: meta.common,
            adjective: meta.needs_noun,
        });
    }
    out
}

/// Unregistered names, as spans: a capitalised known first name that no registered entity
/// covers, grown over the name words standing with it (surname, patronymic, initials, in any
/// order: "Шамиль Вагапов", "Вагапова Шамиля Руслановича", "Shamil Vagapov"), and a
/// surname-like word beside initials ("Вагапов Ш. А.", "Ш.А. Вагапов"). Each span's words are
/// declined and transliterated like a registered person's (`names::person_forms`), and every
/// capitalised occurrence of any of those forms in the text ("Вагапова", "Вагаповым") is a
/// candidate of the same group: one decision hides them all. Left in place by default (the
/// lowest rank: any other finding on the same span wins).
fn unregistered_names(norm: &NormText, text: &str, findings: &mut Vec<Finding>, key: &[u8; 32]) {
    let Some(k) = KNOWN_NAMES.as_ref() else {
        return;
    };
    // spans already read as registered entities: no seed there
    let mut taken: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.entity.is_some())
        .map(|f| (f.start, f.end))
        .collect();
    taken.sort_unstable();
    let overlaps = |s: usize, e: usize| -> bool {
        let i = taken.partition_point(|&(_, te)| te <= s);
        taken.get(i).is_some_and(|&(ts, _)| ts < e)
    };
    let mut seeds: Vec<(usize, usize)> = Vec::new();
    for m in k.ac.find_iter(&norm.text) {
        let (s, e) = (m.start(), m.end());
        if !norm.is_word(s, e) {
            continue;
        }
        let (os, oe) = norm.orig_span(s, e);
        let capital = text[os..]
            .chars()
            .find(|c| !is_invisible(*c))
            .is_some_and(char::is_uppercase);
        let common = k
            .common
            .get(m.pattern().as_usize())
            .copied()
            .unwrap_or(false);
        if !capital
            || (common && at_sentence_start(text, os))
            || (common && everyday_role(&norm.text, s, e))
            || date_context(&norm.text, s, e)
            || overlaps(os, oe)
        {
            continue;
        }
        seeds.push(grow_name_span(text, os, oe));
    }
    // a surname beside initials: "Вагапов Ш. А.", "Ш.А. Вагапов", "Vagapov S."
    for (ws, we) in capitalised_words(text) {
        let w = &text[ws..we];
        if w.chars().count() < 4 || overlaps(ws, we) || !surname_any_case(&w.to_lowercase()) {
            continue;
        }
        let (gs, ge) = extend_initials(text, ws, we, &ANY_INITIAL);
        if (gs, ge) != (ws, we) {
            seeds.push(grow_name_span(text, ws, we));
        }
    }
    if seeds.is_empty() {
        return;
    }
    seeds.sort_unstable();
    seeds.dedup();
    // one group per distinct span (its words, normalised): every form of them in the text
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut seed_spans: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, group)
    for (s, e) in seeds {
        let words: Vec<String> = name_words(&text[s..e]);
        if words.is_empty() || overlaps(s, e) {
            continue;
        }
        let canon = normalize_pattern(&words.join(" "));
        let g = match groups.iter().position(|(c, _)| *c == canon) {
            Some(g) => g,
            None => {
                if groups.len() >= MAX_UNREGISTERED_GROUPS {
                    continue;
                }
                groups.push((canon, words));
                groups.len() - 1
            }
        };
        seed_spans.push((s, e, g));
    }
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_group: Vec<usize> = Vec::new();
    for (g, (_, words)) in groups.iter().enumerate() {
        // the span may stand in any case ("Шамилю Вагапову"): each word is read back to its
        // possible nominatives and declined from there, word by word
        let mut bases: Vec<String> = Vec::new();
        for w in words {
            for b in nominative_guesses(&w.to_lowercase()) {
                if !bases.contains(&b) {
                    bases.push(b);
                }
            }
        }
        let entity = crate::entities::Entity {
            id: String::new(),
            role: Role::Person(PersonRole::Other),
            names: vec![],
            aliases: bases,
            gender: None,
            region: None,
        };
        for f in crate::names::person_forms(&entity).forms {
            if f.text.chars().count() >= 3 {
                patterns.push(f.text);
                pattern_group.push(g);
            }
        }
    }
    let mut hits: Vec<(usize, usize, usize)> = seed_spans;
    if let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&patterns)
    {
        for m in ac.find_iter(&norm.text) {
            let (s, e) = (m.start(), m.end());
            if !norm.is_word(s, e) {
                continue;
            }
            let (os, oe) = norm.orig_span(s, e);
            let capital = text[os..]
                .chars()
                .find(|c| !is_invisible(*c))
                .is_some_and(char::is_uppercase);
            if !capital || overlaps(os, oe) {
                continue;
            }
            let g = pattern_group[m.pattern().as_usize()];
            let (gs, ge) = extend_initials(text, os, oe, &ANY_INITIAL);
            hits.push((gs, ge, g));
        }
    }
    // merge overlapping and adjacent hits of one group into one span
    hits.sort_unstable();
    let mut merged: Vec<(usize, usize, usize)> = Vec::new();
    for (s, e, g) in hits {
        if let Some(last) = merged.last_mut() {
            let gap = text.get(last.1..s).unwrap_or("x");
            if s <= last.1 || (last.2 == g && gap.chars().all(|c| c == ' ' || c == ',')) {
                last.1 = last.1.max(e);
                continue;
            }
        }
        merged.push((s, e, g));
    }
    for (s, e, g) in merged {
        let group = hex::encode(
            &crate::log::keyed_hash(
                key,
                "waystone-redact/group/unregistered/v1",
                groups[g].0.as_bytes(),
            )[..12],
        );
        findings.push(Finding {
            start: s,
            end: e,
            rank: 0,
            replacement: None,
            entity: None,
            rule: "name:unregistered".to_owned(),
            candidate: Some(CandidateReason::UnregisteredName),
            group: Some(group),
            ..Finding::default()
        });
    }
}

/// At most this many distinct unregistered names are followed through a text (each costs
/// one form generation); the rest are still listed one span at a time... never silently kept
/// differently from the default, which leaves them in place.
const MAX_UNREGISTERED_GROUPS: usize = 64;

/// Any letter may stand as an initial of an unregistered name.
static ANY_INITIAL: std::sync::LazyLock<Vec<char>> =
    std::sync::LazyLock::new(|| ('а'..='я').chain(['ё']).chain('a'..='z').collect());

/// The name words of a span, without initials.
fn name_words(span: &str) -> Vec<String> {
    span.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.ends_with('.'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphabetic() && c != '-')
                .to_owned()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Byte spans of the capitalised words of `text` (letters and inner hyphens).
fn capitalised_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let letter = c.is_alphabetic() || (c == '-' && start.is_some());
        match (start, letter) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let w = &text[s..i];
                if w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().skip(1).any(char::is_lowercase)
                {
                    out.push((s, i.min(s + w.trim_end_matches('-').len())));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Words that are capitalised but never part of a person's name next to one.
const NOT_NAME_PARTS: &[&str] = &[
    "the", "mr", "mrs", "ms", "dr", "and", "but", "he", "she", "they", "we", "in", "on", "at", "и",
    "а", "но", "в", "на", "он", "она", "они", "мы", "его", "её", "ее", "их",
];

/// The nominatives a Russian name word in any case may come from ("вагапову" → "вагапов",
/// "шамиля" → "шамиль", "хасиевой" → "хасиева", "руслановича" → "русланович"); the word itself
/// too. Latin words stay as written (their forms come from transliteration).
fn nominative_guesses(w: &str) -> Vec<String> {
    let mut out = vec![w.to_owned()];
    if !w.chars().any(crate::normalize::is_cyrillic) {
        return out;
    }
    const ENDINGS: &[&str] = &[
        "ыми", "ому", "ему", "ого", "его", "ым", "им", "ом", "ем", "ой", "ей", "ою", "ею", "ую",
        "у", "ю", "а", "я", "е", "и", "ы",
    ];
    for e in ENDINGS {
        let Some(b) = w.strip_suffix(e) else {
            continue;
        };
        if b.chars().count() < 2 {
            continue;
        }
        for add in ["", "ь", "й", "а", "я"] {
            let cand = format!("{b}{add}");
            let name_like = crate::names::is_surname_like(&cand)
                || crate::names::is_patronymic(&cand)
                || crate::names::is_known_first(&cand);
            if name_like && !out.contains(&cand) {
                out.push(cand);
            }
        }
    }
    out
}

/// Whether a lower-case word is a surname in any case form ("вагапову" of "вагапов"); a
/// Latin word by its ending.
fn surname_any_case(lower: &str) -> bool {
    if lower.chars().any(crate::normalize::is_cyrillic) {
        nominative_guesses(lower)
            .iter()
            .any(|b| crate::names::is_surname_like(b))
    } else {
        lower.chars().count() >= 4 && LATIN_NAME_ENDINGS.iter().any(|e| lower.ends_with(e))
    }
}

/// Latin endings of surnames and patronymics transliterated from Russian and the Caucasus.
const LATIN_NAME_ENDINGS: &[&str] = &[
    "ov", "ev", "yev", "in", "yn", "ova", "eva", "yeva", "ina", "yna", "sky", "skiy", "ski",
    "skaya", "ska", "dze", "shvili", "yan", "enko", "uk", "yuk", "ovich", "evich", "ovna", "evna",
    "ichna", "ogly", "kyzy", "ow", "ew", "owa", "ewa",
];

/// Whether a capitalised word beside a name reads as part of it: a surname, a patronymic
/// or a known first name by its form ("Russian", "Police", «Росгвардии» do not).
fn name_part_like(lower: &str) -> bool {
    if lower.chars().any(crate::normalize::is_cyrillic) {
        // any case form of a surname, a patronymic or a known first name ("Вагаповым",
        // "Руслановичем", "Шамиля")
        nominative_guesses(lower).iter().any(|b| {
            crate::names::is_surname_like(b)
                || crate::names::is_patronymic(b)
                || crate::names::is_known_first(b)
        })
    } else {
        lower.chars().count() >= 4 && LATIN_NAME_ENDINGS.iter().any(|e| lower.ends_with(e))
    }
}

/// Grows a name span over the name words and initials standing with it: up to two
/// capitalised words on each side (not places, not sentence openers before it) and initials.
fn grow_name_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let gaz = GAZETTEER.as_ref().ok();
    let name_like = |w: &str| -> bool {
        let lw = w.to_lowercase();
        w.chars().count() >= 2
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && !NOT_NAME_PARTS.contains(&lw.as_str())
            && !ALWAYS_CAPITAL.contains(&lw.as_str())
            && gaz.is_none_or(|g| g.lookup(w).is_none())
            && name_part_like(&lw)
    };
    (s, e) = extend_initials(text, s, e, &ANY_INITIAL);
    for _ in 0..2 {
        if text[..e].ends_with('.') {
            // initials close the name; a capital after them opens the next sentence
            break;
        }
        let rest = &text[e..];
        let after = rest.trim_start_matches(' ');
        if after.len() == rest.len() && !rest.is_empty() {
            break;
        }
        let w_len = after
            .find(|c: char| !(c.is_alphabetic() || c == '-'))
            .unwrap_or(after.len());
        let w = &after[..w_len];
        if !name_like(w) {
            break;
        }
        e += rest.len() - after.len() + w_len;
        (s, e) = extend_initials(text, s, e, &ANY_INITIAL);
    }
    for _ in 0..2 {
        let head = &text[..s];
        let before = head.trim_end_matches(' ');
        if before.len() == head.len() {
            break;
        }
        let w_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic() || *c == '-')
            .last()
            .map_or(before.len(), |(i, _)| i);
        let w = &before[w_start..];
        if !name_like(w) || at_sentence_start(text, w_start) && !surname_any_case(&w.to_lowercase())
        {
            break;
        }
        s = w_start;
        (s, e) = extend_initials(text, s, e, &ANY_INITIAL);
    }
    (s, e)
}

fn intersect(a: &[PatEntry], b: &[PatEntry]) -> Vec<PatEntry> {
    let mut out = Vec::new();
    for x in a {
        if let Some(y) = b.iter().find(|y| y.entity == x.entity) {
            let both = x.cases & y.cases;
            out.push(PatEntry {
                entity: x.entity,
                cases: if both != 0 { both } else { y.cases },
                weak: x.weak && y.weak,
            });
        }
    }
    out
}

/// A month reading (Марта / марта, May) next to a day number or a year is a date, not a name.
fn date_context(t: &str, s: usize, e: usize) -> bool {
    let before = t[..s].trim_end_matches(' ');
    let after = t[e..].trim_start_matches([' ', '.', ',']);
    let day_before = before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit());
    let num_after = after.chars().next().is_some_and(|c| c.is_ascii_digit());
    day_before || num_after
}

fn role_rank(role: Role) -> u8 {
    match role {
        Role::Person(PersonRole::Survivor) => 0,
        Role::Person(PersonRole::Relative) => 1,
        Role::Person(PersonRole::Witness) => 2,
        Role::Person(PersonRole::Helper) => 3,
        Role::Person(PersonRole::Other) => 4,
        Role::Person(PersonRole::Official) => 5,
        Role::Person(PersonRole::Perpetrator) => 6,
        Role::Place(_) => 7,
        Role::Org(_) => 8,
    }
}

fn treatment(profile: &Profile, role: Role) -> Option<&Treatment> {
    match role {
        Role::Person(r) => profile.persons.get(&r),
        Role::Place(r) => profile.places.get(&r),
        Role::Org(r) => profile.orgs.get(&r),
    }
}

fn is_protected(profile: &Profile, role: Role) -> bool {
    treatment(profile, role).is_none_or(|t| t.action != Action::Keep)
}

/// Names that are everyday words, read by their grammatical role (`data/everyday_roles.json`):
/// form → (words before, words after) that make it the word.
type RoleWords = std::collections::HashMap<String, (Vec<String>, Vec<String>)>;

static EVERYDAY_ROLES: std::sync::LazyLock<RoleWords> = std::sync::LazyLock::new(|| {
    #[derive(serde::Deserialize)]
    struct Role {
        before: Vec<String>,
        after: Vec<String>,
    }
    let raw: std::collections::HashMap<String, serde_json::Value> =
        serde_json::from_str(include_str!("../data/everyday_roles.json")).unwrap_or_default();
    raw.into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .filter_map(|(k, v)| {
            let r: Role = serde_json::from_value(v).ok()?;
            Some((k, (r.before, r.after)))
        })
        .collect()
});

/// Whether the everyday-word form at normalised `s..e` stands in the word's grammatical role
/// (a word of its `before` list right before it, or of its `after` list right after it).
fn everyday_role(t: &str, s: usize, e: usize) -> bool {
    let Some((before, after)) = EVERYDAY_ROLES.get(&t[s..e]) else {
        return false;
    };
    let prev = prev_word(t, s);
    let next: String = t[e..]
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '\'')
        .collect();
    // "said, that" or "вера, что" is still the word; a full stop or a dash before it is not
    let gap_before = t[..s].trim_end_matches(' ');
    let joined_before = !gap_before.ends_with(['.', '!', '?', '—', '-', ':', '"', '«']);
    (joined_before && before.contains(&prev)) || after.contains(&next)
}

/// Titles and kinship words that make the next word a name ("Mr Said", «брат Ислам»).
const TITLES_BEFORE_NAME: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "brother",
    "sister",
    "uncle",
    "aunt",
    "cousin",
    "son",
    "daughter",
    "wife",
    "husband",
    "friend",
    "брат",
    "брата",
    "брату",
    "братом",
    "сестра",
    "сестры",
    "сестре",
    "сестру",
    "сестрой",
    "дядя",
    "тетя",
    "тётя",
    "господин",
    "госпожа",
    "друг",
    "подруга",
    "жена",
    "муж",
    "сын",
    "дочь",
];

/// Words that keep their capital letter in English, so case settles nothing.
const ALWAYS_CAPITAL: &[&str] = &["islam", "may", "june", "april", "august", "roman", "rome"];

/// What deciding a mention needs to know.
struct Ctx<'a> {
    norm: &'a NormText,
    text: &'a str,
    ents: &'a Entities,
    profile: &'a Profile,
    vocab: Option<&'a Vocabulary>,
    letters: &'a [Option<String>],
    /// Where each entity was last named unambiguously (normalised offset).
    last_seen: &'a [Option<usize>],
    /// The log key (group ids are keyed hashes).
    key: &'a [u8; 32],
}

/// Decides one mention; also tells whether it named one entity only.
fn decide_mention(m: &Mention, ctx: &Ctx<'_>) -> Option<(Finding, bool)> {
    let (norm, text, ents, profile, vocab, letters) = (
        ctx.norm,
        ctx.text,
        ctx.ents,
        ctx.profile,
        ctx.vocab,
        ctx.letters,
    );
    let list = &ents.list;
    let strong: Vec<&PatEntry> = m.entries.iter().filter(|x| !x.weak).collect();
    let family = strong.is_empty();
    let pool: Vec<&PatEntry> = if family {
        m.entries.iter().collect()
    } else {
        strong
    };
    // the most protective reading; among protected ones the entity named most recently
    // ("… Зулай Дудаева пришла к отделу. Дудаеву не пустили" is the mother)
    let chosen = pool
        .iter()
        .filter(|x| is_protected(profile, list[x.entity].role))
        .min_by_key(|x| {
            (
                Reverse(ctx.last_seen[x.entity].map(|p| p + 1).unwrap_or(0)),
                role_rank(list[x.entity].role),
                x.entity,
            )
        })
        .or_else(|| pool.iter().min_by_key(|x| x.entity))?;
    let entity = &list[chosen.entity];
    let mut distinct: Vec<usize> = pool.iter().map(|x| x.entity).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let protected = is_protected(profile, entity.role);
    let ambiguous = distinct.len() > 1 && protected;

    let (mut s, mut e) = norm.orig_span(m.s, m.e);
    let info = &ents.index.info[chosen.entity];
    if matches!(entity.role, Role::Person(_)) {
        (s, e) = extend_initials(text, s, e, &info.initials);
    }
    let first = text[s..].chars().find(|c| !is_invisible(*c));
    let capital = first.is_some_and(char::is_uppercase);
    let form = normalize_pattern(&text[s..e]);
    let everyday = matches!(entity.role, Role::Person(_)) && m.parts == 1 && m.all_common;
    // a possessive or a title before it makes an everyday word a name ("Said's", "Mr Said",
    // «брат Ислам»); so does a capital in the middle of a sentence
    let possessive = text[e..].starts_with("'s") || text[e..].starts_with("’s");
    let titled = TITLES_BEFORE_NAME.contains(&prev_word(&norm.text, m.s).as_str());
    let sentence_start = at_sentence_start(text, s);
    let always_capital = ALWAYS_CAPITAL.contains(&form.as_str());
    if everyday
        && !possessive
        && !titled
        && !sentence_start
        && (!capital || always_capital)
        && everyday_role(&norm.text, m.s, m.e)
    {
        // the everyday word in its own role ("he said that", «вера в бога»): text, kept
        return None;
    }
    let name_by_case = capital && !sentence_start && !always_capital;
    let uncertain = everyday && !possessive && !titled && !name_by_case;

    let t = treatment(profile, entity.role)?;
    let mut prev = prev_word(&norm.text, m.s);
    if matches!(entity.role, Role::Place(_)) && t.action == Action::Region && protected {
        // "в селе Гойты" → "в Чечне": the settlement word goes with the name
        if let Some(ns) = settlement_start(&norm.text, m.s) {
            s = norm.orig_span(ns, m.s).0;
            prev = prev_word(&norm.text, ns);
        }
    }
    let case = choose_case(chosen.cases, &prev);
    let role_name = role_key(entity.role);
    let mut candidate = None;
    let mut label_words = Vec::new();
    let mut letter = None;
    let replacement: Option<String> = if !protected {
        None
    } else if family && matches!(entity.role, Role::Person(_)) {
        candidate = Some(CandidateReason::FamilyName);
        marker_named(vocab, "name", ents.lang)
    } else {
        match t.action {
            Action::Keep => None,
            Action::Role | Action::Lettered => {
                let label = t.label.as_deref().and_then(|l| vocab?.labels.get(l));
                match label {
                    None => marker_named(vocab, "name", ents.lang),
                    Some(label) => {
                        let female = info.gender == Some(Gender::Female);
                        let noun = match ents.lang {
                            Lang::En => label.en.clone(),
                            Lang::Ru => {
                                let forms = if female { &label.ru_f } else { &label.ru_m };
                                forms.get(case_index(case)).cloned().unwrap_or_default()
                            }
                        };
                        // the survivor is often introduced by the role word itself
                        // ("Заявитель Руслан Закаев", "The applicant, Adlan Khadzhiev,")
                        let mut labels = vec![label];
                        if entity.role == Role::Person(PersonRole::Survivor) {
                            if let Some(v) = vocab {
                                labels.extend(
                                    ["applicant", "survivor"]
                                        .iter()
                                        .filter_map(|k| v.labels.get(*k)),
                                );
                            }
                        }
                        for l in labels {
                            label_words.push(l.en.to_lowercase());
                            label_words.extend(
                                l.ru_m.iter().chain(l.ru_f.iter()).map(|x| x.to_lowercase()),
                            );
                        }
                        if t.action == Action::Lettered {
                            let l = letters
                                .get(chosen.entity)
                                .cloned()
                                .flatten()
                                .unwrap_or_default();
                            letter = Some(l.clone());
                            Some(format!("{noun} {l}"))
                        } else {
                            Some(noun)
                        }
                    }
                }
            }
            Action::Region => {
                let region = info.region.and_then(|r| {
                    let g = GAZETTEER.as_ref().ok()?;
                    let reg = g.regions.get(r)?;
                    Some(match ents.lang {
                        Lang::En => reg.en.clone(),
                        Lang::Ru => reg.ru.get(case_index(case)).cloned().unwrap_or_default(),
                    })
                });
                region.or_else(|| marker(vocab, t, ents.lang))
            }
            _ => marker(vocab, t, ents.lang),
        }
    };
    let mut group = None;
    if replacement.is_some() && candidate.is_none() {
        if uncertain {
            candidate = Some(CandidateReason::CommonWord);
            // every uncertain occurrence of one person is one decision
            group = Some(hex::encode(
                &keyed_hash(
                    ctx.key,
                    "waystone-redact/group/everyday-word/v1",
                    entity.id.as_bytes(),
                )[..12],
            ));
        } else if ambiguous {
            candidate = Some(CandidateReason::AmbiguousEntity);
        }
    }
    let mut replacement = replacement;
    let mut rule_action = None;
    if info.evidence && info.street {
        // an evidence place written as a street: kept or generalised per profile, never
        // removed as an address ("на Садовой улице" → "в Чечне" in `public`)
        let st = &profile.evidence_streets;
        rule_action = Some(format!("evidence_street:{:?}", st.action).to_lowercase());
        replacement = match st.action {
            Action::Keep => None,
            action => {
                let region = (action == Action::Region)
                    .then_some(info.region)
                    .flatten()
                    .and_then(|r| {
                        let g = GAZETTEER.as_ref().ok()?;
                        let reg = g.regions.get(r)?;
                        Some(match ents.lang {
                            Lang::En => vec![reg.en.clone(); 6],
                            Lang::Ru => reg.ru.clone(),
                        })
                    });
                match region.filter(|_| !m.adjective) {
                    // "на Садовой улице" → "на [адрес в Чечне]": the street generalised to its
                    // region, bracketed like every marker so the sentence around it stands
                    Some(forms) => Some(match ents.lang {
                        Lang::Ru => format!(
                            "[адрес в {}]",
                            forms.get(case_index(PREP)).cloned().unwrap_or_default()
                        ),
                        Lang::En => format!(
                            "[address in {}]",
                            forms.first().cloned().unwrap_or_default()
                        ),
                    }),
                    None => {
                        marker_named(vocab, st.marker.as_deref().unwrap_or("address"), ents.lang)
                    }
                }
            }
        };
    }
    if uncertain
        && profile.uncertain == Uncertain::Keep
        && candidate == Some(CandidateReason::CommonWord)
    {
        replacement = None;
    }
    let action = if family {
        "family".to_owned()
    } else {
        format!("{:?}", t.action).to_lowercase()
    };
    let rule = match rule_action {
        Some(r) => format!("{role_name}:{r}"),
        None => format!("{role_name}:{action}"),
    };
    Some((
        Finding {
            start: s,
            end: e,
            rank: RANK_ENTITY,
            replacement,
            entity: Some(chosen.entity),
            rule,
            candidate,
            label_words,
            letter,
            evidence: info.evidence,
            group,
        },
        distinct.len() == 1 && !family,
    ))
}

fn role_key(role: Role) -> String {
    let (kind, r) = match role {
        Role::Person(r) => ("person", format!("{r:?}")),
        Role::Place(r) => ("place", format!("{r:?}")),
        Role::Org(r) => ("org", format!("{r:?}")),
    };
    let mut snake = String::new();
    for (i, c) in r.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.extend(c.to_lowercase());
    }
    format!("{kind}:{snake}")
}

/// Extends a person's mention over initials written before or after it.
fn extend_initials(text: &str, mut s: usize, mut e: usize, initials: &[char]) -> (usize, usize) {
    let ok = |c: char| -> bool {
        let l: Vec<char> = c.to_lowercase().collect();
        l.iter()
            .any(|x| initials.contains(x) || lookalike(*x).is_some_and(|y| initials.contains(&y)))
    };
    for _ in 0..2 {
        let before = text[..s].trim_end_matches([' ', '\u{a0}']);
        let Some(wo_dot) = before.strip_suffix('.') else {
            break;
        };
        let Some(c) = wo_dot.chars().next_back() else {
            break;
        };
        let letter_start = wo_dot.len() - c.len_utf8();
        let prev = wo_dot[..letter_start].chars().next_back();
        if !c.is_uppercase() || prev.is_some_and(char::is_alphanumeric) || !ok(c) {
            break;
        }
        s = letter_start;
    }
    for _ in 0..2 {
        let after = &text[e..];
        let trimmed = after.trim_start_matches([' ', '\u{a0}']);
        let skip = after.len() - trimmed.len();
        let mut it = trimmed.chars();
        let (Some(c), Some('.')) = (it.next(), it.next()) else {
            break;
        };
        let next = it.next();
        let next2 = it.next();
        let glued_initial = next.is_some_and(char::is_uppercase) && next2 == Some('.');
        if !c.is_uppercase()
            || (next.is_some_and(char::is_alphanumeric) && !glued_initial)
            || !ok(c)
        {
            break;
        }
        e += skip + c.len_utf8() + 1;
    }
    (s, e)
}

fn at_sentence_start(text: &str, s: usize) -> bool {
    for c in text[..s].chars().rev() {
        if c == '\n' {
            return true;
        }
        if c.is_whitespace()
            || is_invisible(c)
            || matches!(
                c,
                '"' | '«' | '“' | '„' | '(' | '[' | '—' | '–' | '-' | '\'' | '‘'
            )
        {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | '…');
    }
    true
}

/// The normalised word before normalised offset `s` (letters only).
fn prev_word(t: &str, s: usize) -> String {
    t[..s]
        .trim_end_matches([' ', ',', '"', '('])
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_owned()
}

fn preposition_case(prev: &str) -> Option<Cases> {
    Some(match prev {
        "у" | "от" | "до" | "из" | "без" | "для" | "около" | "возле" | "против" | "среди"
        | "кроме" | "после" | "мимо" | "вокруг" | "у\u{301}" => GEN,
        "к" | "ко" | "по" => DAT,
        "с" | "со" | "над" | "под" | "перед" | "между" | "за" => INS,
        "о" | "об" | "обо" | "при" | "в" | "во" | "на" => PREP,
        "про" | "через" | "сквозь" => ACC,
        _ => return None,
    })
}

/// The case an adjective before the name suggests ("22-летнего Алви", "старому другу").
fn adjective_case(prev: &str) -> Option<Cases> {
    let n = prev.chars().count();
    if n < 4 {
        return None;
    }
    Some(if prev.ends_with("ого") || prev.ends_with("его") {
        ACC | GEN
    } else if prev.ends_with("ому") || prev.ends_with("ему") {
        DAT
    } else if prev.ends_with("ым") || prev.ends_with("им") {
        INS
    } else {
        return None;
    })
}

fn choose_case(cases: Cases, prev: &str) -> Cases {
    let cases = if cases == 0 { ALL } else { cases };
    if let Some(p) = preposition_case(prev) {
        if cases & p != 0 {
            return p;
        }
        if p == PREP && cases & ACC != 0 {
            return ACC;
        }
    }
    if let Some(a) = adjective_case(prev) {
        for c in [ACC, GEN, DAT, INS] {
            if a & c != 0 && cases & c != 0 {
                return c;
            }
        }
    }
    for c in [NOM, ACC, GEN, DAT, INS, PREP] {
        if cases & c != 0 {
            return c;
        }
    }
    NOM
}

fn case_index(c: Cases) -> usize {
    match c {
        GEN => 1,
        DAT => 2,
        ACC => 3,
        INS => 4,
        PREP => 5,
        _ => 0,
    }
}

// ---------------------------------------------------------------- tokens

fn marker_named(vocab: Option<&Vocabulary>, name: &str, lang: Lang) -> Option<String> {
    let m = vocab.and_then(|v| v.markers.get(name));
    Some(match (m, lang) {
        (Some(m), Lang::En) => m.en.clone(),
        (Some(m), Lang::Ru) => m.ru.clone(),
        (None, Lang::En) => "[removed]".to_owned(),
        (None, Lang::Ru) => "[удалено]".to_owned(),
    })
}

fn marker(vocab: Option<&Vocabulary>, t: &Treatment, lang: Lang) -> Option<String> {
    marker_named(vocab, t.marker.as_deref().unwrap_or("name"), lang)
}

const RU_MONTH_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const RU_MONTH_PREP: [&str; 12] = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
];
const EN_MONTH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_of(extra: &Extra, lang: Lang, prev: &str) -> Option<String> {
    let Extra::Date {
        month,
        year,
        style,
        on,
    } = extra
    else {
        return None;
    };
    let i = usize::from(month.saturating_sub(1)).min(11);
    let year_sfx = year.as_ref().map(|y| format!(" {y}")).unwrap_or_default();
    Some(match style {
        DateStyle::Numeric => match year {
            Some(y) => format!("{:02}.{y}", month),
            None => format!("{:02}", month),
        },
        DateStyle::Iso => format!("{}-{:02}", year.clone().unwrap_or_default(), month),
        DateStyle::Words => match lang {
            Lang::En => {
                if *on {
                    format!("in {}{year_sfx}", EN_MONTH[i])
                } else {
                    format!("{}{year_sfx}", EN_MONTH[i])
                }
            }
            Lang::Ru => {
                if preposition_case(prev).is_some() || prev == "и" || prev == "начиная" {
                    format!("{}{year_sfx}", RU_MONTH_GEN[i])
                } else {
                    format!("в {}{year_sfx}", RU_MONTH_PREP[i])
                }
            }
        },
    })
}

fn band(n: u32) -> String {
    let lo = n / 10 * 10;
    format!("{lo}–{}", lo + 9)
}

fn region_of(extra: &Extra, lang: Lang, prev: &str) -> Option<String> {
    let Extra::Place {
        region: Some(r),
        cases,
    } = extra
    else {
        return None;
    };
    let g = GAZETTEER.as_ref().ok()?;
    let reg = g.regions.get(*r)?;
    Some(match lang {
        Lang::En => reg.en.clone(),
        Lang::Ru => reg
            .ru
            .get(case_index(choose_case(*cases, prev)))
            .cloned()
            .unwrap_or_default(),
    })
}

/// Keyed letters for lettered persons: which person gets which letter, and which letters are
/// used at all, depend on the key and the profile, so outputs for two audiences or two runs
/// with different keys cannot be lined up by their tokens.
fn assign_letters(
    ents: &Entities,
    profile: &Profile,
    key: &[u8; 32],
    lang: Lang,
) -> Vec<Option<String>> {
    let alphabet: Vec<char> = match lang {
        Lang::En => "ABCDEFGHJKLMNPQRSTUVWXYZ".chars().collect(),
        Lang::Ru => "АБВГДЕЖЗИКЛМНПРСТУФХЦЧШЭЮЯ".chars().collect(),
    };
    let mut alphabet = alphabet;
    for i in (1..alphabet.len()).rev() {
        let h = keyed_hash(
            key,
            "waystone-redact/alphabet/v1",
            format!("{}\0{i}", profile.name()).as_bytes(),
        );
        let r = u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
        let j = (r % (i as u64 + 1)) as usize;
        alphabet.swap(i, j);
    }
    let mut order: Vec<(usize, [u8; 32])> = ents
        .list
        .iter()
        .enumerate()
        .filter(|(_, e)| match e.role {
            Role::Person(r) => profile.person(r) == Action::Lettered,
            _ => false,
        })
        .map(|(i, e)| {
            (
                i,
                keyed_hash(
                    key,
                    "waystone-redact/letters/v1",
                    format!("{}\0{}", profile.name(), e.id).as_bytes(),
                ),
            )
        })
        .collect();
    order.sort_by_key(|a| a.1);
    let mut out = vec![None; ents.list.len()];
    let n = alphabet.len();
    for (k, (i, _)) in order.into_iter().enumerate() {
        let mut l = alphabet[k % n].to_string();
        if k >= n {
            l.push_str(&(k / n + 1).to_string());
        }
        out[i] = Some(l);
    }
    out
}

// ---------------------------------------------------------------- overlaps

/// Words that say a sentence is about where someone lives (prefixes, lower case): an
/// address there that is also a listed evidence place may be either.
const RESIDENCE_CUES: &[&str] = &[
    "живет",
    "живёт",
    "живут",
    "живу",
    "живем",
    "живём",
    "проживa",
    "прожива",
    "прописан",
    "поселил",
    "снимает",
    "снимают",
    "переехал",
    "lives",
    "lived",
    "living",
    "resid",
    "moved",
    "stays",
    "staying",
    "home",
];

/// The sentence around `s..e`: from after the previous `.`/`!`/`?` followed by a space and a
/// capital (or a line break) to the next one. Abbreviations such as "ул." do not end it.
pub(crate) fn sentence_span(text: &str, s: usize, e: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let ends_at = |i: usize| -> bool {
        // `i` is the byte after a sentence mark; a space then a capital, or a line break
        let rest = &text[i..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}', '"', '»', '”', ')']);
        trimmed.is_empty()
            || (trimmed.len() < rest.len()
                && trimmed
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
    };
    let mut start = 0;
    for (i, c) in text[..s].char_indices().rev() {
        if c == '\n' {
            start = i + 1;
            break;
        }
        if sentence_mark(c) && ends_at(i + c.len_utf8()) && !abbreviation_before(text, i, c) {
            start = i + c.len_utf8();
            break;
        }
    }
    let mut end = text.len();
    let mut i = e;
    while i < bytes.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c == '\n' {
            end = i;
            break;
        }
        if sentence_mark(c) && ends_at(i + c.len_utf8()) && !abbreviation_before(text, i, c) {
            end = i + c.len_utf8();
            break;
        }
        i += c.len_utf8();
    }
    let sentence = &text[start..end];
    let lead = sentence.len() - sentence.trim_start().len();
    (start + lead, end)
}

/// Abbreviations and initials whose dot does not end a sentence ("ул. Садовая", "Ш. Вагапов").
const ABBREVIATIONS: &[&str] = &[
    "ул",
    "пр",
    "пер",
    "наб",
    "мкр",
    "просп",
    "д",
    "кв",
    "г",
    "им",
    "ст",
    "см",
    "т",
    "е",
    "st",
    "ave",
    "mr",
    "mrs",
    "ms",
    "dr",
    "rd",
    "str",
    "pl",
    "al",
    "os",
    "no",
    "nr",
    "vs",
    "etc",
];

fn sentence_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Whether the `.` at `dot` closes an abbreviation or an initial rather than a sentence.
fn abbreviation_before(text: &str, dot: usize, mark: char) -> bool {
    if mark != '.' {
        return false;
    }
    let word: String = text[..dot]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn residence_cue(text: &str, s: usize, e: usize) -> bool {
    let (a, b) = sentence_span(text, s, e);
    let sentence = text[a..b].to_lowercase();
    sentence
        .split(|c: char| !c.is_alphabetic())
        .any(|w| RESIDENCE_CUES.iter().any(|c| w.starts_with(c)))
}

/// Evidence first: a street address that overlaps a place the case lists as evidence is that
/// place (the evidence span grows over the house number, and the address detector's removal
/// goes), unless its sentence speaks of where someone lives: then it stays removed and is a
/// review candidate (evidence or residence is the lawyer's call, not a silent choice).
fn evidence_first(mut findings: Vec<Finding>, text: &str) -> Vec<Finding> {
    if !findings.iter().any(|f| f.evidence) {
        return findings;
    }
    let is_address = |f: &Finding| f.entity.is_none() && f.rule.starts_with("detector:address:");
    let mut drop = vec![false; findings.len()];
    let evidence: Vec<usize> = (0..findings.len())
        .filter(|i| findings[*i].evidence)
        .collect();
    for a in 0..findings.len() {
        if !is_address(&findings[a]) || findings[a].replacement.is_none() {
            continue;
        }
        let (s, e) = (findings[a].start, findings[a].end);
        let over: Vec<usize> = evidence
            .iter()
            .copied()
            .filter(|&v| findings[v].start < e && s < findings[v].end)
            .collect();
        if over.is_empty() {
            continue;
        }
        if residence_cue(text, s, e) {
            findings[a].candidate = Some(CandidateReason::EvidenceOrResidence);
            for v in over {
                drop[v] = true;
            }
        } else {
            drop[a] = true;
            for v in over {
                let f = &mut findings[v];
                f.start = f.start.min(s);
                f.end = f.end.max(e);
            }
        }
    }
    let mut k = 0;
    findings.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    findings
}

fn resolve(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| (f.start, Reverse(f.end)));
    let mut out = Vec::new();
    let mut cluster: Vec<Finding> = Vec::new();
    let mut cluster_end = 0;
    for f in findings {
        if !cluster.is_empty() && f.start >= cluster_end {
            out.push(settle(std::mem::take(&mut cluster)));
        }
        cluster_end = if cluster.is_empty() {
            f.end
        } else {
            cluster_end.max(f.end)
        };
        cluster.push(f);
    }
    if !cluster.is_empty() {
        out.push(settle(cluster));
    }
    out.into_iter().flatten().collect()
}

fn settle(cluster: Vec<Finding>) -> Option<Finding> {
    let winner_idx = cluster
        .iter()
        .enumerate()
        .max_by_key(|(_, f)| (f.rank, f.replacement.is_some(), f.end - f.start))
        .map(|(i, _)| i)?;
    let mut winner = cluster[winner_idx].clone();
    if winner.replacement.is_some() {
        for f in &cluster {
            if f.replacement.is_some() && f.rank >= RANK_PLACE_REMOVAL {
                winner.start = winner.start.min(f.start);
                winner.end = winner.end.max(f.end);
            }
        }
        if cluster.len() > 1 && winner.entity.is_none() {
            winner.label_words.clear();
        }
    }
    Some(winner)
}

// ---------------------------------------------------------------- render

struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl CharCounter<'_> {
    fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }
}

/// A word where the preposition "с" becomes "со": с/з/ж/ш + consonant ("свидетель").
fn starts_with_cluster(w: &str) -> bool {
    let mut it = w.chars().flat_map(char::to_lowercase);
    match (it.next(), it.next()) {
        (Some(a), Some(b)) => "сзжш".contains(a) && !"аеёиоуыэюяь".contains(b),
        _ => false,
    }
}

/// Where `out` ends with the lower-case word(s) `w` (case-insensitively), standing alone.
fn ends_with_word(out: &str, w: &str) -> Option<usize> {
    let n = w.chars().count();
    let start = out
        .char_indices()
        .rev()
        .nth(n.checked_sub(1)?)
        .map(|(i, _)| i)?;
    let tail = &out[start..];
    if tail.to_lowercase() != w {
        return None;
    }
    let ok = out[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    ok.then_some(start)
}

fn render(
    text: &str,
    lang: Lang,
    ents: &Entities,
    accepted: Vec<Finding>,
    key: &[u8; 32],
) -> Redaction {
    let mut out = String::with_capacity(text.len());
    let mut log = Vec::new();
    let mut candidates = Vec::new();
    let mut pos = 0;
    let mut skip_comma = false;
    let mut cc = CharCounter {
        text,
        byte: 0,
        chars: 0,
    };
    for f in accepted {
        if f.start < pos {
            continue;
        }
        let mut segment = clean_output(&text[pos..f.start], lang);
        if skip_comma {
            if let Some(rest) = segment.strip_prefix(',') {
                segment = rest.to_owned();
            }
            skip_comma = false;
        }
        out.push_str(&segment);
        pos = f.end;
        let Some(mut rep) = f.replacement.clone() else {
            let out_start = out.len();
            out.push_str(&clean_output(&text[f.start..f.end], lang));
            if let Some(reason) = f.candidate {
                let sentence = sentence_span(text, f.start, f.end);
                let char_start = cc.at(f.start);
                let char_end = cc.at(f.end);
                candidates.push(Candidate {
                    start: f.start,
                    end: f.end,
                    char_start,
                    char_end,
                    out_start,
                    out_end: out.len(),
                    entity: f.entity.map(|i| ents.list[i].id.clone()),
                    reason,
                    redacted: false,
                    replacement: String::new(),
                    original_hmac: original_hmac(key, &text[f.start..f.end]),
                    group: f.group.clone(),
                    sentence_start: sentence.0,
                    sentence_end: sentence.1,
                });
            }
            continue;
        };
        let original = &text[f.start..f.end];
        let mut rule = f.rule.clone();
        // "The applicant, Adlan Khadzhiev," → "The applicant"; "свидетель Аюб" → "свидетель К"
        if !f.label_words.is_empty() {
            let trimmed_len = out.trim_end_matches([' ', '\u{a0}']).len();
            let (head, sep) = out.split_at(trimmed_len);
            let (head2, comma) = match head.strip_suffix(',') {
                Some(h) => (h.trim_end_matches(' '), true),
                None => (head, false),
            };
            let head2_len = head2.len();
            let repeated = !sep.is_empty() || comma;
            let hit = repeated
                && f.label_words
                    .iter()
                    .any(|w| ends_with_word(head2, w).is_some());
            if hit {
                match &f.letter {
                    Some(l) if !comma => {
                        rep = l.clone();
                    }
                    _ => {
                        out.truncate(head2_len);
                        rep = String::new();
                        skip_comma = comma;
                        rule.push_str(":apposition");
                    }
                }
            } else if lang == Lang::En {
                for h in [
                    "mr. ", "mr ", "mrs. ", "mrs ", "ms. ", "ms ", "miss ", "dr. ", "dr ",
                ] {
                    if let Some(st) = ends_with_word(&out, h) {
                        out.truncate(st);
                        break;
                    }
                }
            }
        }
        // "с свидетельницей" → "со свидетельницей"
        if lang == Lang::Ru && starts_with_cluster(&rep) {
            for (short, long) in [(" с ", " со "), (" С ", " Со ")] {
                if out.ends_with(short) {
                    out.truncate(out.len() - short.len());
                    out.push_str(long);
                    break;
                }
            }
        }
        if !rep.is_empty() && at_sentence_start(&out, out.len()) {
            let mut cs = rep.chars();
            if let Some(c) = cs.next() {
                rep = c.to_uppercase().chain(cs).collect();
            }
        }
        let out_start = out.len();
        out.push_str(&rep);
        let out_end = out.len();
        let char_start = cc.at(f.start);
        let char_end = cc.at(f.end);
        let hmac = original_hmac(key, original);
        let entity = f.entity.map(|i| ents.list[i].id.clone());
        if let Some(reason) = f.candidate {
            let sentence = sentence_span(text, f.start, f.end);
            candidates.push(Candidate {
                start: f.start,
                end: f.end,
                char_start,
                char_end,
                out_start,
                out_end,
                entity: entity.clone(),
                reason,
                redacted: true,
                replacement: rep.clone(),
                original_hmac: hmac.clone(),
                group: f.group.clone(),
                sentence_start: sentence.0,
                sentence_end: sentence.1,
            });
        }
        log.push(LogEntry {
            start: f.start,
            end: f.end,
            char_start,
            char_end,
            out_start,
            out_end,
            entity,
            rule,
            replacement: rep,
            original_hmac: hmac,
        });
    }
    let mut tail = clean_output(&text[pos..], lang);
    if skip_comma {
        if let Some(rest) = tail.strip_prefix(',') {
            tail = rest.to_owned();
        }
    }
    out.push_str(&tail);
    Redaction {
        text: out,
        log,
        candidates,
    }
}
