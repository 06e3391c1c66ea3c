/**
 * The case list and the interview screen, mounted in jsdom against the fake backend and its
 * hand-made form (src/test/fixture-form.ts). Every person and answer here is invented.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync } from "svelte";
import { FakeBackend, settle } from "../test/fake-backend";
import { PASSPHRASE, Screen } from "../test/dom";

const DEBOUNCE = 40;

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function open(backend = FakeBackend.withVault()) {
  screen = new Screen(backend, { saveDebounceMs: DEBOUNCE });
  await screen.unlock();
  return { s: screen, backend };
}

/** A new interview with consent given, at the section `name`. */
async function atSection(name: string, backend = FakeBackend.withVault()) {
  const { s } = await open(backend);
  await s.newInterview();
  s.click("input-agree-yes");
  await s.waitFor(() => s.get("autosave-status").dataset.state === "saved", "agree saved");
  s.click(`section-nav-${name}`);
  await s.waitShown(`section-${name}`);
  return { s, backend };
}

function saved(s: Screen) {
  return s.waitFor(() => s.get("autosave-status").dataset.state === "saved", "autosave saved");
}

describe("case list", () => {
  it("starts empty, creates a case with New interview and lists it by code only", async () => {
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    const { s, backend } = await open();
    expect(s.has("cases-empty")).toBe(true);
    await s.newInterview();
    expect(s.text("interview-title")).toBe("Interview WS-TEST-0001");
    expect(backend.calls).toContain("create_case");

    s.click("pause-interview");
    await s.waitShown("screen-cases");
    await s.waitShown("case-row-WS-TEST-0001");
    const row = s.text("case-row-WS-TEST-0001");
    expect(row).toContain("WS-TEST-0001");
    expect(row).toContain("Interview in progress");
    expect(row).toContain("Not recorded"); // no evacuation stage yet
    expect(s.get("case-resume-WS-TEST-0001").getAttribute("aria-label")).toBe("Resume the interview WS-TEST-0001");
    // Nothing of a case goes to web storage.
    expect(setItem).not.toHaveBeenCalled();
    expect(window.localStorage.length + window.sessionStorage.length).toBe(0);
  });

  it("shows a command error in place and keeps the list usable", async () => {
    const { s, backend } = await open();
    backend.createCase = async () => {
      throw { code: "internal", message: "simulated" };
    };
    s.click("new-interview");
    await s.waitShown("cases-open-error");
    expect(s.get("cases-open-error").dataset.code).toBe("internal");
    expect(s.get<HTMLButtonElement>("new-interview").disabled).toBe(false);
  });
});

