/**
 * Recognises the panic keys ("Stop now"): F2 alone, Ctrl+Shift+L, and — only when the
 * setting "Escape twice locks" is on (`escapeTwice()`; off by default) — Escape pressed twice
 * within `windowMs`. Escape is a reflex (closing a list, leaving a field); pressed twice by
 * habit in front of a survivor it must not lock the room, so it is a choice, not a given.
 *
 * F2 is the one-key stop: it types nothing, WebKitGTK gives it no meaning, and it does not
 * sit next to keys used while typing (F1 may open help elsewhere, F5 reloads, F11 goes full
 * screen, F12 opens developer tools). On laptops whose top row sends media keys by default
 * it needs Fn; the visible "Stop now" button and the other two keys remain.
 *
 * Keys are matched on the physical key (`code`), so they also work with a Russian layout
 * active, where the L key produces "Д".
 */
export interface PanicKeyEvent {
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

export const ESCAPE_WINDOW_MS = 1000;

/**
 * F2 alone: the one stop key an admin may make wipe the vault (Settings). The other panic
 * keys are easier to press by accident (Escape twice) and always only lock.
 */
export function isStopKey(event: PanicKeyEvent): boolean {
  return (event.code === "F2" || event.key === "F2") && !event.ctrlKey && !event.altKey && !event.metaKey;
}

export function createPanicDetector(
  windowMs: number = ESCAPE_WINDOW_MS,
  now: () => number = () => performance.now(),
  escapeTwice: () => boolean = () => true,
): (event: PanicKeyEvent) => boolean {
  let lastEscape: number | null = null;
  return (event) => {
    if ((event.code === "F2" || event.key === "F2") && !event.ctrlKey && !event.altKey && !event.metaKey) {
      lastEscape = null;
      return true;
    }
    if (
      event.ctrlKey &&
      event.shiftKey &&
      !event.altKey &&
      !event.metaKey &&
      (event.code === "KeyL" || event.key === "L" || event.key === "l")
    ) {
      lastEscape = null;
      return true;
    }
    if (event.key === "Escape" || event.code === "Escape") {
      if (!escapeTwice()) {
        lastEscape = null;
        return false;
      }
      const t = now();
      if (lastEscape !== null && t - lastEscape <= windowMs) {
        lastEscape = null;
        return true;
      }
      lastEscape = t;
      return false;
    }
    // Modifier keys alone (Shift, Control…) do not break an Escape pair; any other key does.
    if (!["Shift", "Control", "Alt", "Meta"].includes(event.key)) lastEscape = null;
    return false;
  };
}
