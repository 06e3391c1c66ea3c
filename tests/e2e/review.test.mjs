// The redaction review and legal export in the real window (issue 6): a lawyer opens a
// case, rejects one proposed redaction (a phone number), decides the candidates, adds a
// manual one, and exports DOCX; the file, read back (word/document.xml), reflects both
// choices. The case is a synthetic demo case whose narrative is replaced with an INVENTED
// text through the CLI; nobody in it is real.
// Then (issue 18, the lawyer's desk) in English and Russian: the case list names the missing
// consent instead of offering a legal export; "Hide a word or phrase" shows the phrase's other
// forms before hiding them; the decisions are kept across a lock (the stop keys, from the
// review) and given back.
// Then (issue 20) a case on an imported form that does not use the intake vocabulary
// (tests/e2e/fixtures/invented-checkin.xlsx): the Review screen says a generic case summary
// will be produced and names what the form lacks, in English and Russian, and the exported
// DOCX opens with that reason and gives every question with its answer or gap.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  cli,
  freshVaultDir,
  REPO_ROOT,
  screenshot,
  startApp,
  ui,
  UI_MS,
  unlockAs,
  waitShown,
} from "./helpers.mjs";

const ADMIN = { name: "admin", passphrase: "quiet orchard ledger maps seven granite owls" };
const LAWYER = { name: "lawyer", passphrase: "velvet harbour counts nine brass lanterns" };

const NARRATIVE =
  "[Синтетический рассказ для теста: все лица вымышлены.] Меня задержали у ворот, где росла роза. " +
  "Шамиль Вагапов видел это. Потом в подвал пришёл Бекхан. Мне звонили на +7 928 555-01-02. " +
  "Меня держали в Гудермесе три дня.";

/** A vault with an admin and a lawyer, and one demo case assigned to the lawyer. */
function fixture(t) {
  const base = freshVaultDir(t);
  const dir = path.join(base, "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dir, ADMIN.name, [ADMIN.passphrase, LAWYER.passphrase], "user", "add", LAWYER.name, "--role", "lawyer");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "1", "--seed", "5");
  const [c] = cli(dir, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const doc = JSON.parse(cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "export", c.id));
  const a = doc.answers.answers;
  a.narrative = { status: "answered", type: "text", value: NARRATIVE };
  a.narrative_language = { status: "answered", type: "choice", value: "ru" };
  a.consent_documentation = { status: "answered", type: "yes_no", value: true };
  a.consent_legal = { status: "answered", type: "yes_no", value: true };
  const file = path.join(base, "case.json");
  writeFileSync(file, JSON.stringify(doc));
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "import", file);
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "assign", c.id, "--lawyer", LAWYER.name);
  return { base, dir, code: c.code };
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

