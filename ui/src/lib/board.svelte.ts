/**
 * The case board of one session: the filters, the page shown (server-side paging only: the
 * UI never holds more than one page of rows, however many cases the vault has), the case
 * selected in the panel with its history, and the workflow changes made from the panel.
 *
 * What a person may do is the core's decision, and this class asks it rather than the
 * role's name: the session's `rights` (from the rights table) say whether the testimony
 * filters (full text, perpetrator, place, detention period) and answer history are asked
 * for at all and whether people are assigned here; each row's `allowedNext` says which
 * statuses it may move to.
 *
 * Owned by the `AppController` (app.svelte.ts) for as long as a session is open, so the
 * board survives a trip into an interview and back; `dispose()` on every lock drops the
 * rows, the selection, the history and the filters (a search term can be case content).
 * Every command goes through the controller's `run`, which drops replies that arrive after
 * a lock; newer requests also win over older ones still in flight (page and panel each).
 */
import type {
  Backend,
  BoardPageDto,
  BoardQueryDto,
  BoardRowDto,
  CaseEventDto,
  FilingDto,
  FormView,
  HistoryEntryDto,
  IpcError,
  RightsDto,
  RiskDto,
  StageDto,
  StatusDto,
} from "../ipc/backend";
import type { Outcome } from "./app.svelte";
import { isIsoDate, todayIso } from "./workflow";

/** Rows per page (the backend's default; it allows up to 500). */
export const PAGE_SIZE = 50;

/** Runs one backend command for the session; null when the vault locked meanwhile. */
export type Run = <T>(command: (backend: Backend) => Promise<T>) => Promise<Outcome<T> | null>;

export interface BoardFilters {
  status: StatusDto | "";
  stage: StageDto | "";
  risk: RiskDto | "";
  overdueOnly: boolean;
  /** Full text over testimony (not for coordinators). */
  text: string;
  perpetrator: string;
  place: string;
  /** Detention period, YYYY-MM-DD. */
  from: string;
  to: string;
}

export type DateFilter = "from" | "to";

export function emptyFilters(): BoardFilters {
  return {
    status: "",
    stage: "",
    risk: "",
    overdueOnly: false,
    text: "",
    perpetrator: "",
    place: "",
    from: "",
    to: "",
  };
}

/**
 * The query for `filters` at `offset`: empty fields are left out, and for a role that may
 * not read testimony the testimony filters are never sent, whatever they hold.
 */
export function queryFor(filters: BoardFilters, readsTestimony: boolean, offset: number): BoardQueryDto {
  const query: BoardQueryDto = { offset, limit: PAGE_SIZE };
  const set = (key: "text" | "perpetrator" | "place", value: string) => {
    const v = value.trim();
    if (v !== "") query[key] = v;
  };
  if (filters.status !== "") query.status = filters.status;
  if (filters.stage !== "") query.stage = filters.stage;
  if (filters.risk !== "") query.risk = filters.risk;
  if (filters.overdueOnly) query.overdueOnly = true;
  if (readsTestimony) {
    set("text", filters.text);
    set("perpetrator", filters.perpetrator);
    set("place", filters.place);
    if (filters.from.trim() !== "") query.detainedFrom = filters.from.trim();
    if (filters.to.trim() !== "") query.detainedTo = filters.to.trim();
  }
  return query;
}

export interface BoardOptions {
  /** The session's rights (the core's rights table for its role). */
  rights: RightsDto;
  run: Run;
  /** A form definition (cached by the controller), to label answer paths in the history. */
  form: (id: string, version: number) => Promise<FormView>;
}

export class Board {
  /** Full-text, perpetrator, place and period filters; answer history; opening interviews. */
  readonly readsTestimony: boolean;
  /** Assigning caseworkers and lawyers. */
  readonly assigns: boolean;

