//! Search text folding and query building for the FTS5 index: case-insensitive (FTS5's
//! unicode61 tokenizer folds case, Cyrillic included), ё = е, and a conservative stemming
//! for recall: a query word of five or more letters loses one known inflectional ending
//! (never below four letters) and matches as a prefix, so «задержали» finds «задержан» and
//! «Тагирова» finds «Тагиров». Search errs towards finding more; it decides nothing about
//! what is protected (that is the redaction engine's declension rules, not this).

/// ё → е, Ё → Е (both in indexed text and in queries).
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ё' => 'е',
            'Ё' => 'Е',
            other => other,
        })
        .collect()
}

const RU_ENDINGS: &[&str] = &[
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ать", "ять", "ить", "али", "или",
    "ала", "ила", "ов", "ев", "ой", "ей", "ам", "ям", "ах", "ях", "ом", "ем", "ую", "юю", "ая",
    "яя", "ые", "ие", "ый", "ий", "а", "я", "у", "ю", "ы", "и", "е", "о",
];
const EN_ENDINGS: &[&str] = &["ing", "ed", "es", "s"];

fn stem(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return word.to_owned();
    }
    for ending in RU_ENDINGS.iter().chain(EN_ENDINGS) {
        let n = ending.chars().count();
        if chars.len() - n >= 4 && word.ends_with(ending) {
            return chars[..chars.len() - n].iter().collect();
        }
    }
    word.to_owned()
}

/// Turns what a person typed into an FTS5 MATCH expression: every word must appear (AND),
/// each as a quoted prefix of its safe stem. `None` when nothing searchable is left.
pub fn fts_query(typed: &str) -> Option<String> {
    let folded = fold(typed).to_lowercase();
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", stem(w)))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(typed: &str, expected: Option<&str>) {
        assert_eq!(fts_query(typed).as_deref(), expected, "{typed}");
    }

    #[test]
    fn queries() {
        check("", None);
        check("  -- \" * ", None);
        check("Подвал", Some("\"подвал\"*"));
        check("задержали", Some("\"задерж\"*"));
        check("Алёна", Some("\"ален\"*"));
        check("basement beatings", Some("\"basement\"* AND \"beating\"*"));
        check("Магомед", Some("\"магомед\"*"));
        check("Ира", Some("\"ира\"*"));
        check("x\" OR 1", Some("\"x\"* AND \"or\"* AND \"1\"*"));
    }
}
