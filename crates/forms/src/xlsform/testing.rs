//! Test support shared by the test suites of the workspace (the core's integration tests and
//! the desktop shell's command tests): sheets from string literals, and one invented
//! check-in workbook in the variants the tests need. Synthetic: no real person, place or case.
//! Not for production code.

use super::{write_xlsx, Sheet, Workbook};

/// A sheet from string literals.
pub fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    Sheet {
        name: name.into(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    }
}

/// An invented two-language check-in form that shares only its consent questions with the
/// intake vocabulary (so a legal document on it is the generic case summary): a consent group
/// (`consent_documentation`, `consent_legal`), then a group of `shelter_needs`, `doctor_seen`
/// and a `moves` repeat of `city`.
#[derive(Debug, Clone, Copy)]
pub struct InventedCheckin<'a> {
    /// `form_id` in the settings.
    pub form_id: &'a str,
    /// `form_title` in the settings.
    pub title: &'a str,
    /// The check-in group: its name, English and Russian labels.
    pub group: [&'a str; 3],
    /// The labels of `shelter_needs`, English and Russian (a test changes one to make another
    /// definition under the same id and version).
    pub shelter_needs: [&'a str; 2],
}

impl Default for InventedCheckin<'_> {
    fn default() -> Self {
        InventedCheckin {
            form_id: "followup",
            title: "Follow-up (invented)",
            group: ["followup", "Follow-up", "Повторная встреча"],
            shelter_needs: ["Shelter needs", "Нужды в убежище"],
        }
    }
}

impl InventedCheckin<'_> {
    /// The workbook's tables.
    pub fn tables(&self) -> Workbook {
        let [group, group_en, group_ru] = self.group;
        let [shelter_en, shelter_ru] = self.shelter_needs;
        Workbook {
            sheets: vec![
                sheet(
                    "survey",
                    &[
                        &["type", "name", "label::English (en)", "label::Russian (ru)"],
                        &["begin group", "consent", "Consent", "Согласие"],
                        &[
                            "acknowledge",
                            "consent_documentation",
                            "Agrees to documentation",
                            "Согласие на документирование",
                        ],
                        &[
                            "acknowledge",
                            "consent_legal",
                            "Agrees to a legal filing",
                            "Согласие на обращение в суд",
                        ],
                        &["end group", "", "", ""],
                        &["begin group", group, group_en, group_ru],
                        &["text", "shelter_needs", shelter_en, shelter_ru],
                        &["text", "doctor_seen", "Doctor seen", "Был ли врач"],
                        &["begin repeat", "moves", "Move", "Переезд"],
                        &["text", "city", "City", "Город"],
                        &["end repeat", "", "", ""],
                        &["end group", "", "", ""],
                    ],
                ),
                sheet(
                    "settings",
                    &[
                        &["form_id", "version", "form_title", "default_language"],
                        &[self.form_id, "1", self.title, "English (en)"],
                    ],
                ),
            ],
        }
    }

    /// The workbook as `.xlsx` bytes.
    pub fn xlsx(&self) -> Vec<u8> {
        write_xlsx(&self.tables()).unwrap_or_default()
    }
}
