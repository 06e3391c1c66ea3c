/**
 * The real `Backend`: Tauri v2 commands and events. This file and nothing else in the UI
 * imports `@tauri-apps/api`. Argument names are camelCase on this side; Tauri maps them to
 * the Rust parameter names.
 */
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import {
  toIpcError,
  type AnswerDto,
  type AttachmentDto,
  type Backend,
  type BoardPageDto,
  type BoardQueryDto,
  type CaseEventDto,
  type CaseSummaryDto,
  type DashboardDto,
  type BoardExportDto,
  type BoardFormatDto,
  type DiscardDto,
  type CaseLabelDto,
  type DuplicateSuggestionDto,
  type FilingDto,
  type HistoryEntryDto,
  type RegistryEntryDto,
  type CreatedVault,
  type FormView,
  type InterviewStateDto,
  type InterviewView,
  type Language,
  type LockedEvent,
  type LockReason,
  type PassphraseStrength,
  type Session,
  type StatusDto,
  type Unlisten,
  type VaultStatus,
  type WipeReportDto,
  type FormCheckDto,
  type FormSummaryDto,
} from "./backend";
import type { AudienceDto, ExportConsentsDto, ExportRequestDto, ExportResultDto, LegalReviewDto, ReviewDraftSaveDto } from "./legal";
import type { PatternExportDto, PatternFormatDto, PatternPreviewDto, PatternRequestDto } from "./report";
import type { AsylumConsentDto, AsylumDetailsDto } from "./asylum";
import type {
  AuditChainDto,
  AuditPageDto,
  BackupInfoDto,
  BundleVerdictDto,
  ContactDto,
  FileDto,
  FileDialogDto,
  IncomingDto,
  KeyLineDto,
  MergeViewDto,
  ReceivedDto,
  WrittenDto,
} from "./transfer";
import type {
  MailboxDto,
  MailboxSetupDto,
  MailboxTestDto,
  OutboxItemDto,
  RefusedObjectDto,
  RoutingDto,
  SyncOutcomeDto,
} from "./mailbox";

import type { CommandName } from "./bindings/CommandName";

/** The event the backend emits whenever the vault locks, for any reason. */
export const VAULT_LOCKED_EVENT = "vault-locked";

/**
 * The commands come from the shell's one list (src-tauri/src/commands/list.rs, generated
 * into ./bindings/CommandName.ts): `call` takes only a listed name, and each command is one
 * `Backend` method named after it in camelCase. The type below fails `npm run check`, naming
 * the culprit, when a listed command has no method or a method no command.
 */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;
/** The `Backend` methods that are not a command (an event subscription). */
type NotACommand = "onVaultLocked";
type Nothing<T extends never> = T;
export type EveryCommandIsOneBackendMethod = [
  Nothing<Exclude<CamelCase<CommandName>, keyof Backend>>,
  Nothing<Exclude<keyof Backend, CamelCase<CommandName> | NotACommand>>,
];

