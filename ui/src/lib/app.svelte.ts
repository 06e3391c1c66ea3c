/**
 * The app's state machine: which screen is shown, who is signed in, and the few settings
 * the shell keeps outside the vault.
 *
 *   loading → setup → recovery → home        (first run)
 *   loading → unlock → home                  (vault exists, locked)
 *   home ⇄ interview                         (new interview or resume; pause)
 *   home: tabs (case list, board, dashboard, registry, settings) by the session's rights
 *   home/interview/recovery → unlock         (Lock button, `vault-locked` event)
 *   home/interview/recovery → blank → unlock (panic keys, "Stop now")
 *   home/interview → blank → setup           (panic wipe: "Wipe this vault", or F2 when an
 *                                            admin made the stop key wipe)
 *   unlock → setup                           (the last allowed failed unlock wiped the vault)
 *
 * Secrets held here: the recovery key, inside the `recovery` view, until the person
 * confirms it; an open case, inside the `interview` view's `Interview`; the case board of
 * the session (`Board`: filters, one page of rows, the selected case's history). Every lock
 * replaces the view, disposes the interview (answers, state, blob: URLs) and the board, and
 * forgets the session, so nothing shown before the lock survives it. Nothing is ever
 * written to web storage.
 *
 * Each lock bumps an epoch; a command that was in flight before the lock drops its result
 * when it settles, so a late reply cannot bring data back onto a locked screen.
 *
 * Where an interview was when an idle or manual lock came (case id, section, answer path:
 * identifiers, no answer) is kept in memory for the user who was signed in; when that user
 * unlocks again the interview reopens there, focus on that question. A panic lock or a wipe
 * forgets it: after "Stop now" the unlock leads to the case list, nothing reappears by itself.
 *
 * The idle lock is the backend's (its timer, reset by `touch_session`). The controller knows
 * when it last touched, so it can say when that lock is due: in the last
 * `IDLE_WARNING_MS` it sets `idleWarning` (seconds left), and any key or pointer movement
 * touches at once and clears it.
 */
import { flushSync } from "svelte";
import {
  toIpcError,
  type Backend,
  type BoardRowDto,
  type CaseSummaryDto,
  type DashboardDto,
  type DuplicateSuggestionDto,
  type FormView,
  type InterviewView,
  type IpcError,
  type Language,
  type LockReason,
  type PassphraseStrength,
  type RegistryEntryDto,
  type RightsDto,
  type Session,
  type Unlisten,
  type UserSummary,
  type VaultStatus,
} from "../ipc/backend";
import type { BackupInfoDto } from "../ipc/transfer";
import type { SyncOutcomeDto } from "../ipc/mailbox";
import type { AudienceDto } from "../ipc/legal";
import type { DraftSaver } from "./reviewDraft";
import { messagesFor, type Messages } from "../i18n";
import { createThrottle, type Throttle } from "./throttle";
import { Interview } from "./interview.svelte";
import { Board } from "./board.svelte";
import { sectionOfName } from "./form";

export type View =
  | { name: "loading" }
  | { name: "status-error"; error: IpcError }
  | { name: "setup" }
  | { name: "recovery"; recoveryKey: string }
  | { name: "unlock"; idleLocked: boolean; error: IpcError | null }
  | { name: "home" }
  | { name: "interview"; interview: Interview }
  /** The redaction review and legal export of one case (its data lives in the screen). */
  | { name: "review"; caseId: string; code: string; audience: AudienceDto | null }
  | { name: "blank" };

/** A command's result, or the error to show. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The parts of the home screen. */
export type HomeTab = "cases" | "board" | "dashboard" | "registry" | "reports" | "exchange" | "audit" | "settings";

/**
 * The tabs a session gets, the first being where it starts, from the rights the core gave
 * it (`Session.rights`, the rights table for its role): the list of interviews for whoever
 * reads testimony, the registry for whoever may search it (it is built from testimony), the
 * audit log for whoever may read it (it names every case and who read it).
 */
export function tabsFor(rights: RightsDto): HomeTab[] {
  const tabs: HomeTab[] = [];
  if (rights.readTestimony) tabs.push("cases");
  tabs.push("board", "dashboard");
  if (rights.searchTestimony) tabs.push("registry");
  if (rights.reportPatterns) tabs.push("reports");
  tabs.push("exchange");
  if (rights.readAuditLog) tabs.push("audit");
  tabs.push("settings");
  return tabs;
}

