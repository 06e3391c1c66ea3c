//! Russian declension of personal names and place names (after the petrovich rules).
//!
//! Owns the case set ([`Cases`]), name-part kinds ([`Part`]) and [`decline`], which gives every
//! singular case form (nominative, genitive, dative, accusative, instrumental, prepositional)
//! and, for surnames, the family plural ("Закаевы", "Закаевых"). Forms are explicit, never
//! stems: Магомед → Магомеда, Магомеду, Магомедом, Магомеде and Магомедов → Магомедова, …
//! stay apart, which Snowball stemming would merge.
//!
//! Rules by ending: consonant / -й / -ь / -а / -я / -ия for first names; -ович/-евич/-ич and
//! -овна/-евна/-ична for patronymics; -ов/-ев/-ин/-ын and their female -а forms, adjectival
//! -ский/-цкий/-ой/-ый/-ий and -ая, indeclinable -о/-е/-и/-у/-ю/-ых/-их/-ко, hyphenated names
//! part by part. Where the gender is unknown both genders' forms are produced; where it is
//! known the other gender's surname forms are marked `weak` (they name a relative).
//! Input is lower-case; `ё` may be present.

/// A set of grammatical cases, one bit each.
pub type Cases = u8;
pub const NOM: Cases = 1;
pub const GEN: Cases = 2;
pub const DAT: Cases = 4;
pub const ACC: Cases = 8;
pub const INS: Cases = 16;
pub const PREP: Cases = 32;
/// Any case (indeclinable forms, foreign text).
pub const ALL: Cases = 63;
const CASES: [Cases; 6] = [NOM, GEN, DAT, ACC, INS, PREP];

/// What a word of a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A first name, a diminutive or an alias.
    First,
    /// A patronymic.
    Patronymic,
    /// A family name.
    Surname,
    /// A place name word (inanimate: accusative = nominative for masculine nouns).
    Place,
}

/// Gender used for declension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum G {
    /// Male.
    M,
    /// Female.
    F,
    /// Unknown: produce both.
    U,
}

/// One declined form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The form, lower-case.
    pub text: String,
    /// The cases it can stand for.
    pub cases: Cases,
    /// A family plural ("Закаевы", "Закаевых").
    pub plural: bool,
    /// The other gender's form of a surname: names a relative, not the person.
    pub weak: bool,
}

const VOWELS: &str = "аеёиоуыэюя";
const HUSH: &str = "жшщчц";
const VELAR_HUSH: &str = "гкхжшщч";

fn ends_any(w: &str, ends: &[&str]) -> bool {
    ends.iter().any(|e| w.ends_with(e))
}

fn last(w: &str) -> Option<char> {
    w.chars().next_back()
}

fn cut(w: &str, n: usize) -> &str {
    let mut idx = w.len();
    for (i, _) in w.char_indices().rev().take(n) {
        idx = i;
    }
    &w[..idx]
}

/// Adds `stem+ending` for each case in order (nom, gen, dat, acc, ins, prep); an empty
/// slice means "no such form".
fn table(out: &mut Vec<Form>, stem: &str, ends: [&[&str]; 6], weak: bool) {
    for (i, alts) in ends.iter().enumerate() {
        for e in alts.iter() {
            push(out, format!("{stem}{e}"), CASES[i], false, weak);
        }
    }
}

fn push(out: &mut Vec<Form>, text: String, cases: Cases, plural: bool, weak: bool) {
    if let Some(f) = out
        .iter_mut()
        .find(|f| f.text == text && f.plural == plural && f.weak == weak)
    {
        f.cases |= cases;
        return;
    }
    out.push(Form {
        text,
        cases,
        plural,
        weak,
    });
}

