import { exportFileName } from '../export/file-name';
import { compareRevisions } from './compare';
import { comparisonDocx } from './comparison-docx';
import { comparisonMarkdown } from './comparison-markdown';
import type { Revision } from './revision';

export const COMPARISON_FORMATS = ['docx', 'md'] as const;
export type ComparisonFormat = (typeof COMPARISON_FORMATS)[number];

export function isComparisonFormat(value: unknown): value is ComparisonFormat {
  return typeof value === 'string' && (COMPARISON_FORMATS as readonly string[]).includes(value);
}

/** A comparison of two revisions as a file, as Secretariats circulate a revision marked against the last. */
export interface ComparisonFile {
  bytes: Uint8Array;
  mimeType: string;
  fileName: string;
}

/**
 * `newer` marked against `older`: a DOCX with Word revisions by the newer
 * revision's issuing delegation on its date (accept all: the newer text,
 * reject all: the older), or Markdown with CriticMarkup, title line first.
 */
export async function comparisonFile(
  older: Revision,
  newer: Revision,
  format: ComparisonFormat,
): Promise<ComparisonFile> {
  const base = newer.symbol || `${newer.content.header.title} ${newer.name}`;
  const fileName = exportFileName(base, `against-${older.name}`, format);
  if (format === 'docx') {
    const bytes = await comparisonDocx(older.content, newer.content, {
      author: newer.issuedBy.delegation || newer.name,
      date: new Date(newer.issuedAt).toISOString(),
    });
    return {
      bytes: new Uint8Array(bytes),
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName,
    };
  }
  const title = `# ${newer.name} compared with ${older.name}${newer.symbol ? ` (${newer.symbol})` : ''}\n\n`;
  const markdown = title + comparisonMarkdown(compareRevisions(older.content, newer.content));
  return {
    bytes: new TextEncoder().encode(markdown),
    mimeType: 'text/markdown; charset=utf-8',
    fileName,
  };
}
