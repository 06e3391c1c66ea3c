//! Articles of the Convention suggested from the facts: for each, the argument the facts
//! support (sentences a lawyer can file, in English and Russian, naming no testimony) and the
//! facts still missing (for the checks panel, never the filed text) — a starting point for
//! the lawyer, never a conclusion.

use std::collections::BTreeSet;

use waystone_forms::{Answer, AnswerPath, Answers, Value};

/// A sentence in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text2 {
    pub en: String,
    pub ru: String,
}

fn t(en: impl Into<String>, ru: impl Into<String>) -> Text2 {
    Text2 {
        en: en.into(),
        ru: ru.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSuggestion {
    /// "3", "3 (procedural)", "5", "8", "13", "14", "2"
    pub article: &'static str,
    pub title: Text2,
    /// The argument, one paragraph each, built only from recorded facts.
    pub supporting: Vec<Text2>,
    /// Facts a lawyer should still gather: shown in the checks panel, never filed.
    pub missing: Vec<Text2>,
}

/// The grammatical gender the documents use for the applicant: the recorded gender identity
/// (a trans woman is «заявительница»), masculine — the Court's own default — when none is
/// recorded or the identity has no grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Feminine,
    Masculine,
    /// None recorded, or non-binary or other: "their" in English, masculine in Russian.
    Unstated,
}

impl Gender {
    pub fn of(answers: &Answers) -> Gender {
        match "gender_identity"
            .parse::<AnswerPath>()
            .ok()
            .and_then(|p| answers.get(&p))
        {
            Some(Answer::Value(Value::Choice(c))) if c == "woman" || c == "trans_woman" => {
                Gender::Feminine
            }
            Some(Answer::Value(Value::Choice(c))) if c == "man" || c == "trans_man" => {
                Gender::Masculine
            }
            _ => Gender::Unstated,
        }
    }
    /// The masculine or the feminine form.
    pub fn ru<'a>(self, m: &'a str, f: &'a str) -> &'a str {
        match self {
            Gender::Masculine | Gender::Unstated => m,
            Gender::Feminine => f,
        }
    }
    /// The English possessive: "her", "his", "their".
    pub fn pos(self) -> &'static str {
        match self {
            Gender::Feminine => "her",
            Gender::Masculine => "his",
            Gender::Unstated => "their",
        }
    }
}

/// "once", "twice", "three times"…
fn times_en(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{} times", words_en(n)),
    }
}

fn words_en(n: usize) -> String {
    const W: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    W.get(n).map(|w| (*w).to_owned()).unwrap_or(n.to_string())
}

/// Russian plural: 1 → one, 2–4 → few, else many (21 → one, 11–14 → many).
pub fn ru_plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (m10, m100) = (n % 10, n % 100);
    if m10 == 1 && m100 != 11 {
        one
    } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
        few
    } else {
        many
    }
}

/// «один раз», «дважды», «трижды», «4 раза», «5 раз».
fn times_ru(n: usize) -> String {
    match n {
        1 => "один раз".into(),
        2 => "дважды".into(),
        3 => "трижды".into(),
        n => format!("{n} {}", ru_plural(n, "раз", "раза", "раз")),
    }
}

/// "one episode of detention", "two episodes of detention".
fn episodes_en(n: usize) -> String {
    if n == 1 {
        "one episode of detention".into()
    } else {
        format!("{} episodes of detention", words_en(n))
    }
}

/// «двух», «трёх»… (genitive of a number, after «из»).
fn genitive_ru(n: usize) -> String {
    const W: [&str; 11] = [
        "нуля",
        "одного",
        "двух",
        "трёх",
        "четырёх",
        "пяти",
        "шести",
        "семи",
        "восьми",
        "девяти",
        "десяти",
    ];
    W.get(n).map(|w| (*w).to_owned()).unwrap_or(n.to_string())
}

/// «два», «три»… (neuter nominative, as in «два задержания»).
fn nominative_ru(n: usize) -> String {
    const W: [&str; 11] = [
        "ноль",
        "одно",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
        "десять",
    ];
    W.get(n).map(|w| (*w).to_owned()).unwrap_or(n.to_string())
}

