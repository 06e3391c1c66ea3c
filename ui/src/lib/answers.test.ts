import { describe, expect, it } from "vitest";
import {
  dateFromDraft,
  decimalShown,
  draftFromAnswer,
  parseDecimal,
  parseInteger,
  textAnswer,
  toggleChoice,
  valueTypeFor,
  type DateDraft,
  type DateParse,
} from "./answers";
import { definitionPath, offeredChoices, pathAfterRemove } from "./form";
import type { AnswerDto } from "../ipc/backend";

function draft(parts: Partial<DateDraft>): DateDraft {
  return { precision: "exact", year: "", month: "", day: "", season: "", time: "", ...parts };
}

describe("dates from the fields", () => {
  const check = (parts: Partial<DateDraft>, expected: DateParse, allowTime = true) =>
    expect(dateFromDraft(draft(parts), allowTime), JSON.stringify(parts)).toEqual(expected);

  it("build each precision with only its own fields", () => {
    check({ year: "2019", month: "3", day: "14" }, { kind: "ok", value: { precision: "exact", year: 2019, month: 3, day: 14 } });
    check(
      { year: "2019", month: "3", day: "14", time: "9:05" },
      { kind: "ok", value: { precision: "exact", year: 2019, month: 3, day: 14, time: "09:05" } },
    );
    check({ precision: "month", year: "2019", month: "3", day: "14" }, { kind: "ok", value: { precision: "month", year: 2019, month: 3 } });
    check(
      { precision: "season", year: "2020", season: "winter", month: "3" },
      { kind: "ok", value: { precision: "season", year: 2020, season: "winter" } },
    );
    check({ precision: "year", year: "2018", month: "3", day: "1" }, { kind: "ok", value: { precision: "year", year: 2018 } });
    check({ precision: "approximate", year: "2017" }, { kind: "ok", value: { precision: "approximate", year: 2017 } });
    check(
      { precision: "approximate", year: "2017", month: "6", day: "15" },
      { kind: "ok", value: { precision: "approximate", year: 2017, month: 6, day: 15 } },
    );
    // A time is dropped where the question does not allow one.
    check({ year: "2019", month: "3", day: "14", time: "10:00" }, { kind: "ok", value: { precision: "exact", year: 2019, month: 3, day: 14 } }, false);
  });

  it("say incomplete, empty or bad, never guess", () => {
    check({}, { kind: "empty" });
    check({ year: "201" }, { kind: "incomplete" });
    check({ year: "2019", month: "3" }, { kind: "incomplete" });
    check({ precision: "season", year: "2019" }, { kind: "incomplete" });
    check({ precision: "approximate", year: "2019", day: "3" }, { kind: "incomplete" }); // a day needs a month
    check({ year: "20x9" }, { kind: "bad", part: "year" });
    check({ year: "20190" }, { kind: "bad", part: "year" });
    check({ year: "2019", month: "3", day: "1st" }, { kind: "bad", part: "day" });
    check({ year: "2019", month: "3", day: "1", time: "noon" }, { kind: "bad", part: "time" });
  });

  it("refuse a date that does not exist as it is typed: the day against month and year", () => {
    const noDay = (day: number, month: number | null, year: number | null, days: number): DateParse => ({
      kind: "impossible",
      part: "day",
      day,
      month,
      year,
      days,
    });
    // 31 February, 30 February, 29 February in a common year; day 0; day 32 before a month
    check({ year: "2019", month: "2", day: "30" }, noDay(30, 2, 2019, 28));
    check({ year: "2023", month: "2", day: "31" }, noDay(31, 2, 2023, 28));
    check({ year: "2023", month: "2", day: "29" }, noDay(29, 2, 2023, 28));
    check({ year: "2019", month: "4", day: "31" }, noDay(31, 4, 2019, 30));
    check({ year: "2019", month: "3", day: "0" }, noDay(0, 3, 2019, 31));
    check({ year: "2019", month: "3", day: "00" }, noDay(0, 3, 2019, 31));
    check({ day: "32" }, noDay(32, null, null, 31));
    // as typed: the year not yet whole, February can still have 29 days but never 30
    check({ year: "20", month: "2", day: "30" }, noDay(30, 2, null, 29));
    check({ year: "20", month: "2", day: "29" }, { kind: "incomplete" });
    check({ precision: "approximate", year: "2021", month: "2", day: "29" }, noDay(29, 2, 2021, 28));
    // a day this precision does not use is not judged
    check({ precision: "month", year: "2023", month: "2", day: "31" }, { kind: "ok", value: { precision: "month", year: 2023, month: 2 } });
    // the year and the time against their ranges
    check({ year: "0999", month: "1", day: "1" }, { kind: "impossible", part: "year" });
    check({ year: "2019", month: "3", day: "1", time: "24:00" }, { kind: "impossible", part: "time" });
    check({ year: "2019", month: "3", day: "1", time: "12:60" }, { kind: "impossible", part: "time" });
  });

  it("accept the days that exist, leap years included", () => {
    const ok = (year: number, month: number, day: number): DateParse => ({
      kind: "ok",
      value: { precision: "exact", year, month, day },
    });
    check({ year: "2024", month: "2", day: "29" }, ok(2024, 2, 29));
    check({ year: "2000", month: "2", day: "29" }, ok(2000, 2, 29));
    check({ year: "2019", month: "12", day: "31" }, ok(2019, 12, 31));
    check({ year: "2019", month: "4", day: "30" }, ok(2019, 4, 30));
    check({ year: "1900", month: "2", day: "28" }, ok(1900, 2, 28));
    check({ year: "1900", month: "2", day: "29" }, { kind: "impossible", part: "day", day: 29, month: 2, year: 1900, days: 28 });
  });

  it("round-trip through the fields", () => {
    const answer = { status: "answered", type: "date", value: { precision: "season", year: 2020, season: "autumn" } } as const;
    const d = draftFromAnswer(answer, ["exact", "season"]);
    expect(d).toEqual(draft({ precision: "season", year: "2020", season: "autumn" }));
    expect(dateFromDraft(d, false)).toEqual({ kind: "ok", value: answer.value });
    expect(draftFromAnswer({ status: "declined" }, ["month", "year"]).precision).toBe("month");
  });
});

