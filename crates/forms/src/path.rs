//! Paths: where a question lives in a definition and where an answer lives in a case.
//!
//! This module owns the two path types and their text form:
//!
//! - [`QuestionPath`] names a question or repeat in a [`FormDef`](crate::FormDef), without
//!   instance numbers: `episodes.treatment.methods`.
//! - [`AnswerPath`] names one answer slot in a case: `episodes[1].treatment[0].methods`. Every
//!   segment but the last is a repeat and carries a zero-based instance index; the last segment
//!   never does. The same type also names a repeat *container* (`episodes[1].treatment`), which
//!   is how [`Answers`](crate::Answers) records how many instances a repeat has.
//!
//! Section names are not part of paths: question names are unique across the top level of a
//! form, and within each repeat.
//!
//! Errors never echo the offending text (a path arriving from a damaged file could contain
//! anything), only which segment is wrong.
//!
//! Recipe — build the path of a new repeat instance's question: `AnswerPath::top("episodes")`
//! gives the container, `Answers::add_repeat_instance` its new index `i`, and
//! `container.join(i, "apprehension_date")` the question's path.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest allowed name of a question, repeat, section, choice or form.
pub const MAX_NAME_LEN: usize = 64;
/// Most segments a path may have (repeats nest at most [`crate::MAX_REPEAT_DEPTH`] deep).
pub const MAX_PATH_SEGMENTS: usize = 8;

/// Why a path could not be parsed or built. Carries positions, never the text itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// The path is empty.
    #[error("the path is empty")]
    Empty,
    /// A segment's name is not a valid name: lowercase ASCII letters, digits and `_`,
    /// starting with a letter, at most 64 characters.
    #[error("segment {segment} is not a valid name (lowercase letters, digits and `_`, starting with a letter, at most 64 characters)")]
    BadName {
        /// Zero-based segment number.
        segment: usize,
    },
    /// A segment's `[index]` is malformed (not a decimal number, a leading zero, too large).
    #[error("segment {segment} has a malformed index")]
    BadIndex {
        /// Zero-based segment number.
        segment: usize,
    },
    /// A segment other than the last has no `[index]`: it is a repeat, so it needs one.
    #[error("segment {segment} needs an instance index, because it is a repeat that contains further segments")]
    MissingIndex {
        /// Zero-based segment number.
        segment: usize,
    },
    /// The last segment has an `[index]`; answer paths end in a question or repeat name.
    #[error("the last segment must not carry an instance index")]
    TrailingIndex,
    /// A question path contains an `[index]`.
    #[error("question paths carry no instance indices")]
    IndexInQuestionPath,
    /// More than [`MAX_PATH_SEGMENTS`] segments.
    #[error("a path has at most {MAX_PATH_SEGMENTS} segments")]
    TooDeep,
    /// [`AnswerPath::join`] was called on a path that already ends in an index.
    #[error("only a repeat container path can be joined with an instance")]
    NotAContainer,
}

/// Is `s` a valid name for a question, repeat, section, choice, choice list or form?
pub(crate) fn is_valid_name(s: &str) -> bool {
    let bytes = s.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_lowercase() => {}
        _ => return false,
    }
    bytes.len() <= MAX_NAME_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
}

/// Is `s` a valid choice name? Choice names are what answers store and what expressions
/// compare with (always quoted), never part of a path, so they follow XLSForm's looser rule:
/// 1 to 64 ASCII letters, digits, `_`, `-` or `.` — no spaces (a select-many answer is a
/// list of them in XLSForm's own files) — so `1`, `Yes` and `dont-know` from existing
/// KoboToolbox/ODK forms are kept as they are.
pub(crate) fn is_valid_choice_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_NAME_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Where a question or repeat lives in a definition: `episodes.treatment.methods`.
///
/// Serialized as that string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionPath(Vec<String>);

