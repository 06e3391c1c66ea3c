//! The pattern report written out, pure: the narrative [`Document`] (DOCX/PDF/MD through
//! `waystone-render`) with its caveat, tables, text bar charts and per-perpetrator section,
//! and the data annex (CSV, XLSX) with the same published numbers. A hidden number is
//! written as [`HIDDEN`], never as itself, in every format.
//!
//! What it is given is already published ([`super::tables::PatternTables`]): labels of
//! methods, periods, regions, sites, units and perpetrators and the suppressed counts. No
//! survivor's name, case code, contact or narrative reaches this module.
//!
//! Recipe — a new format: write it from `PatternTables` alone, add it to [`ReportFormat`],
//! and to the canary test in tests/pattern_report.rs.

use waystone_forms::FormDef;
use waystone_render::{Block, Document, Lang};

use super::acts::{DATE_UNKNOWN, NOT_RECORDED};
use super::suppress::{Cell, Published};
use super::tables::{ActorLine, PatternTables, Period};

/// How a hidden number is written.
pub const HIDDEN: &str = "x";

/// The report's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Docx,
    Pdf,
    Markdown,
    Csv,
    Xlsx,
}

impl ReportFormat {
    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s {
            "docx" => Some(ReportFormat::Docx),
            "pdf" => Some(ReportFormat::Pdf),
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "csv" => Some(ReportFormat::Csv),
            "xlsx" => Some(ReportFormat::Xlsx),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Docx => "docx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Markdown => "md",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the report could not be rendered: {0}")]
    Render(#[from] waystone_render::RenderError),
    #[error("the spreadsheet could not be written")]
    Xlsx,
}

/// Words of the report in one language.
struct Words {
    lang: Lang,
}

impl Words {
    fn t(&self, en: &'static str, ru: &'static str) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }
}

/// The caveat printed at the top of every narrative and annex.
pub fn caveat(lang: Lang) -> &'static str {
    Words { lang }.t(
        "These are counts of documented cases, not of prevalence. They reflect who reached \
         the organisation, agreed to statistical use and was asked these questions (selection \
         bias; see the Human Rights Data Analysis Group on the limits of raw counts). They \
         cannot show how often these acts happen, nor trends over time.",
        "Это подсчёты задокументированных случаев, а не распространённости. Они отражают, кто \
         обратился в организацию, согласился на статистическое использование и кому задавали \
         эти вопросы (смещение отбора; см. работы Human Rights Data Analysis Group об \
         ограничениях «сырых» подсчётов). По ним нельзя судить, как часто происходят эти \
         действия, или о динамике во времени.",
    )
}

/// Labels for the report's values: methods from the form's `ip_methods` list, the
/// "not recorded" and "date unknown" buckets translated, anything else as recorded.
pub struct Labels<'a> {
    pub form: &'a FormDef,
    pub lang: Lang,
}

impl Labels<'_> {
    fn code(&self) -> &'static str {
        match self.lang {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    pub fn value(&self, dim: &str, raw: &str) -> String {
        let w = Words { lang: self.lang };
        if raw == NOT_RECORDED {
            return w.t("not recorded", "не указано").to_owned();
        }
        if raw == DATE_UNKNOWN {
            return w.t("date unknown", "дата неизвестна").to_owned();
        }
        if dim == "method" {
            if let Some(c) = self.form.choice_list("ip_methods").and_then(|l| l.get(raw)) {
                if let Some(l) = c.label().get(self.code()) {
                    return l.to_owned();
                }
            }
        }
        raw.to_owned()
    }

    fn dim(&self, dim: &str) -> &'static str {
        let w = Words { lang: self.lang };
        match dim {
            "method" => w.t("Method", "Метод"),
            "period" => w.t("Period", "Период"),
            "region" => w.t("Region", "Регион"),
            "site" => w.t("Site", "Место содержания"),
            "unit" => w.t("Unit", "Подразделение"),
            _ => w.t("Unit", "Подразделение"),
        }
    }
}

fn num(c: Cell) -> String {
    match c {
        Cell::Shown(n) => n.to_string(),
        Cell::Hidden => HIDDEN.to_owned(),
    }
}

