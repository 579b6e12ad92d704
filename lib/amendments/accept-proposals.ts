import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import {
  baseContainer,
  baseDelta,
  baseText,
  contentSize,
  deleteBaseRange,
  indexBaseParagraphs,
  insertBaseContent,
  paragraphSize,
} from './base-text';
import {
  paragraphSegments,
  placeSubProposals,
  type Segment,
  placeTextProposals,
  shownProposals,
  sliceOps,
  type PlacedText,
} from './materialise';
import {
  compareRank,
  type ContentOp,
  type ParagraphsProposal,
  type ProposedParagraph,
  type TextProposal,
} from './proposals';

/**
 * Accepting amendments writes them into the base (the agreed text), in one
 * pass over what the marked-up text shows: each paragraph is walked from its
 * end to its start (AMENDMENT-OBJECTS.md, trap 6), so accepting several
 * overlapping proposals never deletes text accepted a moment before. Only the
 * server calls this, inside the transaction that also records the decisions.
 * Rejecting writes nothing here: a rejected proposal is simply no longer shown.
 */

/** What an acceptance put into the agreed text: who proposed which words (provenance). */
export interface AcceptedText {
  amendment: string;
  delegation: string;
  paragraphId: string;
  /** The words it added (empty for a pure deletion). */
  added: string;
  /** The words it removed from the agreed text. */
  removed: string;
}

/**
 * One change an acceptance made to a paragraph of the agreed text, where it
 * now is: at `offset` (after the decision) `inserted` characters that one
 * proposal added, in place of `removed` (the struck base content). What
 * reinstating the amendment undoes.
 */
export interface AcceptedEdit {
  amendment: string;
  proposal: string;
  paragraphId: string;
  offset: number;
  inserted: number;
  removed: ContentOp[];
}

/** A base paragraph an acceptance removed, as it was, and where. */
export interface RemovedParagraph {
  amendment: string;
  paragraphId: string;
  container: string;
  /** The paragraph it followed (null: first of its part). */
  after: string | null;
  nodeName: string;
  attributes: Record<string, unknown>;
  content: ContentOp[];
}

/** A change an acceptance made to another proposal's words (an accepted sub-amendment). */
export interface AcceptedSubEdit {
  amendment: string;
  proposal: string;
  /** The proposal whose words were changed. */
  parent: string;
  /** Where, in its words after the decision. */
  offset: number;
  inserted: number;
  removed: ContentOp[];
}

export interface AcceptOutcome {
  texts: AcceptedText[];
  /** The text changes, per proposal, in offsets after the decision. */
  edits: AcceptedEdit[];
  /** Changes to proposals' words (accepted sub-amendments), in offsets after the decision. */
  subEdits: AcceptedSubEdit[];
  /** Paragraphs added (new or moved here) and removed (deleted or moved away). */
  addedParagraphs: { amendment: string; paragraphId: string }[];
  removedParagraphs: RemovedParagraph[];
  /** Paragraph removals left undone because their part of the draft would be empty. */
  kept: { amendment: string; paragraphId: string }[];
}

function plain(ops: readonly ContentOp[]): string {
  return ops.map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('');
}

function paragraphElement(paragraph: ProposedParagraph, paragraphId: string): Y.XmlElement {
  const element = new Y.XmlElement(paragraph.type);
  element.setAttribute('paragraphId', paragraphId);
  if (paragraph.type === 'subParagraph') {
    element.setAttribute('level', (paragraph.level ?? 1) as unknown as string);
  }
  if (paragraph.type === 'sectionHeading') {
    element.setAttribute('numbered', (paragraph.numbered ?? false) as unknown as string);
  }
  return element;
}

function indexOf(container: Y.XmlElement, element: Y.XmlElement): number {
  return container.toArray().indexOf(element);
}

/**
 * Writes the pending proposals of `amendments` into the base. Call inside a
 * transaction; the records' decisions are the caller's.
 */
