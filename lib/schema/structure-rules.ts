import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { isRemoteTransaction } from './remote-transaction';

/**
 * The level a block gives the block after it: 0 after an operative paragraph,
 * the level of a sub-paragraph, none (-1) after a heading or at the start.
 */
function levelOf(node: ProseMirrorNode | null): number {
  if (!node) return -1;
  if (node.type.name === 'operativeParagraph') return 0;
  if (node.type.name === 'subParagraph') return Number(node.attrs.level) || 1;
  return -1;
}

/**
 * Fixes the operative part's order rules after local changes: a sub-paragraph
 * with no paragraph before it becomes an operative paragraph, and one more
 * than one level deeper than the block before it moves up to fit.
 */
export function normalizeStructure(tr: Transaction): Transaction | null {
  let changed = false;
  tr.doc.forEach((part, partOffset) => {
    if (part.type.name !== 'operativePart') return;
    let previous: ProseMirrorNode | null = null;
    part.forEach((block, offset) => {
      const pos = partOffset + 1 + offset;
      if (block.type.name === 'subParagraph') {
        const allowed = levelOf(previous) + 1;
        const level = Number(block.attrs.level) || 1;
        if (allowed <= 0) {
          const type = tr.doc.type.schema.nodes.operativeParagraph;
          if (type) {
            tr.setNodeMarkup(pos, type, {
              paragraphId: block.attrs.paragraphId,
              status: block.attrs.status,
              suggestion: block.attrs.suggestion,
            });
            changed = true;
            previous = type.create();
            return;
          }
        } else if (level > allowed) {
          tr.setNodeAttribute(pos, 'level', allowed);
          changed = true;
          previous = block.type.create({ ...block.attrs, level: allowed });
          return;
        }
      }
      previous = block;
    });
  });
  // Part of the local edit that caused it: undone with it (marking it "not for history"
  // would keep the whole edit out of the undo history).
  return changed ? tr : null;
}

/** Keeps sub-paragraphs under a paragraph and at most one level deeper than the block before. */
export const StructureRules = Extension.create({
  name: 'structureRules',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('structureRules'),
        appendTransaction(transactions, _oldState, newState) {
          if (!transactions.some((tr) => tr.docChanged && !isRemoteTransaction(tr))) return null;
          return normalizeStructure(newState.tr);
        },
      }),
    ];
  },
});
