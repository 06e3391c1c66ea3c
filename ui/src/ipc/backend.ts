/**
 * The one interface the UI uses to reach the Rust side.
 *
 * Components and the app controller depend on `Backend`, never on Tauri: the real
 * implementation (./tauri.ts) is the only module that calls `invoke` or `listen`, and unit
 * tests pass a fake. Types come from ./bindings/, generated from the Rust wire types (ts-rs).
 */
import type { AnswerDto } from "./bindings/AnswerDto";
import type { AnswerEntry } from "./bindings/AnswerEntry";
import type { AttachmentDto } from "./bindings/AttachmentDto";
import type { BoardExportDto } from "./bindings/BoardExportDto";
import type { BoardFormatDto } from "./bindings/BoardFormatDto";
import type { BoardPageDto } from "./bindings/BoardPageDto";
import type { BoardQueryDto } from "./bindings/BoardQueryDto";
import type { BoardRowDto } from "./bindings/BoardRowDto";
import type { CaseEventDto } from "./bindings/CaseEventDto";
import type { CountDto } from "./bindings/CountDto";
import type { DashboardDto } from "./bindings/DashboardDto";
import type { DiscardDto } from "./bindings/DiscardDto";
import type { CaseLabelDto } from "./bindings/CaseLabelDto";
import type { DuplicateSuggestionDto } from "./bindings/DuplicateSuggestionDto";
import type { FilingDto } from "./bindings/FilingDto";
import type { HistoryEntryDto } from "./bindings/HistoryEntryDto";
import type { RegistryEntryDto } from "./bindings/RegistryEntryDto";
import type { RegistryKindDto } from "./bindings/RegistryKindDto";
import type { RightsDto } from "./bindings/RightsDto";
import type { RiskDto } from "./bindings/RiskDto";
import type { StageCountDto } from "./bindings/StageCountDto";
import type { StageDto } from "./bindings/StageDto";
import type { StatusCountDto } from "./bindings/StatusCountDto";
import type { StatusDto } from "./bindings/StatusDto";
import type { ProblemCodeDto } from "./bindings/ProblemCodeDto";
import type { RegistryLinkDto } from "./bindings/RegistryLinkDto";
import type { CaseSummaryDto } from "./bindings/CaseSummaryDto";
import type { ChoiceView } from "./bindings/ChoiceView";
import type { CreatedVault } from "./bindings/CreatedVault";
import type { DateDto } from "./bindings/DateDto";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { FormView } from "./bindings/FormView";
import type { InterviewStateDto } from "./bindings/InterviewStateDto";
import type { CountedDto } from "./bindings/CountedDto";
import type { ProposedDto } from "./bindings/ProposedDto";
import type { InterviewView } from "./bindings/InterviewView";
import type { IpcError } from "./bindings/IpcError";
import type { ItemView } from "./bindings/ItemView";
import type { LabelsDto } from "./bindings/LabelsDto";
import type { Language } from "./bindings/Language";
import type { LockedEvent } from "./bindings/LockedEvent";
import type { LockReason } from "./bindings/LockReason";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { ProblemDto } from "./bindings/ProblemDto";
import type { ProgressDto } from "./bindings/ProgressDto";
import type { QuestionView } from "./bindings/QuestionView";
import type { RepeatEntry } from "./bindings/RepeatEntry";
import type { RepeatView } from "./bindings/RepeatView";
import type { Role } from "./bindings/Role";
import type { SectionView } from "./bindings/SectionView";
import type { Session } from "./bindings/Session";
import type { StrengthFeedback } from "./bindings/StrengthFeedback";
import type { UserSummary } from "./bindings/UserSummary";
import type { ValueDto } from "./bindings/ValueDto";
import type { VaultStatus } from "./bindings/VaultStatus";
import type { TransferBackend } from "./transfer";
import type { LegalBackend } from "./legal";
import type { ReportBackend } from "./report";
import type { AsylumBackend } from "./asylum";
import type { MailboxBackend } from "./mailbox";
import type { WipeReportDto } from "./bindings/WipeReportDto";
import type { FormCheckDto } from "./bindings/FormCheckDto";
import type { FormProblemDto } from "./bindings/FormProblemDto";
import type { FormSourceDto } from "./bindings/FormSourceDto";
import type { FormSummaryDto } from "./bindings/FormSummaryDto";

export type {
  CaseLabelDto,
  BoardExportDto,
  BoardFormatDto,
  AnswerDto,
  AnswerEntry,
  AttachmentDto,
  DiscardDto,
  BoardPageDto,
  BoardQueryDto,
  BoardRowDto,
  CaseEventDto,
  CountDto,
  DashboardDto,
  DuplicateSuggestionDto,
  FilingDto,
  HistoryEntryDto,
  RegistryEntryDto,
  RegistryKindDto,
  RegistryLinkDto,
  RightsDto,
  RiskDto,
  StageCountDto,
  StageDto,
  StatusCountDto,
  StatusDto,
  ProblemCodeDto,
  CaseSummaryDto,
  ChoiceView,
  CreatedVault,
  DateDto,
  ErrorCode,
  FormView,
  InterviewStateDto,
  CountedDto,
  ProposedDto,
  InterviewView,
  IpcError,
  ItemView,
  LabelsDto,
  Language,
  LockedEvent,
  LockReason,
  PassphraseStrength,
  ProblemDto,
  ProgressDto,
  QuestionView,
  RepeatEntry,
  RepeatView,
  Role,
  SectionView,
  Session,
  StrengthFeedback,
  UserSummary,
  ValueDto,
  VaultStatus,
  WipeReportDto,
  FormCheckDto,
  FormProblemDto,
  FormSourceDto,
  FormSummaryDto,
};

