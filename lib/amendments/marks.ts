import { Mark, mergeAttributes } from '@tiptap/core';
import { delegationColorCss } from '../accounts/delegation-color';
import { isId } from '../schema/new-id';
import {
  DELETION_MARK,
  INSERTION_MARK,
  isParagraphSuggestion,
  type ParagraphSuggestion,
} from './model';

function suggestionMarkAttributes() {
  return {
    suggestionId: {
      default: null,
      parseHTML: (element: HTMLElement) => element.getAttribute('data-suggestion-id'),
      renderHTML: (attributes: Record<string, unknown>) =>
        isId(attributes.suggestionId) ? { 'data-suggestion-id': attributes.suggestionId } : {},
    },
    delegation: {
      default: null,
      parseHTML: (element: HTMLElement) => element.getAttribute('data-delegation'),
      renderHTML: (attributes: Record<string, unknown>) =>
        typeof attributes.delegation === 'string'
          ? {
              'data-delegation': attributes.delegation,
              style: `--delegation-color: ${delegationColorCss(attributes.delegation)}`,
            }
          : {},
    },
  };
}

/**
 * Text a delegation proposes to add. Not inclusive: typing next to another
 * delegation's insertion does not extend it (the suggesting transform extends
 * one's own insertions explicitly).
 */
export const Insertion = Mark.create({
  name: INSERTION_MARK,
  inclusive: false,
  // One insertion per character: text is inserted once, by one delegation.
  excludes: INSERTION_MARK,

  addAttributes() {
    return suggestionMarkAttributes();
  },

  parseHTML() {
    return [{ tag: 'ins[data-suggestion-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['ins', mergeAttributes(HTMLAttributes, { class: 'amendment amendment-insertion' }), 0];
  },
});

/**
 * Text a delegation proposes to delete: it stays in the document, struck
 * through, until a facilitator decides. It must not exclude itself: two
 * delegations may propose to delete overlapping text, and the Yjs binding
 * keeps only one of two self-excluding marks.
 */
export const Deletion = Mark.create({
  name: DELETION_MARK,
  inclusive: false,
  excludes: '',

  addAttributes() {
    return suggestionMarkAttributes();
  },

  parseHTML() {
    return [{ tag: 'del[data-suggestion-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['del', mergeAttributes(HTMLAttributes, { class: 'amendment amendment-deletion' }), 0];
  },
});

/** The `suggestion` attribute spec shared by every paragraph node. */
export function paragraphSuggestionAttribute() {
  return {
    default: null,
    keepOnSplit: false,
    parseHTML: (element: { getAttribute(name: string): string | null }) => {
      const raw = element.getAttribute('data-suggestion');
      if (!raw) return null;
      try {
        const value: unknown = JSON.parse(raw);
        return isParagraphSuggestion(value) ? value : null;
      } catch {
        return null;
      }
    },
    renderHTML: (attributes: Record<string, unknown>) => {
      const value = attributes.suggestion;
      if (!isParagraphSuggestion(value)) return {};
      const suggestion: ParagraphSuggestion = value;
      return {
        'data-suggestion': JSON.stringify(suggestion),
        'data-suggestion-kind': suggestion.kind,
        'data-delegation': suggestion.delegation,
        style: `--delegation-color: ${delegationColorCss(suggestion.delegation)}`,
      };
    },
  };
}
