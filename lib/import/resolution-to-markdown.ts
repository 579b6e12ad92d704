import { romanNumeral, subParagraphLabel } from '../schema/numbering';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionDocument,
  type ResolutionHeader,
  type TextRun,
} from '../schema/resolution-document';
import { closingLines, formatAdoptionLine, formatReportLine } from './report-line';
import { formatSponsorList } from './sponsor-list';
import { formatUnDate } from './un-date';

/** Characters that would otherwise read as Markdown syntax. */
export function escapeText(text: string): string {
  return text.replace(/[\\*[\]<]/g, (char) => `\\${char}`);
}

/** Italic and bold as `*` and `**`, opened and closed only where the formatting changes. */
export function inlineMarkdown(
  runs: readonly InlineRun[],
  footnote: (runs: TextRun[]) => string,
): string {
  let out = '';
  let italic = false;
  let bold = false;
  const toggle = (wantItalic: boolean, wantBold: boolean) => {
    if (italic !== wantItalic) out += '*';
    if (bold !== wantBold) out += '**';
    italic = wantItalic;
    bold = wantBold;
  };
  for (const run of runs) {
    if (isFootnoteRun(run)) {
      out += footnote(run.footnote);
      continue;
    }
    toggle(!!run.italic, !!run.bold);
    out += escapeText(run.text);
  }
  toggle(false, false);
  return out;
}

const ADOPTED_SYMBOL = /^A\/RES\/(\d+\/\d+(?: [A-Z](?:-[A-Z])?)?)$/;

/** A draft prints its sponsors line ("A, B and C: draft resolution"); an adopted text does not. */
function showsSponsorsLine(header: ResolutionHeader): boolean {
  return !ADOPTED_SYMBOL.test(header.symbol) && header.sponsors.length > 0;
}

/** The header lines, in the form of the converted A/RES files. */
export function headerLines(header: ResolutionHeader): string[] {
  const adopted = ADOPTED_SYMBOL.exec(header.symbol);
  const blocks: string[][] = [
    [header.symbol ? `United Nations — ${escapeText(header.symbol)}` : ''],
    [
      escapeText(header.organ),
      header.distribution ? `Distr.: ${escapeText(header.distribution)}` : '',
      formatUnDate(header.date),
      header.originalLanguage ? `Original: ${escapeText(header.originalLanguage)}` : '',
    ],
    [
      escapeText(header.session),
      !adopted ? escapeText(header.committee) : '',
      header.agendaItem ? `Agenda item ${escapeText(header.agendaItem)}` : '',
      header.agendaItem ? escapeText(header.agendaItemName) : '',
    ],
    [adopted ? escapeText(formatAdoptionLine(header)) : ''],
    // The brackets of the report line are its own, not text to escape.
    [
      adopted
        ? formatReportLine(header).replace(
            /^\[(.*)\]$/,
            (_, inner: string) => `[${escapeText(inner)}]`,
          )
        : '',
    ],
    [
      showsSponsorsLine(header)
        ? `${escapeText(formatSponsorList(header.sponsors))}:${header.sponsorsNote ? '\\*' : ''} draft resolution`
        : '',
    ],
    [header.title ? `**${adopted ? `${adopted[1]}. ` : ''}${escapeText(header.title)}**` : ''],
  ];
  return blocks.map((lines) => lines.filter(Boolean).join('\n')).filter(Boolean);
}

/** The enacting formula's line, "*The General Assembly*,". */
export function formulaLine(header: ResolutionHeader): string {
  return `*The ${escapeText(header.organ || 'General Assembly')}*,`;
}

