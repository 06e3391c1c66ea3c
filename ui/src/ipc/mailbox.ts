/**
 * The part of the `Backend` for the team mailbox: mailboxes (admins), queuing a case or a
 * status card for contacts, the outbox, sync, and the objects a sync refused. `Backend`
 * extends it. Credentials and the team's key only go in (`addMailbox`): nothing here
 * returns one.
 */
import type { MailboxDto } from "./bindings/MailboxDto";
import type { MailboxEngineDto } from "./bindings/MailboxEngineDto";
import type { MailboxErrorDto } from "./bindings/MailboxErrorDto";
import type { MailboxRefusalDto } from "./bindings/MailboxRefusalDto";
import type { MailboxSetupDto } from "./bindings/MailboxSetupDto";
import type { MailboxTestDto } from "./bindings/MailboxTestDto";
import type { OutboxItemDto } from "./bindings/OutboxItemDto";
import type { OutboxStateDto } from "./bindings/OutboxStateDto";
import type { ReceiptDto } from "./bindings/ReceiptDto";
import type { RefusedObjectDto } from "./bindings/RefusedObjectDto";
import type { SyncFailureDto } from "./bindings/SyncFailureDto";
import type { SyncOutcomeDto } from "./bindings/SyncOutcomeDto";
import type { RoutingDto } from "./bindings/RoutingDto";
import type { SyncReportDto } from "./bindings/SyncReportDto";

export type {
  MailboxDto,
  MailboxEngineDto,
  MailboxErrorDto,
  MailboxRefusalDto,
  MailboxSetupDto,
  MailboxTestDto,
  OutboxItemDto,
  OutboxStateDto,
  ReceiptDto,
  RefusedObjectDto,
  SyncFailureDto,
  SyncOutcomeDto,
  RoutingDto,
  SyncReportDto,
};

export interface MailboxBackend {
  /** Admins: the vault's mailboxes, where each is and its counts (no key, no credential). */
  listMailboxes(): Promise<MailboxDto[]>;
  /** The names of the vault's mailboxes, first added first (anyone who sends picks one). */
  listMailboxNames(): Promise<string[]>;
  /** The routing rules (contact names only). */
  routingRules(): Promise<RoutingDto>;
  /** Admins: replaces the routing rules; answers the rules now in force. */
  setRouting(routing: RoutingDto): Promise<RoutingDto>;
  /**
   * Admins: adds a mailbox. `teamKey`: the line `waystone mailbox key` printed in a
   * teammate's vault, or null for a new key. Contacts no server (see `testMailbox`); a
   * setting that cannot work rejects.
   */
  addMailbox(name: string, setup: MailboxSetupDto, teamKey: string | null): Promise<MailboxDto>;
  /** Admins: removes a mailbox; answers how many items not yet uploaded were dropped. */
  removeMailbox(name: string): Promise<number>;
  /** Admins: whether the mailbox answers and takes its credentials (a failure is an answer). */
  testMailbox(name: string): Promise<MailboxTestDto>;
  /**
   * Queues a case (or its status card) for contacts through a mailbox (null: the first);
   * the rights of `sendBundle`. Nothing is contacted until a sync.
   */
  queueSend(caseId: string, to: string[], statusCard: boolean, mailbox: string | null): Promise<OutboxItemDto[]>;
  /** This user's outbox, newest first. */
  listOutbox(): Promise<OutboxItemDto[]>;
  /**
   * Syncs every mailbox; `busy` when another sync of this vault runs (here or the CLI).
   * No mailbox at all rejects with `not_found`.
   */
  syncMailboxes(): Promise<SyncOutcomeDto>;
  /** Objects this user's syncs refused (never imported), newest first. */
  listRefusedObjects(): Promise<RefusedObjectDto[]>;
}
