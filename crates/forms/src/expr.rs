//! The expression language of `relevant`, `required` and `constraint`.
//!
//! This module owns lexing, parsing, type checking (against the definition, at load time) and
//! evaluation (against a case's answers) of expressions. The language is documented for form
//! authors in `forms/README.md`; in short:
//!
//! ```text
//! expr     := or
//! or       := and ("or" and)*
//! and      := not ("and" not)*
//! not      := "not" not | compare
//! compare  := primary (("=" | "!=" | "<" | "<=" | ">" | ">=") primary)?
//! primary  := "${" name "}" | "." | 'string' | "string" | number | "true" | "false"
//!           | "selected(" ref "," string ")" | "count(" ref ")" | "answered(" ref ")"
//!           | "date(" string ")" | "(" expr ")"
//! ref      := "${" name "}" | "."
//! ```
//!
//! Every expression is type checked when the definition loads: references must resolve,
//! choice names must exist in the question's list, comparisons must compare like with like,
//! and the whole expression must be a condition. Evaluation uses three-valued logic: a
//! comparison with an unanswered side is *unknown*; `and`/`or`/`not` follow Kleene's rules;
//! `relevant` and `required` treat unknown as false, `constraint` treats unknown as passing.
//!
//! Limits (so that no definition, however broken, can exhaust the stack): at most
//! [`MAX_EXPR_CHARS`] characters and [`MAX_EXPR_DEPTH`] levels of nesting.
//!
//! Recipe — add a function: add its name to the word match in `Parser::parse_primary`, parse
//! and type check its arguments in `Parser::parse_call`, add a `Node` variant (and its arm
//! in `Expression::targets`), evaluate it in `eval_condition` or `eval_value` (decide whether
//! it can be unknown), document it in `forms/README.md`, and add positive and negative
//! vectors to the tests below.

use std::fmt;

use std::borrow::Cow;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::date::{DayRange, PartialDate};
use crate::decimal::parse_decimal;
use crate::path::{is_valid_name, QuestionPath};

/// Longest expression, in characters.
pub const MAX_EXPR_CHARS: usize = 1000;
/// Deepest nesting of parentheses, `not` and function calls.
pub const MAX_EXPR_DEPTH: usize = 24;

/// Why an expression was rejected: a 1-based character column and a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// 1-based character column where the problem was found.
    pub column: usize,
    /// What is wrong, for a form author.
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

/// The type of a value in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ty {
    Bool,
    Int,
    /// A decimal number; compares with integers too.
    Dec,
    Text,
    Date,
    /// A select-one answer from the named list.
    Choice(String),
    /// A select-many answer from the named list.
    Choices(String),
    /// A question whose definition is itself broken (reported there): accepted anywhere, so
    /// one mistake is reported once. Never present in a loaded definition.
    Any,
}

impl Ty {
    pub(crate) fn describe(&self) -> String {
        match self {
            Ty::Bool => "a yes/no value".into(),
            Ty::Int => "an integer".into(),
            Ty::Dec => "a decimal number".into(),
            Ty::Text => "text".into(),
            Ty::Date => "a date".into(),
            Ty::Choice(l) => format!("a choice from `{l}`"),
            Ty::Choices(l) => format!("a select-many answer from `{l}`"),
            Ty::Any => "a value".into(),
        }
    }
}

/// What a `${name}` resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TargetKind {
    Question(Ty),
    Repeat,
    /// A display-only note: it has no value, so no expression may use it.
    Note,
}

/// A resolved reference: the item's definition path and kind. The repeat instances are taken
/// from the evaluation context (the reference is always to the same or an enclosing scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub path: QuestionPath,
    pub kind: TargetKind,
}

/// What the type checker needs to know about the definition around an expression.
pub(crate) trait Resolver {
    /// Resolves `${name}` from where the expression stands; `Err` carries the reason.
    fn resolve(&self, name: &str) -> Result<Target, String>;
    /// Whether `choice` is in choice list `list`.
    fn has_choice(&self, list: &str, choice: &str) -> bool;
    /// The type of `.`, or `None` where `.` is not allowed (outside constraints).
    fn current(&self) -> Option<Ty>;
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// An arithmetic operator (calculations; also usable inside conditions: `${a} + ${b} > 2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    /// `div`: always a decimal result (`7 div 2` is 3.5).
    Div,
    /// `mod`: the remainder, with the sign of the dividend (as in XPath).
    Mod,
}

impl ArithOp {
    fn as_str(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "div",
            ArithOp::Mod => "mod",
        }
    }
}

/// Most decimal places `round(…, n)` takes.
const MAX_ROUND_PLACES: i64 = 20;

/// A type-checked expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Str(String),
    Date(DayRange),
    Ref(Target),
    Current,
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Cmp(CmpOp, Box<Node>, Box<Node>),
    Selected(Box<Node>, String),
    Count(Box<Node>),
    Answered(Box<Node>),
    Arith(ArithOp, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    Concat(Vec<Node>),
    StringLength(Box<Node>),
    /// `round(x)` or `round(x, places)`.
    Round(Box<Node>, u32),
    /// `int(x)`: the whole part, towards zero.
    IntOf(Box<Node>),
    /// `number(x)`: text read as a decimal (unknown when it is not one).
    NumberOf(Box<Node>),
}

/// A compiled expression: its source text and its checked tree. `Debug` shows the source
/// (definition text, never case content).
#[derive(Clone)]
pub struct Expression {
    source: String,
    node: Node,
}

impl Expression {
    /// The source text, as written in the definition.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub(crate) fn node(&self) -> &Node {
        &self.node
    }

    /// Parses and type checks `source`; the result is always a condition.
    pub(crate) fn compile(source: &str, resolver: &dyn Resolver) -> Result<Expression, ExprError> {
        let t = Expression::parse_checked(source, resolver)?;
        let node = expect_bool(t, "the expression")?;
        Ok(Expression {
            source: source.to_owned(),
            node,
        })
    }

    /// Parses and type checks a calculation: any value but a repeat; returns its type too.
    pub(crate) fn compile_value(
        source: &str,
        resolver: &dyn Resolver,
    ) -> Result<(Expression, Ty), ExprError> {
        let t = Expression::parse_checked(source, resolver)?;
        let ty = t.value_ty()?.clone();
        Ok((
            Expression {
                source: source.to_owned(),
                node: t.node,
            },
            ty,
        ))
    }

    fn parse_checked(source: &str, resolver: &dyn Resolver) -> Result<Typed, ExprError> {
        let chars = source.chars().count();
        if chars == 0 || source.trim().is_empty() {
            return Err(ExprError {
                column: 1,
                message: "the expression is empty".into(),
            });
        }
        if chars > MAX_EXPR_CHARS {
            return Err(ExprError {
                column: MAX_EXPR_CHARS,
                message: format!("the expression is longer than {MAX_EXPR_CHARS} characters"),
            });
        }
        let toks = lex(source)?;
        let mut p = Parser {
            toks,
            pos: 0,
            depth: 0,
            resolver,
        };
        let t = p.parse_or()?;
        let end = p.peek();
        if end.tok != Tok::End {
            return Err(p.unexpected(&end, "where the expression should end"));
        }
        Ok(t)
    }

    /// Every reference in the expression (for the dependency graph).
    pub(crate) fn targets(&self) -> Vec<&Target> {
        fn walk<'a>(n: &'a Node, out: &mut Vec<&'a Target>) {
            match n {
                Node::Ref(t) => out.push(t),
                Node::Not(a)
                | Node::Count(a)
                | Node::Answered(a)
                | Node::Selected(a, _)
                | Node::Neg(a)
                | Node::StringLength(a)
                | Node::Round(a, _)
                | Node::IntOf(a)
                | Node::NumberOf(a) => walk(a, out),
                Node::And(v) | Node::Or(v) | Node::Concat(v) => v.iter().for_each(|c| walk(c, out)),
                Node::Cmp(_, a, b) | Node::Arith(_, a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                Node::If(c, a, b) => {
                    walk(c, out);
                    walk(a, out);
                    walk(b, out);
                }
                Node::Bool(_)
                | Node::Int(_)
                | Node::Dec(_)
                | Node::Str(_)
                | Node::Date(_)
                | Node::Current => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.node, &mut out);
        out
    }
}

