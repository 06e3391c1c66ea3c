/**
 * Settings › Forms and the form choice of *New interview*, mounted in jsdom against the fake
 * backend: admins only; a refused workbook lists every problem at its sheet, row and column
 * (in reading order) and imports nothing; a clean one is previewed in each of its
 * languages, imported, offered and withdrawn; *New interview* starts a case on the chosen
 * form. The forms, people and places are invented.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FormCheckDto, FormView } from "../ipc/backend";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";
import { FakeBackend } from "../test/fake-backend";
import { formKey, formOfKey, previewLanguage, problemPlace, sortProblems } from "../lib/forms";

let screen: Screen | null = null;

afterEach(() => {
  screen?.destroy();
  screen = null;
});

const l = (en: string, ru: string) => ({ en, ru });

const FOLLOWUP: FormView = {
  id: "invented_followup",
  version: 1,
  title: l("Follow-up (invented)", "Повторная беседа (вымышленная)"),
  sections: [
    {
      name: "situation",
      label: l("Current situation", "Текущее положение"),
      hint: null,
      items: [
        {
          item: "question",
          name: "relocated",
          kind: "select_one",
          label: l("Have you left the region?", "Вы покинули регион?"),
          hint: null,
          choices: [
            { name: "yes", label: l("Yes", "Да") },
            { name: "no", label: l("No", "Нет") },
          ],
          precisions: [],
          time: false,
          sensitivity: "high_risk",
          thirdParty: false,
          exported: true,
          readOnly: false,
        },
        {
          item: "repeat",
          name: "contacts",
          label: l("Contact", "Контакт"),
          hint: null,
          thirdParty: false,
          counted: true,
          items: [
            {
              item: "question",
              name: "contact_body",
              kind: "text",
              label: l("Which body?", "Какой орган?"),
              hint: null,
              choices: [],
              precisions: [],
              time: false,
              sensitivity: "high_risk",
              thirdParty: false,
              exported: true,
              readOnly: false,
            },
          ],
        },
      ],
    },
  ],
};

const READY: FormCheckDto = { outcome: "ready", form: FOLLOWUP, languages: ["en", "ru"], questions: 2, stored: false };
const REFUSED: FormCheckDto = {
  outcome: "refused",
  problems: [
    { sheet: "settings", row: 2, column: "version (B)", reason: "not a whole number", unsupported: false },
    { sheet: "survey", row: 7, column: "type (A)", reason: "`geopoint` is not supported", unsupported: true },
    { sheet: "survey", row: 3, column: "relevant (E)", reason: "`pulldata()` reads external data", unsupported: true },
  ],
};

function vault(): FakeBackend {
  const backend = boardVault();
  backend.workbooks.set("/tmp/invented/followup.xlsx", READY);
  backend.workbooks.set("/tmp/invented/broken.xlsx", REFUSED);
  return backend;
}

async function settings(user: string, backend = vault()) {
  screen = new Screen(backend);
  await screen.unlockAs(user);
  screen.click("nav-settings");
  await screen.waitShown("settings-panel");
  return { s: screen, backend };
}

describe("lib/forms", () => {
  const words = {
    workbook: "The workbook",
    sheet: (n: string) => `sheet ${n}`,
    row: (n: number) => `row ${n}`,
    column: (c: string) => `column ${c}`,
  };
  it("says where a problem is, down to what it knows", () => {
    const p = { sheet: "survey", row: 3, column: "relevant (E)", reason: "", unsupported: false };
    expect(problemPlace(p, words)).toBe("sheet survey, row 3, column relevant (E)");
    expect(problemPlace({ ...p, column: null }, words)).toBe("sheet survey, row 3");
    expect(problemPlace({ ...p, sheet: "", row: null, column: null }, words)).toBe("The workbook");
  });
  it("orders problems as the workbook reads: survey, choices, settings, by row", () => {
    const sorted = sortProblems(REFUSED.outcome === "refused" ? REFUSED.problems : []);
    expect(sorted.map((p) => `${p.sheet}:${p.row}`)).toEqual(["survey:3", "survey:7", "settings:2"]);
  });
  it("names form versions for a select and finds them back", () => {
    const forms = [{ id: "intake", version: 1 }, { id: "invented_followup", version: 2 }];
    expect(formKey(forms[1]!)).toBe("invented_followup@2");
    expect(formOfKey(forms, "invented_followup@2")).toBe(forms[1]);
    expect(formOfKey(forms, "invented_followup@1")).toBeNull();
  });
  it("previews in the UI language when the form has it, else in one it can show", () => {
    expect(previewLanguage(["en", "ru"], "ru")).toBe("ru");
    expect(previewLanguage(["ce", "ru"], "en")).toBe("ru");
    expect(previewLanguage(["ce"], "ru")).toBe("en");
  });
});

describe("Settings › Forms", () => {
  it("is offered to admins only", async () => {
    const { s, backend } = await settings(USERS.caseworker);
    expect(s.has("settings-forms")).toBe(false);
    expect(backend.calls).not.toContain("list_forms");
  });

  it("lists every problem of a refused workbook at its sheet, row and column, and imports nothing", async () => {
    const { s, backend } = await settings(USERS.admin);
    await s.waitShown("form-row-fixture@1");
    s.type("form-path", "/tmp/invented/broken.xlsx");
    s.click("form-check");
    await s.waitShown("form-problems");
    const items = [...document.querySelectorAll('[data-testid="form-problem"]')].map((e) =>
      (e.textContent ?? "").replace(/\s+/g, " ").trim(),
    );
    expect(items).toHaveLength(3);
    expect(items[0]).toContain("sheet “survey”, row 3, column relevant (E)");
    expect(items[0]).toContain("not supported by Waystone");
    expect(items[2]).toContain("sheet “settings”, row 2, column version (B)");
    expect(s.has("form-import")).toBe(false);
    expect(backend.calls).not.toContain("import_form_file");
    expect(backend.importedForms).toHaveLength(0);
  });

  it("previews a clean workbook in each of its languages, imports it, then withdraws and offers it", async () => {
    const { s, backend } = await settings(USERS.admin);
    s.type("form-path", "/tmp/invented/followup.xlsx");
    s.click("form-check");
    await s.waitShown("form-ready");
    expect(s.text("preview-q-relocated")).toContain("Have you left the region?");
    expect(s.text("preview-r-contacts")).toContain("Which body?");
    expect(s.text("preview-r-note-contacts")).toContain("the interviewer does not add or remove them");
    s.select("form-preview-language", "ru");
    expect(s.text("preview-q-relocated")).toContain("Вы покинули регион?");
    expect(s.text("preview-q-contacts.contact_body")).toContain("Какой орган?");
    // nothing is stored by a check
    expect(backend.importedForms).toHaveLength(0);
    s.click("form-import");
    await s.waitShown("forms-done");
    expect(backend.importedForms.map((f) => formKey(f.summary))).toEqual(["invented_followup@1"]);
    await s.waitShown("form-row-invented_followup@1");
    const offer = s.get<HTMLInputElement>("form-offer-invented_followup@1");
    expect(offer.checked).toBe(true);
    offer.click();
    await s.waitFor(() => backend.importedForms[0]?.summary.available === false, "withdrawn");
    await s.waitFor(() => !s.get<HTMLInputElement>("form-offer-invented_followup@1").checked, "shown withdrawn");
    expect(s.has("form-offer-fixture@1")).toBe(false); // a built-in form is always offered
  });

  it("shows the core's refusal of a relative path", async () => {
    const { s } = await settings(USERS.admin);
    s.type("form-path", "followup.xlsx");
    s.click("form-check");
    await s.waitShown("forms-error");
  });
});

describe("New interview on a chosen form", () => {
  function withImported(available: boolean): FakeBackend {
    const backend = vault();
    backend.importedForms.push({
      summary: {
        id: FOLLOWUP.id,
        version: 1,
        title: FOLLOWUP.title,
        languages: ["en", "ru"],
        source: "imported",
        questions: 2,
        available,
        cases: 0,
      },
      form: FOLLOWUP,
    });
    return backend;
  }

  it("offers no choice while only the built-in form is available", async () => {
    screen = new Screen(withImported(false));
    await screen.unlockAs(USERS.caseworker);
    await screen.waitFor(() => screen!.app.session !== null, "session");
    expect(screen.has("new-interview-form")).toBe(false);
  });

  it("starts the case on the form chosen, which the case keeps", async () => {
    const backend = withImported(true);
    screen = new Screen(backend);
    await screen.unlockAs(USERS.caseworker);
    await screen.waitShown("new-interview-form");
    const options = [...screen.get<HTMLSelectElement>("new-interview-form").options].map((o) => o.textContent);
    expect(options).toEqual(["Test form (version 1)", "Follow-up (invented) (version 1)"]);
    screen.select("new-interview-form", "invented_followup@1");
    screen.click("new-interview");
    await screen.waitFor(() => backend.createdOn.length === 1, "case created");
    expect(backend.createdOn).toEqual([{ id: "invented_followup", version: 1 }]);
    const created = [...backend.cases.values()].at(-1)!;
    expect([created.summary.formId, created.summary.formVersion]).toEqual(["invented_followup", 1]);
  });
});
