/**
 * Recognises the panic keys: Ctrl+Shift+L, or Escape pressed twice within `windowMs`.
 *
 * Ctrl+Shift+L is matched on the physical key (`code === "KeyL"`), so it also works with a
 * Russian layout active, where the same key produces "Д".
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

export function createPanicDetector(
  windowMs: number = ESCAPE_WINDOW_MS,
  now: () => number = () => performance.now(),
): (event: PanicKeyEvent) => boolean {
  let lastEscape: number | null = null;
  return (event) => {
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
