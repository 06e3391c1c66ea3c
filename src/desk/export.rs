//! The board and the dashboard written out to print or open in a spreadsheet (issue 18):
//! CSV or PDF, in English or Russian, of exactly what the board shows a user for a query —
//! every matching case, not one page — and the dashboard's counts over the same cases.
//!
//! Status fields only: code, status (with the filing where there is one), evacuation stage,
//! risk, next follow-up (and whether it is overdue), due date, caseworker and lawyer. No
//! answer text, name, perpetrator or place leaves through here — not even for roles that
//! read testimony, whose board may be filtered by them: the filters decide which rows, never
//! what a row says, and the header names the filters only by what kind they are (a searched
//! word is testimony). The dashboard part is the counts by status and by stage, the overdue
//! count and detentions per month; its perpetrator and site tables are left out for the same
//! reason.
//!
//! The CSV has one column per field; the printed page folds them into three columns, each
//! cell a few short lines, so that no word is broken across lines of a narrow column.
//!
//! A CSV cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage
//! return first) is written with a leading apostrophe: user names and filing bodies are typed
//! by people.

use waystone_render::{Block, Document, Lang};

use super::board::BoardQuery;
use super::dashboard::Dashboard;
use crate::board::Status;
use crate::vault::store::board::BoardRow;
use crate::vault::{Vault, VaultError};

/// The formats the board exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardFormat {
    Csv,
    Pdf,
}

