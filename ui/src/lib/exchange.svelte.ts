/**
 * The exchange screen's state: this user's key and contacts, sending a case (or a status
 * card) to contacts, opening a bundle — verified and summarised first, imported only when
 * the person asks — and the backup.
 *
 * Owned by the Exchange screen, so it goes with the screen and with it on any lock (the
 * home screen is unmounted); `dispose()` also drops everything at once. Every command goes
 * through the controller's `run`, which drops replies that arrive after a lock. A bundle's
 * summary holds codes, names of contacts, fingerprints and answer paths — never testimony.
 *
 * Paths: the app has no file dialog. Fields are pre-filled with a new name in the output
 * folder (`$HOME/Waystone`); the core refuses a relative path and never replaces a file.
 *
 * Held updates: an update of a case from a contact who is not one of the case's trusted
 * senders (where it came from, or someone this vault sent it to) is never applied on
 * import: the core keeps it, and this screen lists it (sender, fingerprint, case code, the
 * answer paths it would change) with Accept and Reject, and Compare: the merge screen, every
 * differing answer of the copy held here beside the update's, keep mine / take theirs per row
 * (an update that would lose a change made here is held for exactly this, never applied
 * whole). A contact name already pinned to
 * another key is replaced only after the person saw both fingerprints and confirmed.
 * Backups are for admins only (the core refuses others; the screen does not offer it).
 */
import type { CaseSummaryDto, FormView, IpcError, RightsDto } from "../ipc/backend";
import type {
  BundlePreviewDto,
  BundleVerdictDto,
  ContactDto,
  FileDto,
  IncomingDto,
  KeyLineDto,
  MergeRowDto,
  MergeViewDto,
  ReceivedDto,
  WrittenDto,
} from "../ipc/transfer";
import type { Run } from "./board.svelte";

/** Bundles end with this (crates/bundle/README.md); backups with `.wsbk`. */
export const BUNDLE_EXT = "waystone";
export const BACKUP_EXT = "wsbk";

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `YYYY-MM-DD` in local time. */
export function localDate(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A new bundle's file name: the date and time, never the case code (a file name is seen by
 * whoever carries the stick).
 */
