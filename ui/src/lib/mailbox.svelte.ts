/**
 * The team mailbox in the UI: what the Exchange screen needs to send through a mailbox
 * (queue a case or a status card for contacts), the outbox with each item's state, "Sync
 * now" with its result line, and the objects a sync refused; and what Settings › Mailboxes
 * needs (admins: add, test, remove).
 *
 * Every command goes through the controller's `run` (replies after a lock are dropped).
 * Nothing here holds case content: items name a case by id (shown as its code) and a
 * contact by name. Credentials typed by an admin pass straight to `addMailbox` and are
 * cleared from the form by the component; nothing returns them.
 */
import type { IpcError } from "../ipc/backend";
import type {
  MailboxDto,
  MailboxSetupDto,
  MailboxTestDto,
  OutboxItemDto,
  RefusedObjectDto,
  SyncOutcomeDto,
  SyncReportDto,
} from "../ipc/mailbox";
import type { Run } from "./board.svelte";
import type { Outcome } from "./app.svelte";

/** The result of the last "Sync now". */
export type SyncResult =
  | { kind: "done"; report: SyncReportDto }
  | { kind: "busy" }
  | { kind: "no_mailbox" }
  | { kind: "failed"; error: IpcError };

export class MailboxExchange {
  outbox: OutboxItemDto[] = $state.raw([]);
  refused: RefusedObjectDto[] = $state.raw([]);
  sendCaseId: string = $state("");
  sendTo: string[] = $state([]);
  statusCard: boolean = $state(false);
  /** The vault's mailboxes by name; the first is the default. */
  mailboxNames: string[] = $state.raw([]);
  /** The mailbox to send through ("": the first). */
  sendMailbox: string = $state("");
  queueing: boolean = $state(false);
  queued: OutboxItemDto[] | null = $state.raw(null);
  queueError: IpcError | null = $state.raw(null);
  syncing: boolean = $state(false);
  lastSync: SyncResult | null = $state.raw(null);

  readonly #run: Run;
  #disposed = false;

  constructor(options: { run: Run; statusCardOnly: boolean }) {
    this.#run = options.run;
    this.statusCard = options.statusCardOnly;
  }

  get canQueue(): boolean {
    return !this.queueing && this.sendCaseId !== "" && this.sendTo.length > 0;
  }

  async refresh(): Promise<void> {
    const [outbox, refused, names] = await Promise.all([
      this.#run((b) => b.listOutbox()),
      this.#run((b) => b.listRefusedObjects()),
      this.#run((b) => b.listMailboxNames()),
    ]);
    if (this.#disposed) return;
    if (outbox?.ok) this.outbox = outbox.value;
    if (refused?.ok) this.refused = refused.value;
    if (names?.ok) {
      this.mailboxNames = names.value;
      if (!names.value.includes(this.sendMailbox)) this.sendMailbox = "";
    }
  }

  /** Queues the chosen case (or its status card) for the chosen contacts. */
  async queue(): Promise<void> {
    if (!this.canQueue) return;
    this.queueing = true;
    this.queueError = null;
    this.queued = null;
    const caseId = this.sendCaseId;
    const to = [...this.sendTo];
    const through = this.sendMailbox === "" ? null : this.sendMailbox;
    const outcome = await this.#run((b) => b.queueSend(caseId, to, this.statusCard, through));
    if (outcome === null || this.#disposed) return;
    this.queueing = false;
    if (!outcome.ok) {
      this.queueError = outcome.error;
      return;
    }
    this.queued = outcome.value;
    this.sendTo = [];
    await this.refresh();
  }

  /** Syncs every mailbox, then lists the outbox and refusals again. */
  /** Syncs now; returns the outcome (null: dropped by a lock) for the header to show too. */
  async sync(): Promise<Outcome<SyncOutcomeDto> | null> {
    if (this.syncing) return null;
    this.syncing = true;
    const outcome = await this.#run((b) => b.syncMailboxes());
    if (outcome === null || this.#disposed) return null;
    this.syncing = false;
    if (!outcome.ok) {
      this.lastSync =
        outcome.error.code === "not_found" ? { kind: "no_mailbox" } : { kind: "failed", error: outcome.error };
    } else if (outcome.value.outcome === "busy") {
      this.lastSync = { kind: "busy" };
    } else {
      this.lastSync = { kind: "done", report: outcome.value.report };
    }
    await this.refresh();
    return outcome;
  }

  dispose(): void {
    this.#disposed = true;
    this.outbox = [];
    this.refused = [];
    this.queued = null;
    this.lastSync = null;
  }
}

/** Settings › Mailboxes (admins). */
export class MailboxAdmin {
  mailboxes: MailboxDto[] = $state.raw([]);
  loadError: IpcError | null = $state.raw(null);
  busy: boolean = $state(false);
  error: IpcError | null = $state.raw(null);
  added: string | null = $state(null);
  removed: { name: string; dropped: number } | null = $state.raw(null);
  tested: { name: string; result: MailboxTestDto } | null = $state.raw(null);

  readonly #run: Run;
  #disposed = false;

  constructor(options: { run: Run }) {
    this.#run = options.run;
  }

  #clear(): void {
    this.error = null;
    this.added = null;
    this.removed = null;
    this.tested = null;
  }

  async load(): Promise<void> {
    const outcome = await this.#run((b) => b.listMailboxes());
    if (outcome === null || this.#disposed) return;
    if (outcome.ok) this.mailboxes = outcome.value;
    else this.loadError = outcome.error;
  }

  /** Adds a mailbox; true when it was added (the form then clears its secrets). */
  async add(name: string, setup: MailboxSetupDto, teamKey: string): Promise<boolean> {
    if (this.busy) return false;
    this.#clear();
    this.busy = true;
    const key = teamKey.trim() === "" ? null : teamKey.trim();
    const outcome = await this.#run((b) => b.addMailbox(name.trim(), setup, key));
    if (outcome === null || this.#disposed) return false;
    this.busy = false;
    if (!outcome.ok) {
      this.error = outcome.error;
      return false;
    }
    this.added = outcome.value.name;
    await this.load();
    return true;
  }

  async test(name: string): Promise<void> {
    if (this.busy) return;
    this.#clear();
    this.busy = true;
    const outcome = await this.#run((b) => b.testMailbox(name));
    if (outcome === null || this.#disposed) return;
    this.busy = false;
    if (outcome.ok) this.tested = { name, result: outcome.value };
    else this.error = outcome.error;
  }

  async remove(name: string): Promise<void> {
    if (this.busy) return;
    this.#clear();
    this.busy = true;
    const outcome = await this.#run((b) => b.removeMailbox(name));
    if (outcome === null || this.#disposed) return;
    this.busy = false;
    if (outcome.ok) this.removed = { name, dropped: outcome.value };
    else this.error = outcome.error;
    await this.load();
  }

  dispose(): void {
    this.#disposed = true;
    this.mailboxes = [];
  }
}
