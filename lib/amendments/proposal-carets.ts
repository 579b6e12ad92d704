/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its nested types with YEvent<any>. */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { forEachParagraph } from '../schema/paragraph-ids';
import { baseRelativePosition, indexBaseParagraphs, resolveBaseOffset } from './base-text';
import type { LaidOutSegment, Materialised } from './materialise';
import { readProposals, type ParagraphsProposal } from './proposals';

/**
 * A caret in the marked-up text as a logical anchor that survives
 * re-materialisation (AMENDMENT-OBJECTS.md, trap 10): a Yjs relative position
 * in the agreed text, or in a proposal's own words, sticking to the character
 * before it. Used to keep the local selection where it was when others'
 * changes arrive, and to show other delegations' carets (`cursor` in their
 * presence, the same shape as y-tiptap's).
 */

/** ProseMirror offset in an inline content → units counted as proposals count them (a footnote is one). */
function unitsUpTo(paragraph: ProseMirrorNode, pmFrom: number, pmTo: number): number {
  let units = 0;
  paragraph.forEach((child, offset) => {
    const end = offset + child.nodeSize;
    if (end <= pmFrom || offset >= pmTo) return;
    if (child.isText) units += Math.min(end, pmTo) - Math.max(offset, pmFrom);
    else if (offset >= pmFrom) units += 1;
  });
  return units;
}

/** The reverse: a ProseMirror offset `units` after `pmFrom`. */
function pmAfter(paragraph: ProseMirrorNode, pmFrom: number, units: number): number {
  let left = units;
  let at = pmFrom;
  paragraph.forEach((child, offset) => {
    const end = offset + child.nodeSize;
    if (left <= 0 || end <= at) return;
    const step = child.isText ? Math.min(left, end - at) : 1;
    at += child.isText ? step : child.nodeSize;
    left -= step;
  });
  return at;
}

function proposedContent(doc: Y.Doc, paragraphId: string): Y.Text | null {
  for (const proposal of readProposals(doc)) {
    if (proposal.kind === 'text') continue;
    const found = (proposal as ParagraphsProposal).paragraphs.find(
      (paragraph) => paragraph.paragraphId === paragraphId,
    );
    if (found) return found.content;
  }
  return null;
}

function textPosition(text: Y.AbstractType<any>, index: number): Y.RelativePosition {
  return Y.createRelativePositionFromTypeIndex(text, index, index > 0 ? -1 : 0);
}

/** The logical anchor of a position of the marked-up text `shown` (null outside a paragraph). */
export function positionToRelative(
  doc: Y.Doc,
  shown: Materialised,
  pos: number,
): Y.RelativePosition | null {
  if (pos < 0 || pos > shown.doc.content.size) return null;
  const $pos = shown.doc.resolve(pos);
  const paragraph = $pos.parent;
  if (!paragraph.isTextblock) return null;
  const paragraphId = String(paragraph.attrs.paragraphId);
  const offset = $pos.parentOffset;
  const base = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).get(paragraphId);
  if (!base) {
    const content = proposedContent(doc, paragraphId);
    return content ? textPosition(content, unitsUpTo(paragraph, 0, offset)) : null;
  }
  const layout = shown.layout.get(paragraphId);
  const inBase = (units: number) =>
    baseRelativePosition(base.element, units, -1) ??
    baseRelativePosition(base.element, units, 0) ??
    Y.createRelativePositionFromTypeIndex(base.element, 0);
  if (!layout || layout.length === 0) return inBase(unitsUpTo(paragraph, 0, offset));
  const segment = layout.find((item) => item.pmFrom < offset && offset <= item.pmTo) ?? layout[0];
  if (!segment) return inBase(0);
  const within = unitsUpTo(paragraph, segment.pmFrom, Math.max(segment.pmFrom, offset));
  if (segment.segment.kind === 'insert') {
    return textPosition(
      segment.segment.placed.proposal.content,
      (segment.contentFrom ?? 0) + within,
    );
  }
  return inBase(segment.segment.from + within);
}

