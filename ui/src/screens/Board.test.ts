/**
 * The board, dashboard and registry screens mounted in jsdom against the role-aware fake
 * backend (src/test/board-fixture.ts). Every case, person, unit and place is invented.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeBackend } from "../test/fake-backend";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";
import type { RegistryEntryDto } from "../ipc/backend";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function as(user: string, backend: FakeBackend = boardVault()) {
  screen = new Screen(backend);
  await screen.unlockAs(user);
  return { s: screen, backend };
}

async function toBoard(s: Screen) {
  s.click("nav-board");
  await s.waitShown("screen-board");
  await s.waitBoard();
}

/** The options a select offers (values), in order. */
function options(s: Screen, id: string): string[] {
  return [...s.get<HTMLSelectElement>(id).options].filter((o) => !o.disabled).map((o) => o.value);
}

async function openPanel(s: Screen, code: string) {
  s.click(`board-row-${code}`);
  await s.waitFor(() => s.find("case-panel")?.dataset.case === code, `panel of ${code}`);
  await s.waitFor(() => !s.has("history-loading"), "history loaded");
}


/** Types a day into a day/month/year control (components/DayField.svelte). */
function typeDay(s: Screen, testid: string, day: string, month: string, year: string) {
  s.type(`${testid}-day`, day);
  s.select(`${testid}-month`, month);
  s.type(`${testid}-year`, year);
}