export function acceptProposals(doc: Y.Doc, amendments: ReadonlySet<string>): AcceptOutcome {
  const outcome: AcceptOutcome = {
    texts: [],
    edits: [],
    subEdits: [],
    addedParagraphs: [],
    removedParagraphs: [],
    kept: [],
  };
  const fragment = doc.getXmlFragment(BODY_FIELD);
  const paragraphs = indexBaseParagraphs(fragment);
  const shown = shownProposals(doc);
  const placed = placeTextProposals(doc, paragraphs, shown.text);
  // Sub-amendments first: a chosen one is written into the words it amends, which the
  // proposal then carries (into the agreed text too, if it is chosen as well).
  acceptSubs(doc, placed, shown.subs, amendments, outcome);

  // A moved paragraph whose copy its delegation left as it was takes the words
  // accepted into the original in the same decision: remember the originals.
  const movedFrom = new Map<string, string>();
  for (const proposal of shown.paragraphs) {
    if (proposal.kind !== 'moveParagraphs' || !amendments.has(proposal.amendment)) continue;
    for (const paragraphId of proposal.removes) {
      const element = paragraphs.get(paragraphId)?.element;
      if (element) movedFrom.set(paragraphId, sameText(baseDelta(element)));
    }
  }

  for (const [paragraphId, pieces] of placed) {
    if (!pieces.some((item) => amendments.has(item.proposal.amendment))) continue;
    const element = paragraphs.get(paragraphId)?.element;
    if (!element) continue;
    const segments = paragraphSegments(paragraphSize(element), pieces);
    const texts = new Map<string, AcceptedText>();
    const note = (piece: (typeof pieces)[number]): AcceptedText => {
      const proposal = piece.proposal;
      let entry = texts.get(proposal.id);
      if (!entry) {
        entry = {
          amendment: proposal.amendment,
          delegation: proposal.delegation,
          paragraphId,
          added: '',
          removed: '',
        };
        texts.set(proposal.id, entry);
      }
      return entry;
    };
    // Where each change lands once the paragraph is written (reinstating reads it).
    landEdits(
      segments,
      amendments,
      (from, to) => baseDelta(element, from, to),
      outcome.edits,
      (edit) => ({ ...edit, paragraphId }),
    );
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i];
      if (!segment) continue;
      if (segment.kind === 'insert') {
        if (!amendments.has(segment.placed.proposal.amendment)) continue;
        const ops = segment.placed.proposal.content.toDelta() as ContentOp[];
        insertBaseContent(element, segment.at, ops);
        note(segment.placed).added = plain(ops);
        continue;
      }
      const accepted = segment.struckBy.filter((item) => amendments.has(item.proposal.amendment));
      if (accepted.length === 0) continue;
      for (const item of accepted) {
        const entry = note(item);
        entry.removed = baseText(element, segment.from, segment.to) + entry.removed;
      }
      deleteBaseRange(element, segment.from, segment.to);
    }
    outcome.texts.push(...texts.values());
  }

  const chosen = shown.paragraphs
    .filter((proposal) => amendments.has(proposal.amendment))
    .sort(
      (a, b) =>
        a.container.localeCompare(b.container) ||
        anchorKey(a, paragraphs).localeCompare(anchorKey(b, paragraphs)) ||
        compareRank(a, b),
    );
  const removals: { element: Y.XmlElement; amendment: string; paragraphId: string }[] = [];
  // As they are before anything moves: what reinstating puts back, and after which paragraph.
  const before = new Map<Y.XmlElement, { after: string | null; container: string }>();
  for (const proposal of chosen) {
    for (const paragraphId of proposal.removes) {
      const base = paragraphs.get(paragraphId);
      if (!base) continue;
      removals.push({ element: base.element, amendment: proposal.amendment, paragraphId });
      const previous = base.element.prevSibling;
      const after: unknown =
        previous instanceof Y.XmlElement ? previous.getAttribute('paragraphId') : null;
      before.set(base.element, {
        after: typeof after === 'string' ? after : null,
        container: base.container,
      });
    }
  }
  const lastAt = new Map<string, Y.XmlElement>();
  // Two accepted moves of one paragraph (a conflict the facilitator accepted whole): the
  // first takes its id, the other stays a copy under its own, so that no id is there twice.
  const reused = new Set<string>();
  for (const proposal of chosen) {
    if (proposal.paragraphs.length === 0) continue;
    insertParagraphs(fragment, proposal, paragraphs, movedFrom, lastAt, outcome, reused);
  }
  for (const removal of removals) {
    const container = removal.element.parent;
    if (!(container instanceof Y.XmlElement)) continue;
    const index = indexOf(container, removal.element);
    if (index < 0) continue;
    if (container.length <= 1) {
      outcome.kept.push({ amendment: removal.amendment, paragraphId: removal.paragraphId });
      continue;
    }
    outcome.removedParagraphs.push({
      amendment: removal.amendment,
      paragraphId: removal.paragraphId,
      container: before.get(removal.element)?.container ?? container.nodeName,
      after: before.get(removal.element)?.after ?? null,
      nodeName: removal.element.nodeName,
      attributes: { ...removal.element.getAttributes() },
      content: baseDelta(removal.element),
    });
    container.delete(index, 1);
  }
  return outcome;
}

