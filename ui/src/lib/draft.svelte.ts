/**
 * What an input shows while a person edits it, kept in step with the stored answer.
 *
 * The draft follows the answer when the answer changes from elsewhere (a special answer, a
 * clear, a renumbered repeat, a reload), but not when it changes because of this very input
 * (`commit`): so "05" stays "05" on screen while 5 is saved, and an incomplete date or a
 * half-typed number stays on screen although nothing is saved yet.
 *
 * Create it during component initialisation (it registers an effect).
 */
import type { AnswerDto } from "../ipc/backend";
import { answerKey } from "./answers";

export class Draft<T> {
  value: T = $state() as T;
  #key: string | null = null;

  constructor(source: () => AnswerDto | undefined, show: (answer: AnswerDto | undefined) => T) {
    const answer = source();
    this.#key = answerKey(answer);
    this.value = show(answer);
    $effect.pre(() => {
      const current = source();
      const key = answerKey(current);
      if (key !== this.#key) {
        this.#key = key;
        this.value = show(current);
      }
    });
  }

  /** Records that `answer` came from this input, so the draft is not replaced by it. */
  commit(answer: AnswerDto | null): void {
    this.#key = answerKey(answer);
  }
}