describe("board: coordinator", () => {
  it("starts on the board, without interviews, registry or testimony filters", async () => {
    const { s } = await as(USERS.coordinator);
    expect(s.has("screen-board")).toBe(true);
    expect(s.get("nav-board").getAttribute("aria-current")).toBe("page");
    expect(["nav-board", "nav-dashboard", "nav-settings"].every((id) => s.has(id))).toBe(true);
    expect(s.has("nav-cases")).toBe(false);
    expect(s.has("nav-registry")).toBe(false);
    for (const f of ["status", "stage", "risk", "overdue"]) expect(s.has(`board-filter-${f}`)).toBe(true);
    for (const f of ["text", "perpetrator", "place", "from", "to"]) expect(s.has(`board-filter-${f}`)).toBe(false);
    // Everyone's cases, most urgent (the overdue one) first; codes only.
    const rows = [...s.target.querySelectorAll<HTMLElement>('[data-testid^="board-row-"]')].map((r) => r.dataset.testid);
    expect(rows[0]).toBe("board-row-WS-LATE");
    expect(rows).toContain("board-row-WS-OTHER");
    expect(s.text("board-total")).toBe("1–8 of 8");
  });

  it("filters by stage, sees the overdue badge, changes the stage and sees the event", async () => {
    const { s, backend } = await as(USERS.coordinator);
    s.select("board-filter-stage", "in_transit");
    s.click("board-apply");
    await s.waitFor(() => s.text("board-total") === "1–2 of 2", "filtered");
    expect(backend.boardQueries.at(-1)).toEqual({ offset: 0, limit: 50, stage: "in_transit" });
    expect(s.text("board-overdue-WS-LATE")).toBe("Overdue");
    expect(s.has("board-overdue-WS-T003")).toBe(false);
    // Risk is in words, not colour alone.
    expect(s.text("board-row-WS-LATE")).toContain("Medium");

    await openPanel(s, "WS-LATE");
    expect(s.text("panel-stage-now")).toBe("In transit");
    expect(s.has("panel-overdue")).toBe(true);
    expect(s.has("panel-open-interview")).toBe(false);
    expect(s.text("case-panel")).toContain("your role does not see the interview");
    expect(backend.calls).not.toContain("case_history");

    s.select("panel-stage", "in_shelter");
    typeDay(s, "panel-follow-up", "31", "1", "2099");
    s.click("panel-evacuation-save");
    await s.waitShown("panel-evacuation-saved");
    expect(backend.boardChanges.at(-1)).toBe("set_evacuation case-7 in_shelter 2099-01-31");
    expect(s.text("panel-stage-now")).toBe("In a shelter");
    expect(s.has("panel-overdue")).toBe(false);
    // the fields are cleared after the save
    expect(s.get<HTMLInputElement>("panel-follow-up-day").value).toBe("");
    expect(s.get<HTMLSelectElement>("panel-follow-up-month").value).toBe("");
    expect(s.get<HTMLInputElement>("panel-follow-up-year").value).toBe("");
    // It left the in_transit page but stays open in the panel.
    expect(s.has("board-row-WS-LATE")).toBe(false);
    await s.waitShown("history-list");
    const first = s.get("history-list").querySelector<HTMLElement>('[data-testid="history-item"]');
    expect(first?.dataset.kind).toBe("stage");
    expect(first?.textContent).toContain("Evacuation stage: In transit → In a shelter");
    expect(first?.textContent).toContain("Next follow-up: 31 Jan 2099");
    expect(first?.textContent).toContain(`by ${USERS.coordinator}`);
  });

  it("exports the board as filtered, every page of it, to a free name in the output folder", async () => {
    const { s, backend } = await as(USERS.coordinator);
    s.select("board-filter-stage", "in_transit");
    s.click("board-apply");
    await s.waitFor(() => s.text("board-total") === "1–2 of 2", "filtered");
    await s.waitFor(() => s.get<HTMLInputElement>("board-path").value.endsWith(".pdf"), "a proposed file name");
    const proposed = s.get<HTMLInputElement>("board-path").value;
    expect(proposed).toMatch(/\/case-board-\d{4}-\d{2}-\d{2}\.pdf$/);
    s.click("board-export-button");
    await s.waitShown("board-export-done");
    expect(backend.boardExports).toEqual([{ query: { stage: "in_transit" }, format: "pdf", language: "en", path: proposed }]);
    // a second export the same day is offered the next free name
    await s.waitFor(() => s.get<HTMLInputElement>("board-path").value !== proposed, "the next free name");
    expect(s.get<HTMLInputElement>("board-path").value).toBe(proposed.replace(/\.pdf$/, "-2.pdf"));
    s.select("board-format", "csv");
    await s.waitFor(() => s.get<HTMLInputElement>("board-path").value.endsWith(".csv"), "csv name");
    s.click("board-export-button");
    await s.waitFor(() => backend.boardExports.length === 2, "second export");
    expect(backend.boardExports[1]?.format).toBe("csv");
    expect(s.text("board-export-hint")).toContain("status fields only");
  });

  it("exports and prints the dashboard's counts through the same file block", async () => {
    const { s, backend } = await as(USERS.coordinator);
    s.click("nav-dashboard");
    await s.waitShown("dashboard-status");
    await s.waitFor(() => s.get<HTMLInputElement>("dashboard-path").value.endsWith(".pdf"), "a proposed file name");
    const proposed = s.get<HTMLInputElement>("dashboard-path").value;
    expect(proposed).toMatch(/\/dashboard-\d{4}-\d{2}-\d{2}\.pdf$/);
    s.click("dashboard-export-button");
    await s.waitShown("dashboard-export-done");
    expect(backend.dashboardExports).toEqual([{ format: "pdf", language: "en", path: proposed }]);
    s.select("dashboard-format", "csv");
    await s.waitFor(() => s.get<HTMLInputElement>("dashboard-path").value.endsWith(".csv"), "csv name");
    s.click("dashboard-export-button");
    await s.waitFor(() => backend.dashboardExports.length === 2, "second export");
    expect(backend.dashboardExports[1]?.format).toBe("csv");
    expect(s.text("dashboard-export-hint")).toContain("counts only");
  });

  it("says an impossible follow-up day as it is typed and refuses it, like an incomplete one, before sending anything", async () => {
    const { s, backend } = await as(USERS.coordinator);
    await openPanel(s, "WS-LATE");
    typeDay(s, "panel-follow-up", "31", "4", "2099");
    expect(s.text("panel-follow-up-note")).toContain("There is no 31 April 2099");
    expect(s.get("panel-follow-up-day").getAttribute("aria-invalid")).toBe("true");
    s.click("panel-evacuation-save");
    await s.waitShown("panel-evacuation-problem");
    // a day with no year yet is not a day either
    typeDay(s, "panel-follow-up", "30", "4", "");
    expect(s.has("panel-follow-up-note")).toBe(false);
    s.click("panel-evacuation-save");
    await s.waitShown("panel-evacuation-problem");
    expect(backend.boardChanges).toEqual([]);
  });

  it("offers only the allowed status moves, and asks the filing details for filed", async () => {
    const backend = boardVault();
    const filing = backend.addBoardCase({ code: "WS-FILE", status: "filing_prepared", createdBy: USERS.caseworker });
    const { s } = await as(USERS.coordinator, backend);
    await openPanel(s, "WS-LATE");
    expect(options(s, "panel-status")).toEqual(["interview_complete", "closed"]);
    await openPanel(s, "WS-OTHER");
    expect(options(s, "panel-status")).toEqual(["filing_prepared", "interview_in_progress", "closed"]);

    await openPanel(s, "WS-FILE");
    expect(options(s, "panel-status")).toEqual(["filed", "legal_review", "closed"]);
    expect(s.get<HTMLButtonElement>("panel-status-save").disabled).toBe(true);
    s.select("panel-status", "filed");
    expect(s.has("panel-filing-body")).toBe(true);
    s.type("panel-filing-body", "ECtHR");
    s.type("panel-filing-number", "12345/24");
    typeDay(s, "panel-filing-date", "30", "2", "2024");
    s.click("panel-status-save");
    await s.waitShown("panel-status-problem");
    expect(backend.boardChanges).toEqual([]);

    typeDay(s, "panel-filing-date", "30", "4", "2024");
    s.click("panel-status-save");
    await s.waitShown("panel-status-saved");
    expect(backend.boardChanges).toEqual([`change_status ${filing.id} filed ECtHR|12345/24|2024-04-30`]);
    expect(s.text("panel-status-now")).toBe("Filed");
    expect(s.text("panel-filing-now")).toContain("12345/24");
    // The select now offers the moves from filed.
    expect(options(s, "panel-status")).toEqual(["communicated", "decided", "closed"]);
    await s.waitFor(() => s.text("history-list").includes("Status: Filing prepared → Filed"), "status event");
  });

  it("shows a status this version does not know as unknown, never quoted, with no move offered", async () => {
    const backend = boardVault();
    backend.addBoardCase({ code: "WS-ODD", status: null, createdBy: USERS.caseworker });
    const { s } = await as(USERS.coordinator, backend);
    await openPanel(s, "WS-ODD");
    expect(s.text("panel-status-now")).toBe("Unknown status");
    expect(s.has("panel-status")).toBe(false);
    expect(s.text("case-panel")).toContain("This case cannot be moved to another status from here.");
  });

  it("assigns people from the users with matching roles, and sets a due date", async () => {
    const { s, backend } = await as(USERS.coordinator);
    await openPanel(s, "WS-T001");
    expect(options(s, "panel-caseworker")).toEqual(["", USERS.admin, USERS.caseworker, USERS.otherCaseworker]);
    expect(options(s, "panel-lawyer")).toEqual(["", USERS.admin, USERS.lawyer]);
    s.select("panel-caseworker", USERS.otherCaseworker);
    s.select("panel-lawyer", USERS.lawyer);
    s.click("panel-assign-save");
    await s.waitShown("panel-assign-saved");
    expect(backend.boardChanges.at(-1)).toBe(`assign_case case-1 ${USERS.otherCaseworker} ${USERS.lawyer}`);
    // Beside the panel the table leaves assignments out (the panel has them).
    expect(s.text("board-row-WS-T001")).not.toContain("Lawyer:");

    typeDay(s, "panel-due", "1", "7", "2024");
    s.click("panel-due-save");
    await s.waitShown("panel-due-saved");
    expect(backend.boardChanges.at(-1)).toBe("set_due_date case-1 2024-07-01");
    // the fields hold the saved day; emptied, the due date is removed
    expect(s.get<HTMLInputElement>("panel-due-day").value).toBe("1");
    typeDay(s, "panel-due", "", "", "");
    s.click("panel-due-save");
    await s.waitFor(() => backend.boardChanges.at(-1) === "set_due_date case-1 -", "due date removed");
    s.click("panel-close");
    await s.waitFor(() => s.text("board-row-WS-T001").includes(`Lawyer: ${USERS.lawyer}`), "row updated");
  });

  it("pages through 10,000 cases 50 at a time", async () => {
    const backend = boardVault(9998); // + WS-LATE, WS-OTHER
    const { s } = await as(USERS.coordinator, backend);
    expect(s.text("board-total")).toBe("1–50 of 10,000");
    expect(s.target.querySelectorAll('[data-testid^="board-row-"]')).toHaveLength(50);
    expect(s.get<HTMLButtonElement>("board-prev").disabled).toBe(true);
    // (The fake sorts all 10,000 on every request: allow it time.)
    s.click("board-next");
    await s.waitFor(() => s.text("board-total") === "51–100 of 10,000", "page 2", 10_000);
    expect(backend.boardQueries.at(-1)).toEqual({ offset: 50, limit: 50 });
    expect(s.target.querySelectorAll('[data-testid^="board-row-"]')).toHaveLength(50);
    s.click("board-prev");
    await s.waitFor(() => s.text("board-total") === "1–50 of 10,000", "page 1", 10_000);
    expect(backend.boardQueries.every((q) => q.limit === 50)).toBe(true);
  });
});

