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
import { adoptedNumber, operativeLabels } from './text';

/** Escapes text for element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A4 and Times as UN documents are printed; the body indented 1.27 cm as in their SingleTxt style. */
const STYLE = `
@page { size: A4; margin: 2.5cm 2cm 2.5cm 2cm; }
* { box-sizing: border-box; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: 17cm; padding: 1cm 0.5cm;
  font-family: "Times New Roman", Times, "Liberation Serif", "Nimbus Roman", serif;
  font-size: 11pt; line-height: 1.3; font-kerning: normal; hyphens: manual; }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } a { color: inherit; } }
a { color: inherit; text-decoration: none; }
.masthead { border-bottom: 3px solid #000; margin-bottom: 0.4cm; }
.masthead .row { display: flex; justify-content: space-between; align-items: flex-end; }
.masthead .top { border-bottom: 1px solid #000; padding-bottom: 0.1cm; }
.masthead .un { font-size: 9pt; }
.masthead .symbol { font-size: 14pt; }
.masthead .organ-row { align-items: flex-start; padding: 0.2cm 0 0.3cm; }
.masthead .organ { font-size: 18pt; font-weight: bold; }
.masthead .distribution { font-size: 9pt; text-align: left; min-width: 4.5cm; }
.masthead .distribution p { margin: 0; }
.masthead .distribution .language { margin-top: 0.3cm; }
.agenda { margin: 0 0 0.5cm; }
.agenda p { margin: 0; }
.agenda .item-name { font-weight: bold; max-width: 11cm; }
.adopted { margin: 0 0 0.4cm; }
.proponent { margin: 0 0 0.4cm 1.27cm; }
main p.closing { text-align: left; margin-top: 0.6cm; }
.footnotes .sponsors-note { margin: 0 0 0.1cm 1.27cm; }
.sponsors { font-weight: bold; margin: 0 0 0.4cm 1.27cm; }
h1.title { font-size: 13pt; font-weight: bold; margin: 0 1.27cm 0.5cm; line-height: 1.25; }
main { margin: 0 1.27cm; text-align: justify; }
main p { margin: 0 0 0.3cm; }
.formula, .pp { text-indent: 1.27cm; }
.op, .sub { padding-left: var(--indent); text-indent: -1.27cm; }
.op { --indent: 1.27cm; }
.sub.level-1 { --indent: 2.54cm; }
.sub.level-2 { --indent: 3.81cm; }
.sub.level-3 { --indent: 5.08cm; }
.sub.level-4 { --indent: 6.35cm; }
.num { display: inline-block; width: 1.27cm; text-indent: 0; }
h2 { font-size: 11pt; font-weight: bold; margin: 0.4cm 0 0.3cm; text-align: left; }
h2.section { text-align: center; }
h1, h2, .sponsors, .formula { break-after: avoid; }
p, li { orphans: 2; widows: 2; }
sup.fnref { font-size: 0.7em; line-height: 0; }
.footnotes { margin-top: 0.8cm; font-size: 9pt; break-inside: auto; }
.footnotes hr { width: 4cm; margin: 0 0 0.2cm; border: 0; border-top: 1px solid #000; break-after: avoid; }
.footnotes ol { margin: 0; padding-left: 1.27cm; }
.footnotes li { margin-bottom: 0.1cm; }
.footnotes .back { margin-left: 0.2em; }
@media print { .footnotes .back { display: none; } }
`;

function textRunHtml(run: TextRun): string {
  let html = escapeHtml(run.text);
  if (run.italic) html = `<i>${html}</i>`;
  if (run.bold) html = `<b>${html}</b>`;
  return html;
}

function mastheadHtml(header: ResolutionHeader): string {
  const lines = [
    '<header class="masthead">',
    '<div class="row top">',
    '<span class="un">United Nations</span>',
    header.symbol ? `<span class="symbol">${escapeHtml(header.symbol)}</span>` : '',
    '</div>',
    '<div class="row organ-row">',
    `<span class="organ">${escapeHtml(header.organ)}</span>`,
    '<div class="distribution">',
    header.distribution ? `<p>Distr.: ${escapeHtml(header.distribution)}</p>` : '',
    header.date
      ? `<p><time datetime="${escapeHtml(header.date)}">${escapeHtml(formatUnDate(header.date))}</time></p>`
      : '',
    header.originalLanguage
      ? `<p class="language">Original: ${escapeHtml(header.originalLanguage)}</p>`
      : '',
    '</div>',
    '</div>',
    '</header>',
  ];
  return lines.filter(Boolean).join('\n');
}

