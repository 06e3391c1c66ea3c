/**
 * The one-line summary of a repeat instance ("Detention episode 2 — March 2021 · Grozny ·
 * 7 of 18 answered"), shown when the instance is collapsed so a long section reads as a list.
 * Built from what the instance holds, never guessed: a partial date stays partial, and an
 * instance with nothing recorded says so.
 */
import type { AnswerDto, DateDto, ItemView, Language } from "../ipc/backend";
import type { Messages } from "../i18n";
import { choiceOf, dateOf, textOf } from "./answers";
import { itemPath, pick } from "./form";
import { formatDay, formatMonth } from "./format";

/** What a collapsed instance shows: up to two identifying values and how far it is answered. */
export interface InstanceSummary {
  /** The first date recorded in the instance, as precise as it was recorded. */
  date: string | null;
  /** The first place, else the first short text or single choice recorded. */
  what: string | null;
  answered: number;
  asked: number;
}

/** Longest identifying text shown on the line; the rest is behind "Expand". */
const MAX_WHAT = 60;

/** The summary of the instance at `scope` (`episodes[1]`), over its own questions. */
export function instanceSummary(
  items: readonly ItemView[],
  scope: string,
  answers: Readonly<Record<string, AnswerDto>>,
  hidden: ReadonlySet<string>,
  language: Language,
  t: Messages,
): InstanceSummary {
  let date: string | null = null;
  let place: string | null = null;
  let other: string | null = null;
  let answered = 0;
  let asked = 0;
  for (const item of items) {
    if (item.item !== "question" || item.kind === "calculate") continue;
    const path = itemPath(scope, item.name);
    if (hidden.has(path)) continue;
    asked += 1;
    const answer = answers[path];
    if (answer === undefined) continue;
    answered += 1;
    if (answer.status !== "answered") continue;
    if (date === null && item.kind === "date") {
      const d = dateOf(answer);
      if (d) date = dateText(d, language, t);
    } else if (place === null && item.kind === "place_ref") {
      place = textOf(answer) || null;
    } else if (other === null && (item.kind === "text" || item.kind === "person_ref")) {
      other = textOf(answer) || null;
    } else if (other === null && item.kind === "select_one") {
      const choice = item.choices.find((c) => c.name === choiceOf(answer));
      other = choice ? pick(choice.label, language) : null;
    }
  }
  return { date, what: shorten(place ?? other), answered, asked };
}

/** A recorded date in words, at the precision it was recorded: never completed to a day. */
export function dateText(d: DateDto, language: Language, t: Messages): string {
  const two = (n: number | null | undefined) => String(n ?? 1).padStart(2, "0");
  switch (d.precision) {
    case "exact":
      return formatDay(`${d.year}-${two(d.month)}-${two(d.day)}`, language);
    case "month":
      return formatMonth(`${d.year}-${two(d.month)}`, language);
    case "season":
      return `${t.date.seasons[d.season ?? ""] ?? d.season ?? ""} ${d.year}`.trim();
    case "year":
      return String(d.year);
    default:
      return t.instance.approximately(String(d.year));
  }
}

function shorten(text: string | null): string | null {
  if (text === null) return null;
  const one = text.replace(/\s+/g, " ").trim();
  if (one === "") return null;
  return one.length <= MAX_WHAT ? one : `${one.slice(0, MAX_WHAT - 1).trimEnd()}…`;
}
