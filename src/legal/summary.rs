//! The generic case summary: the document a lawyer gets for a case answered on a form that
//! does not use the intake vocabulary (`cases::vocabulary`), so the structured filing (the
//! ECHR application, the public summary, the asylum letter) cannot be built from it.
//!
//! It says so first, naming what the form lacks, then gives every section, question label and
//! answer of that form in the form's order: repeats instance by instance, a question skip
//! logic hid left out, an unanswered one a visible gap (`[not recorded — ask]`), declined /
//! don't know / not asked as such. Questions the form marks as never exported (the
//! organisation's own notes) are left out. Every answer is a placeholder redacted with the
//! audience's profile in the export's one pass, like the other documents; labels and the
//! form's title are template text. For the asylum audience a text that describes sexual
//! conduct is withheld and named in the checks, as in the letter.
//!
//! Recipe — another kind of answer: render it in [`answer_text`], in both languages.

use waystone_forms::{
    validate::is_relevant, Answer, AnswerPath, Answers, FormDef, Item, Labels, Value,
};
use waystone_render::{Block, Lang};

use super::asylum::sexual::classify;
use super::consent::Audience;
use super::echr::{h, plain, Check, Ctx, Draft};
use crate::cases::vocabulary::{Gap, Mismatch};

/// The title of the generic summary.
pub fn title(lang: Lang) -> String {
    match lang {
        Lang::En => "Case summary (the case's own form)".into(),
        Lang::Ru => "Сводка по делу (по собственной анкете дела)".into(),
    }
}

/// The name of the structured document the audience would have had.
fn structured_name(audience: Audience, ru: bool) -> &'static str {
    match (audience, ru) {
        (Audience::Echr, false) => "the application to the European Court of Human Rights",
        (Audience::Echr, true) => "жалобу в Европейский суд по правам человека",
        (Audience::Public, false) => "the case summary for publication",
        (Audience::Public, true) => "сводку по делу для публикации",
        (Audience::Asylum(_), false) => "the asylum support letter",
        (Audience::Asylum(_), true) => "письмо в поддержку ходатайства об убежище",
    }
}

/// Why a path is missing, in the document's language (definition text only).
pub fn reason(m: &Mismatch, ru: bool) -> String {
    match (m, ru) {
        (Mismatch::Missing, false) => "not in the form".into(),
        (Mismatch::Missing, true) => "нет в анкете".into(),
        (Mismatch::Elsewhere { found }, false) => format!("stands at {found} instead"),
        (Mismatch::Elsewhere { found }, true) => format!("стоит в другом месте: {found}"),
        (Mismatch::WrongType { expected, found }, false) => {
            format!("of type {found}; the documents read {expected}")
        }
        (Mismatch::WrongType { expected, found }, true) => {
            format!("тип {found}, документы читают {expected}")
        }
        (Mismatch::MissingChoices { list, names }, false) => {
            format!("its list {list} lacks {}", names.join(", "))
        }
        (Mismatch::MissingChoices { list, names }, true) => {
            format!("в списке {list} нет {}", names.join(", "))
        }
    }
}

fn label_in(labels: &Labels, form: &FormDef, lang: Lang) -> String {
    let code = match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
    };
    labels
        .get(code)
        .or_else(|| form.languages().first().and_then(|l| labels.get(l)))
        .or_else(|| labels.iter().next().map(|(_, t)| t))
        .unwrap_or_default()
        .to_owned()
}

struct Summary<'a> {
    c: Ctx<'a>,
    form: &'a FormDef,
    answers: &'a Answers,
    lang: Lang,
    asylum: bool,
    blocks: Vec<Block>,
    checks: Vec<Check>,
}

/// Builds the unredacted draft of the generic summary of a case on `form`; `blockers` are
/// the vocabulary paths whose absence (or other shape) stops the structured document.
pub fn draft(
    answers: &Answers,
    form: &FormDef,
    audience: Audience,
    lang: Lang,
    blockers: &[Gap],
) -> Draft {
    let c = Ctx::new(answers, form, audience, lang);
    let ru = c.is_ru();
    let mut s = Summary {
        c,
        form,
        answers,
        lang,
        asylum: matches!(audience, Audience::Asylum(_)),
        blocks: Vec::new(),
        checks: Vec::new(),
    };
    let form_title = label_in(form.title(), form, lang);
    let missing = blockers
        .iter()
        .map(|g| format!("{} ({})", g.path, reason(&g.mismatch, ru)))
        .collect::<Vec<_>>()
        .join("; ");
    s.blocks.push(Block::Note(if ru {
        format!(
            "Анкета этого дела («{form_title}», {} версии {}) не использует словарь первичного интервью, поэтому составить {} не удалось. Не хватает: {missing}. Ниже — каждый раздел, вопрос и ответ дела в том виде, в каком они записаны; вопрос без ответа виден как пропуск. Это рабочий материал: юрист проверяет его до использования.",
            form.id(),
            form.version(),
            structured_name(audience, true),
        )
    } else {
        format!(
            "This case's form (“{form_title}”, {} version {}) does not use the intake vocabulary, so {} could not be built. Missing: {missing}. Below is every section, question and answer of the case as recorded; an unanswered question shows as a gap. This is a drafting aid: a lawyer checks it before any use.",
            form.id(),
            form.version(),
            structured_name(audience, false),
        )
    }));
    for section in form.sections() {
        let first = section.items().first().map(|i| i.path().to_string());
        // a section skip logic hid: its first item is not relevant either
        if let Some(first) = first {
            if let Ok(p) = AnswerPath::top(&first) {
                if section.relevant().is_some() && !is_relevant(form, answers, &p) {
                    continue;
                }
            }
        }
        s.blocks.push(h(2, label_in(section.label(), form, lang)));
        s.items(section.items(), None, 3);
    }
    let Summary {
        c, blocks, checks, ..
    } = s;
    Draft {
        blocks,
        values: c.take_values(),
        checks,
        sections: [(0, 0); 3],
    }
}

