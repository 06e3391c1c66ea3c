// A whole intake interview in the real window, then a new app process on the same vault:
// every answer must come back. Every person, name, place and account here is INVENTED for
// the test ("Тестовый Заявитель" is nobody); no real case data is ever used in tests.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  freshVaultDir,
  screenshot,
  setUpVault,
  startApp,
  ui,
  UI_MS,
  unlock,
  writeTestPng,
} from "./helpers.mjs";

const USER = "caseworker-demo";
const PASSPHRASE = "copper lantern drifts past eleven sleepy harbours";

// Invented answers.
const NAME_CYRILLIC = "Тестовый Заявитель";
const NAME_LATIN = "Testovyy Zayavitel";
const RECORDER = "Интервьюер-Демо";
const PERPETRATOR = { name: "Выдуманный Сотрудник", call_sign: "Тестер-9", unit: "Вымышленный батальон «Пример»" };
const MARKER = "МАРКЕР-Э2Е-7Q2X";
const NARRATIVE =
  `Это вымышленный рассказ для автоматической проверки. Никаких реальных людей и событий здесь нет. ${MARKER} ` +
  "Меня задержали утром у дома, отвезли в здание без вывески и держали там несколько дней.";
const EPISODES = [
  {
    date: { precision: "exact", day: "14", month: "3", year: "2019", time: "06:30" },
    methods: ["beating", "electric_shocks"],
  },
  {
    date: { precision: "month", month: "11", year: "2020" },
    methods: ["threats_family", "forced_outing"],
  },
];

function helpersFor(browser) {
  const base = ui(browser);
  const { $, shown } = base;
  return {
    ...base,
    /** Radio buttons and checkboxes: click, then wait until the box shows it. */
    async tick(id) {
      const el = await shown(id);
      await el.scrollIntoView({ block: "center" });
      await el.click();
      await browser.waitUntil(async () => el.isSelected(), { timeout: UI_MS, timeoutMsg: `${id} not selected` });
    },
    async section(name) {
      const nav = await shown(`section-nav-${name}`);
      await nav.scrollIntoView({ block: "center" });
      await nav.click();
      await shown(`section-${name}`);
    },
    async saved() {
      await browser.waitUntil(async () => (await $("autosave-status").getAttribute("data-state")) === "saved", {
        timeout: UI_MS,
        timeoutMsg: "autosave never said Saved",
      });
    },
    async date(path, d) {
      if (await $(`precision-${path}`).isExisting()) await this.choose(`precision-${path}`, d.precision);
      if (d.day) await this.type(`date-day-${path}`, d.day);
      if (d.month) await this.choose(`date-month-${path}`, d.month);
      await this.type(`date-year-${path}`, d.year);
      if (d.time) await this.type(`date-time-${path}`, d.time);
    },
    async expectDate(path, d) {
      if (await $(`precision-${path}`).isExisting()) {
        assert.equal(await $(`precision-${path}`).getValue(), d.precision, `${path} precision`);
      }
      if (d.day) assert.equal(await $(`date-day-${path}`).getValue(), d.day, `${path} day`);
      if (d.month) assert.equal(await $(`date-month-${path}`).getValue(), d.month, `${path} month`);
      assert.equal(await $(`date-year-${path}`).getValue(), d.year, `${path} year`);
      if (d.time) assert.equal(await $(`date-time-${path}`).getValue(), d.time, `${path} time`);
    },
    async expectSelected(id) {
      assert.equal(await (await shown(id)).isSelected(), true, `${id} should be selected`);
    },
    async expectValue(id, value) {
      assert.equal(await (await shown(id)).getValue(), value, `${id}`);
    },
  };
}

