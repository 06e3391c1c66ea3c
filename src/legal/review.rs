//! The redaction review: what a lawyer sees and decides before a legal export.
//!
//! Owns the review model and the application of decisions. The redaction engine has already
//! turned every case-provided text of the draft (`echr::Draft::values`) into its default
//! output; here that output is cut into [`Segment`]s — plain text and [`Span`]s, each span a
//! replacement the engine made or a candidate it could not settle. A lawyer then decides:
//! keep a replacement or reject it (the original text comes back), redact a candidate or keep
//! it, and add phrases of their own ("manual" redactions: every whole-word occurrence,
//! case-insensitive, `ё` = `е`). [`apply`] turns the decisions into the final texts; with no
//! decisions it gives back exactly the engine's output, so the CLI's `--accept-candidates`
//! and an untouched review produce the same document.
//!
//! Pure: no vault, no I/O. Spans hold case text (the original) because the reviewer must see
//! it; the stored export record keeps only keyed hashes (see `legal::export`).

use std::collections::{BTreeMap, HashMap, VecDeque};

use waystone_redact::{CandidateReason, Redaction};
use waystone_render::Block;

use super::echr::{CLOSE, OPEN};

/// A piece of a previewed block: template text, or the case-provided value with this index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Value(usize),
}

/// The kind of a previewed block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewKind {
    Heading(u8),
    Paragraph,
    Note,
    Bullets,
    Table,
    PageBreak,
}

/// One block of the document as the review screen shows it: rows of cells of parts.
/// Headings, paragraphs and notes have one row of one cell; bullets one row per item; a
/// table its header (in `header`) and body rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewBlock {
    pub kind: PreviewKind,
    pub header: Vec<Vec<Part>>,
    pub rows: Vec<Vec<Vec<Part>>>,
}

/// What a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// A replacement the engine made with confidence; kept unless the reviewer rejects it.
    Replacement,
    /// A span the engine could not settle; the reviewer must decide it before export.
    Candidate(CandidateReason),
}

/// One span of one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The value (index into the draft's values) the span is in.
    pub value: usize,
    /// Character offsets of the original in the value.
    pub char_start: usize,
    pub char_end: usize,
    pub kind: SpanKind,
    /// The rule applied (`person:witness:lettered`, `detector:phone:remove`…); for a
    /// candidate the engine left in place, `candidate`.
    pub rule: String,
    /// The entity the span was read as.
    pub entity: Option<String>,
    /// The case's own text at this place (shown to the reviewer, never stored).
    pub original: String,
    /// What the default output shows here.
    pub shown: String,
    /// Whether the default output has it redacted.
    pub redacted_by_default: bool,
    /// HMAC of the original under the vault's redaction-log key, for the export record.
    pub original_hmac: String,
    /// For a candidate: the index of the first span of its group. Every form of one
    /// unregistered name, every uncertain occurrence of one everyday-word name, is one
    /// decision: a decision on any span of a group is the decision on all of them. `None` for
    /// replacements.
    pub group: Option<usize>,
    /// For a candidate: the sentence it stands in (case text, for the reviewer only; empty
    /// for replacements).
    pub sentence: String,
}

/// A piece of a value's default output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Span(usize),
}

/// The whole review: every value cut into segments, and the spans they point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub values: Vec<Vec<Segment>>,
    pub spans: Vec<Span>,
}

/// A reviewer's decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// Span index → redact (`true`) or keep the original (`false`). Replacements not listed
    /// stay redacted; every candidate must be decided, itself or through any span of its
    /// group (see [`expand_groups`]).
    pub redact: BTreeMap<usize, bool>,
    /// Manual redactions: phrases removed wherever they occur as whole words.
    pub phrases: Vec<String>,
}

/// Why decisions cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    /// Candidates without a decision (span indexes).
    Undecided(Vec<usize>),
    /// A decision names a span that does not exist.
    UnknownSpan(usize),
    /// A manual phrase is empty, has no letter or digit, or is too long.
    BadPhrase(usize),
}

/// The markers put in place of what the engine did not replace itself.
#[derive(Debug, Clone, Copy)]
pub struct Markers<'a> {
    /// For a candidate the reviewer decided to redact but the engine had left in place.
    pub name: &'a str,
    /// For a manual phrase.
    pub manual: &'a str,
}

