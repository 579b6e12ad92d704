import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import {
  baseContainer,
  baseRelativePosition,
  baseText,
  contentSize,
  deleteBaseRange,
  indexBaseParagraphs,
  insertBaseContent,
  paragraphSize,
} from './base-text';
import type {
  AcceptedEdit,
  AcceptedSubEdit,
  AcceptOutcome,
  RemovedParagraph,
} from './accept-proposals';
import { describeParagraph, ReinstateError } from './decide';
import { agreedText, materialiseDraft } from './materialise';
import {
  contentRelativePosition,
  isParagraphContainer,
  isPending,
  proposalsMap,
  readProposal,
  type ContentOp,
  type TextProposal,
} from './proposals';

/**
 * Reinstating an accepted amendment of a draft whose amendments are objects
 * (issue 19): the acceptance wrote the proposals into the agreed text; the
 * plan recorded with the decision says where (`AcceptOutcome`), so that the
 * agreed text can be put back as it was before, and the amendment's
 * proposals, which stay in the `proposals` map, anchored again on the words
 * put back. As with marks, this is refused when a paragraph it touched has
 * changed since the decision (the facilitator then proposes it again).
 */

/** What the record of an accepted amendment keeps to reinstate it (JSON in the `amendments` map). */
export interface ProposalReinstatePlan {
  model: 'objects';
  /** The agreed text of every paragraph the decision changed or added, right after it. */
  paragraphs: { paragraphId: string; text: string }[];
  edits: Omit<AcceptedEdit, 'amendment'>[];
  /** Paragraphs the decision added (new, or moved here), taken out again. */
  added: string[];
  /** Paragraphs the decision removed, put back after the paragraph they followed. */
  removed: Omit<RemovedParagraph, 'amendment'>[];
  /**
   * Where the words it added went in the agreed text (Yjs relative positions
   * as JSON, first and last character): who proposed which words of the
   * agreed text, and who accepted them (`provenance.ts`).
   */
  words: { paragraphId: string; start: unknown; end: unknown }[];
  /** An accepted sub-amendment: what it changed in the words of the proposal it amends. */
  subEdits?: Omit<AcceptedSubEdit, 'amendment'>[];
  /** Those proposals' words right after the decision: reinstating requires them unchanged. */
  parentTexts?: { parent: string; text: string }[];
}

export function isProposalReinstatePlan(value: unknown): value is ProposalReinstatePlan {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { model?: unknown }).model === 'objects'
  );
}

/** The plans of the amendments an acceptance wrote (call right after `acceptProposals`, in its transaction). */
export function proposalReinstatePlans(
  doc: Y.Doc,
  outcome: AcceptOutcome,
): Map<string, ProposalReinstatePlan> {
  const plans = new Map<string, ProposalReinstatePlan>();
  const plan = (amendment: string): ProposalReinstatePlan => {
    let found = plans.get(amendment);
    if (!found) {
      found = { model: 'objects', paragraphs: [], edits: [], added: [], removed: [], words: [] };
      plans.set(amendment, found);
    }
    return found;
  };
  const base = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const textAfter = (paragraphId: string) => {
    const element = base.get(paragraphId)?.element;
    return element ? baseText(element, 0, paragraphSize(element)) : null;
  };
  const touched = (entry: ProposalReinstatePlan, paragraphId: string) => {
    const text = textAfter(paragraphId);
    if (text !== null && !entry.paragraphs.some((p) => p.paragraphId === paragraphId)) {
      entry.paragraphs.push({ paragraphId, text });
    }
  };
  for (const { amendment, ...edit } of outcome.edits) {
    const entry = plan(amendment);
    entry.edits.push(edit);
    touched(entry, edit.paragraphId);
    const element = base.get(edit.paragraphId)?.element;
    if (!element || edit.inserted === 0) continue;
    const start = baseRelativePosition(element, edit.offset, 0);
    const end = baseRelativePosition(element, edit.offset + edit.inserted, -1);
    if (start && end) {
      entry.words.push({
        paragraphId: edit.paragraphId,
        start: Y.relativePositionToJSON(start),
        end: Y.relativePositionToJSON(end),
      });
    }
  }
  for (const { amendment, paragraphId } of outcome.addedParagraphs) {
    const entry = plan(amendment);
    entry.added.push(paragraphId);
    touched(entry, paragraphId);
  }
  for (const { amendment, ...removed } of outcome.removedParagraphs) {
    plan(amendment).removed.push(removed);
  }
  const proposals = proposalsMap(doc);
  for (const { amendment, ...edit } of outcome.subEdits) {
    const entry = plan(amendment);
    (entry.subEdits ??= []).push(edit);
    const parent = readProposal(edit.parent, proposals.get(edit.parent));
    const texts = (entry.parentTexts ??= []);
    if (parent?.kind === 'text' && !texts.some((item) => item.parent === edit.parent)) {
      texts.push({ parent: edit.parent, text: parent.content.toString() });
    }
  }
  return plans;
}

