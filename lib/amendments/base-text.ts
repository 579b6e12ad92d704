import * as Y from 'yjs';
import { isId } from '../schema/new-id';
import {
  isFootnoteEmbed,
  PARAGRAPH_CONTAINERS,
  type ContentOp,
  type ParagraphContainer,
} from './proposals';

/**
 * The base (agreed) text of a draft as Yjs holds it, addressed as proposals
 * address it: a paragraph by its `paragraphId`, a place in it by the offset in
 * its inline content (a character or a footnote counts one, as in
 * ProseMirror). y-tiptap stores a paragraph as a Y.XmlElement whose children
 * are Y.XmlText runs and footnote elements.
 */

/** The name Yjs elements of footnotes carry. */
const FOOTNOTE = 'footnote';

export interface BaseParagraph {
  paragraphId: string;
  element: Y.XmlElement;
  container: ParagraphContainer;
  /** Index among the container's children. */
  index: number;
}

/** Every paragraph of the base by id (the first one, should an id appear twice). */
export function indexBaseParagraphs(fragment: Y.XmlFragment): Map<string, BaseParagraph> {
  const paragraphs = new Map<string, BaseParagraph>();
  for (const part of fragment.toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    const container = part.nodeName as ParagraphContainer;
    if (!(PARAGRAPH_CONTAINERS as readonly string[]).includes(container)) continue;
    part.toArray().forEach((child, index) => {
      if (!(child instanceof Y.XmlElement)) return;
      const paragraphId: unknown = child.getAttribute('paragraphId');
      if (isId(paragraphId) && !paragraphs.has(paragraphId)) {
        paragraphs.set(paragraphId, { paragraphId, element: child, container, index });
      }
    });
  }
  return paragraphs;
}

/** The container element (`preamble`, `operativePart`) of the base. */
export function baseContainer(
  fragment: Y.XmlFragment,
  container: ParagraphContainer,
): Y.XmlElement | null {
  for (const part of fragment.toArray()) {
    if (part instanceof Y.XmlElement && part.nodeName === container) return part;
  }
  return null;
}

interface Child {
  node: Y.XmlText | Y.XmlElement;
  index: number;
  start: number;
  size: number;
}

function children(element: Y.XmlElement): Child[] {
  const list: Child[] = [];
  let start = 0;
  element.toArray().forEach((node, index) => {
    if (node instanceof Y.XmlText) {
      list.push({ node, index, start, size: node.length });
      start += node.length;
    } else if (node instanceof Y.XmlElement) {
      list.push({ node, index, start, size: 1 });
      start += 1;
    }
  });
  return list;
}

/** The size of a paragraph's inline content. */
export function paragraphSize(element: Y.XmlElement): number {
  let size = 0;
  for (const child of element.toArray()) {
    size += child instanceof Y.XmlText ? child.length : 1;
  }
  return size;
}

/**
 * A relative position at `offset` of a paragraph: with `assoc` ≥ 0 on the
 * character at `offset`, otherwise on the character before it (null at the
 * paragraph's start, which needs no anchor).
 */
export function baseRelativePosition(
  element: Y.XmlElement,
  offset: number,
  assoc: number,
): Y.RelativePosition | null {
  const target = assoc >= 0 ? offset : offset - 1;
  if (target < 0) return null;
  for (const child of children(element)) {
    if (target < child.start || target >= child.start + child.size) continue;
    if (child.node instanceof Y.XmlText) {
      return Y.createRelativePositionFromTypeIndex(
        child.node,
        offset - child.start,
        assoc >= 0 ? 0 : -1,
      );
    }
    return Y.createRelativePositionFromTypeIndex(
      element,
      assoc >= 0 ? child.index : child.index + 1,
      assoc >= 0 ? 0 : -1,
    );
  }
  return null;
}

/**
 * The offset in `paragraph` where a relative position resolves, or null when
 * it does not resolve there (its text has not arrived, or it lies in another
 * paragraph, or the run holding it was deleted and re-created).
 */
export function resolveBaseOffset(
  doc: Y.Doc,
  element: Y.XmlElement,
  position: Y.RelativePosition,
): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  if (absolute.type === element) {
    let offset = 0;
    for (const child of children(element)) {
      if (child.index >= absolute.index) break;
      offset += child.size;
    }
    return offset;
  }
  if (!(absolute.type instanceof Y.XmlText) || absolute.type.parent !== element) return null;
  for (const child of children(element)) {
    if (child.node === absolute.type) return child.start + Math.min(absolute.index, child.size);
  }
  return null;
}

/** The text of [from, to) of a paragraph, a footnote counting as U+FFFC. */
export function baseText(element: Y.XmlElement, from: number, to: number): string {
  let text = '';
  for (const child of children(element)) {
    const a = Math.max(from, child.start);
    const b = Math.min(to, child.start + child.size);
    if (a >= b) continue;
    text +=
      child.node instanceof Y.XmlText
        ? plainText(child.node).slice(a - child.start, b - child.start)
        : '\uFFFC';
  }
  return text;
}

