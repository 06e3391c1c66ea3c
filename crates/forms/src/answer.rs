//! Answers: what was recorded in an interview, and its stable JSON shape.
//!
//! This module owns [`Value`], [`Answer`] and [`Answers`] (the answers of one case to one form
//! version, plus how many instances each repeat has). These are domain types that hold case
//! content, so:
//!
//! - their `Debug` is written by hand and prints only kinds, paths and counts, never content;
//! - nothing here produces an error string containing content;
//! - they implement `Serialize`/`Deserialize` (by hand: unknown fields rejected, errors that
//!   never quote the input) only because the case interchange JSON is built from them; the
//!   shapes below are a stable contract (change them only with a new interchange version);
//! - [`Answers::from_json`] reads that JSON with an error that carries only a position and a
//!   category (serde's own messages can quote input, e.g. an unknown `status`).
//!
//! # JSON shapes
//!
//! [`Value`] is `{"type": <kind>, "value": <payload>}`:
//!
//! ```json
//! {"type": "text", "value": "…"}
//! {"type": "integer", "value": 3}
//! {"type": "decimal", "value": "0.5"}
//! {"type": "date", "value": {"precision": "month", "year": 2019, "month": 3}}
//! {"type": "choice", "value": "beating"}
//! {"type": "choices", "value": ["beating", "threats"]}
//! {"type": "yes_no", "value": true}
//! {"type": "person_ref", "value": "<registry id>"}
//! {"type": "place_ref", "value": "<registry id>"}
//! {"type": "attachment", "value": "<attachment id>"}
//! ```
//!
//! [`Answer`] carries a `status`; an answered one also carries the value's two fields:
//!
//! ```json
//! {"status": "answered", "type": "choice", "value": "beating"}
//! {"status": "declined"}
//! {"status": "dont_know"}
//! {"status": "not_asked"}
//! ```
//!
//! [`Answers`]:
//!
//! ```json
//! {
//!   "answers": {
//!     "consent_documentation": {"status": "answered", "type": "yes_no", "value": true},
//!     "episodes[0].treatment[0].methods": {"status": "declined"}
//!   },
//!   "repeats": {"episodes": 1, "episodes[0].treatment": 1}
//! }
//! ```
//!
//! A missing key means "nothing recorded yet", which is different from all three statuses.

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value as Json;

use crate::date::PartialDate;
use crate::path::{AnswerPath, Segment};

/// Most instances a repeat may have; larger counts are reported and ignored beyond this.
pub const MAX_REPEAT_INSTANCES: u32 = 500;

/// A recorded value. `Debug` prints only the kind.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// Text or long text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A decimal number, as its canonical text (`crate::decimal`): exact, never a float. Build
    /// it with [`Value::decimal`]; JSON readers canonicalise it.
    Decimal(String),
    /// A date known to some precision.
    Date(PartialDate),
    /// One choice name (select one).
    Choice(String),
    /// Several choice names (select many).
    Choices(Vec<String>),
    /// Yes (`true`) or no (`false`).
    YesNo(bool),
    /// The id of a person in the cross-case registry.
    PersonRef(String),
    /// The id of a place in the cross-case registry.
    PlaceRef(String),
    /// The id of an encrypted attachment.
    Attachment(String),
}

/// The kind of a [`Value`], without content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// [`Value::Text`]
    Text,
    /// [`Value::Integer`]
    Integer,
    /// [`Value::Decimal`]
    Decimal,
    /// [`Value::Date`]
    Date,
    /// [`Value::Choice`]
    Choice,
    /// [`Value::Choices`]
    Choices,
    /// [`Value::YesNo`]
    YesNo,
    /// [`Value::PersonRef`]
    PersonRef,
    /// [`Value::PlaceRef`]
    PlaceRef,
    /// [`Value::Attachment`]
    Attachment,
}

impl ValueKind {
    /// The name used in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            ValueKind::Text => "text",
            ValueKind::Integer => "integer",
            ValueKind::Decimal => "decimal",
            ValueKind::Date => "date",
            ValueKind::Choice => "choice",
            ValueKind::Choices => "choices",
            ValueKind::YesNo => "yes_no",
            ValueKind::PersonRef => "person_ref",
            ValueKind::PlaceRef => "place_ref",
            ValueKind::Attachment => "attachment",
        }
    }
}

