/**
 * Answers on the UI side: turning what a person typed or chose into an `AnswerDto`, and an
 * `AnswerDto` back into what an input shows. Pure functions, no state.
 *
 * "Declined", "don't know" and "not asked" are answers in their own right (they satisfy
 * `required`), distinct from nothing recorded (no entry at the path).
 */
import type { AnswerDto, DateDto, ValueDto } from "../ipc/backend";

export const SPECIAL_STATUSES = ["declined", "dont_know", "not_asked"] as const;
export type SpecialStatus = (typeof SPECIAL_STATUSES)[number];
export type Answered = Extract<AnswerDto, { status: "answered" }>;

export function isSpecial(answer: AnswerDto | undefined | null): answer is { status: SpecialStatus } {
  return answer !== undefined && answer !== null && answer.status !== "answered";
}

/** A stable text form of an answer, to tell whether it really changed. */
export function answerKey(answer: AnswerDto | undefined | null): string {
  return answer ? JSON.stringify(answer) : "";
}

function valueOf(answer: AnswerDto | undefined | null): ValueDto | null {
  return answer && answer.status === "answered" ? answer : null;
}

/** The wire value type a question kind stores. */
export function valueTypeFor(kind: string): ValueDto["type"] {
  switch (kind) {
    case "integer":
      return "integer";
    case "decimal":
      return "decimal";
    case "date":
      return "date";
    case "select_one":
      return "choice";
    case "select_many":
      return "choices";
    case "yes_no":
      return "yes_no";
    case "person_ref":
      return "person_ref";
    case "place_ref":
      return "place_ref";
    case "attachment":
      return "attachment";
    default:
      return "text";
  }
}

/** The text of a text-like answer (text, long text, person and place references). */
export function textOf(answer: AnswerDto | undefined | null): string {
  const v = valueOf(answer);
  if (!v) return "";
  switch (v.type) {
    case "text":
    case "person_ref":
    case "place_ref":
      return v.value;
    case "integer":
      return String(v.value);
    case "decimal":
      return v.value;
    default:
      return "";
  }
}

/** A text-like answer from typed text; only whitespace means "nothing recorded". */
export function textAnswer(kind: string, text: string): AnswerDto | null {
  if (text.trim() === "") return null;
  const type = valueTypeFor(kind);
  if (type === "person_ref" || type === "place_ref") return { status: "answered", type, value: text };
  return { status: "answered", type: "text", value: text };
}

export type IntegerParse = { kind: "empty" } | { kind: "bad" } | { kind: "ok"; value: number };

/** A whole number typed as text ("12", "-3"); anything else is `bad`, never guessed at. */
export function parseInteger(text: string): IntegerParse {
  const t = text.trim();
  if (t === "") return { kind: "empty" };
  if (!/^[-−]?\d{1,15}$/.test(t)) return { kind: "bad" };
  return { kind: "ok", value: Number(t.replace("−", "-")) };
}

export type DecimalParse = { kind: "empty" } | { kind: "bad" } | { kind: "ok"; value: string };

/** Most digits a decimal may have (what the form engine holds exactly). */
export const MAX_DECIMAL_DIGITS = 28;

/**
 * A decimal number typed as text, with `,` or `.` between the whole and the fractional part
 * (Russian writes `2,5`): `ok` carries the form engine's canonical text (`"2.5"`, `"-0.25"`,
 * `"3"` for `3,000`). Anything else — two separators, letters, spaces inside, an exponent,
 * more than 28 digits — is `bad`, never guessed at.
 */
export function parseDecimal(text: string): DecimalParse {
  const t = text.trim().replace("−", "-");
  if (t === "") return { kind: "empty" };
  const m = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(t);
  if (!m) return { kind: "bad" };
  const sign = m[1] ?? "";
  const whole = (m[2] ?? "").replace(/^0+(?=\d)/, "");
  const fraction = (m[3] ?? "").replace(/0+$/, "");
  if ((m[2] ?? "").length + (m[3] ?? "").length > MAX_DECIMAL_DIGITS) return { kind: "bad" };
  const body = fraction === "" ? whole : `${whole}.${fraction}`;
  return { kind: "ok", value: body === "0" ? "0" : sign + body };
}

/** A decimal answer as a person of `language` writes it: `2,5` in Russian, `2.5` in English. */
export function decimalShown(answer: AnswerDto | undefined | null, language: string): string {
  const v = valueOf(answer);
  if (!v || v.type !== "decimal") return "";
  return language === "ru" ? v.value.replace(".", ",") : v.value;
}

export function choiceOf(answer: AnswerDto | undefined | null): string | null {
  const v = valueOf(answer);
  return v && v.type === "choice" ? v.value : null;
}

export function choicesOf(answer: AnswerDto | undefined | null): string[] {
  const v = valueOf(answer);
  return v && v.type === "choices" ? v.value : [];
}

export function yesNoOf(answer: AnswerDto | undefined | null): boolean | null {
  const v = valueOf(answer);
  return v && v.type === "yes_no" ? v.value : null;
}

export function attachmentOf(answer: AnswerDto | undefined | null): string | null {
  const v = valueOf(answer);
  return v && v.type === "attachment" ? v.value : null;
}

export function dateOf(answer: AnswerDto | undefined | null): DateDto | null {
  const v = valueOf(answer);
  return v && v.type === "date" ? v.value : null;
}