/** [from, to) of a paragraph's base content as a proposal's delta (formatting kept, footnotes as embeds). */
export function baseDelta(element: Y.XmlElement, from = 0, to = Infinity): ContentOp[] {
  const ops: ContentOp[] = [];
  for (const child of children(element)) {
    const a = Math.max(from, child.start);
    const b = Math.min(to, child.start + child.size);
    if (a >= b) continue;
    if (child.node instanceof Y.XmlElement) {
      ops.push({
        insert: {
          footnote: child.node
            .toArray()
            .map((inner) => (inner instanceof Y.XmlText ? plainText(inner) : ''))
            .join(''),
        },
      });
      continue;
    }
    let seen = child.start;
    for (const op of child.node.toDelta() as ContentOp[]) {
      if (typeof op.insert !== 'string') continue;
      const start = Math.max(a, seen);
      const end = Math.min(b, seen + op.insert.length);
      if (start < end) {
        const insert = op.insert.slice(start - seen, end - seen);
        ops.push(op.attributes ? { insert, attributes: op.attributes } : { insert });
      }
      seen += op.insert.length;
    }
  }
  return ops;
}

/** The size of content (a proposal's delta): a character or a footnote counts one. */
export function contentSize(ops: readonly ContentOp[]): number {
  let size = 0;
  for (const op of ops) size += typeof op.insert === 'string' ? op.insert.length : 1;
  return size;
}

/** A text run's characters, without formatting (Y.XmlText's toString writes formatting as XML). */
export function plainText(text: Y.XmlText): string {
  let value = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    if (typeof op.insert === 'string') value += op.insert;
  }
  return value;
}

/** Deletes [from, to) of a paragraph's base text. */
export function deleteBaseRange(element: Y.XmlElement, from: number, to: number): void {
  const list = children(element);
  for (let i = list.length - 1; i >= 0; i--) {
    const child = list[i];
    if (!child) continue;
    const a = Math.max(from, child.start);
    const b = Math.min(to, child.start + child.size);
    if (a >= b) continue;
    if (child.node instanceof Y.XmlText) child.node.delete(a - child.start, b - a);
    else element.delete(child.index, 1);
  }
}

/** Every formatting attribute set to null: text inserted with them does not take its neighbours' marks. */
function explicitAttributes(
  attributes: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return { ...(attributes ?? {}) };
}

function footnoteElement(text: string): Y.XmlElement {
  const element = new Y.XmlElement(FOOTNOTE);
  const inner = new Y.XmlText();
  inner.insert(0, text);
  element.insert(0, [inner]);
  return element;
}

/**
 * Inserts content (a proposal's delta, without amendment marks) at `offset`
 * of a paragraph's base text, as y-tiptap would store it.
 */
export function insertBaseContent(
  element: Y.XmlElement,
  offset: number,
  ops: readonly ContentOp[],
): void {
  let at = offset;
  for (const op of ops) {
    if (typeof op.insert === 'string') {
      if (op.insert.length === 0) continue;
      const text = textAt(element, at);
      text.node.insert(text.index, op.insert, explicitAttributes(op.attributes));
      at += op.insert.length;
    } else if (isFootnoteEmbed(op.insert)) {
      const index = splitAt(element, at);
      element.insert(index, [footnoteElement(op.insert.footnote)]);
      at += 1;
    }
  }
}

/** The text run where `offset` can be typed into, made if the offset sits between elements. */
function textAt(element: Y.XmlElement, offset: number): { node: Y.XmlText; index: number } {
  let childIndex = 0;
  for (const child of children(element)) {
    if (
      child.node instanceof Y.XmlText &&
      offset >= child.start &&
      offset <= child.start + child.size
    ) {
      return { node: child.node, index: offset - child.start };
    }
    if (child.start + child.size <= offset) childIndex = child.index + 1;
  }
  const text = new Y.XmlText();
  element.insert(childIndex, [text]);
  return { node: text, index: 0 };
}

/** The child index at which an element can go at `offset`, splitting a text run there. */
function splitAt(element: Y.XmlElement, offset: number): number {
  for (const child of children(element)) {
    if (offset <= child.start) return child.index;
    if (offset >= child.start + child.size) continue;
    if (!(child.node instanceof Y.XmlText)) return child.index + 1;
    const cut = offset - child.start;
    const tail = child.node.toDelta() as {
      insert: unknown;
      attributes?: Record<string, unknown>;
    }[];
    const rest: { insert: string; attributes?: Record<string, unknown> }[] = [];
    let seen = 0;
    for (const op of tail) {
      if (typeof op.insert !== 'string') continue;
      const a = Math.max(cut, seen);
      const b = seen + op.insert.length;
      if (a < b)
        rest.push({ insert: op.insert.slice(a - seen, b - seen), attributes: op.attributes });
      seen = b;
    }
    child.node.delete(cut, child.size - cut);
    const next = new Y.XmlText();
    element.insert(child.index + 1, [next]);
    next.applyDelta(rest);
    return child.index + 1;
  }
  return element.length;
}
