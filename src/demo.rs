//! Synthetic demo cases. EVERY PERSON, PLACE DETAIL AND STORY HERE IS INVENTED: names are
//! assembled at random from lists of common given names and surnames, and narratives from
//! templates. They exist to try the app, to test it and to benchmark it — never to stand for
//! a real testimony.
//!
//! Deterministic: the same seed gives the same cases (ChaCha8), so tests and benchmarks can
//! rebuild a vault exactly. Variety the issue asks for: Russian and English narratives, one to
//! three detention episodes with treatment, perpetrators, units and sites recurring across
//! cases, every evacuation stage, remedies decided before and after 1 Feb 2022, and some
//! episodes after 16 Sep 2022.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use waystone_forms::{Answer, AnswerPath, Answers, FormDef, PartialDate, Season, Value};

use crate::cases::CaseSummary;
use crate::vault::{Vault, VaultError};

const GIVEN_RU: &[(&str, &str)] = &[
    ("Адам", "Adam"),
    ("Ислам", "Islam"),
    ("Рамзан", "Ramzan"),
    ("Зелимхан", "Zelimkhan"),
    ("Магомед", "Magomed"),
    ("Хасан", "Khasan"),
    ("Умар", "Umar"),
    ("Алихан", "Alikhan"),
    ("Муса", "Musa"),
    ("Тимур", "Timur"),
    ("Артур", "Artur"),
    ("Ибрагим", "Ibragim"),
    ("Салман", "Salman"),
    ("Арби", "Arbi"),
    ("Шамиль", "Shamil"),
    ("Руслан", "Ruslan"),
];
const GIVEN_RU_F: &[(&str, &str)] = &[
    ("Седа", "Seda"),
    ("Мадина", "Madina"),
    ("Хеда", "Kheda"),
    ("Луиза", "Luiza"),
    ("Зарема", "Zarema"),
    ("Марьям", "Maryam"),
    ("Аминат", "Aminat"),
    ("Петимат", "Petimat"),
];
const SURNAMES: &[(&str, &str)] = &[
    ("Исаев", "Isaev"),
    ("Дудаев", "Dudaev"),
    ("Межидов", "Mezhidov"),
    ("Усманов", "Usmanov"),
    ("Хамзатов", "Khamzatov"),
    ("Алиев", "Aliev"),
    ("Эльмурзаев", "Elmurzaev"),
    ("Гайсултанов", "Gaisultanov"),
    ("Батаев", "Bataev"),
    ("Саидов", "Saidov"),
    ("Вагапов", "Vagapov"),
    ("Арсанов", "Arsanov"),
];
/// Invented officers who recur across cases (the pattern evidence the registry should find).
const PERPETRATORS: &[(&str, &str, &str, &str)] = &[
    (
        "Висхан Тагиров",
        "Тагир",
        "майор",
        "ОМВД по Аргунскому району",
    ),
    ("Ахмед Закриев", "Борз", "капитан", "полк ППС им. Кадырова"),
    (
        "Сулейман Абдулаев",
        "Шейх",
        "подполковник",
        "ОМВД по Грозненскому району",
    ),
    (
        "Isa Vakhaev",
        "Lom",
        "lieutenant",
        "Terek special rapid response unit",
    ),
    ("Увайс Мальсагов", "Дикий", "сержант", "батальон «Север»"),
    ("неизвестный", "Профессор", "", "полк ППС им. Кадырова"),
];
const UNITS: &[&str] = &[
    "ОМВД по Аргунскому району",
    "полк ППС им. Кадырова",
    "батальон «Север»",
    "Terek special rapid response unit",
    "ОМВД по Грозненскому району",
];
const SITES: &[&str] = &[
    "подвал здания бывшего ОМВД в Аргуне",
    "база полка ППС в Грозном",
    "частный дом в Цоцин-Юрте",
    "unofficial detention site near Argun",
    "ИВС ОМВД по Грозненскому району",
];
const CITIES_ABROAD: &[(&str, &str)] = &[
    ("de", "Berlin"),
    ("fr", "Strasbourg"),
    ("nl", "Amsterdam"),
    ("ca", "Toronto"),
    ("se", "Malmö"),
    ("ge", "Tbilisi"),
    ("am", "Yerevan"),
];
const METHODS: &[&str] = &[
    "beating",
    "electric_shocks",
    "suffocation",
    "stress_positions",
    "sexual_violence",
    "threats_death",
    "threats_family",
    "forced_outing",
    "forced_naming",
    "forced_confession",
    "food_water_deprivation",
    "sleep_deprivation",
    "humiliation",
    "extortion",
];
const STAGES: &[&str] = &[
    "at_risk_in_region",
    "in_hiding",
    "in_transit",
    "in_shelter",
    "relocated",
];
const RISKS: &[&str] = &["low", "medium", "high", "critical"];