/**
 * Where each proposal's struck words are once `edits` (sorted by offset) are
 * undone: its range [from, to), and the point after it (for one that struck
 * nothing).
 */
function rangesPutBack(
  edits: readonly { proposal: string; offset: number; inserted: number; removed: ContentOp[] }[],
): Map<string, { from: number; to: number; point: number }> {
  const ranges = new Map<string, { from: number; to: number; point: number }>();
  let shift = 0;
  for (const edit of edits) {
    const at = edit.offset + shift;
    const size = contentSize(edit.removed);
    const range = ranges.get(edit.proposal);
    if (!range) ranges.set(edit.proposal, { from: at, to: at + size, point: at + size });
    else {
      if (size > 0 && range.to === range.from) range.from = at;
      if (size > 0) range.to = at + size;
      range.point = at + size;
    }
    shift += size - edit.inserted;
  }
  return ranges;
}

/**
 * Anchors each proposal of `edits` on the words put back for it: a striking
 * one on its range, one that struck nothing at the point after it. `position`
 * makes a relative position at an offset of the text the words went back into.
 */
function anchorOnWordsPutBack(
  proposals: ReturnType<typeof proposalsMap>,
  edits: Parameters<typeof rangesPutBack>[0],
  position: (offset: number, assoc: number) => Y.RelativePosition | null,
): void {
  for (const [id, range] of rangesPutBack(edits)) {
    const map = proposals.get(id);
    if (!(map instanceof Y.Map)) continue;
    const strikes = range.to > range.from;
    const start = strikes ? position(range.from, 0) : position(range.point, -1);
    const end = strikes ? position(range.to, -1) : null;
    map.set('start', start ? Y.encodeRelativePosition(start) : null);
    map.set('end', end ? Y.encodeRelativePosition(end) : null);
  }
}

/**
 * Puts the agreed text back as it was before the amendment was accepted and
 * anchors its proposals on it again. Call inside the transaction that also
 * clears the decision; throws a `ReinstateError` (having written nothing)
 * when the paragraphs have changed since.
 */
