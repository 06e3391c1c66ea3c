// Bring your own form, in the real window: an admin imports a two-language XLSForm (English
// and Russian) with skip logic, a repeat, a cascading select (the towns offered follow the
// region chosen: `choice_filter`), a decimal typed with a comma, a calculation shown read-only, a
// counted repeat (`repeat_count`: as many companions as an earlier answer says) and a default
// (proposed, recorded only when confirmed) through Settings › Forms — first a broken copy,
// whose problems are listed at their sheet, row and column and which imports nothing — then
// previews it in both languages, imports it, starts a New interview on it, answers through
// the skip logic and the repeat, quits; a new app process on the same vault finds every
// answer, in Russian too. The workbooks (tests/e2e/fixtures/, written by the Rust test
// `commands::forms::tests::e2e_workbooks_are_current`) and every answer are INVENTED.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { freshVaultDir, REPO_ROOT, screenshot, setUpVault, startApp, ui, UI_MS, unlock } from "./helpers.mjs";

const USER = "admin-demo";
const PASSPHRASE = "quiet orchard lantern seventy drifting";
const FIXTURES = path.join(REPO_ROOT, "tests", "e2e", "fixtures");
const WORKBOOK = path.join(FIXTURES, "invented-followup.xlsx");
const BROKEN = path.join(FIXTURES, "invented-followup-broken.xlsx");
const FORM = "invented_followup@1";

// Invented answers.
const CITY = "Вымышленск-на-Тесте";
const CONTACTS = [
  { body: "Invented migration office", outcome: "Papers accepted (invented)" },
  { body: "Вымышленная полиция", outcome: "Отказ (вымышленный)" },
];
const COMPANIONS = ["Invented sister", "Вымышленный друг"];

function helpersFor(browser) {
  const base = ui(browser);
  const { $, shown } = base;
  return {
    ...base,
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
    async gone(id) {
      await browser.waitUntil(async () => !(await $(id).isExisting()), { timeout: UI_MS, timeoutMsg: `${id} still shown` });
    },
    async expectValue(id, value) {
      assert.equal(await (await shown(id)).getValue(), value, id);
    },
  };
}