describe("interview: questions", () => {
  it("renders an input fitting each kind, with labels, hints and markers", async () => {
    const { s } = await atSection("person");
    expect(s.get("input-full_name").tagName).toBe("INPUT");
    expect(s.get("input-story").tagName).toBe("TEXTAREA");
    expect(s.get<HTMLInputElement>("input-age").inputMode).toBe("numeric");
    expect(s.get<HTMLInputElement>("input-languages-ru").type).toBe("checkbox");
    // Ten choices: a select; three: radio buttons.
    expect(s.get("input-country").tagName).toBe("SELECT");
    expect(s.get<HTMLInputElement>("input-stage-shelter").type).toBe("radio");
    expect(s.get<HTMLInputElement>("input-photo").type).toBe("file");
    // Dates: a precision selector and the parts it asks for.
    expect(s.has("precision-born")).toBe(true);
    expect(s.has("date-day-born")).toBe(true);
    s.select("precision-born", "season");
    expect(s.has("date-day-born")).toBe(false);
    expect(s.has("date-season-born")).toBe(true);
    // References are plain text for now, and the hint says so.
    expect(s.get<HTMLInputElement>("input-helper").type).toBe("text");
    expect(s.text("q-helper")).toContain("Type the name as the survivor says it");
    expect(s.text("q-town")).toContain("Type the place as the survivor describes it");
    // Required and highly sensitive questions are marked; labels are tied to inputs.
    expect(s.text("required-full_name")).toBe("Required, no answer yet");
    expect(s.get("sensitive-country").getAttribute("aria-label")).toContain("Highly sensitive");
    const label = s.get("q-full_name").querySelector("label");
    expect(label?.getAttribute("for")).toBe(s.get("input-full_name").id);
    // Every question has the three special answers.
    for (const kind of ["declined", "dont_know", "not_asked"]) expect(s.has(`special-born-${kind}`)).toBe(true);
  });

  it("shows a form's note as text with no answer, following skip logic, in both languages", async () => {
    const { s } = await atSection("person");
    // The fixture shows the note only once the age is 18 or more.
    expect(s.has("form-note-hard_part")).toBe(false);
    s.type("input-age", "30");
    s.blur("input-age");
    await settle();
    const note = s.get("form-note-hard_part");
    expect(note.getAttribute("role")).toBe("note");
    expect(note.textContent).toContain("The next questions are hard.");
    expect(note.textContent).toContain("Nothing to record here.");
    expect(note.querySelector("input, textarea, select, button")).toBeNull();
    expect(s.has("special-hard_part-declined")).toBe(false);
    s.click("lang-ru");
    expect(s.text("form-note-hard_part")).toContain("Следующие вопросы тяжёлые.");
  });

  it("shows labels in Russian, and the special answers in the words the form uses", async () => {
    const { s } = await atSection("person");
    s.click("lang-ru");
    expect(s.get("q-full_name").textContent).toContain("Полное имя");
    expect(s.text("special-full_name-declined")).toBe("Отказ от ответа");
    expect(s.text("special-full_name-dont_know")).toBe("Не знает");
    expect(s.text("special-full_name-not_asked")).toBe("Не спрашивали");
    expect(s.text("section-nav-person")).toContain("Человек");
  });

  it("saves choices, checkboxes, yes/no and selects as typed values", async () => {
    const { s, backend } = await atSection("person");
    s.click("input-stage-shelter");
    s.click("input-languages-ce");
    s.click("input-languages-ru");
    s.select("input-country", "ge");
    await saved(s);
    const last = (path: string) => backend.saves.filter((x) => x.path === path).at(-1)?.answer;
    expect(last("stage")).toEqual({ status: "answered", type: "choice", value: "shelter" });
    // In the order of the choice list, not of the clicks.
    expect(last("languages")).toEqual({ status: "answered", type: "choices", value: ["ru", "ce"] });
    expect(last("country")).toEqual({ status: "answered", type: "choice", value: "ge" });
    expect(last("agree")).toEqual({ status: "answered", type: "yes_no", value: true });

    s.click("input-languages-ru");
    s.click("input-languages-ce");
    await saved(s);
    expect(last("languages")).toBeNull(); // nothing ticked: nothing recorded

    // Shown again as saved after a pause and resume.
    s.click("pause-interview");
    await s.waitShown("case-resume-WS-TEST-0001");
    s.click("case-resume-WS-TEST-0001");
    await s.waitShown("section-person");
    expect(s.get<HTMLSelectElement>("input-country").value).toBe("ge");
    expect(s.get<HTMLInputElement>("input-stage-shelter").checked).toBe(true);
    expect(s.get<HTMLInputElement>("input-languages-ce").checked).toBe(false);
  });

  it("saves dates only once they are whole, with the chosen precision", async () => {
    const { s, backend } = await atSection("person");
    const last = () => backend.saves.filter((x) => x.path === "born").at(-1)?.answer;
    s.select("precision-born", "month");
    s.type("date-year-born", "1990");
    await settle();
    expect(s.has("note-born")).toBe(true); // month still missing
    expect(s.text("note-born")).toContain("not complete");
    s.select("date-month-born", "3");
    await saved(s);
    expect(last()).toEqual({ status: "answered", type: "date", value: { precision: "month", year: 1990, month: 3 } });
    expect(s.has("note-born")).toBe(false);

    s.select("precision-born", "approximate");
    await saved(s);
    expect(last()).toEqual({ status: "answered", type: "date", value: { precision: "approximate", year: 1990, month: 3 } });
  });

  it("refuses an impossible date in place as it is typed, marks the section, keeps Saved for the rest", async () => {
    const { s, backend } = await atSection("person");
    s.select("precision-born", "exact");
    s.type("date-day-born", "30");
    s.select("date-month-born", "2");
    // February can never have 30 days: said before the year is typed
    await s.waitShown("note-born");
    expect(s.get("note-born").dataset.note).toBe("impossible");
    expect(s.text("note-born")).toContain("There is no 30 February");
    s.type("date-year-born", "1991");
    await settle();
    expect(s.text("note-born")).toContain("There is no 30 February 1991: February 1991 has 28 days.");
    expect(s.text("not-saved-born")).toBe("This date is not saved until it is corrected.");
    expect(s.get("date-day-born").getAttribute("aria-invalid")).toBe("true");
    expect(s.get<HTMLInputElement>("date-year-born").value).toBe("1991");
    expect(s.get("autosave-status").dataset.state).toBe("saved");
    expect(s.text("autosave-to-correct")).toBe("1 answer to correct");
    expect(s.text("section-check-person")).toContain("1 answer to correct");
    await new Promise((r) => setTimeout(r, DEBOUNCE * 2));
    expect(backend.saves.some((x) => x.path === "born")).toBe(false);

    // held across a change of section, and Pause names the section instead of leaving
    s.click("section-nav-start");
    await s.waitShown("section-start");
    expect(s.text("section-check-person")).toContain("1 answer to correct");
    s.click("pause-interview");
    await s.waitShown("pause-blocked");
    expect(s.text("pause-blocked")).toContain("Not saved: the marked answers in Person.");
    expect(s.has("pause-retry")).toBe(false);
    s.click("pause-goto");
    await s.waitShown("section-person");
    expect(s.get<HTMLInputElement>("date-day-born").value).toBe("30");

    // 29 February exists only in a leap year
    s.type("date-day-born", "29");
    s.type("date-year-born", "1992");
    await saved(s);
    expect(s.has("note-born")).toBe(false);
    expect(s.has("section-check-person")).toBe(false);
    expect(s.has("autosave-to-correct")).toBe(false);
    expect(backend.cases.get("case-1")?.answers.get("born")).toMatchObject({
      value: { precision: "exact", year: 1992, month: 2, day: 29 },
    });

    // a change to an impossible day keeps the date saved before, and says so
    s.type("date-year-born", "1993");
    await settle();
    expect(s.text("not-saved-born")).toContain("the date saved before is kept");
    s.click("pause-interview");
    await s.waitShown("pause-blocked");
    s.click("pause-leave");
    await s.waitShown("screen-cases");
    expect(backend.cases.get("case-1")?.answers.get("born")).toMatchObject({ value: { year: 1992, day: 29 } });
  });

  it("a date refused by the backend marks the question and section, not the header", async () => {
    const { s, backend } = await atSection("person");
    backend.saveFailure = "invalid";
    s.select("precision-born", "year");
    s.type("date-year-born", "1991");
    await s.waitShown("problem-born");
    expect(s.get("problem-born").querySelector("[data-code]")?.getAttribute("data-code")).toBe("invalid");
    await saved(s);
    expect(s.text("autosave-to-correct")).toBe("1 answer to correct");
    expect(s.text("section-check-person")).toContain("1 answer to correct");
    expect(s.has("autosave-retry")).toBe(false);
  });

  it("shows a failed constraint in place, with the form's message", async () => {
    const { s } = await atSection("person");
    s.type("input-age", "130");
    s.blur("input-age");
    await s.waitShown("problem-age");
    expect(s.text("problem-age")).toBe("The age must be between 1 and 120.");
    s.type("input-age", "31");
    await saved(s);
    expect(s.has("problem-age")).toBe(false);
  });

  it("does not save something that is not a whole number, and keeps it on screen", async () => {
    const { s, backend } = await atSection("person");
    s.type("input-age", "3o");
    await settle();
    expect(s.has("note-age")).toBe(true);
    expect(s.get<HTMLInputElement>("input-age").value).toBe("3o");
    expect(s.get("input-age").getAttribute("aria-invalid")).toBe("true");
    await new Promise((r) => setTimeout(r, DEBOUNCE * 2));
    expect(backend.saves.some((x) => x.path === "age")).toBe(false);
  });
});

