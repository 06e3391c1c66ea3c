/**
 * Taking a case out from the interview screen (issue 18, "started by mistake"): *Discard* only
 * while nothing beyond consent is recorded, confirmed in a dialog; an admin's *Delete* only
 * after typing the case code. Mounted in jsdom against the fake backend and its hand-made
 * form (no "consent" section there, so any answer counts as beyond consent). Invented data.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeBackend } from "../test/fake-backend";
import { Screen } from "../test/dom";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function interviewAs(user: string, role: "caseworker" | "admin") {
  const backend = FakeBackend.withVault(user);
  backend.users = [{ name: user, role }];
  screen = new Screen(backend, { saveDebounceMs: 40 });
  await screen.unlockAs(user);
  if (!screen.has("screen-cases")) screen.click("tab-cases");
  await screen.waitShown("screen-cases");
  await screen.newInterview();
  return { s: screen, backend };
}

describe("discarding a case started by mistake", () => {
  it("is offered on a case with nothing recorded, asks first, and Keep changes nothing", { timeout: 30_000 }, async () => {
    const { s, backend } = await interviewAs("cw-invented", "caseworker");
    await s.waitShown("discard-case");
    expect(s.has("delete-case")).toBe(false); // a caseworker deletes nothing
    s.click("discard-case");
    await s.waitShown("confirm-dialog");
    expect(s.text("confirm-dialog")).toContain("Discard case WS-TEST-0001?");
    // the code is one unbreakable piece: a line never ends after "WS-"
    const kept = Array.from(s.get("confirm-dialog").querySelectorAll(".nobreak")).map((e) => e.textContent);
    expect(kept).toEqual(["WS-TEST-0001"]);
    s.click("confirm-cancel");
    await s.waitFor(() => !s.has("confirm-dialog"), "dialog closed");
    expect(backend.cases.size).toBe(1);
    expect(backend.calls).not.toContain("discard_case");

    s.click("discard-case");
    await s.waitShown("confirm-dialog");
    s.click("confirm-ok");
    await s.waitShown("screen-cases");
    await s.waitShown("cases-empty");
    expect(backend.cases.size).toBe(0);
    expect(backend.calls).toContain("discard_case");
  });

  it("is withdrawn as soon as an answer is saved, and the dialog never opens then", async () => {
    const { s, backend } = await interviewAs("cw-invented", "caseworker");
    await s.waitShown("discard-case");
    // the core is asked again on every save
    s.click("input-agree-yes");
    await s.waitFor(() => s.get("autosave-status").dataset.state === "saved", "saved");
    await s.waitFor(() => !s.has("discard-case"), "discard withdrawn");
    expect(s.has("case-removal")).toBe(false); // a caseworker has no Delete either
    expect(s.has("confirm-dialog")).toBe(false);
    expect(backend.cases.size).toBe(1);
    expect(backend.calls.filter((c) => c === "discard_check").length).toBeGreaterThanOrEqual(2);
  });

  it("asks the core again when clicked: a save it has not yet heard of ends the offer", async () => {
    const { s, backend } = await interviewAs("cw-invented", "caseworker");
    await s.waitShown("discard-case");
    // an answer recorded behind the screen's back (another window, a held save landing)
    backend.cases.values().next().value!.answers.set("full_name", { status: "declined" });
    s.click("discard-case");
    await s.waitFor(() => !s.has("discard-case"), "discard withdrawn");
    expect(s.has("confirm-dialog")).toBe(false);
    expect(backend.calls).not.toContain("discard_case");
  });
});

describe("an admin deleting a case", () => {
  it("needs the case code typed exactly before Delete works", async () => {
    const { s, backend } = await interviewAs("admin-invented", "admin");
    s.click("input-agree-yes");
    await s.waitFor(() => s.get("autosave-status").dataset.state === "saved", "saved");
    s.click("delete-case");
    await s.waitShown("delete-dialog");
    expect(s.text("delete-dialog")).toContain("type the case code WS-TEST-0001");
    const ok = () => s.get<HTMLButtonElement>("delete-ok");
    expect(ok().disabled).toBe(true);
    s.type("delete-typed-code", "WS-TEST-0002");
    expect(ok().disabled).toBe(true);
    s.type("delete-typed-code", "ws-test-0001");
    expect(ok().disabled).toBe(true);
    s.click("delete-cancel");
    await s.waitFor(() => !s.has("delete-dialog"), "dialog closed");
    expect(backend.cases.size).toBe(1);

    s.click("delete-case");
    await s.waitShown("delete-dialog");
    expect(s.get<HTMLInputElement>("delete-typed-code").value).toBe(""); // nothing kept from before
    s.type("delete-typed-code", "WS-TEST-0001");
    expect(ok().disabled).toBe(false);
    s.click("delete-ok");
    await s.waitShown("screen-cases");
    expect(backend.cases.size).toBe(0);
    expect(backend.calls).toContain("delete_case");
  });

  it("shows the core's refusal in place and keeps the interview open", async () => {
    const { s, backend } = await interviewAs("admin-invented", "admin");
    backend.deleteCase = async () => {
      throw { code: "invalid", message: "the confirmation does not match the case's code: nothing was deleted" };
    };
    s.click("delete-case");
    await s.waitShown("delete-dialog");
    s.type("delete-typed-code", "WS-TEST-0001");
    s.click("delete-ok");
    await s.waitShown("case-removal-error");
    expect(s.has("screen-interview")).toBe(true);
    expect(backend.cases.size).toBe(1);
  });
});