describe("other answers", () => {
  it("map question kinds to wire value types", () => {
    const kinds = ["text", "long_text", "integer", "decimal", "date", "select_one", "select_many", "yes_no", "person_ref", "place_ref", "attachment"];
    expect(kinds.map(valueTypeFor)).toEqual(["text", "text", "integer", "decimal", "date", "choice", "choices", "yes_no", "person_ref", "place_ref", "attachment"]);
  });

  it("treat blank text as nothing recorded and keep references as text for now", () => {
    expect(textAnswer("text", "   ")).toBeNull();
    expect(textAnswer("long_text", " a ")).toEqual({ status: "answered", type: "text", value: " a " });
    expect(textAnswer("place_ref", "Invented Town")).toEqual({ status: "answered", type: "place_ref", value: "Invented Town" });
  });

  it("parse whole numbers only", () => {
    expect(parseInteger("")).toEqual({ kind: "empty" });
    expect(parseInteger(" 12 ")).toEqual({ kind: "ok", value: 12 });
    expect(parseInteger("-3")).toEqual({ kind: "ok", value: -3 });
    for (const bad of ["1.5", "1e3", "3o", "twelve", "1 000"]) expect(parseInteger(bad).kind, bad).toBe("bad");
  });

  it("parse decimals with a comma or a point into the engine's canonical text", () => {
    const check = (typed: string, value: string) => expect(parseDecimal(typed), typed).toEqual({ kind: "ok", value });
    check("2,5", "2.5");
    check("2.5", "2.5");
    check(" 0,50 ", "0.5");
    check("007,250", "7.25");
    check("3,000", "3");
    check("-0,0", "0");
    check("−1,5", "-1.5");
    check("12", "12");
    expect(parseDecimal("  ")).toEqual({ kind: "empty" });
    for (const bad of ["1,5,5", "1.5,5", "1,", ",5", "1e3", "+1", "1 000", "один", "0x1", "1.5kg", "9".repeat(29)]) {
      expect(parseDecimal(bad).kind, bad).toBe("bad");
    }
  });

  it("show a decimal the way each language writes it", () => {
    const a = { status: "answered", type: "decimal", value: "2.5" } as const;
    expect(decimalShown(a, "ru")).toBe("2,5");
    expect(decimalShown(a, "en")).toBe("2.5");
    expect(decimalShown({ status: "declined" }, "ru")).toBe("");
  });

  it("keep selected choices in list order", () => {
    const order = ["a", "b", "c"];
    expect(toggleChoice(["c"], "a", true, order)).toEqual(["a", "c"]);
    expect(toggleChoice(["a", "c"], "a", false, order)).toEqual(["c"]);
  });
});

describe("answer paths", () => {
  it("move down by one after an earlier instance is removed", () => {
    const check = (path: string, expected: string | null) =>
      expect(pathAfterRemove(path, "episodes", 1), path).toBe(expected);
    check("narrative", "narrative");
    check("episodes[0].date", "episodes[0].date");
    check("episodes[1].date", null);
    check("episodes[1].treatment[0].methods", null);
    check("episodes[2].treatment[3].methods", "episodes[1].treatment[3].methods");
    check("episodes_extra", "episodes_extra");
    expect(pathAfterRemove("episodes[2].treatment[3].methods", "episodes[2].treatment", 1)).toBe("episodes[2].treatment[2].methods");
    expect(pathAfterRemove("episodes[3].treatment[3].methods", "episodes[2].treatment", 1)).toBe("episodes[3].treatment[3].methods");
  });

  it("drop instance numbers for the definition path", () => {
    expect(definitionPath("episodes[1].treatment[0].methods")).toBe("episodes.treatment.methods");
  });
});

describe("cascading selects", () => {
  const label = (s: string) => ({ en: s, ru: s });
  const towns = [
    { name: "alder", label: label("Alder") },
    { name: "birch", label: label("Birch") },
    { name: "cedar", label: label("Cedar") },
  ];
  const names = (cs: { name: string }[]) => cs.map((c) => c.name);

  it("shows every choice of an unfiltered select", () => {
    expect(names(offeredChoices(towns, undefined, undefined))).toEqual(["alder", "birch", "cedar"]);
  });

  it("shows only the offered choices, in list order", () => {
    expect(names(offeredChoices(towns, ["cedar", "alder"], undefined))).toEqual(["alder", "cedar"]);
    expect(names(offeredChoices(towns, [], undefined))).toEqual([]);
  });

  it("keeps a chosen choice that no longer fits, so it can be changed", () => {
    const one: AnswerDto = { status: "answered", type: "choice", value: "birch" };
    expect(names(offeredChoices(towns, ["cedar"], one))).toEqual(["birch", "cedar"]);
    const many: AnswerDto = { status: "answered", type: "choices", value: ["alder"] };
    expect(names(offeredChoices(towns, ["cedar"], many))).toEqual(["alder", "cedar"]);
    expect(names(offeredChoices(towns, ["cedar"], { status: "declined" }))).toEqual(["cedar"]);
  });
});
