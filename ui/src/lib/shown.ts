/**
 * An answer as a person reads it, in the UI language: a choice by its label, a date in words,
 * a decimal with the language's separator. Used where a value is shown, not edited (a proposed
 * default). Pure.
 */
import type { AnswerDto, ChoiceView, Language } from "../ipc/backend";
import { decimalShown } from "./answers";
import { pick } from "./form";
import { formatDay, formatMonth } from "./format";

const pad = (n: number) => String(n).padStart(2, "0");

export function answerShown(
  answer: AnswerDto,
  choices: readonly ChoiceView[],
  language: Language,
  words: { yes: string; no: string },
): string {
  if (answer.status !== "answered") return "";
  const label = (name: string) => {
    const c = choices.find((x) => x.name === name);
    return c ? pick(c.label, language) : name;
  };
  switch (answer.type) {
    case "integer":
      return String(answer.value);
    case "decimal":
      return decimalShown(answer, language);
    case "yes_no":
      return answer.value ? words.yes : words.no;
    case "choice":
      return label(answer.value);
    case "choices":
      return answer.value.map(label).join(", ");
    case "date": {
      const d = answer.value;
      if (d.month !== undefined && d.day !== undefined) return formatDay(`${d.year}-${pad(d.month)}-${pad(d.day)}`, language);
      if (d.month !== undefined) return formatMonth(`${d.year}-${pad(d.month)}`, language);
      return String(d.year);
    }
    default:
      return answer.value;
  }
}
