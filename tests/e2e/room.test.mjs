// In the room with a survivor (issue 18, first pass), in the real window: the unlock screen
// keeps the chosen user after a wrong passphrase and across a lock and a restart; an impossible
// date is refused in place as it is typed, its section marked, "Saved" kept for the rest and
// Pause naming where the unsaved answer is; the idle lock warns with a quiet countdown that
// any key dismisses, and the unlock returns to the same case, section and question; Escape
// twice does not lock unless turned on; a case started by mistake is discarded by its
// caseworker, a private label is kept beside a code (and nowhere else), and an admin deletes
// a case only after typing its code. English and Russian,
// 1280×800 and 800×600.
// Synthetic data only; fixture vaults are made with the CLI (fast key derivation).
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { Key } from "webdriverio";
import { cli, freshVaultDir, screenshot, SLOW_MS, startApp, ui, UI_MS, unlock, unlockAs } from "./helpers.mjs";

const ADMIN = { name: "admin", passphrase: "quiet orchard ledger maps seven granite owls" };
const CW = { name: "cw", passphrase: "amber ferry counts nine slow winter bridges" };

function vaultWith(t, ...users) {
  const dir = path.join(freshVaultDir(t), "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  for (const u of users) cli(dir, ADMIN.name, [ADMIN.passphrase, u.passphrase], "user", "add", u.name, "--role", "caseworker");
  return dir;
}

/** The window at `width`×`height` (the Xvfb screen is 1280×800). */
async function windowSize(browser, width, height) {
  await browser.setWindowSize(width, height);
  await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= width, {
    timeout: UI_MS,
    timeoutMsg: `the window did not become ${width} wide`,
  });
}

function steps(browser) {
  const h = ui(browser);
  return {
    ...h,
    async tick(id) {
      const el = await h.shown(id);
      await el.scrollIntoView({ block: "center" });
      await el.click();
      await browser.waitUntil(async () => el.isSelected(), { timeout: UI_MS, timeoutMsg: `${id} not selected` });
    },
    async saved() {
      await browser.waitUntil(async () => (await h.$("autosave-status").getAttribute("data-state")) === "saved", {
        timeout: UI_MS,
        timeoutMsg: "autosave never said Saved",
      });
    },
    async gone(id, timeout = UI_MS) {
      await browser.waitUntil(async () => !(await h.$(id).isExisting()), { timeout, timeoutMsg: `${id} stayed` });
    },
    async userShown() {
      return h.$("unlock-user").getValue();
    },
  };
}

/** A fresh vault, the app in English, a new interview open at its consent section. */
async function newInterview(t) {
  const browser = await startApp(t, vaultWith(t));
  const h = steps(browser);
  await unlock(browser, ADMIN.passphrase);
  await h.click("lang-en");
  await h.click("new-interview");
  await h.shown("section-consent");
  return { browser, h };
}

test("unlock keeps the chosen user after a wrong passphrase, clears the error on typing, Enter submits; the last user is kept", { timeout: 6 * 60_000 }, async (t) => {
  const vault = vaultWith(t, CW);
  let browser = await startApp(t, vault);
  let h = steps(browser);
  await h.shown("screen-unlock", 60_000);
  assert.equal(await h.userShown(), "", "two users, nobody unlocked here yet: nobody is guessed");
  await h.choose("unlock-user", CW.name);
  await h.type("unlock-passphrase", "not the passphrase at all");
  await h.click("unlock-submit");
  await h.shown("unlock-error", SLOW_MS);
  assert.equal(await h.userShown(), CW.name, "the chosen user stays chosen");
  await screenshot(browser, "50-unlock-wrong-kept-user");
  await (await h.$("unlock-passphrase")).addValue("x");
  await h.gone("unlock-error");
  await h.type("unlock-passphrase", CW.passphrase);
  await browser.keys([Key.Enter]);
  await h.shown("screen-cases", SLOW_MS);

  await h.click("lock-button");
  await h.shown("screen-unlock");
  await browser.waitUntil(async () => (await h.userShown()) === CW.name, {
    timeout: UI_MS,
    timeoutMsg: "the last user is not preselected after a lock",
  });

  // A new app process: the name comes from settings.json. Russian, 800×600.
  await browser.deleteSession();
  browser = await startApp(t, vault);
  h = steps(browser);
  await h.shown("screen-unlock", 60_000);
  await browser.waitUntil(async () => (await h.userShown()) === CW.name, {
    timeout: UI_MS,
    timeoutMsg: "the last user is not preselected on the next start",
  });
  await windowSize(browser, 800, 600);
  await h.click("lang-ru");
  await h.type("unlock-passphrase", "снова не тот пароль");
  await browser.keys([Key.Enter]);
  await h.shown("unlock-error", SLOW_MS);
  assert.equal(await h.userShown(), CW.name);
  assert.match(await h.text("unlock-error"), /[а-яё]/i);
  await screenshot(browser, "51-unlock-kept-user-ru-800");
  await (await h.$("unlock-passphrase")).addValue("ю");
  await h.gone("unlock-error");
});

