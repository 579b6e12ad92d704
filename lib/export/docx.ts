import {
  AlignmentType,
  BorderStyle,
  BuilderElement,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type IParagraphRunOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { closingLines, formatAdoptionLine, formatReportLine } from '../import/report-line';
import { formatSponsorList } from '../import/sponsor-list';
import { formatUnDate } from '../import/un-date';
import { romanNumeral, subParagraphLabel } from '../schema/numbering';
import {
  enactingFormula,
  isFootnoteRun,
  MAX_SUBPARAGRAPH_LEVEL,
  type InlineRun,
  type ResolutionDocument,
  type ResolutionHeader,
  type SubParagraphLevel,
  type TextRun as ResolutionTextRun,
} from '../schema/resolution-document';

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

// The layout's measures are shared with the PDF (un-layout.ts).
export { INDENT, LABEL };
const FONT = 'Times New Roman';

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const THIN_RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const THICK_RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 24, color: '000000' };

/** Paragraph style ids. */
const STYLE = { text: 'SingleTxt', heading: 'H1', title: 'HTitle' } as const;

/** Word's own style for footnote texts (the docx package defines it; the document defaults restyle it). */
const FOOTNOTE_STYLE = 'FootnoteText';

/** Footnote ids and their contents, filled as the body is written. */
export type Footnotes = Record<string, { children: Paragraph[] }>;

/** The docx run options of a run of text: its text, italics and bold. */
export function runOptions(run: ResolutionTextRun): IRunOptions {
  return { text: run.text, italics: run.italic, bold: run.bold };
}

function textRun(run: ResolutionTextRun): TextRun {
  return new TextRun(runOptions(run));
}

/** Adds a footnote with `children` as its text, numbered in the order added; returns its id. */
export function addFootnote(footnotes: Footnotes, children: ParagraphChild[]): number {
  const id = Object.keys(footnotes).length + 1;
  footnotes[String(id)] = {
    children: [
      new Paragraph({
        style: FOOTNOTE_STYLE,
        children: [new TextRun({ children: [new Tab()] }), ...children],
      }),
    ],
  };
  return id;
}

/** A paragraph's runs, each footnote as a real Word footnote numbered in document order. */
function inlineRuns(runs: readonly InlineRun[], footnotes: Footnotes): ParagraphChild[] {
  return runs.map((run) =>
    isFootnoteRun(run)
      ? new FootnoteReferenceRun(addFootnote(footnotes, run.footnote.map(textRun)))
      : textRun(run),
  );
}

/** A paragraph of the text block ("SingleTxt"), its first line indented. */
export function textParagraph(
  children: ParagraphChild[],
  options: IParagraphOptions = {},
): Paragraph {
  return new Paragraph({ style: STYLE.text, indent: { firstLine: INDENT }, ...options, children });
}

/** How a paragraph of the body is laid out: its kind, level and printed label. */
export interface BlockLayout {
  kind: 'preambular' | 'operative' | 'subParagraph' | 'heading';
  /** Sub-paragraph level, 1…4 (1 for the other kinds). */
  level: SubParagraphLevel;
  /** For a section heading: whether it carries a roman numeral. */
  numbered: boolean;
  /** "5.", "5 bis.", "(a)", "II"; "" for PPs and unnumbered headings. */
  label: string;
}

/** How to write a paragraph's label run and its mark: as they are, or as tracked changes. */
export interface BlockRevision {
  /** Makes the run of the label and the tab after it (or runs: a label changed, as a revision). */
  labelRun: (options: IRunOptions) => ParagraphChild | ParagraphChild[];
  /** The paragraph mark's run properties (`insertion` / `deletion` for a proposed paragraph). */
  mark?: IParagraphRunOptions;
}

const PLAIN_BLOCK: BlockRevision = { labelRun: (options) => new TextRun(options) };

/**
 * A paragraph whose first line starts with its label at `at` twips, the text
 * at the tab stop after it, far enough on for the widest label.
 */
