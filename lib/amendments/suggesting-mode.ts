import { Extension, type Editor } from '@tiptap/core';
export { AMENDMENT_VIEWS, AMENDMENT_VIEW_LABELS, type AmendmentView } from './model';
import { Fragment, Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { MAX_PARAGRAPH_CHARACTERS } from '../schema/read-yjs';
import { isRemoteTransaction } from '../schema/remote-transaction';
import { PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import {
  AMENDMENT_TRANSACTION,
  DELETION_MARK,
  INSERTION_MARK,
  amendmentsMap,
  readAmendmentMeta,
  type AmendmentAuthor,
  type AmendmentMeta,
  AMENDMENT_VIEWS,
  newAmendmentMeta,
  inlineVisibleIn,
  paragraphVisibleIn,
  type AmendmentView,
} from './model';
import {
  joinInSuggestingMode,
  mayRestructure,
  proposeMove,
  proposeNewParagraph,
  proposeParagraphDeletion,
  proposePastedParagraphs,
} from './paragraph-amendments';
import { suggestTransaction, type CreatedAmendment, type SuggestOutcome } from './suggest';

export type AmendmentMode = 'editing' | 'suggesting';
/** The Y.Doc transaction origin of amendment metadata written by this client. */
export const AMENDMENT_META_ORIGIN = 'concord-amendment-meta';

export interface SuggestingModeOptions {
  /** The signed-in delegate; null: this editor cannot suggest (observers, tools). */
  author: AmendmentAuthor | null;
  /** Where amendment metadata is written; null in tools without a Y.Doc. */
  doc: Y.Doc | null;
  /** The mode the editor starts in. */
  mode: AmendmentMode;
  /** Told why an edit was not made (shown to the user). */
  onRefused: (reason: string) => void;
}

export interface SuggestingModeStorage {
  mode: AmendmentMode;
  stopObserving?: () => void;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    amendments: {
      setAmendmentMode: (mode: AmendmentMode) => ReturnType;
      setAmendmentView: (view: AmendmentView) => ReturnType;
      /** Proposes deleting the paragraph at the caret (withdraws one's own proposed one). */
      proposeParagraphDeletion: () => ReturnType;
      /** Proposes moving the paragraph at the caret one place up or down. */
      proposeParagraphMove: (direction: 'up' | 'down') => ReturnType;
      /**
       * Lets the structure command chained after it act directly: only on
       * one's own proposed paragraph in suggesting mode (always in editing mode).
       */
      asOwnParagraphChange: () => ReturnType;
    };
  }
  interface Storage {
    suggestingMode: SuggestingModeStorage;
  }
}

const viewKey = new PluginKey<AmendmentView>('amendmentView');

/** The view the editor shows: marked up, as if all accepted, or the original. */
export function amendmentView(state: EditorState): AmendmentView {
  return viewKey.getState(state) ?? 'markup';
}

/** The content as the view reads it: what copying takes (struck text is never copied). */
function visibleContent(content: Fragment, view: AmendmentView): Fragment {
  const nodes: ProseMirrorNode[] = [];
  content.forEach((node) => {
    if (PARAGRAPH_NODE_TYPES.has(node.type.name) && !paragraphVisibleIn(node, view)) return;
    if (node.isInline && !inlineVisibleIn(node, view)) return;
    nodes.push(node.isLeaf || node.isText ? node : node.copy(visibleContent(node.content, view)));
  });
  return Fragment.fromArray(nodes);
}

/** Writes who made the amendments a transaction created (before the text is sent). */
function recordCreated(
  doc: Y.Doc | null,
  author: AmendmentAuthor,
  created: readonly CreatedAmendment[],
): void {
  if (!doc || created.length === 0) return;
  const map = amendmentsMap(doc);
  doc.transact(() => {
    for (const { suggestionId, covers } of created) {
      const existing = readAmendmentMeta(doc, suggestionId);
      if (!existing) {
        map.set(suggestionId, newAmendmentMeta(author, new Date().toISOString(), covers));
      } else if (covers.some((id) => !existing.covers?.includes(id))) {
        map.set(suggestionId, {
          ...existing,
          covers: [...new Set([...(existing.covers ?? []), ...covers])],
        });
      }
    }
  }, AMENDMENT_META_ORIGIN);
}

/**
 * Text of this delegation's insertion that a concurrent deletion by another
 * delegation covered without having seen it (Yjs extends a formatting range
 * over text inserted inside it): the deletion is taken off that text, so a
 * delegate typing inside a range someone just proposed to delete keeps their
 * words. A deletion made knowingly over an insertion lists it in `covers`.
 */
function unswallow(
  state: EditorState,
  doc: Y.Doc,
  delegation: string,
  unchanged: ReadonlySet<ProseMirrorNode>,
): Transaction | null {
  const deletionType = state.schema.marks[DELETION_MARK];
  if (!deletionType) return null;
  const tr = state.tr;
  state.doc.descendants((node, pos) => {
    // A paragraph that is the same node as at the last look has nothing new in it.
    if (unchanged.has(node)) return false;
    if (!node.isInline) return true;
    const insertion = node.marks.find(
      (mark) => mark.type.name === INSERTION_MARK && mark.attrs.delegation === delegation,
    );
    if (!insertion) return false;
    for (const mark of node.marks) {
      if (mark.type !== deletionType || mark.attrs.delegation === delegation) continue;
      const meta = readAmendmentMeta(doc, String(mark.attrs.suggestionId));
      if (meta && !meta.covers?.includes(String(insertion.attrs.suggestionId))) {
        tr.removeMark(pos, pos + node.nodeSize, mark);
      }
    }
    return false;
  });
  if (!tr.docChanged) return null;
  return tr.setMeta('addToHistory', false).setMeta(AMENDMENT_TRANSACTION, true);
}

/**
 * Takes an amendment command's outcome: a refusal is told to the user; a
 * transaction has its new amendments recorded (before its text is sent).
 * Returns the transaction to dispatch, if any. A TipTap command's outcome is
 * built on the command's own transaction, which TipTap dispatches itself
 * (dispatching it here too would apply it twice).
 */
function settle(options: SuggestingModeOptions, outcome: SuggestOutcome): Transaction | null {
  if (outcome.kind === 'refused') {
    options.onRefused(outcome.reason);
    return null;
  }
  if (options.author) recordCreated(options.doc, options.author, outcome.created);
  return outcome.tr;
}

/** The same for a key handler, which dispatches the transaction. */
function apply(editor: Editor, options: SuggestingModeOptions, outcome: SuggestOutcome): boolean {
  const tr = settle(options, outcome);
  if (tr) editor.view.dispatch(tr);
  return true;
}

/**
 * Suggesting mode: every local change becomes an amendment of the signed-in
 * delegation (see `suggest.ts` and `paragraph-amendments.ts`). Remote
 * changes, undo and redo, and transactions that already are amendments pass
 * untouched. Also the three views of the text, and copy without struck text.
 */
/** The length of the longest paragraph a paste would make or add to. */
function longestPastedParagraph(slice: Slice): number {
  let longest = 0;
  slice.content.descendants((node) => {
    if (node.isTextblock) longest = Math.max(longest, node.textContent.length);
    return !node.isTextblock;
  });
  // Inline content only (no paragraph in the slice).
  return Math.max(
    longest,
    slice.content.firstChild?.isInline
      ? slice.content.textBetween(0, slice.content.size).length
      : 0,
  );
}

export const SuggestingMode = Extension.create<SuggestingModeOptions, SuggestingModeStorage>({
  name: 'suggestingMode',
  // Before the paragraph commands' Enter, Backspace and Alt+arrows.
  priority: 200,

  addOptions() {
    return { author: null, doc: null, mode: 'editing', onRefused: () => undefined };
  },

  addStorage() {
    return { mode: this.options.mode };
  },

  onCreate() {
    const { doc, author } = this.options;
    if (!doc || !author) return;
    const map = amendmentsMap(doc);
    // Once a facilitator accepts one of this delegation's amendments, undoing the
    // typing that made it would remove agreed text: the undo history ends there.
    const onDecision = (event: Y.YMapEvent<AmendmentMeta>) => {
      if (event.transaction.local) return;
      const accepted = [...event.keysChanged].some((key) => {
        const entry = map.get(key);
        return entry?.decision?.outcome === 'accepted' && entry.delegation === author.delegation;
      });
      if (!accepted) return;
      const undo: unknown = yUndoPluginKey.getState(this.editor.state);
      if (typeof undo === 'object' && undo !== null && 'undoManager' in undo) {
        (undo.undoManager as Y.UndoManager).clear();
      }
    };
    map.observe(onDecision);
    this.storage.stopObserving = () => map.unobserve(onDecision);
  },

  onDestroy() {
    this.storage.stopObserving?.();
  },

  dispatchTransaction({ transaction, next }) {
    const { author } = this.options;
    if (
      this.storage.mode !== 'suggesting' ||
      !author ||
      !transaction.docChanged ||
      isRemoteTransaction(transaction) ||
      transaction.getMeta(AMENDMENT_TRANSACTION)
    ) {
      next(transaction);
      return;
    }
    const tr = settle(this.options, suggestTransaction(this.editor.state, transaction, author));
    if (tr) next(tr);
  },

  addCommands() {
    return {
      setAmendmentMode: (mode) => () => {
        this.storage.mode = mode;
        return true;
      },
      setAmendmentView:
        (view) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(viewKey, view);
          return true;
        },
      proposeParagraphDeletion:
        () =>
        ({ state, dispatch }) => {
          const { author } = this.options;
          if (!author) return false;
          if (!dispatch) return true;
          settle(this.options, proposeParagraphDeletion(state, author));
          return true;
        },
      proposeParagraphMove:
        (direction) =>
        ({ state, dispatch }) => {
          const { author } = this.options;
          if (!author) return false;
          if (!dispatch) return true;
          settle(this.options, proposeMove(state, author, direction));
          return true;
        },
      asOwnParagraphChange:
        () =>
        ({ state, tr }) => {
          const { author } = this.options;
          if (this.storage.mode !== 'suggesting' || !author) return true;
          if (!mayRestructure(state, author)) return false;
          tr.setMeta(AMENDMENT_TRANSACTION, true);
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    const suggesting = () => this.storage.mode === 'suggesting' && this.options.author !== null;
    const author = () => this.options.author as AmendmentAuthor;
    const atEdge = (edge: 'start' | 'end') => {
      const { selection } = this.editor.state;
      if (!selection.empty) return false;
      const { $from } = selection;
      if (!PARAGRAPH_NODE_TYPES.has($from.parent.type.name)) return false;
      return edge === 'start'
        ? $from.parentOffset === 0
        : $from.parentOffset === $from.parent.content.size;
    };
    /** Structure keys act directly only on one's own proposed paragraph. */
    const restructure = (run: () => boolean) => () => {
      if (!suggesting()) return false;
      if (!mayRestructure(this.editor.state, author())) {
        this.options.onRefused(
          'In suggesting mode, changing the kind or level of an existing paragraph is for the facilitator; propose new wording instead.',
        );
        return true;
      }
      return this.editor
        .chain()
        .command(({ tr }) => {
          tr.setMeta(AMENDMENT_TRANSACTION, true);
          return true;
        })
        .command(() => run())
        .run();
    };
    return {
      Enter: () =>
        suggesting() &&
        apply(this.editor, this.options, proposeNewParagraph(this.editor.state, author())),
      Backspace: () =>
        suggesting() &&
        atEdge('start') &&
        apply(this.editor, this.options, joinInSuggestingMode(this.editor.state, author())),
      Delete: () =>
        suggesting() &&
        atEdge('end') &&
        apply(this.editor, this.options, joinInSuggestingMode(this.editor.state, author())),
      'Alt-ArrowUp': () =>
        suggesting() &&
        apply(this.editor, this.options, proposeMove(this.editor.state, author(), 'up')),
      'Alt-ArrowDown': () =>
        suggesting() &&
        apply(this.editor, this.options, proposeMove(this.editor.state, author(), 'down')),
      'Mod-Shift-Backspace': () => this.editor.commands.proposeParagraphDeletion(),
      Tab: restructure(() => this.editor.can().indentParagraph()),
      'Shift-Tab': restructure(() => this.editor.can().outdentParagraph()),
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    const storage = this.storage;
    return [
      new Plugin<AmendmentView>({
        key: viewKey,
        state: {
          init: () => 'markup',
          apply: (tr, previous) => {
            const next: unknown = tr.getMeta(viewKey);
            return typeof next === 'string' && (AMENDMENT_VIEWS as readonly string[]).includes(next)
              ? (next as AmendmentView)
              : previous;
          },
        },
        props: {
          handlePaste: (view, _event, slice) => {
            // What the server would refuse (and so undo, with later edits) is refused here.
            const longest = longestPastedParagraph(slice);
            if (longest > MAX_PARAGRAPH_CHARACTERS) {
              options.onRefused(
                `Not pasted: it holds a paragraph of ${longest.toLocaleString('en')} characters, and a paragraph or a proposal is limited to ${MAX_PARAGRAPH_CHARACTERS.toLocaleString('en')}. Paste it in parts.`,
              );
              return true;
            }
            const author = options.author;
            if (storage.mode !== 'suggesting' || !author) return false;
            const outcome = proposePastedParagraphs(view.state, author, slice);
            if (!outcome) return false;
            const tr = settle(options, outcome);
            if (tr) view.dispatch(tr);
            return true;
          },
          attributes: (state) => {
            const view = amendmentView(state);
            return { class: `amendment-view-${view}`, 'data-amendment-view': view };
          },
          transformCopied: (slice, view) =>
            new Slice(
              visibleContent(
                slice.content,
                amendmentView(view.state) === 'original' ? 'original' : 'accepted',
              ),
              slice.openStart,
              slice.openEnd,
            ),
        },
        // Not in `appendTransaction` of the remote transaction: the Yjs binding is still
        // applying it then and does not write what is appended, so the fix would stay
        // local (the clients diverge). Once Yjs is done with remote updates, it is a
        // local change like any other, sent to everyone.
        view: (view) => {
          const doc = options.doc;
          if (!doc) return {};
          // Paragraphs looked at after the last remote change: only the others are looked at
          // next time (the cost follows the change, not the draft), unless amendment records
          // arrived, which may turn a deletion seen earlier into one to take off.
          let looked = new Set<ProseMirrorNode>();
          const records = amendmentsMap(doc);
          const afterAll = (_doc: Y.Doc, transactions: Y.Transaction[]) => {
            const author = options.author;
            const remote = transactions.filter((tr) => !tr.local);
            if (!author || view.isDestroyed || remote.length === 0) return;
            const recordsArrived = remote.some((tr) =>
              [...tr.changed.keys()].some((type) => type === (records as unknown)),
            );
            const tr = unswallow(
              view.state,
              doc,
              author.delegation,
              recordsArrived ? new Set() : looked,
            );
            if (tr) view.dispatch(tr);
            looked = new Set();
            view.state.doc.descendants((node) => {
              if (PARAGRAPH_NODE_TYPES.has(node.type.name)) looked.add(node);
              return !PARAGRAPH_NODE_TYPES.has(node.type.name);
            });
          };
          doc.on('afterAllTransactions', afterAll);
          return { destroy: () => doc.off('afterAllTransactions', afterAll) };
        },
      }),
    ];
  },
});