test("an impossible date is refused in place as it is typed; Saved stays; the section is marked; Pause names it", { timeout: 6 * 60_000 }, async (t) => {
  const { browser, h } = await newInterview(t);
  await h.tick("input-consent_documentation-yes");
  await h.saved();
  if (await h.$("precision-consent_date").isExisting()) await h.choose("precision-consent_date", "exact");

  // 31 February: said as soon as day and month are there, before the year
  await h.type("date-day-consent_date", "31");
  await h.choose("date-month-consent_date", "2");
  await h.shown("note-consent_date");
  assert.equal(await h.$("note-consent_date").getAttribute("data-note"), "impossible");
  assert.match(await h.text("note-consent_date"), /There is no 31 February/);
  await h.type("date-year-consent_date", "2023");
  await h.until(async () => /February 2023 has 28 days/.test(await h.text("note-consent_date")), "the note names the year");
  assert.match(await h.text("not-saved-consent_date"), /not saved until it is corrected/);
  assert.equal(await h.$("date-day-consent_date").getAttribute("aria-invalid"), "true");
  await h.saved();
  assert.match(await h.text("autosave-status"), /Saved/);
  assert.equal(await h.text("autosave-to-correct"), "1 answer to correct");
  assert.match(await h.text("section-check-consent"), /1 answer to correct/);
  await screenshot(browser, "52-impossible-date");

  // on another section the mark stays; Pause says what is not saved and that the rest is
  await h.click("section-next");
  await h.shown("section-survivor");
  assert.match(await h.text("section-check-consent"), /1 answer to correct/);
  await h.click("pause-interview");
  await h.shown("pause-blocked");
  const blocked = await h.text("pause-blocked");
  assert.match(blocked, /Every other answer is saved/);
  assert.doesNotMatch(blocked, /on this screen/);
  assert.equal(await h.$("pause-retry").isExisting(), false, "nothing to retry: a correction is needed");
  await screenshot(browser, "53-pause-names-the-section");
  await h.click("pause-goto");
  await h.shown("section-consent");
  assert.equal(await h.$("date-day-consent_date").getValue(), "31", "the entry is held across sections");

  // corrected: saved, marks gone
  await h.type("date-day-consent_date", "28");
  await h.saved();
  await h.gone("note-consent_date");
  await h.gone("section-check-consent");
  await h.gone("autosave-to-correct");

  // Russian, 800×600: 29 February 2023, the date saved before is kept
  await windowSize(browser, 800, 600);
  await h.click("lang-ru");
  await h.type("date-day-consent_date", "29");
  await h.until(
    async () => /29 февраля 2023 года не бывает: в феврале 2023 года 28 дней\./.test(await h.text("note-consent_date")),
    "the Russian note",
  );
  assert.match(await h.text("not-saved-consent_date"), /ранее сохранённая дата остаётся/);
  // a narrow window folds the sections behind one line, which still says what to correct
  assert.match(await h.text("sections-toggle"), /Раздел 1 из \d+: .*Исправить: 1 ответ/s);
  assert.equal(await h.$("section-check-consent").isDisplayed(), false, "the section list is folded");
  await h.click("sections-toggle");
  assert.match(await h.text("section-check-consent"), /Исправить: 1 ответ/);
  await h.click("sections-toggle");
  await (await h.$("q-consent_date")).scrollIntoView({ block: "center" });
  await screenshot(browser, "54-impossible-date-ru-800");
});

