//! Partial dates: what a survivor remembers ("summer 2019", "March 2018", "around 2017").
//!
//! This module owns [`PartialDate`], its [`DatePrecision`], its JSON shape, and the calendar
//! arithmetic that turns a partial date into the range of days it may mean (used by the
//! expression language to compare dates honestly: "definitely before", "possibly the same").
//!
//! JSON shapes (all fields other than those listed are rejected):
//!
//! ```json
//! {"precision": "exact", "year": 2019, "month": 3, "day": 14}
//! {"precision": "exact", "year": 2019, "month": 3, "day": 14, "time": "21:30"}
//! {"precision": "month", "year": 2019, "month": 3}
//! {"precision": "season", "year": 2019, "season": "summer"}
//! {"precision": "year", "year": 2019}
//! {"precision": "approximate", "year": 2019}
//! {"precision": "approximate", "year": 2019, "month": 3}
//! {"precision": "approximate", "year": 2019, "month": 3, "day": 14}
//! ```
//!
//! Ranges: a season is the northern meteorological season (spring = March–May, summer =
//! June–August, autumn = September–November); **winter of year Y is 1 December Y−1 to the end
//! of February Y** (the winter whose January falls in Y). An approximate date widens what it
//! names by about one month (day given), three months (month given) or one year (year only)
//! on either side. A time of day is allowed only on exact dates and is ignored by comparisons.
//!
//! Errors name the field that is wrong, never its value.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Earliest year accepted in a date.
pub const MIN_YEAR: i32 = 1000;
/// Latest year accepted in a date.
pub const MAX_YEAR: i32 = 9999;

/// A meteorological season (northern hemisphere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Season {
    /// March to May.
    Spring,
    /// June to August.
    Summer,
    /// September to November.
    Autumn,
    /// December of the previous year to February.
    Winter,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// Day known (optionally a time of day).
    Exact,
    /// Month and year known.
    Month,
    /// Season and year known.
    Season(Season),
    /// Year known.
    Year,
    /// A best guess ("around …"): year, optionally month and day.
    Approximate,
}

impl DatePrecision {
    /// The precision without its season.
    pub fn kind(&self) -> PrecisionKind {
        match self {
            DatePrecision::Exact => PrecisionKind::Exact,
            DatePrecision::Month => PrecisionKind::Month,
            DatePrecision::Season(_) => PrecisionKind::Season,
            DatePrecision::Year => PrecisionKind::Year,
            DatePrecision::Approximate => PrecisionKind::Approximate,
        }
    }
}

/// A precision without payload: what a date question's `precisions` list allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecisionKind {
    /// `exact`
    Exact,
    /// `month`
    Month,
    /// `season`
    Season,
    /// `year`
    Year,
    /// `approximate`
    Approximate,
}

impl PrecisionKind {
    /// Every precision, in order from most to least precise.
    pub const ALL: [PrecisionKind; 5] = [
        PrecisionKind::Exact,
        PrecisionKind::Month,
        PrecisionKind::Season,
        PrecisionKind::Year,
        PrecisionKind::Approximate,
    ];

    /// The name used in definitions and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            PrecisionKind::Exact => "exact",
            PrecisionKind::Month => "month",
            PrecisionKind::Season => "season",
            PrecisionKind::Year => "year",
            PrecisionKind::Approximate => "approximate",
        }
    }

    pub(crate) fn from_name(s: &str) -> Option<PrecisionKind> {
        PrecisionKind::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A time of day, minutes precision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// `hour` 0–23, `minute` 0–59.
    pub fn new(hour: u8, minute: u8) -> Result<TimeOfDay, DateError> {
        if hour > 23 || minute > 59 {
            return Err(DateError::BadTime);
        }
        Ok(TimeOfDay { hour, minute })
    }

    /// Hour, 0–23.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// Minute, 0–59.
    pub fn minute(&self) -> u8 {
        self.minute
    }

    fn parse(s: &str) -> Result<TimeOfDay, DateError> {
        let b = s.as_bytes();
        if b.len() != 5 || b[2] != b':' {
            return Err(DateError::BadTime);
        }
        let num = |i: usize| -> Result<u8, DateError> {
            let (h, l) = (b[i], b[i + 1]);
            if h.is_ascii_digit() && l.is_ascii_digit() {
                Ok((h - b'0') * 10 + (l - b'0'))
            } else {
                Err(DateError::BadTime)
            }
        };
        TimeOfDay::new(num(0)?, num(3)?)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Prints nothing of the time: it may be case content.
impl fmt::Debug for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TimeOfDay(..)")
    }
}

