//! The redaction engine's entities, built from a case's structured answers: the survivor,
//! the third parties (by their relation), the perpetrators (with call signs as aliases) and
//! the places (current location removed, detention sites and event places kept in `echr`).

use serde_json::json;
use waystone_forms::{Answer, AnswerPath, Answers, Value};

fn text(a: &Answers, path: &str) -> Option<String> {
    match path
        .parse::<AnswerPath>()
        .ok()
        .and_then(|p| a.get(&p).cloned())
    {
        Some(Answer::Value(Value::Text(t))) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        _ => None,
    }
}

fn choice(a: &Answers, path: &str) -> Option<String> {
    match path
        .parse::<AnswerPath>()
        .ok()
        .and_then(|p| a.get(&p).cloned())
    {
        Some(Answer::Value(Value::Choice(c))) => Some(c),
        _ => None,
    }
}

fn count(a: &Answers, container: &str) -> u32 {
    container
        .parse::<AnswerPath>()
        .map(|p| a.repeat_count(&p))
        .unwrap_or(0)
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The entities file (JSON) of a case for the redaction engine; `lang` is the text's language.
pub fn entities_json(a: &Answers, lang: &str) -> String {
    let mut list = Vec::new();
    let names: Vec<String> = ["name_cyrillic", "name_latin"]
        .iter()
        .filter_map(|p| text(a, p))
        .collect();
    let mut aliases = Vec::new();
    for p in ["aliases", "nicknames"] {
        if let Some(t) = text(a, p) {
            aliases.extend(split_list(&t));
        }
    }
    if !names.is_empty() || !aliases.is_empty() {
        let gender = match choice(a, "gender_identity").as_deref() {
            Some("woman" | "trans_woman") => Some("f"),
            Some("man" | "trans_man") => Some("m"),
            _ => None,
        };
        let mut e = json!({"id": "survivor", "kind": "person", "role": "survivor", "names": names, "aliases": aliases});
        if let Some(g) = gender {
            e["gender"] = json!(g);
        }
        list.push(e);
    }
    for i in 0..count(a, "third_parties") {
        let Some(name) = text(a, &format!("third_parties[{i}].name")) else {
            continue;
        };
        let role = match choice(a, &format!("third_parties[{i}].relation")).as_deref() {
            Some("relative" | "partner") => "relative",
            Some("helper") => "helper",
            Some("witness" | "co_detainee" | "other_victim") => "witness",
            _ => "other",
        };
        list.push(json!({"id": format!("tp{i}"), "kind": "person", "role": role, "names": [name], "aliases": []}));
    }
    for i in 0..count(a, "perpetrators") {
        let name = text(a, &format!("perpetrators[{i}].name"));
        let call = text(a, &format!("perpetrators[{i}].call_sign"));
        let names: Vec<String> = name.into_iter().collect();
        let aliases: Vec<String> = call.into_iter().collect();
        if names.is_empty() && aliases.is_empty() {
            continue;
        }
        let (names, aliases) = if names.is_empty() {
            (aliases, vec![])
        } else {
            (names, aliases)
        };
        list.push(json!({"id": format!("perp{i}"), "kind": "person", "role": "perpetrator", "names": names, "aliases": aliases}));
    }
    if let Some(city) = text(a, "current_city") {
        list.push(json!({"id": "current", "kind": "place", "role": "current_location", "names": [city], "aliases": []}));
    }
    json!({"lang": lang, "entities": list}).to_string()
}
