import type { SubParagraphLevel } from '../schema/resolution-document';
import { timesWidth } from './times-width';

/*
 * The layout of a UN document as printed, shared by the DOCX (docx.ts) and
 * the PDF (pdf-layout.ts), in twips (1/20 pt): A4, Times New Roman 10 pt on a
 * 12 pt line; the text block indented 1.27 cm on both sides of the page
 * margins ("SingleTxt"); paragraphs start with a 1.27 cm first-line indent,
 * where an OP's number sits, and their next lines go back to the text
 * block's edge (the run-over style).
 */

export const PAGE = { width: 11906, height: 16838 };
export const MARGIN = { top: 1134, bottom: 1134, left: 1247, right: 1247 };
/** How far the running head and foot are from the page's top and bottom edges. */
export const HEAD_FOOT_DISTANCE = 567;
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** The text block's indent (1.27 cm) and the first-line indent of a paragraph. */
export const INDENT = 720;
/** Room for a number or label before the text that follows it ("17.", "(iii)"). */
export const LABEL = 475;
/** How far a footnote's text starts after its number. */
export const FOOTNOTE_HANG = 340;
/** Sizes in half-points. */
export const SIZE = { text: 20, footnote: 17, title: 24, organ: 34, symbol: 40, runningHead: 17 };
/** Exact line heights. */
export const LINE = { text: 240, footnote: 200, title: 270 };
/** Space after a paragraph of the text block, the title; before and after a section heading. */
export const SPACING = { text: 120, title: 240, headingBefore: 240, headingAfter: 120 };

/** The least space between a label and its text: two word spaces at 10 pt. */
export const LABEL_GAP = 100;

/**
 * Where an OP's number (at 2 × INDENT) or a sub-paragraph's label (one LABEL
 * further in per level) starts, from the page margin; its text starts at the
 * tab stop `labelTextOffset(label)` further on.
 */
export function labelPosition(
  kind: 'operative' | 'subParagraph',
  level: SubParagraphLevel,
): number {
  return kind === 'operative' ? 2 * INDENT : 2 * INDENT + level * LABEL;
}

/**
 * How far a label's text starts from the label itself: LABEL, or for a label
 * too wide to leave LABEL_GAP before its text ("(mm)", "(viii)", "(xxviii)",
 * "5 bis."), the first half LABEL that does, so wide labels line up alike.
 */
export function labelTextOffset(label: string): number {
  const needed = timesWidth(label, SIZE.text) + LABEL_GAP;
  if (needed <= LABEL) return LABEL;
  return Math.round((Math.ceil((2 * needed) / LABEL) * LABEL) / 2);
}
