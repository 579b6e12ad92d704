import { mergeAttributes, Node } from '@tiptap/core';

/**
 * A footnote: a marker at this point of the text holding the footnote's own
 * text (citations, with italic titles). The marker is one unit for the caret
 * (an atom); its text is edited in a dialog. Numbered in document order
 * across the draft by the view and the exporters, never stored.
 */
export const Footnote = Node.create({
  name: 'footnote',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  content: 'text*',
  marks: 'italic',

  parseHTML() {
    return [{ tag: 'span[data-type="footnote"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'span',
      mergeAttributes(HTMLAttributes, {
        'data-type': 'footnote',
        class: 'footnote',
        contenteditable: 'false',
      }),
      // The text in its own box: the editor shows only the number until it is pointed at.
      ['span', { class: 'footnote-text' }, 0],
    ];
  },
});