test("idle lock in an interview: a quiet countdown any key dismisses, then back to the same question; Esc Esc does nothing by default", { timeout: 8 * 60_000 }, async (t) => {
  const vault = vaultWith(t);
  const browser = await startApp(t, vault);
  const h = steps(browser);
  await unlock(browser, ADMIN.passphrase);
  await h.click("lang-en");
  await h.click("nav-settings");
  await h.type("idle-minutes", "1");
  await h.click("idle-save");
  await h.shown("idle-saved");
  assert.equal(await h.$("escape-twice-locks").isSelected(), false, "Escape twice is off by default");

  await h.click("nav-cases");
  await h.click("new-interview");
  await h.shown("section-consent");
  const title = await h.text("interview-title");
  await h.tick("input-consent_documentation-yes");
  await h.click("section-next");
  await h.shown("section-survivor");
  await h.click("section-prev");
  await h.shown("section-consent");
  const field = await h.shown("input-recorder_name");
  await field.scrollIntoView({ block: "center" });
  await field.click();
  await h.saved();

  // a reflex: Escape twice in the middle of an answer does not lock
  await browser.keys([Key.Escape]);
  await browser.keys([Key.Escape]);
  await browser.pause(1500);
  assert.equal(await h.$("screen-interview").isDisplayed(), true, "Escape twice did not lock");

  // the countdown comes in the last 30 s of the minute; a key dismisses it
  const warning = await h.shown("idle-warning", 75_000);
  const seconds = Number(await warning.getAttribute("data-seconds"));
  assert.ok(seconds > 0 && seconds <= 30, `countdown at ${seconds}`);
  assert.match(await h.text("idle-countdown"), /Locking in \d+ seconds?/);
  await screenshot(browser, "55-idle-countdown");
  await browser.keys([Key.Shift]);
  await h.gone("idle-warning");
  assert.equal(await h.$("screen-interview").isDisplayed(), true);

  // left alone: the countdown again, then the lock
  await h.shown("idle-warning", 75_000);
  await h.shown("unlock-idle-note", 60_000);
  assert.equal(await h.$("screen-interview").isExisting(), false);
  await screenshot(browser, "56-idle-locked");

  // the unlock returns to the same case, section and question, focus there
  await h.type("unlock-passphrase", ADMIN.passphrase);
  await h.click("unlock-submit");
  await h.shown("section-consent", SLOW_MS);
  assert.equal(await h.text("interview-title"), title, "the same case");
  await h.until(
    async () =>
      (await browser.execute(() => document.activeElement?.closest("[data-testid^='q-']")?.getAttribute("data-testid"))) ===
      "q-recorder_name",
    "focus on the question it was left at",
  );
  await screenshot(browser, "57-back-at-the-question");
});