function labelledParagraph(
  label: ParagraphChild[],
  labelText: string,
  at: number,
  children: ParagraphChild[],
  options: IParagraphOptions,
): Paragraph {
  return textParagraph([...label, ...children], {
    ...options,
    indent: { firstLine: at - INDENT },
    tabStops: [{ type: TabStopType.LEFT, position: at + labelTextOffset(labelText) }],
  });
}

/**
 * One paragraph of the body laid out as the UN prints it: a PP, an OP with its
 * number in the first-line indent, a sub-paragraph with its label hanging by
 * level, or a section heading.
 */
export function blockParagraph(
  block: BlockLayout,
  children: ParagraphChild[],
  revision: BlockRevision = PLAIN_BLOCK,
): Paragraph {
  const options: IParagraphOptions = revision.mark ? { run: revision.mark } : {};
  const label = () => [revision.labelRun({ children: [block.label, new Tab()] })].flat();
  switch (block.kind) {
    case 'preambular':
      return textParagraph(children, options);
    case 'operative':
      return labelledParagraph(
        label(),
        block.label,
        labelPosition('operative', 1),
        children,
        options,
      );
    case 'subParagraph':
      return labelledParagraph(
        label(),
        block.label,
        labelPosition('subParagraph', block.level),
        children,
        options,
      );
    case 'heading':
      return new Paragraph({
        ...options,
        style: STYLE.heading,
        // A section's numeral hangs at the margin; a subheading lines up with the title.
        ...(block.numbered ? {} : { indent: { left: INDENT, right: INDENT, hanging: 0 } }),
        children: block.numbered ? [...label(), ...children] : children,
      });
  }
}

/** The large "A" of the symbol, and the rest of it: "A" + "/C.3/77/L.44". */
function symbolRuns(symbol: string): TextRun[] {
  const slash = symbol.indexOf('/');
  if (slash <= 0) return [new TextRun({ text: symbol, bold: true, size: SIZE.title })];
  return [
    new TextRun({ text: symbol.slice(0, slash), bold: true, size: SIZE.symbol }),
    new TextRun({ text: symbol.slice(slash), bold: true, size: SIZE.title }),
  ];
}

function cell(children: Paragraph[], width: number, bottom: IBorderOptions): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.BOTTOM,
    margins: { top: 0, bottom: 60, left: 0, right: 0 },
    borders: { top: NO_BORDER, left: NO_BORDER, right: NO_BORDER, bottom },
  });
}

/** "United Nations" and the symbol, over the organ and the distribution block, between rules. */
function mastheadTable(header: ResolutionHeader): Table {
  const left = Math.round(TEXT_WIDTH * 0.62);
  const right = TEXT_WIDTH - left;
  const plain = (text: string, options: IParagraphOptions = {}) =>
    new Paragraph({ ...options, children: [new TextRun(text)] });
  const distribution = [
    header.distribution ? `Distr.: ${header.distribution}` : '',
    formatUnDate(header.date),
    '',
    header.originalLanguage ? `Original: ${header.originalLanguage}` : '',
  ];
  while (distribution.at(-1) === '') distribution.pop();
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
    rows: [
      new TableRow({
        children: [
          cell([plain('United Nations')], left, THIN_RULE),
          cell(
            [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: symbolRuns(header.symbol),
              }),
            ],
            right,
            THIN_RULE,
          ),
        ],
      }),
      new TableRow({
        children: [
          cell(
            [
              new Paragraph({
                spacing: { before: 240, after: 120 },
                children: [
                  new TextRun({
                    text: header.organ || 'General Assembly',
                    bold: true,
                    size: SIZE.organ,
                  }),
                ],
              }),
            ],
            left,
            THICK_RULE,
          ),
          cell(
            distribution.map((line, index) =>
              plain(line, { spacing: { after: index === distribution.length - 1 ? 120 : 0 } }),
            ),
            right,
            THICK_RULE,
          ),
        ],
      }),
    ],
  });
}

