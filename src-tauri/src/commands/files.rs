//! Files a person takes out of the app. The app has no file dialog: screens offer a path
//! field pre-filled with a name in the output folder.

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