impl Markers<'static> {
    /// The markers in the text's language (`ru`, otherwise English).
    pub fn for_lang(lang: &str) -> Self {
        if lang == "ru" {
            Markers {
                name: "[имя удалено]",
                manual: "[удалено]",
            }
        } else {
            Markers {
                name: "[name removed]",
                manual: "[removed]",
            }
        }
    }
}

/// What [`apply`] did, for the export record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub texts: Vec<String>,
    /// Occurrences removed for each manual phrase (same order as the phrases).
    pub phrase_hits: Vec<usize>,
}

/// The redaction rule set's version, recorded with each export and each review draft.
pub const RULESET_VERSION: &str = concat!("waystone-redact ", env!("CARGO_PKG_VERSION"));

/// The longest manual phrase accepted, in characters.
pub const MAX_PHRASE_CHARS: usize = 200;

/// Splits the redaction of `inputs` joined by `separator` into one redaction per input, with
/// offsets local to each. `None` when the separator did not survive redaction unchanged or
/// a span crosses a boundary (the caller then redacts piece by piece).
pub fn split_joined(
    inputs: &[String],
    separator: &str,
    joined: Redaction,
) -> Option<Vec<Redaction>> {
    let outputs: Vec<&str> = joined.text.split(separator).collect();
    if outputs.len() != inputs.len() {
        return None;
    }
    // (byte start, char start) of each piece, in the input and in the output
    let starts = |pieces: &mut dyn Iterator<Item = &str>| -> Vec<(usize, usize, usize)> {
        let mut at = (0usize, 0usize);
        let sep_chars = separator.chars().count();
        pieces
            .map(|p| {
                let s = (at.0, at.1, p.len());
                at = (
                    at.0 + p.len() + separator.len(),
                    at.1 + p.chars().count() + sep_chars,
                );
                s
            })
            .collect()
    };
    let ins = starts(&mut inputs.iter().map(String::as_str));
    let outs = starts(&mut outputs.iter().copied());
    let mut result: Vec<Redaction> = outputs
        .iter()
        .map(|t| Redaction {
            text: (*t).to_owned(),
            log: vec![],
            candidates: vec![],
        })
        .collect();
    let piece_of = |start: usize, end: usize, out_start: usize, out_end: usize| {
        // the last piece starting at or before `start` (starts ascend: a binary search, so a
        // narrative of thousands of paragraphs is not scanned once per log entry)
        let i = ins
            .partition_point(|(b, _, _)| *b <= start)
            .checked_sub(1)?;
        let (ib, _, il) = ins[i];
        let (ob, _, ol) = outs[i];
        (end <= ib + il && out_start >= ob && out_end <= ob + ol).then_some(i)
    };
    // moves a log entry or a candidate (same offset fields) into its piece's coordinates
    macro_rules! rebase {
        ($e:ident) => {{
            let i = piece_of($e.start, $e.end, $e.out_start, $e.out_end)?;
            $e.start -= ins[i].0;
            $e.end -= ins[i].0;
            $e.char_start -= ins[i].1;
            $e.char_end -= ins[i].1;
            $e.out_start -= outs[i].0;
            $e.out_end -= outs[i].0;
            i
        }};
    }
    for mut e in joined.log {
        let i = rebase!(e);
        result[i].log.push(e);
    }
    for mut c in joined.candidates {
        let i = rebase!(c);
        // the sentence never crosses the separator (it stops at a line break); clamp anyway
        let (ib, _, il) = ins[i];
        c.sentence_start = c.sentence_start.clamp(ib, ib + il) - ib;
        c.sentence_end = c.sentence_end.clamp(ib, ib + il) - ib;
        result[i].candidates.push(c);
    }
    Some(result)
}