impl fmt::Debug for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expression({:?})", self.source)
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ref(String),
    Dot,
    Str(String),
    Int(i64),
    Dec(Decimal),
    Word(String),
    Plus,
    Minus,
    Star,
    Op(CmpOp),
    LParen,
    RParen,
    Comma,
    End,
}

#[derive(Debug, Clone)]
struct Lexed {
    tok: Tok,
    col: usize,
}

fn lex(src: &str) -> Result<Vec<Lexed>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |col: usize, message: String| ExprError {
        column: col + 1,
        message,
    };
    while let Some(&c) = chars.get(i) {
        let start = i;
        let tok = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            '$' => {
                if chars.get(i + 1) != Some(&'{') {
                    return Err(err(
                        start,
                        "`$` must start a reference like `${name}`".into(),
                    ));
                }
                let close = chars[i + 2..].iter().position(|&c| c == '}');
                let Some(len) = close else {
                    return Err(err(start, "`${` is not closed with `}`".into()));
                };
                let name: String = chars[i + 2..i + 2 + len].iter().collect();
                if !is_valid_name(&name) {
                    return Err(err(
                        start,
                        format!("`${{{}}}` is not a valid question name", shorten(&name)),
                    ));
                }
                i += 3 + len;
                Tok::Ref(name)
            }
            '.' => {
                i += 1;
                Tok::Dot
            }
            '\'' | '"' => {
                let close = chars[i + 1..].iter().position(|&q| q == c);
                let Some(len) = close else {
                    return Err(err(start, "the string is not closed".into()));
                };
                let s: String = chars[i + 1..i + 1 + len].iter().collect();
                i += 2 + len;
                Tok::Str(s)
            }
            '-' => {
                i += 1;
                Tok::Minus
            }
            '+' => {
                i += 1;
                Tok::Plus
            }
            '*' => {
                i += 1;
                Tok::Star
            }
            '0'..='9' => {
                let mut j = i + 1;
                while chars.get(j).is_some_and(char::is_ascii_digit) {
                    j += 1;
                }
                // a decimal: digits, a point, digits (`0.5`; not `.5` or `5.`)
                let fraction = chars.get(j) == Some(&'.')
                    && chars.get(j + 1).is_some_and(char::is_ascii_digit);
                if fraction {
                    j += 1;
                    while chars.get(j).is_some_and(char::is_ascii_digit) {
                        j += 1;
                    }
                }
                let text: String = chars[i..j].iter().collect();
                i = j;
                if fraction {
                    let Some(d) = parse_decimal(&text) else {
                        return Err(err(start, "the decimal number has too many digits".into()));
                    };
                    Tok::Dec(d)
                } else {
                    let Ok(n) = text.parse::<i64>() else {
                        return Err(err(start, "the number is too large".into()));
                    };
                    Tok::Int(n)
                }
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                let mut j = i + 1;
                while chars
                    .get(j)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    j += 1;
                }
                // the one function name with a hyphen
                let rest: String = chars[j..].iter().take(7).collect();
                if chars[start..j].iter().collect::<String>() == "string" && rest == "-length" {
                    j += 7;
                }
                i = j;
                Tok::Word(chars[start..j].iter().collect())
            }
            '=' => {
                i += 1;
                if chars.get(i) == Some(&'=') {
                    return Err(err(start, "use `=` to compare, not `==`".into()));
                }
                Tok::Op(CmpOp::Eq)
            }
            '!' => {
                if chars.get(i + 1) != Some(&'=') {
                    return Err(err(
                        start,
                        "use `not(…)` for negation; `!` only in `!=`".into(),
                    ));
                }
                i += 2;
                Tok::Op(CmpOp::Ne)
            }
            '<' | '>' => {
                let or_equal = chars.get(i + 1) == Some(&'=');
                i += if or_equal { 2 } else { 1 };
                Tok::Op(match (c, or_equal) {
                    ('<', false) => CmpOp::Lt,
                    ('<', true) => CmpOp::Le,
                    (_, false) => CmpOp::Gt,
                    (_, true) => CmpOp::Ge,
                })
            }
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            other => {
                return Err(err(start, format!("unexpected character `{other}`")));
            }
        };
        out.push(Lexed {
            tok,
            col: start + 1,
        });
    }
    out.push(Lexed {
        tok: Tok::End,
        col: chars.len() + 1,
    });
    Ok(out)
}

/// At most 40 characters of definition text, for error messages.
pub(crate) fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