describe("board: caseworker", () => {
  it("searches the testimony and the detention period, and sees only their own cases", async () => {
    const { s, backend } = await as(USERS.caseworker);
    expect(s.has("screen-cases")).toBe(true); // interviewers start at their interviews
    expect(s.has("nav-registry")).toBe(true);
    await toBoard(s);
    expect(s.has("board-row-WS-OTHER")).toBe(false);
    s.type("board-filter-text", "number 3");
    s.type("board-filter-perpetrator", "Test-7");
    s.type("board-filter-place", "Invented");
    s.type("board-filter-from", "2019-13-01");
    s.click("board-apply");
    await s.waitShown("board-date-invalid");
    expect(s.get("board-filter-from").getAttribute("aria-invalid")).toBe("true");
    s.type("board-filter-from", "2019-01-01");
    s.type("board-filter-to", "2019-12-31");
    s.click("board-apply");
    await s.waitFor(() => s.text("board-total") === "1–1 of 1", "searched");
    expect(backend.boardQueries.at(-1)).toEqual({
      offset: 0,
      limit: 50,
      text: "number 3",
      perpetrator: "Test-7",
      place: "Invented",
      detainedFrom: "2019-01-01",
      detainedTo: "2019-12-31",
    });
    expect(s.has("board-row-WS-T003")).toBe(true);
    s.click("board-clear");
    await s.waitFor(() => s.text("board-total") === "1–7 of 7", "cleared");
    expect(s.get<HTMLInputElement>("board-filter-text").value).toBe("");
  });

  it("shows answer history with the form's labels, beside the workflow events, newest first", async () => {
    const backend = boardVault();
    const { s } = await as(USERS.coordinator, backend);
    await openPanel(s, "WS-LATE");
    s.select("panel-stage", "in_shelter");
    typeDay(s, "panel-follow-up", "31", "1", "2099");
    s.click("panel-evacuation-save");
    await s.waitShown("panel-evacuation-saved");
    s.click("lock-button");
    await s.waitShown("screen-unlock");

    await s.unlockAs(USERS.caseworker);
    await toBoard(s);
    expect(s.has("case-panel")).toBe(false); // nothing of the coordinator's session is left
    await openPanel(s, "WS-LATE");
    expect(s.has("panel-caseworker")).toBe(false); // caseworkers do not assign
    expect(s.has("panel-open-interview")).toBe(true);
    const items = [...s.get("history-list").querySelectorAll<HTMLElement>('[data-testid="history-item"]')];
    expect(items.map((i) => `${i.dataset.source}:${i.dataset.kind}:${i.dataset.by}`)).toEqual([
      `event:stage:${USERS.coordinator}`,
      `answer:answer:${USERS.coordinator}`,
      `answer:answer:${USERS.coordinator}`,
    ]);
    // Written stage first, follow-up second: newest first, the follow-up comes first.
    // `next_follow_up` is not in the fixture form (raw path); `stage` is (its label).
    expect(items[1]?.textContent).toContain("Answer changed: next_follow_up");
    expect(items[2]?.textContent).toContain("Answer changed: Person › Stage");
  });

  it("opens the interview from the panel and comes back to the same board", async () => {
    const { s } = await as(USERS.caseworker);
    await toBoard(s);
    await openPanel(s, "WS-T002");
    s.click("panel-open-interview");
    await s.waitShown("screen-interview");
    s.click("pause-interview");
    await s.waitShown("screen-board");
    await s.waitFor(() => s.find("case-panel")?.dataset.case === "WS-T002", "panel kept");
  });

  it("moves focus into the panel, and back to the row when it closes", async () => {
    const { s } = await as(USERS.caseworker);
    await toBoard(s);
    s.click("board-open-WS-T001");
    await s.waitShown("case-panel");
    expect(document.activeElement?.id).toBe("panel-title");
    s.click("panel-close");
    await s.waitFor(() => !s.has("case-panel"), "panel closed");
    await s.waitFor(() => document.activeElement === s.get("board-open-WS-T001"), "focus back on the row");
  });
});

