/**
 * The board of a session, driven through the AppController against the role-aware fake
 * backend: the query each filter sends, server-side paging, role limits, changes from the
 * panel, and what a lock leaves behind (nothing). Every case and person is invented.
 */
import { describe, expect, it } from "vitest";
import { AppController, tabsFor } from "./app.svelte";
import { emptyFilters, PAGE_SIZE, queryFor, type BoardFilters } from "./board.svelte";
import { boardVault, USERS } from "../test/board-fixture";
import { PASSPHRASE } from "../test/dom";
import { settle } from "../test/fake-backend";
import { RIGHTS } from "../test/core-tables";
import { sessionFor } from "../test/fake-transfer";

async function signedIn(user: string, backend = boardVault()) {
  const app = new AppController(backend);
  await app.start();
  expect(await app.unlock(user, PASSPHRASE)).toBeNull();
  const board = app.board;
  if (!board) throw new Error("no board after unlock");
  return { app, board, backend };
}

describe("queryFor", () => {
  it("leaves out empty filters and asks for one page", () => {
    expect(queryFor(emptyFilters(), true, 0)).toEqual({ offset: 0, limit: PAGE_SIZE });
    expect(
      queryFor({ ...emptyFilters(), status: "legal_review", stage: "in_transit", overdueOnly: true, text: "  " }, true, 100),
    ).toEqual({ offset: 100, limit: PAGE_SIZE, status: "legal_review", stage: "in_transit", overdueOnly: true });
  });

  it("sends every testimony filter for readers, none for coordinators", () => {
    const all: BoardFilters = {
      ...emptyFilters(),
      risk: "high",
      text: "подвал",
      perpetrator: "Test-7",
      place: "Invented Town",
      from: "2019-01-01",
      to: "2019-12-31",
    };
    expect(queryFor(all, true, 0)).toEqual({
      offset: 0,
      limit: PAGE_SIZE,
      risk: "high",
      text: "подвал",
      perpetrator: "Test-7",
      place: "Invented Town",
      detainedFrom: "2019-01-01",
      detainedTo: "2019-12-31",
    });
    expect(queryFor(all, false, 0)).toEqual({ offset: 0, limit: PAGE_SIZE, risk: "high" });
  });
});

describe("Board: roles", () => {
  it("gives each session the tabs its rights open, and its first one", async () => {
    // the rights as the core gives them for each role (ui/src/test/core-tables.ts)
    expect(tabsFor(RIGHTS.coordinator)).toEqual(["board", "dashboard", "exchange", "settings"]);
    expect(tabsFor(RIGHTS.lawyer)).toEqual(["cases", "board", "dashboard", "registry", "reports", "exchange", "settings"]);
    expect(tabsFor(RIGHTS.admin)).toEqual(["cases", "board", "dashboard", "registry", "reports", "exchange", "audit", "settings"]);
    // the tabs follow the flags, not the role's name
    expect(tabsFor({ ...RIGHTS.caseworker, readAuditLog: true, searchTestimony: false })).toEqual([
      "cases",
      "board",
      "dashboard",
      "exchange",
      "audit",
      "settings",
    ]);
    const co = await signedIn(USERS.coordinator);
    expect(co.app.homeTab).toBe("board");
    expect(co.board.readsTestimony).toBe(false);
    expect(co.board.assigns).toBe(true);
    co.app.showTab("registry"); // not a coordinator's tab
    expect(co.app.homeTab).toBe("board");
    const cw = await signedIn(USERS.caseworker);
    expect(cw.app.homeTab).toBe("cases");
    expect(cw.board.readsTestimony).toBe(true);
    expect(cw.board.assigns).toBe(false);
  });

  it("never sends testimony filters for a coordinator, even if they were typed", async () => {
    const { board, backend } = await signedIn(USERS.coordinator);
    board.filters.text = "something typed";
    board.filters.perpetrator = "Test-7";
    board.filters.from = "not a date"; // not even checked: never sent
    board.filters.stage = "in_transit";
    expect(await board.apply()).toBe(true);
    expect(backend.boardQueries.at(-1)).toEqual({ offset: 0, limit: PAGE_SIZE, stage: "in_transit" });
    expect(board.error).toBeNull();
    expect(board.page?.rows.map((r) => r.summary.code)).toEqual(["WS-LATE", "WS-T003"]);
  });

  it("never asks a coordinator's answer history, and gets the workflow events", async () => {
    const { board, backend } = await signedIn(USERS.coordinator);
    await board.load();
    const late = board.page?.rows[0];
    expect(late?.summary.code).toBe("WS-LATE");
    if (!late) return;
    await board.select(late);
    expect(backend.calls).toContain("case_events");
    expect(backend.calls).not.toContain("case_history");
    expect(backend.calls).not.toContain("form_definition");
    expect(board.events).toEqual([]);
    expect(board.answers).toBeNull();
  });
});

