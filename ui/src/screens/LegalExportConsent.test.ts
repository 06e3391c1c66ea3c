/**
 * *Legal export* as the case's consent allows it (the core's verdicts through the fake): the
 * case list and the board's case panel offer it only where a document is allowed, and
 * otherwise name the missing consent in a plain line, in English and Russian. Invented
 * cases only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

/** The first two cases: one allows nothing (documentation refused), one only the asylum letter's consent is missing. */
function vault() {
  const backend = boardVault(3);
  const [a, b, c] = [...backend.cases.values()];
  backend.consents.set(a!.summary.id, { echr: "documentation", public: "documentation", asylum: "documentation" });
  backend.consents.set(b!.summary.id, { echr: "legal_filing", public: "publication", asylum: "asylum_consent" });
  backend.consents.set(c!.summary.id, { echr: null, public: "publication", asylum: "asylum_consent" });
  return { backend, codes: [a!.summary.code, b!.summary.code, c!.summary.code] };
}

describe("legal export and consent", () => {
  it("replaces the button by a line naming the missing consent", async () => {
    const { backend, codes } = vault();
    const [none, asylumOnly, echr] = codes as [string, string, string];
    screen = new Screen(backend);
    const s = screen;
    await s.unlockAs(USERS.admin);
    await s.waitShown(`case-legal-${none}-none`);
    expect(s.text(`case-legal-${none}-none`)).toBe("No legal export: there is no consent from the survivor to documentation.");
    expect(s.has(`case-legal-${none}`)).toBe(false);
    expect(s.has(`case-legal-${none}-asylum`)).toBe(false);

    expect(s.text(`case-legal-${asylumOnly}-none`)).toBe(
      "No legal export: there is no consent from the survivor to a legal filing, publication and an asylum support letter.",
    );
    // the asylum letter's own consent is recorded in the review: the way there stays
    s.click(`case-legal-${asylumOnly}-asylum`);
    await s.waitShown("screen-review");
    expect(s.get<HTMLSelectElement>("review-audience").value).toBe("asylum");
    s.click("review-back");
    await s.waitShown("cases-table");

    // a case whose consent allows the ECHR application keeps the button
    expect(s.has(`case-legal-${echr}-none`)).toBe(false);
    expect(s.has(`case-legal-${echr}`)).toBe(true);
  });

  it("says it in Russian", async () => {
    const { backend, codes } = vault();
    backend.language = "ru";
    screen = new Screen(backend);
    const s = screen;
    await s.unlockAs(USERS.admin);
    await s.waitShown(`case-legal-${codes[0]}-none`);
    expect(s.text(`case-legal-${codes[0]}-none`)).toBe("Юридический экспорт недоступен: нет согласия пострадавшего на документирование.");
    expect(s.text(`case-legal-${codes[1]}-none`)).toContain("на подачу жалобы, публикацию и письмо в поддержку ходатайства об убежище");
  });

  it("is decided for the board's case panel too", async () => {
    const { backend, codes } = vault();
    screen = new Screen(backend);
    const s = screen;
    await s.unlockAs(USERS.admin);
    s.click("nav-board");
    await s.waitShown(`board-row-${codes[0]}`);
    s.click(`board-open-${codes[0]}`);
    await s.waitShown("panel-legal-none");
    expect(s.text("panel-legal-none")).toContain("documentation");
    expect(s.has("panel-legal")).toBe(false);
  });

  it("asks nothing for roles that may not prepare legal documents", async () => {
    const { backend } = vault();
    screen = new Screen(backend);
    await screen.unlockAs(USERS.caseworker);
    await screen.waitShown("cases-table");
    expect(backend.calls).not.toContain("export_consents");
  });
});