describe("interview: decimals", () => {
  it("accepts a comma or a point, saves the engine's exact text, and shows it back in the person's language", async () => {
    const { s, backend } = await atSection("person");
    expect(s.get<HTMLInputElement>("input-weight").inputMode).toBe("decimal");
    s.type("input-weight", "2,50");
    await saved(s);
    const last = () => backend.saves.filter((x) => x.path === "weight").at(-1)?.answer;
    expect(last()).toEqual({ status: "answered", type: "decimal", value: "2.5" });
    s.type("input-weight", "0.75");
    await saved(s);
    expect(last()).toEqual({ status: "answered", type: "decimal", value: "0.75" });
    // a failed constraint is shown in place, with the form's message
    s.type("input-weight", "0,25");
    s.blur("input-weight");
    await s.waitShown("problem-weight");
    expect(s.text("problem-weight")).toBe("At least 0.5 kg.");
  });

  it("shows a calculated value read-only, recomputed by the backend on each save", async () => {
    const { s, backend } = await atSection("person");
    // nothing to type, no special answers: the value is the core's
    expect(s.has("input-weight_g")).toBe(false);
    expect(s.has("special-weight_g-declined")).toBe(false);
    expect(s.text("value-weight_g")).toBe("Not calculated yet: an answer it needs is missing.");
    s.type("input-weight", "2,5");
    await saved(s);
    await s.waitFor(() => s.text("value-weight_g") === "2500", "the calculation shown");
    s.click("lang-ru");
    expect(s.text("q-weight_g")).toContain("Вычисляется из других ответов");
    expect(backend.saves.some((x) => x.path === "weight_g")).toBe(false);
  });

  it("refuses garbage in place in both languages and saves nothing", async () => {
    const { s, backend } = await atSection("person");
    s.type("input-weight", "2,5,5");
    await settle();
    expect(s.text("note-weight")).toContain("for example 2.5 or 2,5");
    expect(s.get<HTMLInputElement>("input-weight").value).toBe("2,5,5");
    expect(s.get("input-weight").getAttribute("aria-invalid")).toBe("true");
    s.click("lang-ru");
    expect(s.text("note-weight")).toContain("например 2,5 или 2.5");
    await new Promise((r) => setTimeout(r, DEBOUNCE * 2));
    expect(backend.saves.some((x) => x.path === "weight")).toBe(false);
    // fixed, it is saved and the note goes
    s.type("input-weight", "2,5");
    await saved(s);
    expect(s.has("note-weight")).toBe(false);
  });
});

