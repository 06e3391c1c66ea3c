// The team mailbox in the real window (issue 16): vault A (an admin, in the app) adds a
// folder mailbox with the team's key, tests it, queues a case for contact B, syncs; B's
// vault (made and synced with the CLI) imports it; A syncs again and sees it delivered. The
// folder holds only sealed objects: the case's code is in none of them. Then a conflict: A
// changes the account after sending, B (working from the version A sent) changes the account
// and the stage and sends it back; A's sync holds it, and A merges it answer by answer in the
// window. Every person and case here is INVENTED (CLI demo data).
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { cli, freshVaultDir, screenshot, setUpVault, startApp, ui, waitShown } from "./helpers.mjs";

const A = { name: "admin-a", passphrase: "violet harbour reads nine quiet maps" };
const B = { name: "lawyer-b", passphrase: "pewter canyon hums seven slow rivers" };

const json = (out) =>
  out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));

function filesIn(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesIn(p) : [p];
  });
}

test("a case through a folder mailbox: queued, synced, imported by B, delivered", { timeout: 600_000 }, async (t) => {
  const base = freshVaultDir(t);
  const dirA = path.join(base, "a");
  const dirB = path.join(base, "b");
  const box = path.join(base, "mailbox");
  mkdirSync(box);

  // B: a vault with the team's first mailbox (a new key), made with the CLI.
  cli(dirB, B.name, [B.passphrase], "init");
  const keyB = cli(dirB, B.name, [B.passphrase], "key", "show").trim();
  cli(dirB, B.name, [B.passphrase], "mailbox", "add", "office", "--folder", box);
  const teamKey = cli(dirB, B.name, [B.passphrase], "mailbox", "key", "office").trim();
  assert.match(teamKey, /^waystone-mailbox-key-v1:/);

  const browser = await startApp(t, dirA);
  const h = ui(browser);
  await setUpVault(browser, A.name, A.passphrase);
  cli(dirA, A.name, [A.passphrase], "demo", "--cases", "1", "--seed", "81");
  const [theCase] = json(cli(dirA, A.name, [A.passphrase], "--json", "case", "list"));
  assert.ok(theCase?.id, "a case to send");
  const keyA = cli(dirA, A.name, [A.passphrase], "key", "show").trim();
  cli(dirB, B.name, [B.passphrase], "contact", "add", A.name, keyA);

  // Settings › Mailboxes: the same folder, with the team's key typed into a password field.
  await h.click("nav-settings");
  await waitShown(browser, "settings-mailboxes");
  await h.type("mailbox-name", "office");
  await h.choose("mailbox-engine", "folder");
  await h.type("mailbox-path", box);
  assert.equal(await h.$("mailbox-team-key").getAttribute("type"), "password");
  await h.type("mailbox-team-key", teamKey);
  await h.click("mailbox-add");
  await h.until(
    async () => (await h.$("mailbox-added").isExisting()) || (await h.$("mailbox-error").isExisting()),
    "an answer to adding the mailbox",
  );
  if (await h.$("mailbox-error").isExisting()) {
    assert.fail(`adding the mailbox: ${await h.$("mailbox-error").getAttribute("data-code")} ${await h.$("mailbox-error").getHTML()}`);
  }
  assert.equal(await h.$("mailbox-team-key").getValue(), "", "the key left the form");
  assert.ok(!(await browser.$("body").getText()).includes(teamKey.slice(-16)), "the key is not shown back");
  await h.click("mailbox-test-office");
  await waitShown(browser, "mailbox-test-ok");
  await screenshot(browser, "70-settings-mailboxes");

  // Exchange: B as a contact, then the case through the mailbox.
  await h.click("nav-exchange");
  await waitShown(browser, "screen-exchange");
  await h.type("contact-name", B.name);
  await h.type("contact-key", keyB);
  await h.click("contact-add");
  await waitShown(browser, `contact-${B.name}`);
  await h.choose("mailbox-case", theCase.id);
  await h.click(`mailbox-to-${B.name}`);
  await h.click("mailbox-queue");
  await waitShown(browser, "mailbox-queued");
  const state = async () => (await h.$("outbox-list").$("tr[data-state]")).getAttribute("data-state");
  await waitShown(browser, "outbox-list");
  assert.equal(await state(), "queued");
  await h.click("mailbox-sync");
  const done = await waitShown(browser, "mailbox-sync-done");
  assert.match(await done.getText(), /1 sent/);
  await h.until(async () => (await state()) === "uploaded", "the item uploaded");
  await screenshot(browser, "71-exchange-mailbox-sent");

  // The server side: sealed objects only.
  const objects = filesIn(box);
  assert.ok(objects.length >= 1, "an object in the mailbox");
  for (const f of objects) {
    assert.ok(!readFileSync(f).includes(Buffer.from(theCase.code)), `${f} names the case`);
    assert.ok(!f.includes(theCase.code) && !f.includes(A.name) && !f.includes(B.name), f);
  }

  // B syncs with the CLI: imported, and B holds exactly A's case.
  const [report] = json(cli(dirB, B.name, [B.passphrase], "sync", "--json"));
  assert.equal(report.imported, 1, JSON.stringify(report));
  assert.equal(report.refused, 0);
  const incoming = json(cli(dirB, B.name, [B.passphrase], "incoming", "list", "--json"));
  assert.ok(
    incoming.some((i) => i.from === A.name && i.case === theCase.id && i.state === "imported"),
    JSON.stringify(incoming),
  );
  assert.equal(
    cli(dirB, B.name, [B.passphrase], "case", "export", theCase.id),
    cli(dirA, A.name, [A.passphrase], "case", "export", theCase.id),
    "B holds exactly A's case",
  );

  // A syncs again: B's receipt marks it delivered.
  await h.click("mailbox-sync");
  await h.until(async () => /1 delivered/.test(await h.text("mailbox-sync-done")), "the receipt");
  await h.until(async () => (await state()) === "delivered", "the item delivered");
  await screenshot(browser, "72-exchange-mailbox-delivered");

  // A conflict. A edits the account here after sending; B edits the account and the stage
  // in the version A sent, and sends it back through the mailbox.
  const edit = (dir, who, mutate) => {
    const doc = JSON.parse(cli(dir, who.name, [who.passphrase], "case", "export", theCase.id));
    mutate(doc.answers.answers);
    doc.updated_at = new Date().toISOString();
    const file = path.join(base, `${who.name}-edit.json`);
    writeFileSync(file, JSON.stringify(doc));
    cli(dir, who.name, [who.passphrase], "case", "import", file);
  };
  const text = (value) => ({ status: "answered", type: "text", value });
  edit(dirA, A, (a) => {
    a.narrative = text("An invented account, completed here by A.");
  });
  let theirStage = "";
  edit(dirB, B, (a) => {
    a.narrative = text("An invented account, rewritten by B.");
    theirStage = a.evacuation_stage?.value === "in_hiding" ? "at_risk_in_region" : "in_hiding";
    a.evacuation_stage = { status: "answered", type: "choice", value: theirStage };
  });
  cli(dirB, B.name, [B.passphrase], "send", theCase.id, "--to", A.name);
  const [back] = json(cli(dirB, B.name, [B.passphrase], "sync", "--json"));
  assert.equal(back.sent, 1, JSON.stringify(back));

  await h.click("mailbox-sync");
  await h.until(async () => /1 held/.test(await h.text("mailbox-sync-done")), "the update held");
  const heldList = await waitShown(browser, "held-list");
  const item = await heldList.$("li[data-testid^='held-']");
  const heldId = (await item.getAttribute("data-testid")).replace("held-", "");
  await waitShown(browser, `held-conflict-${heldId}`);
  assert.ok(!(await h.$(`held-accept-${heldId}`).isExisting()), "a conflict is not accepted whole");
  await h.click(`held-compare-${heldId}`);
  await waitShown(browser, "merge-rows");
  // the account changed on both sides keeps A's until chosen; the stage only B changed
  // starts on B's
  await waitShown(browser, "merge-both-narrative");
  assert.equal(await h.$("merge-keep-narrative").isSelected(), true);
  assert.equal(await h.$("merge-take-evacuation_stage").isSelected(), true);
  assert.match(await h.text("merge-row-narrative"), /completed here by A/);
  assert.match(await h.text("merge-row-narrative"), /rewritten by B/);
  await screenshot(browser, "73-exchange-merge");
  await h.click("merge-apply");
  await waitShown(browser, "held-decided");
  await waitShown(browser, "held-empty");
  const merged = JSON.parse(cli(dirA, A.name, [A.passphrase], "case", "export", theCase.id)).answers.answers;
  assert.equal(merged.narrative.value, "An invented account, completed here by A.");
  assert.equal(merged.evacuation_stage.value, theirStage);
  const decided = json(cli(dirA, A.name, [A.passphrase], "incoming", "list", "--json"));
  assert.ok(decided.some((i) => i.state === "imported" && i.reason === "merged"), JSON.stringify(decided));
});
