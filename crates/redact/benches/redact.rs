//! Benchmark: a 25,000-word Russian narrative with 30 registered (invented) persons, redacted
//! for the `echr` profile. Target: < 200 ms in release. Building the name index (generating
//! every form of the 30 persons) is measured apart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use waystone_redact::{redact, Entities, Profile};

const FIRST: &[&str] = &[
    "Руслан",
    "Аюб",
    "Зелимхан",
    "Ислам",
    "Магомед",
    "Тимур",
    "Адлан",
    "Беслан",
    "Шамиль",
    "Идрис",
    "Седа",
    "Малика",
    "Зарема",
    "Хеда",
    "Роза",
    "Мадина",
    "Луиза",
    "Амина",
    "Петимат",
    "Заур",
];
const SUR: &[&str] = &[
    "Закаев",
    "Мусаев",
    "Хаджиев",
    "Газиев",
    "Юсупов",
    "Дудаев",
    "Асуев",
    "Беков",
    "Эдилов",
    "Тагаев",
    "Цураев",
    "Тайсумов",
    "Хатуев",
    "Гелаев",
    "Батаев",
];
const ROLES: &[&str] = &[
    "survivor",
    "relative",
    "witness",
    "helper",
    "perpetrator",
    "official",
    "other",
];
const FILLER: &[&str] = &[
    "его",
    "увезли",
    "в",
    "отдел",
    "и",
    "допрашивали",
    "несколько",
    "часов",
    "когда",
    "потом",
    "сотрудник",
    "сказал",
    "что",
    "никто",
    "не",
    "поможет",
    "после",
    "этого",
    "родственники",
    "обратились",
    "в",
    "прокуратуру",
    "но",
    "ответа",
    "не",
    "получили",
    "задержание",
    "произошло",
    "возле",
    "рынка",
];
const ENDINGS: &[&str] = &["", "а", "у", "ом", "е"];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn fixture() -> (String, String) {
    let mut persons = Vec::new();
    for i in 0..30 {
        let first = FIRST[i % FIRST.len()];
        let female = i % FIRST.len() >= 10;
        let sur = if female {
            format!("{}а", SUR[(i * 7) % SUR.len()])
        } else {
            SUR[(i * 7) % SUR.len()].to_owned()
        };
        let role = if i == 0 {
            "survivor"
        } else {
            ROLES[1 + i % (ROLES.len() - 1)]
        };
        persons.push(
            serde_json::json!({"id": format!("p{i}"), "kind": "person", "role": role,
            "names": [format!("{first} {sur}")], "aliases": []}),
        );
    }
    let entities = serde_json::json!({"lang": "ru", "entities": persons}).to_string();
    let mut rng = Lcg(7);
    let mut text = String::new();
    let mut words = 0;
    while words < 25_000 {
        match rng.next(40) {
            0..=2 => {
                let i = rng.next(30);
                let first = FIRST[i % FIRST.len()];
                text.push_str(first);
                text.push(' ');
                let sur = SUR[(i * 7) % SUR.len()];
                text.push_str(sur);
                text.push_str(ENDINGS[rng.next(ENDINGS.len())]);
                words += 2;
            }
            3 => {
                text.push_str("+7 928 765-43-21");
                words += 4;
            }
            4 => {
                text.push_str("5 апреля 2017 года");
                words += 4;
            }
            _ => {
                text.push_str(FILLER[rng.next(FILLER.len())]);
                words += 1;
            }
        }
        text.push_str(if rng.next(12) == 0 { ". " } else { " " });
    }
    (entities, text)
}

fn bench(c: &mut Criterion) {
    let (json, text) = fixture();
    let entities = Entities::from_json(&json).unwrap();
    let profile = Profile::builtin("echr").unwrap();
    let key = [3u8; 32];
    let mut g = c.benchmark_group("redact");
    g.sample_size(10);
    g.bench_function("25k_words_30_persons_echr", |b| {
        b.iter(|| redact(black_box(&text), &entities, &profile, &key))
    });
    // the same text with 200 names disguised (letters spaced out, look-alike digits): the
    // disguised-spelling pass (spelling.rs) must not change the picture
    let disguised = text
        .replacen("Руслан Закаев", "Р у с л а н З4каев", 100)
        .replacen("Седа ", "С.е.д.а ", 100);
    g.bench_function("25k_words_30_persons_echr_200_disguised", |b| {
        b.iter(|| redact(black_box(&disguised), &entities, &profile, &key))
    });
    g.bench_function("build_index_30_persons", |b| {
        b.iter(|| Entities::from_json(black_box(&json)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
