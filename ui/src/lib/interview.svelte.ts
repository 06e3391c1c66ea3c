/**
 * One open interview: the case's answers, repeat counts, attachments and the backend's live
 * state (skip logic, required paths, problems, progress), plus autosave.
 *
 * Autosave: every change is shown at once and saved per answer path, one request at a time
 * per path. Typed text (and the typed parts of a date) waits `debounceMs` after the last
 * keystroke, or until the field loses focus; choices and special answers go straight away. If a path changes while its request is in flight, the
 * newest value is sent when that request settles. A failed save keeps what was typed on
 * screen and in `answers`, marks the path, and waits for `retry()`.
 *
 * The state the backend returns after a save is applied only if no request sent later has
 * been answered already, so an old reply cannot undo a newer state.
 *
 * An entry that cannot be saved as typed — an impossible date (31 February, day 0) — is never
 * sent: its input says so in place, and the typed parts are held here (`heldDates`) so they
 * survive a change of section, mark their section in the list (`sectionsToCorrect`) and stop
 * Pause until corrected or left. A refused save (`invalid`, `too_large`: sending it again
 * cannot help) marks its question and section the same way. Neither turns the header's
 * "Saved" into "Not saved": that stays true for everything that was saved, and "Not saved"
 * means a save failed and may succeed if tried again.
 *
 * `dispose()` (every lock) drops everything: answers, state, attachments, pending timers,
 * and revokes every blob: URL made for a thumbnail. Replies that arrive afterwards are
 * ignored.
 */
import {
  toIpcError,
  type AnswerDto,
  type AttachmentDto,
  type Backend,
  type CaseSummaryDto,
  type CountedDto,
  type FormView,
  type InterviewStateDto,
  type InterviewView,
  type IpcError,
  type ProblemDto,
  type SectionView,
} from "../ipc/backend";
import { answerKey, type DateDraft } from "./answers";
import { isInside, pathAfterRemove, sectionOfName, sectionPaths } from "./form";

export const SAVE_DEBOUNCE_MS = 600;

export type SaveStatus = "saved" | "saving" | "error";

const EMPTY_STATE: InterviewStateDto = {
  hidden: [],
  required: [],
  problems: [],
  progress: [],
  offered: [],
  computed: [],
  counted: [],
  proposed: [],
};

interface Slot {
  /** The answer path (changes when an earlier repeat instance is removed). */
  path: string;
  /** The newest value for the path (null: clear it). */
  want: AnswerDto | null;
  /** `want` has not been sent yet. */
  dirty: boolean;
  inFlight: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** The last attempt failed and nothing newer has been sent. */
  failed: boolean;
}

export interface InterviewOptions {
  /** Called when a command is refused because the vault is locked. */
  onLocked: () => void;
  /** The section to open at (else the first with a required question still unanswered). */
  startSection?: string | null;
  /** The question to put focus on when the interview is shown (after an unlock). */
  focusPath?: string | null;
  debounceMs?: number;
}

/** Error codes of a save the backend refused for its content: retrying cannot help. */
const REFUSALS: ReadonlySet<string> = new Set(["invalid", "too_large"]);


export class Interview {
  readonly caseId: string;
  form: FormView = $state.raw({ id: "", version: 0, title: { en: "", ru: "" }, sections: [] });
  summary: CaseSummaryDto = $state.raw() as CaseSummaryDto;
  answers: Record<string, AnswerDto> = $state.raw({});
  repeats: Record<string, number> = $state.raw({});
  attachments: AttachmentDto[] = $state.raw([]);
  state: InterviewStateDto = $state.raw(EMPTY_STATE);
  /** Whether this user may change the testimony (the core decides: its rights table). */
  writable: boolean = $state(false);
  /** Saves refused or failed, by path (what was typed stays in `answers`). */
  saveErrors: Record<string, IpcError> = $state.raw({});
  status: SaveStatus = $state("saved");
  section: string = $state("");
  /** A repeat is being added or removed: other repeat buttons wait. */
  busy: boolean = $state(false);
  disposed: boolean = $state(false);
  /** Impossible dates as typed, by path: shown, never sent (see the module docs). */
  heldDates: Record<string, DateDraft> = $state.raw({});
  /** The question that last had focus (an answer path), to come back to after a lock. */
  place: string | null = null;
  /** The question to focus when first shown. */
  readonly focusPath: string | null;

