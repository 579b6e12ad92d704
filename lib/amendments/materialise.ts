import { Fragment, type Mark, type Node as ProseMirrorNode, type Schema } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { resolutionSchema } from '../schema/document-extensions';
import { readYBody, readYElement } from '../schema/read-yjs';
import { indexBaseParagraphs, resolveBaseOffset, type BaseParagraph } from './base-text';
import { DELETION_MARK, INSERTION_MARK, type ParagraphSuggestion } from './model';
import {
  compareRank,
  isFootnoteEmbed,
  isPending,
  readProposals,
  resolveContentOffset,
  type ContentOp,
  type ParagraphContainer,
  type ParagraphsProposal,
  type Proposal,
  type ProposedParagraph,
  type TextProposal,
} from './proposals';

/**
 * The marked-up text, derived: base + proposals → the ProseMirror document the
 * editor shows (DESIGN.md §3). Text proposals become `insertion` / `deletion`
 * marks `{suggestionId, delegation}`; paragraph proposals become the paragraph
 * `suggestion` attribute (`insert`, `delete`, `moveFrom`, `moveTo`). The views
 * ("as if all accepted", "original") and the decisions are read from the same
 * layout. Pure: it never writes to the Y.Doc.
 */

/** A text proposal placed in its paragraph: the base range [from, to) it strikes, its content at `to`. */
export interface PlacedText {
  proposal: TextProposal;
  from: number;
  to: number;
}

/** One stretch of a paragraph's marked-up text, in order. */
export type Segment =
  | { kind: 'base'; from: number; to: number; struckBy: PlacedText[] }
  | { kind: 'insert'; at: number; placed: PlacedText };

export interface MaterialiseOptions {
  /** Which proposals to show; default: every pending one. */
  include?: (proposal: Proposal) => boolean;
  /** The schema to build in (an editor's own); default: the resolution schema. */
  schema?: Schema;
}

/**
 * Places each text proposal in its base paragraph. A proposal whose anchors do
 * not resolve in its paragraph (its text has not arrived yet, or the paragraph
 * is gone) is left out: it is stale, not shown.
 */
export function placeTextProposals(
  doc: Y.Doc,
  paragraphs: ReadonlyMap<string, BaseParagraph>,
  proposals: readonly TextProposal[],
): Map<string, PlacedText[]> {
  const placed = new Map<string, PlacedText[]>();
  for (const proposal of proposals) {
    const paragraph = paragraphs.get(proposal.paragraphId);
    if (!paragraph) continue;
    const from =
      proposal.start === null ? 0 : resolveBaseOffset(doc, paragraph.element, proposal.start);
    if (from === null) continue;
    let to = from;
    if (proposal.end !== null) {
      const end = resolveBaseOffset(doc, paragraph.element, proposal.end);
      if (end === null) continue;
      to = Math.max(from, end);
    }
    if (to === from && proposal.content.length === 0) continue;
    const list = placed.get(proposal.paragraphId) ?? [];
    list.push({ proposal, from, to });
    placed.set(proposal.paragraphId, list);
  }
  return placed;
}

/**
 * The stretches of a paragraph of `size` with these text proposals: base text
 * cut where a proposal starts or ends, each stretch with the proposals that
 * strike it, and every proposal's content at the end of its range, proposals
 * at one point in rank order.
 */
