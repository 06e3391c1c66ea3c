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

export type {
  AudienceDto,
  BlockKindDto,
  CandidateReasonDto,
  CheckDto,
  ExportFormatDto,
  ExportRequestDto,
  ExportResultDto,
  LegalReviewDto,
  PreviewBlockDto,
  PreviewPartDto,
  SegmentDto,
  SpanDecisionDto,
  SpanDto,
};

export interface LegalBackend {
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
}
