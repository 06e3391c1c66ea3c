/**
 * An in-memory `Backend` for unit tests: no Tauri, no Rust. It behaves like the contract
 * says the real one does (errors as `{ code, message }`, `vault-locked` emitted on every
 * lock, case commands refused with `locked` while no session is open, skip logic and
 * progress recomputed after every save) and records what the UI asked of it. Synthetic
 * users and cases only; the form is the hand-made ./fixture-form.ts, not the real intake.
 *
 * The board side is role-aware as the core is (src/board/mod.rs): coordinators list every
 * case but read none (testimony filters, answer history and the registry are `forbidden`),
 * caseworkers see the cases they created or are assigned, lawyers those they are assigned,
 * admins all; sessions carry their role's rights and rows the moves that may follow, both
 * from ./core-tables.ts (written from the core's tables by a Rust test, never by hand);
 * pages are cut server-side.
 */
import type {
  AnswerDto,
  AttachmentDto,
  Backend,
  BoardPageDto,
  BoardQueryDto,
  BoardRowDto,
  CaseEventDto,
  CaseSummaryDto,
  CountDto,
  DashboardDto,
  BoardExportDto,
  BoardFormatDto,
  DiscardDto,
  CaseLabelDto,
  DuplicateSuggestionDto,
  FilingDto,
  HistoryEntryDto,
  RegistryEntryDto,
  RiskDto,
  StageDto,
  StatusCountDto,
  StatusDto,
  CreatedVault,
  FormView,
  InterviewStateDto,
  InterviewView,
  IpcError,
  ItemView,
  ProblemDto,
  ProgressDto,
  QuestionView,
  Language,
  LockedEvent,
  LockReason,
  PassphraseStrength,
  Session,
  Unlisten,
  UserSummary,
  VaultStatus,
  WipeReportDto,
  FormCheckDto,
  FormSummaryDto,
} from "../ipc/backend";
import type { CommandName } from "../ipc/bindings/CommandName";
import { valueTypeFor } from "../lib/answers";
import { definitionPath, instancePath, isInside, itemPath, pathAfterRemove } from "../lib/form";
import { isIsoDate, riskLevel, STAGES, STATUSES } from "../lib/workflow";
import { ALLOWED_NEXT } from "./core-tables";
import { FIXTURE_FORM, FIXTURE_RULES, type Lookup } from "./fixture-form";
import { REVIEW_FIXTURE } from "./review-fixture";
import type { AudienceDto, ConsentMissingDto, ExportConsentsDto, ExportRequestDto, ExportResultDto, LegalReviewDto, ReviewDraftDto, ReviewDraftSaveDto } from "../ipc/legal";
import type { PatternExportDto, PatternFormatDto, PatternPreviewDto, PatternRequestDto } from "../ipc/report";
import { consentCovers, validHost, validIsoDate, type AsylumConsentDto, type AsylumDetailsDto } from "../ipc/asylum";
import { sessionFor } from "./fake-transfer";
import { FakeMailbox } from "./fake-mailbox";

export const FAKE_RECOVERY_KEY = "K7QF-M2XD-9TBW-RJ4N";

function fail(code: IpcError["code"], message: string): IpcError {
  return { code, message };
}

export class FakeBackend extends FakeMailbox implements Backend {
  exists = false;
  users: UserSummary[] = [];
  session: Session | null = null;
  language: Language = "en";
  idleMinutes = 5;
  syncMinutes = 10;
  unlockLimit: number | null = null;
  failedUnlocks = 0;
  stopKeyWipes = false;
  escapeTwiceLocks = false;
  /** The user who unlocked last (settings.json in the real backend). */
  lastUser: string | null = null;
  wipes = 0;
  /** When set, unlock fails with this code whatever the passphrase. */
  unlockFailure: IpcError["code"] | null = null;
  /** When true, lockVault waits until releaseLock() is called. */
  holdLock = false;