test("a lawyer rejects a redaction, adds one, decides the candidates and exports DOCX", async (t) => {
  const { base, dir, code } = fixture(t);
  const browser = await startApp(t, dir);
  const { $, click } = ui(browser);

  await unlockAs(browser, LAWYER.name, LAWYER.passphrase, "screen-cases");
  await click(`case-legal-${code}`);
  await waitShown(browser, "screen-review");
  await waitShown(browser, "review-summary", 60_000);

  // Undecided candidates block the export.
  await waitShown(browser, "export-blocked");
  assert.equal(await $("export-button").isEnabled(), false);

  // Every span in the document, by its text.
  const spans = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="span-"]')].map((el) => ({
      id: el.getAttribute("data-testid"),
      text: el.textContent,
      state: el.getAttribute("data-state"),
    })),
  );
  const phone = spans.find((s) => s.text === "[телефон удалён]");
  assert.ok(phone, `the phone number is proposed for redaction: ${JSON.stringify(spans.map((s) => s.text))}`);
  await click(phone.id);
  await browser.waitUntil(async () => (await $(phone.id).getAttribute("data-state")) === "kept", {
    timeout: UI_MS,
    timeoutMsg: "the rejected replacement did not show the original",
  });
  assert.equal(await $(phone.id).getText(), "+7 928 555-01-02");

  // The candidates: hide the unregistered name, keep anything else (e.g. «роза» the flower).
  const candidates = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="candidate-"]')]
      .filter((el) => /^candidate-\d+$/.test(el.getAttribute("data-testid") ?? ""))
      .map((el) => ({ id: el.getAttribute("data-testid"), text: el.querySelector("strong")?.textContent ?? "" })),
  );
  const bekkhan = candidates.find((c) => c.text === "Бекхан");
  assert.ok(bekkhan, `an unregistered name is a candidate: ${JSON.stringify(candidates)}`);
  for (const c of candidates) {
    const n = c.id.replace("candidate-", "");
    await click(c === bekkhan ? `candidate-hide-${n}` : `candidate-keep-${n}`);
  }
  await browser.waitUntil(async () => !(await $("export-blocked").isExisting()), {
    timeout: UI_MS,
    timeoutMsg: "deciding every candidate did not unblock the export",
  });

  // A manual redaction: its other forms are shown first, and hidden with it.
  await (await waitShown(browser, "manual-phrase")).setValue("Гудермесе");
  await click("manual-add");
  await waitShown(browser, "manual-forms");
  await click("manual-forms-hide");
  await waitShown(browser, "manual-mark");
  await screenshot(browser, "review-decided");

  const out = path.join(base, `${code}-echr.docx`);
  const pathField = await waitShown(browser, "export-path");
  await pathField.scrollIntoView({ block: "center" });
  await pathField.setValue(out);
  await browser.waitUntil(async () => (await pathField.getValue()) === out, { timeout: UI_MS });
  await click("export-button");
  await waitShown(browser, "export-done", 60_000);
  await screenshot(browser, "review-exported");

  const text = docxText(out);
  assert.ok(text.includes("+7 928 555-01-02"), "the rejected redaction: the phone number stands");
  assert.ok(!text.includes("Гудермесе"), "the manual redaction removed the place");
  assert.ok(text.includes("держали в [удалено]"), "the manual redaction left its marker");
  assert.ok(!text.includes("Бекхан") && text.includes("[имя удалено]"), "the candidate decided as hidden");
  assert.ok(text.includes("росла роза"), "the candidate kept as a word");
  // the third party is protected (the applicant's own name stays in section A of an ECHR
  // application, which the Court keeps confidential under Rule 47 § 4)
  assert.ok(!text.includes("Шамиль"), "protected names are gone");
  assert.ok(readFileSync(out).length > 1000);
});

