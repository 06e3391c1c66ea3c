import { describe, expect, it } from "vitest";
import { AppController, FIRST_AUTO_SYNC_MS, TOUCH_INTERVAL_MS } from "./app.svelte";
import { RIGHTS } from "../test/core-tables";
import { FAKE_RECOVERY_KEY, FakeBackend, settle } from "../test/fake-backend";

const PASSPHRASE = "correct horse battery staple";

async function started(backend: FakeBackend, now?: () => number) {
  const app = new AppController(backend, now ? { now } : {});
  await app.start();
  return app;
}

/** Everything the controller exposes, as text, to search for leftovers. */
function visibleState(app: AppController): string {
  return JSON.stringify({ view: app.view, session: app.session, users: app.users });
}

describe("AppController: first run", () => {
  it("goes setup → recovery → home and drops the recovery key on leaving recovery", async () => {
    const backend = new FakeBackend();
    const app = await started(backend);
    expect(app.view.name).toBe("setup");

    expect(await app.createVault("caseworker-demo", PASSPHRASE)).toBeNull();
    expect(app.view).toEqual({ name: "recovery", recoveryKey: FAKE_RECOVERY_KEY });
    expect(app.session).toEqual({ user: "caseworker-demo", role: "admin", rights: RIGHTS.admin });

    app.finishRecovery();
    expect(app.view.name).toBe("home");
    expect(visibleState(app)).not.toContain(FAKE_RECOVERY_KEY);
  });

  it("stays on setup and returns the error code when creation fails", async () => {
    const backend = new FakeBackend();
    const app = await started(backend);
    const error = await app.createVault("caseworker-demo", "short");
    expect(error?.code).toBe("weak_passphrase");
    expect(app.view.name).toBe("setup");
    expect(app.session).toBeNull();
  });
});

describe("AppController: locking", () => {
  it("on a vault-locked event drops the session and shows the unlock screen", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    expect(app.view.name).toBe("home");

    backend.emitLocked("idle");
    // Synchronously: nothing of the session is left.
    expect(app.session).toBeNull();
    expect(app.view).toEqual({ name: "unlock", idleLocked: true, error: null });
    await settle();
    expect(app.view.name).toBe("unlock");
  });

  it("drops the recovery key if the vault locks while it is shown", async () => {
    const backend = new FakeBackend();
    const app = await started(backend);
    await app.createVault("caseworker-demo", PASSPHRASE);
    expect(visibleState(app)).toContain(FAKE_RECOVERY_KEY);

    backend.emitLocked("idle");
    await settle();
    expect(app.view.name).toBe("unlock");
    expect(visibleState(app)).not.toContain(FAKE_RECOVERY_KEY);
    app.finishRecovery(); // a late click must not reach home
    expect(app.view.name).toBe("unlock");
  });

  it("manual lock goes to unlock, and a panic lock looks the same once done", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    await app.lock("manual");
    expect(backend.lockReasons).toEqual(["manual"]);
    const afterManual = app.view;

    await app.unlock("caseworker-demo", PASSPHRASE);
    app.panic();
    await settle();
    expect(backend.lockReasons).toEqual(["manual", "panic"]);
    expect(app.view).toEqual(afterManual);
  });

  it("panic blanks the screen before the backend has answered", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    backend.holdLock = true;

    app.panic();
    expect(app.view.name).toBe("blank");
    expect(app.session).toBeNull();
    await settle();
    expect(app.view.name).toBe("blank"); // still waiting for lock_vault

    backend.releaseLock();
    await settle();
    await settle();
    expect(app.view.name).toBe("unlock");
  });

  it("panic does nothing when no session is open", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    app.panic();
    await settle();
    expect(backend.lockReasons).toEqual([]);
    expect(app.view.name).toBe("unlock");
  });

  it("ignores an unlock reply that arrives after a lock", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    const pending = app.unlock("caseworker-demo", PASSPHRASE);
    backend.emitLocked("idle"); // before the unlock promise settles
    await pending;
    await settle();
    expect(app.view.name).toBe("unlock");
    expect(app.session).toBeNull();
  });

  it("never goes back to home when the backend still reports a session after lock", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    backend.lockVault = async () => {
      throw { code: "internal", message: "lock failed" };
    };
    await app.lock("manual");
    expect(app.view.name).toBe("unlock");
    expect(app.view.name === "unlock" && app.view.error?.code).toBe("internal");
    expect(app.session).toBeNull();
  });
});

