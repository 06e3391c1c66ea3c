//! The embedded definitions: they all load, and the intake has the shape the rest of Waystone
//! relies on (consent gates, sensitivity of the dangerous fields, third-party flags).

#![allow(clippy::panic)]

use waystone_forms::{
    builtin, builtin_form_errors, builtin_forms, latest_intake, FormDef, QuestionPath,
    QuestionType, Required, Sensitivity, INTAKE_ID,
};

fn qp(s: &str) -> QuestionPath {
    match QuestionPath::parse(s) {
        Ok(p) => p,
        Err(e) => panic!("bad test path {s}: {e}"),
    }
}

fn intake() -> FormDef {
    let form = latest_intake();
    assert_eq!(form.id(), INTAKE_ID);
    assert!(form.version() >= 1, "the built-in intake did not load");
    form
}

#[test]
fn every_builtin_form_loads() {
    let errors = builtin_form_errors();
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let forms = builtin_forms();
    assert!(!forms.is_empty());
    let mut seen = std::collections::BTreeSet::new();
    for f in &forms {
        assert!(
            seen.insert((f.id().to_owned(), f.version())),
            "{} v{} twice",
            f.id(),
            f.version()
        );
    }
    assert!(builtin(INTAKE_ID, 1).is_some());
    assert!(builtin(INTAKE_ID, 999).is_none());
    assert!(builtin("nope", 1).is_none());
}

#[test]
fn intake_labels_exist_in_english_and_russian() {
    let form = intake();
    assert_eq!(form.languages(), ["en", "ru"]);
    let has_both = |l: &waystone_forms::Labels| {
        l.get("en").is_some_and(|s| !s.trim().is_empty())
            && l.get("ru").is_some_and(|s| !s.trim().is_empty())
    };
    for q in form.questions() {
        assert!(has_both(q.label()), "{}", q.path());
        if let Some(h) = q.hint() {
            assert!(has_both(h), "{} hint", q.path());
        }
        if let Some(c) = q.constraint() {
            assert!(has_both(c.message()), "{} constraint message", q.path());
        }
    }
    for list in form.choice_lists() {
        for c in list.choices() {
            assert!(has_both(c.label()), "{}.{}", list.name(), c.name());
        }
    }
    for s in form.sections() {
        assert!(has_both(s.label()), "section {}", s.name());
    }
}

#[test]
fn intake_sections_in_order() {
    let form = intake();
    let names: Vec<&str> = form.sections().iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        [
            "consent",
            "survivor",
            "detention",
            "perpetrators",
            "witnesses",
            "remedies",
            "evacuation",
            "narrative",
            "notes"
        ]
    );
}

#[test]
fn intake_sensitive_fields_are_marked() {
    let form = intake();
    let sens = |p: &str| form.question(&qp(p)).map(|q| (q.sensitivity(), q.export()));
    assert_eq!(sens("current_country"), Some((Sensitivity::HighRisk, true)));
    assert_eq!(sens("current_city"), Some((Sensitivity::HighRisk, true)));
    assert_eq!(
        sens("sexual_orientation"),
        Some((Sensitivity::HighRisk, true))
    );
    assert_eq!(sens("name_cyrillic"), Some((Sensitivity::Identity, true)));
    assert_eq!(
        sens("interviewer_notes"),
        Some((Sensitivity::Internal, false))
    );
    assert_eq!(
        sens("evacuation_notes"),
        Some((Sensitivity::HighRisk, false))
    );
    assert_eq!(
        sens("episodes.treatment.methods"),
        Some((Sensitivity::Testimony, true))
    );
    // Every internal question is never exported (the loader enforces it; check the data).
    for q in form.questions() {
        if q.sensitivity() == Sensitivity::Internal {
            assert!(!q.export(), "{}", q.path());
        }
    }
    // Sexual orientation is optional.
    let so = form.question(&qp("sexual_orientation"));
    assert!(matches!(so.map(|q| q.required()), Some(Required::No)));
}

