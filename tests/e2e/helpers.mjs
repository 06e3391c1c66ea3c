// Shared pieces of the end-to-end tests: start the real app through tauri-driver with a
// vault directory of its own, find elements by data-testid, take screenshots.
//
// Each startApp() is a fresh WebDriver session, so a fresh app process. The vault directory
// is passed with the app's `--vault DIR` flag through `tauri:options.args`, so every test
// gets its own empty vault while one tauri-driver serves the whole run. (run.sh also
// exports WAYSTONE_VAULT, pointing at a throwaway directory, as a second line of defence:
// nothing here ever opens a real vault.)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "..", "..");
export const APP = path.resolve(REPO_ROOT, process.env.WAYSTONE_APP ?? "target/debug/waystone-desktop");
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "target", "e2e-screenshots");
/** The headless CLI (`cargo build -p waystone`), used to prepare fixture vaults. */
export const CLI = path.resolve(REPO_ROOT, process.env.WAYSTONE_CLI ?? "target/debug/waystone");
const PORT = Number(process.env.WAYSTONE_WD_PORT ?? "4444");

/** Argon2 at full strength in a debug build, on 2 cores: allow for it. */
export const SLOW_MS = 90_000;
export const UI_MS = 20_000;

/** Makes an empty vault directory that is removed when the test ends. */
export function freshVaultDir(t) {
  const base = process.env.WAYSTONE_E2E_TMP ?? tmpdir();
  const dir = mkdtempSync(path.join(base, "vault-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts the app on `vaultDir`; the session (and app) is closed when the test ends. */
export async function startApp(t, vaultDir) {
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port: PORT,
      logLevel: "error",
      // A retried "new session" would launch a second app.
      connectionRetryCount: 0,
      // No browserName: WebKitWebDriver refuses to match a session that names one.
      capabilities: {
        "tauri:options": { application: APP, args: ["--vault", vaultDir] },
        "wdio:enforceWebDriverClassic": true,
      },
    });
  } catch (error) {
    if (error instanceof Error && /browsing context/.test(error.message)) {
      error.message +=
        "\n  The app started but its webview refused automation. WebKitGTK allows automation only" +
        "\n  on the web context Tauri prepares; a window with `incognito: true` gets a fresh" +
        "\n  ephemeral context instead (wry), so WebDriver cannot drive it. Under tauri-driver" +
        "\n  (TAURI_WEBVIEW_AUTOMATION=true) the window must be created with incognito off.";
    }
    throw error;
  }
  t.after(async () => {
    await browser.deleteSession().catch(() => {});
  });
  return browser;
}

export function byTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

export async function waitShown(browser, id, timeout = UI_MS) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout, timeoutMsg: `${id} was not shown within ${timeout} ms` });
  return el;
}

/**
 * Saves target/e2e-screenshots/<name>.png. Call it only after waiting for the state the
 * picture should show; the short pause lets WebKit paint the frame that state produced.
 * `top`: scroll to the top of the page first.
 */
export async function screenshot(browser, name, { top = false } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (top) await browser.execute(() => window.scrollTo(0, 0));
  await browser.pause(250);
  await browser.saveScreenshot(path.join(SCREENSHOT_DIR, `${name}.png`));
}

/** The text of the page's first-level heading inside a screen. */
export async function headingOf(browser, screenId) {
  return browser.$(`[data-testid="${screenId}"] h1`).getText();
}

/** First run: creates the vault as `user`, confirms the recovery key, waits for the case list. */
export async function setUpVault(browser, user, passphrase) {
  const $ = (id) => byTestId(browser, id);
  await waitShown(browser, "screen-setup", 60_000);
  await $("setup-user").setValue(user);
  await $("setup-passphrase").setValue(passphrase);
  await $("setup-confirm").setValue(passphrase);
  await $("setup-submit").waitForEnabled({ timeout: UI_MS });
  await $("setup-submit").click();
  const key = (await (await waitShown(browser, "recovery-key", SLOW_MS)).getText()).trim();
  await $("recovery-confirm-input").setValue(key.slice(key.lastIndexOf("-") + 1));
  await $("recovery-continue").click();
  await waitShown(browser, "screen-cases");
}

/** Unlocks with the preselected (only) user and waits for the case list. */
export async function unlock(browser, passphrase) {
  const $ = (id) => byTestId(browser, id);
  await waitShown(browser, "screen-unlock", 60_000);
  await $("unlock-passphrase").setValue(passphrase);
  await $("unlock-submit").click();
  await waitShown(browser, "screen-cases", SLOW_MS);
}

/**
 * Unlocks as `user` (chosen in the user list of a vault with several users) and waits for
 * the home screen: the interviews for interviewing roles, the board for coordinators.
 */
export async function unlockAs(browser, user, passphrase, screenId) {
  const $ = (id) => byTestId(browser, id);
  await waitShown(browser, "screen-unlock", 60_000);
  await $("unlock-user").selectByAttribute("value", user);
  await browser.waitUntil(async () => (await $("unlock-user").getValue()) === user, {
    timeout: UI_MS,
    timeoutMsg: `the unlock screen did not take the user ${user}`,
  });
  await $("unlock-passphrase").setValue(passphrase);
  await $("unlock-submit").click();
  await waitShown(browser, screenId, SLOW_MS);
}

/**
 * Runs the CLI on `vaultDir` as `user`, with `stdin` lines (passphrases) and a fast key
 * derivation (fixtures only: WAYSTONE_KDF_TARGET_MS=0). Returns its standard output.
 */
export function cli(vaultDir, user, stdin, ...args) {
  return execFileSync(CLI, ["--vault", vaultDir, "--user", user, "--passphrase-stdin", ...args], {
    input: stdin.map((line) => `${line}\n`).join(""),
    env: { ...process.env, WAYSTONE_KDF_TARGET_MS: "0" },
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}
