//! Waystone desktop: a thin Tauri v2 shell over the `waystone` core. It registers commands,
//! holds the session state and runs the idle-lock timer; all logic lives in the core.
//!
//! Vault directory: `--vault DIR`, else `WAYSTONE_VAULT`, else the platform data directory.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[macro_use]
mod commands;
mod dto;
mod state;
#[cfg(target_os = "linux")]
mod webview;

use std::path::PathBuf;
use std::time::Duration;

use tauri::{generate_handler, Manager};

use waystone::session::SessionManager;

/// `--demo`: a fresh vault of invented cases in a temporary directory.
fn demo_vault() -> Option<PathBuf> {
    if !std::env::args().any(|a| a == "--demo") {
        return None;
    }
    let dir = std::env::temp_dir()
        .join(format!("waystone-demo-{}", uuid_like()))
        .join("vault");
    match waystone::demo::create_demo_vault(&dir, 60, 1) {
        Ok(()) => {
            println!(
                "Demo vault (every person in it is invented): {}",
                dir.display()
            );
            let team: Vec<&str> = waystone::demo::DEMO_TEAM.iter().map(|(n, _)| *n).collect();
            println!(
                "Users: {} (admin), {}   Passphrase of each: {}",
                waystone::demo::DEMO_USER,
                team.join(", "),
                waystone::demo::DEMO_PASSPHRASE
            );
            Some(dir)
        }
        Err(e) => {
            eprintln!("waystone-desktop: could not create the demo vault: {e}");
            std::process::exit(1);
        }
    }
}

fn uuid_like() -> String {
    waystone::crypto::random_bytes::<8>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn vault_dir() -> Option<PathBuf> {
    if let Some(demo) = demo_vault() {
        return Some(demo);
    }
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--vault" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--vault=") {
            return Some(PathBuf::from(v));
        }
    }
    std::env::var_os("WAYSTONE_VAULT")
        .map(PathBuf::from)
        .or_else(waystone::vault::default_dir)
}

/// Whether the window may navigate to `url`: only the app's own pages (served by Tauri's
/// custom protocol: `tauri://localhost` on Linux and macOS, `http(s)://tauri.localhost` on
/// Windows), plus the dev server in a development build. Everything else (a remote page, a
/// `file:` URL, `data:`) is refused, and `window.open` never opens a window.
fn is_app_url(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        // Windows only: elsewhere `tauri.localhost` resolves to loopback, where any local
        // process could serve a fake unlock screen (we do not set `useHttpsScheme`)
        ("http", Some("tauri.localhost")) => cfg!(windows) && url.port().is_none(),
        ("http", Some("localhost")) => tauri::is_dev() && url.port() == Some(1420),
        _ => false,
    }
}

fn main() {
    // First, before any thread starts: WebKitGTK's memory settings (src/webview.rs).
    #[cfg(target_os = "linux")]
    webview::limit_memory();
    // A panic's message could quote data: print one fixed line instead. No core dumps.
    waystone::hygiene::install_quiet_panic_hook("waystone-desktop");
    if !waystone::hygiene::disable_core_dumps() {
        eprintln!("waystone-desktop: warning: could not disable core dumps");
    }
    let Some(dir) = vault_dir() else {
        eprintln!("waystone-desktop: no vault directory: pass --vault DIR or set WAYSTONE_VAULT");
        std::process::exit(1);
    };
    let result = tauri::Builder::default()
        .manage(state::AppState::new(SessionManager::new(dir)))
        // native file dialogs, shown from Rust by `commands::files::choose_file` only: the
        // capability grants the webview none of the plugin's own commands
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // The window is incognito (no persistent web storage). Only when tauri-driver
            // runs the end-to-end tests (it sets TAURI_WEBVIEW_AUTOMATION) is it not: WebKit
            // cannot automate an ephemeral context. The tests point XDG dirs at a temp dir.
            let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
            let config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("no window in tauri.conf.json")?;
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .incognito(!automation)
                .on_navigation(is_app_url)
                .on_new_window(|_, _| tauri::webview::NewWindowResponse::Deny)
                .build()?;
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(Duration::from_secs(5));
                let state = handle.state::<state::AppState>();
                commands::lock_if_idle(&handle, &mut state.lock());
            });
            Ok(())
        })
        // every command of src/commands/list.rs, and only those
        .invoke_handler(ipc_commands!(generate_handler))
        .run(tauri::generate_context!());
    if result.is_err() {
        eprintln!("waystone-desktop: the window could not start (is a display available?)");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_apps_own_pages_are_navigable() {
        let check = |u: &str| {
            tauri::Url::parse(u)
                .map(|url| super::is_app_url(&url))
                .unwrap_or(false)
        };
        for ok in ["tauri://localhost/", "tauri://localhost/index.html#x"] {
            assert!(check(ok), "{ok}");
        }
        // the Windows origin, and only there
        assert_eq!(check("http://tauri.localhost/"), cfg!(windows));
        for refused in [
            "https://tauri.localhost/index.html",
            "https://example.org/",
            "http://tauri.localhost.example.org/",
            "http://tauri.localhost:8080/",
            "tauri://evil/",
            "file:///etc/passwd",
            "data:text/html,<p>x</p>",
            "javascript:alert(1)",
            "about:blank",
            "ipc://localhost/",
        ] {
            assert!(!check(refused), "{refused}");
        }
    }
}