describe("AppController: unlock", () => {
  it("returns auth_failed for a wrong passphrase, then opens with the right one", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    expect(app.view.name).toBe("unlock");
    expect(app.users).toEqual([{ name: "caseworker-demo", role: "caseworker" }]);

    const error = await app.unlock("caseworker-demo", "wrong passphrase entirely");
    expect(error?.code).toBe("auth_failed");
    expect(app.view.name).toBe("unlock");
    expect(app.session).toBeNull();

    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    expect(app.view.name).toBe("home");
    expect(app.session).toEqual({ user: "caseworker-demo", role: "caseworker", rights: RIGHTS.caseworker });
  });

  it("reports corrupt distinctly", async () => {
    const backend = FakeBackend.withVault();
    backend.unlockFailure = "corrupt";
    const app = await started(backend);
    expect((await app.unlock("caseworker-demo", PASSPHRASE))?.code).toBe("corrupt");
  });
});

describe("AppController: activity and settings", () => {
  it("touches the session at most once per interval, and only while unlocked", async () => {
    let t = 0;
    const backend = FakeBackend.withVault();
    const app = await started(backend, () => t);

    app.activity(); // locked: nothing sent
    await settle();
    expect(backend.touches).toBe(0);
    expect(backend.calls).not.toContain("touch_session");

    await app.unlock("caseworker-demo", PASSPHRASE);
    for (let i = 0; i < 100; i += 1) {
      app.activity();
      t += 100; // 10 s of activity
    }
    await settle();
    expect(backend.touches).toBe(1);

    t += TOUCH_INTERVAL_MS;
    app.activity();
    app.activity();
    await settle();
    expect(backend.touches).toBe(2);
  });

  it("treats a touch refused with `locked` as a lock", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend, () => 0);
    await app.unlock("caseworker-demo", PASSPHRASE);
    backend.session = null; // the backend locked without the event reaching us
    app.activity();
    await settle();
    await settle();
    expect(app.view.name).toBe("unlock");
    expect(app.session).toBeNull();
  });

  it("switches language at once and persists it through the backend", async () => {
    const backend = new FakeBackend();
    const app = await started(backend);
    expect(app.t.setup.title).toBe("Set up a new vault");
    expect(await app.setLanguage("ru")).toBeNull();
    expect(app.language).toBe("ru");
    expect(app.t.setup.title).toBe("Создание хранилища");
    expect(backend.language).toBe("ru");
  });

  it("starts in the language the backend remembers", async () => {
    const backend = FakeBackend.withVault();
    backend.language = "ru";
    const app = await started(backend);
    expect(app.t.unlock.title).toBe("Вход в хранилище");
  });

  it("validates idle minutes before sending them", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    for (const bad of [0, 121, 2.5, Number.NaN]) {
      expect((await app.setIdleMinutes(bad))?.code).toBe("invalid");
    }
    expect(backend.calls).not.toContain("set_idle_minutes");
    expect(await app.setIdleMinutes(15)).toBeNull();
    expect(backend.idleMinutes).toBe(15);
    expect(app.idleMinutes).toBe(15);
  });

  it("stops at an error screen, without reading the vault, if it cannot listen for locks", async () => {
    const backend = FakeBackend.withVault();
    backend.onVaultLocked = async () => {
      throw "event.listen not allowed";
    };
    const app = await started(backend);
    expect(app.view).toEqual({
      name: "status-error",
      error: { code: "internal", message: "event.listen not allowed" },
    });
    expect(backend.calls).not.toContain("vault_status");
  });

  it("stops listening for lock events when stopped", async () => {
    const backend = new FakeBackend();
    const app = await started(backend);
    expect(backend.listenerCount).toBe(1);
    app.stop();
    expect(backend.listenerCount).toBe(0);
  });
});

