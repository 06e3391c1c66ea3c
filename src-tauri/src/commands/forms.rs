//! Settings › Forms (admins, `import_forms` in the rights table) and the forms *New
//! interview* offers: each command calls one core function (`waystone::catalog`) and maps the
//! result. Workbook paths are typed by the person and checked by `waystone::fsio::user_path`.

use tauri::State;

use waystone::fsio;

use crate::dto::form::{FormCheckDto, FormSummaryDto};
use crate::dto::IpcError;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// Every form version, with its cases and whether it is offered (admins).
#[tauri::command(async)]
pub fn list_forms(state: State<'_, AppState>) -> Result<Vec<FormSummaryDto>> {
    list_forms_in(&state)
}

pub(super) fn list_forms_in(state: &AppState) -> Result<Vec<FormSummaryDto>> {
    let mut s = state.lock();
    let forms = s.vault_mut()?.manage_forms()?;
    Ok(forms.iter().map(Into::into).collect())
}

/// Checks a workbook without storing it (admins): the form as the interviewer will see it,
/// or every problem at its sheet, row and column.
#[tauri::command(async)]
pub fn check_form_file(state: State<'_, AppState>, path: String) -> Result<FormCheckDto> {
    check_form_file_in(&state, &path)
}

pub(super) fn check_form_file_in(state: &AppState, path: &str) -> Result<FormCheckDto> {
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let file = fsio::user_path(path)?;
    Ok((&vault.check_form_file(&file)?).into())
}

/// Imports a workbook as a form version (admins); offered for new interviews at once.
#[tauri::command(async)]
pub fn import_form_file(state: State<'_, AppState>, path: String) -> Result<FormSummaryDto> {
    import_form_file_in(&state, &path)
}

pub(super) fn import_form_file_in(state: &AppState, path: &str) -> Result<FormSummaryDto> {
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let file = fsio::user_path(path)?;
    Ok((&vault.import_form_file(&file)?.form).into())
}

/// Offers an imported form version for new interviews, or withdraws it (admins).
#[tauri::command(async)]
pub fn set_form_available(
    state: State<'_, AppState>,
    form_id: String,
    version: u32,
    available: bool,
) -> Result<()> {
    set_form_available_in(&state, &form_id, version, available)
}

pub(super) fn set_form_available_in(
    state: &AppState,
    form_id: &str,
    version: u32,
    available: bool,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .set_form_available(form_id, version, available)?)
}

/// What *New interview* offers: the latest available version of each form.
#[tauri::command(async)]
pub fn forms_for_new_interview(state: State<'_, AppState>) -> Result<Vec<FormSummaryDto>> {
    forms_for_new_interview_in(&state)
}

pub(super) fn forms_for_new_interview_in(state: &AppState) -> Result<Vec<FormSummaryDto>> {
    let mut s = state.lock();
    let forms = s.vault_mut()?.forms_for_new_interview()?;
    Ok(forms.iter().map(Into::into).collect())
}