export function paragraphSegments(size: number, placed: readonly PlacedText[]): Segment[] {
  const cuts = new Set<number>([0, size]);
  for (const item of placed) {
    cuts.add(Math.min(item.from, size));
    cuts.add(Math.min(item.to, size));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const inserts = placed
    .filter((item) => item.proposal.content.length > 0)
    .sort((a, b) => a.to - b.to || compareRank(a.proposal, b.proposal));
  const segments: Segment[] = [];
  let next = 0;
  for (let i = 0; i < points.length; i++) {
    const at = points[i] ?? 0;
    while (next < inserts.length && Math.min(inserts[next]?.to ?? 0, size) === at) {
      const item = inserts[next++];
      if (item) segments.push({ kind: 'insert', at, placed: item });
    }
    const end = points[i + 1];
    if (end === undefined) break;
    const struckBy = placed
      .filter((item) => item.from <= at && item.to >= end && item.to > item.from)
      .sort((a, b) => byId(a.proposal, b.proposal));
    segments.push({ kind: 'base', from: at, to: end, struckBy });
  }
  return segments;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function amendmentMark(schema: Schema, name: string, proposal: Proposal): Mark {
  return schema.marks[name]!.create({
    suggestionId: proposal.amendment,
    delegation: proposal.delegation,
  });
}

/** ProseMirror inline nodes of a proposal's content (formatting kept, unknown formatting dropped). */
export function contentNodes(
  content: Y.Text,
  extra: readonly Mark[] = [],
  schema: Schema = resolutionSchema,
): ProseMirrorNode[] {
  return nodesOf(content.toDelta() as ContentOp[], extra, schema);
}

/** ProseMirror inline nodes of content ops (see `contentNodes`). */
function nodesOf(
  ops: readonly ContentOp[],
  extra: readonly Mark[],
  schema: Schema,
): ProseMirrorNode[] {
  const nodes: ProseMirrorNode[] = [];
  for (const op of ops) {
    const marks: Mark[] = [];
    for (const [name, value] of Object.entries(op.attributes ?? {})) {
      const type = schema.marks[name];
      if (!type || name === INSERTION_MARK || name === DELETION_MARK) continue;
      try {
        marks.push(type.create(typeof value === 'object' && value !== null ? value : null));
      } catch {
        // formatting the schema cannot hold is not shown
      }
    }
    let all: readonly Mark[] = marks;
    for (const mark of extra) all = mark.addToSet(all);
    if (typeof op.insert === 'string') {
      if (op.insert.length > 0) nodes.push(schema.text(op.insert, all));
    } else if (isFootnoteEmbed(op.insert)) {
      const text = op.insert.footnote;
      nodes.push(schema.nodes.footnote!.create(null, text ? schema.text(text) : null, extra));
    }
  }
  return nodes;
}

/** The marked-up inline content of one base paragraph. */
/**
 * Where a stretch of a marked-up paragraph sits in ProseMirror positions,
 * from the start of the paragraph's content.
 */
export interface LaidOutSegment {
  segment: Segment;
  pmFrom: number;
  pmTo: number;
  /**
   * A proposal's words cut by sub-amendments are laid out piece by piece:
   * where this piece starts in its proposal's words (an `insert` segment of a
   * sub-amendment is its own words, from 0).
   */
  contentFrom?: number;
}

export function markedInline(
  paragraph: ProseMirrorNode,
  placed: readonly PlacedText[],
  layout?: LaidOutSegment[],
  /** Sub-amendments shown in the proposals' words, by proposal id. */
  subs: ReadonlyMap<string, PlacedText[]> = new Map(),
): ProseMirrorNode[] {
  const schema = paragraph.type.schema;
  if (placed.length === 0) {
    const nodes: ProseMirrorNode[] = [];
    paragraph.content.forEach((child) => nodes.push(child));
    return nodes;
  }
  const nodes: ProseMirrorNode[] = [];
  // Proposals count a footnote as one; ProseMirror as its text plus two.
  const offsets: number[] = [];
  const positions: number[] = [];
  let offset = 0;
  paragraph.forEach((child, pos) => {
    offsets.push(offset);
    positions.push(pos);
    offset += child.isText ? child.nodeSize : 1;
  });
  const toPos = (at: number): number => {
    let i = offsets.length - 1;
    while (i > 0 && (offsets[i] ?? 0) > at) i--;
    const child = paragraph.content.maybeChild(i);
    if (!child) return paragraph.content.size;
    const start = offsets[i] ?? 0;
    const pos = positions[i] ?? 0;
    if (at <= start) return pos;
    return child.isText ? pos + (at - start) : pos + child.nodeSize;
  };
  let at = 0;
  for (const segment of paragraphSegments(offset, placed)) {
    if (segment.kind === 'insert') {
      const proposal = segment.placed.proposal;
      const inside = subs.get(proposal.id);
      if (inside && inside.length > 0) {
        at = amendedWords(schema, segment, inside, nodes, at, layout);
        continue;
      }
      const inserted = contentNodes(
        proposal.content,
        [amendmentMark(schema, INSERTION_MARK, proposal)],
        schema,
      );
      nodes.push(...inserted);
      const size = inserted.reduce((sum, node) => sum + node.nodeSize, 0);
      layout?.push({ segment, pmFrom: at, pmTo: at + size });
      at += size;
      continue;
    }
    const from = toPos(segment.from);
    const to = toPos(segment.to);
    layout?.push({ segment, pmFrom: at, pmTo: at + (to - from) });
    at += to - from;
    const marks = segment.struckBy.map((item) =>
      amendmentMark(schema, DELETION_MARK, item.proposal),
    );
    paragraph.content.cut(from, to).forEach((child) => {
      let set = child.marks;
      for (const mark of marks) set = mark.addToSet(set);
      nodes.push(child.mark(set));
    });
  }
  return nodes;
}

/** The ops of [from, to) of a proposal's words (a footnote counts one). */
export function sliceOps(ops: readonly ContentOp[], from: number, to: number): ContentOp[] {
  const sliced: ContentOp[] = [];
  let at = 0;
  for (const op of ops) {
    const size = typeof op.insert === 'string' ? op.insert.length : 1;
    const a = Math.max(from, at);
    const b = Math.min(to, at + size);
    if (a < b) {
      if (typeof op.insert === 'string') {
        const insert = op.insert.slice(a - at, b - at);
        sliced.push(op.attributes ? { insert, attributes: op.attributes } : { insert });
      } else sliced.push(op);
    }
    at += size;
  }
  return sliced;
}

/**
 * A proposal's words with the sub-amendments of other delegations shown in
 * them: struck words keep the proposal's insertion mark and take the
 * sub-amendment's deletion mark; a sub-amendment's words carry its own
 * insertion mark. Laid out piece by piece. @returns the position after them
 */
function amendedWords(
  schema: Schema,
  segment: Extract<Segment, { kind: 'insert' }>,
  inside: readonly PlacedText[],
  nodes: ProseMirrorNode[],
  at: number,
  layout?: LaidOutSegment[],
): number {
  const proposal = segment.placed.proposal;
  const ops = proposal.content.toDelta() as ContentOp[];
  const size = ops.reduce(
    (sum, op) => sum + (typeof op.insert === 'string' ? op.insert.length : 1),
    0,
  );
  const own = amendmentMark(schema, INSERTION_MARK, proposal);
  let pm = at;
  for (const piece of paragraphSegments(size, inside)) {
    let made: ProseMirrorNode[];
    if (piece.kind === 'insert') {
      const sub = piece.placed.proposal;
      made = contentNodes(sub.content, [amendmentMark(schema, INSERTION_MARK, sub)], schema);
      const length = made.reduce((sum, node) => sum + node.nodeSize, 0);
      layout?.push({
        segment: { kind: 'insert', at: segment.at, placed: piece.placed },
        pmFrom: pm,
        pmTo: pm + length,
        contentFrom: 0,
      });
      nodes.push(...made);
      pm += length;
      continue;
    }
    const marks = [
      own,
      ...piece.struckBy.map((item) => amendmentMark(schema, DELETION_MARK, item.proposal)),
    ];
    made = nodesOf(sliceOps(ops, piece.from, piece.to), marks, schema);
    const length = made.reduce((sum, node) => sum + node.nodeSize, 0);
    layout?.push({ segment, pmFrom: pm, pmTo: pm + length, contentFrom: piece.from });
    nodes.push(...made);
    pm += length;
  }
  return pm;
}

function suggestionAttr(
  proposal: Proposal,
  kind: ParagraphSuggestion['kind'],
): ParagraphSuggestion {
  return { suggestionId: proposal.amendment, delegation: proposal.delegation, kind };
}

const CONTAINER_TYPES: Readonly<Record<ParagraphContainer, ReadonlySet<string>>> = {
  preamble: new Set(['preambularParagraph']),
  operativePart: new Set(['operativeParagraph', 'subParagraph', 'sectionHeading']),
};

function proposedNode(
  schema: Schema,
  proposal: ParagraphsProposal,
  paragraph: ProposedParagraph,
): ProseMirrorNode | null {
  if (!CONTAINER_TYPES[proposal.container].has(paragraph.type)) return null;
  const type = schema.nodes[paragraph.type];
  if (!type) return null;
  const attrs: Record<string, unknown> = {
    paragraphId: paragraph.paragraphId,
    suggestion: suggestionAttr(proposal, proposal.kind === 'moveParagraphs' ? 'moveTo' : 'insert'),
  };
  if (paragraph.type === 'subParagraph') attrs.level = paragraph.level ?? 1;
  if (paragraph.type === 'sectionHeading') attrs.numbered = paragraph.numbered ?? false;
  try {
    return type.createChecked(attrs, contentNodes(paragraph.content, [], schema));
  } catch {
    return null;
  }
}

/** Proposals of a container by the paragraph they follow (null: the container's start), in rank order. */
function proposalsAfter(
  proposals: readonly ParagraphsProposal[],
  container: ParagraphContainer,
  present: ReadonlySet<string>,
): { after: Map<string | null, ParagraphsProposal[]>; orphans: ParagraphsProposal[] } {
  const after = new Map<string | null, ParagraphsProposal[]>();
  const orphans: ParagraphsProposal[] = [];
  for (const proposal of proposals) {
    if (proposal.container !== container || proposal.paragraphs.length === 0) continue;
    if (proposal.after !== null && !present.has(proposal.after)) {
      orphans.push(proposal);
      continue;
    }
    const list = after.get(proposal.after) ?? [];
    list.push(proposal);
    after.set(proposal.after, list);
  }
  for (const list of after.values()) list.sort(compareRank);
  orphans.sort(compareRank);
  return { after, orphans };
}

export interface Materialised {
  doc: ProseMirrorNode;
  /** Text proposals shown, by paragraph. */
  placed: Map<string, PlacedText[]>;
  /** The stretches of each paragraph with proposals shown, in ProseMirror positions. */
  layout: Map<string, LaidOutSegment[]>;
}

/** The pending (or chosen) proposals of a draft, split by kind. */
export function shownProposals(
  doc: Y.Doc,
  options: MaterialiseOptions = {},
): { text: TextProposal[]; paragraphs: ParagraphsProposal[]; subs: TextProposal[] } {
  const include = options.include ?? ((proposal: Proposal) => isPending(doc, proposal));
  const text: TextProposal[] = [];
  const paragraphs: ParagraphsProposal[] = [];
  const subs: TextProposal[] = [];
  for (const proposal of readProposals(doc)) {
    if (!include(proposal)) continue;
    if (proposal.kind !== 'text') paragraphs.push(proposal);
    else if (proposal.parent === null) text.push(proposal);
    else subs.push(proposal);
  }
  return { text, paragraphs, subs };
}

/**
 * Places each sub-amendment in the words of the text proposal it amends,
 * when that proposal is shown (`parents`) and its anchors resolve in its
 * words: [from, to) are offsets in those words. By parent id.
 */
export function placeSubProposals(
  doc: Y.Doc,
  parents: ReadonlyMap<string, TextProposal>,
  subs: readonly TextProposal[],
): Map<string, PlacedText[]> {
  const placed = new Map<string, PlacedText[]>();
  for (const proposal of subs) {
    const parent = proposal.parent === null ? undefined : parents.get(proposal.parent);
    if (!parent || parent.parent !== null) continue;
    const from =
      proposal.start === null ? 0 : resolveContentOffset(doc, parent.content, proposal.start);
    if (from === null) continue;
    let to = from;
    if (proposal.end !== null) {
      const end = resolveContentOffset(doc, parent.content, proposal.end);
      if (end === null) continue;
      to = Math.max(from, end);
    }
    if (to === from && proposal.content.length === 0) continue;
    const list = placed.get(parent.id) ?? [];
    list.push({ proposal, from, to });
    placed.set(parent.id, list);
  }
  return placed;
}

/** Sub-amendments placed in the words of the text proposals `placed` shows. */
function placedSubs(
  doc: Y.Doc,
  placed: ReadonlyMap<string, PlacedText[]>,
  subs: readonly TextProposal[],
): Map<string, PlacedText[]> {
  if (subs.length === 0) return new Map();
  const parents = new Map<string, TextProposal>();
  for (const list of placed.values()) {
    for (const item of list) parents.set(item.proposal.id, item.proposal);
  }
  return placeSubProposals(doc, parents, subs);
}

/**
 * The marked-up document of a draft: its base with every pending proposal
 * (or those `options.include` chooses) shown as the editor shows amendments.
 */
export function materialiseDraft(doc: Y.Doc, options: MaterialiseOptions = {}): Materialised {
  const fragment = doc.getXmlFragment(BODY_FIELD);
  const schema = options.schema ?? resolutionSchema;
  const base = readYBody(fragment, schema as typeof resolutionSchema);
  const paragraphs = indexBaseParagraphs(fragment);
  const shown = shownProposals(doc, options);
  const placed = placeTextProposals(doc, paragraphs, shown.text);
  const subs = placedSubs(doc, placed, shown.subs);

  const removed = new Map<string, ParagraphSuggestion>();
  for (const proposal of [...shown.paragraphs].sort(byId)) {
    if (proposal.kind === 'newParagraphs') continue;
    const kind = proposal.kind === 'moveParagraphs' ? 'moveFrom' : 'delete';
    for (const paragraphId of proposal.removes) {
      if (!removed.has(paragraphId)) removed.set(paragraphId, suggestionAttr(proposal, kind));
    }
  }

  const layout = new Map<string, LaidOutSegment[]>();
  const laidOut = (paragraphId: string) => {
    const list: LaidOutSegment[] = [];
    layout.set(paragraphId, list);
    return list;
  };
  const parts: ProseMirrorNode[] = [];
  base.forEach((part) => {
    const container = part.type.name as ParagraphContainer;
    const present = new Set<string>();
    part.forEach((child) => present.add(String(child.attrs.paragraphId)));
    const { after, orphans } = proposalsAfter(shown.paragraphs, container, present);
    const children: ProseMirrorNode[] = [];
    const addAfter = (list: readonly ParagraphsProposal[] | undefined) => {
      for (const proposal of list ?? []) {
        for (const paragraph of proposal.paragraphs) {
          const node = proposedNode(schema, proposal, paragraph);
          if (node) children.push(node);
        }
      }
    };
    addAfter(after.get(null));
    part.forEach((child) => {
      const paragraphId = String(child.attrs.paragraphId);
      const pieces = placed.get(paragraphId);
      const suggestion = removed.get(paragraphId);
      let node = child;
      if (pieces || suggestion) {
        node = child.type.create(
          suggestion ? { ...child.attrs, suggestion } : child.attrs,
          pieces ? markedInline(child, pieces, laidOut(paragraphId), subs) : child.content,
          child.marks,
        );
      }
      children.push(node);
      addAfter(after.get(paragraphId));
    });
    addAfter(orphans);
    parts.push(part.type.create(part.attrs, children));
  });
  return { doc: base.type.create(base.attrs, parts), placed, layout };
}

/**
 * The marked-up document again after changes that touched only the words of
 * these base paragraphs and of the text proposals on them (what typing does):
 * those paragraphs are built again, the rest is kept from `previous`, which
 * must be this draft's materialisation before the changes. The caller knows
 * which changes those are (the editor binding reads them off its Y.Doc's
 * transactions); anything else (paragraphs added, removed or proposed,
 * decisions) needs `materialiseDraft`. Null when a paragraph cannot be
 * rebuilt alone (not in `previous`, or not readable): materialise it all.
 */
export function rematerialise(
  doc: Y.Doc,
  previous: Materialised,
  paragraphIds: ReadonlySet<string>,
  options: MaterialiseOptions = {},
): Materialised | null {
  if (paragraphIds.size === 0) return previous;
  const schema = options.schema ?? resolutionSchema;
  const all = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const paragraphs = new Map<string, BaseParagraph>();
  const proposed = new Set<string>();
  for (const paragraphId of paragraphIds) {
    const paragraph = all.get(paragraphId);
    if (paragraph) paragraphs.set(paragraphId, paragraph);
    else proposed.add(paragraphId);
  }
  const shown = shownProposals(doc, options);
  const inParagraphs = (proposal: TextProposal) => paragraphIds.has(proposal.paragraphId);
  const placedNow = placeTextProposals(doc, paragraphs, shown.text.filter(inParagraphs));
  const subs = placedSubs(doc, placedNow, shown.subs.filter(inParagraphs));
  const placed = new Map(previous.placed);
  const layout = new Map(previous.layout);
  // Where each paragraph is in the previous document: [part, index in part].
  const where = new Map<string, [number, number]>();
  const proposedAt = new Map<string, [number, number]>();
  previous.doc.forEach((part, _, partIndex) => {
    part.forEach((child, __, index) => {
      const id = String(child.attrs.paragraphId);
      if (!paragraphIds.has(id)) return;
      const suggestion = child.attrs.suggestion as ParagraphSuggestion | null;
      // A proposed paragraph shown under a base paragraph's id (a move's copy) is not the base's.
      if (suggestion?.kind === 'insert' || suggestion?.kind === 'moveTo') {
        if (proposed.has(id)) proposedAt.set(id, [partIndex, index]);
        return;
      }
      where.set(id, [partIndex, index]);
    });
  });
  const parts: ProseMirrorNode[] = [];
  previous.doc.forEach((part) => parts.push(part));
  const children = new Map<number, ProseMirrorNode[]>();
  for (const [paragraphId, paragraph] of paragraphs) {
    const at = where.get(paragraphId);
    if (!at) return null;
    let node: ProseMirrorNode;
    try {
      node = readYElement(paragraph.element, schema as typeof resolutionSchema);
    } catch {
      return null;
    }
    const [partIndex, index] = at;
    const part = parts[partIndex]!;
    const list = children.get(partIndex) ?? [];
    if (!children.has(partIndex)) {
      part.forEach((child) => list.push(child));
      children.set(partIndex, list);
    }
    const old = list[index]!;
    // The paragraph's status from paragraph proposals: those did not change.
    const suggestion: unknown = old.attrs.suggestion;
    const pieces = placedNow.get(paragraphId);
    placed.delete(paragraphId);
    layout.delete(paragraphId);
    if (pieces) placed.set(paragraphId, pieces);
    let rebuilt = node;
    if (pieces || suggestion) {
      const laid: LaidOutSegment[] = [];
      if (pieces) layout.set(paragraphId, laid);
      rebuilt = node.type.create(
        suggestion ? { ...node.attrs, suggestion } : node.attrs,
        pieces ? markedInline(node, pieces, laid, subs) : node.content,
        node.marks,
      );
    }
    list[index] = rebuilt;
  }
  // Proposed paragraphs whose words changed: built again from their proposal.
  if (proposed.size > 0) {
    const owners = new Map<string, [ParagraphsProposal, ProposedParagraph]>();
    for (const proposal of shown.paragraphs) {
      for (const paragraph of proposal.paragraphs) {
        if (proposed.has(paragraph.paragraphId)) {
          owners.set(paragraph.paragraphId, [proposal, paragraph]);
        }
      }
    }
    for (const paragraphId of proposed) {
      const at = proposedAt.get(paragraphId);
      const owner = owners.get(paragraphId);
      if (!at || !owner) return null;
      const node = proposedNode(schema, owner[0], owner[1]);
      if (!node) return null;
      const [partIndex, index] = at;
      const list = children.get(partIndex) ?? [];
      if (!children.has(partIndex)) {
        parts[partIndex]!.forEach((child) => list.push(child));
        children.set(partIndex, list);
      }
      list[index] = node;
    }
  }
  for (const [partIndex, list] of children) {
    parts[partIndex] = parts[partIndex]!.copy(Fragment.from(list));
  }
  return { doc: previous.doc.copy(Fragment.from(parts)), placed, layout };
}

/**
 * The agreed text a marked-up document shows: every proposal's words and
 * paragraphs left out, strikes and paragraph marks taken off. The inverse of
 * `materialiseDraft` for the base: what a facilitator's direct edit of the
 * marked-up text makes of the agreed text.
 */
export function agreedText(marked: ProseMirrorNode): ProseMirrorNode {
  const parts: ProseMirrorNode[] = [];
  marked.forEach((part) => {
    const children: ProseMirrorNode[] = [];
    part.forEach((paragraph) => {
      const suggestion: unknown = paragraph.attrs.suggestion;
      const kind = (suggestion as ParagraphSuggestion | null)?.kind;
      if (kind === 'insert' || kind === 'moveTo') return;
      const inline: ProseMirrorNode[] = [];
      paragraph.forEach((child) => {
        if (child.marks.some((mark) => mark.type.name === INSERTION_MARK)) return;
        inline.push(child.mark(child.marks.filter((mark) => mark.type.name !== DELETION_MARK)));
      });
      children.push(
        paragraph.type.create({ ...paragraph.attrs, suggestion: null }, inline, paragraph.marks),
      );
    });
    parts.push(part.type.create(part.attrs, children));
  });
  return marked.type.create(marked.attrs, parts);
}
