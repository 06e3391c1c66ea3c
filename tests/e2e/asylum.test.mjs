// The asylum support letter in the real window (issue 19): a lawyer opens a case, chooses
// "Asylum support letter" on the Review screen, fills the asylum details; without the
// survivor's consent the letter is refused with the consent message naming the authority;
// the consent recorded, the letter is prepared and exported as DOCX, read back, and holds
// the authority and the file number. The consent then withdrawn (through the CLI), the
// export is refused with the same message. Synthetic demo case, INVENTED authority and file
// number; nobody in it is real.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { cli, freshVaultDir, screenshot, startApp, ui, UI_MS, unlockAs, waitShown } from "./helpers.mjs";

const ADMIN = { name: "admin", passphrase: "quiet orchard ledger maps seven granite owls" };
const LAWYER = { name: "lawyer", passphrase: "velvet harbour counts nine brass lanterns" };
const AUTHORITY = "Invented Federal Office for Asylum";
const FILE_NUMBER = "INV-4417-2026";

/** A vault with an admin and a lawyer, and one demo case assigned to the lawyer. */
function fixture(t) {
  const base = freshVaultDir(t);
  const dir = path.join(base, "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dir, ADMIN.name, [ADMIN.passphrase, LAWYER.passphrase], "user", "add", LAWYER.name, "--role", "lawyer");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "1", "--seed", "7");
  const [c] = cli(dir, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const doc = JSON.parse(cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "export", c.id));
  const a = doc.answers.answers;
  a.consent_documentation = { status: "answered", type: "yes_no", value: true };
  a.consent_legal = { status: "answered", type: "yes_no", value: true };
  const file = path.join(base, "case.json");
  writeFileSync(file, JSON.stringify(doc));
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "import", file);
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "assign", c.id, "--lawyer", LAWYER.name);
  return { base, dir, id: c.id, code: c.code };
}

/** The visible text of a DOCX's main part. */
function docxText(file) {
  const xml = execFileSync(
    "python3",
    ["-c", "import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())", file],
    { encoding: "utf8" },
  );
  return xml.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

test("a lawyer fills the asylum details, is refused without the consent, records it and exports the letter", async (t) => {
  const { base, dir, id, code } = fixture(t);
  const browser = await startApp(t, dir);
  const { $, click, type, choose } = ui(browser);

  await unlockAs(browser, LAWYER.name, LAWYER.passphrase, "screen-cases");
  await click(`case-legal-${code}`);
  await waitShown(browser, "screen-review");
  await choose("review-language", "en");
  await choose("review-audience", "asylum");
  await waitShown(browser, "asylum-save");
  await waitShown(browser, "asylum-need-host");

  await type("asylum-host", "de");
  await type("asylum-authority", AUTHORITY);
  await type("asylum-file-number", FILE_NUMBER);
  await choose("asylum-stage", "interviewed");
  await click("asylum-no-risks");
  await type("asylum-signatory-name", "Invented Signatory");
  await click("asylum-save");
  await waitShown(browser, "asylum-saved");

  // no consent: the letter is refused, and the refusal names the authority
  const refusal = await waitShown(browser, "asylum-consent-refusal", 60_000);
  const said = await refusal.getText();
  assert.ok(said.includes(AUTHORITY) && said.includes("(DE)"), `the refusal names the authority: ${said}`);
  assert.equal(await $("review-error").getAttribute("data-code"), "consent_missing");
  await screenshot(browser, "asylum-refused");

  await type("asylum-consent-date", "2026-11-30");
  await click("asylum-consent-give");
  await waitShown(browser, "review-summary", 60_000);
  assert.equal(await $("asylum-consent-status").getAttribute("data-covers"), "yes");
  assert.equal(await $("asylum-consent-refusal").isExisting(), false);

  // decide every candidate (hide), then export DOCX
  const candidates = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="candidate-hide-"]')].map((el) => el.getAttribute("data-testid")),
  );
  for (const c of candidates) await click(c);
  await browser.waitUntil(async () => !(await $("export-blocked").isExisting()), {
    timeout: UI_MS,
    timeoutMsg: "deciding every candidate did not unblock the export",
  });
  const out = path.join(base, `${code}-asylum.docx`);
  await type("export-path", out);
  await click("export-button");
  await waitShown(browser, "export-done", 60_000);
  await screenshot(browser, "asylum-exported");
  const text = docxText(out);
  assert.ok(text.includes(AUTHORITY), "the letter is addressed to the authority");
  assert.ok(text.includes(FILE_NUMBER), "the letter gives the file number");

  // the consent withdrawn meanwhile: the next export is refused with the consent message
  cli(dir, ADMIN.name, [ADMIN.passphrase], "asylum", "consent", id, "--host", "DE", "--authority", AUTHORITY, "--refused");
  await type("export-path", path.join(base, `${code}-asylum-2.docx`));
  await click("export-button");
  await waitShown(browser, "export-error", 60_000);
  assert.equal(await $("export-error").getAttribute("data-code"), "consent_missing");
  assert.ok((await $("asylum-consent-refusal").getText()).includes(AUTHORITY));
});