/** The adopted resolution's number, "77/222", from its symbol; null for a draft. */
function adoptedNumber(symbol: string): string | null {
  return /^A\/RES\/(\d+\/\d+(?: [A-Z](?:-[A-Z])?)?)$/.exec(symbol)?.[1] ?? null;
}

/** The footnote entries that hold a sponsors-line note (see `headerFootnotes`). */
const SPONSORS_NOTES = new WeakSet<object>();

/**
 * A document's footnotes, begun with the note on its sponsors line (if any):
 * it comes first in print, and LibreOffice matches notes to their references
 * in the order of the notes, not by id. `unDocx` marks the sponsors line
 * with it only when the footnotes were begun here.
 */
export function headerFootnotes(header: ResolutionHeader): Footnotes {
  const footnotes: Footnotes = {};
  if (header.sponsorsNote && !adoptedNumber(header.symbol) && header.sponsors.length > 0) {
    const id = addFootnote(footnotes, [new TextRun(header.sponsorsNote)]);
    const entry = footnotes[String(id)];
    if (entry) SPONSORS_NOTES.add(entry);
  }
  return footnotes;
}

/**
 * A reference to footnote `id` marked with `mark` ("*") instead of a number,
 * as the note on a sponsors line is: Word's custom mark, which leaves the
 * numbering of the other footnotes alone.
 */
function customMarkReference(id: number, mark: string): ParagraphChild {
  const reference = new BuilderElement<{ customMarkFollows: boolean; id: number }>({
    name: 'w:footnoteReference',
    attributes: {
      customMarkFollows: { key: 'w:customMarkFollows', value: true },
      id: { key: 'w:id', value: id },
    },
  });
  return new TextRun({ style: 'FootnoteReference', children: [reference, mark] });
}

/** Session, committee, agenda item; the sponsors line (or the adoption and report lines) and the title. */
function headerParagraphs(header: ResolutionHeader, footnotes: Footnotes): Paragraph[] {
  const adopted = adoptedNumber(header.symbol);
  const lines: Paragraph[] = [];
  const line = (text: string, options: IParagraphOptions = {}, bold = false) => {
    if (text) lines.push(new Paragraph({ ...options, children: [new TextRun({ text, bold })] }));
  };
  const sessionBlock = [
    header.session,
    adopted ? '' : header.committee,
    header.agendaItem ? `Agenda item ${header.agendaItem}` : '',
  ].filter(Boolean);
  sessionBlock.forEach((text, index) => line(text, { spacing: { before: index === 0 ? 240 : 0 } }));
  if (header.agendaItem) {
    line(header.agendaItemName, { indent: { right: Math.round(TEXT_WIDTH * 0.4) } }, true);
  }
  const opening = {
    spacing: { before: 480, after: 240 },
    indent: { left: INDENT },
    keepNext: true,
  };
  if (adopted) {
    const adoptionLine = formatAdoptionLine(header);
    line(adoptionLine, { spacing: { before: 480 }, keepNext: true });
    line(
      formatReportLine(header),
      adoptionLine ? { ...opening, spacing: { before: 240, after: 240 } } : opening,
    );
  }
  if (!adopted && header.sponsors.length > 0) {
    const sponsorsNote = Object.entries(footnotes)
      .filter(([, entry]) => SPONSORS_NOTES.has(entry))
      .map(([id]) => Number(id))[0];
    lines.push(
      new Paragraph({
        ...opening,
        children: [
          new TextRun({ text: `${formatSponsorList(header.sponsors)}:`, bold: true }),
          ...(sponsorsNote ? [customMarkReference(sponsorsNote, '*')] : []),
          new TextRun({ text: ' draft resolution', bold: true }),
        ],
      }),
    );
  }
  if (header.title) {
    lines.push(
      new Paragraph({
        style: STYLE.title,
        ...(adopted ? { indent: { left: INDENT + 2 * LABEL, hanging: 2 * LABEL } } : {}),
        children: adopted
          ? [new TextRun({ children: [`${adopted}.`, new Tab()] }), new TextRun(header.title)]
          : [new TextRun(header.title)],
      }),
    );
  }
  return lines;
}