  /** Paths whose answer on screen is not saved and needs a correction, not a retry. */
  readonly toCorrect: readonly string[] = $derived([
    ...new Set([
      ...Object.keys(this.heldDates),
      ...Object.entries(this.saveErrors)
        .filter(([, e]) => REFUSALS.has(e.code))
        .map(([p]) => p),
    ]),
  ]);
  /** How many answers to correct, by section name. */
  readonly sectionsToCorrect: ReadonlyMap<string, number> = $derived(this.#countBySection(this.toCorrect));

  readonly hidden: ReadonlySet<string> = $derived(new Set(this.state.hidden));
  readonly required: ReadonlySet<string> = $derived(new Set(this.state.required));
  /** Cascading selects: the choice names each filtered select offers now, by path. */
  readonly offered: ReadonlyMap<string, readonly string[]> = $derived(
    new Map(this.state.offered.map((o) => [o.path, o.choices])),
  );
  readonly problems: ReadonlyMap<string, ProblemDto[]> = $derived(groupProblems(this.state.problems));
  /** Counted repeats (`repeat_count`): what the count gives and how many instances there are, by container. */
  readonly counted: ReadonlyMap<string, CountedDto> = $derived(new Map(this.state.counted.map((c) => [c.path, c])));
  /** Defaults proposed at unanswered questions, by path: shown unconfirmed, never an answer until confirmed. */
  readonly proposed: ReadonlyMap<string, AnswerDto> = $derived(
    new Map(this.state.proposed.map((p) => [p.path, p.answer])),
  );

  readonly #backend: Backend;
  readonly #onLocked: () => void;
  readonly #debounceMs: number;
  readonly #slots = new Map<string, Slot>();
  readonly #urls = new Set<string>();
  #waiters: Array<() => void> = [];
  #sent = 0;
  #applied = 0;

  constructor(backend: Backend, form: FormView, view: InterviewView, options: InterviewOptions) {
    this.#backend = backend;
    this.#onLocked = options.onLocked;
    this.#debounceMs = options.debounceMs ?? SAVE_DEBOUNCE_MS;
    this.caseId = view.summary.id;
    this.focusPath = options.focusPath ?? null;
    this.place = this.focusPath;
    this.form = form;
    this.#applyView(view);
    this.section = this.#startSection(options.startSection ?? null);
  }

  // Reading ---------------------------------------------------------------------------------

  /** Whether every top-level item of the section is hidden by skip logic right now. */
  sectionHidden(section: SectionView): boolean {
    return sectionPaths(section).every((path) => this.hidden.has(path));
  }

  /** Whether anything is recorded inside instance `index` of `container`. */
  instanceHasAnswers(container: string, index: number): boolean {
    return Object.keys(this.answers).some((path) => isInside(path, container, index));
  }

  /**
   * Confirms the default proposed at `path`: saves it as the answer, like a choice made by
   * hand. Until then the question is unanswered everywhere.
   */
  confirmProposal(path: string): void {
    const proposal = this.proposed.get(path);
    if (proposal === undefined || this.answers[path] !== undefined) return;
    this.setAnswer(path, proposal);
  }

  attachment(id: string | null): AttachmentDto | undefined {
    return id === null ? undefined : this.attachments.find((a) => a.id === id);
  }

  // Answers and autosave --------------------------------------------------------------------

  /** Shows `answer` at once and saves it (after the debounce when `debounce` is set). */
  setAnswer(path: string, answer: AnswerDto | null, debounce = false): void {
    if (this.disposed || !this.writable) return;
    const current = this.answers[path];
    const next = { ...this.answers };
    if (answer === null) delete next[path];
    else next[path] = answer;
    if (answerKey(current) !== answerKey(answer)) this.answers = next;
    if (path in this.saveErrors) this.saveErrors = without(this.saveErrors, path);
    if (path in this.heldDates) this.heldDates = without(this.heldDates, path);

    const slot = this.#slot(path);
    slot.want = answer;
    slot.dirty = true;
    slot.failed = false;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    if (debounce) {
      slot.timer = setTimeout(() => {
        slot.timer = null;
        this.#send(slot);
      }, this.#debounceMs);
    } else {
      this.#send(slot);
    }
    this.#updateStatus();
  }

  /** Sends a debounced change now (the field lost focus). */
  flushPath(path: string): void {
    const slot = this.#slots.get(path);
    if (!slot || slot.timer === null) return;
    clearTimeout(slot.timer);
    slot.timer = null;
    this.#send(slot);
  }

  /** Sends every waiting change and resolves once nothing is waiting or in flight. */
  flush(): Promise<void> {
    for (const slot of this.#slots.values()) {
      if (slot.timer !== null) {
        clearTimeout(slot.timer);
        slot.timer = null;
      }
      this.#send(slot);
    }
    this.#updateStatus();
    return this.#settled();
  }

  /** Tries every failed save again. */
  retry(): void {
    for (const slot of this.#slots.values()) {
      if (slot.failed) {
        slot.failed = false;
        slot.dirty = true;
        this.saveErrors = without(this.saveErrors, slot.path);
        this.#send(slot);
      }
    }
    this.#updateStatus();
  }

  /**
   * Holds an impossible date as typed (`draft`), or lets it go (null): nothing is sent; the
   * answer saved before, if any, stays as it was.
   */
  holdDate(path: string, draft: DateDraft | null): void {
    if (this.disposed) return;
    if (draft !== null) this.heldDates = { ...this.heldDates, [path]: draft };
    else if (path in this.heldDates) this.heldDates = without(this.heldDates, path);
  }

  /** Whether something typed is not saved: a failed or refused save, or a held entry. */
  get hasUnsavedOrHeld(): boolean {
    return this.hasUnsaved || Object.keys(this.heldDates).length > 0;
  }

  /** The sections holding answers that are not saved (to correct or to retry), in form order. */
  unsavedSections(): string[] {
    const paths = [...this.toCorrect, ...Object.keys(this.saveErrors)];
    const names = new Set(this.#countBySection(paths).keys());
    return this.form.sections.filter((s) => names.has(s.name)).map((s) => s.name);
  }

  /** Whether some change could not be saved. */
  get hasUnsaved(): boolean {
    for (const slot of this.#slots.values()) {
      if (slot.failed || slot.dirty || slot.inFlight || slot.timer !== null) return true;
    }
    return false;
  }

  // Repeats ---------------------------------------------------------------------------------

  async addRepeat(container: string): Promise<IpcError | null> {
    return this.#changeRepeats(() => this.#backend.addRepeat(this.caseId, container), (path) => path);
  }

  async removeRepeat(container: string, index: number): Promise<IpcError | null> {
    return this.#changeRepeats(
      () => this.#backend.removeRepeat(this.caseId, container, index),
      (path) => pathAfterRemove(path, container, index),
    );
  }

  // Attachments -----------------------------------------------------------------------------

  /** Encrypts `file` into the vault and records it as the answer at `path`. */
  async attach(path: string, file: File): Promise<IpcError | null> {
    if (this.disposed) return null;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const meta = await this.#backend.addAttachment(
        this.caseId,
        file.name,
        file.type || "application/octet-stream",
        bytes,
      );
      if (this.disposed) return null;
      this.attachments = [...this.attachments, meta];
      this.setAnswer(path, { status: "answered", type: "attachment", value: meta.id });
      return null;
    } catch (reason) {
      return this.#failure(reason);
    }
  }

