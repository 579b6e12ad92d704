import type { Mark, MarkType, Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { labelParagraphs } from './numbering';
import { findOpener, openerInForm, parseOpener, type OpenerForm, type OpenerKind } from './openers';

/** The drafting conventions the style lint checks (DOMAIN.md §2). */
export type StyleRule = 'opener-italic' | 'end-punctuation' | 'sequence';

/**
 * One departure from the drafting conventions: shown as a warning, fixed
 * only when the delegate asks for it.
 */
export interface StyleWarning {
  /** Stable across edits elsewhere: `<rule>:<paragraphId>`. */
  id: string;
  rule: StyleRule;
  /** The paragraph's stable id; null only before ids are assigned. */
  paragraphId: string | null;
  /** How negotiators name the paragraph: "PP3", "OP2 (a)". */
  reference: string;
  /** Document range to underline (never empty). */
  from: number;
  to: number;
  /** Plain English for the delegate. */
  message: string;
  /** Label of the one-click fix: “Italicise “Recalling””. */
  fixLabel: string;
  /**
   * Adds the fix to `tr`, a transaction on the document the warning was
   * computed from. Steps already in `tr` are mapped over.
   */
  fix: (tr: Transaction) => void;
}

type Punctuation = ',' | ';' | ':' | '.';

const PUNCTUATION_NAMES: Readonly<Record<Punctuation, string>> = {
  ',': 'a comma',
  ';': 'a semicolon',
  ':': 'a colon',
  '.': 'a full stop',
};

function isPunctuation(char: string): char is Punctuation {
  return char in PUNCTUATION_NAMES;
}

/** The opening phrase of a paragraph; offsets are in the paragraph's content. */
interface OpenerInfo {
  from: number;
  to: number;
  text: string;
  /** Bare form, for comparing paragraphs: "Recalling", "Requests". */
  base: string;
  form: OpenerForm;
  /** True when the italics start at the opener and cover at least its first word. */
  italic: boolean;
  /** Marks of the opener's first and last character, for text the fixes insert. */
  firstMarks: readonly Mark[];
  lastMarks: readonly Mark[];
}

/** The end of a paragraph's own text, before trailing whitespace, "]" and footnotes. */
interface EndingInfo {
  /** The last character that counts, as content offsets. */
  from: number;
  to: number;
  char: string;
  marks: readonly Mark[];
  /** Where a missing punctuation mark goes: after the text, before footnotes. */
  insertAt: number;
  insertMarks: readonly Mark[];
}

interface ParagraphInfo {
  opener: OpenerInfo | null;
  /** Null for a paragraph with no text of its own (empty, or footnotes only). */
  ending: EndingInfo | null;
}

// Unchanged paragraphs are the same node objects in the next document, so a
// keystroke re-analyses one paragraph only.
const analysisCache = new WeakMap<ProseMirrorNode, ParagraphInfo>();

function analyse(node: ProseMirrorNode, kind: OpenerKind | null): ParagraphInfo {
  const cached = analysisCache.get(node);
  if (cached) return cached;
  const italic = node.type.schema.marks.italic ?? null;
  const info: ParagraphInfo = {
    opener: kind && italic ? analyseOpener(node, kind, italic) : null,
    ending: analyseEnding(node),
  };
  analysisCache.set(node, info);
  return info;
}

/** Fallbacks for an opener the lists do not know: the first word, with "Also"/"also" and the like. */
const UNKNOWN_OPENER: Readonly<Record<OpenerKind, RegExp>> = {
  preambular: /^[^\s,;:.]+(?:\s+(?:also|further|in particular)(?=[\s,;:.]|$))?/,
  operative: /^(?:(?:Also|Further)\s+)?[^\s,;:.]+/,
};

/** The part that must be italic for partial italics to pass ("*Bearing* in mind"). */
const HEAD: Readonly<Record<OpenerKind, RegExp>> = {
  preambular: /^[^\s,;:.]+/,
  operative: /^(?:(?:Also|Further)\s+)?[^\s,;:.]+/,
};

function marksAt(node: ProseMirrorNode, offset: number): readonly Mark[] {
  const child = node.childAfter(offset).node;
  return child ? child.marks : [];
}

/** True when every character in [from, to) of the paragraph's content is italic. */
function allItalic(node: ProseMirrorNode, from: number, to: number, italic: MarkType): boolean {
  let ok = true;
  node.forEach((child, offset) => {
    if (!ok || offset >= to || offset + child.nodeSize <= from) return;
    if (!child.isText || !italic.isInSet(child.marks)) ok = false;
  });
  return ok;
}

function analyseOpener(
  node: ProseMirrorNode,
  kind: OpenerKind,
  italic: MarkType,
): OpenerInfo | null {
  let lead = '';
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child.isText) break;
    lead += child.text ?? '';
  }
  // Bracketed (contested) paragraphs open with "[".
  const skip = /^[\s[]*/.exec(lead)?.[0].length ?? 0;
  const rest = lead.slice(skip);
  const text = findOpener(rest, kind) ?? UNKNOWN_OPENER[kind].exec(rest)?.[0];
  if (!text) return null;
  const head = HEAD[kind].exec(text)?.[0] ?? text;
  const { base, form } = parseOpener(text, kind);
  const from = skip;
  const to = skip + text.length;
  return {
    from,
    to,
    text,
    base,
    form,
    italic: allItalic(node, from, from + head.length, italic),
    firstMarks: marksAt(node, from),
    lastMarks: marksAt(node, to - 1),
  };
}

