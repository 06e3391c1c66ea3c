/**
 * Dates and numbers as people read them, in the UI language. Days (YYYY-MM-DD) are calendar
 * days, not instants: they are formatted in UTC so no time zone can move them by one.
 */
import type { Language } from "../ipc/backend";

function locale(language: Language): string {
  return language === "ru" ? "ru-RU" : "en-GB";
}

const dayFormats = new Map<Language, Intl.DateTimeFormat>();
const instantFormats = new Map<Language, Intl.DateTimeFormat>();
const monthFormats = new Map<Language, Intl.DateTimeFormat>();

/** `2024-05-01` → "1 May 2024" / «1 мая 2024 г.»; anything else unchanged. */
export function formatDay(day: string, language: Language): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(d.getTime())) return day;
  let f = dayFormats.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(language), { dateStyle: "medium", timeZone: "UTC" });
    dayFormats.set(language, f);
  }
  return f.format(d);
}

/** An RFC 3339 instant in local time, with the time of day. */
export function formatInstant(iso: string, language: Language): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = instantFormats.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(language), { dateStyle: "medium", timeStyle: "short" });
    instantFormats.set(language, f);
  }
  return f.format(d);
}

/** `2024-05` → "May 2024" / «май 2024 г.». */
export function formatMonth(month: string, language: Language): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  if (!/^\d{4}-\d{2}$/.test(month) || Number.isNaN(d.getTime())) return month;
  let f = monthFormats.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(language), { month: "long", year: "numeric", timeZone: "UTC" });
    monthFormats.set(language, f);
  }
  return f.format(d);
}

export function formatCount(n: number, language: Language): string {
  return n.toLocaleString(locale(language));
}

/**
 * Every month from the first to the last key (YYYY-MM), with zero where nothing was
 * counted, so a chart's gaps are real gaps. At most `max` months (the latest ones).
 */
export function fillMonths(counts: ReadonlyArray<{ key: string; count: number }>, max = 240): Array<{ key: string; count: number }> {
  const valid = counts.filter((c) => /^\d{4}-\d{2}$/.test(c.key)).sort((a, b) => a.key.localeCompare(b.key));
  const first = valid[0];
  const last = valid[valid.length - 1];
  if (!first || !last) return [];
  const byKey = new Map(valid.map((c) => [c.key, c.count]));
  const index = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  const out: Array<{ key: string; count: number }> = [];
  for (let i = Math.max(index(first.key), index(last.key) - max + 1); i <= index(last.key); i += 1) {
    const key = `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
    out.push({ key, count: byKey.get(key) ?? 0 });
  }
  return out;
}