fn plural(out: &mut Vec<Form>, stem: &str, nom: &str, gen: &str, dat: &str, ins: &str) {
    push(out, format!("{stem}{nom}"), NOM, true, false);
    push(out, format!("{stem}{gen}"), GEN | ACC | PREP, true, false);
    push(out, format!("{stem}{dat}"), DAT, true, false);
    push(out, format!("{stem}{ins}"), INS, true, false);
}

/// Declines one word (may be hyphenated). Strong forms first; the word itself is always
/// included (nominative).
pub fn decline(word: &str, part: Part, g: G) -> Vec<Form> {
    let word = word.trim();
    if word.contains('-') {
        return decline_hyphenated(word, part, g);
    }
    let mut out = Vec::new();
    push(&mut out, word.to_owned(), NOM, false, false);
    if word.chars().count() < 2 || !word.chars().all(|c| c.is_alphabetic()) {
        return out;
    }
    let w = word.replace('ё', "е");
    let stem_src = if w == word { word } else { w.as_str() };
    match part {
        Part::First => first_name(&mut out, stem_src, g),
        Part::Patronymic => patronymic(&mut out, stem_src, g),
        Part::Surname => surname(&mut out, stem_src, g),
        Part::Place => place(&mut out, stem_src),
    }
    if w != word {
        // keep ё-spelt forms too (transliteration schemes treat ё apart)
        let extra: Vec<Form> = decline(&w, part, g);
        for f in extra {
            push(&mut out, f.text, f.cases, f.plural, f.weak);
        }
    }
    // an indeclinable word stands for every case (у Дени Черных, с Анной Бондаренко)
    if !out
        .iter()
        .any(|f| f.cases & !NOM != 0 && !f.plural && !f.weak)
    {
        for f in out.iter_mut().filter(|f| !f.plural && !f.weak) {
            f.cases = ALL;
        }
    }
    out
}

fn decline_hyphenated(word: &str, part: Part, g: G) -> Vec<Form> {
    let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
    let mut out = Vec::new();
    push(&mut out, word.to_owned(), NOM, false, false);
    if parts.len() < 2 {
        return out;
    }
    let declined: Vec<Vec<Form>> = parts.iter().map(|p| decline(p, part, g)).collect();
    // every part in the same case (Ивановой-Петровой), and, for first names and places,
    // only the last or only the first part declined (Урус-Мартана, Ахмеда-Хаджи)
    for &c in &CASES {
        for weak in [false, true] {
            let pick = |forms: &Vec<Form>, p: &str| -> Vec<String> {
                let v: Vec<String> = forms
                    .iter()
                    .filter(|f| f.cases & c != 0 && !f.plural && f.weak == weak)
                    .map(|f| f.text.clone())
                    .collect();
                if v.is_empty() {
                    vec![p.to_owned()]
                } else {
                    v
                }
            };
            let mut combos: Vec<String> = vec![String::new()];
            for (i, p) in parts.iter().enumerate() {
                let opts = pick(&declined[i], p);
                let mut next = Vec::new();
                for pre in &combos {
                    for o in &opts {
                        next.push(if pre.is_empty() {
                            o.clone()
                        } else {
                            format!("{pre}-{o}")
                        });
                    }
                }
                next.truncate(16);
                combos = next;
            }
            for t in combos {
                push(&mut out, t, c, false, weak);
            }
            if matches!(part, Part::First | Part::Place) {
                let head = parts[..parts.len() - 1].join("-");
                for o in pick(&declined[parts.len() - 1], parts[parts.len() - 1]) {
                    push(&mut out, format!("{head}-{o}"), c, false, weak);
                }
                let tail = parts[1..].join("-");
                for o in pick(&declined[0], parts[0]) {
                    push(&mut out, format!("{o}-{tail}"), c, false, weak);
                }
            }
        }
    }
    out
}

fn fleeting(w: &str) -> Option<&'static str> {
    Some(match w {
        "павел" => "павл",
        "лев" => "льв",
        _ => return None,
    })
}