describe("AppController: interviews", () => {
  it("opens a new case, pauses back home, and drops the interview on any lock", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    expect(await app.startInterview()).toBeNull();
    expect(app.view.name).toBe("interview");
    const interview = app.view.name === "interview" ? app.view.interview : null;
    interview?.setAnswer("agree", { status: "answered", type: "yes_no", value: true });
    expect(await app.pauseInterview()).toBe(true);
    expect(app.view.name).toBe("home");
    expect(interview?.disposed).toBe(true);

    expect(await app.resumeInterview("case-1")).toBeNull();
    const resumed = app.view.name === "interview" ? app.view.interview : null;
    expect(resumed?.answers.agree).toEqual({ status: "answered", type: "yes_no", value: true });
    backend.emitLocked("idle");
    expect(app.view.name).toBe("unlock");
    expect(resumed?.disposed).toBe(true);
    expect(visibleState(app)).not.toContain("agree");
  });

  it("drops an open_case reply that arrives after a lock", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    const created = await backend.createCase();
    const pending = app.resumeInterview(created.id);
    backend.emitLocked("idle");
    expect(await pending).toBeNull();
    await settle();
    expect(app.view.name).toBe("unlock");
  });

  it("treats a case command refused with `locked` as a lock", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    backend.session = null;
    expect(await app.listCases()).toBeNull();
    expect(app.view.name).toBe("unlock");
  });
});

describe("AppController: panic wipe and the unlock limit", () => {
  it("F2 wipes only when an admin turned it on; the other stop keys always lock", async () => {
    const backend = FakeBackend.withVault();
    backend.users = [{ name: "caseworker-demo", role: "admin" }];
    const app = await started(backend);
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    // off by default: F2 locks
    app.panic(true);
    await settle();
    expect(app.view.name).toBe("unlock");
    expect(backend.wipes).toBe(0);

    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    expect(await app.setStopKeyWipes(true)).toBeNull();
    expect(app.stopKeyWipes).toBe(true);
    // Escape twice / Ctrl+Shift+L: still a lock
    app.panic(false);
    await settle();
    expect(app.view.name).toBe("unlock");
    expect(backend.wipes).toBe(0);

    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    app.panic(true);
    // blank at once, before the backend answers
    expect(app.view.name).toBe("blank");
    expect(app.session).toBeNull();
    await settle();
    expect(backend.wipes).toBe(1);
    expect(app.view.name).toBe("setup");
  });

  it("'Wipe this vault' ends on the first-run screen with nothing of the session left", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    await app.wipe();
    await settle();
    expect(app.view.name).toBe("setup");
    expect(app.session).toBeNull();
    expect(app.users).toEqual([]);
  });

  it("says so, and never shows the first-run screen, when the wipe could not destroy the key slots", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    backend.wipeVault = async () => {
      backend.emitLocked("panic");
      throw { code: "wipe_incomplete", message: "NOT fully wiped: \"keys.json\" is a symbolic link" };
    };
    await app.wipe();
    await settle();
    expect(app.view.name).toBe("status-error");
    expect(app.view.name === "status-error" && app.view.error.code).toBe("wipe_incomplete");
    expect(app.session).toBeNull();
  });

  it("shows the attempts left after a wrong passphrase, and the setup screen when the last one wiped", async () => {
    const backend = FakeBackend.withVault();
    backend.unlockLimit = 3;
    const app = await started(backend);
    expect(app.attemptsLeft).toBe(3);
    expect((await app.unlock("caseworker-demo", "wrong"))?.code).toBe("auth_failed");
    expect(app.attemptsLeft).toBe(2);
    expect(app.view.name).toBe("unlock");
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    await settle();
    expect(app.attemptsLeft).toBe(3);
    await app.lock("manual");
    for (let i = 0; i < 2; i += 1) await app.unlock("caseworker-demo", "wrong");
    expect(app.view.name).toBe("unlock");
    expect((await app.unlock("caseworker-demo", "wrong"))?.code).toBe("auth_failed");
    expect(app.view.name).toBe("setup");
  });

  it("only admins may change the limit and the stop key", async () => {
    const backend = FakeBackend.withVault();
    backend.users = [{ name: "caseworker-demo", role: "caseworker" }];
    const app = await started(backend);
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    expect((await app.setUnlockLimit(5))?.code).toBe("forbidden");
    expect((await app.setStopKeyWipes(true))?.code).toBe("forbidden");
    expect(app.stopKeyWipes).toBe(false);
  });
});

