import { describe, expect, it } from "vitest";
import { answerShown } from "./shown";

const words = { yes: "Yes", no: "No" };
const choices = [
  { name: "ru", label: { en: "Russian", ru: "Русский" } },
  { name: "ce", label: { en: "Chechen", ru: "Чеченский" } },
];

describe("answerShown (a proposed default as a person reads it)", () => {
  it("shows each kind of value in the UI language", () => {
    const cases: Array<[Parameters<typeof answerShown>[0], "en" | "ru", string]> = [
      [{ status: "answered", type: "integer", value: 2 }, "en", "2"],
      [{ status: "answered", type: "decimal", value: "0.5" }, "ru", "0,5"],
      [{ status: "answered", type: "yes_no", value: false }, "en", "No"],
      [{ status: "answered", type: "choice", value: "ce" }, "ru", "Чеченский"],
      [{ status: "answered", type: "choices", value: ["ru", "ce"] }, "en", "Russian, Chechen"],
      [{ status: "answered", type: "choice", value: "unknown" }, "en", "unknown"],
      [{ status: "answered", type: "date", value: { precision: "exact", year: 2024, month: 5, day: 1 } }, "en", "1 May 2024"],
      [{ status: "answered", type: "date", value: { precision: "year", year: 2024 } }, "en", "2024"],
      [{ status: "answered", type: "text", value: "Invented City" }, "en", "Invented City"],
      [{ status: "declined" }, "en", ""],
    ];
    for (const [answer, lang, want] of cases) {
      expect(answerShown(answer, choices, lang, words)).toBe(want);
    }
  });
});