/** One accepted proposal's change, where it lands once the text is written. */
interface LandedEdit {
  amendment: string;
  proposal: string;
  offset: number;
  inserted: number;
  removed: ContentOp[];
}

/**
 * Where each accepted proposal's change lands once a text cut into `segments`
 * is written (forward, each change shifting the ones after it): a replacement
 * is one edit (its strike, then its words at the same place), and a strike
 * cut by others' ranges joins up where nothing was put between its pieces.
 * `removedOf` reads the struck content; the edits are appended to `into`.
 */
function landEdits<E extends LandedEdit>(
  segments: readonly Segment[],
  amendments: ReadonlySet<string>,
  removedOf: (from: number, to: number) => ContentOp[],
  into: E[],
  make: (edit: LandedEdit) => E,
): void {
  const start = into.length;
  const lastOf = (id: string) => into.slice(start).findLast((edit) => edit.proposal === id);
  let shift = 0;
  for (const segment of segments) {
    if (segment.kind === 'insert') {
      const proposal = segment.placed.proposal;
      if (!amendments.has(proposal.amendment)) continue;
      const size = contentSize(proposal.content.toDelta() as ContentOp[]);
      const last = lastOf(proposal.id);
      if (last && last.offset === segment.at + shift) last.inserted += size;
      else {
        into.push(
          make({
            amendment: proposal.amendment,
            proposal: proposal.id,
            offset: segment.at + shift,
            inserted: size,
            removed: [],
          }),
        );
      }
      shift += size;
      continue;
    }
    const accepted = segment.struckBy.filter((item) => amendments.has(item.proposal.amendment));
    if (accepted.length === 0) continue;
    const removed = removedOf(segment.from, segment.to);
    for (const item of accepted) {
      const last = lastOf(item.proposal.id);
      if (last && last.inserted === 0 && last.offset === segment.from + shift) {
        last.removed.push(...removed);
      } else {
        into.push(
          make({
            amendment: item.proposal.amendment,
            proposal: item.proposal.id,
            offset: segment.from + shift,
            inserted: 0,
            removed: [...removed],
          }),
        );
      }
    }
    shift -= segment.to - segment.from;
  }
}

function acceptSubs(
  doc: Y.Doc,
  placed: ReadonlyMap<string, PlacedText[]>,
  subs: readonly TextProposal[],
  amendments: ReadonlySet<string>,
  outcome: AcceptOutcome,
): void {
  if (!subs.some((sub) => amendments.has(sub.amendment))) return;
  const parents = new Map<string, TextProposal>();
  for (const list of placed.values()) {
    for (const item of list) parents.set(item.proposal.id, item.proposal);
  }
  for (const [parentId, inside] of placeSubProposals(doc, parents, subs)) {
    if (!inside.some((item) => amendments.has(item.proposal.amendment))) continue;
    const parent = parents.get(parentId);
    if (!parent) continue;
    const content = parent.content;
    const segments = paragraphSegments(content.length, inside);
    // Where each change lands once the words are written (reinstating reads it).
    const words = content.toDelta() as ContentOp[];
    landEdits(
      segments,
      amendments,
      (from, to) => sliceOps(words, from, to),
      outcome.subEdits,
      (edit) => ({ ...edit, parent: parentId }),
    );
    // From the end, as in the agreed text: what is written never moves what is still to come.
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i];
      if (!segment) continue;
      if (segment.kind === 'insert') {
        const sub = segment.placed.proposal;
        if (!amendments.has(sub.amendment)) continue;
        let at = segment.at;
        const ops = sub.content.toDelta() as ContentOp[];
        for (const op of ops) {
          if (typeof op.insert === 'string') {
            content.insert(at, op.insert, { ...(op.attributes ?? {}) });
            at += op.insert.length;
          } else {
            content.insertEmbed(at, op.insert, {});
            at += 1;
          }
        }
        outcome.texts.push({
          amendment: sub.amendment,
          delegation: sub.delegation,
          paragraphId: sub.paragraphId,
          added: plain(ops),
          removed: '',
        });
        continue;
      }
      const accepted = segment.struckBy.filter((item) => amendments.has(item.proposal.amendment));
      if (accepted.length === 0) continue;
      const removed = content.toString().slice(segment.from, segment.to);
      content.delete(segment.from, segment.to - segment.from);
      for (const item of accepted) {
        outcome.texts.push({
          amendment: item.proposal.amendment,
          delegation: item.proposal.delegation,
          paragraphId: item.proposal.paragraphId,
          added: '',
          removed,
        });
      }
    }
  }
}

