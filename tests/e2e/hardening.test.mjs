// Webview hardening, in the real window (meant for a build without debug assertions:
// WAYSTONE_APP=target/e2e/waystone-desktop as scripts/test.sh builds it, or
// target/release/waystone-desktop; both with --features custom-protocol):
// the CSP blocks inline and remote scripts, fetch/XHR to other origins and frames; navigation
// away and new windows are refused; commands outside the capability do not answer; devtools
// are not compiled in; and after a session — canaries planted through the interview and an
// attachment, lock, quit, and once a kill -9 in the middle of a save — no canary is found in
// the webview's data and cache directories, the vault, the temporary directory or the app's
// output, in any of the encodings of helpers.mjs `canaryPatterns`. Every string planted here
// is invented.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  APP,
  appPid,
  byTestId,
  filesUnder,
  freshVaultDir,
  REPO_ROOT,
  scanForCanaries,
  screenshot,
  setUpVault,
  startApp,
  UI_MS,
  unlock,
  waitShown,
  writeTestPng,
} from "./helpers.mjs";

const USER = "hardening-demo";
const PASSPHRASE = "quarry velvet orbits nine patient lanterns";
const PORT = Number(process.env.WAYSTONE_WD_PORT ?? "4444");
/** A server that really answers on this machine (tauri-driver's status): a fetch that is
 * refused is refused by the policy, not by an unreachable network. */
const OTHER_ORIGIN = `http://127.0.0.1:${PORT}/status`;
/** Built without debug_assertions (the release profile, or the e2e profile scripts/test.sh
 * uses, which inherits dev's optimisation but not its debug assertions): no devtools. */
const RELEASE = !APP.split(path.sep).includes("debug");

// Unique per run, so nothing else on the machine can contain them by chance.
const RUN = Math.random().toString(36).slice(2, 8).toUpperCase();
const CANARIES = {
  latin: `HARDEN-CANARY-latin-${RUN}`,
  cyrillic: `КАНАРЕЙКА-кириллица-${RUN}`,
  emoji: `canary-🕊️-emoji-🔥-${RUN}`,
  rtl: `קנרית-בדיקה-${RUN}`,
};
const KILLED = {
  latin: `KILLED-CANARY-mid-save-${RUN}`,
  cyrillic: `УБИТО-посреди-сохранения-${RUN}`,
  emoji: `killed-🪶-save-${RUN}`,
  rtl: `נהרג-באמצע-${RUN}`,
};
const ALL = [...Object.values(CANARIES), ...Object.values(KILLED)];

/** Runs `probe` in the page with `arg`; the page's answer. */
async function inPage(browser, probe, arg) {
  return browser.execute(probe, arg);
}

/**
 * Runs `probe` in the page (through WebDriver, whose own script context the page's CSP does
 * not govern) and collects the CSP violation reports the page fired meanwhile.
 */
async function withViolations(browser, probe, arg) {
  await browser.execute(() => {
    window.__wsViolations = [];
    window.__wsOnViolation = (e) => window.__wsViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
    document.addEventListener("securitypolicyviolation", window.__wsOnViolation);
  });
  const result = await browser.execute(probe, arg);
  await browser.pause(500);
  const violations = await browser.execute(() => {
    document.removeEventListener("securitypolicyviolation", window.__wsOnViolation);
    return window.__wsViolations;
  });
  return { result, violations };
}

/**
 * A wrapper that starts the app with its stdout and stderr going to files in `dir`, so the
 * scan can read what the app printed. (tauri-driver → WebKitWebDriver → this → exec app.)
 */
