/**
 * The interview's keyboard: where the arrow keys go inside a toolbar, and which Alt shortcut
 * records which "no answer" status. Pure functions, so the mapping is tested without a DOM.
 *
 * Shortcuts use the physical key (`KeyboardEvent.code`), so Alt+1 is the same key with a
 * Russian or an English layout.
 */
import { SPECIAL_STATUSES, type SpecialStatus } from "./answers";

/** What an Alt shortcut inside a question does: a status to toggle, or clearing the answer. */
export type SpecialAction = SpecialStatus | "clear";

/** Alt+1 Declined, Alt+2 Don't know, Alt+3 Not asked, Alt+0 Clear; `null` for any other key. */
export function specialShortcut(e: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "code">): SpecialAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(e.code)?.[1];
  if (digit === undefined) return null;
  if (digit === "0") return "clear";
  return SPECIAL_STATUSES[Number(digit) - 1] ?? null;
}

/**
 * The button a toolbar key moves to, from button `at` of `count` (ARIA toolbar pattern: the
 * arrows wrap round, Home and End go to the ends); `null` when the key is not a move.
 */
export function toolbarMove(key: string, at: number, count: number): number | null {
  if (count === 0) return null;
  const from = at < 0 ? 0 : at;
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
      return (from + 1) % count;
    case "ArrowLeft":
    case "ArrowUp":
      return (from - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
