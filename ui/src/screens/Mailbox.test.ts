/**
 * The team mailbox in the UI, mounted in jsdom against the fake backend: Settings ›
 * Mailboxes for admins only (secrets typed into password fields and cleared after submit,
 * never shown back), and Exchange › Send through a mailbox, the outbox's states and the
 * result line of "Sync now" (sent/received/…, busy, offline). Every person and case is
 * invented.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeBackend } from "../test/fake-backend";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function open(user: string, tab: "settings" | "exchange", backend: FakeBackend = boardVault()) {
  screen = new Screen(backend);
  await screen.unlockAs(user);
  screen.click(`nav-${tab}`);
  await screen.waitShown(tab === "settings" ? "settings-panel" : "screen-exchange");
  return { s: screen, backend };
}

describe("Settings › Mailboxes", () => {
  it("is offered to admins only", async () => {
    const { s } = await open(USERS.caseworker, "settings");
    expect(s.has("settings-mailboxes")).toBe(false);
  });

  it("adds a WebDAV mailbox with the secrets in password fields, cleared after submit, then tests and removes it", async () => {
    const { s, backend } = await open(USERS.admin, "settings");
    await s.waitShown("mailboxes-empty");
    s.type("mailbox-name", "office");
    s.select("mailbox-engine", "webdav");
    await s.waitShown("mailbox-url");
    s.type("mailbox-url", "https://dav.example.org/box");
    s.type("mailbox-first", "invented-user");
    s.type("mailbox-second", "invented-password-42");
    expect(s.get<HTMLInputElement>("mailbox-second").type).toBe("password");
    expect(s.get<HTMLInputElement>("mailbox-team-key").type).toBe("password");
    s.click("mailbox-add");
    await s.waitShown("mailbox-added");
    expect(backend.setups.get("office")?.setup).toEqual({
      engine: "webdav",
      url: "https://dav.example.org/box",
      user: "invented-user",
      password: "invented-password-42",
    });
    expect(s.get<HTMLInputElement>("mailbox-first").value).toBe("");
    expect(s.get<HTMLInputElement>("mailbox-second").value).toBe("");
    expect(document.body.textContent).not.toContain("invented-password-42");
    expect(s.text("mailbox-office")).toContain("https://dav.example.org/box");

    backend.nextTest = { ok: false, error: "auth_failed", message: "refused" };
    s.click("mailbox-test-office");
    await s.waitShown("mailbox-test-failed");
    expect(s.text("mailbox-test-failed")).toContain("credentials");
    s.click("mailbox-remove-office");
    await s.waitShown("mailbox-removed");
    await s.waitShown("mailboxes-empty");
  });
});

describe("Exchange › Send through a mailbox", () => {
  it("queues a case for a contact, syncs, and shows each outbox state", async () => {
    const backend = boardVault();
    backend.contacts = [{ name: "lawyer-abroad", fingerprint: "AAAA BBBB" }];
    backend.mailboxes = [
      { name: "office", engine: "folder", location: "/srv/box", addedBy: "x", addedAt: "2030-01-01T00:00:00Z", queued: 0, uploaded: 0, delivered: 0 },
    ];
    const { s } = await open(USERS.caseworker, "exchange", backend);
    await s.waitShown("outbox-empty");
    const select = s.get<HTMLSelectElement>("mailbox-case");
    await s.waitFor(() => select.options.length > 1, "cases listed");
    const first = select.options[1] as HTMLOptionElement;
    s.select("mailbox-case", first.value);
    s.click("mailbox-to-lawyer-abroad");
    s.click("mailbox-queue");
    await s.waitShown("mailbox-queued");
    await s.waitShown("outbox-list");
    const row = () => s.get("outbox-list").querySelector("tr[data-state]") as HTMLElement;
    expect(row().dataset.state).toBe("queued");
    expect(row().textContent).toContain("lawyer-abroad");
    expect(row().textContent).toContain(first.textContent ?? "?");

    s.click("mailbox-sync");
    await s.waitShown("mailbox-sync-done");
    expect(s.text("mailbox-sync-done")).toContain("1 sent");
    await s.waitFor(() => row().dataset.state === "uploaded", "uploaded");

    backend.deliverAll();
    backend.nextSync = { outcome: "busy", message: "another sync" };
    s.click("mailbox-sync");
    await s.waitShown("mailbox-sync-busy");
    await s.waitFor(() => row().dataset.state === "delivered", "delivered");
    expect(s.text("outbox-state")).toBe("Delivered");
  });

  it("says so plainly when a mailbox is offline, and when there is none", async () => {
    const backend = boardVault();
    const { s } = await open(USERS.caseworker, "exchange", backend);
    s.click("mailbox-sync");
    await s.waitShown("mailbox-sync-none");
    backend.mailboxes = [
      { name: "office", engine: "s3", location: "https://s3.example.org/b", addedBy: "x", addedAt: "2030-01-01T00:00:00Z", queued: 1, uploaded: 0, delivered: 0 },
    ];
    backend.nextSync = {
      outcome: "done",
      report: { sent: 0, received: 0, imported: 0, held: 0, refused: 0, alreadyOpened: 0, delivered: 0, receiptsSent: 0, queued: 1, failures: [{ mailbox: "office", error: "unreachable", transient: true }] },
    };
    s.click("mailbox-sync");
    await s.waitShown("mailbox-sync-failure");
    expect(s.text("mailbox-sync-failure")).toContain("not reachable right now");
    expect(s.text("mailbox-sync-result")).toContain("1 still waiting");
  });
});

describe("Settings › Automatic routing", () => {
  it("an admin chooses coordinators, the lawyer at legal review and reports to the origin", async () => {
    const backend = boardVault();
    backend.contacts = [
      { name: "desk-office", fingerprint: "AAAA BBBB" },
      { name: "lawyer-abroad", fingerprint: "CCCC DDDD" },
    ];
    const { s } = await open(USERS.admin, "settings", backend);
    await s.waitShown("routing-coordinator-desk-office");
    s.click("routing-coordinator-desk-office");
    s.select("routing-lawyer", "lawyer-abroad");
    s.click("routing-origin");
    s.click("routing-save");
    await s.waitShown("routing-saved");
    expect(backend.routing).toEqual({ coordinators: ["desk-office"], legalReviewTo: "lawyer-abroad", reportToOrigin: true });
  });

  it("is not offered to those who do not manage mailboxes", async () => {
    const { s } = await open(USERS.caseworker, "settings");
    expect(s.has("settings-routing")).toBe(false);
  });
});

