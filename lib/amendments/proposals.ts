import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { isId } from '../schema/new-id';
import { amendmentsMap } from './model';

/**
 * Amendments as objects beside the agreed text (DESIGN.md §3, issue 19).
 *
 * The agreed text (the base) is the draft's Y.XmlFragment. Every proposal is a
 * Y.Map in the draft's Y.Map `proposals`, keyed by a random id, owned by one
 * delegation. A proposal is one piece of an amendment: `amendment` names the
 * amendment's record in the `amendments` map (who, when, rationale, decision),
 * so an amendment made of several pieces (Enter: a new paragraph, and the
 * text after the caret struck where it was) is decided as one.
 *
 * - `text`: strike the base range [start, end) of one paragraph and/or insert
 *   `content` at its end. Anchors are Yjs relative positions on the
 *   paragraph's text (AMENDMENT-OBJECTS.md, trap 1): `start` on the range's
 *   first character (assoc 0), `end` on its last (assoc -1); a point has no
 *   `end`, and `start` on the character before it (assoc -1), or null for the
 *   paragraph's start. `covered` is the base text the range held when made
 *   (the stale signal); `rank` orders proposals at one point.
 * - `newParagraphs` / `moveParagraphs`: `paragraphs` (each with its own
 *   content) go after the base paragraph `after` (null: first of its
 *   `container`); a move also marks `removes`, the paragraphs it moves away.
 * - `deleteParagraphs`: marks `removes` for deletion.
 *
 * Fixed fields never change after creation; the owner may edit `content` and
 * its proposed paragraphs, and set `withdrawn`. Decisions are the server's
 * and live in the amendment's record.
 */

/** The Y.Map of the draft's Y.Doc holding proposal objects. */
export const PROPOSALS_FIELD = 'proposals';

export const PROPOSAL_KINDS = [
  'text',
  'newParagraphs',
  'deleteParagraphs',
  'moveParagraphs',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PARAGRAPH_CONTAINERS = ['preamble', 'operativePart'] as const;
export type ParagraphContainer = (typeof PARAGRAPH_CONTAINERS)[number];

export function isParagraphContainer(value: unknown): value is ParagraphContainer {
  return typeof value === 'string' && (PARAGRAPH_CONTAINERS as readonly string[]).includes(value);
}

/** The paragraph node types a proposal may add. */
export const PROPOSABLE_PARAGRAPH_TYPES = [
  'preambularParagraph',
  'operativeParagraph',
  'subParagraph',
  'sectionHeading',
] as const;
export type ProposableParagraphType = (typeof PROPOSABLE_PARAGRAPH_TYPES)[number];

/** A footnote proposed inside a proposal's content: a Y.Text embed. */
export interface FootnoteEmbed {
  footnote: string;
}

export function isFootnoteEmbed(value: unknown): value is FootnoteEmbed {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).footnote === 'string'
  );
}

interface ProposalBase {
  id: string;
  /** Key of the amendment's record in the `amendments` map (the marks' `suggestionId`). */
  amendment: string;
  /** Delegation code of the owner. */
  delegation: string;
  withdrawn: boolean;
  map: Y.Map<unknown>;
}

export interface TextProposal extends ProposalBase {
  kind: 'text';
  paragraphId: string;
  /**
   * A sub-amendment: the id of another delegation's text proposal whose words
   * it amends. Its anchors are then in that proposal's `content`, and its
   * `paragraphId` is that proposal's. Null: it amends the agreed text.
   */
  parent: string | null;
  start: Y.RelativePosition | null;
  /** Null: a point (nothing of the base is struck). */
  end: Y.RelativePosition | null;
  covered: string;
  rank: string;
  content: Y.Text;
}

export interface ProposedParagraph {
  paragraphId: string;
  type: ProposableParagraphType;
  /** Sub-paragraph level (1–4); null for other types. */
  level: number | null;
  /** A section heading's `numbered`; null for other types. */
  numbered: boolean | null;
  content: Y.Text;
  map: Y.Map<unknown>;
}

export interface ParagraphsProposal extends ProposalBase {
  kind: 'newParagraphs' | 'deleteParagraphs' | 'moveParagraphs';
  /** The base paragraphs deleted or moved away. */
  removes: string[];
  after: string | null;
  container: ParagraphContainer;
  rank: string;
  paragraphs: ProposedParagraph[];
}

export type Proposal = TextProposal | ParagraphsProposal;

export function proposalsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(PROPOSALS_FIELD);
}

