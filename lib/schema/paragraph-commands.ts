import { Extension, type CommandProps } from '@tiptap/core';
import { Fragment, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { NodeSelection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { AMENDMENT_TRANSACTION } from '../amendments/model';
import { PARAGRAPH_NODE_TYPES } from './paragraph-ids';
import { isParagraphStatus, type ParagraphStatus } from './paragraph-status';
import { MAX_SUBPARAGRAPH_LEVEL, type TextRun } from './resolution-document';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    resolutionParagraphs: {
      /** Enter: a new paragraph of the same kind (and level) after the caret. */
      splitResolutionParagraph: () => ReturnType;
      /** Tab: one sub-paragraph level deeper, with the paragraph's own sub-paragraphs. */
      indentParagraph: () => ReturnType;
      /** Shift-Tab: one level out; a first-level sub-paragraph becomes an operative paragraph. */
      outdentParagraph: () => ReturnType;
      /** Moves the paragraph (with its sub-paragraphs) above the previous one of its level. */
      moveParagraphUp: () => ReturnType;
      moveParagraphDown: () => ReturnType;
      /** Turns a preambular paragraph into the first operative paragraph. */
      convertToOperative: () => ReturnType;
      /** Turns an operative paragraph (without sub-paragraphs) into the last preambular one. */
      convertToPreambular: () => ReturnType;
      /** Inserts a footnote with this text at the caret; the caret goes after it. */
      insertFootnote: (text: readonly TextRun[]) => ReturnType;
      /** Replaces the text of the footnote at `pos`. */
      updateFootnote: (pos: number, text: readonly TextRun[]) => ReturnType;
      /** Inserts a section heading before the current operative block. */
      insertSectionHeading: (numbered?: boolean) => ReturnType;
      /** Switches the section heading at the caret between roman-numbered and unnumbered. */
      toggleSectionNumbering: () => ReturnType;
      setParagraphStatus: (status: ParagraphStatus | null) => ReturnType;
    };
  }
}

export interface Block {
  node: ProseMirrorNode;
  pos: number;
  /** Index among the parent's children. */
  index: number;
  parent: ProseMirrorNode;
  /** Position where the parent's content starts. */
  parentStart: number;
}

/** The paragraph the caret is in (also from inside a footnote). */
export function currentBlock(state: EditorState): Block | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (PARAGRAPH_NODE_TYPES.has(node.type.name)) {
      return {
        node,
        pos: $from.before(depth),
        index: $from.index(depth - 1),
        parent: $from.node(depth - 1),
        parentStart: $from.start(depth - 1),
      };
    }
  }
  return null;
}

/** Nesting level in the operative part: 0 for paragraphs and headings, 1–4 for sub-paragraphs. */
export function level(node: ProseMirrorNode): number {
  return node.type.name === 'subParagraph' ? Number(node.attrs.level) || 1 : 0;
}

/** Index after the block at `index` and its sub-paragraphs. */
export function subtreeEnd(parent: ProseMirrorNode, index: number): number {
  const start = parent.child(index);
  if (start.type.name === 'sectionHeading' || parent.type.name === 'preamble') return index + 1;
  const own = level(start);
  let end = index + 1;
  while (end < parent.childCount) {
    const next = parent.child(end);
    if (next.type.name !== 'subParagraph' || level(next) <= own) break;
    end++;
  }
  return end;
}

export function childPos(parent: ProseMirrorNode, parentStart: number, index: number): number {
  let pos = parentStart;
  for (let i = 0; i < index; i++) pos += parent.child(i).nodeSize;
  return pos;
}

export function shiftLevels(tr: Transaction, block: Block, delta: number): boolean {
  const { parent, parentStart, index } = block;
  const end = subtreeEnd(parent, index);
  const schema = tr.doc.type.schema;
  const changes: { pos: number; node: ProseMirrorNode; to: number }[] = [];
  for (let i = index; i < end; i++) {
    const node = parent.child(i);
    const to = level(node) + delta;
    if (to < 0 || to > MAX_SUBPARAGRAPH_LEVEL) return false;
    changes.push({ pos: childPos(parent, parentStart, i), node, to });
  }
  for (const { pos, node, to } of changes) {
    const attrs = {
      paragraphId: node.attrs.paragraphId,
      status: node.attrs.status,
      suggestion: node.attrs.suggestion,
    };
    if (to === 0 && schema.nodes.operativeParagraph) {
      tr.setNodeMarkup(pos, schema.nodes.operativeParagraph, attrs);
    } else if (schema.nodes.subParagraph) {
      tr.setNodeMarkup(pos, schema.nodes.subParagraph, { ...attrs, level: to });
    }
  }
  return true;
}