describe("interview: special answers", () => {
  it("record Declined / Don't know / Not asked instead of a value; clicking again clears", async () => {
    const { s, backend } = await atSection("person");
    const last = () => backend.saves.filter((x) => x.path === "full_name").at(-1)?.answer;
    s.type("input-full_name", "Invented Person");
    s.blur("input-full_name");
    await saved(s);

    s.click("special-full_name-declined");
    expect(s.get("special-full_name-declined").getAttribute("aria-pressed")).toBe("true");
    expect(s.get<HTMLInputElement>("input-full_name").value).toBe(""); // the value is replaced
    expect(s.get("q-full_name").dataset.status).toBe("declined");
    await saved(s);
    expect(last()).toEqual({ status: "declined" });
    expect(s.text("required-full_name")).toBe("Required"); // declined satisfies required

    s.click("special-full_name-dont_know");
    expect(s.get("special-full_name-declined").getAttribute("aria-pressed")).toBe("false");
    await saved(s);
    expect(last()).toEqual({ status: "dont_know" });

    s.click("special-full_name-dont_know");
    await saved(s);
    expect(last()).toBeNull();
    expect(s.get("q-full_name").dataset.status).toBe("empty");

    // Typing over a special answer replaces it.
    s.click("special-full_name-not_asked");
    s.type("input-full_name", "Another Invented Name");
    s.blur("input-full_name");
    await saved(s);
    expect(last()).toEqual({ status: "answered", type: "text", value: "Another Invented Name" });
    expect(s.get("special-full_name-not_asked").getAttribute("aria-pressed")).toBe("false");
  });

  it("are distinct for dates and choices too, and Clear removes any answer", async () => {
    const { s, backend } = await atSection("person");
    s.click("special-born-not_asked");
    s.click("input-stage-hiding");
    await saved(s);
    s.click("clear-stage");
    await saved(s);
    const c = backend.cases.get("case-1");
    expect(c?.answers.get("born")).toEqual({ status: "not_asked" });
    expect(c?.answers.has("stage")).toBe(false);
    expect(s.get<HTMLInputElement>("input-stage-hiding").checked).toBe(false);
  });
});

describe("interview: autosave", () => {
  it("waits for a pause in typing, then saves once; the indicator follows", async () => {
    const { s, backend } = await atSection("person");
    const before = backend.saves.length;
    s.type("input-full_name", "I");
    s.type("input-full_name", "In");
    s.type("input-full_name", "Invented");
    expect(s.get("autosave-status").dataset.state).toBe("saving");
    expect(s.text("autosave-status")).toBe("Saving…");
    expect(backend.saves.length).toBe(before); // nothing sent while typing
    await saved(s);
    expect(s.text("autosave-status")).toBe("✓ Saved");
    const sent = backend.saves.slice(before);
    expect(sent).toEqual([{ path: "full_name", answer: { status: "answered", type: "text", value: "Invented" } }]);
  });

  it("sends at once when the field loses focus", async () => {
    const { s, backend } = await atSection("person");
    s.type("input-story", "A made-up account.");
    s.blur("input-story");
    await settle();
    expect(backend.saves.at(-1)?.path).toBe("story");
  });

  it("sends one request at a time per path, then the newest value", async () => {
    const { s, backend } = await atSection("person");
    backend.holdSaves = true;
    s.type("input-full_name", "First");
    s.blur("input-full_name");
    s.type("input-full_name", "Second");
    s.blur("input-full_name");
    s.type("input-full_name", "Third");
    s.blur("input-full_name");
    await settle();
    expect(backend.saves.filter((x) => x.path === "full_name").length).toBe(1);
    backend.holdSaves = false;
    backend.releaseSaves();
    await saved(s);
    const values = backend.saves
      .filter((x) => x.path === "full_name")
      .map((x) => (x.answer?.status === "answered" && x.answer.type === "text" ? x.answer.value : null));
    expect(values).toEqual(["First", "Third"]);
    expect(backend.maxInFlightPerPath).toBe(1);
    expect(backend.cases.get("case-1")?.answers.get("full_name")).toEqual({
      status: "answered",
      type: "text",
      value: "Third",
    });
  });

  it("keeps typed text when a save fails, says so, and Retry saves it", async () => {
    const { s, backend } = await atSection("person");
    backend.saveFailure = "internal";
    s.type("input-story", "Text that must not be lost.");
    s.blur("input-story");
    await s.waitFor(() => s.get("autosave-status").dataset.state === "error", "error shown");
    expect(s.text("autosave-status")).toBe("Not saved");
    expect(s.get<HTMLTextAreaElement>("input-story").value).toBe("Text that must not be lost.");
    expect(s.get("problem-story").textContent).toContain("Not saved yet");

    // Pausing is refused while something is unsaved.
    s.click("pause-interview");
    await s.waitShown("pause-blocked");
    expect(s.has("screen-interview")).toBe(true);

    backend.saveFailure = null;
    s.click("autosave-retry");
    await saved(s);
    expect(s.has("problem-story")).toBe(false);
    expect(backend.cases.get("case-1")?.answers.get("story")).toEqual({
      status: "answered",
      type: "text",
      value: "Text that must not be lost.",
    });
  });
});

