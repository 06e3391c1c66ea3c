//! Articles of the Convention suggested from the facts, each with the facts that support it
//! and the facts still missing — a starting point for the lawyer, never a conclusion.
//! Texts are in English and Russian; they name answer kinds and counts, not testimony.

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
    pub supporting: Vec<Text2>,
    pub missing: Vec<Text2>,
}

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
    fn yes(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Answer::Value(Value::YesNo(true))))
    }
    /// Every treatment method recorded, over all episodes.
    fn methods(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for e in 0..self.count("episodes") {
            for t in 0..self.count(&format!("episodes[{e}].treatment")) {
                if let Some(Answer::Value(Value::Choices(c))) =
                    self.get(&format!("episodes[{e}].treatment[{t}].methods"))
                {
                    out.extend(c.iter().cloned());
                }
            }
        }
        out
    }
    fn any_episode(&self, f: impl Fn(u32) -> bool) -> u32 {
        (0..self.count("episodes")).filter(|e| f(*e)).count() as u32
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

pub fn suggest(answers: &Answers) -> Vec<ArticleSuggestion> {
    let f = Facts { a: answers };
    let methods = f.methods();
    let episodes = f.count("episodes");
    let mut out = Vec::new();

    // Article 3, substantive
    if !methods.is_empty() {
        let mut missing = Vec::new();
        if !f.medical() {
            missing.push(t(
                "No medical documentation of injuries is recorded (Istanbul Protocol assessment).",
                "Не записана медицинская документация травм (оценка по Стамбульскому протоколу).",
            ));
        }
        out.push(ArticleSuggestion {
            article: "3",
            title: t("Prohibition of torture and inhuman or degrading treatment", "Запрещение пыток и бесчеловечного или унижающего достоинство обращения"),
            supporting: vec![t(
                format!("Ill-treatment is recorded in {episodes} detention episode(s), {} method(s) in all.", methods.len()),
                format!("Жестокое обращение записано в эпизодах задержания: {episodes}; методов всего: {}.", methods.len()),
            )],
            missing,
        });
    }

    // Article 3 procedural and Article 13: the authorities' response to complaints
    let complaints = f.count("complaints");
    let ineffective = (0..complaints)
        .filter(|i| {
            matches!(
                f.choice(&format!("complaints[{i}].decision")).as_deref(),
                Some(
                    "refusal_to_open_case"
                        | "no_response"
                        | "case_suspended"
                        | "case_closed"
                        | "complaint_rejected"
                )
            )
        })
        .count();
    if !methods.is_empty() || complaints > 0 {
        let mut supporting = Vec::new();
        let mut missing = Vec::new();
        if ineffective > 0 {
            supporting.push(t(
                format!("{ineffective} complaint(s) met a refusal to open a criminal case, no response, suspension or closure."),
                format!("Жалоб, на которые последовал отказ в возбуждении уголовного дела, отсутствие ответа, приостановление или прекращение: {ineffective}."),
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
            supporting: supporting.clone(),
            missing: missing.clone(),
        });
        out.push(ArticleSuggestion {
            article: "13",
            title: t(
                "Right to an effective remedy",
                "Право на эффективное средство правовой защиты",
            ),
            supporting,
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
            supporting.push(t(
                format!("{unacknowledged} detention(s) were never recorded officially."),
                format!("Задержаний, не оформленных официально: {unacknowledged}."),
            ));
        }
        if unofficial > 0 {
            supporting.push(t(
                format!("{unofficial} detention(s) took place at an unofficial site."),
                format!("Задержаний в неофициальных местах содержания: {unofficial}."),
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
    let outing = methods.contains("forced_outing")
        || methods.contains("forced_naming")
        || methods.contains("forced_video");
    let perceived = f.yes("perceived_lgbt");
    if outing || perceived {
        let mut supporting = Vec::new();
        if outing {
            supporting.push(t(
                "Forced outing, forced naming of others or forced filming is recorded.",
                "Записаны принудительный аутинг, принуждение назвать других или принудительная видеосъёмка.",
            ));
        }
        if perceived {
            supporting.push(t(
                "The survivor was targeted for their real or perceived sexual orientation or gender identity.",
                "Человек подвергся преследованию из-за реальной или предполагаемой сексуальной ориентации или гендерной идентичности.",
            ));
        }
        out.push(ArticleSuggestion {
            article: "8",
            title: t(
                "Right to respect for private and family life",
                "Право на уважение частной и семейной жизни",
            ),
            supporting: supporting.clone(),
            missing: vec![],
        });
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

    // Article 2: threats to life, life-threatening methods, deaths or disappearances
    let threats = methods.contains("threats_death") || methods.contains("suffocation");
    let lost = (0..f.count("third_parties"))
        .filter(|i| {
            matches!(
                f.choice(&format!("third_parties[{i}].situation"))
                    .as_deref(),
                Some("dead" | "missing")
            )
        })
        .count();
    if threats || lost > 0 {
        let mut supporting = Vec::new();
        if threats {
            supporting.push(t(
                "Death threats or life-threatening methods (suffocation) are recorded.",
                "Записаны угрозы убийством или опасные для жизни методы (удушение).",
            ));
        }
        if lost > 0 {
            supporting.push(t(
                format!("{lost} related person(s) died or disappeared."),
                format!("Связанных лиц, погибших или пропавших: {lost}."),
            ));
        }
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