describe("dashboard", () => {
  it("counts by status and stage, charts months (table), and opens an overdue case on the board", async () => {
    const backend = boardVault();
    backend.detentionsPerMonth = [
      { key: "2019-03", count: 2 },
      { key: "2019-05", count: 1 },
    ];
    const { s } = await as(USERS.coordinator, backend);
    s.click("nav-dashboard");
    await s.waitShown("dashboard-status");
    expect(s.text("dashboard-status-interview_in_progress")).toBe("7");
    expect(s.text("dashboard-status-legal_review")).toBe("1");
    expect(s.text("dashboard-status")).toContain("Legal review");
    expect(s.text("dashboard-stage-none")).toBe("1");
    expect(s.text("dashboard-stage")).toContain("Not recorded");
    // Three months (April filled in with 0), the numbers as a table; the chart's summary.
    const months = s.get("dashboard-months-table").querySelectorAll("tbody tr");
    const cells = (r: Element) => [...r.children].map((c) => c.textContent?.trim()).join(" ");
    expect([...months].map(cells)).toEqual([
      "March 2019 2",
      "April 2019 0",
      "May 2019 1",
    ]);
    expect(s.get("dashboard-months-chart").getAttribute("aria-label")).toContain("from March 2019 to May 2019");
    const bars = [...s.get("dashboard-months-chart").querySelectorAll("rect")];
    expect(bars.map((b) => b.querySelector("title")?.textContent)).toEqual(["March 2019: 2", "May 2019: 1"]);
    // Coordinators get no perpetrator or site counts.
    expect(s.has("dashboard-perpetrators")).toBe(false);

    s.click("dashboard-overdue-WS-LATE");
    await s.waitShown("screen-board");
    await s.waitFor(() => s.find("case-panel")?.dataset.case === "WS-LATE", "panel of WS-LATE");
    expect(s.get("nav-board").getAttribute("aria-current")).toBe("page");
  });

  it("shows cases per perpetrator and per site to a lawyer", async () => {
    const backend = boardVault();
    backend.registryEntries = registryEntries();
    const { s } = await as(USERS.lawyer, backend);
    s.click("nav-dashboard");
    await s.waitShown("dashboard-perpetrators");
    expect(s.text("dashboard-perpetrators")).toContain("Invented Officer");
    expect(s.text("dashboard-sites")).toContain("Invented Basement");
  });
});

