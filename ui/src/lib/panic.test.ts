import { describe, expect, it } from "vitest";
import { createPanicDetector, type PanicKeyEvent } from "./panic";

function key(k: string, extra: Partial<PanicKeyEvent> = {}): PanicKeyEvent {
  return { key: k, code: "", ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...extra };
}
const escape = key("Escape", { code: "Escape" });

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("panic keys", () => {
  it("recognise Ctrl+Shift+L, also with a Russian layout (key 'Д')", () => {
    const detect = createPanicDetector();
    expect(detect(key("L", { code: "KeyL", ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(detect(key("Д", { code: "KeyL", ctrlKey: true, shiftKey: true }))).toBe(true);
  });

  it("recognise F2 alone (the one-key stop), with Shift too, but not with Ctrl, Alt or Meta", () => {
    const detect = createPanicDetector();
    expect(detect(key("F2", { code: "F2" }))).toBe(true);
    expect(detect(key("F2", { code: "F2", shiftKey: true }))).toBe(true);
    expect(detect(key("F2", { code: "F2", ctrlKey: true }))).toBe(false);
    expect(detect(key("F2", { code: "F2", altKey: true }))).toBe(false);
    expect(detect(key("F2", { code: "F2", metaKey: true }))).toBe(false);
    expect(detect(key("F3", { code: "F3" }))).toBe(false);
    expect(detect(key("2", { code: "Digit2" }))).toBe(false);
  });

  it("ignore L without both Ctrl and Shift, or with Alt", () => {
    const detect = createPanicDetector();
    expect(detect(key("l", { code: "KeyL" }))).toBe(false);
    expect(detect(key("L", { code: "KeyL", shiftKey: true }))).toBe(false);
    expect(detect(key("l", { code: "KeyL", ctrlKey: true }))).toBe(false);
    expect(detect(key("L", { code: "KeyL", ctrlKey: true, shiftKey: true, altKey: true }))).toBe(false);
  });

  it("recognise Escape twice within a second", () => {
    const c = clock();
    const detect = createPanicDetector(1000, c.now);
    expect(detect(escape)).toBe(false);
    c.advance(999);
    expect(detect(escape)).toBe(true);
  });

  it("ignore Escape twice while the setting is off, and follow the setting as it changes", () => {
    const c = clock();
    let on = false;
    const detect = createPanicDetector(1000, c.now, () => on);
    expect(detect(escape)).toBe(false);
    c.advance(100);
    expect(detect(escape)).toBe(false);
    expect(detect(key("F2", { code: "F2" }))).toBe(true);
    expect(detect(key("L", { code: "KeyL", ctrlKey: true, shiftKey: true }))).toBe(true);
    on = true;
    expect(detect(escape)).toBe(false);
    c.advance(100);
    expect(detect(escape)).toBe(true);
  });

  it("do not fire for Escapes more than a second apart", () => {
    const c = clock();
    const detect = createPanicDetector(1000, c.now);
    expect(detect(escape)).toBe(false);
    c.advance(1001);
    expect(detect(escape)).toBe(false);
    c.advance(500);
    expect(detect(escape)).toBe(true);
  });

  it("need a fresh pair after firing, and a key in between breaks the pair", () => {
    const c = clock();
    const detect = createPanicDetector(1000, c.now);
    detect(escape);
    expect(detect(escape)).toBe(true);
    expect(detect(escape)).toBe(false);
    c.advance(100);
    detect(key("a", { code: "KeyA" }));
    c.advance(100);
    expect(detect(escape)).toBe(false);
    c.advance(100);
    detect(key("Shift", { code: "ShiftLeft", shiftKey: true }));
    expect(detect(escape)).toBe(true);
  });
});