  /**
   * Deletes the file attached at `path` from the vault: the answer is cleared and saved
   * first (the core refuses to delete a file an answer still refers to), then the file and
   * its record go (audit-logged in the core).
   */
  async deleteAttachment(path: string, attachmentId: string): Promise<IpcError | null> {
    if (this.disposed) return null;
    this.setAnswer(path, null);
    await this.flush();
    if (this.disposed) return null;
    const failed = this.saveErrors[path];
    if (failed) return failed;
    try {
      await this.#backend.removeAttachment(this.caseId, attachmentId);
      if (this.disposed) return null;
      this.attachments = this.attachments.filter((a) => a.id !== attachmentId);
      return null;
    } catch (reason) {
      return this.#failure(reason);
    }
  }

  /**
   * A blob: URL of the attachment's decrypted bytes, for an <img>; the caller gives it back
   * with `releaseUrl` as soon as it is no longer shown. Null once disposed.
   */
  async objectUrl(attachmentId: string): Promise<string | null> {
    const meta = this.attachment(attachmentId);
    if (this.disposed || !meta) return null;
    let bytes: ArrayBuffer;
    try {
      bytes = await this.#backend.readAttachment(this.caseId, attachmentId);
    } catch (reason) {
      this.#failure(reason);
      return null;
    }
    if (this.disposed) return null;
    const url = URL.createObjectURL(new Blob([bytes], { type: meta.mediaType }));
    this.#urls.add(url);
    return url;
  }