fn a_declension(out: &mut Vec<Form>, w: &str, weak: bool) {
    let stem = cut(w, 1);
    let lc = last(stem);
    let gen: &[&str] = if lc.is_some_and(|c| VELAR_HUSH.contains(c)) {
        &["и"]
    } else {
        &["ы"]
    };
    let ins: &[&str] = if lc.is_some_and(|c| HUSH.contains(c)) {
        &["ей", "ой"]
    } else {
        &["ой"]
    };
    table(out, stem, [&[], gen, &["е"], &["у"], ins, &["е"]], weak);
}

fn ya_declension(out: &mut Vec<Form>, w: &str, weak: bool) {
    if w.ends_with("ия") {
        let stem = cut(w, 1);
        table(
            out,
            stem,
            [&[], &["и"], &["и"], &["ю"], &["ей"], &["и"]],
            weak,
        );
    } else {
        let stem = cut(w, 1);
        table(
            out,
            stem,
            [&[], &["и"], &["е"], &["ю"], &["ей", "ёй"], &["е"]],
            weak,
        );
    }
}

fn hard_masc(out: &mut Vec<Form>, stem: &str, animate: bool, weak: bool) {
    let ins: &[&str] = if last(stem).is_some_and(|c| HUSH.contains(c)) {
        &["ем", "ом"]
    } else {
        &["ом"]
    };
    let acc: &[&str] = if animate { &["а"] } else { &[] };
    table(out, stem, [&[], &["а"], &["у"], acc, ins, &["е"]], weak);
}

fn soft_masc(out: &mut Vec<Form>, stem: &str, animate: bool, weak: bool) {
    let acc: &[&str] = if animate { &["я"] } else { &[] };
    if stem.ends_with('и') {
        table(out, stem, [&[], &["я"], &["ю"], acc, &["ем"], &["и"]], weak);
    } else {
        table(
            out,
            stem,
            [&[], &["я"], &["ю"], acc, &["ем", "ём"], &["е"]],
            weak,
        );
    }
}

fn soft_fem(out: &mut Vec<Form>, w: &str, weak: bool) {
    let stem = cut(w, 1);
    table(
        out,
        stem,
        [&[], &["и"], &["и"], &["ь"], &["ью"], &["и"]],
        weak,
    );
}

fn first_name(out: &mut Vec<Form>, w: &str, g: G) {
    if let Some(stem) = fleeting(w) {
        hard_masc(out, stem, true, false);
        return;
    }
    let Some(lc) = last(w) else { return };
    match lc {
        'а' => a_declension(out, w, false),
        'я' => ya_declension(out, w, false),
        'й' => soft_masc(out, cut(w, 1), true, false),
        'ь' => {
            if g != G::F {
                soft_masc(out, cut(w, 1), true, false);
            }
            if g != G::M {
                soft_fem(out, w, false);
            }
        }
        c if VOWELS.contains(c) => {}
        _ => {
            if g != G::F {
                hard_masc(out, w, true, false);
            }
        }
    }
}

fn patronymic(out: &mut Vec<Form>, w: &str, g: G) {
    if ends_any(w, &["оглы", "кызы", "улы", "гызы", "уулу"]) {
        return;
    }
    if w.ends_with("ич") {
        table(
            out,
            w,
            [&[], &["а"], &["у"], &["а"], &["ем"], &["е"]],
            false,
        );
    } else if w.ends_with("на") {
        let stem = cut(w, 1);
        table(
            out,
            stem,
            [&[], &["ы"], &["е"], &["у"], &["ой"], &["е"]],
            false,
        );
    } else {
        first_name(out, w, g);
    }
}

