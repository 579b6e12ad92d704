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

/** The ranges of `tr.doc` (after `transactions`) that they changed. */
export function changedRanges(transactions: readonly Transaction[]): [number, number][] {
  const ranges: [number, number][] = [];
  transactions.forEach((transaction, index) => {
    // Positions after this transaction, mapped through the ones that followed it.
    const later = transactions.slice(index + 1);
    const map = (pos: number, assoc: number) =>
      later.reduce((p, t) => t.mapping.map(p, assoc), pos);
    transaction.mapping.maps.forEach((stepMap, i) => {
      const rest = transaction.mapping.slice(i + 1);
      stepMap.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
        ranges.push([map(rest.map(newStart, -1), -1), map(rest.map(newEnd, 1), 1)]);
      });
    });
  });
  return ranges;
}

/**
 * Fixes the operative part's order rules after local changes: a sub-paragraph
 * with no paragraph before it becomes an operative paragraph, and one more
 * than one level deeper than the block before it moves up to fit. With
 * `touched`, only blocks in (or right after) those ranges, and those after a
 * block it fixed, are changed: a local edit does not rewrite paragraphs it did
 * not touch (a sponsor may not, and the server would refuse it).
 */
export function normalizeStructure(
  tr: Transaction,
  touched?: readonly [number, number][],
): Transaction | null {
  let changed = false;
  const near = (from: number, to: number) =>
    !touched || touched.some(([a, b]) => a <= to && b >= from);
  tr.doc.forEach((part, partOffset) => {
    if (part.type.name !== 'operativePart') return;
    let previous: ProseMirrorNode | null = null;
    // The block before was touched or fixed: this one may need fixing in turn.
    let follows = false;
    part.forEach((block, offset) => {
      const pos = partOffset + 1 + offset;
      const eligible = follows || near(pos, pos + block.nodeSize);
      follows = near(pos, pos + block.nodeSize);
      if (eligible && block.type.name === 'subParagraph') {
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
            follows = true;
            previous = type.create();
            return;
          }
        } else if (level > allowed) {
          tr.setNodeAttribute(pos, 'level', allowed);
          changed = true;
          follows = true;
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
          const local = transactions.filter((tr) => tr.docChanged && !isRemoteTransaction(tr));
          if (local.length === 0) return null;
          return normalizeStructure(newState.tr, changedRanges(transactions));
        },
      }),
    ];
  },
});
