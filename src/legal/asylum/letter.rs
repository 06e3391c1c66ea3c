//! The asylum support letter, built from the case's answers, its asylum details and the
//! counts of corroboration the vault holds: addressed to the host State's authority, on the
//! Qualification Directive's terms (Directive 2011/95/EU: Article 4 assessment of facts,
//! Article 4(4) past persecution, Article 7 and 8 protection and internal relocation,
//! Article 9 acts of persecution, Article 10(1)(d) membership of a particular social group),
//! signed by a named person of the organisation.
//!
//! Same model as the ECHR draft ([`super::super::echr::Draft`]): template text in both
//! languages, case-provided free texts as placeholders redacted later in one pass. Every free
//! text the letter would quote is passed through [`super::sexual::classify`] first; a flagged
//! one is withheld and named in the checks (code `sexual_content`). An unanswered question
//! leaves a visible gap; partial dates stay partial; other cases are counted, never named.

use chrono::NaiveDate;
use waystone_forms::{Answers, FormDef};
use waystone_render::{Block, Lang};

use super::details::{AsylumDetails, ProcedureStage};
use super::sexual::classify;
use crate::legal::articles::ru_plural;
use crate::legal::consent::{Audience, HostState};
use crate::legal::echr::{h, plain, sort_key, Check, Ctx, Draft};

/// A paragraph of the letter: a letter has numbered sections, not numbered paragraphs.
fn p(text: String) -> Block {
    plain(text)
}

/// What the vault counts in support of the claim: only numbers leave the other cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Corroboration {
    /// Other cases in the vault with a detention at the same place (the registry's key).
    pub other_cases_same_site: usize,
    /// Other cases in the vault naming the same unit.
    pub other_cases_same_unit: usize,
}

/// Agencies of the State among the intake's `agencies` choices.
const STATE_AGENCIES: &[&str] = &[
    "police",
    "rosgvardia",
    "fsb",
    "military",
    "investigative_committee",
    "prosecutor",
    "local_authority",
];

struct Letter<'a> {
    c: Ctx<'a>,
    checks: Vec<Check>,
}

impl Letter<'_> {
    /// A free text the letter quotes: withheld (and named in the checks) when it describes
    /// sexual conduct, else a placeholder for redaction.
    fn quote(&mut self, text: Option<String>, field_en: &str, field_ru: &str) -> Option<String> {
        let text = text?;
        if let Some(class) = classify(&text) {
            self.checks.push(Check {
                code: "sexual_content",
                en: format!("{field_en}: withheld from the letter because {}. An asylum letter never describes sexual conduct or anything that would test the applicant's orientation (CJEU, A, B and C, C-148/13 to C-150/13; F, C-473/16). Sexual violence by the perpetrators is named as \"sexual violence\", without detail.", class.explain(false)),
                ru: format!("{field_ru}: не включено в письмо, потому что {}. Письмо по делу о предоставлении убежища никогда не описывает сексуальное поведение и ничего, что было бы «проверкой» ориентации (Суд ЕС, A, B и C, C-148/13 — C-150/13; F, C-473/16). Сексуальное насилие со стороны преследователей называется «сексуальным насилием», без подробностей.", class.explain(true)),
            });
            return None;
        }
        Some(self.c.v(text))
    }
}

fn quoted(ru: bool, q: &str) -> String {
    if ru {
        format!("«{q}»")
    } else {
        format!("“{q}”")
    }
}

fn count_en(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("one {one}"),
        n => format!("{n} {many}"),
    }
}

