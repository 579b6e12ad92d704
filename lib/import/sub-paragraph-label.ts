import { romanNumeral } from '../schema/numbering';
import type { SubParagraphLevel } from '../schema/resolution-document';

/** A sub-paragraph label as printed: "(a)", "(ii)", "b.", "iv.". */
export interface SubParagraphLabel {
  /** "(a)"-style labels are levels 1 and 2, "a."-style labels levels 3 and 4. */
  style: 'paren' | 'dot';
  /** The letters inside, lower case: "a", "ii", "bb". */
  letters: string;
}

/** 0-based position of a letter label in a … z, aa, bb … zz, aaa …; null if not one. */
export function letterIndex(letters: string): number | null {
  if (!/^([a-z])\1*$/.test(letters)) return null;
  return (letters.length - 1) * 26 + (letters.charCodeAt(0) - 97);
}

/** Value of a lower-case roman numeral in canonical form ("iv" → 4); null if not one. */
export function romanValue(letters: string): number | null {
  if (!/^[ivxlcdm]+$/.test(letters)) return null;
  const digits: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  let total = 0;
  for (let i = 0; i < letters.length; i++) {
    const value = digits[letters[i] ?? ''] ?? 0;
    const next = digits[letters[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total > 0 && romanNumeral(total, true) === letters ? total : null;
}

/**
 * The 0-based position `label` would have at `level`, or null when it cannot
 * stand at that level: "(i)" is position 8 at level 1 (the ninth letter) and
 * position 0 at level 2 (the first roman numeral).
 */
export function positionAtLevel(label: SubParagraphLabel, level: SubParagraphLevel): number | null {
  const parenLevel = level <= 2;
  if ((label.style === 'paren') !== parenLevel) return null;
  if (level === 1 || level === 3) return letterIndex(label.letters);
  const value = romanValue(label.letters);
  return value === null ? null : value - 1;
}

/** The levels a label can stand at, shallower first. */
export function possibleLevels(label: SubParagraphLabel): SubParagraphLevel[] {
  const levels: SubParagraphLevel[] = label.style === 'paren' ? [1, 2] : [3, 4];
  return levels.filter((level) => positionAtLevel(label, level) !== null);
}

/**
 * Reads a label at the start of `text` ("(a) To respect …", "ii. Two from …"),
 * with the text after it; null when the text does not start with one.
 */
export function readSubParagraphLabel(
  text: string,
): { label: SubParagraphLabel; rest: string } | null {
  const match = /^(?:\(([a-z]{1,8})\)|([a-z]{1,8})\.)[ \t]+(\S.*)$/s.exec(text);
  if (!match) return null;
  const label: SubParagraphLabel = match[1]
    ? { style: 'paren', letters: match[1] }
    : { style: 'dot', letters: match[2] ?? '' };
  if (possibleLevels(label).length === 0) return null;
  return { label, rest: match[3] ?? '' };
}

/** How a label prints: "(a)" or "a.". */
export function formatSubParagraphLabel(label: SubParagraphLabel): string {
  return label.style === 'paren' ? `(${label.letters})` : `${label.letters}.`;
}