impl Value {
    /// A decimal value from its text, canonicalised (`"1.50"` → `1.5`); `None` when the text is
    /// not a decimal (see [`crate::decimal`]).
    pub fn decimal(text: &str) -> Option<Value> {
        crate::decimal::canonical_decimal(text).map(Value::Decimal)
    }

    /// The kind, without content.
    pub fn kind(&self) -> ValueKind {
        match self {
            Value::Text(_) => ValueKind::Text,
            Value::Integer(_) => ValueKind::Integer,
            Value::Decimal(_) => ValueKind::Decimal,
            Value::Date(_) => ValueKind::Date,
            Value::Choice(_) => ValueKind::Choice,
            Value::Choices(_) => ValueKind::Choices,
            Value::YesNo(_) => ValueKind::YesNo,
            Value::PersonRef(_) => ValueKind::PersonRef,
            Value::PlaceRef(_) => ValueKind::PlaceRef,
            Value::Attachment(_) => ValueKind::Attachment,
        }
    }

    /// Whether the value is empty: blank text or id, or no choices. An empty value counts as
    /// "nothing recorded" for `required` and for the expression language.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s)
            | Value::Choice(s)
            | Value::PersonRef(s)
            | Value::PlaceRef(s)
            | Value::Attachment(s) => s.trim().is_empty(),
            Value::Choices(v) => v.is_empty(),
            Value::Decimal(s) => s.is_empty(),
            Value::Integer(_) | Value::Date(_) | Value::YesNo(_) => false,
        }
    }
}

/// Prints the kind only (and a count for choices), never content.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Choices(v) => write!(f, "Choices({} selected)", v.len()),
            other => write!(f, "{}(..)", other.kind().as_str()),
        }
    }
}

/// What was recorded for one question. `Declined`, `DontKnow` and `NotAsked` are first-class
/// answers, distinct from a question with nothing recorded (no entry in [`Answers`]).
/// `Debug` never prints content.
#[derive(Clone, PartialEq, Eq)]
pub enum Answer {
    /// A value was given.
    Value(Value),
    /// The survivor chose not to answer.
    Declined,
    /// The survivor does not know.
    DontKnow,
    /// The interviewer did not ask (e.g. to protect the survivor, or time ran out).
    NotAsked,
}

impl Answer {
    /// The value, if one was given.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Answer::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The status name used in JSON: `answered`, `declined`, `dont_know` or `not_asked`.
    pub fn status(&self) -> &'static str {
        match self {
            Answer::Value(_) => "answered",
            Answer::Declined => "declined",
            Answer::DontKnow => "dont_know",
            Answer::NotAsked => "not_asked",
        }
    }

    /// Whether this counts as an answer for `required` and progress: any status, or a
    /// non-empty value.
    pub fn is_recorded(&self) -> bool {
        match self {
            Answer::Value(v) => !v.is_empty(),
            _ => true,
        }
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Value(v) => write!(f, "Answered({v:?})"),
            Answer::Declined => f.write_str("Declined"),
            Answer::DontKnow => f.write_str("DontKnow"),
            Answer::NotAsked => f.write_str("NotAsked"),
        }
    }
}

// -- JSON shape ------------------------------------------------------------------------------
//
// Written by hand rather than derived for two reasons: unknown fields are rejected everywhere
// (serde cannot do that for internally tagged unit variants), and error messages never quote
// the input (serde's "invalid type: string \"…\"" would quote case content).

fn serialize_value_fields<S: SerializeStruct>(st: &mut S, v: &Value) -> Result<(), S::Error> {
    st.serialize_field("type", v.kind().as_str())?;
    match v {
        Value::Text(x)
        | Value::Choice(x)
        | Value::PersonRef(x)
        | Value::PlaceRef(x)
        | Value::Attachment(x)
        | Value::Decimal(x) => st.serialize_field("value", x),
        Value::Integer(i) => st.serialize_field("value", i),
        Value::Date(d) => st.serialize_field("value", d),
        Value::Choices(c) => st.serialize_field("value", c),
        Value::YesNo(b) => st.serialize_field("value", b),
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("Value", 2)?;
        serialize_value_fields(&mut st, self)?;
        st.end()
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Value(v) => {
                let mut st = serializer.serialize_struct("Answer", 3)?;
                st.serialize_field("status", "answered")?;
                serialize_value_fields(&mut st, v)?;
                st.end()
            }
            other => {
                let mut st = serializer.serialize_struct("Answer", 1)?;
                st.serialize_field("status", other.status())?;
                st.end()
            }
        }
    }
}

