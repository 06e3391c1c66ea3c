/**
 * The part of the `Backend` for the pattern report (Reports tab, lawyers and admins): a
 * preview of the published tables — already suppressed by the core, a hidden number is
 * `null` — and the export to a new file. No survivor, case code or narrative crosses here.
 */
import type { ActorLineDto } from "./bindings/ActorLineDto";
import type { PatternExportDto } from "./bindings/PatternExportDto";
import type { PatternFormatDto } from "./bindings/PatternFormatDto";
import type { PatternPreviewDto } from "./bindings/PatternPreviewDto";
import type { PatternRequestDto } from "./bindings/PatternRequestDto";
import type { PatternTableDto } from "./bindings/PatternTableDto";

export type { ActorLineDto, PatternExportDto, PatternFormatDto, PatternPreviewDto, PatternRequestDto, PatternTableDto };

export interface ReportBackend {
  /** The published tables for these filters and k; `invalid` for a bad month or k < 2. */
  patternPreview(request: PatternRequestDto): Promise<PatternPreviewDto>;
  /** Writes the report to `path` (a new file); `invalid` when it exists. */
  exportPatternReport(request: PatternRequestDto, format: PatternFormatDto, path: string): Promise<PatternExportDto>;
}