function registryEntries(): RegistryEntryDto[] {
  return [
    {
      kind: "perpetrator",
      key: "invented officer",
      names: ["Invented Officer"],
      callSigns: ["Test-7"],
      ranks: ["Captain"],
      units: ["Invented Battalion"],
      links: [
        { caseId: "case-1", code: "WS-T001", path: "events[0]" },
        { caseId: "case-3", code: "WS-T003", path: "events[1].acts[0]" },
      ],
    },
    {
      kind: "perpetrator",
      key: "invented oficer",
      names: ["Invented Oficer"],
      callSigns: [],
      ranks: [],
      units: [],
      links: [{ caseId: "case-5", code: "WS-T005", path: "events[0]" }],
    },
    {
      kind: "site",
      key: "invented basement",
      names: ["Invented Basement"],
      callSigns: [],
      ranks: [],
      units: [],
      links: [{ caseId: "case-1", code: "WS-T001", path: "events[0].when" }],
    },
  ];
}

describe("registry", () => {
  it("lists entries with names, call signs, ranks, units and each case and episode", async () => {
    const backend = boardVault();
    backend.registryEntries = registryEntries();
    const { s } = await as(USERS.caseworker, backend);
    s.click("nav-registry");
    await s.waitShown("registry-list");
    const entries = s.target.querySelectorAll<HTMLElement>('[data-testid="registry-entry"]');
    expect(entries).toHaveLength(3);
    const first = entries[0]?.textContent?.replace(/\s+/g, " ") ?? "";
    for (const part of ["Invented Officer", "Test-7", "Captain", "Invented Battalion", "WS-T001", "WS-T003"]) {
      expect(first).toContain(part);
    }
    // Paths in the form's words once the form is known.
    await s.waitFor(() => (entries[0]?.textContent ?? "").includes("Event 2 › Act 1"), "labelled paths");
    // The place in the case, not the section: "Event 1", not "Events › Event 1 › When".
    expect(entries[2]?.textContent).toContain("Event 1");
    expect(entries[2]?.textContent).not.toContain("When");

    s.select("registry-kind", "site");
    expect(s.target.querySelectorAll('[data-testid="registry-entry"]')).toHaveLength(1);
    s.select("registry-kind", "");
    s.type("registry-name", "test-7");
    expect(s.target.querySelectorAll('[data-testid="registry-entry"]')).toHaveLength(1);
  });

  it("opens a linked case at the section of the episode", async () => {
    const backend = boardVault();
    backend.registryEntries = registryEntries();
    const { s } = await as(USERS.caseworker, backend);
    s.click("nav-registry");
    await s.waitShown("registry-list");
    const link = s.target.querySelector<HTMLButtonElement>('[data-testid="registry-link"][data-case="WS-T003"]');
    link?.click();
    await s.waitShown("screen-interview");
    await s.waitShown("section-events");
  });

  it("asks about likely duplicates: Same and Different are sent, then the list refreshes", async () => {
    const backend = boardVault();
    backend.registryEntries = registryEntries();
    backend.suggestions = [
      { kind: "perpetrator", keyA: "invented oficer", keyB: "invented officer", namesA: ["Invented Oficer"], namesB: ["Invented Officer"] },
      { kind: "site", keyA: "basement a", keyB: "basement b", namesA: ["Basement A"], namesB: ["Basement B"] },
    ];
    const { s } = await as(USERS.lawyer, backend);
    s.click("nav-registry");
    await s.waitShown("registry-suggestions");
    expect(s.text("suggestion-0")).toContain("Invented Oficer");
    expect(s.get("suggestion-0-same").getAttribute("aria-label")).toBe("Invented Oficer and Invented Officer are the same");
    const before = backend.calls.filter((c) => c === "registry").length;
    s.click("suggestion-0-same");
    await s.waitFor(() => backend.decisions.length === 1, "decided");
    expect(backend.decisions[0]).toEqual({ kind: "perpetrator", keyA: "invented oficer", keyB: "invented officer", same: true });
    await s.waitFor(() => !s.text("registry-suggestions").includes("Invented Oficer"), "refreshed");
    expect(backend.calls.filter((c) => c === "registry").length).toBe(before + 1);
    s.click("suggestion-0-different");
    await s.waitFor(() => !s.has("registry-suggestions"), "all decided");
    expect(backend.decisions[1]).toMatchObject({ kind: "site", same: false });
  });
});