describe("interview: skip logic and progress", () => {
  it("renders only what the backend does not hide, live after each save", async () => {
    const { s } = await open();
    await s.newInterview();
    // Before consent, the alias and the other sections are not asked.
    expect(s.has("q-agree")).toBe(true);
    expect(s.has("q-alias")).toBe(false);
    expect(s.text("section-progress-person")).toBe("Not asked now");
    s.click("section-nav-person");
    await s.waitShown("section-hidden");
    expect(s.has("q-full_name")).toBe(false);

    s.click("section-nav-start");
    s.click("input-agree-yes");
    await s.waitShown("q-alias");
    expect(s.text("section-progress-start")).toContain("1 of 2 answered");
    expect(s.text("section-progress-person")).toContain("0 of 11 answered");
    expect(s.text("section-progress-person")).toContain("Required without an answer: 1");

    s.click("input-agree-no");
    await s.waitFor(() => !s.has("q-alias"), "alias hidden again");
  });

  it("opens a resumed case at the first section with a required question unanswered", async () => {
    const { s } = await open();
    await s.newInterview();
    s.click("input-agree-yes");
    await saved(s);
    s.click("pause-interview");
    await s.waitShown("case-row-WS-TEST-0001");
    // Lock and unlock: the remembered section is gone with the lock.
    s.click("lock-button");
    await s.waitShown("screen-unlock");
    await s.unlock();
    s.click("case-resume-WS-TEST-0001");
    await s.waitShown("screen-interview");
    expect(s.has("section-person")).toBe(true); // full_name is required and unanswered
    expect(s.get("section-nav-person").getAttribute("aria-current")).toBe("step");
  });

  it("resumes where the interview was paused, within the session", async () => {
    const { s } = await atSection("notes");
    s.click("pause-interview");
    await s.waitShown("case-resume-WS-TEST-0001");
    s.click("case-resume-WS-TEST-0001");
    await s.waitShown("section-notes");
    expect(s.text("q-note")).toContain("For the team only: never exported.");
  });
});

describe("interview: keyboard", () => {
  it("puts the no-answer statuses behind one Tab stop, moved by arrows, and Alt+1/2/3/0 anywhere in the question", async () => {
    const { s, backend } = await atSection("person");
    const buttons = () =>
      Array.from(s.get("special-full_name").querySelectorAll<HTMLButtonElement>("button")).map((b) => b.tabIndex);
    expect(buttons()).toEqual([0, -1, -1]);

    const input = s.get<HTMLInputElement>("input-full_name");
    input.focus();
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "2", code: "Digit2", altKey: true, bubbles: true }));
    flushSync();
    await saved(s);
    expect(backend.cases.get("case-1")?.answers.get("full_name")).toEqual({ status: "dont_know" });
    // the pressed status is the Tab stop now, and Clear joins the toolbar
    expect(buttons()).toEqual([-1, 0, -1, -1]);

    const toolbar = s.get("special-full_name");
    s.get("special-full_name-dont_know").focus();
    toolbar.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(document.activeElement).toBe(s.get("special-full_name-not_asked"));
    toolbar.dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    expect(document.activeElement).toBe(s.get("clear-full_name"));

    input.dispatchEvent(new KeyboardEvent("keydown", { key: "0", code: "Digit0", altKey: true, bubbles: true }));
    flushSync();
    await saved(s);
    expect(backend.cases.get("case-1")?.answers.has("full_name")).toBe(false);
    expect(s.text("interview-keys")).toContain("Alt+1 Declined");
  });
});

