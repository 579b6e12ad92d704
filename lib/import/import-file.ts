import type {
  ResolutionDocument,
  ResolutionHeader,
  SubParagraphLevel,
} from '../schema/resolution-document';
import { importAkomaNtoso } from './akoma-ntoso';
import { ImportError, type ImportedResolution } from './import-result';
import { countFootnotes } from './inline-runs';
import { importResolutionMarkdown } from './resolution-markdown';

/** The formats Concord imports. */
export type ResolutionFormat = 'markdown' | 'akomaNtoso';

/** Leading byte-order mark, whitespace and XML/HTML comments. */
const PROLOGUE = /^(?:\uFEFF|\s+|<!--[\s\S]*?-->)*/;

/** XML (a declaration or an `<akomaNtoso>` root, after any comments) or else Markdown. */
export function detectFormat(text: string): ResolutionFormat {
  const start = text.replace(PROLOGUE, '');
  return /^<(?:\?xml|akomaNtoso\b|[\w-]+:akomaNtoso\b)/.test(start) ? 'akomaNtoso' : 'markdown';
}

/**
 * Imports a resolution file, choosing the importer by its content: AKN4UN
 * XML or Markdown. The file name only prefixes error messages.
 * @throws ImportError saying which file, where in it and why.
 */
export function importResolutionFile(
  name: string,
  text: string,
): ImportedResolution & { format: ResolutionFormat } {
  const format = detectFormat(text);
  try {
    const imported =
      format === 'akomaNtoso' ? importAkomaNtoso(text) : importResolutionMarkdown(text);
    return { ...imported, format };
  } catch (error) {
    if (error instanceof ImportError && name) throw new ImportError(`${name}: ${error.message}`);
    throw error;
  }
}

/** What a resolution holds, for a quick check of an import. */
export interface ResolutionInspection {
  preambularParagraphs: number;
  operativeParagraphs: number;
  subParagraphs: Record<SubParagraphLevel, number>;
  headings: number;
  footnotes: number;
  /** The header fields that are not empty. */
  header: Partial<ResolutionHeader>;
}

/** Counts the parts of a resolution and lists its non-empty header fields. */
export function inspectResolution(document: ResolutionDocument): ResolutionInspection {
  const { preamble, operative } = document.body;
  const subParagraphs: Record<SubParagraphLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let footnotes = preamble.reduce((sum, runs) => sum + countFootnotes(runs), 0);
  for (const block of operative) {
    if (block.kind === 'subParagraph') subParagraphs[block.level]++;
    footnotes += countFootnotes(block.content);
  }
  const header: Partial<ResolutionHeader> = {};
  for (const [key, value] of Object.entries(document.header) as [
    keyof ResolutionHeader,
    ResolutionHeader[keyof ResolutionHeader],
  ][]) {
    if (value.length > 0) Object.assign(header, { [key]: value });
  }
  return {
    preambularParagraphs: preamble.length,
    operativeParagraphs: operative.filter((block) => block.kind === 'paragraph').length,
    subParagraphs,
    headings: operative.filter((block) => block.kind === 'heading').length,
    footnotes,
    header,
  };
}

/** Largest resolution file accepted from a browser upload. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * The resolution in a form's file field, or undefined when no file was
 * chosen.
 * @throws ImportError when the file is too large or cannot be read as a resolution.
 */
export async function importUploadedResolution(
  value: FormDataEntryValue | null,
): Promise<ResolutionDocument | undefined> {
  if (!(value instanceof File) || value.size === 0) return undefined;
  if (value.size > MAX_UPLOAD_BYTES) {
    throw new ImportError(
      `${value.name}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; choose the resolution's text (Markdown or AKN4UN XML).`,
    );
  }
  return importResolutionFile(value.name, await value.text()).document;
}