/** Stops listening to an event. */
export type Unlisten = () => void;

/**
 * Moving cases, backups and the audit log: see ./transfer.ts; legal review and export:
 * ./legal.ts; the team mailbox: ./mailbox.ts.
 */
export interface Backend extends TransferBackend, LegalBackend, AsylumBackend, MailboxBackend, ReportBackend {
  vaultStatus(): Promise<VaultStatus>;
  assessPassphrase(passphrase: string, user: string): Promise<PassphraseStrength>;
  /** First run only; the creating user becomes the administrator and is signed in. */
  createVault(user: string, passphrase: string): Promise<CreatedVault>;
  unlockVault(user: string, passphrase: string): Promise<Session>;
  lockVault(reason: LockReason): Promise<void>;
  /** Tells the backend's idle timer that the person is active. */
  touchSession(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  setIdleMinutes(minutes: number): Promise<void>;
  /** Minutes between the app's own mailbox syncs while unlocked (0: only when asked). */
  setSyncMinutes(minutes: number): Promise<void>;
  /** Whether Escape pressed twice locks (a preference of this device; off by default). */
  setEscapeTwiceLocks(enabled: boolean): Promise<void>;
  /** The panic wipe: locks, then destroys the vault, key slots first. Needs a session. */
  wipeVault(): Promise<WipeReportDto>;
  /** Admins: wipe after this many failed unlocks in a row (3–100), or null for off. */
  setUnlockLimit(limit: number | null): Promise<void>;
  /** Admins: whether the stop key (F2) wipes instead of locking. */
  setStopKeyWipes(enabled: boolean): Promise<void>;
  /** Subscribes to the backend's `vault-locked` event. */
  onVaultLocked(handler: (event: LockedEvent) => void): Promise<Unlisten>;

  // Cases and the interview. Answer paths are the form engine's (`narrative`,
  // `episodes[1].treatment[0].methods`; zero-based; section names are not part of them).

  /**
   * The cases this user may read, most recently changed first, at most 200 (the board finds
   * the others): codes and status, never names.
   */
  listCases(): Promise<CaseSummaryDto[]>;
  /** A form definition with its labels in every language. */
  formDefinition(formId: string, version: number): Promise<FormView>;
  /**
   * A new case: on a form *New interview* offers (`formsForNewInterview`), or with no form
   * given on the latest built-in intake. The case stays on that form id and version.
   */
  createCase(form?: { id: string; version: number } | null): Promise<CaseSummaryDto>;
  /** The forms *New interview* offers: the latest available version of each, built in first. */
  formsForNewInterview(): Promise<FormSummaryDto[]>;

  // Settings › Forms (admins: `importForms` in the rights table). Workbook paths are typed
  // by the person (the app has no file dialog), absolute or starting with `~/`.

  /** Every form version with its case count and whether it is offered. */
  listForms(): Promise<FormSummaryDto[]>;
  /** Checks an XLSForm workbook without storing it: the form to preview, or every problem. */
  checkFormFile(path: string): Promise<FormCheckDto>;
  /** Imports the workbook as a form version, offered at once; `invalid` if it has problems. */
  importFormFile(path: string): Promise<FormSummaryDto>;
  /** Offers an imported form version for new interviews, or withdraws it. */
  setFormAvailable(formId: string, version: number, available: boolean): Promise<void>;
  /** Everything the interview screen needs: answers, repeat counts, attachments, state. */
  openCase(caseId: string): Promise<InterviewView>;
  /**
   * Saves (or, with `null`, clears) one answer and returns the recomputed state: skip
   * logic, required paths, problems, progress. A structurally invalid answer (an impossible
   * date, an unknown choice) rejects with `invalid` and changes nothing.
   */
  saveAnswer(caseId: string, path: string, answer: AnswerDto | null): Promise<InterviewStateDto>;
  /** Adds an instance to a repeat (`episodes`, `episodes[0].treatment`). */
  addRepeat(caseId: string, container: string): Promise<InterviewView>;
  /** Removes one instance; later instances move down by one. */
  removeRepeat(caseId: string, container: string, index: number): Promise<InterviewView>;
  /** Encrypts a file into the vault; the bytes travel as the raw request body. */
  addAttachment(caseId: string, fileName: string, mediaType: string, bytes: Uint8Array): Promise<AttachmentDto>;
  /** The decrypted bytes, for display from memory only. */
  readAttachment(caseId: string, attachmentId: string): Promise<ArrayBuffer>;
  /**
   * Deletes an attachment from the vault (record and encrypted file; audit-logged). Refused
   * (`invalid`) while an answer still refers to it: detach it first. An import never does this.
   */
  removeAttachment(caseId: string, attachmentId: string): Promise<void>;
  /**
   * Whether this user may discard the case now (started by mistake: nothing beyond consent,
   * never moved, documented or exchanged), and if not the first reason.
   */
  discardCheck(caseId: string): Promise<DiscardDto>;
  /** This user's own private case labels (never exported or shown to anyone else). */
  caseLabels(): Promise<CaseLabelDto[]>;
  /** Sets this user's own label of a case; an empty label removes it. */
  setCaseLabel(caseId: string, label: string): Promise<void>;
  /** Discards a case started by mistake, with its attachments (the core checks again; audited). */
  discardCase(caseId: string): Promise<void>;
  /** Deletes a case and everything of it (admins); `typedCode` must be its code (audited). */
  deleteCase(caseId: string, typedCode: string): Promise<void>;

  // The case board, the registry and the dashboard. Roles are enforced by the backend:
  // coordinators get `forbidden` for anything that reads testimony (full-text, perpetrator
  // and place filters, answer history, the registry).

  /** One page of the board, filtered, most urgent first (overdue, risk, nearest follow-up). */
  boardPage(query: BoardQueryDto): Promise<BoardPageDto>;
  /**
   * The board as this user sees it for `query` (every matching case) with the dashboard's
   * counts, written to a new file at `path`: CSV or PDF, status fields only.
   */
  exportBoard(query: BoardQueryDto, format: BoardFormatDto, language: Language, path: string): Promise<BoardExportDto>;
  /**
   * The dashboard's counts (by status, by evacuation stage, overdue, detentions per month)
   * over the cases this user's board shows, to a new file: counts only.
   */
  exportDashboard(format: BoardFormatDto, language: Language, path: string): Promise<BoardExportDto>;
  /** Workflow events of a case (status, assignment, due date, stage), newest first. */
  caseEvents(caseId: string): Promise<CaseEventDto[]>;
  /** Which answers changed, when and by whom (never the values), newest first. */
  caseHistory(caseId: string): Promise<HistoryEntryDto[]>;
  /**
   * Moves a case through the workflow, to one of its board row's `allowedNext`; `filed`
   * needs the filing details. Answers the statuses the case may move to next, for this user.
   */
  changeStatus(caseId: string, status: StatusDto, filing: FilingDto | null): Promise<StatusDto[]>;
  /** Assigns (or, with null, unassigns) a caseworker and a lawyer. Coordinators and admins. */
  assignCase(caseId: string, caseworker: string | null, lawyer: string | null): Promise<void>;
  /** Sets (YYYY-MM-DD) or clears the due date. */
  setDueDate(caseId: string, date: string | null): Promise<void>;
  /** Changes the evacuation stage and, optionally, the next follow-up (YYYY-MM-DD). */
  setEvacuation(caseId: string, stage: StageDto, nextFollowUp: string | null): Promise<void>;
  /** Perpetrators, units and sites across the cases this user may read, most linked first. */
  registry(): Promise<RegistryEntryDto[]>;
  /** Registry entries that may be one and the same, for a person to decide. */
  registrySuggestions(): Promise<DuplicateSuggestionDto[]>;
  decideDuplicate(kind: RegistryKindDto, keyA: string, keyB: string, same: boolean): Promise<void>;
  dashboard(): Promise<DashboardDto>;
}

/**
 * Every code of the generated `ErrorCode` union, as an object keyed by it: adding a code on
 * the Rust side without adding it here fails `npm run check` (a list typed as `Set<ErrorCode>`
 * would silently miss it and turn the new code into `internal`).
 */
const ERROR_CODES: Readonly<Record<ErrorCode, true>> = {
  auth_failed: true,
  corrupt: true,
  newer_version: true,
  forbidden: true,
  invalid: true,
  weak_passphrase: true,
  locked: true,
  already_exists: true,
  not_found: true,
  internal: true,
  consent_missing: true,
  review_pending: true,
  too_large: true,
  wipe_incomplete: true,
  file_relative_path: true,
  file_folder_missing: true,
  file_not_found: true,
  file_is_folder: true,
  file_read_only: true,
  file_disk_full: true,
  file_exists: true,
  file_too_large: true,
};

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && Object.hasOwn(ERROR_CODES, v.code) && typeof v.message === "string";
}

/**
 * Normalises whatever a rejected command carried into an `IpcError`. Anything that is not
 * the agreed `{ code, message }` shape (a missing command, a permission refusal from the
 * Tauri capability system, a thrown exception) becomes `internal`, keeping its text only as
 * a technical detail.
 */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) return { code: reason.code, message: reason.message };
  let message: string;
  if (reason instanceof Error) message = reason.message;
  else if (typeof reason === "string") message = reason;
  else {
    try {
      message = JSON.stringify(reason) ?? String(reason);
    } catch {
      message = String(reason);
    }
  }
  return { code: "internal", message };
}
