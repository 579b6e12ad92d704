import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { amendmentView } from '../amendments/suggesting-mode';
import {
  paragraphSuggestion,
  type AmendmentView,
  type ParagraphAmendmentKind,
} from '../amendments/model';

const SUGGESTION_MARGIN: Readonly<Record<ParagraphAmendmentKind, string>> = {
  insert: 'new',
  delete: 'delete',
  moveFrom: 'move from',
  moveTo: 'moved here',
};
import { labelParagraphs, numberFootnotes } from './numbering';
import { isParagraphStatus, PARAGRAPH_STATUS_LABELS } from './paragraph-status';

function labelDecorations(doc: ProseMirrorNode, view: AmendmentView): DecorationSet {
  const decorations: Decoration[] = [];
  for (const label of labelParagraphs(doc, view)) {
    if (!label.reference) continue;
    const node = doc.nodeAt(label.pos);
    if (!node) continue;
    const status: unknown = node.attrs.status;
    const suggestion = paragraphSuggestion(node);
    const margin = [label.reference];
    if (isParagraphStatus(status)) margin.push(PARAGRAPH_STATUS_LABELS[status]);
    if (suggestion && view === 'markup') {
      margin.push(`${suggestion.delegation}: ${SUGGESTION_MARGIN[suggestion.kind]}`);
    }
    decorations.push(
      Decoration.node(label.pos, label.pos + node.nodeSize, {
        'data-label': label.label,
        'data-ref': label.reference,
        'data-margin': margin.join('\n'),
        'data-margin-lines': String(margin.length),
      }),
    );
  }
  for (const [pos, number] of numberFootnotes(doc)) {
    const node = doc.nodeAt(pos);
    if (node) {
      decorations.push(
        Decoration.node(pos, pos + node.nodeSize, {
          'data-footnote-number': String(number),
          'aria-label': `Footnote ${number}: ${node.textContent}`,
        }),
      );
    }
  }
  return DecorationSet.create(doc, decorations);
}

const paragraphLabelsKey = new PluginKey<DecorationSet>('paragraphLabels');

/**
 * Shows the computed numbers and labels: "3." and "(a)" before the text,
 * "PP2" / "OP3 (a)" and the status in the margin, footnote numbers at their
 * markers. Nothing of it is stored in the document.
 */
export const ParagraphLabels = Extension.create({
  name: 'paragraphLabels',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: paragraphLabelsKey,
        state: {
          init: (_, state) => labelDecorations(state.doc, amendmentView(state)),
          apply: (tr, previous, oldState, newState) =>
            tr.docChanged || amendmentView(oldState) !== amendmentView(newState)
              ? labelDecorations(tr.doc, amendmentView(newState))
              : previous,
        },
        props: {
          decorations: (state) => paragraphLabelsKey.getState(state),
        },
      }),
    ];
  },
});
