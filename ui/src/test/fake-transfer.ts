/**
 * The transfer half of the in-memory test backend (FakeBackend extends it): keys and
 * contacts, bundles whose verdicts a test registers by path, backups, the audit log. It
 * follows the contract of the real commands: `locked` without a session, `invalid` for a
 * bad key line or a relative path, nothing replaced, whole cases, backups and the audit
 * log only for the rights that allow them (./core-tables.ts, written from the core's rights
 * table), imports only of the digest verified, restore never over a vault. Synthetic data only.
 */
import type { CommandName } from "../ipc/bindings/CommandName";
import type { IpcError, Role, Session, UserSummary } from "../ipc/backend";
import { RIGHTS } from "./core-tables";
import type {
  AuditChainDto,
  AuditPageDto,
  AuditRowDto,
  BackupInfoDto,
  BundleVerdictDto,
  ContactDto,
  FileDialogDto,
  FileDto,
  IncomingDto,
  KeyLineDto,
  MergeViewDto,
  ReceivedDto,
  TransferBackend,
  WrittenDto,
} from "../ipc/transfer";

export const FAKE_FOLDER = "/home/test/Waystone";
export const FAKE_KEY_LINE = "waystone-key-v1 age1synthetic ed25519:c3ludGhldGlj test";

function fail(code: IpcError["code"], message: string): IpcError {
  return { code, message };
}

/** A backup a test places at a path: its users and their passphrases (synthetic). */
export interface FakeBackup {
  users: UserSummary[];
  passphrases: Record<string, string>;
  recoveryKey: string;
}

export abstract class FakeTransfer implements TransferBackend {
  abstract exists: boolean;
  abstract users: UserSummary[];
  abstract session: Session | null;
  abstract readonly passphrases: Map<string, string>;
  abstract readonly calls: CommandName[];

  contacts: ContactDto[] = [];
  /** Files written, by path. */
  readonly written = new Map<string, number>();
  /** Verdicts of bundles placed at paths (by the test). */
  readonly bundles = new Map<string, BundleVerdictDto>();
  /** Paths that are folders (by the test): reading or writing one is `file_is_folder`. */
  readonly folders = new Set<string>();
  /** Backups placed at paths (by the test). */
  readonly backups = new Map<string, FakeBackup>();
  /** What imports were asked: path and digest. */
  readonly imports: Array<{ path: string; digest: string }> = [];
  /** Bundles received (a test may place held ones); ids of accept/reject calls. */
  incoming: IncomingDto[] = [];
  /** When set, accepting a held update fails with this error (the core's checks ran again). */
  acceptFailure: IpcError | null = null;
  /** Every accept that went through: the entry and whether its sender was trusted. */
  acceptedWith: [number, boolean][] = [];
  auditRows: AuditRowDto[] = [];
  chainBrokenAt: number | null = null;

