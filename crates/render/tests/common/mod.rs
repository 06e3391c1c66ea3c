//! Synthetic documents for the renderer tests.
//!
//! Every person, place, court and case here is invented; any likeness is accidental. The
//! documents imitate the shape of an application to the European Court of Human Rights
//! (statement of facts, chronology, alleged violations, admissibility, list of documents) so
//! the renderers see realistic lengths, both alphabets and every block kind.

#![allow(dead_code)] // each test binary uses a different part of this module

use waystone_render::{Block, Document, Lang};

pub fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
    }
}

pub fn numbered(text: &str) -> Block {
    Block::Paragraph {
        text: text.to_owned(),
        numbered: true,
    }
}

pub fn plain(text: &str) -> Block {
    Block::Paragraph {
        text: text.to_owned(),
        numbered: false,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// An English application for an invented applicant.
pub fn english() -> Document {
    Document {
        title: "Application under Article 34: Marta Oleynik v. Russia (synthetic)".into(),
        language: Lang::En,
        blocks: vec![
            heading(1, "Statement of the facts"),
            numbered("The applicant, Ms Marta Oleynik, is a fictional person born in 1981 who lives in the invented town of Severograd."),
            numbered("On 3 March 2021 officers of the Severograd police department detained the applicant near her home without stating any reason."),
            heading(2, "Detention and treatment"),
            numbered("She was held for 38 hours in a cell measuring six square metres together with five other detainees, with no access to a lawyer."),
            Block::Note("Names of the officers are redacted for the respondent State.".into()),
            numbered("A medical certificate issued on 5 March 2021 recorded bruises on both wrists and a fractured rib."),
            heading(3, "Chronology"),
            Block::Table {
                header: strings(&["Date", "Event", "Document"]),
                rows: vec![
                    strings(&["03.03.2021", "Arrest near the applicant's home", "Record of detention"]),
                    strings(&["05.03.2021", "Medical examination at the town hospital", "Certificate no. 17"]),
                    strings(&["12.04.2021", "Complaint to the investigative committee rejected", "Decision of refusal"]),
                    strings(&["20.09.2021", "Appeal dismissed by the regional court", "Appeal decision"]),
                ],
            },
            Block::PageBreak,
            heading(1, "Alleged violations of the Convention"),
            plain("The applicant complains under the following Articles:"),
            Block::Bullets(strings(&[
                "Article 3: ill-treatment in custody and no effective investigation;",
                "Article 5 § 1: unlawful detention for 38 hours;",
                "Article 13: no effective domestic remedy.",
            ])),
            numbered("The authorities failed to open a criminal investigation into the injuries documented on 5 March 2021."),
            heading(1, "Admissibility"),
            numbered("The final domestic decision was delivered on 20 September 2021, so the application is lodged within four months."),
            heading(1, "List of documents"),
            Block::Table {
                header: strings(&["No.", "Document", "Pages"]),
                rows: vec![
                    strings(&["1", "Record of detention of 3 March 2021", "2"]),
                    strings(&["2", "Medical certificate no. 17", "1"]),
                    strings(&["3", "Appeal decision of 20 September 2021", "4"]),
                ],
            },
        ],
    }
}

/// A Russian application for an invented applicant.
pub fn russian() -> Document {
    Document {
        title: "Жалоба по статье 34: Оленик против России (синтетический пример)".into(),
        language: Lang::Ru,
        blocks: vec![
            heading(1, "Изложение фактов"),
            numbered("Заявительница, Марта Оленик, вымышленное лицо, родилась в 1981 году и проживает в вымышленном городе Североград."),
            numbered("3 марта 2021 года сотрудники отдела полиции Северограда задержали заявительницу возле её дома, не объяснив причин."),
            heading(2, "Содержание под стражей"),
            numbered("Её содержали 38 часов в камере площадью шесть квадратных метров вместе с пятью другими задержанными, без доступа к адвокату."),
            Block::Note("Имена сотрудников скрыты для государства-ответчика.".into()),
            numbered("В медицинской справке от 5 марта 2021 года зафиксированы кровоподтёки на обоих запястьях и перелом ребра."),
            heading(3, "Хронология"),
            Block::Table {
                header: strings(&["Дата", "Событие", "Документ"]),
                rows: vec![
                    strings(&["03.03.2021", "Задержание возле дома заявительницы", "Протокол задержания"]),
                    strings(&["05.03.2021", "Медицинское освидетельствование в городской больнице", "Справка № 17"]),
                    strings(&["12.04.2021", "Отказ следственного комитета в возбуждении дела", "Постановление об отказе"]),
                    strings(&["20.09.2021", "Областной суд оставил жалобу без удовлетворения", "Апелляционное определение"]),
                ],
            },
            Block::PageBreak,
            heading(1, "Предполагаемые нарушения Конвенции"),
            plain("Заявительница жалуется на нарушение следующих статей:"),
            Block::Bullets(strings(&[
                "статья 3: жестокое обращение под стражей и отсутствие эффективного расследования;",
                "статья 5 § 1: незаконное задержание на 38 часов;",
                "статья 13: отсутствие эффективного средства правовой защиты.",
            ])),
            numbered("Власти не возбудили уголовное дело по факту телесных повреждений, зафиксированных 5 марта 2021 года."),
            heading(1, "Приемлемость"),
            numbered("Окончательное решение вынесено 20 сентября 2021 года, поэтому жалоба подана в течение четырёх месяцев."),
            heading(1, "Список документов"),
            Block::Table {
                header: strings(&["№", "Документ", "Страниц"]),
                rows: vec![
                    strings(&["1", "Протокол задержания от 3 марта 2021 года", "2"]),
                    strings(&["2", "Медицинская справка № 17", "1"]),
                    strings(&["3", "Апелляционное определение от 20 сентября 2021 года", "4"]),
                ],
            },
        ],
    }
}

/// `count` numbered paragraphs of synthetic text, alternating English and Russian, each a few
/// lines long, with a heading every 25 paragraphs.
pub fn long_blocks(count: usize) -> Vec<Block> {
    let en = "The applicant, an invented person, describes how the events unfolded on that day, \
              what the officers said, and which documents record it; none of it is real.";
    let ru = "Заявитель, вымышленное лицо, описывает, как развивались события в тот день, что \
              говорили сотрудники и какие документы это подтверждают; ничего из этого не было.";
    let mut blocks = Vec::new();
    for i in 0..count {
        if i % 25 == 0 {
            blocks.push(heading(1, &format!("Section {}", i / 25 + 1)));
        }
        let text = if i % 2 == 0 { en } else { ru };
        blocks.push(numbered(&format!("{text} ({i})")));
    }
    blocks
}

/// Every piece of text a document's blocks hold, in order.
pub fn texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } | Block::Note(text) => {
                out.push(text.clone());
            }
            Block::Bullets(items) => out.extend(items.iter().cloned()),
            Block::Table { header, rows } => {
                out.extend(header.iter().cloned());
                out.extend(rows.iter().flatten().cloned());
            }
            Block::PageBreak => {}
        }
    }
    out
}
