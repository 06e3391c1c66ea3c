/**
 * Typed message catalogues. `en` defines the shape; `ru` must match it exactly.
 * Components get the active catalogue from the app controller (`app.t`), never a string
 * literal of their own.
 */
import type { ErrorCode } from "../ipc/bindings/ErrorCode";
import type { Language } from "../ipc/bindings/Language";
import { en } from "./en";
import { ru } from "./ru";

export type Messages = typeof en;

export const catalogues: Record<Language, Messages> = { en, ru };

export const languages: readonly Language[] = ["en", "ru"];

export function messagesFor(language: Language): Messages {
  return catalogues[language];
}

/** The sentence shown to a person for an IPC error code. */
export function errorText(t: Messages, code: ErrorCode): string {
  return t.errors[code];
}
