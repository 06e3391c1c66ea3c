//! Property test: an address abroad, built from a random host-country format (street word,
//! house and flat number forms, postcode, city; Latin or Cyrillic transliteration) and set in
//! random surrounding text, is always removed in `public` and `echr`: no street name, house
//! number or postcode survives. All streets, numbers and people are invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use waystone_redact::{redact, Entities, Profile};

/// Invented street names (capitalised), used with every format.
const STREET_NAMES: &[&str] = &[
    "Lauko",
    "Saulės",
    "Kalno",
    "Meža",
    "Zvaigžņu",
    "Polna",
    "Leśna",
    "Birken",
    "Eichen",
    "Lindauer",
    "Marron",
    "Tilleul",
    "Vlinder",
    "Akhvlediani",
    "Tumanyan",
    "Maple",
    "Birch",
    "Fjell",
    "Koivu",
    "Лауко",
    "Кална",
    "Межа",
    "Польна",
    "Биркен",
    "Ахвледиани",
    "Туманяна",
];

/// A house number, maybe with a flat: 9, 9a, 9-12, 9/12, 9 kv. 12, 9 m. 12, 9 dz. 12.
fn house() -> impl Strategy<Value = String> {
    (1u16..400, 1u16..200, 0usize..8).prop_map(|(h, f, form)| match form {
        0 => format!("{h}"),
        1 => format!("{h}a"),
        2 => format!("{h}-{f}"),
        3 => format!("{h}/{f}"),
        4 => format!("{h} kv. {f}"),
        5 => format!("{h} m. {f}"),
        6 => format!("{h} dz. {f}"),
        _ => format!("{h} кв. {f}"),
    })
}

/// A postcode and city of one host country, or nothing.
fn postcode() -> impl Strategy<Value = String> {
    (0usize..9, 10000u32..99999).prop_map(|(form, n)| match form {
        0 => format!(", LT-{n:05} Vilnius"),
        1 => format!(", Rīga, LV-{}", n % 9000 + 1000),
        2 => format!(", {:02}-{:03} Warszawa", n % 100, n % 1000),
        3 => format!(", {n:05} Leipzig"),
        4 => format!(", {} AB Utrecht", n % 9000 + 1000),
        5 => format!(", Tbilisi {:04}", n % 10000),
        6 => format!(", {} {:02} Stockholm", n % 900 + 100, n % 100),
        7 => format!(", Toronto, ON M{}V {}A{}", n % 10, n % 7, n % 3),
        _ => String::new(),
    })
}

/// A street address: (the whole address, the street name in it).
fn address() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(STREET_NAMES),
        0usize..16,
        house(),
        postcode(),
    )
        .prop_map(|(name, form, house, post)| {
            let cyr = name
                .chars()
                .next()
                .is_some_and(|c| ('А'..='я').contains(&c));
            let street = if cyr {
                match form % 4 {
                    0 => format!("{name} пр. {house}"),
                    1 => format!("{name} иела {house}"),
                    2 => format!("ул. {name} {house}"),
                    _ => format!("{name}штрассе {house}"),
                }
            } else {
                match form {
                    0 => format!("{name} g. {house}"),
                    1 => format!("{name} gatvė {house}"),
                    2 => format!("{name} pr. {house}"),
                    3 => format!("{name} iela {house}"),
                    4 => format!("ul. {name} {house}"),
                    5 => format!("al. {name} {house}"),
                    6 => format!("{name} Str. {house}"),
                    7 => format!("{name}straße {house}"),
                    8 => format!("{} rue {name}", house.split(' ').next().unwrap_or("1")),
                    9 => format!("{name}straat {house}"),
                    10 => format!("{name}laan {house}"),
                    11 => format!("{name} Ave. {house}"),
                    12 => format!("{name} poghots {house}"),
                    13 => format!("{name}gatan {house}"),
                    14 => format!("{name} gate {house}"),
                    _ => format!("{} {name} St W", house.split(' ').next().unwrap_or("1")),
                }
            };
            (format!("{street}{post}"), name.to_owned())
        })
}

const FILLER: &[&str] = &[
    "she",
    "now",
    "lives",
    "at",
    "and",
    "works",
    "nearby",
    "сейчас",
    "живёт",
    "по",
    "адресу",
    "the",
    "family",
    "moved",
    "to",
    "in",
    "2023",
    "он",
];

fn filler() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FILLER), 1..6).prop_map(|w| w.join(" "))
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn an_address_abroad_is_always_removed(
        before in filler(),
        (addr, name) in address(),
        after in filler(),
        ru in any::<bool>(),
    ) {
        let lang = if ru { "ru" } else { "en" };
        let entities = Entities::from_json(&format!(
            r#"{{"lang":"{lang}","entities":[{{"id":"p1","kind":"person","role":"survivor","names":["Тимур Эльдаров"],"aliases":[]}}]}}"#
        )).unwrap();
        let text = format!("{before} {addr}. {after}.");
        for p in ["public", "echr"] {
            let out = redact(&text, &entities, &Profile::builtin(p).unwrap(), &[3; 32]).text;
            prop_assert!(!out.contains(name.as_str()), "{p}: {name:?} left in {out:?} (from {text:?})");
            // no house, flat or postcode digits of the address stay (the filler's year may)
            let addr_digits = digits(&addr);
            prop_assert!(
                !digits(&out).contains(&addr_digits) || addr_digits.is_empty(),
                "{p}: digits of {addr:?} left in {out:?}"
            );
            for num in addr.split([' ', ',', '-', '/']).filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_digit())) {
                prop_assert!(
                    !out.split(|c: char| !c.is_ascii_digit()).any(|w| w == num) || after.contains(num) || before.contains(num),
                    "{p}: number {num:?} of {addr:?} left in {out:?}"
                );
            }
        }
    }
}