  #session(): Session {
    if (!this.session) throw fail("locked", "vault is locked");
    return this.session;
  }

  #path(path: string): string {
    const p = path.trim();
    if (!p.startsWith("/")) throw fail("file_relative_path", "give the full path of the file");
    if (this.folders.has(p)) throw fail("file_is_folder", "that is a folder, not a file");
    return p;
  }

  async outputFolder(): Promise<string> {
    this.calls.push("output_folder");
    return FAKE_FOLDER;
  }

  /**
   * What the next native dialogs answer, in order (a path, or null for "cancelled"); an
   * empty queue answers null. Every request is kept in `dialogs`.
   */
  dialogAnswers: Array<string | null> = [];
  readonly dialogs: FileDialogDto[] = [];

  async chooseFile(request: FileDialogDto): Promise<string | null> {
    this.calls.push("choose_file");
    this.dialogs.push(request);
    return this.dialogAnswers.shift() ?? null;
  }

  async outputFilePath(name: string): Promise<string> {
    this.calls.push("output_file_path");
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let candidate = `${FAKE_FOLDER}/${name}`;
    for (let n = 2; this.written.has(candidate); n++) candidate = `${FAKE_FOLDER}/${stem}-${n}${ext}`;
    return candidate;
  }

  async myKey(): Promise<KeyLineDto> {
    this.calls.push("my_key");
    this.#session();
    return { keyLine: FAKE_KEY_LINE, fingerprint: "ABCD EFGH IJKL MNOP" };
  }

  async listContacts(): Promise<ContactDto[]> {
    this.calls.push("list_contacts");
    this.#session();
    return this.contacts.map((c) => ({ ...c }));
  }

  /** The fake's fingerprint of a key line: derived from its last word (synthetic). */
  static fingerprintOf(keyLine: string): string {
    return `FP-${(keyLine.trim().split(/\s+/).pop() ?? "").toUpperCase()}`;
  }

  async addContact(name: string, keyLine: string, replace: boolean): Promise<ContactDto> {
    this.calls.push("add_contact");
    this.#session();
    if (!keyLine.startsWith("waystone-key-v1 ")) {
      throw fail("invalid", "not a Waystone key line: it must start with `waystone-key-v1`");
    }
    const contact = { name, fingerprint: FakeTransfer.fingerprintOf(keyLine) };
    const pinned = this.contacts.find((c) => c.name === name);
    if (pinned && pinned.fingerprint !== contact.fingerprint && !replace) {
      throw fail("already_exists", "a contact with this name is already pinned to another key");
    }
    this.contacts = [...this.contacts.filter((c) => c.name !== name), contact];
    return { ...contact };
  }

  async inspectKeyLine(keyLine: string): Promise<KeyLineDto> {
    this.calls.push("inspect_key_line");
    if (!keyLine.startsWith("waystone-key-v1 ")) {
      throw fail("invalid", "not a Waystone key line: it must start with `waystone-key-v1`");
    }
    return { keyLine, fingerprint: FakeTransfer.fingerprintOf(keyLine) };
  }

  async sendBundle(caseId: string, to: string[], statusCard: boolean, path: string): Promise<WrittenDto> {
    this.calls.push("send_bundle");
    const session = this.#session();
    const out = this.#path(path);
    if (!statusCard && !session.rights.sendCase) throw fail("forbidden", "your role does not allow this");
    if (to.length === 0 || to.some((n) => !this.contacts.some((c) => c.name === n))) {
      throw fail("invalid", "not a pinned contact");
    }
    if (this.written.has(out)) throw fail("file_exists", "a file of that name already exists and was not replaced");
    if (caseId === "") throw fail("not_found", "no such case");
    this.written.set(out, 1234);
    return { path: out, bytes: 1234 };
  }

  async listBundleFiles(): Promise<FileDto[]> {
    this.calls.push("list_bundle_files");
    this.#session();
    return [...this.written.keys(), ...this.bundles.keys()]
      .filter((p) => p.startsWith(`${FAKE_FOLDER}/`) && p.endsWith(".waystone"))
      .map((p) => ({ name: p.slice(FAKE_FOLDER.length + 1), path: p, size: 1234, modified: "2030-01-01T00:00:00Z" }));
  }

  async verifyBundle(path: string): Promise<BundleVerdictDto> {
    this.calls.push("verify_bundle");
    this.#session();
    const verdict = this.bundles.get(this.#path(path));
    if (!verdict) throw fail("file_not_found", "reading the bundle file failed: there is no file at that path");
    return structuredClone(verdict);
  }

  async importBundle(path: string, digest: string): Promise<ReceivedDto> {
    this.calls.push("import_bundle");
    this.#session();
    this.imports.push({ path, digest });
    const verdict = this.bundles.get(this.#path(path));
    if (!verdict || verdict.outcome !== "verified") throw fail("corrupt", "refused");
    const p = verdict.preview;
    if (p.digest !== digest) throw fail("invalid", "the bundle file changed after it was verified");
    const base = { statusCard: p.statusCard, caseId: p.caseId, code: p.code, sender: p.sender, changed: p.changed };
    if (p.alreadyOpened) return { ...base, created: false, changed: [], outcome: "already_opened", incomingId: null };
    if (p.held || p.conflict) {
      const id = this.incoming.reduce((m, i) => Math.max(m, i.id), 0) + 1;
      this.incoming = [
        {
          id,
          from: p.sender,
          fromFingerprint: p.senderFingerprint,
          caseId: p.caseId,
          code: p.code,
          statusCard: p.statusCard,
          version: "2030-01-01T00:00:00.000Z",
          state: "held",
          reason: p.conflict ? "conflict" : "untrusted_sender",
          changed: p.conflict ? p.conflict.differing : p.changed,
          receivedAt: "2030-01-01T00:00:00.000Z",
        },
        ...this.incoming,
      ];
      return { ...base, created: false, outcome: p.conflict ? "conflict" : "held", incomingId: id };
    }
    return { ...base, created: p.created, outcome: "imported", incomingId: null };
  }

  async listIncoming(heldOnly: boolean): Promise<IncomingDto[]> {
    this.calls.push("list_incoming");
    this.#session();
    return this.incoming.filter((i) => !heldOnly || i.state === "held").map((i) => structuredClone(i));
  }

  #held(id: number): IncomingDto {
    const entry = this.incoming.find((i) => i.id === id && i.state === "held");
    if (!entry) throw fail("not_found", "no held update with that number");
    return entry;
  }

  async acceptIncoming(id: number, trust: boolean): Promise<ReceivedDto> {
    this.calls.push("accept_incoming");
    this.#session();
    const entry = this.#held(id);
    if (this.acceptFailure) throw this.acceptFailure;
    this.acceptedWith.push([id, trust]);
    entry.state = "imported";
    entry.reason = "accepted";
    return {
      statusCard: entry.statusCard,
      caseId: entry.caseId,
      code: entry.code,
      sender: entry.from,
      created: false,
      changed: entry.changed,
      outcome: "imported",
      incomingId: null,
    };
  }

  /** The comparisons `mergeView` answers, by held entry. */
  mergeViews = new Map<number, MergeViewDto>();
  mergedWith: Array<[number, string, string[]]> = [];

  async mergeView(id: number): Promise<MergeViewDto> {
    this.calls.push("merge_view");
    this.#session();
    this.#held(id);
    const view = this.mergeViews.get(id);
    if (!view) throw fail("invalid", "this case is not held here, so there is nothing to compare");
    return structuredClone(view);
  }

  async mergeIncoming(id: number, base: string, take: string[]): Promise<ReceivedDto> {
    this.calls.push("merge_incoming");
    this.#session();
    const entry = this.#held(id);
    const view = this.mergeViews.get(id);
    if (!view || view.localVersion !== base) throw fail("invalid", "the case was changed here after the two copies were compared");
    this.mergedWith.push([id, base, [...take]]);
    entry.state = "imported";
    entry.reason = "merged";
    return {
      statusCard: entry.statusCard,
      caseId: entry.caseId,
      code: entry.code,
      sender: entry.from,
      created: false,
      changed: [...take],
      outcome: "imported",
      incomingId: null,
    };
  }

  async rejectIncoming(id: number): Promise<void> {
    this.calls.push("reject_incoming");
    this.#session();
    const entry = this.#held(id);
    entry.state = "refused";
    entry.reason = "rejected";
  }

  async backupVault(path: string): Promise<WrittenDto> {
    this.calls.push("backup_vault");
    const session = this.#session();
    if (!session.rights.backup) throw fail("forbidden", "your role does not allow this");
    const out = this.#path(path);
    if (this.written.has(out)) throw fail("file_exists", "a file of that name already exists and was not replaced");
    this.written.set(out, 4096);
    return { path: out, bytes: 4096 };
  }

  async backupInfo(path: string): Promise<BackupInfoDto> {
    this.calls.push("backup_info");
    const backup = this.backups.get(this.#path(path));
    if (!backup) throw fail("file_not_found", "reading the backup failed: there is no file at that path");
    return { users: backup.users.map((u) => ({ ...u })) };
  }

  async restoreBackup(path: string, user: string, passphrase: string): Promise<Session> {
    this.calls.push("restore_backup");
    return this.#restore(path, user, (b) => b.passphrases[user] === passphrase, null);
  }

  async restoreBackupWithRecovery(path: string, recoveryKey: string, user: string, newPassphrase: string): Promise<Session> {
    this.calls.push("restore_backup_with_recovery");
    if (newPassphrase.length < 16) throw fail("weak_passphrase", "weak");
    return this.#restore(path, user, (b) => b.recoveryKey === recoveryKey, newPassphrase);
  }

  #restore(path: string, user: string, opens: (b: FakeBackup) => boolean, newPassphrase: string | null): Session {
    if (this.exists) throw fail("already_exists", "a vault already exists here");
    const backup = this.backups.get(this.#path(path));
    if (!backup) throw fail("corrupt", "this is not a Waystone backup");
    const summary = backup.users.find((u) => u.name === user);
    if (!summary) throw fail("not_found", "unknown user");
    if (!opens(backup)) throw fail("auth_failed", "authentication failed");
    this.exists = true;
    this.users = backup.users.map((u) => ({ ...u }));
    for (const [name, pass] of Object.entries(backup.passphrases)) this.passphrases.set(name, pass);
    if (newPassphrase !== null) this.passphrases.set(user, newPassphrase);
    this.session = sessionFor(user, summary.role);
    return { ...this.session };
  }

  async auditPage(offset: number, limit: number): Promise<AuditPageDto> {
    this.calls.push("audit_page");
    if (!this.#session().rights.readAuditLog) throw fail("forbidden", "admins only");
    const newestFirst = [...this.auditRows].sort((a, b) => b.seq - a.seq);
    return { rows: newestFirst.slice(offset, offset + limit), total: newestFirst.length };
  }

  async verifyAuditChain(): Promise<AuditChainDto> {
    this.calls.push("verify_audit_chain");
    if (!this.#session().rights.readAuditLog) throw fail("forbidden", "admins only");
    return this.chainBrokenAt === null
      ? { ok: true, entries: this.auditRows.length, brokenAt: null }
      : { ok: false, entries: 0, brokenAt: this.chainBrokenAt };
  }
}

/** A session as the real backend gives it: the role's rights from the core's table. */
export function sessionFor(user: string, role: Role): Session {
  return { user, role, rights: { ...RIGHTS[role] } };
}
