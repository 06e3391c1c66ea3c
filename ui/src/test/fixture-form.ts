/**
 * A small hand-made form for unit tests, shaped like the backend's `FormView` but not the
 * real intake: one question of every kind, a repeat with a nested repeat, a third-party
 * repeat, skip logic and a constraint. The fake backend (./fake-backend.ts) evaluates its
 * rules, written out by hand in `FIXTURE_RULES`. Every name and label is invented.
 */
import type { AnswerDto, ChoiceView, FormView, ItemView, QuestionView } from "../ipc/backend";

function labels(en: string, ru: string) {
  return { en, ru };
}

function choice(name: string, en: string, ru: string): ChoiceView {
  return { name, label: labels(en, ru) };
}

function question(
  name: string,
  kind: string,
  en: string,
  ru: string,
  extra: Partial<QuestionView> = {},
): ItemView {
  return {
    item: "question",
    name,
    kind,
    label: labels(en, ru),
    hint: null,
    choices: [],
    precisions: kind === "date" ? ["exact", "month", "season", "year", "approximate"] : [],
    time: false,
    sensitivity: "normal",
    thirdParty: false,
    exported: true,
    readOnly: false,
    ...extra,
  };
}

const COUNTRIES = [
  choice("ru", "Russia", "Россия"),
  choice("by", "Belarus", "Беларусь"),
  choice("ge", "Georgia", "Грузия"),
  choice("am", "Armenia", "Армения"),
  choice("tr", "Turkey", "Турция"),
  choice("de", "Germany", "Германия"),
  choice("fr", "France", "Франция"),
  choice("nl", "Netherlands", "Нидерланды"),
  choice("ca", "Canada", "Канада"),
  choice("other", "Other", "Другое"),
];

export const FIXTURE_FORM: FormView = {
  id: "fixture",
  version: 1,
  title: labels("Test form", "Тестовая форма"),
  sections: [
    {
      name: "start",
      label: labels("Start", "Начало"),
      hint: labels("Ask each question in turn.", "Задавайте вопросы по порядку."),
      items: [
        question("agree", "yes_no", "Do you agree?", "Вы согласны?"),
        question("alias", "text", "Alias", "Псевдоним", { sensitivity: "high_risk" }),
      ],
    },
    {
      name: "person",
      label: labels("Person", "Человек"),
      hint: null,
      items: [
        question("full_name", "text", "Full name", "Полное имя", { sensitivity: "identity" }),
        question("age", "integer", "Age", "Возраст"),
        question("weight", "decimal", "Weight, kg", "Вес, кг"),
        question("weight_g", "decimal", "Weight, g", "Вес, г", { readOnly: true }),
        question("born", "date", "Date of birth", "Дата рождения"),
        {
          item: "note",
          name: "hard_part",
          label: labels("The next questions are hard. Offer a break.", "Следующие вопросы тяжёлые. Предложите перерыв."),
          hint: labels("Nothing to record here.", "Здесь ничего не записывается."),
        },
        question("story", "long_text", "Story", "Рассказ", {
          hint: labels("In their own words.", "Своими словами."),
        }),
        question("languages", "select_many", "Languages", "Языки", {
          choices: [choice("ru", "Russian", "Русский"), choice("en", "English", "Английский"), choice("ce", "Chechen", "Чеченский")],
        }),
        question("country", "select_one", "Country now", "Страна сейчас", { choices: COUNTRIES, sensitivity: "high_risk" }),
        question("stage", "select_one", "Stage", "Этап", {
          choices: [choice("hiding", "In hiding", "Скрывается"), choice("shelter", "In a shelter", "В шелтере"), choice("abroad", "Abroad", "За границей")],
        }),
        question("helper", "person_ref", "Who helped", "Кто помог"),
        question("town", "place_ref", "Town", "Город"),
        question("photo", "attachment", "Photo", "Фото"),
      ],
    },
    {
      name: "events",
      label: labels("Events", "События"),
      hint: null,
      items: [
        {
          item: "repeat",
          name: "events",
          label: labels("Event", "Событие"),
          hint: null,
          thirdParty: false,
          counted: false,
          items: [
            question("when", "date", "When", "Когда", { precisions: ["exact", "month"], time: true }),
            question("kind", "select_one", "What happened", "Что произошло", {
              choices: [choice("arrest", "Arrest", "Задержание"), choice("raid", "Raid", "Обыск"), choice("other", "Other", "Другое")],
            }),
            question("kind_other", "text", "What else", "Что ещё"),
            {
              item: "repeat",
              name: "acts",
              label: labels("Act", "Действие"),
              hint: null,
              thirdParty: false,
              counted: false,
              items: [
                question("methods", "select_many", "Methods", "Методы", {
                  choices: [choice("beating", "Beating", "Избиение"), choice("threats", "Threats", "Угрозы"), choice("other", "Other", "Другое")],
                }),
                question("methods_other", "text", "Other methods", "Другие методы"),
              ],
            },
          ],
        },
        {
          item: "repeat",
          name: "witnesses",
          label: labels("Witness", "Свидетель"),
          hint: null,
          thirdParty: true,
          counted: false,
          items: [question("witness_name", "text", "Name", "Имя", { thirdParty: true, sensitivity: "identity" })],
        },
        // a counted repeat (`repeat_count` = ${children_count}) and a question with a default
        question("children_count", "integer", "How many children", "Сколько детей"),
        {
          item: "repeat",
          name: "children",
          label: labels("Child", "Ребёнок"),
          hint: null,
          thirdParty: false,
          counted: true,
          items: [question("child_name", "text", "Child's first name", "Имя ребёнка")],
        },
        question("household", "integer", "People in the household", "Человек в семье"),
      ],
    },
    {
      name: "notes",
      label: labels("Notes", "Заметки"),
      hint: null,
      items: [question("note", "long_text", "Notes", "Заметки", { sensitivity: "internal", exported: false })],
    },
  ],
};