test(
  "a whole interview is saved as it goes and comes back in a new app process on the same vault",
  { timeout: 12 * 60_000 },
  async (t) => {
    const vault = freshVaultDir(t);
    const photo = path.join(path.dirname(vault), `${path.basename(vault)}-test-photo.png`);
    writeTestPng(photo);
    t.after(() => rmSync(photo, { force: true }));

    // ---- First app process: set up, interview, quit. -------------------------------------
    let browser = await startApp(t, vault);
    let h = helpersFor(browser);
    await setUpVault(browser, USER, PASSPHRASE);
    await h.click("lang-en");
    await h.shown("cases-empty");
    await screenshot(browser, "10-cases-empty");

    await h.click("new-interview");
    await h.shown("screen-interview");
    const title = await (await h.shown("interview-title")).getText();
    const code = /WS-[A-Z2-7]{4}-[A-Z2-7]{4}/.exec(title)?.[0];
    assert.ok(code, `a pseudonymous case code in the title: ${title}`);
    await h.shown("section-consent");

    // Consent. The other consent questions appear only once documentation is agreed to.
    assert.equal(await h.$("q-consent_legal").isExisting(), false, "consent_legal waits for consent_documentation");
    await h.tick("input-consent_documentation-yes");
    await h.tick("input-consent_legal-yes");
    await h.tick("input-consent_named_recipients-no");
    await h.tick("input-consent_publication-no");
    await h.tick("input-consent_statistics-yes");
    await h.tick("input-consent_revocable_explained-yes");
    await h.tick("input-consent_method-oral_recorded");
    await h.date("consent_date", { precision: "exact", day: "2", month: "6", year: "2024" });
    await h.tick("input-interview_language-ru");
    await h.tick("input-interpreter_present-no");
    await h.type("input-recorder_name", RECORDER);
    // An attachment: picked as a file, encrypted into the vault, shown from memory.
    await (await h.shown("input-consent_record")).setValue(photo);
    await h.shown("thumbnail-consent_record");
    await h.saved();
    await screenshot(browser, "11-interview-consent", { top: true });

    // Survivor.
    await h.section("survivor");
    await h.type("input-name_cyrillic", NAME_CYRILLIC);
    await h.type("input-name_latin", NAME_LATIN);
    await h.date("date_of_birth", { precision: "month", month: "4", year: "1994" });
    await h.click("special-sexual_orientation-declined");
    await browser.waitUntil(
      async () => (await h.$("special-sexual_orientation-declined").getAttribute("aria-pressed")) === "true",
      { timeout: UI_MS },
    );
    await h.saved();
    await screenshot(browser, "12-interview-survivor", { top: true });

    // Two detention episodes, each with one treatment instance.
    await h.section("detention");
    for (const [i, episode] of EPISODES.entries()) {
      await h.click("repeat-add-episodes");
      await h.shown(`q-episodes[${i}].apprehension_date`);
      await h.date(`episodes[${i}].apprehension_date`, episode.date);
      await h.click(`repeat-add-episodes[${i}].treatment`);
      for (const method of episode.methods) await h.tick(`input-episodes[${i}].treatment[0].methods-${method}`);
      await h.saved();
    }
    await screenshot(browser, "13-interview-detention", { top: true });
    await (await h.shown("repeat-instance-episodes[1].treatment-0")).scrollIntoView({ block: "start" });
    await screenshot(browser, "13b-interview-treatment");

    // One perpetrator, by keyboard: the section heading has focus, Tab reaches "Add", Enter
    // adds an instance and moves focus to its title, Tab goes on to Remove and the first field.
    await h.section("perpetrators");
    const focused = () => browser.execute(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName);
    await browser.keys(["Tab"]);
    assert.equal(await focused(), "repeat-add-perpetrators");
    await browser.keys(["Enter"]);
    await h.shown("repeat-instance-perpetrators-0");
    await browser.waitUntil(async () => (await focused()) === "H3", { timeout: UI_MS, timeoutMsg: "focus on the new instance" });
    await browser.keys(["Tab"]);
    assert.equal(await focused(), "repeat-remove-perpetrators-0");
    await browser.keys(["Tab"]);
    assert.equal(await focused(), "input-perpetrators[0].name");
    for (const [field, value] of Object.entries(PERPETRATOR)) await h.type(`input-perpetrators[0].${field}`, value);
    await h.saved();
    await screenshot(browser, "14-interview-perpetrators", { top: true });

    // Evacuation.
    await h.section("evacuation");
    await h.tick("input-evacuation_stage-in_shelter");
    await h.tick("input-risk_level-high");
    await h.saved();
    await screenshot(browser, "15-interview-evacuation", { top: true });

    // The account.
    await h.section("narrative");
    await h.type("input-narrative", NARRATIVE);
    await h.click("section-nav-notes"); // leaving the field sends it at once
    await h.saved();
    await h.section("narrative");
    await screenshot(browser, "16-interview-narrative", { top: true });

    // Everything is saved: the case list shows the stage. Then the app quits.
    await h.click("pause-interview");
    await h.shown(`case-row-${code}`);
    assert.match(await h.$(`case-row-${code}`).getText(), /In a shelter/);
    // Search finds the narrative saved a moment ago (before the app's idle moment: the
    // search brings the index up to date itself), and a word it does not contain finds nothing.
    await h.click("nav-board");
    await h.shown("screen-board");
    const searchFor = async (text, total) => {
      await h.type("board-filter-text", text);
      await h.click("board-apply");
      await h.until(
        async () => (await h.$("board-total").getAttribute("data-total")) === String(total),
        `${total} case(s) for "${text}"`,
      );
    };
    await searchFor("вывески", 1);
    await h.shown(`board-row-${code}`);
    await searchFor("подвал", 0);
    await browser.deleteSession();

    // ---- Second app process on the same vault: unlock, resume, check. --------------------
    browser = await startApp(t, vault);
    h = helpersFor(browser);
    await unlock(browser, PASSPHRASE);
    await h.shown(`case-row-${code}`);
    const row = await h.$(`case-row-${code}`).getText();
    assert.match(row, /In a shelter/);
    assert.equal(row.includes(NAME_CYRILLIC), false, "the case list shows codes, never names");
    await screenshot(browser, "17-cases-after-restart");

    await h.click(`case-resume-${code}`);
    await h.shown("screen-interview");
    await h.click("lang-ru");
    await browser.waitUntil(async () => (await browser.$("html").getAttribute("lang")) === "ru", { timeout: UI_MS });

    await h.section("consent");
    for (const id of [
      "input-consent_documentation-yes",
      "input-consent_legal-yes",
      "input-consent_named_recipients-no",
      "input-consent_publication-no",
      "input-consent_statistics-yes",
      "input-consent_revocable_explained-yes",
      "input-consent_method-oral_recorded",
      "input-interview_language-ru",
      "input-interpreter_present-no",
    ]) {
      await h.expectSelected(id);
    }
    await h.expectDate("consent_date", { precision: "exact", day: "2", month: "6", year: "2024" });
    await h.expectValue("input-recorder_name", RECORDER);
    await h.shown("thumbnail-consent_record");
    assert.ok(
      await browser.execute(() => {
        const img = document.querySelector('[data-testid="thumbnail-consent_record"]');
        return img instanceof HTMLImageElement && img.src.startsWith("blob:") && img.naturalWidth === 48;
      }),
      "the thumbnail is decoded from a blob: URL",
    );
    await screenshot(browser, "18-resumed-consent-ru", { top: true });

    await h.section("survivor");
    await h.expectValue("input-name_cyrillic", NAME_CYRILLIC);
    await h.expectValue("input-name_latin", NAME_LATIN);
    await h.expectDate("date_of_birth", { precision: "month", month: "4", year: "1994" });
    assert.equal(await h.$("special-sexual_orientation-declined").getAttribute("aria-pressed"), "true");
    assert.equal(await h.$("q-sexual_orientation").getAttribute("data-status"), "declined");
    await screenshot(browser, "19-resumed-survivor-ru", { top: true });

    await h.section("detention");
    // two episodes: folded to one line each when the section opens; Expand all shows them
    await h.shown("repeat-summary-episodes-1");
    await h.click("repeat-expand-all-episodes");
    for (const [i, episode] of EPISODES.entries()) {
      await h.shown(`repeat-instance-episodes-${i}`);
      await h.expectDate(`episodes[${i}].apprehension_date`, episode.date);
      await h.shown(`repeat-instance-episodes[${i}].treatment-0`);
      for (const method of episode.methods) await h.expectSelected(`input-episodes[${i}].treatment[0].methods-${method}`);
      assert.equal(await h.$(`repeat-instance-episodes[${i}].treatment-1`).isExisting(), false);
    }
    assert.equal(await h.$("repeat-instance-episodes-2").isExisting(), false, "exactly two episodes");
    assert.equal(await h.$("input-episodes[0].treatment[0].methods-suffocation").isSelected(), false);
    await screenshot(browser, "20-resumed-detention-ru", { top: true });

    await h.section("perpetrators");
    for (const [field, value] of Object.entries(PERPETRATOR)) await h.expectValue(`input-perpetrators[0].${field}`, value);
    assert.equal(await h.$("repeat-instance-perpetrators-1").isExisting(), false);

    await h.section("evacuation");
    await h.expectSelected("input-evacuation_stage-in_shelter");
    await h.expectSelected("input-risk_level-high");

    await h.section("narrative");
    const narrative = await (await h.shown("input-narrative")).getValue();
    assert.equal(narrative, NARRATIVE);
    assert.ok(narrative.includes(MARKER));
    await screenshot(browser, "21-resumed-narrative-ru", { top: true });

    // Stop now: the button blanks everything and locks the vault.
    await h.click("stop-now");
    await h.shown("screen-unlock");
    assert.equal(await h.$("screen-interview").isExisting(), false);
    assert.equal((await browser.$("body").getText()).includes(MARKER), false);
  },
);
