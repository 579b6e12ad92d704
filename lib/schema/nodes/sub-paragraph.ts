import { mergeAttributes, Node } from '@tiptap/core';
import { paragraphIdAttribute } from '../paragraph-ids';
import { paragraphStatusAttribute } from '../paragraph-status';
import { paragraphSuggestionAttribute } from '../../amendments/marks';
import { MAX_SUBPARAGRAPH_LEVEL } from '../resolution-document';

/** Clamps anything to a sub-paragraph level, 1 to 4. */
export function toSubParagraphLevel(value: unknown): number {
  const level = Math.trunc(Number(value));
  return Number.isFinite(level) ? Math.min(MAX_SUBPARAGRAPH_LEVEL, Math.max(1, level)) : 1;
}

/**
 * A sub-paragraph of an operative paragraph, at level 1 to 4: (a) → (i) →
 * a. → i. Sub-paragraphs are siblings of their operative paragraph, after
 * it, so that indenting one is an attribute change (stable under concurrent
 * edits) rather than a move into a nested list. Labels are computed.
 */
export const SubParagraph = Node.create({
  name: 'subParagraph',
  content: 'inline*',

  addAttributes() {
    return {
      paragraphId: paragraphIdAttribute(),
      status: paragraphStatusAttribute(),
      suggestion: paragraphSuggestionAttribute(),
      level: {
        default: 1,
        parseHTML: (element) => toSubParagraphLevel(element.getAttribute('data-level')),
        renderHTML: (attributes) => ({ 'data-level': toSubParagraphLevel(attributes.level) }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'p[data-type="sub-paragraph"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'p',
      mergeAttributes(HTMLAttributes, { 'data-type': 'sub-paragraph', class: 'sub-paragraph' }),
      0,
    ];
  },
});
