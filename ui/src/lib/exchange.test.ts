/**
 * The exchange screen's logic against the fake backend: default paths in the output folder,
 * contacts (a bad key line refused), sending (coordinators send status cards only), opening
 * a bundle — verified and summarised before anything is imported, refusals shown and never
 * imported, conflicts kept for a merge answer by answer, the import bound to the verified digest — backup, the audit log
 * view (admins only) and the first-run restore. Every person and case is invented.
 */
import { describe, expect, it } from "vitest";
import { AppController } from "./app.svelte";
import {
  backupFileName,
  bundleFileName,
  canImport,
  Exchange,
  joinPath,
  localDate,
} from "./exchange.svelte";
import { AuditLog, pageBounds } from "./audit.svelte";
import { boardVault, USERS } from "../test/board-fixture";
import { PASSPHRASE } from "../test/dom";
import { FakeBackend } from "../test/fake-backend";
import { FAKE_FOLDER, FAKE_KEY_LINE, FakeTransfer } from "../test/fake-transfer";
import type { BundlePreviewDto, MergeViewDto } from "../ipc/transfer";
import { mergeLabel, mergeValueText, partialDateText, questionAt } from "./merge";
import type { FormView } from "../ipc/backend";
import { messagesFor } from "../i18n";
import type { RightsDto } from "../ipc/backend";
import { RIGHTS } from "../test/core-tables";

const NOW = new Date(2030, 0, 31, 9, 5, 7);

async function signedIn(user: string, backend = boardVault()) {
  const app = new AppController(backend);
  await app.start();
  expect(await app.unlock(user, PASSPHRASE)).toBeNull();
  const exchange = new Exchange({
    rights: app.session?.rights ?? null,
    run: (command) => app.run(command),
    now: () => NOW,
  });
  await exchange.load();
  return { app, backend, exchange };
}

function preview(fields: Partial<BundlePreviewDto> = {}): BundlePreviewDto {
  return {
    digest: "d1",
    statusCard: false,
    caseId: "case-1",
    code: "WS-TEST-1",
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
    ...fields,
  };
}

describe("names and paths", () => {
  it("proposes dated names without the case code", () => {
    expect(localDate(NOW)).toBe("2030-01-31");
    expect(bundleFileName(NOW, false)).toBe("bundle-2030-01-31-090507.waystone");
    expect(bundleFileName(NOW, true)).toBe("status-card-2030-01-31-090507.waystone");
    expect(backupFileName(NOW)).toBe("waystone-backup-2030-01-31.wsbk");
    expect(joinPath("/home/a/Waystone/", "x.wsbk")).toBe("/home/a/Waystone/x.wsbk");
    expect(canImport(null)).toBe(false);
    expect(canImport(preview())).toBe(true);
    // a conflict is kept for a comparison, never applied: it may be taken in too
    expect(canImport(preview({ conflict: { localUpdatedAt: "b", bundleUpdatedAt: "a", differing: ["x"] } }))).toBe(true);
    // a bundle opened before has nothing to import; a held one may be kept for a decision
    expect(canImport(preview({ alreadyOpened: true }))).toBe(false);
    expect(canImport(preview({ held: true, created: false }))).toBe(true);
  });

  it("offers backups and whole cases only where the session's rights say", () => {
    const run = (() => Promise.resolve(null)) as never;
    const make = (rights: Partial<RightsDto>) => new Exchange({ rights: { ...RIGHTS.caseworker, ...rights }, run });
    expect(make({ backup: true }).canBackup).toBe(true);
    expect(make({ backup: false }).canBackup).toBe(false);
    expect(make({ sendCase: false, sendStatusCard: true }).statusCardOnly).toBe(true);
    expect(make({ sendCase: true }).statusCardOnly).toBe(false);
    // no session: nothing is offered
    const none = new Exchange({ rights: null, run });
    expect(none.canBackup).toBe(false);
    expect(none.statusCardOnly).toBe(true);
  });
});

