import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, Selection, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { yCursorPluginKey } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** Meta of a transaction that only redraws others' carets (the proposal binding sets it). */
export const CARETS_ONLY_META = 'concordCaretsOnly';

const MOVES_CARET = /^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down))$/;

/** prosemirror-view's DOM observer: not in its typings, present on every view. */
interface ObservedView extends EditorView {
  domObserver?: { flush(): void; pendingRecords(): readonly unknown[] };
}

/**
 * The page's caret as a selection of `doc` when the browser has moved it away
 * from `current` and ProseMirror has not read it yet; null otherwise (and when
 * it cannot be read safely: no focus, an input method, DOM changes not yet read).
 */
function unreadPageCaret(
  view: ObservedView | null,
  doc: EditorView['state']['doc'],
  current: Selection,
): Selection | null {
  if (!view || !mayReadPage(view) || !(current instanceof TextSelection)) return null;
  if ((view.domObserver?.pendingRecords().length ?? 0) > 0) return null;
  const page = view.dom.ownerDocument.getSelection();
  if (!page?.anchorNode || !page.focusNode) return null;
  if (!view.dom.contains(page.anchorNode) || !view.dom.contains(page.focusNode)) return null;
  try {
    const anchor = view.posAtDOM(page.anchorNode, page.anchorOffset);
    const head = view.posAtDOM(page.focusNode, page.focusOffset);
    const caret = TextSelection.between(doc.resolve(anchor), doc.resolve(head));
    return caret.eq(current) ? null : caret;
  } catch {
    return null;
  }
}

/** Whether the page's selection is the editor's to read: focused, and no input method at work. */
function mayReadPage(view: ObservedView): boolean {
  // Mid-composition (an input method), the DOM is the browser's until it ends.
  return !view.isDestroyed && !view.composing && view.hasFocus();
}

/** Has ProseMirror read the page's selection now (and pending DOM changes), if it may. */
function readPageSelection(view: ObservedView | null): void {
  if (view && mayReadPage(view)) view.domObserver?.flush();
}

interface KeepLocalSelectionOptions {
  /** The Y.Doc the editor is bound to (the one given to the Collaboration extension). */
  document: Y.Doc | null;
  /** The presence the carets of others are drawn from (the CollaborationCaret provider's). */
  awareness: Awareness | null;
}

interface KeepLocalSelectionStorage {
  view: ObservedView | null;
  stop: (() => void) | null;
  /** A mouse button is down in the editor, and whether the editor was updated since. */
  click: { updated: boolean } | null;
}

/**
 * Keeps a click (or an arrow key) that moved the caret from being undone by
 * another delegation's typing arriving at the same moment.
 *
 * The browser moves the caret at once, but ProseMirror learns of it only from
 * the next `selectionchange` event, which comes tens of milliseconds later
 * when the page is busy. Any update of the editor in between (another
 * delegation's change, or just their caret moving) writes the selection
 * ProseMirror still holds, the old one, back to the page: the delegate's next
 * keystrokes land in the paragraph they had just left (y-prosemirror issue
 * #146, also in y-tiptap). So ProseMirror reads the page's selection at the
 * end of a click, just after a caret key moved it and at its release, and before a remote Yjs
 * transaction or presence change reaches the editor; an update that only
 * redraws others' carets takes the page's caret; a click during which the
 * editor was updated places the caret from the clicked position itself.
 *
 * Listens from before the editor's view exists, so before y-tiptap's own
 * listeners to the same events.
 */
export const KeepLocalSelection = Extension.create<
  KeepLocalSelectionOptions,
  KeepLocalSelectionStorage
>({
  name: 'keepLocalSelection',

  addOptions() {
    return { document: null, awareness: null };
  },

  addStorage() {
    return { view: null, stop: null, click: null };
  },

  onBeforeCreate() {
    const { document: doc, awareness } = this.options;
    const storage = this.storage;
    const beforeTransactions = (changed: Y.Doc) => {
      if (changed._transaction && !changed._transaction.local) readPageSelection(storage.view);
    };
    const presenceChanged = (_changes: unknown, origin: unknown) => {
      // Our own caret is set from within an editor update: nothing to read then.
      if (origin !== 'local') readPageSelection(storage.view);
    };
    doc?.on('beforeAllTransactions', beforeTransactions);
    awareness?.on('change', presenceChanged);
    storage.stop = () => {
      doc?.off('beforeAllTransactions', beforeTransactions);
      awareness?.off('change', presenceChanged);
    };
  },

  addProseMirrorPlugins() {
    const storage = this.storage;
    return [
      new Plugin({
        key: new PluginKey('keepLocalSelection'),
        view(view) {
          storage.view = view;
          return {
            update() {
              if (storage.click) storage.click.updated = true;
            },
            destroy() {
              storage.view = null;
            },
          };
        },
        /**
         * An update that only redraws the carets of others (any presence change, ours
         * included, dispatches one) writes ProseMirror's selection back to the page. If the
         * browser moved the caret since ProseMirror last read it (a caret key whose
         * `selectionchange` has not come yet), that would undo the move: the update takes
         * the page's caret instead.
         */
        appendTransaction(transactions: readonly Transaction[], _old, state) {
          const caretsOnly = transactions.every(
            (tr) =>
              !tr.docChanged &&
              !tr.selectionSet &&
              (tr.getMeta(yCursorPluginKey) || tr.getMeta(CARETS_ONLY_META)),
          );
          if (!caretsOnly) return null;
          const caret = unreadPageCaret(storage.view, state.doc, state.selection);
          if (!caret) return null;
          return state.tr.setSelection(caret).setMeta('addToHistory', false);
        },
        props: {
          handleDOMEvents: {
            mousedown() {
              storage.click = { updated: false };
              return false;
            },
            // A key that moves the caret does so right after its keydown: read the caret then
            // (the next task), and again at keyup, not at `selectionchange`. A key held down
            // long (or an update of the editor between the two) would otherwise leave a
            // window in which the old caret is written back.
            keydown(view: ObservedView, event) {
              if (MOVES_CARET.test(event.key)) setTimeout(() => readPageSelection(view), 0);
              return false;
            },
            keyup(view: ObservedView, event) {
              if (MOVES_CARET.test(event.key)) readPageSelection(view);
              return false;
            },
          },
          /**
           * A plain click: the caret goes where it was clicked. If the editor
           * was updated while the button was down, the caret the browser placed
           * may have been written over: place it from the click's position
           * (which ProseMirror works out again when the text changed meanwhile).
           * Otherwise read the browser's caret now, not at `selectionchange`.
           */
          handleClick(view: ObservedView, pos, event) {
            const click = storage.click;
            storage.click = null;
            if (event.button !== 0 || event.detail > 1 || event.shiftKey) return false;
            if (click?.updated) {
              const selection = Selection.near(view.state.doc.resolve(pos));
              if (!selection.eq(view.state.selection)) {
                view.dispatch(view.state.tr.setSelection(selection).setMeta('pointer', true));
              }
            } else {
              readPageSelection(view);
            }
            return false;
          },
        },
      }),
    ];
  },

  onDestroy() {
    this.storage.stop?.();
    this.storage.stop = null;
  },
});
