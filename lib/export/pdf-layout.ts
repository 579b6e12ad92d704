import { closingLines, formatAdoptionLine, formatReportLine } from '../import/report-line';
import { formatSponsorList } from '../import/sponsor-list';
import { formatUnDate } from '../import/un-date';
import {
  enactingFormula,
  isFootnoteRun,
  type InlineRun,
  type ResolutionDocument,
  type ResolutionHeader,
  type TextRun,
} from '../schema/resolution-document';
import { paginate, type PaginateOptions } from './pdf-paginate';
import { adoptedNumber, operativeLabels } from './text';
import {
  FOOTNOTE_HANG,
  HEAD_FOOT_DISTANCE,
  INDENT,
  LABEL,
  labelPosition,
  labelTextOffset,
  LINE,
  MARGIN,
  PAGE,
  SIZE,
  SPACING,
  TEXT_WIDTH,
} from './un-layout';

/*
 * The page that Chromium prints as the PDF: the layout of the DOCX (docx.ts,
 * with the measures of un-layout.ts), laid out on A4 pages by `paginate`
 * (pdf-paginate.ts) before the print, with the footnotes at the foot of the
 * page of their reference and the running head and foot of pages 2 and after.
 */

/** Twips as CSS points. */
function pt(twips: number): string {
  return `${Math.round((twips / 20) * 1000) / 1000}pt`;
}

/** Twips as CSS px (96 to the inch), for the pagination script. */
function px(twips: number): number {
  return (twips / 1440) * 96;
}

/** Half-points as CSS points. */
function halfPt(size: number): string {
  return `${size / 2}pt`;
}

/** Escapes text for element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function textRunHtml(run: TextRun): string {
  let html = escapeHtml(run.text);
  if (run.italic) html = `<i>${html}</i>`;
  if (run.bold) html = `<b>${html}</b>`;
  return html;
}

const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** Word's default tab stops (the DOCX's settings: every 720 twips from the margin). */
const DEFAULT_TAB = 720;

/*
 * Space before and after paragraphs as margins, which collapse to the larger
 * of the two as LibreOffice lays out the DOCX (6 pt after a paragraph and
 * 12 pt before a heading make 12 pt).
 */
const STYLE = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body {
  font-family: "Times New Roman", "Liberation Serif", Times, "Nimbus Roman", serif;
  font-size: ${halfPt(SIZE.text)}; line-height: ${pt(LINE.text)};
  font-kerning: normal; hyphens: manual; -webkit-print-color-adjust: exact;
}
p { margin: 0; }
#flow, #notes { width: ${pt(TEXT_WIDTH)}; margin-left: ${pt(MARGIN.left)}; }
.page { position: relative; width: ${pt(PAGE.width)}; height: ${pt(PAGE.height)};
  overflow: hidden; break-after: page; }
.page:last-child { break-after: auto; }
.page > .body { position: absolute; top: ${pt(MARGIN.top)}; left: ${pt(MARGIN.left)};
  width: ${pt(TEXT_WIDTH)}; }
.page > .notes { position: absolute; bottom: ${pt(MARGIN.bottom)}; left: ${pt(MARGIN.left)};
  width: ${pt(TEXT_WIDTH)}; }
.running-head, .running-foot { position: absolute; left: ${pt(MARGIN.left)};
  width: ${pt(TEXT_WIDTH)}; font-weight: bold; font-size: ${halfPt(SIZE.runningHead)};
  line-height: ${pt(LINE.text)}; }