function decodePosition(value: unknown): Y.RelativePosition | null | undefined {
  if (value === null) return null;
  if (!(value instanceof Uint8Array)) return undefined;
  try {
    return Y.decodeRelativePosition(value);
  } catch {
    return undefined;
  }
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function readProposedParagraph(value: unknown): ProposedParagraph | null {
  if (!(value instanceof Y.Map)) return null;
  const map = value as Y.Map<unknown>;
  const paragraphId = map.get('paragraphId');
  const type = map.get('type');
  const content = map.get('content');
  if (!isId(paragraphId) || !isOneOf(PROPOSABLE_PARAGRAPH_TYPES, type)) return null;
  if (!(content instanceof Y.Text)) return null;
  const level = map.get('level');
  const numbered = map.get('numbered');
  return {
    paragraphId,
    type,
    level: typeof level === 'number' ? level : null,
    numbered: typeof numbered === 'boolean' ? numbered : null,
    content,
    map,
  };
}

/**
 * A proposal as stored, or null when the entry is not a proposal (malformed,
 * or still missing fields that arrive with a later update).
 */
export function readProposal(id: string, value: unknown): Proposal | null {
  if (!(value instanceof Y.Map)) return null;
  const map = value as Y.Map<unknown>;
  // A text proposal is read on every keystroke of every editor: kept while its fields are
  // the same Yjs items (a field set anew is a new item; its words are a live Y.Text).
  const fields = TEXT_FIELDS.map((key) => map._map.get(key));
  const cached = readTexts.get(map);
  if (cached && cached.id === id && cached.fields.every((item, i) => item === fields[i])) {
    return cached.proposal;
  }
  const proposal = readFields(id, map);
  if (proposal?.kind === 'text') readTexts.set(map, { id, fields, proposal });
  return proposal;
}

/** The fields a text proposal is read from. */
const TEXT_FIELDS = [
  'kind',
  'amendment',
  'delegation',
  'withdrawn',
  'rank',
  'paragraphId',
  'start',
  'end',
  'content',
  'covered',
  'parent',
] as const;

const readTexts = new WeakMap<
  Y.Map<unknown>,
  { id: string; fields: (Y.Item | undefined)[]; proposal: TextProposal }
>();

function readFields(id: string, map: Y.Map<unknown>): Proposal | null {
  const kind = map.get('kind');
  const amendment = map.get('amendment');
  const delegation = map.get('delegation');
  if (!isOneOf(PROPOSAL_KINDS, kind) || !isId(amendment) || typeof delegation !== 'string') {
    return null;
  }
  const base = { id, amendment, delegation, withdrawn: map.get('withdrawn') === true, map };
  const rank = map.get('rank');
  if (typeof rank !== 'string') return null;
  if (kind === 'text') {
    const paragraphId = map.get('paragraphId');
    const start = decodePosition(map.get('start'));
    const end = decodePosition(map.get('end'));
    const content = map.get('content');
    const covered = map.get('covered');
    const parent = map.get('parent') ?? null;
    if (!isId(paragraphId) || start === undefined || end === undefined) return null;
    if (!(content instanceof Y.Text) || typeof covered !== 'string') return null;
    if (end !== null && start === null) return null;
    if (parent !== null && (!isId(parent) || parent === id)) return null;
    return { ...base, kind, paragraphId, parent, start, end, covered, rank, content };
  }
  const removes = map.get('removes');
  const after = map.get('after');
  const container = map.get('container');
  const paragraphs = map.get('paragraphs');
  if (!Array.isArray(removes) || !removes.every(isId)) return null;
  if (!(after === null || isId(after)) || !isOneOf(PARAGRAPH_CONTAINERS, container)) return null;
  if (!(paragraphs instanceof Y.Array)) return null;
  const proposed: ProposedParagraph[] = [];
  for (const item of paragraphs.toArray()) {
    const paragraph = readProposedParagraph(item);
    if (paragraph) proposed.push(paragraph);
  }
  return {
    ...base,
    kind,
    removes: removes as string[],
    after,
    container,
    rank,
    paragraphs: proposed,
  };
}

/** Every well-formed proposal of the draft, in no particular order. */
export function readProposals(doc: Y.Doc): Proposal[] {
  const found: Proposal[] = [];
  proposalsMap(doc).forEach((value, id) => {
    const proposal = readProposal(id, value);
    if (proposal) found.push(proposal);
  });
  return found;
}

/**
 * Whether a proposal is pending: not withdrawn and not decided. A proposal
 * whose record has not arrived yet is pending (its record comes with it).
 */
export function isPending(doc: Y.Doc, proposal: Proposal): boolean {
  if (proposal.withdrawn) return false;
  const record = amendmentsMap(doc).get(proposal.amendment);
  return !(typeof record === 'object' && record !== null && record.decision);
}

/** Orders proposals at one point: by rank, then id (ranks made concurrently may be equal). */
export function compareRank(a: { rank: string; id: string }, b: { rank: string; id: string }) {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A rank between two neighbours at one point (either may be missing). Two
 * neighbours made concurrently may carry the same rank; the new one then goes
 * after both.
 */
export function rankBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) return generateKeyBetween(before, null);
  return generateKeyBetween(before, after);
}