function outputCapturingApp(dir) {
  const wrapper = path.join(dir, "app-with-output.sh");
  const q = (p) => `'${p.replaceAll("'", "'\\''")}'`;
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ${q(APP)} "$@" >>${q(path.join(dir, "app-stdout.log"))} 2>>${q(path.join(dir, "app-stderr.log"))}\n`,
    { mode: 0o755 },
  );
  return wrapper;
}

test("the CSP blocks inline and remote scripts, eval, fetch and XHR to other origins, and frames", { timeout: 5 * 60_000 }, async (t) => {
  const browser = await startApp(t, freshVaultDir(t));
  await waitShown(browser, "screen-setup", 60_000);

  const scripts = await withViolations(
    browser,
    async (other) => {
      const out = {};
      window.__wsInline = "not run";
      const inline = document.createElement("script");
      inline.textContent = "window.__wsInline = 'ran';";
      document.head.appendChild(inline);
      out.inline = window.__wsInline;
      const load = (src) =>
        new Promise((resolve) => {
          const s = document.createElement("script");
          s.src = src;
          s.onload = () => resolve("loaded");
          s.onerror = () => resolve("blocked");
          document.head.appendChild(s);
          setTimeout(() => resolve("timeout"), 5000);
        });
      out.remote = await load("https://example.org/waystone-probe.js");
      out.otherOrigin = await load(other);
      const handler = document.createElement("div");
      handler.setAttribute("onclick", "window.__wsHandler = 'ran'");
      document.body.appendChild(handler);
      handler.click();
      out.inlineHandler = window.__wsHandler ?? "not run";
      handler.remove();
      try {
        out.eval = String(window.eval("'ran'"));
      } catch {
        out.eval = "blocked";
      }
      try {
        out.functionCtor = String(new window.Function("return 'ran'")());
      } catch {
        out.functionCtor = "blocked";
      }
      return out;
    },
    OTHER_ORIGIN,
  );
  assert.equal(scripts.result.inline, "not run", "an inline script must not run");
  assert.equal(scripts.result.remote, "blocked", "a remote script must not load");
  assert.equal(scripts.result.otherOrigin, "blocked", "a script from another (reachable) origin must not load");
  assert.equal(scripts.result.inlineHandler, "not run", "an inline event handler must not run");
  assert.equal(scripts.result.eval, "blocked", "eval must be refused");
  assert.equal(scripts.result.functionCtor, "blocked", "new Function must be refused");
  t.diagnostic(`script violations: ${JSON.stringify(scripts.violations)}`);
  const scriptViolations = scripts.violations.filter((v) => v.directive.startsWith("script-src"));
  assert.ok(scriptViolations.length >= 4, `script-src reported the blocks: ${JSON.stringify(scripts.violations)}`);

  const network = await withViolations(
    browser,
    async (other) => {
      const out = {};
      const tryFetch = (url) =>
        fetch(url).then(
          (r) => `answered ${r.status}`,
          () => "blocked",
        );
      out.fetchRemote = await tryFetch("https://example.org/");
      out.fetchOther = await tryFetch(other);
      out.fetchNoCors = await fetch(other, { mode: "no-cors" }).then(
        () => "answered",
        () => "blocked",
      );
      out.xhrOther = await new Promise((resolve) => {
        const x = new XMLHttpRequest();
        x.onload = () => resolve(`answered ${x.status}`);
        x.onerror = () => resolve("blocked");
        try {
          x.open("GET", other);
          x.send();
        } catch {
          resolve("blocked");
        }
      });
      out.beacon = navigator.sendBeacon(other, "x") ? "queued" : "blocked";
      out.websocket = await new Promise((resolve) => {
        try {
          const ws = new WebSocket(`ws://127.0.0.1:${new URL(other).port}/`);
          ws.onopen = () => resolve("open");
          ws.onerror = () => resolve("blocked");
        } catch {
          resolve("blocked");
        }
      });
      out.image = await new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve("loaded");
        img.onerror = () => resolve("blocked");
        img.src = "https://example.org/pixel.png";
      });
      return out;
    },
    OTHER_ORIGIN,
  );
  assert.equal(network.result.fetchRemote, "blocked");
  assert.equal(network.result.fetchOther, "blocked", "fetch to a reachable other origin must be refused");
  assert.equal(network.result.fetchNoCors, "blocked");
  assert.equal(network.result.xhrOther, "blocked");
  // sendBeacon reports "queued" either way (WebKit checks the policy when it sends): its
  // refusal shows as a violation report for the beacon's URL below.
  assert.equal(network.result.websocket, "blocked");
  assert.equal(network.result.image, "blocked");
  const connect = network.violations.filter((v) => v.directive === "connect-src");
  t.diagnostic(`network violations: ${JSON.stringify(network.violations)}`);
  assert.ok(connect.length >= 5, `connect-src reported the blocks: ${JSON.stringify(network.violations)}`);

  const frames = await withViolations(
    browser,
    async (other) => {
      const out = {};
      for (const [name, src] of [
        ["other", other],
        ["remote", "https://example.org/"],
        ["self", "/index.html"],
      ]) {
        const f = document.createElement("iframe");
        f.src = src;
        document.body.appendChild(f);
        await new Promise((r) => setTimeout(r, 800));
        let text = "";
        try {
          text = f.contentDocument?.body?.innerText ?? "";
        } catch {
          text = "";
        }
        out[name] = text.includes("ready") || text.includes("Waystone") ? "content shown" : "no content";
        f.remove();
      }
      const obj = document.createElement("object");
      obj.data = other;
      document.body.appendChild(obj);
      await new Promise((r) => setTimeout(r, 500));
      obj.remove();
      return out;
    },
    OTHER_ORIGIN,
  );
  assert.deepEqual(frames.result, { other: "no content", remote: "no content", self: "no content" });
  t.diagnostic(`frame violations: ${JSON.stringify(frames.violations)}`);
  const frameViolations = frames.violations.filter((v) => v.directive === "frame-src" || v.directive === "child-src");
  assert.ok(frameViolations.length >= 3, `frame-src reported the blocks: ${JSON.stringify(frames.violations)}`);
  assert.ok(
    frames.violations.some((v) => v.directive === "object-src"),
    `object-src reported the block: ${JSON.stringify(frames.violations)}`,
  );
  // Still the app, still working.
  await waitShown(browser, "screen-setup");
});

