// The foundation issue, end to end in the real window: first run, recovery key, lock,
// a refused wrong passphrase, unlock. Synthetic user and passphrase only.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  byTestId,
  freshVaultDir,
  screenshot,
  SLOW_MS,
  startApp,
  UI_MS,
  waitShown,
} from "./helpers.mjs";

const USER = "caseworker-demo";
const PASSPHRASE = "violet harbour lantern quietly juggles seven parsnips";
const WRONG = "violet harbour lantern quietly juggles seven turnips";

test(
  "first run creates a vault, confirms the recovery key, locks, refuses a wrong passphrase and unlocks with the right one",
  { timeout: 6 * 60_000 },
  async (t) => {
    const browser = await startApp(t, freshVaultDir(t));
    const $ = (id) => byTestId(browser, id);

    // 1. Setup screen, in English.
    await waitShown(browser, "screen-setup", 60_000);
    await $("lang-en").click();
    await browser.waitUntil(async () => (await browser.$("html").getAttribute("lang")) === "en", {
      timeout: UI_MS,
    });
    await $("setup-user").setValue(USER);
    await $("setup-passphrase").setValue(PASSPHRASE);
    await $("setup-confirm").setValue(PASSPHRASE);
    await browser.waitUntil(
      async () => (await $("strength-meter").getAttribute("data-acceptable")) === "true",
      { timeout: UI_MS, timeoutMsg: "the strength meter never called the passphrase acceptable" },
    );
    await $("setup-submit").waitForEnabled({ timeout: UI_MS });
    await screenshot(browser, "01-setup");
    await $("setup-submit").click();

    // 2. Recovery key, shown once; the last group must be typed back.
    const keyElement = await waitShown(browser, "recovery-key", SLOW_MS);
    const recoveryKey = (await keyElement.getText()).trim();
    assert.match(recoveryKey, /^[^-\s]+(-[^-\s]+)+$/, "the recovery key is groups joined by dashes");
    const lastGroup = recoveryKey.slice(recoveryKey.lastIndexOf("-") + 1);
    await screenshot(browser, "02-recovery");

    await $("recovery-confirm-input").setValue("NOPE");
    await $("recovery-continue").click();
    await waitShown(browser, "recovery-mismatch");
    assert.ok(await $("screen-recovery").isDisplayed(), "a wrong group must not pass");

    await $("recovery-confirm-input").setValue(lastGroup);
    await $("recovery-continue").click();

    // 3. Home.
    await waitShown(browser, "screen-home");
    assert.equal(await $("header-user").getText(), USER);
    assert.equal(await $("header-role").getText(), "Administrator");
    assert.equal(await $("recovery-key").isExisting(), false, "the recovery key is gone");
    await waitShown(browser, "cases-empty");
    await screenshot(browser, "03-home");

    // 4. Lock with the button.
    await $("lock-button").click();
    await waitShown(browser, "screen-unlock");
    await browser.waitUntil(async () => (await $("unlock-user").getValue()) === USER, {
      timeout: UI_MS,
      timeoutMsg: "the only user was not preselected",
    });
    assert.equal(await $("screen-home").isExisting(), false);
    await screenshot(browser, "04-unlock");

    // 5. A wrong passphrase is refused, with the auth_failed message; the field is cleared.
    await $("unlock-passphrase").setValue(WRONG);
    await $("unlock-submit").click();
    const error = await waitShown(browser, "unlock-error", SLOW_MS);
    assert.equal(await error.getAttribute("data-code"), "auth_failed");
    assert.match(await error.getText(), /did not open the vault/);
    assert.equal(await $("unlock-passphrase").getValue(), "");
    await screenshot(browser, "05-unlock-wrong-passphrase");

    // 6. The right passphrase opens it again.
    await $("unlock-passphrase").setValue(PASSPHRASE);
    await $("unlock-submit").click();
    await waitShown(browser, "screen-home", SLOW_MS);
    assert.equal(await $("header-user").getText(), USER);
    await screenshot(browser, "06-home-after-unlock");
  },
);
