import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { DELETION_MARK, INSERTION_MARK } from './model';

/** The class of the text whose amendment tag "(FRA)" is not shown there. */
export const UNTAGGED_CLASS = 'amendment-untagged';

function amendmentMark(node: ProseMirrorNode) {
  return node.marks.find(
    (mark) => mark.type.name === INSERTION_MARK || mark.type.name === DELETION_MARK,
  );
}

/**
 * The text of amendments whose tag would be shown twice: the struck words of
 * a replacement, directly followed by its inserted words (the same amendment,
 * the other mark). Each amendment shows its delegation's code once, after its
 * last part: "~~international order~~ fair and just (CHN)".
 */
export function untaggedRanges(doc: ProseMirrorNode): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let previous: { from: number; to: number; type: string; id: unknown } | null = null;
    node.forEach((child, offset) => {
      const mark = amendmentMark(child);
      const from = pos + 1 + offset;
      if (
        previous &&
        mark &&
        mark.attrs.suggestionId === previous.id &&
        mark.type.name !== previous.type
      ) {
        ranges.push({ from: previous.from, to: previous.to });
      }
      previous = mark
        ? { from, to: from + child.nodeSize, type: mark.type.name, id: mark.attrs.suggestionId }
        : null;
    });
    return false;
  });
  return ranges;
}

function decorations(doc: ProseMirrorNode): DecorationSet {
  return DecorationSet.create(
    doc,
    untaggedRanges(doc).map(({ from, to }) =>
      Decoration.inline(from, to, { class: UNTAGGED_CLASS }),
    ),
  );
}

const tagsKey = new PluginKey<DecorationSet>('amendmentTags');

/** One "(FRA)" tag per amendment in the text (the CSS draws it; this marks where it is not). */
export const AmendmentTags = Extension.create({
  name: 'amendmentTags',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: tagsKey,
        state: {
          init: (_, state) => decorations(state.doc),
          apply: (tr, previous) => (tr.docChanged ? decorations(tr.doc) : previous),
        },
        props: {
          decorations: (state) => tagsKey.getState(state),
        },
      }),
    ];
  },
});
