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
    "list_cases",
    "form_definition",
    "create_case",
    "open_case",
    "save_answer",
    "add_repeat",
    "remove_repeat",
    "add_attachment",
    "read_attachment",
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
