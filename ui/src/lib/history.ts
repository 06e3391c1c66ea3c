/**
 * A case's history as the board panel shows it: workflow events (status, assignment, due
 * date, evacuation stage) and answer changes (which question, never the value), merged
 * newest first, with answer paths turned into the form's own labels where they can be.
 */
import type { CaseEventDto, FormView, HistoryEntryDto, ItemView, Language } from "../ipc/backend";
import { pick } from "./form";

export type HistoryItem =
  | { source: "event"; at: string; by: string; event: CaseEventDto }
  | { source: "answer"; at: string; by: string; entry: HistoryEntryDto };

/**
 * Both lists come newest first from the backend; the result is too. At the same instant (a
 * stage changed from the board writes its event and its answers together) the event comes
 * first: it says what happened, the answers where.
 */
export function mergeHistory(events: readonly CaseEventDto[], answers: readonly HistoryEntryDto[]): HistoryItem[] {
  const items: HistoryItem[] = [
    ...events.map((event): HistoryItem => ({ source: "event", at: event.at, by: event.by, event })),
    ...answers.map((entry): HistoryItem => ({ source: "answer", at: entry.at, by: entry.by, entry })),
  ];
  // Array.prototype.sort is stable: within one instant events keep their place before answers.
  return items.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));
}

/** One segment of an answer path: `episodes[1]` → { name: "episodes", index: 1 }. */
function segments(path: string): Array<{ name: string; index: number | null }> | null {
  const out: Array<{ name: string; index: number | null }> = [];
  for (const part of path.split(".")) {
    const m = /^([A-Za-z0-9_]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) return null;
    out.push({ name: m[1] ?? "", index: m[2] === undefined ? null : Number(m[2]) });
  }
  return out;
}

/**
 * The labels along an answer path, outermost first, starting with its section:
 * `episodes[1].treatment[0].methods` → ["Detention", "Detention episode 2", "Treatment 1",
 * "Methods"]. `instance(label, n)` titles a repeat instance (one-based, as the interview
 * does). Null when the path does not fit the form.
 */
export function pathLabels(
  form: FormView,
  path: string,
  language: Language,
  instance: (label: string, n: number) => string,
): string[] | null {
  const parts = segments(path);
  if (parts === null || parts.length === 0) return null;
  const section = form.sections.find((s) => s.items.some((it) => it.name === parts[0]?.name));
  if (!section) return null;
  let items: ItemView[] = section.items;
  const labels: string[] = [pick(section.label, language)];
  for (const [i, part] of parts.entries()) {
    const item = items.find((it) => it.name === part.name);
    if (!item) return null;
    const label = pick(item.label, language);
    const last = i === parts.length - 1;
    if (item.item === "repeat") {
      if (part.index === null) {
        if (!last) return null;
        labels.push(label);
      } else {
        labels.push(instance(label, part.index + 1));
        items = item.items;
      }
    } else {
      if (part.index !== null || !last) return null;
      labels.push(label);
    }
  }
  return labels;
}
