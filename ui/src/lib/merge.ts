/**
 * How the merge screen shows a compared value in words: an answer as the interview records it
 * (a text, a number, a partial date kept partial, a choice's name, yes/no, or one of the three
 * non-answers), the workflow status by its translated name, and "nothing recorded" for none.
 * Pure (no state), so it is tested on its own.
 */
import type { MergeValueDto } from "../ipc/transfer";
import type { DateDto } from "../ipc/bindings/DateDto";
import type { Messages } from "../i18n";

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

export function mergeValueText(v: MergeValueDto | null, t: Messages): string {
  if (v === null) return t.exchange.mergeNothing;
  if (v.kind === "status") {
    return (t.cases.statuses as Record<string, string>)[v.status] ?? t.cases.statusUnknown;
  }
  const a = v.answer;
  if (a.status !== "answered") return t.interview.special[a.status];
  switch (a.type) {
    case "text":
    case "choice":
    case "person_ref":
    case "place_ref":
      return a.value;
    case "integer":
      return String(a.value);
    case "choices":
      return a.value.join(", ");
    case "yes_no":
      return a.value ? t.interview.yes : t.interview.no;
    case "date":
      return partialDateText(a.value, t);
    case "attachment":
      return t.exchange.mergeAttachment;
  }
}