function analyseEnding(node: ProseMirrorNode): EndingInfo | null {
  let insertAt: number | null = null;
  let insertMarks: readonly Mark[] = [];
  let offset = node.content.size;
  for (let i = node.childCount - 1; i >= 0; i--) {
    const child = node.child(i);
    offset -= child.nodeSize;
    if (child.type.name === 'footnote') continue;
    if (!child.isText) {
      // Another kind of inline node ends the text: it is no punctuation mark.
      const end = offset + child.nodeSize;
      return {
        from: offset,
        to: end,
        char: '',
        marks: child.marks,
        insertAt: insertAt ?? end,
        insertMarks: insertAt === null ? withoutItalic(child.marks) : insertMarks,
      };
    }
    const text = child.text ?? '';
    for (let k = text.length - 1; k >= 0; k--) {
      const char = text.charAt(k);
      if (/\s/.test(char)) continue;
      if (insertAt === null) {
        insertAt = offset + k + 1;
        insertMarks = withoutItalic(child.marks);
      }
      if (char === ']') continue;
      // Keep a surrogate pair whole, so the underline does not split it.
      const start = k > 0 && /[\udc00-\udfff]/.test(char) ? k - 1 : k;
      return {
        from: offset + start,
        to: offset + k + 1,
        char,
        marks: child.marks,
        insertAt,
        insertMarks,
      };
    }
  }
  return null;
}

/** Punctuation after an italic title is roman (UN style). */
function withoutItalic(marks: readonly Mark[]): readonly Mark[] {
  return marks.filter((mark) => mark.type.name !== 'italic');
}

/** A paragraph of the body in document order, with what the rules need to know about it. */
interface Block {
  node: ProseMirrorNode;
  /** Position of the paragraph node; its content starts at pos + 1. */
  pos: number;
  paragraphId: string | null;
  reference: string;
  /** 0 for PPs, OPs and headings, 1–4 for sub-paragraphs. */
  level: number;
  info: ParagraphInfo;
}

function warningId(rule: StyleRule, block: Block): string {
  return `${rule}:${block.paragraphId ?? block.reference}`;
}

function openerWarning(block: Block, opener: OpenerInfo, kind: OpenerKind): StyleWarning | null {
  if (opener.italic) return null;
  const start = block.pos + 1;
  const what =
    kind === 'preambular'
      ? 'opening phrase'
      : /\s/.test(opener.text)
        ? 'operative phrase'
        : 'operative verb';
  return {
    id: warningId('opener-italic', block),
    rule: 'opener-italic',
    paragraphId: block.paragraphId,
    reference: block.reference,
    from: start + opener.from,
    to: start + opener.to,
    message: `The ${what} “${opener.text}” of ${block.reference} should be in italics.`,
    fixLabel: `Italicise “${opener.text}”`,
    fix: (tr) => {
      const italic = tr.doc.type.schema.marks.italic;
      if (!italic) return;
      tr.addMark(
        tr.mapping.map(start + opener.from),
        tr.mapping.map(start + opener.to),
        italic.create(),
      );
    },
  };
}