test("navigation away from the app and new windows are refused", { timeout: 5 * 60_000 }, async (t) => {
  const browser = await startApp(t, freshVaultDir(t));
  await waitShown(browser, "screen-setup", 60_000);
  const start = await browser.getUrl();
  assert.match(start, /^(tauri:\/\/localhost|https?:\/\/tauri\.localhost)(\/|$)/, start);
  const handles = await browser.getWindowHandles();
  for (const target of [OTHER_ORIGIN, "https://example.org/", "file:///etc/hostname", "data:text/html,<p>away</p>"]) {
    await inPage(browser, (url) => {
      window.location.href = url;
    }, target);
    await browser.pause(1200);
    assert.equal(await browser.getUrl(), start, `navigating to ${target} must be refused`);
    await waitShown(browser, "screen-setup");
  }
  // a link with target=_blank and window.open
  const opened = await inPage(
    browser,
    (url) => {
      const a = document.createElement("a");
      a.href = url;
      a.target = "_blank";
      document.body.appendChild(a);
      a.click();
      a.remove();
      const w = window.open(url, "_blank");
      return w === null ? "null" : "a window";
    },
    OTHER_ORIGIN,
  );
  await browser.pause(1000);
  assert.equal(opened, "null", "window.open must not return a window");
  assert.deepEqual(await browser.getWindowHandles(), handles, "no new window or webview");
  assert.equal(await browser.getUrl(), start);
});

