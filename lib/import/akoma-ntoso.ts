import { subParagraphLabel } from '../schema/numbering';
import {
  isFootnoteRun,
  MAX_SUBPARAGRAPH_LEVEL,
  type InlineRun,
  type OperativeBlock,
  type SubParagraphLevel,
  type TextRun,
} from '../schema/resolution-document';
import { ImportError, type ImportedResolution } from './import-result';
import { normalizeRuns, plainText } from './inline-runs';
import { readAkomaNtosoHeader } from './akoma-ntoso-header';
import { letterIndex } from './sub-paragraph-label';
import {
  attribute,
  CDATA_SECTION_NODE,
  child,
  childElements,
  isElement,
  parseXml,
  TEXT_NODE,
  textOf,
  type Located,
} from './xml-tree';

interface Format {
  italic: boolean;
  bold: boolean;
}

/** Footnote markers met so far, in document order; inside a note, notes are read as text. */
interface NoteState {
  inNote: boolean;
  markers: string[];
}

/**
 * The runs of mixed content: text, `span class="italic|bold"`, links and
 * other inline elements as their text, `authorialNote` as a footnote.
 */
function inlineRuns(parent: Located, format: Format, notes: NoteState): InlineRun[] {
  const runs: InlineRun[] = [];
  const elements = new Map(childElements(parent).map((c) => [c.element, c]));
  for (const node of Array.from(parent.element.childNodes)) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      runs.push({
        text: node.nodeValue ?? '',
        ...(format.italic ? { italic: true } : {}),
        ...(format.bold ? { bold: true } : {}),
      });
      continue;
    }
    const located = isElement(node) ? elements.get(node) : undefined;
    if (!located) continue;
    const name = located.element.localName;
    if (name === 'authorialNote' && !notes.inNote) {
      runs.push({ footnote: footnoteRuns(located, notes) });
    } else if (name === 'eol' || name === 'br') {
      runs.push({ text: ' ' });
    } else if (name !== 'img' && name !== 'num') {
      const classes = attribute(located, 'class').split(/\s+/);
      runs.push(
        ...inlineRuns(
          located,
          {
            italic: format.italic || classes.includes('italic') || name === 'i' || name === 'em',
            bold: format.bold || classes.includes('bold') || name === 'b' || name === 'strong',
          },
          notes,
        ),
      );
    }
  }
  return runs;
}

function footnoteRuns(note: Located, notes: NoteState): TextRun[] {
  const marker = attribute(note, 'marker');
  notes.markers.push(marker);
  const runs = normalizeRuns(
    blockRuns(note, { inNote: true, markers: notes.markers }).filter(
      (run): run is TextRun => 'text' in run,
    ),
  );
  if (runs.length === 0) {
    throw new ImportError(`${note.path}: footnote ${marker || '(without marker)'} has no text.`);
  }
  return runs;
}

/** The runs of an element holding `p` paragraphs (joined by a space) or text directly. */
function blockRuns(parent: Located, notes: NoteState): InlineRun[] {
  const paragraphs = childElements(parent).filter((c) => c.element.localName === 'p');
  if (paragraphs.length === 0)
    return normalizeRuns(inlineRuns(parent, { italic: false, bold: false }, notes));
  return normalizeRuns(
    paragraphs.flatMap((p, i) => [
      ...(i > 0 ? [{ text: ' ' }] : []),
      ...inlineRuns(p, { italic: false, bold: false }, notes),
    ]),
  );
}

const ROMAN_NUM = /^[IVXLC]+\.?$/;

/** The text is set in bold from start to end (footnotes aside): a heading, not an operative paragraph. */
function isBoldOnly(runs: readonly InlineRun[]): boolean {
  const texts = runs.filter((run): run is TextRun => !isFootnoteRun(run) && run.text.trim() !== '');
  return texts.length > 0 && texts.every((run) => run.bold);
}