/** Where each paragraph of `shown` starts (its content), by id. */
const starts = new WeakMap<ProseMirrorNode, Map<string, number>>();

function paragraphStart(shown: Materialised, paragraphId: string): number | null {
  let map = starts.get(shown.doc);
  if (!map) {
    const found = new Map<string, number>();
    forEachParagraph(shown.doc, (node, pos) => found.set(String(node.attrs.paragraphId), pos + 1));
    map = found;
    starts.set(shown.doc, map);
  }
  return map.get(paragraphId) ?? null;
}

function baseSegmentAt(layout: readonly LaidOutSegment[], offset: number, left: boolean) {
  const bases = layout.filter((item) => item.segment.kind === 'base');
  const inside = (item: LaidOutSegment) =>
    item.segment.kind === 'base' && item.segment.from <= offset && offset <= item.segment.to;
  const candidates = bases.filter(inside);
  if (candidates.length === 0) return bases.at(-1) ?? null;
  // At a boundary: stick to the stretch that ends here (left) or begins here.
  return (
    (left
      ? candidates.find((item) => item.segment.kind === 'base' && item.segment.to === offset)
      : candidates.find((item) => item.segment.kind === 'base' && item.segment.from === offset)) ??
    candidates[0] ??
    null
  );
}

/**
 * The position in the marked-up text `shown` of an offset in a paragraph of
 * the agreed text (`left`: at a boundary between stretches, the one ending
 * there); null when the paragraph is not shown.
 */
export function baseOffsetToPosition(
  shown: Materialised,
  paragraphId: string,
  offset: number,
  left: boolean,
): number | null {
  const start = paragraphStart(shown, paragraphId);
  if (start === null) return null;
  const paragraph = shown.doc.resolve(start).parent;
  const layout = shown.layout.get(paragraphId);
  if (!layout || layout.length === 0) return start + pmAfter(paragraph, 0, offset);
  const segment = baseSegmentAt(layout, offset, left);
  if (!segment || segment.segment.kind !== 'base') return start;
  return start + pmAfter(paragraph, segment.pmFrom, offset - segment.segment.from);
}

/** The position in the marked-up text `shown` of a logical anchor (null when it is not shown). */
export function relativeToPosition(
  doc: Y.Doc,
  shown: Materialised,
  position: Y.RelativePosition,
): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  const type = absolute.type;
  const left = position.assoc < 0;
  const parent = type instanceof Y.XmlText ? type.parent : type;
  if (parent instanceof Y.XmlElement) {
    const paragraphId: unknown = parent.getAttribute('paragraphId');
    if (typeof paragraphId !== 'string') return null;
    const offset = resolveBaseOffset(doc, parent, position);
    return offset === null ? null : baseOffsetToPosition(shown, paragraphId, offset, left);
  }
  if (!(type instanceof Y.Text)) return null;
  for (const [paragraphId, layout] of shown.layout) {
    const pieces = layout.filter(
      (item) => item.segment.kind === 'insert' && item.segment.placed.proposal.content === type,
    );
    if (pieces.length === 0) continue;
    const start = paragraphStart(shown, paragraphId);
    if (start === null) return null;
    const paragraph = shown.doc.resolve(start).parent;
    // Words cut by sub-amendments are laid out in pieces: the piece holding the index.
    // At a boundary between pieces, a left anchor stays with the piece before.
    let piece = pieces[0]!;
    for (const item of pieces) {
      const from = item.contentFrom ?? 0;
      if (from < absolute.index || (from === absolute.index && !left)) piece = item;
    }
    return start + pmAfter(paragraph, piece.pmFrom, absolute.index - (piece.contentFrom ?? 0));
  }
  for (const proposal of readProposals(doc)) {
    if (proposal.kind === 'text') continue;
    const found = proposal.paragraphs.find((paragraph) => paragraph.content === type);
    if (!found) continue;
    const start = paragraphStart(shown, found.paragraphId);
    if (start === null) return null;
    return start + pmAfter(shown.doc.resolve(start).parent, 0, absolute.index);
  }
  return null;
}
