// Moving cases in the real window (issue 7): keys and contacts, sending a case, opening
// bundles with the verification summary before importing, refusals that change nothing,
// a backup restored by the CLI, and the audit log. A second and a third vault are made with
// the CLI. Every person and case here is INVENTED (an empty interview, CLI demo data).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  cli,
  freshVaultDir,
  screenshot,
  setUpVault,
  SLOW_MS,
  startApp,
  ui,
  UI_MS,
  waitShown,
} from "./helpers.mjs";

const A = { name: "admin-a", passphrase: "violet harbour reads nine quiet maps" };
const B = { name: "lawyer-b", passphrase: "pewter canyon hums seven slow rivers" };
const C = { name: "stranger-c", passphrase: "ochre lantern folds twelve paper kites" };

const caseIds = (dir, user) =>
  cli(dir, user.name, [user.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line).id)
    .sort();
const exportOf = (dir, user, id) => cli(dir, user.name, [user.passphrase], "case", "export", id);

test("send, open, refuse, back up and audit through the real window", { timeout: 600_000 }, async (t) => {
  const out = process.env.WAYSTONE_OUTPUT_DIR;
  assert.ok(out, "run.sh sets WAYSTONE_OUTPUT_DIR (the app's output folder for this run)");
  const base = freshVaultDir(t);
  const dirA = path.join(base, "a");
  const dirB = path.join(base, "b");
  const dirC = path.join(base, "c");
  const restored = path.join(base, "restored");

  // Second and third vaults, made with the CLI.
  cli(dirB, B.name, [B.passphrase], "init");
  const keyB = cli(dirB, B.name, [B.passphrase], "key", "show").trim();
  cli(dirC, C.name, [C.passphrase], "init");
  cli(dirC, C.name, [C.passphrase], "demo", "--cases", "1", "--seed", "71");

  const browser = await startApp(t, dirA);
  const h = ui(browser);
  await setUpVault(browser, A.name, A.passphrase);

  // One case made in the app: a new interview with one answer.
  await h.click("new-interview");
  const yes = await waitShown(browser, "input-consent_documentation-yes");
  await yes.scrollIntoView({ block: "center" });
  await yes.click();
  await browser.waitUntil(async () => (await h.$("autosave-status").getAttribute("data-state")) === "saved", {
    timeout: UI_MS,
    timeoutMsg: "autosave never said Saved",
  });
  await h.click("pause-interview");
  await waitShown(browser, "screen-cases");
  const [caseId] = caseIds(dirA, A);
  assert.ok(caseId, "the app made a case");

  // Keys and contacts.
  await h.click("nav-exchange");
  await waitShown(browser, "screen-exchange");
  const keyA = (await h.text("my-key-line")).trim();
  assert.match(keyA, /^waystone-key-v1 age1/);
  const fingerprintA = (await h.text("my-fingerprint")).trim();
  assert.ok(fingerprintA.length >= 16, "a fingerprint to compare");
  await h.type("contact-name", B.name);
  await h.type("contact-key", "waystone-key-v1 this-is-not-a-key");
  await h.click("contact-add");
  await waitShown(browser, "contact-bad-line");
  assert.equal(await h.$("contact-error").getAttribute("data-code"), "invalid");
  assert.equal(await h.$("contacts-list").isExisting(), false, "nothing pinned");
  await h.type("contact-key", keyB);
  await h.click("contact-add");
  await waitShown(browser, `contact-${B.name}`);
  await screenshot(browser, "40-exchange-keys-contacts", { top: true });
  cli(dirB, B.name, [B.passphrase], "contact", "add", A.name, keyA);
  cli(dirC, C.name, [C.passphrase], "contact", "add", A.name, keyA);

  // Send the case to B; B opens it with the CLI and holds exactly the app's case.
  const sendCase = await waitShown(browser, "send-case");
  await sendCase.selectByAttribute("value", caseId);
  await h.click(`send-to-${B.name}`);
  const sentPath = await h.$("send-path").getValue();
  assert.ok(sentPath.startsWith(`${out}/`) && sentPath.endsWith(".waystone"), sentPath);
  await h.click("send-submit");
  await waitShown(browser, "send-done");
  await screenshot(browser, "41-exchange-sent");
  const opened = cli(dirB, B.name, [B.passphrase], "bundle", "open", sentPath);
  assert.match(opened, /added/);
  assert.equal(exportOf(dirB, B, caseId), exportOf(dirA, A, caseId), "B holds exactly the app's case");

  // B sends back an update of that case and a new case of its own; C (not pinned) sends one.
  cli(dirB, B.name, [B.passphrase], "case", "stage", caseId, "in_hiding");
  const updatePath = path.join(out, "from-b-update.waystone");
  cli(dirB, B.name, [B.passphrase], "bundle", "create", caseId, "--to", A.name, "--out", updatePath);
  cli(dirB, B.name, [B.passphrase], "demo", "--cases", "1", "--seed", "72");
  const newId = caseIds(dirB, B).find((id) => id !== caseId);
  const newPath = path.join(out, "from-b-new.waystone");
  cli(dirB, B.name, [B.passphrase], "bundle", "create", newId, "--to", A.name, "--out", newPath);
  const strangerPath = path.join(out, "from-c.waystone");
  cli(dirC, C.name, [C.passphrase], "bundle", "create", caseIds(dirC, C)[0], "--to", A.name, "--out", strangerPath);
  const tampered = Buffer.from(readFileSync(newPath));
  tampered[Math.floor(tampered.length / 2)] ^= 0x01;
  const tamperedPath = path.join(out, "from-b-tampered.waystone");
  writeFileSync(tamperedPath, tampered);

  const casesBefore = caseIds(dirA, A);
  await h.click("open-refresh");
  // a tampered bundle and an unpinned sender: refused, each with its reason, nothing changed
  await h.click("open-file-from-b-tampered.waystone");
  const refused = await waitShown(browser, "verdict-refused");
  assert.ok(["damaged", "altered"].includes(await refused.getAttribute("data-reason")));
  await screenshot(browser, "42-exchange-refused-tampered");
  await h.click("open-file-from-c.waystone");
  await browser.waitUntil(async () => (await h.$("verdict-refused").getAttribute("data-reason")) === "unknown_sender", {
    timeout: UI_MS,
    timeoutMsg: "the unpinned sender was not refused as such",
  });
  assert.deepEqual(caseIds(dirA, A), casesBefore, "refusals changed nothing");

  // the new case: the verification summary first, then the import
  await h.click("open-file-from-b-new.waystone");
  await waitShown(browser, "verdict-verified");
  assert.equal((await h.text("preview-sender")).trim(), B.name);
  const fingerprintB = cli(dirB, B.name, [B.passphrase], "--json", "key", "show");
  assert.equal((await h.text("preview-fingerprint")).trim(), JSON.parse(fingerprintB).fingerprint);
  assert.equal(await h.$("preview-effect").getAttribute("data-created"), "true");
  assert.match(await h.text("preview-parts"), /case\.json/);
  await screenshot(browser, "43-exchange-verified-new");
  assert.deepEqual(caseIds(dirA, A), casesBefore, "verifying imports nothing");
  await h.click("open-import");
  await waitShown(browser, "open-imported");
  // the update: what changes is listed
  await h.type("open-path", updatePath);
  await h.click("open-verify");
  await waitShown(browser, "verdict-verified");
  assert.equal(await h.$("preview-effect").getAttribute("data-created"), "false");
  assert.match(await h.text("preview-changed"), /evacuation_stage/);
  await screenshot(browser, "44-exchange-verified-update");
  await h.click("open-import");
  await waitShown(browser, "open-imported");
  assert.equal(exportOf(dirA, A, newId), exportOf(dirB, B, newId), "the app holds exactly B's new case");
  assert.equal(exportOf(dirA, A, caseId), exportOf(dirB, B, caseId), "and B's update of the first");

  // Backup from the app; the CLI restores it into an empty directory.
  const backupPath = await h.$("backup-path").getValue();
  assert.ok(backupPath.startsWith(`${out}/`) && backupPath.endsWith(".wsbk"), backupPath);
  await h.click("backup-submit");
  await waitShown(browser, "backup-done", SLOW_MS);
  // a second backup the same day is offered a name of its own, not refused
  const next = backupPath.replace(/\.wsbk$/, "-2.wsbk");
  await browser.waitUntil(async () => (await h.$("backup-path").getValue()) === next, {
    timeout: 10000,
    timeoutMsg: `the backup field did not offer ${next}`,
  });
  mkdirSync(restored);
  cli(restored, A.name, [A.passphrase], "restore", backupPath);
  for (const id of [caseId, newId]) {
    assert.equal(exportOf(restored, A, id), exportOf(dirA, A, id), "the restored vault holds the same case");
  }

  // The audit log (admins): the actions above, newest first, and an intact chain.
  await h.click("nav-audit");
  await waitShown(browser, "audit-rows");
  const actions = await browser.$$('[data-testid^="audit-row-"]').map((row) => row.getAttribute("data-action"));
  for (const action of ["vault.backup", "bundle.sender_audit_head", "bundle.open", "bundle.create", "contact.pin"]) {
    assert.ok(actions.includes(action), `${action} is listed`);
  }
  assert.ok(actions.indexOf("vault.backup") < actions.indexOf("bundle.create"), "newest first");
  await h.click("audit-verify");
  await waitShown(browser, "audit-ok");
  await screenshot(browser, "45-audit-log", { top: true });
});
