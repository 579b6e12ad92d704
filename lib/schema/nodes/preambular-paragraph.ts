import { mergeAttributes, Node } from '@tiptap/core';
import { paragraphIdAttribute } from '../paragraph-ids';
import { paragraphStatusAttribute } from '../paragraph-status';
import { paragraphSuggestionAttribute } from '../../amendments/marks';

/**
 * A preambular paragraph (PP): starts with an italic participle or adjective
 * ("Recalling", "Deeply concerned") and ends with a comma. Not numbered.
 */
export const PreambularParagraph = Node.create({
  name: 'preambularParagraph',
  content: 'inline*',

  addAttributes() {
    return {
      paragraphId: paragraphIdAttribute(),
      status: paragraphStatusAttribute(),
      suggestion: paragraphSuggestionAttribute(),
    };
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