describe("interview: repeats", () => {
  it("adds titled instances, nested ones inside, and removes an empty one without asking", async () => {
    const { s, backend } = await atSection("events");
    expect(s.text("repeat-events")).toContain("Nothing recorded yet.");
    s.click("repeat-add-events");
    await s.waitShown("repeat-instance-events-0");
    s.click("repeat-add-events");
    await s.waitShown("repeat-instance-events-1");
    expect(s.get("repeat-instance-events-1").querySelector("h3")?.textContent).toBe("Event 2");
    expect(s.has("q-events[1].when")).toBe(true);
    expect(s.has("date-time-events[1].when")).toBe(true);

    s.click("repeat-add-events[1].acts");
    await s.waitShown("q-events[1].acts[0].methods");
    expect(s.get("repeat-instance-events[1].acts-0").querySelector("h4")?.textContent).toBe("Act 1");
    // Skip logic inside an instance: "other" asks for more.
    expect(s.has("q-events[1].acts[0].methods_other")).toBe(false);
    s.click("input-events[1].acts[0].methods-other");
    await s.waitShown("q-events[1].acts[0].methods_other");

    s.click("repeat-remove-events-0"); // empty: no question asked
    await s.waitFor(() => !s.has("repeat-instance-events-1"), "second instance moved up");
    expect(s.has("confirm-dialog")).toBe(false);
    expect(s.has("q-events[0].acts[0].methods_other")).toBe(true);
    expect(backend.cases.get("case-1")?.answers.get("events[0].acts[0].methods")).toEqual({
      status: "answered",
      type: "choices",
      value: ["other"],
    });
  });

  it("folds two instances or more to one line each when the section opens, with Go to links", async () => {
    const { s } = await atSection("events");
    s.click("repeat-add-events");
    await s.waitShown("q-events[0].kind");
    s.click("input-events[0].kind-raid");
    await saved(s);
    s.click("repeat-add-events");
    await s.waitShown("q-events[1].kind");
    // one instance alone has no fold; two have one each
    expect(s.get("repeat-fold-events-1").getAttribute("aria-expanded")).toBe("true");

    // leave and come back: both folded, each a one-line summary of what it holds
    s.click("section-nav-notes");
    await s.waitShown("section-notes");
    s.click("section-nav-events");
    await s.waitShown("section-events");
    expect(s.has("q-events[0].kind")).toBe(false);
    expect(s.get("repeat-instance-events-0").dataset.open).toBe("false");
    expect(s.text("repeat-summary-events-0")).toBe("Raid · 1 of 2 answered");
    expect(s.text("repeat-summary-events-1")).toBe("nothing recorded yet");
    expect(s.get("repeat-fold-events-0").getAttribute("aria-label")).toBe("Show the questions of Event 1");

    // Go to: opens that one instance only and moves focus to its title
    s.click("repeat-jump-events-1");
    await s.waitShown("q-events[1].kind");
    expect(s.has("q-events[0].kind")).toBe(false);
    await s.waitFor(
      () => document.activeElement?.closest("[data-instance]")?.getAttribute("data-instance") === "1",
      "focus on the second instance's title",
    );
    expect(document.activeElement).toBe(s.get("repeat-fold-events-1"));

    s.click("repeat-fold-events-0");
    await s.waitShown("q-events[0].kind");
    s.click("repeat-collapse-all-events");
    await s.waitFor(() => !s.has("q-events[0].kind") && !s.has("q-events[1].kind"), "all folded");
    s.click("repeat-expand-all-events");
    await s.waitFor(() => s.has("q-events[0].kind") && s.has("q-events[1].kind"), "all open");
  });

  it("opens a folded instance when an answer in it is refused, so the correction is never hidden", async () => {
    const { s, backend } = await atSection("events");
    s.click("repeat-add-events");
    await s.waitShown("q-events[0].kind");
    s.click("repeat-add-events");
    await s.waitShown("q-events[1].kind");
    const save = backend.saveAnswer.bind(backend);
    backend.saveAnswer = async (caseId, path, answer) => {
      if (path !== "events[1].kind") return save(caseId, path, answer);
      await new Promise((r) => setTimeout(r, 60));
      throw { code: "invalid", message: "simulated refusal" };
    };
    s.click("input-events[1].kind-raid");
    s.click("repeat-fold-events-1"); // folded while the save is under way
    expect(s.get("repeat-instance-events-1").dataset.open).toBe("false");
    await s.waitFor(() => s.get("repeat-instance-events-1").dataset.open === "true", "reopened by the refusal");
    await s.waitShown("problem-events[1].kind");
    // already flagged: folding it again is the interviewer's choice
    s.click("repeat-fold-events-1");
    await new Promise((r) => setTimeout(r, 30));
    expect(s.get("repeat-instance-events-1").dataset.open).toBe("false");
  });

  it("keeps a partial date partial in a folded summary, in Russian too", async () => {
    const backend = FakeBackend.withVault();
    const { s } = await atSection("events", backend);
    s.click("repeat-add-events");
    await s.waitShown("repeat-instance-events-0");
    s.click("repeat-add-events");
    await s.waitShown("repeat-instance-events-1");
    backend.cases.get("case-1")?.answers.set("events[1].when", {
      status: "answered",
      type: "date",
      value: { precision: "month", year: 2021, month: 3 },
    });
    s.click("pause-interview");
    await s.waitShown("case-resume-WS-TEST-0001");
    s.click("lang-ru");
    s.click("case-resume-WS-TEST-0001");
    await s.waitShown("screen-interview");
    s.click("section-nav-events");
    await s.waitShown("repeat-summary-events-1");
    expect(s.text("repeat-summary-events-1")).toBe("март 2021 г. · отвечено 1 из 2");
    expect(s.text("repeat-summary-events-0")).toBe("пока ничего не записано");
  });

  it("asks before removing an instance with answers; Keep it keeps it", async () => {
    const { s, backend } = await atSection("events");
    s.click("repeat-add-events");
    await s.waitShown("q-events[0].kind");
    s.click("input-events[0].kind-raid");
    await saved(s);

    s.click("repeat-remove-events-0");
    await s.waitShown("confirm-dialog");
    expect(s.text("confirm-dialog")).toContain("Remove “Event 1”?");
    s.click("confirm-cancel");
    await s.waitFor(() => !s.has("confirm-dialog"), "dialog closed");
    expect(backend.cases.get("case-1")?.repeats.get("events")).toBe(1);

    s.click("repeat-remove-events-0");
    await s.waitShown("confirm-ok");
    s.click("confirm-ok");
    await s.waitFor(() => !s.has("repeat-instance-events-0"), "instance removed");
    expect(backend.cases.get("case-1")?.repeats.has("events")).toBe(false);
    expect(backend.cases.get("case-1")?.answers.has("events[0].kind")).toBe(false);
  });

  it("a lock while the confirmation is open takes the dialog away and leaves the page usable", async () => {
    const { s, backend } = await atSection("events");
    s.click("repeat-add-events");
    await s.waitShown("q-events[0].kind");
    s.click("input-events[0].kind-raid");
    await saved(s);
    s.click("repeat-remove-events-0");
    await s.waitShown("confirm-dialog");
    backend.emitLocked("idle");
    flushSync();
    await s.waitFor(() => !s.has("confirm-dialog"), "dialog gone");
    await new Promise((r) => setTimeout(r, 50));
    expect(document.body.style.pointerEvents).toBe("");
    expect(document.body.style.overflow).toBe("");
    expect(document.body.textContent).not.toContain("Event 1");
    // the unlock brings the interview back where the idle lock found it
    await settle();
    flushSync();
    s.type("unlock-passphrase", PASSPHRASE);
    s.click("unlock-submit");
    await s.waitShown("section-events");
    await s.waitShown("repeat-instance-events-0");
    s.click("pause-interview");
    await s.waitShown("screen-cases");
    s.click("new-interview");
    await s.waitShown("screen-interview");
  });

  it("notes on third-party instances that the person has not consented", async () => {
    const { s } = await atSection("events");
    s.click("repeat-add-witnesses");
    await s.waitShown("third-party-witnesses-0");
    expect(s.text("third-party-witnesses-0")).toContain("has not consented");
  });

  it("saves typing waiting for its debounce before renumbering instances", async () => {
    const { s, backend } = await atSection("events");
    s.click("repeat-add-events");
    await s.waitShown("q-events[0].kind");
    s.click("repeat-add-events");
    await s.waitShown("q-events[1].when");
    s.click("input-events[1].kind-other");
    await s.waitShown("input-events[1].kind_other");
    s.type("input-events[1].kind_other", "Invented detail");
    s.click("repeat-remove-events-0"); // events[0] is empty: removed without asking
    await s.waitFor(() => !s.has("repeat-instance-events-1"), "renumbered");
    await saved(s);
    const c = backend.cases.get("case-1");
    expect(c?.answers.get("events[0].kind_other")).toEqual({ status: "answered", type: "text", value: "Invented detail" });
    expect(s.get<HTMLInputElement>("input-events[0].kind_other").value).toBe("Invented detail");
  });
});

