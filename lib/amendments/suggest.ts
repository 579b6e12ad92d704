import { Fragment, type Mark, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { forEachParagraph, PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import { newId } from '../schema/new-id';
import { DELETION_MARK, INSERTION_MARK, paragraphSuggestion, type AmendmentAuthor } from './model';

/**
 * Turning a local edit into an amendment (suggesting mode).
 *
 * The edit is first applied as the user made it; the transform then compares,
 * paragraph by paragraph, the text before and after (ProseMirror's
 * `findDiffStart` / `findDiffEnd`) and builds a new transaction from the
 * original state in which:
 * - removed text stays, marked `deletion` with the author's delegation
 *   (formatted in place, so that another delegation's concurrent deletion of
 *   overlapping text survives), except the author's own pending text, which
 *   really goes (typing over or deleting one's own insertion withdraws it);
 * - added text is inserted after it, marked `insertion`, re-stamped with the
 *   author's delegation whatever marks it came with (paste);
 * - a deletion and an insertion made together share one id (a replacement),
 *   and an edit next to one's own pending amendment extends it.
 * Only paragraphs whose node changed are compared, so the cost follows the
 * size of the edit, not of the draft. Changes of the paragraph structure are
 * not made here: they are the paragraph amendment commands' work.
 */

export type SuggestOutcome =
  | { kind: 'transaction'; tr: Transaction; created: CreatedAmendment[] }
  | { kind: 'refused'; reason: string };

/** An amendment id the transaction used, for its metadata. */
export interface CreatedAmendment {
  suggestionId: string;
  /** Other delegations' insertions this deletion covers knowingly. */
  covers: string[];
}

export const REFUSED_STRUCTURE =
  'In suggesting mode, paragraphs are added, deleted and moved as amendments: use Enter at the end of a paragraph, “Propose deleting paragraph” or Alt+↑/↓.';

export function markOf(node: ProseMirrorNode, type: string, delegation?: string): Mark | undefined {
  return node.marks.find(
    (mark) =>
      mark.type.name === type && (delegation === undefined || mark.attrs.delegation === delegation),
  );
}

/** A paragraph the delegation itself proposes: everything in it is its own pending text. */
export function isOwnProposedParagraph(node: ProseMirrorNode, delegation: string): boolean {
  const suggestion = paragraphSuggestion(node);
  return suggestion?.kind === 'insert' && suggestion.delegation === delegation;
}

/** Text of the delegation's own that is still only a proposal. */
function isOwnPendingText(
  node: ProseMirrorNode,
  paragraph: ProseMirrorNode,
  delegation: string,
): boolean {
  return (
    isOwnProposedParagraph(paragraph, delegation) ||
    markOf(node, INSERTION_MARK, delegation) !== undefined
  );
}

interface ParagraphEntry {
  node: ProseMirrorNode;
  pos: number;
}

function paragraphs(doc: ProseMirrorNode): ParagraphEntry[] {
  const list: ParagraphEntry[] = [];
  forEachParagraph(doc, (node, pos) => list.push({ node, pos }));
  return list;
}

/** Widens an offset that falls inside an inline node with content (a footnote) to its edge. */
function outOfInlineNodes(content: Fragment, offset: number, towardsEnd: boolean): number {
  let position = 0;
  for (let i = 0; i < content.childCount; i++) {
    const child = content.child(i);
    const end = position + child.nodeSize;
    if (offset > position && offset < end && !child.isText) return towardsEnd ? end : position;
    if (end >= offset) break;
    position = end;
  }
  return offset;
}

/** Strips every amendment mark a piece of content arrived with (pasted, typed inside a run). */
export function withoutAmendmentMarks(content: Fragment): Fragment {
  const nodes: ProseMirrorNode[] = [];
  content.forEach((node) => nodes.push(node.mark(withoutAmendments(node.marks))));
  return Fragment.fromArray(nodes);
}

function withoutAmendments(marks: readonly Mark[]): readonly Mark[] {
  return marks.filter(
    (mark) => mark.type.name !== INSERTION_MARK && mark.type.name !== DELETION_MARK,
  );
}

/** Marks every node of `content` as the author's insertion. */
function stampInsertion(content: Fragment, mark: Mark): Fragment {
  const nodes: ProseMirrorNode[] = [];
  content.forEach((node) => nodes.push(node.mark(mark.addToSet(node.marks))));
  return Fragment.fromArray(nodes);
}

/** The id of an own amendment right next to `pos`, to extend it rather than start a new one. */
function adjacentOwnId(
  doc: ProseMirrorNode,
  positions: readonly number[],
  delegation: string,
  preferred: string,
): string | null {
  const order =
    preferred === INSERTION_MARK
      ? [INSERTION_MARK, DELETION_MARK]
      : [DELETION_MARK, INSERTION_MARK];
  for (const type of order) {
    for (const pos of positions) {
      if (pos < 0 || pos > doc.content.size) continue;
      const $pos = doc.resolve(pos);
      for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
        const mark = node ? markOf(node, type, delegation) : undefined;
        if (mark && typeof mark.attrs.suggestionId === 'string') return mark.attrs.suggestionId;
      }
    }
  }
  return null;
}

/** What an amendment does to a range of a paragraph that the author removes. */
export interface RangeClassification {
  /** The author's own pending text: really removed. */
  removals: { from: number; to: number }[];
  /** Everything else not yet struck by the author: marked deleted. */
  toMark: { from: number; to: number }[];
  /** Other delegations' insertions inside, struck knowingly. */
  covers: Set<string>;
  /** Size of what stays (struck through). */
  keptSize: number;
}

export function classifyRange(
  doc: ProseMirrorNode,
  paragraph: ProseMirrorNode,
  from: number,
  to: number,
  delegation: string,
): RangeClassification {
  const result: RangeClassification = { removals: [], toMark: [], covers: new Set(), keptSize: 0 };
  doc.nodesBetween(from, to, (node, pos) => {
    if (node === paragraph || !node.isInline) return true;
    const range = { from: Math.max(pos, from), to: Math.min(pos + node.nodeSize, to) };
    if (isOwnPendingText(node, paragraph, delegation)) {
      result.removals.push(range);
    } else {
      result.keptSize += range.to - range.from;
      if (!markOf(node, DELETION_MARK, delegation)) result.toMark.push(range);
      const insertion = markOf(node, INSERTION_MARK);
      if (insertion && typeof insertion.attrs.suggestionId === 'string') {
        result.covers.add(insertion.attrs.suggestionId);
      }
    }
    return false;
  });
  return result;
}

/** Applies a classification: strikes through what stays, removes own pending text. */
export function applyRangeDeletion(
  tr: Transaction,
  classification: RangeClassification,
  mark: Mark,
): void {
  for (const range of classification.toMark) tr.addMark(range.from, range.to, mark);
  for (const range of [...classification.removals].reverse()) tr.delete(range.from, range.to);
}

interface ParagraphChange {
  pos: number;
  oldNode: ProseMirrorNode;
  /** Offsets within the paragraph's content. */
  start: number;
  endOld: number;
  inserted: Fragment;
}

/**
 * The change of a transaction that is one replacement inside one paragraph
 * (typing, deleting, pasting inline, replacing a selection): taken as the
 * user made it, so that a selected phrase replaced is one struck phrase and
 * one inserted phrase, not a character diff of the two.
 */
function singleStepChange(tr: Transaction): ParagraphChange | null {
  if (tr.steps.length !== 1) return null;
  const step = tr.steps[0];
  const doc = tr.docs[0];
  if (!(step instanceof ReplaceStep) || !doc) return null;
  const { from, to, slice } = step;
  if (slice.openStart !== 0 || slice.openEnd !== 0) return null;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  const paragraph = $from.parent;
  if (!$from.sameParent($to) || !PARAGRAPH_NODE_TYPES.has(paragraph.type.name)) return null;
  let inline = true;
  slice.content.forEach((node) => {
    if (!node.isInline) inline = false;
  });
  if (!inline) return null;
  const start = $from.start();
  return {
    pos: start - 1,
    oldNode: paragraph,
    start: from - start,
    endOld: to - start,
    inserted: slice.content,
  };
}

/**
 * Struck text is not edited: words typed inside a run someone proposed to
 * delete go after that run, where they read as an addition, not as part of
 * what would be deleted.
 */
function outOfStruckText(change: ParagraphChange): void {
  if (change.start !== change.endOld || change.inserted.size === 0) return;
  const content = change.oldNode.content;
  const at = change.start;
  // The node the caret follows and the one it precedes (the same one inside a text node).
  let before: ProseMirrorNode | null = null;
  let afterIndex = -1;
  let offset = 0;
  for (let i = 0; i < content.childCount; i++) {
    const child = content.child(i);
    const end = offset + child.nodeSize;
    if (offset < at && at < end) {
      before = child;
      afterIndex = i;
      break;
    }
    if (end === at) before = child;
    if (offset === at) {
      afterIndex = i;
      break;
    }
    offset = end;
  }
  const after = afterIndex >= 0 ? content.child(afterIndex) : null;
  if (!before || !after) return;
  const struck = before.marks.filter(
    (mark) => mark.type.name === DELETION_MARK && mark.isInSet(after.marks),
  );
  if (struck.length === 0) return;
  let runEnd = 0;
  for (let i = 0; i < content.childCount; i++) {
    const child = content.child(i);
    if (i >= afterIndex && !struck.every((mark) => mark.isInSet(child.marks))) break;
    runEnd += child.nodeSize;
  }
  change.start = runEnd;
  change.endOld = runEnd;
}

/** The changes of any other transaction, paragraph by paragraph, found by comparing. */
function diffParagraphs(
  state: EditorState,
  tr: Transaction,
): { changes: ParagraphChange[] } | { refused: string } {
  const before = paragraphs(state.doc);
  const after = paragraphs(tr.doc);
  if (before.length !== after.length) return { refused: REFUSED_STRUCTURE };
  const changes: ParagraphChange[] = [];
  for (let i = 0; i < before.length; i++) {
    const old = before[i];
    const next = after[i];
    if (!old || !next) return { refused: REFUSED_STRUCTURE };
    if (old.node === next.node) continue;
    if (!old.node.sameMarkup(next.node)) {
      return {
        refused:
          'In suggesting mode the kind, level and status of a paragraph are not changed directly: propose the change as an amendment, or ask the facilitator.',
      };
    }
    const oldContent = old.node.content;
    const newContent = next.node.content;
    const diffStart = oldContent.findDiffStart(newContent);
    if (diffStart === null) continue;
    const diffEnd = oldContent.findDiffEnd(newContent);
    if (!diffEnd) continue;
    let start = diffStart;
    let endOld = diffEnd.a;
    let endNew = diffEnd.b;
    // Overlapping prefix and suffix (repeated characters): take the shorter change.
    if (endOld < start || endNew < start) {
      const overlap = start - Math.min(endOld, endNew);
      endOld += overlap;
      endNew += overlap;
    }
    start = Math.min(
      outOfInlineNodes(oldContent, start, false),
      outOfInlineNodes(newContent, start, false),
    );
    const widenedOld = outOfInlineNodes(oldContent, endOld, true);
    const widenedNew = outOfInlineNodes(newContent, endNew, true);
    const widen = Math.max(widenedOld - endOld, widenedNew - endNew);
    endOld += widen;
    endNew += widen;
    changes.push({
      pos: old.pos,
      oldNode: old.node,
      start,
      endOld,
      inserted: newContent.cut(start, endNew),
    });
  }
  return { changes };
}

/**
 * The amendment version of `tr` for `author`, or why it cannot be one.
 * `tr` must be a local, document-changing transaction of `state`.
 */
const REFUSED_FOOTNOTE =
  'A footnote cannot yet be proposed as an amendment. Propose it in a paragraph of your own (Enter), or give its text in the rationale of your amendment.';

export function suggestTransaction(
  state: EditorState,
  tr: Transaction,
  author: AmendmentAuthor,
): SuggestOutcome {
  const single = singleStepChange(tr);
  const diffed = single ? null : diffParagraphs(state, tr);
  if (diffed && 'refused' in diffed) return { kind: 'refused', reason: diffed.refused };
  const changes = single ? [single] : (diffed?.changes ?? []);
  if (changes.length === 0) return { kind: 'refused', reason: REFUSED_STRUCTURE };
  for (const change of changes) outOfStruckText(change);
  const footnote = changes.some((change) => {
    if (isOwnProposedParagraph(change.oldNode, author.delegation)) return false;
    let found = false;
    change.inserted.descendants((node) => {
      if (node.type.name === 'footnote') found = true;
      return !found;
    });
    return found;
  });
  // The Yjs binding keeps no marks on a footnote (an inline node), so a proposed footnote
  // would reach the others as original text, which the server refuses.
  if (footnote) return { kind: 'refused', reason: REFUSED_FOOTNOTE };

  const schema = state.schema;
  const insertionType = schema.marks[INSERTION_MARK];
  const deletionType = schema.marks[DELETION_MARK];
  if (!insertionType || !deletionType) {
    return { kind: 'refused', reason: 'This document has no amendment marks.' };
  }
  const out = state.tr;
  const created = new Map<string, CreatedAmendment>();
  const { delegation } = author;
  let caret: number | null = null;
  const previous = state.selection;

  // From the last paragraph to the first, so that earlier positions stay valid.
  for (const change of [...changes].reverse()) {
    const contentStart = change.pos + 1;
    const from = contentStart + change.start;
    const to = contentStart + change.endOld;
    const paragraph = change.oldNode;
    const own = isOwnProposedParagraph(paragraph, delegation);

    const { removals, toMark, covers, keptSize } = classifyRange(
      state.doc,
      paragraph,
      from,
      to,
      delegation,
    );

    const inserted = withoutAmendmentMarks(change.inserted);
    const hasInsertion = inserted.size > 0;
    const needsId = toMark.length > 0 || (hasInsertion && !own);
    let id: string | null = null;
    if (needsId) {
      id =
        adjacentOwnId(
          state.doc,
          hasInsertion ? [to, from] : [from, to],
          delegation,
          hasInsertion ? INSERTION_MARK : DELETION_MARK,
        ) ?? newId();
      const entry = created.get(id) ?? { suggestionId: id, covers: [] };
      entry.covers = [...new Set([...entry.covers, ...covers])];
      created.set(id, entry);
    }
    const attrs = { suggestionId: id, delegation };

    // 1. The new text, after the old (which stays until a decision).
    if (hasInsertion) {
      out.insert(to, own ? inserted : stampInsertion(inserted, insertionType.create(attrs)));
    }
    // 2. The old text: marked in place (no position changes), own pending text removed.
    applyRangeDeletion(out, { removals, toMark, covers, keptSize }, deletionType.create(attrs));

    if (changes.length === 1) {
      // Backspace leaves the caret before the text it struck through, so the next one goes on.
      const backward = !hasInsertion && previous.empty && previous.from === to;
      caret = backward ? from : from + keptSize + inserted.size;
    }
  }

  if (caret !== null) {
    out.setSelection(TextSelection.near(out.doc.resolve(Math.min(caret, out.doc.content.size))));
  } else {
    out.setSelection(previous.map(out.doc, out.mapping));
  }
  if (tr.storedMarks) out.setStoredMarks(withoutAmendments(tr.storedMarks));
  if (tr.scrolledIntoView) out.scrollIntoView();
  return { kind: 'transaction', tr: out, created: [...created.values()] };
}
