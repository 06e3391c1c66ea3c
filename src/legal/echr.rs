//! The application to the European Court of Human Rights, built from a case: the sections of
//! the official form (applicant; respondent State; representative; statement of facts with a
//! dated chronology; alleged violations; admissibility; other international proceedings;
//! list of documents) plus a Rule 47 § 4 request for anonymity — and the checks a lawyer must
//! see before filing (jurisdiction, deadline, page budgets, no "see annex" in the form).
//!
//! Every free text that reaches the document goes through the redaction engine in one pass,
//! so the same person gets the same token throughout. For `echr` the applicant's identity
//! appears in the applicant section only; for `public` not at all.

use chrono::{Datelike, NaiveDate};
use waystone_forms::{
    Answer, AnswerPath, Answers, DatePrecision, FormDef, PartialDate, PrecisionKind, Season, Value,
};
use waystone_render::{Block, Document, Lang};

use super::admissibility::{earliest_time_limit, jurisdiction_flags, russia_cessation};
use super::articles::{suggest, Gender};
use super::consent::Audience;

/// A warning shown before export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// jurisdiction | deadline | deadline_passed | deadline_close | no_remedy |
    /// no_final_decision | missing_fact | page_budget | see_annex
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

pub(super) struct Ctx<'a> {
    a: &'a Answers,
    def: &'a FormDef,
    lang: Lang,
    audience: Audience,
    gender: Gender,
    /// Case-provided texts, redacted later; blocks hold placeholders for them.
    values: std::cell::RefCell<Vec<String>>,
    /// For a form that is not the built-in intake: the built-in intake's choice list names the
    /// code looks labels up by, each with the form's own list answering the same paths.
    lists: Vec<(String, String)>,
}

/// Start and end of a placeholder for a case-provided value (private-use characters).
pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Nominative («март 2021 г.»), genitive («12 марта»), prepositional («в марте»).
const MONTHS_RU: [(&str, &str, &str); 12] = [
    ("январь", "января", "январе"),
    ("февраль", "февраля", "феврале"),
    ("март", "марта", "марте"),
    ("апрель", "апреля", "апреле"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне"),
    ("июль", "июля", "июле"),
    ("август", "августа", "августе"),
    ("сентябрь", "сентября", "сентябре"),
    ("октябрь", "октября", "октябре"),
    ("ноябрь", "ноября", "ноябре"),
    ("декабрь", "декабря", "декабре"),
];

fn month_en(m: u8) -> &'static str {
    MONTHS_EN[usize::from(m.clamp(1, 12) - 1)]
}
fn month_ru(m: u8) -> (&'static str, &'static str, &'static str) {
    MONTHS_RU[usize::from(m.clamp(1, 12) - 1)]
}

/// The first day a partial date may mean, for sorting (undated last).
pub(super) fn sort_key(d: Option<&PartialDate>) -> (i32, u8, u8) {
    d.map(|d| d.earliest_and_latest().0)
        .unwrap_or((i32::MAX, 12, 31))
}

fn naive(t: (i32, u8, u8)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(t.0, u32::from(t.1), u32::from(t.2))
}

impl<'a> Ctx<'a> {
    /// The reading context of another legal document built from the same answers (the
    /// asylum letter).
    pub(super) fn new(a: &'a Answers, def: &'a FormDef, audience: Audience, lang: Lang) -> Self {
        let intake = waystone_forms::latest_intake();
        let lists = if def.id() == intake.id() {
            vec![]
        } else {
            intake
                .choice_lists()
                .filter_map(|l| {
                    crate::cases::vocabulary::list_in(def, &intake, l.name())
                        .filter(|ours| ours != l.name())
                        .map(|ours| (l.name().to_owned(), ours))
                })
                .collect()
        };
        Ctx {
            a,
            def,
            lang,
            audience,
            gender: Gender::of(a),
            values: std::cell::RefCell::new(Vec::new()),
            lists,
        }
    }
    /// The case-provided texts collected so far, for the caller to redact.
    pub(super) fn take_values(&self) -> Vec<String> {
        self.values.take()
    }
    pub(super) fn is_ru(&self) -> bool {
        self.lang == Lang::Ru
    }
}