/// Builds the review of `inputs` from their redactions (one per input, local offsets).
/// `None` if an offset does not fall on a character boundary of the output (never for the
/// engine's own output; checked rather than sliced, so no panic can quote the text).
pub fn build(inputs: &[String], outputs: &[Redaction]) -> Option<Review> {
    let mut spans = Vec::new();
    let mut leads: HashMap<String, usize> = HashMap::new();
    let mut values = Vec::new();
    for (v, (input, out)) in inputs.iter().zip(outputs).enumerate() {
        // (out_start, out_end, span, group key) — a candidate the engine redacted is also in
        // the log: it becomes one span, a candidate
        let mut local: Vec<(usize, usize, Span, Option<String>)> = Vec::new();
        // candidates the engine redacted, by output span, waiting for their log entry (a map,
        // not a scan of `local` per log entry: that was quadratic in a long narrative)
        let mut open: HashMap<(usize, usize), VecDeque<usize>> = HashMap::new();
        for c in &out.candidates {
            if c.redacted {
                open.entry((c.out_start, c.out_end))
                    .or_default()
                    .push_back(local.len());
            }
            local.push((
                c.out_start,
                c.out_end,
                Span {
                    value: v,
                    char_start: c.char_start,
                    char_end: c.char_end,
                    kind: SpanKind::Candidate(c.reason),
                    rule: if c.redacted {
                        String::new()
                    } else {
                        "candidate".into()
                    },
                    entity: c.entity.clone(),
                    original: input.get(c.start..c.end).unwrap_or_default().to_owned(),
                    shown: out
                        .text
                        .get(c.out_start..c.out_end)
                        .unwrap_or_default()
                        .to_owned(),
                    redacted_by_default: c.redacted,
                    original_hmac: c.original_hmac.clone(),
                    group: None,
                    sentence: input
                        .get(c.sentence_start..c.sentence_end)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                },
                c.group.clone(),
            ));
        }
        for e in &out.log {
            let waiting = open
                .get_mut(&(e.out_start, e.out_end))
                .and_then(VecDeque::pop_front);
            if let Some((_, _, s, _)) = waiting.and_then(|k| local.get_mut(k)) {
                s.rule = e.rule.clone();
                continue;
            }
            local.push((
                e.out_start,
                e.out_end,
                Span {
                    value: v,
                    char_start: e.char_start,
                    char_end: e.char_end,
                    kind: SpanKind::Replacement,
                    rule: e.rule.clone(),
                    entity: e.entity.clone(),
                    original: input.get(e.start..e.end).unwrap_or_default().to_owned(),
                    shown: e.replacement.clone(),
                    redacted_by_default: true,
                    original_hmac: e.original_hmac.clone(),
                    group: None,
                    sentence: String::new(),
                },
                None,
            ));
        }
        local.sort_by_key(|(a, b, _, _)| (*a, *b));
        let mut segments = Vec::new();
        let mut pos = 0;
        for (a, b, mut span, key) in local {
            if a < pos {
                // overlapping spans do not occur in the engine's output; never cut text twice
                continue;
            }
            if a > pos {
                segments.push(Segment::Text(out.text.get(pos..a)?.to_owned()));
            }
            if matches!(span.kind, SpanKind::Candidate(_)) {
                // the first span of a group leads it, across values
                let here = spans.len();
                span.group = Some(match key {
                    Some(k) => *leads.entry(k).or_insert(here),
                    None => here,
                });
            }
            segments.push(Segment::Span(spans.len()));
            spans.push(span);
            pos = b;
        }
        if pos < out.text.len() {
            segments.push(Segment::Text(out.text.get(pos..)?.to_owned()));
        }
        values.push(segments);
    }
    Some(Review { values, spans })
}

/// The decisions with each candidate group's decision given to every span of the group: a
/// decision on any member decides them all; where members were decided differently, redact
/// wins (hiding one form of a name and keeping another would leave the name readable).
pub fn expand_groups(review: &Review, d: &Decisions) -> Decisions {
    let mut by_group: HashMap<usize, bool> = HashMap::new();
    for (&i, &v) in &d.redact {
        if let Some(g) = review.spans.get(i).and_then(|s| s.group) {
            *by_group.entry(g).or_insert(v) |= v;
        }
    }
    let mut redact = d.redact.clone();
    for (i, s) in review.spans.iter().enumerate() {
        if let Some(v) = s.group.and_then(|g| by_group.get(&g)) {
            redact.insert(i, *v);
        }
    }
    Decisions {
        redact,
        phrases: d.phrases.clone(),
    }
}

