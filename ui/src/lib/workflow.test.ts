import { describe, expect, it } from "vitest";
import {
  everyOf,
  isIsoDate,
  isStage,
  isStatus,
  parseEventDetail,
  RISKS,
  riskLevel,
  STAGES,
  stageLabel,
  STATUSES,
  statusLabel,
  todayIso,
  type EventDetail,
} from "./workflow";
import type { StatusDto } from "../ipc/bindings/StatusDto";
import { en } from "../i18n/en";

describe("the closed sets' display order", () => {
  // The transitions are the core's (each board row's `allowedNext`, tested in Rust:
  // board::tests::next_statuses_follow_the_table_and_the_rights); only the order is here.
  it("lists every generated member once", () => {
    for (const list of [STATUSES, STAGES, RISKS] as const) expect(new Set(list).size).toBe(list.length);
    expect(STATUSES[0]).toBe("intake_scheduled");
    expect(STATUSES.at(-1)).toBe("closed");
  });

  it("refuses, at compile time, a list that leaves a member out", () => {
    // @ts-expect-error "closed" and the others are missing
    const partial = everyOf<StatusDto>()(["intake_scheduled"]);
    expect(partial).toEqual(["intake_scheduled"]);
    // @ts-expect-error not a status at all
    everyOf<StatusDto>()([...STATUSES, "archived"]);
  });

  it("labels a known status and never quotes an unknown one", () => {
    expect(statusLabel(en, "legal_review")).toBe("Legal review");
    expect(statusLabel(en, null)).toBe("Unknown status");
    expect(stageLabel(en, null)).toBe("Not recorded");
    expect(stageLabel(en, "in_shelter")).toBe("In a shelter");
    expect(isStatus("filed") && !isStatus("archived") && isStage("in_hiding") && !isStage("hiding")).toBe(true);
  });
});

describe("isIsoDate", () => {
  it.each([
    ["2024-02-29", true],
    ["2019-03-14", true],
    ["2023-02-29", false],
    ["2024-02-30", false],
    ["2024-13-01", false],
    ["2024-00-10", false],
    ["2024-1-5", false],
    ["14.03.2019", false],
    ["", false],
    ["2024-05-01 ", false],
  ])("%s → %s", (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });
});

describe("todayIso and riskLevel", () => {
  it("writes today's local calendar day", () => {
    expect(todayIso(new Date(2024, 0, 5, 23, 59))).toBe("2024-01-05");
  });

  it("ranks risks low … critical, missing as 0", () => {
    expect(RISKS.map(riskLevel)).toEqual([1, 2, 3, 4]);
    expect(riskLevel(null)).toBe(0);
  });
});

describe("parseEventDetail", () => {
  // The details exactly as the core writes them (src/vault/board.rs).
  const check = (kind: string, detail: string, expected: EventDetail) => {
    expect(parseEventDetail(kind, detail)).toEqual(expected);
  };

  it("reads status moves, with and without filing", () => {
    check("status", "legal_review → filing_prepared", {
      kind: "status",
      from: "legal_review",
      to: "filing_prepared",
      filing: null,
    });
    check("status", "filing_prepared → filed (ECtHR, 12345/24, 2024-05-01)", {
      kind: "status",
      from: "filing_prepared",
      to: "filed",
      filing: "ECtHR, 12345/24, 2024-05-01",
    });
  });

  it("reads stage changes, from nothing and with a follow-up", () => {
    check("stage", "— → in_hiding", { kind: "stage", from: null, to: "in_hiding", followUp: null });
    check("stage", "in_transit → in_shelter; next follow-up 2030-01-02", {
      kind: "stage",
      from: "in_transit",
      to: "in_shelter",
      followUp: "2030-01-02",
    });
  });

  it("reads assignments and due dates, with nobody and cleared", () => {
    check("assign", "caseworker: cw; lawyer: —", { kind: "assign", caseworker: "cw", lawyer: null });
    check("assign", "caseworker: —; lawyer: law one", { kind: "assign", caseworker: null, lawyer: "law one" });
    check("due", "2024-06-30", { kind: "due", date: "2024-06-30" });
    check("due", "—", { kind: "due", date: null });
  });

  it("keeps anything else as it came", () => {
    check("status", "moved somehow", { kind: "other", text: "moved somehow" });
    check("stage", "in_transit", { kind: "other", text: "in_transit" });
    check("due", "soon", { kind: "other", text: "soon" });
    check("archive", "x → y", { kind: "other", text: "x → y" });
  });
});