impl Ctx<'_> {
    /// A placeholder for case-provided text that must go through redaction.
    pub(super) fn v(&self, s: String) -> String {
        let mut values = self.values.borrow_mut();
        values.push(s);
        format!("{OPEN}{}{CLOSE}", values.len() - 1)
    }
    pub(super) fn l(&self, en: &str, ru: &str) -> String {
        match self.lang {
            Lang::En => en.to_owned(),
            Lang::Ru => ru.to_owned(),
        }
    }
    /// The visible gap where the case holds no answer: the lawyer asks, nothing is invented.
    pub(super) fn gap(&self) -> String {
        self.l("[not recorded — ask]", "[не записано — уточнить]")
    }
    /// «заявитель» / «заявительница» (and any other masculine / feminine pair).
    pub(super) fn g(&self, m: &str, f: &str) -> String {
        self.gender.ru(m, f).to_owned()
    }
    pub(super) fn get(&self, path: &str) -> Option<&Answer> {
        path.parse::<AnswerPath>().ok().and_then(|p| self.a.get(&p))
    }
    pub(super) fn text(&self, path: &str) -> Option<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Text(t))) if !t.trim().is_empty() => {
                Some(t.trim().to_owned())
            }
            _ => None,
        }
    }
    pub(super) fn yes_no(&self, path: &str) -> Option<bool> {
        match self.get(path) {
            Some(Answer::Value(Value::YesNo(b))) => Some(*b),
            _ => None,
        }
    }
    fn has_attachment(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Answer::Value(Value::Attachment(x))) if !x.trim().is_empty())
    }
    pub(super) fn int(&self, path: &str) -> Option<i64> {
        match self.get(path) {
            Some(Answer::Value(Value::Integer(n))) => Some(*n),
            _ => None,
        }
    }
    /// A date as the audience may see it: `public` never gets a day, only the month.
    pub(super) fn date(&self, path: &str) -> Option<PartialDate> {
        match self.get(path) {
            Some(Answer::Value(Value::Date(d))) => Some(match self.audience {
                Audience::Public => match (d.precision().kind(), d.month_value()) {
                    (PrecisionKind::Exact, Some(m)) => {
                        PartialDate::month(d.year_value(), m).unwrap_or(*d)
                    }
                    (PrecisionKind::Approximate, Some(m)) => {
                        PartialDate::approximate(d.year_value(), Some(m), None).unwrap_or(*d)
                    }
                    _ => *d,
                },
                Audience::Echr | Audience::Asylum(_) => *d,
            }),
            _ => None,
        }
    }
    pub(super) fn count(&self, c: &str) -> u32 {
        c.parse::<AnswerPath>()
            .map(|p| self.a.repeat_count(&p))
            .unwrap_or(0)
    }
    /// The label of a choice of the built-in intake's list `list` in the document's language
    /// (on another form providing the vocabulary: of the form's list answering the same paths).
    pub(super) fn choice_label(&self, list: &str, name: &str) -> String {
        let list = self
            .lists
            .iter()
            .find(|(intake, _)| intake == list)
            .map_or(list, |(_, ours)| ours.as_str());
        self.form_choice_label(list, name)
    }
    /// The label of a choice of the form's own list `list` in the document's language (the
    /// choice's name when the list has no such choice).
    pub(super) fn form_choice_label(&self, list: &str, name: &str) -> String {
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
    pub(super) fn choice(&self, path: &str, list: &str) -> Option<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Choice(c))) => Some(self.choice_label(list, c)),
            _ => None,
        }
    }
    pub(super) fn choice_name(&self, path: &str) -> Option<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Choice(c))) => Some(c.clone()),
            _ => None,
        }
    }
    pub(super) fn choices(&self, path: &str, list: &str) -> Vec<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Choices(c))) => {
                c.iter().map(|x| self.choice_label(list, x)).collect()
            }
            _ => vec![],
        }
    }
    /// A date as a noun, partial dates partial: "12 March 2021", "March 2021",
    /// "autumn 2019", "2019", "about March 2021" / «12 марта 2021 года», «март 2021 года»,
    /// «осень 2019 года», «2019 год».
    pub(super) fn fmt_date(&self, d: &PartialDate) -> String {
        let y = d.year_value();
        let ru = self.lang == Lang::Ru;
        let g = if ru { " год" } else { "" };
        let exact = |m: u8, day: u8| {
            if ru {
                format!("{day} {} {y} года", month_ru(m).1)
            } else {
                format!("{day} {} {y}", month_en(m))
            }
        };
        let month = |m: u8| {
            if ru {
                format!("{} {y} года", month_ru(m).0)
            } else {
                format!("{} {y}", month_en(m))
            }
        };
        match d.precision() {
            DatePrecision::Exact => exact(d.month_value().unwrap_or(1), d.day_value().unwrap_or(1)),
            DatePrecision::Month => month(d.month_value().unwrap_or(1)),
            DatePrecision::Season(s) => {
                let (en, r) = season_words(s);
                let yy = season_years(s, y);
                if ru {
                    let years = if matches!(s, Season::Winter) {
                        "годов"
                    } else {
                        "года"
                    };
                    format!("{} {yy} {years}", r.0)
                } else {
                    format!("{en} {yy}")
                }
            }
            DatePrecision::Year => format!("{y}{g}"),
            DatePrecision::Approximate => {
                // «около» takes the genitive: «около сентября 2018 года», «около 2018 года»
                let inner = match (d.month_value(), d.day_value(), ru) {
                    (Some(m), Some(dd), _) => exact(m, dd),
                    (Some(m), None, true) => format!("{} {y} года", month_ru(m).1),
                    (Some(m), None, false) => month(m),
                    (None, _, true) => format!("{y} года"),
                    (None, _, false) => format!("{y}{g}"),
                };
                format!("{} {inner}", self.l("about", "около"))
            }
        }
    }
    /// A date opening a sentence, partial dates partial: "On 12 March 2021", "In March
    /// 2021", "In the autumn of 2019", "In 2019", "In or about March 2021" / «12 марта
    /// 2021 года», «В марте 2021 года», «Осенью 2019 года», «В 2019 году».
    pub(super) fn when(&self, d: &PartialDate) -> String {
        let y = d.year_value();
        let ru = self.lang == Lang::Ru;
        let day = |m: u8, dd: u8| {
            if ru {
                format!("{dd} {} {y} года", month_ru(m).1)
            } else {
                format!("{dd} {} {y}", month_en(m))
            }
        };
        match d.precision() {
            DatePrecision::Exact => {
                let t = day(d.month_value().unwrap_or(1), d.day_value().unwrap_or(1));
                if ru {
                    t
                } else {
                    format!("On {t}")
                }
            }
            DatePrecision::Month => {
                let m = d.month_value().unwrap_or(1);
                if ru {
                    format!("В {} {y} года", month_ru(m).2)
                } else {
                    format!("In {} {y}", month_en(m))
                }
            }
            DatePrecision::Season(s) => {
                let (en, r) = season_words(s);
                let yy = season_years(s, y);
                if ru {
                    let mut c = r.1.chars();
                    let cap: String = c
                        .next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default();
                    format!(
                        "{cap} {yy} {}",
                        if matches!(s, Season::Winter) {
                            "годов"
                        } else {
                            "года"
                        }
                    )
                } else {
                    format!("In the {en} of {yy}")
                }
            }
            DatePrecision::Year => {
                if ru {
                    format!("В {y} году")
                } else {
                    format!("In {y}")
                }
            }
            DatePrecision::Approximate => match (d.month_value(), d.day_value(), ru) {
                (Some(m), Some(dd), false) => format!("On or about {}", day(m, dd)),
                (Some(m), Some(dd), true) => format!("Около {}", day(m, dd)),
                (Some(m), None, false) => format!("In or about {} {y}", month_en(m)),
                (Some(m), None, true) => format!("Примерно в {} {y} года", month_ru(m).2),
                (_, _, false) => format!("In or about {y}"),
                (_, _, true) => format!("Примерно в {y} году"),
            },
        }
    }
    /// A day the core computed (a deadline), as words.
    fn fmt_day(&self, d: NaiveDate) -> String {
        let (y, m, dd) = (d.year(), d.month() as u8, d.day() as u8);
        match PartialDate::exact(y, m, dd) {
            Ok(p) => self.fmt_date(&p),
            Err(_) => d.to_string(),
        }
    }
}

