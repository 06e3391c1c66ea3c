//! Choice filters (XLSForm's `choice_filter`, cascading selects): parsing and evaluation.
//!
//! This module owns the one form of choice filter the engine supports: terms
//! `column = ${question}` (or `${question} = column`) joined by `and`, where `column` is an
//! extra column of the question's choice list (`country` in the `choices` sheet) and
//! `${question}` an earlier select-one or text answer in the same or an enclosing scope. A
//! choice is offered when, for every term, its column equals the answer; an unanswered (or
//! not relevant) question counts as the empty value, as in ODK, so only choices with that
//! column empty are offered. Anything else — functions, `or`, other operators, constants — is
//! refused with a reason.
//!
//! Recipe — support another filter form: extend `parse` (keep refusing what `evaluate` cannot
//! honour), teach the XLSForm importer's `filter_problem` to let it through, document it in
//! `docs/xlsform.md`, and add vectors to the tests below and a workbook to
//! `scripts/xlsform/project_forms.py`.

use crate::expr::{ExprError, Resolver, Target};
use crate::path::is_valid_name;

/// Longest choice filter, in characters.
const MAX_FILTER_CHARS: usize = 1000;
/// Most terms in one filter.
const MAX_FILTER_TERMS: usize = 8;

/// A parsed term before its reference is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawTerm {
    pub column: String,
    pub question: String,
    /// 1-based character column of the `${…}`.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Ref(String),
    Eq,
    /// A quoted string or a number (refused where the grammar meets it).
    Const,
}

fn err(column: usize, message: impl Into<String>) -> ExprError {
    ExprError {
        column,
        message: message.into(),
    }
}

const SHAPE: &str = "a choice filter is `column = ${question}` terms joined by `and`";

/// Parses `source` into its terms, or explains why it is not a supported filter.
pub(crate) fn parse(source: &str) -> Result<Vec<RawTerm>, ExprError> {
    let chars: Vec<char> = source.chars().collect();
    if chars.len() > MAX_FILTER_CHARS {
        return Err(err(
            MAX_FILTER_CHARS,
            format!("a choice filter has at most {MAX_FILTER_CHARS} characters"),
        ));
    }
    let mut toks: Vec<(Tok, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '$' && chars.get(i + 1) == Some(&'{') {
            let start = i + 2;
            let mut j = start;
            while j < chars.len() && chars[j] != '}' {
                j += 1;
            }
            if j >= chars.len() {
                return Err(err(col, "`${` without its closing `}`"));
            }
            let name: String = chars[start..j].iter().collect();
            let name = name.trim().to_owned();
            if !is_valid_name(&name) {
                return Err(err(col, "`${…}` needs a question name"));
            }
            toks.push((Tok::Ref(name), col));
            i = j + 1;
        } else if c == '=' {
            toks.push((Tok::Eq, col));
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | '-' | '.' | ':'))
            {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let next = chars[j..].iter().find(|c| !c.is_whitespace());
            if next == Some(&'(') {
                return Err(err(
                    col,
                    format!(
                        "functions (`{word}(…)`) are not supported in a choice filter; {SHAPE}"
                    ),
                ));
            }
            toks.push((Tok::Word(word), col));
            i = j;
        } else if c == '\'' || c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                j += 1;
            }
            toks.push((Tok::Const, col));
            i = j + 1;
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            toks.push((Tok::Const, col));
        } else if matches!(c, '!' | '<' | '>') {
            return Err(err(
                col,
                format!("only `=` is supported in a choice filter; {SHAPE}"),
            ));
        } else {
            return Err(err(col, format!("unexpected `{c}`; {SHAPE}")));
        }
    }
    let mut terms = Vec::new();
    let mut k = 0;
    loop {
        let term = match (toks.get(k), toks.get(k + 1), toks.get(k + 2)) {
            (Some((Tok::Word(w), _)), Some((Tok::Eq, _)), Some((Tok::Ref(q), at)))
            | (Some((Tok::Ref(q), at)), Some((Tok::Eq, _)), Some((Tok::Word(w), _)))
                if !is_keyword(w) =>
            {
                RawTerm {
                    column: w.clone(),
                    question: q.clone(),
                    at: *at,
                }
            }
            (Some((t, col)), _, _) => {
                // a constant where a column or an answer should be says so
                let (t, col) = toks[k..]
                    .iter()
                    .take(3)
                    .find(|(t, _)| *t == Tok::Const)
                    .map_or((t, col), |(t, c)| (t, c));
                return Err(err(*col, describe_bad(t)));
            }
            (None, _, _) => {
                let col = toks.last().map(|(_, c)| *c).unwrap_or(1);
                return Err(err(
                    col,
                    format!("the choice filter is incomplete; {SHAPE}"),
                ));
            }
        };
        if !is_valid_name(&term.column) {
            return Err(err(
                toks.get(k).map(|(_, c)| *c).unwrap_or(1),
                format!("`{}` is not a choice column name", term.column),
            ));
        }
        terms.push(term);
        k += 3;
        match toks.get(k) {
            None => break,
            Some((Tok::Word(w), _)) if w == "and" => k += 1,
            Some((Tok::Word(w), col)) if w == "or" => {
                return Err(err(
                    *col,
                    format!("`or` is not supported in a choice filter; {SHAPE}"),
                ))
            }
            Some((_, col)) => return Err(err(*col, format!("expected `and`; {SHAPE}"))),
        }
        if terms.len() >= MAX_FILTER_TERMS {
            return Err(err(
                1,
                format!("a choice filter has at most {MAX_FILTER_TERMS} terms"),
            ));
        }
    }
    Ok(terms)
}