/// Applies `decisions` to `review`: the final text of every value.
pub fn apply(review: &Review, d: &Decisions, markers: Markers) -> Result<Applied, DecisionError> {
    if let Some((&i, _)) = d.redact.iter().find(|(i, _)| **i >= review.spans.len()) {
        return Err(DecisionError::UnknownSpan(i));
    }
    let d = &expand_groups(review, d);
    let undecided: Vec<usize> = review
        .spans
        .iter()
        .enumerate()
        .filter(|(i, s)| matches!(s.kind, SpanKind::Candidate(_)) && !d.redact.contains_key(i))
        .map(|(i, _)| i)
        .collect();
    if !undecided.is_empty() {
        return Err(DecisionError::Undecided(undecided));
    }
    let phrases: Vec<Vec<char>> = d
        .phrases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = p.trim();
            if p.is_empty()
                || p.chars().count() > MAX_PHRASE_CHARS
                || !p.chars().any(char::is_alphanumeric)
            {
                Err(DecisionError::BadPhrase(i))
            } else {
                Ok(p.chars().map(fold).collect())
            }
        })
        .collect::<Result<_, _>>()?;
    let mut phrase_hits = vec![0; phrases.len()];
    let mut texts = Vec::with_capacity(review.values.len());
    for segments in &review.values {
        let mut out = String::new();
        for (k, seg) in segments.iter().enumerate() {
            match seg {
                Segment::Text(t) => out.push_str(t),
                Segment::Span(i) => {
                    let s = &review.spans[*i];
                    let redact = d.redact.get(i).copied().unwrap_or(s.redacted_by_default);
                    match (redact, s.redacted_by_default) {
                        (true, true) | (false, false) => out.push_str(&s.shown),
                        (true, false) => out.push_str(markers.name),
                        (false, true) => {
                            let next = segments.get(k + 1).and_then(|n| match n {
                                Segment::Text(t) => t.chars().next(),
                                Segment::Span(_) => None,
                            });
                            restore(&mut out, &s.original, next);
                        }
                    }
                }
            }
        }
        for (n, p) in phrases.iter().enumerate() {
            let (t, hits) = remove_phrase(&out, p, markers.manual);
            out = t;
            phrase_hits[n] += hits;
        }
        texts.push(out);
    }
    Ok(Applied { texts, phrase_hits })
}

/// Puts an original back where the engine's replacement was, keeping words apart when the
/// replacement had been dropped altogether ("The applicant, A. B.," → "The applicant").
fn restore(out: &mut String, original: &str, next: Option<char>) {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if word(out.chars().next_back()) && word(original.chars().next()) {
        out.push(' ');
    }
    out.push_str(original);
    if word(original.chars().next_back()) && word(next) {
        out.push(' ');
    }
}

/// Case folding for manual phrases: lower case, `ё` as `е`.
fn fold(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    if l == 'ё' {
        'е'
    } else {
        l
    }
}

/// The forms a reviewer may hide with `phrase` (*Hide a word or phrase*): the phrase as typed
/// first, then its other forms from the engine's name-forms machinery
/// ([`waystone_redact::manual_forms`]: the six Russian cases, as a name or as a place, and
/// Latin spellings or a Cyrillic reading), written with capitals where the phrase has them.
/// Matching treats `ё` as `е` and ignores letter case, so forms differing only there are one.
/// Empty for a phrase [`apply`] would refuse (no letter or digit, or too long).
pub fn phrase_forms(phrase: &str) -> Vec<String> {
    let typed = phrase.trim();
    if typed.is_empty()
        || typed.chars().count() > MAX_PHRASE_CHARS
        || !typed.chars().any(char::is_alphanumeric)
    {
        return vec![];
    }
    let capitalised = typed.split_whitespace().all(|w| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    });
    let folded = |s: &str| s.chars().map(fold).collect::<String>();
    let mut out = vec![typed.to_owned()];
    let mut seen = vec![folded(typed)];
    for form in waystone_redact::manual_forms(typed) {
        let shown = if capitalised {
            form.split(' ')
                .map(capitalise)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            form
        };
        let key = folded(&shown);
        if !seen.contains(&key) && shown.chars().count() <= MAX_PHRASE_CHARS {
            seen.push(key);
            out.push(shown);
        }
    }
    out
}

/// "закаева" → "Закаева"; "abu-bakar" → "Abu-Bakar".
fn capitalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