  /** What the filter bar shows (edited freely; nothing is asked until `apply`). */
  filters: BoardFilters = $state(emptyFilters());
  /** The filters in force: those of the page shown. */
  applied: BoardFilters = $state.raw(emptyFilters());
  /** Date filters that are not a real YYYY-MM-DD day (the filters were then not applied). */
  invalid: DateFilter[] = $state.raw([]);
  /** The offset asked for (moves at once on Next/Previous). */
  offset: number = $state(0);
  page: BoardPageDto | null = $state.raw(null);
  /** The offset of the page shown (follows `offset` once that page has arrived). */
  pageOffset: number = $state(0);
  loading: boolean = $state(false);
  error: IpcError | null = $state.raw(null);

  /** The case open in the panel. */
  selected: BoardRowDto | null = $state.raw(null);
  events: CaseEventDto[] | null = $state.raw(null);
  /** Answer history; stays null for coordinators. */
  answers: HistoryEntryDto[] | null = $state.raw(null);
  form: FormView | null = $state.raw(null);
  historyLoading: boolean = $state(false);
  historyError: IpcError | null = $state.raw(null);
  disposed: boolean = $state(false);

  readonly #run: Run;
  readonly #loadForm: (id: string, version: number) => Promise<FormView>;
  #pageSeq = 0;
  #panelSeq = 0;

  constructor(options: BoardOptions) {
    this.readsTestimony = options.rights.readTestimony && options.rights.searchTestimony;
    this.assigns = options.rights.assign;
    this.#run = options.run;
    this.#loadForm = options.form;
  }

  /** The query the page shown was (or is being) asked with. */
  get query(): BoardQueryDto {
    return queryFor(this.applied, this.readsTestimony, this.offset);
  }

  get hasPrev(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.page !== null && this.offset + PAGE_SIZE < this.page.total;
  }

  /** Loads the page for the applied filters at the current offset. */
  async load(): Promise<void> {
    if (this.disposed) return;
    const seq = ++this.#pageSeq;
    this.loading = true;
    const query = this.query;
    const outcome = await this.#run((b) => b.boardPage(query));
    if (outcome === null || this.disposed || seq !== this.#pageSeq) return;
    this.loading = false;
    if (!outcome.ok) {
      this.error = outcome.error;
      return;
    }
    const page = outcome.value;
    // A change can empty the last page (a case left the filter): show the last one left.
    if (page.rows.length === 0 && page.total > 0 && this.offset > 0) {
      this.offset = Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE;
      await this.load();
      return;
    }
    this.error = null;
    this.page = page;
    this.pageOffset = query.offset ?? 0;
    const fresh = this.selected && page.rows.find((r) => r.summary.id === this.selected?.summary.id);
    if (fresh) this.selected = fresh;
  }

  /** Applies the filter bar from the first page; false (nothing asked) if a date is not valid. */
  async apply(): Promise<boolean> {
    const invalid: DateFilter[] = [];
    if (this.readsTestimony) {
      for (const key of ["from", "to"] as const) {
        const v = this.filters[key].trim();
        if (v !== "" && !isIsoDate(v)) invalid.push(key);
      }
    }
    this.invalid = invalid;
    if (invalid.length > 0) return false;
    this.applied = { ...this.filters };
    this.offset = 0;
    await this.load();
    return true;
  }

  async clearFilters(): Promise<void> {
    this.filters = emptyFilters();
    await this.apply();
  }

  async next(): Promise<void> {
    if (!this.hasNext || this.loading) return;
    this.offset += PAGE_SIZE;
    await this.load();
  }

  async prev(): Promise<void> {
    if (!this.hasPrev || this.loading) return;
    this.offset = Math.max(0, this.offset - PAGE_SIZE);
    await this.load();
  }

  /** Opens a case in the panel (from the table, or from the dashboard) and loads its history. */
  async select(row: BoardRowDto): Promise<void> {
    if (this.disposed) return;
    const changed = this.selected?.summary.id !== row.summary.id;
    this.selected = row;
    if (changed) {
      this.events = null;
      this.answers = null;
    }
    await this.loadHistory();
  }

  close(): void {
    this.#panelSeq += 1;
    this.selected = null;
    this.events = null;
    this.answers = null;
    this.historyError = null;
    this.historyLoading = false;
  }

  /** Workflow events for everyone; answer history (and the form for its labels) for readers. */
  async loadHistory(): Promise<void> {
    const row = this.selected;
    if (row === null || this.disposed) return;
    const seq = ++this.#panelSeq;
    const id = row.summary.id;
    this.historyLoading = true;
    const [events, answers, form] = await Promise.all([
      this.#run((b) => b.caseEvents(id)),
      this.readsTestimony ? this.#run((b) => b.caseHistory(id)) : Promise.resolve(null),
      this.readsTestimony && this.form?.id !== row.summary.formId
        ? this.#run(() => this.#loadForm(row.summary.formId, row.summary.formVersion))
        : Promise.resolve(null),
    ]);
    if (this.disposed || seq !== this.#panelSeq) return;
    this.historyLoading = false;
    if (events === null) return; // locked
    let error: IpcError | null = null;
    if (events.ok) this.events = events.value;
    else error = events.error;
    if (answers?.ok) this.answers = answers.value;
    else if (answers && !answers.ok) error ??= answers.error;
    // Without the form the history shows raw paths: no error for that.
    if (form?.ok) this.form = form.value;
    this.historyError = error;
  }

  /**
   * Moves the selected case to `status` (`filed` with its filing details). The backend
   * answers the statuses that may follow, which the panel offers next.
   */
  changeStatus(status: StatusDto, filing: FilingDto | null): Promise<IpcError | null> {
    return this.#change(
      (b, id) => b.changeStatus(id, status, filing),
      (row, allowedNext) => ({
        ...row,
        summary: { ...row.summary, status },
        filing: filing ?? row.filing,
        allowedNext,
      }),
    );
  }

  setEvacuation(stage: StageDto, nextFollowUp: string | null): Promise<IpcError | null> {
    return this.#change(
      (b, id) => b.setEvacuation(id, stage, nextFollowUp),
      (row) => {
        const follow = nextFollowUp ?? row.nextFollowUp;
        return {
          ...row,
          summary: { ...row.summary, stage },
          nextFollowUp: follow,
          overdue: follow !== null && follow < todayIso(),
        };
      },
    );
  }

