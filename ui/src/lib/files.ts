/**
 * The file types native dialogs offer (the dialog's "files of this kind" list), named in the
 * person's language. Extensions without the dot, as the dialog takes them.
 */
import type { Messages } from "../i18n";
import type { FileFilterDto } from "../ipc/transfer";

/** A document or table format's filter (`docx`, `pdf`, `md`, `csv`, `xlsx`). */
export function formatFilter(t: Messages, format: "docx" | "pdf" | "md" | "csv" | "xlsx"): FileFilterDto {
  return { name: t.files.filters[format], extensions: [format] };
}

/** A case bundle (`*.waystone`). */
export function bundleFilter(t: Messages): FileFilterDto {
  return { name: t.files.filters.bundle, extensions: ["waystone"] };
}

/** A vault backup (`*.wsbk`). */
export function backupFilter(t: Messages): FileFilterDto {
  return { name: t.files.filters.backup, extensions: ["wsbk"] };
}

/** An XLSForm workbook (the formats the form import reads). */
export function workbookFilter(t: Messages): FileFilterDto {
  return { name: t.files.filters.workbook, extensions: ["xlsx", "ods", "xls"] };
}