describe("Exchange", () => {
  it("loads the key and fills the paths in the output folder", async () => {
    const { exchange } = await signedIn(USERS.caseworker);
    expect(exchange.key?.keyLine).toBe(FAKE_KEY_LINE);
    expect(exchange.folder).toBe(FAKE_FOLDER);
    expect(exchange.sendPath).toBe(`${FAKE_FOLDER}/bundle-2030-01-31-090507.waystone`);
    expect(exchange.backupPath).toBe(`${FAKE_FOLDER}/waystone-backup-2030-01-31.wsbk`);
    expect(exchange.cases.length).toBeGreaterThan(0);
    expect(exchange.statusCard).toBe(false);
  });

  it("pins a contact and refuses a bad key line", async () => {
    const { exchange } = await signedIn(USERS.caseworker);
    const bad = await exchange.addContact("lawyer", "age1only half a line");
    expect(bad?.code).toBe("invalid");
    expect(exchange.contacts).toEqual([]);
    expect(await exchange.addContact(" lawyer ", ` ${FAKE_KEY_LINE} `)).toBeNull();
    expect(exchange.contacts.map((c) => c.name)).toEqual(["lawyer"]);
  });

  it("sends a case to chosen contacts and proposes a new name after", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    await exchange.addContact("lawyer", FAKE_KEY_LINE);
    expect(exchange.canSend).toBe(false);
    exchange.sendCaseId = exchange.cases[0]?.id ?? "";
    exchange.toggleRecipient("lawyer", true);
    expect(exchange.canSend).toBe(true);
    const first = exchange.sendPath;
    await exchange.send();
    expect(exchange.sendError).toBeNull();
    expect(exchange.sent?.path).toBe(first);
    expect(backend.written.has(first)).toBe(true);
    // the same name again is refused by the backend, nothing replaced
    exchange.sendPath = first;
    await exchange.send();
    expect(exchange.sendError?.code).toBe("file_exists");
    // a status card switches the proposed name, a typed path is kept
    exchange.sendPath = "/media/usb/mine.waystone";
    exchange.setStatusCard(true);
    expect(exchange.sendPath).toBe("/media/usb/mine.waystone");
    exchange.sendPath = "";
    exchange.setStatusCard(false);
    exchange.setStatusCard(true);
    expect(exchange.sendPath).toContain("status-card-");
    exchange.toggleRecipient("lawyer", false);
    expect(exchange.canSend).toBe(false);
  });

  it("keeps coordinators to status cards", async () => {
    const { exchange } = await signedIn(USERS.coordinator);
    expect(exchange.statusCard).toBe(true);
    exchange.setStatusCard(false);
    expect(exchange.statusCard).toBe(true);
    expect(exchange.sendPath).toContain("status-card-");
  });

  it("verifies first, imports the verified digest only when asked", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    const path = `${FAKE_FOLDER}/from-alice.waystone`;
    backend.bundles.set(path, { outcome: "verified", preview: preview() });
    await exchange.refreshFiles();
    expect(exchange.files.map((f) => f.name)).toContain("from-alice.waystone");
    await exchange.verify(path);
    expect(exchange.preview?.code).toBe("WS-TEST-1");
    expect(backend.imports).toEqual([]);
    await exchange.importVerified();
    expect(backend.imports).toEqual([{ path, digest: "d1" }]);
    expect(exchange.received?.code).toBe("WS-TEST-1");
    expect(exchange.verdict).toBeNull();
  });

  it("shows a refusal, never imports it, and keeps a conflict for a comparison", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    backend.bundles.set("/tmp/bad.waystone", { outcome: "refused", reason: "unknown_sender", message: "signed by a key…" });
    await exchange.verify(" /tmp/bad.waystone ");
    expect(exchange.verdict).toEqual({ outcome: "refused", reason: "unknown_sender", message: "signed by a key…" });
    expect(exchange.preview).toBeNull();
    await exchange.importVerified();
    const conflict = { localUpdatedAt: "2030-01-31T00:00:00Z", bundleUpdatedAt: "2030-01-01T00:00:00Z", differing: ["evacuation_stage"] };
    backend.bundles.set("/tmp/old.waystone", { outcome: "verified", preview: preview({ created: false, conflict }) });
    await exchange.verify("/tmp/old.waystone");
    expect(exchange.preview?.conflict).toEqual(conflict);
    await exchange.importVerified();
    expect(backend.imports).toEqual([{ path: "/tmp/old.waystone", digest: "d1" }]);
    expect(exchange.received?.outcome).toBe("conflict");
    expect(exchange.held.map((h) => h.reason)).toEqual(["conflict"]);
    // a relative path or a missing file is an error, not a verdict
    await exchange.verify("relative.waystone");
    expect(exchange.openError?.code).toBe("file_relative_path");
    expect(exchange.verdict).toBeNull();
  });

  it("backs up to a new file and drops everything on dispose", async () => {
    const { exchange, backend } = await signedIn(USERS.admin);
    await exchange.backup();
    const first = `${FAKE_FOLDER}/waystone-backup-2030-01-31.wsbk`;
    expect(exchange.backedUp?.path).toBe(first);
    expect(backend.written.has(first)).toBe(true);
    // the next backup the same day is offered a name of its own
    expect(exchange.backupPath).toBe(`${FAKE_FOLDER}/waystone-backup-2030-01-31-2.wsbk`);
    await exchange.backup();
    expect(exchange.backedUp?.path).toBe(`${FAKE_FOLDER}/waystone-backup-2030-01-31-2.wsbk`);
    // a name typed over an existing file is still refused, never replaced
    exchange.backupPath = first;
    await exchange.backup();
    expect(exchange.backupError?.code).toBe("file_exists");
    exchange.dispose();
    expect(exchange.key).toBeNull();
    expect(exchange.cases).toEqual([]);
  });

  it("asks before replacing a pinned contact's key, showing both fingerprints", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    expect(await exchange.addContact("lawyer", "waystone-key-v1 age1a ed25519:a first")).toBeNull();
    expect(exchange.contacts).toEqual([{ name: "lawyer", fingerprint: "FP-FIRST" }]);
    // the same key again is not a replacement
    expect(await exchange.addContact("lawyer", "waystone-key-v1 age1a ed25519:a first")).toBeNull();
    expect(exchange.pendingReplace).toBeNull();
    // another key under the same name: nothing pinned yet, the question asked with both
    backend.calls.length = 0;
    expect(await exchange.addContact("lawyer", "waystone-key-v1 age1b ed25519:b second")).toBeNull();
    expect(exchange.pendingReplace).toEqual({
      name: "lawyer",
      keyLine: "waystone-key-v1 age1b ed25519:b second",
      pinned: "FP-FIRST",
      offered: "FP-SECOND",
    });
    expect(backend.calls).toEqual(["inspect_key_line"]);
    expect(backend.contacts).toEqual([{ name: "lawyer", fingerprint: "FP-FIRST" }]);
    exchange.cancelReplace();
    expect(exchange.pendingReplace).toBeNull();
    expect(exchange.contacts[0]?.fingerprint).toBe("FP-FIRST");
    // asked again and confirmed: replaced
    await exchange.addContact("lawyer", "waystone-key-v1 age1b ed25519:b second");
    expect(await exchange.confirmReplace()).toBeNull();
    expect(exchange.contacts).toEqual([{ name: "lawyer", fingerprint: "FP-SECOND" }]);
    expect(backend.contacts).toEqual([{ name: "lawyer", fingerprint: "FP-SECOND" }]);
    // the backend itself refuses a silent replacement
    await expect(backend.addContact("lawyer", "waystone-key-v1 x third", false)).rejects.toMatchObject({
      code: "already_exists",
    });
    expect(FakeTransfer.fingerprintOf("waystone-key-v1 x third")).toBe("FP-THIRD");
  });

  it("keeps an update from someone the case did not come from for a decision, then accepts or rejects it", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    expect(exchange.held).toEqual([]);
    const path = `${FAKE_FOLDER}/from-carol.waystone`;
    backend.bundles.set(path, {
      outcome: "verified",
      preview: preview({ digest: "d2", sender: "carol", senderFingerprint: "CCCC DDDD", created: false, held: true }),
    });
    await exchange.verify(path);
    expect(exchange.preview?.held).toBe(true);
    await exchange.importVerified();
    expect(exchange.received?.outcome).toBe("held");
    expect(exchange.held.map((h) => [h.from, h.fromFingerprint, h.code, h.changed])).toEqual([
      ["carol", "CCCC DDDD", "WS-TEST-1", ["narrative"]],
    ]);
    const first = exchange.held[0]?.id ?? -1;
    // accepting runs the core's checks again: a refusal is shown, the update stays held
    backend.acceptFailure = { code: "corrupt", message: "not newer" };
    await exchange.decide(first, true);
    expect(exchange.heldError?.code).toBe("corrupt");
    expect(exchange.decided).toBeNull();
    backend.acceptFailure = null;
    await exchange.decide(first, true);
    expect(exchange.heldError).toBeNull();
    expect(exchange.decided).toEqual({ id: first, accepted: true, trusted: false, code: "WS-TEST-1", sender: "carol" });
    expect(exchange.held).toEqual([]);
    // a second one rejected
    backend.bundles.set(path, {
      outcome: "verified",
      preview: preview({ digest: "d3", sender: "carol", created: false, held: true }),
    });
    await exchange.verify(path);
    await exchange.importVerified();
    const second = exchange.held[0]?.id ?? -1;
    await exchange.decide(second, false);
    expect(exchange.decided).toEqual({ id: second, accepted: false, trusted: false, code: "WS-TEST-1", sender: "carol" });
    expect(exchange.held).toEqual([]);
    expect(backend.incoming.map((i) => [i.state, i.reason])).toEqual([
      ["refused", "rejected"],
      ["imported", "accepted"],
    ]);
    expect(backend.calls.filter((c) => c.endsWith("_incoming"))).toEqual([
      "list_incoming",
      "list_incoming",
      "accept_incoming",
      "accept_incoming",
      "list_incoming",
      "list_incoming",
      "reject_incoming",
      "list_incoming",
    ]);
  });

  it("trusts the sender on accept only when asked, for that entry only", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    const path = `${FAKE_FOLDER}/from-carol.waystone`;
    for (const digest of ["t1", "t2"]) {
      backend.bundles.set(path, {
        outcome: "verified",
        preview: preview({ digest, sender: "carol", created: false, held: true }),
      });
      await exchange.verify(path);
      await exchange.importVerified();
    }
    const [newer, older] = exchange.held.map((h) => h.id);
    expect(exchange.trustOnAccept(newer ?? -1)).toBe(false);
    exchange.setTrustOnAccept(newer ?? -1, true);
    expect(exchange.trustOnAccept(newer ?? -1)).toBe(true);
    expect(exchange.trustOnAccept(older ?? -1)).toBe(false);
    await exchange.decide(older ?? -1, true);
    expect(exchange.decided?.trusted).toBe(false);
    await exchange.decide(newer ?? -1, true);
    expect(exchange.decided?.trusted).toBe(true);
    expect(backend.acceptedWith).toEqual([
      [older, false],
      [newer, true],
    ]);
  });

  it("reports a bundle opened before and never offers its import", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    backend.bundles.set("/tmp/again.waystone", {
      outcome: "verified",
      preview: preview({ created: false, changed: [], alreadyOpened: true }),
    });
    await exchange.verify("/tmp/again.waystone");
    expect(exchange.preview?.alreadyOpened).toBe(true);
    await exchange.importVerified();
    expect(backend.imports).toEqual([]);
    // refusals of a rollback and of a version dated ahead are verdicts with their reason
    backend.bundles.set("/tmp/old.waystone", { outcome: "refused", reason: "not_newer", message: "older" });
    await exchange.verify("/tmp/old.waystone");
    expect(exchange.verdict).toMatchObject({ outcome: "refused", reason: "not_newer" });
    backend.bundles.set("/tmp/ahead.waystone", { outcome: "refused", reason: "future_dated", message: "ahead" });
    await exchange.verify("/tmp/ahead.waystone");
    expect(exchange.verdict).toMatchObject({ outcome: "refused", reason: "future_dated" });
  });

  it("does not back up for roles other than admin", async () => {
    for (const user of [USERS.caseworker, USERS.lawyer, USERS.coordinator]) {
      const { exchange, backend } = await signedIn(user);
      expect(exchange.canBackup).toBe(false);
      await exchange.backup();
      expect(backend.calls).not.toContain("backup_vault");
      expect(exchange.backedUp).toBeNull();
      // and the backend refuses it anyway
      await expect(backend.backupVault("/tmp/x.wsbk")).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("drops replies that arrive after a lock", async () => {
    const { app, exchange, backend } = await signedIn(USERS.caseworker);
    backend.bundles.set("/tmp/a.waystone", { outcome: "verified", preview: preview() });
    const pending = exchange.verify("/tmp/a.waystone");
    await app.lock("manual");
    await pending;
    expect(exchange.verdict).toBeNull();
  });
});

describe("AuditLog", () => {
  function rows(n: number) {
    return Array.from({ length: n }, (_, i) => ({
      seq: i + 1,
      at: "2030-01-01T00:00:00Z",
      actor: "admin-demo",
      action: i % 2 ? "case.read" : "vault.unlock",
      caseCode: i % 2 ? `WS-${i}` : null,
      subject: null,
    }));
  }

  it("pages newest first and verifies the chain", async () => {
    const backend = boardVault();
    backend.auditRows = rows(7);
    const { app } = await signedIn(USERS.admin, backend);
    const log = new AuditLog({ run: (c) => app.run(c), pageSize: 3 });
    await log.load();
    expect(log.rows.map((r) => r.seq)).toEqual([7, 6, 5]);
    expect(log.total).toBe(7);
    expect(log.hasNewer).toBe(false);
    await log.older();
    await log.older();
    expect(log.rows.map((r) => r.seq)).toEqual([1]);
    expect(log.hasOlder).toBe(false);
    await log.newer();
    expect(log.rows.map((r) => r.seq)).toEqual([4, 3, 2]);
    expect(pageBounds(log.offset, log.rows.length, log.total)).toEqual({ from: 4, to: 6, total: 7 });
    await log.verify();
    expect(log.chain).toEqual({ ok: true, entries: 7, brokenAt: null });
    backend.chainBrokenAt = 4;
    await log.verify();
    expect(log.chain).toEqual({ ok: false, entries: 0, brokenAt: 4 });
  });

  it("is refused to other roles", async () => {
    const { app } = await signedIn(USERS.coordinator);
    const log = new AuditLog({ run: (c) => app.run(c) });
    await log.load();
    expect(log.error?.code).toBe("forbidden");
    expect(log.rows).toEqual([]);
  });
});

describe("first-run restore", () => {
  const backup = {
    users: [{ name: "admin-demo", role: "admin" as const }],
    passphrases: { "admin-demo": PASSPHRASE },
    recoveryKey: "AAAA-BBBB",
  };

  it("restores with a passphrase and signs in", async () => {
    const backend = new FakeBackend();
    backend.backups.set("/media/usb/b.wsbk", backup);
    const app = new AppController(backend);
    await app.start();
    expect(app.view.name).toBe("setup");
    const info = await app.backupInfo("/media/usb/b.wsbk");
    expect(info.ok && info.value.users.map((u) => u.name)).toEqual(["admin-demo"]);
    expect((await app.restoreBackup("/media/usb/b.wsbk", "admin-demo", { passphrase: "wrong" }))?.code).toBe("auth_failed");
    expect(app.view.name).toBe("setup");
    expect(await app.restoreBackup("/media/usb/b.wsbk", "admin-demo", { passphrase: PASSPHRASE })).toBeNull();
    expect(app.view.name).toBe("home");
    expect(app.session?.user).toBe("admin-demo");
  });

  it("restores with the recovery key and a new passphrase, never over a vault", async () => {
    const backend = new FakeBackend();
    backend.backups.set("/b.wsbk", backup);
    const app = new AppController(backend);
    await app.start();
    const secret = { recoveryKey: "AAAA-BBBB", newPassphrase: "a much longer new passphrase" };
    expect(await app.restoreBackup("/b.wsbk", "admin-demo", secret)).toBeNull();
    expect(backend.passphrases.get("admin-demo")).toBe(secret.newPassphrase);
    expect((await app.restoreBackup("/b.wsbk", "admin-demo", secret))?.code).toBe("already_exists");
  });

  it("compares a held conflict answer by answer and merges only what the person chose", async () => {
    const { exchange, backend } = await signedIn(USERS.caseworker);
    const conflict = { localUpdatedAt: "2030-01-31T00:00:00Z", bundleUpdatedAt: "2030-01-01T00:00:00Z", differing: ["narrative"] };
    backend.bundles.set("/tmp/old.waystone", { outcome: "verified", preview: preview({ created: false, conflict }) });
    await exchange.verify("/tmp/old.waystone");
    await exchange.importVerified();
    const id = exchange.held[0]?.id ?? -1;
    const text = (value: string) => ({ kind: "answer" as const, answer: { status: "answered" as const, type: "text" as const, value } });
    const view: MergeViewDto = {
      incomingId: id,
      caseId: "case-1",
      code: "WS-TEST-1",
      from: "alice",
      statusCard: false,
      formId: "intake",
      formVersion: 1,
      reason: "conflict",
      localVersion: "v-here",
      updateVersion: "v-there",
      newAttachments: 0,
      rows: [
        { path: "narrative", mine: text("Invented, kept here"), theirs: text("Invented, completed there"), changedHere: false, changedThere: true },
        { path: "evacuation_stage", mine: text("in_hiding"), theirs: null, changedHere: true, changedThere: false },
        { path: "risk_level", mine: text("high"), theirs: text("medium"), changedHere: true, changedThere: true },
      ],
    };
    backend.mergeViews.set(id, view);
    await exchange.openMerge(id);
    // only what they alone changed starts on theirs; both-sides rows keep mine until chosen
    expect(exchange.mergeTake).toEqual(["narrative"]);
    // the comparison holds answers: a second screen state disposed (a lock) drops it
    const other = new Exchange({ rights: null, run: async () => null, now: () => NOW });
    other.merge = exchange.merge;
    other.dispose();
    expect(other.merge).toBeNull();
    exchange.setTake("risk_level", true);
    exchange.setTake("narrative", false);
    exchange.setTake("narrative", true);
    // a copy changed since the comparison: refused, the screen stays for another look
    backend.mergeViews.set(id, { ...view, localVersion: "v-changed" });
    await exchange.applyMerge();
    expect(exchange.mergeError?.code).toBe("invalid");
    expect(exchange.merge).not.toBeNull();
    backend.mergeViews.set(id, view);
    await exchange.applyMerge();
    expect(backend.mergedWith).toEqual([[id, "v-here", ["narrative", "risk_level"]]]);
    expect(exchange.merge).toBeNull();
    expect(exchange.decided?.merged).toBe(2);
    expect(exchange.held).toEqual([]);
    // and it is listed among what was received, as merged
    expect(exchange.incomingLog.map((i) => [i.id, i.reason])).toContainEqual([id, "merged"]);
  });

  it("shows compared values as recorded: partial dates stay partial, none is 'nothing recorded'", () => {
    const en = messagesFor("en");
    const ru = messagesFor("ru");
    expect(partialDateText({ precision: "month", year: 2021, month: 3 }, en)).toBe("2021-03");
    expect(partialDateText({ precision: "season", year: 2019, season: "spring" }, ru)).toBe("весна 2019");
    expect(partialDateText({ precision: "year", year: 2022 }, en)).toBe("2022");
    expect(mergeValueText(null, en)).toBe(en.exchange.mergeNothing);
    expect(mergeValueText({ kind: "answer", answer: { status: "declined" } }, en)).toBe(en.interview.special.declined);
    expect(mergeValueText({ kind: "answer", answer: { status: "answered", type: "yes_no", value: true } }, ru)).toBe(ru.interview.yes);
    expect(mergeValueText({ kind: "status", status: "legal_review" }, en)).toBe(en.cases.statuses.legal_review);
    // with the case's form: the question's label with its instance, a choice by its label
    const choices = [{ name: "in_hiding", label: { en: "In hiding", ru: "Скрывается" } }];
    const question = { item: "question" as const, name: "stage", kind: "select_one", label: { en: "Stage", ru: "Этап" }, hint: null, choices, precisions: [], time: false, sensitivity: "normal" };
    const episodes = { item: "repeat" as const, name: "episodes", label: { en: "Episodes", ru: "Эпизоды" }, hint: null, items: [question] };
    const form = { id: "f", version: 1, title: { en: "F", ru: "Ф" }, sections: [{ name: "s", label: { en: "S", ru: "С" }, hint: null, items: [episodes] }] } as unknown as FormView;
    expect(mergeLabel(form, "episodes[1].stage", "ru")).toBe("Этап (2)");
    expect(mergeLabel(form, "unknown_path", "en")).toBe("unknown_path");
    const stage = { kind: "answer" as const, answer: { status: "answered" as const, type: "choice" as const, value: "in_hiding" } };
    expect(mergeValueText(stage, ru, questionAt(form, "episodes[0].stage"), "ru")).toBe("Скрывается");
  });
});