test("commands outside the capability list do not answer", { timeout: 5 * 60_000 }, async (t) => {
  const browser = await startApp(t, freshVaultDir(t));
  await waitShown(browser, "screen-setup", 60_000);
  const results = await browser.execute(async () => {
    const call = (cmd, args = {}) =>
      window.__TAURI_INTERNALS__.invoke(cmd, args).then(
        (value) => ({ cmd, answered: true, value: JSON.stringify(value)?.slice(0, 80) }),
        (error) => ({ cmd, answered: false, error: String(error?.message ?? error).slice(0, 160) }),
      );
    return Promise.all([
      call("vault_status"), // allowed: the control
      call("no_such_command"),
      call("plugin:app|version"),
      call("plugin:app|name"),
      call("plugin:path|resolve_directory", { directory: 11 }),
      call("plugin:window|title", { label: "main" }),
      call("plugin:webview|internal_toggle_devtools"),
      call("plugin:event|emit", { event: "vault-locked", payload: { reason: "idle" } }),
      call("plugin:fs|read_text_file", { path: "/etc/hostname" }),
      call("plugin:shell|execute", { program: "sh", args: ["-c", "true"] }),
      call("plugin:http|fetch", { clientConfig: { url: "https://example.org/" } }),
      // the dialog plugin is registered, but only the shell's own choose_file shows a dialog
      call("plugin:dialog|open", { options: {} }),
      call("plugin:dialog|save", { options: {} }),
      call("plugin:dialog|message", { message: "x" }),
    ]);
  });
  const [control, ...others] = results;
  assert.equal(control.answered, true, `the allowed vault_status answers: ${JSON.stringify(control)}`);
  for (const r of others) assert.equal(r.answered, false, `${r.cmd} must not answer: ${JSON.stringify(r)}`);
  // still the setup screen: nothing the refused commands could have done happened
  await waitShown(browser, "screen-setup");
});

