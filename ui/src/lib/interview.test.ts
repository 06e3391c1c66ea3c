/**
 * The interview controller on its own: autosave timing and ordering, repeats, disposal.
 * Fake backend and the hand-made fixture form; every answer is invented.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeBackend, settle } from "../test/fake-backend";
import { FIXTURE_FORM } from "../test/fixture-form";
import { Interview, SAVE_DEBOUNCE_MS } from "./interview.svelte";
import type { AnswerDto, InterviewStateDto } from "../ipc/backend";

const text = (value: string): AnswerDto => ({ status: "answered", type: "text", value });

async function setup(options: { debounceMs?: number } = {}) {
  const backend = FakeBackend.withVault();
  await backend.unlockVault("caseworker-demo", "correct horse battery staple");
  const summary = await backend.createCase();
  const onLocked = vi.fn();
  const interview = new Interview(backend, FIXTURE_FORM, await backend.openCase(summary.id), { onLocked, ...options });
  return { backend, interview, onLocked, caseId: summary.id };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Interview: autosave", () => {
  it("sends typed text 600 ms after the last keystroke, once", async () => {
    vi.useFakeTimers();
    const { backend, interview } = await setup();
    interview.setAnswer("story", text("A"), true);
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 100);
    interview.setAnswer("story", text("An invented account"), true);
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 1);
    expect(backend.saves).toEqual([]);
    expect(interview.status).toBe("saving");
    expect(interview.answers.story).toEqual(text("An invented account")); // shown at once
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.saves).toEqual([{ path: "story", answer: text("An invented account") }]);
    await vi.runAllTimersAsync();
    expect(interview.status).toBe("saved");
  });

  it("sends choices at once, and flush() sends what waits and resolves when all is saved", async () => {
    const { backend, interview } = await setup();
    interview.setAnswer("agree", { status: "answered", type: "yes_no", value: true });
    interview.setAnswer("alias", text("Invented alias"), true);
    expect(backend.saves.map((x) => x.path)).toEqual(["agree"]);
    await interview.flush();
    expect(backend.saves.map((x) => x.path)).toEqual(["agree", "alias"]);
    expect(interview.status).toBe("saved");
    expect(interview.hasUnsaved).toBe(false);
    expect(interview.hidden.has("alias")).toBe(false); // the backend's state after the saves
  });

  it("never lets an older reply replace a newer state", async () => {
    const { backend, interview } = await setup();
    const replies: Array<(state: InterviewStateDto) => void> = [];
    backend.saveAnswer = (_caseId, _path, _answer) => new Promise((resolve) => replies.push(resolve));
    interview.setAnswer("full_name", text("Invented"));
    interview.setAnswer("story", text("Invented story"));
    const older: InterviewStateDto = { hidden: ["old"], required: [], problems: [], progress: [], offered: [], computed: [], counted: [], proposed: [] };
    const newer: InterviewStateDto = { hidden: ["new"], required: [], problems: [], progress: [], offered: [], computed: [], counted: [], proposed: [] };
    replies[1]?.(newer);
    await settle();
    replies[0]?.(older);
    await settle();
    expect(interview.state.hidden).toEqual(["new"]);
    expect(interview.status).toBe("saved");
  });

  it("keeps a refused answer, marks it, and retry() sends it again", async () => {
    const { backend, interview } = await setup();
    backend.saveFailure = "internal";
    interview.setAnswer("story", text("Keep me"));
    await settle();
    expect(interview.status).toBe("error");
    expect(interview.saveErrors.story?.code).toBe("internal");
    expect(interview.answers.story).toEqual(text("Keep me"));
    expect(interview.hasUnsaved).toBe(true);
    backend.saveFailure = null;
    interview.retry();
    await interview.flush();
    expect(interview.status).toBe("saved");
    expect(interview.saveErrors).toEqual({});
  });

  it("reports `locked` to its owner instead of showing an error", async () => {
    const { backend, interview, onLocked } = await setup();
    backend.session = null;
    interview.setAnswer("story", text("Invented"));
    await settle();
    expect(onLocked).toHaveBeenCalledTimes(1);
    expect(interview.saveErrors).toEqual({});
  });
});

describe("Interview: repeats", () => {
  it("carries an unsaved answer to its new instance number when an earlier one is removed", async () => {
    const { backend, interview, caseId } = await setup();
    interview.setAnswer("agree", { status: "answered", type: "yes_no", value: true });
    await interview.addRepeat("events");
    await interview.addRepeat("events");
    backend.saveFailure = "internal";
    interview.setAnswer("events[1].kind_other", text("Invented, not saved"));
    await settle();
    expect(interview.status).toBe("error");
    backend.saveFailure = null;

    expect(await interview.removeRepeat("events", 0)).toBeNull();
    expect(interview.repeats.events).toBe(1);
    expect(interview.answers["events[0].kind_other"]).toEqual(text("Invented, not saved"));
    expect(interview.saveErrors["events[0].kind_other"]?.code).toBe("internal");
    interview.retry();
    await interview.flush();
    expect(backend.cases.get(caseId)?.answers.get("events[0].kind_other")).toEqual(text("Invented, not saved"));
  });

  it("knows whether an instance holds answers", async () => {
    const { interview } = await setup();
    interview.setAnswer("agree", { status: "answered", type: "yes_no", value: true });
    await interview.addRepeat("events");
    expect(interview.instanceHasAnswers("events", 0)).toBe(false);
    interview.setAnswer("events[0].when", { status: "declined" });
    expect(interview.instanceHasAnswers("events", 0)).toBe(true);
  });
});

describe("Interview: deleting an attachment", () => {
  it("clears and saves the answer first, then deletes the file from the vault", async () => {
    const { backend, interview } = await setup();
    const photo = new File([new Uint8Array([4, 5, 6])], "invented.png", { type: "image/png" });
    expect(await interview.attach("photo", photo)).toBeNull();
    await interview.flush();
    const id = interview.attachments[0]?.id ?? "";
    backend.calls.length = 0;
    expect(await interview.deleteAttachment("photo", id)).toBeNull();
    expect(backend.calls).toEqual(["save_answer", "remove_attachment"]);
    expect(interview.answers["photo"]).toBeUndefined();
    expect(interview.attachments).toEqual([]);
    // a second time: the backend's refusal comes back as the error to show
    expect((await interview.deleteAttachment("photo", id))?.code).toBe("invalid");
  });
});

describe("Interview: disposal", () => {
  it("revokes every blob: URL, forgets the case and ignores replies that come later", async () => {
    const created: string[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation(() => `blob:test/${created.push("x")}`);
    vi.spyOn(URL, "revokeObjectURL").mockImplementation((url) => void revoked.push(url));
    const { backend, interview } = await setup();
    const photo = new File([new Uint8Array([1, 2, 3])], "invented.png", { type: "image/png" });
    expect(await interview.attach("photo", photo)).toBeNull();
    const id = interview.attachments[0]?.id ?? "";
    const first = await interview.objectUrl(id);
    const second = await interview.objectUrl(id);
    interview.releaseUrl(first ?? "");
    expect(revoked).toEqual(["blob:test/1"]);

    backend.holdSaves = true;
    interview.setAnswer("story", text("Invented"));
    interview.dispose();
    expect(revoked).toEqual(["blob:test/1", second]);
    expect(interview.answers).toEqual({});
    expect(interview.attachments).toEqual([]);
    expect(interview.state.hidden).toEqual([]);
    backend.releaseSaves();
    await settle();
    expect(interview.answers).toEqual({});
    expect(interview.state.progress).toEqual([]);
    expect(await interview.objectUrl(id)).toBeNull();
  });
});

describe("Interview: read-only", () => {
  it("changes nothing and sends nothing when the core says the testimony is not this user's to change", async () => {
    const backend = FakeBackend.withVault();
    await backend.unlockVault("caseworker-demo", "correct horse battery staple");
    const summary = await backend.createCase();
    const view = { ...(await backend.openCase(summary.id)), writable: false };
    const interview = new Interview(backend, FIXTURE_FORM, view, { onLocked: vi.fn() });
    expect(interview.writable).toBe(false);
    interview.setAnswer("story", text("An invented correction"));
    interview.setAnswer("agree", { status: "answered", type: "yes_no", value: true });
    await interview.flush();
    expect(backend.saves).toEqual([]);
    expect(interview.answers.story).toBeUndefined();
    // the caseworker who made the case gets it writable from the (fake) core
    const own = new Interview(backend, FIXTURE_FORM, await backend.openCase(summary.id), { onLocked: vi.fn() });
    expect(own.writable).toBe(true);
  });
});