function agendaHtml(header: ResolutionHeader): string {
  const adopted = adoptedNumber(header.symbol) !== null;
  const lines = [
    header.session ? `<p>${escapeHtml(header.session)}</p>` : '',
    !adopted && header.committee ? `<p>${escapeHtml(header.committee)}</p>` : '',
    header.agendaItem ? `<p>Agenda item ${escapeHtml(header.agendaItem)}</p>` : '',
    header.agendaItem && header.agendaItemName
      ? `<p class="item-name">${escapeHtml(header.agendaItemName)}</p>`
      : '',
  ].filter(Boolean);
  return lines.length > 0 ? `<div class="agenda">\n${lines.join('\n')}\n</div>` : '';
}

/**
 * Writes the final draft as one self-contained, print-friendly HTML page
 * (A4, Times) in the layout of the L. document: masthead with symbol,
 * organ, distribution and date; session, committee and agenda item; the
 * sponsors line or "[on the report of …]"; the title in bold;
 * "*The General Assembly*,"; PPs with a first-line indent; numbered OPs and
 * sub-paragraphs with hanging indents; footnotes as a numbered list at the
 * end with links to and from their references.
 */
export function resolutionToHtml(document: ResolutionDocument): string {
  const { header, body } = document;
  const adopted = adoptedNumber(header.symbol);
  const notes: string[] = [];
  const inline = (runs: readonly InlineRun[]) =>
    runs
      .map((run) => {
        if (!isFootnoteRun(run)) return textRunHtml(run);
        notes.push(run.footnote.map(textRunHtml).join(''));
        const n = notes.length;
        return `<sup class="fnref"><a id="fnref-${n}" href="#fn-${n}">${n}</a></sup>`;
      })
      .join('');
  const title = header.title
    ? `${adopted !== null ? `${escapeHtml(adopted)}. ` : ''}${escapeHtml(header.title)}`
    : '';
  const parts: string[] = [mastheadHtml(header), agendaHtml(header)];
  const adoptionLine = adopted !== null ? formatAdoptionLine(header) : '';
  if (adoptionLine) parts.push(`<p class="adopted">${escapeHtml(adoptionLine)}</p>`);
  const reportLine = adopted !== null ? formatReportLine(header) : '';
  if (reportLine) parts.push(`<p class="proponent">${escapeHtml(reportLine)}</p>`);
  const sponsorsNote = adopted === null && header.sponsors.length > 0 ? header.sponsorsNote : '';
  if (adopted === null && header.sponsors.length > 0) {
    const mark = sponsorsNote
      ? '<sup class="fnref"><a id="fnref-sponsors" href="#fn-sponsors">*</a></sup>'
      : '';
    parts.push(
      `<p class="sponsors">${escapeHtml(formatSponsorList(header.sponsors))}:${mark} draft resolution</p>`,
    );
  }
  if (title) parts.push(`<h1 class="title">${title}</h1>`);
  const main: string[] = [
    `<p class="formula"><i>${escapeHtml(enactingFormula(header.organ))}</i>,</p>`,
  ];
  for (const runs of body.preamble) main.push(`<p class="pp">${inline(runs)}</p>`);
  const labels = operativeLabels(body.operative);
  body.operative.forEach((block, i) => {
    const label = escapeHtml(labels[i] ?? '');
    const text = inline(block.content);
    if (block.kind === 'paragraph') {
      main.push(`<p class="op"><span class="num">${label}</span>${text}</p>`);
    } else if (block.kind === 'subParagraph') {
      main.push(`<p class="sub level-${block.level}"><span class="num">${label}</span>${text}</p>`);
    } else {
      if (label) main.push(`<h2 class="section">${label}</h2>`);
      if (text) main.push(`<h2 class="subheading">${text}</h2>`);
    }
  });
  const closing = adopted !== null ? closingLines(header) : [];
  if (closing.length > 0)
    main.push(`<p class="closing">${closing.map(escapeHtml).join('<br>')}</p>`);
  parts.push(`<main>\n${main.join('\n')}\n</main>`);
  if (notes.length > 0 || sponsorsNote) {
    parts.push(
      [
        '<footer class="footnotes">',
        '<hr>',
        sponsorsNote
          ? `<p id="fn-sponsors" class="sponsors-note">* ${escapeHtml(sponsorsNote)}<a class="back" href="#fnref-sponsors" aria-label="Back to the text">↩\uFE0E</a></p>`
          : '',
        notes.length > 0 ? '<ol>' : '',
        ...notes.map(
          (note, i) =>
            `<li id="fn-${i + 1}">${note}<a class="back" href="#fnref-${i + 1}" aria-label="Back to the text">↩\uFE0E</a></li>`,
        ),
        notes.length > 0 ? '</ol>' : '',
        '</footer>',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  const pageTitle = [header.symbol, header.title].filter(Boolean).join(' — ') || 'Resolution';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(pageTitle)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...parts.filter(Boolean),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
