/**
 * The real `Backend`: Tauri v2 commands and events. This file and nothing else in the UI
 * imports `@tauri-apps/api`. Argument names are camelCase on this side; Tauri maps them to
 * the Rust parameter names.
 */
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import {
  toIpcError,
  type Backend,
  type CreatedVault,
  type Language,
  type LockedEvent,
  type LockReason,
  type PassphraseStrength,
  type Session,
  type Unlisten,
  type VaultStatus,
} from "./backend";

/** The event the backend emits whenever the vault locks, for any reason. */
export const VAULT_LOCKED_EVENT = "vault-locked";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export class TauriBackend implements Backend {
  vaultStatus(): Promise<VaultStatus> {
    return call("vault_status");
  }
  assessPassphrase(passphrase: string, user: string): Promise<PassphraseStrength> {
    return call("assess_passphrase", { passphrase, user });
  }
  createVault(user: string, passphrase: string): Promise<CreatedVault> {
    return call("create_vault", { user, passphrase });
  }
  unlockVault(user: string, passphrase: string): Promise<Session> {
    return call("unlock_vault", { user, passphrase });
  }
  lockVault(reason: LockReason): Promise<void> {
    return call("lock_vault", { reason });
  }
  touchSession(): Promise<void> {
    return call("touch_session");
  }
  setLanguage(language: Language): Promise<void> {
    return call("set_language", { language });
  }
  setIdleMinutes(minutes: number): Promise<void> {
    return call("set_idle_minutes", { minutes });
  }
  async onVaultLocked(handler: (event: LockedEvent) => void): Promise<Unlisten> {
    return listen<LockedEvent>(VAULT_LOCKED_EVENT, (event) => handler(event.payload));
  }
}