/// Why a partial date is not valid. Names the part, never the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The year is outside 1000–9999.
    #[error("the year is out of range")]
    BadYear,
    /// The month is outside 1–12.
    #[error("the month is out of range")]
    BadMonth,
    /// The day does not exist in that month.
    #[error("the day is out of range for the month")]
    BadDay,
    /// The time is not `HH:MM` with hour 0–23 and minute 0–59.
    #[error("the time of day is not a valid HH:MM")]
    BadTime,
    /// A field this precision needs is missing (e.g. `day` on an exact date).
    #[error("a field required by this precision is missing")]
    MissingField,
    /// A field this precision does not allow is present (e.g. `day` on a month date, `time`
    /// on anything but an exact date).
    #[error("a field not allowed with this precision is present")]
    UnexpectedField,
    /// A day was given without a month.
    #[error("a day needs a month")]
    DayWithoutMonth,
}

/// A date known to some precision. See the module docs for the JSON shape and the range each
/// precision covers.
///
/// `Debug` prints only the precision kind: a date of birth is identifying.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateWire", into = "DateWire")]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    time: Option<TimeOfDay>,
    precision: DatePrecision,
}

impl PartialDate {
    /// An exact day.
    pub fn exact(year: i32, month: u8, day: u8) -> Result<PartialDate, DateError> {
        check_ymd(year, Some(month), Some(day))?;
        Ok(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
            time: None,
            precision: DatePrecision::Exact,
        })
    }

    /// An exact day and time of day.
    pub fn exact_at(
        year: i32,
        month: u8,
        day: u8,
        time: TimeOfDay,
    ) -> Result<PartialDate, DateError> {
        let mut d = PartialDate::exact(year, month, day)?;
        d.time = Some(time);
        Ok(d)
    }

    /// A month of a year.
    pub fn month(year: i32, month: u8) -> Result<PartialDate, DateError> {
        check_ymd(year, Some(month), None)?;
        Ok(PartialDate {
            year,
            month: Some(month),
            day: None,
            time: None,
            precision: DatePrecision::Month,
        })
    }

    /// A season of a year (winter of `year` starts in December of `year - 1`).
    pub fn season(year: i32, season: Season) -> Result<PartialDate, DateError> {
        check_ymd(year, None, None)?;
        Ok(PartialDate {
            year,
            month: None,
            day: None,
            time: None,
            precision: DatePrecision::Season(season),
        })
    }

    /// A year.
    pub fn year(year: i32) -> Result<PartialDate, DateError> {
        check_ymd(year, None, None)?;
        Ok(PartialDate {
            year,
            month: None,
            day: None,
            time: None,
            precision: DatePrecision::Year,
        })
    }

    /// "Around" a year, month or day.
    pub fn approximate(
        year: i32,
        month: Option<u8>,
        day: Option<u8>,
    ) -> Result<PartialDate, DateError> {
        if day.is_some() && month.is_none() {
            return Err(DateError::DayWithoutMonth);
        }
        check_ymd(year, month, day)?;
        Ok(PartialDate {
            year,
            month,
            day,
            time: None,
            precision: DatePrecision::Approximate,
        })
    }

    /// The year.
    pub fn year_value(&self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    pub fn month_value(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day_value(&self) -> Option<u8> {
        self.day
    }

    /// The time of day (exact dates only).
    pub fn time(&self) -> Option<TimeOfDay> {
        self.time
    }

    /// The precision.
    pub fn precision(&self) -> DatePrecision {
        self.precision
    }

    /// The first and last day this date may mean, as `(year, month, day)` triples.
    pub fn earliest_and_latest(&self) -> ((i32, u8, u8), (i32, u8, u8)) {
        let r = self.day_range();
        (civil_from_days(r.first), civil_from_days(r.last))
    }

    /// The range of days (days since 1970-01-01) this date may mean.
    pub(crate) fn day_range(&self) -> DayRange {
        let y = i64::from(self.year);
        let year_range = || DayRange {
            first: days_from_civil(y, 1, 1),
            last: days_from_civil(y, 12, 31),
        };
        let month_range = |m: u8| DayRange {
            first: days_from_civil(y, i64::from(m), 1),
            last: days_from_civil(y, i64::from(m), i64::from(days_in_month(self.year, m))),
        };
        match (self.precision, self.month, self.day) {
            (DatePrecision::Exact, Some(m), Some(d)) => {
                let day = days_from_civil(y, i64::from(m), i64::from(d));
                DayRange {
                    first: day,
                    last: day,
                }
            }
            (DatePrecision::Month, Some(m), _) => month_range(m),
            (DatePrecision::Season(s), _, _) => {
                let (first_y, first_m, last_m) = match s {
                    Season::Spring => (y, 3, 5),
                    Season::Summer => (y, 6, 8),
                    Season::Autumn => (y, 9, 11),
                    Season::Winter => (y - 1, 12, 2),
                };
                DayRange {
                    first: days_from_civil(first_y, first_m, 1),
                    last: month_start(y * 12 + last_m) - 1,
                }
            }
            (DatePrecision::Approximate, Some(m), Some(d)) => {
                let day = days_from_civil(y, i64::from(m), i64::from(d));
                DayRange {
                    first: day - 31,
                    last: day + 31,
                }
            }
            (DatePrecision::Approximate, Some(m), None) => {
                let index = y * 12 + i64::from(m) - 1;
                DayRange {
                    first: month_start(index - 3),
                    last: month_start(index + 4) - 1,
                }
            }
            (DatePrecision::Approximate, None, _) => DayRange {
                first: days_from_civil(y - 1, 1, 1),
                last: days_from_civil(y + 1, 12, 31),
            },
            // Year, and (unreachable by construction) inconsistent combinations: the year.
            _ => year_range(),
        }
    }

    /// Parses the expression-language literal form: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub(crate) fn parse_iso(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<i64> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let year = i32::try_from(num(parts.first()?, 4)?).ok()?;
        match parts.len() {
            1 => PartialDate::year(year).ok(),
            2 => PartialDate::month(year, u8::try_from(num(parts[1], 2)?).ok()?).ok(),
            3 => PartialDate::exact(
                year,
                u8::try_from(num(parts[1], 2)?).ok()?,
                u8::try_from(num(parts[2], 2)?).ok()?,
            )
            .ok(),
            _ => None,
        }
    }
}