/** Heading text without its bold: a heading's style follows from its kind. */
function withoutBold(runs: readonly InlineRun[]): InlineRun[] {
  return normalizeRuns(
    runs.map((run): InlineRun =>
      isFootnoteRun(run) ? run : { text: run.text, ...(run.italic ? { italic: true } : {}) },
    ),
  );
}

/** The letters of a printed label "(h)" or "h.", or null. */
function labelLetters(num: string): string | null {
  const match = /^\(([a-z]+)\)$|^([a-z]+)\.$/.exec(num);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Reads an AKN4UN resolution (the UN's Akoma Ntoso profile, as in
 * UNxml/GAresolutions): header from the cover page, preface and workflow
 * steps; preamble containers as PPs; mainBody paragraphs as OPs, their
 * list points and sublists as sub-paragraphs; roman-numbered paragraphs, H23
 * subheadings and unnumbered paragraphs set wholly in bold as headings;
 * authorialNote as footnotes. A letter put in a sublist as if it were a roman
 * numeral ("(i)" after "(h)") is read as the letter, with a warning.
 * `preambleOptional` reads a text without preambular paragraphs (some adopted
 * declarations open with "Adopts the following declaration") instead of refusing it.
 * @throws ImportError naming the element path (or the XML line) and why.
 */
export function importAkomaNtoso(
  xml: string,
  options: { preambleOptional?: boolean } = {},
): ImportedResolution {
  const parsed = parseXml(xml);
  const root = parsed.documentElement;
  if (!root || root.localName !== 'akomaNtoso') {
    throw new ImportError(
      `The root element is <${root?.nodeName ?? 'none'}>, not <akomaNtoso>: this is not an Akoma Ntoso file.`,
    );
  }
  const rootLocated: Located = { element: root, path: 'akomaNtoso' };
  const documentElement = childElements(rootLocated).find(
    (c) => child(c, 'preamble') || child(c, 'mainBody'),
  );
  if (!documentElement) {
    throw new ImportError(
      'akomaNtoso: no document with a preamble or a mainBody was found (expected akomaNtoso/statement).',
    );
  }
  const warnings: string[] = [];
  const header = readAkomaNtosoHeader(documentElement, warnings);
  const notes: NoteState = { inNote: false, markers: [] };

  const preambleElement = child(documentElement, 'preamble');
  const preamble: InlineRun[][] = [];
  const readPreamble = (parent: Located) => {
    for (const c of childElements(parent)) {
      const name = c.element.localName;
      if (name === 'formula') continue;
      if (name === 'recitals' || name === 'citations') readPreamble(c);
      else if (name === 'container' || name === 'recital' || name === 'citation' || name === 'p') {
        const runs = blockRuns(c, notes);
        if (runs.length > 0) preamble.push(runs);
        else warnings.push(`${c.path}: an empty preambular paragraph was left out.`);
      } else {
        warnings.push(`${c.path}: <${name}> in the preamble was not recognised and was left out.`);
      }
    }
  };
  if (preambleElement) readPreamble(preambleElement);
  if (preamble.length === 0 && !options.preambleOptional) {
    throw new ImportError(
      `${preambleElement?.path ?? `${documentElement.path}/preamble`}: no preambular paragraph found (no <container> with text).`,
    );
  }

  const mainBody = child(documentElement, 'mainBody');
  const operative: OperativeBlock[] = [];
  let paragraphCount = 0;
  let positions = [-1, -1, -1, -1, -1];

  const pushHeading = (numbered: boolean, content: InlineRun[]) => {
    const previous = operative.at(-1);
    if (
      !numbered &&
      previous?.kind === 'heading' &&
      previous.numbered &&
      previous.content.length === 0
    ) {
      previous.content = content;
    } else {
      operative.push({ kind: 'heading', numbered, content });
    }
  };
  /** A roman `num` starts a numbered section; a heading alone is an unnumbered one. */
  const pushSectionHeading = (num: string, heading: Located | undefined): boolean => {
    if (ROMAN_NUM.test(num)) {
      operative.push({
        kind: 'heading',
        numbered: true,
        content: heading ? blockRuns(heading, notes) : [],
      });
      return true;
    }
    if (!heading) return false;
    pushHeading(false, blockRuns(heading, notes));
    return true;
  };

  const pushPoint = (point: Located, level: number) => {
    const depth = Math.min(level, MAX_SUBPARAGRAPH_LEVEL) as SubParagraphLevel;
    if (level > MAX_SUBPARAGRAPH_LEVEL) {
      warnings.push(`${point.path}: a sub-paragraph deeper than level 4 was read at level 4.`);
    }
    const content = child(point, 'content');
    const nested = child(point, 'list') ?? child(point, 'sublist');
    const intro = child(nested, 'intro');
    const runs = content ? blockRuns(content, notes) : intro ? blockRuns(intro, notes) : [];
    const position = (positions[depth] ?? -1) + 1;
    positions[depth] = position;
    for (let deeper = depth + 1; deeper <= 4; deeper++) positions[deeper] = -1;
    const num = textOf(child(point, 'num'));
    const expected = subParagraphLabel(depth, position);
    if (num && num !== expected) {
      warnings.push(
        `${point.path}: sub-paragraph “${num}” of paragraph ${paragraphCount} stands where ` +
          `“${expected}” belongs; it is labelled by its position.`,
      );
    }
    operative.push({ kind: 'subParagraph', level: depth, content: runs });
    if (nested) readList(nested, level + 1);
  };

  /** A sublist that only continues its parent's letters, "(h)" then "(i)" then "(j)". */
  const continuesLetters = (
    sublist: Located,
    parentNum: string,
    nextNum: string,
    parentText: string,
  ): boolean => {
    const parent = labelLetters(parentNum);
    const parentIndex = parent === null ? null : letterIndex(parent);
    if (parentIndex === null) return false;
    const items = childElements(sublist).filter((c) => c.element.localName === 'point');
    const indices = items.map((item) => {
      const letters = labelLetters(textOf(child(item, 'num')));
      return letters === null ? null : letterIndex(letters);
    });
    if (items.length === 0 || indices.some((index, k) => index !== parentIndex + 1 + k))
      return false;
    const next = labelLetters(nextNum);
    if (next !== null) return letterIndex(next) === parentIndex + 1 + items.length;
    return !parentText.trimEnd().endsWith(':');
  };

  const readList = (list: Located, level: number) => {
    const items = childElements(list);
    let previousPoint: Located | undefined;
    items.forEach((item, i) => {
      const name = item.element.localName;
      if (name === 'intro' || name === 'num') return;
      if (name === 'point') {
        pushPoint(item, level);
        previousPoint = item;
      } else if (name === 'sublist' || name === 'list') {
        const nextPoint = items.slice(i + 1).find((c) => c.element.localName === 'point');
        const parentNum = textOf(child(previousPoint, 'num'));
        const parentBlock = operative.at(-1);
        const parentText = parentBlock ? plainText(parentBlock.content) : '';
        const letterLevel = level % 2 === 1;
        if (
          previousPoint &&
          letterLevel &&
          continuesLetters(item, parentNum, textOf(child(nextPoint, 'num')), parentText)
        ) {
          const labels = childElements(item)
            .filter((c) => c.element.localName === 'point')
            .map((c) => textOf(child(c, 'num')));
          warnings.push(
            `${item.path}: ${labels.join(', ')} ${labels.length > 1 ? 'were' : 'was'} marked up as ` +
              `a sub-item of “${parentNum}” but ${labels.length > 1 ? 'continue' : 'continues'} its ` +
              `letters; read as sub-paragraph ${labels.join(', ')} of paragraph ${paragraphCount}.`,
          );
          readList(item, level);
        } else {
          readList(item, level + 1);
        }
      } else if (name === 'wrapUp') {
        warnings.push(
          `${item.path}: the text after the sub-paragraphs of paragraph ${paragraphCount} ` +
            `(“${textOf(item).slice(0, 60)}”) has no place in the document and was left out.`,
        );
      } else {
        warnings.push(`${item.path}: <${name}> in a list was not recognised and was left out.`);
      }
    });
  };

  const readParagraph = (paragraph: Located) => {
    const num = textOf(child(paragraph, 'num'));
    const heading = child(paragraph, 'subheading') ?? child(paragraph, 'heading');
    const content = child(paragraph, 'content');
    const list = child(paragraph, 'list');
    if (!content && !list) {
      if (pushSectionHeading(num, heading)) {
        // a roman-numbered section or a subheading
      } else if (childElements(paragraph).some((c) => c.element.localName === 'paragraph')) {
        readBody(paragraph);
      } else {
        warnings.push(`${paragraph.path}: an empty paragraph was left out.`);
      }
      return;
    }
    const contentRuns = content ? blockRuns(content, notes) : [];
    if (content && !list && ROMAN_NUM.test(num)) {
      // "I." with the section title as content (as in A/RES/79/1)
      operative.push({ kind: 'heading', numbered: true, content: withoutBold(contentRuns) });
      return;
    }
    if (content && !list && !num && isBoldOnly(contentRuns)) {
      // a bold line without a number: "III", then "Meeting of States Parties" (as in A/RES/79/144)
      if (ROMAN_NUM.test(plainText(contentRuns).trim())) {
        operative.push({ kind: 'heading', numbered: true, content: [] });
      } else {
        pushHeading(false, withoutBold(contentRuns));
      }
      return;
    }
    paragraphCount++;
    if (num && num !== `${paragraphCount}.`) {
      warnings.push(
        `${paragraph.path}: paragraph “${num}” comes where “${paragraphCount}.” was expected; ` +
          'operative paragraphs are numbered by their order.',
      );
    }
    positions = [-1, -1, -1, -1, -1];
    const intro = child(list, 'intro');
    const runs = normalizeRuns([
      ...contentRuns,
      ...(content && intro ? [{ text: ' ' }] : []),
      ...(intro ? blockRuns(intro, notes) : []),
    ]);
    operative.push({ kind: 'paragraph', content: runs });
    if (list) readList(list, 1);
  };

  const readBody = (parent: Located) => {
    for (const c of childElements(parent)) {
      const name = c.element.localName;
      if (parent !== mainBody && (name === 'num' || name === 'heading' || name === 'subheading')) {
        continue;
      }
      if (name === 'paragraph') readParagraph(c);
      else if (name === 'crossHeading' || name === 'subheading' || name === 'heading') {
        pushHeading(false, blockRuns(c, notes));
      } else if (['hcontainer', 'division', 'section', 'part', 'chapter'].includes(name ?? '')) {
        const num = textOf(child(c, 'num'));
        const heading = child(c, 'heading') ?? child(c, 'subheading');
        pushSectionHeading(num, heading);
        readBody(c);
      } else {
        warnings.push(
          `${c.path}: <${name}> in the operative part was not recognised and was left out.`,
        );
      }
    }
  };
  if (mainBody) readBody(mainBody);
  if (paragraphCount === 0) {
    throw new ImportError(
      `${mainBody?.path ?? `${documentElement.path}/mainBody`}: no operative paragraph found (no <paragraph> with content or list).`,
    );
  }
  if (notes.markers.some((marker, i) => marker !== String(i + 1))) {
    warnings.push(
      `Footnote markers read ${notes.markers.join(', ')} in document order; footnotes are ` +
        'numbered by their order in the text.',
    );
  }
  if (child(documentElement, 'attachments')) {
    warnings.push(
      `${documentElement.path}/attachments: annexes are not imported yet and were left out.`,
    );
  }
  return { document: { header, body: { preamble, operative } }, warnings };
}
