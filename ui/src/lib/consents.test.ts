import { describe, expect, it } from "vitest";
import type { ExportConsentsDto } from "../ipc/legal";
import { asylumConsentRecordable, firstAllowed, missingConsents, missingFor } from "./consents";

const c = (echr: ExportConsentsDto["echr"], pub: ExportConsentsDto["public"], asylum: ExportConsentsDto["asylum"]): ExportConsentsDto => ({
  caseId: "c1",
  echr,
  public: pub,
  asylum,
});

describe("consent verdicts", () => {
  it("opens the review on the first document allowed", () => {
    expect(firstAllowed(c(null, null, null))).toBe("echr");
    expect(firstAllowed(c("legal_filing", null, "asylum_consent"))).toBe("public");
    expect(firstAllowed(c("legal_filing", "publication", null))).toBe("asylum");
    expect(firstAllowed(c("legal_filing", "publication", "asylum_consent"))).toBeNull();
  });

  it("names each missing consent once, documentation alone when it is missing", () => {
    expect(missingConsents(c("legal_filing", "publication", "asylum_consent"))).toEqual([
      "legal_filing",
      "publication",
      "asylum_consent",
    ]);
    expect(missingConsents(c("documentation", "documentation", "documentation"))).toEqual(["documentation"]);
    expect(missingConsents(c(null, "publication", "asylum_authority"))).toEqual(["publication", "asylum_authority"]);
    expect(missingConsents(c(null, null, null))).toEqual([]);
  });

  it("keeps the asylum consent recordable only when documentation was given", () => {
    expect(asylumConsentRecordable(c("legal_filing", "publication", "asylum_consent"))).toBe(true);
    expect(asylumConsentRecordable(c("legal_filing", "publication", "asylum_authority"))).toBe(true);
    expect(asylumConsentRecordable(c("documentation", "documentation", "documentation"))).toBe(false);
    expect(missingFor(c(null, "publication", null), "public")).toBe("publication");
  });
});