/// Prints only the precision kind: a date can identify a person.
impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartialDate({}, ..)", self.precision.kind().as_str())
    }
}

/// An inclusive range of days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayRange {
    pub first: i64,
    pub last: i64,
}

impl DayRange {
    /// The same range `days` later (earlier when negative); `None` outside the years a date
    /// may have.
    pub(crate) fn shifted(self, days: i64) -> Option<DayRange> {
        let r = DayRange {
            first: self.first.checked_add(days)?,
            last: self.last.checked_add(days)?,
        };
        let lo = days_from_civil(i64::from(MIN_YEAR), 1, 1);
        let hi = days_from_civil(i64::from(MAX_YEAR), 12, 31);
        (r.first >= lo && r.last <= hi).then_some(r)
    }

    /// The day, when the range is one day.
    pub(crate) fn single_day(self) -> Option<i64> {
        (self.first == self.last).then_some(self.first)
    }

    /// The exact date of a one-day range (`None` for a wider range: a partial date).
    pub(crate) fn exact_date(self) -> Option<PartialDate> {
        let (y, m, d) = civil_from_days(self.single_day()?);
        PartialDate::exact(y, m, d).ok()
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn check_ymd(year: i32, month: Option<u8>, day: Option<u8>) -> Result<(), DateError> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(DateError::BadYear);
    }
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            return Err(DateError::BadMonth);
        }
        if let Some(d) = day {
            if d == 0 || d > days_in_month(year, m) {
                return Err(DateError::BadDay);
            }
        }
    }
    Ok(())
}