fn is_keyword(w: &str) -> bool {
    matches!(w, "and" | "or" | "not" | "div" | "mod")
}

fn describe_bad(t: &Tok) -> String {
    match t {
        Tok::Word(w) if w == "or" => format!("`or` is not supported in a choice filter; {SHAPE}"),
        Tok::Word(w) if is_keyword(w) => format!("`{w}` is not supported here; {SHAPE}"),
        Tok::Const => format!("constants are not supported in a choice filter (it compares a column with an answer); {SHAPE}"),
        _ => format!("expected `column = ${{question}}`; {SHAPE}"),
    }
}

/// Resolves each term's `${question}` from where the filtered question stands.
pub(crate) fn resolve(
    terms: &[RawTerm],
    resolver: &dyn Resolver,
) -> Result<Vec<(String, Target)>, ExprError> {
    terms
        .iter()
        .map(|t| {
            resolver
                .resolve(&t.question)
                .map(|target| (t.column.clone(), target))
                .map_err(|m| err(t.at, m))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check(source, expected)`: expected is `column=question` terms joined by `,`, or
    /// `"error <column>: <message fragment>"`.
    fn check(src: &str, expected: &str) {
        let got = match parse(src) {
            Ok(terms) => terms
                .iter()
                .map(|t| format!("{}={}", t.column, t.question))
                .collect::<Vec<_>>()
                .join(","),
            Err(e) => format!("error {}: {}", e.column, e.message),
        };
        if let Some(rest) = expected.strip_prefix("error ") {
            let (col, frag) = rest.split_once(": ").unwrap_or((rest, ""));
            assert!(
                got.starts_with(&format!("error {col}: ")) && got.contains(frag),
                "{src:?}: expected {expected:?}, got {got:?}"
            );
        } else {
            assert_eq!(got, expected, "{src:?}");
        }
    }

    #[test]
    fn supported_filters() {
        check("country = ${country}", "country=country");
        check("${country} = country", "country=country");
        check("country=${c}", "country=c");
        check(
            "country = ${country} and region = ${ region }",
            "country=country,region=region",
        );
        check("  kind_2 = ${q}  ", "kind_2=q");
    }

    #[test]
    fn refused_filters() {
        check(
            "country = ${c} or x = ${d}",
            "error 16: `or` is not supported",
        );
        check("selected(${c}, 'x')", "error 1: functions (`selected(…)`)");
        check("country != ${c}", "error 9: only `=`");
        check("country < ${c}", "error 9: only `=`");
        check("country = 'ua'", "error 11: constants are not supported");
        check("country = 3", "error 11: constants are not supported");
        check("country = ${c} and", "error 16: incomplete");
        check("country ${c}", "error 1: expected `column = ${question}`");
        check("${a} = ${b}", "error 1: expected `column = ${question}`");
        check("country = ${c", "error 11: without its closing");
        check("country = ${}", "error 11: needs a question name");
        check("", "error 1: incomplete");
        check("country = ${c} ${d}", "error 16: expected `and`");
        check("a/b = ${c}", "error 2: unexpected `/`");
        check("not = ${c}", "error 1: `not` is not supported");
        check(
            "country = ${c} and position(..) = ${d}",
            "error 20: functions",
        );
        let long = ["a = ${b}"; 9].join(" and ");
        check(&long, "error 1: at most 8 terms");
    }
}
