// The one list of IPC commands. This file is read twice: as the module `commands::list` of
// the app, and by build.rs through `include!` (so it holds no inner doc comment and names
// nothing but macros and one constant). Everything else is derived from it or checked
// against it:
// - main.rs builds `tauri::generate_handler!` from it (`ipc_commands!(generate_handler)`);
// - build.rs declares each name to Tauri (`AppManifest::commands`), which makes the
//   `allow-<name>` permission;
// - a test checks that capabilities/default.json allows exactly those
//   (`commands::generated`);
// - a test writes ui/src/ipc/bindings/CommandName.ts (the `CommandName` union and the
//   `COMMANDS` array), which types `invoke` in ui/src/ipc/tauri.ts and ties the `Backend`
//   interface to it; CI fails on drift like every other binding;
// - the IPC access matrix (`commands::access_matrix`) has a row for every name.
// Recipe, a new command: write it in its `commands/` file as a `*_in(&AppState, …)` body
// with a thin `#[tauri::command]` wrapper, add its path here, its `allow-…` line to the
// capability file, its row to the access matrix, and its `Backend` method (the name in
// camelCase) to the UI; `cargo test -p waystone-desktop` and `npm run check` say what is
// missing.

/// Calls the macro `$then` with the path of every IPC command (from the crate root),
/// separated by commas.
macro_rules! ipc_commands {
    ($then:ident) => {
        $then! {
            commands::vault_status,
            commands::assess_passphrase,
            commands::create_vault,
            commands::unlock_vault,
            commands::lock_vault,
            commands::touch_session,
            commands::set_language,
            commands::set_idle_minutes,
            commands::set_sync_minutes,
            commands::set_escape_twice_locks,
            commands::wipe_vault,
            commands::set_unlock_limit,
            commands::set_stop_key_wipes,
            commands::cases::list_cases,
            commands::cases::form_definition,
            commands::cases::create_case,
            commands::cases::open_case,
            commands::forms::list_forms,
            commands::forms::check_form_file,
            commands::forms::import_form_file,
            commands::forms::set_form_available,
            commands::forms::forms_for_new_interview,
            commands::cases::save_answer,
            commands::cases::add_repeat,
            commands::cases::remove_repeat,
            commands::cases::add_attachment,
            commands::cases::read_attachment,
            commands::cases::remove_attachment,
            commands::cases::case_labels,
            commands::cases::set_case_label,
            commands::cases::discard_check,
            commands::cases::discard_case,
            commands::cases::delete_case,
            commands::legal::export_consents,
            commands::legal::legal_review,
            commands::legal::export_legal,
            commands::legal::save_review_draft,
            commands::legal::clear_review_draft,
            commands::legal::phrase_forms,
            commands::asylum::asylum_details,
            commands::asylum::set_asylum_details,
            commands::asylum::record_asylum_consent,
            commands::board::board_page,
            commands::board::export_board,
            commands::board::export_dashboard,
            commands::board::case_events,
            commands::board::case_history,
            commands::board::change_status,
            commands::board::assign_case,
            commands::board::set_due_date,
            commands::board::set_evacuation,
            commands::board::registry,
            commands::board::registry_suggestions,
            commands::board::decide_duplicate,
            commands::board::dashboard,
            commands::files::output_folder,
            commands::files::output_file_path,
            commands::files::choose_file,
            commands::transfer::my_key,
            commands::transfer::list_contacts,
            commands::transfer::add_contact,
            commands::transfer::inspect_key_line,
            commands::transfer::send_bundle,
            commands::transfer::list_bundle_files,
            commands::transfer::verify_bundle,
            commands::transfer::import_bundle,
            commands::transfer::list_incoming,
            commands::transfer::accept_incoming,
            commands::transfer::reject_incoming,
            commands::transfer::merge_view,
            commands::transfer::merge_incoming,
            commands::mailbox::list_mailboxes,
            commands::mailbox::list_mailbox_names,
            commands::mailbox::routing_rules,
            commands::mailbox::set_routing,
            commands::mailbox::add_mailbox,
            commands::mailbox::remove_mailbox,
            commands::mailbox::test_mailbox,
            commands::mailbox::queue_send,
            commands::mailbox::list_outbox,
            commands::mailbox::sync_mailboxes,
            commands::mailbox::list_refused_objects,
            commands::transfer::backup_vault,
            commands::transfer::backup_info,
            commands::transfer::restore_backup,
            commands::transfer::restore_backup_with_recovery,
            commands::transfer::audit_page,
            commands::transfer::verify_audit_chain,
            commands::report::pattern_preview,
            commands::report::export_pattern_report,
        }
    };
}

/// The last segment of a path, as a string: the name the UI invokes.
macro_rules! command_name {
    ($name:ident) => {
        stringify!($name)
    };
    ($module:ident :: $($rest:ident)::+) => {
        command_name!($($rest)::+)
    };
}

/// The names of the paths it is given, as an array.
macro_rules! command_names {
    ($($($segment:ident)::+),+ $(,)?) => {
        [$(command_name!($($segment)::+)),+]
    };
}

/// Every IPC command's name, in the order of the list.
#[cfg_attr(not(test), allow(dead_code))] // the app reads it in tests; build.rs always
pub const COMMAND_NAMES: &[&str] = &ipc_commands!(command_names);
