/**
 * The part of the `Backend` for a case's asylum details and the survivor's consent to the
 * asylum support letter, and the small pure helpers the asylum panel uses. Dates travel as
 * ISO text of the precision known (`2024`, `2024-03`, `2024-03-14`; empty for none).
 */
import type { AsylumConsentDto } from "./bindings/AsylumConsentDto";
import type { AsylumDetailsDto } from "./bindings/AsylumDetailsDto";
import type { AsylumRiskDto } from "./bindings/AsylumRiskDto";
import type { ProcedureStageDto } from "./bindings/ProcedureStageDto";
import type { RiskKindDto } from "./bindings/RiskKindDto";

export type { AsylumConsentDto, AsylumDetailsDto, AsylumRiskDto, ProcedureStageDto, RiskKindDto };

export const PROCEDURE_STAGES: readonly ProcedureStageDto[] = [
  "registration",
  "interview_scheduled",
  "interviewed",
  "decision_pending",
  "refused",
  "appeal",
  "dublin_transfer",
  "granted",
];

export const RISK_KINDS: readonly RiskKindDto[] = ["summons", "wanted_list", "criminal_case", "threat_to_family", "other"];

export interface AsylumBackend {
  /** The case's asylum details, `null` when none are recorded. */
  asylumDetails(caseId: string): Promise<AsylumDetailsDto | null>;
  /** Replaces the details, keeping the consent held; returns them as stored. */
  setAsylumDetails(caseId: string, details: AsylumDetailsDto): Promise<AsylumDetailsDto>;
  /** Records the consent naming the authority (or its refusal: `given` false). */
  recordAsylumConsent(caseId: string, consent: AsylumConsentDto): Promise<AsylumDetailsDto>;
}

/** Empty details, for a case that has none yet. */
export function emptyAsylumDetails(): AsylumDetailsDto {
  return {
    host: "",
    authority: "",
    fileNumber: "",
    stage: null,
    risks: [],
    noRisks: false,
    signatoryName: "",
    signatoryRole: "",
    signatoryHowKnown: "",
    consent: null,
  };
}

/** True for empty or an ISO date of year, month or day precision that exists. */
export function validIsoDate(s: string): boolean {
  const t = s.trim();
  if (t === "") return true;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(t);
  if (!m) return false;
  const year = Number(m[1]);
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

/** True when `s` is two Latin letters (an ISO 3166-1 alpha-2 code). */
export function validHost(s: string): boolean {
  return /^[A-Za-z]{2}$/.test(s.trim());
}

/** Authority names compared as the core does: case, spacing and punctuation aside. */
export function sameAuthority(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  return norm(a) !== "" && norm(a) === norm(b);
}

/** Whether the held consent allows the letter to the details' authority and host. */
export function consentCovers(d: AsylumDetailsDto | null): boolean {
  const c = d?.consent;
  if (!d || !c || !c.given) return false;
  return c.host.toUpperCase() === d.host.toUpperCase() && sameAuthority(c.authority, d.authority);
}