/// Replaces every whole-word occurrence of `needle` (folded) in `text` by `marker`.
fn remove_phrase(text: &str, needle: &[char], marker: &str) -> (String, usize) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut hits = 0;
    let mut i = 0;
    let mut copied = 0; // byte offset copied so far
    while i + needle.len() <= chars.len() {
        let starts_word = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let ends_word = chars
            .get(i + needle.len())
            .is_none_or(|(_, c)| !c.is_alphanumeric());
        if starts_word
            && ends_word
            && chars[i..i + needle.len()]
                .iter()
                .zip(needle)
                .all(|((_, c), n)| fold(*c) == *n)
        {
            let start = chars[i].0;
            let end = chars.get(i + needle.len()).map_or(text.len(), |(b, _)| *b);
            out.push_str(&text[copied..start]);
            out.push_str(marker);
            copied = end;
            hits += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    (out, hits)
}

/// The draft's blocks as the review screen shows them, values left as [`Part::Value`].
pub fn preview(blocks: &[Block]) -> Vec<PreviewBlock> {
    let one = |kind, text: &str| PreviewBlock {
        kind,
        header: vec![],
        rows: vec![vec![parts(text)]],
    };
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading { level, text } => one(PreviewKind::Heading(*level), text),
            Block::Paragraph { text, .. } => one(PreviewKind::Paragraph, text),
            Block::Note(text) => one(PreviewKind::Note, text),
            Block::Bullets(items) => PreviewBlock {
                kind: PreviewKind::Bullets,
                header: vec![],
                rows: items.iter().map(|t| vec![parts(t)]).collect(),
            },
            Block::Table { header, rows } => PreviewBlock {
                kind: PreviewKind::Table,
                header: header.iter().map(|t| parts(t)).collect(),
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|t| parts(t)).collect())
                    .collect(),
            },
            Block::PageBreak => PreviewBlock {
                kind: PreviewKind::PageBreak,
                header: vec![],
                rows: vec![],
            },
        })
        .collect()
}

