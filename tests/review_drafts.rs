//! Review drafts (issue 18, "review decisions are kept") through the core: a lawyer's
//! decisions and hidden phrases come back on the next review of the same document, only
//! to their author, and are dropped — with the reason — once the case changes; each step is
//! audited without content, the draft goes with the case, and nothing of it is readable in
//! the vault's files. Invented people and an invented demo case only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::forms::{Answer, Value};
use waystone::legal::drafts::{DraftDropped, DraftState};
use waystone::legal::review::Decisions;
use waystone::legal::{Audience, HostState};
use waystone::render::Lang;
use waystone::vault::{Role, Vault, VaultError};

const PASS: &str = "lantern quietly orbit seventeen";
const PASS2: &str = "copper meadow whistle ninety";
/// A phrase that stands for case text in a draft; it must never be readable on disk.
const CANARY: &str = "Invented-Zhabrailova-Canary";

fn yes() -> Option<Answer> {
    Some(Answer::Value(Value::YesNo(true)))
}

/// A vault with one demo case whose consent allows every document, and a second admin.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("v");
    let (mut v, _) =
        Vault::create(&dir, "ana", Role::Admin, &Passphrase::new(PASS), KDF_FLOOR).unwrap();
    v.add_user("bo", Role::Admin, &Passphrase::new(PASS2))
        .unwrap();
    let id = waystone::demo::add_demo_cases(&mut v, &waystone::forms::latest_intake(), 1, 11)
        .unwrap()
        .remove(0)
        .id;
    for path in [
        "consent_documentation",
        "consent_legal",
        "consent_publication",
    ] {
        v.writable(&id)
            .and_then(|mut g| g.save_answer(&path.parse().unwrap(), yes()))
            .unwrap();
    }
    v.lock();
    (t, dir, id)
}

fn open(dir: &std::path::Path, user: &str, pass: &str) -> Vault {
    Vault::unlock(dir, Some(user), &Passphrase::new(pass)).unwrap()
}

/// Decisions on the review: every candidate hidden, the first replacement kept, a phrase.
fn decide(v: &mut Vault, id: &str) -> (String, Decisions) {
    let r = v.legal_review(id, Audience::Echr, Lang::En).unwrap();
    assert_eq!(r.draft, DraftState::None);
    let mut d = Decisions::default();
    for (i, s) in r.review.spans.iter().enumerate() {
        d.redact.insert(i, s.group.is_some());
    }
    assert!(!d.redact.is_empty(), "the demo case has spans to decide");
    d.phrases.push(CANARY.into());
    (r.token, d)
}

fn actions(v: &Vault, prefix: &str) -> Vec<String> {
    v.audit_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with(prefix))
        .map(|e| e.action)
        .collect()
}

#[test]
fn decisions_come_back_to_their_author_on_the_same_case() {
    let (_t, dir, id) = setup();
    let mut v = open(&dir, "ana", PASS);
    let (token, d) = decide(&mut v, &id);
    v.save_review_draft(&id, Audience::Echr, Lang::En, &token, &d)
        .unwrap();
    // a second save continues the same draft (audited once)
    v.save_review_draft(&id, Audience::Echr, Lang::En, &token, &d)
        .unwrap();
    v.lock();

    // after a lock: back, exactly
    let mut v = open(&dir, "ana", PASS);
    let r = v.legal_review(&id, Audience::Echr, Lang::En).unwrap();
    assert_eq!(r.draft, DraftState::Restored(d.clone()));
    // and the export takes them as they are: every candidate decided, the phrase applied
    let out = v
        .export_reviewed(
            &id,
            Audience::Echr,
            waystone::legal::export::Format::Markdown,
            Lang::En,
            &r.token,
            &d,
            None,
        )
        .unwrap();
    assert!(!out.bytes.is_empty());
    // another document, another language: no draft of its own
    assert_eq!(
        v.legal_review(&id, Audience::Public, Lang::En)
            .unwrap()
            .draft,
        DraftState::None
    );
    assert_eq!(
        v.legal_review(&id, Audience::Echr, Lang::Ru).unwrap().draft,
        DraftState::None
    );
    assert_eq!(
        actions(&v, "case.review_draft"),
        ["case.review_draft_save", "case.review_draft_restore"]
    );
    v.lock();

    // another reviewer of the same case does not get it
    let mut other = open(&dir, "bo", PASS2);
    assert_eq!(
        other
            .legal_review(&id, Audience::Echr, Lang::En)
            .unwrap()
            .draft,
        DraftState::None
    );
    other.lock();

    // the author still does (restored again), then clears it
    let mut v = open(&dir, "ana", PASS);
    assert!(matches!(
        v.legal_review(&id, Audience::Echr, Lang::En).unwrap().draft,
        DraftState::Restored(_)
    ));
    v.clear_review_draft(&id, Audience::Echr, Lang::En).unwrap();
    assert_eq!(
        v.legal_review(&id, Audience::Echr, Lang::En).unwrap().draft,
        DraftState::None
    );
    assert!(actions(&v, "case.review_draft").ends_with(&["case.review_draft_clear".to_owned()]));
}