fn surname(out: &mut Vec<Form>, w: &str, g: G) {
    let weak_f = g == G::M;
    let weak_m = g == G::F;
    if ends_any(w, &["ова", "ева", "ёва", "ина", "ына"]) && w.chars().count() > 4 {
        // female possessive surname; male forms name a relative
        let stem = cut(w, 1);
        table(
            out,
            stem,
            [&[], &["ой"], &["ой"], &["у"], &["ой"], &["ой"]],
            false,
        );
        push(out, stem.to_owned(), NOM, false, weak_m);
        possessive_masc(out, stem, weak_m);
        plural(out, stem, "ы", "ых", "ым", "ыми");
        return;
    }
    if ends_any(w, &["ов", "ев", "ёв", "ин", "ын"]) {
        possessive_masc(out, w, weak_m);
        if w.ends_with("ин") || w.ends_with("ын") {
            table(out, w, [&[], &[], &[], &[], &["ом"], &[]], weak_m);
        }
        push(out, format!("{w}а"), NOM, false, weak_f);
        table(
            out,
            w,
            [&[], &["ой"], &["ой"], &["у"], &["ой"], &["ой"]],
            weak_f,
        );
        plural(out, w, "ы", "ых", "ым", "ыми");
        return;
    }
    if ends_any(w, &["ский", "цкий", "ской", "цкой"]) {
        let stem = cut(w, 2);
        adj_masc(out, stem, true, weak_m);
        adj_fem(out, stem, weak_f);
        plural(out, stem, "ие", "их", "им", "ими");
        return;
    }
    if ends_any(w, &["ская", "цкая"]) {
        let stem = cut(w, 2);
        adj_fem(out, stem, false);
        push(out, format!("{stem}ий"), NOM, false, weak_m);
        adj_masc(out, stem, true, weak_m);
        plural(out, stem, "ие", "их", "им", "ими");
        return;
    }
    if ends_any(w, &["ый", "ой"]) {
        let stem = cut(w, 2);
        adj_masc(out, stem, true, weak_m);
        adj_fem(out, stem, weak_f);
        plural(out, stem, "ые", "ых", "ым", "ыми");
        return;
    }
    if w.ends_with("ий") {
        let stem = cut(w, 2);
        adj_masc(out, stem, true, weak_m);
        adj_fem(out, stem, weak_f);
        soft_masc(out, cut(w, 1), true, weak_m);
        return;
    }
    if w.ends_with("ая") && w.chars().count() > 3 {
        let stem = cut(w, 2);
        adj_fem(out, stem, false);
        adj_masc(out, stem, true, weak_m);
        return;
    }
    if ends_any(w, &["ых", "их", "ко", "аго", "яго"]) {
        return;
    }
    let Some(lc) = last(w) else { return };
    match lc {
        'а' => a_declension(out, w, false),
        'я' => ya_declension(out, w, false),
        'й' => soft_masc(out, cut(w, 1), true, weak_m),
        'ь' => soft_masc(out, cut(w, 1), true, weak_m),
        c if VOWELS.contains(c) => {}
        _ => {
            hard_masc(out, w, true, weak_m);
            // fleeting vowel, written both ways in practice: Кравец → Кравца / Кравеца
            if ends_any(w, &["ец", "ек", "ок"]) && w.chars().count() > 4 {
                let n = w.chars().count();
                let fleeting: String = w
                    .chars()
                    .enumerate()
                    .filter(|(i, _)| *i != n - 2)
                    .map(|(_, c)| c)
                    .collect();
                hard_masc(out, &fleeting, true, weak_m);
            }
        }
    }
}

fn possessive_masc(out: &mut Vec<Form>, stem: &str, weak: bool) {
    table(
        out,
        stem,
        [&[], &["а"], &["у"], &["а"], &["ым"], &["е"]],
        weak,
    );
}