fn describe_tok(t: &Tok) -> String {
    match t {
        Tok::Ref(n) => format!("`${{{n}}}`"),
        Tok::Dot => "`.`".into(),
        Tok::Str(s) => format!("the string '{}'", shorten(s)),
        Tok::Int(n) => format!("the number {n}"),
        Tok::Dec(d) => format!("the number {d}"),
        Tok::Plus => "`+`".into(),
        Tok::Minus => "`-`".into(),
        Tok::Star => "`*`".into(),
        Tok::Word(w) => format!("`{}`", shorten(w)),
        Tok::Op(op) => format!("`{}`", op.as_str()),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::End => "the end of the expression".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Parser and type checker

#[derive(Debug, Clone, PartialEq)]
enum PTy {
    Value(Ty),
    Repeat,
}

struct Typed {
    node: Node,
    ty: PTy,
    col: usize,
    literal: Option<String>,
}

impl Typed {
    fn new(node: Node, ty: Ty, col: usize) -> Typed {
        Typed {
            node,
            ty: PTy::Value(ty),
            col,
            literal: None,
        }
    }

    fn value_ty(&self) -> Result<&Ty, ExprError> {
        match &self.ty {
            PTy::Value(t) => Ok(t),
            PTy::Repeat => Err(ExprError {
                column: self.col,
                message: "a repeat has no value of its own; use `count(…)` on it".into(),
            }),
        }
    }
}

/// The numeric type of an operand of `what` (`+`, `round`), or why it is not a number.
fn numeric(t: &Typed, what: &str) -> Result<Ty, ExprError> {
    match t.value_ty()? {
        ty @ (Ty::Int | Ty::Dec | Ty::Any) => Ok(ty.clone()),
        other => Err(ExprError {
            column: t.col,
            message: format!("`{what}` needs numbers, but this is {}", other.describe()),
        }),
    }
}

/// Date arithmetic, in days: `date + n`, `n + date` and `date - n` give a date, `date - date`
/// the number of days between them. `None` when neither side is a date (plain arithmetic);
/// an error for any other use of a date (`date * 2`, `date + 1.5`).
fn date_arith(op: ArithOp, left: &Typed, right: &Typed) -> Result<Option<Ty>, ExprError> {
    let (lt, rt) = (left.value_ty()?, right.value_ty()?);
    if *lt != Ty::Date && *rt != Ty::Date {
        return Ok(None);
    }
    match (lt, rt, op) {
        (Ty::Date, Ty::Int | Ty::Any, ArithOp::Add | ArithOp::Sub)
        | (Ty::Int | Ty::Any, Ty::Date, ArithOp::Add) => Ok(Some(Ty::Date)),
        (Ty::Date, Ty::Date, ArithOp::Sub) => Ok(Some(Ty::Int)),
        (Ty::Any, Ty::Date, _) => Ok(Some(Ty::Any)),
        // point at what is wrong: a number that is not whole, or else the date itself
        _ => Err(ExprError {
            column: match (lt, rt) {
                (Ty::Date, Ty::Int | Ty::Date | Ty::Any) => left.col,
                (Ty::Date, _) => right.col,
                (Ty::Int | Ty::Any, _) => right.col,
                _ => left.col,
            },
            message: format!(
                "`{}` with a date: a date takes a whole number of days added or taken away (`${{d}} + 30`), and one date may be taken from another (the days between them)",
                op.as_str()
            ),
        }),
    }
}

fn expect_bool(t: Typed, what: &str) -> Result<Node, ExprError> {
    match t.value_ty()? {
        Ty::Bool | Ty::Any => Ok(t.node),
        other => Err(ExprError {
            column: t.col,
            message: format!(
                "{what} must be a condition (yes/no), but this is {}",
                other.describe()
            ),
        }),
    }
}

struct Parser<'r> {
    toks: Vec<Lexed>,
    pos: usize,
    depth: usize,
    resolver: &'r dyn Resolver,
}

impl Parser<'_> {
    fn peek(&self) -> Lexed {
        self.toks.get(self.pos).cloned().unwrap_or(Lexed {
            tok: Tok::End,
            col: 1,
        })
    }

    fn next(&mut self) -> Lexed {
        let t = self.peek();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(x) if x == w)
    }

    fn unexpected(&self, t: &Lexed, context: &str) -> ExprError {
        ExprError {
            column: t.col,
            message: format!("unexpected {} {context}", describe_tok(&t.tok)),
        }
    }

    fn enter(&mut self, col: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return Err(ExprError {
                column: col,
                message: format!("the expression nests deeper than {MAX_EXPR_DEPTH} levels"),
            });
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn expect(&mut self, want: Tok, context: &str) -> Result<Lexed, ExprError> {
        let t = self.next();
        if t.tok == want {
            Ok(t)
        } else {
            Err(self.unexpected(&t, context))
        }
    }

    fn parse_or(&mut self) -> Result<Typed, ExprError> {
        self.parse_chain("or", Parser::parse_and, Node::Or)
    }

    fn parse_and(&mut self) -> Result<Typed, ExprError> {
        self.parse_chain("and", Parser::parse_not, Node::And)
    }

    fn parse_chain(
        &mut self,
        word: &str,
        operand: fn(&mut Self) -> Result<Typed, ExprError>,
        make: fn(Vec<Node>) -> Node,
    ) -> Result<Typed, ExprError> {
        let first = operand(self)?;
        if !self.is_word(word) {
            return Ok(first);
        }
        let col = first.col;
        let mut nodes = vec![expect_bool(first, &format!("each side of `{word}`"))?];
        while self.is_word(word) {
            self.next();
            let next = operand(self)?;
            nodes.push(expect_bool(next, &format!("each side of `{word}`"))?);
        }
        Ok(Typed::new(make(nodes), Ty::Bool, col))
    }

    fn parse_not(&mut self) -> Result<Typed, ExprError> {
        if !self.is_word("not") {
            return self.parse_compare();
        }
        let t = self.next();
        self.enter(t.col)?;
        let operand = self.parse_not()?;
        self.leave();
        let node = expect_bool(operand, "the operand of `not`")?;
        Ok(Typed::new(Node::Not(Box::new(node)), Ty::Bool, t.col))
    }

    fn parse_compare(&mut self) -> Result<Typed, ExprError> {
        let left = self.parse_additive()?;
        let Tok::Op(op) = self.peek().tok else {
            return Ok(left);
        };
        let op_tok = self.next();
        let right = self.parse_additive()?;
        self.check_compare(op, &left, &right, op_tok.col)?;
        if let Tok::Op(_) = self.peek().tok {
            return Err(ExprError {
                column: self.peek().col,
                message: "comparisons cannot be chained; join them with `and`".into(),
            });
        }
        Ok(Typed::new(
            Node::Cmp(op, Box::new(left.node), Box::new(right.node)),
            Ty::Bool,
            left.col,
        ))
    }

    fn parse_additive(&mut self) -> Result<Typed, ExprError> {
        self.parse_arith_chain(Parser::parse_multiplicative, |t| match t {
            Tok::Plus => Some(ArithOp::Add),
            Tok::Minus => Some(ArithOp::Sub),
            _ => None,
        })
    }

    fn parse_multiplicative(&mut self) -> Result<Typed, ExprError> {
        self.parse_arith_chain(Parser::parse_unary, |t| match t {
            Tok::Star => Some(ArithOp::Mul),
            Tok::Word(w) if w == "div" => Some(ArithOp::Div),
            Tok::Word(w) if w == "mod" => Some(ArithOp::Mod),
            _ => None,
        })
    }

    /// `a op b op c …`, left to right. Each operator counts as a level of nesting, so a chain
    /// is as bounded as parentheses are (evaluation recurses once per operator).
    fn parse_arith_chain(
        &mut self,
        operand: fn(&mut Self) -> Result<Typed, ExprError>,
        op_of: fn(&Tok) -> Option<ArithOp>,
    ) -> Result<Typed, ExprError> {
        let mut left = operand(self)?;
        let mut levels = 0;
        while let Some(op) = op_of(&self.peek().tok) {
            let op_tok = self.next();
            self.enter(op_tok.col)?;
            levels += 1;
            let right = operand(self)?;
            if let Some(ty) = date_arith(op, &left, &right)? {
                left = Typed::new(
                    Node::Arith(op, Box::new(left.node), Box::new(right.node)),
                    ty,
                    left.col,
                );
                continue;
            }
            let lt = numeric(&left, op.as_str())?;
            let rt = numeric(&right, op.as_str())?;
            let ty = match (lt, rt, op) {
                (Ty::Any, _, _) | (_, Ty::Any, _) => Ty::Any,
                (Ty::Int, Ty::Int, ArithOp::Div) => Ty::Dec,
                (Ty::Int, Ty::Int, _) => Ty::Int,
                _ => Ty::Dec,
            };
            left = Typed::new(
                Node::Arith(op, Box::new(left.node), Box::new(right.node)),
                ty,
                left.col,
            );
        }
        for _ in 0..levels {
            self.leave();
        }
        Ok(left)
    }

    /// `-x`; a minus before a number literal is folded into it (`-5`).
    fn parse_unary(&mut self) -> Result<Typed, ExprError> {
        if self.peek().tok != Tok::Minus {
            return self.parse_primary();
        }
        let t = self.next();
        self.enter(t.col)?;
        let operand = self.parse_unary()?;
        self.leave();
        let ty = numeric(&operand, "-")?;
        let node = match operand.node {
            Node::Int(n) => Node::Int(n.checked_neg().ok_or(ExprError {
                column: t.col,
                message: "the number is too large".into(),
            })?),
            Node::Dec(d) => Node::Dec(-d),
            other => Node::Neg(Box::new(other)),
        };
        Ok(Typed::new(node, ty, t.col))
    }

    fn check_compare(
        &self,
        op: CmpOp,
        left: &Typed,
        right: &Typed,
        col: usize,
    ) -> Result<(), ExprError> {
        let (lt, rt) = (left.value_ty()?, right.value_ty()?);
        let equality_only = || -> Result<(), ExprError> {
            if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                Ok(())
            } else {
                Err(ExprError {
                    column: col,
                    message: format!(
                        "`{}` needs numbers or dates; {} can only be compared with `=` or `!=`",
                        op.as_str(),
                        lt.describe()
                    ),
                })
            }
        };
        match (lt, rt) {
            (Ty::Any, _) | (_, Ty::Any) => Ok(()),
            (Ty::Int | Ty::Dec, Ty::Int | Ty::Dec) | (Ty::Date, Ty::Date) => Ok(()),
            (Ty::Bool, Ty::Bool) => equality_only(),
            (Ty::Text | Ty::Choice(_), Ty::Text | Ty::Choice(_)) => {
                equality_only()?;
                for (side, other) in [(lt, right), (rt, left)] {
                    if let (Ty::Choice(list), Some(lit)) = (side, &other.literal) {
                        self.check_choice(list, lit, other.col)?;
                    }
                }
                Ok(())
            }
            (Ty::Choices(_), _) | (_, Ty::Choices(_)) => Err(ExprError {
                column: col,
                message: "a select-many answer cannot be compared; use `selected(…)` or `count(…)`"
                    .into(),
            }),
            _ => Err(ExprError {
                column: col,
                message: format!("cannot compare {} with {}", lt.describe(), rt.describe()),
            }),
        }
    }

    fn check_choice(&self, list: &str, choice: &str, col: usize) -> Result<(), ExprError> {
        if self.resolver.has_choice(list, choice) {
            Ok(())
        } else {
            Err(ExprError {
                column: col,
                message: format!("'{}' is not a choice in the list `{list}`", shorten(choice)),
            })
        }
    }

    /// `${name}` or `.` — the argument of a function.
    fn parse_operand(&mut self, func: &str) -> Result<Typed, ExprError> {
        let t = self.peek();
        match t.tok {
            Tok::Ref(_) | Tok::Dot => self.parse_primary(),
            _ => Err(ExprError {
                column: t.col,
                message: format!(
                    "`{func}(…)` takes a reference like `${{name}}` or `.`, not {}",
                    describe_tok(&t.tok)
                ),
            }),
        }
    }

    fn parse_string_arg(&mut self, func: &str) -> Result<(String, usize), ExprError> {
        let t = self.next();
        match t.tok {
            Tok::Str(s) => Ok((s, t.col)),
            other => Err(ExprError {
                column: t.col,
                message: format!(
                    "`{func}(…)` needs a quoted string here, not {}",
                    describe_tok(&other)
                ),
            }),
        }
    }

    fn parse_primary(&mut self) -> Result<Typed, ExprError> {
        let t = self.next();
        let col = t.col;
        match t.tok {
            Tok::Ref(name) => {
                let target = self
                    .resolver
                    .resolve(&name)
                    .map_err(|message| ExprError {
                        column: col,
                        message,
                    })?;
                let ty = match &target.kind {
                    TargetKind::Question(ty) => PTy::Value(ty.clone()),
                    TargetKind::Repeat => PTy::Repeat,
                    TargetKind::Note => {
                        return Err(ExprError {
                            column: col,
                            message: format!("`${{{name}}}` is a note: it shows text and holds no answer"),
                        })
                    }
                };
                Ok(Typed {
                    node: Node::Ref(target),
                    ty,
                    col,
                    literal: None,
                })
            }
            Tok::Dot => match self.resolver.current() {
                Some(ty) => Ok(Typed::new(Node::Current, ty, col)),
                None => Err(ExprError {
                    column: col,
                    message: "`.` (this question's answer) is only allowed in a constraint"
                        .into(),
                }),
            },
            Tok::Str(s) => Ok(Typed {
                node: Node::Str(s.clone()),
                ty: PTy::Value(Ty::Text),
                col,
                literal: Some(s),
            }),
            Tok::Int(n) => Ok(Typed::new(Node::Int(n), Ty::Int, col)),
            Tok::Dec(d) => Ok(Typed::new(Node::Dec(d), Ty::Dec, col)),
            Tok::LParen => {
                self.enter(col)?;
                let inner = self.parse_or()?;
                self.expect(Tok::RParen, "(expected `)`)")?;
                self.leave();
                Ok(Typed { col, ..inner })
            }
            Tok::Word(w) => match w.as_str() {
                "true" => Ok(Typed::new(Node::Bool(true), Ty::Bool, col)),
                "false" => Ok(Typed::new(Node::Bool(false), Ty::Bool, col)),
                "selected" | "count" | "answered" | "date" | "if" | "concat" | "string-length"
                | "round" | "int" | "number" => self.parse_call(&w, col),
                "and" | "or" | "not" => Err(ExprError {
                    column: col,
                    message: format!("expected a value before `{w}`"),
                }),
                _ => Err(ExprError {
                    column: col,
                    message: format!(
                        "unknown word `{}` (text must be quoted; questions are written `${{name}}`)",
                        shorten(&w)
                    ),
                }),
            },
            other => Err(ExprError {
                column: col,
                message: format!("expected a value, found {}", describe_tok(&other)),
            }),
        }
    }

    fn parse_call(&mut self, func: &str, col: usize) -> Result<Typed, ExprError> {
        self.enter(col)?;
        self.expect(Tok::LParen, &format!("(expected `(` after `{func}`)"))?;
        let result = match func {
            "selected" => {
                let arg = self.parse_operand(func)?;
                self.expect(Tok::Comma, "(expected `,` and a choice name)")?;
                let (choice, choice_col) = self.parse_string_arg(func)?;
                match arg.value_ty()? {
                    Ty::Choice(list) | Ty::Choices(list) => {
                        self.check_choice(list, &choice, choice_col)?
                    }
                    Ty::Any => {}
                    other => {
                        return Err(ExprError {
                            column: arg.col,
                            message: format!(
                                "`selected(…)` needs a select-one or select-many question, not {}",
                                other.describe()
                            ),
                        })
                    }
                }
                Typed::new(Node::Selected(Box::new(arg.node), choice), Ty::Bool, col)
            }
            "count" => {
                let arg = self.parse_operand(func)?;
                match &arg.ty {
                    PTy::Repeat | PTy::Value(Ty::Choices(_) | Ty::Any) => {}
                    PTy::Value(other) => {
                        return Err(ExprError {
                            column: arg.col,
                            message: format!(
                                "`count(…)` needs a repeat or a select-many question, not {}",
                                other.describe()
                            ),
                        })
                    }
                }
                Typed::new(Node::Count(Box::new(arg.node)), Ty::Int, col)
            }
            "answered" => {
                let arg = self.parse_operand(func)?;
                arg.value_ty()?;
                Typed::new(Node::Answered(Box::new(arg.node)), Ty::Bool, col)
            }
            "if" => {
                let cond = self.parse_or()?;
                let cond = expect_bool(cond, "the condition of `if(…)`")?;
                self.expect(Tok::Comma, "(expected `,` and the value when true)")?;
                let a = self.parse_or()?;
                self.expect(Tok::Comma, "(expected `,` and the value when false)")?;
                let b = self.parse_or()?;
                let ty = match (a.value_ty()?, b.value_ty()?) {
                    (Ty::Any, t) | (t, Ty::Any) => t.clone(),
                    (x, y) if x == y => x.clone(),
                    (Ty::Int | Ty::Dec, Ty::Int | Ty::Dec) => Ty::Dec,
                    (Ty::Text | Ty::Choice(_), Ty::Text | Ty::Choice(_)) => Ty::Text,
                    (x, y) => {
                        return Err(ExprError {
                            column: b.col,
                            message: format!(
                                "both values of `if(…)` must be of one kind, but one is {} and the other {}",
                                x.describe(),
                                y.describe()
                            ),
                        })
                    }
                };
                Typed::new(
                    Node::If(Box::new(cond), Box::new(a.node), Box::new(b.node)),
                    ty,
                    col,
                )
            }
            "concat" => {
                let mut parts = Vec::new();
                loop {
                    let arg = self.parse_or()?;
                    match arg.value_ty()? {
                        Ty::Text | Ty::Choice(_) | Ty::Int | Ty::Dec | Ty::Any => {}
                        other => {
                            return Err(ExprError {
                                column: arg.col,
                                message: format!(
                                    "`concat(…)` joins text and numbers, not {}",
                                    other.describe()
                                ),
                            })
                        }
                    }
                    parts.push(arg.node);
                    if self.peek().tok != Tok::Comma {
                        break;
                    }
                    self.next();
                }
                Typed::new(Node::Concat(parts), Ty::Text, col)
            }
            "string-length" => {
                let arg = self.parse_or()?;
                match arg.value_ty()? {
                    Ty::Text | Ty::Choice(_) | Ty::Any => {}
                    other => {
                        return Err(ExprError {
                            column: arg.col,
                            message: format!(
                                "`string-length(…)` needs text, not {}",
                                other.describe()
                            ),
                        })
                    }
                }
                Typed::new(Node::StringLength(Box::new(arg.node)), Ty::Int, col)
            }
            "round" => {
                let arg = self.parse_or()?;
                numeric(&arg, "round")?;
                let mut places = 0;
                if self.peek().tok == Tok::Comma {
                    self.next();
                    let t = self.next();
                    match t.tok {
                        Tok::Int(n) if (0..=MAX_ROUND_PLACES).contains(&n) => {
                            places = u32::try_from(n).unwrap_or(0);
                        }
                        _ => {
                            return Err(ExprError {
                                column: t.col,
                                message: format!(
                                    "`round(…, places)` needs a whole number of places from 0 to {MAX_ROUND_PLACES}"
                                ),
                            })
                        }
                    }
                }
                Typed::new(Node::Round(Box::new(arg.node), places), Ty::Dec, col)
            }
            "int" => {
                let arg = self.parse_or()?;
                numeric(&arg, "int")?;
                Typed::new(Node::IntOf(Box::new(arg.node)), Ty::Int, col)
            }
            "number" => {
                let arg = self.parse_or()?;
                match arg.value_ty()? {
                    Ty::Text | Ty::Choice(_) | Ty::Int | Ty::Dec | Ty::Any => {}
                    other => {
                        return Err(ExprError {
                            column: arg.col,
                            message: format!(
                                "`number(…)` reads text or a number, not {}",
                                other.describe()
                            ),
                        })
                    }
                }
                Typed::new(Node::NumberOf(Box::new(arg.node)), Ty::Dec, col)
            }
            // `date(${d})` of a date is the date itself (XLSForm writes it before arithmetic)
            _ if !matches!(self.peek().tok, Tok::Str(_)) => {
                let arg = self.parse_or()?;
                match arg.value_ty()? {
                    Ty::Date | Ty::Any => Typed { col, ..arg },
                    other => {
                        return Err(ExprError {
                            column: arg.col,
                            message: format!(
                                "`date(…)` takes a date question or a quoted 'YYYY-MM-DD', not {}",
                                other.describe()
                            ),
                        })
                    }
                }
            }
            _ => {
                let (text, text_col) = self.parse_string_arg(func)?;
                let Some(date) = PartialDate::parse_iso(&text) else {
                    return Err(ExprError {
                        column: text_col,
                        message: "`date(…)` needs 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a real date)"
                            .into(),
                    });
                };
                Typed::new(Node::Date(date.day_range()), Ty::Date, col)
            }
        };
        self.expect(Tok::RParen, &format!("(expected `)` to close `{func}(`)"))?;
        self.leave();
        Ok(result)
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// A value during evaluation. `Missing` covers "nothing recorded", declined, don't know, not
/// asked, an empty value, a non-relevant question and a value of the wrong type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Missing,
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    /// Borrowed from an answer or the definition, or made by `concat(…)`.
    Text(Cow<'a, str>),
    Date(DayRange),
    Choices(&'a [String]),
}

/// What evaluation needs from a case: values and repeat counts, resolved in a context.
pub(crate) trait Env<'a> {
    /// The value of a referenced question in the current context.
    fn value(&self, target: &Target) -> Val<'a>;
    /// The value of `.`.
    fn current(&self) -> Val<'a>;
    /// The number of instances of a referenced repeat (0 if it is not relevant).
    fn repeat_count(&self, target: &Target) -> i64;
}

/// Evaluates a condition: `Some(true)`, `Some(false)`, or `None` for unknown.
pub(crate) fn eval_condition<'a>(node: &'a Node, env: &dyn Env<'a>) -> Option<bool> {
    match node {
        Node::Not(a) => eval_condition(a, env).map(|b| !b),
        Node::And(items) => {
            let mut unknown = false;
            for item in items {
                match eval_condition(item, env) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        Node::Or(items) => {
            let mut unknown = false;
            for item in items {
                match eval_condition(item, env) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        Node::Cmp(op, a, b) => compare(*op, eval_value(a, env), eval_value(b, env)),
        Node::Selected(arg, choice) => Some(match eval_value(arg, env) {
            Val::Text(s) => s.as_ref() == choice,
            Val::Choices(v) => v.iter().any(|c| c == choice),
            _ => false,
        }),
        Node::Answered(arg) => Some(eval_value(arg, env) != Val::Missing),
        other => match eval_value(other, env) {
            Val::Bool(b) => Some(b),
            _ => None,
        },
    }
}

pub(crate) fn eval_value<'a>(node: &'a Node, env: &dyn Env<'a>) -> Val<'a> {
    match node {
        Node::Bool(b) => Val::Bool(*b),
        Node::Int(n) => Val::Int(*n),
        Node::Dec(d) => Val::Dec(*d),
        Node::Str(s) => Val::Text(Cow::Borrowed(s)),
        Node::Date(r) => Val::Date(*r),
        Node::Ref(t) => env.value(t),
        Node::Current => env.current(),
        Node::Count(arg) => match arg.as_ref() {
            Node::Ref(t) if t.kind == TargetKind::Repeat => Val::Int(env.repeat_count(t)),
            other => match eval_value(other, env) {
                Val::Choices(v) => Val::Int(i64::try_from(v.len()).unwrap_or(i64::MAX)),
                _ => Val::Int(0),
            },
        },
        Node::Arith(op, a, b) => arith(*op, eval_value(a, env), eval_value(b, env)),
        Node::Neg(a) => match eval_value(a, env) {
            Val::Int(i) => i.checked_neg().map_or(Val::Missing, Val::Int),
            Val::Dec(d) => Val::Dec(-d),
            _ => Val::Missing,
        },
        Node::If(c, a, b) => match eval_condition(c, env) {
            Some(true) => eval_value(a, env),
            Some(false) => eval_value(b, env),
            None => Val::Missing,
        },
        // Unlike XPath, a missing part makes the whole unknown: a joined text with a silent
        // hole ("3 x  = ") would state less than it seems to, and a gap must stay visible.
        Node::Concat(parts) => {
            let mut out = String::new();
            for p in parts {
                match eval_value(p, env) {
                    Val::Text(s) => out.push_str(&s),
                    Val::Int(i) => out.push_str(&i.to_string()),
                    Val::Dec(d) => out.push_str(&crate::decimal::decimal_text(d)),
                    _ => return Val::Missing,
                }
            }
            if out.is_empty() {
                Val::Missing
            } else {
                Val::Text(Cow::Owned(out))
            }
        }
        // As in XPath: nothing recorded has length 0.
        Node::StringLength(a) => match eval_value(a, env) {
            Val::Text(s) => Val::Int(i64::try_from(s.chars().count()).unwrap_or(i64::MAX)),
            _ => Val::Int(0),
        },
        Node::Round(a, places) => match as_decimal(eval_value(a, env)) {
            Some(d) => {
                Val::Dec(d.round_dp_with_strategy(*places, RoundingStrategy::MidpointAwayFromZero))
            }
            None => Val::Missing,
        },
        Node::IntOf(a) => match as_decimal(eval_value(a, env)) {
            Some(d) => d.trunc().to_i64().map_or(Val::Missing, Val::Int),
            None => Val::Missing,
        },
        Node::NumberOf(a) => match eval_value(a, env) {
            Val::Text(s) => parse_decimal(s.trim()).map_or(Val::Missing, Val::Dec),
            other => as_decimal(other).map_or(Val::Missing, Val::Dec),
        },
        Node::Not(_)
        | Node::And(_)
        | Node::Or(_)
        | Node::Cmp(..)
        | Node::Selected(..)
        | Node::Answered(_) => match eval_condition(node, env) {
            Some(b) => Val::Bool(b),
            None => Val::Missing,
        },
    }
}

/// A number as an exact decimal.
fn as_decimal(v: Val<'_>) -> Option<Decimal> {
    match v {
        Val::Int(i) => Some(Decimal::from(i)),
        Val::Dec(d) => Some(d),
        _ => None,
    }
}

/// Arithmetic, exact; unknown when a side is missing, on overflow and on division by zero.
fn arith<'a>(op: ArithOp, a: Val<'_>, b: Val<'_>) -> Val<'a> {
    match (&a, &b, op) {
        (Val::Date(d), Val::Int(n), ArithOp::Add) | (Val::Int(n), Val::Date(d), ArithOp::Add) => {
            return d.shifted(*n).map_or(Val::Missing, Val::Date)
        }
        (Val::Date(d), Val::Int(n), ArithOp::Sub) => {
            return n
                .checked_neg()
                .and_then(|n| d.shifted(n))
                .map_or(Val::Missing, Val::Date)
        }
        // days between two dates: known only when both are single days (a partial date
        // would give a number nobody stated)
        (Val::Date(x), Val::Date(y), ArithOp::Sub) => {
            return match (x.single_day(), y.single_day()) {
                (Some(x), Some(y)) => x.checked_sub(y).map_or(Val::Missing, Val::Int),
                _ => Val::Missing,
            }
        }
        (Val::Date(_), _, _) | (_, Val::Date(_), _) => return Val::Missing,
        _ => {}
    }
    if let (Val::Int(x), Val::Int(y)) = (&a, &b) {
        let (x, y) = (*x, *y);
        let r = match op {
            ArithOp::Add => x.checked_add(y),
            ArithOp::Sub => x.checked_sub(y),
            ArithOp::Mul => x.checked_mul(y),
            ArithOp::Mod => x.checked_rem(y),
            ArithOp::Div => None,
        };
        if op != ArithOp::Div {
            return r.map_or(Val::Missing, Val::Int);
        }
    }
    let (Some(x), Some(y)) = (as_decimal(a), as_decimal(b)) else {
        return Val::Missing;
    };
    let r = match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div => x.checked_div(y),
        ArithOp::Mod => x.checked_rem(y),
    };
    r.map_or(Val::Missing, Val::Dec)
}

/// Compares two values. Dates compare as the ranges of days they may mean: `<`, `>` and `!=`
/// hold only when certain, `<=`, `>=` and `=` when possible, so `not(a < b)` is `a >= b`.
fn compare(op: CmpOp, a: Val<'_>, b: Val<'_>) -> Option<bool> {
    use std::cmp::Ordering;
    let ordered = |o: Ordering| match op {
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    };
    match (a, b) {
        (Val::Int(x), Val::Int(y)) => Some(ordered(x.cmp(&y))),
        // exact base-10 comparison; an integer is a decimal with no fraction
        (Val::Dec(x), Val::Dec(y)) => Some(ordered(x.cmp(&y))),
        (Val::Int(x), Val::Dec(y)) => Some(ordered(Decimal::from(x).cmp(&y))),
        (Val::Dec(x), Val::Int(y)) => Some(ordered(x.cmp(&Decimal::from(y)))),
        (Val::Text(x), Val::Text(y)) => match op {
            CmpOp::Eq => Some(x == y),
            CmpOp::Ne => Some(x != y),
            _ => None,
        },
        (Val::Bool(x), Val::Bool(y)) => match op {
            CmpOp::Eq => Some(x == y),
            CmpOp::Ne => Some(x != y),
            _ => None,
        },
        (Val::Date(x), Val::Date(y)) => {
            let overlap = x.first <= y.last && y.first <= x.last;
            Some(match op {
                CmpOp::Lt => x.last < y.first,
                CmpOp::Ge => x.last >= y.first,
                CmpOp::Gt => x.first > y.last,
                CmpOp::Le => x.first <= y.last,
                CmpOp::Eq => overlap,
                CmpOp::Ne => !overlap,
            })
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use std::collections::HashMap;

    use super::*;

    /// A fixed scope: a (integer), t (text), c (select one from `methods`), m (select many from
    /// `methods`), d and e (dates), y (yes/no), r (a repeat).
    struct Scope {
        current: Option<Ty>,
    }

    impl Resolver for Scope {
        fn resolve(&self, name: &str) -> Result<Target, String> {
            let kind = match name {
                "a" | "b" => TargetKind::Question(Ty::Int),
                "x" => TargetKind::Question(Ty::Dec),
                "t" => TargetKind::Question(Ty::Text),
                "c" => TargetKind::Question(Ty::Choice("methods".into())),
                "m" => TargetKind::Question(Ty::Choices("methods".into())),
                "d" | "e" => TargetKind::Question(Ty::Date),
                "y" => TargetKind::Question(Ty::Bool),
                "r" => TargetKind::Repeat,
                _ => return Err(format!("unknown question `${{{name}}}`")),
            };
            Ok(Target {
                path: QuestionPath::from_names(vec![name.to_owned()]),
                kind,
            })
        }

        fn has_choice(&self, list: &str, choice: &str) -> bool {
            list == "methods" && ["beating", "threats", "other"].contains(&choice)
        }

        fn current(&self) -> Option<Ty> {
            self.current.clone()
        }
    }

    fn compile(src: &str) -> Result<Expression, ExprError> {
        Expression::compile(
            src,
            &Scope {
                current: Some(Ty::Int),
            },
        )
    }

    /// `check(source, expected)`: expected is the S-expression of the tree, or
    /// `"error <column>: <message fragment>"`.
    fn check(src: &str, expected: &str) {
        let got = match compile(src) {
            Ok(e) => sexpr(e.node()),
            Err(e) => format!("error {}: {}", e.column, e.message),
        };
        if let Some(want) = expected.strip_prefix("error ") {
            let (col, fragment) = want.split_once(": ").unwrap_or((want, ""));
            assert!(
                got.starts_with(&format!("error {col}: ")) && got.contains(fragment),
                "{src}\n  got:  {got}\n  want: {expected}"
            );
        } else {
            assert_eq!(got, expected, "{src}");
        }
    }

    fn sexpr(n: &Node) -> String {
        let list = |head: &str, items: &[&Node]| {
            let inner: Vec<String> = items.iter().map(|n| sexpr(n)).collect();
            format!("({head} {})", inner.join(" "))
        };
        match n {
            Node::Bool(b) => b.to_string(),
            Node::Int(i) => i.to_string(),
            Node::Dec(d) => format!("{d}d"),
            Node::Str(s) => format!("'{s}'"),
            Node::Date(r) => format!("date[{}..{}]", r.first, r.last),
            Node::Ref(t) => format!("${}", t.path),
            Node::Current => ".".into(),
            Node::Not(a) => list("not", &[a]),
            Node::And(v) => list("and", &v.iter().collect::<Vec<_>>()),
            Node::Or(v) => list("or", &v.iter().collect::<Vec<_>>()),
            Node::Cmp(op, a, b) => list(op.as_str(), &[a, b]),
            Node::Selected(a, c) => format!("(selected {} '{c}')", sexpr(a)),
            Node::Count(a) => list("count", &[a]),
            Node::Answered(a) => list("answered", &[a]),
            Node::Arith(op, a, b) => list(op.as_str(), &[a, b]),
            Node::Neg(a) => list("neg", &[a]),
            Node::If(c, a, b) => list("if", &[c, a, b]),
            Node::Concat(v) => list("concat", &v.iter().collect::<Vec<_>>()),
            Node::StringLength(a) => list("string-length", &[a]),
            Node::Round(a, p) => list(&format!("round{p}"), &[a]),
            Node::IntOf(a) => list("int", &[a]),
            Node::NumberOf(a) => list("number", &[a]),
        }
    }

    #[test]
    fn parses_valid_expressions() {
        check("${y}", "$y");
        check("true", "true");
        check("${a} = 1", "(= $a 1)");
        check("${a} >= -5", "(>= $a -5)");
        check(". >= 0.5", "(>= . 0.5d)");
        check("${x} >= -0.25", "(>= $x -0.25d)");
        check("${x} < ${a}", "(< $x $a)");
        check("${a} = 1.0", "(= $a 1.0d)");
        check("${a} = - 1", "(= $a -1)");
        check("${a} - 1 > 0", "(> (- $a 1) 0)");
        check("${a}-1 > 0", "(> (- $a 1) 0)");
        check("${a} + ${b} * 2 - 1 >= 3", "(>= (- (+ $a (* $b 2)) 1) 3)");
        check("(${a} + ${b}) div 2 > ${x}", "(> (div (+ $a $b) 2) $x)");
        check("${a} mod 2 = 1", "(= (mod $a 2) 1)");
        check("-${a} < 0", "(< (neg $a) 0)");
        check("if(${y}, ${a}, 0.5) > 1", "(> (if $y $a 0.5d) 1)");
        check(
            "concat(${t}, '-', ${a}) = 'x-5'",
            "(= (concat $t '-' $a) 'x-5')",
        );
        check("string-length(${t}) > 3", "(> (string-length $t) 3)");
        check("round(${x}, 2) = 0.1", "(= (round2 $x) 0.1d)");
        check("int(${x}) = 0", "(= (int $x) 0)");
        check("number(${t}) > 1", "(> (number $t) 1)");
        check(". <= 120", "(<= . 120)");
        check("${t} != 'x'", "(!= $t 'x')");
        check("${c} = \"beating\"", "(= $c 'beating')");
        check("'beating' = ${c}", "(= 'beating' $c)");
        check("${y} = false", "(= $y false)");
        check(
            "${a} > 1 and ${a} < 10 and ${y}",
            "(and (> $a 1) (< $a 10) $y)",
        );
        check(
            "${y} or ${a} = 2 and ${t} = 'z'",
            "(or $y (and (= $a 2) (= $t 'z')))",
        );
        check("not ${y}", "(not $y)");
        check("not(${y})", "(not $y)");
        check("not not ${y}", "(not (not $y))");
        check("not ${a} = 1", "(not (= $a 1))");
        check(
            "(${y} or ${a} = 2) and ${t} = 'z'",
            "(and (or $y (= $a 2)) (= $t 'z'))",
        );
        check("selected(${m}, 'other')", "(selected $m 'other')");
        check("selected(${c}, 'beating')", "(selected $c 'beating')");
        check("count(${r}) > 0", "(> (count $r) 0)");
        check("count(${m}) >= 2", "(>= (count $m) 2)");
        check("answered(${t})", "(answered $t)");
        check("${d} <= ${e}", "(<= $d $e)");
        check("${d} < date('2022-09-16')", "(< $d date[19251..19251])");
        check("${d} >= date('2000')", "(>= $d date[10957..11322])");
        check("  ${y}\n and\t${y} ", "(and $y $y)");
    }

    #[test]
    fn rejects_invalid_expressions() {
        check("", "error 1: empty");
        check("   ", "error 1: empty");
        check("${a}", "error 1: must be a condition");
        check("${a} = ", "error 8: expected a value, found the end");
        check("${nope} = 1", "error 1: unknown question `${nope}`");
        check("${Bad} = 1", "error 1: not a valid question name");
        check("${a = 1", "error 1: not closed");
        check("$a = 1", "error 1: `$` must start a reference");
        check("${a} == 1", "error 6: not `==`");
        check("!${y}", "error 1: use `not(");
        check("${a} = 'x'", "error 6: cannot compare an integer with text");
        check("${t} < 'x'", "error 6: `<` needs numbers or dates");
        check("${y} > true", "error 6: `>` needs numbers or dates");
        check(
            "${x} = 'x'",
            "error 6: cannot compare a decimal number with text",
        );
        check(
            "${x} < ${d}",
            "error 6: cannot compare a decimal number with a date",
        );
        check("${x} > 1.", "error 9: unexpected `.`");
        check("${x} > .5", "error 9: unexpected the number 5");
        check(
            "${x} > 0.000000000000000000000000000001",
            "error 8: too many digits",
        );
        check(
            "${c} = 'kicking'",
            "error 8: 'kicking' is not a choice in the list `methods`",
        );
        check(
            "${m} = 'beating'",
            "error 6: select-many answer cannot be compared",
        );
        check("selected(${m}, 'kicking')", "error 16: not a choice");
        check(
            "selected(${t}, 'x')",
            "error 10: needs a select-one or select-many",
        );
        check("selected('x', 'x')", "error 10: takes a reference");
        check("selected(${m}, ${t})", "error 16: needs a quoted string");
        check(
            "count(${a}) > 1",
            "error 7: needs a repeat or a select-many",
        );
        check("count(${r})", "error 1: must be a condition");
        check("${r} = 1", "error 1: a repeat has no value");
        check("${a} < 1 < 2", "error 10: cannot be chained");
        check("${y} and", "error 9: expected a value, found the end");
        check("and ${y}", "error 1: expected a value before `and`");
        check(
            "${y} ${y}",
            "error 6: unexpected `${y}` where the expression should end",
        );
        check("yes", "error 1: unknown word `yes`");
        check("(${y}", "error 6: expected `)`");
        check("${y})", "error 5: unexpected `)`");
        check("date('2022-02-30') = ${d}", "error 6: needs 'YYYY'");
        check("${a} = 99999999999999999999", "error 8: too large");
        check(
            "${a} + 't' > 1",
            "error 8: `+` needs numbers, but this is text",
        );
        check(
            "${a} * ${d} > 1",
            "error 8: `*` with a date: a date takes a whole number of days",
        );
        // date arithmetic: days added or taken away, days between two dates
        check("${d} + 30 > ${e}", "(> (+ $d 30) $e)");
        check("${d} - ${e} > 30", "(> (- $d $e) 30)");
        check("date(${d}) - 7 < ${e}", "(< (- $d 7) $e)");
        check("${d} * 2 > ${e}", "error 1: `*` with a date");
        check("${d} + 1.5 > ${e}", "error 8: `+` with a date");
        check("${d} + 't' > ${e}", "error 8: `+` with a date");
        check("30 - ${d} > ${e}", "error 6: `-` with a date");
        check(
            "date(${t}) > ${e}",
            "error 6: `date(…)` takes a date question",
        );
        check("-${t} = 1", "error 2: `-` needs numbers");
        check(
            "if(${a}, 1, 2) = 1",
            "error 4: the condition of `if(…)` must be a condition",
        );
        check("if(${y}, 1, 'x') = 1", "error 13: both values of `if(…)`");
        check(
            "concat(${y}) = 'x'",
            "error 8: `concat(…)` joins text and numbers",
        );
        check(
            "string-length(${a}) > 1",
            "error 15: `string-length(…)` needs text",
        );
        check("round(${a}, 99) > 1", "error 13: whole number of places");
        check("round(${t}) > 1", "error 7: `round` needs numbers");
        check(
            "${a} div 0 + 1 = 'x'",
            "error 16: cannot compare a decimal number with text",
        );
        let chain = format!("1{} = 1", " + 1".repeat(30));
        check(&chain, "error 99: nests deeper");
        check("'unclosed", "error 1: not closed");
        check("${y} & ${y}", "error 6: unexpected character `&`");
        check("not ${a}", "error 5: operand of `not` must be a condition");
        check("${a} or ${y}", "error 1: each side of `or`");
        check("${y} and 'x'", "error 10: each side of `and`");
        let deep = format!("{}${{y}}{}", "(".repeat(40), ")".repeat(40));
        check(&deep, "error 25: nests deeper");
        let long = format!("${{y}}{}", " and ${y}".repeat(120));
        check(&long, "error 1000: longer than");
    }

    #[test]
    fn dot_only_in_constraints() {
        let r = Expression::compile(". > 1", &Scope { current: None });
        assert!(
            matches!(&r, Err(e) if e.message.contains("only allowed in a constraint")),
            "{r:?}"
        );
    }

    // -- evaluation -------------------------------------------------------------------------

    struct Data {
        values: HashMap<&'static str, OwnedVal>,
        repeats: i64,
        current: OwnedVal,
    }

    #[derive(Clone)]
    enum OwnedVal {
        Missing,
        Bool(bool),
        Int(i64),
        Dec(&'static str),
        Text(String),
        Date(DayRange),
        Choices(Vec<String>),
    }

    impl OwnedVal {
        fn borrow(&self) -> Val<'_> {
            match self {
                OwnedVal::Missing => Val::Missing,
                OwnedVal::Bool(b) => Val::Bool(*b),
                OwnedVal::Int(i) => Val::Int(*i),
                OwnedVal::Dec(s) => parse_decimal(s).map_or(Val::Missing, Val::Dec),
                OwnedVal::Text(s) => Val::Text(Cow::Borrowed(s)),
                OwnedVal::Date(d) => Val::Date(*d),
                OwnedVal::Choices(v) => Val::Choices(v),
            }
        }
    }

    struct DataEnv<'a>(&'a Data);

    impl<'a> Env<'a> for DataEnv<'a> {
        fn value(&self, target: &Target) -> Val<'a> {
            self.0
                .values
                .get(target.path.name())
                .map(OwnedVal::borrow)
                .unwrap_or(Val::Missing)
        }
        fn current(&self) -> Val<'a> {
            self.0.current.borrow()
        }
        fn repeat_count(&self, _: &Target) -> i64 {
            self.0.repeats
        }
    }

    fn date(s: &str) -> OwnedVal {
        match PartialDate::parse_iso(s) {
            Some(d) => OwnedVal::Date(d.day_range()),
            None => OwnedVal::Missing,
        }
    }

    fn season(y: i32, s: crate::date::Season) -> OwnedVal {
        match PartialDate::season(y, s) {
            Ok(d) => OwnedVal::Date(d.day_range()),
            Err(_) => OwnedVal::Missing,
        }
    }

    /// `check_eval(source, data, expected)` with `None` meaning "unknown".
    fn check_eval(src: &str, data: &Data, expected: Option<bool>) {
        let e = match compile(src) {
            Ok(e) => e,
            Err(e) => panic!("{src}: {e}"),
        };
        let env = DataEnv(data);
        let got = eval_condition(e.node(), &env);
        assert_eq!(got, expected, "{src}");
    }

    fn data() -> Data {
        let mut values = HashMap::new();
        values.insert("a", OwnedVal::Int(5));
        values.insert("t", OwnedVal::Text("x".into()));
        values.insert("c", OwnedVal::Text("beating".into()));
        values.insert(
            "m",
            OwnedVal::Choices(vec!["beating".into(), "threats".into()]),
        );
        values.insert("d", date("2019-06"));
        values.insert("e", date("2019-06-15"));
        values.insert("y", OwnedVal::Bool(true));
        values.insert("x", OwnedVal::Dec("0.1"));
        Data {
            values,
            repeats: 2,
            current: OwnedVal::Int(7),
        }
    }

    #[test]
    fn evaluates_with_answers() {
        let d = data();
        let cases: &[(&str, Option<bool>)] = &[
            ("${y}", Some(true)),
            ("${y} = false", Some(false)),
            ("${a} = 5", Some(true)),
            ("${a} != 5", Some(false)),
            ("${a} > 4 and ${a} < 6", Some(true)),
            ("${a} >= 6 or ${t} = 'x'", Some(true)),
            ("not(${a} = 5)", Some(false)),
            ("${c} = 'beating'", Some(true)),
            ("${c} != 'beating'", Some(false)),
            ("selected(${c}, 'beating')", Some(true)),
            ("selected(${m}, 'threats')", Some(true)),
            ("selected(${m}, 'other')", Some(false)),
            ("count(${m}) = 2", Some(true)),
            ("count(${r}) = 2", Some(true)),
            ("answered(${t})", Some(true)),
            (". > 6", Some(true)),
            // decimals: exact base 10 (0.1 + 0.2 style float surprises cannot happen), and
            // integers and decimals compare by value
            ("${x} = 0.1", Some(true)),
            ("${x} = 0.10", Some(true)),
            ("${x} < 0.11", Some(true)),
            ("${x} > 0.09999999999999999999", Some(true)),
            ("${x} < ${a}", Some(true)),
            ("${a} = 5.0", Some(true)),
            ("${a} < 5.000001", Some(true)),
            ("${a} > 4.99", Some(true)),
            (". >= 6.5", Some(true)),
            // arithmetic: exact, integers stay integers, `div` gives a decimal
            ("${a} + 2 = 7", Some(true)),
            ("${a} - 7 = -2", Some(true)),
            ("${a} * ${a} = 25", Some(true)),
            ("${a} div 2 = 2.5", Some(true)),
            ("${a} mod 3 = 2", Some(true)),
            ("-${a} = -5", Some(true)),
            ("${x} + 0.2 = 0.3", Some(true)),
            ("${x} * 3 = 0.3", Some(true)),
            ("${a} div 0 = 1", None),
            ("${a} mod 0 = 1", None),
            ("if(${y}, ${a}, 0) = 5", Some(true)),
            ("if(not(${y}), ${a}, 0) = 0", Some(true)),
            ("concat(${t}, '-', ${a}, '-', ${x}) = 'x-5-0.1'", Some(true)),
            ("string-length(concat(${t}, 'yz')) = 3", Some(true)),
            ("round(${a} div 3, 2) = 1.67", Some(true)),
            ("round(2.5) = 3", Some(true)),
            ("round(-2.5) = -3", Some(true)),
            ("int(${a} div 2) = 2", Some(true)),
            ("int(-2.7) = -2", Some(true)),
            ("number('2.50') = 2.5", Some(true)),
            ("number(${t}) = 1", None),
            (". > 7.0", Some(false)),
            (". > ${a} and . < 10", Some(true)),
            // Dates: June 2019 vs 15 June 2019 overlap: possibly equal, not certainly apart.
            ("${d} = ${e}", Some(true)),
            ("${d} != ${e}", Some(false)),
            ("${d} < ${e}", Some(false)),
            ("${d} >= ${e}", Some(true)),
            ("${d} <= ${e}", Some(true)),
            ("${d} > ${e}", Some(false)),
            ("${e} < date('2019-07')", Some(true)),
            ("${e} > date('2019-05-31')", Some(true)),
            ("${d} < date('2022-09-16')", Some(true)),
            ("${e} = date('2019-06-15')", Some(true)),
            ("${e} = date('2019-06-16')", Some(false)),
        ];
        for (src, want) in cases {
            check_eval(src, &d, *want);
        }
    }

    #[test]
    fn missing_values_are_unknown_with_kleene_logic() {
        let mut d = data();
        d.values.clear();
        d.repeats = 0;
        let cases: &[(&str, Option<bool>)] = &[
            ("${y}", None),
            ("${a} = 5", None),
            ("${a} != 5", None),
            ("not(${a} = 5)", None),
            ("${a} = 5 and false", Some(false)),
            ("${a} = 5 and true", None),
            ("${a} = 5 or true", Some(true)),
            ("${a} = 5 or false", None),
            ("${d} < date('2022')", None),
            ("${a} + 1 = 1", None),
            ("if(${y}, 1, 2) = 1", None),
            ("concat(${t}, 'z') = 'z'", None),
            ("concat(${t}) = ''", None),
            ("string-length(${t}) = 0", Some(true)),
            // These never give "unknown".
            ("selected(${m}, 'beating')", Some(false)),
            ("selected(${c}, 'beating')", Some(false)),
            ("count(${m}) = 0", Some(true)),
            ("count(${r}) = 0", Some(true)),
            ("answered(${t})", Some(false)),
            ("not(answered(${t}))", Some(true)),
        ];
        for (src, want) in cases {
            check_eval(src, &d, *want);
        }
    }

    #[test]
    fn winter_spans_the_new_year() {
        use crate::date::Season;
        let mut d = data();
        d.values.insert("d", season(2020, Season::Winter));
        check_eval("${d} = date('2019-12')", &d, Some(true));
        check_eval("${d} = date('2020-02')", &d, Some(true));
        check_eval("${d} < date('2020-03')", &d, Some(true));
        check_eval("${d} > date('2019-11')", &d, Some(true));
    }
}