  assign(caseworker: string | null, lawyer: string | null): Promise<IpcError | null> {
    return this.#change(
      (b, id) => b.assignCase(id, caseworker, lawyer),
      (row) => ({ ...row, caseworker, lawyer }),
    );
  }

  setDueDate(date: string | null): Promise<IpcError | null> {
    return this.#change(
      (b, id) => b.setDueDate(id, date),
      (row) => ({ ...row, dueDate: date }),
    );
  }

  /**
   * Sends one change for the selected case. On success the panel shows the change at once
   * (the case may have left the filtered page, and there is no single-row command), then
   * the page and the history are reloaded; a row found on the new page replaces the patch.
   */
  async #change<T>(
    command: (backend: Backend, caseId: string) => Promise<T>,
    patch: (row: BoardRowDto, answer: T) => BoardRowDto,
  ): Promise<IpcError | null> {
    const row = this.selected;
    if (row === null || this.disposed) return null;
    const id = row.summary.id;
    const outcome = await this.#run((b) => command(b, id));
    if (outcome === null || this.disposed) return null;
    if (!outcome.ok) return outcome.error;
    if (this.selected?.summary.id === id) this.selected = patch(this.selected, outcome.value);
    await Promise.all([this.load(), this.selected?.summary.id === id ? this.loadHistory() : null]);
    return null;
  }

  /** Every lock: nothing of the board is kept, and late replies are ignored. */
  dispose(): void {
    this.disposed = true;
    this.#pageSeq += 1;
    this.#panelSeq += 1;
    this.filters = emptyFilters();
    this.applied = emptyFilters();
    this.page = null;
    this.selected = null;
    this.events = null;
    this.answers = null;
    this.form = null;
    this.error = null;
    this.historyError = null;
  }
}
