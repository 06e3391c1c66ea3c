//! The rights table through the real IPC command bodies: every command of the one list
//! (`list.rs`, so a new command without a row here fails) × every role, on a case tied to the
//! user and on one that is not, asserting the answer of `waystone::access` — refused with
//! `forbidden` exactly where the table says no, and a refused call changes nothing (no case,
//! board field, user, setting or audit entry, no file written). Commands no role gates say
//! why, and run for every role alike. The CLI twin is tests/access_matrix_cli.rs. Invented
//! people and cases only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use waystone::access::{allows, Op, Ties};
use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::session::SessionManager;
use waystone::vault::{Role, Vault};

use super::list::COMMAND_NAMES;
use super::{asylum, board, cases, files, forms, legal, mailbox, report, transfer};
use crate::dto::asylum::{AsylumConsentDto, AsylumDetailsDto};
use crate::dto::board::{BoardPageDto, BoardQueryDto};
use crate::dto::cases::{AnswerDto, ValueDto};
use crate::dto::legal::{
    AudienceDto, ExportFormatDto, ExportRequestDto, LegalReviewDto, ReviewDraftSaveDto,
    SpanDecisionDto,
};
use crate::dto::mailbox::MailboxSetupDto;
use crate::dto::workflow::{RegistryKindDto, StageDto, StatusDto};
use crate::dto::{ErrorCode, IpcError, Language, LockReason};
use crate::state::AppState;

use super::testing::{PASS, PASS2, PASS3};

/// The users who act, one per role; "ana" (an admin) set the vault up and created the cases.
const USERS: [(&str, Role, &str); 4] = [
    ("cw", Role::Caseworker, PASS2),
    ("law", Role::Lawyer, PASS3),
    ("co", Role::Coordinator, PASS2),
    ("ad", Role::Admin, PASS3),
];

