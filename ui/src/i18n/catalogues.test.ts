import { describe, expect, it } from "vitest";
import { catalogues, errorText } from "./index";
import { en } from "./en";
import { ru } from "./ru";
import type { ErrorCode } from "../ipc/bindings/ErrorCode";
import errorCodeBinding from "../ipc/bindings/ErrorCode.ts?raw";
import { AUDIT_ACTIONS } from "../test/core-audit-actions";

type Leaf = { path: string; value: unknown };

/**
 * Every text of a catalogue. A message that is a function (a number or a name is inserted)
 * is called with a sample argument for each parameter, so its output is checked too.
 */
function leaves(value: unknown, path = ""): Leaf[] {
  if (typeof value === "function") {
    const fn = value as (...args: string[]) => unknown;
    return [{ path, value: fn(...Array.from({ length: fn.length }, () => "7")) }];
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, child]) =>
      leaves(child, path ? `${path}.${key}` : key),
    );
  }
  return [{ path, value }];
}

// Strings that are the same in both languages on purpose.
const SAME_IN_BOTH = new Set([
  "app.name",
  "language.en",
  "language.ru",
  "language.enShort",
  "language.ruShort",
  "repeat.instance", // "<label> <number>": the label itself comes from the form, translated there
  "board.none", // a dash for "nothing"; its spoken label (board.noneLabel) is translated
  "panel.userOption", // "<name> (<role>)": the role comes translated from `roles`
  "panel.eventOther", // "<kind>: <detail>" for an event kind this UI does not know
  "reports.hidden", // the hidden-number marker, "x", as printed in every report format
  "review.formats.pdf", // format names
  "review.formats.md",
  "mailbox.engine.webdav", // a protocol's name
]);

describe("message catalogues", () => {
  it("have exactly the same keys in English and Russian", () => {
    const enKeys = leaves(en).map((l) => l.path).sort();
    const ruKeys = leaves(ru).map((l) => l.path).sort();
    expect(ruKeys).toEqual(enKeys);
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it("contain only non-empty strings", () => {
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      for (const { path, value } of leaves(catalogue)) {
        expect(typeof value, `${lang}:${path}`).toBe("string");
        expect((value as string).trim(), `${lang}:${path}`).not.toBe("");
      }
    }
  });

  it("translate every Russian string that is not the same on purpose", () => {
    const english = new Map(leaves(en).map((l) => [l.path, l.value]));
    for (const { path, value } of leaves(ru)) {
      if (SAME_IN_BOTH.has(path)) continue;
      expect(value, `ru:${path} is still English`).not.toBe(english.get(path));
      expect(String(value), `ru:${path} has no Cyrillic`).toMatch(/[а-яё]/i);
    }
  });

  it("have a message for every IPC error code, distinct for the ones the UI branches on", () => {
    const codes: ErrorCode[] = [
      "auth_failed",
      "corrupt",
      "newer_version",
      "forbidden",
      "invalid",
      "weak_passphrase",
      "locked",
      "already_exists",
      "not_found",
      "internal",
    ];
    for (const t of [en, ru]) {
      const texts = codes.map((code) => errorText(t, code));
      expect(new Set(texts).size).toBe(codes.length);
      expect(errorText(t, "auth_failed")).not.toBe(errorText(t, "corrupt"));
    }
    // A corrupt vault must tell the person the vault was not changed.
    expect(en.errors.corrupt).toMatch(/not changed/);
    expect(ru.errors.corrupt).toMatch(/не было изменено/);
  });

  // What the core can emit, from generated files (never a list typed here): the audit actions
  // read from the core's `audit(…)` calls (src-tauri/src/commands/audit_actions.rs), and the
  // IPC error codes from the ts-rs binding of the shell's ErrorCode enum.
  it("have an English and a Russian text for every audit action the core can write", () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(30);
    for (const action of AUDIT_ACTIONS) {
      const english = en.audit.actions[action];
      const russian = ru.audit.actions[action];
      expect(english, `en: audit action ${action}`).toBeTruthy();
      expect(russian, `ru: audit action ${action}`).toBeTruthy();
      expect(russian, `ru: audit action ${action}`).toMatch(/[а-яё]/i);
      expect(english, `en: audit action ${action} shown as its code`).not.toBe(action);
    }
  });

  it("have an English and a Russian text for every error code the core can emit over IPC", () => {
    const codes = [...errorCodeBinding.matchAll(/"([a-z_]+)"/g)].map((m) => m[1] as ErrorCode);
    expect(codes.length).toBeGreaterThanOrEqual(14);
    for (const code of codes) {
      expect(errorText(en, code), `en: error ${code}`).toBeTruthy();
      expect(errorText(ru, code), `ru: error ${code}`).toMatch(/[а-яё]/i);
    }
  });

  it("say what to do about an ordinary file problem, each in words of its own, never 'something went wrong'", () => {
    const codes = [...errorCodeBinding.matchAll(/"([a-z_]+)"/g)]
      .map((m) => m[1] as ErrorCode)
      .filter((c) => c.startsWith("file_"));
    expect(codes).toEqual(
      expect.arrayContaining([
        "file_relative_path",
        "file_folder_missing",
        "file_not_found",
        "file_is_folder",
        "file_read_only",
        "file_disk_full",
        "file_exists",
      ]),
    );
    for (const t of [en, ru]) {
      const texts = codes.map((code) => errorText(t, code));
      expect(new Set(texts).size, "one text per file problem").toBe(codes.length);
      for (const text of texts) {
        expect(text).not.toBe(t.errors.internal);
        expect(text).not.toMatch(/technical support|техническ/i);
      }
    }
  });

  it("use one term for the vault's secret in each language: passphrase / парольная фраза", () => {
    // "password" / «пароль» name only a storage server's password (mailbox) and, in the
    // advice on choosing one, what a passphrase is better than (setup, strength)
    const elsewhere = (path: string) => !/^(mailbox|setup|strength)\./.test(path);
    const word: Record<"en" | "ru", RegExp> = {
      en: /\bpasswords?\b/i,
      ru: /(^|[^а-яё])парол(ь|я|ю|ем|е|и|ей|ям|ями|ях)([^а-яё]|$)/i,
    };
    for (const lang of ["en", "ru"] as const) {
      const wrong = leaves(catalogues[lang])
        .filter(({ path, value }) => elsewhere(path) && word[lang].test(String(value)))
        .map(({ path }) => path);
      expect(wrong, lang).toEqual([]);
    }
    // and the vault's term is used where the vault's secret is asked for
    expect(en.unlock.passphraseLabel).toMatch(/passphrase/i);
    expect(ru.unlock.passphraseLabel).toMatch(/парольн/i);
  });
});

