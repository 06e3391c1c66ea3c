// Shared pieces of the end-to-end tests: start the real app through tauri-driver with a
// vault directory of its own, find elements by data-testid, take screenshots.
//
// Each startApp() is a fresh WebDriver session, so a fresh app process. The vault directory
// is passed with the app's `--vault DIR` flag through `tauri:options.args`, so every test
// gets its own empty vault while one tauri-driver serves the whole run. (run.sh also
// exports WAYSTONE_VAULT, pointing at a throwaway directory, as a second line of defence:
// nothing here ever opens a real vault.)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
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

/**
 * Starts the app on `vaultDir`; the session (and app) is closed when the test ends.
 * `application` replaces the binary (e.g. a wrapper that captures the app's output).
 */
export async function startApp(t, vaultDir, { application = APP } = {}) {
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
        "tauri:options": { application, args: ["--vault", vaultDir] },
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
 *
 * The app runs WebKit without compositing (src-tauri/src/webview.rs). Then WebKitWebDriver
 * takes the picture after the page's next paint, and a page that does not change never
 * paints again: the screenshot would wait forever. So an invisible pixel (transparent, one
 * colour to another) changes every 50 ms until the picture is taken, and is removed after.
 */
export async function screenshot(browser, name, { top = false } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (top) await browser.execute(() => window.scrollTo(0, 0));
  await browser.pause(250);
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.id = "e2e-repaint";
    dot.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none";
    document.documentElement.append(dot);
    let on = false;
    window.__e2eRepaint = setInterval(() => {
      on = !on;
      dot.style.backgroundColor = on ? "rgba(0,0,0,0)" : "rgba(255,255,255,0)";
    }, 50);
  });
  try {
    await browser.saveScreenshot(path.join(SCREENSHOT_DIR, `${name}.png`));
  } finally {
    await browser.execute(() => {
      clearInterval(window.__e2eRepaint);
      document.getElementById("e2e-repaint")?.remove();
    });
  }
}

/**
 * The common moves of a test in the window, by data-testid: find, wait until shown, click
 * (scrolled into view, once enabled), type and choose (waiting until the field holds the
 * value), wait for a condition, read a text. Tests spread it and add their own steps.
 */
export function ui(browser) {
  const $ = (id) => byTestId(browser, id);
  const shown = (id, timeout = UI_MS) => waitShown(browser, id, timeout);
  return {
    $,
    shown,
    async click(id) {
      const el = await shown(id);
      await el.scrollIntoView({ block: "center" });
      await el.waitForEnabled({ timeout: UI_MS });
      await el.click();
    },
    async type(id, text) {
      const el = await shown(id);
      await el.scrollIntoView({ block: "center" });
      await el.setValue(text);
      await browser.waitUntil(async () => (await el.getValue()) === text, {
        timeout: UI_MS,
        timeoutMsg: `${id} did not take the text`,
      });
    },
    async choose(id, value) {
      const el = await shown(id);
      await el.scrollIntoView({ block: "center" });
      await el.selectByAttribute("value", value);
      await browser.waitUntil(async () => (await el.getValue()) === value, {
        timeout: UI_MS,
        timeoutMsg: `${id} did not take ${value}`,
      });
    },
    async until(check, what) {
      await browser.waitUntil(check, { timeout: UI_MS, timeoutMsg: `${what} did not happen` });
    },
    async text(id, timeout = UI_MS) {
      return (await shown(id, timeout)).getText();
    },
  };
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

/**
 * A small synthetic PNG (a plain rectangle). `text`, if given, goes into an iTXt chunk
 * (UTF-8), which viewers ignore: a way to plant canaries inside an attachment's bytes.
 */
export function writeTestPng(file, text = null) {
  const width = 48;
  const height = 32;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y += 1) rows.push(Buffer.from([0, ...Array(width).fill([204, 136, 102]).flat()]));
  const itxt =
    text === null
      ? []
      : [chunk("iTXt", Buffer.concat([Buffer.from("Comment\0\0\0\0\0", "latin1"), Buffer.from(text, "utf8")]))];
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    ...itxt,
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  writeFileSync(file, png);
}

/**
 * The byte patterns a canary could leak as: UTF-8, UTF-16LE/BE, hex (both cases), base64 of
 * the UTF-8 at each of the three alignments (the stable middle of each), and JSON with every
 * non-ASCII character escaped as \uXXXX (both cases).
 */
export function canaryPatterns(canary) {
  const utf8 = Buffer.from(canary, "utf8");
  const utf16le = Buffer.from(canary, "utf16le");
  const utf16be = Buffer.from(utf16le).swap16();
  const hex = utf8.toString("hex");
  const patterns = [
    ["utf-8", utf8],
    ["utf-16le", utf16le],
    ["utf-16be", utf16be],
    ["hex", Buffer.from(hex)],
    ["HEX", Buffer.from(hex.toUpperCase())],
  ];
  for (let shift = 0; shift < 3; shift += 1) {
    const b64 = Buffer.concat([Buffer.alloc(shift), utf8]).toString("base64");
    // skip the characters touched by the padding bytes in front and by the unknown tail
    const start = Math.ceil((shift * 4) / 3) + 1;
    const end = Math.floor(((shift + utf8.length) * 4) / 3) - 1;
    patterns.push([`base64+${shift}`, Buffer.from(b64.slice(start, end))]);
  }
  const escaped = [...canary]
    .map((ch) => {
      const units = ch.codePointAt(0) < 0x80 ? null : Buffer.from(ch, "utf16le");
      if (units === null) return ch;
      const out = [];
      for (let i = 0; i < units.length; i += 2) out.push(units.readUInt16LE(i).toString(16).padStart(4, "0"));
      return out.map((u) => `\\u${u}`).join("");
    })
    .join("");
  patterns.push(["json-escaped", Buffer.from(escaped)]);
  patterns.push(["JSON-ESCAPED", Buffer.from(escaped.replace(/\\u([0-9a-f]{4})/g, (_, h) => `\\u${h.toUpperCase()}`))]);
  return patterns;
}

/** Every regular file under `dir` (recursively), skipping paths `skip(path)` says to skip. */
export function filesUnder(dir, skip = () => false) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (skip(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Scans `files` for every pattern of every canary; returns the hits as
 * `{ file, canary, encoding }` (none is the pass). Files over 256 MiB are skipped (none is
 * that big in a test run).
 */
export function scanForCanaries(files, canaries) {
  const patterns = canaries.flatMap((c) => canaryPatterns(c).map(([encoding, bytes]) => ({ c, encoding, bytes })));
  const hits = [];
  for (const file of files) {
    let bytes;
    try {
      if (statSync(file).size > 256 * 1024 * 1024) continue;
      bytes = readFileSync(file);
    } catch {
      continue; // removed meanwhile, or a socket
    }
    for (const p of patterns) {
      if (bytes.includes(p.bytes)) hits.push({ file, canary: p.c, encoding: p.encoding });
    }
  }
  return hits;
}

/** The PID of the app process started on `vaultDir` (found by its binary and its --vault argument). */
export function appPid(vaultDir) {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args[0] === APP && args.includes(vaultDir)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}