impl BoardFormat {
    pub fn parse(s: &str) -> Option<BoardFormat> {
        match s {
            "csv" => Some(BoardFormat::Csv),
            "pdf" => Some(BoardFormat::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            BoardFormat::Csv => "csv",
            BoardFormat::Pdf => "pdf",
        }
    }
}

fn en(lang: Lang) -> bool {
    lang == Lang::En
}

/// A status in words, as the board's catalogue says it (ui/src/i18n `cases.statuses`).
pub fn status_label(status: &str, lang: Lang) -> String {
    let Some(s) = Status::parse(status) else {
        return if en(lang) {
            "Unknown status"
        } else {
            "Неизвестный статус"
        }
        .into();
    };
    let (e, r) = match s {
        Status::IntakeScheduled => ("Intake scheduled", "Интервью назначено"),
        Status::InterviewInProgress => ("Interview in progress", "Идёт интервью"),
        Status::InterviewComplete => ("Interview complete", "Интервью завершено"),
        Status::LegalReview => ("Legal review", "Юридическая проверка"),
        Status::FilingPrepared => ("Filing prepared", "Жалоба подготовлена"),
        Status::Filed => ("Filed", "Жалоба подана"),
        Status::Communicated => ("Communicated to the State", "Коммуницировано государству"),
        Status::Decided => ("Decided", "Решение вынесено"),
        Status::Closed => ("Closed", "Закрыто"),
    };
    if en(lang) { e } else { r }.into()
}

/// A choice of the intake's list `list` (evacuation stages, risk levels) in words; "not
/// recorded" for none — a gap is said, never left blank.
fn choice_label(list: &str, name: Option<&str>, lang: Lang) -> String {
    let Some(name) = name else {
        return if en(lang) {
            "Not recorded"
        } else {
            "Не указано"
        }
        .into();
    };
    let code = if en(lang) { "en" } else { "ru" };
    waystone_forms::latest_intake()
        .choice_list(list)
        .and_then(|l| l.get(name))
        .and_then(|c| c.label().get(code).map(str::to_owned))
        .unwrap_or_else(|| name.to_owned())
}

/// The columns, in the board's order.
fn header(lang: Lang) -> Vec<String> {
    let cols: [(&str, &str); 9] = [
        ("Case", "Дело"),
        ("Status", "Статус"),
        ("Filing", "Подача"),
        ("Evacuation stage", "Этап эвакуации"),
        ("Risk", "Риск"),
        ("Next follow-up", "Следующий контакт"),
        ("Due date", "Срок"),
        ("Caseworker", "Кейс-менеджер"),
        ("Lawyer", "Юрист"),
    ];
    cols.iter()
        .map(|(e, r)| if en(lang) { *e } else { *r }.to_owned())
        .collect()
}

fn row_cells(r: &BoardRow, lang: Lang) -> Vec<String> {
    let nobody = "—";
    let follow_up = match (&r.next_follow_up, r.overdue) {
        (Some(d), true) => format!(
            "{d} ({})",
            if en(lang) {
                "overdue"
            } else {
                "просрочено"
            }
        ),
        (Some(d), false) => d.clone(),
        (None, _) => nobody.into(),
    };
    vec![
        r.summary.code.clone(),
        status_label(&r.summary.status, lang),
        r.filing
            .as_ref()
            .map(|f| format!("{} {} ({})", f.body, f.number, f.date))
            .unwrap_or_else(|| nobody.into()),
        choice_label("evacuation_stages", r.summary.stage.as_deref(), lang),
        choice_label("risk_levels", r.risk.as_deref(), lang),
        follow_up,
        r.due_date.clone().unwrap_or_else(|| nobody.into()),
        r.assignment
            .caseworker
            .clone()
            .unwrap_or_else(|| nobody.into()),
        r.assignment.lawyer.clone().unwrap_or_else(|| nobody.into()),
    ]
}

/// The same row for the printed page: three columns, each cell a few short lines, so that
/// no word has to be broken across lines of a narrow column on an A4 page in either
/// language (case and people | status and filing | evacuation: stage, risk, follow-up, due).
fn pdf_header(lang: Lang) -> Vec<String> {
    let cols: [(&str, &str); 3] = [
        ("Case", "Дело"),
        ("Status", "Статус"),
        ("Evacuation", "Эвакуация"),
    ];
    cols.iter()
        .map(|(e, r)| if en(lang) { *e } else { *r }.to_owned())
        .collect()
}

/// A PDF row from the CSV row's cells (see [`header`] for their order).
fn pdf_cells(cells: &[String], lang: Lang) -> Vec<String> {
    let e = en(lang);
    let at = |i: usize| cells.get(i).cloned().unwrap_or_default();
    let label = |en_text: &str, ru_text: &str, i: usize| {
        format!("{} {}", if e { en_text } else { ru_text }, at(i))
    };
    let filing = at(2);
    let status = if filing == "—" {
        at(1)
    } else {
        format!("{}\n{filing}", at(1))
    };
    vec![
        [
            at(0),
            label("Caseworker:", "Кейс-менеджер:", 7),
            label("Lawyer:", "Юрист:", 8),
        ]
        .join("\n"),
        status,
        [
            at(3),
            label("Risk:", "Риск:", 4),
            label("Follow-up:", "Контакт:", 5),
            label("Due:", "Срок:", 6),
        ]
        .join("\n"),
    ]
}

/// Which kinds of filter narrowed the board — never their values for the testimony ones.
fn filters_line(q: &BoardQuery, lang: Lang) -> String {
    let mut out: Vec<String> = Vec::new();
    let e = en(lang);
    if let Some(s) = &q.status {
        out.push(format!(
            "{}: {}",
            if e { "status" } else { "статус" },
            status_label(s, lang)
        ));
    }
    if let Some(s) = &q.stage {
        let stage = choice_label("evacuation_stages", Some(s), lang);
        out.push(format!("{}: {stage}", if e { "stage" } else { "этап" }));
    }
    if let Some(s) = &q.risk {
        let risk = choice_label("risk_levels", Some(s), lang);
        out.push(format!("{}: {risk}", if e { "risk" } else { "риск" }));
    }
    if q.overdue_only {
        out.push(
            if e {
                "overdue only"
            } else {
                "только просроченные"
            }
            .into(),
        );
    }
    if q.detained_from.is_some() || q.detained_to.is_some() {
        out.push(
            if e {
                "detention period"
            } else {
                "период задержания"
            }
            .into(),
        );
    }
    let searched = q.text.is_some() || q.perpetrator.is_some() || q.place.is_some();
    if searched {
        out.push(
            if e {
                "a search in the testimony (its words are not repeated here)"
            } else {
                "поиск по показаниям (слова поиска здесь не повторяются)"
            }
            .into(),
        );
    }
    if out.is_empty() {
        if e { "none" } else { "нет" }.into()
    } else {
        out.join("; ")
    }
}

/// The dashboard's status counts as a table (header, rows of "what is counted", value,
/// cases): by status, by evacuation stage, overdue follow-ups, detentions per month. Never
/// the perpetrator and site tables (testimony).
fn dashboard_counts(dashboard: &Dashboard, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let e = en(lang);
    let mut counts: Vec<Vec<String>> = Vec::new();
    for (status, n) in &dashboard.by_status {
        counts.push(vec![
            if e { "Status" } else { "Статус" }.into(),
            status_label(status, lang),
            n.to_string(),
        ]);
    }
    for (stage, n) in &dashboard.by_stage {
        let stage = (stage != "none").then_some(stage.as_str());
        counts.push(vec![
            if e {
                "Evacuation stage"
            } else {
                "Этап эвакуации"
            }
            .into(),
            choice_label("evacuation_stages", stage, lang),
            n.to_string(),
        ]);
    }
    counts.push(vec![
        if e { "Follow-up" } else { "Контакт" }.into(),
        if e { "Overdue" } else { "Просрочено" }.into(),
        dashboard.overdue.len().to_string(),
    ]);
    for (month, n) in &dashboard.detentions_per_month {
        counts.push(vec![
            if e {
                "Detentions per month"
            } else {
                "Задержания по месяцам"
            }
            .into(),
            month.clone(),
            n.to_string(),
        ]);
    }
    let header: Vec<String> = if e {
        vec!["Count of".into(), "Value".into(), "Cases".into()]
    } else {
        vec!["Что считается".into(), "Значение".into(), "Дел".into()]
    };
    (header, counts)
}

/// A CSV field: quoted where needed, a formula-looking start defused.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A table as CSV lines: its header, then each row.
fn push_csv_table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    out.push_str(&csv_line(header));
    for row in rows {
        out.push_str(&csv_line(row));
    }
}