/// Builds a value from its `type` and `value` fields; errors name the type, never the value.
fn value_from_parts<E: de::Error>(kind: ValueKind, value: Json) -> Result<Value, E> {
    let bad = || {
        E::custom(format!(
            "the value does not fit its type `{}`",
            kind.as_str()
        ))
    };
    let string = |v: Json| match v {
        Json::String(s) => Ok(s),
        _ => Err(bad()),
    };
    Ok(match kind {
        ValueKind::Text => Value::Text(string(value)?),
        ValueKind::Choice => Value::Choice(string(value)?),
        ValueKind::PersonRef => Value::PersonRef(string(value)?),
        ValueKind::PlaceRef => Value::PlaceRef(string(value)?),
        ValueKind::Attachment => Value::Attachment(string(value)?),
        ValueKind::Integer => Value::Integer(value.as_i64().ok_or_else(bad)?),
        // A string, never a JSON number (no float on the way); canonicalised on reading.
        ValueKind::Decimal => Value::decimal(&string(value)?).ok_or_else(bad)?,
        ValueKind::YesNo => Value::YesNo(value.as_bool().ok_or_else(bad)?),
        ValueKind::Choices => match value {
            Json::Array(items) => Value::Choices(
                items
                    .into_iter()
                    .map(string)
                    .collect::<Result<Vec<_>, E>>()?,
            ),
            _ => return Err(bad()),
        },
        ValueKind::Date => Value::Date(
            serde_json::from_value::<PartialDate>(value)
                .map_err(|_| E::custom("the value is not a valid partial date"))?,
        ),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueWire {
    #[serde(rename = "type")]
    kind: ValueKind,
    value: Json,
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = ValueWire::deserialize(deserializer)?;
        value_from_parts(w.kind, w.value)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Answered,
    Declined,
    DontKnow,
    NotAsked,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerWire {
    status: Status,
    #[serde(rename = "type", default)]
    kind: Option<ValueKind>,
    #[serde(default)]
    value: Option<Json>,
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = AnswerWire::deserialize(deserializer)?;
        match (w.status, w.kind, w.value) {
            (Status::Answered, Some(kind), Some(value)) => {
                value_from_parts(kind, value).map(Answer::Value)
            }
            (Status::Answered, _, _) => Err(de::Error::custom(
                "an answered answer needs `type` and `value`",
            )),
            (Status::Declined, None, None) => Ok(Answer::Declined),
            (Status::DontKnow, None, None) => Ok(Answer::DontKnow),
            (Status::NotAsked, None, None) => Ok(Answer::NotAsked),
            _ => Err(de::Error::custom(
                "only an answered answer has `type` and `value`",
            )),
        }
    }
}

/// The answers of one case to one form version, and the instance count of each repeat.
///
/// Repeat counts are explicit: an episode can exist before anything in it is answered, and an
/// answer inside an instance that does not exist is reported by validation as
/// `bad_repeat_index`. A repeat container path is the [`AnswerPath`] of the repeat itself:
/// `episodes`, `episodes[0].treatment`.
///
/// `Debug` prints paths, answer statuses and value kinds, never content.
/// Reading refuses a path given twice in `answers` or in `repeats` (JSON objects may repeat a
/// key, and a map would silently keep the last one): the same as a duplicated field at the
/// top level of a case document.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    #[serde(default, deserialize_with = "unique_keys")]
    answers: BTreeMap<AnswerPath, Answer>,
    #[serde(default, deserialize_with = "unique_keys")]
    repeats: BTreeMap<AnswerPath, u32>,
}

/// A JSON object into a map, refusing a key given twice (the error names no key: paths are
/// not content, but the message stays as plain as serde's other errors here).
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<AnswerPath, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<AnswerPath, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of answer paths, each once")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(path) = map.next_key::<AnswerPath>()? {
                let value = map.next_value::<V>()?;
                if out.insert(path, value).is_some() {
                    return Err(de::Error::custom("an answer path is given twice"));
                }
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

impl Answers {
    /// No answers, no repeat instances.
    pub fn new() -> Answers {
        Answers::default()
    }

    /// The answer recorded at `path`.
    pub fn get(&self, path: &AnswerPath) -> Option<&Answer> {
        self.answers.get(path)
    }

    /// Records `answer` at `path`, returning what was there. Does not create repeat instances.
    pub fn set(&mut self, path: AnswerPath, answer: Answer) -> Option<Answer> {
        self.answers.insert(path, answer)
    }

    /// Removes the answer at `path` ("nothing recorded").
    pub fn remove(&mut self, path: &AnswerPath) -> Option<Answer> {
        self.answers.remove(path)
    }

    /// Every recorded answer, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&AnswerPath, &Answer)> {
        self.answers.iter()
    }

    /// How many answers are recorded.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether no answer is recorded.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Every repeat container with its number of instances, in path order.
    pub fn repeats(&self) -> impl Iterator<Item = (&AnswerPath, u32)> {
        self.repeats.iter().map(|(p, n)| (p, *n))
    }

    /// The number of instances of the repeat at `container` (0 if never set).
    pub fn repeat_count(&self, container: &AnswerPath) -> u32 {
        self.repeats.get(container).copied().unwrap_or(0)
    }

    /// Sets the number of instances of the repeat at `container`. Answers in instances beyond
    /// the new count are kept, and reported by validation; use
    /// [`Answers::remove_repeat_instance`] to delete an instance with its answers.
    pub fn set_repeat_count(&mut self, container: AnswerPath, count: u32) {
        if count == 0 {
            self.repeats.remove(&container);
        } else {
            self.repeats.insert(container, count);
        }
    }

    /// Appends an instance to the repeat at `container`, returning its index.
    pub fn add_repeat_instance(&mut self, container: &AnswerPath) -> u32 {
        let n = self.repeat_count(container);
        self.repeats.insert(container.clone(), n.saturating_add(1));
        n
    }

    /// Deletes instance `index` of the repeat at `container` with every answer and nested
    /// repeat count inside it; later instances move down by one. Returns whether the instance
    /// existed.
    pub fn remove_repeat_instance(&mut self, container: &AnswerPath, index: u32) -> bool {
        let n = self.repeat_count(container);
        if index >= n {
            return false;
        }
        let depth = container.segments().len();
        if depth == 0 {
            return false;
        }
        let shift = |p: &AnswerPath| -> Option<Option<AnswerPath>> {
            // None: not inside this repeat. Some(None): delete. Some(Some(p)): moved.
            let seg = p.segments().get(depth - 1)?;
            let i = seg.index()?;
            if !p.is_inside(container, i) {
                return None;
            }
            if i == index {
                return Some(None);
            }
            if i < index {
                return None;
            }
            let mut segments: Vec<Segment> = p.segments().to_vec();
            if let Some(s) = segments.get_mut(depth - 1) {
                *s = Segment::indexed(s.name(), i - 1);
            }
            Some(Some(AnswerPath::from_segments(segments)))
        };
        self.answers = std::mem::take(&mut self.answers)
            .into_iter()
            .filter_map(|(p, a)| match shift(&p) {
                None => Some((p, a)),
                Some(None) => None,
                Some(Some(moved)) => Some((moved, a)),
            })
            .collect();
        self.repeats = std::mem::take(&mut self.repeats)
            .into_iter()
            .filter_map(|(p, c)| match shift(&p) {
                None => Some((p, c)),
                Some(None) => None,
                Some(Some(moved)) => Some((moved, c)),
            })
            .collect();
        self.set_repeat_count(container.clone(), n - 1);
        true
    }

    /// Every repeat container with its instance count, in path order.
    pub fn repeat_counts(&self) -> impl Iterator<Item = (&AnswerPath, u32)> {
        self.repeats.iter().map(|(p, n)| (p, *n))
    }

    /// Reads the interchange JSON. Prefer this to calling `serde_json` directly: serde's
    /// messages quote pieces of the input ("invalid type: string \"…\""), which here would
    /// be case content; this error carries only the position and a category.
    pub fn from_json(json: &str) -> Result<Answers, AnswersJsonError> {
        serde_json::from_str(json).map_err(|e| AnswersJsonError {
            line: e.line(),
            column: e.column(),
            category: match e.classify() {
                serde_json::error::Category::Io => "io",
                serde_json::error::Category::Syntax => "syntax",
                serde_json::error::Category::Data => "data",
                serde_json::error::Category::Eof => "eof",
            },
        })
    }
}

/// Why [`Answers::from_json`] failed: where, and what kind of problem — never the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the answers are not valid interchange JSON ({category} error at line {line}, column {column})"
)]
pub struct AnswersJsonError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// `syntax` (not JSON), `data` (JSON of the wrong shape), `eof` (cut short) or `io`.
    pub category: &'static str,
}

