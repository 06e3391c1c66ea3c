/**
 * A hand-made legal review for unit tests: an invented survivor's text with one
 * replacement (a phone number) and one candidate group (an unregistered name, written twice:
 * one decision). Synthetic.
 */
import type { LegalReviewDto } from "../ipc/legal";

export const REVIEW_FIXTURE: LegalReviewDto = {
  generic_summary: false,
  draft: { kind: "none" },
  vocabulary_gaps: [],
  token: "fixture-token",
  blocks: [
    { kind: "heading", level: 1, header: [], rows: [[[{ kind: "text", text: "E. Statement of the facts (fields 58–60)" }]]] },
    {
      kind: "paragraph",
      level: 0,
      header: [],
      rows: [[[{ kind: "text", text: "The applicant's account: " }, { kind: "value", index: 0 }]]],
    },
  ],
  values: [
    [
      { kind: "text", text: "They called me on " },
      { kind: "span", index: 0 },
      { kind: "text", text: " and took me to Argun. " },
      { kind: "span", index: 1 },
      { kind: "text", text: " saw it. Later " },
      { kind: "span", index: 2 },
      { kind: "text", text: " left." },
    ],
  ],
  spans: [
    {
      value: 0,
      candidate: null,
      rule: "detector:phone:remove",
      entity: null,
      original: "+7 900 000-11-22",
      shown: "[phone removed]",
      redactedByDefault: true,
      group: null,
      sentence: "",
    },
    {
      value: 0,
      candidate: "unregistered_name",
      rule: "candidate",
      entity: null,
      original: "Bekkhan",
      shown: "Bekkhan",
      redactedByDefault: false,
      group: 1,
      sentence: "Bekkhan saw it.",
    },
    {
      value: 0,
      candidate: "unregistered_name",
      rule: "candidate",
      entity: null,
      original: "Bekkhan",
      shown: "Bekkhan",
      redactedByDefault: false,
      group: 1,
      sentence: "Later Bekkhan left.",
    },
  ],
  checks: [{ code: "deadline_close", en: "The deadline is close.", ru: "Срок скоро истекает." }],
};