  readonly passphrases = new Map<string, string>();
  readonly calls: CommandName[] = [];
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
      syncMinutes: this.syncMinutes,
      unlockLimit: this.unlockLimit,
      attemptsLeft: this.unlockLimit === null ? null : this.unlockLimit - this.failedUnlocks,
      stopKeyWipes: this.stopKeyWipes,
      escapeTwiceLocks: this.escapeTwiceLocks,
      lastUser: this.users.some((u) => u.name === this.lastUser) ? this.lastUser : null,
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
    this.session = sessionFor(user, "admin");
    this.lastUser = user;
    return { recoveryKey: FAKE_RECOVERY_KEY, session: { ...this.session } };
  }

  async unlockVault(user: string, passphrase: string): Promise<Session> {
    this.calls.push("unlock_vault");
    if (this.unlockFailure) throw fail(this.unlockFailure, "simulated failure");
    const summary = this.users.find((u) => u.name === user);
    if (!summary) throw fail("not_found", "no such user");
    if (this.passphrases.get(user) !== passphrase) {
      if (this.unlockLimit !== null) {
        this.failedUnlocks += 1;
        if (this.failedUnlocks >= this.unlockLimit) this.#wipeAll();
      }
      throw fail("auth_failed", "authentication failed");
    }
    this.failedUnlocks = 0;
    this.lastUser = user;
    this.session = sessionFor(user, summary.role);
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

  async setEscapeTwiceLocks(enabled: boolean): Promise<void> {
    this.calls.push("set_escape_twice_locks");
    this.escapeTwiceLocks = enabled;
  }

  async setIdleMinutes(minutes: number): Promise<void> {
    this.calls.push("set_idle_minutes");
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120) throw fail("invalid", "range");
    this.idleMinutes = minutes;
  }

  async setSyncMinutes(minutes: number): Promise<void> {
    this.calls.push("set_sync_minutes");
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) throw fail("invalid", "range");
    this.syncMinutes = minutes;
  }

  async wipeVault(): Promise<WipeReportDto> {
    this.calls.push("wipe_vault");
    if (!this.session) throw fail("locked", "vault is locked");
    await Promise.resolve(); // answers later, like the real command
    this.#wipeAll();
    this.emitLocked("panic");
    return { slotFiles: 1, files: 5, keptDir: false, links: [] };
  }

  async setUnlockLimit(limit: number | null): Promise<void> {
    this.calls.push("set_unlock_limit");
    if (!this.session?.rights.wipeSettings) throw fail("forbidden", "admins only");
    if (limit !== null && (!Number.isInteger(limit) || limit < 3 || limit > 100)) throw fail("invalid", "range");
    this.unlockLimit = limit;
    this.failedUnlocks = 0;
  }

  async setStopKeyWipes(enabled: boolean): Promise<void> {
    this.calls.push("set_stop_key_wipes");
    if (!this.session?.rights.wipeSettings) throw fail("forbidden", "admins only");
    this.stopKeyWipes = enabled;
  }

  /** Everything of the vault is gone: the next status is a first run. */
  #wipeAll(): void {
    this.wipes += 1;
    this.exists = false;
    this.users = [];
    this.passphrases.clear();
    this.session = null;
    this.unlockLimit = null;
    this.failedUnlocks = 0;
    this.stopKeyWipes = false;
    this.language = "en";
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

  // Cases ------------------------------------------------------------------------------------

  form: FormView = FIXTURE_FORM;
  readonly cases = new Map<string, FakeCase>();
  /** Every save_answer the UI sent, in order. */
  readonly saves: Array<{ path: string; answer: AnswerDto | null }> = [];
  /** When set, save_answer rejects with this code (after any hold). */
  saveFailure: IpcError["code"] | null = null;
  /** When true, save_answer waits until releaseSaves() is called. */
  holdSaves = false;
  /** The most save_answer requests ever in flight at once for one path. */
  maxInFlightPerPath = 0;
  #inFlight = new Map<string, number>();
  #heldSaves: Array<() => void> = [];
  #clock = Date.parse("2024-05-01T10:00:00Z");
  #nextId = 1;

  async listCases(): Promise<CaseSummaryDto[]> {
    this.calls.push("list_cases");
    this.#requireSession();
    return [...this.cases.values()]
      .filter((c) => this.#canList(c))
      .map((c) => ({ ...c.summary }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, 200);
  }

  async formDefinition(formId: string, version: number): Promise<FormView> {
    this.calls.push("form_definition");
    const imported = this.importedForms.find((i) => i.summary.id === formId && i.summary.version === version);
    if (imported) return structuredClone(imported.form);
    if (formId !== this.form.id || version !== this.form.version) throw fail("invalid", "unknown form version");
    return structuredClone(this.form);
  }

  /** Imported form versions (Settings › Forms), as the core lists them. */
  importedForms: { summary: FormSummaryDto; form: FormView }[] = [];
  /** What checking the workbook at each path answers (a test places them). */
  readonly workbooks = new Map<string, FormCheckDto>();
  /** The form each createCase was asked for (null: none given). */
  readonly createdOn: ({ id: string; version: number } | null)[] = [];

  #builtinForm(): FormSummaryDto {
    return {
      id: this.form.id,
      version: this.form.version,
      title: { ...this.form.title },
      languages: ["en", "ru"],
      source: "builtin",
      questions: 1,
      available: true,
      cases: [...this.cases.values()].filter((c) => c.summary.formId === this.form.id).length,
    };
  }

  #requireImportForms(): void {
    this.#requireSession();
    if (!this.session?.rights.importForms) throw fail("forbidden", "not permitted for this role");
  }

  async formsForNewInterview(): Promise<FormSummaryDto[]> {
    this.calls.push("forms_for_new_interview");
    this.#requireSession();
    const latest = new Map<string, FormSummaryDto>();
    for (const f of [this.#builtinForm(), ...this.importedForms.map((i) => i.summary)]) {
      const seen = latest.get(f.id);
      if (f.available && (!seen || seen.version < f.version)) latest.set(f.id, { ...f });
    }
    return [...latest.values()];
  }

  async listForms(): Promise<FormSummaryDto[]> {
    this.calls.push("list_forms");
    this.#requireImportForms();
    return [this.#builtinForm(), ...this.importedForms.map((i) => ({ ...i.summary }))];
  }

  async checkFormFile(path: string): Promise<FormCheckDto> {
    this.calls.push("check_form_file");
    this.#requireImportForms();
    if (!path.startsWith("/")) throw fail("file_relative_path", "give the full path of the file");
    const check = this.workbooks.get(path);
    if (!check) throw fail("file_not_found", "reading the XLSForm workbook failed: there is no file at that path");
    if (check.outcome === "refused") return structuredClone(check);
    const stored = this.importedForms.some((i) => i.summary.id === check.form.id && i.summary.version === check.form.version);
    return { ...structuredClone(check), stored };
  }

  async importFormFile(path: string): Promise<FormSummaryDto> {
    const check = await this.checkFormFile(path);
    this.calls.push("import_form_file");
    if (check.outcome === "refused") throw fail("invalid", `the form was not imported (${check.problems.length} problem(s))`);
    const summary: FormSummaryDto = {
      id: check.form.id,
      version: check.form.version,
      title: { ...check.form.title },
      languages: [...check.languages],
      source: "imported",
      questions: check.questions,
      available: true,
      cases: 0,
    };
    if (!check.stored) this.importedForms.push({ summary, form: structuredClone(check.form) });
    return { ...summary };
  }

  async setFormAvailable(formId: string, version: number, available: boolean): Promise<void> {
    this.calls.push("set_form_available");
    this.#requireImportForms();
    const found = this.importedForms.find((i) => i.summary.id === formId && i.summary.version === version);
    if (!found) throw fail("invalid", "a built-in form is always offered");
    found.summary.available = available;
  }

  async createCase(form: { id: string; version: number } | null = null): Promise<CaseSummaryDto> {
    this.calls.push("create_case");
    this.#requireSession();
    this.createdOn.push(form ? { ...form } : null);
    if (form && !(await this.formsForNewInterview()).some((f) => f.id === form.id && f.version === form.version)) {
      throw fail("invalid", "this form is not offered for new interviews");
    }
    const n = this.cases.size + 1;
    const at = this.#now();
    const user = this.session?.user ?? "";
    const summary: CaseSummaryDto = {
      id: `case-${n}`,
      code: `WS-TEST-${String(n).padStart(4, "0")}`,
      formId: form?.id ?? this.form.id,
      formVersion: form?.version ?? this.form.version,
      status: "interview_in_progress",
      stage: null,
      createdAt: at,
      createdBy: user,
      updatedAt: at,
      updatedBy: user,
    };
    this.cases.set(summary.id, newCase(summary));
    return { ...summary };
  }

  async openCase(caseId: string): Promise<InterviewView> {
    this.calls.push("open_case");
    return this.#view(this.#case(caseId));
  }

  async saveAnswer(caseId: string, path: string, answer: AnswerDto | null): Promise<InterviewStateDto> {
    this.calls.push("save_answer");
    this.saves.push({ path, answer: answer === null ? null : structuredClone(answer) });
    const inFlight = (this.#inFlight.get(path) ?? 0) + 1;
    this.#inFlight.set(path, inFlight);
    this.maxInFlightPerPath = Math.max(this.maxInFlightPerPath, inFlight);
    try {
      if (this.holdSaves) await new Promise<void>((resolve) => this.#heldSaves.push(resolve));
      const c = this.#case(caseId);
      if (this.saveFailure) throw fail(this.saveFailure, "simulated failure");
      const problem = this.#structuralProblem(c, path, answer);
      if (problem) throw fail("invalid", `${path}: ${problem}`);
      if (answer === null) c.answers.delete(path);
      else c.answers.set(path, structuredClone(answer));
      this.#calculate(c);
      if (path === "stage") {
        const v = answer?.status === "answered" && answer.type === "choice" ? answer.value : null;
        c.summary.stage = v !== null && (STAGES as readonly string[]).includes(v) ? (v as StageDto) : null;
      }
      this.#touchCase(c);
      this.#record(c, path, "answer", answer === null);
      return this.#state(c);
    } finally {
      this.#inFlight.set(path, (this.#inFlight.get(path) ?? 1) - 1);
    }
  }

  /** Lets every held save_answer go on. */
  releaseSaves(): void {
    const held = this.#heldSaves;
    this.#heldSaves = [];
    for (const resolve of held) resolve();
  }

  async addRepeat(caseId: string, container: string): Promise<InterviewView> {
    this.calls.push("add_repeat");
    const c = this.#case(caseId);
    if (!this.#isInstantiatedRepeat(c, container)) throw fail("invalid", "not a repeat");
    if (container in FIXTURE_RULES.counts) throw fail("invalid", `${container}: counted`);
    c.repeats.set(container, (c.repeats.get(container) ?? 0) + 1);
    this.#touchCase(c);
    this.#record(c, container, "repeat", false);
    return this.#view(c);
  }

  async removeRepeat(caseId: string, container: string, index: number): Promise<InterviewView> {
    this.calls.push("remove_repeat");
    const c = this.#case(caseId);
    const count = c.repeats.get(container) ?? 0;
    if (!this.#isInstantiatedRepeat(c, container) || index >= count) throw fail("invalid", "no such instance");
    const counted = FIXTURE_RULES.counts[container];
    if (counted && index < counted(lookup(c, null))) throw fail("invalid", `${container}[${index}]: counted`);
    const answers = new Map<string, AnswerDto>();
    for (const [path, answer] of c.answers) {
      const to = pathAfterRemove(path, container, index);
      if (to !== null) answers.set(to, answer);
    }
    const repeats = new Map<string, number>();
    for (const [path, n] of c.repeats) {
      if (path === container) {
        if (n > 1) repeats.set(path, n - 1);
        continue;
      }
      const to = pathAfterRemove(path, container, index);
      if (to !== null) repeats.set(to, n);
    }
    c.answers = answers;
    c.repeats = repeats;
    this.#calculate(c);
    this.#touchCase(c);
    this.#record(c, container, "repeat", false);
    return this.#view(c);
  }

  async addAttachment(caseId: string, fileName: string, mediaType: string, bytes: Uint8Array): Promise<AttachmentDto> {
    this.calls.push("add_attachment");
    const c = this.#case(caseId);
    const id = `att-${this.#nextId++}`;
    const meta: AttachmentDto = {
      id,
      fileName,
      mediaType,
      size: bytes.length,
      sha256: fakeDigest(bytes),
      createdAt: this.#now(),
    };
    c.attachments.push(meta);
    c.bytes.set(id, bytes.slice());
    return { ...meta };
  }

  async readAttachment(caseId: string, attachmentId: string): Promise<ArrayBuffer> {
    this.calls.push("read_attachment");
    const bytes = this.#case(caseId).bytes.get(attachmentId);
    if (!bytes) throw fail("not_found", "no such attachment");
    return bytes.slice().buffer;
  }

  async removeAttachment(caseId: string, attachmentId: string): Promise<void> {
    this.calls.push("remove_attachment");
    const c = this.#case(caseId);
    if (!c.bytes.has(attachmentId)) throw fail("invalid", "this case has no such attachment");
    c.attachments = c.attachments.filter((a) => a.id !== attachmentId);
    c.bytes.delete(attachmentId);
  }

  /** Private labels by user, then case id (as the core's `case_labels`). */
  readonly labels = new Map<string, Map<string, string>>();

  async caseLabels(): Promise<CaseLabelDto[]> {
    this.calls.push("case_labels");
    this.#requireSession();
    const mine = this.labels.get(this.session!.user) ?? new Map<string, string>();
    return [...mine]
      .filter(([id]) => this.cases.has(id) && this.#canRead(this.cases.get(id)!))
      .map(([caseId, label]) => ({ caseId, label }));
  }

  async setCaseLabel(caseId: string, label: string): Promise<void> {
    this.calls.push("set_case_label");
    this.#case(caseId); // readable, as the core asks
    const text = label.trim();
    if ([...text].length > 80) throw fail("invalid", "a label is at most 80 characters");
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text)) {
      throw fail("invalid", "a label is one line of ordinary text");
    }
    const mine = this.labels.get(this.session!.user) ?? new Map<string, string>();
    if (text === "") mine.delete(caseId);
    else mine.set(caseId, text);
    this.labels.set(this.session!.user, mine);
  }

  async discardCheck(caseId: string): Promise<DiscardDto> {
    this.calls.push("discard_check");
    this.#requireSession();
    const c = this.cases.get(caseId);
    if (!c) throw fail("not_found", "no such case");
    const r = this.session!.rights;
    // as the core: the case's caseworker or lawyer, or an admin
    const tied = c.board.caseworker === this.session!.user || c.board.lawyer === this.session!.user || c.summary.createdBy === this.session!.user;
    if (!r.discardCase || (!r.deleteCase && !tied)) return "not_yours";
    const sections = new Map(instantiated(this.form, c).map((slot) => [slot.path, slot.section]));
    if ([...c.answers.keys()].some((path) => sections.get(path) !== "consent")) return "has_answers";
    if (c.events.some((e) => e.kind !== "assign")) return "moved";
    return "allowed";
  }

  async discardCase(caseId: string): Promise<void> {
    this.calls.push("discard_case");
    const check = await this.discardCheck(caseId);
    if (check === "not_yours") throw fail("forbidden", "not permitted for this role");
    if (check !== "allowed") throw fail("invalid", "this case cannot be discarded (an admin can delete it)");
    this.cases.delete(caseId);
  }

  async deleteCase(caseId: string, typedCode: string): Promise<void> {
    this.calls.push("delete_case");
    this.#requireSession();
    if (!this.session!.rights.deleteCase) throw fail("forbidden", "admins only");
    const c = this.cases.get(caseId);
    if (!c) throw fail("not_found", "no such case");
    if (typedCode.trim() !== c.summary.code) throw fail("invalid", "the confirmation does not match the case's code: nothing was deleted");
    this.cases.delete(caseId);
  }

  #requireSession(): void {
    if (!this.session) throw fail("locked", "vault is locked");
  }

  #case(id: string): FakeCase {
    this.#requireSession();
    const c = this.cases.get(id);
    if (!c) throw fail("not_found", "no such case");
    if (!this.#canRead(c)) throw fail("forbidden", "role may not read this case");
    return c;
  }

  #now(): string {
    this.#clock += 60_000;
    return new Date(this.#clock).toISOString();
  }

  #touchCase(c: FakeCase): void {
    c.summary.updatedAt = this.#now();
    c.summary.updatedBy = this.session?.user ?? "";
  }

  #view(c: FakeCase): InterviewView {
    return {
      summary: { ...c.summary },
      answers: [...c.answers].map(([path, answer]) => ({ path, answer: structuredClone(answer) })),
      repeats: [...c.repeats].map(([path, count]) => ({ path, count })),
      attachments: c.attachments.map((a) => ({ ...a })),
      state: this.#state(c),
      // as the core's rights table: the case's caseworkers and admins change testimony
      writable: this.session?.role === "caseworker" || this.session?.role === "admin",
    };
  }

  #isInstantiatedRepeat(c: FakeCase, container: string): boolean {
    const def = definitions(this.form).get(definitionPath(container));
    return def?.item === "repeat" && instantiated(this.form, c).some((slot) => slot.path === container);
  }

  /** Why an answer cannot be stored at `path` (the backend's structural problems), if it can't. */
  #structuralProblem(c: FakeCase, path: string, answer: AnswerDto | null): string | null {
    const slot = instantiated(this.form, c).find((s) => s.path === path);
    if (!slot || slot.item.item !== "question") return "unknown_question";
    const q: QuestionView = slot.item;
    if (answer === null || answer.status !== "answered") return null;
    if (answer.type !== valueTypeFor(q.kind)) return "wrong_type";
    const names = q.choices.map((ch) => ch.name);
    if (answer.type === "choice" && !names.includes(answer.value)) return "unknown_choice";
    if (answer.type === "choices") {
      if (answer.value.some((v) => !names.includes(v))) return "unknown_choice";
      if (new Set(answer.value).size !== answer.value.length) return "duplicate_choice";
    }
    if (answer.type === "date") {
      const d = answer.value;
      if (!q.precisions.includes(d.precision) || (d.time !== undefined && !q.time)) return "date_precision_not_allowed";
      if (d.year < 1000 || d.year > 9999) return "bad date";
      if (d.month !== undefined && (d.month < 1 || d.month > 12)) return "bad date";
      if (d.day !== undefined) {
        const days = new Date(Date.UTC(d.year, d.month ?? 1, 0)).getUTCDate();
        if (d.month === undefined || d.day < 1 || d.day > days) return "bad date";
      }
      if (d.time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(d.time)) return "bad time";
    }
    return null;
  }

  /**
   * Counted repeats follow their counts (as the core's `fit_repeat_counts`): instances added up
   * to the count; empty ones beyond it removed from the end; one holding answers kept.
   */
  #fitCounts(c: FakeCase): void {
    for (const [container, rule] of Object.entries(FIXTURE_RULES.counts)) {
      const expected = rule(lookup(c, null));
      const current = c.repeats.get(container) ?? 0;
      let kept = expected;
      for (let i = current - 1; i >= expected; i -= 1) {
        if ([...c.answers.keys()].some((p) => isInside(p, container, i))) {
          kept = i + 1;
          break;
        }
      }
      if (kept === 0) c.repeats.delete(container);
      else c.repeats.set(container, kept);
    }
  }

  /** The fixture's calculations, recomputed after every save (as the core does). */
  #calculate(c: FakeCase): void {
    this.#fitCounts(c);
    for (const [path, rule] of Object.entries(FIXTURE_RULES.calculations)) {
      const value = rule((p: string) => c.answers.get(p));
      if (value === null) c.answers.delete(path);
      else c.answers.set(path, value);
    }
  }

  #computed(c: FakeCase) {
    return Object.keys(FIXTURE_RULES.calculations).map((path) => ({ path, answer: c.answers.get(path) ?? null }));
  }

  #state(c: FakeCase): InterviewStateDto {
    const hidden: string[] = [];
    const required: string[] = [];
    const problems: ProblemDto[] = [];
    const progress = new Map<string, ProgressDto>(
      this.form.sections.map((s) => [
        s.name,
        { section: s.name, relevant: 0, answered: 0, required: 0, requiredAnswered: 0 },
      ]),
    );
    for (const slot of instantiated(this.form, c)) {
      const relevant = isRelevant(this.form, c, slot);
      if (!relevant) {
        hidden.push(slot.path);
        continue;
      }
      if (slot.item.item !== "question" || slot.item.readOnly) continue;
      const def = definitionPath(slot.path);
      const answer = c.answers.get(slot.path);
      const p = progress.get(slot.section);
      if (p) {
        p.relevant += 1;
        if (answer) p.answered += 1;
      }
      if (FIXTURE_RULES.required.has(def)) {
        required.push(slot.path);
        if (p) {
          p.required += 1;
          if (answer) p.requiredAnswered += 1;
        }
        if (!answer) problems.push({ path: slot.path, code: "required_missing", message: null });
      }
      const constraint = FIXTURE_RULES.constraints[def];
      if (constraint && answer && !constraint.ok(answer)) {
        problems.push({ path: slot.path, code: "constraint_failed", message: constraint.message });
      }
    }
    const counted = Object.entries(FIXTURE_RULES.counts).map(([path, rule]) => ({
      path,
      expected: rule(lookup(c, null)),
      count: c.repeats.get(path) ?? 0,
    }));
    for (const k of counted) {
      if (k.count > k.expected) problems.push({ path: k.path, code: "beyond_repeat_count", message: null });
    }
    const proposed = Object.entries(FIXTURE_RULES.defaults)
      .filter(([path]) => !c.answers.has(path) && !hidden.includes(path))
      .map(([path, answer]) => ({ path, answer: structuredClone(answer) }));
    return {
      hidden,
      required,
      problems,
      progress: [...progress.values()],
      offered: [],
      computed: this.#computed(c),
      counted,
      proposed,
    };
  }

  // The board ------------------------------------------------------------------------------

  /** "Today" for overdue follow-ups (YYYY-MM-DD), fixed so tests do not depend on the clock. */
  today = "2024-05-01";
  /** Every board_page query the UI sent, in order. */
  readonly boardQueries: BoardQueryDto[] = [];
  /** Every change the UI sent from the board, as `command caseId …args` lines. */
  readonly boardChanges: string[] = [];
  registryEntries: RegistryEntryDto[] = [];
  suggestions: DuplicateSuggestionDto[] = [];
  readonly decisions: Array<{ kind: string; keyA: string; keyB: string; same: boolean }> = [];
  detentionsPerMonth: CountDto[] = [];
  /** When true, board_page waits until releaseBoard() is called. */
  holdBoard = false;
  #heldBoard: Array<() => void> = [];

  /**
   * Adds a synthetic case straight into the vault (as demo data would), with board fields.
   * `text`, `perpetrators`, `places` stand for what the search index would hold.
   */
  addBoardCase(
    fields: Partial<FakeBoardFields> & { code?: string; status?: StatusDto | null; stage?: StageDto | null; createdBy?: string } = {},
  ): CaseSummaryDto {
    const n = this.cases.size + 1;
    const at = this.#now();
    const by = fields.createdBy ?? this.users.find((u) => u.role === "caseworker")?.name ?? "caseworker-demo";
    const summary: CaseSummaryDto = {
      id: `case-${n}`,
      code: fields.code ?? `WS-B${String(n).padStart(5, "0")}`,
      formId: this.form.id,
      formVersion: this.form.version,
      status: fields.status === undefined ? "interview_in_progress" : fields.status,
      stage: fields.stage ?? null,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
      updatedBy: by,
    };
    const c = newCase(summary);
    Object.assign(c.board, fields);
    this.cases.set(summary.id, c);
    return { ...summary };
  }

  /** Lets every held board_page go on. */
  releaseBoard(): void {
    const held = this.#heldBoard;
    this.#heldBoard = [];
    for (const resolve of held) resolve();
  }

  async boardPage(query: BoardQueryDto): Promise<BoardPageDto> {
    this.calls.push("board_page");
    this.boardQueries.push(structuredClone(query));
    if (this.holdBoard) await new Promise<void>((resolve) => this.#heldBoard.push(resolve));
    this.#requireSession();
    const testimony = [query.text, query.perpetrator, query.place].some((v) => v !== undefined && v.trim() !== "");
    if (testimony && this.session?.role === "coordinator") throw fail("forbidden", "coordinators search codes only");
    const has = (hay: string, needle: string | undefined) =>
      needle === undefined || needle.trim() === "" || hay.toLowerCase().includes(needle.trim().toLowerCase());
    const rows = [...this.cases.values()]
      .filter((c) => this.#canList(c))
      .filter((c) => {
        const b = c.board;
        return (
          (query.status === undefined || c.summary.status === query.status) &&
          (query.stage === undefined || c.summary.stage === query.stage) &&
          (query.risk === undefined || b.risk === query.risk) &&
          (query.detainedFrom === undefined || (b.lastDetention !== null && b.lastDetention >= query.detainedFrom)) &&
          (query.detainedTo === undefined || (b.firstDetention !== null && b.firstDetention <= query.detainedTo)) &&
          (!query.overdueOnly || this.#overdue(c)) &&
          has(b.text, query.text) &&
          has(b.perpetrators, query.perpetrator) &&
          has(b.places, query.place)
        );
      })
      .sort((a, b) => {
        const o = Number(this.#overdue(b)) - Number(this.#overdue(a));
        if (o !== 0) return o;
        const r = riskLevel(b.board.risk) - riskLevel(a.board.risk);
        if (r !== 0) return r;
        const fa = a.board.nextFollowUp;
        const fb = b.board.nextFollowUp;
        if (fa !== fb) return fa === null ? 1 : fb === null ? -1 : fa.localeCompare(fb);
        return b.summary.updatedAt.localeCompare(a.summary.updatedAt);
      });
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? 50, 500);
    return { rows: rows.slice(offset, offset + limit).map((c) => this.#row(c)), total: rows.length };
  }

  async caseEvents(caseId: string): Promise<CaseEventDto[]> {
    this.calls.push("case_events");
    const c = this.#listed(caseId);
    return c.events.map((e) => ({ ...e })).reverse();
  }

  async caseHistory(caseId: string): Promise<HistoryEntryDto[]> {
    this.calls.push("case_history");
    const c = this.#case(caseId);
    return c.history.map((h) => ({ ...h })).reverse();
  }

  async changeStatus(caseId: string, status: StatusDto, filing: FilingDto | null): Promise<StatusDto[]> {
    this.calls.push("change_status");
    this.boardChanges.push(`change_status ${caseId} ${status}${filing ? ` ${filing.body}|${filing.number}|${filing.date}` : ""}`);
    const c = this.#workflow(caseId);
    const from = c.summary.status;
    if (from === null) throw fail("corrupt", "a case has an unknown status");
    if (!ALLOWED_NEXT[from].includes(status)) {
      throw fail("invalid", `a case cannot move from ${from} to ${status}`);
    }
    if (status === "filed") {
      const ok = filing !== null && filing.body.trim() !== "" && filing.number.trim() !== "" && isIsoDate(filing.date);
      if (!ok) throw fail("invalid", "filed needs the body, the application number and the date (YYYY-MM-DD)");
      c.board.filing = { body: filing.body.trim(), number: filing.number.trim(), date: filing.date };
    }
    c.summary.status = status;
    this.#touchCase(c);
    const detail =
      status === "filed" && filing
        ? `${from} → ${status} (${filing.body.trim()}, ${filing.number.trim()}, ${filing.date})`
        : `${from} → ${status}`;
    this.#event(c, "status", detail);
    return [...ALLOWED_NEXT[status]];
  }

  async assignCase(caseId: string, caseworker: string | null, lawyer: string | null): Promise<void> {
    this.calls.push("assign_case");
    this.boardChanges.push(`assign_case ${caseId} ${caseworker ?? "-"} ${lawyer ?? "-"}`);
    this.#requireSession();
    if (!this.session?.rights.assign) throw fail("forbidden", "only coordinators and admins assign");
    const c = this.cases.get(caseId);
    if (!c) throw fail("not_found", "no such case");
    for (const [who, wanted] of [
      [caseworker, "caseworker"],
      [lawyer, "lawyer"],
    ] as const) {
      if (who !== null && !this.users.some((u) => u.name === who && (u.role === wanted || u.role === "admin"))) {
        throw fail("invalid", `${who} is not a ${wanted} of this vault`);
      }
    }
    c.board.caseworker = caseworker;
    c.board.lawyer = lawyer;
    this.#touchCase(c);
    this.#event(c, "assign", `caseworker: ${caseworker ?? "—"}; lawyer: ${lawyer ?? "—"}`);
  }

  async setDueDate(caseId: string, date: string | null): Promise<void> {
    this.calls.push("set_due_date");
    this.boardChanges.push(`set_due_date ${caseId} ${date ?? "-"}`);
    const c = this.#workflow(caseId);
    if (date !== null && !isIsoDate(date)) throw fail("invalid", "a date is YYYY-MM-DD");
    c.board.dueDate = date;
    this.#touchCase(c);
    this.#event(c, "due", date ?? "—");
  }

  async setEvacuation(caseId: string, stage: StageDto, nextFollowUp: string | null): Promise<void> {
    this.calls.push("set_evacuation");
    this.boardChanges.push(`set_evacuation ${caseId} ${stage} ${nextFollowUp ?? "-"}`);
    const c = this.#workflow(caseId);
    if (!(STAGES as readonly string[]).includes(stage)) throw fail("invalid", "unknown evacuation stage");
    if (nextFollowUp !== null && !isIsoDate(nextFollowUp)) throw fail("invalid", "a date is YYYY-MM-DD");
    const from = c.summary.stage;
    c.summary.stage = stage;
    if (nextFollowUp !== null) c.board.nextFollowUp = nextFollowUp;
    this.#touchCase(c);
    // The fixture form's `stage` question stands for the intake's `evacuation_stage`.
    this.#record(c, "stage", "answer", false);
    if (nextFollowUp !== null) this.#record(c, "next_follow_up", "answer", false);
    this.#event(c, "stage", `${from ?? "—"} → ${stage}${nextFollowUp ? `; next follow-up ${nextFollowUp}` : ""}`);
  }

  async registry(): Promise<RegistryEntryDto[]> {
    this.calls.push("registry");
    this.#requireReader();
    return structuredClone(this.registryEntries);
  }

  async registrySuggestions(): Promise<DuplicateSuggestionDto[]> {
    this.calls.push("registry_suggestions");
    this.#requireReader();
    return structuredClone(this.suggestions);
  }

  async decideDuplicate(kind: string, keyA: string, keyB: string, same: boolean): Promise<void> {
    this.calls.push("decide_duplicate");
    this.#requireReader();
    this.decisions.push({ kind, keyA, keyB, same });
    this.suggestions = this.suggestions.filter((x) => !(x.kind === kind && x.keyA === keyA && x.keyB === keyB));
  }

  async dashboard(): Promise<DashboardDto> {
    this.calls.push("dashboard");
    this.#requireSession();
    const visible = [...this.cases.values()].filter((c) => this.#canList(c));
    // as the core counts: in the closed set's order, unknown and none last
    const count = <K extends string>(keys: Array<K | null>, order: readonly K[]) => {
      const n = (k: K | null) => keys.filter((x) => x === k).length;
      return [...order, null].map((k) => ({ key: k, count: n(k) })).filter((c) => c.count > 0);
    };
    const reads = this.session?.rights.searchTestimony ?? false;
    const per = (kind: string) =>
      this.registryEntries
        .filter((e) => e.kind === kind)
        .map((e) => ({ key: e.names[0] ?? e.key, count: new Set(e.links.map((l) => l.caseId)).size }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 15);
    return {
      byStatus: count(
        visible.map((c) => c.summary.status),
        STATUSES,
      ).map((c): StatusCountDto => ({ status: c.key, count: c.count })),
      byStage: count(
        visible.map((c) => c.summary.stage),
        STAGES,
      ).map((c) => ({ stage: c.key, count: c.count })),
      detentionsPerMonth: structuredClone(this.detentionsPerMonth),
      overdue: visible.filter((c) => this.#overdue(c)).map((c) => this.#row(c)),
      perPerpetrator: reads ? per("perpetrator") : [],
      perSite: reads ? per("site") : [],
    };
  }

  // Legal review and export ------------------------------------------------------------

  /** The review every case gets (synthetic text; see ./review-fixture.ts). */
  review: LegalReviewDto = structuredClone(REVIEW_FIXTURE);
  /** Export requests received, in order. */
  exports: ExportRequestDto[] = [];
  /** Cases whose recorded consent refuses exports. */
  noConsent = new Set<string>();

  /**
   * Consent verdicts by case, where a test sets them; otherwise `noConsent` refuses the ECHR
   * application (legal filing) and the public summary (publication), and the asylum letter
   * follows the fake's asylum details, as the core's gates do.
   */
  consents = new Map<string, Omit<ExportConsentsDto, "caseId">>();

  async exportConsents(caseIds: string[]): Promise<ExportConsentsDto[]> {
    this.calls.push("export_consents");
    this.#requireSession();
    return caseIds.map((caseId) => {
      const c = this.cases.get(caseId);
      if (!c) throw fail("not_found", "no such case");
      if (!this.#canRead(c) || this.session?.role === "caseworker") throw fail("forbidden", "this role may not prepare legal documents");
      const set = this.consents.get(caseId);
      if (set) return { caseId, ...set };
      const refused = this.noConsent.has(caseId);
      let asylum: ConsentMissingDto | null = null;
      try {
        this.#asylumGate(caseId, this.asylum.get(caseId)?.host ?? null);
      } catch {
        asylum = "asylum_consent";
      }
      return {
        caseId,
        echr: refused ? "legal_filing" : null,
        public: refused ? "publication" : null,
        asylum,
      };
    });
  }

  /** Review requests received: the audience and host asked for, in order. */
  reviews: Array<{ audience: AudienceDto; host: string | null }> = [];

  async legalReview(caseId: string, audience: AudienceDto, host: string | null, language: Language): Promise<LegalReviewDto> {
    const c = this.cases.get(caseId);
    if (!c) throw fail("not_found", "no such case");
    if (!this.#canRead(c)) throw fail("forbidden", "this role may not read the case");
    this.reviews.push({ audience, host });
    const set = this.consents.get(caseId);
    if (set && audience !== "asylum" && set[audience] !== null) throw fail("consent_missing", "export refused: no consent");
    if (audience === "asylum") this.#asylumGate(caseId, host);
    else if (this.noConsent.has(caseId)) throw fail("consent_missing", "export refused: no consent");
    // the user's kept draft of this document: back on the same token, else dropped (as the core)
    const key = this.#draftKey(caseId, audience, host, language);
    const held = this.drafts.get(key);
    let draft: ReviewDraftDto = { kind: "none" };
    if (held && held.token === this.review.token) draft = { kind: "restored", decisions: held.decisions, phrases: held.phrases };
    else if (held) {
      this.drafts.delete(key);
      draft = { kind: "dropped", reason: "case_changed" };
    }
    return { ...structuredClone(this.review), draft: structuredClone(draft) };
  }

  /** Kept review drafts, by user, case, document and language (the core's key). */
  readonly drafts = new Map<string, ReviewDraftSaveDto>();

  #draftKey(caseId: string, audience: AudienceDto, host: string | null, language: Language): string {
    const doc = audience === "asylum" ? `asylum:${(host ?? "").toUpperCase()}` : audience;
    return `${this.session?.user ?? ""}|${caseId}|${doc}|${language}`;
  }

  async saveReviewDraft(draft: ReviewDraftSaveDto): Promise<void> {
    this.calls.push("save_review_draft");
    this.#requireSession();
    const c = this.cases.get(draft.caseId);
    if (!c) throw fail("not_found", "no such case");
    if (!this.#canRead(c) || this.session?.role === "caseworker") throw fail("forbidden", "this role may not prepare legal documents");
    this.drafts.set(this.#draftKey(draft.caseId, draft.audience, draft.host, draft.language), structuredClone(draft));
  }

  /** Forms the fake offers for a phrase (the core's machinery is not redone here). */
  readonly phraseFormsOf = new Map<string, string[]>([["Argun", ["Argun", "Arguna", "Argune", "Аргун", "Аргуна"]]]);

  async phraseForms(phrase: string): Promise<string[]> {
    this.calls.push("phrase_forms");
    this.#requireSession();
    const p = phrase.trim();
    if (p === "" || !/[\p{L}\p{N}]/u.test(p)) return [];
    return [...(this.phraseFormsOf.get(p) ?? [p])];
  }

  async clearReviewDraft(caseId: string, audience: AudienceDto, host: string | null, language: Language): Promise<void> {
    this.calls.push("clear_review_draft");
    this.#requireSession();
    this.drafts.delete(this.#draftKey(caseId, audience, host, language));
  }

  /** The pattern report's requests, as the screen sent them. */
  readonly patternRequests: PatternRequestDto[] = [];
  /** The published tables the fake answers with (the core's suppression is not redone here). */
  patternPreviewValue: PatternPreviewDto = {
    k: 5,
    byMonth: false,
    tables: [
      {
        id: "site_by_method",
        rowDim: "site",
        colDim: "method",
        rows: ["Invented site A", "Invented site B"],
        cols: ["Beating"],
        cells: [[null], [12]],
        rowTotals: [null, 12],
        colTotals: [null],
        total: null,
      },
    ],
    perpetrators: [{ label: "«Invented»", acts: 9, episodes: 5, firstMonth: "2019-03", lastMonth: "2020-01" }],
    units: [],
    actorsBelowK: 2,
    acts: 15,
    episodes: 7,
    cases: 6,
    casesWithoutConsent: 1,
    actsFilteredOut: 0,
  };

  async patternPreview(request: PatternRequestDto): Promise<PatternPreviewDto> {
    this.calls.push("pattern_preview");
    this.#requireSession();
    if (!this.session?.rights.reportPatterns) throw fail("forbidden", "not permitted for this role");
    if (request.k < 2) throw fail("invalid", "k must be at least 2");
    this.patternRequests.push(structuredClone(request));
    return structuredClone({ ...this.patternPreviewValue, k: request.k });
  }

  /** The board exports asked for, in order. */
  readonly boardExports: { query: BoardQueryDto; format: BoardFormatDto; language: Language; path: string }[] = [];

  async exportBoard(query: BoardQueryDto, format: BoardFormatDto, language: Language, path: string): Promise<BoardExportDto> {
    this.calls.push("export_board");
    this.#requireSession();
    if (!path.startsWith("/")) throw fail("file_relative_path", "give the full path of the file");
    if (this.written.has(path)) throw fail("file_exists", "a file of that name already exists and was not replaced");
    this.boardExports.push({ query: structuredClone(query), format, language, path });
    this.written.set(path, format.length);
    return { path, bytes: 1024 };
  }

  /** The dashboard exports asked for, in order. */
  readonly dashboardExports: { format: BoardFormatDto; language: Language; path: string }[] = [];

  async exportDashboard(format: BoardFormatDto, language: Language, path: string): Promise<BoardExportDto> {
    this.calls.push("export_dashboard");
    this.#requireSession();
    if (!path.startsWith("/")) throw fail("invalid", "give the full path of the new file");
    if (this.written.has(path)) throw fail("invalid", "the file already exists; choose a new name");
    this.dashboardExports.push({ format, language, path });
    this.written.set(path, format.length);
    return { path, bytes: 512 };
  }

  async exportPatternReport(request: PatternRequestDto, format: PatternFormatDto, path: string): Promise<PatternExportDto> {
    this.calls.push("export_pattern_report");
    this.#requireSession();
    if (!this.session?.rights.reportPatterns) throw fail("forbidden", "not permitted for this role");
    if (this.written.has(path)) throw fail("file_exists", "a file of that name already exists and was not replaced");
    this.patternRequests.push(structuredClone(request));
    this.written.set(path, format.length);
    return { path, bytes: 2048 };
  }

  /** As the core: a valid host, the details' host, and a given consent naming the authority. */
  #asylumGate(caseId: string, host: string | null): void {
    if (host === null || !validHost(host)) throw fail("invalid", "the asylum letter needs the host State");
    const d = this.asylum.get(caseId) ?? null;
    if (!d?.consent?.given) throw fail("consent_missing", "no asylum consent is recorded for this case");
    if (d.host !== host.toUpperCase() || !consentCovers(d)) throw fail("consent_missing", "the consent names another authority");
  }

  // Asylum details ----------------------------------------------------------------------

  /** Each case's asylum details as stored. */
  asylum = new Map<string, AsylumDetailsDto>();

  #asylumCase(caseId: string, consent: boolean): void {
    const c = this.cases.get(caseId);
    if (!c) throw fail("not_found", "no such case");
    const r = this.session?.rights;
    if (!r || !this.#canRead(c) || !(consent ? r.asylumConsent : r.asylumDetails || r.asylumConsent)) {
      throw fail("forbidden", "not permitted for this role");
    }
  }

  async asylumDetails(caseId: string): Promise<AsylumDetailsDto | null> {
    this.#requireSession();
    this.#asylumCase(caseId, false);
    const d = this.asylum.get(caseId);
    return d ? structuredClone(d) : null;
  }

  async setAsylumDetails(caseId: string, details: AsylumDetailsDto): Promise<AsylumDetailsDto> {
    this.#requireSession();
    this.#asylumCase(caseId, false);
    if (!this.session?.rights.asylumDetails) throw fail("forbidden", "lawyers and admins write the asylum details");
    if (details.host.trim() !== "" && !validHost(details.host)) throw fail("invalid", "host: an ISO 3166-1 alpha-2 code");
    if (details.risks.some((r) => !validIsoDate(r.date))) throw fail("invalid", "risk date: a date as YYYY, YYYY-MM or YYYY-MM-DD");
    const held = this.asylum.get(caseId);
    const stored: AsylumDetailsDto = { ...structuredClone(details), host: details.host.trim().toUpperCase(), consent: held?.consent ?? null };
    this.asylum.set(caseId, stored);
    return structuredClone(stored);
  }

  async recordAsylumConsent(caseId: string, consent: AsylumConsentDto): Promise<AsylumDetailsDto> {
    this.#requireSession();
    this.#asylumCase(caseId, true);
    if (!validIsoDate(consent.date)) throw fail("invalid", "consent date: a date as YYYY, YYYY-MM or YYYY-MM-DD");
    if (consent.given && consent.authority.trim() === "") throw fail("invalid", "consent.authority: a consent names the authority it is for");
    const held = this.asylum.get(caseId) ?? {
      host: "",
      authority: "",
      fileNumber: "",
      stage: null,
      risks: [],
      noRisks: false,
      signatoryName: "",
      signatoryRole: "",
      signatoryHowKnown: "",
      consent: null,
    };
    const stored = { ...held, consent: { ...consent, host: consent.host.toUpperCase(), recordedBy: this.session?.user ?? "" } };
    this.asylum.set(caseId, stored);
    return structuredClone(stored);
  }

  async exportLegal(request: ExportRequestDto): Promise<ExportResultDto> {
    this.#requireSession();
    if (request.audience === "asylum") this.#asylumGate(request.caseId, request.host);
    if (request.token !== this.review.token) throw fail("invalid", "review again");
    const open = this.review.spans.filter((s, i) => s.candidate !== null && !request.decisions.some((d) => d.span === i));
    if (open.length > 0) throw fail("review_pending", `${open.length} candidate(s) await review`);
    if (this.written.has(request.path)) throw fail("file_exists", "a file of that name already exists and was not replaced");
    this.exports.push(structuredClone(request));
    this.written.set(request.path, 1024);
    const rejected = request.decisions.filter((d) => !d.redact && this.review.spans[d.span]?.candidate === null).length;
    return {
      path: request.path,
      bytes: 1024,
      replacements: this.review.spans.length - rejected,
      acceptedCandidates: request.decisions.filter((d) => d.redact && this.review.spans[d.span]?.candidate !== null).length,
      rejected,
      manualRemovals: request.phrases.length,
      checks: [],
    };
  }

  #canRead(c: FakeCase): boolean {
    const s = this.session;
    if (!s) return false;
    switch (s.role) {
      case "admin":
        return true;
      case "coordinator":
        return false;
      case "caseworker":
        return c.summary.createdBy === s.user || c.board.caseworker === s.user;
      case "lawyer":
        return c.board.lawyer === s.user;
    }
  }

  #canList(c: FakeCase): boolean {
    return this.session?.role === "admin" || this.session?.role === "coordinator" || this.#canRead(c);
  }

  /** A case this user may see on the board (and change the workflow of). */
  #listed(id: string): FakeCase {
    this.#requireSession();
    const c = this.cases.get(id);
    if (!c) throw fail("not_found", "no such case");
    if (!this.#canList(c)) throw fail("forbidden", "not on this user's board");
    return c;
  }

  #workflow(id: string): FakeCase {
    return this.#listed(id);
  }

  #requireReader(): void {
    this.#requireSession();
    if (!this.session?.rights.searchTestimony) throw fail("forbidden", "coordinators do not read testimony");
  }

  #overdue(c: FakeCase): boolean {
    return c.board.nextFollowUp !== null && c.board.nextFollowUp < this.today;
  }

  #row(c: FakeCase): BoardRowDto {
    const b = c.board;
    return {
      summary: { ...c.summary },
      caseworker: b.caseworker,
      lawyer: b.lawyer,
      dueDate: b.dueDate,
      risk: b.risk,
      nextFollowUp: b.nextFollowUp,
      overdue: this.#overdue(c),
      firstDetention: b.firstDetention,
      lastDetention: b.lastDetention,
      filing: b.filing ? { ...b.filing } : null,
      lastHeard: b.lastHeard ? { ...b.lastHeard } : null,
      // every listed case is one this user may move (the rights table reaches as far)
      allowedNext: c.summary.status !== null && this.session?.rights.changeWorkflow ? [...ALLOWED_NEXT[c.summary.status]] : [],
    };
  }

  #event(c: FakeCase, kind: string, detail: string): void {
    c.events.push({ at: c.summary.updatedAt, by: this.session?.user ?? "", kind, detail });
  }

  #record(c: FakeCase, path: string, kind: string, cleared: boolean): void {
    c.history.push({ path, kind, cleared, at: c.summary.updatedAt, by: this.session?.user ?? "" });
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

export interface FakeBoardFields {
  caseworker: string | null;
  lawyer: string | null;
  dueDate: string | null;
  risk: RiskDto | null;
  nextFollowUp: string | null;
  firstDetention: string | null;
  lastDetention: string | null;
  filing: FilingDto | null;
  /** Who the case was last heard from through a bundle, and when. */
  lastHeard: { from: string; at: string } | null;
  /** What the search index would hold: testimony, perpetrator names, places. */
  text: string;
  perpetrators: string;
  places: string;
}

interface FakeCase {
  summary: CaseSummaryDto;
  answers: Map<string, AnswerDto>;
  repeats: Map<string, number>;
  attachments: AttachmentDto[];
  bytes: Map<string, Uint8Array>;
  board: FakeBoardFields;
  /** Oldest first (the commands return them newest first). */
  events: CaseEventDto[];
  history: HistoryEntryDto[];
}

function newCase(summary: CaseSummaryDto): FakeCase {
  return {
    summary,
    answers: new Map(),
    repeats: new Map(),
    attachments: [],
    bytes: new Map(),
    board: {
      caseworker: null,
      lawyer: null,
      dueDate: null,
      risk: null,
      nextFollowUp: null,
      firstDetention: null,
      lastDetention: null,
      filing: null,
      lastHeard: null,
      text: "",
      perpetrators: "",
      places: "",
    },
    events: [],
    history: [],
  };
}

interface Slot {
  path: string;
  /** The instance path the item stands in (null at the top level). */
  scope: string | null;
  section: string;
  item: ItemView;
}

/** Every item of the form by definition path (`events.acts.methods`). */
function definitions(form: FormView): Map<string, ItemView> {
  const out = new Map<string, ItemView>();
  const walk = (items: ItemView[], prefix: string) => {
    for (const item of items) {
      const path = prefix ? `${prefix}.${item.name}` : item.name;
      out.set(path, item);
      if (item.item === "repeat") walk(item.items, path);
    }
  };
  for (const section of form.sections) walk(section.items, "");
  return out;
}

/** Every instantiated question and repeat container, in form order (as the core does). */
function instantiated(form: FormView, c: FakeCase): Slot[] {
  const out: Slot[] = [];
  const walk = (items: ItemView[], scope: string | null, section: string) => {
    for (const item of items) {
      const path = itemPath(scope, item.name);
      out.push({ path, scope, section, item });
      if (item.item === "repeat") {
        const count = c.repeats.get(path) ?? 0;
        for (let i = 0; i < count; i += 1) walk(item.items, instancePath(path, i), section);
      }
    }
  };
  for (const section of form.sections) walk(section.items, null, section.name);
  return out;
}

/** Looks names up from `scope` outwards: the instance, each enclosing one, the top level. */
function lookup(c: FakeCase, scope: string | null): Lookup {
  return (name) => {
    let s = scope;
    while (s !== null) {
      const found = c.answers.get(`${s}.${name}`);
      if (found) return found;
      const dot = s.lastIndexOf(".");
      s = dot < 0 ? null : s.slice(0, dot);
    }
    return c.answers.get(name);
  };
}

function isRelevant(form: FormView, c: FakeCase, slot: Slot): boolean {
  const sectionRule = FIXTURE_RULES.sectionRelevant[slot.section];
  if (sectionRule && !sectionRule(lookup(c, null))) return false;
  // Inside a repeat instance: the container must be relevant too.
  if (slot.scope !== null) {
    const container = slot.scope.slice(0, slot.scope.lastIndexOf("["));
    const containerScope = container.includes(".") ? container.slice(0, container.lastIndexOf(".")) : null;
    const containerItem = definitions(form).get(definitionPath(container));
    if (containerItem && !isRelevant(form, c, { path: container, scope: containerScope, section: slot.section, item: containerItem })) {
      return false;
    }
  }
  const rule = FIXTURE_RULES.relevant[definitionPath(slot.path)];
  return rule ? rule(lookup(c, slot.scope)) : true;
}

/** Not SHA-256: a stand-in with the same look (64 hex digits). */
function fakeDigest(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

/** Lets pending promise callbacks and zero-delay timers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
