//! The detector of passages that describe sexual acts or practices, in English and Russian.
//! An asylum letter never describes the applicant's sexual conduct and never carries
//! anything that would amount to a "test" of orientation (CJEU, *A, B and C*, C-148/13 to
//! C-150/13; *F*, C-473/16): every free text the letter would quote passes through
//! [`classify`] first, and a flagged text is withheld and named in the checks.
//!
//! The vocabulary is by class, not by phrase: acts and practices ("had sex", «половой акт»,
//! «переспали», "intercourse"), the intimate body ("genitals", «эрекция»), and intimacy
//! ("kissed", «в постели с»), each with its word forms (a `*` part matches every ending; a
//! phrase's parts may have up to two words between them). Text is folded first: case,
//! ё→е, soft hyphens and zero-width characters.
//!
//! Sexual violence by the perpetrators is persecution and the letter names it: the generic
//! words ("sexual violence", "rape", «сексуальное насилие», «изнасиловали») are deliberately
//! not in the vocabulary and are not flagged. A passage that describes the acts of that
//! violence (the body, penetration) is flagged like any other: the letter refers to "sexual
//! violence" without detail, and the detailed account stays in the case for the medical and
//! legal record.
//!
//! Recipe — a new word: add its stem to the class in [`RULES`] (prefix with `*`, alternatives
//! with `|`, a phrase as space-separated parts), and a positive and a negative vector to the
//! tests below.

/// Why a passage was flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SexualContent {
    /// Sexual acts or practices.
    Acts,
    /// The intimate body.
    Body,
    /// Intimacy (kissing, being in bed together, love-making).
    Intimacy,
}

impl SexualContent {
    pub fn explain(self, ru: bool) -> &'static str {
        match (self, ru) {
            (SexualContent::Acts, false) => "it describes sexual acts or practices",
            (SexualContent::Acts, true) => "в нём описываются сексуальные действия или практики",
            (SexualContent::Body, false) => "it describes the intimate body",
            (SexualContent::Body, true) => "в нём описываются интимные части тела",
            (SexualContent::Intimacy, false) => "it describes intimate conduct",
            (SexualContent::Intimacy, true) => "в нём описывается интимное поведение",
        }
    }
}

/// The vocabulary, by class. Each rule: space-separated parts, each part `|`-separated words,
/// a word ending in `*` matches any ending.
const RULES: &[(SexualContent, &str)] = &[
    // English: acts and practices
    (SexualContent::Acts, "had|have|has|having|haven't|hadn't sex"),
    (SexualContent::Acts, "sex with"),
    (
        SexualContent::Acts,
        "sexual intercourse|relations|relationship*|act|acts|practice*|contact*|encounter*|position*|partner*",
    ),
    (SexualContent::Acts, "intercourse"),
    (SexualContent::Acts, "oral|anal sex|intercourse"),
    (SexualContent::Acts, "anal|anally|sodomy|sodomi*"),
    (SexualContent::Acts, "penetrat*"),
    (SexualContent::Acts, "slept|sleep|sleeping|sleeps with|together"),
    (SexualContent::Acts, "masturbat*|orgasm*|ejaculat*"),
    (SexualContent::Intimacy, "made|make|making|makes love"),
    (SexualContent::Intimacy, "in bed with|together"),
    (SexualContent::Intimacy, "kiss|kissed|kisses|kissing|foreplay|caress*|fondl*"),
    (SexualContent::Intimacy, "condom|condoms"),
    (
        SexualContent::Body,
        "genital*|penis*|vagina*|anus|erection*|nipple*|testic*",
    ),
    // Russian: acts and practices
    (SexualContent::Acts, "секс|секса|сексу|сексом|сексе"),
    (
        SexualContent::Acts,
        "половой|половые|половых|половым|половая|половую|половом акт*|сношен*|связ*|отношен*|контакт*|жизн*|близост*|партн*",
    ),
    (SexualContent::Acts, "сношени*|совокупл*|соитие|соития|соитии"),
    (SexualContent::Acts, "интимн* связ*|отношен*|близост*|контакт*|жизн*"),
    (SexualContent::Acts, "переспа*|переспл*"),
    (SexualContent::Acts, "спал|спала|спали|спать|спим|сплю вместе|со|с"),
    (SexualContent::Acts, "оральн*|анальн*|проникновени*|мужеложств*|содоми*"),
    (SexualContent::Acts, "мастурб*|онанир*|оргазм*|эякул*"),
    (SexualContent::Intimacy, "занимал*|занима*|заняться|заниматься любовью"),
    (SexualContent::Intimacy, "в постели с|вместе"),
    (SexualContent::Intimacy, "поцел*|целова*|целовал*|целуем*|целую*|ласкал*|ласкать|ласки"),
    (SexualContent::Intimacy, "презерватив*"),
    (
        SexualContent::Body,
        "генитал*|пенис*|влагалищ*|анус*|эрекци*|сосок|соски|сосков|яичк*",
    ),
    (SexualContent::Body, "половой|половым|половому|полового член*|орган*"),
];

