/**
 * Choosing files (issue 18): *Choose…* beside every path asks the shell for a native dialog
 * (`chooseFile`, answered here by the fake backend) and puts the chosen path where a typed
 * one goes. A received bundle opens through one dialog (checked at once, Downloads first); a
 * save dialog starts from the proposed free name; a cancelled dialog changes nothing; an
 * ordinary file problem is said in words, in English and Russian, never as "something went
 * wrong". Every person and case is invented.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeBackend } from "../test/fake-backend";
import { FAKE_FOLDER } from "../test/fake-transfer";
import { Screen } from "../test/dom";
import { boardVault, USERS } from "../test/board-fixture";
import type { BundlePreviewDto } from "../ipc/transfer";
import { en } from "../i18n/en";
import { ru } from "../i18n/ru";

let screen: Screen | null = null;

// jsdom lays nothing out: the verdict's scroll into view is a no-op here
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};

afterEach(() => {
  screen?.destroy();
  screen = null;
});

async function on(nav: string, shown: string, user: string, backend: FakeBackend = boardVault()) {
  screen = new Screen(backend);
  await screen.unlockAs(user);
  screen.click(nav);
  await screen.waitShown(shown);
  const s = screen;
  // the exchange screen fills its paths once the output folder is known
  if (shown === "screen-exchange") await s.waitFor(() => input(s, "send-path").value !== "", "paths filled");
  return { s, backend };
}

function input(s: Screen, id: string): HTMLInputElement {
  return s.get(id) as HTMLInputElement;
}

const PREVIEW: BundlePreviewDto = {
  digest: "d1",
  statusCard: false,
  caseId: "case-1",
  code: "WS-FILE-1",
  sender: "alice",
  senderFingerprint: "AAAA BBBB",
  senderClaims: "alice",
  createdAt: "2030-01-30T10:00:00Z",
  appVersion: "0.1.0",
  formId: "intake",
  formVersion: 1,
  auditHead: "ab",
  parts: [{ name: "case.json", size: 10, sha256: "00".repeat(32) }],
  created: true,
  changed: ["narrative"],
  conflict: null,
  alreadyOpened: false,
  held: false,
};

describe("Choose… beside a path", () => {
  it("opens a received bundle through one dialog, starting in Downloads, and checks it at once", async () => {
    const backend = boardVault();
    const received = "/home/test/Downloads/from-alice.waystone";
    backend.bundles.set(received, { outcome: "verified", preview: PREVIEW });
    backend.dialogAnswers = [received];
    const { s } = await on("nav-exchange", "screen-exchange", USERS.caseworker, backend);
    s.click("open-path-choose");
    await s.waitShown("verdict-verified");
    expect(s.text("preview-code")).toBe("WS-FILE-1");
    expect(input(s, "open-path").value).toBe(received);
    expect(backend.dialogs).toEqual([
      {
        kind: "open",
        title: en.files.titles.openBundle,
        defaultPath: null,
        inDownloads: true,
        filters: [{ name: en.files.filters.bundle, extensions: ["waystone"] }],
      },
    ]);
    // one dialog, then the check: nothing typed, nothing imported yet
    expect(backend.calls.filter((c) => c === "choose_file" || c === "verify_bundle")).toEqual([
      "choose_file",
      "verify_bundle",
    ]);
    expect(backend.imports).toEqual([]);
  });

  it("keeps the field and checks nothing when the dialog is cancelled", async () => {
    const backend = boardVault();
    backend.dialogAnswers = [null];
    const { s } = await on("nav-exchange", "screen-exchange", USERS.caseworker, backend);
    s.type("open-path", "/media/usb/typed.waystone");
    s.click("open-path-choose");
    await s.waitFor(() => backend.dialogs.length === 1, "the dialog was asked for");
    await new Promise((r) => setTimeout(r, 20));
    expect(input(s, "open-path").value).toBe("/media/usb/typed.waystone");
    expect(backend.calls).not.toContain("verify_bundle");
    // the typed path is still the fallback: it reaches the default folder of the dialog
    expect(backend.dialogs[0]?.defaultPath).toBe("/media/usb/typed.waystone");
  });

  it("starts a save dialog from the proposed free name and writes where the person chose", async () => {
    const backend = boardVault();
    const { s } = await on("nav-reports", "screen-reports", USERS.admin, backend);
    await s.waitFor(() => input(s, "reports-path").value.startsWith(`${FAKE_FOLDER}/`), "a proposed name");
    const proposed = input(s, "reports-path").value;
    backend.dialogAnswers = ["/media/usb/patterns.docx"];
    s.click("reports-path-choose");
    await s.waitFor(() => input(s, "reports-path").value === "/media/usb/patterns.docx", "the chosen path");
    expect(backend.dialogs[0]).toMatchObject({
      kind: "save",
      title: en.files.titles.exportReport,
      defaultPath: proposed,
      filters: [{ name: en.files.filters.docx, extensions: ["docx"] }],
    });
    s.click("reports-export-button");
    await s.waitShown("reports-export-done");
    expect(backend.written.has("/media/usb/patterns.docx")).toBe(true);
    // the same file again: its own clear message, nothing replaced
    s.click("reports-export-button");
    const error = await s.waitShown("reports-export-error");
    expect(error.getAttribute("data-code")).toBe("file_exists");
    expect(error.textContent).toContain(en.errors.file_exists);
  });

  it("says a folder is not a file in Russian, without 'something went wrong'", async () => {
    const backend = boardVault();
    backend.language = "ru";
    backend.folders.add("/home/test/Downloads");
    const { s } = await on("nav-exchange", "screen-exchange", USERS.caseworker, backend);
    s.type("open-path", "/home/test/Downloads");
    s.click("open-verify");
    const error = await s.waitShown("open-error");
    expect(error.getAttribute("data-code")).toBe("file_is_folder");
    expect(error.textContent).toContain(ru.errors.file_is_folder);
    expect(error.textContent).not.toContain(ru.errors.internal);
    expect(s.text("open-path-choose")).toBe(ru.files.choose);
  });

  it("offers a folder dialog for a folder mailbox and a file dialog for a backup to restore", async () => {
    const backend = boardVault();
    backend.dialogAnswers = ["/srv/sync/team"];
    const { s } = await on("nav-settings", "settings-panel", USERS.admin, backend);
    await s.waitShown("mailbox-path-choose");
    expect(s.text("mailbox-path-choose")).toBe(en.files.chooseFolder);
    s.click("mailbox-path-choose");
    await s.waitFor(() => input(s, "mailbox-path").value === "/srv/sync/team", "the chosen folder");
    expect(backend.dialogs[0]).toMatchObject({ kind: "folder", title: en.files.titles.mailboxFolder, filters: [] });
  });
});
