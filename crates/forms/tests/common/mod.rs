//! Helpers shared by the integration tests. Every person, place and event in the fixtures is
//! invented.

#![allow(dead_code, clippy::panic)]

use waystone_forms::{Answer, AnswerPath, Answers, PartialDate, Value};

pub fn path(s: &str) -> AnswerPath {
    match AnswerPath::parse(s) {
        Ok(p) => p,
        Err(e) => panic!("bad test path {s}: {e}"),
    }
}

pub fn text(s: &str) -> Answer {
    Answer::Value(Value::Text(s.to_owned()))
}

pub fn int(i: i64) -> Answer {
    Answer::Value(Value::Integer(i))
}

pub fn yes_no(b: bool) -> Answer {
    Answer::Value(Value::YesNo(b))
}

pub fn choice(s: &str) -> Answer {
    Answer::Value(Value::Choice(s.to_owned()))
}

pub fn choices(v: &[&str]) -> Answer {
    Answer::Value(Value::Choices(v.iter().map(|s| (*s).to_owned()).collect()))
}

pub fn date(d: Result<PartialDate, waystone_forms::DateError>) -> Answer {
    match d {
        Ok(d) => Answer::Value(Value::Date(d)),
        Err(e) => panic!("bad test date: {e}"),
    }
}

pub fn exact(y: i32, m: u8, d: u8) -> Answer {
    date(PartialDate::exact(y, m, d))
}

/// Builds answers from `(path, answer)` pairs and `(repeat container, count)` pairs.
pub fn answers(values: &[(&str, Answer)], repeats: &[(&str, u32)]) -> Answers {
    let mut a = Answers::new();
    for (p, v) in values {
        a.set(path(p), v.clone());
    }
    for (p, n) in repeats {
        a.set_repeat_count(path(p), *n);
    }
    a
}
