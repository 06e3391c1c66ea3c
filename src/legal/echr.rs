//! The application to the European Court of Human Rights, built from a case: the sections of
//! the official form (applicant; respondent State; representative; statement of facts with a
//! dated chronology; alleged violations; admissibility; other international proceedings;
//! list of documents) plus a Rule 47 § 4 request for anonymity — and the checks a lawyer must
//! see before filing (jurisdiction, deadline, page budgets, no "see annex" in the form).
//!
//! Every free text that reaches the document goes through the redaction engine in one pass,
//! so the same person gets the same token throughout. For `echr` the applicant's identity
//! appears in the applicant section only; for `public` not at all.

use chrono::NaiveDate;
use waystone_forms::{Answer, AnswerPath, Answers, FormDef, PartialDate, PrecisionKind, Value};
use waystone_render::{Block, Document, Lang};

use super::admissibility::{jurisdiction_flags, time_limit};
use super::articles::suggest;
use super::consent::Audience;

/// A warning shown before export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// jurisdiction | deadline_passed | deadline_close | page_budget | see_annex | no_final_decision
    pub code: &'static str,
    pub en: String,
    pub ru: String,
}

/// The document before redaction: blocks whose case-provided texts are placeholders
/// (`OPEN` index `CLOSE`) into `values`, which the caller redacts in one pass. Template text
/// and form labels are never redacted; the applicant section holds its values directly.
pub struct Draft {
    pub blocks: Vec<Block>,
    pub values: Vec<String>,
    pub checks: Vec<Check>,
    /// Block index ranges of the facts, violations and admissibility sections.
    pub sections: [(usize, usize); 3],
}

struct Ctx<'a> {
    a: &'a Answers,
    def: &'a FormDef,
    lang: Lang,
    /// Case-provided texts, redacted later; blocks hold placeholders for them.
    values: std::cell::RefCell<Vec<String>>,
}

/// Start and end of a placeholder for a case-provided value (private-use characters).
pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

impl Ctx<'_> {
    /// A placeholder for case-provided text that must go through redaction.
    fn v(&self, s: String) -> String {
        let mut values = self.values.borrow_mut();
        values.push(s);
        format!("{OPEN}{}{CLOSE}", values.len() - 1)
    }
    fn l(&self, en: &str, ru: &str) -> String {
        match self.lang {
            Lang::En => en.to_owned(),
            Lang::Ru => ru.to_owned(),
        }
    }
    fn get(&self, path: &str) -> Option<&Answer> {
        path.parse::<AnswerPath>().ok().and_then(|p| self.a.get(&p))
    }
    fn text(&self, path: &str) -> Option<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Text(t))) if !t.trim().is_empty() => {
                Some(t.trim().to_owned())
            }
            _ => None,
        }
    }
    fn int(&self, path: &str) -> Option<i64> {
        match self.get(path) {
            Some(Answer::Value(Value::Integer(n))) => Some(*n),
            _ => None,
        }
    }
    fn date(&self, path: &str) -> Option<PartialDate> {
        match self.get(path) {
            Some(Answer::Value(Value::Date(d))) => Some(*d),
            _ => None,
        }
    }
    fn count(&self, c: &str) -> u32 {
        c.parse::<AnswerPath>()
            .map(|p| self.a.repeat_count(&p))
            .unwrap_or(0)
    }
    /// The label of a choice in the document's language.
    fn choice_label(&self, list: &str, name: &str) -> String {
        let code = match self.lang {
            Lang::En => "en",
            Lang::Ru => "ru",
        };
        self.def
            .choice_list(list)
            .and_then(|l| l.get(name))
            .and_then(|c| c.label().get(code).or_else(|| c.label().get("en")))
            .map(str::to_owned)
            .unwrap_or_else(|| name.to_owned())
    }
    fn choice(&self, path: &str, list: &str) -> Option<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Choice(c))) => Some(self.choice_label(list, c)),
            _ => None,
        }
    }
    fn choices(&self, path: &str, list: &str) -> Vec<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Choices(c))) => {
                c.iter().map(|x| self.choice_label(list, x)).collect()
            }
            _ => vec![],
        }
    }
    fn fmt_date(&self, d: &PartialDate) -> String {
        let y = d.year_value();
        let m = d.month_value().unwrap_or(1);
        let day = d.day_value().unwrap_or(1);
        match d.precision().kind() {
            PrecisionKind::Exact => format!("{day:02}.{m:02}.{y}"),
            PrecisionKind::Month => format!("{m:02}.{y}"),
            PrecisionKind::Season => {
                let ((y1, m1, _), _) = d.earliest_and_latest();
                let season = match m1 {
                    3 => self.l("spring", "весна"),
                    6 => self.l("summer", "лето"),
                    9 => self.l("autumn", "осень"),
                    _ => self.l("winter", "зима"),
                };
                format!("{season} {}", if m1 == 12 { y1 + 1 } else { y1 })
            }
            PrecisionKind::Year => format!("{y}"),
            PrecisionKind::Approximate => {
                let inner = match (d.month_value(), d.day_value()) {
                    (Some(m), Some(dd)) => format!("{dd:02}.{m:02}.{y}"),
                    (Some(m), None) => format!("{m:02}.{y}"),
                    _ => format!("{y}"),
                };
                format!("{} {inner}", self.l("about", "около"))
            }
        }
    }
}