export function reinstateProposals(doc: Y.Doc, plan: ProposalReinstatePlan): void {
  const fragment = doc.getXmlFragment(BODY_FIELD);
  const base = indexBaseParagraphs(fragment);
  const changed = (paragraphId: string) => {
    const shown = agreedText(materialiseDraft(doc).doc);
    return new ReinstateError(
      `${describeParagraph(shown, paragraphId)} has changed since the decision, so the amendment cannot be reinstated automatically.`,
    );
  };
  for (const { paragraphId, text } of plan.paragraphs) {
    const element = base.get(paragraphId)?.element;
    if (!element) {
      throw new ReinstateError(
        'A paragraph this amendment touched has since been removed, so it cannot be reinstated automatically.',
      );
    }
    if (baseText(element, 0, paragraphSize(element)) !== text) throw changed(paragraphId);
  }
  const parents = new Map<string, TextProposal>();
  for (const { parent: id, text } of plan.parentTexts ?? []) {
    const parent = readProposal(id, proposalsMap(doc).get(id));
    if (parent?.kind !== 'text' || !isPending(doc, parent)) {
      throw new ReinstateError(
        'The proposal this amendment changed is no longer pending: reinstate that one first, or propose this again.',
      );
    }
    if (parent.content.toString() !== text) {
      throw new ReinstateError(
        `${parent.delegation}’s proposed words have changed since the decision, so the amendment cannot be reinstated automatically.`,
      );
    }
    parents.set(id, parent);
  }
  const added = new Set(plan.added);
  const back = new Set<string>();
  for (const removed of plan.removed) {
    if (base.has(removed.paragraphId) && !added.has(removed.paragraphId)) {
      throw new ReinstateError(
        'A paragraph this amendment removed is in the text again, so it cannot be reinstated automatically.',
      );
    }
    const after = removed.after;
    if (after !== null && !back.has(after) && (!base.has(after) || added.has(after))) {
      throw new ReinstateError(
        'The paragraph before a removed one is gone, so it cannot be put back automatically.',
      );
    }
    if (!isParagraphContainer(removed.container) || !baseContainer(fragment, removed.container)) {
      throw new ReinstateError('The part of the draft a removed paragraph was in is gone.');
    }
    back.add(removed.paragraphId);
  }

  // Text: each paragraph from its end, so offsets stay valid.
  const byParagraph = new Map<string, ProposalReinstatePlan['edits']>();
  for (const edit of plan.edits) {
    const list = byParagraph.get(edit.paragraphId) ?? [];
    list.push(edit);
    byParagraph.set(edit.paragraphId, list);
  }
  const proposals = proposalsMap(doc);
  for (const [paragraphId, edits] of byParagraph) {
    const element = base.get(paragraphId)?.element;
    if (!element) continue;
    edits.sort((a, b) => a.offset - b.offset);
    for (const edit of [...edits].reverse()) {
      deleteBaseRange(element, edit.offset, edit.offset + edit.inserted);
      insertBaseContent(element, edit.offset, edit.removed);
    }
    // Where each proposal's words were put back, and its anchors on them.
    anchorOnWordsPutBack(proposals, edits, (offset, assoc) =>
      baseRelativePosition(element, offset, assoc),
    );
  }

  // Sub-amendments: the words of the proposal they changed, each from its end.
  const byParent = new Map<string, NonNullable<ProposalReinstatePlan['subEdits']>>();
  for (const edit of plan.subEdits ?? []) {
    const list = byParent.get(edit.parent) ?? [];
    list.push(edit);
    byParent.set(edit.parent, list);
  }
  for (const [parentId, edits] of byParent) {
    const parent = parents.get(parentId);
    if (!parent) continue;
    edits.sort((a, b) => a.offset - b.offset);
    for (const edit of [...edits].reverse()) {
      if (edit.inserted > 0) parent.content.delete(edit.offset, edit.inserted);
      let at = edit.offset;
      for (const op of edit.removed) {
        if (typeof op.insert === 'string') {
          parent.content.insert(at, op.insert, { ...(op.attributes ?? {}) });
          at += op.insert.length;
        } else {
          parent.content.insertEmbed(at, op.insert, {});
          at += 1;
        }
      }
    }
    anchorOnWordsPutBack(proposals, edits, (offset, assoc) =>
      contentRelativePosition(parent.content, offset, assoc),
    );
  }

  for (const paragraphId of plan.added) {
    const element = indexBaseParagraphs(fragment).get(paragraphId)?.element;
    const container = element?.parent;
    if (!element || !(container instanceof Y.XmlElement)) continue;
    const index = container.toArray().indexOf(element);
    if (index >= 0) container.delete(index, 1);
  }
  for (const removed of plan.removed) {
    if (!isParagraphContainer(removed.container)) continue;
    const container = baseContainer(fragment, removed.container);
    if (!container) continue;
    let index = 0;
    if (removed.after !== null) {
      const previous = indexBaseParagraphs(fragment).get(removed.after)?.element;
      index =
        previous && previous.parent === container
          ? container.toArray().indexOf(previous) + 1
          : container.length;
    }
    const element = new Y.XmlElement(removed.nodeName);
    for (const [name, value] of Object.entries(removed.attributes)) {
      element.setAttribute(name, value as string);
    }
    container.insert(index, [element]);
    insertBaseContent(element, 0, removed.content);
  }
}