  releaseUrl(url: string): void {
    if (this.#urls.delete(url)) URL.revokeObjectURL(url);
  }

  // Sections --------------------------------------------------------------------------------

  goTo(section: string): void {
    if (this.form.sections.some((s) => s.name === section)) this.section = section;
  }

  /** The visible section next to the current one (`step` = 1 or -1), if any. */
  neighbour(step: 1 | -1): SectionView | undefined {
    const sections = this.form.sections;
    let i = sections.findIndex((s) => s.name === this.section);
    for (i += step; i >= 0 && i < sections.length; i += step) {
      const s = sections[i];
      if (s && !this.sectionHidden(s)) return s;
    }
    return undefined;
  }

  // Lifetime --------------------------------------------------------------------------------

  /**
   * Forgets the case. With `sendPending`, changes still waiting for their debounce are sent
   * first (fire and forget: a lock in progress may refuse them), so a panic loses as little
   * typing as possible without waiting for anything.
   */
  dispose(sendPending = false): void {
    if (this.disposed) return;
    if (sendPending) {
      // (A path with a request in flight is skipped: a second one could overtake it.)
      for (const slot of this.#slots.values()) {
        if ((slot.timer !== null || slot.dirty) && !slot.inFlight) {
          void this.#backend.saveAnswer(this.caseId, slot.path, slot.want).catch(() => {});
        }
      }
    }
    for (const slot of this.#slots.values()) if (slot.timer !== null) clearTimeout(slot.timer);
    this.#slots.clear();
    for (const url of this.#urls) URL.revokeObjectURL(url);
    this.#urls.clear();
    this.disposed = true;
    this.answers = {};
    this.repeats = {};
    this.attachments = [];
    this.state = EMPTY_STATE;
    this.saveErrors = {};
    this.heldDates = {};
    this.place = null;
    this.form = { id: "", version: 0, title: { en: "", ru: "" }, sections: [] };
    this.status = "saved";
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  // Internals -------------------------------------------------------------------------------

  #slot(path: string): Slot {
    let slot = this.#slots.get(path);
    if (!slot) {
      slot = { path, want: null, dirty: false, inFlight: false, timer: null, failed: false };
      this.#slots.set(path, slot);
    }
    return slot;
  }

  #send(slot: Slot): void {
    if (slot.inFlight || !slot.dirty || this.disposed) return;
    slot.inFlight = true;
    slot.dirty = false;
    const { path, want: answer } = slot;
    const seq = ++this.#sent;
    this.#backend.saveAnswer(this.caseId, path, answer).then(
      (state) => {
        if (this.disposed) return;
        slot.inFlight = false;
        if (seq > this.#applied) {
          this.#applied = seq;
          this.state = state;
          this.#takeComputed(state);
          this.#takeCounted(state);
        }
        this.#afterSettle(slot);
      },
      (reason: unknown) => {
        if (this.disposed) return;
        slot.inFlight = false;
        const error = toIpcError(reason);
        if (error.code === "locked") {
          this.#onLocked();
          return;
        }
        if (!slot.dirty && slot.timer === null) {
          slot.failed = true;
          this.saveErrors = { ...this.saveErrors, [slot.path]: error };
        }
        this.#afterSettle(slot);
      },
    );
  }

  #afterSettle(slot: Slot): void {
    if (slot.dirty && slot.timer === null) this.#send(slot);
    else if (!slot.dirty && !slot.failed && slot.timer === null && this.#slots.get(slot.path) === slot) {
      this.#slots.delete(slot.path);
    }
    this.#updateStatus();
  }

