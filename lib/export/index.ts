import type { ResolutionDocument } from '../schema/resolution-document';
import { resolutionToAkomaNtoso } from './akn';
import { finalDocx } from './docx';
import { EXPORT_FORMAT_LABELS } from './format-labels';
import { resolutionToHtml } from './html';
import { resolutionToMarkdown } from './markdown';
import { finalPdf } from './pdf';
import { resolutionToText } from './text';

/** What the Export menu, the HTTP route and the CLI need to know of a format. */
interface ExportFormatInfo<Id extends string> {
  /** The value of `?format=` and `--format`. */
  id: Id;
  /** The name shown in the Export menu. */
  label: string;
  /** File name extension, without the dot. */
  extension: string;
  /** Content-Type of the file. */
  mimeType: string;
}

/** A format written as text, synchronously. */
export interface TextExportFormat extends ExportFormatInfo<'md' | 'txt' | 'akn' | 'html'> {
  kind: 'text';
  render: (document: ResolutionDocument) => string;
}

/** A format written as bytes, asynchronously (DOCX, PDF). */
export interface BinaryExportFormat extends ExportFormatInfo<'docx' | 'pdf'> {
  kind: 'binary';
  render: (document: ResolutionDocument) => Promise<Uint8Array>;
}

export type ExportFormat = TextExportFormat | BinaryExportFormat;
export type { ExportFormatId } from './format-labels';

/** The text formats of the final draft, in the order the Export menu lists them. */
export const TEXT_EXPORT_FORMATS: readonly TextExportFormat[] = [
  {
    kind: 'text',
    id: 'md',
    label: EXPORT_FORMAT_LABELS.md,
    extension: 'md',
    mimeType: 'text/markdown; charset=utf-8',
    render: resolutionToMarkdown,
  },
  {
    kind: 'text',
    id: 'txt',
    label: EXPORT_FORMAT_LABELS.txt,
    extension: 'txt',
    mimeType: 'text/plain; charset=utf-8',
    render: resolutionToText,
  },
  {
    kind: 'text',
    id: 'akn',
    label: EXPORT_FORMAT_LABELS.akn,
    extension: 'xml',
    mimeType: 'application/xml; charset=utf-8',
    render: resolutionToAkomaNtoso,
  },
  {
    kind: 'text',
    id: 'html',
    label: EXPORT_FORMAT_LABELS.html,
    extension: 'html',
    mimeType: 'text/html; charset=utf-8',
    render: resolutionToHtml,
  },
];

/** The binary formats: DOCX (lib/export/docx.ts) and PDF are to be registered here. */
export const BINARY_EXPORT_FORMATS: readonly BinaryExportFormat[] = [
  {
    kind: 'binary',
    id: 'docx',
    label: EXPORT_FORMAT_LABELS.docx,
    extension: 'docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: finalDocx,
  },
  {
    kind: 'binary',
    id: 'pdf',
    label: EXPORT_FORMAT_LABELS.pdf,
    extension: 'pdf',
    mimeType: 'application/pdf',
    render: finalPdf,
  },
];

/** Writes `document` in `format`, as bytes ready for a file or a response. */
export async function renderExport(
  format: ExportFormat,
  document: ResolutionDocument,
): Promise<Uint8Array> {
  return format.kind === 'text'
    ? new TextEncoder().encode(format.render(document))
    : format.render(document);
}

/** Every export format of the final draft. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  ...TEXT_EXPORT_FORMATS,
  ...BINARY_EXPORT_FORMATS,
];

/** The format with this id, or undefined (for `?format=` and `--format`). */
export function findExportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}
