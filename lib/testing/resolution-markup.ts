import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { labelParagraphs } from '../schema/numbering';
import {
  isFootnoteRun,
  type InlineRun,
  type OperativeBlock,
  type TextRun,
} from '../schema/resolution-document';

/**
 * Inline runs from a compact markup for tests: `*italic*` and `^[footnote
 * text]` (the footnote text may hold `*italic*` too), as in the fixtures.
 */
export function runs(markup: string): InlineRun[] {
  const out: InlineRun[] = [];
  const token = /\*([^*]+)\*|\^\[([^\]]*)\]|([^*^]+|[*^])/g;
  for (const match of markup.matchAll(token)) {
    const [, italic, footnote, plain] = match;
    if (italic !== undefined) out.push({ text: italic, italic: true });
    else if (footnote !== undefined)
      out.push({ footnote: runs(footnote).filter((r): r is TextRun => !isFootnoteRun(r)) });
    else if (plain !== undefined) out.push({ text: plain });
  }
  return out;
}

/** An operative paragraph in markup. */
export function op(markup: string): OperativeBlock {
  return { kind: 'paragraph', content: runs(markup) };
}

/** A sub-paragraph in markup. */
export function sub(level: 1 | 2 | 3 | 4, markup: string): OperativeBlock {
  return { kind: 'subParagraph', level, content: runs(markup) };
}

/** A section heading. */
export function heading(text: string, numbered = true): OperativeBlock {
  return { kind: 'heading', numbered, content: text ? [{ text }] : [] };
}

/** The inline content of a node back in markup (`*italic*`, `**bold**`, `^[footnote]`). */
export function markupOf(node: ProseMirrorNode): string {
  let out = '';
  node.forEach((child) => {
    if (child.type.name === 'footnote') {
      out += `^[${markupOf(child)}]`;
      return;
    }
    let text = child.text ?? '';
    if (child.marks.some((mark) => mark.type.name === 'bold')) text = `**${text}**`;
    if (child.marks.some((mark) => mark.type.name === 'italic')) text = `*${text}*`;
    out += text;
  });
  return out;
}

/** Every paragraph as "<reference> <id> <markup>", to compare documents before and after a change. */
export function paragraphsOf(doc: ProseMirrorNode): string[] {
  return labelParagraphs(doc).map((label) => {
    const node = doc.nodeAt(label.pos);
    return `${label.reference} ${String(label.paragraphId)} ${node ? markupOf(node) : ''}`;
  });
}