function insertParagraphs(
  fragment: Y.XmlFragment,
  proposal: ParagraphsProposal,
  paragraphs: ReturnType<typeof indexBaseParagraphs>,
  movedFrom: ReadonlyMap<string, string>,
  lastAt: Map<string, Y.XmlElement>,
  outcome: AcceptOutcome,
  reused: Set<string>,
): void {
  const container = baseContainer(fragment, proposal.container);
  if (!container) return;
  const key = `${proposal.container}:${anchorKey(proposal, paragraphs)}`;
  const anchor =
    lastAt.get(key) ?? (proposal.after === null ? null : paragraphs.get(proposal.after)?.element);
  let index: number;
  if (anchor === null) index = 0;
  else if (anchor === undefined || anchor.parent !== container) index = container.length;
  else index = indexOf(container, anchor) + 1;
  // A move keeps its paragraphs' ids: a moved OP is the same OP.
  const reuse =
    proposal.kind === 'moveParagraphs' && proposal.removes.length === proposal.paragraphs.length;
  proposal.paragraphs.forEach((paragraph, i) => {
    const from = reuse ? proposal.removes[i] : undefined;
    const paragraphId = from && !reused.has(from) ? from : paragraph.paragraphId;
    if (from) reused.add(from);
    const element = paragraphElement(paragraph, paragraphId);
    let content = paragraph.content.toDelta() as ContentOp[];
    const original = from ? paragraphs.get(from)?.element : undefined;
    if (from && original && movedFrom.get(from) === sameText(content)) {
      content = baseDelta(original);
    }
    container.insert(index, [element]);
    insertBaseContent(element, 0, content);
    outcome.addedParagraphs.push({ amendment: proposal.amendment, paragraphId });
    lastAt.set(key, element);
    index += 1;
  });
}

/** Content as a key that does not depend on how its runs are cut (equal runs joined). */
function sameText(ops: readonly ContentOp[]): string {
  const joined: ContentOp[] = [];
  for (const op of ops) {
    const last = joined.at(-1);
    if (
      last &&
      typeof last.insert === 'string' &&
      typeof op.insert === 'string' &&
      attributeKey(last.attributes) === attributeKey(op.attributes)
    ) {
      joined[joined.length - 1] = { ...last, insert: last.insert + op.insert };
    } else {
      joined.push({ insert: op.insert, attributes: op.attributes ?? {} });
    }
  }
  return JSON.stringify(joined.map((op) => [op.insert, attributeKey(op.attributes)]));
}

function attributeKey(attributes: Record<string, unknown> | undefined): string {
  return JSON.stringify(Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Where accepted paragraphs go, as `materialiseDraft` shows them: after their
 * paragraph, or, when it has left the agreed text, at the end of their part in
 * rank order (the key sorts after every paragraph id).
 */
function anchorKey(
  proposal: ParagraphsProposal,
  paragraphs: ReturnType<typeof indexBaseParagraphs>,
): string {
  if (proposal.after === null) return '';
  return paragraphs.has(proposal.after) ? proposal.after : '~orphan';
}