#[test]
fn a_change_of_the_case_drops_the_draft_and_says_why() {
    let (_t, dir, id) = setup();
    let mut v = open(&dir, "ana", PASS);
    let (token, d) = decide(&mut v, &id);
    v.save_review_draft(&id, Audience::Echr, Lang::En, &token, &d)
        .unwrap();
    // the caseworker's side: an answer changes
    v.writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &"narrative".parse().unwrap(),
                Some(Answer::Value(Value::Text(
                    "An invented account, told again.".into(),
                ))),
            )
        })
        .unwrap();
    let r = v.legal_review(&id, Audience::Echr, Lang::En).unwrap();
    assert_ne!(r.token, token);
    assert_eq!(r.draft, DraftState::Dropped(DraftDropped::CaseChanged));
    // dropped once: the next review has none
    assert_eq!(
        v.legal_review(&id, Audience::Echr, Lang::En).unwrap().draft,
        DraftState::None
    );
    assert_eq!(
        actions(&v, "case.review_draft"),
        ["case.review_draft_save", "case.review_draft_drop"]
    );
}

#[test]
fn drafts_are_refused_without_the_right_and_go_with_the_case() {
    let (_t, dir, id) = setup();
    let mut v = open(&dir, "ana", PASS);
    v.add_user("cw", Role::Caseworker, &Passphrase::new(PASS2))
        .unwrap();
    let (token, d) = decide(&mut v, &id);
    // an asylum letter's draft is keyed by its host State too
    let de = Audience::Asylum(HostState::parse("DE").unwrap());
    v.save_review_draft(&id, de, Lang::En, &token, &d).unwrap();
    // refused shapes: a token Waystone did not give, an empty phrase
    let bad = Decisions {
        phrases: vec!["   ".into()],
        ..Decisions::default()
    };
    assert!(matches!(
        v.save_review_draft(&id, Audience::Echr, Lang::En, &token, &bad),
        Err(VaultError::Invalid(_))
    ));
    assert!(matches!(
        v.save_review_draft(&id, Audience::Echr, Lang::En, "not-a-token", &d),
        Err(VaultError::Invalid(_))
    ));
    v.lock();

    // a caseworker may not prepare legal documents: refused, nothing written
    let mut cw = open(&dir, "cw", PASS2);
    assert!(matches!(
        cw.save_review_draft(&id, Audience::Echr, Lang::En, &token, &d),
        Err(VaultError::Forbidden)
    ));
    cw.lock();

    // the case deleted: its drafts with it
    let mut v = open(&dir, "ana", PASS);
    let code = v
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
        .code;
    v.delete_case(&id, &code).unwrap();
    v.lock();

    // no draft text in any file of the vault (it lives in the encrypted database only)
    for entry in walk(&dir) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()),
            "{} holds the draft's phrase in the clear",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
