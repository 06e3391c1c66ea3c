//! What the UI asks of a native file dialog (`commands::files::choose_file`). The webview
//! never opens a dialog itself (the capability grants no plugin permission): it asks the
//! shell, which shows the GTK chooser and answers with the path the person picked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which dialog: a file to read, a new file to write, or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileDialogKind {
    Open,
    Save,
    Folder,
}

/// One "files of this kind" entry of the dialog (`extensions` without the dot).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileFilterDto {
    pub name: String,
    pub extensions: Vec<String>,
}

/// A dialog request. Texts come translated from the UI.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FileDialogDto {
    pub kind: FileDialogKind,
    pub title: String,
    /// Save: the proposed file (its folder opens and its name is filled in; when that name is
    /// taken by now, the next free `name-2`… is proposed). Open and folder: where the dialog
    /// opens (a file's folder). Empty or relative: the output folder.
    pub default_path: Option<String>,
    /// Open: start in the person's Downloads folder (where a received bundle lands).
    pub in_downloads: bool,
    pub filters: Vec<FileFilterDto>,
}
