import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { DELETION_MARK, INSERTION_MARK, paragraphSuggestion } from './model';

/** Start positions of every amendment run and amended paragraph, in document order. */
export function amendmentStarts(doc: ProseMirrorNode): number[] {
  const starts: number[] = [];
  let previousId: string | null = null;
  doc.descendants((node, pos) => {
    const suggestion = paragraphSuggestion(node);
    if (suggestion) {
      starts.push(pos + 1);
      previousId = suggestion.suggestionId;
    }
    if (!node.isInline) return true;
    const mark = node.marks.find(
      (candidate) =>
        candidate.type.name === INSERTION_MARK || candidate.type.name === DELETION_MARK,
    );
    const id = mark ? String(mark.attrs.suggestionId) : null;
    if (id && id !== previousId) starts.push(pos);
    previousId = id;
    return false;
  });
  return starts;
}

/**
 * Alt+] / Alt+[: the caret goes to the next / previous amendment, so a
 * delegate can walk through them from the keyboard.
 */
export const AmendmentNavigation = Extension.create({
  name: 'amendmentNavigation',

  addKeyboardShortcuts() {
    const go = (direction: 1 | -1) => () => {
      const { state, view } = this.editor;
      const here = state.selection.from;
      const starts = amendmentStarts(state.doc);
      const target =
        direction === 1
          ? starts.find((pos) => pos > here)
          : [...starts].reverse().find((pos) => pos < here);
      if (target === undefined) return true;
      view.dispatch(
        state.tr.setSelection(TextSelection.near(state.doc.resolve(target), 1)).scrollIntoView(),
      );
      return true;
    };
    return { 'Alt-]': go(1), 'Alt-[': go(-1) };
  },
});