test(
  "devtools are not compiled into the release build",
  { skip: !RELEASE && "debug builds have devtools by design; run with WAYSTONE_APP=target/e2e/waystone-desktop (or target/release/…)" },
  async () => {
    // Tauri enables the inspector in release builds only with its `devtools` feature.
    const tree = execFileSync(
      "cargo",
      ["tree", "-p", "waystone-desktop", "--features", "custom-protocol", "-e", "features", "-i", "tauri", "--offline"],
      { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    assert.ok(tree.includes('tauri feature "custom-protocol"'), "the feature list was read");
    assert.ok(!tree.includes('tauri feature "devtools"'), "tauri's devtools feature is enabled");
  },
);

test(
  "after a session, a lock, a quit and a kill -9 mid-save, no canary is found outside the vault's ciphertext",
  { timeout: 15 * 60_000 },
  async (t) => {
    const vault = freshVaultDir(t);
    // The attachment's source file holds canaries by design; it lives apart and is skipped.
    const fixtures = mkdtempSync(path.join(tmpdir(), "waystone-hardening-fixture-"));
    t.after(() => rmSync(fixtures, { recursive: true, force: true }));
    const photo = path.join(fixtures, `${CANARIES.latin}.png`);
    writeTestPng(photo, Object.values(CANARIES).join(" | "));
    const output = mkdtempSync(path.join(tmpdir(), "waystone-hardening-output-"));
    t.after(() => rmSync(output, { recursive: true, force: true }));
    const application = outputCapturingApp(output);
    const startedAt = Date.now();

    // ---- Session 1: plant, lock, quit. ----------------------------------------------------
    let browser = await startApp(t, vault, { application });
    const $ = (id) => byTestId(browser, id);
    const type = async (id, text) => {
      const el = await waitShown(browser, id);
      await el.scrollIntoView({ block: "center" });
      await el.setValue(text);
    };
    const saved = () =>
      browser.waitUntil(async () => (await $("autosave-status").getAttribute("data-state")) === "saved", {
        timeout: UI_MS,
        timeoutMsg: "autosave never said Saved",
      });
    const section = async (name) => {
      const nav = await waitShown(browser, `section-nav-${name}`);
      await nav.scrollIntoView({ block: "center" });
      await nav.click();
      await waitShown(browser, `section-${name}`);
    };
    await setUpVault(browser, USER, PASSPHRASE);
    await (await waitShown(browser, "new-interview")).click();
    await waitShown(browser, "section-consent");
    const yes = await waitShown(browser, "input-consent_documentation-yes");
    await yes.scrollIntoView({ block: "center" });
    await yes.click();
    await type("input-recorder_name", CANARIES.emoji);
    await (await waitShown(browser, "input-consent_record")).setValue(photo);
    await waitShown(browser, "thumbnail-consent_record");
    await saved();
    await section("survivor");
    await type("input-name_cyrillic", CANARIES.cyrillic);
    await type("input-name_latin", CANARIES.latin);
    await section("narrative");
    await type("input-narrative", `${CANARIES.rtl} ${CANARIES.cyrillic}`);
    await section("notes");
    await saved();
    await screenshot(browser, "40-hardening-planted", { top: true });
    await (await waitShown(browser, "pause-interview")).click();
    await (await waitShown(browser, "lock-button")).click();
    await waitShown(browser, "screen-unlock");
    await browser.deleteSession();

    // ---- Session 2: resume, type, kill -9 while the save is in flight. -------------------
    browser = await startApp(t, vault, { application });
    await unlock(browser, PASSPHRASE);
    const resume = await browser.$('[data-testid^="case-resume-"]');
    await resume.waitForDisplayed({ timeout: UI_MS });
    await resume.click();
    await waitShown(browser, "screen-interview");
    const nav = await waitShown(browser, "section-nav-narrative");
    await nav.scrollIntoView({ block: "center" });
    await nav.click();
    const narrative = await waitShown(browser, "input-narrative");
    const pid = appPid(vault);
    assert.ok(pid, "the app process was found by its --vault argument");
    await narrative.setValue(Object.values(KILLED).join(" "));
    await browser.waitUntil(async () => (await $("autosave-status").getAttribute("data-state")) === "saving", {
      timeout: UI_MS,
      interval: 20,
      timeoutMsg: "the save never started",
    });
    process.kill(pid, "SIGKILL");
    await browser.deleteSession().catch(() => {});

    // ---- Session 3: the vault still opens and shows the case; then quit normally. --------
    browser = await startApp(t, vault, { application });
    await unlock(browser, PASSPHRASE);
    await browser.$('[data-testid^="case-resume-"]').waitForDisplayed({ timeout: UI_MS });
    await browser.deleteSession();

    // ---- Scan. ---------------------------------------------------------------------------
    const xdg = ["XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"].map((k) => process.env[k]).filter(Boolean);
    assert.equal(xdg.length, 3, "run.sh points the XDG directories into the run's temporary directory");
    const skip = (p) => p === fixtures || p.startsWith(fixtures + path.sep);
    const work = process.env.WAYSTONE_E2E_WORK ?? path.dirname(process.env.WAYSTONE_E2E_TMP ?? vault);
    // The run's directory (driver log with the app's stdout and stderr, XDG dirs, vaults)
    // and anything else in the temporary directory written since this test started.
    const fromTmp = filesUnder(tmpdir(), skip).filter((f) => {
      try {
        return f.startsWith(work + path.sep) || statSync(f).mtimeMs >= startedAt - 1000;
      } catch {
        return false;
      }
    });
    const outputs = filesUnder(output);
    assert.ok(outputs.some((f) => f.endsWith("app-stderr.log")), "the app's stderr was captured");
    const scanned = new Set([
      ...xdg.flatMap((d) => filesUnder(d, skip)),
      ...filesUnder(vault, skip),
      ...outputs,
      ...fromTmp,
    ]);
    const webviewFiles = xdg.flatMap((d) => filesUnder(d, skip));
    assert.ok(webviewFiles.length > 0, "the webview wrote its data/cache directories (so they were really scanned)");
    const hits = scanForCanaries([...scanned], ALL);
    t.diagnostic(
      `scanned ${scanned.size} files (${webviewFiles.length} in the webview's XDG dirs) for ${ALL.length} canaries x 11 encodings`,
    );
    assert.deepEqual(hits, [], `canaries found: ${JSON.stringify(hits.slice(0, 10))}`);
  },
);
