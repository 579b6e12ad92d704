import { mergeAttributes, Node } from '@tiptap/core';

/**
 * A footnote: a reference at this point of the text holding the footnote's
 * own text (citations, with italic titles). Numbered in document order
 * across the draft by the view and the exporters; never stored.
 */
export const Footnote = Node.create({
  name: 'footnote',
  group: 'inline',
  inline: true,
  content: 'text*',
  marks: 'italic',
  // The caret enters the footnote's text; the marker stays outside it.
  isolating: true,

  parseHTML() {
    return [{ tag: 'span[data-type="footnote"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'span',
      mergeAttributes(HTMLAttributes, { 'data-type': 'footnote', class: 'footnote' }),
      0,
    ];
  },
});
