import { escapeText, inlineMarkdown } from '../import/resolution-to-markdown';
import type { InlineRun, ResolutionHeader, TextRun } from '../schema/resolution-document';
import type {
  ComparisonSummary,
  DiffSegment,
  ParagraphComparison,
  RevisionComparison,
} from './compare';

/** How the header's fields are named in a comparison. */
const HEADER_FIELDS: Record<keyof ResolutionHeader, string> = {
  organ: 'Organ',
  symbol: 'Symbol',
  distribution: 'Distribution',
  date: 'Date',
  originalLanguage: 'Original language',
  session: 'Session',
  committee: 'Committee',
  agendaItem: 'Agenda item',
  agendaItemName: 'Agenda item name',
  sponsors: 'Sponsors',
  additionalSponsors: 'Additional sponsors',
  sponsorsNote: 'Note on the sponsors',
  title: 'Title',
  draftSymbol: 'Draft symbol',
  draftDate: 'Draft date',
  originatingDocument: 'Originating document',
  adoptionDate: 'Adoption date',
  adoptionMeeting: 'Adoption meeting',
};

export interface ComparisonMarkdownOptions {
  /** Every paragraph, unchanged and renumbered ones too; by default only those whose words or place changed. */
  all?: boolean;
}

/** "3 changed, 1 moved (1 also changed), 1 new, 1 deleted, 20 renumbered, 25 unchanged". */
export function summaryLine(summary: ComparisonSummary): string {
  const parts = [
    `${summary.changed} changed`,
    `${summary.moved} moved${summary.movedAndChanged > 0 ? ` (${summary.movedAndChanged} also changed)` : ''}`,
    `${summary.added} new`,
    `${summary.deleted} deleted`,
    `${summary.renumbered} renumbered`,
    `${summary.unchanged} unchanged`,
  ];
  const header = summary.header === 1 ? '1 header field' : `${summary.header} header fields`;
  return `Paragraphs: ${parts.join(', ')}. Header: ${header} changed.`;
}

/** "(was OP5)", "(moved from OP3)", "(new)", "(deleted)"; '' for an unchanged one. */
function note(paragraph: ParagraphComparison): string {
  switch (paragraph.change) {
    case 'added':
      return '(new)';
    case 'deleted':
      return '(deleted)';
    case 'moved':
      return `(moved from ${paragraph.older?.reference ?? '?'})`;
    default:
      return paragraph.older && paragraph.older.reference !== paragraph.newer?.reference
        ? `(was ${paragraph.older.reference})`
        : '';
  }
}

/**
 * A comparison of two revisions in Markdown, the changes in CriticMarkup as
 * the compilation's Markdown has them: `{++inserted++}`, `{--deleted--}`, the
 * text inside the markers exactly as in the revisions (read with every
 * insertion and no deletion it is the newer text, the other way the older).
 * Each paragraph starts with its reference in the newer revision (the older
 * for a deleted one) and a note: "(was OP5)", "(moved from OP3)", "(new)",
 * "(deleted)". Footnotes are numbered notes at the end.
 */
export function comparisonMarkdown(
  comparison: RevisionComparison,
  options: ComparisonMarkdownOptions = {},
): string {
  const notes: string[] = [];
  const footnote = (runs: TextRun[]) => {
    notes.push(inlineMarkdown(runs, () => ''));
    return `[^${notes.length}]`;
  };
  const text = (runs: readonly InlineRun[]) => inlineMarkdown(runs, footnote);
  const segment = ({ change, runs }: DiffSegment) =>
    change === 'equal'
      ? text(runs)
      : change === 'inserted'
        ? `{++${text(runs)}++}`
        : `{--${text(runs)}--}`;

  const blocks = [summaryLine(comparison.summary)];
  if (comparison.header.length > 0) {
    blocks.push(
      '## Header',
      comparison.header
        .map(
          (change) =>
            `- ${HEADER_FIELDS[change.field]}: {--${escapeText(change.older)}--}{++${escapeText(change.newer)}++}`,
        )
        .join('\n'),
    );
  }
  const shown = comparison.paragraphs.filter(
    (paragraph) =>
      options.all || (paragraph.change !== 'unchanged' && paragraph.change !== 'renumbered'),
  );
  blocks.push('## Text');
  if (shown.length === 0) blocks.push('No paragraph changed.');
  for (const paragraph of shown) {
    const place = paragraph.newer ?? paragraph.older;
    const parts = [`**${escapeText(place?.reference || place?.label || '')}**`];
    const said = note(paragraph);
    if (said) parts.push(said);
    const body = paragraph.segments.map(segment).join('');
    if (body) parts.push(body);
    blocks.push(parts.join(' '));
  }
  if (notes.length > 0) {
    blocks.push('---', notes.map((text, index) => `[^${index + 1}]: ${text}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
