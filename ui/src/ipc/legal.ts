/**
 * The part of the `Backend` for legal outputs: the redaction review of a case's ECHR
 * application or public summary, and the export with the lawyer's decisions. Kept in its
 * own file so the interface stays readable; `Backend` extends it. The review carries case
 * text (the originals of the spans): it lives in the review screen only and goes on lock.
 */
import type { AudienceDto } from "./bindings/AudienceDto";
import type { BlockKindDto } from "./bindings/BlockKindDto";
import type { CandidateReasonDto } from "./bindings/CandidateReasonDto";
import type { CheckDto } from "./bindings/CheckDto";
import type { ConsentMissingDto } from "./bindings/ConsentMissingDto";
import type { ExportConsentsDto } from "./bindings/ExportConsentsDto";
import type { ExportFormatDto } from "./bindings/ExportFormatDto";
import type { ExportRequestDto } from "./bindings/ExportRequestDto";
import type { ExportResultDto } from "./bindings/ExportResultDto";
import type { Language } from "./bindings/Language";
import type { LegalReviewDto } from "./bindings/LegalReviewDto";
import type { PreviewBlockDto } from "./bindings/PreviewBlockDto";
import type { PreviewPartDto } from "./bindings/PreviewPartDto";
import type { SegmentDto } from "./bindings/SegmentDto";
import type { SpanDecisionDto } from "./bindings/SpanDecisionDto";
import type { SpanDto } from "./bindings/SpanDto";
import type { ReviewDraftDto } from "./bindings/ReviewDraftDto";
import type { ReviewDraftSaveDto } from "./bindings/ReviewDraftSaveDto";
import type { DraftDroppedDto } from "./bindings/DraftDroppedDto";

export type {
  AudienceDto,
  BlockKindDto,
  CandidateReasonDto,
  CheckDto,
  ConsentMissingDto,
  ExportConsentsDto,
  ExportFormatDto,
  ExportRequestDto,
  ExportResultDto,
  LegalReviewDto,
  PreviewBlockDto,
  PreviewPartDto,
  SegmentDto,
  SpanDecisionDto,
  SpanDto,
  ReviewDraftDto,
  ReviewDraftSaveDto,
  DraftDroppedDto,
};

export interface LegalBackend {
  /**
   * Which legal documents each case's recorded consent allows (`null` where allowed, else the
   * consent it lacks); `forbidden` when the user may not prepare one of the cases' documents.
   */
  exportConsents(caseIds: string[]): Promise<ExportConsentsDto[]>;
  /**
   * The review of a case's legal output: the document with its case-provided values cut
   * into text and spans (replacements and candidates), and the checks. Refused with
   * `consent_missing` when the recorded consent does not allow this audience. `host` is the
   * host State (two letters) of the asylum letter, `null` for the other audiences.
   */
  legalReview(caseId: string, audience: AudienceDto, host: string | null, language: Language): Promise<LegalReviewDto>;
  /**
   * Exports with the lawyer's decisions to a new file. `review_pending` while a candidate
   * is undecided; `invalid` when the case changed since the review (review again) or the
   * file exists.
   */
  exportLegal(request: ExportRequestDto): Promise<ExportResultDto>;
  /**
   * Keeps the lawyer's decisions on the document under review as a draft in the vault; the
   * next `legalReview` of the same document gives them back while the case is unchanged.
   */
  saveReviewDraft(draft: ReviewDraftSaveDto): Promise<void>;
  /**
   * The forms a hidden phrase may also be written in (Russian cases, Latin spellings), the
   * phrase as typed first; empty for a phrase that cannot be hidden.
   */
  phraseForms(phrase: string): Promise<string[]>;
  /** Forgets the lawyer's kept decisions on one document (they start over). */
  clearReviewDraft(caseId: string, audience: AudienceDto, host: string | null, language: Language): Promise<void>;
}
