/**
 * The mailbox part of the in-memory test backend (FakeBackend extends it, it extends
 * FakeTransfer): mailboxes for the rights that manage them, an outbox whose items a test
 * moves on with `deliverAll`, a sync whose result a test sets (`nextSync`), refused objects
 * a test places. Follows the real commands' contract: `locked` without a session,
 * `forbidden` where the rights table says no, `not_found` for an unknown mailbox or none,
 * credentials kept but never returned. Synthetic data only.
 */
import type { IpcError } from "../ipc/backend";
import type {
  MailboxBackend,
  MailboxDto,
  MailboxSetupDto,
  MailboxTestDto,
  OutboxItemDto,
  RefusedObjectDto,
  SyncOutcomeDto,
  RoutingDto,
} from "../ipc/mailbox";
import { FakeTransfer } from "./fake-transfer";

function fail(code: IpcError["code"], message: string): IpcError {
  return { code, message };
}

export abstract class FakeMailbox extends FakeTransfer implements MailboxBackend {
  mailboxes: MailboxDto[] = [];
  /** What each mailbox was set up with, credentials included (what the core would seal). */
  readonly setups = new Map<string, { setup: MailboxSetupDto; teamKey: string | null }>();
  outbox: OutboxItemDto[] = [];
  refusedObjects: RefusedObjectDto[] = [];
  /** The answer of the next test of a mailbox (default: it answers). */
  nextTest: MailboxTestDto = { ok: true, error: null, message: null };
  /** The answer of the next sync (default: everything queued is sent). */
  nextSync: SyncOutcomeDto | IpcError | null = null;
  #nextId = 1;

  #rights() {
    if (!this.session) throw fail("locked", "vault is locked");
    return this.session.rights;
  }

  #admin() {
    if (!this.#rights().manageMailboxes) throw fail("forbidden", "not allowed");
  }

  routing: RoutingDto = { coordinators: [], legalReviewTo: null, reportToOrigin: false };

  async routingRules(): Promise<RoutingDto> {
    this.calls.push("routing_rules");
    this.#rights();
    return structuredClone(this.routing);
  }

  async setRouting(routing: RoutingDto): Promise<RoutingDto> {
    this.calls.push("set_routing");
    this.#admin();
    for (const name of [...routing.coordinators, ...(routing.legalReviewTo ? [routing.legalReviewTo] : [])]) {
      if (!this.contacts.some((c) => c.name === name)) throw fail("invalid", `${name} is not a contact pinned in this vault`);
    }
    this.routing = structuredClone(routing);
    return structuredClone(this.routing);
  }

  async listMailboxNames(): Promise<string[]> {
    this.calls.push("list_mailbox_names");
    this.#rights();
    return this.mailboxes.map((m) => m.name);
  }

  async listMailboxes(): Promise<MailboxDto[]> {
    this.calls.push("list_mailboxes");
    this.#admin();
    return this.mailboxes.map((m) => ({ ...m }));
  }

  async addMailbox(name: string, setup: MailboxSetupDto, teamKey: string | null): Promise<MailboxDto> {
    this.calls.push("add_mailbox");
    this.#admin();
    if (name.trim() === "") throw fail("invalid", "a mailbox name is 1 to 64 characters");
    if (this.mailboxes.some((m) => m.name === name.trim())) throw fail("already_exists", "exists");
    if (teamKey && !teamKey.startsWith("waystone-mailbox-key-v1:")) throw fail("invalid", "not a key line");
    const location =
      setup.engine === "folder" ? setup.path : setup.engine === "s3" ? `${setup.endpoint}/${setup.bucket}` : setup.url;
    if (setup.engine === "folder" && !location.startsWith("/")) throw fail("invalid", "give the full path");
    const m: MailboxDto = {
      name: name.trim(),
      engine: setup.engine,
      location,
      addedBy: this.session?.user ?? "",
      addedAt: "2030-01-01T00:00:00Z",
      queued: 0,
      uploaded: 0,
      delivered: 0,
    };
    this.mailboxes = [...this.mailboxes, m];
    this.setups.set(m.name, { setup, teamKey });
    return { ...m };
  }

  async removeMailbox(name: string): Promise<number> {
    this.calls.push("remove_mailbox");
    this.#admin();
    if (!this.mailboxes.some((m) => m.name === name)) throw fail("not_found", "no such mailbox");
    this.mailboxes = this.mailboxes.filter((m) => m.name !== name);
    const dropped = this.outbox.filter((i) => i.mailbox === name && i.state === "queued").length;
    this.outbox = this.outbox.filter((i) => i.mailbox !== name);
    return dropped;
  }

  async testMailbox(name: string): Promise<MailboxTestDto> {
    this.calls.push("test_mailbox");
    this.#admin();
    if (!this.mailboxes.some((m) => m.name === name)) throw fail("not_found", "no such mailbox");
    return { ...this.nextTest };
  }

  async queueSend(caseId: string, to: string[], statusCard: boolean, mailbox: string | null): Promise<OutboxItemDto[]> {
    this.calls.push("queue_send");
    const rights = this.#rights();
    if (!(statusCard ? rights.sendStatusCard : rights.sendCase)) throw fail("forbidden", "not allowed");
    if (to.length === 0) throw fail("invalid", "name at least one recipient");
    const through = mailbox === null ? this.mailboxes[0] : this.mailboxes.find((m) => m.name === mailbox);
    if (!through) throw fail("not_found", "no such mailbox");
    for (const name of to) {
      if (!this.contacts.some((c) => c.name === name)) throw fail("not_found", `no contact ${name}`);
    }
    const items = to.map(
      (name): OutboxItemDto => ({
        id: this.#nextId++,
        mailbox: through.name,
        to: name,
        caseId,
        statusCard,
        state: "queued",
        attempts: 0,
        lastError: null,
        receipt: null,
        queuedAt: "2030-01-01T00:00:00Z",
        deliveredAt: null,
      }),
    );
    this.outbox = [...items.slice().reverse(), ...this.outbox];
    return items.map((i) => ({ ...i }));
  }

  async listOutbox(): Promise<OutboxItemDto[]> {
    this.calls.push("list_outbox");
    this.#rights();
    return this.outbox.map((i) => ({ ...i }));
  }

  async syncMailboxes(): Promise<SyncOutcomeDto> {
    this.calls.push("sync_mailboxes");
    this.#rights();
    if (this.mailboxes.length === 0) throw fail("not_found", "no such mailbox");
    const next = this.nextSync;
    if (next && "code" in next) throw next;
    if (next) return next;
    const queued = this.outbox.filter((i) => i.state === "queued");
    this.outbox = this.outbox.map((i) => (i.state === "queued" ? { ...i, state: "uploaded", attempts: i.attempts + 1 } : i));
    return {
      outcome: "done",
      report: {
        sent: queued.length,
        received: 0,
        imported: 0,
        held: 0,
        refused: 0,
        alreadyOpened: 0,
        delivered: 0,
        receiptsSent: 0,
        queued: 0,
        failures: [],
      },
    };
  }

  /** The test's recipient answered: every uploaded item is delivered (imported). */
  deliverAll(): void {
    this.outbox = this.outbox.map((i) =>
      i.state === "uploaded" ? { ...i, state: "delivered", receipt: "imported", deliveredAt: "2030-01-02T00:00:00Z" } : i,
    );
  }

  async listRefusedObjects(): Promise<RefusedObjectDto[]> {
    this.calls.push("list_refused_objects");
    this.#rights();
    return this.refusedObjects.map((r) => ({ ...r }));
  }
}