fn csv_line(cells: &[String]) -> String {
    let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
    format!("{}\r\n", line.join(","))
}

impl Vault {
    /// Every case the board shows for `query` (all pages), with the dashboard's counts over
    /// them, as CSV or PDF in `lang`. Status fields only (see the module doc). `exported_on`
    /// is the day printed in the header (YYYY-MM-DD).
    pub fn export_board(
        &self,
        query: &BoardQuery,
        lang: Lang,
        format: BoardFormat,
        exported_on: &str,
    ) -> Result<Vec<u8>, VaultError> {
        let rows = self
            .board(&BoardQuery {
                offset: 0,
                limit: u32::MAX,
                ..query.clone()
            })?
            .rows;
        let dashboard = self.dashboard()?;
        let e = en(lang);
        let title = if e { "Case board" } else { "Доска дел" };
        let about = if e {
            format!(
                "Exported {exported_on} by {}. {} cases. Filters: {}. Status fields only: no testimony, names or places.",
                self.session.user,
                rows.len(),
                filters_line(query, lang)
            )
        } else {
            format!(
                "Выгружено {exported_on}, пользователь {}. Дел: {}. Фильтры: {}. Только поля статуса: без показаний, имён и мест.",
                self.session.user,
                rows.len(),
                filters_line(query, lang)
            )
        };
        // the dashboard's counts over the cases this user sees (all of them, not the filter)
        let (count_header, counts) = dashboard_counts(&dashboard, lang);
        let cells: Vec<Vec<String>> = rows.iter().map(|r| row_cells(r, lang)).collect();
        match format {
            BoardFormat::Csv => {
                let mut out = String::new();
                out.push_str(&csv_line(&[format!("# {title}"), about]));
                push_csv_table(&mut out, &header(lang), &cells);
                out.push_str("\r\n");
                let dash = if e { "# Dashboard" } else { "# Сводка" };
                out.push_str(&csv_line(&[dash.to_owned()]));
                push_csv_table(&mut out, &count_header, &counts);
                Ok(out.into_bytes())
            }
            BoardFormat::Pdf => {
                let doc = Document {
                    title: title.into(),
                    language: lang,
                    blocks: vec![
                        Block::Note(about),
                        Block::Table {
                            header: pdf_header(lang),
                            rows: cells.iter().map(|c| pdf_cells(c, lang)).collect(),
                        },
                        Block::Heading {
                            level: 2,
                            text: if e { "Dashboard" } else { "Сводка" }.into(),
                        },
                        Block::Table {
                            header: count_header,
                            rows: counts,
                        },
                    ],
                };
                waystone_render::to_pdf(&doc)
                    .map_err(|_| VaultError::Internal("the board's PDF could not be written"))
            }
        }
    }
}