describe("AppController: the room (issue 18)", () => {
  it("shows the idle countdown in the last 30 seconds, and any activity dismisses it and touches", async () => {
    let t = 1_000_000;
    const backend = FakeBackend.withVault();
    backend.idleMinutes = 1;
    const app = await started(backend, () => t);
    app.stop(); // the test drives the checks itself
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    await settle();
    t += 29_000;
    app.checkIdle();
    expect(app.idleWarning).toBeNull();
    t += 2_000; // 29 s left
    app.checkIdle();
    expect(app.idleWarning).toBe(29);
    t += 10_000;
    app.checkIdle();
    expect(app.idleWarning).toBe(19);
    const touches = backend.touches;
    app.activity();
    expect(app.idleWarning).toBeNull();
    await settle();
    expect(backend.touches).toBe(touches + 1);
    t += 20_000;
    app.checkIdle();
    expect(app.idleWarning).toBeNull();
  });

  it("sends a touch owed for activity the throttle held back, so the countdown matches the backend", async () => {
    let t = 1_000_000;
    const backend = FakeBackend.withVault();
    const app = await started(backend, () => t);
    app.stop();
    await app.unlock("caseworker-demo", PASSPHRASE);
    app.activity(); // sent
    await settle();
    t += 5_000;
    app.activity(); // held back by the throttle
    await settle();
    expect(backend.touches).toBe(1);
    t += TOUCH_INTERVAL_MS;
    app.checkIdle();
    await settle();
    expect(backend.touches).toBe(2);
  });

  it("after an idle or manual lock, the same user comes back to the same case, section and question", async () => {
    const backend = FakeBackend.withVault();
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    expect(await app.startInterview()).toBeNull();
    const first = app.view.name === "interview" ? app.view.interview : null;
    expect(first).not.toBeNull();
    if (first === null) return;
    first.goTo("person");
    first.place = "born";
    backend.emitLocked("idle");
    await settle();
    expect(app.view.name).toBe("unlock");
    expect(visibleState(app)).not.toContain(first.caseId);

    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    expect(app.view.name).toBe("interview");
    const again = app.view.name === "interview" ? app.view.interview : null;
    expect(again?.caseId).toBe(first.caseId);
    expect(again?.section).toBe("person");
    expect(again?.focusPath).toBe("born");

    // a manual lock too; a panic lock forgets the place
    await app.lock("manual");
    await app.unlock("caseworker-demo", PASSPHRASE);
    expect(app.view.name).toBe("interview");
    await app.lock("panic");
    await settle();
    await app.unlock("caseworker-demo", PASSPHRASE);
    expect(app.view.name).toBe("home");
  });

  it("another user unlocking does not get the place", async () => {
    const backend = FakeBackend.withVault();
    backend.users.push({ name: "second", role: "caseworker" });
    backend.passphrases.set("second", PASSPHRASE);
    const app = await started(backend);
    await app.unlock("caseworker-demo", PASSPHRASE);
    await app.startInterview();
    backend.emitLocked("idle");
    await settle();
    await app.unlock("second", PASSPHRASE);
    expect(app.view.name).toBe("home");
  });

  it("remembers the last user for the unlock screen, and the Escape setting", async () => {
    const backend = FakeBackend.withVault();
    backend.users.push({ name: "second", role: "caseworker" });
    backend.passphrases.set("second", PASSPHRASE);
    const app = await started(backend);
    expect(app.lastUser).toBeNull();
    expect(app.escapeTwiceLocks).toBe(false);
    await app.unlock("second", PASSPHRASE);
    expect(await app.setEscapeTwiceLocks(true)).toBeNull();
    await app.lock("manual");
    await settle();
    expect(app.lastUser).toBe("second");
    // a new process reads both from the backend (settings.json)
    const next = await started(backend);
    expect(next.lastUser).toBe("second");
    expect(next.escapeTwiceLocks).toBe(true);
  });
});

