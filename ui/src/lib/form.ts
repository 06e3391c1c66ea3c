/**
 * Reading a form definition (`FormView`) on the UI side: labels in the chosen language,
 * answer paths, and which items a section holds. No form logic lives here: skip logic,
 * required questions, constraints and progress all come from the backend after each save.
 *
 * Answer paths are the form engine's: `narrative` at the top level, `episodes[1].date`
 * inside a repeat instance, `episodes[1].treatment[0].methods` nested (zero-based; section
 * names are not part of paths). A repeat's *container* path is `episodes`, or
 * `episodes[1].treatment` inside an instance.
 */
import type {
  AnswerDto,
  ChoiceView,
  FormView,
  ItemView,
  Language,
  LabelsDto,
  QuestionView,
  SectionView,
} from "../ipc/backend";

/** Select-one questions with at most this many choices are radio buttons; longer lists are a select. */
export const RADIO_LIMIT = 8;

/** The text for the UI language, English when a translation is missing. */
export function pick(labels: LabelsDto | null | undefined, language: Language): string {
  if (!labels) return "";
  return labels[language] || labels.en;
}

/** The path of an item `name` in `scope` (null: top level; else an instance like `episodes[0]`). */
export function itemPath(scope: string | null, name: string): string {
  return scope === null ? name : `${scope}.${name}`;
}

/** The path of instance `index` of a repeat container: `episodes[0]`. */
export function instancePath(container: string, index: number): string {
  return `${container}[${index}]`;
}

/** Whether `path` lies inside instance `index` of `container`. */
export function isInside(path: string, container: string, index: number): boolean {
  return path.startsWith(`${instancePath(container, index)}.`);
}

/** Whether `path` lies inside any instance of `container`. */
export function isInsideContainer(path: string, container: string): boolean {
  return path.startsWith(`${container}[`);
}

/**
 * Where an answer path moves when instance `index` of `container` is removed: `null` if it
 * was inside the removed instance, one instance lower if it was in a later one, unchanged
 * otherwise.
 */
export function pathAfterRemove(path: string, container: string, index: number): string | null {
  const prefix = `${container}[`;
  if (!path.startsWith(prefix)) return path;
  const close = path.indexOf("]", prefix.length);
  if (close < 0) return path;
  const at = Number(path.slice(prefix.length, close));
  if (!Number.isInteger(at)) return path;
  if (at === index) return null;
  if (at < index) return path;
  return `${prefix}${at - 1}${path.slice(close)}`;
}

/** The top-level paths of a section's items (questions and repeat containers). */
export function sectionPaths(section: SectionView): string[] {
  return section.items.map((item) => item.name);
}

/** Every question of a form with its definition path (`episodes.treatment.methods`). */
export function* questionsOf(items: ItemView[], prefix = ""): Generator<[string, QuestionView]> {
  for (const item of items) {
    const path = prefix ? `${prefix}.${item.name}` : item.name;
    if (item.item === "question") yield [path, item];
    else if (item.item === "repeat") yield* questionsOf(item.items, path);
  }
}

/** The definition path of an answer path: `episodes[1].treatment[0].methods` → `episodes.treatment.methods`. */
export function definitionPath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

/** The section a top-level name belongs to. */
export function sectionOfName(form: FormView, name: string): SectionView | undefined {
  return form.sections.find((s) => s.items.some((item) => item.name === name));
}

/**
 * The choices a select shows: all of them, or for a cascading select the ones the backend
 * says its filter offers now (`offered`), in list order — plus any already chosen that no
 * longer fits, so the interviewer can see and change it (the backend flags it).
 */
export function offeredChoices(
  all: readonly ChoiceView[],
  offered: readonly string[] | undefined,
  answer: AnswerDto | undefined,
): ChoiceView[] {
  if (offered === undefined) return [...all];
  const chosen = new Set<string>();
  if (answer?.status === "answered" && answer.type === "choice") chosen.add(answer.value);
  if (answer?.status === "answered" && answer.type === "choices") answer.value.forEach((v) => chosen.add(v));
  const allowed = new Set(offered);
  return all.filter((c) => allowed.has(c.name) || chosen.has(c.name));
}
