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
 */
import type { CaseSummaryDto, IpcError, Role } from "../ipc/backend";
import type {
  BundlePreviewDto,
  BundleVerdictDto,
  ContactDto,
  FileDto,
  KeyLineDto,
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

/** Whether the summary allows an import: verified and no local edits in the way. */
export function canImport(preview: BundlePreviewDto | null): boolean {
  return preview !== null && preview.conflict === null;
}

/** Coordinators read no testimony: they may send status cards only. */
export function statusCardOnly(role: Role): boolean {
  return role === "coordinator";
}

export class Exchange {
  readonly role: Role;
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

  constructor(options: { role: Role; run: Run; now?: () => Date }) {
    this.role = options.role;
    this.#run = options.run;
    this.#now = options.now ?? (() => new Date());
    this.statusCard = statusCardOnly(this.role);
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
      this.backupPath = joinPath(this.folder, backupFileName(this.#now()));
      this.openPath = "";
    }
    await this.refreshFiles();
  }

  /** Pins a contact; returns the error to show (a bad key line is `invalid`). */
  async addContact(name: string, keyLine: string): Promise<IpcError | null> {
    const outcome = await this.#run((b) => b.addContact(name.trim(), keyLine.trim()));
    if (outcome === null || this.#disposed) return null;
    if (!outcome.ok) return outcome.error;
    const added = outcome.value;
    this.contacts = [...this.contacts.filter((c) => c.name !== added.name), added].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return null;
  }

  toggleRecipient(name: string, on: boolean): void {
    const rest = this.sendTo.filter((n) => n !== name);
    this.sendTo = on ? [...rest, name] : rest;
  }

  setStatusCard(on: boolean): void {
    const value = statusCardOnly(this.role) ? true : on;
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
  }

  /** Forgets the summary shown (Cancel). */
  clearVerdict(): void {
    this.verdict = null;
    this.openError = null;
  }

  async backup(): Promise<void> {
    const path = this.backupPath.trim();
    if (path === "" || this.backingUp) return;
    this.backingUp = true;
    this.backupError = null;
    this.backedUp = null;
    const outcome = await this.#run((b) => b.backupVault(path));
    if (outcome === null || this.#disposed) return;
    this.backingUp = false;
    if (outcome.ok) this.backedUp = outcome.value;
    else this.backupError = outcome.error;
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
  }

  #newBundlePath(): string {
    this.#defaultSendPath = this.folder === "" ? "" : joinPath(this.folder, bundleFileName(this.#now(), this.statusCard));
    return this.#defaultSendPath;
  }
}
