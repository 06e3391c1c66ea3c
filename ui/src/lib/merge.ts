/**
 * How the merge screen shows a compared value in words: an answer as the interview records it
 * (a text, a number, a partial date kept partial, a choice's name, yes/no, or one of the three
 * non-answers), the workflow status by its translated name, and "nothing recorded" for none.
 * Pure (no state), so it is tested on its own.
 */
import type { MergeValueDto } from "../ipc/transfer";
import type { DateDto } from "../ipc/bindings/DateDto";
import type { Messages } from "../i18n";
import type { FormView } from "../ipc/bindings/FormView";
import type { QuestionView } from "../ipc/bindings/QuestionView";
import type { Language } from "../ipc/bindings/Language";
import { definitionPath, pick, questionsOf } from "./form";

/** The question an answer path belongs to, in the case's form (null: not in it). */
export function questionAt(form: FormView | null, path: string): QuestionView | null {
  if (form === null) return null;
  const want = definitionPath(path);
  for (const section of form.sections) {
    for (const [p, q] of questionsOf(section.items)) if (p === want) return q;
  }
  return null;
}

/**
 * A row's name: the question's label in the UI language, with the repeat instances it sits in
 * (`Detention episodes › 2`), or the path itself when the form does not know it.
 */
export function mergeLabel(form: FormView | null, path: string, language: Language): string {
  const q = questionAt(form, path);
  if (q === null) return path;
  const instances = [...path.matchAll(/\[(\d+)\]/g)].map((m) => String(Number(m[1]) + 1));
  const label = pick(q.label, language) || path;
  return instances.length === 0 ? label : `${label} (${instances.join(" › ")})`;
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** A partial date as it was recorded: never completed to a day it does not hold. */
export function partialDateText(d: DateDto, t: Messages): string {
  switch (d.precision) {
    case "exact":
      return `${d.year}-${two(d.month ?? 1)}-${two(d.day ?? 1)}${d.time ? ` ${d.time}` : ""}`;
    case "month":
      return `${d.year}-${two(d.month ?? 1)}`;
    case "season":
      return `${t.exchange.mergeSeasons[(d.season ?? "spring") as keyof Messages["exchange"]["mergeSeasons"]] ?? d.season} ${d.year}`;
    case "year":
      return String(d.year);
    default:
      return `~${d.year}`;
  }
}

export function mergeValueText(
  v: MergeValueDto | null,
  t: Messages,
  question: QuestionView | null = null,
  language: Language = "en",
): string {
  const choice = (name: string) => {
    const c = question?.choices.find((ch) => ch.name === name);
    return c ? pick(c.label, language) || name : name;
  };
  if (v === null) return t.exchange.mergeNothing;
  if (v.kind === "status") {
    return (t.cases.statuses as Record<string, string>)[v.status] ?? t.cases.statusUnknown;
  }
  const a = v.answer;
  if (a.status !== "answered") return t.interview.special[a.status];
  switch (a.type) {
    case "choice":
      return choice(a.value);
    case "text":
    case "person_ref":
    case "place_ref":
      return a.value;
    case "integer":
      return String(a.value);
    case "decimal":
      return language === "ru" ? a.value.replace(".", ",") : a.value;
    case "choices":
      return a.value.map(choice).join(", ");
    case "yes_no":
      return a.value ? t.interview.yes : t.interview.no;
    case "date":
      return partialDateText(a.value, t);
    case "attachment":
      return t.exchange.mergeAttachment;
  }
}