describe("board: language and storage", () => {
  it("speaks Russian and writes nothing to web storage", async () => {
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    const { s } = await as(USERS.coordinator);
    s.click("lang-ru");
    await s.waitFor(() => s.text("nav-board") === "Доска дел", "Russian");
    expect(s.text("board-overdue-WS-LATE")).toBe("Просрочено");
    expect(s.text("board-total")).toBe("1–8 из 8");
    await openPanel(s, "WS-LATE");
    expect(s.text("panel-stage-now")).toBe("В пути");
    expect(setItem).not.toHaveBeenCalled();
    expect(window.localStorage.length + window.sessionStorage.length).toBe(0);
  });
});

describe("board: panel fields", () => {
  it("keeps what is typed in one part while another part is saved", async () => {
    const { s } = await as(USERS.coordinator);
    await openPanel(s, "WS-T001");
    s.type("panel-due", "2024-08-15");
    s.select("panel-stage", "relocated");
    s.click("panel-evacuation-save");
    await s.waitShown("panel-evacuation-saved");
    await s.waitFor(() => s.text("panel-stage-now") === "Relocated", "stage saved");
    expect(s.get<HTMLInputElement>("panel-due").value).toBe("2024-08-15");
    expect(s.get<HTMLSelectElement>("panel-stage").value).toBe("relocated");
  });
});

