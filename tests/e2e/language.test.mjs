// Language on first run: a fresh vault directory shows the setup screen in the stored
// language (English by default); switching to Russian changes the heading and <html lang>
// at once, and the choice is persisted by the backend, so a restart keeps it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { byTestId, freshVaultDir, headingOf, screenshot, startApp, UI_MS, waitShown } from "./helpers.mjs";

const EN_HEADING = "Set up a new vault";
const RU_HEADING = "Создание хранилища";

async function htmlLang(browser) {
  return browser.$("html").getAttribute("lang");
}

test(
  "a fresh vault shows setup in English, switching to Russian shows a Russian heading, and the choice survives a restart",
  { timeout: 4 * 60_000 },
  async (t) => {
    const vault = freshVaultDir(t);

    const first = await startApp(t, vault);
    await waitShown(first, "screen-setup", 60_000);
    assert.equal(await htmlLang(first), "en");
    assert.equal(await headingOf(first, "screen-setup"), EN_HEADING);
    assert.equal(await byTestId(first, "lang-en").getAttribute("aria-pressed"), "true");

    await byTestId(first, "lang-ru").click();
    await first.waitUntil(async () => (await headingOf(first, "screen-setup")) === RU_HEADING, {
      timeout: UI_MS,
      timeoutMsg: "the heading did not switch to Russian",
    });
    assert.equal(await htmlLang(first), "ru");
    assert.equal(await byTestId(first, "lang-ru").getAttribute("aria-pressed"), "true");
    await screenshot(first, "07-setup-russian");
    await first.deleteSession();

    // A new app process on the same (still empty) vault directory.
    const second = await startApp(t, vault);
    await waitShown(second, "screen-setup", 60_000);
    assert.equal(await headingOf(second, "screen-setup"), RU_HEADING);
    assert.equal(await htmlLang(second), "ru");
  },
);