impl fmt::Debug for Answers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Entries<'a>(&'a BTreeMap<AnswerPath, Answer>);
        impl fmt::Debug for Entries<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(p, a)| (p.to_string(), a)))
                    .finish()
            }
        }
        struct Counts<'a>(&'a BTreeMap<AnswerPath, u32>);
        impl fmt::Debug for Counts<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(p, n)| (p.to_string(), n)))
                    .finish()
            }
        }
        f.debug_struct("Answers")
            .field("answers", &Entries(&self.answers))
            .field("repeats", &Counts(&self.repeats))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use super::*;

    fn path(s: &str) -> AnswerPath {
        match AnswerPath::parse(s) {
            Ok(p) => p,
            Err(e) => panic!("bad test path {s}: {e}"),
        }
    }

    /// `check(answer, json)`: serializes to exactly `json` and back.
    fn check(answer: Answer, json: &str) {
        let got = serde_json::to_string(&answer).unwrap_or_default();
        assert_eq!(got, json);
        let back: Option<Answer> = serde_json::from_str(json).ok();
        assert_eq!(back, Some(answer), "{json}");
    }

    #[test]
    fn answer_json_shapes() {
        check(
            Answer::Value(Value::Text("Иван".into())),
            r#"{"status":"answered","type":"text","value":"Иван"}"#,
        );
        check(
            Answer::Value(Value::Integer(3)),
            r#"{"status":"answered","type":"integer","value":3}"#,
        );
        check(
            Answer::Value(Value::Decimal("0.5".into())),
            r#"{"status":"answered","type":"decimal","value":"0.5"}"#,
        );
        check(
            Answer::Value(Value::Choices(vec!["beating".into(), "threats".into()])),
            r#"{"status":"answered","type":"choices","value":["beating","threats"]}"#,
        );
        check(
            Answer::Value(Value::YesNo(false)),
            r#"{"status":"answered","type":"yes_no","value":false}"#,
        );
        let d = PartialDate::month(2019, 3).map(Value::Date);
        if let Ok(d) = d {
            check(
                Answer::Value(d),
                r#"{"status":"answered","type":"date","value":{"precision":"month","year":2019,"month":3}}"#,
            );
        }
        check(
            Answer::Value(Value::PersonRef("p-1".into())),
            r#"{"status":"answered","type":"person_ref","value":"p-1"}"#,
        );
        check(Answer::Declined, r#"{"status":"declined"}"#);
        check(Answer::DontKnow, r#"{"status":"dont_know"}"#);
        check(Answer::NotAsked, r#"{"status":"not_asked"}"#);
    }

    #[test]
    fn bad_answer_json_is_rejected() {
        for bad in [
            r#"{"status":"answered"}"#,
            r#"{"status":"answered","type":"text"}"#,
            r#"{"status":"answered","type":"text","value":3}"#,
            r#"{"status":"answered","type":"colour","value":"red"}"#,
            r#"{"status":"maybe"}"#,
            r#"{"type":"text","value":"x"}"#,
            r#""declined""#,
            r#"{"status":"declined","value":1}"#,
            r#"{"status":"answered","type":"text","value":"x","note":"y"}"#,
            r#"{"status":"answered","type":"date","value":{"precision":"year","year":"x"}}"#,
            r#"{"status":"answered","type":"choices","value":["a",1]}"#,
            r#"{"status":"answered","type":"integer","value":1.5}"#,
            r#"{"status":"answered","type":"yes_no","value":"yes"}"#,
            r#"{"status":"not_asked","type":"text"}"#,
            // a decimal is text in one plain form, never a JSON number or anything looser
            r#"{"status":"answered","type":"decimal","value":1.5}"#,
            r#"{"status":"answered","type":"decimal","value":"1,5"}"#,
            r#"{"status":"answered","type":"decimal","value":"1e3"}"#,
            r#"{"status":"answered","type":"decimal","value":""}"#,
        ] {
            assert!(serde_json::from_str::<Answer>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimal_text_is_canonicalised_on_reading() {
        let read: Option<Answer> =
            serde_json::from_str(r#"{"status":"answered","type":"decimal","value":"007.50"}"#).ok();
        assert_eq!(read, Some(Answer::Value(Value::Decimal("7.5".into()))));
        assert_eq!(Value::decimal("-0.0"), Some(Value::Decimal("0".into())));
        assert_eq!(Value::decimal("1,5"), None);
    }

    #[test]
    fn debug_never_prints_content() {
        let mut a = Answers::new();
        a.set(
            path("name_cyrillic"),
            Answer::Value(Value::Text("Тайное Имя".into())),
        );
        a.set(
            path("consent_publication"),
            Answer::Value(Value::YesNo(true)),
        );
        a.set(path("consent_date"), Answer::Value(Value::Integer(987_654)));
        a.set(path("sexual_orientation"), Answer::Declined);
        a.set_repeat_count(path("episodes"), 2);
        let dbg = format!("{a:?}");
        for secret in ["Тайное", "true", "987"] {
            assert!(!dbg.contains(secret), "{dbg}");
        }
        assert!(
            dbg.contains("name_cyrillic") && dbg.contains("Declined"),
            "{dbg}"
        );
        assert!(dbg.contains("episodes"), "{dbg}");
    }

    #[test]
    fn answers_json_round_trip() {
        let mut a = Answers::new();
        a.set(
            path("consent_documentation"),
            Answer::Value(Value::YesNo(true)),
        );
        a.set(path("episodes[0].treatment[0].methods"), Answer::Declined);
        a.set_repeat_count(path("episodes"), 1);
        a.set_repeat_count(path("episodes[0].treatment"), 1);
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"answers":{"consent_documentation":{"status":"answered","type":"yes_no","value":true},"episodes[0].treatment[0].methods":{"status":"declined"}},"repeats":{"episodes":1,"episodes[0].treatment":1}}"#
        );
        let back: Option<Answers> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(a));
    }

    #[test]
    fn value_errors_carry_no_content() {
        let bad = r#"{"answers":{"name_cyrillic":{"status":"answered","type":"integer","value":"Тайное Имя"}}}"#;
        let raw = serde_json::from_str::<Answers>(bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            !raw.contains("Тайное") && raw.contains("`integer`"),
            "{raw}"
        );
    }

    #[test]
    fn from_json_errors_carry_no_content() {
        let bad = r#"{"answers":{"name_cyrillic":{"status":"Тайное Имя"}}}"#;
        let raw = serde_json::from_str::<Answers>(bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            raw.contains("Тайное"),
            "serde quotes unknown variants: {raw}"
        );
        let ours = Answers::from_json(bad).err();
        let text = ours.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(
            !text.contains("Тайное") && text.contains("data error"),
            "{text}"
        );
        assert!(Answers::from_json(r#"{"answers":{}}"#).is_ok());
        assert!(Answers::from_json(r#"{"answers":{"Bad Path":{"status":"declined"}}}"#).is_err());
        assert!(Answers::from_json(r#"{"answers":{},"extra":1}"#).is_err());
        // a path given twice (last-one-wins would hide the first) is refused, in both maps
        let dup =
            r#"{"answers":{"narrative":{"status":"declined"},"narrative":{"status":"not_asked"}}}"#;
        assert_eq!(
            Answers::from_json(dup).err().map(|e| e.category),
            Some("data")
        );
        assert!(Answers::from_json(r#"{"repeats":{"episodes":1,"episodes":2}}"#).is_err());
        assert!(Answers::from_json(r#"{"repeats":{"episodes":1},"answers":{}}"#).is_ok());
    }

    #[test]
    fn remove_repeat_instance_shifts_later_ones() {
        let mut a = Answers::new();
        a.set_repeat_count(path("episodes"), 3);
        for i in 0..3 {
            a.set(
                path(&format!("episodes[{i}].duration_days")),
                Answer::Value(Value::Integer(i64::from(i))),
            );
        }
        a.set_repeat_count(path("episodes[1].treatment"), 2);
        a.set_repeat_count(path("episodes[2].treatment"), 1);
        a.set(path("episodes[2].treatment[0].methods"), Answer::DontKnow);
        a.set(path("consent_date"), Answer::NotAsked);

        assert!(a.remove_repeat_instance(&path("episodes"), 1));
        assert!(!a.remove_repeat_instance(&path("episodes"), 2));
        assert_eq!(a.repeat_count(&path("episodes")), 2);
        assert_eq!(
            a.get(&path("episodes[1].duration_days")),
            Some(&Answer::Value(Value::Integer(2)))
        );
        assert_eq!(a.get(&path("episodes[2].duration_days")), None);
        assert_eq!(a.repeat_count(&path("episodes[1].treatment")), 1);
        assert_eq!(
            a.get(&path("episodes[1].treatment[0].methods")),
            Some(&Answer::DontKnow)
        );
        assert_eq!(a.get(&path("consent_date")), Some(&Answer::NotAsked));
        assert_eq!(a.len(), 4);
    }
}