describe("interview: counted repeats and proposed defaults", () => {
  it("shows as many instances as the count gives, keeps and flags a filled one beyond it", async () => {
    const { s, backend } = await atSection("events");
    // no Add button: the count decides
    expect(s.has("repeat-add-children")).toBe(false);
    expect(s.text("repeat-children")).toContain("No entries: the answer they are counted from is not given yet");
    s.type("input-children_count", "2");
    await saved(s);
    await s.waitShown("repeat-instance-children-1");
    expect(s.has("repeat-instance-children-2")).toBe(false);
    // neither instance can be removed by hand
    expect(s.has("repeat-remove-children-0")).toBe(false);
    expect(s.has("repeat-remove-children-1")).toBe(false);
    s.type("input-children[1].child_name", "Invented Child");
    s.blur("input-children[1].child_name");
    await saved(s);
    // the count shrinks below the filled instance: it stays, flagged, and may be removed
    s.type("input-children_count", "1");
    await saved(s);
    await s.waitShown("repeat-beyond-children-1");
    expect(s.has("repeat-instance-children-1")).toBe(true);
    expect(s.has("repeat-remove-children-1")).toBe(true);
    expect(s.has("repeat-remove-children-0")).toBe(false);
    expect(backend.cases.get("case-1")?.answers.get("children[1].child_name")).toEqual({
      status: "answered",
      type: "text",
      value: "Invented Child",
    });
    s.click("lang-ru");
    expect(s.text("repeat-beyond-children-1")).toContain("В ней есть ответы, поэтому она сохранена");
    expect(backend.calls).not.toContain("add_repeat");
  });

  it("shows a default as an unconfirmed proposal; only Confirm records it", async () => {
    const { s, backend } = await atSection("events");
    await s.waitShown("proposal-household");
    expect(s.text("proposal-household")).toContain("Proposed: 2");
    expect(s.text("proposal-household")).toContain("Not recorded until you confirm it");
    // unanswered: the input is empty and nothing was saved
    expect(s.get<HTMLInputElement>("input-household").value).toBe("");
    expect(s.get("q-household").dataset.status).toBe("empty");
    expect(backend.saves.some((x) => x.path === "household")).toBe(false);
    expect(s.get("proposal-confirm-household").getAttribute("aria-label")).toBe(
      "Confirm the proposed answer to “People in the household”: 2",
    );
    s.click("lang-ru");
    expect(s.text("proposal-household")).toContain("Предлагается: 2");
    s.click("proposal-confirm-household");
    await saved(s);
    expect(backend.saves.filter((x) => x.path === "household")).toEqual([
      { path: "household", answer: { status: "answered", type: "integer", value: 2 } },
    ]);
    await s.waitFor(() => !s.has("proposal-household"), "the proposal goes once answered");
    expect(s.get("q-household").dataset.status).toBe("answered");
  });
});

