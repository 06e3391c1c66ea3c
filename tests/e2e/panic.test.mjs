// The panic keys in the real window: F2 and Ctrl+Shift+L lock the vault at once; Escape twice
// locks only once turned on in Settings (off by default: a reflex must not lock the room); the
// unlock screen that follows looks like any other lock. Synthetic data only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Key } from "webdriverio";
import { byTestId, freshVaultDir, screenshot, SLOW_MS, startApp, UI_MS, waitShown } from "./helpers.mjs";

const USER = "caseworker-demo";
const PASSPHRASE = "amber meadow kettle drifts over nine quiet bridges";

test(
  "F2 and Ctrl+Shift+L lock the vault from the home screen; a double Escape only once turned on",
  { timeout: 6 * 60_000 },
  async (t) => {
    const browser = await startApp(t, freshVaultDir(t));
    const $ = (id) => byTestId(browser, id);

    await waitShown(browser, "screen-setup", 60_000);
    await $("setup-user").setValue(USER);
    await $("setup-passphrase").setValue(PASSPHRASE);
    await $("setup-confirm").setValue(PASSPHRASE);
    await $("setup-submit").waitForEnabled({ timeout: UI_MS });
    await $("setup-submit").click();
    const key = (await (await waitShown(browser, "recovery-key", SLOW_MS)).getText()).trim();
    await $("recovery-confirm-input").setValue(key.slice(key.lastIndexOf("-") + 1));
    await $("recovery-continue").click();
    await waitShown(browser, "screen-home");

    await browser.keys(["Control", "Shift", "l"]);
    await waitShown(browser, "screen-unlock");
    assert.equal(await $("screen-home").isExisting(), false);
    assert.equal(await $("unlock-idle-note").isExisting(), false, "a panic lock is not announced");
    await screenshot(browser, "08-unlock-after-panic");

    await $("unlock-passphrase").setValue(PASSPHRASE);
    await $("unlock-submit").click();
    await waitShown(browser, "screen-home", SLOW_MS);

    // Off by default: Escape twice changes nothing.
    await browser.keys(["Escape"]);
    await browser.keys(["Escape"]);
    await browser.pause(1500);
    assert.equal(await $("screen-home").isDisplayed(), true, "Escape twice locks only when turned on");
    await (await waitShown(browser, "nav-settings")).click();
    const box = await waitShown(browser, "escape-twice-locks");
    await box.scrollIntoView({ block: "center" });
    await box.click();
    await waitShown(browser, "escape-saved");
    await browser.keys(["Escape"]);
    await browser.keys(["Escape"]);
    await waitShown(browser, "screen-unlock");
    assert.equal(await $("screen-home").isExisting(), false);

    // F2: the one-key "Stop now".
    await $("unlock-passphrase").setValue(PASSPHRASE);
    await $("unlock-submit").click();
    await waitShown(browser, "screen-home", SLOW_MS);
    await browser.keys([Key.F2]);
    await waitShown(browser, "screen-unlock");
    assert.equal(await $("screen-home").isExisting(), false);
  },
);
