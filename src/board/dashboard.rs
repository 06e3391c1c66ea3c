//! The dashboard's counts, pure: how many cases per status and stage, detentions per month
//! (only dates known to the month or better), and the most-mentioned perpetrators and sites.

use std::collections::BTreeMap;

use waystone_forms::{PartialDate, PrecisionKind};

use super::grouping::RegistryEntry;

/// How many times each value occurs, by value.
pub fn tally<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<(String, u32)> {
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    for v in values {
        *out.entry(v.to_owned()).or_default() += 1;
    }
    out.into_iter().collect()
}

/// Detentions per month (`YYYY-MM`), from episode dates precise to the month or the day; a
/// year alone or a season is not counted in any month.
pub fn detentions_per_month<'a>(
    dates: impl IntoIterator<Item = &'a PartialDate>,
) -> Vec<(String, u32)> {
    let months: Vec<String> = dates
        .into_iter()
        .filter(|d| {
            matches!(
                d.precision().kind(),
                PrecisionKind::Exact | PrecisionKind::Month
            )
        })
        .filter_map(|d| {
            d.month_value()
                .map(|m| format!("{:04}-{m:02}", d.year_value()))
        })
        .collect();
    tally(months.iter().map(String::as_str))
}

/// The `n` entries of `kind` mentioned in the most cases, with their case counts (label:
/// the first spelling seen, or the key).
pub fn most_mentioned(entries: &[RegistryEntry], kind: &str, n: usize) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| {
            let label = e.names.first().cloned().unwrap_or_else(|| e.key.clone());
            (label, u32::try_from(e.case_count()).unwrap_or(u32::MAX))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_value_and_month_leave_vague_dates_out() {
        assert_eq!(
            tally(["filed", "closed", "filed"]),
            [("closed".to_owned(), 1), ("filed".to_owned(), 2)]
        );
        let dates: Vec<PartialDate> = [
            PartialDate::exact(2019, 3, 12),
            PartialDate::month(2019, 3),
            PartialDate::year(2019),
            PartialDate::exact(2019, 4, 1),
        ]
        .into_iter()
        .map(|d| d.unwrap_or_else(|e| unreachable!("{e:?}")))
        .collect();
        assert_eq!(
            detentions_per_month(&dates),
            [("2019-03".to_owned(), 2), ("2019-04".to_owned(), 1)]
        );
    }

    #[test]
    fn the_most_mentioned_come_first_counted_by_case() {
        let e = |kind: &str, name: &str, cases: &[&str]| RegistryEntry {
            kind: kind.into(),
            key: name.to_lowercase(),
            names: vec![name.into()],
            call_signs: vec![],
            ranks: vec![],
            units: vec![],
            links: cases
                .iter()
                .map(|c| ((*c).to_owned(), String::new(), String::new()))
                .collect(),
        };
        let entries = [
            e("perpetrator", "B", &["1", "1", "2"]),
            e("perpetrator", "A", &["3"]),
            e("site", "S", &["1", "2", "3"]),
            e("perpetrator", "C", &["4", "5", "6"]),
        ];
        assert_eq!(
            most_mentioned(&entries, "perpetrator", 2),
            [("C".to_owned(), 3), ("B".to_owned(), 2)]
        );
        assert_eq!(most_mentioned(&entries, "site", 15), [("S".to_owned(), 3)]);
    }
}
