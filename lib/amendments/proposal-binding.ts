import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { writeDraftBody } from '../drafts/draft-body';
import { agreedText, materialiseDraft, type Materialised } from './materialise';
import { amendmentsMap, newAmendmentMeta, type AmendmentAuthor } from './model';
import type { AmendmentMode } from './suggesting-mode';
import { normaliseEdit, TranslateError, translateSuggestedEdit } from './translate-edit';

/**
 * The editor binding for amendments as objects (issue 19): the editor shows
 * the marked-up text materialised from the agreed text and the proposals, and
 * never the shared Y.XmlFragment itself.
 * - A local edit in suggesting mode (already turned into amendment marks by
 *   `SuggestingMode`) is translated into operations on the delegation's own
 *   proposals (`translate-edit.ts`); in editing mode, into the agreed text.
 * - Any change of the Y.Doc (remote, or the translation's own) is shown by
 *   materialising again and replacing what differs, as a remote transaction
 *   (not undoable here, not turned into amendments).
 * Not yet: remote carets anchored in the agreed text or a proposal, undo of
 * one's own operations (Y.UndoManager), per-paragraph re-materialisation.
 */

export const PROPOSAL_BINDING_ORIGIN = 'concord-proposal-binding';

export interface ProposalBindingOptions {
  doc: Y.Doc | null;
  author: AmendmentAuthor | null;
  /** The editor's current mode (the SuggestingMode extension's storage). */
  mode: () => AmendmentMode;
  onRefused: (reason: string) => void;
  /**
   * Told after each local edit was written: what the editor showed, and what
   * the Y.Doc now materialises (equal unless the translation was inexact).
   */
  onTranslated?: (edited: ProseMirrorNode, materialised: ProseMirrorNode) => void;
}

const bindingKey = new PluginKey('proposalBinding');

/** Replaces what differs between the view's document and `next`, as a remote change. */
function show(view: EditorView, next: ProseMirrorNode): void {
  const current = view.state.doc;
  const start = current.content.findDiffStart(next.content);
  if (start === null) return;
  const end = current.content.findDiffEnd(next.content);
  let endA = end?.a ?? current.content.size;
  let endB = end?.b ?? next.content.size;
  // findDiffEnd may overlap the start when the same text repeats.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  const tr = view.state.tr.replace(start, endA, next.slice(start, endB));
  tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
  tr.setMeta('addToHistory', false);
  tr.setMeta(bindingKey, true);
  view.dispatch(tr);
}

export const ProposalBinding = Extension.create<ProposalBindingOptions>({
  name: 'proposalBinding',

  addOptions() {
    return { doc: null, author: null, mode: () => 'suggesting', onRefused: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: bindingKey,
        view: (view) => {
          const doc = options.doc;
          if (!doc) return {};
          let shown: Materialised = materialiseDraft(doc, { schema: view.state.schema });
          let busy = false;
          // Each editor's own writes: another editor on the same Y.Doc must still see them.
          const origin = { binding: PROPOSAL_BINDING_ORIGIN };
          const refresh = () => {
            busy = true;
            try {
              shown = materialiseDraft(doc, { schema: view.state.schema });
              show(view, shown.doc);
            } finally {
              busy = false;
            }
          };
          refresh();
          const onTransaction = (transaction: Y.Transaction) => {
            if (transaction.origin === origin || view.isDestroyed) return;
            refresh();
          };
          doc.on('afterTransaction', onTransaction);
          return {
            update: (_view, previous) => {
              if (busy || view.state.doc.eq(previous.doc)) return;
              if (view.state.doc.eq(shown.doc)) return;
              const suggesting = options.mode() === 'suggesting' && options.author !== null;
              const after =
                suggesting && options.author
                  ? normaliseEdit(view.state.doc, options.author.delegation)
                  : view.state.doc;
              let written = true;
              try {
                doc.transact(() => {
                  if (suggesting && options.author) {
                    const author = options.author;
                    const outcome = translateSuggestedEdit(doc, shown, after, author.delegation);
                    const records = amendmentsMap(doc);
                    for (const amendment of outcome.amendments) {
                      if (!records.get(amendment)) {
                        records.set(
                          amendment,
                          newAmendmentMeta(author, new Date().toISOString(), []),
                        );
                      }
                    }
                  } else if (options.author) {
                    writeDraftBody(doc, agreedText(after));
                  }
                }, origin);
              } catch (error) {
                if (!(error instanceof TranslateError)) throw error;
                written = false;
                options.onRefused(
                  error.rule
                    ? error.message
                    : `This change cannot be made as an amendment (${error.message}); it was undone.`,
                );
              }
              refresh();
              if (written) options.onTranslated?.(after, shown.doc);
            },
            destroy: () => doc.off('afterTransaction', onTransaction),
          };
        },
      }),
    ];
  },
});