/// Genitive after «в ходе»: «одного задержания», «двух задержаний».
fn episodes_ru(n: usize) -> String {
    match n {
        1 => "одного задержания".into(),
        2 => "двух задержаний".into(),
        3 => "трёх задержаний".into(),
        4 => "четырёх задержаний".into(),
        n => format!("{n} задержаний"),
    }
}

/// The leading judgment on detention and ill-treatment in Chechnya for perceived sexual
/// orientation, cited in the Article 3 argument.
pub const LAPUNOV: (&str, &str) = (
    "Lapunov v. Russia, no. 28834/19, 12 September 2023",
    "«Лапунов против России» (Lapunov v. Russia), жалоба № 28834/19, постановление от 12 сентября 2023 года",
);

struct Facts<'a> {
    a: &'a Answers,
}

impl Facts<'_> {
    fn get(&self, path: &str) -> Option<&Answer> {
        path.parse::<AnswerPath>().ok().and_then(|p| self.a.get(&p))
    }
    fn count(&self, container: &str) -> u32 {
        container
            .parse::<AnswerPath>()
            .map(|p| self.a.repeat_count(&p))
            .unwrap_or(0)
    }
    fn choice(&self, path: &str) -> Option<String> {
        match self.get(path) {
            Some(Answer::Value(Value::Choice(c))) => Some(c.clone()),
            _ => None,
        }
    }
    fn int(&self, path: &str) -> Option<i64> {
        match self.get(path) {
            Some(Answer::Value(Value::Integer(n))) => Some(*n),
            _ => None,
        }
    }
    fn yes(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Answer::Value(Value::YesNo(true))))
    }
    fn episode_methods(&self, e: u32) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for t in 0..self.count(&format!("episodes[{e}].treatment")) {
            if let Some(Answer::Value(Value::Choices(c))) =
                self.get(&format!("episodes[{e}].treatment[{t}].methods"))
            {
                out.extend(c.iter().cloned());
            }
        }
        out
    }
    /// Every treatment method recorded, over all episodes.
    fn methods(&self) -> BTreeSet<String> {
        (0..self.count("episodes"))
            .flat_map(|e| self.episode_methods(e))
            .collect()
    }
    fn any_episode(&self, f: impl Fn(u32) -> bool) -> usize {
        (0..self.count("episodes")).filter(|e| f(*e)).count()
    }
    fn medical(&self) -> bool {
        (0..self.count("episodes")).any(|e| {
            (0..self.count(&format!("episodes[{e}].treatment"))).any(|t| {
                self.yes(&format!(
                    "episodes[{e}].treatment[{t}].medical_documentation"
                ))
            })
        })
    }
}

