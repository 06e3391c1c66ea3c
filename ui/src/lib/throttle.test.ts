import { describe, expect, it } from "vitest";
import { createThrottle } from "./throttle";

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createThrottle", () => {
  it("runs the first call at once and drops calls within the interval", () => {
    const c = clock();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 20_000, c.now);
    expect(throttle.call()).toBe(true);
    expect(runs).toBe(1);
    for (let i = 0; i < 10; i += 1) {
      c.advance(1_999);
      expect(throttle.call()).toBe(false);
    }
    expect(runs).toBe(1);
  });

  it("runs again once the full interval has passed since the last run", () => {
    const c = clock();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 20_000, c.now);
    throttle.call();
    c.advance(19_999);
    expect(throttle.call()).toBe(false);
    c.advance(1);
    expect(throttle.call()).toBe(true);
    expect(runs).toBe(2);
    c.advance(19_999);
    expect(throttle.call()).toBe(false);
    expect(runs).toBe(2);
  });

  it("runs at once after reset", () => {
    const c = clock();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 20_000, c.now);
    throttle.call();
    c.advance(5);
    throttle.reset();
    expect(throttle.call()).toBe(true);
    expect(runs).toBe(2);
  });

  it("sends at most one call per interval over a long burst of activity", () => {
    const c = clock(0);
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 20_000, c.now);
    // A mouse moving every 50 ms for two minutes.
    for (let t = 0; t < 120_000; t += 50) {
      throttle.call();
      c.advance(50);
    }
    expect(runs).toBe(6);
  });
});
