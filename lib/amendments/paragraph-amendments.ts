import { Fragment, type Node as ProseMirrorNode, type Slice } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { labelParagraphs } from '../schema/numbering';
import { newId } from '../schema/new-id';
import {
  childPos,
  currentBlock,
  level,
  previousUnit,
  subtreeEnd,
  type Block,
} from '../schema/paragraph-commands';
import {
  AMENDMENT_TRANSACTION,
  DELETION_MARK,
  INSERTION_MARK,
  paragraphSuggestion,
  type AmendmentAuthor,
  type ParagraphSuggestion,
} from './model';
import {
  applyRangeDeletion,
  classifyRange,
  isOwnProposedParagraph,
  markOf,
  type CreatedAmendment,
  type SuggestOutcome,
  withoutAmendmentMarks,
} from './suggest';

/**
 * Paragraph amendments in suggesting mode: proposing a new paragraph, the
 * deletion of one, or its move. They are stored as the paragraph's
 * `suggestion` attribute. On one's own proposed paragraph these commands act
 * directly (it is one's own pending text); other paragraphs are never
 * restructured, only marked.
 */

function refuse(reason: string): SuggestOutcome {
  return { kind: 'refused', reason };
}

function done(tr: Transaction, created: CreatedAmendment[]): SuggestOutcome {
  tr.setMeta(AMENDMENT_TRANSACTION, true);
  tr.scrollIntoView();
  return { kind: 'transaction', tr, created };
}

function reference(state: EditorState, pos: number): string {
  return (
    labelParagraphs(state.doc).find((label) => label.pos === pos)?.reference ?? 'This paragraph'
  );
}

/**
 * A refusal when a paragraph of the unit [block.index, end) already has a
 * pending paragraph amendment: deleting or moving the unit would leave it
 * under the paragraph before, or put it in the text twice.
 */
function unitBusy(state: EditorState, block: Block, end: number): SuggestOutcome | null {
  for (let i = block.index; i < end; i++) {
    const suggestion = paragraphSuggestion(block.parent.child(i));
    if (!suggestion) continue;
    const pos = childPos(block.parent, block.parentStart, i);
    return refuse(
      `${reference(state, pos)} already has a pending paragraph amendment from ${suggestion.delegation}; it must be decided first.`,
    );
  }
  return null;
}

/** Indexes in [index, end) of the paragraph at `index` and those of its sub-paragraphs that are `own`. */
function ownSubtree(
  parent: ProseMirrorNode,
  index: number,
  end: number,
  own: (child: ProseMirrorNode) => boolean,
): number[] {
  const indexes = [index];
  for (let i = index + 1; i < end; i++) if (own(parent.child(i))) indexes.push(i);
  return indexes;
}

/** Enter: a new paragraph after this one; text after the caret moves into it (struck here). */
export function proposeNewParagraph(state: EditorState, author: AmendmentAuthor): SuggestOutcome {
  const block = currentBlock(state);
  if (!block) return refuse('Put the caret in a paragraph to propose a new one after it.');
  const { node } = block;
  const schema = state.schema;
  const type = node.type.name === 'sectionHeading' ? schema.nodes.operativeParagraph : node.type;
  if (!type) return refuse('No paragraph type here.');
  const $caret = state.doc.resolve(state.selection.to);
  if ($caret.parent !== node) return refuse('Put the caret in the text of the paragraph.');
  const offset = $caret.parentOffset;
  const tr = state.tr;
  const own = isOwnProposedParagraph(node, author.delegation);
  const levelAttrs = node.type.name === 'subParagraph' ? { level: node.attrs.level } : {};

  if (own) {
    // One's own proposed paragraph splits like ordinary text; both halves stay proposed.
    tr.split($caret.pos, 1, [
      { type, attrs: { ...levelAttrs, paragraphId: newId(), suggestion: node.attrs.suggestion } },
    ]);
    tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map($caret.pos, 1))));
    return done(tr, []);
  }

  const suggestionId = newId();
  const suggestion: ParagraphSuggestion = {
    suggestionId,
    delegation: author.delegation,
    kind: 'insert',
  };
  // The copy of the tail: the author's struck text stays behind, their insertions become plain.
  const tail: ProseMirrorNode[] = [];
  node.content.cut(offset).forEach((child) => {
    if (markOf(child, DELETION_MARK, author.delegation)) return;
    const own = markOf(child, INSERTION_MARK, author.delegation);
    tail.push(own ? child.mark(own.removeFromSet(child.marks)) : child);
  });
  const after = block.pos + node.nodeSize;
  // With its id already: an id added afterwards (by ParagraphIds, not for the undo history)
  // would keep the whole change out of the undo history.
  tr.insert(
    after,
    type.create({ ...levelAttrs, paragraphId: newId(), suggestion }, Fragment.fromArray(tail)),
  );
  const contentEnd = block.pos + 1 + node.content.size;
  const classification = classifyRange(state.doc, node, $caret.pos, contentEnd, author.delegation);
  const deletion = schema.marks[DELETION_MARK];
  if (deletion) {
    applyRangeDeletion(
      tr,
      classification,
      deletion.create({ suggestionId, delegation: author.delegation }),
    );
  }
  const newStart = tr.mapping.slice(1).map(after) + 1;
  tr.setSelection(TextSelection.create(tr.doc, newStart));
  return done(tr, [{ suggestionId, covers: [...classification.covers] }]);
}

