//! Files a person takes out of the app or brings in: the output folder, a free name in it,
//! and the native file dialog. The webview has no file-system access and no dialog of its
//! own: `choose_file` shows the GTK chooser (Tauri's dialog plugin, driven from Rust) and
//! answers with the path picked; the screen then sends that path to the command that reads
//! or writes, where the core checks it like a typed one.

use std::path::{Path, PathBuf};

use tauri_plugin_dialog::DialogExt;

use waystone::fsio;

use crate::dto::files::{FileDialogDto, FileDialogKind};
use crate::dto::IpcError;

/// The output folder (`$HOME/Waystone`, created with mode 0700 on demand) as a path string.
#[tauri::command(async)]
pub fn output_folder() -> Result<String, IpcError> {
    Ok(waystone::fsio::output_folder()?
        .to_string_lossy()
        .into_owned())
}

/// `name` in the output folder, or the next free `name-2`, `name-3`… (a second export or
/// backup the same day): the path a screen offers. A bare file name only; nothing is created.
#[tauri::command(async)]
pub fn output_file_path(name: String) -> Result<String, IpcError> {
    Ok(waystone::fsio::free_output_path(&name)?
        .to_string_lossy()
        .into_owned())
}

/// Shows a native open, save or folder dialog over the window and answers with the path
/// chosen (`null`: cancelled). Takes no session: a dialog left open must not hold the vault
/// (the idle lock still runs), and a path chosen while locked goes nowhere. Nothing is read
/// or written here. The wait for the person runs on a blocking thread, not on one of the
/// async runtime's few workers (the dialog itself lives on the GTK main thread).
#[tauri::command]
pub async fn choose_file(
    window: tauri::WebviewWindow,
    request: FileDialogDto,
) -> Result<Option<String>, IpcError> {
    let downloads = if request.in_downloads {
        tauri::Manager::path(&window).download_dir().ok()
    } else {
        None
    };
    let plan = plan_dialog(&request, downloads.as_deref())?;
    if let Some(answer) = standin::answer(&request, &plan) {
        return Ok(answer);
    }
    let mut dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(&request.title);
    if let Some(dir) = &plan.directory {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = &plan.file_name {
        dialog = dialog.set_file_name(name);
    }
    for f in &request.filters {
        let exts: Vec<&str> = f.extensions.iter().map(String::as_str).collect();
        dialog = dialog.add_filter(&f.name, &exts);
    }
    let kind = request.kind;
    let chosen = tauri::async_runtime::spawn_blocking(move || match kind {
        FileDialogKind::Open => dialog.blocking_pick_file(),
        FileDialogKind::Save => dialog.blocking_save_file(),
        FileDialogKind::Folder => dialog.blocking_pick_folder(),
    })
    .await
    .map_err(|_| {
        fsio::FileError::Refused("the file dialog closed unexpectedly; type the path instead")
    })?;
    match chosen {
        None => Ok(None),
        Some(p) => match p.into_path() {
            Ok(path) => Ok(Some(path.to_string_lossy().into_owned())),
            // a URL the system could not turn into a path (not on Linux desktops)
            Err(_) => Err(fsio::FileError::Refused(
                "the dialog gave a location that is not a file path; type the path instead",
            )
            .into()),
        },
    }
}

/// Where a dialog opens and the name it proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogPlan {
    pub directory: Option<PathBuf>,
    pub file_name: Option<String>,
}

/// Where the dialog of `request` opens: a save dialog in the proposed file's folder with the
/// next free name (`…-2.docx` when the name is taken by now), else in the output folder; an
/// open dialog in Downloads when asked and present, else beside the given path, else in the
/// output folder.
pub fn plan_dialog(
    request: &FileDialogDto,
    downloads: Option<&Path>,
) -> Result<DialogPlan, IpcError> {
    let given = request
        .default_path
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .and_then(|t| fsio::user_path(t).ok());
    let folder_of = |p: &Path| -> Option<PathBuf> {
        if p.is_dir() {
            Some(p.to_path_buf())
        } else {
            p.parent().filter(|d| d.is_dir()).map(Path::to_path_buf)
        }
    };
    let name_of = |p: &PathBuf| p.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    Ok(match request.kind {
        FileDialogKind::Save => {
            let beside = given
                .as_ref()
                .filter(|p| p.parent().is_some_and(Path::is_dir) && !p.is_dir());
            let proposed = match (beside, given.as_ref().and_then(name_of)) {
                (Some(p), _) => Some(fsio::free_path_beside(p)?),
                (None, Some(name)) => fsio::free_output_path(&name).ok(),
                (None, None) => None,
            };
            match proposed {
                Some(p) => DialogPlan {
                    directory: p.parent().map(Path::to_path_buf),
                    file_name: name_of(&p),
                },
                None => DialogPlan {
                    directory: Some(fsio::output_folder()?),
                    file_name: None,
                },
            }
        }
        FileDialogKind::Open | FileDialogKind::Folder => {
            let start = downloads
                .filter(|d| {
                    request.kind == FileDialogKind::Open && request.in_downloads && d.is_dir()
                })
                .map(Path::to_path_buf)
                .or_else(|| given.as_deref().and_then(folder_of));
            DialogPlan {
                directory: Some(match start {
                    Some(d) => d,
                    None => fsio::output_folder()?,
                }),
                file_name: None,
            }
        }
    })
}

