// Generated from the core's tables by `cargo test -p waystone-desktop core_tables`
// (src-tauri/src/dto/rights.rs): the rights table (`access::reaches`) per role and the
// workflow's transitions (`Status::allowed_next`). Do not edit. The fake backend answers
// with these, as the real one answers from the core; no UI code outside src/test reads them.
import type { RightsDto } from "../ipc/bindings/RightsDto";
import type { Role } from "../ipc/bindings/Role";
import type { StatusDto } from "../ipc/bindings/StatusDto";

export const RIGHTS: Record<Role, RightsDto> = {
  "admin": {
    "assign": true,
    "asylumConsent": true,
    "asylumDetails": true,
    "backup": true,
    "changeWorkflow": true,
    "createCase": true,
    "deleteCase": true,
    "discardCase": true,
    "importForms": true,
    "listCase": true,
    "manageMailboxes": true,
    "manageUsers": true,
    "prepareLegal": true,
    "readAuditLog": true,
    "readTestimony": true,
    "receiveCase": true,
    "receiveStatusCard": true,
    "reportPatterns": true,
    "searchTestimony": true,
    "sendCase": true,
    "sendStatusCard": true,
    "wipeSettings": true,
    "writeTestimony": true
  },
  "caseworker": {
    "assign": false,
    "asylumConsent": true,
    "asylumDetails": false,
    "backup": false,
    "changeWorkflow": true,
    "createCase": true,
    "deleteCase": false,
    "discardCase": true,
    "importForms": false,
    "listCase": true,
    "manageMailboxes": false,
    "manageUsers": false,
    "prepareLegal": false,
    "readAuditLog": false,
    "readTestimony": true,
    "receiveCase": true,
    "receiveStatusCard": true,
    "reportPatterns": false,
    "searchTestimony": true,
    "sendCase": true,
    "sendStatusCard": true,
    "wipeSettings": false,
    "writeTestimony": true
  },
  "coordinator": {
    "assign": true,
    "asylumConsent": false,
    "asylumDetails": false,
    "backup": false,
    "changeWorkflow": true,
    "createCase": false,
    "deleteCase": false,
    "discardCase": false,
    "importForms": false,
    "listCase": true,
    "manageMailboxes": false,
    "manageUsers": false,
    "prepareLegal": false,
    "readAuditLog": false,
    "readTestimony": false,
    "receiveCase": false,
    "receiveStatusCard": true,
    "reportPatterns": false,
    "searchTestimony": false,
    "sendCase": false,
    "sendStatusCard": true,
    "wipeSettings": false,
    "writeTestimony": false
  },
  "lawyer": {
    "assign": false,
    "asylumConsent": true,
    "asylumDetails": true,
    "backup": false,
    "changeWorkflow": true,
    "createCase": true,
    "deleteCase": false,
    "discardCase": true,
    "importForms": false,
    "listCase": true,
    "manageMailboxes": false,
    "manageUsers": false,
    "prepareLegal": true,
    "readAuditLog": false,
    "readTestimony": true,
    "receiveCase": true,
    "receiveStatusCard": true,
    "reportPatterns": true,
    "searchTestimony": true,
    "sendCase": true,
    "sendStatusCard": true,
    "wipeSettings": false,
    "writeTestimony": false
  }
};

export const ALLOWED_NEXT: Record<StatusDto, readonly StatusDto[]> = {
  "closed": [
    "interview_in_progress"
  ],
  "communicated": [
    "decided",
    "closed"
  ],
  "decided": [
    "closed"
  ],
  "filed": [
    "communicated",
    "decided",
    "closed"
  ],
  "filing_prepared": [
    "filed",
    "legal_review",
    "closed"
  ],
  "intake_scheduled": [
    "interview_in_progress",
    "closed"
  ],
  "interview_complete": [
    "legal_review",
    "interview_in_progress",
    "closed"
  ],
  "interview_in_progress": [
    "interview_complete",
    "closed"
  ],
  "legal_review": [
    "filing_prepared",
    "interview_in_progress",
    "closed"
  ]
};
