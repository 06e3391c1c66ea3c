/**
 * The board's closed sets in the order the UI lists them (filters, selects, the dashboard),
 * risk levels as marks, and the plain dates (YYYY-MM-DD) the board works with. Display only:
 * the sets themselves are generated from the core (`StatusDto`, `StageDto`, `RiskDto` in
 * ../ipc/bindings), and the rules are the core's — which statuses a case may move to comes
 * with each board row (`allowedNext`), what the person may do with their session
 * (`session.rights`). Nothing here decides either.
 *
 * Recipe — a new status, stage or risk level in the core: the lists below and the labels in
 * both catalogues then fail `npm run check` until they name it.
 */
import type { RiskDto } from "../ipc/bindings/RiskDto";
import type { StageDto } from "../ipc/bindings/StageDto";
import type { StatusDto } from "../ipc/bindings/StatusDto";
import type { Messages } from "../i18n";

/** Holds a list to every member of a union: `missing` is never only when none is left out. */
type Complete<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? L : { missing: Exclude<T, L[number]> };

export function everyOf<T>() {
  return <const L extends readonly T[]>(list: L & Complete<T, L>): L => list;
}

/** Workflow order, as the board's status filter lists them (the dashboard gets the core's order). */
export const STATUSES = everyOf<StatusDto>()([
  "intake_scheduled",
  "interview_in_progress",
  "interview_complete",
  "legal_review",
  "filing_prepared",
  "filed",
  "communicated",
  "decided",
  "closed",
]);

/** The one status whose move needs the filing details (body, number, date). */
export const FILED: StatusDto = "filed";

export const STAGES = everyOf<StageDto>()(["at_risk_in_region", "in_hiding", "in_transit", "in_shelter", "relocated"]);

/** Least to most urgent. */
export const RISKS = everyOf<RiskDto>()(["low", "medium", "high", "critical"]);

/** 1 (low) … 4 (critical), the marks drawn beside the label; 0 when not recorded. */
export function riskLevel(risk: RiskDto | null): number {
  return risk === null ? 0 : RISKS.indexOf(risk) + 1;
}

/** Whether `value` is a real calendar day written YYYY-MM-DD (2024-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Today on this computer's calendar, YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A workflow event's `detail`, read back into its parts. The core writes them as
 * `from → to` (status; `filed` adds ` (body, number, date)`), `from → to; next follow-up
 * D` (stage), `caseworker: X; lawyer: Y` (assignment; `—` for nobody) and `D` or `—` (due
 * date). Anything else stays as it came.
 */
export type EventDetail =
  | { kind: "status"; from: string; to: string; filing: string | null }
  | { kind: "stage"; from: string | null; to: string; followUp: string | null }
  | { kind: "assign"; caseworker: string | null; lawyer: string | null }
  | { kind: "due"; date: string | null }
  | { kind: "other"; text: string };

const NOBODY = "—";

export function parseEventDetail(kind: string, detail: string): EventDetail {
  const other: EventDetail = { kind: "other", text: detail };
  const orNull = (s: string) => (s === NOBODY || s === "" ? null : s);
  if (kind === "status") {
    const m = /^(\S+) → (\S+?)(?: \((.*)\))?$/.exec(detail);
    return m ? { kind: "status", from: m[1] ?? "", to: m[2] ?? "", filing: m[3] ?? null } : other;
  }
  if (kind === "stage") {
    const m = /^(\S+) → (\S+?)(?:; next follow-up (\d{4}-\d{2}-\d{2}))?$/.exec(detail);
    return m ? { kind: "stage", from: orNull(m[1] ?? ""), to: m[2] ?? "", followUp: m[3] ?? null } : other;
  }
  if (kind === "assign") {
    const m = /^caseworker: (.*); lawyer: (.*)$/.exec(detail);
    return m ? { kind: "assign", caseworker: orNull(m[1] ?? ""), lawyer: orNull(m[2] ?? "") } : other;
  }
  if (kind === "due") {
    if (detail === NOBODY) return { kind: "due", date: null };
    return isIsoDate(detail) ? { kind: "due", date: detail } : other;
  }
  return other;
}

/** The label of a status; a status this version does not know is never quoted. */
export function statusLabel(t: Messages, status: StatusDto | null): string {
  return status === null ? t.cases.statusUnknown : t.cases.statuses[status];
}

/** The label of an evacuation stage, or "not recorded". */
export function stageLabel(t: Messages, stage: StageDto | null): string {
  return stage === null ? t.cases.noStage : t.cases.stages[stage];
}

/** Whether a name read from text (a workflow event's detail) is a status this UI labels. */
export function isStatus(name: string): name is StatusDto {
  return (STATUSES as readonly string[]).includes(name);
}

/** Whether a name read from text (a workflow event's detail) is a stage this UI labels. */
export function isStage(name: string): name is StageDto {
  return (STAGES as readonly string[]).includes(name);
}