describe("Board: filters and paging", () => {
  it("refuses a malformed date filter without asking anything", async () => {
    const { board, backend } = await signedIn(USERS.caseworker);
    board.filters.from = "2019-02-30";
    board.filters.to = "2019-12-31";
    expect(await board.apply()).toBe(false);
    expect(board.invalid).toEqual(["from"]);
    expect(backend.boardQueries).toEqual([]);
    board.filters.from = "2019-02-28";
    expect(await board.apply()).toBe(true);
    expect(board.invalid).toEqual([]);
    expect(backend.boardQueries.at(-1)).toMatchObject({ detainedFrom: "2019-02-28", detainedTo: "2019-12-31" });
  });

  it("pages 50 at a time on the server and never holds more than one page", async () => {
    const { board, backend } = await signedIn(USERS.coordinator, boardVault(118)); // + WS-LATE, WS-OTHER = 120
    await board.load();
    expect(board.page?.total).toBe(120);
    expect(board.page?.rows).toHaveLength(50);
    expect(board.hasPrev).toBe(false);
    expect(board.hasNext).toBe(true);
    await board.next();
    expect(backend.boardQueries.at(-1)).toEqual({ offset: 50, limit: 50 });
    expect(board.page?.rows).toHaveLength(50);
    await board.next();
    expect(backend.boardQueries.at(-1)).toEqual({ offset: 100, limit: 50 });
    expect(board.page?.rows).toHaveLength(20);
    expect(board.hasNext).toBe(false);
    const asked = backend.boardQueries.length;
    await board.next(); // nothing further
    expect(backend.boardQueries.length).toBe(asked);
    await board.prev();
    expect(board.offset).toBe(50);
    // A new filter starts again from the first page.
    board.filters.risk = "critical";
    await board.apply();
    expect(backend.boardQueries.at(-1)).toEqual({ offset: 0, limit: 50, risk: "critical" });
    expect(board.offset).toBe(0);
  });

  it("shows the newest page when replies come back out of order", async () => {
    const { board, backend } = await signedIn(USERS.coordinator, boardVault(118));
    await board.load();
    backend.holdBoard = true;
    const first = board.next(); // offset 50, held
    board.filters.stage = "relocated";
    const second = board.apply(); // offset 0, held
    backend.holdBoard = false;
    backend.releaseBoard();
    await Promise.all([first, second]);
    expect(board.offset).toBe(0);
    expect(board.page?.rows.every((r) => r.summary.stage === "relocated")).toBe(true);
  });

  it("shows a forbidden search as an error and keeps the page it had", async () => {
    const { board, backend } = await signedIn(USERS.caseworker);
    await board.load();
    const before = board.page;
    backend.session = sessionFor(USERS.coordinator, "coordinator"); // as if roles changed under it
    board.filters.text = "anything";
    await board.apply();
    expect(board.error?.code).toBe("forbidden");
    expect(board.page).toBe(before);
  });
});

