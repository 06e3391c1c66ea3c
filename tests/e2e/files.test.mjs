// Files through the native dialog (issue 18, "Files"), in the real window. The GTK chooser
// itself is the one thing not shown: the app's documented stand-in (README here, and
// src-tauri/src/commands/files.rs) answers `choose_file` from $WAYSTONE_E2E_DIALOG/answer
// and writes what it would have shown to asked.json — the button, the IPC command, the
// proposed name and the command that then writes or reads all run as in use.
// An admin (a CLI-made vault, one invented demo case with legal consent) exports the ECHR
// document through Choose… at 1280×800, then a second time the same day: the dialog
// proposes `…-2.docx`, and both files exist. A bundle a colleague's vault made for the admin
// lands in a "Downloads" folder and opens through one dialog (checked at once) at 800×600.
// A folder typed instead of a file is refused in Russian with its own message, at 800×600
// and 1280×800. Screenshots 80–85. Every person in the vaults is invented.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { cli, freshVaultDir, screenshot, startApp, ui, UI_MS, unlock, waitShown } from "./helpers.mjs";

const ADMIN = { name: "admin", passphrase: "quiet orchard ledger maps seven granite owls" };
const SENDER = { name: "sender", passphrase: "velvet harbour counts nine brass lanterns" };

const DIALOG = process.env.WAYSTONE_E2E_DIALOG;
const OUTPUT = process.env.WAYSTONE_OUTPUT_DIR;

/** The path the next dialog answers with (null: the person cancels). */
function nextDialogAnswer(file) {
  rmSync(path.join(DIALOG, "asked.json"), { force: true });
  if (file === null) rmSync(path.join(DIALOG, "answer"), { force: true });
  else writeFileSync(path.join(DIALOG, "answer"), `${file}\n`);
}

/** What the last dialog would have shown (kind, title, folder, proposed name, filters). */
async function asked(browser) {
  const file = path.join(DIALOG, "asked.json");
  await browser.waitUntil(async () => existsSync(file), { timeout: UI_MS, timeoutMsg: "no dialog was asked for" });
  return JSON.parse(readFileSync(file, "utf8"));
}

async function windowSize(browser, width, height) {
  await browser.setWindowSize(width, height);
  await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= width, {
    timeout: UI_MS,
    timeoutMsg: `the window did not become ${width} wide`,
  });
}

/** The admin's vault with one demo case the survivor consented to file, and a second vault
 * (another office) that pinned the admin's key and wrote them a bundle into `downloads`. */