/** `touch_session` is sent at most once per this many milliseconds. */
export const TOUCH_INTERVAL_MS = 20_000;
/** How long before the idle lock the quiet countdown appears. */
export const IDLE_WARNING_MS = 30_000;
/** How often the countdown (and a touch owed for late activity) is checked. */
export const IDLE_TICK_MS = 1_000;

/** Where an interview was left by an idle or manual lock: identifiers only. */
export interface ResumePoint {
  user: string;
  caseId: string;
  section: string;
  /** The answer path of the question that had focus, if any. */
  path: string | null;
}

export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 120;
/** The app's own mailbox sync: every N minutes while unlocked, 0 for never (only when asked). */
export const SYNC_MINUTES_MAX = 240;
/** The first automatic sync after an unlock comes this soon, then every `syncMinutes`. */
export const FIRST_AUTO_SYNC_MS = 15_000;

/**
 * The last sync as the header shows it: when, and whether every mailbox was reached
 * (`offline`: the mailboxes named could not be reached; what was queued stays queued).
 */
export type SyncStatus =
  | { kind: "syncing" }
  | { kind: "done"; at: number; imported: number; held: number; delivered: number }
  | { kind: "offline"; at: number; mailboxes: string[] }
  | { kind: "failed"; at: number; error: IpcError };

export interface ControllerOptions {
  /** Clock for the touch throttle (milliseconds); tests inject their own. */
  now?: () => number;
  /** Autosave debounce for typed text (milliseconds). */
  saveDebounceMs?: number;
}

export class AppController {
  view: View = $state({ name: "loading" });
  language: Language = $state("en");
  users: UserSummary[] = $state([]);
  session: Session | null = $state(null);
  idleMinutes: number = $state(5);
  /** Minutes between automatic mailbox syncs while unlocked (0: only when asked). */
  syncMinutes: number = $state(10);
  /** The last sync (automatic or asked for), for the header; null before any. */
  syncStatus: SyncStatus | null = $state.raw(null);
  /** The wipe after N failed unlocks (null: off) and the attempts left before it. */
  unlockLimit: number | null = $state(null);
  attemptsLeft: number | null = $state(null);
  /** The stop key (F2) wipes instead of locking (an admin's choice; off by default). */
  stopKeyWipes: boolean = $state(false);
  /** Escape pressed twice locks (a setting of this device; off by default). */
  escapeTwiceLocks: boolean = $state(false);
  /** The user to preselect on the unlock screen: the last one who unlocked. */
  lastUser: string | null = $state(null);
  /** Seconds left before the idle lock, while the quiet countdown shows; else null. */
  idleWarning: number | null = $state(null);
  /** The part of the home screen shown (kept while an interview is open, reset on lock). */
  homeTab: HomeTab = $state("cases");
  /** The case board of the open session; null while locked. */
  board: Board | null = $state.raw(null);
  readonly t: Messages = $derived(messagesFor(this.language));

  readonly #backend: Backend;
  readonly #touch: Throttle;
  readonly #now: () => number;
  /** When a touch was last sent (or the session began): the backend's idle clock. */
  #lastTouchAt = 0;
  /** The last key or pointer activity seen. */
  #lastActivityAt = 0;
  #idleTimer: ReturnType<typeof setInterval> | null = null;
  /** When the next automatic sync is due (this controller's clock); null: none planned. */
  #nextAutoSyncAt: number | null = null;
  /** No mailbox in this vault: automatic syncs rest until one is added (or the next unlock). */
  #noMailbox = false;
  /** The open review's unsaved decisions, sent before a lock (see ./reviewDraft.ts). */
  #reviewDraft: DraftSaver | null = null;
  /** Where to reopen the interview after the next unlock (see the module docs). */
  #resumeAt: ResumePoint | null = null;
  readonly #saveDebounceMs: number | undefined;
  /** Form definitions by `id@version`. Built into the app, not case data: kept across locks. */
  readonly #forms = new Map<string, FormView>();
  /** The section each paused case was left at, this session only (dropped on lock). */
  readonly #lastSection = new Map<string, string>();
  #interview: Interview | null = null;
  #epoch = 0;
  #unlisten: Unlisten | null = null;
  #stopped = false;