/// How a command is gated.
#[derive(Clone, Copy)]
enum Gate {
    /// An operation on one case (run on a tied and on an untied case).
    OnCase(Op),
    /// An operation on no one case.
    Global(Op),
    /// Listing: never refused, but a case is listed exactly where `list_case` allows.
    Lists,
    /// Open to every unlocked session, and why; run for every role, it must succeed.
    Open(&'static str),
    /// A first-run command: the vault's own keys decide, not a role. Run with a vault and a
    /// session present, it gives every role the same answer, never `forbidden`, and changes
    /// nothing.
    BeforeSession(&'static str),
    /// Open to every session but not run here, and why (and where it is tested).
    NotRunHere(&'static str),
}

/// The row of every command. A command of the list that this table lacks fails the test.
fn gate(command: &str) -> Option<Gate> {
    use Gate::*;
    Some(match command {
        "open_case" | "read_attachment" | "case_history" => OnCase(Op::ReadTestimony),
        "save_answer" | "add_repeat" | "remove_repeat" | "add_attachment"
        | "remove_attachment" => OnCase(Op::WriteTestimony),
        "legal_review" | "export_legal" | "export_consents" | "save_review_draft"
        | "clear_review_draft" => OnCase(Op::PrepareLegal),
        "set_asylum_details" => OnCase(Op::AsylumDetails),
        // reading the details is for whoever may write them or record the consent, and the
        // consent's row holds the details' (tests/access_matrix_cli.rs checks the same)
        "asylum_details" | "record_asylum_consent" => OnCase(Op::AsylumConsent),
        "case_events" => OnCase(Op::ListCase),
        // whether *this* user may discard: its answer for those who may list the case
        "discard_check" => OnCase(Op::ListCase),
        "discard_case" => OnCase(Op::DiscardCase),
        // a private label of one's own: for whoever may read the case
        "set_case_label" => OnCase(Op::ReadTestimony),
        "case_labels" => Open("each user's own private labels, of the cases they may read"),
        "delete_case" => OnCase(Op::DeleteCase),
        "change_status" | "set_due_date" | "set_evacuation" => OnCase(Op::ChangeWorkflow),
        "assign_case" => OnCase(Op::Assign),
        "send_bundle" | "queue_send" => OnCase(Op::SendCase),
        "list_mailboxes" | "add_mailbox" | "remove_mailbox" | "test_mailbox" => {
            Global(Op::ManageMailboxes)
        }
        "set_routing" => Global(Op::ManageMailboxes),
        "routing_rules" => Open("the routing rules name contacts only; anyone who sends follows them"),
        "list_mailbox_names" => Open(
            "the names admins gave the team's mailboxes, to choose one when sending: no location, engine or credential",
        ),
        "list_outbox" | "sync_mailboxes" | "list_refused_objects" => Open(
            "each user's own outbox, prefix and refused objects; every bundle fetched is decided per bundle (commands::mailbox tests, tests/mailbox_cli.rs)",
        ),
        "create_case" => Global(Op::CreateCase),
        "list_forms" | "check_form_file" | "import_form_file" | "set_form_available" => {
            Global(Op::ImportForms)
        }
        "forms_for_new_interview" => Open(
            "the titles and versions of the forms New interview offers; no case content (starting one is `create_case`)",
        ),
        "registry" | "registry_suggestions" | "decide_duplicate" => Global(Op::SearchTestimony),
        "set_unlock_limit" | "set_stop_key_wipes" => Global(Op::WipeSettings),
        "backup_vault" => Global(Op::Backup),
        "pattern_preview" | "export_pattern_report" => Global(Op::ReportPatterns),
        "audit_page" | "verify_audit_chain" => Global(Op::ReadAuditLog),
        "list_cases" | "board_page" => Lists,
        "export_board" => Open(
            "the board as this user's board lists it (`list_case`), status fields only, to a new file (tests/board_export.rs)",
        ),
        "export_dashboard" => Open(
            "the dashboard's counts over the cases this user's board lists (`list_case`), counts only, to a new file (tests/board_export.rs)",
        ),
        "dashboard" => Open("counts over the cases this user's board shows (the board's scope is `list_case`)"),
        "phrase_forms" => Open(
            "the forms of a phrase the user typed (cases, Latin spellings): computed from the phrase alone, reads nothing of the vault",
        ),
        "vault_status" => Open("what the unlock screen shows: user names and roles, settings; no case content"),
        "assess_passphrase" => Open("scores a typed passphrase; opens no vault"),
        "form_definition" => Open("the form's questions and labels; no case content"),
        "output_folder" => Open("a folder path; opens no vault"),
        "output_file_path" => Open("a free name in the output folder; opens no vault"),
        "choose_file" => NotRunHere(
            "shows the person a native file dialog and returns the path they chose; opens no vault, reads and writes nothing (commands::files tests; the e2e stand-in drives it in tests/e2e/files.test.mjs)",
        ),
        "lock_vault" | "touch_session" => Open("every session may end itself or say it is active"),
        "set_language" | "set_idle_minutes" | "set_escape_twice_locks" | "set_sync_minutes" => Open(
            "this device's language, idle lock, Escape-twice lock and automatic sync interval: preferences, not rights (the wipe settings are `wipe_settings`)",
        ),
        "my_key" | "list_contacts" | "add_contact" | "inspect_key_line" => {
            Open("each user's own keys and pinned contacts")
        }
        "list_bundle_files" => Open("file names in the output folder; no case content"),
        "list_incoming" => Open("this user's own received bundles; who may decide one is decided per bundle"),
        "create_vault" | "restore_backup" | "restore_backup_with_recovery" => {
            BeforeSession("first run: refused while a vault exists, whoever asks")
        }
        "unlock_vault" => BeforeSession("the vault's own key slots decide"),
        "backup_info" => BeforeSession("first run: the names and roles a backup file holds, before any unlock"),
        "wipe_vault" => NotRunHere(
            "the panic wipe needs only a session, by design (SECURITY.md); it destroys the vault (the core's wipe tests)",
        ),
        "verify_bundle" | "import_bundle" | "accept_incoming" | "reject_incoming" | "merge_view"
        | "merge_incoming" => NotRunHere(
            "decided per bundle by provenance and the case's receive/write rights (commands::transfer tests, tests/held_updates.rs)",
        ),
        _ => return None,
    })
}

/// The vault, the session the commands act in, and an admin's own handle on the same vault
/// that prepares arguments and takes the snapshots a refused call must leave as they were.
struct Cx<'a> {
    state: &'a AppState,
    admin: Vault,
    dir: PathBuf,
    files: PathBuf,
    tied: String,
    untied: String,
    attachment: BTreeMap<String, String>,
    key_line: String,
    backup: String,
    recovery: String,
    /// An invented XLSForm workbook (form `invented_followup` version 1, imported by ana).
    workbook: String,
    n: u32,
}

/// What a call needs that the admin's handle prepares first.
#[derive(Default)]
struct Prepared {
    attachment: Option<String>,
    /// A case made for a call that removes one: consent only, tied like the target.
    case: Option<(String, String)>,
    export: Option<ExportRequestDto>,
    /// The file the call would write.
    file: Option<PathBuf>,
}

/// Everything a refused call must not change, as the admin sees it, and the audit log's
/// length after looking (looking at a case is itself audited).
fn snapshot(cx: &mut Cx) -> (String, usize) {
    let query = BoardQueryDto {
        limit: Some(10_000),
        ..BoardQueryDto::default()
    };
    let session = cx.admin.session().clone();
    let board = BoardPageDto::new(cx.admin.board(&query.into()).unwrap(), &session);
    let mut out = serde_json::to_string(&board).unwrap();
    for row in &board.rows {
        out.push_str(
            &cx.admin
                .readable(&row.summary.id)
                .and_then(|mut g| g.export())
                .unwrap(),
        );
    }
    let users = waystone::vault::list_users(&cx.dir).unwrap();
    let users: Vec<(String, Role)> = users.into_iter().map(|u| (u.name, u.role)).collect();
    out.push_str(&format!(
        "{users:?} {:?} {:?}",
        cx.admin.unlock_limit().unwrap(),
        cx.admin.stop_key_wipes().unwrap()
    ));
    (out, cx.admin.audit_entries().unwrap().len())
}

/// The Reports screen's default request: every date and region, k = 5.
fn pattern_request() -> crate::dto::report::PatternRequestDto {
    crate::dto::report::PatternRequestDto {
        from: String::new(),
        to: String::new(),
        region: String::new(),
        k: 5,
        language: Language::En,
    }
}

fn audit_len(cx: &Cx) -> usize {
    cx.admin.audit_entries().unwrap().len()
}

fn prepare(cx: &mut Cx, command: &str, id: &str) -> Prepared {
    cx.n += 1;
    let file = Some(cx.files.join(format!("{command}-{}", cx.n)));
    match command {
        "remove_repeat" => {
            cx.admin
                .writable(id)
                .and_then(|mut g| g.add_repeat(&"episodes".parse().unwrap()))
                .unwrap();
            Prepared::default()
        }
        "discard_case" | "delete_case" => {
            // a case started by mistake, tied to the same people as the target, so the
            // removal neither fails for its content nor takes the matrix's cases away
            let fresh = cx
                .admin
                .create_case(&waystone::forms::latest_intake())
                .unwrap();
            let yes = waystone::forms::Answer::Value(waystone::forms::Value::YesNo(true));
            cx.admin
                .writable(&fresh.id)
                .and_then(|mut g| {
                    g.save_answer(&"consent_documentation".parse().unwrap(), Some(yes))
                })
                .unwrap();
            if id == cx.tied {
                cx.admin.assign(&fresh.id, Some("cw"), Some("law")).unwrap();
            }
            Prepared {
                case: Some((fresh.id, fresh.code)),
                ..Prepared::default()
            }
        }
        "remove_attachment" => Prepared {
            attachment: Some(
                cx.admin
                    .writable(id)
                    .and_then(|mut g| {
                        g.add_attachment("extra.txt", "text/plain", b"invented extra page")
                    })
                    .unwrap()
                    .id,
            ),
            ..Prepared::default()
        },
        "export_legal" => {
            // the review as this user gets it, or (when they may not) as an admin does
            let review = legal::legal_review_in(
                cx.state,
                id.to_owned(),
                AudienceDto::Echr,
                None,
                Language::En,
            )
            .unwrap_or_else(|_| {
                LegalReviewDto::from(
                    cx.admin
                        .legal_review(
                            id,
                            waystone::legal::Audience::Echr,
                            waystone::render::Lang::En,
                        )
                        .unwrap(),
                )
            });
            let decisions = (0..review.spans.len())
                .filter(|i| review.spans[*i].candidate.is_some())
                .map(|i| SpanDecisionDto {
                    span: i as u32,
                    redact: true,
                })
                .collect();
            Prepared {
                export: Some(ExportRequestDto {
                    case_id: id.to_owned(),
                    audience: AudienceDto::Echr,
                    host: None,
                    format: ExportFormatDto::Md,
                    language: Language::En,
                    token: review.token,
                    decisions,
                    phrases: Vec::new(),
                    path: file.as_ref().unwrap().display().to_string(),
                }),
                file,
                ..Prepared::default()
            }
        }
        "remove_mailbox" | "test_mailbox" => {
            // a throwaway folder mailbox made by the admin for this one attempt
            let folder = cx.files.join(format!("box{}", cx.n));
            std::fs::create_dir(&folder).unwrap();
            cx.admin
                .add_mailbox(
                    &format!("box{}", cx.n),
                    waystone::exchange::mailbox::MailboxSetup::Folder { path: folder },
                    None,
                )
                .unwrap();
            Prepared::default()
        }
        "send_bundle"
        | "backup_vault"
        | "export_pattern_report"
        | "export_board"
        | "export_dashboard" => Prepared {
            file,
            ..Prepared::default()
        },
        _ => Prepared::default(),
    }
}

fn done<T>(r: Result<T, IpcError>) -> Result<Vec<String>, IpcError> {
    r.map(|_| Vec::new())
}

/// Calls `command`'s body as `user`; a listing answers the case ids it shows.
fn call(
    cx: &mut Cx,
    command: &str,
    (user, pass): (&str, &str),
    id: &str,
    p: Prepared,
) -> Result<Vec<String>, IpcError> {
    let st = cx.state;
    let path = |p: &Prepared| p.file.as_ref().unwrap().display().to_string();
    match command {
        "vault_status" => done(super::vault_status_in(st)),
        "assess_passphrase" => {
            assert!(super::assess_passphrase(PASS.into(), Some(user.into())).acceptable);
            Ok(Vec::new())
        }
        "create_vault" => done(super::create_vault_in(st, user, PASS3.into())),
        "unlock_vault" => done(super::unlock_vault_in(st, user, pass.into())),
        "lock_vault" => {
            super::lock_vault_in(st, LockReason::Manual);
            assert!(st.lock().session().is_none());
            Ok(Vec::new())
        }
        "touch_session" => {
            super::touch_session_in(st);
            Ok(Vec::new())
        }
        "set_language" => done(super::set_language_in(st, Language::En)),
        "set_idle_minutes" => done(super::set_idle_minutes_in(st, 5)),
        "set_sync_minutes" => done(super::set_sync_minutes_in(st, 15)),
        "set_escape_twice_locks" => done(super::set_escape_twice_locks_in(st, true)),
        "set_unlock_limit" => done(super::set_unlock_limit_in(st, Some(50))),
        "set_stop_key_wipes" => done(super::set_stop_key_wipes_in(st, true)),
        "list_cases" => cases::list_cases_in(st).map(|v| v.into_iter().map(|c| c.id).collect()),
        "form_definition" => {
            let s = cx.admin.case_summary(&cx.tied).unwrap();
            done(cases::form_definition_in(st, &s.form_id, s.form_version))
        }
        "create_case" => done(cases::create_case_in(st)),
        "list_forms" => done(forms::list_forms_in(st)),
        "check_form_file" => done(forms::check_form_file_in(st, &cx.workbook)),
        "import_form_file" => done(forms::import_form_file_in(st, &cx.workbook)),
        "set_form_available" => done(forms::set_form_available_in(
            st,
            "invented_followup",
            1,
            true,
        )),
        "forms_for_new_interview" => done(forms::forms_for_new_interview_in(st)),
        "open_case" => done(cases::open_case_in(st, id)),
        "save_answer" => {
            let text = format!("An invented account, run {}.", cx.n);
            let answer = AnswerDto::Answered(ValueDto::Text(text));
            done(cases::save_answer_in(st, id, "narrative", Some(answer)))
        }
        "add_repeat" => done(cases::add_repeat_in(st, id.into(), "episodes".into())),
        "remove_repeat" => done(cases::remove_repeat_in(st, id, "episodes", 0)),
        "add_attachment" => done(cases::add_attachment_in(
            st,
            id,
            "scan.txt",
            "text/plain",
            b"invented scan",
        )),
        "read_attachment" => done(cases::read_attachment_in(st, id, &cx.attachment[id])),
        "discard_check" => done(cases::discard_check_in(st, id)),
        "case_labels" => done(cases::case_labels_in(st)),
        "set_case_label" => done(cases::set_case_label_in(
            st,
            id,
            &format!("invented label {}", cx.n),
        )),
        "discard_case" => done(cases::discard_case_in(st, &p.case.unwrap().0)),
        "delete_case" => {
            let (fresh, code) = p.case.unwrap();
            done(cases::delete_case_in(st, &fresh, &code))
        }
        "remove_attachment" => done(cases::remove_attachment_in(
            st,
            id,
            p.attachment.as_deref().unwrap(),
        )),
        "legal_review" => done(legal::legal_review_in(
            st,
            id.into(),
            AudienceDto::Echr,
            None,
            Language::En,
        )),
        "export_legal" => done(legal::export_legal_in(st, p.export.unwrap())),
        "export_consents" => done(legal::export_consents_in(st, vec![id.to_owned()])),
        "save_review_draft" => done(legal::save_review_draft_in(
            st,
            ReviewDraftSaveDto {
                case_id: id.to_owned(),
                audience: AudienceDto::Echr,
                host: None,
                language: Language::En,
                token: "0".repeat(64),
                decisions: vec![SpanDecisionDto {
                    span: 0,
                    redact: false,
                }],
                phrases: vec![format!("invented phrase {}", cx.n)],
            },
        )),
        "phrase_forms" => done(legal::phrase_forms_in(st, "Invented Name")),
        "clear_review_draft" => done(legal::clear_review_draft_in(
            st,
            id,
            AudienceDto::Echr,
            None,
            Language::En,
        )),
        "asylum_details" => done(asylum::asylum_details_in(st, id)),
        "set_asylum_details" => done(asylum::set_asylum_details_in(
            st,
            id,
            &AsylumDetailsDto {
                host: "DE".into(),
                authority: "Invented Asylum Office".into(),
                file_number: format!("INV-{}", cx.n),
                stage: None,
                risks: Vec::new(),
                no_risks: true,
                signatory_name: String::new(),
                signatory_role: String::new(),
                signatory_how_known: String::new(),
                consent: None,
            },
        )),
        "record_asylum_consent" => done(asylum::record_asylum_consent_in(
            st,
            id,
            &AsylumConsentDto {
                given: true,
                host: "DE".into(),
                authority: "Invented Asylum Office".into(),
                date: String::new(),
                recorded_by: String::new(),
            },
        )),
        "board_page" => {
            let query = BoardQueryDto {
                limit: Some(1000),
                ..BoardQueryDto::default()
            };
            board::board_page_in(st, query)
                .map(|page| page.rows.into_iter().map(|r| r.summary.id).collect())
        }
        "case_events" => done(board::case_events_in(st, id.into())),
        "case_history" => done(board::case_history_in(st, id.into())),
        "change_status" => {
            let now = cx.admin.case_summary(id).unwrap().status;
            let to = if now == "closed" {
                StatusDto::InterviewInProgress
            } else {
                StatusDto::Closed
            };
            done(board::change_status_in(st, id, to, None))
        }
        "assign_case" => {
            // the tied case keeps its caseworker and lawyer; the untied one keeps none
            let (c, l) = if id == cx.tied {
                (Some("cw".into()), Some("law".into()))
            } else {
                (None, None)
            };
            done(board::assign_case_in(st, id.into(), c, l))
        }
        "set_due_date" => done(board::set_due_date_in(
            st,
            id.into(),
            Some("2031-01-15".into()),
        )),
        "set_evacuation" => done(board::set_evacuation_in(
            st,
            id.into(),
            StageDto::InHiding,
            None,
        )),
        "registry" => done(board::registry_in(st)),
        "registry_suggestions" => done(board::registry_suggestions_in(st)),
        "decide_duplicate" => done(board::decide_duplicate_in(
            st,
            RegistryKindDto::Site,
            "invented site a".into(),
            "invented site b".into(),
            true,
        )),
        "dashboard" => done(board::dashboard_in(st)),
        "export_board" => done(board::export_board_in(
            st,
            BoardQueryDto::default(),
            crate::dto::board::BoardFormatDto::Csv,
            Language::En,
            path(&p),
        )),
        "export_dashboard" => done(board::export_dashboard_in(
            st,
            crate::dto::board::BoardFormatDto::Csv,
            Language::En,
            path(&p),
        )),
        "pattern_preview" => done(report::pattern_preview_in(st, pattern_request())),
        "export_pattern_report" => done(report::export_pattern_report_in(
            st,
            pattern_request(),
            crate::dto::report::PatternFormatDto::Csv,
            path(&p),
        )),
        "output_folder" => done(files::output_folder()),
        "output_file_path" => done(files::output_file_path("probe.docx".into())),
        "my_key" => done(transfer::my_key_in(st)),
        "list_contacts" => done(transfer::list_contacts_in(st)),
        "add_contact" => done(transfer::add_contact_in(
            st,
            "desk".into(),
            cx.key_line.clone(),
            true,
        )),
        "inspect_key_line" => done(transfer::inspect_key_line(cx.key_line.clone())),
        "send_bundle" => done(transfer::send_bundle_in(
            st,
            id.into(),
            vec!["desk".into()],
            false,
            path(&p),
        )),
        "list_bundle_files" => done(transfer::list_bundle_files_in(st)),
        "list_mailboxes" => done(mailbox::list_mailboxes_in(st)),
        "add_mailbox" => {
            let folder = cx.files.join(format!("added{}", cx.n));
            std::fs::create_dir(&folder).unwrap();
            let setup = MailboxSetupDto::Folder {
                path: folder.display().to_string(),
            };
            done(mailbox::add_mailbox_in(
                st,
                &format!("added{}", cx.n),
                setup,
                None,
            ))
        }
        "remove_mailbox" => done(mailbox::remove_mailbox_in(st, &format!("box{}", cx.n))),
        "test_mailbox" => mailbox::test_mailbox_in(st, &format!("box{}", cx.n)).map(|t| {
            assert!(t.ok, "a folder that exists answers: {t:?}");
            Vec::new()
        }),
        "queue_send" => done(mailbox::queue_send_in(
            st,
            id,
            &["desk".into()],
            false,
            None,
        )),
        "list_outbox" => done(mailbox::list_outbox_in(st)),
        "list_mailbox_names" => done(mailbox::list_mailbox_names_in(st)),
        "routing_rules" => done(mailbox::routing_rules_in(st)),
        "set_routing" => done(mailbox::set_routing_in(
            st,
            crate::dto::mailbox::RoutingDto {
                coordinators: vec![],
                legal_review_to: None,
                report_to_origin: true,
            },
        )),
        "sync_mailboxes" => done(mailbox::sync_mailboxes_in(st)),
        "list_refused_objects" => done(mailbox::list_refused_objects_in(st)),
        "list_incoming" => done(transfer::list_incoming_in(st, false)),
        "backup_vault" => done(transfer::backup_vault_in(st, path(&p))),
        "backup_info" => done(transfer::backup_info(cx.backup.clone())),
        "restore_backup" => done(transfer::restore_backup_in(
            st,
            cx.backup.clone(),
            user.into(),
            pass.into(),
        )),
        "restore_backup_with_recovery" => done(transfer::restore_backup_with_recovery_in(
            st,
            cx.backup.clone(),
            cx.recovery.clone(),
            user.into(),
            PASS3.into(),
        )),
        "audit_page" => done(transfer::audit_page_in(st, 0, 20)),
        "verify_audit_chain" => done(transfer::verify_audit_chain_in(st)),
        other => panic!("no arguments written for {other}"),
    }
}

fn forbidden(r: &Result<Vec<String>, IpcError>) -> bool {
    matches!(r, Err(e) if matches!(e.code, ErrorCode::Forbidden))
}

/// The vault: "ana" (admin) with a user of each role, two invented cases (the first assigned
/// to cw and law, the second to no one), an attachment on each, a backup.
fn set_up<'a>(t: &Path, state: &'a AppState) -> Cx<'a> {
    let dir = t.join("v");
    let (mut admin, recovery) =
        Vault::create(&dir, "ana", Role::Admin, &Passphrase::new(PASS), KDF_FLOOR).unwrap();
    for (name, role, pass) in USERS {
        admin.add_user(name, role, &Passphrase::new(pass)).unwrap();
    }
    let ids: Vec<String> =
        waystone::demo::add_demo_cases(&mut admin, &waystone::forms::latest_intake(), 2, 44)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
    let (tied, untied) = (ids[0].clone(), ids[1].clone());
    admin.assign(&tied, Some("cw"), Some("law")).unwrap();
    for id in &ids {
        // the survivor agreed to an ECHR filing, so the legal export can be reached
        for consent in ["consent_documentation", "consent_legal"] {
            let yes = waystone::forms::Answer::Value(waystone::forms::Value::YesNo(true));
            admin
                .writable(id)
                .and_then(|mut g| g.save_answer(&consent.parse().unwrap(), Some(yes)))
                .unwrap();
        }
    }
    let attachment = ids
        .iter()
        .map(|id| {
            let a = admin
                .writable(id)
                .and_then(|mut g| g.add_attachment("scan.txt", "text/plain", b"invented scan 2718"))
                .unwrap();
            (id.clone(), a.id)
        })
        .collect();
    let files = t.join("out");
    std::fs::create_dir(&files).unwrap();
    let backup = files.join("setup.backup");
    admin.backup(&backup).unwrap();
    let key_line = admin.key_line().unwrap().0;
    // the team's mailbox, so `queue_send` and `sync_mailboxes` have one to use
    let boxes = t.join("mailbox");
    std::fs::create_dir(&boxes).unwrap();
    admin
        .add_mailbox(
            "office",
            waystone::exchange::mailbox::MailboxSetup::Folder { path: boxes },
            None,
        )
        .unwrap();
    // an imported form, so the forms commands have one to show, offer and import again
    let workbook = files.join("invented_followup.xlsx");
    std::fs::write(&workbook, super::forms::tests::followup_workbook()).unwrap();
    admin.import_form_file(&workbook).unwrap();
    Cx {
        state,
        admin,
        workbook: workbook.display().to_string(),
        dir,
        files,
        tied,
        untied,
        attachment,
        key_line,
        backup: backup.display().to_string(),
        recovery: recovery.expose_secret().to_owned(),
        n: 0,
    }
}

