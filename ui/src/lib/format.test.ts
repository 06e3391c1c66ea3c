import { describe, expect, it } from "vitest";
import { fillMonths, formatDay, formatMonth } from "./format";

describe("fillMonths", () => {
  it("fills the gaps between the first and the last month with zeros, across years", () => {
    expect(
      fillMonths([
        { key: "2020-02", count: 1 },
        { key: "2019-11", count: 3 },
      ]),
    ).toEqual([
      { key: "2019-11", count: 3 },
      { key: "2019-12", count: 0 },
      { key: "2020-01", count: 0 },
      { key: "2020-02", count: 1 },
    ]);
  });

  it("keeps only the latest `max` months, ignores malformed keys, and is empty for nothing", () => {
    const months = fillMonths(
      [
        { key: "2000-01", count: 1 },
        { key: "2024-12", count: 2 },
        { key: "sometime", count: 9 },
      ],
      3,
    );
    expect(months.map((m) => m.key)).toEqual(["2024-10", "2024-11", "2024-12"]);
    expect(fillMonths([])).toEqual([]);
  });
});

describe("formatDay and formatMonth", () => {
  it("write calendar days without moving them by a time zone", () => {
    expect(formatDay("2024-05-01", "en")).toBe("1 May 2024");
    expect(formatDay("2024-05-01", "ru")).toMatch(/^1 мая 2024/);
    expect(formatDay("not a day", "en")).toBe("not a day");
    expect(formatMonth("2019-03", "en")).toBe("March 2019");
  });
});