/** Start index of the unit before the block at `index`, at the same level; null if none. */
export function previousUnit(parent: ProseMirrorNode, index: number): number | null {
  if (parent.type.name === 'preamble') return index > 0 ? index - 1 : null;
  const own = level(parent.child(index));
  for (let i = index - 1; i >= 0; i--) {
    const candidate = level(parent.child(i));
    if (candidate < own) return null;
    if (candidate === own) return i;
  }
  return null;
}

export function moveRange(
  tr: Transaction,
  block: Block,
  from: number,
  to: number,
  before: number,
  caretOffset: number,
): void {
  const { parent, parentStart } = block;
  const nodes: ProseMirrorNode[] = [];
  for (let i = from; i < to; i++) nodes.push(parent.child(i));
  const start = childPos(parent, parentStart, from);
  const end = childPos(parent, parentStart, to);
  const target = childPos(parent, parentStart, before);
  tr.delete(start, end);
  const insertAt = tr.mapping.map(target, -1);
  tr.insert(insertAt, Fragment.from(nodes));
  const caret = insertAt + caretOffset;
  tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(caret, tr.doc.content.size))));
  tr.scrollIntoView();
}

function footnoteContent(state: EditorState, text: readonly TextRun[]): ProseMirrorNode[] {
  const italic = state.schema.marks.italic;
  return text
    .filter((run) => run.text.length > 0)
    .map((run) => state.schema.text(run.text, run.italic && italic ? [italic.create()] : []));
}

/** The footnote selected as a node, with its position; null when none is. */
export function selectedFootnote(
  state: EditorState,
): { pos: number; node: ProseMirrorNode } | null {
  const { selection } = state;
  return selection instanceof NodeSelection && selection.node.type.name === 'footnote'
    ? { pos: selection.from, node: selection.node }
    : null;
}

/**
 * A footnote's text is edited in its dialog, never in place: if the caret
 * ended up inside one (e.g. mapped there by a remote change), put it after it.
 */
function caretOutOfFootnote(tr: Transaction): void {
  const { $from } = tr.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type.name === 'footnote') {
      tr.setSelection(TextSelection.create(tr.doc, $from.after(depth)));
      return;
    }
  }
}

function run(
  props: CommandProps,
  build: (tr: Transaction, state: EditorState) => boolean,
): boolean {
  const { state, dispatch } = props;
  const tr = state.tr;
  if (!build(tr, state)) return false;
  if (dispatch) dispatch(tr);
  return true;
}