/** A content delta operation as proposals store it (Y.Text delta). */
export interface ContentOp {
  insert: string | FootnoteEmbed;
  attributes?: Record<string, unknown>;
}

function newContent(ops: readonly ContentOp[]): Y.Text {
  const text = new Y.Text();
  text.applyDelta(ops.map((op) => ({ ...op })));
  return text;
}

export interface NewTextProposal {
  id: string;
  amendment: string;
  delegation: string;
  paragraphId: string;
  start: Y.RelativePosition | null;
  end: Y.RelativePosition | null;
  covered: string;
  rank: string;
  content: readonly ContentOp[];
  /** A sub-amendment of this text proposal (anchors in its content). */
  parent?: string;
}

/** Adds a text proposal (inside the caller's transaction, if any). */
export function addTextProposal(doc: Y.Doc, proposal: NewTextProposal): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('kind', 'text');
  map.set('amendment', proposal.amendment);
  map.set('delegation', proposal.delegation);
  map.set('paragraphId', proposal.paragraphId);
  map.set('start', proposal.start ? Y.encodeRelativePosition(proposal.start) : null);
  map.set('end', proposal.end ? Y.encodeRelativePosition(proposal.end) : null);
  map.set('covered', proposal.covered);
  map.set('rank', proposal.rank);
  map.set('content', newContent(proposal.content));
  if (proposal.parent) map.set('parent', proposal.parent);
  proposalsMap(doc).set(proposal.id, map);
  return map;
}

export interface NewProposedParagraph {
  paragraphId: string;
  type: ProposableParagraphType;
  level?: number | null;
  numbered?: boolean | null;
  content: readonly ContentOp[];
}

/** A proposed paragraph as stored in a proposal's `paragraphs`. */
export function proposedParagraphMap(paragraph: NewProposedParagraph): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('paragraphId', paragraph.paragraphId);
  map.set('type', paragraph.type);
  if (typeof paragraph.level === 'number') map.set('level', paragraph.level);
  if (typeof paragraph.numbered === 'boolean') map.set('numbered', paragraph.numbered);
  map.set('content', newContent(paragraph.content));
  return map;
}

export interface NewParagraphsProposal {
  id: string;
  amendment: string;
  delegation: string;
  kind: ParagraphsProposal['kind'];
  removes: readonly string[];
  after: string | null;
  container: ParagraphContainer;
  rank: string;
  paragraphs: readonly NewProposedParagraph[];
}

/** Adds a paragraph proposal (new, delete or move). */
export function addParagraphsProposal(doc: Y.Doc, proposal: NewParagraphsProposal): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('kind', proposal.kind);
  map.set('amendment', proposal.amendment);
  map.set('delegation', proposal.delegation);
  map.set('removes', [...proposal.removes]);
  map.set('after', proposal.after);
  map.set('container', proposal.container);
  map.set('rank', proposal.rank);
  const paragraphs = new Y.Array<Y.Map<unknown>>();
  paragraphs.push(proposal.paragraphs.map(proposedParagraphMap));
  map.set('paragraphs', paragraphs);
  proposalsMap(doc).set(proposal.id, map);
  return map;
}

/** Withdraws one's own proposal: it stays stored, and is no longer shown or decided. */
export function withdrawProposal(doc: Y.Doc, id: string): void {
  proposalsMap(doc).get(id)?.set('withdrawn', true);
}

/**
 * A place in a proposal's words (a sub-amendment's anchor), as a place in the
 * agreed text is made: with `assoc` ≥ 0 on the character at `index`, otherwise
 * on the one before it (null at the start, which needs no anchor).
 */
export function contentRelativePosition(
  content: Y.Text,
  index: number,
  assoc: number,
): Y.RelativePosition | null {
  if (assoc < 0 && index <= 0) return null;
  return Y.createRelativePositionFromTypeIndex(content, index, assoc >= 0 ? 0 : -1);
}

/** Where a sub-amendment's anchor resolves in its parent's words; null when not there. */
export function resolveContentOffset(
  doc: Y.Doc,
  content: Y.Text,
  position: Y.RelativePosition,
): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute || absolute.type !== content) return null;
  return Math.min(absolute.index, content.length);
}
