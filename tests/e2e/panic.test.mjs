// The panic keys in the real window: F2, Ctrl+Shift+L and Escape twice lock the vault at once,
// and the unlock screen that follows looks like any other lock. Synthetic data only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Key } from "webdriverio";
import { byTestId, freshVaultDir, screenshot, SLOW_MS, startApp, UI_MS, waitShown } from "./helpers.mjs";

const USER = "caseworker-demo";
const PASSPHRASE = "amber meadow kettle drifts over nine quiet bridges";

test(
  "F2, Ctrl+Shift+L and a double Escape lock the vault from the home screen",
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