function fixture(t) {
  const base = freshVaultDir(t);
  const dir = path.join(base, "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "1", "--seed", "8");
  const [c] = cli(dir, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const doc = JSON.parse(cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "export", c.id));
  doc.answers.answers.consent_documentation = { status: "answered", type: "yes_no", value: true };
  doc.answers.answers.consent_legal = { status: "answered", type: "yes_no", value: true };
  writeFileSync(path.join(base, "case.json"), JSON.stringify(doc));
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "import", path.join(base, "case.json"));

  const other = path.join(base, "other-office");
  cli(other, SENDER.name, [SENDER.passphrase], "init");
  cli(other, SENDER.name, [SENDER.passphrase], "demo", "--cases", "1", "--seed", "9");
  const [sent] = cli(other, SENDER.name, [SENDER.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const adminKey = cli(dir, ADMIN.name, [ADMIN.passphrase], "key", "show").trim();
  const senderKey = cli(other, SENDER.name, [SENDER.passphrase], "key", "show").trim();
  cli(other, SENDER.name, [SENDER.passphrase], "contact", "add", ADMIN.name, adminKey);
  cli(dir, ADMIN.name, [ADMIN.passphrase], "contact", "add", SENDER.name, senderKey);
  const downloads = path.join(base, "Downloads");
  mkdirSync(downloads);
  const bundle = path.join(downloads, "from-the-other-office.waystone");
  cli(other, SENDER.name, [SENDER.passphrase], "bundle", "create", sent.id, "--to", ADMIN.name, "--out", bundle);
  return { dir, code: c.code, sentCode: sent.code, downloads, bundle };
}

test("export through Choose…, a second export gets -2, a bundle opens through one dialog, a folder is refused in Russian", { timeout: 10 * 60_000 }, async (t) => {
  assert.ok(DIALOG && OUTPUT, "run.sh sets WAYSTONE_E2E_DIALOG and WAYSTONE_OUTPUT_DIR");
  const { dir, code, sentCode, downloads, bundle } = fixture(t);
  const browser = await startApp(t, dir);
  const h = ui(browser);
  await windowSize(browser, 1280, 800);
  await unlock(browser, ADMIN.passphrase);
  await waitShown(browser, "screen-cases");

  // The review: every candidate kept as the engine read it, so the export is open.
  await h.click(`case-legal-${code}`);
  await waitShown(browser, "screen-review");
  await waitShown(browser, "review-summary", 60_000);
  const candidates = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="candidate-keep-"]')].map((el) => el.getAttribute("data-testid")),
  );
  for (const id of candidates) await h.click(id);
  await browser.waitUntil(async () => !(await h.$("export-blocked").isExisting()), {
    timeout: UI_MS,
    timeoutMsg: "the export stayed blocked",
  });

  // First export: Choose… opens the save dialog on the proposed name in the output folder;
  // the person keeps it.
  const proposed = await (await waitShown(browser, "export-path")).getValue();
  assert.ok(proposed.startsWith(`${OUTPUT}/${code}-echr-`) && proposed.endsWith(".docx"), proposed);
  nextDialogAnswer(proposed);
  await h.click("export-path-choose");
  const first = await asked(browser);
  assert.equal(first.kind, "save");
  assert.equal(first.title, "Save the document as");
  assert.equal(path.join(first.directory, first.fileName), proposed);
  assert.deepEqual(first.filters, [{ name: "Word document", extensions: ["docx"] }]);
  await h.click("export-button");
  await waitShown(browser, "export-done", 60_000);
  assert.ok(existsSync(proposed), "the first export was written where the dialog said");
  await screenshot(browser, "80-export-chosen-en-1280");

  // Second export the same day: the dialog proposes the next free name, never the taken one.
  const second = proposed.replace(/\.docx$/, "-2.docx");
  nextDialogAnswer(second);
  await h.click("export-path-choose");
  const again = await asked(browser);
  assert.equal(again.fileName, path.basename(second), "the second export is offered …-2.docx");
  await browser.waitUntil(async () => (await h.$("export-path").getValue()) === second, { timeout: UI_MS });
  await h.click("export-button");
  await browser.waitUntil(async () => (await h.text("export-done")).includes(path.basename(second)), {
    timeout: 60_000,
    timeoutMsg: "the second export was not reported",
  });
  assert.ok(existsSync(proposed) && existsSync(second), "both exports exist, nothing replaced");
  await screenshot(browser, "81-export-second-en-1280");

  // A received bundle in Downloads: one dialog, checked at once (nothing typed).
  await windowSize(browser, 800, 600);
  await h.click("review-back");
  await h.click("nav-exchange");
  await waitShown(browser, "screen-exchange");
  nextDialogAnswer(bundle);
  await h.click("open-path-choose");
  const opened = await asked(browser);
  assert.equal(opened.kind, "open");
  assert.equal(opened.inDownloads, true);
  assert.deepEqual(opened.filters, [{ name: "Waystone bundle", extensions: ["waystone"] }]);
  await waitShown(browser, "verdict-verified", 60_000);
  assert.equal(await h.text("preview-code"), sentCode);
  assert.equal(await h.$("open-path").getValue(), bundle);
  await screenshot(browser, "82-bundle-one-dialog-en-800");

  // A cancelled dialog changes nothing.
  nextDialogAnswer(null);
  await h.click("open-path-choose");
  await asked(browser);
  assert.equal(await h.$("open-path").getValue(), bundle);

  // A folder instead of a file, typed as the fallback: its own message, in Russian.
  await h.click("lang-ru");
  await browser.waitUntil(async () => (await browser.$("html").getAttribute("lang")) === "ru", { timeout: UI_MS });
  await h.click("open-cancel");
  const field = await waitShown(browser, "open-path");
  await field.scrollIntoView({ block: "center" });
  await field.setValue(downloads);
  await browser.waitUntil(async () => (await field.getValue()) === downloads, { timeout: UI_MS });
  await h.click("open-verify");
  const error = await waitShown(browser, "open-error");
  assert.equal(await error.getAttribute("data-code"), "file_is_folder");
  const said = await error.getText();
  assert.ok(said.includes("Это папка, а не файл."), said);
  assert.ok(!said.includes("Внутри Waystone произошла ошибка"), said);
  assert.equal(await h.text("open-path-choose"), "Выбрать…");
  await error.scrollIntoView({ block: "center" });
  await screenshot(browser, "83-folder-refused-ru-800");
  await windowSize(browser, 1280, 800);
  await error.scrollIntoView({ block: "center" });
  await screenshot(browser, "84-folder-refused-ru-1280");

  // The backup's save dialog, in Russian: titled in Russian, on today's backup name.
  const backupPath = await (await waitShown(browser, "backup-path")).getValue();
  nextDialogAnswer(null);
  await h.click("backup-path-choose");
  const backupAsked = await asked(browser);
  assert.equal(backupAsked.title, "Сохранить резервную копию как");
  assert.equal(path.join(backupAsked.directory, backupAsked.fileName), backupPath);
  await screenshot(browser, "85-backup-choose-ru-1280");
});