function endingWarning(
  block: Block,
  expected: Punctuation,
  why: 'last' | 'lastSub' | 'list' | null,
): StyleWarning | null {
  const ending = block.info.ending;
  if (!ending || ending.char === expected) return null;
  const start = block.pos + 1;
  const current = isPunctuation(ending.char) ? ending.char : null;
  const reason =
    why === 'last'
      ? ' is the last operative paragraph and'
      : why === 'lastSub'
        ? ' closes the resolution and'
        : why === 'list'
          ? ' introduces sub-paragraphs and'
          : '';
  const instead = current ? `, not ${PUNCTUATION_NAMES[current]}` : '';
  return {
    id: warningId('end-punctuation', block),
    rule: 'end-punctuation',
    paragraphId: block.paragraphId,
    reference: block.reference,
    from: start + ending.from,
    to: start + ending.to,
    message: `${block.reference}${reason} should end with ${PUNCTUATION_NAMES[expected]}${instead}.`,
    fixLabel: current ? `Change “${current}” to “${expected}”` : `Add “${expected}” at the end`,
    fix: (tr) => {
      const schema = tr.doc.type.schema;
      if (current) {
        tr.replaceWith(
          tr.mapping.map(start + ending.from),
          tr.mapping.map(start + ending.to),
          schema.text(expected, ending.marks),
        );
      } else {
        tr.insert(
          tr.mapping.map(start + ending.insertAt),
          schema.text(expected, ending.insertMarks),
        );
      }
    },
  };
}

/** Where the same opener follows itself: bare → also → further (DOMAIN.md §2). */
interface Run {
  key: string;
  state: 'bare' | 'also' | 'further';
  reference: string;
}

/**
 * The sequence rule for one paragraph; returns the run for the next one.
 * A run is consecutive paragraphs with the same opener: a different opener
 * in between starts afresh (real texts use "Recalling" again a few paragraphs
 * later), and so does a bare opener after the "further" form (A/RES/78/293).
 */
function sequenceStep(
  run: Run | null,
  block: Block,
  opener: OpenerInfo,
  kind: OpenerKind,
  warnings: StyleWarning[],
): Run {
  const key = opener.base.toLowerCase();
  if (!run || run.key !== key) {
    const state = opener.form === 'inParticular' ? 'bare' : opener.form;
    return { key, state, reference: block.reference };
  }
  if (opener.form === 'inParticular') return { ...run, reference: block.reference };
  if (opener.form !== 'bare' || run.state === 'further') {
    return {
      key,
      state: opener.form === 'bare' ? 'bare' : opener.form,
      reference: block.reference,
    };
  }
  const suggested = run.state === 'bare' ? 'also' : 'further';
  warnings.push(sequenceWarning(block, opener, kind, suggested, run.reference));
  return { key, state: suggested, reference: block.reference };
}

function sequenceWarning(
  block: Block,
  opener: OpenerInfo,
  kind: OpenerKind,
  form: 'also' | 'further',
  previous: string,
): StyleWarning {
  const start = block.pos + 1;
  const replacement = openerInForm(opener.text, form, kind);
  return {
    id: warningId('sequence', block),
    rule: 'sequence',
    paragraphId: block.paragraphId,
    reference: block.reference,
    from: start + opener.from,
    to: start + opener.to,
    message: `${block.reference} repeats “${opener.text}” from ${previous}; the usual form is “${replacement}”.`,
    fixLabel: `Change to “${replacement}”`,
    fix: (tr) => {
      const schema = tr.doc.type.schema;
      // Insert the word rather than retype the opener, so its marks and any partial italics stay.
      if (kind === 'preambular') {
        const word = replacement.slice(opener.text.length);
        tr.insert(tr.mapping.map(start + opener.to), schema.text(word, opener.lastMarks));
        return;
      }
      const first = opener.text.charAt(0);
      const at = tr.mapping.map(start + opener.from);
      if (first.toLowerCase() !== first) {
        tr.replaceWith(at, at + 1, schema.text(first.toLowerCase(), opener.firstMarks));
      }
      const word = replacement.slice(0, replacement.length - opener.text.length);
      tr.insert(at, schema.text(word, opener.firstMarks));
    },
  };
}

