import type * as Y from 'yjs';
import type { ResolutionDocument, ResolutionHeader } from '../schema/resolution-document';
import { resolutionToAkomaNtoso } from './akn';
import { compilationMarkdown, type CompilationOptions } from './compilation';
import {
  compilationAgreedLanguage,
  type AgreedLanguageFinder,
} from './compilation-agreed-language';
import { finalDocx } from './docx';
import { finalDraft } from './final-draft';
import { EXPORT_FORMAT_LABELS, VARIANT_FORMAT_IDS, type ExportVariant } from './format-labels';
import { markupDraft, type MarkupDraft } from './markup';
import { compilationDocx, markupDocx } from './markup-docx';
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

/** A format of the marked-up variants, written from the marked-up draft. */
export interface MarkupExportFormat extends ExportFormatInfo<'docx' | 'md'> {
  kind: 'markup';
  /** `options` are the compilation's; the tracked-changes DOCX has none. */
  render: (markup: MarkupDraft, options?: CompilationOptions) => Promise<Uint8Array>;
}

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const markdownCompilation: MarkupExportFormat = {
  kind: 'markup',
  id: 'md',
  label: `${EXPORT_FORMAT_LABELS.md}, CriticMarkup`,
  extension: 'md',
  mimeType: 'text/markdown; charset=utf-8',
  render: (markup, options) =>
    Promise.resolve(new TextEncoder().encode(compilationMarkdown(markup, options))),
};

/** The marked-up variants' formats (their ids are in `VARIANT_FORMAT_IDS`). */
const MARKUP_EXPORT_FORMATS: Readonly<Record<'markup' | 'compilation', MarkupExportFormat[]>> = {
  markup: [
    {
      kind: 'markup',
      id: 'docx',
      label: `${EXPORT_FORMAT_LABELS.docx} with tracked changes`,
      extension: 'docx',
      mimeType: DOCX_MIME,
      render: markupDocx,
    },
    markdownCompilation,
  ],
  compilation: [
    {
      kind: 'markup',
      id: 'docx',
      label: `${EXPORT_FORMAT_LABELS.docx} compilation`,
      extension: 'docx',
      mimeType: DOCX_MIME,
      render: compilationDocx,
    },
    markdownCompilation,
  ],
};

/** The format with this id in this variant, or undefined. */
export function findVariantFormat(
  variant: ExportVariant,
  id: string,
): ExportFormat | MarkupExportFormat | undefined {
  if (!VARIANT_FORMAT_IDS[variant].some((allowed) => allowed === id)) return undefined;
  return variant === 'final'
    ? findExportFormat(id)
    : MARKUP_EXPORT_FORMATS[variant].find((format) => format.id === id);
}

/** What `exportDraft` wrote. */
export interface DraftExport {
  bytes: Uint8Array;
  format: ExportFormat | MarkupExportFormat;
  header: ResolutionHeader;
  /** Pending amendments: left out of the final draft, shown in the marked-up variants. */
  pending: number;
}

/** What an export may add to the text. */
export interface DraftExportOptions {
  /**
   * The agreed-language finder (`getPrecedentIndex()`): given, the
   * compilation shows under each paragraph how much of it, and of each
   * proposal's new words, is agreed language, and where from.
   */
  agreedLanguage?: AgreedLanguageFinder;
}

/** A draft's Y.Doc exported in a format of `findVariantFormat` (the route and the CLI). */
export async function exportDraft(
  doc: Y.Doc,
  format: ExportFormat | MarkupExportFormat,
  options: DraftExportOptions = {},
): Promise<DraftExport> {
  const { document, pending } = finalDraft(doc);
  let bytes: Uint8Array;
  if (format.kind === 'markup') {
    const markup = markupDraft(doc);
    const finder = options.agreedLanguage;
    bytes = await format.render(
      markup,
      finder ? { agreedLanguage: compilationAgreedLanguage(markup, finder) } : {},
    );
  } else {
    bytes = await renderExport(format, document);
  }
  return { bytes, format, header: document.header, pending };
}
