import { Fragment, type Mark, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { labelParagraphs } from '../schema/numbering';
import { PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import {
  AMENDMENT_TRANSACTION,
  DELETION_MARK,
  INSERTION_MARK,
  paragraphSuggestion,
  type DecisionOutcome,
  type ParagraphSuggestion,
  type ReinstatePlan,
} from './model';

/**
 * Accepting and rejecting amendments: one pure function from a document and
 * a set of amendment ids to one transaction, so a decision is applied whole
 * or not at all. An amendment with nothing left to decide is skipped, so
 * deciding twice is harmless. Each decided amendment also gets a plan to
 * reinstate it (`reinstateAmendment`).
 *
 * | amendment              | accepted                  | rejected                 |
 * |------------------------|---------------------------|--------------------------|
 * | inserted text          | mark removed: text stays  | text removed             |
 * | deleted text           | text removed              | mark removed: text stays |
 * | new paragraph / moveTo | attribute cleared         | paragraph removed        |
 * | deleted par. / moveFrom| paragraph removed         | attribute cleared        |
 */

type Container = 'preamble' | 'operativePart';

interface ParagraphInfo {
  node: ProseMirrorNode;
  pos: number;
  container: Container;
}

function paragraphList(doc: ProseMirrorNode): ParagraphInfo[] {
  const list: ParagraphInfo[] = [];
  doc.forEach((part, offset) => {
    const container = part.type.name as Container;
    part.forEach((node, childOffset) => {
      if (PARAGRAPH_NODE_TYPES.has(node.type.name)) {
        list.push({ node, pos: offset + 1 + childOffset, container });
      }
    });
  });
  return list;
}

function amendmentMark(node: ProseMirrorNode, ids: ReadonlySet<string>): Mark[] {
  return node.marks.filter(
    (mark) =>
      (mark.type.name === INSERTION_MARK || mark.type.name === DELETION_MARK) &&
      ids.has(String(mark.attrs.suggestionId)),
  );
}

export interface DecisionResult {
  /** Empty (no steps) when nothing was left to decide. */
  tr: Transaction;
  /** The ids that had something to decide, each with how to reinstate it. */
  plans: Map<string, ReinstatePlan>;
}

interface TextPiece {
  suggestionId: string;
  paragraph: ParagraphInfo;
  from: number;
  to: number;
  mark: Mark;
  effect: 'removed' | 'unmarked';
}

function emptyPlan(): ReinstatePlan {
  return { paragraphs: [], pieces: [], removedParagraphs: [], clearedParagraphs: [] };
}

/** Accepts or rejects the amendments `ids` in one transaction. */
export function decideAmendments(
  state: EditorState,
  ids: ReadonlySet<string>,
  outcome: DecisionOutcome,
): DecisionResult {
  const tr = state.tr.setMeta(AMENDMENT_TRANSACTION, true).setMeta('addToHistory', false);
  const plans = new Map<string, ReinstatePlan>();
  const plan = (id: string) => {
    let existing = plans.get(id);
    if (!existing) plans.set(id, (existing = emptyPlan()));
    return existing;
  };
  const accept = outcome === 'accepted';
  const list = paragraphList(state.doc);
  const removedParagraphs: { info: ParagraphInfo; suggestion: ParagraphSuggestion }[] = [];
  const cleared: { info: ParagraphInfo; suggestion: ParagraphSuggestion }[] = [];
  const pieces: TextPiece[] = [];

  for (const info of list) {
    const suggestion = paragraphSuggestion(info.node);
    if (suggestion && ids.has(suggestion.suggestionId)) {
      const removes =
        suggestion.kind === 'delete' || suggestion.kind === 'moveFrom' ? accept : !accept;
      if (removes) {
        removedParagraphs.push({ info, suggestion });
        continue;
      }
      cleared.push({ info, suggestion });
    }
    info.node.forEach((child, offset) => {
      const from = info.pos + 1 + offset;
      for (const mark of amendmentMark(child, ids)) {
        const insertion = mark.type.name === INSERTION_MARK;
        const effect = insertion === accept ? 'unmarked' : 'removed';
        const last = pieces[pieces.length - 1];
        if (
          last &&
          last.to === from &&
          last.mark.eq(mark) &&
          last.effect === effect &&
          last.paragraph === info
        ) {
          last.to = from + child.nodeSize;
        } else {
          pieces.push({
            suggestionId: String(mark.attrs.suggestionId),
            paragraph: info,
            from,
            to: from + child.nodeSize,
            mark,
            effect,
          });
        }
      }
    });
  }

  // A part of the resolution keeps at least one paragraph: the last one stays, emptied.
  const emptied = new Set<ParagraphInfo>();
  for (const container of ['preamble', 'operativePart'] as const) {
    const inPart = list.filter((info) => info.container === container);
    const going = removedParagraphs.filter((entry) => entry.info.container === container);
    const last = going[going.length - 1];
    if (inPart.length > 0 && going.length === inPart.length && last) emptied.add(last.info);
  }

  // No position changes first: attributes and marks.
  for (const { info, suggestion } of cleared) {
    tr.setNodeAttribute(info.pos, 'suggestion', null);
    plan(suggestion.suggestionId).clearedParagraphs.push({
      paragraphId: String(info.node.attrs.paragraphId),
      suggestion,
    });
  }
  for (const piece of pieces) {
    if (piece.effect === 'unmarked') tr.removeMark(piece.from, piece.to, piece.mark);
  }
  // Then removals, from the end of the document backwards.
  const removals: { from: number; to: number }[] = [];
  for (const piece of pieces) if (piece.effect === 'removed') removals.push(piece);
  for (const { info } of removedParagraphs) {
    if (emptied.has(info)) {
      tr.setNodeAttribute(info.pos, 'suggestion', null);
      removals.push({ from: info.pos + 1, to: info.pos + 1 + info.node.content.size });
    } else {
      removals.push({ from: info.pos, to: info.pos + info.node.nodeSize });
    }
  }
  // Overlapping ranges (text two accepted deletions both strike) are removed once.
  removals.sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const range of removals) {
    const last = merged[merged.length - 1];
    if (last && range.from < last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  for (const range of merged.reverse()) tr.delete(range.from, range.to);

  // How to undo it, in the coordinates of the document after the decision.
  const surviving = list.filter((info) => !removedParagraphs.some((entry) => entry.info === info));
  for (const { info, suggestion } of removedParagraphs) {
    const siblings = surviving.filter(
      (other) => other.container === info.container && other.pos < info.pos,
    );
    const anchor = siblings[siblings.length - 1];
    plan(suggestion.suggestionId).removedParagraphs.push({
      node: info.node.toJSON(),
      afterParagraphId: anchor ? String(anchor.node.attrs.paragraphId) : null,
      container: info.container,
    });
  }
  for (const piece of pieces) {
    const paragraphPos = tr.mapping.map(piece.paragraph.pos);
    const start = tr.mapping.map(piece.from, -1);
    plan(piece.suggestionId).pieces.push({
      paragraphId: String(piece.paragraph.node.attrs.paragraphId),
      offset: start - (paragraphPos + 1),
      content: state.doc.slice(piece.from, piece.to).content.toJSON() as unknown[],
      effect: piece.effect,
      mark: piece.mark.type.name as typeof INSERTION_MARK | typeof DELETION_MARK,
      size: piece.to - piece.from,
    });
  }
  const after = new Map(
    paragraphList(tr.doc).map((info) => [String(info.node.attrs.paragraphId), info.node]),
  );
  for (const [, entry] of plans) {
    const touched = new Set([
      ...entry.pieces.map((piece) => piece.paragraphId),
      ...entry.clearedParagraphs.map((paragraph) => paragraph.paragraphId),
      ...entry.removedParagraphs.flatMap((paragraph) =>
        paragraph.afterParagraphId ? [paragraph.afterParagraphId] : [],
      ),
    ]);
    for (const paragraphId of touched) {
      const node = after.get(paragraphId);
      if (node) entry.paragraphs.push({ paragraphId, text: node.textContent });
    }
  }
  return { tr, plans };
}

export class ReinstateError extends Error {
  override readonly name = 'ReinstateError';
}

function findParagraph(doc: ProseMirrorNode, paragraphId: string): ParagraphInfo | undefined {
  return paragraphList(doc).find((info) => info.node.attrs.paragraphId === paragraphId);
}

/** A paragraph's reference ("OP5") in a document, or "A paragraph". */
export function describeParagraph(doc: ProseMirrorNode, paragraphId: string): string {
  const info = findParagraph(doc, paragraphId);
  if (!info) return 'A paragraph';
  return labelParagraphs(doc).find((label) => label.pos === info.pos)?.reference ?? 'A paragraph';
}

/**
 * Brings a decided amendment back to pending, from its plan. Refused (with
 * a `ReinstateError` saying which paragraph) when the paragraphs it touched
 * have changed since the decision: the facilitator then re-creates it by hand.
 */
export function reinstateAmendment(state: EditorState, plan: ReinstatePlan): Transaction {
  const { doc, schema } = state;
  for (const { paragraphId, text } of plan.paragraphs) {
    const info = findParagraph(doc, paragraphId);
    if (!info) {
      throw new ReinstateError(
        'A paragraph this amendment touched has since been removed, so it cannot be reinstated automatically.',
      );
    }
    if (info.node.textContent !== text) {
      throw new ReinstateError(
        `${describeParagraph(doc, paragraphId)} has changed since the decision, so the amendment cannot be reinstated automatically.`,
      );
    }
  }
  const tr = state.tr.setMeta(AMENDMENT_TRANSACTION, true).setMeta('addToHistory', false);

  for (const { paragraphId, suggestion } of plan.clearedParagraphs) {
    const info = findParagraph(tr.doc, paragraphId);
    if (info && !paragraphSuggestion(info.node))
      tr.setNodeAttribute(info.pos, 'suggestion', suggestion);
  }
  // Text pieces, from the end of each paragraph backwards so offsets stay valid.
  // At the same offset, re-mark what is there before inserting in front of it.
  const pieces = [...plan.pieces].sort(
    (a, b) =>
      b.offset - a.offset ||
      (a.effect === 'unmarked' ? -1 : 1) - (b.effect === 'unmarked' ? -1 : 1),
  );
  for (const piece of pieces) {
    const info = findParagraph(tr.doc, piece.paragraphId);
    if (!info) continue;
    const from = info.pos + 1 + piece.offset;
    if (piece.effect === 'removed') {
      tr.insert(from, Fragment.fromJSON(schema, piece.content));
    } else {
      const content = Fragment.fromJSON(schema, piece.content);
      let mark: Mark | undefined;
      content.forEach((node) => {
        mark ??= node.marks.find((candidate) => candidate.type.name === piece.mark);
      });
      if (mark) tr.addMark(from, from + piece.size, mark);
    }
  }
  // Removed paragraphs go back after the paragraph they followed, in their order.
  const lastInserted = new Map<string, number>();
  for (const removed of plan.removedParagraphs) {
    const node = schema.nodeFromJSON(removed.node);
    const key = `${removed.container}:${removed.afterParagraphId ?? ''}`;
    let at = lastInserted.get(key);
    if (at === undefined) {
      if (removed.afterParagraphId) {
        const anchor = findParagraph(tr.doc, removed.afterParagraphId);
        if (!anchor) {
          throw new ReinstateError(
            'The paragraph before the removed one is gone, so it cannot be put back automatically.',
          );
        }
        at = anchor.pos + anchor.node.nodeSize;
      } else {
        let start = 0;
        tr.doc.forEach((part, offset) => {
          if (part.type.name === removed.container) start = offset + 1;
        });
        at = start;
      }
    }
    tr.insert(at, node);
    lastInserted.set(key, at + node.nodeSize);
  }
  return tr;
}
