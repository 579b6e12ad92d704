import { mergeAttributes, Node } from '@tiptap/core';

/**
 * The operative part: numbered operative paragraphs, each followed by its
 * sub-paragraphs, optionally split by section headings. The order rules a
 * schema cannot say (no sub-paragraph first, one level deeper at most) are
 * kept by `normalizeStructure`.
 */
export const OperativePart = Node.create({
  name: 'operativePart',
  content: '(operativeParagraph | subParagraph | sectionHeading)+',
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