/// The demo vault's admin and the passphrase of every demo user. It is a demo: anyone may
/// know them.
pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSPHRASE: &str = "demo lantern quietly orbit";
/// The demo vault's team beside its admin, one per role (same passphrase), so every role can
/// be tried and the board shows who is on each case.
pub const DEMO_TEAM: [(&str, crate::vault::Role); 3] = [
    ("demo-caseworker", crate::vault::Role::Caseworker),
    ("demo-lawyer", crate::vault::Role::Lawyer),
    ("demo-coordinator", crate::vault::Role::Coordinator),
];

/// Creates a vault in `dir` (which must not hold one) for [`DEMO_USER`] and [`DEMO_TEAM`],
/// and fills it with `cases` invented cases, each with the demo caseworker on it and the demo
/// lawyer on every third.
pub fn create_demo_vault(dir: &std::path::Path, cases: u32, seed: u64) -> Result<(), VaultError> {
    let pass = crate::crypto::Passphrase::new(DEMO_PASSPHRASE);
    let (mut vault, _recovery) = Vault::create(
        dir,
        DEMO_USER,
        crate::vault::Role::Admin,
        &pass,
        crate::crypto::KDF_FLOOR,
    )?;
    for (name, role) in DEMO_TEAM {
        vault.add_user(name, role, &pass)?;
    }
    let form = waystone_forms::latest_intake();
    let added = add_demo_cases(&mut vault, &form, cases, seed)?;
    for (i, case) in added.iter().enumerate() {
        let lawyer = (i % 3 == 0).then_some(DEMO_TEAM[1].0);
        vault.assign(&case.id, Some(DEMO_TEAM[0].0), lawyer)?;
    }
    Ok(())
}

/// Adds `n` invented cases to `vault` on `form`; returns their summaries.
pub fn add_demo_cases(
    vault: &mut Vault,
    form: &FormDef,
    n: u32,
    seed: u64,
) -> Result<Vec<CaseSummary>, VaultError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let answers = demo_answers(&mut rng, i);
        out.push(vault.create_case_with(form, &answers)?);
    }
    vault.settle()?;
    Ok(out)
}

/// The answers of one invented case, reproducible from `seed` and `index`.
pub fn demo_case_answers(seed: u64, index: u32) -> Answers {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    demo_answers(&mut rng, index)
}

fn p(s: &str) -> AnswerPath {
    // Paths below are literals of the built-in intake; a typo is caught by its tests.
    s.parse()
        .unwrap_or_else(|_| AnswerPath::top("invalid").unwrap_or_else(|_| unreachable_path()))
}

fn unreachable_path() -> AnswerPath {
    // "invalid" is a well-formed top-level name, so this is never reached.
    AnswerPath::top("x").unwrap_or_else(|_| unreachable_path())
}

fn at(c: &AnswerPath, i: u32, child: &str) -> AnswerPath {
    c.join(i, child).unwrap_or_else(|_| p(child))
}

fn text(s: impl Into<String>) -> Answer {
    Answer::Value(Value::Text(s.into()))
}
fn choice(s: &str) -> Answer {
    Answer::Value(Value::Choice(s.into()))
}
fn choices(v: &[&str]) -> Answer {
    Answer::Value(Value::Choices(v.iter().map(|s| s.to_string()).collect()))
}
fn yes(b: bool) -> Answer {
    Answer::Value(Value::YesNo(b))
}
fn int(n: i64) -> Answer {
    Answer::Value(Value::Integer(n))
}
fn date(d: Result<PartialDate, waystone_forms::DateError>) -> Answer {
    match d {
        Ok(d) => Answer::Value(Value::Date(d)),
        Err(_) => Answer::DontKnow,
    }
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, xs: &[T]) -> T {
    // The lists above are never empty.
    xs[rng.gen_range(0..xs.len())]
}