/** Looks an answer up by name from where a rule stands (its instance, then outwards). */
export type Lookup = (name: string) => AnswerDto | undefined;

const yes = (a: AnswerDto | undefined) => a?.status === "answered" && a.type === "yes_no" && a.value;
const choiceIs = (a: AnswerDto | undefined, c: string) => a?.status === "answered" && a.type === "choice" && a.value === c;
const selected = (a: AnswerDto | undefined, c: string) =>
  a?.status === "answered" && a.type === "choices" && a.value.includes(c);

/** The fixture's rules, by definition path, as the real form would write them. */
export const FIXTURE_RULES = {
  /** Sections asked only when… */
  sectionRelevant: {
    person: (get: Lookup) => yes(get("agree")),
    events: (get: Lookup) => yes(get("agree")),
  } as Record<string, (get: Lookup) => boolean>,
  relevant: {
    alias: (get: Lookup) => yes(get("agree")),
    hard_part: (get: Lookup) => {
      const age = get("age");
      return age?.status === "answered" && age.type === "integer" && age.value >= 18;
    },
    "events.kind_other": (get: Lookup) => choiceIs(get("kind"), "other"),
    "events.acts.methods_other": (get: Lookup) => selected(get("methods"), "other"),
  } as Record<string, (get: Lookup) => boolean>,
  required: new Set(["agree", "full_name", "events.when", "events.acts.methods", "events.acts.methods_other"]),
  /** Constraints: the value check and the message. */
  constraints: {
    age: {
      ok: (a: AnswerDto) => a.status !== "answered" || a.type !== "integer" || (a.value >= 1 && a.value <= 120),
      message: labels("The age must be between 1 and 120.", "Возраст должен быть от 1 до 120."),
    },
    // `. >= 0.5`; the real engine compares exactly, this fake only needs one-decimal values
    weight: {
      ok: (a: AnswerDto) => a.status !== "answered" || a.type !== "decimal" || Number(a.value) >= 0.5,
      message: labels("At least 0.5 kg.", "Не меньше 0,5 кг."),
    },
  } as Record<string, { ok: (a: AnswerDto) => boolean; message: { en: string; ru: string } }>,
  /** Counted repeats: container → the count its `repeat_count` gives (0 while unanswered). */
  counts: {
    children: (get: Lookup): number => {
      const n = get("children_count");
      return n?.status === "answered" && n.type === "integer" ? Math.max(0, n.value) : 0;
    },
  } as Record<string, (get: Lookup) => number>,
  /** Defaults (`default` column): path → the proposal, shown until the interviewer confirms. */
  defaults: {
    household: { status: "answered", type: "integer", value: 2 },
  } as Record<string, AnswerDto>,
  /** Calculations (`weight_g` = `${weight} * 1000`): path → the value, or null. */
  calculations: {
    weight_g: (get: Lookup): AnswerDto | null => {
      const w = get("weight");
      if (w?.status !== "answered" || w.type !== "decimal") return null;
      return { status: "answered", type: "decimal", value: String(Number(w.value) * 1000) };
    },
  } as Record<string, (get: Lookup) => AnswerDto | null>,
};