#[test]
fn access_matrix_every_ipc_command_for_every_role() {
    let t = tempfile::tempdir().unwrap();
    // output_folder and list_bundle_files look here rather than in $HOME/Waystone
    std::env::set_var("WAYSTONE_OUTPUT_DIR", t.path().join("output"));
    let state = AppState::new(SessionManager::new(t.path().join("v")));
    let mut cx = set_up(t.path(), &state);

    let missing: Vec<&&str> = COMMAND_NAMES.iter().filter(|c| gate(c).is_none()).collect();
    assert!(
        missing.is_empty(),
        "IPC commands with no row in the access matrix: {missing:?}"
    );

    let mut runs = 0;
    // a first-run command's answer, which must be the same whoever asks
    let mut first_answer: BTreeMap<&str, String> = BTreeMap::new();
    for (user, role, pass) in USERS {
        super::unlock_vault_in(&state, user, pass.into()).unwrap();
        // a contact to address bundles to
        transfer::add_contact_in(&state, "desk".into(), cx.key_line.clone(), true).unwrap();
        for &command in COMMAND_NAMES {
            let g = gate(command).unwrap();
            let targets: Vec<(String, Ties)> = match g {
                Gate::OnCase(_) | Gate::Lists => vec![
                    (
                        cx.tied.clone(),
                        Ties {
                            created: false,
                            caseworker: user == "cw",
                            lawyer: user == "law",
                        },
                    ),
                    (cx.untied.clone(), Ties::default()),
                ],
                Gate::Global(_) | Gate::Open(_) | Gate::BeforeSession(_) => {
                    vec![(String::new(), Ties::default())]
                }
                Gate::NotRunHere(_) => continue,
            };
            for (id, ties) in targets {
                let allowed = match g {
                    Gate::OnCase(op) => allows(role, op, Some(ties)),
                    Gate::Global(op) => allows(role, op, None),
                    _ => true,
                };
                let prepared = prepare(&mut cx, command, &id);
                let file = prepared.file.clone();
                let before =
                    (!allowed || matches!(g, Gate::BeforeSession(_))).then(|| snapshot(&mut cx));
                let answer = call(&mut cx, command, (user, pass), &id, prepared);
                let what = format!(
                    "{user} ({role}) `{command}` on {}",
                    if id.is_empty() {
                        "-"
                    } else if id == cx.tied {
                        "a tied case"
                    } else {
                        "an untied case"
                    }
                );
                match g {
                    Gate::OnCase(_) | Gate::Global(_) if allowed => {
                        assert!(answer.is_ok(), "{what}: allowed, but {answer:?}");
                    }
                    Gate::OnCase(_) | Gate::Global(_) => {
                        assert!(forbidden(&answer), "{what}: must be refused, {answer:?}");
                        let audit = audit_len(&cx);
                        let (was, audit_was) = before.unwrap();
                        assert_eq!(audit, audit_was, "{what}: a refused call was audited");
                        assert!(
                            snapshot(&mut cx).0 == was,
                            "{what}: a refused call changed the vault"
                        );
                        if let Some(f) = &file {
                            assert!(!f.exists(), "{what}: a refused call wrote a file");
                        }
                    }
                    Gate::Lists => {
                        let shown = answer.unwrap_or_else(|e| panic!("{what}: {e:?}"));
                        assert_eq!(
                            shown.contains(&id),
                            allows(role, Op::ListCase, Some(ties)),
                            "{what}: listed where `list_case` says otherwise"
                        );
                    }
                    Gate::Open(_) => {
                        assert!(
                            answer.is_ok(),
                            "{what}: open to every session, but {answer:?}"
                        );
                    }
                    Gate::BeforeSession(_) => {
                        assert!(!forbidden(&answer), "{what}: no role gates it, {answer:?}");
                        let said = match &answer {
                            Ok(_) => "ok".to_owned(),
                            Err(e) => format!("{:?}", e.code),
                        };
                        let first = first_answer.entry(command).or_insert_with(|| said.clone());
                        assert_eq!(*first, said, "{what}: another role got another answer");
                        // opening a session is audited; nothing else may change
                        assert!(
                            snapshot(&mut cx).0 == before.unwrap().0,
                            "{what}: changed the vault"
                        );
                    }
                    Gate::NotRunHere(_) => unreachable!(),
                }
                // lock_vault and the restores end the session: open it again
                if state.lock().session().is_none() {
                    super::unlock_vault_in(&state, user, pass.into()).unwrap();
                }
                runs += 1;
            }
        }
        super::lock_vault_in(&state, LockReason::Manual);
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in COMMAND_NAMES {
        let (kind, why) = match gate(c).unwrap() {
            Gate::OnCase(_) | Gate::Global(_) | Gate::Lists => ("gated by the rights table", ""),
            Gate::Open(why) => ("open to every session", why),
            Gate::BeforeSession(why) => ("before a session", why),
            Gate::NotRunHere(why) => ("open, not run here", why),
        };
        *counts.entry(kind).or_default() += 1;
        if !why.is_empty() {
            println!("  {kind}: `{c}` — {why}");
        }
    }
    let counts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!(
        "access matrix: {} commands × {} roles checked ({}; {runs} runs)",
        COMMAND_NAMES.len(),
        USERS.len(),
        counts.join(", ")
    );
}