/** "The General Assembly,", the enacting formula that opens the body. */
function enactingFormulaParagraph(organ: string): Paragraph {
  return textParagraph(
    [new TextRun({ text: enactingFormula(organ), italics: true }), new TextRun(',')],
    { keepNext: true },
  );
}

/** The meeting and date an adopted resolution closes with, as a block right of centre. */
function closingParagraphs(header: ResolutionHeader): Paragraph[] {
  if (!adoptedNumber(header.symbol)) return [];
  const lines = closingLines(header);
  return lines.map(
    (text, index) =>
      new Paragraph({
        style: STYLE.text,
        alignment: AlignmentType.LEFT,
        indent: { left: TEXT_WIDTH / 2, firstLine: 0 },
        spacing: { before: index === 0 ? 240 : 0, after: 0 },
        keepNext: index < lines.length - 1,
        children: [new TextRun(text)],
      }),
  );
}

/** The short centred rule UN documents end with. */
function closingRule(): Paragraph {
  return new Paragraph({
    spacing: { before: 240 },
    indent: { left: TEXT_WIDTH / 2 - 1000, right: TEXT_WIDTH / 2 - 1000 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 } },
    children: [],
  });
}

/** The PPs, and the operative part with its numbers and labels. */
function bodyParagraphs(document: ResolutionDocument, footnotes: Footnotes): Paragraph[] {
  const { body } = document;
  const paragraphs: Paragraph[] = [];
  const preambular: BlockLayout = { kind: 'preambular', level: 1, numbered: false, label: '' };
  for (const runs of body.preamble) {
    paragraphs.push(blockParagraph(preambular, inlineRuns(runs, footnotes)));
  }
  let number = 0;
  let section = 0;
  const counters = new Array<number>(MAX_SUBPARAGRAPH_LEVEL + 1).fill(0);
  for (const block of body.operative) {
    const children = inlineRuns(block.content, footnotes);
    if (block.kind === 'paragraph') {
      number++;
      counters.fill(0);
      const layout: BlockLayout = {
        kind: 'operative',
        level: 1,
        numbered: false,
        label: `${number}.`,
      };
      paragraphs.push(blockParagraph(layout, children));
    } else if (block.kind === 'subParagraph') {
      const index = counters[block.level] ?? 0;
      counters[block.level] = index + 1;
      for (let deeper = block.level + 1; deeper <= MAX_SUBPARAGRAPH_LEVEL; deeper++) {
        counters[deeper] = 0;
      }
      const label = subParagraphLabel(block.level, index);
      paragraphs.push(
        blockParagraph(
          { kind: 'subParagraph', level: block.level, numbered: false, label },
          children,
        ),
      );
    } else {
      // Headings take no footnotes (the schema allows none).
      const label = block.numbered ? romanNumeral(++section) : '';
      paragraphs.push(
        blockParagraph({ kind: 'heading', level: 1, numbered: block.numbered, label }, children),
      );
    }
  }
  return paragraphs;
}

/** The running head (the symbol over a rule) and foot (page n/m) of the pages after the first. */
function runningHeadAndFoot(symbol: string, alignment: 'left' | 'right') {
  const align = alignment === 'left' ? AlignmentType.LEFT : AlignmentType.RIGHT;
  return {
    header: new Header({
      children: [
        new Paragraph({
          alignment: align,
          ...(symbol ? { border: { bottom: { ...THIN_RULE, space: 1 } } } : {}),
          children: [new TextRun({ text: symbol, bold: true, size: SIZE.runningHead })],
        }),
      ],
    }),
    footer: new Footer({
      children: [
        new Paragraph({
          alignment: align,
          children: [
            new TextRun({
              size: SIZE.runningHead,
              bold: true,
              children: [PageNumber.CURRENT, '/', PageNumber.TOTAL_PAGES],
            }),
          ],
        }),
      ],
    }),
  };
}

