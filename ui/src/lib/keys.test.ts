import { describe, expect, it } from "vitest";
import { specialShortcut, toolbarMove } from "./keys";

const key = (code: string, mods: Partial<Record<"altKey" | "ctrlKey" | "metaKey" | "shiftKey", boolean>> = {}) => ({
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe("special-status shortcuts", () => {
  it("maps Alt+1/2/3 to the three statuses and Alt+0 to clear, on the main row and the keypad", () => {
    expect(specialShortcut(key("Digit1", { altKey: true }))).toBe("declined");
    expect(specialShortcut(key("Digit2", { altKey: true }))).toBe("dont_know");
    expect(specialShortcut(key("Numpad3", { altKey: true }))).toBe("not_asked");
    expect(specialShortcut(key("Digit0", { altKey: true }))).toBe("clear");
  });

  it("ignores other digits, other keys, and digits without Alt or with another modifier", () => {
    expect(specialShortcut(key("Digit4", { altKey: true }))).toBeNull();
    expect(specialShortcut(key("KeyD", { altKey: true }))).toBeNull();
    expect(specialShortcut(key("Digit1"))).toBeNull();
    expect(specialShortcut(key("Digit1", { altKey: true, ctrlKey: true }))).toBeNull();
    expect(specialShortcut(key("Digit1", { altKey: true, shiftKey: true }))).toBeNull();
  });
});

describe("toolbar arrows", () => {
  it("moves right and left with wrap-around, Home and End to the ends", () => {
    expect(toolbarMove("ArrowRight", 0, 4)).toBe(1);
    expect(toolbarMove("ArrowRight", 3, 4)).toBe(0);
    expect(toolbarMove("ArrowLeft", 0, 4)).toBe(3);
    expect(toolbarMove("Home", 2, 4)).toBe(0);
    expect(toolbarMove("End", 0, 4)).toBe(3);
  });

  it("leaves Tab, letters and an empty toolbar alone", () => {
    expect(toolbarMove("Tab", 1, 4)).toBeNull();
    expect(toolbarMove("a", 1, 4)).toBeNull();
    expect(toolbarMove("ArrowRight", 0, 0)).toBeNull();
  });
});