fn table_title(id: &str, w: &Words) -> &'static str {
    match id {
        "method_by_period" => w.t("Acts by method and period", "Действия по методу и периоду"),
        "method_by_region" => w.t("Acts by method and region", "Действия по методу и региону"),
        "site_by_method" => w.t(
            "Acts by detention site and method",
            "Действия по месту содержания и методу",
        ),
        "unit_by_method" => w.t(
            "Acts by unit and method",
            "Действия по подразделению и методу",
        ),
        _ => w.t("Episodes by unit", "Эпизоды по подразделениям"),
    }
}

/// A published table as text rows: header, body rows with their total, the totals row.
fn grid(t: &Published, labels: &Labels<'_>) -> (Vec<String>, Vec<Vec<String>>) {
    let w = Words { lang: labels.lang };
    let total = w.t("Total", "Всего").to_owned();
    let mut header = vec![labels.dim(&t.row_dim).to_owned()];
    header.extend(t.cols.iter().map(|c| labels.value(&t.col_dim, c)));
    header.push(total.clone());
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .zip(&t.cells)
        .zip(&t.row_totals)
        .map(|((label, cells), rt)| {
            let mut row = vec![labels.value(&t.row_dim, label)];
            row.extend(cells.iter().map(|c| num(*c)));
            row.push(num(*rt));
            row
        })
        .collect();
    let mut last = vec![total];
    last.extend(t.col_totals.iter().map(|c| num(*c)));
    last.push(num(t.total));
    rows.push(last);
    (header, rows)
}

/// Text bars: one row per label, the count and a bar of █ scaled to the largest shown.
fn bars(items: &[(String, Cell)], w: &Words) -> Block {
    let max = items
        .iter()
        .filter_map(|(_, c)| c.shown())
        .max()
        .unwrap_or(0)
        .max(1);
    Block::Table {
        header: vec![
            String::new(),
            w.t("Acts", "Действия").to_owned(),
            String::new(),
        ],
        rows: items
            .iter()
            .map(|(l, c)| {
                let bar = match c {
                    Cell::Shown(n) => "█".repeat(((n * 30).div_ceil(max)) as usize),
                    Cell::Hidden => String::new(),
                };
                vec![l.clone(), num(*c), bar]
            })
            .collect(),
    }
}