fn season_words(s: Season) -> (&'static str, (&'static str, &'static str)) {
    match s {
        Season::Spring => ("spring", ("весна", "весной")),
        Season::Summer => ("summer", ("лето", "летом")),
        Season::Autumn => ("autumn", ("осень", "осенью")),
        Season::Winter => ("winter", ("зима", "зимой")),
    }
}

/// "2019", or "2018/2019" for a winter (December of the year before to February).
fn season_years(s: Season, y: i32) -> String {
    match s {
        Season::Winter => format!("{}/{y}", y - 1),
        _ => y.to_string(),
    }
}

pub(super) fn h(level: u8, text: String) -> Block {
    Block::Heading { level, text }
}
pub(super) fn p(text: String) -> Block {
    Block::Paragraph {
        text,
        numbered: true,
    }
}
/// A paragraph outside the Court's continuous numbering (form parts, labels, gaps).
pub(super) fn plain(text: String) -> Block {
    Block::Paragraph {
        text,
        numbered: false,
    }
}

/// One entry of the list of accompanying documents (field 70).
struct DocEntry {
    date: Option<PartialDate>,
    text: String,
}

/// Builds the unredacted draft of the application and its checks.
pub fn draft(
    a: &Answers,
    def: &FormDef,
    audience: Audience,
    lang: Lang,
    today: NaiveDate,
) -> Draft {
    let c = Ctx::new(a, def, audience, lang);
    let the = c.g("заявитель", "заявительница");
    let the_cap = c.g("Заявитель", "Заявительница");
    let mut blocks: Vec<(Block, bool)> = Vec::new();
    let mut checks = Vec::new();

    blocks.push((
        Block::Note(c.l(
            "Drafting aid for the Court's official application form: copy each part into the fields of the form whose numbers are given beside it. Text in square brackets marks what the case does not record yet; it must be completed or removed before filing.",
            "Проект для заполнения официального формуляра жалобы Суда: перенесите каждую часть в поля формуляра, номера которых указаны рядом. Текст в квадратных скобках отмечает то, что в деле пока не записано; его нужно дополнить или удалить до подачи.",
        )),
        false,
    ));

    // A. The applicant
    blocks.push((h(1, c.l("A. The applicant", "A. Заявитель")), false));
    match audience {
        Audience::Echr => {
            let name = [c.text("name_latin"), c.text("name_cyrillic")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
            blocks.push((
                plain(format!(
                    "{}: {}",
                    c.l("Name", "Имя"),
                    if name.is_empty() { c.gap() } else { name }
                )),
                false,
            ));
            blocks.push((
                plain(format!(
                    "{}: {}",
                    c.l("Date of birth", "Дата рождения"),
                    c.date("date_of_birth")
                        .map(|d| c.fmt_date(&d))
                        .unwrap_or_else(|| c.gap())
                )),
                false,
            ));
            let nat = c.choices("citizenship", "countries");
            blocks.push((
                plain(format!(
                    "{}: {}",
                    c.l("Nationality", "Гражданство"),
                    if nat.is_empty() {
                        c.gap()
                    } else {
                        nat.join(", ")
                    }
                )),
                false,
            ));
            blocks.push((
                Block::Note(match lang {
                    Lang::En => format!("The applicant asks the Court not to disclose {} identity to the public (Rule 47 § 4; see the request at the end of this document). No current address is given for the applicant's safety; the representative's address is used for correspondence.", c.gender.pos()),
                    Lang::Ru => format!("{the_cap} просит Суд не раскрывать {} личность публике (правило 47 § 4; см. просьбу в конце документа). Текущий адрес не указывается в целях безопасности; для переписки используется адрес представителя.", c.g("его", "её")),
                }),
                false,
            ));
        }
        Audience::Public | Audience::Asylum(_) => {
            blocks.push((
                plain(c.l(
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
                "B. Государство(а), против которого(ых) направлена жалоба",
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
        plain(if states.is_empty() {
            c.gap()
        } else {
            states.join(", ")
        }),
        false,
    ));

    // C. Representative
    blocks.push((
        h(
            1,
            c.l(
                "C. Representative(s) of the individual applicant",
                "C. Представитель(и) заявителя — физического лица",
            ),
        ),
        false,
    ));
    blocks.push((
        plain(c.l(
            "[To be completed by the representative.]",
            "[Заполняется представителем.]",
        )),
        false,
    ));

    // E. Statement of the facts: the chronology and the episodes in date order
    let facts_start = blocks.len();
    blocks.push((
        h(
            1,
            c.l(
                "E. Statement of the facts (fields 58–60)",
                "E. Изложение фактов (поля 58–60)",
            ),
        ),
        false,
    ));
    let mut order: Vec<u32> = (0..c.count("episodes")).collect();
    order.sort_by_key(|e| sort_key(c.date(&format!("episodes[{e}].apprehension_date")).as_ref()));
    let mut rows = Vec::new();
    for &e in &order {
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
    for &e in &order {
        let when = c
            .date(&format!("episodes[{e}].apprehension_date"))
            .map(|d| c.v(c.when(&d)))
            .unwrap_or_else(|| c.l("On a date not recorded", "В дату, которая не записана,"));
        let site_kind = c
            .choice(&format!("episodes[{e}].held_site_type"), "site_types")
            .unwrap_or_default();
        let ack = c
            .choice(&format!("episodes[{e}].acknowledged"), "acknowledgement")
            .unwrap_or_default();
        let mut text = match lang {
            Lang::En => format!("{when} the applicant was apprehended."),
            Lang::Ru => format!(
                "{when} {the} {} {}.",
                c.g("был", "была"),
                c.g("задержан", "задержана")
            ),
        };
        if !site_kind.is_empty() {
            text.push_str(&format!(
                " {}: {site_kind}.",
                c.l("Place of detention", "Место содержания")
            ));
        }
        if c.choice_name(&format!("episodes[{e}].acknowledged"))
            .as_deref()
            == Some("not_recorded")
        {
            text.push_str(&c.l(
                " The detention was not officially recorded.",
                " Задержание не было официально оформлено.",
            ));
        } else if !ack.is_empty() {
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
                text.push_str(&match lang {
                    Lang::En => format!(
                        " The applicant was subjected to the following: {}.",
                        methods.join(", ").to_lowercase()
                    ),
                    Lang::Ru => format!(
                        " К {} применялось следующее: {}.",
                        c.g("заявителю", "заявительнице"),
                        methods.join(", ").to_lowercase()
                    ),
                });
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
        if let Some(d) = c.date(&format!("episodes[{e}].release_date")) {
            let when = c.v(c.when(&d));
            text.push_str(&match lang {
                Lang::En => format!(" {when} the applicant was released."),
                Lang::Ru => format!(
                    " {when} {the} {} {}.",
                    c.g("был", "была"),
                    c.g("освобождён", "освобождена")
                ),
            });
        }
        blocks.push((p(text), true));
    }
    let perps: Vec<String> = (0..c.count("perpetrators"))
        .map(|i| {
            let mut s = [
                c.text(&format!("perpetrators[{i}].rank")).map(|s| c.v(s)),
                c.text(&format!("perpetrators[{i}].name")).map(|s| c.v(s)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            if let Some(cs) = c
                .text(&format!("perpetrators[{i}].call_sign"))
                .map(|t| c.v(t))
            {
                s = match (lang, s.is_empty()) {
                    (Lang::En, true) => format!("an officer with the call-sign “{cs}”"),
                    (Lang::En, false) => format!("{s} (call-sign “{cs}”)"),
                    (Lang::Ru, true) => format!("сотрудник с позывным «{cs}»"),
                    (Lang::Ru, false) => format!("{s} (позывной «{cs}»)"),
                };
            }
            if let Some(u) = c.text(&format!("perpetrators[{i}].unit")).map(|t| c.v(t)) {
                s = if s.is_empty() {
                    c.l(
                        &format!("an officer of {u}"),
                        &format!("сотрудник подразделения {u}"),
                    )
                } else {
                    format!("{s}, {u}")
                };
            }
            s
        })
        .filter(|s| !s.is_empty())
        .collect();
    if !perps.is_empty() {
        blocks.push((
            p(format!(
                "{}: {}.",
                c.l(
                    "The applicant identified the following officers",
                    &format!(
                        "{the_cap} {} следующих сотрудников",
                        c.g("опознал", "опознала")
                    )
                ),
                perps.join("; ")
            )),
            true,
        ));
    }
    let mut complaint_order: Vec<u32> = (0..c.count("complaints")).collect();
    complaint_order
        .sort_by_key(|i| sort_key(c.date(&format!("complaints[{i}].complaint_date")).as_ref()));
    for &i in &complaint_order {
        let body = complaint_body(&c, i);
        let number = complaint_number(&c, i);
        let when = c
            .date(&format!("complaints[{i}].complaint_date"))
            .map(|d| c.v(c.when(&d)));
        let mut text = match (lang, when) {
            (Lang::En, Some(w)) => format!("{w} a complaint was lodged with: {body}{number}."),
            (Lang::En, None) => format!("A complaint was lodged with: {body}{number}."),
            (Lang::Ru, Some(w)) => format!("{w} подана жалоба: {body}{number}."),
            (Lang::Ru, None) => format!("Подана жалоба: {body}{number}."),
        };
        if let Some(decision) = c.choice(&format!("complaints[{i}].decision"), "decisions") {
            let ddate = c
                .date(&format!("complaints[{i}].decision_date"))
                .map(|d| format!(" ({})", c.v(c.fmt_date(&d))))
                .unwrap_or_default();
            text.push_str(&format!(
                " {}{ddate}: {}.",
                c.l("Outcome", "Результат"),
                decision.to_lowercase()
            ));
        }
        if c.yes_no(&format!("complaints[{i}].appealed")) == Some(true) {
            let to = c
                .text(&format!("complaints[{i}].appeal_body"))
                .map(|b| format!(" ({})", c.v(b)))
                .unwrap_or_default();
            let outcome = c
                .choice(
                    &format!("complaints[{i}].appeal_outcome"),
                    "appeal_outcomes",
                )
                .map(|o| format!(", {}: {}", c.l("outcome", "результат"), o.to_lowercase()))
                .unwrap_or_default();
            text.push_str(&format!(
                " {}{to}{outcome}.",
                c.l("The decision was appealed", "Решение обжаловано")
            ));
        }
        blocks.push((p(text), true));
    }
    if let Some(narrative) = c.text("narrative") {
        blocks.push((
            h(
                2,
                c.l(
                    "The applicant's account",
                    &format!("Рассказ {}", c.g("заявителя", "заявительницы")),
                ),
            ),
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

    // F. Alleged violations: argument only; what is missing goes to the checks
    let violations_start = blocks.len();
    blocks.push((
        h(
            1,
            c.l(
                "F. Statement of alleged violation(s) of the Convention and/or Protocols and relevant arguments (fields 61–62)",
                "F. Изложение предполагаемого(ых) нарушения(й) Конвенции и/или Протоколов к ней и соответствующих доводов (поля 61–62)",
            ),
        ),
        false,
    ));
    let mut argued = 0;
    for s in suggest(a) {
        for m in &s.missing {
            checks.push(Check {
                code: "missing_fact",
                en: format!("Article {}: {}", s.article, m.en),
                ru: format!("Статья {}: {}", s.article, m.ru),
            });
        }
        if s.supporting.is_empty() {
            continue;
        }
        argued += 1;
        let title = match lang {
            Lang::En => &s.title.en,
            Lang::Ru => &s.title.ru,
        };
        let article = match (lang, s.article) {
            (Lang::Ru, "3 (procedural)") => "3 (процессуальный аспект)",
            (_, a) => a,
        };
        blocks.push((
            h(
                2,
                format!("{} {article} — {title}", c.l("Article", "Статья")),
            ),
            false,
        ));
        let mut sentences: Vec<String> = s
            .supporting
            .iter()
            .map(|f| match lang {
                Lang::En => f.en.clone(),
                Lang::Ru => f.ru.clone(),
            })
            .collect();
        if s.article == "3" {
            // the facts first, the case law (the last sentence) after them
            if let Some(psy) = psychological_effects(&c) {
                let at = sentences.len().saturating_sub(1);
                sentences.insert(at, psy);
            }
        }
        let argument = sentences.join(" ");
        blocks.push((p(argument), true));
    }
    if argued == 0 {
        blocks.push((plain(c.gap()), false));
    }
    let violations_end = blocks.len();

    // G. Admissibility
    let adm_start = blocks.len();
    blocks.push((
        h(
            1,
            c.l(
                "G. Compliance with admissibility criteria laid down in Article 35 § 1 of the Convention (fields 63–65)",
                "G. Соблюдение критериев приемлемости, предусмотренных статьёй 35 § 1 Конвенции (поля 63–65)",
            ),
        ),
        false,
    ));
    let no_remedy = c.yes_no("remedies_sought") == Some(false);
    let final_decision = c.date("final_decision_date");
    let known = c.date("final_decision_known_date");
    blocks.push((
        h(
            2,
            c.l(
                "Final decision (field 63)",
                "Окончательное решение (поле 63)",
            ),
        ),
        false,
    ));
    if no_remedy {
        blocks.push((
            plain(c.l(
                "No domestic remedy was used (see field 65).",
                "Внутригосударственные средства правовой защиты не использовались (см. поле 65).",
            )),
            false,
        ));
    } else {
        let mut text = match final_decision {
            Some(d) => {
                let what = (0..c.count("complaints"))
                    .find(|i| c.date(&format!("complaints[{i}].decision_date")) == Some(d))
                    .map(|i| {
                        let decision = c
                            .choice(&format!("complaints[{i}].decision"), "decisions")
                            .map(|x| format!(": {}", x.to_lowercase()))
                            .unwrap_or_default();
                        format!(", {}{decision}", complaint_body(&c, i))
                    })
                    .unwrap_or_default();
                format!("{}{what}.", c.v(c.fmt_date(&d)))
            }
            None => c.gap(),
        };
        if let Some(k) = known {
            text.push_str(&format!(
                " {}: {}.",
                c.l(
                    "Date on which the applicant learned of it",
                    &format!("Дата, когда {the} {} о нём", c.g("узнал", "узнала"))
                ),
                c.v(c.fmt_date(&k))
            ));
        }
        blocks.push((plain(text), false));
    }
    blocks.push((
        h(
            2,
            c.l("Other decisions (field 64)", "Другие решения (поле 64)"),
        ),
        false,
    ));
    let mut decisions: Vec<(Option<PartialDate>, String)> = Vec::new();
    for i in 0..c.count("complaints") {
        let Some(decision) = c.choice(&format!("complaints[{i}].decision"), "decisions") else {
            continue;
        };
        let date = c.date(&format!("complaints[{i}].decision_date"));
        if date.is_some() && date == final_decision {
            continue;
        }
        let shown = date.map(|d| c.v(c.fmt_date(&d))).unwrap_or_else(|| c.gap());
        decisions.push((
            date,
            format!(
                "{shown} — {}{}: {}",
                complaint_body(&c, i),
                complaint_number(&c, i),
                decision.to_lowercase()
            ),
        ));
    }
    decisions.sort_by_key(|(d, _)| sort_key(d.as_ref()));
    if decisions.is_empty() {
        blocks.push((
            plain(if no_remedy {
                c.l("None.", "Нет.")
            } else {
                c.gap()
            }),
            false,
        ));
    } else {
        blocks.push((
            Block::Bullets(decisions.into_iter().map(|(_, t)| t).collect()),
            true,
        ));
    }
    blocks.push((
        h(
            2,
            c.l(
                "Remedies not used (field 65)",
                "Неиспользованные средства защиты (поле 65)",
            ),
        ),
        false,
    ));
    blocks.push((
        plain(if no_remedy {
            c.text("remedies_not_sought_reason")
                .map(|r| c.v(r))
                .unwrap_or_else(|| c.gap())
        } else {
            c.gap()
        }),
        no_remedy,
    ));
    deadline_checks(&c, no_remedy, final_decision, known, today, &mut checks);
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
    jurisdiction_checks(&c, &mut checks);
    let adm_end = blocks.len();

    // H. Other international proceedings and previous applications: no question asks it yet
    blocks.push((
        h(
            1,
            c.l(
                "H. Information concerning other international procedures and previous applications (fields 66–69)",
                "H. Иные международные процедуры и предыдущие жалобы (поля 66–69)",
            ),
        ),
        false,
    ));
    blocks.push((
        plain(format!(
            "{}: {}",
            c.l(
                "Complaints raised in another international procedure (fields 66–67)",
                "Жалобы, поданные в рамках другой международной процедуры (поля 66–67)"
            ),
            c.gap()
        )),
        false,
    ));
    blocks.push((
        plain(format!(
            "{}: {}",
            c.l(
                "Other applications to the Court, now or before (fields 68–69)",
                "Другие жалобы в Суд, поданные ранее или рассматриваемые сейчас (поля 68–69)"
            ),
            c.gap()
        )),
        false,
    ));
    checks.push(Check {
        code: "missing_fact",
        en: "Fields 66–69: ask whether the complaints were put to another international body and whether the applicant has applied to the Court before.".into(),
        ru: "Поля 66–69: уточните, подавались ли жалобы в другой международный орган и обращался ли заявитель в Суд ранее.".into(),
    });

    // I. List of accompanying documents, numbered and chronological
    blocks.push((
        h(
            1,
            c.l(
                "I. List of accompanying documents (field 70)",
                "I. Список прилагаемых документов (поле 70)",
            ),
        ),
        false,
    ));
    let docs = documents(&c, final_decision);
    if docs.is_empty() {
        blocks.push((plain(c.gap()), false));
    } else {
        let rows = docs
            .into_iter()
            .enumerate()
            .map(|(n, d)| {
                vec![
                    format!("{}.", n + 1),
                    d.date
                        .map(|x| c.v(c.fmt_date(&x)))
                        .unwrap_or_else(|| c.l("undated", "без даты")),
                    d.text,
                ]
            })
            .collect();
        blocks.push((
            Block::Table {
                header: vec![
                    c.l("No.", "№"),
                    c.l("Date", "Дата"),
                    c.l("Document", "Документ"),
                ],
                rows,
            },
            true,
        ));
    }

    // Declaration and signature, correspondent: on the official form
    blocks.push((
        h(1, c.l("Declaration and signature", "Заявление и подпись")),
        false,
    ));
    blocks.push((
        plain(c.l(
            "[Signed on the official form by the applicant or the representative.]",
            "[Подписывается на официальном формуляре заявителем или представителем.]",
        )),
        false,
    ));
    blocks.push((
        h(
            1,
            c.l(
                "Confirmation of correspondent",
                "Подтверждение корреспондента",
            ),
        ),
        false,
    ));
    blocks.push((
        plain(c.l(
            "[Completed on the official form.]",
            "[Заполняется на официальном формуляре.]",
        )),
        false,
    ));

    if audience == Audience::Echr {
        blocks.push((
            h(
                1,
                c.l(
                    "Request for anonymity (Rule 47 § 4 of the Rules of Court), accompanying the form",
                    "Просьба об анонимности (правило 47 § 4 Регламента Суда), прилагаемая к формуляру",
                ),
            ),
            false,
        ));
        blocks.push((
            p(match lang {
                Lang::En => format!("The applicant asks that {pos} identity not be disclosed to the public. The applicant was detained and ill-treated because of {pos} real or perceived sexual orientation or gender identity; disclosure would expose the applicant and {pos} relatives, some of whom remain in the region, to reprisals, including by family members and the authorities.", pos = c.gender.pos()),
                Lang::Ru => format!("{the_cap} просит не раскрывать {pr} личность публике. {the_cap} {} и {} жестокому обращению из-за реальной или предполагаемой сексуальной ориентации или гендерной идентичности; раскрытие личности подвергнет {pr_acc} и {pr} родственников, часть которых остаётся в регионе, риску мести, в том числе со стороны членов семьи и властей.", c.g("был задержан", "была задержана"), c.g("подвергся", "подверглась"), pr = c.g("его", "её"), pr_acc = c.g("его", "её")),
            }),
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

/// "The applicant reports psychological after-effects: nightmares; anxiety, fear." — the
/// form's own labels of what was recorded (never the survivor's words), or nothing.
fn psychological_effects(c: &Ctx<'_>) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for e in 0..c.count("episodes") {
        for t in 0..c.count(&format!("episodes[{e}].treatment")) {
            if let Some(Answer::Value(Value::Choices(v))) = c.get(&format!(
                "episodes[{e}].treatment[{t}].psychological_effects"
            )) {
                for code in v.iter().filter(|x| x.as_str() != "other") {
                    let label = c.choice_label("psych_effects", code).to_lowercase();
                    if !seen.contains(&label) {
                        seen.push(label);
                    }
                }
            }
        }
    }
    if seen.is_empty() {
        return None;
    }
    Some(match c.lang {
        Lang::En => format!(
            "The applicant reports psychological after-effects: {}.",
            seen.join("; ")
        ),
        Lang::Ru => format!(
            "{} сообщает о психологических последствиях: {}.",
            c.g("Заявитель", "Заявительница"),
            seen.join("; ")
        ),
    })
}

/// "Investigative Committee (<name>)", the authority a complaint went to.
fn complaint_body(c: &Ctx<'_>, i: u32) -> String {
    let body = c.choice(&format!("complaints[{i}].body"), "bodies");
    let name = c
        .text(&format!("complaints[{i}].body_name"))
        .map(|n| c.v(n));
    match (body, name) {
        (Some(b), Some(n)) => format!("{b} ({n})"),
        (Some(b), None) => b,
        (None, Some(n)) => n,
        (None, None) => c.gap(),
    }
}

/// ", No. 123" / ", № 123": domestic case numbers are evidence for the Court and identifying
/// in public.
fn complaint_number(c: &Ctx<'_>, i: u32) -> String {
    match c.audience {
        Audience::Echr | Audience::Asylum(_) => c
            .text(&format!("complaints[{i}].complaint_number"))
            .map(|n| format!(", {} {}", c.l("No.", "№"), c.v(n)))
            .unwrap_or_default(),
        Audience::Public => String::new(),
    }
}

/// The documents the case holds or refers to: complaints, decisions and appeals, medical
/// records and photographs of injuries, the final decision — in date order, undated last.
fn documents(c: &Ctx<'_>, final_decision: Option<PartialDate>) -> Vec<DocEntry> {
    let mut out = Vec::new();
    let mut decision_dates = Vec::new();
    for i in 0..c.count("complaints") {
        let body = complaint_body(c, i);
        let number = complaint_number(c, i);
        out.push(DocEntry {
            date: c.date(&format!("complaints[{i}].complaint_date")),
            text: format!("{} {body}{number}", c.l("Complaint to:", "Жалоба:")),
        });
        let decision = c.choice_name(&format!("complaints[{i}].decision"));
        if let (Some(name), Some(label)) = (
            decision.as_deref(),
            c.choice(&format!("complaints[{i}].decision"), "decisions"),
        ) {
            if name != "no_response" {
                let date = c.date(&format!("complaints[{i}].decision_date"));
                decision_dates.extend(date);
                out.push(DocEntry {
                    date,
                    text: format!(
                        "{} {body}: {}",
                        c.l("Decision of:", "Решение:"),
                        label.to_lowercase()
                    ),
                });
            }
        }
        if c.yes_no(&format!("complaints[{i}].appealed")) == Some(true) {
            let to = c
                .text(&format!("complaints[{i}].appeal_body"))
                .map(|b| c.v(b))
                .unwrap_or_else(|| c.gap());
            out.push(DocEntry {
                date: c.date(&format!("complaints[{i}].appeal_date")),
                text: format!("{} {to}", c.l("Appeal to:", "Жалоба на решение:")),
            });
        }
    }
    if let Some(d) = final_decision {
        if !decision_dates.contains(&d) {
            out.push(DocEntry {
                date: Some(d),
                text: c.l(
                    "Final domestic decision",
                    "Окончательное внутригосударственное решение",
                ),
            });
        }
    }
    for e in 0..c.count("episodes") {
        for t in 0..c.count(&format!("episodes[{e}].treatment")) {
            let base = format!("episodes[{e}].treatment[{t}]");
            if c.yes_no(&format!("{base}.medical_documentation")) == Some(true)
                || c.has_attachment(&format!("{base}.medical_record"))
            {
                let source = c
                    .choice(&format!("{base}.medical_source"), "medical_sources")
                    .map(|s| format!(" ({})", s.to_lowercase()))
                    .unwrap_or_default();
                out.push(DocEntry {
                    date: c.date(&format!("{base}.medical_date")),
                    text: format!(
                        "{}{source}",
                        c.l(
                            "Medical record of the injuries",
                            "Медицинский документ о травмах"
                        )
                    ),
                });
            }
            if c.has_attachment(&format!("{base}.injury_photos")) {
                out.push(DocEntry {
                    date: None,
                    text: c.l("Photographs of the injuries", "Фотографии травм"),
                });
            }
        }
    }
    out.sort_by_key(|d| sort_key(d.date.as_ref()));
    out
}

/// The time limit, for the checks panel (never the filed text): from the final decision's
/// earliest possible day under the rule giving the earlier deadline, the date of knowledge
/// beside it; where no remedy was used, time runs from the act itself.
fn deadline_checks(
    c: &Ctx<'_>,
    no_remedy: bool,
    final_decision: Option<PartialDate>,
    known: Option<PartialDate>,
    today: NaiveDate,
    checks: &mut Vec<Check>,
) {
    if no_remedy {
        checks.push(Check {
            code: "no_remedy",
            en: "No domestic remedy was pursued. Time then runs from the act complained of (or from when the applicant became aware that remedies were ineffective), so the four- or six-month limit has most likely expired and the Court is unlikely to examine the application. Consider the UN Human Rights Committee or the Committee against Torture, which apply no such limit.".into(),
            ru: "Внутригосударственные средства защиты не использовались. Тогда срок исчисляется с момента обжалуемого действия (или с момента, когда заявитель узнал о неэффективности средств защиты), поэтому четырёх- или шестимесячный срок, скорее всего, истёк, и Суд вряд ли рассмотрит жалобу. Рассмотрите обращение в Комитет ООН по правам человека или Комитет против пыток, которые такого срока не устанавливают.".into(),
        });
        return;
    }
    let Some(fd) = final_decision else {
        checks.push(Check {
            code: "no_final_decision",
            en: "No final domestic decision date: the time limit cannot be computed.".into(),
            ru: "Нет даты окончательного решения: срок подачи не рассчитать.".into(),
        });
        return;
    };
    let (from, to) = fd.earliest_and_latest();
    let (Some(from), Some(to)) = (naive(from), naive(to)) else {
        return;
    };
    let t = earliest_time_limit(from, to, today);
    // the check is in both languages whatever the document's language
    let en = Ctx {
        lang: Lang::En,
        ..c.shallow()
    };
    let ru = Ctx {
        lang: Lang::Ru,
        ..c.shallow()
    };
    let partial = from != to;
    let mut msg_en = format!(
        "Time limit: {} months from the final decision of {}{}; lodge the application by {}.",
        t.months,
        en.fmt_date(&fd),
        if partial {
            format!(" (only partly known: counted from {}, the earliest possible day under the rule that gives the earlier deadline)", en.fmt_day(t.final_decision))
        } else {
            String::new()
        },
        en.fmt_day(t.deadline)
    );
    let mut msg_ru = format!(
        "Срок подачи: {} месяцев с окончательного решения от {}{}; жалобу нужно подать не позднее {}.",
        match t.months { 4 => "четыре", _ => "шесть" },
        ru.fmt_date(&fd),
        if partial {
            format!(" (дата известна не полностью: отсчёт от {}, самого раннего возможного дня по правилу, дающему более ранний срок)", ru.fmt_day(t.final_decision))
        } else {
            String::new()
        },
        ru.fmt_day(t.deadline)
    );
    if let Some(k) = known {
        if let Some(kd) = naive(k.earliest_and_latest().0) {
            let tk = earliest_time_limit(kd, naive(k.earliest_and_latest().1).unwrap_or(kd), today);
            msg_en.push_str(&format!(
                " The applicant learned of the decision on or from {}: if it was not served, time may run from then (until {}).",
                en.fmt_date(&k),
                en.fmt_day(tk.deadline)
            ));
            msg_ru.push_str(&format!(
                " {} {} о решении {}: если решение не вручалось, срок может исчисляться с этой даты (до {}).",
                ru.g("Заявитель", "Заявительница"),
                ru.g("узнал", "узнала"),
                ru.fmt_date(&k),
                ru.fmt_day(tk.deadline)
            ));
        }
    }
    checks.push(Check {
        code: "deadline",
        en: msg_en,
        ru: msg_ru,
    });
    if t.passed() {
        checks.push(Check {
            code: "deadline_passed",
            en: format!(
                "The time limit ended on {} ({} days ago).",
                en.fmt_day(t.deadline),
                -t.days_left
            ),
            ru: format!(
                "Срок истёк {} ({} дн. назад).",
                ru.fmt_day(t.deadline),
                -t.days_left
            ),
        });
    } else if t.close() {
        checks.push(Check {
            code: "deadline_close",
            en: format!(
                "Only {} days are left before the time limit ends ({}).",
                t.days_left,
                en.fmt_day(t.deadline)
            ),
            ru: format!(
                "До истечения срока осталось {} дн. ({}).",
                t.days_left,
                ru.fmt_day(t.deadline)
            ),
        });
    }
}

/// What the apprehension dates alone do not show: an episode with no respondent State, a
/// detention that lasted past 16 September 2022, and domestic decisions after it (the
/// investigation after that day is outside the Court's reach against Russia).
fn jurisdiction_checks(c: &Ctx<'_>, checks: &mut Vec<Check>) {
    let cut = russia_cessation();
    let after = |d: Option<PartialDate>| {
        d.and_then(|d| naive(d.earliest_and_latest().0))
            .is_some_and(|first| first > cut)
    };
    let flagged: Vec<u32> = jurisdiction_flags(c.a).iter().map(|f| f.episode).collect();
    let mut against_russia = false;
    for e in 0..c.count("episodes") {
        let n = e + 1;
        match c.choice_name(&format!("episodes[{e}].respondent_state")).as_deref() {
            None => checks.push(Check {
                code: "jurisdiction",
                en: format!("Episode {n} records no State responsible: the application must name the respondent State for each complaint."),
                ru: format!("В эпизоде {n} не указано ответственное государство: в жалобе нужно назвать государство-ответчика по каждой жалобе."),
            }),
            Some("ru") => {
                against_russia = true;
                if !flagged.contains(&e) && after(c.date(&format!("episodes[{e}].release_date"))) {
                    checks.push(Check {
                        code: "jurisdiction",
                        en: format!("Episode {n}: the detention lasted beyond 16 September 2022; the Court can examine only the part before that day. Consider the UN Committees for the rest."),
                        ru: format!("Эпизод {n}: задержание продолжалось после 16 сентября 2022 года; Суд может рассмотреть только часть до этой даты. Для остального рассмотрите комитеты ООН."),
                    });
                }
            }
            Some(_) => {}
        }
    }
    let late_decision = after(c.date("final_decision_date"))
        || (0..c.count("complaints"))
            .any(|i| after(c.date(&format!("complaints[{i}].decision_date"))));
    if against_russia && late_decision {
        checks.push(Check {
            code: "jurisdiction",
            en: "A domestic decision is dated after 16 September 2022: against Russia the Court can examine the investigation only up to that day. Consider the UN Committees for what followed.".into(),
            ru: "Внутригосударственное решение датировано после 16 сентября 2022 года: в отношении России Суд может рассмотреть расследование только до этой даты. Для последующего рассмотрите комитеты ООН.".into(),
        });
    }
}

impl<'a> Ctx<'a> {
    /// The same case and audience, with no values of its own (for texts that never reach
    /// the document, such as the checks).
    fn shallow(&self) -> Ctx<'a> {
        Ctx {
            a: self.a,
            def: self.def,
            lang: self.lang,
            audience: self.audience,
            gender: self.gender,
            values: std::cell::RefCell::new(Vec::new()),
            lists: self.lists.clone(),
        }
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
                    "Раздел «{ru}» занимает около {} страницы; форма допускает не более {}.",
                    format!("{pages:.1}").replace('.', ","),
                    match limit as u32 {
                        1 => "одной страницы",
                        2 => "двух страниц",
                        _ => "трёх страниц",
                    }
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
        (Lang::En, Audience::Echr) => {
            "Application to the European Court of Human Rights — drafting aid for the official form"
                .into()
        }
        (Lang::Ru, Audience::Echr) => {
            "Жалоба в Европейский суд по правам человека — проект для официального формуляра".into()
        }
        (Lang::En, Audience::Public) => "Case summary for publication".into(),
        (Lang::Ru, Audience::Public) => "Сводка по делу для публикации".into(),
        (Lang::En, Audience::Asylum(_)) => {
            "Letter in support of an application for international protection".into()
        }
        (Lang::Ru, Audience::Asylum(_)) => {
            "Письмо в поддержку ходатайства о международной защите".into()
        }
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
