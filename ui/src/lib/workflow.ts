/**
 * The case workflow as the board shows it: statuses and the moves allowed between them,
 * evacuation stages, risk levels, and the plain dates (YYYY-MM-DD) the board works with.
 *
 * The transition table mirrors the core's `Status::allowed_next` (src/board/mod.rs); the
 * backend checks every move again and refuses any other with `invalid`, so this table only
 * decides which choices the status select offers. Recipe — a new status: add it here and in
 * the core, with its label in both catalogues (`cases.statuses`).
 */

export const STATUSES = [
  "intake_scheduled",
  "interview_in_progress",
  "interview_complete",
  "legal_review",
  "filing_prepared",
  "filed",
  "communicated",
  "decided",
  "closed",
] as const;
export type Status = (typeof STATUSES)[number];

const ALLOWED_NEXT: Record<Status, readonly Status[]> = {
  intake_scheduled: ["interview_in_progress", "closed"],
  interview_in_progress: ["interview_complete", "closed"],
  interview_complete: ["legal_review", "interview_in_progress", "closed"],
  legal_review: ["filing_prepared", "interview_in_progress", "closed"],
  filing_prepared: ["filed", "legal_review", "closed"],
  filed: ["communicated", "decided", "closed"],
  communicated: ["decided", "closed"],
  decided: ["closed"],
  closed: ["interview_in_progress"],
};

/** The statuses a case in `status` may move to (none for a status this UI does not know). */
export function allowedMoves(status: string): readonly Status[] {
  return (STATUSES as readonly string[]).includes(status) ? ALLOWED_NEXT[status as Status] : [];
}

/** The one move that needs the filing details (body, number, date). */
export const FILED: Status = "filed";

export const STAGES = ["at_risk_in_region", "in_hiding", "in_transit", "in_shelter", "relocated"] as const;
export type Stage = (typeof STAGES)[number];

/** Least to most urgent. */
export const RISKS = ["low", "medium", "high", "critical"] as const;
export type Risk = (typeof RISKS)[number];

/** 1 (low) … 4 (critical); 0 when not recorded or unknown. */
export function riskLevel(risk: string | null): number {
  return risk === null ? 0 : (RISKS as readonly string[]).indexOf(risk) + 1;
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
