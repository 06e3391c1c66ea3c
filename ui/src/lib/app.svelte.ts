/**
 * The app's state machine: which screen is shown, who is signed in, and the few settings
 * the shell keeps outside the vault.
 *
 *   loading → setup → recovery → home        (first run)
 *   loading → unlock → home                  (vault exists, locked)
 *   home/recovery → unlock                   (Lock button, `vault-locked` event)
 *   home/recovery → blank → unlock           (panic keys)
 *
 * Secrets held here: only the recovery key, inside the `recovery` view, until the person
 * confirms it. Every lock replaces the view and forgets the session, so nothing shown
 * before the lock survives it. Nothing is ever written to web storage.
 *
 * Each lock bumps an epoch; a command that was in flight before the lock drops its result
 * when it settles, so a late reply cannot bring data back onto a locked screen.
 */
import { flushSync } from "svelte";
import {
  toIpcError,
  type Backend,
  type IpcError,
  type Language,
  type LockReason,
  type PassphraseStrength,
  type Session,
  type Unlisten,
  type UserSummary,
  type VaultStatus,
} from "../ipc/backend";
import { messagesFor, type Messages } from "../i18n";
import { createThrottle, type Throttle } from "./throttle";

export type View =
  | { name: "loading" }
  | { name: "status-error"; error: IpcError }
  | { name: "setup" }
  | { name: "recovery"; recoveryKey: string }
  | { name: "unlock"; idleLocked: boolean; error: IpcError | null }
  | { name: "home" }
  | { name: "blank" };

/** `touch_session` is sent at most once per this many milliseconds. */
export const TOUCH_INTERVAL_MS = 20_000;

export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 120;

export interface ControllerOptions {
  /** Clock for the touch throttle (milliseconds); tests inject their own. */
  now?: () => number;
}

export class AppController {
  view: View = $state({ name: "loading" });
  language: Language = $state("en");
  users: UserSummary[] = $state([]);
  session: Session | null = $state(null);
  idleMinutes: number = $state(5);
  readonly t: Messages = $derived(messagesFor(this.language));

  readonly #backend: Backend;
  readonly #touch: Throttle;
  #epoch = 0;
  #unlisten: Unlisten | null = null;
  #stopped = false;

  constructor(backend: Backend, options: ControllerOptions = {}) {
    this.#backend = backend;
    this.#touch = createThrottle(() => this.#sendTouch(), TOUCH_INTERVAL_MS, options.now);
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
    else this.#unlisten = unlisten;
    await this.refresh();
  }

  stop(): void {
    this.#stopped = true;
    this.#unlisten?.();
    this.#unlisten = null;
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
    else this.view = { name: "home" };
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
      this.#touch.reset();
      this.view = { name: "recovery", recoveryKey: created.recoveryKey };
      void this.#reloadSettings();
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  /** Leaves the recovery screen; the key is dropped with the view that held it. */
  finishRecovery(): void {
    if (this.view.name === "recovery" && this.session !== null) this.view = { name: "home" };
  }

  async unlock(user: string, passphrase: string): Promise<IpcError | null> {
    const epoch = this.#epoch;
    try {
      const session = await this.#backend.unlockVault(user, passphrase);
      if (epoch !== this.#epoch) return null;
      this.session = session;
      this.#touch.reset();
      this.view = { name: "home" };
      void this.#reloadSettings();
      return null;
    } catch (reason) {
      return toIpcError(reason);
    }
  }

  /**
   * Locks the vault. The UI forgets the session and leaves the screen before the backend
   * answers: `panic` blanks the page at once (and flushes it to the DOM synchronously),
   * `manual` goes straight to the unlock screen.
   */
  async lock(reason: LockReason): Promise<void> {
    const epoch = this.#forget();
    this.view = reason === "panic" ? { name: "blank" } : this.#unlockView(null, null);
    if (reason === "panic") flushSync();
    let failure: IpcError | null = null;
    try {
      await this.#backend.lockVault(reason);
    } catch (reason_) {
      failure = toIpcError(reason_);
    }
    if (epoch !== this.#epoch) return; // a `vault-locked` event took over
    await this.#afterLock(epoch, null, failure);
  }

  /** The panic keys: only does something while a session is open. */
  panic(): void {
    if (this.session === null && this.view.name !== "recovery") return;
    void this.lock("panic");
  }

  /** The backend locked the vault (`vault-locked` event), for whatever reason. */
  handleLocked(reason: LockReason): void {
    const epoch = this.#forget();
    if (this.view.name !== "setup" && this.view.name !== "loading") {
      this.view = this.#unlockView(reason, null);
    }
    void this.#afterLock(epoch, reason, null);
  }

  /** Keyboard or mouse activity: keeps the backend's idle timer from expiring. */
  activity(): void {
    if (this.session !== null) this.#touch.call();
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

  /** Drops the session and everything the current view holds; returns the new epoch. */
  #forget(): number {
    this.#epoch += 1;
    this.session = null;
    this.#touch.reset();
    return this.#epoch;
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
  }

  #unlockView(reason: LockReason | null, error: IpcError | null): View {
    // A panic lock looks exactly like a manual one: the unlock screen must not tell
    // whoever is watching that the emergency key was used.
    return { name: "unlock", idleLocked: reason === "idle", error };
  }

  #sendTouch(): void {
    const epoch = this.#epoch;
    this.#backend.touchSession().catch((reason: unknown) => {
      if (epoch === this.#epoch && toIpcError(reason).code === "locked") this.handleLocked("idle");
    });
  }
}
