/**
 * The part of the `Backend` that moves cases: keys and contacts, bundles (verify, then
 * import), backup and the first-run restore, the audit log view, and the output folder.
 * Kept in its own file so the interface stays readable; `Backend` extends it. Paths are
 * what the person chose in a native dialog (`chooseFile`) or typed; the core checks them.
 */
import type { AuditChainDto } from "./bindings/AuditChainDto";
import type { AuditPageDto } from "./bindings/AuditPageDto";
import type { AuditRowDto } from "./bindings/AuditRowDto";
import type { BackupInfoDto } from "./bindings/BackupInfoDto";
import type { BundlePreviewDto } from "./bindings/BundlePreviewDto";
import type { BundleRefusalDto } from "./bindings/BundleRefusalDto";
import type { BundleVerdictDto } from "./bindings/BundleVerdictDto";
import type { ConflictDto } from "./bindings/ConflictDto";
import type { ContactDto } from "./bindings/ContactDto";
import type { FileDto } from "./bindings/FileDto";
import type { FileDialogDto } from "./bindings/FileDialogDto";
import type { FileDialogKind } from "./bindings/FileDialogKind";
import type { FileFilterDto } from "./bindings/FileFilterDto";
import type { IncomingDto } from "./bindings/IncomingDto";
import type { IncomingReasonDto } from "./bindings/IncomingReasonDto";
import type { IncomingStateDto } from "./bindings/IncomingStateDto";
import type { KeyLineDto } from "./bindings/KeyLineDto";
import type { MergeRowDto } from "./bindings/MergeRowDto";
import type { MergeValueDto } from "./bindings/MergeValueDto";
import type { MergeViewDto } from "./bindings/MergeViewDto";
import type { OutcomeDto } from "./bindings/OutcomeDto";
import type { PartDto } from "./bindings/PartDto";
import type { ReceivedDto } from "./bindings/ReceivedDto";
import type { Session } from "./bindings/Session";
import type { WrittenDto } from "./bindings/WrittenDto";

export type {
  AuditChainDto,
  AuditPageDto,
  AuditRowDto,
  BackupInfoDto,
  BundlePreviewDto,
  BundleRefusalDto,
  BundleVerdictDto,
  ConflictDto,
  ContactDto,
  FileDto,
  FileDialogDto,
  FileDialogKind,
  FileFilterDto,
  IncomingDto,
  IncomingReasonDto,
  IncomingStateDto,
  KeyLineDto,
  MergeRowDto,
  MergeValueDto,
  MergeViewDto,
  OutcomeDto,
  PartDto,
  ReceivedDto,
  WrittenDto,
};

export interface TransferBackend {
  /** The folder for files taken out of the app (`$HOME/Waystone`, made 0700 on demand). */
  outputFolder(): Promise<string>;
  /**
   * `name` in the output folder, or the next free `name-2`, `name-3`… when a file of that
   * name is there already (a second export or backup the same day). Creates nothing.
   */
  outputFilePath(name: string): Promise<string>;
  /**
   * A native open, save or folder dialog, shown by the shell over the window: the path the
   * person chose, or null when they cancelled. Reads and writes nothing; the screen sends
   * the path to the command that does, which checks it like a typed one.
   */
  chooseFile(request: FileDialogDto): Promise<string | null>;
  /** This user's key line and fingerprint (made on first use). */
  myKey(): Promise<KeyLineDto>;
  listContacts(): Promise<ContactDto[]>;
  /**
   * Pins a contact's key line; a bad line rejects with `invalid`, a name already pinned to
   * another key with `already_exists` unless `replace` (after the person compared both
   * fingerprints; the core audits the change).
   */
  addContact(name: string, keyLine: string, replace: boolean): Promise<ContactDto>;
  /** The fingerprint of a key line, pinning nothing; a bad line rejects with `invalid`. */
  inspectKeyLine(keyLine: string): Promise<KeyLineDto>;
  /** Writes a signed, encrypted bundle (or a status card) for pinned contacts to a new file. */
  sendBundle(caseId: string, to: string[], statusCard: boolean, path: string): Promise<WrittenDto>;
  /** The bundle files (`*.waystone`) in the output folder, newest first. */
  listBundleFiles(): Promise<FileDto[]>;
  /** Verifies a bundle and says what importing it would do; writes nothing. */
  verifyBundle(path: string): Promise<BundleVerdictDto>;
  /**
   * Imports the bundle verified as `digest`; refused if the file changed since. An update
   * from someone who is not a trusted sender of the case comes back `held` (nothing applied);
   * a bundle opened before `already_opened`.
   */
  importBundle(path: string, digest: string): Promise<ReceivedDto>;
  /**
   * Bundles this user received and held updates they may decide, newest first (`heldOnly`:
   * those waiting for a decision; a held one's `changed` is what it would change now).
   */
  listIncoming(heldOnly: boolean): Promise<IncomingDto[]>;
  /**
   * Applies a held update (every import check runs again, and the right it exercises: it may
   * be refused). With `trust`, its sender also becomes a trusted sender of the case from now
   * on (audited).
   */
  acceptIncoming(id: number, trust: boolean): Promise<ReceivedDto>;
  /** Rejects a held update: nothing applied, its copy deleted. */
  rejectIncoming(id: number): Promise<void>;
  /**
   * A held update beside the copy held here, answer by answer (the merge screen). Shows
   * answers: the core gives it only to those who may read the case and decide the update.
   */
  mergeView(id: number): Promise<MergeViewDto>;
  /**
   * Merges a held update: theirs for each path in `take`, the copy held here for every other
   * answer. `base` is the `localVersion` of the comparison shown: refused if the copy changed.
   */
  mergeIncoming(id: number, base: string, take: string[]): Promise<ReceivedDto>;
  /** Admins: writes a backup of the whole vault to a new file, verified before it answers. */
  backupVault(path: string): Promise<WrittenDto>;
  /** First run: the users a backup can be restored as (no unlock needed). */
  backupInfo(path: string): Promise<BackupInfoDto>;
  /** First run: restores a backup (verified first) and signs in as `user`. */
  restoreBackup(path: string, user: string, passphrase: string): Promise<Session>;
  /** First run: restores with the recovery key and gives `user` a new passphrase. */
  restoreBackupWithRecovery(path: string, recoveryKey: string, user: string, newPassphrase: string): Promise<Session>;
  /** Admins: a page of the audit log, newest first. */
  auditPage(offset: number, limit: number): Promise<AuditPageDto>;
  /** Admins: checks the audit chain. */
  verifyAuditChain(): Promise<AuditChainDto>;
}