/// Builds the unredacted letter and its checks.
pub fn draft(
    a: &Answers,
    def: &FormDef,
    details: &AsylumDetails,
    host: HostState,
    corroboration: Corroboration,
    lang: Lang,
    today: NaiveDate,
) -> Draft {
    let mut l = Letter {
        c: Ctx::new(a, def, Audience::Asylum(host), lang),
        checks: Vec::new(),
    };
    let ru = l.c.is_ru();
    let mut blocks: Vec<Block> = Vec::new();
    let or_gap = |c: &Ctx<'_>, s: &str| {
        if s.trim().is_empty() {
            c.gap()
        } else {
            s.trim().to_owned()
        }
    };

    blocks.push(Block::Note(l.c.l(
        "Drafting aid for a letter the signatory completes, signs and sends. Text in square brackets marks what the case does not record yet; it must be completed or removed before sending. Nothing here describes the applicant's sexual conduct, and nothing may be added that does.",
        "Проект письма, которое подписант дополняет, подписывает и отправляет. Текст в квадратных скобках отмечает то, что в деле пока не записано; его нужно дополнить или удалить до отправки. Ничто здесь не описывает сексуальное поведение заявителя, и ничего такого добавлять нельзя.",
    )));

    // addressee and reference
    let country = l.c.choice_label("countries", &host.code().to_lowercase());
    let country = if country == host.code().to_lowercase() {
        host.code().to_owned()
    } else {
        country
    };
    blocks.push(plain(format!(
        "{}: {}, {country}",
        l.c.l("To", "Кому"),
        or_gap(&l.c, &details.authority)
    )));
    blocks.push(plain(format!(
        "{}: {}",
        l.c.l("Your reference", "Ваш номер дела"),
        or_gap(&l.c, &details.file_number)
    )));
    blocks.push(plain(format!(
        "{}: {}",
        l.c.l("Stage of the procedure", "Стадия процедуры"),
        details
            .stage
            .map(|s| s.label(ru).to_owned())
            .unwrap_or_else(|| l.c.gap())
    )));
    let name = [l.c.text("name_latin"), l.c.text("name_cyrillic")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ");
    let nat = l.c.choices("citizenship", "countries");
    blocks.push(plain(format!(
        "{}: {}; {}: {}; {}: {}",
        l.c.l("Applicant", "Заявитель"),
        if name.is_empty() { l.c.gap() } else { name },
        l.c.l("date of birth", "дата рождения"),
        l.c.date("date_of_birth")
            .map(|d| l.c.fmt_date(&d))
            .unwrap_or_else(|| l.c.gap()),
        l.c.l("nationality", "гражданство"),
        if nat.is_empty() {
            l.c.gap()
        } else {
            nat.join(", ")
        }
    )));

    // 1. the organisation and the applicant
    blocks.push(h(
        1,
        l.c.l(
            "1. The organisation and the applicant",
            "1. Организация и заявитель",
        ),
    ));
    blocks.push(p(match lang {
        Lang::En => format!(
            "I, {}, {}, write on behalf of our organisation, which documents the persecution of lesbian, gay, bisexual and transgender people in the North Caucasus and assists survivors, in support of the applicant's application for international protection.",
            or_gap(&l.c, &details.signatory.name),
            or_gap(&l.c, &details.signatory.role)
        ),
        Lang::Ru => format!(
            "Я, {}, {}, пишу от имени нашей организации, которая документирует преследование лесбиянок, геев, бисексуалов и трансгендерных людей на Северном Кавказе и помогает пострадавшим, в поддержку ходатайства заявителя о международной защите.",
            or_gap(&l.c, &details.signatory.name),
            or_gap(&l.c, &details.signatory.role)
        ),
    }));
    let how = l.quote(
        Some(details.signatory.how_known.trim().to_owned()).filter(|s| !s.is_empty()),
        "How the organisation knows the applicant (signatory.how_known)",
        "Откуда организация знает заявителя (signatory.how_known)",
    );
    blocks.push(p(format!(
        "{}: {}",
        l.c.l(
            "How the organisation knows the applicant",
            "Откуда организация знает заявителя"
        ),
        how.unwrap_or_else(|| l.c.gap())
    )));

    // 2. the ground
    blocks.push(h(
        1,
        l.c.l(
            "2. Ground: membership of a particular social group (Article 10(1)(d) of Directive 2011/95/EU)",
            "2. Основание: принадлежность к определённой социальной группе (ст. 10(1)(d) Директивы 2011/95/ЕС)",
        ),
    ));
    let orientation =
        l.c.choice_name("sexual_orientation")
            .filter(|o| matches!(o.as_str(), "gay" | "lesbian" | "bisexual" | "queer"))
            .and_then(|_| l.c.choice("sexual_orientation", "sexual_orientations"));
    let identity =
        l.c.choice_name("gender_identity")
            .filter(|g| matches!(g.as_str(), "trans_woman" | "trans_man" | "non_binary"))
            .and_then(|_| l.c.choice("gender_identity", "gender_identities"));
    let perceived = l.c.yes_no("perceived_lgbt") == Some(true);
    let selves: Vec<String> = [orientation, identity]
        .into_iter()
        .flatten()
        .map(|s| s.to_lowercase())
        .collect();
    let basis = match (selves.is_empty(), perceived) {
        (false, _) => match lang {
            Lang::En => format!(
                "The applicant self-identifies as {}.",
                selves.join(" and as ")
            ),
            Lang::Ru => format!(
                "Самоидентификация {}: {}.",
                l.c.g("заявителя", "заявительницы"),
                selves.join("; ")
            ),
        },
        (true, true) => l.c.l(
            "The applicant's own identity is not stated here; the persecution was for an identity the perpetrators attributed to the applicant.",
            "Собственная идентичность заявителя здесь не указывается; преследование было связано с идентичностью, которую приписали заявителю преследователи.",
        ),
        (true, false) => l.c.gap(),
    };
    let mut ground = basis;
    if perceived && !selves.is_empty() {
        ground.push_str(&l.c.l(
            " The perpetrators also treated the applicant as LGBT.",
            " Преследователи также считали заявителя ЛГБТ-человеком.",
        ));
    }
    ground.push_str(&l.c.l(
        " Lesbian, gay, bisexual and transgender people, and those taken to be such, in the Chechen Republic share a characteristic so fundamental to identity that they should not be required to renounce it, and have a distinct identity there because the surrounding society and the authorities perceive them as different (Article 10(1)(d)). Under Article 10(2) it is immaterial whether the applicant actually has the characteristic, provided the actors of persecution attribute it.",
        " Лесбиянки, геи, бисексуалы и трансгендерные люди, а также те, кого таковыми считают, в Чеченской Республике обладают признаком настолько основополагающим для идентичности, что от них нельзя требовать отказа от него, и имеют там отличительную идентичность, поскольку общество и власти воспринимают их как иных (ст. 10(1)(d)). Согласно ст. 10(2) не имеет значения, обладает ли заявитель этим признаком в действительности, если его приписывают ему субъекты преследования.",
    ));
    blocks.push(p(ground));
    blocks.push(p(l.c.l(
        "In line with the judgments of the Court of Justice of the European Union in A, B and C (C-148/13 to C-150/13) and F (C-473/16), this letter states the applicant's self-identification and does not describe sexual conduct; we ask that the assessment not rest on questions about sexual practices or on any test of orientation.",
        "В соответствии с решениями Суда Европейского союза по делам A, B и C (C-148/13 — C-150/13) и F (C-473/16) в письме указана самоидентификация заявителя и не описывается сексуальное поведение; просим, чтобы оценка не основывалась на вопросах о сексуальных практиках или на каких-либо «проверках» ориентации.",
    )));

    // 3. persecution suffered
    blocks.push(h(
        1,
        l.c.l(
            "3. Persecution suffered (Articles 4 and 9)",
            "3. Пережитое преследование (ст. 4 и 9)",
        ),
    ));
    let mut order: Vec<u32> = (0..l.c.count("episodes")).collect();
    order.sort_by_key(|e| {
        sort_key(
            l.c.date(&format!("episodes[{e}].apprehension_date"))
                .as_ref(),
        )
    });
    if order.is_empty() {
        blocks.push(plain(l.c.gap()));
    }
    for (n, &e) in order.iter().enumerate() {
        let when =
            l.c.date(&format!("episodes[{e}].apprehension_date"))
                .map(|d| l.c.v(l.c.when(&d)))
                .unwrap_or_else(|| {
                    l.c.l("On a date not recorded", "В дату, которая не записана,")
                });
        let mut text = match lang {
            Lang::En => format!("{when} the applicant was apprehended"),
            Lang::Ru => format!(
                "{when} {} {} {}",
                l.c.g("заявитель", "заявительница"),
                l.c.g("был", "была"),
                l.c.g("задержан", "задержана")
            ),
        };
        if let Some(u) = l.c.text(&format!("episodes[{e}].unit")) {
            let u = l.c.v(u);
            text.push_str(&l.c.l(
                &format!(" by officers of {u}"),
                &format!(" сотрудниками подразделения {u}"),
            ));
        }
        text.push('.');
        if let Some(site) = l.c.text(&format!("episodes[{e}].held_place_details")) {
            let site = l.c.v(site);
            text.push_str(&format!(
                " {}: {site}.",
                l.c.l("Held at", "Место содержания")
            ));
        }
        if let Some(d) = l.c.int(&format!("episodes[{e}].duration_days")) {
            text.push_str(&match lang {
                Lang::En => format!(
                    " The detention lasted {}.",
                    count_en(d as usize, "day", "days")
                ),
                Lang::Ru => format!(
                    " Задержание длилось {d} {}.",
                    ru_plural(d as usize, "день", "дня", "дней")
                ),
            });
        }
        if l.c
            .choice_name(&format!("episodes[{e}].acknowledged"))
            .as_deref()
            == Some("not_recorded")
        {
            text.push_str(&l.c.l(
                " The detention was never officially recorded.",
                " Задержание не было официально оформлено.",
            ));
        }
        let ep = n + 1;
        if let Some(q) = l.quote(
            l.c.text(&format!("episodes[{e}].apprehension_circumstances")),
            &format!("Episode {ep}, circumstances of apprehension (episodes[{e}].apprehension_circumstances)"),
            &format!("Эпизод {ep}, обстоятельства задержания (episodes[{e}].apprehension_circumstances)"),
        ) {
            text.push_str(&format!(" {}: {}", l.c.l("In the applicant's words", "Со слов заявителя"), quoted(ru, &q)));
        }
        blocks.push(p(text));
        for t in 0..l.c.count(&format!("episodes[{e}].treatment")) {
            let base = format!("episodes[{e}].treatment[{t}]");
            let mut text = String::new();
            let methods = l.c.choices(&format!("{base}.methods"), "ip_methods");
            if !methods.is_empty() {
                text.push_str(&match lang {
                    Lang::En => format!(
                        "In detention the applicant was subjected to: {}.",
                        methods.join("; ").to_lowercase()
                    ),
                    Lang::Ru => format!(
                        "Во время задержания к {} применялось: {}.",
                        l.c.g("заявителю", "заявительнице"),
                        methods.join("; ").to_lowercase()
                    ),
                });
            }
            let tn = t + 1;
            if let Some(q) = l.quote(
                l.c.text(&format!("{base}.treatment_description")),
                &format!(
                    "Episode {ep}, treatment {tn}, description ({base}.treatment_description)"
                ),
                &format!("Эпизод {ep}, обращение {tn}, описание ({base}.treatment_description)"),
            ) {
                text.push_str(&format!(" {}", quoted(ru, &q)));
            }
            if let Some(q) = l.quote(
                l.c.text(&format!("{base}.injuries")),
                &format!("Episode {ep}, treatment {tn}, injuries ({base}.injuries)"),
                &format!("Эпизод {ep}, обращение {tn}, травмы ({base}.injuries)"),
            ) {
                text.push_str(&format!(" {}: {q}", l.c.l("Injuries", "Травмы")));
                if !q.ends_with('.') {
                    text.push('.');
                }
            }
            if !text.is_empty() {
                blocks.push(p(text.trim().to_owned()));
            }
        }
        if let Some(d) = l.c.date(&format!("episodes[{e}].release_date")) {
            let when = l.c.v(l.c.when(&d));
            let mut text = match lang {
                Lang::En => format!("{when} the applicant was released."),
                Lang::Ru => format!(
                    "{when} {} {} {}.",
                    l.c.g("заявитель", "заявительница"),
                    l.c.g("был", "была"),
                    l.c.g("освобождён", "освобождена")
                ),
            };
            if let Some(r) = l.c.choice(
                &format!("episodes[{e}].release_circumstances"),
                "release_types",
            ) {
                text.push_str(&format!(
                    " {}: {}.",
                    l.c.l("Circumstances", "Обстоятельства"),
                    r.to_lowercase()
                ));
            }
            blocks.push(p(text));
        }
    }
    // perpetrators: State agents, named as recorded
    let mut agencies: Vec<String> = Vec::new();
    let mut private = false;
    let mut named: Vec<String> = Vec::new();
    let identified = match lang {
        Lang::En => "The applicant identified".to_owned(),
        Lang::Ru => format!(
            "{} {}",
            l.c.g("Заявитель", "Заявительница"),
            l.c.g("опознал", "опознала")
        ),
    };
    for i in 0..l.c.count("perpetrators") {
        match l.c.choice_name(&format!("perpetrators[{i}].agency")) {
            Some(a) if STATE_AGENCIES.contains(&a.as_str()) => {
                if let Some(label) = l.c.choice(&format!("perpetrators[{i}].agency"), "agencies") {
                    if !agencies.contains(&label) {
                        agencies.push(label);
                    }
                }
            }
            Some(a) if a == "family_member" || a == "private_person" => private = true,
            _ => {}
        }
        let who = [
            l.c.text(&format!("perpetrators[{i}].rank")),
            l.c.text(&format!("perpetrators[{i}].name")),
            l.c.text(&format!("perpetrators[{i}].call_sign")).map(|cs| {
                if ru {
                    format!("позывной «{cs}»")
                } else {
                    format!("call-sign “{cs}”")
                }
            }),
            l.c.text(&format!("perpetrators[{i}].unit")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        if !who.is_empty() {
            named.push(l.c.v(who));
        }
    }
    if !agencies.is_empty() {
        blocks.push(p(format!(
            "{}: {}.{}",
            l.c.l(
                "The perpetrators were agents of the State",
                "Преследователи — представители государства"
            ),
            agencies.join(", "),
            if named.is_empty() {
                String::new()
            } else {
                format!(" {}: {}.", identified.clone(), named.join("; "))
            }
        )));
    } else if !named.is_empty() {
        blocks.push(p(format!("{}: {}.", identified.clone(), named.join("; "))));
    } else {
        blocks.push(p(format!(
            "{}: {}",
            l.c.l("The perpetrators", "Преследователи"),
            l.c.gap()
        )));
    }
    if private {
        blocks.push(p(l.c.l(
            "Persecution by relatives or other private persons counts where the State is unable or unwilling to protect (Article 6(c)); in the Chechen Republic the authorities themselves hand LGBT people over to their families.",
            "Преследование со стороны родственников или других частных лиц учитывается, если государство не может или не желает защитить (ст. 6(c)); в Чеченской Республике сами власти передают ЛГБТ-людей их семьям.",
        )));
    }
    if !order.is_empty() {
        blocks.push(p(l.c.l(
            "Under Article 4(4) of the Directive, the fact that the applicant has already been subject to persecution is a serious indication of a well-founded fear of persecution, unless there are good reasons to consider that it will not be repeated.",
            "Согласно ст. 4(4) Директивы то, что заявитель уже подвергался преследованию, является серьёзным признаком обоснованности опасения преследования, если нет веских оснований считать, что оно не повторится.",
        )));
    }

    // 4. risk on return
    blocks.push(h(
        1,
        l.c.l(
            "4. Risk on return, including risk that arose after the applicant left",
            "4. Риск при возвращении, в том числе возникший после отъезда",
        ),
    ));
    let handed = order.iter().any(|e| {
        l.c.choice_name(&format!("episodes[{e}].release_circumstances"))
            .as_deref()
            == Some("handed_to_relatives")
    });
    if handed {
        blocks.push(p(l.c.l(
            "On release the applicant was handed over to relatives. The practice of handing LGBT people to their families, in the expectation that the family will \"deal with\" them, exposes them to so-called \"honour\" violence, including killing.",
            "При освобождении заявителя передали родственникам. Практика передачи ЛГБТ-людей семьям в расчёте на то, что семья «разберётся» с ними, подвергает их так называемому насилию «во имя чести», вплоть до убийства.",
        )));
    }
    if order.iter().any(|e| {
        l.c.choice_name(&format!("episodes[{e}].release_circumstances"))
            .as_deref()
            == Some("released_after_pressure")
    }) {
        blocks.push(p(l.c.l(
            "The applicant was released only after being pressed to cooperate or inform; a person who left without doing so is at risk of renewed detention on return.",
            "Заявителя отпустили только после давления с требованием сотрудничать или доносить; тот, кто уехал, не выполнив этого, рискует повторным задержанием по возвращении.",
        )));
    }
    if let Some(d) = l.c.date("left_region_date") {
        let when = l.c.v(l.c.when(&d));
        blocks.push(p(match lang {
            Lang::En => format!("{when} the applicant left the region."),
            Lang::Ru => format!(
                "{when} {} {} регион.",
                l.c.g("заявитель", "заявительница"),
                l.c.g("покинул", "покинула")
            ),
        }));
    }
    let mut since: Vec<(usize, &super::details::RiskItem)> =
        details.risks_since_leaving.iter().enumerate().collect();
    since.sort_by_key(|(_, r)| sort_key(r.date.as_ref()));
    if since.is_empty() {
        if details.no_risks_since_leaving {
            blocks.push(p(l.c.l(
                "The organisation is not aware of summonses, wanted-list entries, criminal cases or threats to the family since the applicant left.",
                "Организации не известно о повестках, розыске, уголовных делах или угрозах семье после отъезда заявителя.",
            )));
        } else {
            blocks.push(p(format!(
                "{}: {}",
                l.c.l(
                    "Since the applicant left (summonses, wanted lists, criminal cases, threats to the family)",
                    "После отъезда заявителя (повестки, розыск, уголовные дела, угрозы семье)"
                ),
                l.c.gap()
            )));
            l.checks.push(Check {
                code: "missing_fact",
                en: "Risk since leaving: nothing is recorded and nobody recorded that there is nothing. Ask about summonses, wanted lists, criminal cases and threats to the family, and record them (or that there are none) in the asylum details.".into(),
                ru: "Риск после отъезда: ничего не записано, и не отмечено, что ничего нет. Уточните, были ли повестки, розыск, уголовные дела, угрозы семье, и запишите их (или их отсутствие) в сведения об убежище.".into(),
            });
        }
    } else {
        blocks.push(p(l.c.l(
            "Since the applicant left, the following has come to the organisation's knowledge:",
            "После отъезда заявителя организации стало известно следующее:",
        )));
        let mut items = Vec::new();
        for (i, r) in since {
            let when = r
                .date
                .map(|d| l.c.v(l.c.fmt_date(&d)))
                .unwrap_or_else(|| l.c.l("date not recorded", "дата не записана"));
            let mut item = format!("{when}: {}", r.kind.label(ru));
            let desc = Some(r.description.trim().to_owned()).filter(|s| !s.is_empty());
            if let Some(q) = l.quote(
                desc,
                &format!(
                    "Risk since leaving {} (risks_since_leaving[{i}].description)",
                    i + 1
                ),
                &format!(
                    "Риск после отъезда {} (risks_since_leaving[{i}].description)",
                    i + 1
                ),
            ) {
                item.push_str(&format!(" — {q}"));
            }
            items.push(item);
        }
        blocks.push(Block::Bullets(items));
    }
    if let Some(q) = l.quote(
        l.c.text("risk_factors"),
        "Risk factors (risk_factors)",
        "Факторы риска (risk_factors)",
    ) {
        blocks.push(p(format!(
            "{}: {q}",
            l.c.l(
                "Further risk factors recorded by the organisation",
                "Другие факторы риска, записанные организацией"
            )
        )));
    }

    // 5. internal relocation
    blocks.push(h(
        1,
        l.c.l(
            "5. No protection and no internal relocation alternative in the Russian Federation (Articles 7 and 8)",
            "5. Отсутствие защиты и возможности переселения внутри Российской Федерации (ст. 7 и 8)",
        ),
    ));
    blocks.push(p(l.c.l(
        "Protection in the Russian Federation is not available: the persecution comes from agents of the State, and the authorities have not effectively investigated the detention and ill-treatment of LGBT people in the Chechen Republic. The European Court of Human Rights found violations of Articles 3 and 14 of the Convention in the detention and ill-treatment of a man held in Grozny in 2017 because of his sexual orientation and in the failure to investigate it (Lapunov v. Russia, no. 28834/19, 12 September 2023).",
        "Защита в Российской Федерации недоступна: преследование исходит от представителей государства, а власти не провели эффективного расследования задержаний и жестокого обращения с ЛГБТ-людьми в Чеченской Республике. Европейский суд по правам человека признал нарушение статей 3 и 14 Конвенции в связи с задержанием и жестоким обращением с мужчиной, которого удерживали в Грозном в 2017 году из-за его сексуальной ориентации, и с отказом это расследовать («Лапунов против России» (Lapunov v. Russia), жалоба № 28834/19, 12 сентября 2023 года).",
    )));
    blocks.push(p(l.c.l(
        "Internal relocation is neither safe nor reasonable. The Chechen authorities have traced people who fled to other regions of Russia and brought them back by force; such abductions are documented, among others, in the report of the OSCE Moscow Mechanism rapporteur on alleged human rights violations and impunity in the Chechen Republic of the Russian Federation (Professor Wolfgang Benedek, 21 December 2018). Since the decision of the Supreme Court of the Russian Federation of 30 November 2023 declaring the \"international LGBT public movement\" extremist, LGBT people are exposed to prosecution throughout the country. Where the State is the actor of persecution, internal protection is presumed unavailable (UNHCR, Guidelines on International Protection No. 4 on the internal flight or relocation alternative, 2003, and No. 9 on claims based on sexual orientation and/or gender identity, 2012).",
        "Переселение внутри страны небезопасно и неразумно. Чеченские власти разыскивали людей, бежавших в другие регионы России, и силой возвращали их; такие похищения задокументированы, в частности, в докладе докладчика Московского механизма ОБСЕ о предполагаемых нарушениях прав человека и безнаказанности в Чеченской Республике Российской Федерации (профессор Вольфганг Бенедек, 21 декабря 2018 года). После решения Верховного суда Российской Федерации от 30 ноября 2023 года о признании «международного общественного движения ЛГБТ» экстремистским ЛГБТ-люди подвергаются риску преследования по всей стране. Если субъектом преследования является государство, внутренняя защита, как правило, недоступна (УВКБ ООН, Руководящие принципы по международной защите № 4 о внутреннем перемещении, 2003 год, и № 9 о ходатайствах, связанных с сексуальной ориентацией и/или гендерной идентичностью, 2012 год).",
    )));

    // 6. corroboration
    blocks.push(h(
        1,
        l.c.l(
            "6. Corroboration held by the organisation (Article 4(1) and (5))",
            "6. Подтверждающие материалы организации (ст. 4(1) и (5))",
        ),
    ));
    let mut treatments = 0usize;
    let mut medical = 0usize;
    let mut medical_unknown = 0usize;
    for &e in &order {
        for t in 0..l.c.count(&format!("episodes[{e}].treatment")) {
            treatments += 1;
            match l.c.yes_no(&format!(
                "episodes[{e}].treatment[{t}].medical_documentation"
            )) {
                Some(true) => medical += 1,
                Some(false) => {}
                None => medical_unknown += 1,
            }
        }
    }
    let mut items = Vec::new();
    items.push(if medical > 0 {
        match lang {
            Lang::En => format!(
                "{} documenting injuries from the detention",
                count_en(medical, "medical record", "medical records")
            ),
            Lang::Ru => format!(
                "Медицинских документов о травмах, полученных во время задержания: {medical}"
            ),
        }
    } else if treatments > 0 && medical_unknown == 0 {
        l.c.l(
            "No medical record of the injuries is held.",
            "Медицинских документов о травмах нет.",
        )
    } else {
        format!(
            "{}: {}",
            l.c.l("Medical records", "Медицинские документы"),
            l.c.gap()
        )
    });
    let third = l.c.count("third_parties");
    let willing = (0..third)
        .filter(|i| {
            l.c.yes_no(&format!("third_parties[{i}].willing_to_testify")) == Some(true)
        })
        .count();
    items.push(if third == 0 {
        format!("{}: {}", l.c.l("Witnesses", "Свидетели"), l.c.gap())
    } else {
        match lang {
            Lang::En => format!(
                "{} willing to testify (of {} recorded; identities available to the authority on request)",
                count_en(willing, "witness", "witnesses"),
                third
            ),
            Lang::Ru => format!(
                "Свидетелей, готовых дать показания: {willing} (из {third} записанных; личности могут быть сообщены органу по запросу)"
            ),
        }
    });
    let (site, unit) = (
        corroboration.other_cases_same_site,
        corroboration.other_cases_same_unit,
    );
    items.push(match lang {
        Lang::En => format!(
            "{} documented by the organisation with detention at the same place, and {} involving the same unit (counted only; no other survivor is named)",
            count_en(site, "other case", "other cases"),
            count_en(unit, "other case", "other cases")
        ),
        Lang::Ru => format!(
            "Других дел, задокументированных организацией, с содержанием в том же месте: {site}; с участием того же подразделения: {unit} (только число; другие пострадавшие не называются)"
        ),
    });
    let items = items
        .into_iter()
        .map(|i| {
            let mut c = i.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    blocks.push(Block::Bullets(items));
    blocks.push(p(l.c.l(
        "Where aspects of the applicant's statements are not supported by documentary evidence, Article 4(5) of the Directive provides that they need no confirmation when the applicant has made a genuine effort to substantiate the application and the statements are coherent, plausible and consistent with the available country information, as they are here.",
        "Если отдельные утверждения заявителя не подкреплены документами, согласно ст. 4(5) Директивы они не требуют подтверждения, когда заявитель добросовестно старался обосновать ходатайство, а его показания последовательны, правдоподобны и согласуются с доступной информацией о стране, как в данном случае.",
    )));

    // 7. conclusion and signature
    blocks.push(h(1, l.c.l("7. Conclusion", "7. Заключение")));
    blocks.push(p(l.c.l(
        "For these reasons our organisation supports the applicant's application for international protection and remains at the authority's disposal for any further information.",
        "По этим причинам наша организация поддерживает ходатайство заявителя о международной защите и готова предоставить органу любую дополнительную информацию.",
    )));
    blocks.push(plain(format!(
        "{}, {}",
        or_gap(&l.c, &details.signatory.name),
        or_gap(&l.c, &details.signatory.role)
    )));
    blocks.push(plain(l.c.l("[date and signature]", "[дата и подпись]")));

    if details.stage == Some(ProcedureStage::DublinTransfer) {
        l.checks.push(Check {
            code: "dublin",
            en: "Dublin transfer procedure: the authority decides first which member State is responsible for the claim. This letter supports the claim itself; submissions on the Dublin criteria (family, dependency, vulnerability) are separate.".into(),
            ru: "Процедура по Дублинскому регламенту: сначала орган решает, какое государство-член отвечает за рассмотрение ходатайства. Это письмо поддерживает само ходатайство; доводы по дублинским критериям (семья, зависимость, уязвимость) подаются отдельно.".into(),
        });
    }
    let _ = today;
    Draft {
        blocks,
        values: l.c.take_values(),
        checks: l.checks,
        sections: [(0, 0); 3],
    }
}