test(
  "an imported two-language XLSForm with skip logic, a repeat, a cascading select, a counted repeat and a default: import, interview, restart, every answer back",
  { timeout: 10 * 60_000 },
  async (t) => {
    const vault = freshVaultDir(t);
    let browser = await startApp(t, vault);
    let h = helpersFor(browser);
    await setUpVault(browser, USER, PASSPHRASE);
    await h.click("lang-en");
    await h.shown("cases-empty");
    // Only the built-in intake so far: no choice of form.
    assert.equal(await h.$("new-interview-form").isExisting(), false);

    // ---- Settings › Forms: a broken workbook is refused with every problem at its place. --
    await h.click("nav-settings");
    await h.shown("settings-forms");
    await h.shown("form-row-intake@1");
    await h.type("form-path", BROKEN);
    await h.click("form-check");
    await h.shown("form-problems");
    const problems = await browser.$$('[data-testid="form-problem"]');
    const texts = [];
    for (const p of problems) texts.push(await p.getText());
    assert.equal(texts.length, 2, texts.join("\n"));
    assert.match(texts[0], /sheet “survey”, row 3, column relevant/);
    assert.match(texts[1], /sheet “survey”, row 5/);
    assert.equal(await h.$("form-import").isExisting(), false, "a refused workbook cannot be imported");
    await screenshot(browser, "60-forms-problems");

    // ---- The clean workbook: preview in both languages, import. ---------------------------
    await h.type("form-path", WORKBOOK);
    await h.click("form-check");
    await h.shown("form-ready");
    assert.match(await (await h.shown("preview-q-relocated")).getText(), /Have you left the region\?/);
    assert.match(await (await h.shown("preview-r-contacts")).getText(), /Which body\?/);
    assert.match(await (await h.shown("preview-n-contacts_intro")).getText(), /no names of officials are needed/);
    await h.choose("form-preview-language", "ru");
    await browser.waitUntil(async () => /Вы покинули регион\?/.test(await h.$("preview-q-relocated").getText()), {
      timeout: UI_MS,
      timeoutMsg: "the preview did not switch to Russian",
    });
    await screenshot(browser, "61-forms-preview-ru");
    await h.click("form-import");
    await h.shown("forms-done");
    await h.shown(`form-row-${FORM}`);
    assert.equal(await h.$(`form-offer-${FORM}`).isSelected(), true, "offered for new interviews at once");

    // ---- New interview on the imported form. -----------------------------------------------
    await h.click("nav-cases");
    await h.shown("new-interview-form");
    await h.choose("new-interview-form", FORM);
    await h.click("new-interview");
    await h.shown("screen-interview");
    const title = await (await h.shown("interview-title")).getText();
    const code = /WS-[A-Z2-7]{4}-[A-Z2-7]{4}/.exec(title)?.[0];
    assert.ok(code, `a case code in the title: ${title}`);
    await h.shown("section-situation");

    // Skip logic: neither follow-up question before the answer; "no" asks why; "yes" asks
    // where instead.
    assert.equal(await h.$("q-arrival_city").isExisting(), false);
    assert.equal(await h.$("q-stay_reason").isExisting(), false);
    await h.tick("input-relocated-no");
    await h.shown("q-stay_reason");
    assert.equal(await h.$("q-arrival_city").isExisting(), false);
    await h.tick("input-relocated-yes");
    await h.shown("q-arrival_city");
    await h.gone("q-stay_reason");
    await h.type("input-arrival_city", CITY);
    await h.saved();

    // The cascading select: no town before a region; the north offers its two towns only,
    // the south its one.
    await h.shown("q-arrival_town");
    assert.equal(await h.$("input-arrival_town-alder").isExisting(), false, "no town before a region");
    await h.tick("input-arrival_region-north");
    await h.shown("input-arrival_town-alder");
    await h.shown("input-arrival_town-birch");
    assert.equal(await h.$("input-arrival_town-cedar").isExisting(), false, "cedar is in the south");
    await h.tick("input-arrival_region-south");
    await h.shown("input-arrival_town-cedar");
    await h.gone("input-arrival_town-alder");
    assert.equal(await h.$("input-arrival_town-birch").isExisting(), false, "birch is in the north");
    await h.tick("input-arrival_town-cedar");
    await h.saved();

    // A decimal typed with a comma, as Russian writes it: saved as the exact number; garbage is
    // refused in place and not saved.
    await h.type("input-distance_km", "12,5,5");
    await h.shown("note-distance_km");
    assert.equal(await h.$("input-distance_km").getAttribute("aria-invalid"), "true");
    await h.type("input-distance_km", "1250,75");
    await h.gone("note-distance_km");
    await h.saved();
    // The calculation: shown read-only, computed by the core on the save.
    assert.equal(await h.$("input-distance_m").isExisting(), false, "a calculated value cannot be typed in");
    await browser.waitUntil(async () => (await h.$("value-distance_m").getText()) === "1250750", {
      timeout: UI_MS,
      timeoutMsg: "the calculated value was not shown",
    });

    // The repeat: two contacts.
    await h.section("contacts_section");
    // The form's note: text for the interviewer, nothing to answer.
    const note = await h.shown("form-note-contacts_intro");
    assert.match(await note.getText(), /Only what the person wants to tell/);
    assert.equal((await note.$$("input, textarea, select")).length, 0, "a note takes no answer");
    for (const [i, c] of CONTACTS.entries()) {
      await h.click("repeat-add-contacts");
      await h.type(`input-contacts[${i}].contact_body`, c.body);
      await h.type(`input-contacts[${i}].contact_outcome`, c.outcome);
    }
    await h.saved();

    // The counted repeat: no Add button; as many companions as the answer before it says.
    assert.equal(await h.$("repeat-add-companion").isExisting(), false, "a counted repeat has no Add");
    assert.equal(await h.$("repeat-instance-companion-0").isExisting(), false, "no count, no companion");
    await h.type("input-companions", "2");
    await h.saved();
    await h.shown("repeat-instance-companion-1");
    assert.equal(await h.$("repeat-instance-companion-2").isExisting(), false, "two, no more");
    assert.equal(await h.$("repeat-remove-companion-0").isExisting(), false, "not removed by hand");
    for (const [i, who] of COMPANIONS.entries()) {
      await h.type(`input-companion[${i}].companion_relation`, who);
    }
    await h.saved();

    // The default: proposed, not recorded, until confirmed.
    assert.match(await (await h.shown("proposal-household_adults")).getText(), /Proposed: 2/);
    assert.equal(await (await h.shown("q-household_adults")).getAttribute("data-status"), "empty");
    await h.click("proposal-confirm-household_adults");
    await h.saved();
    await h.gone("proposal-household_adults");
    await h.expectValue("input-household_adults", "2");
    await screenshot(browser, "62-imported-form-interview");
    await h.click("pause-interview");
    await h.shown(`case-row-${code}`);
    await browser.deleteSession();

    // ---- A new app process on the same vault: every answer is back. ------------------------
    browser = await startApp(t, vault);
    h = helpersFor(browser);
    await unlock(browser, PASSPHRASE);
    await h.click(`case-resume-${code}`);
    await h.shown("screen-interview");
    await h.section("situation");
    assert.equal(await (await h.shown("input-relocated-yes")).isSelected(), true, "relocated: yes");
    await h.expectValue("input-arrival_city", CITY);
    assert.equal(await (await h.shown("input-arrival_region-south")).isSelected(), true, "region: south");
    assert.equal(await (await h.shown("input-arrival_town-cedar")).isSelected(), true, "town: cedar");
    await h.expectValue("input-distance_km", "1250.75");
    assert.equal(await (await h.shown("value-distance_m")).getText(), "1250750");
    assert.equal(await h.$("input-arrival_town-alder").isExisting(), false, "still only the south's towns");
    assert.equal(await h.$("q-stay_reason").isExisting(), false, "skipped stays skipped");
    await h.section("contacts_section");
    // two contacts: folded to one line each when the section opens; Expand all shows them
    assert.match(await h.text("repeat-summary-contacts-1"), new RegExp(CONTACTS[1].body.slice(0, 20)));
    await h.click("repeat-expand-all-contacts");
    for (const [i, c] of CONTACTS.entries()) {
      await h.expectValue(`input-contacts[${i}].contact_body`, c.body);
      await h.expectValue(`input-contacts[${i}].contact_outcome`, c.outcome);
    }
    assert.equal(await h.$("input-contacts[2].contact_body").isExisting(), false, "two contacts, no more");
    await h.click("repeat-expand-all-companion"); // a counted repeat of two folds too
    for (const [i, who] of COMPANIONS.entries()) {
      await h.expectValue(`input-companion[${i}].companion_relation`, who);
    }
    assert.equal(await h.$("repeat-instance-companion-2").isExisting(), false, "still two companions");
    await h.expectValue("input-household_adults", "2");
    assert.equal(await h.$("proposal-household_adults").isExisting(), false, "confirmed: no proposal any more");
    // The same case in Russian: the form's own Russian labels.
    await h.click("lang-ru");
    await browser.waitUntil(async () => (await browser.$("html").getAttribute("lang")) === "ru", { timeout: UI_MS });
    await h.section("situation");
    assert.match(await (await h.shown("q-relocated")).getText(), /Вы покинули регион\?/);
    assert.match(await (await h.shown("q-arrival_city")).getText(), /Город прибытия/);
    assert.match(await (await h.shown("q-arrival_town")).getText(), /Кедровск/);
    await h.expectValue("input-distance_km", "1250,75");
    await h.section("contacts_section");
    assert.match(await (await h.shown("form-note-contacts_intro")).getText(), /имена служащих не нужны/);
    await h.section("situation");
    await screenshot(browser, "63-imported-form-resumed-ru", { top: true });
  },
);
