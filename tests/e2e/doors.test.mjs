// The closed doors of issues 14 and 15 in the real window: an update from a contact who is
// not the case's sender is held until a person accepts it (nothing applied before); a pinned
// contact's key is replaced only after a dialog showing both fingerprints; a lawyer reads a
// case's testimony but the interview is read-only for them. The other vaults are made with
// the CLI. Every person and case here is INVENTED (CLI demo data).
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { cli, freshVaultDir, screenshot, startApp, ui, UI_MS, unlockAs, waitShown } from "./helpers.mjs";

const ADMIN = { name: "ana", passphrase: "saffron ledger maps nine quiet owls" };
const LAWYER = { name: "lena", passphrase: "brass canyon hums seven slow rivers" };
const FIELD = { name: "farid", passphrase: "ochre tunnel folds twelve paper kites" };
const OTHER = { name: "oksana", passphrase: "pewter meadow reads eleven blue maps" };

const keyOf = (dir, who) => cli(dir, who.name, [who.passphrase], "key", "show").trim();
const fingerprintOf = (dir, who) => JSON.parse(cli(dir, who.name, [who.passphrase], "--json", "key", "show")).fingerprint;
const exportOf = (dir, who, id) => cli(dir, who.name, [who.passphrase], "case", "export", id);

