import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Mapping } from '@tiptap/pm/transform';
import { isRemoteTransaction } from './remote-transaction';
import { isId, newId } from './new-id';

/** Node types that carry a `paragraphId`. */
export const PARAGRAPH_NODE_TYPES: ReadonlySet<string> = new Set([
  'preambularParagraph',
  'operativeParagraph',
  'subParagraph',
  'sectionHeading',
]);

/** The `paragraphId` attribute spec shared by every paragraph node. */
export function paragraphIdAttribute() {
  return {
    default: null,
    // A split paragraph is a new paragraph: it must not inherit the id.
    keepOnSplit: false,
    parseHTML: (element: { getAttribute(name: string): string | null }) =>
      element.getAttribute('data-paragraph-id'),
    renderHTML: (attributes: Record<string, unknown>) =>
      isId(attributes.paragraphId) ? { 'data-paragraph-id': attributes.paragraphId } : {},
  };
}

/** Visits every paragraph (PP, OP, sub-paragraph, heading) in document order. */
export function forEachParagraph(
  doc: ProseMirrorNode,
  visit: (node: ProseMirrorNode, pos: number) => void,
): void {
  doc.descendants((node, pos) => {
    if (PARAGRAPH_NODE_TYPES.has(node.type.name)) visit(node, pos);
    return !node.isTextblock;
  });
}

/**
 * Gives every paragraph a unique id after local changes. When a paste or a
 * copy duplicates an id, the paragraph that already had it keeps it and the
 * copy gets a new one, so references to existing paragraphs stay valid.
 */
export function assignParagraphIds(
  oldDoc: ProseMirrorNode,
  transactions: readonly Transaction[],
  newTr: Transaction,
): Transaction | null {
  const mapping = new Mapping();
  for (const tr of transactions) mapping.appendMapping(tr.mapping);
  const owners = new Map<string, number>();
  forEachParagraph(oldDoc, (node, pos) => {
    const id: unknown = node.attrs.paragraphId;
    if (isId(id)) {
      const mapped = mapping.mapResult(pos, 1);
      if (!mapped.deleted) owners.set(id, mapped.pos);
    }
  });

  const doc = newTr.doc;
  const seen = new Set<string>();
  const needsId: number[] = [];
  forEachParagraph(doc, (node, pos) => {
    const id: unknown = node.attrs.paragraphId;
    if (!isId(id)) needsId.push(pos);
    else if (seen.has(id)) needsId.push(pos);
    else if (owners.has(id) && owners.get(id) !== pos && hasIdAt(doc, owners.get(id), id))
      needsId.push(pos);
    else seen.add(id);
  });
  if (needsId.length === 0) return null;
  for (const pos of needsId) newTr.setNodeAttribute(pos, 'paragraphId', newId());
  // Part of the local edit that needed it, and undone with it: marking it "not for
  // history" would keep the whole edit (e.g. Enter) out of the undo history.
  return newTr;
}

function hasIdAt(doc: ProseMirrorNode, pos: number | undefined, id: string): boolean {
  if (pos === undefined || pos < 0 || pos >= doc.content.size) return false;
  return doc.nodeAt(pos)?.attrs.paragraphId === id;
}

const paragraphIdsPluginKey = new PluginKey('paragraphIds');

/** The ProseMirror plugin that keeps paragraph ids present and unique. */
export function paragraphIdsPlugin(): Plugin {
  return new Plugin({
    key: paragraphIdsPluginKey,
    appendTransaction(transactions, oldState, newState) {
      if (!transactions.some((tr) => tr.docChanged && !isRemoteTransaction(tr))) return null;
      return assignParagraphIds(oldState.doc, transactions, newState.tr);
    },
  });
}

/** Keeps a stable, unique `paragraphId` on every paragraph. */
export const ParagraphIds = Extension.create({
  name: 'paragraphIds',

  addProseMirrorPlugins() {
    return [paragraphIdsPlugin()];
  },
});
