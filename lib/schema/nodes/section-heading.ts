import { mergeAttributes, Node } from '@tiptap/core';
import { paragraphIdAttribute } from '../paragraph-ids';
import { paragraphSuggestionAttribute } from '../../amendments/marks';

/**
 * A heading inside the operative part: a roman-numbered section ("I", with an
 * optional subheading) or an unnumbered subheading. Operative numbering runs
 * on across it; the roman numeral is computed.
 */
export const SectionHeading = Node.create({
  name: 'sectionHeading',
  content: 'text*',
  marks: 'italic insertion deletion',

  addAttributes() {
    return {
      paragraphId: paragraphIdAttribute(),
      suggestion: paragraphSuggestionAttribute(),
      numbered: {
        default: true,
        parseHTML: (element) => element.getAttribute('data-numbered') !== 'false',
        renderHTML: (attributes) => ({ 'data-numbered': attributes.numbered ? 'true' : 'false' }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'h3[data-type="section-heading"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'h3',
      mergeAttributes(HTMLAttributes, {
        'data-type': 'section-heading',
        class: 'section-heading',
      }),
      0,
    ];
  },
});
