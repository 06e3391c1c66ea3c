/**
 * The transfer commands over IPC: names and argument shapes (camelCase; Tauri maps them to
 * the Rust parameters). `invoke` is replaced by a recorder.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined);
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn() }));

const { TauriBackend } = await import("./tauri");

beforeEach(() => invoke.mockClear());

describe("TauriBackend: transfer commands", () => {
  it("sends each command with its arguments", async () => {
    const b = new TauriBackend();
    await b.outputFolder();
    await b.outputFilePath("WS-X-echr-2026-12-07.docx");
    const dialog = {
      kind: "open" as const,
      title: "Open a bundle",
      defaultPath: null,
      inDownloads: true,
      filters: [{ name: "Waystone bundle", extensions: ["waystone"] }],
    };
    await b.chooseFile(dialog);
    await b.myKey();
    await b.listContacts();
    await b.addContact("lawyer", "waystone-key-v1 …", false);
    await b.addContact("lawyer", "waystone-key-v1 new", true);
    await b.inspectKeyLine("waystone-key-v1 new");
    await b.sendBundle("c1", ["lawyer"], true, "/o/b.waystone");
    await b.listBundleFiles();
    await b.verifyBundle("/o/b.waystone");
    await b.importBundle("/o/b.waystone", "d1");
    await b.listIncoming(true);
    await b.acceptIncoming(3, true);
    await b.rejectIncoming(4);
    await b.backupVault("/o/x.wsbk");
    await b.backupInfo("/o/x.wsbk");
    await b.restoreBackup("/o/x.wsbk", "admin", "pass");
    await b.restoreBackupWithRecovery("/o/x.wsbk", "AAAA", "admin", "new");
    await b.auditPage(50, 50);
    await b.verifyAuditChain();
    expect(invoke.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ["output_folder", undefined],
      ["output_file_path", { name: "WS-X-echr-2026-12-07.docx" }],
      ["choose_file", { request: dialog }],
      ["my_key", undefined],
      ["list_contacts", undefined],
      ["add_contact", { name: "lawyer", keyLine: "waystone-key-v1 …", replace: false }],
      ["add_contact", { name: "lawyer", keyLine: "waystone-key-v1 new", replace: true }],
      ["inspect_key_line", { keyLine: "waystone-key-v1 new" }],
      ["send_bundle", { caseId: "c1", to: ["lawyer"], statusCard: true, path: "/o/b.waystone" }],
      ["list_bundle_files", undefined],
      ["verify_bundle", { path: "/o/b.waystone" }],
      ["import_bundle", { path: "/o/b.waystone", digest: "d1" }],
      ["list_incoming", { heldOnly: true }],
      ["accept_incoming", { id: 3, trust: true }],
      ["reject_incoming", { id: 4 }],
      ["backup_vault", { path: "/o/x.wsbk" }],
      ["backup_info", { path: "/o/x.wsbk" }],
      ["restore_backup", { path: "/o/x.wsbk", user: "admin", passphrase: "pass" }],
      ["restore_backup_with_recovery", { path: "/o/x.wsbk", recoveryKey: "AAAA", user: "admin", newPassphrase: "new" }],
      ["audit_page", { offset: 50, limit: 50 }],
      ["verify_audit_chain", undefined],
    ]);
  });
});
