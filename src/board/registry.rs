//! The cross-case registry's matching keys: one spelling-insensitive skeleton per name, so
//! Дадаев, Dadaev and Dadayev meet. Cyrillic is transliterated to Latin, letters that
//! transliteration schemes disagree on are folded (y/j/i, kh/h, ts/c, zh/j, ya/ia…), doubled
//! letters and most vowels after the first letter are kept so that different names stay
//! apart. Two skeletons equal, or one edit apart on names of six letters or more, make a
//! suggested duplicate that a person confirms or rejects; nothing is merged silently.

use super::search::fold;

fn translit(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ӏ' | 'Ӏ' => "",
        _ => "",
    }
}

/// The key an entry is grouped by without asking anyone: the same letters, ignoring case,
/// ё/е and spacing. Anything looser is only suggested.
pub fn exact_key(name: &str) -> String {
    fold(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The skeleton of a name for duplicate detection.
pub fn key(name: &str) -> String {
    let lower = fold(name).to_lowercase();
    let mut latin = String::with_capacity(lower.len());
    for c in lower.chars() {
        if ('а'..='я').contains(&c) || c == 'ӏ' {
            latin.push_str(translit(c));
        } else if c.is_ascii_alphanumeric() {
            latin.push(c);
        } else if c.is_alphabetic() {
            // other scripts and accented Latin: keep the letter itself
            latin.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            latin.push(' ');
        }
    }
    let mut s = latin;
    for (from, to) in [
        ("shch", "sh"),
        ("sch", "sh"),
        ("tsch", "ch"),
        ("dzh", "j"),
        ("zh", "j"),
        ("kh", "h"),
        ("ch", "c"),
        ("ts", "c"),
        ("tz", "c"),
        ("ck", "k"),
        ("q", "k"),
        ("w", "v"),
        ("ph", "f"),
        ("yu", "u"),
        ("iu", "u"),
        ("ju", "u"),
        ("ya", "a"),
        ("ia", "a"),
        ("ja", "a"),
        ("ye", "e"),
        ("je", "e"),
        ("y", "i"),
        ("j", "i"),
        ("ou", "u"),
    ] {
        s = s.replace(from, to);
    }
    // collapse doubled letters and spaces
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.chars() {
        if Some(c) != last || c.is_ascii_digit() {
            out.push(c);
        }
        last = Some(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two keys are likely the same name written differently.
pub fn likely_same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    la.min(lb) >= 6 && la.abs_diff(lb) <= 1 && edit_distance(a, b) <= 1
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_meet() {
        for group in [
            &["Дадаев", "Dadaev", "Dadayev", "DADAEV"][..],
            &["Тагиров", "Tagirov"],
            &["Хасан Закриев", "Khasan Zakriev", "Hasan Zakriyev"],
            &["Юсупов", "Yusupov", "Jusupov", "Iusupov"],
            &["Цураев", "Tsuraev", "Curaev", "Zuraev"],
        ] {
            for a in group {
                for b in group {
                    assert!(
                        likely_same(&key(a), &key(b)),
                        "{a} ~ {b}: {} / {}",
                        key(a),
                        key(b)
                    );
                }
            }
        }
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Магомед", "Магомедов"),
            ("Исаев", "Алиев"),
            ("Ахмед", "Ахмад Закриев"),
            ("Лом", "Лев"),
        ] {
            assert!(
                !likely_same(&key(a), &key(b)),
                "{a} !~ {b}: {} / {}",
                key(a),
                key(b)
            );
        }
    }
}
