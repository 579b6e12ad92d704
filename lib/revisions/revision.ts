import type { JSONContent } from '@tiptap/core';
import { Fragment, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import {
  DELETION_MARK,
  INSERTION_MARK,
  inlineVisibleIn,
  paragraphVisibleIn,
} from '../amendments/model';
import { readHeader } from '../collab/draft-header';
import { draftBodyState } from '../drafts/draft-body';
import { resolutionSchema } from '../schema/document-extensions';
import { PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import type { ResolutionHeader } from '../schema/resolution-document';

/**
 * A negotiation round's text (issue 22): the agreed text as the facilitator
 * issued it, the zero draft first (number 0), then Rev.1, Rev.2 … Kept whole
 * and never changed. The body is the editor's document (ProseMirror JSON),
 * so every paragraph keeps its `paragraphId` and a comparison matches
 * paragraphs by it, not by position.
 */
export interface RevisionContent {
  header: ResolutionHeader;
  /** The agreed text: the resolution schema's document, as JSON, with no amendment in it. */
  body: JSONContent;
}

/** Who issued a revision (from the session). */
export interface RevisionIssuer {
  userId: string;
  name: string;
  delegation: string;
}

export interface RevisionSummary {
  draftId: string;
  /** 0 for the zero draft, n for Rev.n. */
  number: number;
  /** "Zero draft", "Rev.1" … */
  name: string;
  /** The document symbol of the revision, e.g. "A/C.3/79/L.12/Rev.1". */
  symbol: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  issuedBy: RevisionIssuer;
  /** The facilitator's note to delegations ('' when none). */
  note: string;
}

export interface Revision extends RevisionSummary {
  content: RevisionContent;
}

/** Longest note to delegations accepted with a revision. */
export const MAX_REVISION_NOTE_LENGTH = 4000;

/** "Zero draft", "Rev.1", "Rev.2" … */
export function revisionName(number: number): string {
  return number === 0 ? 'Zero draft' : `Rev.${number}`;
}

/**
 * The symbol of revision `number` of a draft whose symbol is `symbol`:
 * "A/C.3/79/L.12" → "A/C.3/79/L.12/Rev.1"; a "/Rev.n" already there is
 * replaced; the zero draft keeps the symbol without it. '' stays ''.
 */
export function revisionSymbol(symbol: string, number: number): string {
  const base = symbol.trim().replace(/\/Rev\.\d+$/i, '');
  if (!base) return '';
  return number === 0 ? base : `${base}/Rev.${number}`;
}

/** `content` with the amendments left out: as if every pending one were rejected. */
function agreedContent(content: Fragment): Fragment {
  const nodes: ProseMirrorNode[] = [];
  content.forEach((node) => {
    if (PARAGRAPH_NODE_TYPES.has(node.type.name) && !paragraphVisibleIn(node, 'original')) return;
    if (node.isInline && !inlineVisibleIn(node, 'original')) return;
    if (node.isText) {
      nodes.push(
        node.mark(
          node.marks.filter(
            (mark) => mark.type.name !== INSERTION_MARK && mark.type.name !== DELETION_MARK,
          ),
        ),
      );
      return;
    }
    const attrs =
      'suggestion' in node.attrs && node.attrs.suggestion !== null
        ? { ...node.attrs, suggestion: null }
        : node.attrs;
    nodes.push(
      node.isLeaf ? node : node.type.create(attrs, agreedContent(node.content), node.marks),
    );
  });
  return Fragment.fromArray(nodes);
}

/** The agreed text of a draft's document now, with its header: what a revision keeps. */
export function agreedSnapshot(doc: Y.Doc): RevisionContent {
  const marked = draftBodyState(doc).doc;
  const agreed = resolutionSchema.topNodeType.create(marked.attrs, agreedContent(marked.content));
  return { header: readHeader(doc), body: agreed.toJSON() as JSONContent };
}

/** A revision's body as a ProseMirror document (checked against the schema). */
export function revisionBody(content: RevisionContent): ProseMirrorNode {
  const body = resolutionSchema.nodeFromJSON(content.body);
  body.check();
  return body;
}
