// The pattern report in the real window (issue 19): an admin opens Reports, sets k = 5,
// looks at the preview (small numbers shown as «x»), exports the DOCX, and the file read
// back holds the caveat and the tables and no case code or survivor name. The vault holds
// synthetic demo cases only; nobody in them is real.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { cli, freshVaultDir, screenshot, startApp, ui, UI_MS, unlockAs, waitShown } from "./helpers.mjs";

const ADMIN = { name: "admin", passphrase: "quiet orchard ledger maps seven granite owls" };

/** The visible text of a DOCX's main part. */
function docxText(file) {
  const xml = execFileSync(
    "python3",
    ["-c", "import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())", file],
    { encoding: "utf8" },
  );
  return xml.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

test("an admin sets k = 5, previews and exports the pattern report as DOCX", async (t) => {
  const base = freshVaultDir(t);
  const dir = path.join(base, "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "40", "--seed", "11");
  const cases = cli(dir, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const names = cases.map((c) => {
    const doc = JSON.parse(cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "export", c.id));
    return doc.answers.answers.name_latin?.value ?? "";
  });

  const browser = await startApp(t, dir);
  const { $, click } = ui(browser);
  await unlockAs(browser, ADMIN.name, ADMIN.passphrase, "screen-cases");
  await click("nav-reports");
  await waitShown(browser, "screen-reports");

  const k = await waitShown(browser, "reports-k");
  await k.setValue("5");
  await browser.waitUntil(async () => (await k.getValue()) === "5", { timeout: UI_MS });
  await click("reports-preview");
  await waitShown(browser, "reports-summary", 60_000);
  await waitShown(browser, "reports-table-site_by_method");
  const leftOut = await $("reports-left-out").getText();
  assert.match(leftOut, /0/, "the demo's cases all consent to statistics");
  // every number in the preview is a hidden marker, 0, or at least k
  const numbers = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="reports-table-"] td')].map((td) => td.textContent.trim()),
  );
  assert.ok(numbers.length > 0);
  for (const n of numbers) assert.ok(n === "x" || n === "0" || Number(n) >= 5, `published ${n}`);
  await screenshot(browser, "reports-preview");

  const out = path.join(base, "pattern-report.docx");
  const pathField = await waitShown(browser, "reports-path");
  await pathField.scrollIntoView({ block: "center" });
  await pathField.setValue(out);
  await browser.waitUntil(async () => (await pathField.getValue()) === out, { timeout: UI_MS });
  await click("reports-export-button");
  await waitShown(browser, "reports-export-done", 60_000);
  await screenshot(browser, "reports-exported");

  const text = docxText(out);
  assert.ok(text.includes("documented cases, not of prevalence"), "the caveat is printed");
  assert.ok(text.includes("Acts by detention site and method"), "the tables are there");
  for (const c of cases) assert.ok(!text.includes(c.code), `case code ${c.code} in the report`);
  for (const n of names) if (n) assert.ok(!text.includes(n), `survivor name ${n} in the report`);
});
