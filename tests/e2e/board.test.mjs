// The case board in the real window, across roles and app processes (issue 4): a
// coordinator filters by stage, opens an overdue evacuation and changes its stage; a new
// app process unlocked by the caseworker then shows that change, by the coordinator, in the
// case's history. The vault is prepared with the CLI: three invented users and twelve
// synthetic demo cases (every person in them is INVENTED); no real case data is ever used.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  cli,
  freshVaultDir,
  screenshot,
  startApp,
  ui,
  UI_MS,
  unlockAs,
} from "./helpers.mjs";

const ADMIN = { name: "admin", passphrase: "quiet orchard ledger maps seven granite owls" };
const CW = { name: "cw", passphrase: "amber ferry counts nine slow winter bridges" };
const CO = { name: "co", passphrase: "linen compass hums past twelve copper gates" };

/** A vault with an admin, a caseworker and a coordinator, and 12 demo cases by `cw`. */
function boardFixture(t) {
  const dir = path.join(freshVaultDir(t), "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dir, ADMIN.name, [ADMIN.passphrase, CW.passphrase], "user", "add", CW.name, "--role", "caseworker");
  cli(dir, ADMIN.name, [ADMIN.passphrase, CO.passphrase], "user", "add", CO.name, "--role", "coordinator");
  cli(dir, CW.name, [CW.passphrase], "demo", "--cases", "12", "--seed", "3");
  const cases = cli(dir, CW.name, [CW.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  assert.equal(cases.length, 12, "twelve demo cases");
  // One evacuation in transit whose follow-up is long overdue.
  const target = cases[0];
  cli(dir, CW.name, [CW.passphrase], "case", "stage", target.id, "in_transit", "--follow-up", "2001-01-01");
  const inTransit = cases.filter((c) => c.id === target.id || c.stage === "in_transit").length;
  // the invented survivors' names, which the board's export must never carry
  const demoNames = cases
    .map((c) => JSON.parse(cli(dir, CW.name, [CW.passphrase], "case", "export", c.id)).answers?.answers?.name_cyrillic?.value)
    .filter((n) => typeof n === "string" && n.length > 3);
  assert.ok(demoNames.length > 0, "the demo cases carry invented names");
  return { dir, code: target.code, inTransit, demoNames };
}

/** A date two weeks from today, YYYY-MM-DD. */
function inTwoWeeks() {
  const d = new Date(Date.now() + 14 * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function helpers(browser) {
  const base = ui(browser);
  const { $, shown } = base;
  return {
    ...base,
    /** Waits until the board shows a page that is not being replaced. */
    async boardSettled() {
      await shown("board-total", UI_MS);
      await browser.waitUntil(
        async () => {
          const table = $("board-table");
          return !(await table.isExisting()) || (await table.getAttribute("aria-busy")) !== "true";
        },
        { timeout: UI_MS, timeoutMsg: "the board kept loading" },
      );
    },
    /** Opens the panel of `code` (its row's code button) and waits for its history. */
    async openPanel(code) {
      await this.shown(`board-row-${code}`);
      await this.click(`board-open-${code}`);
      await this.until(async () => (await $("case-panel").getAttribute("data-case")) === code, `the panel of ${code}`);
      await shown("history-list");
    },
    /** The history entries: source, kind, who, path and text. */
    async history() {
      return browser.execute(() =>
        [...document.querySelectorAll('[data-testid="history-item"]')].map((li) => ({
          source: li.getAttribute("data-source"),
          kind: li.getAttribute("data-kind"),
          by: li.getAttribute("data-by"),
          path: li.getAttribute("data-path"),
          text: (li.textContent ?? "").replace(/\s+/g, " ").trim(),
        })),
      );
    },
  };
}

test(
  "a coordinator moves an overdue evacuation on; the caseworker sees it in the history",
  { timeout: 600_000 },
  async (t) => {
    const { dir, code, inTransit, demoNames } = boardFixture(t);
    const followUp = inTwoWeeks();

    // The coordinator: the board, a stage filter, the overdue case, its panel.
    let browser = await startApp(t, dir);
    let h = helpers(browser);
    await unlockAs(browser, CO.name, CO.passphrase, "screen-board");
    await h.boardSettled();
    assert.equal(await h.$("nav-registry").isExisting(), false, "no registry for coordinators");
    assert.equal(await h.$("nav-cases").isExisting(), false, "no interviews for coordinators");
    assert.equal(await h.$("board-filter-text").isExisting(), false, "no full-text search for coordinators");
    assert.equal(await h.$("board-total").getAttribute("data-total"), "12");
    await screenshot(browser, "30-board-coordinator", { top: true });

    await h.choose("board-filter-stage", "in_transit");
    await h.click("board-apply");
    await h.until(
      async () => (await h.$("board-total").getAttribute("data-total")) === String(inTransit),
      "the stage filter",
    );
    await h.boardSettled();
    // Overdue follow-ups come first, with a badge in words.
    const firstRow = await browser.execute(
      () => document.querySelector('[data-testid^="board-row-"]')?.getAttribute("data-testid") ?? "",
    );
    assert.equal(firstRow, `board-row-${code}`, "the overdue case is first");
    assert.equal(await (await h.shown(`board-overdue-${code}`)).getText(), "Overdue");

    await h.openPanel(code);
    assert.equal(await h.$("panel-stage-now").getText(), "In transit");
    await h.shown("panel-overdue");
    assert.equal(await h.$("panel-open-interview").isExisting(), false, "coordinators do not open interviews");
    assert.equal(await h.$("panel-caseworker").isExisting(), true, "coordinators assign");
    await h.choose("panel-stage", "in_shelter");
    // the follow-up day in the interview's day / month / year control
    const [year, month, day] = followUp.split("-");
    await h.type("panel-follow-up-day", String(Number(day)));
    await h.choose("panel-follow-up-month", String(Number(month)));
    await h.type("panel-follow-up-year", year);
    await h.click("panel-evacuation-save");
    await h.shown("panel-evacuation-saved");
    await h.until(async () => (await h.$("panel-stage-now").getText()) === "In a shelter", "the new stage in the panel");
    assert.equal(await h.$("panel-overdue").isExisting(), false, "no longer overdue");
    await h.until(async () => {
      const [newest] = await h.history();
      return newest?.kind === "stage" && newest.by === CO.name;
    }, "the coordinator's stage event at the top of the history");
    const [event] = await h.history();
    assert.equal(event.by, CO.name);
    assert.match(event.text, /Evacuation stage: In transit → In a shelter/);
    assert.equal(
      (await h.history()).some((e) => e.source === "answer"),
      false,
      "a coordinator sees no answer history",
    );
    await h.$("case-panel").scrollIntoView({ block: "start" });
    await screenshot(browser, "31-board-panel-coordinator");
    await h.$("history-list").scrollIntoView({ block: "center" });
    await screenshot(browser, "31b-board-panel-history-coordinator");

    // the board written out as CSV (every case of the filtered board), status fields only
    await h.choose("board-format", "csv");
    await h.until(async () => (await h.$("board-path").getValue()).endsWith(".csv"), "a proposed CSV name");
    const csvPath = await h.$("board-path").getValue();
    assert.ok(csvPath.startsWith(process.env.WAYSTONE_OUTPUT_DIR ?? "/"), `in the output folder: ${csvPath}`);
    await h.click("board-export-button");
    await h.shown("board-export-done");
    await h.$("board-export").scrollIntoView({ block: "center" });
    await screenshot(browser, "31c-board-exported-csv");
    const csv = readFileSync(csvPath, "utf8");
    assert.match(csv, /^# Case board,/);
    assert.match(csv, /Filters: stage: In transit\./);
    // the board as it is now: the case just moved to a shelter has left the in-transit board
    assert.ok(!csv.includes(`\r\n${code},`), "the moved case is not in the in-transit export");
    const rows = csv.split("\r\n\r\n")[0].split("\r\n").length - 2;
    await h.boardSettled();
    assert.equal(String(rows), await h.$("board-total").getAttribute("data-total"), "every case the filtered board shows");
    assert.equal(rows, inTransit - 1);
    for (const name of demoNames) assert.ok(!csv.includes(name), "no survivor's name in the board's CSV");

    await h.click("nav-dashboard");
    await h.shown("dashboard-status");
    assert.equal(await h.$("dashboard-stage-in_shelter").isExisting(), true);
    assert.equal(await h.$("dashboard-perpetrators").isExisting(), false, "no perpetrators for coordinators");
    assert.ok(Number(await h.$("dashboard-months-chart").getAttribute("data-bars")) > 0, "detentions per month are charted");
    await screenshot(browser, "32-dashboard-coordinator", { top: true });

    // the dashboard written out as CSV, read back: its counts as the screen shows them
    const shownCount = async (id) => Number(await h.$(id).getText());
    const inShelter = await shownCount("dashboard-stage-in_shelter");
    await h.choose("dashboard-format", "csv");
    await h.until(async () => (await h.$("dashboard-path").getValue()).endsWith(".csv"), "a proposed CSV name");
    const dashPath = await h.$("dashboard-path").getValue();
    await h.click("dashboard-export-button");
    await h.shown("dashboard-export-done");
    await h.$("dashboard-export").scrollIntoView({ block: "center" });
    await screenshot(browser, "32b-dashboard-exported-csv");
    const dash = readFileSync(dashPath, "utf8");
    assert.match(dash, /^# Dashboard,/);
    assert.match(dash, /\r\nCount of,Value,Cases\r\n/);
    assert.ok(dash.includes(`\r\nEvacuation stage,In a shelter,${inShelter}\r\n`), dash);
    assert.ok(!dash.includes(code), "no case code in the dashboard's export");
    for (const name of demoNames) assert.ok(!dash.includes(name), "no survivor's name in the dashboard's CSV");
    // and in Russian
    await h.click("lang-ru");
    await h.until(async () => (await h.$("dashboard-export-button").getText()) === "Выгрузить сводку", "Russian");
    await h.until(async () => (await h.$("dashboard-path").getValue()) !== dashPath, "a new name");
    const dashRu = await h.$("dashboard-path").getValue();
    await h.click("dashboard-export-button");
    await h.shown("dashboard-export-done");
    await h.$("dashboard-export").scrollIntoView({ block: "center" });
    await screenshot(browser, "32c-dashboard-exported-csv-ru");
    const ru = readFileSync(dashRu, "utf8");
    assert.match(ru, /^# Сводка,/);
    assert.ok(ru.includes(`\r\nЭтап эвакуации,В шелтере,${inShelter}\r\n`), ru);
    await h.click("lang-en");
    await h.until(async () => (await h.$("nav-board").getText()) === "Case board", "English again");

    await h.click("lock-button");
    await h.shown("screen-unlock");
    await browser.deleteSession();

    // A new app process: the caseworker sees the coordinator's change.
    browser = await startApp(t, dir);
    h = helpers(browser);
    await unlockAs(browser, CW.name, CW.passphrase, "screen-cases");
    await h.click("nav-board");
    await h.shown("screen-board");
    await h.boardSettled();
    await h.shown("board-filter-text");
    await h.openPanel(code);
    assert.equal(await h.$("panel-stage-now").getText(), "In a shelter");
    await h.shown("panel-open-interview");
    const history = await h.history();
    const stageEvent = history.find((e) => e.source === "event" && e.kind === "stage" && e.by === CO.name);
    assert.ok(stageEvent, "the coordinator's stage event");
    assert.match(stageEvent.text, /In transit → In a shelter/);
    const stageAnswer = history.find((e) => e.source === "answer" && e.path === "evacuation_stage" && e.by === CO.name);
    assert.ok(stageAnswer, "the evacuation_stage answer changed by the coordinator");
    assert.match(stageAnswer.text, /Answer changed: .*Current stage/, "labelled from the form");
    // Newest first: the coordinator's change comes before the caseworker's own.
    assert.equal(history[0].by, CO.name);
    await h.$("case-panel").scrollIntoView({ block: "start" });
    await screenshot(browser, "33-board-panel-caseworker");
    await h.$("history-list").scrollIntoView({ block: "start" });
    await screenshot(browser, "33b-board-panel-history-caseworker");

    await h.click("lang-ru");
    await h.until(
      async () => (await h.history())[0]?.text.includes("Этап эвакуации: В пути → В шелтере"),
      "the history in Russian",
    );
    await h.$("history-list").scrollIntoView({ block: "start" });
    await screenshot(browser, "34-board-panel-history-caseworker-ru");
    await h.click("lang-en");
    await h.until(async () => (await h.$("nav-board").getText()) === "Case board", "English again");

    await h.click("nav-registry");
    await h.shown("registry-list");
    const links = await browser.execute(() => document.querySelectorAll('[data-testid="registry-link"]').length);
    assert.ok(links > 0, "the registry links entries to cases");
    await screenshot(browser, "35-registry", { top: true });

    await h.click("nav-dashboard");
    await h.shown("dashboard-perpetrators");
    await screenshot(browser, "36-dashboard-caseworker", { top: true });
  },
);