/** Editing commands and keyboard shortcuts for the parts of a resolution. */
export const ParagraphCommands = Extension.create({
  name: 'resolutionParagraphs',

  addCommands() {
    return {
      splitResolutionParagraph: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (!block) return false;
          const { node } = block;
          const schema = state.schema;
          if (node.type.name === 'subParagraph' && node.content.size === 0) {
            return shiftLevels(tr, block, -1);
          }
          if (!state.selection.empty) tr.deleteSelection();
          caretOutOfFootnote(tr);
          const type =
            node.type.name === 'sectionHeading' ? schema.nodes.operativeParagraph : node.type;
          if (!type) return false;
          const attrs = node.type.name === 'subParagraph' ? { level: node.attrs.level } : {};
          tr.split(tr.selection.from, 1, [{ type, attrs }]);
          tr.setStoredMarks([]);
          tr.scrollIntoView();
          return true;
        }),

      indentParagraph: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (!block || block.parent.type.name !== 'operativePart') return false;
          if (block.node.type.name === 'sectionHeading' || block.index === 0) return false;
          const previous = block.parent.child(block.index - 1);
          if (previous.type.name === 'sectionHeading') return false;
          if (level(previous) < level(block.node)) return false;
          return shiftLevels(tr, block, 1);
        }),

      outdentParagraph: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (!block || block.node.type.name !== 'subParagraph') return false;
          return shiftLevels(tr, block, -1);
        }),

      moveParagraphUp: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (!block) return false;
          const target = previousUnit(block.parent, block.index);
          if (target === null) return false;
          const end = subtreeEnd(block.parent, block.index);
          const caretOffset = state.selection.from - block.pos;
          moveRange(tr, block, block.index, end, target, caretOffset);
          return true;
        }),

      moveParagraphDown: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (!block) return false;
          const { parent, index } = block;
          const end = subtreeEnd(parent, index);
          if (end >= parent.childCount) return false;
          const own = parent.type.name === 'preamble' ? 0 : level(block.node);
          if (parent.type.name !== 'preamble' && level(parent.child(end)) !== own) return false;
          const nextEnd = subtreeEnd(parent, end);
          // Moving the next unit above this one moves this one down.
          const caretOffset = state.selection.from - block.pos;
          const unitSize =
            childPos(parent, block.parentStart, nextEnd) - childPos(parent, block.parentStart, end);
          const nodes: ProseMirrorNode[] = [];
          for (let i = end; i < nextEnd; i++) nodes.push(parent.child(i));
          const start = childPos(parent, block.parentStart, end);
          tr.delete(start, start + unitSize);
          tr.insert(block.pos, Fragment.from(nodes));
          tr.setSelection(TextSelection.near(tr.doc.resolve(block.pos + unitSize + caretOffset)));
          tr.scrollIntoView();
          return true;
        }),

      convertToOperative: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          const type = state.schema.nodes.operativeParagraph;
          if (!block || !type || block.node.type.name !== 'preambularParagraph') return false;
          if (block.parent.childCount === 1) return false;
          const caretOffset = state.selection.from - block.pos;
          const converted = type.create(block.node.attrs, block.node.content);
          tr.delete(block.pos, block.pos + block.node.nodeSize);
          const preamble = tr.doc.child(0);
          const operativeStart = preamble.nodeSize + 1;
          tr.insert(operativeStart, converted);
          tr.setSelection(TextSelection.near(tr.doc.resolve(operativeStart + caretOffset)));
          tr.scrollIntoView();
          return true;
        }),

      convertToPreambular: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          const type = state.schema.nodes.preambularParagraph;
          if (!block || !type || block.node.type.name !== 'operativeParagraph') return false;
          if (subtreeEnd(block.parent, block.index) !== block.index + 1) return false;
          if (block.parent.childCount === 1) return false;
          const caretOffset = state.selection.from - block.pos;
          const converted = type.create(block.node.attrs, block.node.content);
          tr.delete(block.pos, block.pos + block.node.nodeSize);
          const preambleEnd = tr.doc.child(0).nodeSize - 1;
          tr.insert(preambleEnd, converted);
          tr.setSelection(TextSelection.near(tr.doc.resolve(preambleEnd + caretOffset)));
          tr.scrollIntoView();
          return true;
        }),

      insertFootnote: (text) => (props) =>
        run(props, (tr, state) => {
          const type = state.schema.nodes.footnote;
          const block = currentBlock(state);
          if (!type || !block || !block.node.type.contentMatch.matchType(type)) return false;
          caretOutOfFootnote(tr);
          tr.replaceSelectionWith(type.create(null, footnoteContent(state, text)), false);
          tr.scrollIntoView();
          return true;
        }),

      updateFootnote: (pos, text) => (props) =>
        run(props, (tr, state) => {
          const node = state.doc.nodeAt(pos);
          if (node?.type.name !== 'footnote') return false;
          tr.replaceWith(pos + 1, pos + node.nodeSize - 1, footnoteContent(state, text));
          tr.setSelection(NodeSelection.create(tr.doc, pos));
          return true;
        }),

      insertSectionHeading:
        (numbered = true) =>
        (props) =>
          run(props, (tr, state) => {
            const type = state.schema.nodes.sectionHeading;
            const block = currentBlock(state);
            if (!type || !block || block.parent.type.name !== 'operativePart') return false;
            let index = block.index;
            while (index > 0 && block.parent.child(index).type.name === 'subParagraph') index--;
            const pos = childPos(block.parent, block.parentStart, index);
            tr.insert(pos, type.create({ numbered }));
            tr.setSelection(TextSelection.create(tr.doc, pos + 1));
            tr.scrollIntoView();
            return true;
          }),

      toggleSectionNumbering: () => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (block?.node.type.name !== 'sectionHeading') return false;
          tr.setNodeAttribute(block.pos, 'numbered', block.node.attrs.numbered === false);
          return true;
        }),

      setParagraphStatus: (status) => (props) =>
        run(props, (tr, state) => {
          const block = currentBlock(state);
          if (!block || !('status' in block.node.attrs)) return false;
          if (status !== null && !isParagraphStatus(status)) return false;
          tr.setNodeAttribute(block.pos, 'status', status);
          // A status is the facilitator's record, not an amendment.
          tr.setMeta(AMENDMENT_TRANSACTION, true);
          return true;
        }),
    };
  },

  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitResolutionParagraph(),
      Tab: () => {
        const block = currentBlock(this.editor.state);
        // In the operative part Tab is the outline key: consume it even when it cannot indent.
        if (block?.parent.type.name !== 'operativePart') return false;
        this.editor.commands.indentParagraph();
        return true;
      },
      'Shift-Tab': () => {
        const block = currentBlock(this.editor.state);
        if (block?.parent.type.name !== 'operativePart') return false;
        this.editor.commands.outdentParagraph();
        return true;
      },
      'Alt-ArrowUp': () => this.editor.commands.moveParagraphUp(),
      'Alt-ArrowDown': () => this.editor.commands.moveParagraphDown(),
      'Alt-Shift-o': () => this.editor.commands.convertToOperative(),
      'Alt-Shift-p': () => this.editor.commands.convertToPreambular(),
      'Mod-Alt-h': () => this.editor.commands.insertSectionHeading(true),
    };
  },
});
