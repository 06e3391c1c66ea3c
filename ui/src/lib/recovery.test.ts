import { describe, expect, it } from "vitest";
import { confirmsLastGroup, lastGroup } from "./recovery";

describe("recovery key confirmation", () => {
  it("takes the characters after the last dash", () => {
    expect(lastGroup("K7QF-M2XD-9TBW-RJ4N")).toBe("RJ4N");
    expect(lastGroup("NODASHES")).toBe("NODASHES");
  });

  it("accepts the last group ignoring case and spaces", () => {
    expect(confirmsLastGroup("K7QF-M2XD-9TBW-RJ4N", "RJ4N")).toBe(true);
    expect(confirmsLastGroup("K7QF-M2XD-9TBW-RJ4N", " rj4n ")).toBe(true);
  });

  it("refuses another group, a partial group, the whole key or nothing", () => {
    const k = "K7QF-M2XD-9TBW-RJ4N";
    expect(confirmsLastGroup(k, "9TBW")).toBe(false);
    expect(confirmsLastGroup(k, "RJ4")).toBe(false);
    expect(confirmsLastGroup(k, k)).toBe(false);
    expect(confirmsLastGroup(k, "")).toBe(false);
    expect(confirmsLastGroup("ABC-", "")).toBe(false);
  });
});
