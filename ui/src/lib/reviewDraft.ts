/**
 * Keeping the lawyer's review decisions (issue 18, "review decisions are kept"): the review
 * screen hands every change to a `DraftSaver`, which sends the newest state to the core
 * (`save_review_draft`, into the encrypted vault) shortly after the last change, at once when
 * the screen closes, and — through the `AppController` — before a lock the app itself starts
 * (the Lock button, the stop keys: after the page is blanked, so they never wait). Nothing is
 * kept in the webview: the pending state lives in this object only and goes with it.
 */
import type { ReviewDraftSaveDto } from "../ipc/legal";

/** How long after the last change the draft is sent. */
export const DRAFT_SAVE_DELAY_MS = 800;

export class DraftSaver {
  #pending: ReviewDraftSaveDto | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #send: (draft: ReviewDraftSaveDto) => Promise<unknown>;
  readonly #delay: number;

  constructor(send: (draft: ReviewDraftSaveDto) => Promise<unknown>, delayMs = DRAFT_SAVE_DELAY_MS) {
    this.#send = send;
    this.#delay = delayMs;
  }

  /** The newest state to keep; sent after the delay unless another change comes first. */
  schedule(draft: ReviewDraftSaveDto): void {
    this.#pending = draft;
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Whether a change waits to be sent. */
  get pending(): boolean {
    return this.#pending !== null;
  }

  /** Sends what waits now (nothing if nothing does). */
  async flush(): Promise<void> {
    const draft = this.take();
    if (draft !== null) await this.#send(draft);
  }

  /** What waits, taken out (the controller sends it itself before a lock). */
  take(): ReviewDraftSaveDto | null {
    this.#clearTimer();
    const draft = this.#pending;
    this.#pending = null;
    return draft;
  }

  /** Forgets what waits (the vault locked already: nothing more can be kept). */
  dispose(): void {
    this.take();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