describe("interview: attachments", () => {
  it("encrypts a picked file, records its id, shows a thumbnail from memory and revokes it", async () => {
    const created: string[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation(() => {
      const url = `blob:waystone/${created.length + 1}`;
      created.push(url);
      return url;
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation((url) => void revoked.push(url));
    const { s, backend } = await atSection("person");
    const input = s.get<HTMLInputElement>("input-photo");
    const file = new File([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], "injury-photo.png", { type: "image/png" });
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await s.waitShown("thumbnail-photo");
    expect(s.get<HTMLImageElement>("thumbnail-photo").src).toBe("blob:waystone/1");
    expect(s.text("attachment-name-photo")).toBe("injury-photo.png");
    expect(backend.calls).toContain("add_attachment");
    await saved(s);
    expect(backend.cases.get("case-1")?.answers.get("photo")).toEqual({ status: "answered", type: "attachment", value: "att-1" });

    // Detaching stops showing it: the URL is revoked at once.
    s.click("detach-photo");
    await s.waitFor(() => !s.has("thumbnail-photo"), "thumbnail gone");
    expect(revoked).toEqual(["blob:waystone/1"]);

    // Shown again, then the vault locks: the URL goes with the screen.
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await s.waitShown("thumbnail-photo");
    backend.emitLocked("idle");
    flushSync();
    expect(s.has("thumbnail-photo")).toBe(false);
    expect(revoked).toEqual(["blob:waystone/1", "blob:waystone/2"]);
  });
});

describe("interview: stop now and locks", () => {
  it("a vault-locked event drops the interview: screen, answers and state", async () => {
    const { s, backend } = await atSection("person");
    s.type("input-full_name", "Invented Secret Name");
    const interview = s.app.view.name === "interview" ? s.app.view.interview : null;
    expect(interview).not.toBeNull();
    backend.emitLocked("idle");
    flushSync();
    expect(s.has("screen-unlock")).toBe(true);
    expect(s.has("screen-interview")).toBe(false);
    expect(document.body.textContent).not.toContain("Invented Secret Name");
    expect(interview?.disposed).toBe(true);
    expect(interview?.answers).toEqual({});
    expect(interview?.state.progress).toEqual([]);
    expect(interview?.form.sections).toEqual([]);
    // A reply that arrives later brings nothing back.
    await new Promise((r) => setTimeout(r, DEBOUNCE * 2));
    expect(s.has("screen-unlock")).toBe(true);
    expect(JSON.stringify(s.app.view)).not.toContain("Invented");
  });

  it("the Stop now button blanks the page at once and locks, sending pending typing first", async () => {
    const { s, backend } = await atSection("person");
    backend.holdLock = true;
    s.type("input-full_name", "Invented Name");
    s.click("stop-now");
    expect(s.has("screen-blank")).toBe(true);
    expect(s.target.textContent?.trim()).toBe("");
    expect(backend.lockReasons).toEqual(["panic"]);
    expect(backend.saves.at(-1)).toEqual({
      path: "full_name",
      answer: { status: "answered", type: "text", value: "Invented Name" },
    });
    backend.releaseLock();
    await s.waitShown("screen-unlock");
    expect(s.has("unlock-idle-note")).toBe(false);
  });

  it("F2 is the one-key stop", async () => {
    const { s, backend } = await atSection("person");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "F2", code: "F2" }));
    expect(s.has("screen-blank") || s.has("screen-unlock")).toBe(true);
    expect(s.has("screen-interview")).toBe(false);
    expect(backend.lockReasons).toEqual(["panic"]);
    await s.waitShown("screen-unlock");
  });

  it("a save refused with `locked` returns to the unlock screen", async () => {
    const { s, backend } = await atSection("person");
    backend.session = null; // the backend locked; the event did not reach us
    s.click("input-stage-abroad");
    await s.waitShown("screen-unlock");
    expect(s.has("screen-interview")).toBe(false);
  });
});