export function bundleFileName(now: Date, statusCard: boolean): string {
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${statusCard ? "status-card" : "bundle"}-${localDate(now)}-${time}.${BUNDLE_EXT}`;
}

export function backupFileName(now: Date): string {
  return `waystone-backup-${localDate(now)}.${BACKUP_EXT}`;
}

/** `folder/name` with one separator. */
export function joinPath(folder: string, name: string): string {
  return folder === "" ? name : `${folder.replace(/\/+$/, "")}/${name}`;
}

/**
 * Whether the summary allows an import: verified and not a bundle opened before (importing it
 * again would change nothing). A held one and a conflicting one may be taken in: the core
 * keeps either for a decision (a conflict, for a merge answer by answer) and applies nothing.
 */
export function canImport(preview: BundlePreviewDto | null): boolean {
  return preview !== null && !preview.alreadyOpened;
}

/**
 * The side a merge row starts on: theirs only where the sender changed it and this copy did
 * not (since the last exchange with them); everywhere else the copy held here, so nothing of
 * it is replaced unless the person chooses so.
 */
export function suggestedTake(row: MergeRowDto): boolean {
  return row.changedThere === true && row.changedHere === false;
}

/** A row both sides changed since the last exchange, or where that cannot be told. */
export function changedOnBothSides(row: MergeRowDto): boolean {
  return row.changedHere !== false && row.changedThere !== false;
}

/** A contact name already pinned to another key: both fingerprints, before replacing. */
export interface PendingReplace {
  name: string;
  keyLine: string;
  pinned: string;
  offered: string;
}

export class Exchange {
  /**
   * The session may send status cards but not whole cases (the rights table: coordinators
   * read no testimony). The core refuses a whole case to them anyway.
   */
  readonly statusCardOnly: boolean;
  /** The session may write a backup of the whole vault (the rights table: admins). */
  readonly canBackup: boolean;
  key: KeyLineDto | null = $state.raw(null);
  contacts: ContactDto[] = $state.raw([]);
  cases: CaseSummaryDto[] = $state.raw([]);
  folder: string = $state("");
  loadError: IpcError | null = $state.raw(null);

  // Sending
  sendCaseId: string = $state("");
  sendTo: string[] = $state([]);
  statusCard: boolean = $state(false);
  sendPath: string = $state("");
  sending: boolean = $state(false);
  sent: WrittenDto | null = $state.raw(null);
  sendError: IpcError | null = $state.raw(null);

  // Opening
  files: FileDto[] = $state.raw([]);
  openPath: string = $state("");
  verifying: boolean = $state(false);
  verdict: BundleVerdictDto | null = $state.raw(null);
  /** The path the verdict is about (the import reads that file again). */
  verdictPath: string = $state("");
  importing: boolean = $state(false);
  received: ReceivedDto | null = $state.raw(null);
  openError: IpcError | null = $state.raw(null);

  // Contacts: a replacement waiting for the person's confirmation
  pendingReplace: PendingReplace | null = $state.raw(null);

  // Held updates (waiting for a decision)
  held: IncomingDto[] = $state.raw([]);
  deciding: boolean = $state(false);
  /** The last decision: what was accepted (imported) or rejected, and whether its sender was trusted. */
  decided: { id: number; accepted: boolean; trusted: boolean; code: string; sender: string; merged?: number } | null =
    $state.raw(null);
  /** The held entries whose "trust this sender" box is ticked (unticked unless the person ticks it). */
  #trusting: number[] = $state([]);
  heldError: IpcError | null = $state.raw(null);

  /** Bundles received and decided (imported, merged, accepted or rejected), newest first. */
  incomingLog: IncomingDto[] = $state.raw([]);

  // The merge screen: one held update beside the copy held here
  merge: MergeViewDto | null = $state.raw(null);
  /** The case's form, to label the compared answers (null: shown by path). */
  mergeForm: FormView | null = $state.raw(null);
  /** The paths (and `@status`) to take from the update; every other row keeps the copy here. */
  mergeTake: string[] = $state([]);
  merging: boolean = $state(false);
  mergeError: IpcError | null = $state.raw(null);

  // Backup
  backupPath: string = $state("");
  backingUp: boolean = $state(false);
  backedUp: WrittenDto | null = $state.raw(null);
  backupError: IpcError | null = $state.raw(null);

  readonly #run: Run;
  readonly #now: () => Date;
  #disposed = false;
  /** The last name the app proposed (to tell it from a path the person typed). */
  #defaultSendPath = "";

  /** `rights`: the session's, as the core gave them (null: none, nothing is offered). */
  constructor(options: { rights: RightsDto | null; run: Run; now?: () => Date }) {
    const rights = options.rights;
    this.statusCardOnly = rights === null || (!rights.sendCase && rights.sendStatusCard);
    this.canBackup = rights?.backup ?? false;
    this.#run = options.run;
    this.#now = options.now ?? (() => new Date());
    this.statusCard = this.statusCardOnly;
  }

  get preview(): BundlePreviewDto | null {
    return this.verdict?.outcome === "verified" ? this.verdict.preview : null;
  }

  get canSend(): boolean {
    return !this.sending && this.sendCaseId !== "" && this.sendTo.length > 0 && this.sendPath.trim() !== "";
  }

  /** Key, contacts, cases and the output folder; the path fields get fresh names. */
  async load(): Promise<void> {
    const [key, contacts, cases, folder] = await Promise.all([
      this.#run((b) => b.myKey()),
      this.#run((b) => b.listContacts()),
      this.#run((b) => b.listCases()),
      this.#run((b) => b.outputFolder()),
    ]);
    if (this.#disposed || key === null || contacts === null || cases === null || folder === null) return;
    const failed = [key, contacts, cases, folder].find((o) => !o.ok);
    this.loadError = failed && !failed.ok ? failed.error : null;
    if (key.ok) this.key = key.value;
    if (contacts.ok) this.contacts = contacts.value;
    if (cases.ok) this.cases = cases.value;
    if (folder.ok) {
      this.folder = folder.value;
      this.sendPath = this.#newBundlePath();
      await this.#freeBackupPath();
      this.openPath = "";
    }
    await Promise.all([this.refreshFiles(), this.refreshHeld()]);
  }

  /**
   * Pins a contact; returns the error to show (a bad key line is `invalid`). A name already
   * pinned to another key is not replaced: `pendingReplace` is set with both fingerprints,
   * and `confirmReplace()` replaces it once the person agreed.
   */
  async addContact(name: string, keyLine: string): Promise<IpcError | null> {
    const n = name.trim();
    const line = keyLine.trim();
    this.pendingReplace = null;
    const pinned = this.contacts.find((c) => c.name === n);
    if (pinned) {
      const inspected = await this.#run((b) => b.inspectKeyLine(line));
      if (inspected === null || this.#disposed) return null;
      if (!inspected.ok) return inspected.error;
      if (inspected.value.fingerprint !== pinned.fingerprint) {
        this.pendingReplace = { name: n, keyLine: line, pinned: pinned.fingerprint, offered: inspected.value.fingerprint };
        return null;
      }
    }
    return this.#pin(n, line, false);
  }

  /** Replaces the key pinned under the pending name (the person saw both fingerprints). */
  async confirmReplace(): Promise<IpcError | null> {
    const pending = this.pendingReplace;
    if (pending === null) return null;
    this.pendingReplace = null;
    return this.#pin(pending.name, pending.keyLine, true);
  }

  cancelReplace(): void {
    this.pendingReplace = null;
  }

  async #pin(name: string, keyLine: string, replace: boolean): Promise<IpcError | null> {
    const outcome = await this.#run((b) => b.addContact(name, keyLine, replace));
    if (outcome === null || this.#disposed) return null;
    if (!outcome.ok) return outcome.error;
    const added = outcome.value;
    this.contacts = [...this.contacts.filter((c) => c.name !== added.name), added].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return null;
  }

  /**
   * The updates held for this user's decision, and every bundle this user received (by file
   * or through a mailbox): sender, time, case code, what changed, what became of it.
   */
  async refreshHeld(): Promise<void> {
    const outcome = await this.#run((b) => b.listIncoming(false));
    if (outcome === null || this.#disposed) return;
    if (outcome.ok) {
      this.held = outcome.value.filter((i) => i.state === "held");
      this.incomingLog = outcome.value.filter((i) => i.state !== "held");
    }
  }

  /** Whether accepting held entry `id` also trusts its sender for the case from now on. */
  trustOnAccept(id: number): boolean {
    return this.#trusting.includes(id);
  }

  setTrustOnAccept(id: number, on: boolean): void {
    const rest = this.#trusting.filter((i) => i !== id);
    this.#trusting = on ? [...rest, id] : rest;
  }

  /**
   * Accepts (applies) or rejects held update `id` (an accept trusts its sender when the person
   * ticked that box for this entry); a refusal by the core's checks is shown.
   */
  async decide(id: number, accept: boolean): Promise<void> {
    const entry = this.held.find((h) => h.id === id);
    if (!entry || this.deciding) return;
    this.deciding = true;
    this.heldError = null;
    this.decided = null;
    const trust = accept && this.trustOnAccept(id);
    const outcome = accept
      ? await this.#run((b) => b.acceptIncoming(id, trust))
      : await this.#run((b) => b.rejectIncoming(id));
    if (outcome === null || this.#disposed) return;
    this.deciding = false;
    if (!outcome.ok) {
      this.heldError = outcome.error;
      return;
    }
    this.decided = { id, accepted: accept, trusted: trust, code: entry.code, sender: entry.from };
    this.setTrustOnAccept(id, false);
    await this.refreshHeld();
  }

  /** Opens the comparison of held update `id` with the copy held here. */
  async openMerge(id: number): Promise<void> {
    this.mergeError = null;
    this.decided = null;
    const outcome = await this.#run((b) => b.mergeView(id));
    if (outcome === null || this.#disposed) return;
    if (!outcome.ok) {
      this.merge = null;
      this.mergeError = outcome.error;
      return;
    }
    const view = outcome.value;
    const form = await this.#run((b) => b.formDefinition(view.formId, view.formVersion));
    if (this.#disposed) return;
    this.mergeForm = form?.ok ? form.value : null;
    this.merge = view;
    this.mergeTake = view.rows.filter(suggestedTake).map((r) => r.path);
  }

  /** Whether row `path` takes the update's answer. */
  takes(path: string): boolean {
    return this.mergeTake.includes(path);
  }

  setTake(path: string, theirs: boolean): void {
    const rest = this.mergeTake.filter((p) => p !== path);
    this.mergeTake = theirs ? [...rest, path] : rest;
  }

  closeMerge(): void {
    this.merge = null;
    this.mergeForm = null;
    this.mergeTake = [];
    this.mergeError = null;
  }

  /** Writes the person's choices; a copy changed since the comparison is compared again. */
  async applyMerge(): Promise<void> {
    const view = this.merge;
    if (view === null || this.merging) return;
    this.merging = true;
    this.mergeError = null;
    const take = view.rows.map((r) => r.path).filter((p) => this.mergeTake.includes(p));
    const outcome = await this.#run((b) => b.mergeIncoming(view.incomingId, view.localVersion, take));
    if (outcome === null || this.#disposed) return;
    this.merging = false;
    if (!outcome.ok) {
      this.mergeError = outcome.error;
      return;
    }
    this.merge = null;
    this.mergeTake = [];
    this.decided = { id: view.incomingId, accepted: true, trusted: false, code: view.code, sender: view.from, merged: take.length };
    await this.refreshHeld();
  }

  toggleRecipient(name: string, on: boolean): void {
    const rest = this.sendTo.filter((n) => n !== name);
    this.sendTo = on ? [...rest, name] : rest;
  }

  setStatusCard(on: boolean): void {
    const value = this.statusCardOnly ? true : on;
    if (value === this.statusCard) return;
    const wasDefault = this.sendPath === this.#defaultSendPath || this.sendPath.trim() === "";
    this.statusCard = value;
    // keep the default name's kind in step, unless the person typed their own path
    if (wasDefault) this.sendPath = this.#newBundlePath();
  }

  async send(): Promise<void> {
    if (!this.canSend) return;
    this.sending = true;
    this.sendError = null;
    this.sent = null;
    const path = this.sendPath.trim();
    const outcome = await this.#run((b) => b.sendBundle(this.sendCaseId, [...this.sendTo], this.statusCard, path));
    if (outcome === null || this.#disposed) return;
    this.sending = false;
    if (!outcome.ok) {
      this.sendError = outcome.error;
      return;
    }
    this.sent = outcome.value;
    // the next bundle gets a new name; the list of bundles may now include this one
    this.sendPath = this.#newBundlePath();
    await this.refreshFiles();
  }

  async refreshFiles(): Promise<void> {
    const outcome = await this.#run((b) => b.listBundleFiles());
    if (outcome === null || this.#disposed) return;
    if (outcome.ok) this.files = outcome.value;
  }

  /** Verifies the bundle at `path` (or the path field) and shows its summary or refusal. */
  async verify(path: string = this.openPath): Promise<void> {
    const target = path.trim();
    if (target === "" || this.verifying || this.importing) return;
    this.openPath = target;
    this.verifying = true;
    this.verdict = null;
    this.received = null;
    this.openError = null;
    const outcome = await this.#run((b) => b.verifyBundle(target));
    if (outcome === null || this.#disposed) return;
    this.verifying = false;
    if (!outcome.ok) {
      this.openError = outcome.error;
      return;
    }
    this.verdict = outcome.value;
    this.verdictPath = target;
  }

  /** Imports the verified bundle (the same file, checked again in full by the core). */
  async importVerified(): Promise<void> {
    const preview = this.preview;
    if (!canImport(preview) || preview === null || this.importing) return;
    this.importing = true;
    this.openError = null;
    const path = this.verdictPath;
    const outcome = await this.#run((b) => b.importBundle(path, preview.digest));
    if (outcome === null || this.#disposed) return;
    this.importing = false;
    if (!outcome.ok) {
      this.openError = outcome.error;
      return;
    }
    this.received = outcome.value;
    this.verdict = null;
    if (outcome.value.outcome === "held" || outcome.value.outcome === "conflict") await this.refreshHeld();
  }

  /** Forgets the summary shown (Cancel). */
  clearVerdict(): void {
    this.verdict = null;
    this.openError = null;
  }

  async backup(): Promise<void> {
    const path = this.backupPath.trim();
    if (path === "" || this.backingUp || !this.canBackup) return;
    this.backingUp = true;
    this.backupError = null;
    this.backedUp = null;
    const outcome = await this.#run((b) => b.backupVault(path));
    if (outcome === null || this.#disposed) return;
    this.backingUp = false;
    if (outcome.ok) {
      this.backedUp = outcome.value;
      await this.#freeBackupPath(); // a second backup the same day gets a name of its own
    } else this.backupError = outcome.error;
  }

  /** Today's backup name in the output folder, or its next free `-2`, `-3`… */
  async #freeBackupPath(): Promise<void> {
    const name = backupFileName(this.#now());
    this.backupPath = joinPath(this.folder, name);
    const free = await this.#run((b) => b.outputFilePath(name));
    if (free?.ok && !this.#disposed) this.backupPath = free.value;
  }

  /** Drops everything held (on lock the screen goes anyway). */
  dispose(): void {
    this.#disposed = true;
    this.key = null;
    this.contacts = [];
    this.cases = [];
    this.files = [];
    this.verdict = null;
    this.received = null;
    this.sent = null;
    this.sendTo = [];
    this.held = [];
    this.incomingLog = [];
    this.decided = null;
    this.pendingReplace = null;
    // the comparison holds answers of both copies: gone with the screen
    this.merge = null;
    this.mergeForm = null;
    this.mergeTake = [];
    this.mergeError = null;
  }

  #newBundlePath(): string {
    this.#defaultSendPath = this.folder === "" ? "" : joinPath(this.folder, bundleFileName(this.#now(), this.statusCard));
    return this.#defaultSendPath;
  }
}
