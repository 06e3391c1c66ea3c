/**
 * The Exchange screen mounted in jsdom against the fake backend: held updates shown with the
 * sender's name and fingerprint and the answer paths only, decided by Accept / Reject; a
 * contact's key replaced only after a dialog showing both fingerprints; the backup form for
 * admins only. Every person and case is invented.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeBackend } from "../test/fake-backend";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";
import type { IncomingDto } from "../ipc/transfer";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function exchangeAs(user: string, backend: FakeBackend = boardVault()) {
  screen = new Screen(backend);
  await screen.unlockAs(user);
  screen.click("nav-exchange");
  await screen.waitShown("screen-exchange");
  return { s: screen, backend };
}

function held(id: number, fields: Partial<IncomingDto> = {}): IncomingDto {
  return {
    id,
    from: "carol",
    fromFingerprint: "CCCC DDDD EEEE FFFF",
    caseId: "case-9",
    code: "WS-HELD-9",
    statusCard: false,
    version: "2030-01-01T00:00:00.000Z",
    state: "held",
    reason: "untrusted_sender",
    changed: ["narrative", "evacuation_stage"],
    receivedAt: "2030-01-01T00:00:00.000Z",
    ...fields,
  };
}

describe("Exchange screen", () => {
  it("lists held updates with sender, fingerprint and answer paths, and decides them", async () => {
    const backend = boardVault();
    backend.incoming = [held(2), held(1, { code: "WS-HELD-1", from: "dmitri", fromFingerprint: "1111 2222" })];
    const { s } = await exchangeAs(USERS.caseworker, backend);
    await s.waitShown("held-list");
    const first = s.get("held-2");
    expect(first.textContent).toContain("carol");
    expect(first.textContent).toContain("WS-HELD-9");
    expect(s.text("held-fingerprint-2")).toBe("CCCC DDDD EEEE FFFF");
    expect(first.textContent).toContain("narrative");
    expect(first.textContent).toContain("evacuation_stage");
    s.click("held-accept-2");
    await s.waitShown("held-decided");
    expect(s.text("held-decided")).toContain("WS-HELD-9");
    expect(s.has("held-2")).toBe(false);
    s.click("held-reject-1");
    await s.waitFor(() => s.has("held-empty"), "no update left");
    expect(backend.incoming.map((i) => [i.id, i.state, i.reason])).toEqual([
      [2, "imported", "accepted"],
      [1, "refused", "rejected"],
    ]);
  });

  it("asks before replacing a contact's key and shows both fingerprints", async () => {
    const { s, backend } = await exchangeAs(USERS.caseworker);
    s.type("contact-name", "lawyer");
    s.type("contact-key", "waystone-key-v1 age1a ed25519:a first");
    s.click("contact-add");
    await s.waitShown("contact-lawyer");
    s.type("contact-name", "lawyer");
    s.type("contact-key", "waystone-key-v1 age1b ed25519:b second");
    s.click("contact-add");
    const dialog = await s.waitShown("confirm-dialog");
    expect(dialog.textContent).toContain("FP-FIRST");
    expect(dialog.textContent).toContain("FP-SECOND");
    expect(backend.contacts).toEqual([{ name: "lawyer", fingerprint: "FP-FIRST" }]);
    s.click("confirm-ok");
    await s.waitFor(() => backend.contacts[0]?.fingerprint === "FP-SECOND", "replaced");
    await s.waitShown("contact-added");
  });

  it("offers the backup to admins only", async () => {
    const { s } = await exchangeAs(USERS.caseworker);
    await s.waitShown("backup-admins-only");
    expect(s.has("backup-submit")).toBe(false);
    s.destroy();
    screen = null;
    const admin = await exchangeAs(USERS.admin);
    await admin.s.waitShown("backup-submit");
    expect(admin.s.has("backup-admins-only")).toBe(false);
  });
});
