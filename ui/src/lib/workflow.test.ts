import { describe, expect, it } from "vitest";
import { allowedMoves, isIsoDate, parseEventDetail, riskLevel, STATUSES, todayIso, type EventDetail } from "./workflow";

describe("allowedMoves", () => {
  // The core's table (src/board/mod.rs, Status::allowed_next), written out again on purpose.
  const table: Array<[string, string[]]> = [
    ["intake_scheduled", ["interview_in_progress", "closed"]],
    ["interview_in_progress", ["interview_complete", "closed"]],
    ["interview_complete", ["legal_review", "interview_in_progress", "closed"]],
    ["legal_review", ["filing_prepared", "interview_in_progress", "closed"]],
    ["filing_prepared", ["filed", "legal_review", "closed"]],
    ["filed", ["communicated", "decided", "closed"]],
    ["communicated", ["decided", "closed"]],
    ["decided", ["closed"]],
    ["closed", ["interview_in_progress"]],
  ];
  it.each(table)("from %s", (from, to) => {
    expect(allowedMoves(from)).toEqual(to);
  });

  it("covers every status, never offers staying put, and closes from anywhere but closed", () => {
    expect(table.map(([s]) => s)).toEqual([...STATUSES]);
    for (const s of STATUSES) {
      expect(allowedMoves(s)).not.toContain(s);
      if (s !== "closed") expect(allowedMoves(s)).toContain("closed");
    }
  });

  it("offers nothing for a status it does not know", () => {
    expect(allowedMoves("archived")).toEqual([]);
    expect(allowedMoves("")).toEqual([]);
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

  it("ranks risks low … critical, unknown and missing as 0", () => {
    expect(["low", "medium", "high", "critical"].map(riskLevel)).toEqual([1, 2, 3, 4]);
    expect(riskLevel(null)).toBe(0);
    expect(riskLevel("unheard_of")).toBe(0);
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
