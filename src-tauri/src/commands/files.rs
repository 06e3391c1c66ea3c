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