/** Proposes deleting the paragraph at the caret with its sub-paragraphs; one's own proposal is withdrawn. */
export function proposeParagraphDeletion(
  state: EditorState,
  author: AmendmentAuthor,
): SuggestOutcome {
  const block = currentBlock(state);
  if (!block) return refuse('Put the caret in the paragraph to delete.');
  const { parent, parentStart, index } = block;
  const end = subtreeEnd(parent, index);
  const tr = state.tr;
  if (isOwnProposedParagraph(block.node, author.delegation)) {
    // Withdrawn with one's own proposed sub-paragraphs only: the paragraphs that follow it
    // because it was proposed above them (Enter at the end of "Decides:") are not one's own.
    const going = ownSubtree(parent, index, end, (child) =>
      isOwnProposedParagraph(child, author.delegation),
    );
    if (going.length === parent.childCount) {
      return refuse('The last paragraph of its part cannot be removed.');
    }
    const from = childPos(parent, parentStart, index);
    for (const i of [...going].reverse()) {
      tr.delete(childPos(parent, parentStart, i), childPos(parent, parentStart, i + 1));
    }
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(from, tr.doc.content.size)), -1));
    return done(tr, []);
  }
  const conflict = unitBusy(state, block, end);
  if (conflict) return conflict;
  const suggestionId = newId();
  for (let i = index; i < end; i++) {
    tr.setNodeAttribute(childPos(parent, parentStart, i), 'suggestion', {
      suggestionId,
      delegation: author.delegation,
      kind: 'delete',
    } satisfies ParagraphSuggestion);
  }
  return done(tr, [{ suggestionId, covers: [] }]);
}

/**
 * Alt+↑ / Alt+↓: proposes moving the paragraph (with its sub-paragraphs) one
 * place up or down. The original stays, marked `moveFrom`; a copy marked
 * `moveTo` goes to the new place and takes the caret, so pressing again moves
 * the copy further.
 */
export function proposeMove(
  state: EditorState,
  author: AmendmentAuthor,
  direction: 'up' | 'down',
): SuggestOutcome {
  const block = currentBlock(state);
  if (!block) return refuse('Put the caret in the paragraph to move.');
  const { parent, parentStart, index, node } = block;
  const end = subtreeEnd(parent, index);
  let target: number | null;
  if (direction === 'up') {
    target = previousUnit(parent, index);
  } else if (end >= parent.childCount) {
    target = null;
  } else {
    const own = parent.type.name === 'preamble' ? 0 : level(node);
    target =
      parent.type.name !== 'preamble' && level(parent.child(end)) !== own
        ? null
        : subtreeEnd(parent, end);
  }
  if (target === null)
    return refuse(`${reference(state, block.pos)} cannot move further ${direction}.`);

  const movable = (child: ProseMirrorNode) => {
    const suggestion = paragraphSuggestion(child);
    return (
      suggestion?.delegation === author.delegation &&
      (suggestion.kind === 'insert' || suggestion.kind === 'moveTo')
    );
  };
  const nodes: ProseMirrorNode[] = [];
  for (let i = index; i < end; i++) nodes.push(parent.child(i));
  const targetPos = childPos(parent, parentStart, target);
  const caretOffset = state.selection.from - block.pos;
  const tr = state.tr;

  if (movable(node)) {
    // One's own proposed (or moved) paragraph simply moves, with its own sub-paragraphs:
    // others' paragraphs under it (it was proposed above them) stay where they are.
    const moving = ownSubtree(parent, index, end, movable);
    for (const i of [...moving].reverse()) {
      tr.delete(childPos(parent, parentStart, i), childPos(parent, parentStart, i + 1));
    }
    const insertAt = tr.mapping.map(targetPos, -1);
    tr.insert(insertAt, Fragment.from(moving.map((i) => parent.child(i))));
    tr.setSelection(TextSelection.near(tr.doc.resolve(insertAt + caretOffset)));
    return done(tr, []);
  }
  const conflict = unitBusy(state, block, end);
  if (conflict) return conflict;
  const suggestionId = newId();
  const copies = nodes.map((child) =>
    child.type.create(
      {
        ...child.attrs,
        paragraphId: newId(),
        suggestion: {
          suggestionId,
          delegation: author.delegation,
          kind: 'moveTo',
        } satisfies ParagraphSuggestion,
      },
      child.content,
    ),
  );
  tr.insert(targetPos, Fragment.from(copies));
  for (let i = index; i < end; i++) {
    tr.setNodeAttribute(tr.mapping.map(childPos(parent, parentStart, i)), 'suggestion', {
      suggestionId,
      delegation: author.delegation,
      kind: 'moveFrom',
    } satisfies ParagraphSuggestion);
  }
  const copyStart = tr.mapping.map(targetPos, -1);
  tr.setSelection(TextSelection.near(tr.doc.resolve(copyStart + caretOffset)));
  return done(tr, [{ suggestionId, covers: [] }]);
}

