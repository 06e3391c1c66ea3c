/**
 * The redaction review's logic, without the screen: which spans are redacted under the
 * lawyer's decisions, which candidates still wait, where the manual phrases fall (the same
 * rule as the core: whole words, any case, `ё` as `е`), the export request and the default
 * file name. The core applies the decisions again on export; this only shows them.
 */
import type { AudienceDto, ExportFormatDto, ExportRequestDto, LegalReviewDto, SpanDto } from "../ipc/legal";
import type { Language } from "../ipc/backend";

/** The lawyer's decisions: span index → redact (true) or keep the original (false). */
export type Decisions = ReadonlyMap<number, boolean>;

/** The longest manual phrase the core accepts, in characters. */
export const MAX_PHRASE_CHARS = 200;

export function isCandidate(span: SpanDto): boolean {
  return span.candidate !== null;
}

/** Whether the span is redacted under `decisions`; null for an undecided candidate. */
export function redacted(span: SpanDto, index: number, decisions: Decisions): boolean | null {
  const d = decisions.get(index);
  if (d !== undefined) return d;
  return isCandidate(span) ? null : span.redactedByDefault;
}

/**
 * The group a candidate belongs to: the index of its group's first span (every form of one
 * unregistered name, every uncertain occurrence of one everyday-word name is one decision).
 * A replacement, or a candidate standing alone, is its own group.
 */
export function groupOf(span: SpanDto, index: number): number {
  return span.group ?? index;
}

/** The spans of the group led by `lead`, in document order. */
export function groupMembers(review: LegalReviewDto, lead: number): number[] {
  return review.spans.flatMap((s, i) => (isCandidate(s) && groupOf(s, i) === lead ? [i] : []));
}

/** The candidate groups, by their first span: one entry per decision the lawyer makes. */
export function candidateGroups(review: LegalReviewDto): number[] {
  return review.spans.flatMap((s, i) => (isCandidate(s) && groupOf(s, i) === i ? [i] : []));
}

/** `decisions` with `redact` given to every span of the group `index` belongs to. */
export function decideGroup(review: LegalReviewDto, decisions: Decisions, index: number, redact: boolean): Map<number, boolean> {
  const next = new Map(decisions);
  const span = review.spans[index];
  const members = span && isCandidate(span) ? groupMembers(review, groupOf(span, index)) : [index];
  for (const i of members.length > 0 ? members : [index]) next.set(i, redact);
  return next;
}

/** The candidate groups without a decision (by their first span). */
export function undecided(review: LegalReviewDto, decisions: Decisions): number[] {
  return candidateGroups(review).filter((lead) => !groupMembers(review, lead).some((i) => decisions.has(i)));
}

/** What the document shows at a span under the decision. */
export function spanText(span: SpanDto, redact: boolean | null, nameMarker: string): string {
  if (redact === null) return span.shown;
  if (redact) return span.redactedByDefault ? span.shown : nameMarker;
  return span.redactedByDefault ? span.original : span.shown;
}

const WORD = /[\p{L}\p{N}]/u;

function fold(c: string): string {
  const l = c.toLowerCase();
  return l === "ё" ? "е" : l;
}

/** Why a phrase cannot be added, or null if it can. */
export function phraseProblem(phrase: string): "empty" | "too_long" | null {
  const p = phrase.trim();
  if (p === "" || !WORD.test(p)) return "empty";
  if ([...p].length > MAX_PHRASE_CHARS) return "too_long";
  return null;
}

/**
 * Cuts `text` at the whole-word occurrences of `phrases` (the core's rule), marking the
 * pieces that a phrase removes.
 */
export function splitByPhrases(text: string, phrases: readonly string[]): { text: string; removed: boolean }[] {
  const chars = [...text];
  const folded = chars.map(fold);
  const needles = phrases.filter((p) => phraseProblem(p) === null).map((p) => [...p.trim()].map(fold));
  const out: { text: string; removed: boolean }[] = [];
  let plain = "";
  let i = 0;
  outer: while (i < chars.length) {
    for (const n of needles) {
      if (i + n.length > chars.length) continue;
      const startsWord = i === 0 || !WORD.test(chars[i - 1] ?? "");
      const next = chars[i + n.length];
      const endsWord = next === undefined || !WORD.test(next);
      if (startsWord && endsWord && n.every((c, k) => folded[i + k] === c)) {
        if (plain) out.push({ text: plain, removed: false });
        plain = "";
        out.push({ text: chars.slice(i, i + n.length).join(""), removed: true });
        i += n.length;
        continue outer;
      }
    }
    plain += chars[i];
    i += 1;
  }
  if (plain) out.push({ text: plain, removed: false });
  return out;
}

/** Occurrences of `phrase` across every value's plain text. */
export function phraseHits(review: LegalReviewDto, phrase: string): number {
  let n = 0;
  for (const segments of review.values) {
    for (const seg of segments) {
      if (seg.kind === "text") n += splitByPhrases(seg.text, [phrase]).filter((p) => p.removed).length;
    }
  }
  return n;
}

/** The request the backend exports from. */
export function exportRequest(
  caseId: string,
  review: LegalReviewDto,
  options: { audience: AudienceDto; host?: string | null; format: ExportFormatDto; language: Language; path: string },
  decisions: Decisions,
  phrases: readonly string[],
): ExportRequestDto {
  return {
    caseId,
    audience: options.audience,
    host: options.audience === "asylum" ? (options.host ?? null) : null,
    format: options.format,
    language: options.language,
    token: review.token,
    decisions: [...decisions].map(([span, redact]) => ({ span, redact })),
    phrases: [...phrases],
    path: options.path.trim(),
  };
}

/** `CODE-echr-2026-11-29.docx`: the export's file name (the output folder may add `-2`). */
export function defaultExportName(code: string, audience: AudienceDto, format: ExportFormatDto, today: Date): string {
  const day = today.toISOString().slice(0, 10);
  const safe = code.replace(/[^A-Za-z0-9_-]/g, "_");
  return `${safe}-${audience}-${day}.${format}`;
}

/** `FOLDER/CODE-echr-2026-11-29.docx`: a new name in the output folder. */
export function defaultExportPath(
  folder: string,
  code: string,
  audience: AudienceDto,
  format: ExportFormatDto,
  today: Date,
): string {
  const sep = folder.endsWith("/") ? "" : "/";
  return `${folder}${sep}${defaultExportName(code, audience, format, today)}`;
}