fn demo_answers(rng: &mut ChaCha8Rng, index: u32) -> Answers {
    let mut a = Answers::new();
    let russian = rng.gen_bool(0.6);
    let female = rng.gen_bool(0.25);
    let (given, given_lat) = pick(rng, if female { GIVEN_RU_F } else { GIVEN_RU });
    let (sur, sur_lat) = pick(rng, SURNAMES);
    let sur = if female {
        format!("{sur}а")
    } else {
        sur.to_string()
    };
    let sur_lat = if female {
        format!("{sur_lat}a")
    } else {
        sur_lat.to_string()
    };

    // consent
    a.set(p("consent_documentation"), yes(true));
    a.set(p("consent_legal"), yes(rng.gen_bool(0.85)));
    a.set(p("consent_named_recipients"), yes(false));
    a.set(p("consent_publication"), yes(rng.gen_bool(0.3)));
    a.set(p("consent_statistics"), yes(true));
    a.set(p("consent_revocable_explained"), yes(true));
    a.set(
        p("consent_method"),
        choice(if rng.gen_bool(0.5) {
            "written"
        } else {
            "oral_recorded"
        }),
    );
    a.set(
        p("consent_date"),
        date(PartialDate::exact(
            2024,
            rng.gen_range(1..=12),
            rng.gen_range(1..=28),
        )),
    );
    a.set(
        p("interview_language"),
        choice(if russian { "ru" } else { "en" }),
    );
    a.set(p("interpreter_present"), yes(!russian));
    if !russian {
        a.set(p("interpreter_name"), text("Interpreter (demo)"));
    }
    a.set(p("recorder_name"), text("caseworker-demo"));

    // survivor (invented)
    a.set(p("name_cyrillic"), text(format!("{given} {sur}")));
    a.set(p("name_latin"), text(format!("{given_lat} {sur_lat}")));
    a.set(
        p("date_of_birth"),
        date(PartialDate::exact(
            rng.gen_range(1975..=2004),
            rng.gen_range(1..=12),
            rng.gen_range(1..=28),
        )),
    );
    a.set(
        p("gender_identity"),
        choice(if female {
            "woman"
        } else {
            pick(rng, &["man", "man", "trans_woman", "non_binary"])
        }),
    );
    if rng.gen_bool(0.5) {
        a.set(p("sexual_orientation"), Answer::Declined);
    }
    a.set(p("citizenship"), choices(&["ru"]));
    a.set(
        p("contact_phone"),
        text(format!(
            "+7 900 {:03}-{:02}-{:02}",
            rng.gen_range(100..999),
            rng.gen_range(10..99),
            index % 100
        )),
    );
    a.set(p("contact_email"), text(format!("demo{index}@example.org")));

    // detention episodes
    let episodes = p("episodes");
    let n_ep = rng.gen_range(1..=3);
    a.set_repeat_count(episodes.clone(), n_ep);
    for e in 0..n_ep {
        let year = if rng.gen_bool(0.15) {
            rng.gen_range(2022..=2024)
        } else {
            rng.gen_range(2016..=2022)
        };
        let d = match rng.gen_range(0..4) {
            0 => PartialDate::month(year, rng.gen_range(1..=12)),
            1 => PartialDate::season(
                year,
                pick(rng, &[Season::Spring, Season::Summer, Season::Autumn]),
            ),
            2 => PartialDate::approximate(year, Some(rng.gen_range(1..=12)), None),
            _ => PartialDate::exact(year, rng.gen_range(1..=12), rng.gen_range(1..=28)),
        };
        a.set(at(&episodes, e, "apprehension_date"), date(d));
        a.set(
            at(&episodes, e, "apprehension_place_details"),
            text(pick(
                rng,
                &[
                    "у дома в Аргуне",
                    "на автовокзале Грозного",
                    "near his workplace in Grozny",
                    "на блокпосту под Гудермесом",
                ],
            )),
        );
        a.set(
            at(&episodes, e, "apprehenders_count"),
            int(rng.gen_range(2..=6)),
        );
        a.set(
            at(&episodes, e, "apprehenders_clothing"),
            choices(&["camouflage", "masks"]),
        );
        a.set(at(&episodes, e, "unit"), text(pick(rng, UNITS)));
        a.set(
            at(&episodes, e, "held_site_type"),
            choice(pick(rng, &["official", "unofficial"])),
        );
        a.set(
            at(&episodes, e, "held_place_details"),
            text(pick(rng, SITES)),
        );
        a.set(
            at(&episodes, e, "duration_days"),
            int(rng.gen_range(1..=40)),
        );
        a.set(at(&episodes, e, "acknowledged"), choice("not_recorded"));
        a.set(
            at(&episodes, e, "release_circumstances"),
            choice(pick(
                rng,
                &["released", "handed_to_relatives", "released_after_payment"],
            )),
        );
        a.set(at(&episodes, e, "respondent_state"), choice("ru"));
        let treatment = at(&episodes, e, "treatment");
        let n_t = rng.gen_range(1..=2);
        a.set_repeat_count(treatment.clone(), n_t);
        for t in 0..n_t {
            let how_many = rng.gen_range(1..=4);
            let mut m: Vec<&str> = METHODS.choose_multiple(rng, how_many).copied().collect();
            m.sort_unstable();
            a.set(at(&treatment, t, "methods"), choices(&m));
            a.set(
                at(&treatment, t, "frequency"),
                choice(pick(rng, &["once", "several_times", "daily"])),
            );
            let med = rng.gen_bool(0.4);
            a.set(at(&treatment, t, "medical_documentation"), yes(med));
            if med {
                a.set(
                    at(&treatment, t, "ip_consistency"),
                    choice(pick(
                        rng,
                        &["consistent", "highly_consistent", "typical_of"],
                    )),
                );
            }
        }
    }

    // perpetrators, drawn from a small recurring pool
    let perps = p("perpetrators");
    let n_p = rng.gen_range(1..=2);
    a.set_repeat_count(perps.clone(), n_p);
    for (k, (name, call, rank, unit)) in PERPETRATORS.choose_multiple(rng, n_p as usize).enumerate()
    {
        let k = k as u32;
        if *name != "неизвестный" {
            a.set(at(&perps, k, "name"), text(*name));
        } else {
            a.set(at(&perps, k, "name"), Answer::DontKnow);
        }
        a.set(at(&perps, k, "call_sign"), text(*call));
        if !rank.is_empty() {
            a.set(at(&perps, k, "rank"), text(*rank));
        }
        a.set(at(&perps, k, "unit"), text(*unit));
        a.set(
            at(&perps, k, "roles"),
            choices(&["ill_treated", "interrogated"]),
        );
    }

    // a third party who did not consent (invented)
    let (w_given, _) = pick(rng, GIVEN_RU);
    let (w_sur, _) = pick(rng, SURNAMES);
    let tp = p("third_parties");
    a.set_repeat_count(tp.clone(), 1);
    a.set(
        at(&tp, 0, "relation"),
        choice(pick(rng, &["co_detainee", "relative", "helper"])),
    );
    a.set(at(&tp, 0, "name"), text(format!("{w_given} {w_sur}")));

    // domestic remedies: final decisions before and after 1 Feb 2022
    let sought = rng.gen_bool(0.7);
    a.set(p("remedies_sought"), yes(sought));
    if sought {
        let c = p("complaints");
        a.set_repeat_count(c.clone(), 1);
        a.set(
            at(&c, 0, "body"),
            choice(pick(rng, &["investigative_committee", "prosecutor"])),
        );
        a.set(
            at(&c, 0, "complaint_number"),
            text(format!(
                "{}-{}/{}",
                rng.gen_range(100..999),
                rng.gen_range(10..99),
                rng.gen_range(2018..2023)
            )),
        );
        a.set(at(&c, 0, "decision"), choice("refusal_to_open_case"));
        a.set(at(&c, 0, "refusals_count"), int(rng.gen_range(1..=4)));
        let (y, m, d) = if rng.gen_bool(0.5) {
            (2021, rng.gen_range(1..=12), rng.gen_range(1..=28))
        } else {
            (2022, rng.gen_range(2..=12), rng.gen_range(1..=28))
        };
        a.set(
            at(&c, 0, "decision_date"),
            date(PartialDate::exact(y, m, d)),
        );
        a.set(p("final_decision_date"), date(PartialDate::exact(y, m, d)));
    } else {
        a.set(
            p("remedies_not_sought_reason"),
            text(if russian {
                "Боялся мести родственникам."
            } else {
                "Feared reprisals against relatives."
            }),
        );
    }

    // evacuation: every stage
    let stage = STAGES[(index as usize) % STAGES.len()];
    a.set(p("evacuation_stage"), choice(stage));
    if matches!(stage, "in_shelter" | "relocated") {
        let (country, city) = pick(rng, CITIES_ABROAD);
        a.set(p("current_country"), choice(country));
        a.set(p("current_city"), text(city));
        a.set(
            p("arrival_date"),
            date(PartialDate::exact(
                2024,
                rng.gen_range(1..=12),
                rng.gen_range(1..=28),
            )),
        );
    }
    a.set(p("risk_level"), choice(pick(rng, RISKS)));
    a.set(
        p("next_follow_up"),
        date(PartialDate::exact(
            rng.gen_range(2026..=2027),
            rng.gen_range(1..=12),
            rng.gen_range(1..=28),
        )),
    );

    // narrative
    let unit = pick(rng, UNITS);
    let site = pick(rng, SITES);
    let narrative = if russian {
        format!(
            "[Синтетический демонстрационный рассказ: все лица вымышлены.] Меня зовут {given} {sur}. \
             Меня задержали сотрудники ({unit}) и отвезли в {site}. Там меня били и требовали назвать \
             имена знакомых. Мой знакомый {w_given} {w_sur} тоже был там. Через несколько дней меня \
             отпустили, предупредив, чтобы я молчал(а). Демо-номер {index}."
        )
    } else {
        format!(
            "[Synthetic demo narrative: every person is invented.] My name is {given_lat} {sur_lat}. \
             Officers of {unit} detained me and took me to {site}. They beat me and demanded the names \
             of my friends. My acquaintance {w_given} {w_sur} was held there too. After several days \
             they released me and told me to keep silent. Demo number {index}."
        )
    };
    a.set(p("narrative"), text(narrative));
    a.set(
        p("narrative_language"),
        choice(if russian { "ru" } else { "en" }),
    );
    a.set(
        p("interviewer_notes"),
        text("Demo case: invented for testing."),
    );
    a
}
