import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { paragraphVisibleIn, type AmendmentView } from '../amendments/model';

/** Roman numeral of `n` (1 → "I"); lower case on request. */
export function romanNumeral(n: number, lower = false): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = Math.max(1, Math.trunc(n));
  let out = '';
  for (const [value, symbol] of table) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return lower ? out.toLowerCase() : out;
}

/** The `index`-th (0-based) letter label: a … z, then aa, bb … zz, then aaa … (UN style). */
export function letterLabel(index: number): string {
  const letter = String.fromCharCode(97 + (index % 26));
  return letter.repeat(Math.floor(index / 26) + 1);
}

/**
 * The label of the `index`-th (0-based) sub-paragraph at `level`, as the
 * Editorial Manual numbers them: (a), (i), a., i.
 */
export function subParagraphLabel(level: number, index: number): string {
  switch (level) {
    case 1:
      return `(${letterLabel(index)})`;
    case 2:
      return `(${romanNumeral(index + 1, true)})`;
    case 3:
      return `${letterLabel(index)}.`;
    default:
      return `${romanNumeral(index + 1, true)}.`;
  }
}

/** What the view and the exporters show for one paragraph of the body. */
const PARAGRAPH_TYPES: ReadonlyMap<string, ParagraphLabel['kind']> = new Map([
  ['preambularParagraph', 'preambular'],
  ['operativeParagraph', 'operative'],
  ['subParagraph', 'subParagraph'],
  ['sectionHeading', 'heading'],
] as const);

export interface ParagraphLabel {
  /** Position of the paragraph node in the document. */
  pos: number;
  paragraphId: string | null;
  kind: 'preambular' | 'operative' | 'subParagraph' | 'heading';
  /** The label printed in the text: "3." for OP3, "(a)", "(ii)", "I" for a section, "" for PPs. */
  label: string;
  /** How negotiators refer to it: "PP2", "OP3", "OP3 (a) (ii)", "Section II", "Heading". */
  reference: string;
}

const LATIN_SUFFIXES = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies'];

/** "bis", "ter"… for the n-th (1-based) paragraph proposed after a numbered one. */
export function latinSuffix(n: number): string {
  return LATIN_SUFFIXES[n - 1] ?? `new ${n}`;
}

/** "(a)" → "(a bis)", "i." → "i. bis" for a proposed sub-paragraph after it. */
function bisLabel(base: string, extra: number): string {
  const suffix = latinSuffix(extra);
  return base.endsWith(')') ? `${base.slice(0, -1)} ${suffix})` : `${base} ${suffix}`;
}

/**
 * Numbers and labels of every paragraph, in document order. Operative
 * numbering runs on across section headings; sub-paragraph counters restart
 * under each new parent.
 *
 * The numbering follows the amendment view: "as if all accepted" and
 * "original" number what they show (hidden paragraphs get empty labels); the
 * marked-up text keeps the original numbers and calls a proposed paragraph
 * after OP5 "OP5 bis", as negotiators do.
 */
export function labelParagraphs(
  doc: ProseMirrorNode,
  view: AmendmentView = 'markup',
): ParagraphLabel[] {
  const labels: ParagraphLabel[] = [];
  const counting: AmendmentView = view === 'markup' ? 'original' : view;
  let pp = 0;
  let op = 0;
  let section = 0;
  // Proposed paragraphs since the last counted one, per kind (for "bis", "ter"…).
  let extraPP = 0;
  let extraOP = 0;
  // counters[level] for sub-paragraph levels 1..4, and the labels of the open parents
  let counters = [0, 0, 0, 0, 0];
  let extras = [0, 0, 0, 0, 0];
  let parents: string[] = [];
  // proposed[level]: whether the open parent at that level (0: the operative paragraph) is itself proposed.
  let proposed = [false, false, false, false, false];
  doc.descendants((node, pos) => {
    const paragraphId = typeof node.attrs.paragraphId === 'string' ? node.attrs.paragraphId : null;
    if (!PARAGRAPH_TYPES.has(node.type.name)) return true;
    const kind = PARAGRAPH_TYPES.get(node.type.name) ?? 'preambular';
    if (!paragraphVisibleIn(node, view)) {
      labels.push({ pos, paragraphId, kind, label: '', reference: '' });
      return false;
    }
    const counted = paragraphVisibleIn(node, counting);
    switch (node.type.name) {
      case 'preambularParagraph': {
        if (counted) {
          pp++;
          extraPP = 0;
          labels.push({ pos, paragraphId, kind, label: '', reference: `PP${pp}` });
        } else {
          extraPP++;
          labels.push({
            pos,
            paragraphId,
            kind,
            label: '',
            // Before PP1 there is no number to follow: "PP new".
            reference:
              pp > 0
                ? `PP${pp} ${latinSuffix(extraPP)}`
                : `PP new${extraPP > 1 ? ` ${extraPP}` : ''}`,
          });
        }
        return false;
      }
      case 'operativeParagraph': {
        let number: string;
        if (counted) {
          op++;
          extraOP = 0;
          number = String(op);
        } else {
          extraOP++;
          // Before OP1 there is no number to follow: "OP new".
          number =
            op > 0 ? `${op} ${latinSuffix(extraOP)}` : `new${extraOP > 1 ? ` ${extraOP}` : ''}`;
        }
        counters = [0, 0, 0, 0, 0];
        extras = [0, 0, 0, 0, 0];
        proposed = [!counted, false, false, false, false];
        const reference = op > 0 || counted ? `OP${number}` : `OP ${number}`;
        parents = [reference];
        labels.push({ pos, paragraphId, kind, label: `${number}.`, reference });
        return false;
      }
      case 'subParagraph': {
        const level = Math.min(4, Math.max(1, Number(node.attrs.level) || 1));
        let label: string;
        // Under a proposed parent, its sub-paragraphs are numbered as they come: "OP5 bis (a)".
        if (counted || proposed[level - 1]) {
          const index = counters[level] ?? 0;
          counters[level] = index + 1;
          extras[level] = 0;
          label = subParagraphLabel(level, index);
        } else {
          const index = counters[level] ?? 0;
          const extra = (extras[level] ?? 0) + 1;
          extras[level] = extra;
          label = index > 0 ? bisLabel(subParagraphLabel(level, index - 1), extra) : '(new)';
        }
        for (let deeper = level + 1; deeper <= 4; deeper++) {
          counters[deeper] = 0;
          extras[deeper] = 0;
        }
        proposed[level] = !counted || !!proposed[level - 1];
        parents = [...parents.slice(0, level), label];
        const reference = op > 0 || extraOP > 0 ? parents.join(' ') : label;
        labels.push({ pos, paragraphId, kind, label, reference });
        return false;
      }
      default: {
        const numbered = node.attrs.numbered !== false;
        if (numbered && counted) section++;
        const numeral = counted
          ? romanNumeral(section)
          : `${romanNumeral(section)} ${latinSuffix(1)}`;
        labels.push({
          pos,
          paragraphId,
          kind,
          label: numbered ? numeral : '',
          reference: numbered ? `Section ${numeral}` : 'Heading',
        });
        return false;
      }
    }
  });
  return labels;
}

/** Footnote numbers, 1, 2, 3… in document order, by the footnote node's position. */
export function numberFootnotes(doc: ProseMirrorNode): Map<number, number> {
  const numbers = new Map<number, number>();
  doc.descendants((node, pos) => {
    if (node.type.name === 'footnote') numbers.set(pos, numbers.size + 1);
    return node.type.name !== 'footnote';
  });
  return numbers;
}
