import { mergeAttributes, Node } from '@tiptap/core';
import { paragraphIdAttribute } from '../paragraph-ids';
import { paragraphStatusAttribute } from '../paragraph-status';
import { paragraphSuggestionAttribute } from '../../amendments/marks';

/**
 * An operative paragraph (OP): starts with an italic verb ("Decides",
 * "Requests") and ends with a semicolon, the last one with a full stop.
 * Numbered 1, 2, 3… by the view; the number is never stored.
 */
export const OperativeParagraph = Node.create({
  name: 'operativeParagraph',
  content: 'inline*',

  addAttributes() {
    return {
      paragraphId: paragraphIdAttribute(),
      status: paragraphStatusAttribute(),
      suggestion: paragraphSuggestionAttribute(),
    };
  },

  parseHTML() {
    return [{ tag: 'p[data-type="operative-paragraph"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'p',
      mergeAttributes(HTMLAttributes, {
        'data-type': 'operative-paragraph',
        class: 'operative-paragraph',
      }),
      0,
    ];
  },
});