impl QuestionPath {
    /// Parses `a.b.c`.
    pub fn parse(s: &str) -> Result<QuestionPath, PathError> {
        if s.is_empty() {
            return Err(PathError::Empty);
        }
        let mut names = Vec::new();
        for (i, part) in s.split('.').enumerate() {
            if i >= MAX_PATH_SEGMENTS {
                return Err(PathError::TooDeep);
            }
            if part.contains('[') {
                return Err(PathError::IndexInQuestionPath);
            }
            if !is_valid_name(part) {
                return Err(PathError::BadName { segment: i });
            }
            names.push(part.to_owned());
        }
        Ok(QuestionPath(names))
    }

    /// Builds a path from already-checked names (crate-internal).
    pub(crate) fn from_names(names: Vec<String>) -> QuestionPath {
        QuestionPath(names)
    }

    /// The names, outermost first.
    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// The last name (the question or repeat itself).
    pub fn name(&self) -> &str {
        self.0.last().map(String::as_str).unwrap_or("")
    }

    /// How many repeats enclose this item.
    pub fn repeat_depth(&self) -> usize {
        self.0.len().saturating_sub(1)
    }

    /// The enclosing repeat's path, if any.
    pub fn parent(&self) -> Option<QuestionPath> {
        if self.0.len() > 1 {
            Some(QuestionPath(self.0[..self.0.len() - 1].to_vec()))
        } else {
            None
        }
    }

    /// `self` extended by one name (crate-internal; the name is checked by the caller).
    pub(crate) fn child(&self, name: &str) -> QuestionPath {
        let mut v = self.0.clone();
        v.push(name.to_owned());
        QuestionPath(v)
    }
}

impl fmt::Display for QuestionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

impl FromStr for QuestionPath {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        QuestionPath::parse(s)
    }
}

impl Serialize for QuestionPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for QuestionPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        QuestionPath::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One segment of an [`AnswerPath`]: a name and, for repeats, a zero-based instance index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Segment {
    name: String,
    index: Option<u32>,
}

impl Segment {
    /// The question or repeat name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The repeat instance index, `None` on the last segment.
    pub fn index(&self) -> Option<u32> {
        self.index
    }

    pub(crate) fn indexed(name: &str, index: u32) -> Segment {
        Segment {
            name: name.to_owned(),
            index: Some(index),
        }
    }

    pub(crate) fn plain(name: &str) -> Segment {
        Segment {
            name: name.to_owned(),
            index: None,
        }
    }
}

/// Where one answer (or one repeat container) lives in a case:
/// `episodes[1].treatment[0].methods`.
///
/// Every segment but the last carries a zero-based repeat instance index; the last never does.
/// Ordered segment by segment with numeric indices, so `episodes[2]` sorts before
/// `episodes[10]`. Serialized as the string form.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnswerPath(Vec<Segment>);