test("a case started by mistake is discarded by its caseworker; a private label; an admin deletes a case only after typing its code", { timeout: 8 * 60_000 }, async (t) => {
  const vault = vaultWith(t, CW);
  const cases = () =>
    cli(vault, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  // the caseworker starts an interview, records consent only, and discards it
  let browser = await startApp(t, vault);
  let h = steps(browser);
  await unlockAs(browser, CW.name, CW.passphrase, "screen-cases");
  await h.click("lang-en");
  await h.click("new-interview");
  await h.shown("section-consent");
  await h.tick("input-consent_documentation-yes");
  await h.saved();
  const discard = await h.shown("discard-case");
  await discard.scrollIntoView({ block: "center" });
  assert.equal(await h.$("delete-case").isExisting(), false, "a caseworker deletes nothing");
  await screenshot(browser, "58-discard-offered");
  await h.click("discard-case");
  await h.shown("confirm-dialog");
  assert.match(await h.text("confirm-dialog"), /Discard case WS-/);
  await h.click("confirm-ok");
  await h.shown("cases-empty");
  assert.deepEqual(cases(), [], "the vault holds no case");

  // a whole (demo) case: no Discard; an admin deletes it, in Russian at 800×600
  cli(vault, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "1", "--seed", "5");
  const [demo] = cases();
  await browser.deleteSession();
  browser = await startApp(t, vault);
  h = steps(browser);
  await unlockAs(browser, ADMIN.name, ADMIN.passphrase, "screen-home");
  await windowSize(browser, 800, 600);
  await h.click("lang-ru");
  // a private label of the admin's own, beside the code (never exported or sent); the list
  // is in Russian before anything is clicked
  await h.until(
    async () => (await h.text(`case-label-edit-${demo.code}`)) === "Добавить личную метку",
    "the case list in Russian",
  );
  await h.click(`case-label-edit-${demo.code}`);
  await h.type(`case-label-input-${demo.code}`, "вторник, из шелтера (выдумано)");
  await h.click(`case-label-save-${demo.code}`);
  assert.equal(await h.text(`case-label-${demo.code}`), "вторник, из шелтера (выдумано)");
  await screenshot(browser, "58b-private-label-ru");
  assert.equal(cli(vault, ADMIN.name, [ADMIN.passphrase], "case", "label", demo.id).trim(), "вторник, из шелтера (выдумано)");
  assert.ok(!cli(vault, ADMIN.name, [ADMIN.passphrase], "case", "export", demo.id).includes("шелтера (выдумано)"), "never exported");
  await h.click(`case-resume-${demo.code}`);
  await h.shown("screen-interview");
  const del = await h.shown("delete-case");
  await del.scrollIntoView({ block: "center" });
  assert.equal(await h.$("discard-case").isExisting(), false, "a whole case is not discarded");
  await h.click("delete-case");
  await h.shown("delete-dialog");
  assert.match(await h.text("delete-dialog"), new RegExp(`введите код дела ${demo.code}`));
  await h.type("delete-typed-code", demo.code.toLowerCase());
  assert.equal(await h.$("delete-ok").isEnabled(), false, "another spelling does not confirm");
  await h.type("delete-typed-code", demo.code);
  await h.until(async () => h.$("delete-ok").isEnabled(), "Delete enabled by the exact code");
  await screenshot(browser, "59-delete-typed-code-ru");
  await h.click("delete-ok");
  await h.shown("screen-cases");
  await h.gone(`case-row-${demo.code}`);
  assert.deepEqual(cases(), [], "the deleted case is gone from the vault");
  // the audit chain still verifies (the CLI exits non-zero, and this throws, if not)
  cli(vault, ADMIN.name, [ADMIN.passphrase], "audit", "verify");
});

/**
 * The eight consent answers by keyboard only, from the section's heading: Tab until focus is
 * on the answer's first radio, then Space (the first choice) or → (the second). Every key
 * pressed is counted; the figure is printed for the README.
 */
test("keystrokes: the consent section's eight answers by keyboard alone, and Alt+1 in Russian at 800×600", { timeout: 6 * 60_000 }, async (t) => {
  const { browser, h } = await newInterview(t);
  await browser.execute(() => document.getElementById("section-title")?.focus());

  // [question, key that records the answer]: Space takes the first choice, → the second
  const answers = [
    ["consent_documentation", Key.Space], // yes
    ["consent_legal", Key.Space],
    ["consent_named_recipients", Key.ArrowRight], // no
    ["consent_publication", Key.ArrowRight],
    ["consent_statistics", Key.Space],
    ["consent_revocable_explained", Key.Space],
    ["consent_method", Key.Space], // the first method
    ["interpreter_present", Key.ArrowRight],
  ];
  const focusedIn = () =>
    browser.execute(() => document.activeElement?.closest("[data-testid^='q-']")?.getAttribute("data-testid") ?? null);
  const focusedRadio = () => browser.execute(() => document.activeElement instanceof HTMLInputElement && document.activeElement.type === "radio");
  let keys = 0;
  const perQuestion = [];
  for (const [name, key] of answers) {
    await h.shown(`q-${name}`);
    let tabs = 0;
    while (!((await focusedIn()) === `q-${name}` && (await focusedRadio()))) {
      await browser.keys([Key.Tab]);
      keys += 1;
      tabs += 1;
      assert.ok(tabs < 30, `Tab never reached ${name}`);
    }
    await browser.keys([key]);
    keys += 1;
    perQuestion.push(`${name}: ${tabs + 1}`);
    await h.until(async () => (await h.$(`q-${name}`).getAttribute("data-status")) === "answered", `${name} answered`);
  }
  await h.saved();
  // eslint-disable-next-line no-console
  console.log(`keystrokes for the eight consent answers: ${keys} (${perQuestion.join(", ")})`);
  // from one answer to the next: one Tab over "No answer, because", one Tab to the answer, one
  // key to choose — three (the first from the heading, two). The last passes over the date
  // and the interview language, unanswered.
  for (const entry of perQuestion.slice(0, 7)) assert.ok(Number(entry.split(": ")[1]) <= 3, `${entry} keys`);
  assert.ok(keys <= 30, `${keys} keystrokes for ${answers.length} answers`);
  assert.match(await h.text("interview-keys"), /Alt\+1 Declined/);
  await screenshot(browser, "60-keyboard-consent");

  // Russian, 800×600: Alt+1 in a text answer records "Declined", Alt+0 clears it
  await windowSize(browser, 800, 600);
  await h.click("lang-ru");
  const field = await h.shown("input-recorder_name");
  await field.scrollIntoView({ block: "center" });
  await field.click();
  await browser.keys([Key.Alt, "1"]);
  await browser.keys([Key.Alt]); // release
  await h.until(async () => (await h.$("special-recorder_name-declined").getAttribute("aria-pressed")) === "true", "Alt+1 declined");
  assert.match(await h.text("special-recorder_name-declined"), /Отказ от ответа/);
  assert.match(await h.text("interview-keys"), /Alt\+1 — отказ от ответа/);
  await h.saved();
  await screenshot(browser, "61-alt-1-declined-ru-800");
  await browser.keys([Key.Alt, "0"]);
  await browser.keys([Key.Alt]);
  await h.until(async () => (await h.$("q-recorder_name").getAttribute("data-status")) === "empty", "Alt+0 cleared");
});

test("long sections: two detention episodes fold to one line each, Go to opens one; the narrative grows with its text", { timeout: 8 * 60_000 }, async (t) => {
  const vault = vaultWith(t);
  cli(vault, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "6", "--seed", "11");
  const list = cli(vault, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  // a demo case with two episodes or more
  const many = list.find((c) => /"episodes\[1\]\./.test(cli(vault, ADMIN.name, [ADMIN.passphrase], "case", "export", c.id)));
  assert.ok(many, "a demo case with two detention episodes");
  const browser = await startApp(t, vault);
  const h = steps(browser);
  await unlockAs(browser, ADMIN.name, ADMIN.passphrase, "screen-home");
  await h.click("lang-en");
  await h.click(`case-resume-${many.code}`);
  await h.shown("screen-interview");
  await h.click("section-nav-detention");
  await h.shown("repeat-summary-episodes-0");
  assert.equal(await h.$("q-episodes[0].apprehension_place").isExisting(), false, "folded");
  const summary = await h.text("repeat-summary-episodes-1");
  assert.match(summary, /\d+ of \d+ answered/);
  const height = await browser.execute(() => document.documentElement.scrollHeight);
  assert.ok(height < 4000, `the folded section is ${height} px tall`);
  await screenshot(browser, "62-episodes-folded", { top: true });
  await h.click("repeat-jump-episodes-1");
  await h.shown("q-episodes[1].apprehension_date");
  assert.equal(await h.$("q-episodes[0].apprehension_date").isExisting(), false, "only the one gone to opens");
  assert.equal(await h.$("repeat-fold-episodes-1").getAttribute("aria-expanded"), "true");

  // Russian, 800×600
  await windowSize(browser, 800, 600);
  await h.click("lang-ru");
  await h.click("repeat-collapse-all-episodes");
  await h.until(async () => /отвечено \d+ из \d+/.test(await h.text("repeat-summary-episodes-1")), "the Russian summary");
  await screenshot(browser, "63-episodes-folded-ru-800", { top: true });

  // the narrative box grows with a long account (invented filler text)
  await windowSize(browser, 1280, 800);
  await h.click("section-nav-narrative");
  const box = await h.shown("input-narrative");
  const before = await box.getSize("height");
  const long = Array.from({ length: 40 }, (_, i) => `Invented line ${i + 1} of a synthetic account, for the test only.`).join("\n");
  await box.setValue(long);
  await h.saved();
  const after = await box.getSize("height");
  assert.ok(after > before * 2, `the narrative box grew from ${before} to ${after} px`);
  await screenshot(browser, "64-narrative-grows");
});

/**
 * How far the page reaches past the window's right edge, in CSS pixels (0: no sideways
 * scroll), and the outermost element that does (its tag, class and test id), to say where.
 */
function overflow(browser) {
  return browser.execute(() => {
    const over = Math.max(0, document.documentElement.scrollWidth - window.innerWidth);
    if (over === 0) return 0;
    const wide = Array.from(document.querySelectorAll("body *")).find((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
    const name = wide ? `${wide.tagName.toLowerCase()}.${[...wide.classList].join(".")}[${wide.getAttribute("data-testid") ?? ""}]` : "?";
    return `${over} px (${name})`;
  });
}

test("small windows: no screen scrolls sideways at 800×600 in either language, nor the Russian board at the default width", { timeout: 8 * 60_000 }, async (t) => {
  const vault = vaultWith(t);
  cli(vault, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "12", "--seed", "3");
  const browser = await startApp(t, vault);
  const h = steps(browser);
  await unlockAs(browser, ADMIN.name, ADMIN.passphrase, "screen-home");
  const tabs = await browser.execute(() =>
    Array.from(document.querySelectorAll("[data-testid^='nav-']")).map((b) => b.getAttribute("data-testid")),
  );
  assert.ok(tabs.includes("nav-board") && tabs.includes("nav-cases"), `the admin's tabs: ${tabs}`);

  // the Russian board at the default width first
  await h.click("lang-ru");
  await h.click("nav-board");
  await h.shown("board-table");
  assert.equal(await overflow(browser), 0, "the Russian board scrolls sideways at the default width");

  const wide = [];
  for (const [lang, width, height] of [["ru", 800, 600], ["en", 800, 600]]) {
    await windowSize(browser, width, height);
    await h.click(`lang-${lang}`);
    for (const tab of tabs) {
      await h.click(tab);
      await browser.pause(300);
      const over = await overflow(browser);
      if (over !== 0) wide.push(`${tab} (${lang}) by ${over}`);
      await screenshot(browser, `65-${tab}-${lang}-${width}`);
    }
    // an interview: header on one row, sections folded, no sideways scroll
    await h.click("nav-cases");
    const resume = await browser.$("[data-testid^='case-resume-']");
    await resume.click();
    await h.shown("screen-interview");
    await h.shown("sections-toggle");
    const over = await overflow(browser);
    if (over !== 0) wide.push(`interview (${lang}) by ${over}`);
    const headerRows = await browser.execute(() => {
      const bar = document.querySelector("header.bar");
      const line = parseFloat(getComputedStyle(bar).lineHeight) || 24;
      return bar.getBoundingClientRect().height / line;
    });
    assert.ok(headerRows < 3, `the header takes ${headerRows.toFixed(1)} lines at ${width}×${height}`);
    await screenshot(browser, `66-interview-${lang}-${width}`, { top: true });
    await h.click("pause-interview");
    await h.shown("screen-cases");
  }
  assert.deepEqual(wide, [], "screens wider than the window");
});