impl Facts<'_> {
    fn exact_day(&self, path: &str) -> Option<chrono::NaiveDate> {
        match self.get(path) {
            Some(Answer::Value(Value::Date(d)))
                if d.precision().kind() == waystone_forms::PrecisionKind::Exact =>
            {
                let (y, m, dd) = d.earliest_and_latest().0;
                chrono::NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(dd))
            }
            _ => None,
        }
    }
    /// The shortest interval, in days, from a release to a medical examination of that
    /// episode's injuries, where both days are known exactly.
    fn release_to_examination(&self) -> Option<i64> {
        (0..self.count("episodes"))
            .flat_map(|e| {
                let release = self.exact_day(&format!("episodes[{e}].release_date"));
                (0..self.count(&format!("episodes[{e}].treatment"))).filter_map(move |t| {
                    let exam =
                        self.exact_day(&format!("episodes[{e}].treatment[{t}].medical_date"))?;
                    let days = (exam - release?).num_days();
                    (days >= 0).then_some(days)
                })
            })
            .min()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c" (and «и» in Russian).
fn join_and(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

pub fn suggest(answers: &Answers) -> Vec<ArticleSuggestion> {
    let f = Facts { a: answers };
    let g = Gender::of(answers);
    let (the, the_gen, the_acc) = (
        g.ru("заявитель", "заявительница"),
        g.ru("заявителя", "заявительницы"),
        g.ru("заявителя", "заявительницу"),
    );
    let pos = g.pos();
    let methods = f.methods();
    let episodes = f.count("episodes") as usize;
    let mut out = Vec::new();

    // Article 3, substantive: counts the episodes in which ill-treatment is recorded
    let ill = f.any_episode(|e| !f.episode_methods(e).is_empty());
    if ill > 0 {
        let mut missing = Vec::new();
        let mut supporting = vec![t(
            format!(
                "While in the hands of State agents, the applicant was ill-treated during {} (see Part E). Ill-treatment of a person deprived of liberty and under the full control of State agents falls within the scope of Article 3 of the Convention.",
                episodes_en(ill)
            ),
            format!(
                "Находясь во власти представителей государства, {the} {} жестокому обращению в ходе {} (см. часть E). Жестокое обращение с лицом, лишённым свободы и находящимся под полным контролем представителей государства, подпадает под действие статьи 3 Конвенции.",
                g.ru("подвергся", "подверглась"),
                episodes_ru(ill)
            ),
        )];
        if f.medical() {
            supporting.push(match f.release_to_examination() {
                Some(0) => t(
                    "The injuries were documented medically on the day of the applicant's release (see Part I).",
                    "Травмы задокументированы медицинскими документами в день освобождения (см. часть I).",
                ),
                Some(n) => t(
                    format!(
                        "The injuries were documented medically {n} {} after the applicant's release (see Part I).",
                        if n == 1 { "day" } else { "days" }
                    ),
                    format!(
                        "Травмы задокументированы медицинскими документами через {n} {} после освобождения (см. часть I).",
                        ru_plural(usize::try_from(n).unwrap_or(0), "день", "дня", "дней")
                    ),
                ),
                None => t(
                    "The injuries were documented medically (see Part I).",
                    "Травмы задокументированы медицинскими документами (см. часть I).",
                ),
            });
        } else {
            missing.push(t(
                "No medical documentation of injuries is recorded (Istanbul Protocol assessment).",
                "Не записана медицинская документация травм (оценка по Стамбульскому протоколу).",
            ));
        }
        supporting.push(t(
            format!(
                "In a case concerning the abduction, unacknowledged detention and ill-treatment in Chechnya of a man because of his sexual orientation, the Court found a violation of Article 3 in its substantive and procedural limbs ({}).",
                LAPUNOV.0
            ),
            format!(
                "В деле о похищении, непризнанном задержании и жестоком обращении в Чечне с мужчиной из-за его сексуальной ориентации Суд установил нарушение статьи 3 Конвенции в её материальном и процессуальном аспектах ({}).",
                LAPUNOV.1
            ),
        ));
        out.push(ArticleSuggestion {
            article: "3",
            title: t(
                "Prohibition of torture and inhuman or degrading treatment",
                "Запрещение пыток и бесчеловечного или унижающего достоинство обращения",
            ),
            supporting,
            missing,
        });
    }

    // Article 3 procedural and Article 13: the authorities' response to complaints
    let complaints = f.count("complaints");
    let decision = |i: u32| f.choice(&format!("complaints[{i}].decision"));
    let with = |d: &str| {
        (0..complaints)
            .filter(|i| decision(*i).as_deref() == Some(d))
            .count()
    };
    let refusals: usize = (0..complaints)
        .map(
            |i| match f.int(&format!("complaints[{i}].refusals_count")) {
                Some(n) if n > 0 => usize::try_from(n).unwrap_or(0),
                _ => usize::from(decision(i).as_deref() == Some("refusal_to_open_case")),
            },
        )
        .sum();
    let (unanswered, suspended, closed, rejected) = (
        with("no_response"),
        with("case_suspended"),
        with("case_closed"),
        with("complaint_rejected"),
    );
    let failed_appeals = (0..complaints)
        .filter(|i| {
            f.yes(&format!("complaints[{i}].appealed"))
                && matches!(
                    f.choice(&format!("complaints[{i}].appeal_outcome"))
                        .as_deref(),
                    Some("dismissed" | "no_response")
                )
        })
        .count();
    if !methods.is_empty() || complaints > 0 {
        let mut supporting = Vec::new();
        let mut missing = Vec::new();
        if refusals > 0 {
            supporting.push(t(
                format!("The authorities refused {} to open a criminal case into the applicant's complaints.", times_en(refusals)),
                format!("Власти {} отказали в возбуждении уголовного дела по жалобам {the_gen}.", times_ru(refusals)),
            ));
        }
        if unanswered > 0 {
            supporting.push(if unanswered == 1 {
                t(
                    "One complaint went unanswered.",
                    "Одна из жалоб осталась без ответа.",
                )
            } else {
                t(
                    format!(
                        "{} complaints went unanswered.",
                        capitalise(&words_en(unanswered))
                    ),
                    format!(
                        "{unanswered} {} остались без ответа.",
                        ru_plural(unanswered, "жалоба", "жалобы", "жалоб")
                    ),
                )
            });
        }
        if suspended > 0 {
            supporting.push(t(
                "The investigation was suspended.",
                "Расследование было приостановлено.",
            ));
        }
        if closed > 0 {
            supporting.push(t(
                "The criminal case was closed.",
                "Уголовное дело было прекращено.",
            ));
        }
        if rejected > 0 {
            supporting.push(if rejected == 1 {
                t("A complaint was rejected.", "Жалоба была отклонена.")
            } else {
                t(
                    format!(
                        "{} complaints were rejected.",
                        capitalise(&words_en(rejected))
                    ),
                    format!(
                        "{rejected} {} были отклонены.",
                        ru_plural(rejected, "жалоба", "жалобы", "жалоб")
                    ),
                )
            });
        }
        if failed_appeals > 0 {
            supporting.push(t(
                format!(
                    "The applicant appealed {} against these decisions, without result.",
                    times_en(failed_appeals)
                ),
                format!(
                    "{} {} обжаловал{} эти решения, безрезультатно.",
                    capitalise(the),
                    times_ru(failed_appeals),
                    g.ru("", "а")
                ),
            ));
        }
        let ineffective = !supporting.is_empty();
        if ineffective {
            supporting.push(t(
                "No effective investigation capable of establishing the facts and of identifying and punishing those responsible was carried out.",
                "Эффективное расследование, способное установить обстоятельства и виновных и привести к их наказанию, проведено не было.",
            ));
        }
        if complaints == 0 {
            missing.push(t(
                "No complaint to the domestic authorities is recorded; explain why remedies were not used or were ineffective.",
                "Не записано ни одной жалобы внутригосударственным органам; объясните, почему средства защиты не использовались или неэффективны.",
            ));
        }
        if f.get("final_decision_date").is_none() && complaints > 0 {
            missing.push(t(
                "The date of the final domestic decision is missing.",
                "Не указана дата окончательного внутригосударственного решения.",
            ));
        }
        out.push(ArticleSuggestion {
            article: "3 (procedural)",
            title: t(
                "Lack of an effective investigation",
                "Отсутствие эффективного расследования",
            ),
            supporting,
            missing: missing.clone(),
        });
        out.push(ArticleSuggestion {
            article: "13",
            title: t(
                "Right to an effective remedy",
                "Право на эффективное средство правовой защиты",
            ),
            supporting: if ineffective {
                vec![t(
                    "For the same reasons, the applicant had no effective domestic remedy for the complaints under Article 3.",
                    format!("По тем же причинам у {the_gen} не было эффективного внутригосударственного средства правовой защиты в отношении жалоб по статье 3."),
                )]
            } else {
                vec![]
            },
            missing,
        });
    }

    // Article 5: unacknowledged or unofficial detention
    let unacknowledged = f.any_episode(|e| {
        f.choice(&format!("episodes[{e}].acknowledged")).as_deref() == Some("not_recorded")
    });
    let unofficial = f.any_episode(|e| {
        f.choice(&format!("episodes[{e}].held_site_type"))
            .as_deref()
            == Some("unofficial")
    });
    if episodes > 0 {
        let mut supporting = Vec::new();
        if unacknowledged > 0 {
            supporting.push(if episodes == 1 {
                t(
                    "The applicant's detention was never officially recorded.",
                    format!("Задержание {the_gen} так и не было официально оформлено."),
                )
            } else if unacknowledged == episodes {
                t(
                    format!(
                        "None of the applicant's {} detentions was ever officially recorded.",
                        words_en(episodes)
                    ),
                    format!(
                        "Ни одно из {} задержаний {the_gen} так и не было официально оформлено.",
                        genitive_ru(episodes)
                    ),
                )
            } else if unacknowledged == 1 {
                t(
                    format!(
                        "One of the applicant's {} detentions was never officially recorded.",
                        words_en(episodes)
                    ),
                    format!(
                        "Одно из {} задержаний {the_gen} так и не было официально оформлено.",
                        genitive_ru(episodes)
                    ),
                )
            } else {
                t(
                    format!(
                        "{} of the applicant's {} detentions were never officially recorded.",
                        capitalise(&words_en(unacknowledged)),
                        words_en(episodes)
                    ),
                    format!(
                        "{} из {} задержаний {the_gen} так и не были официально оформлены.",
                        capitalise(&nominative_ru(unacknowledged)),
                        genitive_ru(episodes)
                    ),
                )
            });
        }
        if unofficial > 0 {
            supporting.push(if unofficial == 1 {
                t(
                    "The applicant was held at an unofficial place of detention.",
                    format!(
                        "{} {} в неофициальном месте содержания.",
                        capitalise(the),
                        g.ru("содержался", "содержалась")
                    ),
                )
            } else {
                t(
                    format!(
                        "The applicant was held at an unofficial place of detention {}.",
                        times_en(unofficial)
                    ),
                    format!(
                        "{} {} {} в неофициальном месте содержания.",
                        capitalise(the),
                        times_ru(unofficial),
                        g.ru("содержался", "содержалась")
                    ),
                )
            });
        }
        if !supporting.is_empty() {
            supporting.push(t(
                "Unacknowledged detention outside any procedure prescribed by law is a particularly grave violation of Article 5 of the Convention.",
                "Непризнанное задержание вне какой-либо предусмотренной законом процедуры является особо тяжким нарушением статьи 5 Конвенции.",
            ));
        }
        let missing =
            if f.any_episode(|e| f.get(&format!("episodes[{e}].duration_days")).is_none()) > 0 {
                vec![t(
                    "The duration of some detentions is not recorded.",
                    "Продолжительность некоторых задержаний не записана.",
                )]
            } else {
                vec![]
            };
        out.push(ArticleSuggestion {
            article: "5",
            title: t(
                "Right to liberty and security",
                "Право на свободу и личную неприкосновенность",
            ),
            supporting,
            missing,
        });
    }

    // Articles 8 and 14: private life and discrimination on grounds of sexual orientation or
    // gender identity
    let forced: Vec<(String, &str)> = [
        (
            "forced_outing",
            format!("to disclose {pos} sexual orientation or gender identity"),
            "раскрыть свою сексуальную ориентацию или гендерную идентичность",
        ),
        (
            "forced_naming",
            "to name other people".to_owned(),
            "назвать других людей",
        ),
        (
            "forced_video",
            "to be filmed".to_owned(),
            "сниматься на видео",
        ),
    ]
    .into_iter()
    .filter(|(m, _, _)| methods.contains(*m))
    .map(|(_, en, ru)| (en, ru))
    .collect();
    let perceived = f.yes("perceived_lgbt");
    let targeted = t(
        format!("The applicant was targeted because of {pos} real or perceived sexual orientation or gender identity."),
        format!("{} {} преследованию из-за своей реальной или предполагаемой сексуальной ориентации или гендерной идентичности.", capitalise(the), g.ru("подвергся", "подверглась")),
    );
    if !forced.is_empty() || perceived {
        let mut supporting = Vec::new();
        if !forced.is_empty() {
            let en: Vec<&str> = forced.iter().map(|(e, _)| e.as_str()).collect();
            let ru: Vec<&str> = forced.iter().map(|(_, r)| *r).collect();
            supporting.push(t(
                format!("The applicant was forced {}.", join_and(&en, "and")),
                format!("{} принуждали {}.", capitalise(the_acc), join_and(&ru, "и")),
            ));
        }
        if perceived {
            supporting.push(targeted.clone());
        }
        if !forced.is_empty() {
            supporting.push(t(
                format!("This interference with {pos} private life had no basis in domestic law and pursued no legitimate aim."),
                format!("Это вмешательство в частную жизнь {the_gen} не имело основания во внутреннем праве и не преследовало законной цели."),
            ));
        }
        out.push(ArticleSuggestion {
            article: "8",
            title: t(
                "Right to respect for private and family life",
                "Право на уважение частной и семейной жизни",
            ),
            supporting,
            missing: vec![],
        });
        let mut supporting = vec![];
        if perceived {
            supporting.push(targeted);
            supporting.push(t(
                format!("In {}, the Court found a violation of Article 14 taken together with Article 3 in respect of such treatment.", LAPUNOV.0),
                format!("В деле {} Суд установил нарушение статьи 14 во взаимосвязи со статьёй 3 Конвенции в связи с подобным обращением.", LAPUNOV.1),
            ));
        }
        out.push(ArticleSuggestion {
            article: "14",
            title: t("Prohibition of discrimination (with Articles 3 and 8)", "Запрещение дискриминации (в сочетании со статьями 3 и 8)"),
            supporting,
            missing: vec![t(
                "Record the words or acts that show a discriminatory motive (slurs, questions about orientation).",
                "Запишите слова или действия, указывающие на дискриминационный мотив (оскорбления, вопросы об ориентации).",
            )],
        });
    }

    // Article 2: only where the applicant is the next of kin (a relative or partner) of a
    // person who died or disappeared, or was handed over to relatives after detention (the
    // risk of an "honour" killing). Death threats are ill-treatment under Article 3.
    let lost = (0..f.count("third_parties"))
        .filter(|i| {
            matches!(
                f.choice(&format!("third_parties[{i}].relation")).as_deref(),
                Some("relative" | "partner")
            ) && matches!(
                f.choice(&format!("third_parties[{i}].situation"))
                    .as_deref(),
                Some("dead" | "missing")
            )
        })
        .count();
    let handed_over = f.any_episode(|e| {
        f.choice(&format!("episodes[{e}].release_circumstances"))
            .as_deref()
            == Some("handed_to_relatives")
    });
    let mut supporting = Vec::new();
    if lost > 0 {
        supporting.push(if lost == 1 {
            t(
                "A member of the applicant's family died or disappeared.",
                format!("Член семьи {the_gen} погиб или пропал без вести."),
            )
        } else {
            t(
                format!(
                    "{} members of the applicant's family died or disappeared.",
                    capitalise(&words_en(lost))
                ),
                format!("{lost} членов семьи {the_gen} погибли или пропали без вести."),
            )
        });
    }
    if handed_over > 0 {
        supporting.push(t(
            format!("On release the applicant was handed over to {pos} relatives, exposing {} to the risk of an \"honour\" killing.", match g { Gender::Feminine => "her", Gender::Masculine => "him", Gender::Unstated => "them" }),
            format!("При освобождении {the_acc} передали родственникам, подвергнув {} риску «убийства чести».", g.ru("его", "её")),
        ));
    }
    if !supporting.is_empty() {
        out.push(ArticleSuggestion {
            article: "2",
            title: t("Right to life", "Право на жизнь"),
            supporting,
            missing: vec![],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_cases_get_suggestions_with_reasons() {
        let mut seen = BTreeSet::new();
        for i in 0..40 {
            let a = crate::demo::demo_case_answers(9, i);
            for s in suggest(&a) {
                assert!(!s.title.en.is_empty() && !s.title.ru.is_empty());
                assert!(
                    !s.supporting.is_empty() || !s.missing.is_empty(),
                    "{}",
                    s.article
                );
                seen.insert(s.article);
            }
        }
        for art in ["3", "3 (procedural)", "5", "13"] {
            assert!(seen.contains(art), "{art} never suggested: {seen:?}");
        }
        assert!(suggest(&Answers::new()).is_empty());
    }
}
