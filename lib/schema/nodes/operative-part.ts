import { mergeAttributes, Node } from '@tiptap/core';

/** The operative part: numbered operative paragraphs. */
export const OperativePart = Node.create({
  name: 'operativePart',
  content: 'operativeParagraph+',
  isolating: true,
  defining: true,

  parseHTML() {
    return [{ tag: 'section[data-type="operative-part"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'section',
      mergeAttributes(HTMLAttributes, { 'data-type': 'operative-part', class: 'operative-part' }),
      0,
    ];
  },
});
