/**
 * The asylum support letter on the Review screen, against the fake backend: the choice
 * beside ECHR/public, the asylum details panel, the consent naming the authority, the
 * refusal without it, the host sent with the review and the export. Invented cases only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";
import type { FakeBackend } from "../test/fake-backend";
import { consentCovers, validIsoDate } from "../ipc/asylum";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function openAsylum(user: string, backend: FakeBackend = boardVault()) {
  screen = new Screen(backend);
  const s = screen;
  await s.unlockAs(user);
  await s.waitShown("cases-table");
  const button = s.target.querySelector<HTMLElement>('[data-testid^="case-legal-"]');
  if (!button) throw new Error("no legal export button");
  button.click();
  await s.waitShown("screen-review");
  await s.waitShown("review-summary");
  s.select("review-audience", "asylum");
  await s.waitShown("asylum-panel");
  await s.waitShown("asylum-save");
  return { s, backend };
}

describe("asylum support letter", () => {
  it("asks for the host, saves the details, refuses without the consent naming the authority, then exports", async () => {
    const { s, backend } = await openAsylum(USERS.admin);
    // nothing recorded yet: no letter is asked for without a host State
    await s.waitShown("asylum-need-host");
    expect(backend.reviews.filter((r) => r.audience === "asylum")).toHaveLength(0);
    expect(s.text("asylum-consent-status")).toBe(s.app.t.asylum.consentNone);

    // a bad host and a bad date are refused in the panel with a clear message
    s.type("asylum-host", "D1");
    s.click("asylum-save");
    await s.waitShown("asylum-field-error");
    expect(s.text("asylum-field-error")).toBe(s.app.t.asylum.badHost);
    s.type("asylum-host", "de");
    s.type("asylum-authority", "Invented Federal Asylum Office");
    s.type("asylum-file-number", "INV-7781-2026");
    s.select("asylum-stage", "interviewed");
    s.click("asylum-add-risk");
    await s.waitShown("asylum-risk-0");
    s.select("asylum-risk-kind-0", "wanted_list");
    s.type("asylum-risk-date-0", "2024-3");
    s.type("asylum-risk-description-0", "Invented: placed on a regional wanted list.");
    s.click("asylum-save");
    await s.waitFor(() => s.text("asylum-field-error") === s.app.t.asylum.badDate, "date error");
    expect([...backend.asylum.values()]).toHaveLength(0);
    s.type("asylum-risk-date-0", "2024-03");
    s.click("asylum-save");
    await s.waitShown("asylum-saved");

    const stored = [...backend.asylum.values()][0]!;
    expect(stored.host).toBe("DE");
    expect(stored.fileNumber).toBe("INV-7781-2026");
    expect(stored.stage).toBe("interviewed");
    expect(stored.risks).toEqual([{ kind: "wanted_list", date: "2024-03", description: "Invented: placed on a regional wanted list." }]);

    // the letter is asked for with the host; no consent: refused, naming the authority
    await s.waitShown("asylum-consent-refusal");
    expect(backend.reviews.at(-1)).toEqual({ audience: "asylum", host: "DE" });
    expect(s.text("asylum-consent-refusal")).toContain("Invented Federal Asylum Office");
    expect(s.text("asylum-consent-refusal")).toContain("(DE)");
    expect(s.get("review-error").dataset.code).toBe("consent_missing");

    // the consent names the saved authority; the letter is prepared again
    s.type("asylum-consent-date", "2026-11-30");
    s.click("asylum-consent-give");
    await s.waitShown("review-summary");
    expect(s.has("asylum-consent-refusal")).toBe(false);
    expect(s.get("asylum-consent-status").dataset.covers).toBe("yes");
    expect(s.text("asylum-consent-status")).toContain(USERS.admin);
    expect([...backend.asylum.values()][0]!.consent).toMatchObject({ given: true, host: "DE", authority: "Invented Federal Asylum Office", date: "2026-11-30" });

    s.click("candidate-hide-1");
    await s.waitFor(() => s.get<HTMLInputElement>("export-path").value.includes("-asylum-"), "asylum file name");
    s.click("export-button");
    await s.waitShown("export-done");
    expect(backend.exports.at(-1)).toMatchObject({ audience: "asylum", host: "DE" });

    // withdrawn: the next export is refused with the consent message
    s.click("asylum-consent-withdraw");
    await s.waitShown("asylum-consent-refusal");
    expect(s.get("asylum-consent-status").dataset.covers).toBe("no");
  });

  it("says the refusal in Russian too", async () => {
    const backend = boardVault();
    const { s } = await openAsylum(USERS.admin, backend);
    s.type("asylum-host", "FR");
    s.type("asylum-authority", "Office inventé");
    s.click("asylum-save");
    await s.waitShown("asylum-consent-refusal");
    void s.app.setLanguage("ru");
    await s.waitFor(() => s.text("asylum-consent-refusal").startsWith("Согласие"), "Russian refusal");
    expect(s.text("asylum-consent-refusal")).toContain("Office inventé (FR)");
  });

  it("validates dates and compares consents as the core does", () => {
    for (const ok of ["", "2024", "2024-02", "2024-02-29"]) expect(validIsoDate(ok)).toBe(true);
    for (const bad of ["24", "2024-2", "2023-02-29", "2024-13", "01.02.2024"]) expect(validIsoDate(bad)).toBe(false);
    const d = {
      host: "DE",
      authority: "Invented Office (IO)",
      fileNumber: "",
      stage: null,
      risks: [],
      noRisks: false,
      signatoryName: "",
      signatoryRole: "",
      signatoryHowKnown: "",
      consent: { given: true, host: "de", authority: "invented office io", date: "", recordedBy: "x" },
    };
    expect(consentCovers(d)).toBe(true);
    expect(consentCovers({ ...d, consent: { ...d.consent, authority: "Another Office" } })).toBe(false);
    expect(consentCovers({ ...d, consent: { ...d.consent, given: false } })).toBe(false);
  });
});
