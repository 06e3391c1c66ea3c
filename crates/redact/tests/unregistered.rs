//! Property test for unregistered names (all people invented): a full name the case does not
//! register (first name + surname, with a patronymic, or surname + initials), written once in
//! full and then again in other case forms, in random text. Hiding every unregistered-name
//! candidate — one decision per group — leaves no part of the name anywhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use waystone_redact::{redact, CandidateReason, Entities, Profile};

/// Six case forms (nom, gen, dat, acc, ins, prep), declined by hand.
const FIRST: &[[&str; 6]] = &[
    ["Шамиль", "Шамиля", "Шамилю", "Шамиля", "Шамилем", "Шамиле"],
    ["Адам", "Адама", "Адаму", "Адама", "Адамом", "Адаме"],
    [
        "Зелимхан",
        "Зелимхана",
        "Зелимхану",
        "Зелимхана",
        "Зелимханом",
        "Зелимхане",
    ],
];
const SUR: &[[&str; 6]] = &[
    [
        "Вагапов",
        "Вагапова",
        "Вагапову",
        "Вагапова",
        "Вагаповым",
        "Вагапове",
    ],
    [
        "Дадашев",
        "Дадашева",
        "Дадашеву",
        "Дадашева",
        "Дадашевым",
        "Дадашеве",
    ],
    [
        "Идрисов",
        "Идрисова",
        "Идрисову",
        "Идрисова",
        "Идрисовым",
        "Идрисове",
    ],
];
const PATR: [&str; 6] = [
    "Русланович",
    "Руслановича",
    "Руслановичу",
    "Руслановича",
    "Руслановичем",
    "Руслановиче",
];
const FILLER: &[&str] = &[
    "потом",
    "его",
    "увезли",
    "в",
    "отдел",
    "и",
    "допрашивали",
    "когда",
    "сотрудник",
    "сказал",
    "что",
    "никто",
    "не",
    "поможет",
    ",",
    ".",
    "—",
];

fn is_w(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn present(form: &str, text: &str) -> bool {
    text.match_indices(form).any(|(i, m)| {
        !text[..i].chars().next_back().is_some_and(is_w)
            && !text[i + m.len()..].chars().next().is_some_and(is_w)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn hiding_the_candidate_leaves_no_part_of_the_name(
        f in 0..FIRST.len(),
        s in 0..SUR.len(),
        shape in 0..4u8,
        case in 0..6usize,
        later in prop::collection::vec((0..6usize, any::<bool>(), 0..FILLER.len()), 1..6),
        lead in prop::collection::vec(0..FILLER.len(), 0..6),
        profile in prop::sample::select(vec!["echr", "public"]),
    ) {
        let (first, sur) = (FIRST[f], SUR[s]);
        let full = match shape {
            0 => format!("{} {}", first[case], sur[case]),
            1 => format!("{} {}", sur[case], first[case]),
            2 => format!("{} {} {}", first[case], PATR[case], sur[case]),
            _ => format!("{} {}. Р.", sur[case], first[0].chars().next().unwrap()),
        };
        let mut text = String::from("Заявителя Тимура Асланова задержали");
        for i in &lead {
            text.push(' ');
            text.push_str(FILLER[*i]);
        }
        text.push_str(&format!(" {full} видел это"));
        for (c, surname, fill) in &later {
            text.push(' ');
            text.push_str(FILLER[*fill]);
            text.push(' ');
            text.push_str(if *surname { sur[*c] } else { first[*c] });
        }
        text.push_str(" конец.");
        let ents = Entities::from_json(
            r#"{"lang":"ru","entities":[{"id":"p1","kind":"person","role":"survivor","names":["Тимур Асланов"],"aliases":[]}]}"#,
        )
        .unwrap();
        let out = redact(&text, &ents, &Profile::builtin(profile).unwrap(), &[5u8; 32]);
        let mut shown = out.text.clone();
        let mut spans: Vec<(usize, usize)> = out
            .candidates
            .iter()
            .filter(|c| c.reason == CandidateReason::UnregisteredName && !c.redacted)
            .map(|c| (c.out_start, c.out_end))
            .collect();
        spans.sort_unstable();
        // one group: the first candidate's
        let groups: std::collections::BTreeSet<_> = out
            .candidates
            .iter()
            .filter(|c| c.reason == CandidateReason::UnregisteredName)
            .map(|c| c.group.clone())
            .collect();
        prop_assert!(groups.len() <= 2, "{groups:?}");
        for (a, b) in spans.into_iter().rev() {
            shown.replace_range(a..b, "[имя удалено]");
        }
        for form in sur.iter().chain(first.iter()).chain(PATR.iter()) {
            prop_assert!(!present(form, &shown), "{form:?} left in {shown:?} (text {text:?})");
        }
    }
}