/// The first day of a month given as `year * 12 + (month - 1)`.
fn month_start(index: i64) -> i64 {
    days_from_civil(index.div_euclid(12), index.rem_euclid(12) + 1, 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        i32::try_from(y).unwrap_or(i32::MAX),
        u8::try_from(m).unwrap_or(0),
        u8::try_from(d).unwrap_or(0),
    )
}

/// The JSON shape; converted with full checks.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DateWire {
    precision: PrecisionKind,
    year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    season: Option<Season>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time: Option<String>,
}

impl TryFrom<DateWire> for PartialDate {
    type Error = DateError;

    fn try_from(w: DateWire) -> Result<Self, Self::Error> {
        use PrecisionKind as K;
        let present = |o: bool| {
            if o {
                Err(DateError::UnexpectedField)
            } else {
                Ok(())
            }
        };
        if w.precision != K::Exact {
            present(w.time.is_some())?;
        }
        if w.precision != K::Season {
            present(w.season.is_some())?;
        }
        match w.precision {
            K::Exact => {
                let (Some(m), Some(d)) = (w.month, w.day) else {
                    return Err(DateError::MissingField);
                };
                let mut date = PartialDate::exact(w.year, m, d)?;
                if let Some(t) = &w.time {
                    date.time = Some(TimeOfDay::parse(t)?);
                }
                Ok(date)
            }
            K::Month => {
                present(w.day.is_some())?;
                let Some(m) = w.month else {
                    return Err(DateError::MissingField);
                };
                PartialDate::month(w.year, m)
            }
            K::Season => {
                present(w.month.is_some() || w.day.is_some())?;
                let Some(s) = w.season else {
                    return Err(DateError::MissingField);
                };
                PartialDate::season(w.year, s)
            }
            K::Year => {
                present(w.month.is_some() || w.day.is_some())?;
                PartialDate::year(w.year)
            }
            K::Approximate => PartialDate::approximate(w.year, w.month, w.day),
        }
    }
}