/// Masculine adjective endings on `stem` (without -ий/-ый/-ой).
fn adj_masc(out: &mut Vec<Form>, stem: &str, animate: bool, weak: bool) {
    let soft_i = last(stem).is_some_and(|c| VELAR_HUSH.contains(c));
    let hush = last(stem).is_some_and(|c| HUSH.contains(c));
    let i_or_y = if soft_i { "им" } else { "ым" };
    let nom: &[&str] = if soft_i {
        &["ий", "ой"]
    } else {
        &["ый", "ой"]
    };
    if hush {
        let acc: &[&str] = if animate { &["его", "ого"] } else { &[] };
        table(
            out,
            stem,
            [
                nom,
                &["его", "ого"],
                &["ему", "ому"],
                acc,
                &[i_or_y],
                &["ем", "ом"],
            ],
            weak,
        );
    } else {
        let acc: &[&str] = if animate { &["ого"] } else { &[] };
        table(
            out,
            stem,
            [nom, &["ого"], &["ому"], acc, &[i_or_y], &["ом"]],
            weak,
        );
    }
}

fn adj_fem(out: &mut Vec<Form>, stem: &str, weak: bool) {
    let oy: &[&str] = if last(stem).is_some_and(|c| HUSH.contains(c)) {
        &["ей", "ой"]
    } else {
        &["ой"]
    };
    table(out, stem, [&["ая"], oy, oy, &["ую"], oy, oy], weak);
}