/// Words allowed between the parts of a phrase.
const GAP: usize = 2;

fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            '’' | 'ʼ' => '\'',
            c => c,
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn part_matches(part: &str, word: &str) -> bool {
    part.split('|').any(|alt| match alt.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == alt,
    })
}

fn rule_matches(rule: &str, words: &[String]) -> bool {
    let parts: Vec<&str> = rule.split(' ').collect();
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    (0..words.len()).any(|start| {
        if !part_matches(first, &words[start]) {
            return false;
        }
        let mut at = start;
        for part in rest {
            let window = (at + 1)..(at + 2 + GAP).min(words.len());
            match window.clone().find(|&i| part_matches(part, &words[i])) {
                Some(i) => at = i,
                None => return false,
            }
        }
        true
    })
}

/// The first class a passage falls in, or `None` when it describes no sexual conduct.
pub fn classify(text: &str) -> Option<SexualContent> {
    let w = words(text);
    RULES
        .iter()
        .find(|(_, rule)| rule_matches(rule, &w))
        .map(|(class, _)| *class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<SexualContent>) {
        assert_eq!(classify(text), expected, "{text}");
    }

    #[test]
    fn acts_body_and_intimacy_are_flagged_in_both_languages_and_their_word_forms() {
        use SexualContent::*;
        for (t, c) in [
            ("They asked whether I had sex with men.", Acts),
            ("We were having SEX at his flat when they came.", Acts),
            ("He described our sexual relationship to them.", Acts),
            ("I slept with him twice.", Acts),
            ("He was penetrated with a bottle.", Acts),
            ("They filmed us kissing in the car.", Intimacy),
            ("We made love that night.", Intimacy),
            ("They beat my genitals.", Body),
            ("Мы занимались сексом у него дома.", Acts),
            ("Они спрашивали про половые контакты с мужчинами.", Acts),
            ("Мы переспали один раз.", Acts),
            ("Спрашивали, с кем я спал вместе.", Acts),
            ("Они видели, как мы целовались.", Intimacy),
            ("Мы были в постели с ним, когда пришли.", Intimacy),
            ("Били по половым органам.", Body),
            ("У него была интимная связь с другом.", Acts),
            // folded: soft hyphen, zero-width, ё and case
            ("We had s\u{00AD}ex.", Acts),
            ("МЫ ЦЕЛОВА\u{200B}ЛИСЬ", Intimacy),
        ] {
            check(t, Some(c));
        }
    }

    #[test]
    fn ordinary_torture_and_named_sexual_violence_are_not_flagged() {
        for t in [
            "They beat me with a pipe, gave me electric shocks and threatened to tell my family.",
            "Меня били трубой, пытали током и угрожали рассказать семье.",
            "The applicant was subjected to sexual violence by the officers.",
            "Сотрудники подвергли заявителя сексуальному насилию; его изнасиловали.",
            "He was raped in detention.",
            "He lives in a same-sex partnership in Berlin.",
            "A member of the family informed on him; the analysis of the medical record followed.",
            "Член семьи сообщил о нём; я спал на полу в подвале.",
            "They kept me in the basement together with two other men.",
            "They hooked me up to wires and beat me on the buttocks.",
            "",
        ] {
            check(t, None);
        }
    }
}