impl Summary<'_> {
    fn items(&mut self, items: &[Item], parent: Option<(&AnswerPath, u32)>, level: u8) {
        for item in items {
            let path = match parent {
                None => AnswerPath::top(item.name()),
                Some((container, index)) => container.join(index, item.name()),
            };
            let Ok(path) = path else { continue };
            if !is_relevant(self.form, self.answers, &path) {
                continue;
            }
            match item {
                Item::Note(_) => {}
                Item::Question(q) => {
                    if !q.export() {
                        continue;
                    }
                    let label = label_in(q.label(), self.form, self.lang);
                    let answer = self.answer_text(&path, q.kind().choice_list(), &label);
                    self.blocks.push(plain(format!("{label}: {answer}")));
                }
                Item::Repeat(r) => {
                    let label = label_in(r.label(), self.form, self.lang);
                    let count = self.answers.repeat_count(&path);
                    if count == 0 {
                        let gap = self.c.gap();
                        self.blocks.push(plain(format!("{label}: {gap}")));
                        continue;
                    }
                    for i in 0..count {
                        self.blocks.push(h(level, format!("{label} {}", i + 1)));
                        self.items(r.items(), Some((&path, i)), 3);
                    }
                }
            }
        }
    }

    /// One answer as the document states it: a placeholder for anything the case holds.
    fn answer_text(&mut self, path: &AnswerPath, list: Option<&str>, label: &str) -> String {
        let key = path.to_string();
        let c = &self.c;
        match self.answers.get(path) {
            None => c.gap(),
            Some(Answer::Declined) => c.l("declined to answer", "ответить отказались"),
            Some(Answer::DontKnow) => c.l("does not know", "не знает"),
            Some(Answer::NotAsked) => format!("{} {}", c.l("not asked", "не спрашивали"), c.gap()),
            Some(Answer::Value(v)) if v.is_empty() => c.gap(),
            Some(Answer::Value(v)) => match v {
                Value::Text(t) | Value::PersonRef(t) | Value::PlaceRef(t) => {
                    let t = t.trim().to_owned();
                    if self.asylum {
                        if let Some(class) = classify(&t) {
                            self.checks.push(Check {
                                code: "sexual_content",
                                en: format!("{label}: withheld from the summary because {}. A document for an asylum authority never describes sexual conduct.", class.explain(false)),
                                ru: format!("{label}: не включено в сводку, потому что {}. Документ для органа по делам убежища никогда не описывает сексуальное поведение.", class.explain(true)),
                            });
                            return self
                                .c
                                .l("[withheld: see the checks]", "[не включено: см. проверки]");
                        }
                    }
                    self.c.v(t)
                }
                Value::Integer(n) => c.v(n.to_string()),
                // the canonical text (`2.5`); a Russian document writes the comma
                Value::Decimal(d) => {
                    let text = if c.is_ru() {
                        d.replace('.', ",")
                    } else {
                        d.clone()
                    };
                    c.v(text)
                }
                Value::Date(_) => match c.date(&key) {
                    Some(d) => {
                        let text = c.fmt_date(&d);
                        c.v(text)
                    }
                    None => c.gap(),
                },
                Value::YesNo(true) => c.l("yes", "да"),
                Value::YesNo(false) => c.l("no", "нет"),
                Value::Choice(name) => {
                    let label = list
                        .map(|l| c.form_choice_label(l, name))
                        .unwrap_or_else(|| name.clone());
                    c.v(label)
                }
                Value::Choices(names) => {
                    let labels: Vec<String> = names
                        .iter()
                        .map(|n| {
                            list.map(|l| c.form_choice_label(l, n))
                                .unwrap_or_else(|| n.clone())
                        })
                        .collect();
                    c.v(labels.join(", "))
                }
                Value::Attachment(_) => {
                    c.l("a file is attached to the case", "к делу приложен файл")
                }
            },
        }
    }
}
