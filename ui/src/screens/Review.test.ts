/**
 * The redaction review mounted in jsdom against the fake backend: decisions, manual
 * phrases, the export gate, consent refusals and the lock. Invented cases only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";
import type { FakeBackend } from "../test/fake-backend";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function openReview(user: string, backend: FakeBackend = boardVault()) {
  screen = new Screen(backend);
  const s = screen;
  await s.unlockAs(user);
  await s.waitShown("cases-table");
  const button = s.target.querySelector<HTMLElement>('[data-testid^="case-legal-"]');
  if (!button) throw new Error("no legal export button");
  const code = (button.dataset.testid ?? "").replace("case-legal-", "");
  button.click();
  await s.waitShown("screen-review");
  return { s, backend, code };
}

describe("legal review", () => {
  it("blocks the export until the candidate is decided, then sends every decision", async () => {
    const { s, backend, code } = await openReview(USERS.admin);
    await s.waitShown("review-summary");
    // a case on the built-in intake: the audience's own document
    expect(s.get("review-kind").dataset.kind).toBe("structured");
    expect(s.get("span-1").dataset.state).toBe("undecided");
    expect(s.has("export-blocked")).toBe(true);
    expect(s.get<HTMLButtonElement>("export-button").disabled).toBe(true);
    // the default path is a new file named after the case in the output folder
    await s.waitFor(() => s.get<HTMLInputElement>("export-path").value.endsWith(".docx"), "default path");
    expect(s.get<HTMLInputElement>("export-path").value).toContain(code);

    // reject the phone replacement: the original comes back in the preview
    expect(s.get("span-0").textContent).toBe("[phone removed]");
    s.click("span-0");
    expect(s.get("span-0").dataset.state).toBe("kept");
    expect(s.get("span-0").textContent).toBe("+7 900 000-11-22");

    // the unregistered name, written twice, is one candidate shown with its sentence
    expect(s.has("candidate-2")).toBe(false);
    expect(s.get("candidate-sentence-1").textContent).toBe("Bekkhan saw it.");
    expect(s.get("candidate-occurrences-1").textContent).toContain("2");
    // hiding it hides every occurrence
    s.click("candidate-hide-1");
    expect(s.get("candidate-1").dataset.state).toBe("redacted");
    expect(s.get("span-1").textContent).toBe("[name removed]");
    expect(s.get("span-2").textContent).toBe("[name removed]");
    expect(s.has("export-blocked")).toBe(false);

    // a manual phrase, shown struck through in the preview
    s.type("manual-phrase", "  ");
    s.click("manual-add");
    expect(s.has("manual-error")).toBe(true);
    s.type("manual-phrase", "argun");
    s.click("manual-add");
    await s.waitFor(() => s.has("manual-mark"), "manual mark");
    expect(s.get("manual-mark").textContent).toBe("Argun");

    s.click("export-button");
    await s.waitShown("export-done");
    expect(backend.exports).toHaveLength(1);
    const req = backend.exports[0]!;
    expect(req.token).toBe("fixture-token");
    expect(req.decisions).toEqual([
      { span: 0, redact: false },
      { span: 1, redact: true },
      { span: 2, redact: true },
    ]);
    expect(req.phrases).toEqual(["argun"]);
    expect(req.format).toBe("docx");
    // a second export the same day is offered the next free name, not refused
    await s.waitFor(() => s.get<HTMLInputElement>("export-path").value.endsWith("-2.docx"), "next free name");
    expect(s.get<HTMLInputElement>("export-path").value).toBe(req.path.replace(/\.docx$/, "-2.docx"));
  });

  it("says which document will be produced, and why a generic summary", async () => {
    const backend = boardVault();
    // a case on a form that does not use the intake vocabulary (invented paths and reasons)
    backend.review = {
      ...backend.review,
      generic_summary: true,
      vocabulary_gaps: [
        { path: "episodes", reason: "missing", found: null, expected: null, list: null, names: [] },
        { path: "narrative", reason: "wrong_type", found: "integer", expected: "text", list: null, names: [] },
      ],
    };
    const { s } = await openReview(USERS.admin, backend);
    await s.waitShown("review-kind");
    expect(s.get("review-kind").dataset.kind).toBe("generic_summary");
    expect(s.get("review-kind").textContent).toContain("generic case summary");
    const gaps = s.get("review-vocabulary-gaps").textContent ?? "";
    expect(gaps).toContain("episodes: not in the form");
    expect(gaps).toContain("narrative: type integer in the form; the document reads text");
  });

  it("names the missing consent instead of the text, with nothing to prepare again", async () => {
    const backend = boardVault();
    // legal filing given, publication refused (the core's verdicts)
    for (const id of backend.cases.keys()) backend.consents.set(id, { echr: null, public: "publication", asylum: "asylum_consent" });
    const { s } = await openReview(USERS.admin, backend);
    await s.waitShown("review-summary");
    // the refused document is marked in the list
    await s.waitFor(() => (s.get("review-audience").textContent ?? "").includes("(no consent)"), "marked option");
    s.select("review-audience", "public");
    await s.waitShown("review-consent-refusal");
    expect(s.text("review-consent-refusal")).toContain("no consent from the survivor to publication");
    expect(s.has("review-document")).toBe(false);
    expect(s.has("review-reload")).toBe(false);
    expect(s.has("review-error")).toBe(false);
  });

  it("opens on the first document the consent allows", async () => {
    const backend = boardVault();
    for (const id of backend.cases.keys()) backend.consents.set(id, { echr: "legal_filing", public: null, asylum: "asylum_consent" });
    const { s } = await openReview(USERS.admin, backend);
    await s.waitShown("review-summary");
    expect(s.get<HTMLSelectElement>("review-audience").value).toBe("public");
    expect(backend.reviews[0]?.audience).toBe("public");
  });

  it("keeps the decisions across leaving and a lock, in the vault, and gives them back", async () => {
    const { s, backend, code } = await openReview(USERS.admin);
    await s.waitShown("review-summary");
    expect(s.has("review-draft-restored")).toBe(false);
    s.click("span-0"); // keep the phone number
    s.click("candidate-hide-1");
    s.type("manual-phrase", "Later");
    s.click("manual-add");
    await s.waitShown("manual-item");
    // leaving the review keeps them
    s.click("review-back");
    await s.waitShown("cases-table");
    await s.waitFor(() => backend.drafts.size === 1, "draft kept");
    const kept = [...backend.drafts.values()][0]!;
    expect(kept.token).toBe("fixture-token");
    expect(kept.decisions).toEqual([
      { span: 0, redact: false },
      { span: 1, redact: true },
      { span: 2, redact: true },
    ]);
    expect(kept.phrases).toEqual(["Later"]);

    // back again: restored, and said so
    await s.waitShown(`case-legal-${code}`);
    s.click(`case-legal-${code}`);
    await s.waitShown("review-draft-restored");
    expect(s.get("span-0").dataset.state).toBe("kept");
    expect(s.get("candidate-1").dataset.state).toBe("redacted");
    expect(s.has("export-blocked")).toBe(false);
    expect(s.get("manual-item").textContent).toContain("Later");

    // a change, then the Lock button at once: kept before the vault locks
    s.click("span-0");
    expect(s.get("span-0").dataset.state).toBe("redacted");
    void s.app.lock("manual");
    await s.waitShown("screen-unlock");
    expect([...backend.drafts.values()][0]!.decisions[0]).toEqual({ span: 0, redact: true });
    const order = backend.calls.slice(backend.calls.lastIndexOf("save_review_draft"));
    expect(order).toContain("lock_vault");
    // nothing of it in the webview's storage
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);

    await s.unlockAs(USERS.admin);
    await s.waitShown(`case-legal-${code}`);
    s.click(`case-legal-${code}`);
    await s.waitShown("review-draft-restored");
    expect(s.get("span-0").dataset.state).toBe("redacted");

    // a stop key right after a change: the page blanks at once, the change is kept all the same
    s.click("span-0");
    void s.app.lock("panic");
    expect(s.has("screen-review")).toBe(false);
    await s.waitShown("screen-unlock");
    expect([...backend.drafts.values()][0]!.decisions[0]).toEqual({ span: 0, redact: false });
    await s.unlockAs(USERS.admin);
    await s.waitShown(`case-legal-${code}`);
    s.click(`case-legal-${code}`);
    await s.waitShown("review-draft-restored");
    expect(s.get("span-0").dataset.state).toBe("kept");

    // start over: forgotten here and in the vault
    s.click("review-start-over");
    await s.waitFor(() => backend.drafts.size === 0, "draft cleared");
    expect(s.get("span-1").dataset.state).toBe("undecided");
    expect(s.has("manual-item")).toBe(false);
  });

  it("drops kept decisions when the case changed, and says so", async () => {
    const backend = boardVault();
    const { s, code } = await openReview(USERS.admin, backend);
    await s.waitShown("review-summary");
    s.click("candidate-keep-1");
    s.click("review-back");
    await s.waitFor(() => backend.drafts.size === 1, "draft kept");
    // the case changed: the review's token is another one
    backend.review = { ...backend.review, token: "changed-token" };
    await s.waitShown(`case-legal-${code}`);
    s.click(`case-legal-${code}`);
    await s.waitShown("review-draft-dropped");
    expect(s.get("review-draft-dropped").dataset.reason).toBe("case_changed");
    expect(s.text("review-draft-dropped")).toContain("the case changed");
    expect(s.get("span-1").dataset.state).toBe("undecided");
    expect(backend.drafts.size).toBe(0);
  });

  it("shows a phrase's other forms before hiding them, and hides only the ticked ones", async () => {
    const { s, backend } = await openReview(USERS.admin);
    await s.waitShown("review-summary");
    s.type("manual-phrase", "Argun");
    s.click("manual-add");
    await s.waitShown("manual-forms");
    expect(backend.calls).toContain("phrase_forms");
    const offered = [0, 1, 2, 3, 4].map((i) => s.get(`manual-form-${i}`).dataset.form);
    expect(offered).toEqual(["Argun", "Arguna", "Argune", "Аргун", "Аргуна"]);
    // nothing is hidden before the lawyer says so
    expect(s.has("manual-item")).toBe(false);
    expect(s.text("manual-forms-hide")).toBe("Hide 5 forms");
    // untick one form: it stays
    s.click("manual-form-2");
    expect(s.text("manual-forms-hide")).toBe("Hide 4 forms");
    s.click("manual-forms-hide");
    await s.waitFor(() => !s.has("manual-forms"), "offer closed");
    const items = [...s.target.querySelectorAll('[data-testid="manual-item"]')].map((e) => e.querySelector("span")?.textContent);
    expect(items).toEqual(["Argun", "Arguna", "Аргун", "Аргуна"]);
    // cancel hides nothing
    s.type("manual-phrase", "Argun");
    s.click("manual-add");
    await s.waitShown("manual-forms");
    s.click("manual-forms-cancel");
    expect(s.has("manual-forms")).toBe(false);
    expect(s.target.querySelectorAll('[data-testid="manual-item"]').length).toBe(4);
  });

  it("drops the review on lock", async () => {
    const { s, backend } = await openReview(USERS.admin);
    await s.waitShown("review-summary");
    s.click("candidate-keep-1");
    backend.emitLocked("idle");
    await s.waitShown("screen-unlock");
    expect(s.has("screen-review")).toBe(false);
    expect(document.body.textContent).not.toContain("Bekkhan");
    expect(document.body.textContent).not.toContain("Argun");
  });

  it("is offered to lawyers and admins, not to caseworkers", async () => {
    screen = new Screen(boardVault());
    await screen.unlockAs(USERS.caseworker);
    await screen.waitShown("cases-table");
    expect(screen.target.querySelector('[data-testid^="case-legal-"]')).toBeNull();
  });

  it("the interviews list says when it shows only the most recent cases", async () => {
    screen = new Screen(boardVault(205));
    await screen.unlockAs(USERS.admin);
    await screen.waitShown("cases-table");
    expect(screen.has("cases-limited")).toBe(true);
    expect(screen.target.querySelectorAll('[data-testid^="case-row-"]')).toHaveLength(200);
  });
});
