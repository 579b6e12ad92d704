import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

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

/**
 * Numbers and labels of every paragraph, in document order. Operative
 * numbering runs on across section headings; sub-paragraph counters restart
 * under each new parent.
 */
export function labelParagraphs(doc: ProseMirrorNode): ParagraphLabel[] {
  const labels: ParagraphLabel[] = [];
  let pp = 0;
  let op = 0;
  let section = 0;
  // counters[level] for sub-paragraph levels 1..4, and the labels of the open parents
  let counters = [0, 0, 0, 0, 0];
  let parents: string[] = [];
  doc.descendants((node, pos) => {
    const paragraphId = typeof node.attrs.paragraphId === 'string' ? node.attrs.paragraphId : null;
    switch (node.type.name) {
      case 'preambularParagraph':
        pp++;
        labels.push({ pos, paragraphId, kind: 'preambular', label: '', reference: `PP${pp}` });
        return false;
      case 'operativeParagraph':
        op++;
        counters = [0, 0, 0, 0, 0];
        parents = [`OP${op}`];
        labels.push({ pos, paragraphId, kind: 'operative', label: `${op}.`, reference: `OP${op}` });
        return false;
      case 'subParagraph': {
        const level = Math.min(4, Math.max(1, Number(node.attrs.level) || 1));
        const index = counters[level] ?? 0;
        counters[level] = index + 1;
        for (let deeper = level + 1; deeper <= 4; deeper++) counters[deeper] = 0;
        const label = subParagraphLabel(level, index);
        parents = [...parents.slice(0, level), label];
        const base = op > 0 ? parents.join(' ') : label;
        labels.push({ pos, paragraphId, kind: 'subParagraph', label, reference: base });
        return false;
      }
      case 'sectionHeading': {
        const numbered = node.attrs.numbered !== false;
        if (numbered) section++;
        labels.push({
          pos,
          paragraphId,
          kind: 'heading',
          label: numbered ? romanNumeral(section) : '',
          reference: numbered ? `Section ${romanNumeral(section)}` : 'Heading',
        });
        return false;
      }
      default:
        return true;
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
