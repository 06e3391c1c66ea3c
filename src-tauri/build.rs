//! Declares the app's commands so each gets an `allow-<command>` permission and only the
//! ones listed in capabilities/default.json answer.

/// Every command of the shell; keep in step with `commands.rs` and the capability file.
const COMMANDS: &[&str] = &[
    "vault_status",
    "assess_passphrase",
    "create_vault",
    "unlock_vault",
    "lock_vault",
    "touch_session",
    "set_language",
    "set_idle_minutes",
    "wipe_vault",
    "set_unlock_limit",
    "set_stop_key_wipes",
    "list_cases",
    "form_definition",
    "create_case",
    "open_case",
    "save_answer",
    "add_repeat",
    "remove_repeat",
    "add_attachment",
    "read_attachment",
    "remove_attachment",
    "legal_review",
    "export_legal",
    "board_page",
    "case_events",
    "case_history",
    "change_status",
    "assign_case",
    "set_due_date",
    "set_evacuation",
    "registry",
    "registry_suggestions",
    "decide_duplicate",
    "dashboard",
    "output_folder",
    "my_key",
    "list_contacts",
    "add_contact",
    "inspect_key_line",
    "send_bundle",
    "list_bundle_files",
    "verify_bundle",
    "import_bundle",
    "list_incoming",
    "accept_incoming",
    "reject_incoming",
    "backup_vault",
    "backup_info",
    "restore_backup",
    "restore_backup_with_recovery",
    "audit_page",
    "verify_audit_chain",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| {
        println!("cargo:warning=tauri build setup failed: {e}");
        std::process::exit(1)
    });
}