impl AnswerPath {
    /// Parses `name`, `repeat[0].name`, `outer[1].inner[0].name`, …
    pub fn parse(s: &str) -> Result<AnswerPath, PathError> {
        if s.is_empty() {
            return Err(PathError::Empty);
        }
        let parts: Vec<&str> = s.split('.').collect();
        if parts.len() > MAX_PATH_SEGMENTS {
            return Err(PathError::TooDeep);
        }
        let last = parts.len() - 1;
        let mut segments = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let (name, index) = match part.find('[') {
                None => (*part, None),
                Some(open) => {
                    let (name, rest) = part.split_at(open);
                    let digits = rest
                        .strip_prefix('[')
                        .and_then(|r| r.strip_suffix(']'))
                        .ok_or(PathError::BadIndex { segment: i })?;
                    (name, Some(parse_index(digits, i)?))
                }
            };
            if !is_valid_name(name) {
                return Err(PathError::BadName { segment: i });
            }
            match (i == last, index) {
                (true, Some(_)) => return Err(PathError::TrailingIndex),
                (false, None) => return Err(PathError::MissingIndex { segment: i }),
                _ => {}
            }
            segments.push(Segment {
                name: name.to_owned(),
                index,
            });
        }
        Ok(AnswerPath(segments))
    }

    /// The path of a top-level question or repeat: `name`.
    pub fn top(name: &str) -> Result<AnswerPath, PathError> {
        if !is_valid_name(name) {
            return Err(PathError::BadName { segment: 0 });
        }
        Ok(AnswerPath(vec![Segment::plain(name)]))
    }

    /// From a repeat container path (`episodes`), the path of `child` inside instance `index`
    /// (`episodes[index].child`).
    pub fn join(&self, index: u32, child: &str) -> Result<AnswerPath, PathError> {
        let mut segments = self.0.clone();
        if segments.len() >= MAX_PATH_SEGMENTS {
            return Err(PathError::TooDeep);
        }
        if !is_valid_name(child) {
            return Err(PathError::BadName {
                segment: segments.len(),
            });
        }
        match segments.last_mut() {
            Some(last) if last.index.is_none() => last.index = Some(index),
            _ => return Err(PathError::NotAContainer),
        }
        segments.push(Segment::plain(child));
        Ok(AnswerPath(segments))
    }

    pub(crate) fn from_segments(segments: Vec<Segment>) -> AnswerPath {
        AnswerPath(segments)
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The last name (the question or repeat itself).
    pub fn name(&self) -> &str {
        self.0.last().map(|s| s.name.as_str()).unwrap_or("")
    }

    /// The same path without instance indices: `episodes.treatment.methods`.
    pub fn question_path(&self) -> QuestionPath {
        QuestionPath(self.0.iter().map(|s| s.name.clone()).collect())
    }

    /// The repeat instance indices, outermost first (`[1, 0]` for
    /// `episodes[1].treatment[0].methods`).
    pub fn indices(&self) -> Vec<u32> {
        self.0.iter().filter_map(|s| s.index).collect()
    }

    /// The enclosing repeat container: `episodes[1].treatment` for
    /// `episodes[1].treatment[0].methods`; `None` at the top level.
    pub fn container(&self) -> Option<AnswerPath> {
        let n = self.0.len();
        if n < 2 {
            return None;
        }
        let mut segments = self.0[..n - 1].to_vec();
        if let Some(last) = segments.last_mut() {
            last.index = None;
        }
        Some(AnswerPath(segments))
    }

    /// The instance index inside the enclosing repeat (`0` for `…treatment[0].methods`).
    pub fn instance_index(&self) -> Option<u32> {
        let n = self.0.len();
        if n < 2 {
            return None;
        }
        self.0.get(n - 2).and_then(|s| s.index)
    }

    /// Does `self` lie inside instance `index` of repeat container `container`?
    pub fn is_inside(&self, container: &AnswerPath, index: u32) -> bool {
        let n = container.0.len();
        if n == 0 || self.0.len() <= n {
            return false;
        }
        let (head, last) = container.0.split_at(n - 1);
        self.0[..n - 1] == *head
            && last
                .first()
                .is_some_and(|l| l.name == self.0[n - 1].name && self.0[n - 1].index == Some(index))
    }
}

fn parse_index(digits: &str, segment: usize) -> Result<u32, PathError> {
    let bad = PathError::BadIndex { segment };
    if digits.is_empty()
        || digits.len() > 10
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return Err(bad);
    }
    digits.parse::<u32>().map_err(|_| bad)
}

impl fmt::Display for AnswerPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(&s.name)?;
            if let Some(idx) = s.index {
                write!(f, "[{idx}]")?;
            }
        }
        Ok(())
    }
}

/// Prints the path text: paths name questions, they hold no answer content.
impl fmt::Debug for AnswerPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AnswerPath({self})")
    }
}

impl FromStr for AnswerPath {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AnswerPath::parse(s)
    }
}