async function call<T>(
  command: CommandName,
  args?: Record<string, unknown> | Uint8Array,
  options?: { headers: Record<string, string> },
): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export class TauriBackend implements Backend {
  vaultStatus(): Promise<VaultStatus> {
    return call("vault_status");
  }
  assessPassphrase(passphrase: string, user: string): Promise<PassphraseStrength> {
    return call("assess_passphrase", { passphrase, user });
  }
  createVault(user: string, passphrase: string): Promise<CreatedVault> {
    return call("create_vault", { user, passphrase });
  }
  unlockVault(user: string, passphrase: string): Promise<Session> {
    return call("unlock_vault", { user, passphrase });
  }
  lockVault(reason: LockReason): Promise<void> {
    return call("lock_vault", { reason });
  }
  touchSession(): Promise<void> {
    return call("touch_session");
  }
  setLanguage(language: Language): Promise<void> {
    return call("set_language", { language });
  }
  setIdleMinutes(minutes: number): Promise<void> {
    return call("set_idle_minutes", { minutes });
  }
  setSyncMinutes(minutes: number): Promise<void> {
    return call("set_sync_minutes", { minutes });
  }
  setEscapeTwiceLocks(enabled: boolean): Promise<void> {
    return call("set_escape_twice_locks", { enabled });
  }
  wipeVault(): Promise<WipeReportDto> {
    return call("wipe_vault");
  }
  setUnlockLimit(limit: number | null): Promise<void> {
    return call("set_unlock_limit", { limit });
  }
  setStopKeyWipes(enabled: boolean): Promise<void> {
    return call("set_stop_key_wipes", { enabled });
  }
  async onVaultLocked(handler: (event: LockedEvent) => void): Promise<Unlisten> {
    return listen<LockedEvent>(VAULT_LOCKED_EVENT, (event) => handler(event.payload));
  }
  listCases(): Promise<CaseSummaryDto[]> {
    return call("list_cases");
  }
  formDefinition(formId: string, version: number): Promise<FormView> {
    return call("form_definition", { formId, version });
  }
  createCase(form?: { id: string; version: number } | null): Promise<CaseSummaryDto> {
    return call("create_case", { formId: form?.id ?? null, version: form?.version ?? null });
  }
  formsForNewInterview(): Promise<FormSummaryDto[]> {
    return call("forms_for_new_interview");
  }
  listForms(): Promise<FormSummaryDto[]> {
    return call("list_forms");
  }
  checkFormFile(path: string): Promise<FormCheckDto> {
    return call("check_form_file", { path });
  }
  importFormFile(path: string): Promise<FormSummaryDto> {
    return call("import_form_file", { path });
  }
  setFormAvailable(formId: string, version: number, available: boolean): Promise<void> {
    return call("set_form_available", { formId, version, available });
  }
  openCase(caseId: string): Promise<InterviewView> {
    return call("open_case", { caseId });
  }
  saveAnswer(caseId: string, path: string, answer: AnswerDto | null): Promise<InterviewStateDto> {
    return call("save_answer", { caseId, path, answer });
  }
  addRepeat(caseId: string, container: string): Promise<InterviewView> {
    return call("add_repeat", { caseId, container });
  }
  removeRepeat(caseId: string, container: string, index: number): Promise<InterviewView> {
    return call("remove_repeat", { caseId, container, index });
  }
  /** Raw body: the bytes are not turned into a JSON array of numbers on the way. */
  addAttachment(caseId: string, fileName: string, mediaType: string, bytes: Uint8Array): Promise<AttachmentDto> {
    return call("add_attachment", bytes, {
      headers: {
        "x-case-id": caseId,
        "x-file-name": encodeURIComponent(fileName),
        "x-media-type": mediaType,
      },
    });
  }
  async readAttachment(caseId: string, attachmentId: string): Promise<ArrayBuffer> {
    const body = await call<ArrayBuffer | number[]>("read_attachment", { caseId, attachmentId });
    // The custom-protocol IPC hands over an ArrayBuffer; the postMessage fallback, an array.
    return Array.isArray(body) ? new Uint8Array(body).buffer : body;
  }
  removeAttachment(caseId: string, attachmentId: string): Promise<void> {
    return call("remove_attachment", { caseId, attachmentId });
  }
  caseLabels(): Promise<CaseLabelDto[]> {
    return call("case_labels");
  }
  setCaseLabel(caseId: string, label: string): Promise<void> {
    return call("set_case_label", { caseId, label });
  }
  discardCheck(caseId: string): Promise<DiscardDto> {
    return call("discard_check", { caseId });
  }
  discardCase(caseId: string): Promise<void> {
    return call("discard_case", { caseId });
  }
  deleteCase(caseId: string, typedCode: string): Promise<void> {
    return call("delete_case", { caseId, typedCode });
  }
  boardPage(query: BoardQueryDto): Promise<BoardPageDto> {
    return call("board_page", { query });
  }
  exportBoard(query: BoardQueryDto, format: BoardFormatDto, language: Language, path: string): Promise<BoardExportDto> {
    return call("export_board", { query, format, language, path });
  }
  exportDashboard(format: BoardFormatDto, language: Language, path: string): Promise<BoardExportDto> {
    return call("export_dashboard", { format, language, path });
  }
  caseEvents(caseId: string): Promise<CaseEventDto[]> {
    return call("case_events", { caseId });
  }
  caseHistory(caseId: string): Promise<HistoryEntryDto[]> {
    return call("case_history", { caseId });
  }
  changeStatus(caseId: string, status: StatusDto, filing: FilingDto | null): Promise<StatusDto[]> {
    return call("change_status", { caseId, status, filing });
  }
  assignCase(caseId: string, caseworker: string | null, lawyer: string | null): Promise<void> {
    return call("assign_case", { caseId, caseworker, lawyer });
  }
  setDueDate(caseId: string, date: string | null): Promise<void> {
    return call("set_due_date", { caseId, date });
  }
  setEvacuation(caseId: string, stage: string, nextFollowUp: string | null): Promise<void> {
    return call("set_evacuation", { caseId, stage, nextFollowUp });
  }
  registry(): Promise<RegistryEntryDto[]> {
    return call("registry");
  }
  registrySuggestions(): Promise<DuplicateSuggestionDto[]> {
    return call("registry_suggestions");
  }
  decideDuplicate(kind: string, keyA: string, keyB: string, same: boolean): Promise<void> {
    return call("decide_duplicate", { kind, keyA, keyB, same });
  }
  dashboard(): Promise<DashboardDto> {
    return call("dashboard");
  }
  // Legal review and export (./legal.ts).
  exportConsents(caseIds: string[]): Promise<ExportConsentsDto[]> {
    return call("export_consents", { caseIds });
  }
  legalReview(caseId: string, audience: AudienceDto, host: string | null, language: Language): Promise<LegalReviewDto> {
    return call("legal_review", { caseId, audience, host, language });
  }
  // Asylum details and consent (./asylum.ts).
  asylumDetails(caseId: string): Promise<AsylumDetailsDto | null> {
    return call("asylum_details", { caseId });
  }
  setAsylumDetails(caseId: string, details: AsylumDetailsDto): Promise<AsylumDetailsDto> {
    return call("set_asylum_details", { caseId, details });
  }
  recordAsylumConsent(caseId: string, consent: AsylumConsentDto): Promise<AsylumDetailsDto> {
    return call("record_asylum_consent", { caseId, consent });
  }
  exportLegal(request: ExportRequestDto): Promise<ExportResultDto> {
    return call("export_legal", { request });
  }
  saveReviewDraft(draft: ReviewDraftSaveDto): Promise<void> {
    return call("save_review_draft", { draft });
  }
  phraseForms(phrase: string): Promise<string[]> {
    return call("phrase_forms", { phrase });
  }
  clearReviewDraft(caseId: string, audience: AudienceDto, host: string | null, language: Language): Promise<void> {
    return call("clear_review_draft", { caseId, audience, host, language });
  }
  // The pattern report (./report.ts).
  patternPreview(request: PatternRequestDto): Promise<PatternPreviewDto> {
    return call("pattern_preview", { request });
  }
  exportPatternReport(request: PatternRequestDto, format: PatternFormatDto, path: string): Promise<PatternExportDto> {
    return call("export_pattern_report", { request, format, path });
  }
  // Moving cases, backups, the audit log (./transfer.ts).
  outputFolder(): Promise<string> {
    return call("output_folder");
  }
  outputFilePath(name: string): Promise<string> {
    return call("output_file_path", { name });
  }
  chooseFile(request: FileDialogDto): Promise<string | null> {
    return call("choose_file", { request });
  }
  myKey(): Promise<KeyLineDto> {
    return call("my_key");
  }
  listContacts(): Promise<ContactDto[]> {
    return call("list_contacts");
  }
  addContact(name: string, keyLine: string, replace: boolean): Promise<ContactDto> {
    return call("add_contact", { name, keyLine, replace });
  }
  inspectKeyLine(keyLine: string): Promise<KeyLineDto> {
    return call("inspect_key_line", { keyLine });
  }
  sendBundle(caseId: string, to: string[], statusCard: boolean, path: string): Promise<WrittenDto> {
    return call("send_bundle", { caseId, to, statusCard, path });
  }
  listBundleFiles(): Promise<FileDto[]> {
    return call("list_bundle_files");
  }
  verifyBundle(path: string): Promise<BundleVerdictDto> {
    return call("verify_bundle", { path });
  }
  importBundle(path: string, digest: string): Promise<ReceivedDto> {
    return call("import_bundle", { path, digest });
  }
  listIncoming(heldOnly: boolean): Promise<IncomingDto[]> {
    return call("list_incoming", { heldOnly });
  }
  acceptIncoming(id: number, trust: boolean): Promise<ReceivedDto> {
    return call("accept_incoming", { id, trust });
  }
  rejectIncoming(id: number): Promise<void> {
    return call("reject_incoming", { id });
  }
  mergeView(id: number): Promise<MergeViewDto> {
    return call("merge_view", { id });
  }
  mergeIncoming(id: number, base: string, take: string[]): Promise<ReceivedDto> {
    return call("merge_incoming", { id, base, take });
  }
  backupVault(path: string): Promise<WrittenDto> {
    return call("backup_vault", { path });
  }
  backupInfo(path: string): Promise<BackupInfoDto> {
    return call("backup_info", { path });
  }
  restoreBackup(path: string, user: string, passphrase: string): Promise<Session> {
    return call("restore_backup", { path, user, passphrase });
  }
  restoreBackupWithRecovery(path: string, recoveryKey: string, user: string, newPassphrase: string): Promise<Session> {
    return call("restore_backup_with_recovery", { path, recoveryKey, user, newPassphrase });
  }
  auditPage(offset: number, limit: number): Promise<AuditPageDto> {
    return call("audit_page", { offset, limit });
  }
  verifyAuditChain(): Promise<AuditChainDto> {
    return call("verify_audit_chain");
  }
  // The team mailbox (./mailbox.ts).
  routingRules(): Promise<RoutingDto> {
    return call("routing_rules");
  }
  setRouting(routing: RoutingDto): Promise<RoutingDto> {
    return call("set_routing", { routing });
  }
  listMailboxNames(): Promise<string[]> {
    return call("list_mailbox_names");
  }
  listMailboxes(): Promise<MailboxDto[]> {
    return call("list_mailboxes");
  }
  addMailbox(name: string, setup: MailboxSetupDto, teamKey: string | null): Promise<MailboxDto> {
    return call("add_mailbox", { name, setup, teamKey });
  }
  removeMailbox(name: string): Promise<number> {
    return call("remove_mailbox", { name });
  }
  testMailbox(name: string): Promise<MailboxTestDto> {
    return call("test_mailbox", { name });
  }
  queueSend(caseId: string, to: string[], statusCard: boolean, mailbox: string | null): Promise<OutboxItemDto[]> {
    return call("queue_send", { caseId, to, statusCard, mailbox });
  }
  listOutbox(): Promise<OutboxItemDto[]> {
    return call("list_outbox");
  }
  syncMailboxes(): Promise<SyncOutcomeDto> {
    return call("sync_mailboxes");
  }
  listRefusedObjects(): Promise<RefusedObjectDto[]> {
    return call("list_refused_objects");
  }
}