impl From<PartialDate> for DateWire {
    fn from(d: PartialDate) -> Self {
        DateWire {
            precision: d.precision.kind(),
            year: d.year,
            month: d.month,
            day: d.day,
            season: match d.precision {
                DatePrecision::Season(s) => Some(s),
                _ => None,
            },
            time: d.time.map(|t| t.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use super::*;

    /// `check(json, expected)`: expected is the (earliest, latest) days on success.
    fn check(json: &str, expected: Result<(&str, &str), DateError>) {
        let parsed: Result<PartialDate, String> =
            serde_json::from_str(json).map_err(|e| e.to_string());
        match (parsed, expected) {
            (Ok(d), Ok((first, last))) => {
                let (a, b) = d.earliest_and_latest();
                let fmt = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
                assert_eq!((fmt(a).as_str(), fmt(b).as_str()), (first, last), "{json}");
                let back = serde_json::to_string(&d).unwrap_or_default();
                let again: Result<PartialDate, _> = serde_json::from_str(&back);
                assert_eq!(again.ok(), Some(d), "round trip of {json}");
            }
            (Err(e), Err(want)) => {
                assert!(
                    e.contains(&want.to_string()),
                    "{json}: got {e}, want {want}"
                )
            }
            (got, want) => panic!("{json}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn ranges() {
        check(
            r#"{"precision":"exact","year":2019,"month":3,"day":14}"#,
            Ok(("2019-03-14", "2019-03-14")),
        );
        check(
            r#"{"precision":"exact","year":2019,"month":3,"day":14,"time":"21:30"}"#,
            Ok(("2019-03-14", "2019-03-14")),
        );
        check(
            r#"{"precision":"month","year":2020,"month":2}"#,
            Ok(("2020-02-01", "2020-02-29")),
        );
        check(
            r#"{"precision":"season","year":2019,"season":"summer"}"#,
            Ok(("2019-06-01", "2019-08-31")),
        );
        check(
            r#"{"precision":"season","year":2019,"season":"autumn"}"#,
            Ok(("2019-09-01", "2019-11-30")),
        );
        check(
            r#"{"precision":"season","year":2020,"season":"winter"}"#,
            Ok(("2019-12-01", "2020-02-29")),
        );
        check(
            r#"{"precision":"year","year":2017}"#,
            Ok(("2017-01-01", "2017-12-31")),
        );
        check(
            r#"{"precision":"approximate","year":2017}"#,
            Ok(("2016-01-01", "2018-12-31")),
        );
        check(
            r#"{"precision":"approximate","year":2017,"month":6}"#,
            Ok(("2017-03-01", "2017-09-30")),
        );
        check(
            r#"{"precision":"approximate","year":2017,"month":6,"day":15}"#,
            Ok(("2017-05-15", "2017-07-16")),
        );
    }

    #[test]
    fn bad_dates() {
        use DateError::*;
        check(
            r#"{"precision":"exact","year":2019,"month":2,"day":29}"#,
            Err(BadDay),
        );
        check(
            r#"{"precision":"exact","year":2019,"month":13,"day":1}"#,
            Err(BadMonth),
        );
        check(
            r#"{"precision":"exact","year":2019,"month":3}"#,
            Err(MissingField),
        );
        check(
            r#"{"precision":"exact","year":99,"month":3,"day":1}"#,
            Err(BadYear),
        );
        check(
            r#"{"precision":"exact","year":2019,"month":3,"day":1,"time":"24:00"}"#,
            Err(BadTime),
        );
        check(
            r#"{"precision":"exact","year":2019,"month":3,"day":1,"time":"9:00"}"#,
            Err(BadTime),
        );
        check(
            r#"{"precision":"month","year":2019,"month":3,"day":1}"#,
            Err(UnexpectedField),
        );
        check(
            r#"{"precision":"month","year":2019,"month":3,"time":"10:00"}"#,
            Err(UnexpectedField),
        );
        check(r#"{"precision":"season","year":2019}"#, Err(MissingField));
        check(
            r#"{"precision":"year","year":2019,"season":"winter"}"#,
            Err(UnexpectedField),
        );
        check(
            r#"{"precision":"approximate","year":2019,"day":3}"#,
            Err(DayWithoutMonth),
        );
    }

    #[test]
    fn unknown_fields_and_debug_hide_content() {
        let r: Result<PartialDate, _> =
            serde_json::from_str(r#"{"precision":"year","year":2019,"note":"x"}"#);
        assert!(r.is_err());
        let d = PartialDate::exact(1991, 7, 4);
        let dbg = format!("{d:?}");
        assert!(!dbg.contains("1991") && !dbg.contains('7'), "{dbg}");
    }

    #[test]
    fn iso_literals() {
        assert_eq!(
            PartialDate::parse_iso("2022-09-16"),
            PartialDate::exact(2022, 9, 16).ok()
        );
        assert_eq!(
            PartialDate::parse_iso("2022-09"),
            PartialDate::month(2022, 9).ok()
        );
        assert_eq!(PartialDate::parse_iso("2022"), PartialDate::year(2022).ok());
        for bad in [
            "",
            "22",
            "2022-9",
            "2022-02-30",
            "2022-13",
            "2022-01-01-01",
            "2o22",
        ] {
            assert_eq!(PartialDate::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_round_trip() {
        for z in [-719_468_i64, -1, 0, 1, 10_957, 18_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(i64::from(y), i64::from(m), i64::from(d)), z);
        }
    }
}