impl Serialize for AnswerPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AnswerPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        AnswerPath::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use super::*;

    /// `check(input, expected)`: expected is the Display form on success or the error text.
    fn check(input: &str, expected: Result<&str, PathError>) {
        let got = AnswerPath::parse(input).map(|p| p.to_string());
        assert_eq!(
            got.as_deref().map_err(Clone::clone),
            expected,
            "input {input:?}"
        );
    }

    #[test]
    fn answer_paths_parse_and_print() {
        check("consent_date", Ok("consent_date"));
        check("episodes[0].place", Ok("episodes[0].place"));
        check(
            "episodes[1].treatment[0].methods",
            Ok("episodes[1].treatment[0].methods"),
        );
        check("episodes[4294967295].x", Ok("episodes[4294967295].x"));
    }

    #[test]
    fn bad_answer_paths_are_rejected() {
        check("", Err(PathError::Empty));
        check(
            "episodes.place",
            Err(PathError::MissingIndex { segment: 0 }),
        );
        check("episodes[0]", Err(PathError::TrailingIndex));
        check("episodes[01].x", Err(PathError::BadIndex { segment: 0 }));
        check("episodes[-1].x", Err(PathError::BadIndex { segment: 0 }));
        check(
            "episodes[4294967296].x",
            Err(PathError::BadIndex { segment: 0 }),
        );
        check("episodes[1.x", Err(PathError::BadIndex { segment: 0 }));
        check("episodes[1]x.y", Err(PathError::BadIndex { segment: 0 }));
        check("Episodes[1].x", Err(PathError::BadName { segment: 0 }));
        check("a[0].", Err(PathError::BadName { segment: 1 }));
        check(".a", Err(PathError::BadName { segment: 0 }));
        check("1a", Err(PathError::BadName { segment: 0 }));
        check("имя", Err(PathError::BadName { segment: 0 }));
        check(
            "a[0].b[0].c[0].d[0].e[0].f[0].g[0].h[0].i",
            Err(PathError::TooDeep),
        );
    }

    #[test]
    fn numeric_order_of_indices() {
        let a = AnswerPath::parse("episodes[2].x").ok();
        let b = AnswerPath::parse("episodes[10].x").ok();
        assert!(a < b);
    }

    #[test]
    fn join_container_and_question_path() {
        let c = AnswerPath::parse("episodes[1].treatment").ok();
        let joined = c.as_ref().and_then(|c| c.join(0, "methods").ok());
        assert_eq!(
            joined.as_ref().map(ToString::to_string).as_deref(),
            Some("episodes[1].treatment[0].methods")
        );
        let joined = joined.as_ref();
        assert_eq!(
            joined.map(|p| p.question_path().to_string()).as_deref(),
            Some("episodes.treatment.methods")
        );
        assert_eq!(joined.and_then(AnswerPath::container), c);
        assert_eq!(joined.map(AnswerPath::indices), Some(vec![1, 0]));
        let bad = AnswerPath::parse("episodes[1].treatment[0].methods")
            .ok()
            .and_then(|p| p.join(0, "x").ok());
        assert!(
            bad.is_some(),
            "joining onto a question path makes it a container"
        );
    }

    #[test]
    fn serde_as_string() {
        let p = AnswerPath::parse("episodes[1].place").ok();
        let json = serde_json::to_string(&p).ok();
        assert_eq!(json.as_deref(), Some("\"episodes[1].place\""));
        let back: Option<AnswerPath> = json.and_then(|j| serde_json::from_str(&j).ok());
        assert_eq!(back, p);
        let err = serde_json::from_str::<AnswerPath>("\"secret name\"")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!err.contains("secret"), "error echoes input: {err}");
    }

    #[test]
    fn question_paths() {
        let q = QuestionPath::parse("episodes.treatment.methods").ok();
        assert_eq!(q.as_ref().map(QuestionPath::repeat_depth), Some(2));
        assert_eq!(
            q.as_ref()
                .and_then(QuestionPath::parent)
                .map(|p| p.to_string()),
            Some("episodes.treatment".to_owned())
        );
        assert_eq!(
            QuestionPath::parse("episodes[0].x"),
            Err(PathError::IndexInQuestionPath)
        );
    }
}