/**
 * Backspace at the start / Delete at the end of a paragraph would join two
 * paragraphs, which is not an amendment: an empty own proposed paragraph is
 * withdrawn; anything else is refused.
 */
export function joinInSuggestingMode(state: EditorState, author: AmendmentAuthor): SuggestOutcome {
  const block = currentBlock(state);
  if (
    block &&
    block.node.content.size === 0 &&
    isOwnProposedParagraph(block.node, author.delegation)
  ) {
    return proposeParagraphDeletion(state, author);
  }
  return refuse(
    'Paragraphs are not joined in suggesting mode. To propose deleting a paragraph, use “Propose deleting paragraph” (Ctrl+Shift+Backspace).',
  );
}

/** Whether a paragraph structure command may act directly: only on one's own proposed paragraph. */
export function mayRestructure(state: EditorState, author: AmendmentAuthor): boolean {
  const block = currentBlock(state);
  return !!block && isOwnProposedParagraph(block.node, author.delegation);
}

/**
 * Pasting several paragraphs in suggesting mode: they become new paragraphs
 * proposed by the author, after the paragraph at the caret, of its kind
 * (operative after a heading), with whatever amendment marks they carried
 * dropped (the paste is the author's). Null when the slice holds at most one
 * paragraph: that is pasted as inline text.
 */
export function proposePastedParagraphs(
  state: EditorState,
  author: AmendmentAuthor,
  slice: Slice,
): SuggestOutcome | null {
  const blocks: ProseMirrorNode[] = [];
  slice.content.descendants((node) => {
    if (node.isTextblock) {
      blocks.push(node);
      return false;
    }
    return true;
  });
  if (blocks.length <= 1) return null;
  const block = currentBlock(state);
  if (!block) return refuse('Put the caret in a paragraph to paste paragraphs after it.');
  const type =
    block.node.type.name === 'sectionHeading'
      ? state.schema.nodes.operativeParagraph
      : block.node.type;
  if (!type) return refuse('No paragraph type here.');
  const suggestionId = newId();
  const suggestion: ParagraphSuggestion = {
    suggestionId,
    delegation: author.delegation,
    kind: 'insert',
  };
  const levelAttrs =
    block.node.type.name === 'subParagraph' ? { level: block.node.attrs.level } : {};
  const nodes: ProseMirrorNode[] = [];
  for (const pasted of blocks) {
    const inline: ProseMirrorNode[] = [];
    withoutAmendmentMarks(pasted.content).forEach((child) => {
      if (child.isInline && type.contentMatch.matchType(child.type)) {
        inline.push(child.mark(child.marks.filter((mark) => type.allowsMarkType(mark.type))));
      }
    });
    if (inline.length === 0) continue;
    nodes.push(
      type.create({ ...levelAttrs, paragraphId: newId(), suggestion }, Fragment.fromArray(inline)),
    );
  }
  if (nodes.length === 0) return null;
  const tr = state.tr;
  const after = block.pos + block.node.nodeSize;
  try {
    tr.insert(after, Fragment.fromArray(nodes));
  } catch {
    return refuse('These paragraphs cannot be pasted here; paste them one at a time.');
  }
  const end = after + Fragment.fromArray(nodes).size;
  tr.setSelection(TextSelection.near(tr.doc.resolve(end - 1), -1));
  return done(tr, [{ suggestionId, covers: [] }]);
}