fn place(out: &mut Vec<Form>, w: &str) {
    if ends_any(w, &["ый", "ий", "ой"]) && w.chars().count() > 3 {
        let stem = cut(w, 2);
        adj_masc(out, stem, false, false);
        if !w.ends_with("ый") {
            // Курчалой → в Курчалое (a noun, not an adjective)
            soft_masc(out, cut(w, 1), false, false);
        }
        return;
    }
    if w.ends_with("ая") && w.chars().count() > 3 {
        adj_fem(out, cut(w, 2), false);
        return;
    }
    if ends_any(w, &["ое", "ее"]) && w.chars().count() > 3 {
        let stem = cut(w, 2);
        let soft_i = last(stem).is_some_and(|c| VELAR_HUSH.contains(c));
        let ins = if soft_i { "им" } else { "ым" };
        table(
            out,
            stem,
            [&[], &["ого"], &["ому"], &[], &[ins], &["ом"]],
            false,
        );
        return;
    }
    if ends_any(w, &["ые", "ие"]) && w.chars().count() > 3 {
        let stem = cut(w, 2);
        table(
            out,
            stem,
            [&[], &["ых"], &["ым"], &[], &["ыми"], &["ых"]],
            false,
        );
        return;
    }
    if ends_any(w, &["ов", "ев", "ин", "ын"]) {
        // Саратов, Пушкин: instrumental -ом
        table(
            out,
            w,
            [&[], &["а"], &["у"], &[], &["ом", "ым"], &["е"]],
            false,
        );
        return;
    }
    let Some(lc) = last(w) else { return };
    match lc {
        'а' => a_declension(out, w, false),
        'я' => ya_declension(out, w, false),
        'й' => soft_masc(out, cut(w, 1), false, false),
        'ь' => {
            soft_masc(out, cut(w, 1), false, false);
            soft_fem(out, w, false);
        }
        c if VOWELS.contains(c) => {}
        _ => hard_masc(out, w, false, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(word: &str, part: Part, g: G) -> Vec<String> {
        decline(word, part, g)
            .into_iter()
            .filter(|f| !f.weak)
            .map(|f| f.text)
            .collect()
    }

    fn check(word: &str, part: Part, g: G, expected: &[&str]) {
        let got = texts(word, part, g);
        for e in expected {
            assert!(got.iter().any(|x| x == e), "{word}: missing {e} in {got:?}");
        }
    }

    #[test]
    fn first_names() {
        check(
            "руслан",
            Part::First,
            G::M,
            &["руслана", "руслану", "русланом", "руслане"],
        );
        check(
            "ирина",
            Part::First,
            G::F,
            &["ирины", "ирине", "ирину", "ириной"],
        );
        check("мария", Part::First, G::F, &["марии", "марию", "марией"]);
        check(
            "дмитрий",
            Part::First,
            G::M,
            &["дмитрия", "дмитрию", "дмитрием", "дмитрии"],
        );
        check("игорь", Part::First, G::M, &["игоря", "игорем"]);
        check("любовь", Part::First, G::F, &["любови", "любовью"]);
        check("павел", Part::First, G::M, &["павла", "павлом"]);
        check("лев", Part::First, G::M, &["льва", "львом"]);
        check(
            "илья",
            Part::First,
            G::M,
            &["ильи", "илье", "илью", "ильей"],
        );
        check("ольга", Part::First, G::F, &["ольги", "ольгой"]);
        check("аюб", Part::First, G::M, &["аюба", "аюбом"]);
        check("муса", Part::First, G::M, &["мусы", "мусой"]);
        check("ахмед-хаджи", Part::First, G::M, &["ахмеда-хаджи"]);
    }

    #[test]
    fn patronymics() {
        check(
            "алиевич",
            Part::Patronymic,
            G::M,
            &["алиевича", "алиевичу", "алиевичем"],
        );
        check(
            "руслановна",
            Part::Patronymic,
            G::F,
            &["руслановны", "руслановне", "руслановну", "руслановной"],
        );
    }

    #[test]
    fn surnames() {
        check(
            "закаев",
            Part::Surname,
            G::M,
            &[
                "закаева",
                "закаеву",
                "закаевым",
                "закаеве",
                "закаевы",
                "закаевых",
            ],
        );
        check("закаева", Part::Surname, G::F, &["закаевой", "закаеву"]);
        check(
            "магомедов",
            Part::Surname,
            G::U,
            &["магомедова", "магомедовой"],
        );
        check(
            "жуковский",
            Part::Surname,
            G::M,
            &["жуковского", "жуковскому", "жуковским", "жуковском"],
        );
        check(
            "жуковская",
            Part::Surname,
            G::F,
            &["жуковской", "жуковскую"],
        );
        check("толстой", Part::Surname, G::M, &["толстого", "толстым"]);
        check(
            "иванова-петрова",
            Part::Surname,
            G::F,
            &["ивановой-петровой", "иванову-петрову"],
        );
        check("гельман", Part::Surname, G::M, &["гельмана", "гельманом"]);
        check("шевченко", Part::Surname, G::M, &["шевченко"]);
        assert_eq!(texts("шевченко", Part::Surname, G::M), vec!["шевченко"]);
        assert_eq!(texts("черных", Part::Surname, G::U), vec!["черных"]);
    }

    #[test]
    fn magomed_and_magomedov_stay_apart() {
        let a = texts("магомед", Part::First, G::M);
        let b = texts("магомедов", Part::Surname, G::M);
        assert!(a.iter().all(|x| !b.contains(x)), "{a:?} vs {b:?}");
    }

    #[test]
    fn other_gender_surname_forms_are_weak() {
        let forms = decline("закаев", Part::Surname, G::M);
        let weak: Vec<&str> = forms
            .iter()
            .filter(|f| f.weak)
            .map(|f| f.text.as_str())
            .collect();
        assert!(weak.contains(&"закаевой"), "{weak:?}");
        // genitive of the man stays strong even though it equals the woman's nominative
        assert!(forms.iter().any(|f| f.text == "закаева" && !f.weak));
    }

    #[test]
    fn places() {
        check("аргун", Part::Place, G::U, &["аргуна", "аргуне", "аргуном"]);
        check(
            "грозный",
            Part::Place,
            G::U,
            &["грозного", "грозном", "грозным"],
        );
        check("рига", Part::Place, G::U, &["риге", "риги", "ригу"]);
        check(
            "урус-мартан",
            Part::Place,
            G::U,
            &["урус-мартане", "урус-мартана"],
        );
        assert_eq!(texts("шали", Part::Place, G::U), vec!["шали"]);
    }
}