#[test]
fn intake_third_parties_are_flagged() {
    let form = intake();
    let repeat = form.repeat(&qp("third_parties"));
    assert!(repeat.is_some_and(|r| r.third_party()));
    for name in ["relation", "name", "contact", "account", "situation"] {
        let q = form.question(&qp(&format!("third_parties.{name}")));
        assert!(q.is_some_and(|q| q.third_party()), "third_parties.{name}");
    }
    assert!(form
        .question(&qp("perpetrators.name"))
        .is_some_and(|q| !q.third_party()));
    assert!(form
        .question(&qp("name_cyrillic"))
        .is_some_and(|q| !q.third_party()));
}

#[test]
fn intake_vocabularies() {
    let form = intake();
    let names = |list: &str| -> Vec<String> {
        form.choice_list(list)
            .map(|l| l.choices().iter().map(|c| c.name().to_owned()).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        names("ip_consistency"),
        [
            "not_consistent",
            "consistent",
            "highly_consistent",
            "typical_of",
            "diagnostic_of"
        ]
    );
    assert_eq!(
        names("evacuation_stages"),
        [
            "at_risk_in_region",
            "in_hiding",
            "in_transit",
            "in_shelter",
            "relocated"
        ]
    );
    assert_eq!(names("risk_levels"), ["low", "medium", "high", "critical"]);
    let methods = names("ip_methods");
    for m in [
        "beating",
        "electric_shocks",
        "suffocation",
        "stress_positions",
        "sexual_violence",
        "threats_death",
        "forced_outing",
        "food_water_deprivation",
        "sleep_deprivation",
        "forced_confession",
    ] {
        assert!(methods.iter().any(|x| x == m), "{m}");
    }
    let date = form
        .question(&qp("episodes.apprehension_date"))
        .map(|q| q.kind().clone());
    assert!(
        matches!(&date, Some(QuestionType::Date { precisions, time: true }) if precisions.len() == 5),
        "{date:?}"
    );
}

/// The released v1 must never change in substance (old cases are read against it). This lists
/// every item with its type, sensitivity, export flag, requiredness and conditions, and every
/// choice list; a deliberate change goes into a new version file, never into v1. (Label
/// wording may still be corrected in place.)
#[test]
fn intake_v1_is_frozen() {
    let Some(form) = builtin(INTAKE_ID, 1) else {
        panic!("intake v1 missing");
    };
    let mut got = String::new();
    for (index, section) in form.sections().iter().enumerate() {
        got.push_str(&format!("[{}]", section.name()));
        if let Some(e) = section.relevant() {
            got.push_str(&format!(" relevant: {}", e.source()));
        }
        got.push('\n');
        for r in form
            .repeats()
            .into_iter()
            .filter(|r| r.section_index() == index)
        {
            let cond = r.relevant().map(|e| format!(" relevant: {}", e.source()));
            got.push_str(&format!(
                "{} repeat{}{}\n",
                r.path(),
                if r.third_party() { " third_party" } else { "" },
                cond.unwrap_or_default()
            ));
        }
        for q in form
            .questions()
            .into_iter()
            .filter(|q| q.section_index() == index)
        {
            let required = match q.required() {
                Required::No => String::new(),
                Required::Yes => " required".to_owned(),
                Required::When(e) => format!(" required: {}", e.source()),
            };
            let list = q
                .kind()
                .choice_list()
                .map(|l| format!("({l})"))
                .unwrap_or_default();
            let relevant = q.relevant().map(|e| format!(" relevant: {}", e.source()));
            let constraint = q
                .constraint()
                .map(|c| format!(" constraint: {}", c.expression().source()));
            got.push_str(&format!(
                "{} {}{list} {}{}{}{}{}\n",
                q.path(),
                q.kind().as_str(),
                q.sensitivity().as_str(),
                if q.export() { "" } else { " never-exported" },
                required,
                relevant.unwrap_or_default(),
                constraint.unwrap_or_default(),
            ));
        }
    }
    got.push_str("[choice lists]\n");
    for list in form.choice_lists() {
        let names: Vec<&str> = list.choices().iter().map(|c| c.name()).collect();
        got.push_str(&format!("{}: {}\n", list.name(), names.join(" ")));
    }
    let want = include_str!("snapshots/intake_v1.txt");
    if got != want {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/snapshots/intake_v1.txt.new"
        );
        let _ = std::fs::write(path, &got);
        panic!("intake v1 changed; new listing written to {path}\n{got}");
    }
}
