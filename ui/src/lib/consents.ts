/**
 * What the core's consent verdicts (`export_consents`) mean for the screens: whether a case
 * offers *Legal export* at all, which document the review opens on, and which consents to
 * name where none is allowed. The verdicts are the core's (the same gates the review
 * applies); nothing here decides consent.
 */
import type { AudienceDto, ConsentMissingDto, ExportConsentsDto } from "../ipc/legal";

/** The documents in the order the review offers them. */
export const AUDIENCES: readonly AudienceDto[] = ["echr", "public", "asylum"];

/** The consent `audience` lacks, or null when the case's consent allows it. */
export function missingFor(c: ExportConsentsDto, audience: AudienceDto): ConsentMissingDto | null {
  return c[audience];
}

/** The first document the consent allows, or null when it allows none. */
export function firstAllowed(c: ExportConsentsDto): AudienceDto | null {
  return AUDIENCES.find((a) => c[a] === null) ?? null;
}

/**
 * The consents to name where no document is allowed, each once, in the documents' order
 * (documentation alone when it is the one missing: it forbids everything).
 */
export function missingConsents(c: ExportConsentsDto): ConsentMissingDto[] {
  const all = AUDIENCES.map((a) => c[a]).filter((m): m is ConsentMissingDto => m !== null);
  if (all.includes("documentation")) return ["documentation"];
  return [...new Set(all)];
}

/**
 * Whether the asylum letter's own consent is what is missing (documentation was given): it
 * is recorded in the review's asylum panel, so the review stays reachable for that.
 */
export function asylumConsentRecordable(c: ExportConsentsDto): boolean {
  return c.asylum === "asylum_consent" || c.asylum === "asylum_authority";
}
