//! Decimal numbers: the text of a `decimal` answer, checked and written one canonical way.
//!
//! This module owns what a decimal answer may be. A decimal is stored as its **text** in base
//! 10 (never a binary float, so `0.1` stays `0.1`), in one canonical form: an optional `-`,
//! the whole part without leading zeros, and a fractional part only when it is not zero,
//! without trailing zeros (`007.50` → `7.5`, `-0.0` → `0`, `3.000` → `3`). Expressions compare
//! decimals numerically, with each other and with integers, through [`rust_decimal`]'s exact
//! base-10 arithmetic.
//!
//! The accepted text is deliberately plain: digits, at most one `.` with digits on both sides,
//! and a leading `-`: no exponent, no `+`, no thousands separators, no spaces. A person types
//! a comma or a point in the app (Russian writes `1,5`); the UI turns the comma into a point
//! before anything reaches the core, so there is one form here. At most
//! [`MAX_DECIMAL_CHARS`] characters and what `rust_decimal` holds exactly (28 significant
//! digits): anything larger is refused, never rounded.
//!
//! Recipe — read a decimal in a new place: call [`canonical_decimal`] on the text and treat
//! `None` as "not a decimal" (an error naming the field, never quoting the text).

use rust_decimal::Decimal;

/// Longest decimal text accepted, in characters (sign and point included).
pub const MAX_DECIMAL_CHARS: usize = 40;

/// The exact value of decimal text in the accepted form, or `None`.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    if text.is_empty() || text.len() > MAX_DECIMAL_CHARS {
        return None;
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

/// The canonical text of a decimal value.
pub(crate) fn decimal_text(d: Decimal) -> String {
    if d.is_zero() {
        return "0".to_owned();
    }
    d.normalize().to_string()
}

/// The canonical form of decimal text (`"007.50"` → `"7.5"`), or `None` when the text is not a
/// decimal in the accepted form (see the module documentation).
pub fn canonical_decimal(text: &str) -> Option<String> {
    parse_decimal(text).map(decimal_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check(input, expected canonical form or None)`.
    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(canonical_decimal(input).as_deref(), expected, "{input:?}");
    }

    #[test]
    fn canonical_forms() {
        check("0", Some("0"));
        check("1.5", Some("1.5"));
        check("1.50", Some("1.5"));
        check("007.50", Some("7.5"));
        check("3.000", Some("3"));
        check("-0.0", Some("0"));
        check("-0.25", Some("-0.25"));
        check("0.1", Some("0.1"));
        check(
            "12345678901234567890.12345678",
            Some("12345678901234567890.12345678"),
        );
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "", "-", ".", "1.", ".5", "1,5", "+1", "1e3", "1_000", " 1", "1 ", "--1", "1.2.3",
            "0x10", "NaN", "inf", "١", "1.5-",
        ] {
            check(bad, None);
        }
        // too long, or more than rust_decimal holds exactly: refused, never rounded
        check(&"9".repeat(41), None);
        check("0.00000000000000000000000000001", None);
        check("99999999999999999999999999999", None);
    }

    #[test]
    fn compares_numerically() {
        let p = |s: &str| parse_decimal(s).map(decimal_text);
        assert_eq!(p("2.0"), p("2"));
        assert!(parse_decimal("0.5") < parse_decimal("0.50001"));
        assert!(parse_decimal("-1.5") < parse_decimal("-1.25"));
    }
}
