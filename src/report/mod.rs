//! The pattern report for rapporteurs and prosecutors, pure: acts extracted from the cases
//! with statistical consent ([`acts`]), counted into tables ([`tables`]), small counts
//! suppressed so none can be worked out from the totals ([`suppress`]), and written as a
//! narrative (DOCX/PDF/MD) or a data annex (CSV/XLSX) ([`output`]).
//!
//! The vault side — which cases this user may read, the registry decisions, the audit entry
//! — is `desk::patterns`. Data flow: answers → [`acts::extract`] → [`tables::build`] (which
//! calls [`suppress::suppress`] once for all act tables) → [`output::write`].

pub mod acts;
pub mod output;
pub mod suppress;
pub mod tables;

pub use acts::Filter;
pub use output::ReportFormat;
pub use suppress::{Cell, DEFAULT_K, MIN_K};
pub use tables::PatternTables;

/// "YYYY-MM" or "YYYY-MM-DD" → (year, month); the day is ignored (the report counts months).
pub fn parse_month(s: &str) -> Option<(i32, u8)> {
    let mut parts = s.trim().split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    if let Some(d) = parts.next() {
        let d: u8 = d.parse().ok()?;
        if !(1..=31).contains(&d) {
            return None;
        }
    }
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1000..=9999).contains(&y) {
        return None;
    }
    Some((y, m))
}

/// The period as printed: "2019-03 – 2020-12", "from 2019-03", "all dates".
pub fn period_text(filter: &Filter, lang: waystone_render::Lang) -> String {
    let f = |(y, m): (i32, u8)| format!("{y:04}-{m:02}");
    let ru = lang == waystone_render::Lang::Ru;
    match (filter.from, filter.to) {
        (Some(a), Some(b)) => format!("{} – {}", f(a), f(b)),
        (Some(a), None) => format!("{} {}", if ru { "с" } else { "from" }, f(a)),
        (None, Some(b)) => format!("{} {}", if ru { "по" } else { "until" }, f(b)),
        (None, None) => if ru { "все даты" } else { "all dates" }.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_nonsense_does_not() {
        assert_eq!(parse_month("2019-03"), Some((2019, 3)));
        assert_eq!(parse_month("2019-03-31"), Some((2019, 3)));
        for bad in [
            "2019",
            "2019-13",
            "2019-00",
            "19-03",
            "2019-03-40",
            "2019-03-01-1",
            "x",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }
}
