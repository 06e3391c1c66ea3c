/**
 * Pure helpers of Settings › Forms and *New interview*: where a workbook problem is, how a
 * form is named in a list, which language a preview starts in. No rule of the core is
 * re-implemented here: what may be imported and offered is the core's answer.
 */
import type { FormProblemDto, FormSummaryDto, Language } from "../ipc/backend";

/** The words a problem's place is written with, in the UI language. */
export interface PlaceWords {
  workbook: string;
  sheet: (name: string) => string;
  row: (n: number) => string;
  column: (name: string) => string;
}

/** Where a problem is: "sheet survey, row 3, column relevant (E)"; the workbook if no sheet. */
export function problemPlace(p: FormProblemDto, words: PlaceWords): string {
  const parts = [p.sheet === "" ? words.workbook : words.sheet(p.sheet)];
  if (p.row !== null) parts.push(words.row(p.row));
  if (p.column !== null) parts.push(words.column(p.column));
  return parts.join(", ");
}

const SHEET_ORDER = ["", "survey", "choices", "settings"];

/** Problems in reading order: the workbook, then survey, choices, settings, others; by row. */
export function sortProblems(problems: readonly FormProblemDto[]): FormProblemDto[] {
  const rank = (sheet: string) => {
    const i = SHEET_ORDER.indexOf(sheet);
    return i === -1 ? SHEET_ORDER.length : i;
  };
  return [...problems].sort(
    (a, b) => rank(a.sheet) - rank(b.sheet) || a.sheet.localeCompare(b.sheet) || (a.row ?? 0) - (b.row ?? 0),
  );
}

/** The key of a form version in a `<select>`: `id@version`. */
export function formKey(f: { id: string; version: number }): string {
  return `${f.id}@${f.version}`;
}

/** The form version a `formKey` names, among `forms`; null if none. */
export function formOfKey<T extends { id: string; version: number }>(forms: readonly T[], key: string): T | null {
  return forms.find((f) => formKey(f) === key) ?? null;
}

/** A form's title in the UI language. */
export function formTitle(f: FormSummaryDto, language: Language): string {
  return f.title[language];
}

/**
 * The language a preview starts in: the UI language if the form has it, else the first of
 * the form's languages the app can show (English or Russian), else English.
 */
export function previewLanguage(languages: readonly string[], ui: Language): Language {
  if (languages.includes(ui)) return ui;
  const shown = languages.find((l): l is Language => l === "en" || l === "ru");
  return shown ?? "en";
}
