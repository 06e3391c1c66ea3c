/**
 * The commands the board, registry and dashboard send over IPC: names and argument shapes
 * (camelCase; Tauri maps them to the Rust parameters). `invoke` is replaced by a recorder.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined);
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn() }));

const { TauriBackend } = await import("./tauri");
const { COMMANDS } = await import("./bindings/CommandName");

beforeEach(() => invoke.mockClear());

describe("TauriBackend: board commands", () => {
  it("sends each command with its arguments", async () => {
    const b = new TauriBackend();
    const filing = { body: "ECtHR", number: "1/24", date: "2024-05-01" };
    await b.boardPage({ stage: "in_transit", offset: 50, limit: 50 });
    await b.caseEvents("c1");
    await b.caseHistory("c1");
    await b.changeStatus("c1", "filed", filing);
    await b.changeStatus("c1", "closed", null);
    await b.assignCase("c1", "cw", null);
    await b.setDueDate("c1", null);
    await b.setEvacuation("c1", "in_shelter", "2030-01-02");
    await b.registry();
    await b.registrySuggestions();
    await b.decideDuplicate("site", "a", "b", true);
    await b.dashboard();
    expect(invoke.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ["board_page", { query: { stage: "in_transit", offset: 50, limit: 50 } }],
      ["case_events", { caseId: "c1" }],
      ["case_history", { caseId: "c1" }],
      ["change_status", { caseId: "c1", status: "filed", filing }],
      ["change_status", { caseId: "c1", status: "closed", filing: null }],
      ["assign_case", { caseId: "c1", caseworker: "cw", lawyer: null }],
      ["set_due_date", { caseId: "c1", date: null }],
      ["set_evacuation", { caseId: "c1", stage: "in_shelter", nextFollowUp: "2030-01-02" }],
      ["registry", undefined],
      ["registry_suggestions", undefined],
      ["decide_duplicate", { kind: "site", keyA: "a", keyB: "b", same: true }],
      ["dashboard", undefined],
    ]);
  });

  it("turns a refusal into an IpcError", async () => {
    invoke.mockRejectedValueOnce({ code: "forbidden", message: "coordinators search codes only" });
    await expect(new TauriBackend().boardPage({ text: "x" })).rejects.toEqual({
      code: "forbidden",
      message: "coordinators search codes only",
    });
  });
});

describe("TauriBackend: forms commands", () => {
  it("sends Settings › Forms and New interview's commands with their arguments", async () => {
    const b = new TauriBackend();
    await b.listForms();
    await b.checkFormFile("/tmp/invented.xlsx");
    await b.importFormFile("/tmp/invented.xlsx");
    await b.setFormAvailable("invented_followup", 2, false);
    await b.formsForNewInterview();
    await b.createCase({ id: "invented_followup", version: 2 });
    await b.createCase();
    expect(invoke.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ["list_forms", undefined],
      ["check_form_file", { path: "/tmp/invented.xlsx" }],
      ["import_form_file", { path: "/tmp/invented.xlsx" }],
      ["set_form_available", { formId: "invented_followup", version: 2, available: false }],
      ["forms_for_new_interview", undefined],
      ["create_case", { formId: "invented_followup", version: 2 }],
      ["create_case", { formId: null, version: null }],
    ]);
  });
});

describe("TauriBackend: the command list", () => {
  it("calls each listed command from the method named after it, and nothing else", async () => {
    const b = new TauriBackend() as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const command of COMMANDS) {
      const method = command.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      invoke.mockClear();
      await b[method]?.();
      expect(invoke.mock.calls.map((c) => c[0]), method).toEqual([command]);
    }
  });
});