/** A Word document laid out as a UN document, as `unDocx` writes it. */
export interface UnDocxContent {
  header: ResolutionHeader;
  /** The paragraphs after the enacting formula, and the footnotes they refer to. */
  paragraphs: Paragraph[];
  footnotes: Footnotes;
  /** Whether Word keeps tracking changes made to it (on in a document that has revisions). */
  trackRevisions?: boolean;
}

/**
 * A Word document laid out like a UN L. document (or an adopted A/RES text):
 * masthead, session block, sponsors line, bold title, "The General
 * Assembly,", then `paragraphs`, a closing rule, and running heads and feet.
 */
export async function unDocx(content: UnDocxContent): Promise<Uint8Array> {
  const { header, footnotes } = content;
  const children = [
    mastheadTable(header),
    ...headerParagraphs(header, footnotes),
    enactingFormulaParagraph(header.organ),
    ...content.paragraphs,
    ...closingParagraphs(header),
    closingRule(),
  ];
  const odd = runningHeadAndFoot(header.symbol, 'right');
  const even = runningHeadAndFoot(header.symbol, 'left');
  const empty = () => new Paragraph({ children: [] });
  const file = new Document({
    creator: 'Concord',
    lastModifiedBy: 'Concord',
    title: header.title,
    subject: header.symbol,
    evenAndOddHeaderAndFooters: true,
    ...(content.trackRevisions ? { features: { trackRevisions: true } } : {}),
    footnotes,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: SIZE.text, language: { value: 'en-GB' } },
          paragraph: { spacing: { line: LINE.text, lineRule: LineRuleType.EXACT } },
        },
        footnoteText: {
          run: { font: FONT, size: SIZE.footnote },
          paragraph: {
            indent: { left: INDENT + FOOTNOTE_HANG, right: INDENT, hanging: FOOTNOTE_HANG },
            spacing: { line: LINE.footnote, lineRule: LineRuleType.EXACT, after: 0 },
          },
        },
      },
      paragraphStyles: [
        {
          id: STYLE.text,
          name: 'Single text',
          paragraph: {
            alignment: AlignmentType.JUSTIFIED,
            indent: { left: INDENT, right: INDENT },
            spacing: { after: SPACING.text, line: LINE.text, lineRule: LineRuleType.EXACT },
          },
        },
        {
          id: STYLE.title,
          name: 'Resolution title',
          run: { bold: true, size: SIZE.title },
          paragraph: {
            indent: { left: INDENT, right: INDENT },
            spacing: { after: SPACING.title, line: LINE.title, lineRule: LineRuleType.EXACT },
            keepNext: true,
          },
        },
        {
          id: STYLE.heading,
          name: 'Section heading',
          run: { bold: true },
          paragraph: {
            indent: { left: INDENT, right: INDENT, hanging: INDENT },
            spacing: {
              before: SPACING.headingBefore,
              after: SPACING.headingAfter,
              line: LINE.text,
              lineRule: LineRuleType.EXACT,
            },
            keepNext: true,
            keepLines: true,
          },
        },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: PAGE,
            margin: { ...MARGIN, header: HEAD_FOOT_DISTANCE, footer: HEAD_FOOT_DISTANCE },
          },
        },
        headers: {
          first: new Header({ children: [empty()] }),
          default: odd.header,
          even: even.header,
        },
        footers: {
          first: new Footer({ children: [empty()] }),
          default: odd.footer,
          even: even.footer,
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(file));
}

/**
 * The final draft as a Word document laid out like a UN L. document (or an
 * adopted A/RES text): masthead, session block, sponsors line, bold title,
 * "The General Assembly,", PPs and numbered OPs with their labels, and the
 * footnotes as Word footnotes.
 */
export async function finalDocx(document: ResolutionDocument): Promise<Uint8Array> {
  const footnotes = headerFootnotes(document.header);
  const paragraphs = bodyParagraphs(document, footnotes);
  return unDocx({ header: document.header, paragraphs, footnotes });
}
