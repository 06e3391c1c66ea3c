import { describe, expect, it } from "vitest";
import { mergeHistory, pathLabels } from "./history";
import { FIXTURE_FORM } from "../test/fixture-form";
import type { CaseEventDto, HistoryEntryDto } from "../ipc/backend";

const instance = (label: string, n: number) => `${label} ${n}`;

describe("pathLabels", () => {
  const check = (path: string, language: "en" | "ru", expected: string[] | null) => {
    expect(pathLabels(FIXTURE_FORM, path, language, instance)).toEqual(expected);
  };

  it("labels top-level questions in the chosen language, after their section", () => {
    check("agree", "en", ["Start", "Do you agree?"]);
    check("agree", "ru", ["Начало", "Вы согласны?"]);
    check("stage", "en", ["Person", "Stage"]);
  });

  it("numbers repeat instances from one, nested too", () => {
    check("events[0].when", "en", ["Events", "Event 1", "When"]);
    check("events[1].acts[2].methods", "en", ["Events", "Event 2", "Act 3", "Methods"]);
    check("events[1].acts[2].methods", "ru", ["События", "Событие 2", "Действие 3", "Методы"]);
  });

  it("labels a repeat container (a count that changed)", () => {
    check("events", "en", ["Events", "Event"]);
    check("events[0].acts", "en", ["Events", "Event 1", "Act"]);
  });

  it("gives null for anything that does not fit the form", () => {
    check("next_follow_up", "en", null); // not in this form
    check("events.when", "en", null); // an instance is needed
    check("agree[0]", "en", null);
    check("agree.more", "en", null);
    check("events[0].nothing", "en", null);
    check("", "en", null);
    check("events[x].when", "en", null);
  });
});

describe("mergeHistory", () => {
  const event = (at: string, kind = "stage"): CaseEventDto => ({ at, by: "coord-demo", kind, detail: "—" });
  const answer = (at: string, path: string): HistoryEntryDto => ({ at, by: "cw-demo", path, kind: "answer", cleared: false });

  it("merges both lists newest first, the event before its answers at the same instant", () => {
    const merged = mergeHistory(
      [event("2024-05-03T10:00:00.000Z"), event("2024-05-01T09:00:00.000Z", "status")],
      [
        answer("2024-05-03T10:00:00.000Z", "stage"),
        answer("2024-05-02T08:00:00.000Z", "agree"),
        answer("2024-04-30T08:00:00.000Z", "alias"),
      ],
    );
    expect(merged.map((m) => `${m.at.slice(0, 10)} ${m.source}`)).toEqual([
      "2024-05-03 event",
      "2024-05-03 answer",
      "2024-05-02 answer",
      "2024-05-01 event",
      "2024-04-30 answer",
    ]);
  });

  it("works with either list empty", () => {
    expect(mergeHistory([], [])).toEqual([]);
    expect(mergeHistory([event("2024-05-01T00:00:00.000Z")], []).map((m) => m.source)).toEqual(["event"]);
  });
});