test("held updates, a replaced key and a read-only interview, in the real window", { timeout: 600_000 }, async (t) => {
  const out = process.env.WAYSTONE_OUTPUT_DIR;
  assert.ok(out, "run.sh sets WAYSTONE_OUTPUT_DIR (the app's output folder for this run)");
  const base = freshVaultDir(t);
  const dirA = path.join(base, "a");
  const dirF = path.join(base, "field");
  const dirO = path.join(base, "other");

  // The organisation's vault: an admin, a lawyer, one demo case assigned to the lawyer.
  cli(dirA, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dirA, ADMIN.name, [ADMIN.passphrase, LAWYER.passphrase], "user", "add", LAWYER.name, "--role", "lawyer");
  cli(dirA, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "1", "--seed", "81");
  const [c] = cli(dirA, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  cli(dirA, ADMIN.name, [ADMIN.passphrase], "case", "assign", c.id, "--lawyer", LAWYER.name);

  // Two other vaults. The case goes from A to the field, and from the field to another
  // person; that person (pinned by A, but not someone A sent the case to) sends an update.
  cli(dirF, FIELD.name, [FIELD.passphrase], "init");
  cli(dirO, OTHER.name, [OTHER.passphrase], "init");
  const [keyA, keyF, keyO] = [keyOf(dirA, ADMIN), keyOf(dirF, FIELD), keyOf(dirO, OTHER)];
  cli(dirA, ADMIN.name, [ADMIN.passphrase], "contact", "add", FIELD.name, keyF);
  cli(dirA, ADMIN.name, [ADMIN.passphrase], "contact", "add", OTHER.name, keyO);
  cli(dirF, FIELD.name, [FIELD.passphrase], "contact", "add", ADMIN.name, keyA);
  cli(dirF, FIELD.name, [FIELD.passphrase], "contact", "add", OTHER.name, keyO);
  cli(dirO, OTHER.name, [OTHER.passphrase], "contact", "add", FIELD.name, keyF);
  cli(dirO, OTHER.name, [OTHER.passphrase], "contact", "add", ADMIN.name, keyA);
  const toField = path.join(base, "to-field.waystone");
  cli(dirA, ADMIN.name, [ADMIN.passphrase], "bundle", "create", c.id, "--to", FIELD.name, "--out", toField);
  cli(dirF, FIELD.name, [FIELD.passphrase], "bundle", "open", toField);
  const toOther = path.join(base, "to-other.waystone");
  cli(dirF, FIELD.name, [FIELD.passphrase], "bundle", "create", c.id, "--to", OTHER.name, "--out", toOther);
  cli(dirO, OTHER.name, [OTHER.passphrase], "bundle", "open", toOther);
  cli(dirO, OTHER.name, [OTHER.passphrase], "case", "stage", c.id, "relocated");
  const fromOther = path.join(out, "from-other.waystone");
  cli(dirO, OTHER.name, [OTHER.passphrase], "bundle", "create", c.id, "--to", ADMIN.name, "--out", fromOther);
  const before = exportOf(dirA, ADMIN, c.id);

  const browser = await startApp(t, dirA);
  const h = ui(browser);
  await unlockAs(browser, ADMIN.name, ADMIN.passphrase, "screen-cases");
  await h.click("nav-exchange");
  await waitShown(browser, "screen-exchange");

  // The update from someone the case did not come from: verified, then held, not applied.
  await h.click("open-refresh");
  await h.click("open-file-from-other.waystone");
  await waitShown(browser, "verdict-verified");
  await waitShown(browser, "preview-held");
  await h.click("open-import");
  const imported = await waitShown(browser, "open-imported");
  assert.equal(await imported.getAttribute("data-outcome"), "held");
  assert.equal(exportOf(dirA, ADMIN, c.id), before, "a held update changes nothing");
  const held = JSON.parse(
    cli(dirA, ADMIN.name, [ADMIN.passphrase], "--json", "incoming", "list").trim().split("\n").filter(Boolean).at(-1),
  );
  assert.equal(held.state, "held");
  await waitShown(browser, `held-${held.id}`);
  assert.equal((await h.text(`held-fingerprint-${held.id}`)).trim(), fingerprintOf(dirO, OTHER));
  await screenshot(browser, "60-exchange-held-update");
  // a person decides: accepted, the case is now the sender's version
  await h.click(`held-accept-${held.id}`);
  await waitShown(browser, "held-decided");
  assert.equal(exportOf(dirA, ADMIN, c.id), exportOf(dirO, OTHER, c.id), "accepted: the sender's version");

  // Replacing a pinned key: a dialog with both fingerprints first; cancel keeps the old one.
  const pinnedBefore = cli(dirA, ADMIN.name, [ADMIN.passphrase], "contact", "list");
  await h.type("contact-name", FIELD.name);
  await h.type("contact-key", keyO);
  await h.click("contact-add");
  const dialog = await waitShown(browser, "confirm-dialog");
  const said = await dialog.getText();
  for (const fp of [fingerprintOf(dirF, FIELD), fingerprintOf(dirO, OTHER)]) {
    assert.ok(said.includes(fp), `the dialog shows ${fp}`);
  }
  await screenshot(browser, "61-exchange-replace-key");
  await h.click("confirm-cancel");
  await browser.waitUntil(async () => !(await h.$("confirm-dialog").isExisting()), { timeout: UI_MS });
  assert.equal(cli(dirA, ADMIN.name, [ADMIN.passphrase], "contact", "list"), pinnedBefore, "cancel kept the key");
  await h.click("contact-add");
  await waitShown(browser, "confirm-dialog");
  await h.click("confirm-ok");
  await waitShown(browser, "contact-added");
  assert.match(cli(dirA, ADMIN.name, [ADMIN.passphrase], "contact", "list"), new RegExp(fingerprintOf(dirO, OTHER)));

  // The lawyer reads the case assigned to them; the interview does not let them change it.
  await h.click("lock-button");
  await unlockAs(browser, LAWYER.name, LAWYER.passphrase, "screen-cases");
  await h.click(`case-resume-${c.code}`);
  await waitShown(browser, "screen-interview");
  await waitShown(browser, "interview-read-only");
  assert.notEqual(await h.$("interview-answers").getAttribute("disabled"), null, "the answers are disabled");
  const inputs = await browser.$$('[data-testid="interview-answers"] input, [data-testid="interview-answers"] textarea');
  assert.ok(inputs.length > 0, "the section shows its questions");
  for (const input of inputs) assert.equal(await input.isEnabled(), false, "no control takes a change");
  await screenshot(browser, "62-interview-read-only");
  assert.equal(exportOf(dirA, ADMIN, c.id), exportOf(dirO, OTHER, c.id), "the lawyer changed nothing");
});
