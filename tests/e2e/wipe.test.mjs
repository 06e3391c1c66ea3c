// The panic wipe in the real window: "Wipe this vault" (typed confirmation) and, once an
// admin turns it on, F2 — each ends on the first-run screen with no file of the vault left.
// Every name here is invented.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { Key } from "webdriverio";
import { byTestId, freshVaultDir, screenshot, setUpVault, startApp, UI_MS, waitShown } from "./helpers.mjs";

const USER = "wipe-demo-admin";
const PASSPHRASE = "harbour quietly folds seven amber kites";

const leftovers = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true }) : []);

async function openSettings(browser) {
  const tab = await waitShown(browser, "nav-settings");
  await tab.click();
  await waitShown(browser, "wipe-settings");
}

test("'Wipe this vault' needs the typed word, then destroys every file and shows first run", { timeout: 6 * 60_000 }, async (t) => {
  const vault = freshVaultDir(t);
  const browser = await startApp(t, vault);
  await setUpVault(browser, USER, PASSPHRASE);
  await openSettings(browser);
  assert.equal(await (await waitShown(browser, "wipe-limit-state")).getText(), "Off: failed attempts never wipe this vault.");
  assert.equal(await byTestId(browser, "wipe-stop-key").isSelected(), false, "F2 wipes is off by default");
  const button = await waitShown(browser, "wipe-now");
  assert.equal(await button.isEnabled(), false);
  await byTestId(browser, "wipe-confirm").setValue("wipe");
  assert.equal(await button.isEnabled(), false, "the word must match exactly");
  await byTestId(browser, "wipe-confirm").setValue("WIPE");
  await browser.waitUntil(() => button.isEnabled(), { timeout: UI_MS, timeoutMsg: "the button never enabled" });
  await screenshot(browser, "41-wipe-settings");
  assert.ok(leftovers(vault).length > 0);
  await button.scrollIntoView({ block: "center" });
  await button.click();
  await waitShown(browser, "screen-setup", UI_MS);
  assert.deepEqual(leftovers(vault), [], "no file of the vault remains");
  await screenshot(browser, "42-after-wipe-setup");
});

test("with 'F2 wipes' on, F2 destroys the vault; Escape twice still only locks", { timeout: 6 * 60_000 }, async (t) => {
  const vault = freshVaultDir(t);
  const browser = await startApp(t, vault);
  await setUpVault(browser, USER, PASSPHRASE);
  await openSettings(browser);
  const box = await waitShown(browser, "wipe-stop-key");
  await box.scrollIntoView({ block: "center" });
  await box.click();
  await waitShown(browser, "wipe-saved");
  assert.equal(await box.isSelected(), true);
  // Escape twice locks only when that is turned on too (off by default)
  const escape = await waitShown(browser, "escape-twice-locks");
  await escape.scrollIntoView({ block: "center" });
  await escape.click();
  await waitShown(browser, "escape-saved");
  await browser.keys(["Escape"]);
  await browser.keys(["Escape"]);
  await waitShown(browser, "screen-unlock");
  assert.ok(leftovers(vault).length > 0, "Escape twice only locked");
  await byTestId(browser, "unlock-passphrase").setValue(PASSPHRASE);
  await byTestId(browser, "unlock-submit").click();
  await waitShown(browser, "screen-home", 90_000);
  await browser.keys([Key.F2]);
  await waitShown(browser, "screen-setup", UI_MS);
  assert.deepEqual(leftovers(vault), [], "no file of the vault remains");
});