impl Vault {
    /// The dashboard's counts as the dashboard shows them — by status, by evacuation stage,
    /// overdue follow-ups, detentions per month — over every case this user's board shows, as
    /// CSV or PDF in `lang`. Counts only: never the perpetrator and site tables (testimony),
    /// never a case code. `exported_on` is the day printed in the header (YYYY-MM-DD).
    pub fn export_dashboard(
        &self,
        lang: Lang,
        format: BoardFormat,
        exported_on: &str,
    ) -> Result<Vec<u8>, VaultError> {
        let dashboard = self.dashboard()?;
        let cases: u32 = dashboard.by_status.iter().map(|(_, n)| n).sum();
        let e = en(lang);
        let title = if e { "Dashboard" } else { "Сводка" };
        let about = if e {
            format!(
                "Exported {exported_on} by {}. Counts over the {cases} cases this user's board shows. Status fields only: no testimony, names or places.",
                self.session.user
            )
        } else {
            format!(
                "Выгружено {exported_on}, пользователь {}. Подсчёт по делам на доске этого пользователя: {cases}. Только поля статуса: без показаний, имён и мест.",
                self.session.user
            )
        };
        let (header, counts) = dashboard_counts(&dashboard, lang);
        match format {
            BoardFormat::Csv => {
                let mut out = String::new();
                out.push_str(&csv_line(&[format!("# {title}"), about]));
                push_csv_table(&mut out, &header, &counts);
                Ok(out.into_bytes())
            }
            BoardFormat::Pdf => {
                let doc = Document {
                    title: title.into(),
                    language: lang,
                    blocks: vec![
                        Block::Note(about),
                        Block::Table {
                            header,
                            rows: counts,
                        },
                    ],
                };
                waystone_render::to_pdf(&doc)
                    .map_err(|_| VaultError::Internal("the dashboard's PDF could not be written"))
            }
        }
    }

    /// [`Vault::export_dashboard`] written to a new file at `path` (never over an existing
    /// one); the number of bytes written.
    pub fn write_dashboard(
        &self,
        lang: Lang,
        format: BoardFormat,
        path: &std::path::Path,
    ) -> Result<usize, VaultError> {
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let bytes = self.export_dashboard(lang, format, &today)?;
        crate::fsio::write_new_file(path, &bytes, "writing the dashboard")?;
        Ok(bytes.len())
    }

    /// [`Vault::export_board`] written to a new file at `path` (never over an existing one);
    /// the number of bytes written.
    pub fn write_board(
        &self,
        query: &BoardQuery,
        lang: Lang,
        format: BoardFormat,
        path: &std::path::Path,
    ) -> Result<usize, VaultError> {
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let bytes = self.export_board(query, lang, format, &today)?;
        crate::fsio::write_new_file(path, &bytes, "writing the board")?;
        Ok(bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_looking_cell_is_defused_and_quoting_is_kept() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@cw"), "'@cw");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("WS-1234"), "WS-1234");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }

    #[test]
    fn every_status_has_both_languages_and_an_unknown_one_is_said() {
        for s in Status::ALL {
            assert_ne!(status_label(s.as_str(), Lang::En), "Unknown status");
            assert_ne!(status_label(s.as_str(), Lang::Ru), "Неизвестный статус");
        }
        assert_eq!(status_label("odd", Lang::En), "Unknown status");
        assert_eq!(
            choice_label("evacuation_stages", None, Lang::Ru),
            "Не указано"
        );
        assert_eq!(
            choice_label("evacuation_stages", Some("in_hiding"), Lang::En),
            "In hiding"
        );
    }
}