test("a case on an unrelated imported form: the review says why, and the generic summary is exported", async (t) => {
  const base = freshVaultDir(t);
  const dir = path.join(base, "vault");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "init");
  cli(dir, ADMIN.name, [ADMIN.passphrase, LAWYER.passphrase], "user", "add", LAWYER.name, "--role", "lawyer");
  cli(dir, ADMIN.name, [ADMIN.passphrase], "form", "import", path.join(REPO_ROOT, "tests", "e2e", "fixtures", "invented-checkin.xlsx"));
  // an invented case on it, through the interchange format
  const now = new Date().toISOString();
  const id = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
  const code = "WS-TEST-CHK1";
  const doc = {
    format: "waystone-case",
    version: 1,
    id,
    code,
    form: { id: "invented_checkin", version: 1 },
    status: "interview_complete",
    created_at: now,
    created_by: ADMIN.name,
    updated_at: now,
    updated_by: ADMIN.name,
    answers: {
      answers: {
        consent_documentation: { status: "answered", type: "yes_no", value: true },
        consent_legal: { status: "answered", type: "yes_no", value: true },
        shelter_needs: { status: "answered", type: "text", value: "A quiet room near a clinic (invented)" },
        "moves[0].city": { status: "answered", type: "text", value: "Invented Town" },
      },
      repeats: { moves: 1 },
    },
    attachments: [],
  };
  const file = path.join(base, "case.json");
  writeFileSync(file, JSON.stringify(doc));
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "import", file);
  cli(dir, ADMIN.name, [ADMIN.passphrase], "case", "assign", id, "--lawyer", LAWYER.name);

  const browser = await startApp(t, dir);
  const { $, click, text } = ui(browser);
  await unlockAs(browser, LAWYER.name, LAWYER.passphrase, "screen-cases");
  await click("lang-en");
  await click(`case-legal-${code}`);
  await waitShown(browser, "screen-review");
  await waitShown(browser, "review-summary", 60_000);

  // which document, and why
  const kind = await waitShown(browser, "review-kind");
  assert.equal(await kind.getAttribute("data-kind"), "generic_summary");
  assert.match(await kind.getText(), /generic case summary/);
  const gaps = await text("review-vocabulary-gaps");
  for (const p of ["episodes: not in the form", "episodes.apprehension_date: not in the form", "narrative: not in the form"]) {
    assert.ok(gaps.includes(p), `${p} in ${gaps}`);
  }
  // the preview is the summary: the reason first, then the form's questions and answers
  const preview = await text("review-document");
  assert.match(preview, /does not use the intake vocabulary/);
  assert.match(preview, /Doctor seen: \[not recorded — ask\]/);
  await screenshot(browser, "64-review-generic-summary");

  // the same in Russian
  await click("lang-ru");
  await browser.waitUntil(async () => /общая сводка по делу/.test(await $("review-kind").getText()), {
    timeout: UI_MS,
    timeoutMsg: "the kind did not switch to Russian",
  });
  assert.match(await text("review-vocabulary-gaps"), /narrative: нет в анкете/);
  await screenshot(browser, "65-review-generic-summary-ru");
  await click("lang-en");
  await waitShown(browser, "review-kind");

  // decide whatever the engine is unsure of (keep), then export
  await waitShown(browser, "review-summary", 60_000);
  const candidates = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="candidate-"]')]
      .map((el) => el.getAttribute("data-testid") ?? "")
      .filter((id) => /^candidate-\d+$/.test(id)),
  );
  for (const c of candidates) await click(`candidate-keep-${c.replace("candidate-", "")}`);
  const out = path.join(base, `${code}-summary.docx`);
  const pathField = await waitShown(browser, "export-path");
  await pathField.scrollIntoView({ block: "center" });
  await pathField.setValue(out);
  await browser.waitUntil(async () => (await pathField.getValue()) === out, { timeout: UI_MS });
  await click("export-button");
  await waitShown(browser, "export-done", 60_000);

  const docx = docxText(out);
  const reason = docx.indexOf("does not use the intake vocabulary");
  assert.ok(reason >= 0, "the reason is stated");
  assert.ok(docx.includes("episodes (not in the form)"), "what is missing is named");
  const order = [
    "Agrees to documentation: yes",
    "Agrees to a legal filing: yes",
    "Shelter needs: A quiet room near a clinic (invented)",
    "Doctor seen: [not recorded — ask]",
    "Move 1",
    "City: Invented Town",
  ];
  let at = reason;
  for (const line of order) {
    const i = docx.indexOf(line, at);
    assert.ok(i > at, `${line} after the reason, in order`);
    at = i;
  }
});

/** The fixture's case, plus a second demo case whose survivor refused documentation. */
function consentFixture(t) {
  const f = fixture(t);
  cli(f.dir, ADMIN.name, [ADMIN.passphrase], "demo", "--cases", "1", "--seed", "6");
  const other = cli(f.dir, ADMIN.name, [ADMIN.passphrase], "--json", "case", "list")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .find((c) => c.code !== f.code);
  const doc = JSON.parse(cli(f.dir, ADMIN.name, [ADMIN.passphrase], "case", "export", other.id));
  doc.answers.answers.consent_documentation = { status: "answered", type: "yes_no", value: false };
  const file = path.join(f.base, "refused.json");
  writeFileSync(file, JSON.stringify(doc));
  cli(f.dir, ADMIN.name, [ADMIN.passphrase], "case", "import", file);
  cli(f.dir, ADMIN.name, [ADMIN.passphrase], "case", "assign", other.id, "--lawyer", LAWYER.name);
  return { ...f, refused: other.code };
}

