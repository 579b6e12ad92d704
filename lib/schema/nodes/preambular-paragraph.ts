import { mergeAttributes, Node } from '@tiptap/core';
import { paragraphIdAttribute } from '../paragraph-ids';
import { paragraphStatusAttribute } from '../paragraph-status';

/**
 * A preambular paragraph (PP): starts with an italic participle or adjective
 * ("Recalling", "Deeply concerned") and ends with a comma. Not numbered.
 */
export const PreambularParagraph = Node.create({
  name: 'preambularParagraph',
  content: 'inline*',

  addAttributes() {
    return { paragraphId: paragraphIdAttribute(), status: paragraphStatusAttribute() };
  },

  parseHTML() {
    return [{ tag: 'p[data-type="preambular-paragraph"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'p',
      mergeAttributes(HTMLAttributes, {
        'data-type': 'preambular-paragraph',
        class: 'preambular-paragraph',
      }),
      0,
    ];
  },
});