#[cfg(test)]
pub(super) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use waystone::forms::xlsform::testing::{sheet, InventedCheckin};
    use waystone::forms::xlsform::{write_xlsx, Workbook};

    use super::*;
    use crate::commands::cases::{create_case_on_in, form_definition_in, open_case_in};
    use crate::commands::testing::{switch_user, unlocked_admin, PASS2};
    use crate::dto::cases::{AnswerDto, ValueDto};
    use crate::dto::form::{FormSourceDto, ItemView};
    use crate::dto::ErrorCode;

    /// An invented two-language follow-up form (English and Russian): a yes/no with skip
    /// logic and a repeat. Synthetic: no real person, place or case.
    pub fn followup_tables(version: &str) -> Workbook {
        Workbook {
            sheets: vec![
                sheet(
                    "survey",
                    &[
                        &[
                            "type",
                            "name",
                            "label::English (en)",
                            "label::Russian (ru)",
                            "relevant",
                            "required",
                            "choice_filter",
                            "calculation",
                            "read_only",
                            "repeat_count",
                            "default",
                        ],
                        &[
                            "begin group",
                            "situation",
                            "Current situation (invented form)",
                            "Текущее положение (вымышленная форма)",
                            "",
                            "",
                        ],
                        &[
                            "select_one yn",
                            "relocated",
                            "Have you left the region?",
                            "Вы покинули регион?",
                            "",
                            "yes",
                        ],
                        &[
                            "text",
                            "arrival_city",
                            "City of arrival",
                            "Город прибытия",
                            "${relocated} = 'yes'",
                            "",
                        ],
                        &[
                            "text",
                            "stay_reason",
                            "Why did you stay?",
                            "Почему вы остались?",
                            "${relocated} = 'no'",
                            "",
                        ],
                        // a cascading select: the towns of the region chosen
                        &[
                            "select_one regions",
                            "arrival_region",
                            "Region of arrival",
                            "Регион прибытия",
                            "${relocated} = 'yes'",
                            "",
                        ],
                        &[
                            "select_one towns",
                            "arrival_town",
                            "Town of arrival",
                            "Населённый пункт прибытия",
                            "${relocated} = 'yes'",
                            "",
                            "region = ${arrival_region}",
                        ],
                        // a decimal: the interviewer may type `2,5` or `2.5`
                        &[
                            "decimal",
                            "distance_km",
                            "Distance travelled, km (approximate)",
                            "Пройденное расстояние, км (примерно)",
                            "${relocated} = 'yes'",
                            "",
                        ],
                        // a calculation shown read-only
                        &[
                            "decimal",
                            "distance_m",
                            "The same in metres",
                            "То же в метрах",
                            "${relocated} = 'yes'",
                            "",
                            "",
                            "${distance_km} * 1000",
                            "yes",
                        ],
                        &["end group", "", "", "", "", ""],
                        &[
                            "begin group",
                            "contacts_section",
                            "Contacts with the authorities",
                            "Контакты с властями",
                            "",
                            "",
                        ],
                        &[
                            "note",
                            "contacts_intro",
                            "Only what the person wants to tell: no names of officials are needed.",
                            "Только то, что человек хочет рассказать: имена служащих не нужны.",
                            "",
                            "",
                        ],
                        &["begin repeat", "contacts", "Contact", "Контакт", "", ""],
                        &[
                            "text",
                            "contact_body",
                            "Which body?",
                            "Какой орган?",
                            "",
                            "",
                        ],
                        &[
                            "text",
                            "contact_outcome",
                            "What came of it?",
                            "Чем закончилось?",
                            "",
                            "",
                        ],
                        &["end repeat", "", "", "", "", ""],
                        // a counted repeat: as many companions as the answer before it says
                        &[
                            "integer",
                            "companions",
                            "How many people travelled with you?",
                            "Сколько человек ехали с вами?",
                        ],
                        &[
                            "begin repeat",
                            "companion",
                            "Companion",
                            "Спутник",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "${companions}",
                        ],
                        &[
                            "text",
                            "companion_relation",
                            "How are they related to you?",
                            "Кем они вам приходятся?",
                        ],
                        &["end repeat", "", "", ""],
                        // a default: proposed, recorded only when the interviewer confirms
                        &[
                            "integer",
                            "household_adults",
                            "Adults in the household now",
                            "Взрослых в семье сейчас",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "2",
                        ],
                        &["end group", "", "", "", "", ""],
                    ],
                ),
                sheet(
                    "choices",
                    &[
                        &[
                            "list_name",
                            "name",
                            "label::English (en)",
                            "label::Russian (ru)",
                            "region",
                        ],
                        &["yn", "yes", "Yes", "Да"],
                        &["yn", "no", "No", "Нет"],
                        &[
                            "regions",
                            "north",
                            "Northern region (invented)",
                            "Северная область (вымышленная)",
                        ],
                        &[
                            "regions",
                            "south",
                            "Southern region (invented)",
                            "Южная область (вымышленная)",
                        ],
                        &["towns", "alder", "Alderton", "Ольховск", "north"],
                        &["towns", "birch", "Birchford", "Берёзовск", "north"],
                        &["towns", "cedar", "Cedarville", "Кедровск", "south"],
                    ],
                ),
                sheet(
                    "settings",
                    &[
                        &["form_id", "version", "form_title", "default_language"],
                        &[
                            "invented_followup",
                            version,
                            "Follow-up (invented)",
                            "English (en)",
                        ],
                    ],
                ),
            ],
        }
    }

    pub fn followup_workbook() -> Vec<u8> {
        write_xlsx(&followup_tables("1")).unwrap()
    }

    /// The same form with two problems: row 3's skip logic calls an external lookup
    /// (`pulldata`), row 5 asks for a coordinate (`geopoint`).
    /// An invented check-in form that shares only the consent questions with the intake
    /// vocabulary, so the legal review of its cases is the generic case summary
    /// (tests/e2e/review.test.mjs). Synthetic: no real person, place or case.
    fn checkin_tables() -> Workbook {
        InventedCheckin {
            form_id: "invented_checkin",
            title: "Check-in (invented)",
            group: [
                "checkin",
                "Check-in (invented form)",
                "Встреча (вымышленная форма)",
            ],
            shelter_needs: ["Shelter needs", "Нужды в жилье"],
        }
        .tables()
    }

    fn broken_tables() -> Workbook {
        let mut tables = followup_tables("1");
        tables.sheets[0].rows[2][4] = "pulldata('x', 'y', 'z', 'w') = 'yes'".into();
        tables.sheets[0].rows[4][0] = "geopoint".into();
        tables
    }

    /// The workbooks the WebDriver tests import (tests/e2e/forms.test.mjs, review.test.mjs), written from the
    /// tables above when what the committed file holds differs (so the fixture cannot drift).
    #[test]
    fn e2e_workbooks_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/fixtures");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, tables) in [
            ("invented-followup.xlsx", followup_tables("1")),
            ("invented-followup-broken.xlsx", broken_tables()),
            ("invented-checkin.xlsx", checkin_tables()),
        ] {
            let fresh = write_xlsx(&tables).unwrap();
            let want = waystone::forms::xlsform::read_workbook(&fresh).unwrap();
            let path = dir.join(name);
            let same = std::fs::read(&path)
                .ok()
                .and_then(|b| waystone::forms::xlsform::read_workbook(&b).ok())
                .is_some_and(|have| have == want);
            if !same {
                std::fs::write(&path, &fresh).unwrap();
            }
        }
    }

    fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }

    fn item_names(items: &[ItemView]) -> Vec<String> {
        items
            .iter()
            .flat_map(|i| match i {
                ItemView::Question(q) => vec![q.name.clone()],
                ItemView::Note(n) => vec![format!("({})", n.name)],
                ItemView::Repeat(r) => {
                    let mut v = vec![format!("{}[]", r.name)];
                    v.extend(item_names(&r.items));
                    v
                }
            })
            .collect()
    }

    #[test]
    fn a_checked_workbook_is_previewed_and_nothing_is_stored() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let path = write(t.path(), "followup.xlsx", &followup_workbook());
        let FormCheckDto::Ready {
            form,
            languages,
            questions,
            stored,
        } = check_form_file_in(&state, &path).unwrap()
        else {
            panic!("the invented workbook is valid");
        };
        assert_eq!(form.id, "invented_followup");
        assert_eq!(languages, ["en", "ru"]);
        assert_eq!(questions, 12, "a note is not a question");
        assert!(!stored);
        assert_eq!(form.sections.len(), 2);
        assert_eq!(
            form.sections[0].label.ru,
            "Текущее положение (вымышленная форма)"
        );
        assert_eq!(
            item_names(&form.sections[1].items),
            [
                "(contacts_intro)",
                "contacts[]",
                "contact_body",
                "contact_outcome",
                "companions",
                "companion[]",
                "companion_relation",
                "household_adults"
            ]
        );
        // checking wrote nothing: the catalogue holds the built-in forms only
        let listed = list_forms_in(&state).unwrap();
        assert!(listed
            .iter()
            .all(|f| matches!(f.source, FormSourceDto::Builtin)));
    }

    #[test]
    fn every_problem_is_shown_at_its_sheet_row_and_column_and_nothing_is_imported() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let path = write(
            t.path(),
            "broken.xlsx",
            &write_xlsx(&broken_tables()).unwrap(),
        );
        let FormCheckDto::Refused { problems } = check_form_file_in(&state, &path).unwrap() else {
            panic!("the workbook has problems");
        };
        let at: Vec<(String, Option<u32>, Option<String>)> = problems
            .iter()
            .map(|p| (p.sheet.clone(), p.row, p.column.clone()))
            .collect();
        assert!(
            at.iter().any(|(s, r, c)| s == "survey"
                && *r == Some(3)
                && c.as_deref().is_some_and(|c| c.starts_with("relevant"))),
            "{problems:?}"
        );
        assert!(
            at.iter().any(|(s, r, _)| s == "survey" && *r == Some(5)),
            "{problems:?}"
        );
        // importing the same file is refused with every problem, and writes nothing
        let e = import_form_file_in(&state, &path).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid), "{e:?}");
        assert_eq!(list_forms_in(&state).unwrap().len(), 1);
        // a file that is no workbook at all is one clear problem, not a crash
        let junk = write(t.path(), "junk.xlsx", b"not a spreadsheet");
        let FormCheckDto::Refused { problems } = check_form_file_in(&state, &junk).unwrap() else {
            panic!("junk is refused");
        };
        assert!(!problems.is_empty());
        // a relative path is refused before anything is read
        assert!(check_form_file_in(&state, "followup.xlsx").is_err());
    }

    #[test]
    fn an_imported_form_is_offered_started_on_and_withdrawn() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        state
            .lock()
            .vault_mut()
            .unwrap()
            .add_user(
                "cw",
                waystone::vault::Role::Caseworker,
                &waystone::crypto::Passphrase::new(PASS2),
            )
            .unwrap();
        let path = write(t.path(), "followup.xlsx", &followup_workbook());
        let imported = import_form_file_in(&state, &path).unwrap();
        assert_eq!(
            (imported.id.as_str(), imported.version),
            ("invented_followup", 1)
        );
        assert!(imported.available);
        // the same file again changes nothing; the check says it is stored
        import_form_file_in(&state, &path).unwrap();
        assert!(matches!(
            check_form_file_in(&state, &path).unwrap(),
            FormCheckDto::Ready { stored: true, .. }
        ));

        // a caseworker is offered it and starts an interview on it
        switch_user(&state, "cw", PASS2);
        let offered = forms_for_new_interview_in(&state).unwrap();
        let ids: Vec<(&str, u32)> = offered.iter().map(|f| (f.id.as_str(), f.version)).collect();
        assert_eq!(ids, [("intake", 1), ("invented_followup", 1)]);
        assert_eq!(offered[1].title.en, "Follow-up (invented)");
        let case = create_case_on_in(&state, "invented_followup", 1).unwrap();
        assert_eq!(
            (case.form_id.as_str(), case.form_version),
            ("invented_followup", 1)
        );
        let answer = AnswerDto::Answered(ValueDto::Choice("yes".into()));
        crate::commands::cases::save_answer_in(&state, &case.id, "relocated", Some(answer))
            .unwrap();
        // the cascading select offers the towns of the region chosen, and only those
        let save = |path: &str, choice: &str| {
            let a = AnswerDto::Answered(ValueDto::Choice(choice.into()));
            crate::commands::cases::save_answer_in(&state, &case.id, path, Some(a))
        };
        let offered_towns = |s: &crate::dto::cases::InterviewStateDto| {
            s.offered
                .iter()
                .find(|o| o.path == "arrival_town")
                .map(|o| o.choices.clone())
        };
        let s = save("arrival_region", "north").unwrap();
        assert_eq!(
            offered_towns(&s),
            Some(vec!["alder".to_owned(), "birch".to_owned()])
        );
        let e = save("arrival_town", "cedar").unwrap_err();
        assert!(e.message.contains("choice_not_offered"), "{}", e.message);
        let s = save("arrival_town", "birch").unwrap();
        assert!(s.problems.is_empty() || s.problems.iter().all(|p| p.path != "arrival_town"));
        // the region changes: the town is flagged, not lost
        let s = save("arrival_region", "south").unwrap();
        assert_eq!(offered_towns(&s), Some(vec!["cedar".to_owned()]));
        assert!(s.problems.iter().any(|p| p.path == "arrival_town"
            && matches!(p.code, crate::dto::cases::ProblemCodeDto::ChoiceNotOffered)));
        save("arrival_town", "cedar").unwrap();
        // the counted repeat and the proposed default cross the wire
        let s = crate::commands::cases::save_answer_in(
            &state,
            &case.id,
            "companions",
            Some(AnswerDto::Answered(ValueDto::Integer(2))),
        )
        .unwrap();
        let counted: Vec<(&str, u32, u32)> = s
            .counted
            .iter()
            .map(|c| (c.path.as_str(), c.expected, c.count))
            .collect();
        assert_eq!(counted, [("companion", 2, 2)]);
        assert!(s.proposed.iter().any(|p| p.path == "household_adults"
            && matches!(p.answer, AnswerDto::Answered(ValueDto::Integer(2)))));
        let view = form_definition_in(&state, "invented_followup", 1).unwrap();
        let repeat_counted = |name: &str| {
            view.sections
                .iter()
                .flat_map(|s| s.items.iter())
                .find_map(|i| match i {
                    ItemView::Repeat(r) if r.name == name => Some(r.counted),
                    _ => None,
                })
        };
        assert_eq!(repeat_counted("companion"), Some(true));
        assert_eq!(repeat_counted("contacts"), Some(false));
        // the caseworker may not manage forms
        let e = list_forms_in(&state).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Forbidden));

        // version 2 is imported; New interview offers only the latest
        crate::commands::testing::switch_user(&state, "ana", crate::commands::testing::PASS);
        let v2 = write(
            t.path(),
            "followup-2.xlsx",
            &write_xlsx(&followup_tables("2")).unwrap(),
        );
        import_form_file_in(&state, &v2).unwrap();
        let offered = forms_for_new_interview_in(&state).unwrap();
        assert!(offered
            .iter()
            .any(|f| f.id == "invented_followup" && f.version == 2));
        assert!(!offered
            .iter()
            .any(|f| f.id == "invented_followup" && f.version == 1));
        assert!(create_case_on_in(&state, "invented_followup", 1).is_err());

        // withdrawn: not offered, no new case, but the case begun on version 1 still opens
        set_form_available_in(&state, "invented_followup", 2, false).unwrap();
        set_form_available_in(&state, "invented_followup", 1, false).unwrap();
        let offered = forms_for_new_interview_in(&state).unwrap();
        assert!(offered.iter().all(|f| f.id != "invented_followup"));
        let e = create_case_on_in(&state, "invented_followup", 2).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid));
        let listed = list_forms_in(&state).unwrap();
        let v1 = listed
            .iter()
            .find(|f| f.id == "invented_followup" && f.version == 1)
            .unwrap();
        assert_eq!((v1.available, v1.cases), (false, 1));
        let view = open_case_in(&state, &case.id).unwrap();
        assert_eq!(view.summary.form_version, 1);
        let form = form_definition_in(&state, "invented_followup", 1).unwrap();
        assert_eq!(form.sections[0].name, "situation");
        // a built-in form is always offered
        assert!(set_form_available_in(&state, "intake", 1, false).is_err());
    }
}