/** Text inside an HTML comment: a `-->` in a name must not end it (read back by `commentMetadata`). */
export function escapeCommentText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The sponsors that the header lines do not show, in the comment form of the fixtures. */
function sponsorsComment(header: ResolutionHeader): string {
  const adopted = header.symbol.startsWith('A/RES/');
  const lines = [
    header.draftSymbol
      ? `  Draft: ${escapeCommentText(header.draftSymbol)}${header.draftDate ? ` (submitted ${header.draftDate})` : ''}`
      : '',
    adopted && header.sponsors.length > 0
      ? `  Sponsors (as listed on the draft): ${escapeCommentText(formatSponsorList(header.sponsors))}`
      : '',
    header.additionalSponsors.length > 0
      ? `  Additional sponsors: ${escapeCommentText(formatSponsorList(header.additionalSponsors))}`
      : '',
    header.sponsorsNote && !showsSponsorsLine(header)
      ? `  Note on the sponsors: ${escapeCommentText(header.sponsorsNote)}`
      : '',
  ].filter(Boolean);
  return lines.length > 0 ? `<!--\n${lines.join('\n')}\n-->` : '';
}

/**
 * Writes a resolution as Markdown in the form of the converted A/RES files:
 * header lines, "*The General Assembly*,", PPs, numbered OPs, sub-paragraphs
 * indented four spaces per level with labels computed from their position
 * ((a) … (z), (aa) …; (i), (ii) …; a., b. …; i., ii. …), section headings as
 * `#### I` and `#### Subheading` lines, footnotes as `[^n]` with their texts
 * after a rule at the end. `importResolutionMarkdown` reads it back to the
 * same document.
 */
export function resolutionToMarkdown(document: ResolutionDocument): string {
  const { header, body } = document;
  const notes: string[] = [];
  const footnote = (runs: TextRun[]) => {
    notes.push(inlineMarkdown(runs, () => ''));
    return `[^${notes.length}]`;
  };
  const blocks: string[] = [];
  const comment = sponsorsComment(header);
  if (comment) blocks.push(comment);
  blocks.push(...headerLines(header));
  blocks.push(formulaLine(header));
  for (const runs of body.preamble) {
    // A PP must not read as an OP ("1. …") or a heading ("# …").
    blocks.push(
      inlineMarkdown(runs, footnote)
        .replace(/^(\d+)\. /, '$1\\. ')
        .replace(/^#/, '\\#'),
    );
  }
  let paragraph = 0;
  let section = 0;
  const counters = [0, 0, 0, 0, 0];
  for (const block of body.operative) {
    const text = inlineMarkdown(block.content, footnote);
    if (block.kind === 'paragraph') {
      paragraph++;
      counters.fill(0);
      blocks.push(`${paragraph}. ${text}`);
    } else if (block.kind === 'subParagraph') {
      const index = counters[block.level] ?? 0;
      counters[block.level] = index + 1;
      for (let deeper = block.level + 1; deeper <= 4; deeper++) counters[deeper] = 0;
      blocks.push(`${'    '.repeat(block.level)}${subParagraphLabel(block.level, index)} ${text}`);
    } else {
      if (block.numbered) blocks.push(`#### ${romanNumeral(++section)}`);
      if (text) blocks.push(`#### ${text}`);
    }
  }
  const closing = ADOPTED_SYMBOL.test(header.symbol) ? closingLines(header) : [];
  if (closing.length > 0) blocks.push(closing.map(escapeText).join('\n'));
  blocks.push(...footnoteBlocks(header, notes));
  return `${blocks.join('\n\n')}\n`;
}

/**
 * The blocks after the text: a rule, then the note of a draft's sponsors line
 * marked as on the page ("\* On behalf of …") and the numbered footnotes.
 */
export function footnoteBlocks(header: ResolutionHeader, notes: readonly string[]): string[] {
  const sponsorsNote =
    header.sponsorsNote && showsSponsorsLine(header)
      ? `\\* ${escapeText(header.sponsorsNote)}`
      : '';
  if (notes.length === 0 && !sponsorsNote) return [];
  return [
    '---',
    [sponsorsNote, ...notes.map((note, i) => `[^${i + 1}]: ${note}`)].filter(Boolean).join('\n'),
  ];
}