.running-head { top: ${pt(HEAD_FOOT_DISTANCE)}; }
.running-head.ruled { border-bottom: 0.5pt solid #000; padding-bottom: 1pt; }
.running-foot { bottom: ${pt(HEAD_FOOT_DISTANCE)}; }
.running-head.even, .running-foot.even { text-align: left; }
.running-head.odd, .running-foot.odd { text-align: right; }

.masthead { width: ${pt(TEXT_WIDTH)}; }
.masthead .row { display: flex; align-items: flex-end; }
.masthead .cell { padding-bottom: 3pt; }
.masthead .cell.left { width: ${pt(Math.round(TEXT_WIDTH * 0.62))}; }
.masthead .cell.right { flex: 1; }
.masthead .row.top { border-bottom: 0.5pt solid #000; }
.masthead .row.organ-row { border-bottom: 3pt solid #000; }
.masthead .symbol { text-align: right; font-weight: bold; font-size: ${halfPt(SIZE.title)}; }
.masthead .symbol .series { font-size: ${halfPt(SIZE.symbol)}; line-height: 0; }
.masthead .organ { font-weight: bold; font-size: ${halfPt(SIZE.organ)};
  padding: ${pt(240)} 0 ${pt(120)}; }
.masthead .distribution p:last-child { padding-bottom: ${pt(120)}; }

.session-first { margin-top: ${pt(240)}; }
.item-name { font-weight: bold; padding-right: ${pt(Math.round(TEXT_WIDTH * 0.4))}; }
.opening { margin: ${pt(480)} 0 ${pt(240)}; padding-left: ${pt(INDENT)}; }
.opening.sponsors { font-weight: bold; }
.opening.sponsors sup { font-weight: normal; }
.adoption { margin-top: ${pt(480)}; }
.opening.after-adoption { margin-top: ${pt(240)}; }
.closing { margin-top: ${pt(240)}; padding-left: ${pt(TEXT_WIDTH / 2)}; }
.title { font-weight: bold; font-size: ${halfPt(SIZE.title)}; line-height: ${pt(LINE.title)};
  padding: 0 ${pt(INDENT)}; margin-bottom: ${pt(SPACING.title)}; }
.title.adopted { padding-left: ${pt(INDENT + 2 * LABEL)}; text-indent: -${pt(2 * LABEL)}; }
.title.adopted .number { display: inline-block; width: ${pt(2 * LABEL)}; text-indent: 0; }

.text { padding: 0 ${pt(INDENT)}; margin-bottom: ${pt(SPACING.text)}; text-indent: ${pt(INDENT)};
  text-align: justify; }
.label { display: inline-block; text-indent: 0; white-space: nowrap; }
.heading { font-weight: bold; margin: ${pt(SPACING.headingBefore)} 0 ${pt(SPACING.headingAfter)};
  padding: 0 ${pt(INDENT)}; }
.heading.numbered { text-indent: -${pt(INDENT)}; }
.split { text-align-last: justify; margin-bottom: 0; }
.continued { text-indent: 0; margin-top: 0; }
.page-top { margin-top: 0; }
.closing-rule { margin-top: ${pt(240)}; }
.closing-rule div { height: ${pt(LINE.text + 20)}; margin: 0 ${pt(TEXT_WIDTH / 2 - 1000)};
  border-bottom: 0.5pt solid #000; }

sup { font-size: 65%; line-height: 0; vertical-align: baseline; position: relative; top: -0.4em; }
.notes .separator { height: ${pt(LINE.text)}; position: relative; }
.notes .separator::before { content: ""; position: absolute; left: 0; top: 50%;
  width: 25%; border-top: 0.5pt solid #000; }
.notes .separator.continuation::before { width: 100%; }
.note { font-size: ${halfPt(SIZE.footnote)}; line-height: ${pt(LINE.footnote)};
  padding: 0 ${pt(INDENT)} 0 ${pt(INDENT + FOOTNOTE_HANG)}; text-indent: -${pt(FOOTNOTE_HANG)}; }
.note .label { width: ${pt(FOOTNOTE_HANG)}; }
.note.continued { text-indent: 0; }
`;

/** A label whose text ends at the tab stop `stop` twips from the margin (`paginate` sets its width). */
function labelHtml(label: string, stop: number): string {
  return `<span class="label" data-stop="${px(stop)}">${escapeHtml(label)}</span>`;
}

/** "United Nations" and the symbol, over the organ and the distribution block, between rules. */
function mastheadHtml(header: ResolutionHeader): string {
  const slash = header.symbol.indexOf('/');
  const symbol =
    slash > 0
      ? `<span class="series">${escapeHtml(header.symbol.slice(0, slash))}</span>${escapeHtml(header.symbol.slice(slash))}`
      : escapeHtml(header.symbol);
  const distribution = [
    header.distribution ? `Distr.: ${header.distribution}` : '',
    formatUnDate(header.date),
    '',
    header.originalLanguage ? `Original: ${header.originalLanguage}` : '',
  ];
  while (distribution.at(-1) === '') distribution.pop();
  return [
    '<div class="masthead atomic">',
    '<div class="row top">',
    '<div class="cell left">United Nations</div>',
    `<div class="cell right symbol">${symbol}</div>`,
    '</div>',
    '<div class="row organ-row">',
    `<div class="cell left organ">${escapeHtml(header.organ || 'General Assembly')}</div>`,
    `<div class="cell right distribution">${distribution
      .map((line) => `<p>${line ? escapeHtml(line) : '&nbsp;'}</p>`)
      .join('')}</div>`,
    '</div>',
    '</div>',
  ].join('');
}

/** A footnote at the foot of the page of its reference: `mark` its number, or "*". */
function noteHtml(mark: string, html: string): string {
  return `<p class="note" data-fn="${escapeHtml(mark)}"><span class="label"><sup>${escapeHtml(mark)}</sup></span>${html}</p>`;
}

function referenceHtml(mark: string): string {
  return `<sup class="fnref" data-fn="${escapeHtml(mark)}">${escapeHtml(mark)}</sup>`;
}

/**
 * Session, committee, agenda item; the sponsors line (with its note, marked
 * "*", added to `notes`), or the adoption and report lines; the title.
 */
function headerHtml(header: ResolutionHeader, notes: string[]): string[] {
  const adopted = adoptedNumber(header.symbol);
  const parts: string[] = [];
  const sessionBlock = [
    header.session,
    adopted ? '' : header.committee,
    header.agendaItem ? `Agenda item ${header.agendaItem}` : '',
  ].filter(Boolean);
  sessionBlock.forEach((text, index) =>
    parts.push(`<p class="plain${index === 0 ? ' session-first' : ''}">${escapeHtml(text)}</p>`),
  );
  if (header.agendaItem && header.agendaItemName) {
    parts.push(`<p class="plain item-name">${escapeHtml(header.agendaItemName)}</p>`);
  }
  if (adopted) {
    const adoptionLine = formatAdoptionLine(header);
    const reportLine = formatReportLine(header);
    if (adoptionLine) {
      parts.push(`<p class="plain adoption keep-next keep-lines">${escapeHtml(adoptionLine)}</p>`);
    }
    if (reportLine) {
      parts.push(
        `<p class="opening${adoptionLine ? ' after-adoption' : ''} keep-next keep-lines">${escapeHtml(reportLine)}</p>`,
      );
    }
  }
  if (!adopted && header.sponsors.length > 0) {
    let mark = '';
    if (header.sponsorsNote) {
      notes.push(noteHtml('*', escapeHtml(header.sponsorsNote)));
      mark = referenceHtml('*');
    }
    parts.push(
      `<p class="opening sponsors keep-next keep-lines">${escapeHtml(formatSponsorList(header.sponsors))}:${mark} draft resolution</p>`,
    );
  }
  if (header.title) {
    parts.push(
      adopted
        ? `<p class="title adopted keep-next keep-lines"><span class="label number">${escapeHtml(adopted)}.</span>${escapeHtml(header.title)}</p>`
        : `<p class="title keep-next keep-lines">${escapeHtml(header.title)}</p>`,
    );
  }
  return parts;
}

/** The meeting and date an adopted resolution closes with, right of centre. */
function closingHtml(header: ResolutionHeader): string {
  if (!adoptedNumber(header.symbol)) return '';
  const lines = closingLines(header);
  if (lines.length === 0) return '';
  return `<div class="closing keep-lines">${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>`;
}

/**
 * The page that Chromium prints as the PDF of the final draft: the blocks of
 * the DOCX's layout in `#flow`, the footnotes in `#notes`, and the script that
 * lays them out on pages (`paginate`).
 */
export function resolutionToPrintHtml(document: ResolutionDocument): string {
  const { header, body } = document;
  const notes: string[] = [];
  // The sponsors line's note, if any, comes first, marked "*"; the others are numbered from 1.
  const blocks: string[] = [mastheadHtml(header), ...headerHtml(header, notes)];
  let numbered = 0;
  const inline = (runs: readonly InlineRun[]) =>
    runs
      .map((run) => {
        if (!isFootnoteRun(run)) return textRunHtml(run);
        const mark = String(++numbered);
        notes.push(noteHtml(mark, run.footnote.map(textRunHtml).join('')));
        return referenceHtml(mark);
      })
      .join('');
  blocks.push(
    `<p class="text formula keep-next"><i>${escapeHtml(enactingFormula(header.organ))}</i>,</p>`,
  );
  for (const runs of body.preamble) blocks.push(`<p class="text pp">${inline(runs)}</p>`);
  const labels = operativeLabels(body.operative);
  body.operative.forEach((block, i) => {
    const label = labels[i] ?? '';
    const text = inline(block.content);
    if (block.kind === 'heading') {
      // A section's numeral hangs at the margin, its text at the text block's edge.
      blocks.push(
        block.numbered
          ? `<p class="heading numbered keep-next keep-lines">${labelHtml(label, INDENT)}${text}</p>`
          : `<p class="heading keep-next keep-lines">${text}</p>`,
      );
      return;
    }
    const at =
      block.kind === 'paragraph'
        ? labelPosition('operative', 1)
        : labelPosition('subParagraph', block.level);
    const kind = block.kind === 'paragraph' ? 'op' : `sub level-${block.level}`;
    blocks.push(
      `<p class="text ${kind}" style="text-indent: ${pt(at - INDENT)}">${labelHtml(label, at + labelTextOffset(label))}${text}</p>`,
    );
  });
  const closing = closingHtml(header);
  if (closing) blocks.push(closing);
  blocks.push('<div class="closing-rule atomic"><div></div></div>');
  const options: PaginateOptions = {
    symbol: header.symbol,
    textHeight: px(TEXT_HEIGHT),
    defaultTab: px(DEFAULT_TAB),
    orphans: 2,
    widows: 2,
  };
  const pageTitle = [header.symbol, header.title].filter(Boolean).join(' — ') || 'Resolution';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(pageTitle)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div id="pages"></div>',
    `<div id="flow">\n${blocks.join('\n')}\n</div>`,
    `<div id="notes">\n${notes.join('\n')}\n</div>`,
    // Bundlers may wrap named functions in __name(); the page has no such helper.
    `<script>var __name = function (f) { return f; };\n(${paginate.toString()})(${JSON.stringify(options)});</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
