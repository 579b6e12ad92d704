/**
 * HTML pasted from elsewhere (a web page, a word processor), made fit for a
 * resolution before the editor parses it: only the source's paragraphs
 * become paragraphs. A heading joins the paragraph after it and a table the
 * one before it, as words (cells and rows spaced, never glued together), so
 * nothing pasted is lost and no heading or table row turns into a proposed
 * paragraph of its own. HTML copied from Concord itself (its paragraphs carry
 * `data-type`) is left as it is.
 *
 * Runs where there is a DOM (DOMParser): the editor's `PastedHtml` extension.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';

/** Elements whose text is one paragraph of the source. */
const PARAGRAPH_TAGS = new Set(['P', 'LI', 'BLOCKQUOTE', 'PRE', 'DD', 'DT', 'FIGCAPTION']);

/** Elements that are not paragraphs but hold words to keep: joined to a neighbouring one. */
const LOOSE_TAGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'CAPTION']);

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE', 'META']);

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A table's words: cells spaced, rows spaced (a row never runs into the next). */
function tableText(table: Element): string {
  return [...table.querySelectorAll('tr')]
    .map((row) =>
      [...row.children]
        .map((cell) => collapse(cell.textContent ?? ''))
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean)
    .join(' ');
}

/** Loose words join the next paragraph's start (a heading) or the previous one's end (the rest). */
type Piece =
  | { kind: 'paragraph'; element: Element }
  | { kind: 'loose'; text: string; joins: 'next' | 'previous' };

/** The source's paragraphs and loose words, in document order. */
function pieces(root: Element): Piece[] {
  const found: Piece[] = [];
  let loose = '';
  const flush = () => {
    if (loose.trim()) found.push({ kind: 'loose', text: collapse(loose), joins: 'previous' });
    loose = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      loose += node.textContent ?? '';
      return;
    }
    if (!(node instanceof Element) || SKIPPED_TAGS.has(node.tagName)) return;
    // A paragraph that holds paragraphs (a list item with paragraphs) is read through.
    if (PARAGRAPH_TAGS.has(node.tagName) && !node.querySelector('p, li, table')) {
      flush();
      found.push({ kind: 'paragraph', element: node });
      return;
    }
    if (node.tagName === 'TABLE') {
      flush();
      found.push({ kind: 'loose', text: tableText(node), joins: 'previous' });
      return;
    }
    if (LOOSE_TAGS.has(node.tagName)) {
      flush();
      const joins = node.tagName === 'CAPTION' ? 'previous' : 'next';
      found.push({ kind: 'loose', text: collapse(node.textContent ?? ''), joins });
      return;
    }
    if (node.tagName === 'BR') loose += ' ';
    for (const child of node.childNodes) walk(child);
    // A block that is not a paragraph (a div) still ends the words before it.
    if (node.tagName === 'DIV' || node.tagName === 'SECTION' || node.tagName === 'ARTICLE') {
      flush();
    }
  };
  for (const child of root.childNodes) walk(child);
  flush();
  return found.filter((piece) => piece.kind === 'paragraph' || piece.text);
}

export function flattenPastedHtml(html: string): string {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const body = document.body;
  // Concord's own paragraphs, or no paragraphs at all: nothing to decide.
  if (body.querySelector('[data-type]')) return html;
  const found = pieces(body);
  const paragraphs = found.filter((piece) => piece.kind === 'paragraph');
  if (paragraphs.length === 0) {
    const text = found.map((piece) => (piece.kind === 'loose' ? piece.text : '')).join(' ');
    const span = document.createElement('span');
    span.textContent = text;
    return span.outerHTML;
  }
  const out = document.createElement('div');
  const made: HTMLParagraphElement[] = [];
  let pendingStart = '';
  for (const piece of found) {
    const last = made.at(-1);
    if (piece.kind === 'loose') {
      if (piece.joins === 'previous' && last) last.append(` ${piece.text}`);
      else pendingStart += `${piece.text} `;
      continue;
    }
    const paragraph = document.createElement('p');
    if (pendingStart) paragraph.append(pendingStart);
    pendingStart = '';
    // Inline formatting (italic titles) is kept: the editor's schema keeps what it knows.
    for (const child of [...piece.element.childNodes]) paragraph.append(child);
    out.append(paragraph);
    made.push(paragraph);
  }
  // A heading after the last paragraph has no next one: it ends the last.
  if (pendingStart.trim()) made.at(-1)?.append(` ${pendingStart.trim()}`);
  return out.innerHTML;
}

/** The editor's side: pasted HTML goes through `flattenPastedHtml` before it is parsed. */
export const PastedHtml = Extension.create({
  name: 'pastedHtml',
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: (html) => flattenPastedHtml(html) } })];
  },
});