/** `selected` toggled in or out of `current`, kept in the order of `order` (the choice list). */
export function toggleChoice(current: string[], choice: string, selected: boolean, order: string[]): string[] {
  const set = new Set(current);
  if (selected) set.add(choice);
  else set.delete(choice);
  return order.filter((name) => set.has(name));
}

// Dates ------------------------------------------------------------------------------------

export const PRECISIONS = ["exact", "month", "season", "year", "approximate"] as const;
export type Precision = (typeof PRECISIONS)[number];
export const SEASONS = ["spring", "summer", "autumn", "winter"] as const;
export type Season = (typeof SEASONS)[number];

/** What the date fields hold while a person types: strings, possibly incomplete. */
export interface DateDraft {
  precision: string;
  year: string;
  month: string;
  day: string;
  season: string;
  time: string;
}

/** Which parts a precision asks for. */
export function dateFields(precision: string, allowTime: boolean) {
  return {
    day: precision === "exact" || precision === "approximate",
    month: precision === "exact" || precision === "month" || precision === "approximate",
    season: precision === "season",
    time: precision === "exact" && allowTime,
    // For `approximate`, month and day are optional.
    optionalParts: precision === "approximate",
  };
}

export function draftFromAnswer(answer: AnswerDto | undefined | null, precisions: string[]): DateDraft {
  const d = dateOf(answer);
  const fallback = precisions[0] ?? "exact";
  if (!d) return { precision: fallback, year: "", month: "", day: "", season: "", time: "" };
  return {
    precision: d.precision,
    year: String(d.year),
    month: d.month === undefined ? "" : String(d.month),
    day: d.day === undefined ? "" : String(d.day),
    season: d.season ?? "",
    time: d.time ?? "",
  };
}

/** The earliest and latest year a date may have (the form engine's `MIN_YEAR`, `MAX_YEAR`). */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`; with no year known, the most it can have (29 for February). */
export function daysInMonth(month: number, year: number | null): number {
  if (month === 2) return year === null || isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export type DateParse =
  | { kind: "empty" }
  | { kind: "incomplete" }
  | { kind: "bad"; part: "year" | "day" | "time" }
  /** Well-formed parts that make no date: day 0, 31 April, 29 February 2023, 24:00, year 0999. */
  | { kind: "impossible"; part: "day"; day: number; month: number | null; year: number | null; days: number }
  | { kind: "impossible"; part: "year" | "time" }
  | { kind: "ok"; value: DateDto };

/**
 * A `DateDto` from the draft, or why there is none yet. The form of each part is checked
 * (four-digit year, a day number, HH:MM), and, as it is typed, whether the parts can make a
 * date: the day against the month and (once it has four digits) the year, the year against
 * the range the form engine accepts, the time against 00:00–23:59. The backend checks the
 * same again and answers `invalid`; an impossible date is simply never sent.
 */
export function dateFromDraft(draft: DateDraft, allowTime: boolean): DateParse {
  const fields = dateFields(draft.precision, allowTime);
  const year = draft.year.trim();
  const day = fields.day ? draft.day.trim() : "";
  const month = fields.month ? draft.month : "";
  const season = fields.season ? draft.season : "";
  const time = fields.time ? draft.time.trim() : "";
  if (year === "" && day === "" && month === "" && season === "" && time === "") return { kind: "empty" };
  if (!/^\d*$/.test(year)) return { kind: "bad", part: "year" };
  if (day !== "" && !/^\d{1,2}$/.test(day)) return { kind: "bad", part: "day" };
  let hhmm: string | undefined;
  if (time !== "") {
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(time);
    if (!m) return { kind: "bad", part: "time" };
    if (Number(m[1]) > 23 || Number(m[2]) > 59) return { kind: "impossible", part: "time" };
    hhmm = `${(m[1] ?? "").padStart(2, "0")}:${m[2] ?? ""}`;
  }
  if (year.length > 4) return { kind: "bad", part: "year" };
  const knownYear = year.length === 4 ? Number(year) : null;
  if (knownYear !== null && (knownYear < MIN_YEAR || knownYear > MAX_YEAR)) return { kind: "impossible", part: "year" };
  if (day !== "") {
    const d = Number(day);
    const m = month === "" ? null : Number(month);
    const days = m === null ? 31 : daysInMonth(m, knownYear);
    if (d < 1 || d > days) return { kind: "impossible", part: "day", day: d, month: m, year: knownYear, days };
  }
  if (year.length < 4) return { kind: "incomplete" };
  const value: DateDto = { precision: draft.precision, year: Number(year) };
  switch (draft.precision) {
    case "exact":
      if (month === "" || day === "") return { kind: "incomplete" };
      value.month = Number(month);
      value.day = Number(day);
      if (hhmm) value.time = hhmm;
      break;
    case "month":
      if (month === "") return { kind: "incomplete" };
      value.month = Number(month);
      break;
    case "season":
      if (season === "") return { kind: "incomplete" };
      value.season = season;
      break;
    case "year":
      break;
    case "approximate":
      if (day !== "" && month === "") return { kind: "incomplete" };
      if (month !== "") value.month = Number(month);
      if (day !== "") value.day = Number(day);
      break;
    default:
      return { kind: "incomplete" };
  }
  return { kind: "ok", value };
}