describe("AppController: the mailboxes sync by themselves (issue 16)", () => {
  const office = { name: "office", engine: "folder" as const, location: "/tmp/mailbox", addedBy: "admin-demo", addedAt: "2030-01-01T00:00:00Z", queued: 0, uploaded: 0, delivered: 0 };
  const syncs = (backend: FakeBackend) => backend.calls.filter((c) => c === "sync_mailboxes").length;

  it("soon after unlock, then every interval; never during an interview; offline is shown", async () => {
    let t = 1_000_000;
    const backend = FakeBackend.withVault();
    backend.mailboxes = [office];
    backend.syncMinutes = 3;
    const app = await started(backend, () => t);
    app.stop();
    expect(await app.unlock("caseworker-demo", PASSPHRASE)).toBeNull();
    await settle();
    app.checkIdle(); // plans the first
    t += FIRST_AUTO_SYNC_MS - 1;
    app.checkIdle();
    expect(syncs(backend)).toBe(0);
    t += 1;
    app.checkIdle();
    await settle();
    expect(syncs(backend)).toBe(1);
    expect(app.syncStatus?.kind).toBe("done");
    // the next one only after the interval, and not while an interview is open
    t += 3 * 60_000 - 1;
    app.checkIdle();
    expect(syncs(backend)).toBe(1);
    expect(await app.startInterview()).toBeNull();
    expect(app.view.name).toBe("interview");
    t += 10 * 60_000;
    app.checkIdle();
    await settle();
    expect(syncs(backend)).toBe(1);
  });

  it("shows a mailbox it could not reach as offline, and rests with no mailbox or 0 minutes", async () => {
    let t = 1_000_000;
    const backend = FakeBackend.withVault();
    backend.mailboxes = [office];
    const app = await started(backend, () => t);
    app.stop();
    await app.unlock("caseworker-demo", PASSPHRASE);
    backend.nextSync = {
      outcome: "done",
      report: { sent: 0, received: 0, imported: 0, held: 0, refused: 0, alreadyOpened: 0, delivered: 0, receiptsSent: 0, queued: 2, failures: [{ mailbox: "office", error: "unreachable", transient: true }] },
    };
    await app.syncNow();
    expect(app.syncStatus).toMatchObject({ kind: "offline", mailboxes: ["office"] });
    // no mailbox at all: the automatic syncs rest, nothing is shown as a failure
    backend.nextSync = null;
    backend.mailboxes = [];
    await app.syncNow();
    expect(app.syncStatus).toBeNull();
    const before = syncs(backend);
    t += 60 * 60_000;
    app.checkIdle();
    await settle();
    expect(syncs(backend)).toBe(before);
    // 0 minutes: only when asked
    backend.mailboxes = [office];
    expect(await app.setSyncMinutes(0)).toBeNull();
    expect(backend.syncMinutes).toBe(0);
    t += 60 * 60_000;
    app.checkIdle();
    await settle();
    expect(syncs(backend)).toBe(before);
    expect((await app.setSyncMinutes(241))?.code).toBe("invalid");
    // a lock drops the status
    await app.lock("manual");
    expect(app.syncStatus).toBeNull();
  });
});

