import { mergeAttributes, Node } from '@tiptap/core';

/** The preambular part: one or more preambular paragraphs. */
export const Preamble = Node.create({
  name: 'preamble',
  content: 'preambularParagraph+',
  isolating: true,
  defining: true,

  parseHTML() {
    return [{ tag: 'section[data-type="preamble"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'section',
      mergeAttributes(HTMLAttributes, { 'data-type': 'preamble', class: 'preamble' }),
      0,
    ];
  },
});