describe("Board: changes from the panel", () => {
  it("changes the stage of a case that then leaves the filter, and keeps it in the panel", async () => {
    const { board, backend } = await signedIn(USERS.coordinator);
    board.filters.stage = "in_transit";
    await board.apply();
    const late = board.page?.rows.find((r) => r.summary.code === "WS-LATE");
    if (!late) throw new Error("WS-LATE not on the page");
    expect(late.overdue).toBe(true);
    await board.select(late);

    expect(await board.setEvacuation("in_shelter", "2099-01-31")).toBeNull();
    expect(backend.boardChanges.at(-1)).toBe("set_evacuation case-7 in_shelter 2099-01-31");
    // The page no longer holds it (filtered by in_transit); the panel still shows it, updated.
    expect(board.page?.rows.some((r) => r.summary.code === "WS-LATE")).toBe(false);
    expect(board.selected?.summary.stage).toBe("in_shelter");
    expect(board.selected?.nextFollowUp).toBe("2099-01-31");
    expect(board.selected?.overdue).toBe(false);
    expect(board.events?.[0]).toMatchObject({ kind: "stage", by: USERS.coordinator });
  });

  it("takes the fresh row from the reloaded page when the case is still on it", async () => {
    const { board } = await signedIn(USERS.coordinator);
    await board.load();
    const row = board.page?.rows[1];
    if (!row) throw new Error("no row");
    await board.select(row);
    expect(await board.assign(USERS.caseworker, USERS.lawyer)).toBeNull();
    expect(board.selected).toBe(board.page?.rows.find((r) => r.summary.id === row.summary.id));
    expect(board.selected?.caseworker).toBe(USERS.caseworker);
    expect(await board.setDueDate("2024-07-01")).toBeNull();
    expect(board.selected?.dueDate).toBe("2024-07-01");
  });

  it("offers, after a move, the statuses the backend answered, also when the case left the filter", async () => {
    const { board, backend } = await signedIn(USERS.coordinator);
    board.filters.status = "interview_in_progress";
    await board.apply();
    const row = board.page?.rows[0];
    if (!row) throw new Error("no row");
    await board.select(row);
    expect(board.selected?.allowedNext).toEqual(["interview_complete", "closed"]);
    expect(await board.changeStatus("interview_complete", null)).toBeNull();
    // no longer on the interview_in_progress page: the panel keeps it with the new moves
    expect(board.page?.rows.some((r) => r.summary.id === row.summary.id)).toBe(false);
    expect(board.selected?.summary.status).toBe("interview_complete");
    expect(board.selected?.allowedNext).toEqual(["legal_review", "interview_in_progress", "closed"]);
    expect(backend.calls.filter((c) => c === "change_status")).toHaveLength(1);
  });

  it("returns the backend's refusal and changes nothing on screen", async () => {
    const { board } = await signedIn(USERS.coordinator);
    await board.load();
    const row = board.page?.rows.find((r) => r.summary.status === "interview_in_progress");
    if (!row) throw new Error("no row");
    await board.select(row);
    const error = await board.changeStatus("decided", null); // not an allowed move
    expect(error?.code).toBe("invalid");
    expect(board.selected?.summary.status).toBe("interview_in_progress");
    expect((await board.changeStatus("filed", null))?.code).toBe("invalid");
  });

  it("a caseworker may not assign: the backend says forbidden", async () => {
    const { board } = await signedIn(USERS.caseworker);
    await board.load();
    const row = board.page?.rows[0];
    if (!row) throw new Error("no row");
    await board.select(row);
    expect((await board.assign(USERS.caseworker, null))?.code).toBe("forbidden");
  });
});

describe("Board: locking", () => {
  it("a lock drops the board with its filters, rows, selection and history", async () => {
    const { app, board } = await signedIn(USERS.caseworker);
    board.filters.text = "synthetic";
    await board.apply();
    const row = board.page?.rows[0];
    if (!row) throw new Error("no row");
    await board.select(row);
    expect(board.answers).not.toBeNull();

    await app.lock("manual");
    expect(app.board).toBeNull();
    expect(board.disposed).toBe(true);
    expect(board.page).toBeNull();
    expect(board.selected).toBeNull();
    expect(board.events).toBeNull();
    expect(board.answers).toBeNull();
    expect(board.filters.text).toBe("");
    expect(JSON.stringify(app.view)).not.toContain("synthetic");

    expect(await app.unlock(USERS.caseworker, PASSPHRASE)).toBeNull();
    expect(app.board).not.toBe(board);
    expect(app.board?.filters.text).toBe("");
    expect(app.board?.selected).toBeNull();
  });

  it("drops a page that arrives after the lock", async () => {
    const { app, board, backend } = await signedIn(USERS.coordinator);
    backend.holdBoard = true;
    const pending = board.load();
    backend.emitLocked("idle");
    backend.releaseBoard();
    await pending;
    await settle();
    expect(app.board).toBeNull();
    expect(board.page).toBeNull();
  });

  it("keeps the board and the tab across an interview and back", async () => {
    const { app, board } = await signedIn(USERS.caseworker);
    app.showTab("board");
    board.filters.stage = "in_transit";
    await board.apply();
    const row = board.page?.rows[0];
    if (!row) throw new Error("no row");
    await board.select(row);
    expect(await app.resumeInterview(row.summary.id)).toBeNull();
    expect(app.view.name).toBe("interview");
    expect(await app.pauseInterview()).toBe(true);
    expect(app.view.name).toBe("home");
    expect(app.homeTab).toBe("board");
    expect(app.board).toBe(board);
    expect(board.selected?.summary.id).toBe(row.summary.id);
    expect(board.applied.stage).toBe("in_transit");
  });
});
