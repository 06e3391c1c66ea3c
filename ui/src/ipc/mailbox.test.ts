/**
 * The mailbox commands over IPC: names and argument shapes (camelCase; Tauri maps them to
 * the Rust parameters). `invoke` is replaced by a recorder.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined);
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn() }));

const { TauriBackend } = await import("./tauri");

beforeEach(() => invoke.mockClear());

describe("TauriBackend: mailbox commands", () => {
  it("sends each command with its arguments", async () => {
    const b = new TauriBackend();
    const setup = { engine: "webdav" as const, url: "https://dav.example.org/m", user: "u", password: "p" };
    await b.listMailboxes();
    await b.addMailbox("office", setup, null);
    await b.addMailbox("field", { engine: "folder", path: "/srv/box" }, "waystone-mailbox-key-v1:00");
    await b.testMailbox("office");
    await b.removeMailbox("office");
    await b.queueSend("c1", ["lawyer"], false, null);
    await b.queueSend("c1", ["coord"], true, "field");
    await b.listOutbox();
    await b.syncMailboxes();
    await b.listRefusedObjects();
    expect(invoke.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ["list_mailboxes", undefined],
      ["add_mailbox", { name: "office", setup, teamKey: null }],
      ["add_mailbox", { name: "field", setup: { engine: "folder", path: "/srv/box" }, teamKey: "waystone-mailbox-key-v1:00" }],
      ["test_mailbox", { name: "office" }],
      ["remove_mailbox", { name: "office" }],
      ["queue_send", { caseId: "c1", to: ["lawyer"], statusCard: false, mailbox: null }],
      ["queue_send", { caseId: "c1", to: ["coord"], statusCard: true, mailbox: "field" }],
      ["list_outbox", undefined],
      ["sync_mailboxes", undefined],
      ["list_refused_objects", undefined],
    ]);
  });
});