/// The documented stand-in for the GTK window in the end-to-end tests (tests/e2e/README.md):
/// only when tauri-driver runs the app (`TAURI_WEBVIEW_AUTOMATION=true`, the same switch that
/// turns incognito off) and `WAYSTONE_E2E_DIALOG` names a folder, `choose_file` shows no
/// window: it writes the request it would have shown (kind, title, folder, proposed name,
/// filters) to `asked.json` there and answers with the first line of `answer` (removed once
/// read; missing or empty: cancelled). Everything else — the button, the IPC call, the plan,
/// the command that then reads or writes — runs as in use. Whoever sets those variables
/// already controls the process.
mod standin {
    use super::{DialogPlan, FileDialogDto};

    pub fn answer(request: &FileDialogDto, plan: &DialogPlan) -> Option<Option<String>> {
        if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() != Ok("true") {
            return None;
        }
        let dir = std::path::PathBuf::from(std::env::var_os("WAYSTONE_E2E_DIALOG")?);
        let asked = serde_json::json!({
            "kind": request.kind,
            "title": request.title,
            "directory": plan.directory.as_ref().map(|d| d.to_string_lossy().into_owned()),
            "fileName": plan.file_name,
            "filters": request.filters,
            "inDownloads": request.in_downloads,
        });
        let _ = std::fs::write(dir.join("asked.json"), asked.to_string());
        let answer = std::fs::read_to_string(dir.join("answer")).ok();
        let _ = std::fs::remove_file(dir.join("answer"));
        Some(
            answer
                .and_then(|a| a.lines().next().map(str::to_owned))
                .filter(|a| !a.is_empty()),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::dto::files::FileFilterDto;

    fn request(
        kind: FileDialogKind,
        default_path: Option<&str>,
        in_downloads: bool,
    ) -> FileDialogDto {
        FileDialogDto {
            kind,
            title: "t".into(),
            default_path: default_path.map(str::to_owned),
            in_downloads,
            filters: vec![FileFilterDto {
                name: "Word".into(),
                extensions: vec!["docx".into()],
            }],
        }
    }

    #[test]
    fn a_save_dialog_proposes_the_next_free_name_beside_the_last_choice() {
        let d = tempfile::tempdir().unwrap();
        let first = d.path().join("WS-AAAA-echr-2026-12-07.docx");
        let text = first.to_str().unwrap();
        let plan = plan_dialog(&request(FileDialogKind::Save, Some(text), false), None).unwrap();
        assert_eq!(plan.directory.as_deref(), Some(d.path()));
        assert_eq!(
            plan.file_name.as_deref(),
            Some("WS-AAAA-echr-2026-12-07.docx")
        );
        std::fs::write(&first, b"x").unwrap();
        let plan = plan_dialog(&request(FileDialogKind::Save, Some(text), false), None).unwrap();
        assert_eq!(
            plan.file_name.as_deref(),
            Some("WS-AAAA-echr-2026-12-07-2.docx")
        );
    }

    #[test]
    fn an_open_dialog_starts_in_downloads_when_asked_else_beside_the_given_file() {
        let d = tempfile::tempdir().unwrap();
        let downloads = d.path().join("Downloads");
        std::fs::create_dir(&downloads).unwrap();
        let elsewhere = d.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let file = elsewhere.join("x.waystone");
        let text = file.to_str().unwrap();
        let plan = plan_dialog(
            &request(FileDialogKind::Open, Some(text), true),
            Some(&downloads),
        )
        .unwrap();
        assert_eq!(plan.directory.as_deref(), Some(downloads.as_path()));
        let plan = plan_dialog(
            &request(FileDialogKind::Open, Some(text), false),
            Some(&downloads),
        )
        .unwrap();
        assert_eq!(plan.directory.as_deref(), Some(elsewhere.as_path()));
        // a folder dialog never starts in Downloads; a missing one is not offered
        let gone = d.path().join("gone");
        let plan = plan_dialog(
            &request(
                FileDialogKind::Folder,
                Some(elsewhere.to_str().unwrap()),
                true,
            ),
            Some(&gone),
        )
        .unwrap();
        assert_eq!(plan.directory.as_deref(), Some(elsewhere.as_path()));
        assert_eq!(plan.file_name, None);
    }
}
