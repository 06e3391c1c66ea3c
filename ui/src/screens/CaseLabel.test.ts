/**
 * Private case labels in the case list (issue 18, "finding yesterday's survivor"): added,
 * changed and removed in place, beside the code; kept by the backend per user, never in web
 * storage; a refusal shown in place. Mounted in jsdom against the fake backend. Invented data.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeBackend } from "../test/fake-backend";
import { Screen } from "../test/dom";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function listWithOneCase() {
  const backend = FakeBackend.withVault();
  screen = new Screen(backend, { saveDebounceMs: 40 });
  await screen.unlock();
  await screen.newInterview();
  screen.click("pause-interview");
  await screen.waitShown("case-row-WS-TEST-0001");
  return { s: screen, backend };
}

describe("private case labels", () => {
  it("are added, changed and removed beside the code, kept per user and never in web storage", { timeout: 20_000 }, async () => {
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    const { s, backend } = await listWithOneCase();
    expect(s.has("case-label-WS-TEST-0001")).toBe(false);
    expect(s.text("case-label-edit-WS-TEST-0001")).toBe("Add a private label");
    s.click("case-label-edit-WS-TEST-0001");
    await s.waitShown("case-label-input-WS-TEST-0001");
    s.type("case-label-input-WS-TEST-0001", "  Tuesday, from the shelter (invented)  ");
    s.click("case-label-save-WS-TEST-0001");
    await s.waitShown("case-label-WS-TEST-0001");
    expect(s.text("case-label-WS-TEST-0001")).toBe("Tuesday, from the shelter (invented)");
    const id = [...backend.cases.keys()][0]!;
    expect(backend.labels.get("caseworker-demo")?.get(id)).toBe("Tuesday, from the shelter (invented)");

    // changed; Cancel keeps what was there
    s.click("case-label-edit-WS-TEST-0001");
    await s.waitShown("case-label-input-WS-TEST-0001");
    expect(s.get<HTMLInputElement>("case-label-input-WS-TEST-0001").value).toBe("Tuesday, from the shelter (invented)");
    s.type("case-label-input-WS-TEST-0001", "something else");
    s.click("case-label-cancel-WS-TEST-0001");
    await s.waitShown("case-label-WS-TEST-0001");
    expect(s.text("case-label-WS-TEST-0001")).toBe("Tuesday, from the shelter (invented)");

    // emptied: removed
    s.click("case-label-edit-WS-TEST-0001");
    await s.waitShown("case-label-input-WS-TEST-0001");
    s.type("case-label-input-WS-TEST-0001", "");
    s.click("case-label-save-WS-TEST-0001");
    await s.waitFor(() => !s.has("case-label-WS-TEST-0001"), "label removed");
    expect(backend.labels.get("caseworker-demo")?.has(id)).toBe(false);
    expect(setItem).not.toHaveBeenCalled();
    expect(window.localStorage.length + window.sessionStorage.length).toBe(0);
  });

  it("come back from the backend when the list is shown again, and a refusal is shown in place", { timeout: 20_000 }, async () => {
    const { s, backend } = await listWithOneCase();
    const id = [...backend.cases.keys()][0]!;
    backend.labels.set("caseworker-demo", new Map([[id, "the invented one"]]));
    s.click("case-resume-WS-TEST-0001");
    await s.waitShown("screen-interview");
    s.click("pause-interview");
    await s.waitShown("case-label-WS-TEST-0001");
    expect(s.text("case-label-WS-TEST-0001")).toBe("the invented one");

    backend.setCaseLabel = async () => {
      throw { code: "invalid", message: "a label is one line of ordinary text" };
    };
    s.click("case-label-edit-WS-TEST-0001");
    await s.waitShown("case-label-input-WS-TEST-0001");
    s.type("case-label-input-WS-TEST-0001", "another");
    s.click("case-label-save-WS-TEST-0001");
    await s.waitShown("case-label-error-WS-TEST-0001");
    expect(s.has("case-label-input-WS-TEST-0001")).toBe(true);
  });
});