/// Cuts a block text at its value placeholders.
fn parts(text: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        if i > 0 {
            out.push(Part::Text(rest[..i].to_owned()));
        }
        let after = &rest[i + OPEN.len_utf8()..];
        let Some(j) = after.find(CLOSE) else {
            rest = after;
            continue;
        };
        if let Ok(idx) = after[..j].parse() {
            out.push(Part::Value(idx));
        }
        rest = &after[j + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Part::Text(rest.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use waystone_redact::{redact, Entities, Profile};

    const KEY: [u8; 32] = [9; 32];

    fn entities() -> Entities {
        Entities::from_json(
            r#"{"lang":"ru","entities":[
              {"id":"p1","kind":"person","role":"survivor","names":["Руслан Закаев"],"aliases":[]},
              {"id":"w1","kind":"person","role":"witness","names":["Роза Исаева"],"aliases":[]},
              {"id":"x1","kind":"person","role":"perpetrator","names":["Вахид Цураев"],"aliases":[]}]}"#,
        )
        .unwrap()
    }

    fn inputs() -> Vec<String> {
        vec![
            "Цураев допрашивал Руслана Закаева. Звонили на +7 928 123-45-67.".into(),
            "роза цвела у забора, Роза Исаева видела всё. Руслан молчал, а рядом стоял Бекхан."
                .into(),
            "Без имён.".into(),
        ]
    }

    fn review() -> Review {
        let ins = inputs();
        let profile = Profile::builtin("echr").unwrap();
        let sep = "\n\n§§§§\n\n";
        let joined = redact(&ins.join(sep), &entities(), &profile, &KEY);
        let split = split_joined(&ins, sep, joined).unwrap();
        build(&ins, &split).unwrap()
    }

    fn defaults(r: &Review) -> Decisions {
        let mut d = Decisions::default();
        for (i, s) in r.spans.iter().enumerate() {
            if matches!(s.kind, SpanKind::Candidate(_)) {
                d.redact.insert(i, s.redacted_by_default);
            }
        }
        d
    }

    #[test]
    fn split_matches_redacting_each_piece_alone_in_text() {
        let ins = inputs();
        let profile = Profile::builtin("echr").unwrap();
        let sep = "\n\n§§§§\n\n";
        let joined = redact(&ins.join(sep), &entities(), &profile, &KEY);
        let text = joined.text.clone();
        let split = split_joined(&ins, sep, joined).unwrap();
        assert_eq!(
            split
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join(sep),
            text
        );
        for (r, input) in split.iter().zip(&ins) {
            for e in &r.log {
                assert_eq!(&r.text[e.out_start..e.out_end], e.replacement);
                assert!(input.get(e.start..e.end).is_some());
            }
        }
    }

    #[test]
    fn default_decisions_reproduce_the_engine_output() {
        let r = review();
        let ins = inputs();
        let profile = Profile::builtin("echr").unwrap();
        let sep = "\n\n§§§§\n\n";
        let engine = redact(&ins.join(sep), &entities(), &profile, &KEY).text;
        let applied = apply(&r, &defaults(&r), Markers::for_lang("ru")).unwrap();
        assert_eq!(applied.texts.join(sep), engine);
        assert!(!applied.texts[0].contains("Закаев"));
        assert!(!applied.texts[0].contains("928"));
    }

    #[test]
    fn candidates_must_be_decided() {
        let r = review();
        let candidates: Vec<usize> = r
            .spans
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.kind, SpanKind::Candidate(_)))
            .map(|(i, _)| i)
            .collect();
        assert!(!candidates.is_empty(), "the sample has an ambiguous «роза»");
        assert_eq!(
            apply(&r, &Decisions::default(), Markers::for_lang("ru")),
            Err(DecisionError::Undecided(candidates))
        );
        let mut d = defaults(&r);
        d.redact.insert(r.spans.len(), true);
        assert_eq!(
            apply(&r, &d, Markers::for_lang("ru")),
            Err(DecisionError::UnknownSpan(r.spans.len()))
        );
    }

    #[test]
    fn rejecting_a_replacement_brings_the_original_back() {
        let r = review();
        let phone = r
            .spans
            .iter()
            .position(|s| s.original.contains("928"))
            .unwrap();
        let mut d = defaults(&r);
        d.redact.insert(phone, false);
        let applied = apply(&r, &d, Markers::for_lang("ru")).unwrap();
        assert!(applied.texts[0].contains("+7 928 123-45-67"));
        // everything else stays as it was
        assert!(!applied.texts[0].contains("Закаев"));
    }

    #[test]
    fn a_kept_candidate_redacted_by_the_reviewer_gets_a_marker() {
        let r = review();
        let mut d = defaults(&r);
        let kept: Vec<usize> = r
            .spans
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.kind, SpanKind::Candidate(_)) && !s.redacted_by_default)
            .map(|(i, _)| i)
            .collect();
        assert!(
            !kept.is_empty(),
            "«Бекхан» is an unregistered name left in place"
        );
        for i in &kept {
            d.redact.insert(*i, true);
        }
        let applied = apply(&r, &d, Markers::for_lang("ru")).unwrap();
        for i in kept {
            let s = &r.spans[i];
            assert!(
                !applied.texts[s.value].contains(&s.original),
                "{}",
                s.original
            );
        }
        assert!(applied.texts[1].contains("[имя удалено]"));
    }

    /// An unregistered name (invented) is one candidate group across the document: hiding
    /// its first span hides every form of it, in every value, and each span carries its
    /// sentence.
    #[test]
    fn hiding_an_unregistered_name_hides_every_form_of_it() {
        let ins: Vec<String> = vec![
            "Шамиль Вагапов видел это. Потом Вагапова тоже увезли.".into(),
            "С Вагаповым говорил следователь; Шамиля отпустили.".into(),
        ];
        let profile = Profile::builtin("echr").unwrap();
        let sep = "\n\n§§§§\n\n";
        let joined = redact(&ins.join(sep), &entities(), &profile, &KEY);
        let r = build(&ins, &split_joined(&ins, sep, joined).unwrap()).unwrap();
        let group: Vec<usize> = r
            .spans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SpanKind::Candidate(CandidateReason::UnregisteredName))
            .map(|(i, _)| i)
            .collect();
        assert!(group.len() >= 4, "{:?}", r.spans);
        let lead = r.spans[group[0]].group.unwrap();
        assert!(group.iter().all(|i| r.spans[*i].group == Some(lead)));
        assert_eq!(r.spans[group[0]].original, "Шамиль Вагапов");
        assert_eq!(r.spans[group[0]].sentence, "Шамиль Вагапов видел это.");
        // one decision, on the lead span only
        let mut d = Decisions::default();
        for (i, s) in r.spans.iter().enumerate() {
            if matches!(s.kind, SpanKind::Candidate(_)) && s.group != Some(lead) {
                d.redact.insert(i, s.redacted_by_default);
            }
        }
        d.redact.insert(lead, true);
        let applied = apply(&r, &d, Markers::for_lang("ru")).unwrap();
        for t in &applied.texts {
            assert!(!t.contains("Вагапов") && !t.contains("Шамил"), "{t}");
        }
        assert!(applied.texts[0].starts_with("[имя удалено] видел это."));
    }

    #[test]
    fn manual_phrases_remove_whole_words_in_any_case() {
        let r = review();
        let mut d = defaults(&r);
        d.phrases = vec!["ЗАБОРА".into(), "без".into()];
        let applied = apply(&r, &d, Markers::for_lang("ru")).unwrap();
        assert!(!applied.texts[1].contains("забора"));
        assert!(applied.texts[1].contains("[удалено]"));
        assert!(applied.texts[2].starts_with("[удалено] имён"));
        assert_eq!(applied.phrase_hits, vec![1, 1]);
        // whole words only
        let (t, n) = remove_phrase("Иса Исаев иса", &"иса".chars().collect::<Vec<_>>(), "[x]");
        assert_eq!((t.as_str(), n), ("[x] Исаев [x]", 2));
        let (t, n) = remove_phrase("Алёна и алена", &"алена".chars().collect::<Vec<_>>(), "[x]");
        assert_eq!((t.as_str(), n), ("[x] и [x]", 2));
    }

    #[test]
    fn bad_phrases_are_refused() {
        let r = review();
        for p in ["", "   ", "...", &"a".repeat(MAX_PHRASE_CHARS + 1)] {
            let mut d = defaults(&r);
            d.phrases = vec!["ok".into(), p.to_owned()];
            assert_eq!(
                apply(&r, &d, Markers::for_lang("en")),
                Err(DecisionError::BadPhrase(1))
            );
        }
    }

    #[test]
    fn restoring_a_dropped_name_keeps_words_apart() {
        let mut out = "The applicant".to_owned();
        restore(&mut out, "Adlan Khadzhiev", Some(' '));
        assert_eq!(out, "The applicant Adlan Khadzhiev");
        let mut out = "said".to_owned();
        restore(&mut out, "Adlan", Some('w'));
        assert_eq!(out, "said Adlan ");
    }

    #[test]
    fn preview_cuts_placeholders() {
        let t = format!("On {OPEN}0{CLOSE} at {OPEN}12{CLOSE}.");
        assert_eq!(
            parts(&t),
            vec![
                Part::Text("On ".into()),
                Part::Value(0),
                Part::Text(" at ".into()),
                Part::Value(12),
                Part::Text(".".into())
            ]
        );
        assert_eq!(parts("plain"), vec![Part::Text("plain".into())]);
    }

    #[test]
    fn a_phrase_is_offered_with_its_forms_as_typed_first() {
        let forms = phrase_forms("  Алёна Закаева ");
        assert_eq!(forms[0], "Алёна Закаева");
        for f in ["Алены Закаевой", "Алену Закаеву", "Alena Zakaeva"] {
            assert!(forms.iter().any(|x| x == f), "missing {f} in {forms:?}");
        }
        // ё = е: the typed phrase is not offered again without its ё
        assert!(!forms.iter().any(|x| x == "Алена Закаева"), "{forms:?}");
        // lower case stays lower case
        let forms = phrase_forms("аргун");
        assert_eq!(forms[0], "аргун");
        assert!(forms.iter().any(|x| x == "аргуне"), "{forms:?}");
        // every form is one apply accepts, and finds in a text where it stands
        let review = Review {
            values: vec![vec![Segment::Text(
                "Её увезли в Аргун, потом из Аргуна.".into(),
            )]],
            spans: vec![],
        };
        let d = Decisions {
            redact: BTreeMap::new(),
            phrases: phrase_forms("Аргун"),
        };
        let applied = apply(&review, &d, Markers::for_lang("ru")).unwrap();
        assert_eq!(
            applied.texts[0],
            "Её увезли в [удалено], потом из [удалено]."
        );
        // negative vectors: what apply would refuse has no forms
        assert!(phrase_forms("  ").is_empty());
        assert!(phrase_forms("—…").is_empty());
        assert!(phrase_forms(&"я".repeat(MAX_PHRASE_CHARS + 1)).is_empty());
    }
}