  #active(): boolean {
    for (const slot of this.#slots.values()) {
      if (slot.inFlight || slot.dirty || slot.timer !== null) return true;
    }
    return false;
  }

  #updateStatus(): void {
    if (this.disposed) return;
    // A refused save is marked on its question; "Not saved" is for saves that may succeed later.
    let failed = false;
    for (const slot of this.#slots.values()) {
      failed ||= slot.failed && !REFUSALS.has(this.saveErrors[slot.path]?.code ?? "");
    }
    const active = this.#active();
    this.status = active ? "saving" : failed ? "error" : "saved";
    if (!active) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #settled(): Promise<void> {
    if (this.disposed || !this.#active()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Adds or removes a repeat instance. Waiting changes are saved first, so that no request
   * names an instance by its old number; answers that could not be saved are carried over
   * (renumbered with `move`) so nothing typed is lost.
   */
  async #changeRepeats(
    command: () => Promise<InterviewView>,
    move: (path: string) => string | null,
  ): Promise<IpcError | null> {
    if (this.busy || this.disposed) return null;
    this.busy = true;
    try {
      await this.flush();
      if (this.disposed) return null;
      const view = await command();
      if (this.disposed) return null;
      // Failed saves move with their instance; anything typed while the command ran keeps
      // its slot (its request names the path as it was when it was typed).
      const kept = new Map<string, Slot>();
      const errors: Record<string, IpcError> = {};
      for (const [path, slot] of this.#slots) {
        if (slot.failed) {
          const to = move(path);
          if (to === null) continue;
          kept.set(to, slot);
          const error = this.saveErrors[path];
          if (error) errors[to] = error;
        } else if (slot.inFlight || slot.dirty || slot.timer !== null) {
          kept.set(path, slot);
        }
      }
      this.#slots.clear();
      this.#applyView(view);
      const answers = { ...this.answers };
      for (const [path, slot] of kept) {
        slot.path = path;
        this.#slots.set(path, slot);
        if (slot.want === null) delete answers[path];
        else answers[path] = slot.want;
      }
      this.answers = answers;
      this.saveErrors = errors;
      const held: Record<string, DateDraft> = {};
      for (const [path, draft] of Object.entries(this.heldDates)) {
        const to = move(path);
        if (to !== null) held[to] = draft;
      }
      this.heldDates = held;
      this.#updateStatus();
      return null;
    } catch (reason) {
      return this.#failure(reason);
    } finally {
      this.busy = false;
    }
  }

  /** Calculated values follow their inputs: the core recomputed them on this save. */
  #takeComputed(state: InterviewStateDto): void {
    if (state.computed.length === 0) return;
    let next: Record<string, AnswerDto> | null = null;
    for (const { path, answer } of state.computed) {
      if (answerKey(this.answers[path]) === answerKey(answer)) continue;
      next ??= { ...this.answers };
      if (answer === null) delete next[path];
      else next[path] = answer;
    }
    if (next) this.answers = next;
  }

  /** Counted repeats follow their counts: the core added or removed instances on this save. */
  #takeCounted(state: InterviewStateDto): void {
    const changed = state.counted.filter((c) => (this.repeats[c.path] ?? 0) !== c.count);
    if (changed.length === 0) return;
    const repeats = { ...this.repeats };
    for (const c of changed) {
      if (c.count === 0) delete repeats[c.path];
      else repeats[c.path] = c.count;
    }
    this.repeats = repeats;
  }

  #applyView(view: InterviewView): void {
    this.summary = view.summary;
    const answers: Record<string, AnswerDto> = {};
    for (const entry of view.answers) answers[entry.path] = entry.answer;
    this.answers = answers;
    const repeats: Record<string, number> = {};
    for (const entry of view.repeats) repeats[entry.path] = entry.count;
    this.repeats = repeats;
    this.attachments = view.attachments;
    this.writable = view.writable;
    this.#applied = ++this.#sent;
    this.state = view.state;
  }

  #failure(reason: unknown): IpcError | null {
    const error = toIpcError(reason);
    if (error.code === "locked") {
      this.#onLocked();
      return null;
    }
    return this.disposed ? null : error;
  }

  #countBySection(paths: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const path of new Set(paths)) {
      const name = sectionOfName(this.form, path.split(/[.[]/)[0] ?? "")?.name;
      if (name !== undefined) out.set(name, (out.get(name) ?? 0) + 1);
    }
    return out;
  }

  #startSection(remembered: string | null): string {
    const sections = this.form.sections;
    if (remembered && sections.some((s) => s.name === remembered)) return remembered;
    for (const progress of this.state.progress) {
      const section = sections.find((s) => s.name === progress.section);
      if (section && !this.sectionHidden(section) && progress.requiredAnswered < progress.required) {
        return section.name;
      }
    }
    return sections[0]?.name ?? "";
  }
}

function groupProblems(problems: ProblemDto[]): Map<string, ProblemDto[]> {
  const out = new Map<string, ProblemDto[]>();
  for (const p of problems) {
    const list = out.get(p.path);
    if (list) list.push(p);
    else out.set(p.path, [p]);
  }
  return out;
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}