fn actor_rows(lines: &[ActorLine], w: &Words) -> Block {
    Block::Table {
        header: vec![
            w.t("Name or call sign", "Имя или позывной").to_owned(),
            w.t("Acts", "Действия").to_owned(),
            w.t("Episodes", "Эпизоды").to_owned(),
            w.t("Period", "Период").to_owned(),
        ],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.label.clone(),
                    num(l.acts),
                    num(l.episodes),
                    l.period
                        .as_ref()
                        .map(|(a, b)| {
                            if a == b {
                                a.clone()
                            } else {
                                format!("{a} – {b}")
                            }
                        })
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// The narrative document.
pub fn document(r: &PatternTables, labels: &Labels<'_>, period_text: &str) -> Document {
    let w = Words { lang: labels.lang };
    let mut b =
        vec![
        Block::Note(caveat(labels.lang).to_owned()),
        Block::Heading {
            level: 1,
            text: w.t("What is counted", "Что подсчитано").to_owned(),
        },
        Block::Paragraph {
            text: w
                .t(
                    "One act is one method of treatment in one treatment entry of one detention \
                     episode: who (unit, perpetrator) did what (method) to whom (the survivor), \
                     when (the month, or the year where only the year is known) and where \
                     (region, site). Units, sites and perpetrators are merged across cases only \
                     where a person confirmed in the registry that two spellings are one.",
                    "Одно действие — это один метод обращения в одной записи об обращении в \
                     одном эпизоде задержания: кто (подразделение, исполнитель) что сделал \
                     (метод) с кем (пострадавший), когда (месяц, или год, если известен только \
                     год) и где (регион, место). Подразделения, места и исполнители \
                     объединяются между делами только там, где человек подтвердил в реестре, \
                     что два написания — одно.",
                )
                .to_owned(),
            numbered: false,
        },
        Block::Bullets(vec![
            format!("{}: {period_text}", w.t("Period", "Период")),
            format!("{}: {}", w.t("Acts", "Действия"), num(r.acts)),
            format!("{}: {}", w.t("Detention episodes", "Эпизоды задержания"), num(r.episodes)),
            format!("{}: {}", w.t("Cases (survivors)", "Дела (пострадавшие)"), num(r.cases)),
            format!(
                "{}: {}",
                w.t(
                    "Cases left out for lack of consent to statistical use",
                    "Дела, не учтённые из-за отсутствия согласия на статистическое использование"
                ),
                r.cases_without_consent
            ),
            format!(
                "{}: {}",
                w.t(
                    "Acts outside the period or region chosen (or not datable within it)",
                    "Действия вне выбранного периода или региона (или без даты в его пределах)"
                ),
                r.acts_filtered_out
            ),
        ]),
        Block::Note(format!(
            "{} {} {}",
            w.t(
                "Small counts are suppressed: any number below",
                "Малые числа скрыты: любое число меньше"
            ),
            r.k,
            w.t(
                "is shown as «x», and further numbers are hidden so that none can be worked out \
                 from the totals. A zero is shown as 0.",
                "показано как «x», и скрыты другие числа, чтобы ни одно не вычислялось из \
                 итогов. Ноль показан как 0.",
            )
        )),
    ];
    // charts
    b.push(Block::Heading {
        level: 1,
        text: w.t("Overview", "Обзор").to_owned(),
    });
    if let Some(t) = r.tables.first() {
        b.push(Block::Heading {
            level: 2,
            text: w.t("Methods", "Методы").to_owned(),
        });
        let items: Vec<(String, Cell)> = t
            .rows
            .iter()
            .zip(&t.row_totals)
            .map(|(l, c)| (labels.value("method", l), *c))
            .collect();
        b.push(bars(&items, &w));
        b.push(Block::Heading {
            level: 2,
            text: match r.period {
                Period::Month => w.t(
                    "Acts over time (by month)",
                    "Действия во времени (по месяцам)",
                ),
                Period::Year => w.t("Acts over time (by year)", "Действия во времени (по годам)"),
            }
            .to_owned(),
        });
        let items: Vec<(String, Cell)> = t
            .cols
            .iter()
            .zip(&t.col_totals)
            .map(|(l, c)| (labels.value("period", l), *c))
            .collect();
        b.push(bars(&items, &w));
    }
    for (i, title) in [
        (2usize, w.t("Sites", "Места")),
        (3, w.t("Units", "Подразделения")),
    ] {
        if let Some(t) = r.tables.get(i) {
            b.push(Block::Heading {
                level: 2,
                text: title.to_owned(),
            });
            let items: Vec<(String, Cell)> = t
                .rows
                .iter()
                .zip(&t.row_totals)
                .map(|(l, c)| (labels.value(&t.row_dim, l), *c))
                .collect();
            b.push(bars(&items, &w));
        }
    }
    b.push(Block::PageBreak);
    b.push(Block::Heading {
        level: 1,
        text: w.t("Tables", "Таблицы").to_owned(),
    });
    for t in r.tables.iter().take(4) {
        b.push(Block::Heading {
            level: 2,
            text: table_title(&t.id, &w).to_owned(),
        });
        let (header, rows) = grid(t, labels);
        b.push(Block::Table { header, rows });
    }
    b.push(Block::Heading {
        level: 1,
        text: w
            .t("Perpetrators and units", "Исполнители и подразделения")
            .to_owned(),
    });
    b.push(Block::Paragraph {
        text: w
            .t(
                "For each perpetrator or unit named in the registry: the acts and detention \
                 episodes documented in the cases that name them, and the first and last \
                 month known. Perpetrators are recorded per case, not per episode, so their \
                 acts are those of the cases naming them. Names with fewer acts than the \
                 threshold are not listed.",
                "Для каждого исполнителя или подразделения из реестра: действия и эпизоды \
                 задержания, задокументированные в делах, где они названы, и первый и \
                 последний известный месяц. Исполнители записаны по делу, а не по эпизоду, \
                 поэтому их действия — это действия дел, где они названы. Имена с числом \
                 действий меньше порога не приводятся.",
            )
            .to_owned(),
        numbered: false,
    });
    b.push(Block::Heading {
        level: 2,
        text: w.t("Perpetrators", "Исполнители").to_owned(),
    });
    b.push(actor_rows(&r.perpetrators, &w));
    b.push(Block::Heading {
        level: 2,
        text: w.t("Units", "Подразделения").to_owned(),
    });
    b.push(actor_rows(&r.units, &w));
    b.push(Block::Note(format!(
        "{}: {}",
        w.t(
            "Perpetrators and units not listed (below the threshold)",
            "Не приведено исполнителей и подразделений (ниже порога)"
        ),
        r.actors_below_k
    )));
    Document {
        title: w
            .t(
                "Pattern report: documented acts",
                "Отчёт о закономерностях: задокументированные действия",
            )
            .to_owned(),
        language: labels.lang,
        blocks: b,
    }
}

/// The data annex as sheets of text rows: a "notes" sheet with the caveat and the counts
/// left out, then one sheet per table and the two actor lists.
pub fn annex(
    r: &PatternTables,
    labels: &Labels<'_>,
    period_text: &str,
) -> Vec<(String, Vec<Vec<String>>)> {
    let w = Words { lang: labels.lang };
    let mut sheets = vec![(
        "notes".to_owned(),
        vec![
            vec![caveat(labels.lang).to_owned()],
            vec![w.t("Period", "Период").to_owned(), period_text.to_owned()],
            vec![w.t("Threshold k", "Порог k").to_owned(), r.k.to_string()],
            vec![
                w.t("Hidden number", "Скрытое число").to_owned(),
                HIDDEN.to_owned(),
            ],
            vec![w.t("Acts", "Действия").to_owned(), num(r.acts)],
            vec![w.t("Episodes", "Эпизоды").to_owned(), num(r.episodes)],
            vec![w.t("Cases", "Дела").to_owned(), num(r.cases)],
            vec![
                w.t(
                    "Cases without statistical consent",
                    "Дела без согласия на статистику",
                )
                .to_owned(),
                r.cases_without_consent.to_string(),
            ],
            vec![
                w.t("Acts outside the filters", "Действия вне фильтров")
                    .to_owned(),
                r.acts_filtered_out.to_string(),
            ],
        ],
    )];
    for t in &r.tables {
        let (header, rows) = grid(t, labels);
        let mut all = vec![header];
        all.extend(rows);
        sheets.push((t.id.clone(), all));
    }
    for (name, lines) in [("perpetrators", &r.perpetrators), ("units", &r.units)] {
        let mut rows = vec![vec![
            "name".to_owned(),
            "acts".to_owned(),
            "episodes".to_owned(),
            "first_month".to_owned(),
            "last_month".to_owned(),
        ]];
        for l in lines {
            let (a, z) = l.period.clone().unwrap_or_default();
            rows.push(vec![l.label.clone(), num(l.acts), num(l.episodes), a, z]);
        }
        sheets.push((name.to_owned(), rows));
    }
    sheets
}

fn csv_field(s: &str) -> String {
    // a leading = + - @ would be a formula to a spreadsheet: quote it with a '
    let s = if s.starts_with(['=', '+', '-', '@']) {
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

/// The annex as one CSV file: each sheet as a block that starts with a `# name` line.
pub fn csv(sheets: &[(String, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut out = String::new();
    for (i, (name, rows)) in sheets.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(&format!("# {name}\r\n"));
        for row in rows {
            let line: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out.into_bytes()
}

/// The annex as an XLSX workbook, one worksheet per sheet; counts as numbers, a hidden
/// number as the text [`HIDDEN`]. No author or company is written into its properties.
pub fn xlsx(sheets: &[(String, Vec<Vec<String>>)]) -> Result<Vec<u8>, OutputError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(|_| OutputError::Xlsx)?;
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r).map_err(|_| OutputError::Xlsx)?;
            for (c, text) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(|_| OutputError::Xlsx)?;
                let res = match text.parse::<u64>() {
                    Ok(n) if r > 0 => ws.write_number(r, c, n as f64).map(|_| ()),
                    _ if r == 0 && name != "notes" => {
                        ws.write_string_with_format(r, c, text, &bold).map(|_| ())
                    }
                    _ => ws.write_string(r, c, text).map(|_| ()),
                };
                res.map_err(|_| OutputError::Xlsx)?;
            }
        }
    }
    book.save_to_buffer().map_err(|_| OutputError::Xlsx)
}

/// The report in `format`.
pub fn write(
    r: &PatternTables,
    labels: &Labels<'_>,
    period_text: &str,
    format: ReportFormat,
) -> Result<Vec<u8>, OutputError> {
    match format {
        ReportFormat::Docx => Ok(waystone_render::to_docx(&document(r, labels, period_text))?),
        ReportFormat::Pdf => Ok(waystone_render::to_pdf(&document(r, labels, period_text))?),
        ReportFormat::Markdown => {
            Ok(waystone_render::to_markdown(&document(r, labels, period_text)).into_bytes())
        }
        ReportFormat::Csv => Ok(csv(&annex(r, labels, period_text))),
        ReportFormat::Xlsx => xlsx(&annex(r, labels, period_text)),
    }
}