function lintPreamble(blocks: readonly Block[], warnings: StyleWarning[]): void {
  let run: Run | null = null;
  for (const block of blocks) {
    const { opener, ending } = block.info;
    if (!ending) continue;
    if (opener) {
      const warning = openerWarning(block, opener, 'preambular');
      if (warning) warnings.push(warning);
      run = sequenceStep(run, block, opener, 'preambular', warnings);
    } else {
      run = null;
    }
    const end = endingWarning(block, ',', null);
    if (end) warnings.push(end);
  }
}

function lintOperative(blocks: readonly Block[], warnings: StyleWarning[]): void {
  let last = -1;
  blocks.forEach((block, index) => {
    if (block.node.type.name !== 'sectionHeading' && block.info.ending) last = index;
  });
  let run: Run | null = null;
  blocks.forEach((block, index) => {
    const name = block.node.type.name;
    if (name === 'sectionHeading') {
      run = null;
      return;
    }
    const { opener, ending } = block.info;
    if (!ending) return;
    if (name === 'operativeParagraph') {
      if (opener) {
        const warning = openerWarning(block, opener, 'operative');
        if (warning) warnings.push(warning);
        run = sequenceStep(run, block, opener, 'operative', warnings);
      } else {
        run = null;
      }
    }
    const next = blocks[index + 1];
    const introducesList = next?.node.type.name === 'subParagraph' && next.level > block.level;
    let end: StyleWarning | null;
    if (introducesList) end = endingWarning(block, ':', 'list');
    else if (index === last) end = endingWarning(block, '.', block.level > 0 ? 'lastSub' : 'last');
    else end = endingWarning(block, ';', null);
    if (end) warnings.push(end);
  });
}

/**
 * Checks a resolution (a document of `resolutionSchema`) against the drafting
 * conventions of DOMAIN.md §2:
 * - `opener-italic`: the opening phrase of each PP and OP is italic; italics
 *   covering at least the first word pass ("*Bearing* in mind");
 * - `end-punctuation`: PPs end with ",", OPs and sub-paragraphs with ";",
 *   one that introduces sub-paragraphs with ":", the last OP or sub-paragraph
 *   of the resolution with "."; trailing whitespace, footnotes and "]" are
 *   looked through; empty paragraphs are skipped;
 * - `sequence`: the same opener in consecutive paragraphs goes bare → also →
 *   further ("Recalling also", "Also requests").
 * Section headings are not checked. Pure: the same document gives the same warnings.
 */
export function checkStyle(doc: ProseMirrorNode): StyleWarning[] {
  const labels = new Map(labelParagraphs(doc).map((label) => [label.pos, label]));
  const warnings: StyleWarning[] = [];
  doc.forEach((part, partOffset) => {
    const blocks: Block[] = [];
    part.forEach((node, offset) => {
      const pos = partOffset + 1 + offset;
      const label = labels.get(pos);
      if (!label) return;
      const kind: OpenerKind | null =
        node.type.name === 'preambularParagraph'
          ? 'preambular'
          : node.type.name === 'operativeParagraph'
            ? 'operative'
            : null;
      blocks.push({
        node,
        pos,
        paragraphId: label.paragraphId,
        reference: label.reference,
        level: node.type.name === 'subParagraph' ? Number(node.attrs.level) || 1 : 0,
        info:
          node.type.name === 'sectionHeading'
            ? { opener: null, ending: null }
            : analyse(node, kind),
      });
    });
    if (part.type.name === 'preamble') lintPreamble(blocks, warnings);
    else if (part.type.name === 'operativePart') lintOperative(blocks, warnings);
  });
  return warnings;
}
