import { closingLines, formatAdoptionLine, formatReportLine } from '../import/report-line';
import { formatSponsorList } from '../import/sponsor-list';
import { formatUnDate } from '../import/un-date';
import { romanNumeral, subParagraphLabel } from '../schema/numbering';
import {
  enactingFormula,
  isFootnoteRun,
  type InlineRun,
  type OperativeBlock,
  type ResolutionDocument,
  type ResolutionHeader,
  type TextRun,
} from '../schema/resolution-document';

/**
 * The printed label of each operative block, in order: "1." for a paragraph,
 * "(a)", "(i)", "a.", "i." for sub-paragraphs (counters restart under each
 * parent), "I", "II" for numbered sections, "" for unnumbered headings.
 * Operative numbering runs on across headings.
 */
export function operativeLabels(blocks: readonly OperativeBlock[]): string[] {
  let paragraph = 0;
  let section = 0;
  const counters = [0, 0, 0, 0, 0];
  return blocks.map((block) => {
    if (block.kind === 'paragraph') {
      paragraph++;
      counters.fill(0);
      return `${paragraph}.`;
    }
    if (block.kind === 'subParagraph') {
      const index = counters[block.level] ?? 0;
      counters[block.level] = index + 1;
      for (let deeper = block.level + 1; deeper <= 4; deeper++) counters[deeper] = 0;
      return subParagraphLabel(block.level, index);
    }
    return block.numbered ? romanNumeral(++section) : '';
  });
}

/** "A/RES/77/222" → "77/222" (with any part letters); null for a draft's symbol. */
export function adoptedNumber(symbol: string): string | null {
  return /^A\/RES\/(\d+\/\d+(?: [A-Z](?:-[A-Z])?)?)$/.exec(symbol)?.[1] ?? null;
}

function plainRuns(runs: readonly TextRun[]): string {
  return runs.map((run) => run.text).join('');
}

/** The header lines of a draft (L. document) or an adopted text, in blocks. */
function headerBlocks(header: ResolutionHeader): string[] {
  const adopted = adoptedNumber(header.symbol);
  const blocks: string[][] = [
    [header.symbol ? `United Nations    ${header.symbol}` : 'United Nations'],
    [
      header.organ,
      header.distribution ? `Distr.: ${header.distribution}` : '',
      formatUnDate(header.date),
      header.originalLanguage ? `Original: ${header.originalLanguage}` : '',
    ],
    [
      header.session,
      adopted === null ? header.committee : '',
      header.agendaItem ? `Agenda item ${header.agendaItem}` : '',
      header.agendaItem ? header.agendaItemName : '',
    ],
    [adopted !== null ? formatAdoptionLine(header) : ''],
    [adopted !== null ? formatReportLine(header) : ''],
    [
      adopted === null && header.sponsors.length > 0
        ? `${formatSponsorList(header.sponsors)}:${header.sponsorsNote ? '*' : ''} draft resolution`
        : '',
    ],
    [header.title ? `${adopted !== null ? `${adopted}. ` : ''}${header.title}` : ''],
  ];
  return blocks.map((lines) => lines.filter(Boolean).join('\n')).filter(Boolean);
}

/**
 * Writes the final draft as plain text: header lines, title, enacting
 * formula, PPs, OPs numbered "1.", sub-paragraphs indented four spaces per
 * level with their labels, section headings, footnote references as "[1]"
 * and the notes after a rule at the end. Paragraphs are not wrapped, so that
 * they paste cleanly into mail or a word processor.
 */
export function resolutionToText(document: ResolutionDocument): string {
  const { header, body } = document;
  const adopted = adoptedNumber(header.symbol);
  const notes: string[] = [];
  const inline = (runs: readonly InlineRun[]) =>
    runs
      .map((run) => {
        if (!isFootnoteRun(run)) return run.text;
        notes.push(plainRuns(run.footnote));
        return `[${notes.length}]`;
      })
      .join('');
  const blocks = headerBlocks(header);
  blocks.push(`${enactingFormula(header.organ)},`);
  for (const runs of body.preamble) blocks.push(inline(runs));
  const labels = operativeLabels(body.operative);
  body.operative.forEach((block, i) => {
    const label = labels[i] ?? '';
    const text = inline(block.content);
    if (block.kind === 'paragraph') blocks.push(`${label} ${text}`);
    else if (block.kind === 'subParagraph') {
      blocks.push(`${'    '.repeat(block.level)}${label} ${text}`);
    } else {
      const lines = [label, text].filter(Boolean);
      if (lines.length > 0) blocks.push(lines.join('\n'));
    }
  });
  if (adopted !== null && closingLines(header).length > 0) {
    blocks.push(closingLines(header).join('\n'));
  }
  const sponsorsNote =
    adopted === null && header.sponsors.length > 0 && header.sponsorsNote
      ? `* ${header.sponsorsNote}`
      : '';
  if (notes.length > 0 || sponsorsNote) {
    blocks.push(
      ['__________', sponsorsNote, ...notes.map((note, i) => `[${i + 1}] ${note}`)]
        .filter(Boolean)
        .join('\n'),
    );
  }
  return `${blocks.join('\n\n')}\n`;
}
