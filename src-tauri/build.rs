//! Declares the app's commands so each gets an `allow-<command>` permission and only the
//! ones listed in capabilities/default.json answer. The names come from the one list of
//! commands, src/commands/list.rs (a test checks the capability file against it).

include!("src/commands/list.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES)),
    )
    .unwrap_or_else(|e| {
        println!("cargo:warning=tauri build setup failed: {e}");
        std::process::exit(1)
    });
}
