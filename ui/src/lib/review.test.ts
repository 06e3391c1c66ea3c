import { describe, expect, it } from "vitest";
import type { LegalReviewDto, SpanDto } from "../ipc/legal";
import {
  candidateGroups,
  decideGroup,
  defaultExportPath,
  exportRequest,
  phraseHits,
  phraseProblem,
  redacted,
  spanText,
  splitByPhrases,
  undecided,
} from "./review";

// Invented text; no real person.
const replacement: SpanDto = {
  value: 0,
  candidate: null,
  rule: "detector:phone:remove",
  entity: null,
  original: "+7 900 000-00-00",
  shown: "[phone removed]",
  redactedByDefault: true,
  group: null,
  sentence: "",
};
const kept: SpanDto = {
  value: 0,
  candidate: "unregistered_name",
  rule: "candidate",
  entity: null,
  original: "Bekkhan",
  shown: "Bekkhan",
  redactedByDefault: false,
  group: 1,
  sentence: "Bekkhan saw it.",
};
const review: LegalReviewDto = {
  generic_summary: false,
  draft: { kind: "none" },
  vocabulary_gaps: [],
  token: "t",
  blocks: [],
  values: [
    [
      { kind: "text", text: "Called " },
      { kind: "span", index: 0 },
      { kind: "text", text: " near Gudermes; gudermes again, Gudermesom not." },
      { kind: "span", index: 1 },
    ],
  ],
  spans: [replacement, kept],
  checks: [],
};

describe("review decisions", () => {
  it("lists undecided candidates only", () => {
    expect(undecided(review, new Map())).toEqual([1]);
    expect(undecided(review, new Map([[1, false]]))).toEqual([]);
  });

  it("reads a span's state from the decision or its default", () => {
    expect(redacted(replacement, 0, new Map())).toBe(true);
    expect(redacted(replacement, 0, new Map([[0, false]]))).toBe(false);
    expect(redacted(kept, 1, new Map())).toBeNull();
    expect(redacted(kept, 1, new Map([[1, true]]))).toBe(true);
  });

  it("shows the original of a rejected replacement and a marker for a redacted candidate", () => {
    expect(spanText(replacement, false, "[name removed]")).toBe("+7 900 000-00-00");
    expect(spanText(replacement, true, "[name removed]")).toBe("[phone removed]");
    expect(spanText(kept, true, "[name removed]")).toBe("[name removed]");
    expect(spanText(kept, false, "[name removed]")).toBe("Bekkhan");
    expect(spanText(kept, null, "[name removed]")).toBe("Bekkhan");
  });
});

describe("candidate groups", () => {
  // an unregistered name (invented) written three ways: one decision for all of them
  const form = (original: string, sentence: string): SpanDto => ({ ...kept, original, shown: original, group: 1, sentence });
  const grouped: LegalReviewDto = {
    ...review,
    spans: [replacement, form("Shamil Vagapov", "Shamil Vagapov saw it."), form("Vagapov", "Vagapov left."), form("Shamil", "Shamil came.")],
  };

  it("lists one entry per group and decides every span of it at once", () => {
    expect(candidateGroups(grouped)).toEqual([1]);
    expect(undecided(grouped, new Map())).toEqual([1]);
    const d = decideGroup(grouped, new Map(), 3, true);
    expect([...d]).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(undecided(grouped, d)).toEqual([]);
    expect(redacted(grouped.spans[2]!, 2, d)).toBe(true);
    // a replacement is its own group
    expect([...decideGroup(grouped, new Map(), 0, false)]).toEqual([[0, false]]);
  });
});

describe("manual phrases", () => {
  it("match whole words in any case, ё as е", () => {
    expect(splitByPhrases("Иса Исаев иса", ["ИСА"])).toEqual([
      { text: "Иса", removed: true },
      { text: " Исаев ", removed: false },
      { text: "иса", removed: true },
    ]);
    expect(splitByPhrases("Алёна и алена", ["алена"]).filter((p) => p.removed)).toHaveLength(2);
    expect(phraseHits(review, "Gudermes")).toBe(2);
  });

  it("refuse empty, punctuation-only and overlong phrases", () => {
    expect(phraseProblem("  ")).toBe("empty");
    expect(phraseProblem("...")).toBe("empty");
    expect(phraseProblem("x".repeat(201))).toBe("too_long");
    expect(phraseProblem(" Gudermes ")).toBeNull();
    expect(splitByPhrases("a ... b", ["..."])).toEqual([{ text: "a ... b", removed: false }]);
  });
});

describe("export request", () => {
  it("carries the token, the decisions, the phrases and a trimmed path", () => {
    const r = exportRequest(
      "c1",
      review,
      { audience: "echr", host: "DE", format: "docx", language: "ru", path: "  /home/x/Waystone/A.docx " },
      new Map([[1, true]]),
      ["Gudermes"],
    );
    expect(r).toEqual({
      caseId: "c1",
      audience: "echr",
      host: null, // the host goes only with the asylum letter
      format: "docx",
      language: "ru",
      token: "t",
      decisions: [{ span: 1, redact: true }],
      phrases: ["Gudermes"],
      path: "/home/x/Waystone/A.docx",
    });
  });

  it("sends the host State with the asylum letter", () => {
    const opts = { audience: "asylum" as const, host: "DE", format: "md" as const, language: "en" as const, path: "/x/a.md" };
    expect(exportRequest("c1", review, opts, new Map(), []).host).toBe("DE");
  });

  it("names the file after the case code, the audience and the day", () => {
    const d = new Date("2026-11-29T10:00:00Z");
    expect(defaultExportPath("/home/x/Waystone", "WS-7K3", "echr", "pdf", d)).toBe(
      "/home/x/Waystone/WS-7K3-echr-2026-11-29.pdf",
    );
    expect(defaultExportPath("/h/", "a/b", "public", "md", d)).toBe("/h/a_b-public-2026-11-29.md");
  });
});