fn h(level: u8, text: String) -> Block {
    Block::Heading { level, text }
}
fn p(text: String) -> Block {
    Block::Paragraph {
        text,
        numbered: true,
    }
}

/// Builds the unredacted draft of the application and its checks.
pub fn draft(
    a: &Answers,
    def: &FormDef,
    audience: Audience,
    lang: Lang,
    today: NaiveDate,
) -> Draft {
    let c = Ctx {
        a,
        def,
        lang,
        values: std::cell::RefCell::new(Vec::new()),
    };
    let mut blocks: Vec<(Block, bool)> = Vec::new();
    let mut checks = Vec::new();

    // A. The applicant
    blocks.push((h(1, c.l("A. The applicant", "А. Заявитель")), false));
    match audience {
        Audience::Echr => {
            let name = [c.text("name_latin"), c.text("name_cyrillic")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
            if !name.is_empty() {
                blocks.push((p(format!("{}: {name}", c.l("Name", "Имя"))), false));
            }
            if let Some(d) = c.date("date_of_birth") {
                blocks.push((
                    p(format!(
                        "{}: {}",
                        c.l("Date of birth", "Дата рождения"),
                        c.fmt_date(&d)
                    )),
                    false,
                ));
            }
            let nat = c.choices("citizenship", "countries");
            if !nat.is_empty() {
                blocks.push((
                    p(format!(
                        "{}: {}",
                        c.l("Nationality", "Гражданство"),
                        nat.join(", ")
                    )),
                    false,
                ));
            }
            blocks.push((
                Block::Note(c.l(
                    "The applicant asks the Court not to disclose their identity to the public (Rule 47 § 4; see section I). No current address is given for the applicant's safety; the representative's address is used for correspondence.",
                    "Заявитель просит Суд не раскрывать его личность публике (правило 47 § 4; см. раздел I). Текущий адрес не указывается в целях безопасности; для переписки используется адрес представителя.",
                )),
                false,
            ));
        }
        Audience::Public => {
            blocks.push((
                p(c.l(
                    "The applicant's identity is withheld.",
                    "Личность заявителя не раскрывается.",
                )),
                false,
            ));
        }
    }

    // B. Respondent State
    blocks.push((
        h(
            1,
            c.l(
                "B. State(s) against which the application is directed",
                "Б. Государство(а), против которого(ых) направлена жалоба",
            ),
        ),
        false,
    ));
    let mut states: Vec<String> = (0..c.count("episodes"))
        .filter_map(|e| c.choice(&format!("episodes[{e}].respondent_state"), "countries"))
        .collect();
    states.sort();
    states.dedup();
    blocks.push((
        p(if states.is_empty() {
            c.l("Not yet recorded.", "Пока не указано.")
        } else {
            states.join(", ")
        }),
        false,
    ));

    // C. Representative
    blocks.push((h(1, c.l("C. Representative", "В. Представитель")), false));
    blocks.push((
        p(c.l(
            "[To be completed by the representative.]",
            "[Заполняется представителем.]",
        )),
        false,
    ));

    // D. Statement of facts
    let facts_start = blocks.len();
    blocks.push((
        h(1, c.l("D. Statement of the facts", "Г. Изложение фактов")),
        false,
    ));
    let mut rows = Vec::new();
    for e in 0..c.count("episodes") {
        let date = c
            .date(&format!("episodes[{e}].apprehension_date"))
            .map(|d| c.v(c.fmt_date(&d)))
            .unwrap_or_default();
        let place = c
            .text(&format!("episodes[{e}].apprehension_place_details"))
            .map(|t| c.v(t))
            .unwrap_or_default();
        let unit = c
            .text(&format!("episodes[{e}].unit"))
            .map(|t| c.v(t))
            .unwrap_or_default();
        let site = c
            .text(&format!("episodes[{e}].held_place_details"))
            .map(|t| c.v(t))
            .unwrap_or_default();
        let days = c
            .int(&format!("episodes[{e}].duration_days"))
            .map(|d| d.to_string())
            .unwrap_or_default();
        rows.push(vec![date, place, unit, site, days]);
    }
    if !rows.is_empty() {
        blocks.push((h(2, c.l("Chronology", "Хронология")), false));
        blocks.push((
            Block::Table {
                header: vec![
                    c.l("Date", "Дата"),
                    c.l("Place of apprehension", "Место задержания"),
                    c.l("Unit", "Подразделение"),
                    c.l("Place of detention", "Место содержания"),
                    c.l("Days", "Дней"),
                ],
                rows,
            },
            true,
        ));
    }
    for e in 0..c.count("episodes") {
        let date = c
            .date(&format!("episodes[{e}].apprehension_date"))
            .map(|d| c.v(c.fmt_date(&d)))
            .unwrap_or_else(|| c.l("an unknown date", "неизвестная дата"));
        let site_kind = c
            .choice(&format!("episodes[{e}].held_site_type"), "site_types")
            .unwrap_or_default();
        let ack = c
            .choice(&format!("episodes[{e}].acknowledged"), "acknowledgement")
            .unwrap_or_default();
        let mut text = match lang {
            Lang::En => format!(
                "On {date} the applicant was apprehended (episode {}).",
                e + 1
            ),
            Lang::Ru => format!("{date} заявитель был задержан (эпизод {}).", e + 1),
        };
        if !site_kind.is_empty() {
            text.push_str(&format!(
                " {}: {site_kind}.",
                c.l("Place of detention", "Место содержания")
            ));
        }
        if !ack.is_empty() {
            text.push_str(&format!(
                " {}: {ack}.",
                c.l("Official record", "Официальное оформление")
            ));
        }
        for t in 0..c.count(&format!("episodes[{e}].treatment")) {
            let methods = c.choices(
                &format!("episodes[{e}].treatment[{t}].methods"),
                "ip_methods",
            );
            if !methods.is_empty() {
                text.push_str(&format!(
                    " {}: {}.",
                    c.l("Treatment", "Обращение"),
                    methods.join(", ")
                ));
            }
            if let Some(ip) = c.choice(
                &format!("episodes[{e}].treatment[{t}].ip_consistency"),
                "ip_consistency",
            ) {
                text.push_str(&format!(
                    " {}: {ip}.",
                    c.l(
                        "Medical findings (Istanbul Protocol)",
                        "Медицинское заключение (Стамбульский протокол)"
                    )
                ));
            }
        }
        blocks.push((p(text), true));
    }
    let perps: Vec<String> = (0..c.count("perpetrators"))
        .map(|i| {
            [
                c.text(&format!("perpetrators[{i}].rank")).map(|s| c.v(s)),
                c.text(&format!("perpetrators[{i}].name")).map(|s| c.v(s)),
                c.text(&format!("perpetrators[{i}].call_sign"))
                    .map(|s| format!("(«{}»)", c.v(s))),
                c.text(&format!("perpetrators[{i}].unit"))
                    .map(|s| format!("— {}", c.v(s))),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect();
    if !perps.is_empty() {
        blocks.push((
            p(format!(
                "{}: {}.",
                c.l("Officers involved", "Причастные сотрудники"),
                perps.join("; ")
            )),
            true,
        ));
    }
    for i in 0..c.count("complaints") {
        let body = c
            .choice(&format!("complaints[{i}].body"), "bodies")
            .unwrap_or_default();
        let date = c
            .date(&format!("complaints[{i}].complaint_date"))
            .map(|d| c.v(c.fmt_date(&d)))
            .unwrap_or_default();
        // domestic case numbers are evidence for the Court, and identifying in public
        let number = match audience {
            Audience::Echr => c
                .text(&format!("complaints[{i}].complaint_number"))
                .map(|n| format!("No. {n}"))
                .unwrap_or_default(),
            Audience::Public => String::new(),
        };
        let decision = c
            .choice(&format!("complaints[{i}].decision"), "decisions")
            .unwrap_or_default();
        let ddate = c
            .date(&format!("complaints[{i}].decision_date"))
            .map(|d| c.v(c.fmt_date(&d)))
            .unwrap_or_default();
        blocks.push((
            p(format!(
                "{} {body} {date} {number}: {decision} {ddate}.",
                c.l("Complaint to", "Жалоба в")
            )
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")),
            true,
        ));
    }
    if let Some(narrative) = c.text("narrative") {
        blocks.push((
            h(2, c.l("The applicant's account", "Рассказ заявителя")),
            false,
        ));
        for para in narrative
            .split("\n\n")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            blocks.push((p(c.v(para.to_owned())), true));
        }
    }
    let facts_end = blocks.len();

    // E. Alleged violations
    let violations_start = blocks.len();
    blocks.push((
        h(
            1,
            c.l(
                "E. Statement of alleged violation(s) of the Convention and relevant arguments",
                "Д. Изложение предполагаемых нарушений Конвенции и соответствующих доводов",
            ),
        ),
        false,
    ));
    for s in suggest(a) {
        let title = match lang {
            Lang::En => &s.title.en,
            Lang::Ru => &s.title.ru,
        };
        blocks.push((
            h(
                2,
                format!("{} {} — {title}", c.l("Article", "Статья"), s.article),
            ),
            false,
        ));
        for f in &s.supporting {
            blocks.push((
                p(match lang {
                    Lang::En => f.en.clone(),
                    Lang::Ru => f.ru.clone(),
                }),
                true,
            ));
        }
        for m in &s.missing {
            blocks.push((
                Block::Note(format!(
                    "{} {}",
                    c.l("Still missing:", "Не хватает:"),
                    match lang {
                        Lang::En => &m.en,
                        Lang::Ru => &m.ru,
                    }
                )),
                false,
            ));
        }
    }
    let violations_end = blocks.len();

    // F. Admissibility
    let adm_start = blocks.len();
    blocks.push((
        h(
            1,
            c.l(
                "F. Compliance with admissibility criteria",
                "Е. Соответствие критериям приемлемости",
            ),
        ),
        false,
    ));
    let final_decision = c.date("final_decision_date").and_then(|d| {
        let ((y, m, dd), _) = d.earliest_and_latest();
        NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(dd))
    });
    match final_decision {
        Some(fd) => {
            let t = time_limit(fd, today);
            blocks.push((
                p(match lang {
                    Lang::En => format!(
                        "The final domestic decision was taken on {}. The {}-month time limit applies; the application must be lodged by {}.",
                        fd.format("%d.%m.%Y"), t.months, t.deadline.format("%d.%m.%Y")
                    ),
                    Lang::Ru => format!(
                        "Окончательное внутригосударственное решение принято {}. Применяется срок {} месяца(ев); жалоба должна быть подана не позднее {}.",
                        fd.format("%d.%m.%Y"), t.months, t.deadline.format("%d.%m.%Y")
                    ),
                }),
                false,
            ));
            if t.passed() {
                checks.push(Check {
                    code: "deadline_passed",
                    en: format!(
                        "The time limit ended on {} ({} days ago).",
                        t.deadline, -t.days_left
                    ),
                    ru: format!("Срок истёк {} ({} дн. назад).", t.deadline, -t.days_left),
                });
            } else if t.close() {
                checks.push(Check {
                    code: "deadline_close",
                    en: format!(
                        "Only {} days are left before the time limit ends ({}).",
                        t.days_left, t.deadline
                    ),
                    ru: format!(
                        "До истечения срока осталось {} дн. ({}).",
                        t.days_left, t.deadline
                    ),
                });
            }
        }
        None => {
            blocks.push((
                p(c.l(
                    "The date of the final domestic decision is not recorded.",
                    "Дата окончательного внутригосударственного решения не указана.",
                )),
                false,
            ));
            checks.push(Check {
                code: "no_final_decision",
                en: "No final domestic decision date: the time limit cannot be computed.".into(),
                ru: "Нет даты окончательного решения: срок подачи не рассчитать.".into(),
            });
        }
    }
    for f in jurisdiction_flags(a) {
        checks.push(Check {
            code: "jurisdiction",
            en: format!(
                "Episode {} {} after 16 September 2022, when Russia ceased to be a Party to the Convention: the Court cannot examine it against Russia. Consider the UN treaty bodies or special procedures.",
                f.episode + 1,
                if f.certain { "took place" } else { "may have taken place" }
            ),
            ru: format!(
                "Эпизод {} {} после 16 сентября 2022 года, когда Россия перестала быть участницей Конвенции: Суд не может рассмотреть его в отношении России. Рассмотрите договорные органы или специальные процедуры ООН.",
                f.episode + 1,
                if f.certain { "произошёл" } else { "мог произойти" }
            ),
        });
    }
    let adm_end = blocks.len();

    // G, H, I
    blocks.push((
        h(
            1,
            c.l(
                "G. Other international proceedings",
                "Ж. Другие международные разбирательства",
            ),
        ),
        false,
    ));
    blocks.push((p(c.l("None recorded.", "Не зарегистрировано.")), false));
    blocks.push((
        h(
            1,
            c.l(
                "H. List of accompanying documents",
                "З. Перечень прилагаемых документов",
            ),
        ),
        false,
    ));
    blocks.push((p(c.l("[The representative lists the documents here; attachments held in the vault are listed in the export record.]", "[Представитель перечисляет документы здесь; вложения из хранилища перечислены в записи об экспорте.]")), false));
    if audience == Audience::Echr {
        blocks.push((
            h(
                1,
                c.l(
                    "I. Request for anonymity (Rule 47 § 4 of the Rules of Court)",
                    "И. Просьба об анонимности (правило 47 § 4 Регламента Суда)",
                ),
            ),
            false,
        ));
        blocks.push((
            p(c.l(
                "The applicant asks that their identity not be disclosed to the public. The applicant was detained and ill-treated because of their real or perceived sexual orientation or gender identity; disclosure would expose them and their relatives, some of whom remain in the region, to reprisals, including by family members and the authorities.",
                "Заявитель просит не раскрывать его личность публике. Заявитель был задержан и подвергся жестокому обращению из-за реальной или предполагаемой сексуальной ориентации или гендерной идентичности; раскрытие личности подвергнет его и его родственников, часть которых остаётся в регионе, риску мести, в том числе со стороны членов семьи и властей.",
            )),
            false,
        ));
    }
    let values = c.values.into_inner();
    Draft {
        blocks: blocks.into_iter().map(|(b, _)| b).collect(),
        values,
        checks,
        sections: [
            (facts_start, facts_end),
            (violations_start, violations_end),
            (adm_start, adm_end),
        ],
    }
}

/// Page budgets of the form and the "see annex" rule, over the final (redacted) blocks.
pub fn form_checks(blocks: &[Block], sections: [(usize, usize); 3]) -> Vec<Check> {
    let mut out = Vec::new();
    let budgets = [
        (3.0, "facts", "изложение фактов"),
        (2.0, "alleged violations", "предполагаемые нарушения"),
        (1.0, "admissibility", "приемлемость"),
    ];
    for ((start, end), (limit, en, ru)) in sections.iter().zip(budgets) {
        let pages = waystone_render::estimate_pages(&blocks[*start..*end]);
        if pages > limit {
            out.push(Check {
                code: "page_budget",
                en: format!(
                    "The {en} section takes about {pages:.1} pages; the form allows {limit}."
                ),
                ru: format!(
                    "Раздел «{ru}» занимает около {pages:.1} стр.; форма допускает {limit}."
                ),
            });
        }
        let annex = blocks[*start..*end].iter().any(|b| {
            let t = match b {
                Block::Paragraph { text, .. } | Block::Heading { text, .. } | Block::Note(text) => {
                    text.to_lowercase()
                }
                Block::Bullets(v) => v.join(" ").to_lowercase(),
                Block::Table { rows, .. } => rows.concat().join(" ").to_lowercase(),
                _ => String::new(),
            };
            [
                "see annex",
                "see the annex",
                "см. приложение",
                "смотри приложение",
                "см. прил",
            ]
            .iter()
            .any(|w| t.contains(w))
        });
        if annex {
            out.push(Check {
                code: "see_annex",
                en: format!("The {en} section refers to an annex; the form itself must state the facts and arguments."),
                ru: format!("Раздел «{ru}» отсылает к приложению; сама форма должна содержать факты и доводы."),
            });
        }
    }
    out
}

/// The title of the document.
pub fn title(lang: Lang, audience: Audience) -> String {
    match (lang, audience) {
        (Lang::En, Audience::Echr) => "Application to the European Court of Human Rights".into(),
        (Lang::Ru, Audience::Echr) => "Жалоба в Европейский суд по правам человека".into(),
        (Lang::En, Audience::Public) => "Case summary for publication".into(),
        (Lang::Ru, Audience::Public) => "Сводка по делу для публикации".into(),
    }
}

/// Helper for tests and callers: the document from already-final blocks.
pub fn document(lang: Lang, audience: Audience, blocks: Vec<Block>) -> Document {
    Document {
        title: title(lang, audience),
        language: lang,
        blocks,
    }
}

/// Puts redacted values back into the blocks' placeholders.
pub fn fill(blocks: Vec<Block>, values: &[String]) -> Vec<Block> {
    let sub = |t: String| -> String {
        let mut out = String::with_capacity(t.len());
        let mut rest = t.as_str();
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len_utf8()..];
            match after.find(CLOSE) {
                Some(j) => {
                    let idx: usize = after[..j].parse().unwrap_or(usize::MAX);
                    out.push_str(values.get(idx).map(String::as_str).unwrap_or(""));
                    rest = &after[j + CLOSE.len_utf8()..];
                }
                None => {
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    };
    blocks
        .into_iter()
        .map(|b| match b {
            Block::Paragraph { text, numbered } => Block::Paragraph {
                text: sub(text),
                numbered,
            },
            Block::Heading { text, level } => Block::Heading {
                text: sub(text),
                level,
            },
            Block::Note(text) => Block::Note(sub(text)),
            Block::Bullets(items) => Block::Bullets(items.into_iter().map(sub).collect()),
            Block::Table { header, rows } => Block::Table {
                header: header.into_iter().map(sub).collect(),
                rows: rows
                    .into_iter()
                    .map(|r| r.into_iter().map(sub).collect())
                    .collect(),
            },
            other => other,
        })
        .collect()
}
