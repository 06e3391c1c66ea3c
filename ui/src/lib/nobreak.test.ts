import { describe, expect, it } from "vitest";
import { splitKeeping } from "./nobreak";

describe("splitKeeping", () => {
  it("marks every occurrence of a kept piece, and the text between stays as it is", () => {
    expect(splitKeeping("Delete case WS-ABCD-EFGH? Type WS-ABCD-EFGH.", ["WS-ABCD-EFGH"])).toEqual([
      { text: "Delete case ", keep: false },
      { text: "WS-ABCD-EFGH", keep: true },
      { text: "? Type ", keep: false },
      { text: "WS-ABCD-EFGH", keep: true },
      { text: ".", keep: false },
    ]);
  });

  it("joins back to the same text, with nothing to keep or an empty piece", () => {
    for (const keep of [[], [""], ["absent"]]) {
      const parts = splitKeeping("Discard case WS-Q2R3-T4U5?", keep);
      expect(parts.map((p) => p.text).join("")).toBe("Discard case WS-Q2R3-T4U5?");
      expect(parts.every((p) => !p.keep)).toBe(true);
    }
  });
});
