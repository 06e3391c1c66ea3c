/**
 * The one interface the UI uses to reach the Rust side.
 *
 * Components and the app controller depend on `Backend`, never on Tauri: the real
 * implementation (./tauri.ts) is the only module that calls `invoke` or `listen`, and unit
 * tests pass a fake. Types come from ./bindings/, generated from the Rust wire types (ts-rs).
 */
import type { CreatedVault } from "./bindings/CreatedVault";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { IpcError } from "./bindings/IpcError";
import type { Language } from "./bindings/Language";
import type { LockedEvent } from "./bindings/LockedEvent";
import type { LockReason } from "./bindings/LockReason";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { Role } from "./bindings/Role";
import type { Session } from "./bindings/Session";
import type { StrengthFeedback } from "./bindings/StrengthFeedback";
import type { UserSummary } from "./bindings/UserSummary";
import type { VaultStatus } from "./bindings/VaultStatus";

export type {
  CreatedVault,
  ErrorCode,
  IpcError,
  Language,
  LockedEvent,
  LockReason,
  PassphraseStrength,
  Role,
  Session,
  StrengthFeedback,
  UserSummary,
  VaultStatus,
};

/** Stops listening to an event. */
export type Unlisten = () => void;

export interface Backend {
  vaultStatus(): Promise<VaultStatus>;
  assessPassphrase(passphrase: string, user: string): Promise<PassphraseStrength>;
  /** First run only; the creating user becomes the administrator and is signed in. */
  createVault(user: string, passphrase: string): Promise<CreatedVault>;
  unlockVault(user: string, passphrase: string): Promise<Session>;
  lockVault(reason: LockReason): Promise<void>;
  /** Tells the backend's idle timer that the person is active. */
  touchSession(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  setIdleMinutes(minutes: number): Promise<void>;
  /** Subscribes to the backend's `vault-locked` event. */
  onVaultLocked(handler: (event: LockedEvent) => void): Promise<Unlisten>;
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
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
]);

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && ERROR_CODES.has(v.code) && typeof v.message === "string";
}

/**
 * Normalises whatever a rejected command carried into an `IpcError`. Anything that is not
 * the agreed `{ code, message }` shape (a missing command, a permission refusal from the
 * Tauri capability system, a thrown exception) becomes `internal`, keeping its text only as
 * a technical detail.
 */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) return { code: reason.code, message: reason.message };
  let message: string;
  if (reason instanceof Error) message = reason.message;
  else if (typeof reason === "string") message = reason;
  else {
    try {
      message = JSON.stringify(reason) ?? String(reason);
    } catch {
      message = String(reason);
    }
  }
  return { code: "internal", message };
}