for (const lang of ["en", "ru"]) {
  // English in the default window, Russian in the smallest the window allows (800×600)
  test(`the lawyer's desk (${lang}): the consent line, a phrase's forms, decisions kept across a lock`, async (t) => {
    const { dir, code, refused } = consentFixture(t);
    const browser = await startApp(t, dir);
    const { $, click, text, type, until } = ui(browser);
    await unlockAs(browser, LAWYER.name, LAWYER.passphrase, "screen-cases");
    if (lang === "ru") {
      await browser.setWindowSize(800, 600);
      await until(async () => (await browser.execute(() => window.innerWidth)) <= 800, "the window at 800×600");
    }
    await click(`lang-${lang}`);

    // no document allowed: a plain line naming the consent, no button
    const line = await text(`case-legal-${refused}-none`);
    assert.equal(
      line,
      lang === "en"
        ? "No legal export: there is no consent from the survivor to documentation."
        : "Юридический экспорт недоступен: нет согласия пострадавшего на документирование.",
    );
    assert.equal(await $(`case-legal-${refused}`).isExisting(), false);
    assert.equal(await $(`case-legal-${code}`).isExisting(), true);
    await screenshot(browser, `90-cases-consent-line-${lang}`);

    await click(`case-legal-${code}`);
    await waitShown(browser, "review-summary", 60_000);
    assert.equal(await $("review-draft-restored").isExisting(), false);

    // a decision: keep the phone number
    const phone = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="span-"]')].find((el) => el.textContent === "[телефон удалён]")?.getAttribute("data-testid"),
    );
    assert.ok(phone, "the phone number is proposed for redaction");
    await click(phone);
    await until(async () => (await $(phone).getAttribute("data-state")) === "kept", "keeping the phone number");

    // a phrase: its other forms are listed (ticked) before anything is hidden
    await type("manual-phrase", "Гудермес");
    await click("manual-add");
    await waitShown(browser, "manual-forms");
    const forms = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="manual-form-"]')].map((el) => el.getAttribute("data-form")),
    );
    for (const f of ["Гудермес", "Гудермеса", "Гудермесе", "Gudermes"]) {
      assert.ok(forms.includes(f), `${f} offered: ${JSON.stringify(forms)}`);
    }
    assert.equal(await $("manual-item").isExisting(), false, "nothing hidden before the lawyer says so");
    await $("manual-forms").scrollIntoView({ block: "start" });
    await screenshot(browser, `91-review-phrase-forms-${lang}`);
    // untick the Latin spelling, hide the rest
    const latin = forms.indexOf("Gudermes");
    await click(`manual-form-${latin}`);
    await click("manual-forms-hide");
    await waitShown(browser, "manual-mark");
    assert.match(await text("review-document"), /держали в Гудермесе/, "the preview marks it");
    const hidden = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="manual-item"] span:first-child')].map((el) => el.textContent),
    );
    assert.ok(hidden.includes("Гудермесе") && !hidden.includes("Gudermes"), JSON.stringify(hidden));

    // the stop keys from the review (Ctrl+Shift+L locks at once), then back: the decisions
    // are there, and it says so
    await browser.keys(["Control", "Shift", "l"]);
    await unlockAs(browser, LAWYER.name, LAWYER.passphrase, "screen-cases");
    await click(`case-legal-${code}`);
    await waitShown(browser, "review-draft-restored", 60_000);
    assert.match(
      await text("review-draft-restored"),
      lang === "en" ? /earlier decisions on this document are back/ : /прежние решения по этому документу восстановлены/,
    );
    assert.equal(await $(phone).getAttribute("data-state"), "kept");
    const after = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="manual-item"] span:first-child')].map((el) => el.textContent),
    );
    assert.deepEqual(after, hidden);
    await screenshot(browser, `92-review-decisions-restored-${lang}`);
  });
}