describe("board: send from the case panel (issue 16)", () => {
  const box = (name: string) => ({ name, engine: "folder" as const, location: `/srv/${name}`, addedBy: "x", addedAt: "2030-01-01T00:00:00Z", queued: 0, uploaded: 0, delivered: 0 });

  it("a coordinator queues the case's status card to a contact through the chosen mailbox", async () => {
    const backend = boardVault();
    backend.contacts = [{ name: "field-office", fingerprint: "AAAA BBBB" }];
    backend.mailboxes = [box("office"), box("field")];
    const { s } = await as(USERS.coordinator, backend);
    await openPanel(s, "WS-LATE");
    await s.waitShown("panel-send-to-field-office");
    // a coordinator sends status cards only
    expect(s.get<HTMLInputElement>("panel-send-status-card").checked).toBe(true);
    expect(s.get<HTMLInputElement>("panel-send-status-card").disabled).toBe(true);
    s.select("panel-send-through", "field");
    s.click("panel-send-to-field-office");
    s.click("panel-send-queue");
    await s.waitShown("panel-send-queued");
    expect(backend.outbox[0]).toMatchObject({ mailbox: "field", to: "field-office", statusCard: true });
  });

  it("says what is missing when there is no mailbox yet", async () => {
    const backend = boardVault();
    backend.contacts = [{ name: "field-office", fingerprint: "AAAA BBBB" }];
    const { s } = await as(USERS.coordinator, backend);
    await openPanel(s, "WS-LATE");
    await s.waitShown("panel-send-no-mailbox");
  });
});

describe("board: last heard from (issue 16)", () => {
  it("shows who a case was last heard from, in the row and the panel", async () => {
    const backend = boardVault();
    backend.addBoardCase({ code: "WS-HEARD", stage: "in_hiding", lastHeard: { from: "field-office", at: "2030-01-30T09:15:00Z" } });
    const { s } = await as(USERS.coordinator, backend);
    await s.waitFor(() => s.has("board-heard-WS-HEARD"), "the heard line");
    expect(s.text("board-heard-WS-HEARD")).toContain("field-office");
    expect(s.has("board-heard-WS-LATE")).toBe(false);
    await openPanel(s, "WS-HEARD");
    expect(s.text("panel-heard")).toContain("field-office");
  });
});

