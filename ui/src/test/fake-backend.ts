/**
 * An in-memory `Backend` for unit tests: no Tauri, no Rust. It behaves like the contract
 * says the real one does (errors as `{ code, message }`, `vault-locked` emitted on every
 * lock) and records what the UI asked of it. Synthetic users only.
 */
import type {
  Backend,
  CreatedVault,
  IpcError,
  Language,
  LockedEvent,
  LockReason,
  PassphraseStrength,
  Session,
  Unlisten,
  UserSummary,
  VaultStatus,
} from "../ipc/backend";

export const FAKE_RECOVERY_KEY = "K7QF-M2XD-9TBW-RJ4N";

function fail(code: IpcError["code"], message: string): IpcError {
  return { code, message };
}

export class FakeBackend implements Backend {
  exists = false;
  users: UserSummary[] = [];
  session: Session | null = null;
  language: Language = "en";
  idleMinutes = 5;
  /** When set, unlock fails with this code whatever the passphrase. */
  unlockFailure: IpcError["code"] | null = null;
  /** When true, lockVault waits until releaseLock() is called. */
  holdLock = false;

  readonly passphrases = new Map<string, string>();
  readonly calls: string[] = [];
  readonly assessed: string[] = [];
  touches = 0;
  readonly lockReasons: LockReason[] = [];

  #handlers = new Set<(event: LockedEvent) => void>();
  #releaseLock: (() => void) | null = null;

  async vaultStatus(): Promise<VaultStatus> {
    this.calls.push("vault_status");
    return {
      exists: this.exists,
      session: this.session ? { ...this.session } : null,
      users: this.users.map((u) => ({ ...u })),
      language: this.language,
      idleMinutes: this.idleMinutes,
    };
  }

  async assessPassphrase(passphrase: string, _user = ""): Promise<PassphraseStrength> {
    this.calls.push("assess_passphrase");
    this.assessed.push(passphrase);
    const n = passphrase.length;
    const score = n >= 24 ? 4 : n >= 16 ? 3 : n >= 10 ? 2 : n >= 5 ? 1 : 0;
    return { score, acceptable: score >= 3, feedback: score >= 3 ? null : "too_short" };
  }

  async createVault(user: string, passphrase: string): Promise<CreatedVault> {
    this.calls.push("create_vault");
    if (this.exists) throw fail("already_exists", "vault exists");
    if ((await this.assessPassphrase(passphrase)).acceptable === false) {
      throw fail("weak_passphrase", "weak");
    }
    this.exists = true;
    this.users = [{ name: user, role: "admin" }];
    this.passphrases.set(user, passphrase);
    this.session = { user, role: "admin" };
    return { recoveryKey: FAKE_RECOVERY_KEY, session: { ...this.session } };
  }

  async unlockVault(user: string, passphrase: string): Promise<Session> {
    this.calls.push("unlock_vault");
    if (this.unlockFailure) throw fail(this.unlockFailure, "simulated failure");
    const summary = this.users.find((u) => u.name === user);
    if (!summary) throw fail("not_found", "no such user");
    if (this.passphrases.get(user) !== passphrase) throw fail("auth_failed", "authentication failed");
    this.session = { user, role: summary.role };
    return { ...this.session };
  }

  async lockVault(reason: LockReason): Promise<void> {
    this.calls.push("lock_vault");
    this.lockReasons.push(reason);
    if (this.holdLock) {
      await new Promise<void>((resolve) => (this.#releaseLock = resolve));
    }
    this.emitLocked(reason);
  }

  releaseLock(): void {
    this.#releaseLock?.();
    this.#releaseLock = null;
  }

  async touchSession(): Promise<void> {
    this.calls.push("touch_session");
    if (!this.session) throw fail("locked", "vault is locked");
    this.touches += 1;
  }

  async setLanguage(language: Language): Promise<void> {
    this.calls.push("set_language");
    this.language = language;
  }

  async setIdleMinutes(minutes: number): Promise<void> {
    this.calls.push("set_idle_minutes");
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120) throw fail("invalid", "range");
    this.idleMinutes = minutes;
  }

  async onVaultLocked(handler: (event: LockedEvent) => void): Promise<Unlisten> {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** What the Rust side does when its idle timer fires, or after any lock. */
  emitLocked(reason: LockReason): void {
    this.session = null;
    for (const handler of [...this.#handlers]) handler({ reason });
  }

  get listenerCount(): number {
    return this.#handlers.size;
  }

  /** Makes an existing, locked vault with one synthetic user. */
  static withVault(user = "caseworker-demo", passphrase = "correct horse battery staple"): FakeBackend {
    const backend = new FakeBackend();
    backend.exists = true;
    backend.users = [{ name: user, role: "caseworker" }];
    backend.passphrases.set(user, passphrase);
    return backend;
  }
}

/** Lets pending promise callbacks and zero-delay timers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