  constructor(backend: Backend, options: ControllerOptions = {}) {
    this.#backend = backend;
    this.#now = options.now ?? (() => performance.now());
    this.#touch = createThrottle(() => this.#sendTouch(), TOUCH_INTERVAL_MS, this.#now);
    this.#saveDebounceMs = options.saveDebounceMs;
  }

  /**
   * Subscribes to lock events, then loads the vault status. Without the subscription the UI
   * could go on showing data after the backend locked, so it then stops at an error screen.
   */
  async start(): Promise<void> {
    let unlisten: Unlisten;
    try {
      unlisten = await this.#backend.onVaultLocked((event) => this.handleLocked(event.reason));
    } catch (reason) {
      this.view = { name: "status-error", error: toIpcError(reason) };
      return;
    }
    if (this.#stopped) unlisten();
    else {
      this.#unlisten = unlisten;
      this.#idleTimer = setInterval(() => this.checkIdle(), IDLE_TICK_MS);
    }
    await this.refresh();
  }

  stop(): void {
    this.#stopped = true;
    this.#unlisten?.();
    this.#unlisten = null;
    if (this.#idleTimer !== null) clearInterval(this.#idleTimer);
    this.#idleTimer = null;
  }

  /**
   * Once a second: sends a touch owed for activity the throttle held back, and shows or
   * updates the idle countdown. Public for tests (with their own clock).
   */
  checkIdle(): void {
    if (this.session === null) {
      this.idleWarning = null;
      return;
    }
    if (this.#lastActivityAt > this.#lastTouchAt) this.#touch.call();
    const left = this.#lastTouchAt + this.idleMinutes * 60_000 - this.#now();
    this.idleWarning = left <= IDLE_WARNING_MS ? Math.max(0, Math.ceil(left / 1000)) : null;
    this.#autoSyncIfDue();
  }

  /**
   * The app's own sync: due every `syncMinutes` while unlocked (the first soon after the
   * unlock), never while an interview is open (a sync holds the vault for its run: the
   * interviewer's saves must not wait on a network) and never beside another sync.
   */
  #autoSyncIfDue(): void {
    if (this.syncMinutes === 0 || this.#noMailbox || this.syncStatus?.kind === "syncing") return;
    if (this.#nextAutoSyncAt === null) {
      this.#nextAutoSyncAt = this.#now() + FIRST_AUTO_SYNC_MS;
      return;
    }
    if (this.#now() < this.#nextAutoSyncAt || this.view.name === "interview") return;
    void this.syncNow();
  }

  /** Syncs every mailbox now; the outcome goes to `syncStatus` (and is returned). */
  async syncNow(): Promise<Outcome<SyncOutcomeDto> | null> {
    if (this.syncStatus?.kind === "syncing") return null;
    const previous = this.syncStatus;
    this.syncStatus = { kind: "syncing" };
    this.#nextAutoSyncAt = this.#now() + Math.max(1, this.syncMinutes) * 60_000;
    const outcome = await this.#run((b) => b.syncMailboxes());
    if (outcome === null) {
      // dropped by a lock: nothing to show for it
      if (this.syncStatus?.kind === "syncing") this.syncStatus = previous;
      return null;
    }
    this.recordSync(outcome);
    return outcome;
  }

  /** What the header shows after a sync (the Exchange screen's own "Sync now" reports here too). */
  recordSync(outcome: Outcome<SyncOutcomeDto>): void {
    const at = Date.now();
    if (!outcome.ok) {
      if (outcome.error.code === "not_found") {
        this.#noMailbox = true;
        this.syncStatus = null;
      } else this.syncStatus = { kind: "failed", at, error: outcome.error };
      return;
    }
    this.#noMailbox = false;
    const value = outcome.value;
    if (value.outcome === "busy") {
      // another sync (the CLI beside the app) is running: try again at the next interval
      this.syncStatus = null;
      return;
    }
    const r = value.report;
    this.syncStatus =
      r.failures.length > 0
        ? { kind: "offline", at, mailboxes: r.failures.map((f) => f.mailbox) }
        : { kind: "done", at, imported: r.imported, held: r.held, delivered: r.delivered };
    if (r.imported > 0) void this.board?.load();
  }

  async setSyncMinutes(minutes: number): Promise<IpcError | null> {
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > SYNC_MINUTES_MAX) {
      return { code: "invalid", message: "sync minutes out of range" };
    }
    try {
      await this.#backend.setSyncMinutes(minutes);
      this.syncMinutes = minutes;
      this.#nextAutoSyncAt = minutes === 0 ? null : this.#now() + minutes * 60_000;
      this.#noMailbox = false;
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  /** Reads the vault status and shows the screen it calls for. */
  async refresh(lockReason: LockReason | null = null): Promise<void> {
    const epoch = this.#epoch;
    let status: VaultStatus;
    try {
      status = await this.#backend.vaultStatus();
    } catch (reason) {
      if (epoch === this.#epoch) this.view = { name: "status-error", error: toIpcError(reason) };
      return;
    }
    if (epoch !== this.#epoch) return;
    this.#applySettings(status);
    this.session = status.session;
    if (!status.exists) this.view = { name: "setup" };
    else if (status.session === null) this.view = this.#unlockView(lockReason, null);
    else this.#goHome(true);
  }

  /** Rates a passphrase; `user` is the name it must not lean on (as create checks). */
  assessPassphrase(passphrase: string, user: string): Promise<PassphraseStrength> {
    return this.#backend.assessPassphrase(passphrase, user);
  }

  /** First run. On success shows the recovery key; returns the error otherwise. */
  async createVault(user: string, passphrase: string): Promise<IpcError | null> {
    const epoch = this.#epoch;
    try {
      const created = await this.#backend.createVault(user, passphrase);
      if (epoch !== this.#epoch) return null;
      this.session = created.session;
      this.users = [{ name: created.session.user, role: created.session.role }];
      this.lastUser = created.session.user;
      this.#sessionBegan();
      this.view = { name: "recovery", recoveryKey: created.recoveryKey };
      void this.#reloadSettings();
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  /** Leaves the recovery screen; the key is dropped with the view that held it. */
  finishRecovery(): void {
    if (this.view.name === "recovery" && this.session !== null) this.#goHome(true);
  }

  async unlock(user: string, passphrase: string): Promise<IpcError | null> {
    const epoch = this.#epoch;
    try {
      const session = await this.#backend.unlockVault(user, passphrase);
      if (epoch !== this.#epoch) return null;
      this.session = session;
      // kept for this process even if settings.json could not be written
      this.lastUser = session.user;
      this.#sessionBegan();
      void this.#reloadSettings();
      const place = this.#resumeAt;
      this.#resumeAt = null;
      if (place !== null && place.user === session.user) {
        this.#startSession();
        const failure = await this.resumeInterview(place.caseId, null, place);
        if (failure === null && this.view.name === "interview") return null;
        if (epoch !== this.#epoch) return null;
      }
      this.#goHome(true);
      return null;
    } catch (reason) {
      const error = toIpcError(reason);
      // A failed attempt may have used up the unlock limit (the vault is then gone) or
      // changed the attempts left: read the status again.
      if (error.code === "auth_failed" && epoch === this.#epoch) await this.#afterFailedUnlock(epoch);
      return error;
    }
  }

  async #afterFailedUnlock(epoch: number): Promise<void> {
    try {
      const status = await this.#backend.vaultStatus();
      if (epoch !== this.#epoch) return;
      this.#applySettings(status);
      if (!status.exists) this.view = { name: "setup" };
    } catch {
      // The unlock screen stays as it is; its error is shown.
    }
  }

  /**
   * The panic wipe: forgets everything like a panic lock, blanks the page at once, then
   * asks the backend to destroy the vault (key slots first). Ends on the first-run screen,
   * or on the unlock screen with the error if the wipe failed.
   */
  async wipe(): Promise<void> {
    const epoch = this.#forget(false, false);
    this.view = { name: "blank" };
    flushSync();
    let failure: IpcError | null = null;
    try {
      await this.#backend.wipeVault();
    } catch (reason) {
      failure = toIpcError(reason);
    }
    if (failure?.code === "wipe_incomplete") {
      // never the first-run screen: the key slots may still exist behind a link
      this.view = { name: "status-error", error: failure };
      return;
    }
    if (epoch !== this.#epoch && failure === null) return; // the `vault-locked` event took over
    await this.#afterLock(this.#epoch, null, failure);
  }

  /** Admins: the wipe after N failed unlocks (null: off). */
  async setUnlockLimit(limit: number | null): Promise<IpcError | null> {
    const outcome = await this.#run((b) => b.setUnlockLimit(limit));
    if (outcome === null) return null;
    if (!outcome.ok) return outcome.error;
    await this.#reloadSettings();
    return null;
  }

  /** Whether Escape pressed twice locks (any user: a preference of this device). */
  async setEscapeTwiceLocks(enabled: boolean): Promise<IpcError | null> {
    try {
      await this.#backend.setEscapeTwiceLocks(enabled);
      this.escapeTwiceLocks = enabled;
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  /** Admins: whether F2 wipes instead of locking. */
  async setStopKeyWipes(enabled: boolean): Promise<IpcError | null> {
    const outcome = await this.#run((b) => b.setStopKeyWipes(enabled));
    if (outcome === null) return null;
    if (!outcome.ok) return outcome.error;
    this.stopKeyWipes = enabled;
    return null;
  }

  /**
   * Locks the vault. The UI forgets the session and leaves the screen before the backend
   * answers: `panic` blanks the page at once (and flushes it to the DOM synchronously),
   * `manual` goes straight to the unlock screen.
   */
  async lock(reason: LockReason): Promise<void> {
    // Typing still waiting for its debounce is sent before the lock (and may be refused).
    // A panic forgets where the interview was; a manual lock keeps it for the next unlock.
    // Review decisions waiting to be kept are sent before the lock too (after the page is
    // blanked: a stop key never waits for them), as the interview's typing is.
    const draft = this.#reviewDraft?.take() ?? null;
    this.#reviewDraft?.dispose();
    this.#reviewDraft = null;
    const epoch = this.#forget(true, reason !== "panic");
    this.view = reason === "panic" ? { name: "blank" } : this.#unlockView(null, null);
    if (reason === "panic") flushSync();
    if (draft !== null) {
      try {
        await this.#backend.saveReviewDraft(draft);
      } catch {
        // the vault locked meanwhile: the last kept state stands
      }
    }
    let failure: IpcError | null = null;
    try {
      await this.#backend.lockVault(reason);
    } catch (reason_) {
      failure = toIpcError(reason_);
    }
    if (epoch !== this.#epoch) return; // a `vault-locked` event took over
    await this.#afterLock(epoch, null, failure);
  }

  /**
   * The panic keys and "Stop now": only do something while a session is open. `stopKey` is
   * F2, which wipes instead of locking when an admin turned that on; the other keys and the
   * button always lock.
   */
  panic(stopKey = false): void {
    if (this.session === null && this.view.name !== "recovery") return;
    if (stopKey && this.stopKeyWipes && this.session !== null) void this.wipe();
    else void this.lock("panic");
  }

  /**
   * Runs one command for the session: null if the vault locked before it settled (the
   * exchange and audit screens use it, so a late reply never lands on a locked screen).
   */
  run<T>(command: (backend: Backend) => Promise<T>): Promise<Outcome<T> | null> {
    return this.#run(command);
  }

  // First run from a backup -----------------------------------------------------------------

  /** The users a backup can be restored as (read from its header; nothing is unlocked). */
  async backupInfo(path: string): Promise<Outcome<BackupInfoDto>> {
    try {
      return { ok: true, value: await this.#backend.backupInfo(path) };
    } catch (reason) {
      return { ok: false, error: toIpcError(reason) };
    }
  }

  /**
   * Restores a backup into the empty vault folder (the core verifies everything before
   * writing and never replaces a vault), then opens it: with a user's passphrase, or with
   * the recovery key and a new passphrase for `user`. Returns the error to show, if any.
   */
  async restoreBackup(
    path: string,
    user: string,
    secret: { passphrase: string } | { recoveryKey: string; newPassphrase: string },
  ): Promise<IpcError | null> {
    const epoch = this.#epoch;
    try {
      const session =
        "passphrase" in secret
          ? await this.#backend.restoreBackup(path, user, secret.passphrase)
          : await this.#backend.restoreBackupWithRecovery(path, secret.recoveryKey, user, secret.newPassphrase);
      if (epoch !== this.#epoch) return null;
      this.session = session;
      this.lastUser = session.user;
      this.#sessionBegan();
      this.#goHome(true);
      void this.#reloadSettings();
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  // Cases and the interview -------------------------------------------------------------------

  /** The case list; null if the vault locked meanwhile. */
  listCases(): Promise<Outcome<CaseSummaryDto[]> | null> {
    return this.#run((b) => b.listCases());
  }

  // Home tabs, dashboard and registry -----------------------------------------------------------

  /** Shows a tab of the home screen, if the role has it. */
  showTab(tab: HomeTab): void {
    if (this.session !== null && tabsFor(this.session.rights).includes(tab)) this.homeTab = tab;
  }

  /** Opens a case's panel on the board (from the dashboard's overdue list). */
  showOnBoard(row: BoardRowDto): void {
    if (this.board === null) return;
    this.showTab("board");
    void this.board.select(row);
  }

  dashboard(): Promise<Outcome<DashboardDto> | null> {
    return this.#run((b) => b.dashboard());
  }

  registry(): Promise<Outcome<RegistryEntryDto[]> | null> {
    return this.#run((b) => b.registry());
  }

  registrySuggestions(): Promise<Outcome<DuplicateSuggestionDto[]> | null> {
    return this.#run((b) => b.registrySuggestions());
  }

  decideDuplicate(suggestion: DuplicateSuggestionDto, same: boolean): Promise<Outcome<void> | null> {
    return this.#run((b) => b.decideDuplicate(suggestion.kind, suggestion.keyA, suggestion.keyB, same));
  }

  /**
   * A form to label answer paths with when only paths are known (registry links carry no
   * form): the form of the most urgent case on the board. Null if there is none.
   */
  async labelForm(): Promise<FormView | null> {
    const page = await this.#run((b) => b.boardPage({ offset: 0, limit: 1 }));
    const first = page?.ok ? page.value.rows[0] : undefined;
    if (!first) return null;
    const form = await this.#run(() => this.#form(first.summary.formId, first.summary.formVersion));
    return form?.ok ? form.value : null;
  }

  /**
   * Creates a case on `form` (one *New interview* offers; the latest built-in intake when
   * none is given) and opens it at its first section.
   */
  async startInterview(form: { id: string; version: number } | null = null): Promise<IpcError | null> {
    const epoch = this.#epoch;
    try {
      const summary = await this.#backend.createCase(form);
      if (epoch !== this.#epoch) return null;
      return await this.resumeInterview(summary.id);
    } catch (reason) {
      return this.#commandFailed(epoch, reason);
    }
  }

  /**
   * Opens a case for the interview: at the section holding answer path `at` if given (a
   * registry link), else at `place` (where a lock found it), else where it was left this
   * session, else at the first section with a required question still unanswered.
   */
  async resumeInterview(
    caseId: string,
    at: string | null = null,
    place: { section: string; path: string | null } | null = null,
  ): Promise<IpcError | null> {
    const epoch = this.#epoch;
    try {
      const view = await this.#backend.openCase(caseId);
      if (epoch !== this.#epoch) return null;
      const form = await this.#form(view.summary.formId, view.summary.formVersion);
      if (epoch !== this.#epoch || this.session === null) return null;
      const section =
        at !== null ? (sectionOfName(form, at.split(/[.[]/)[0] ?? "")?.name ?? null) : (place?.section ?? null);
      this.#showInterview(form, view, section, place?.path ?? null);
      return null;
    } catch (reason) {
      return this.#commandFailed(epoch, reason);
    }
  }

  /**
   * Leaves the interview for the case list once every change is saved. Returns false (and
   * stays) if something could not be saved, unless `force` is set.
   */
  async pauseInterview(force = false): Promise<boolean> {
    const interview = this.#interview;
    if (interview === null || this.view.name !== "interview") return true;
    if (!force) {
      await interview.flush();
      if (interview !== this.#interview) return true; // locked meanwhile
      if (interview.hasUnsavedOrHeld) return false;
    }
    this.#lastSection.set(interview.caseId, interview.section);
    interview.dispose();
    this.#interview = null;
    this.#goHome(false);
    return true;
  }

  /**
   * Takes the open case out of the vault — discarded (started by mistake) when `typedCode` is
   * null, else deleted by an admin who typed its code — and goes back to the list. Pending
   * saves land first, so the core judges what is really recorded. Returns the error to show,
   * if any; the interview stays open then.
   */
  async removeOpenCase(typedCode: string | null): Promise<IpcError | null> {
    const interview = this.#interview;
    if (interview === null || this.view.name !== "interview") return null;
    await interview.flush();
    if (interview !== this.#interview) return null; // locked meanwhile
    const id = interview.caseId;
    const r = await this.#run((b) => (typedCode === null ? b.discardCase(id) : b.deleteCase(id, typedCode)));
    if (r === null) return null;
    if (!r.ok) return r.error;
    if (interview !== this.#interview) return null;
    this.#lastSection.delete(id);
    interview.dispose();
    this.#interview = null;
    this.#goHome(false);
    return null;
  }

  /**
   * Opens the redaction review and legal export of a case, on `audience` (the first document
   * the case's consent allows, as the core said) or the review's default.
   */
  openReview(caseId: string, code: string, audience: AudienceDto | null = null): void {
    if (this.session === null || !this.session.rights.prepareLegal) return;
    this.view = { name: "review", caseId, code, audience };
  }

  /**
   * The review screen's draft saver while it is open, so a lock keeps its last decisions
   * (`null` when the screen closes).
   */
  attachReviewDraft(saver: DraftSaver | null): void {
    this.#reviewDraft = saver;
  }

  /** Leaves the review for the home screen; the review's data goes with its screen. */
  closeReview(): void {
    if (this.view.name === "review") this.#goHome(false);
  }

  /** The backend locked the vault (`vault-locked` event), for whatever reason. */
  handleLocked(reason: LockReason): void {
    this.#reviewDraft?.dispose(); // the vault is locked already: nothing more can be kept
    this.#reviewDraft = null;
    const epoch = this.#forget(false, reason !== "panic");
    if (this.view.name !== "setup" && this.view.name !== "loading") {
      this.view = this.#unlockView(reason, null);
    }
    void this.#afterLock(epoch, reason, null);
  }

  /** Keyboard or mouse activity: keeps the backend's idle timer from expiring. */
  activity(): void {
    if (this.session === null) return;
    this.#lastActivityAt = this.#now();
    if (this.idleWarning !== null) {
      // dismissed: tell the backend now, not at the throttle's next turn
      this.idleWarning = null;
      this.#touch.reset();
    }
    this.#touch.call();
  }

  async setLanguage(language: Language): Promise<IpcError | null> {
    this.language = language;
    try {
      await this.#backend.setLanguage(language);
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  async setIdleMinutes(minutes: number): Promise<IpcError | null> {
    if (!Number.isInteger(minutes) || minutes < IDLE_MINUTES_MIN || minutes > IDLE_MINUTES_MAX) {
      return { code: "invalid", message: "idle minutes out of range" };
    }
    try {
      await this.#backend.setIdleMinutes(minutes);
      this.idleMinutes = minutes;
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  /**
   * Drops the session and everything the current view holds (the open interview with its
   * answers and blob: URLs, the remembered sections); returns the new epoch. `keepPlace`:
   * remember where the open interview was, for its user's next unlock; otherwise (a panic,
   * a wipe) forget any such place.
   */
  #forget(sendPending: boolean, keepPlace: boolean): number {
    const interview = this.#interview;
    if (!keepPlace) this.#resumeAt = null;
    else if (interview !== null && this.session !== null && this.view.name === "interview") {
      this.#resumeAt = {
        user: this.session.user,
        caseId: interview.caseId,
        section: interview.section,
        path: interview.place,
      };
    }
    this.#epoch += 1;
    this.session = null;
    this.idleWarning = null;
    this.syncStatus = null;
    this.#nextAutoSyncAt = null;
    this.#noMailbox = false;
    this.#touch.reset();
    this.#interview?.dispose(sendPending);
    this.#interview = null;
    this.#lastSection.clear();
    this.board?.dispose();
    this.board = null;
    this.homeTab = "cases";
    return this.#epoch;
  }

  /**
   * Shows the home screen. A new session (`fresh`) starts on its role's first tab with a new
   * board; coming back from an interview keeps both as they were.
   */
  #goHome(fresh: boolean): void {
    if (this.session === null) return;
    if (fresh || this.board === null) this.#startSession();
    this.view = { name: "home" };
  }

  /** A new session's board and first tab. */
  #startSession(): void {
    const session = this.session;
    if (session === null) return;
    this.board?.dispose();
    this.board = new Board({
      rights: session.rights,
      run: (command) => this.#run(command),
      form: (id, version) => this.#form(id, version),
    });
    this.homeTab = tabsFor(session.rights)[0] ?? "board";
  }

  /** The backend's idle clock starts with the session. */
  #sessionBegan(): void {
    this.#touch.reset();
    this.#lastTouchAt = this.#now();
    this.#lastActivityAt = this.#lastTouchAt;
    this.idleWarning = null;
  }

  /** Runs one command for the session: null if the vault locked before it settled. */
  async #run<T>(command: (backend: Backend) => Promise<T>): Promise<Outcome<T> | null> {
    const epoch = this.#epoch;
    try {
      const value = await command(this.#backend);
      return epoch === this.#epoch ? { ok: true, value } : null;
    } catch (reason) {
      const error = this.#commandFailed(epoch, reason);
      return error ? { ok: false, error } : null;
    }
  }

  async #form(id: string, version: number): Promise<FormView> {
    const key = `${id}@${version}`;
    const cached = this.#forms.get(key);
    if (cached) return cached;
    const form = await this.#backend.formDefinition(id, version);
    this.#forms.set(key, form);
    return form;
  }

  #showInterview(form: FormView, view: InterviewView, section: string | null, focusPath: string | null): void {
    this.#interview?.dispose();
    const interview: Interview = new Interview(this.#backend, form, view, {
      startSection: section ?? this.#lastSection.get(view.summary.id) ?? null,
      focusPath,
      debounceMs: this.#saveDebounceMs,
      onLocked: () => {
        if (this.#interview === interview) this.handleLocked("idle");
      },
    });
    this.#interview = interview;
    this.view = { name: "interview", interview };
  }

  /** The error to show for a failed command, or null if it no longer matters. */
  #commandFailed(epoch: number, reason: unknown): IpcError | null {
    if (epoch !== this.#epoch) return null;
    const error = toIpcError(reason);
    if (error.code === "locked") {
      this.handleLocked("idle");
      return null;
    }
    return error;
  }

  async #afterLock(epoch: number, reason: LockReason | null, failure: IpcError | null) {
    let status: VaultStatus;
    try {
      status = await this.#backend.vaultStatus();
    } catch (reason_) {
      if (epoch === this.#epoch) this.view = this.#unlockView(reason, failure ?? toIpcError(reason_));
      return;
    }
    if (epoch !== this.#epoch) return;
    this.#applySettings(status);
    if (!status.exists) {
      this.view = { name: "setup" };
      return;
    }
    // Even if the backend still reports a session (the lock failed), never go back to a
    // screen that showed data: show the unlock screen with the error.
    const stillOpen = status.session !== null;
    const error = failure ?? (stillOpen ? { code: "internal" as const, message: "lock not confirmed" } : null);
    this.view = this.#unlockView(reason, error);
  }

  async #reloadSettings(): Promise<void> {
    const epoch = this.#epoch;
    try {
      const status = await this.#backend.vaultStatus();
      if (epoch === this.#epoch) this.#applySettings(status);
    } catch {
      // Settings keep their previous values; the screen stays usable.
    }
  }

  #applySettings(status: VaultStatus): void {
    this.language = status.language;
    this.users = status.users;
    this.idleMinutes = status.idleMinutes;
    this.syncMinutes = status.syncMinutes;
    this.unlockLimit = status.unlockLimit;
    this.attemptsLeft = status.attemptsLeft;
    this.stopKeyWipes = status.stopKeyWipes;
    this.escapeTwiceLocks = status.escapeTwiceLocks;
    // the file's value, else the one this process saw unlock (if settings.json is unwritable)
    const known = (name: string | null) => name !== null && status.users.some((u) => u.name === name);
    this.lastUser = known(status.lastUser) ? status.lastUser : known(this.lastUser) ? this.lastUser : null;
  }

  #unlockView(reason: LockReason | null, error: IpcError | null): View {
    // A panic lock looks exactly like a manual one: the unlock screen must not tell
    // whoever is watching that the emergency key was used.
    return { name: "unlock", idleLocked: reason === "idle", error };
  }

  #sendTouch(): void {
    const epoch = this.#epoch;
    this.#lastTouchAt = this.#now();
    this.#backend.touchSession().catch((reason: unknown) => {
      if (epoch === this.#epoch && toIpcError(reason).code === "locked") this.handleLocked("idle");
    });
  }
}
