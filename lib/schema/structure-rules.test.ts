import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextSelection } from '@tiptap/pm/state';
import { headlessEditor } from '../testing/headless-editor';

/** A draft whose operative part starts with a sub-paragraph (as a merge can leave it). */
function irregular() {
  return {
    type: 'doc',
    content: [
      {
        type: 'preamble',
        content: [{ type: 'preambularParagraph', content: [{ type: 'text', text: 'Noting,' }] }],
      },
      {
        type: 'operativePart',
        content: [
          {
            type: 'subParagraph',
            attrs: { level: 1 },
            content: [{ type: 'text', text: 'orphan;' }],
          },
          { type: 'operativeParagraph', content: [{ type: 'text', text: 'Decides;' }] },
        ],
      },
    ],
  };
}

function kinds(editor: ReturnType<typeof headlessEditor>): string[] {
  const names: string[] = [];
  editor.state.doc.descendants((node) => {
    if (node.isTextblock) names.push(node.type.name);
    return !node.isTextblock;
  });
  return names;
}

function typeAt(editor: ReturnType<typeof headlessEditor>, text: string, what: string) {
  let at = -1;
  editor.state.doc.descendants((node, pos) => {
    if (at < 0 && node.isText && node.text?.includes(text)) at = pos;
  });
  editor.view.dispatch(
    editor.state.tr.setSelection(TextSelection.create(editor.state.doc, at)).insertText(what),
  );
}

test('a local edit fixes the structure where it happened, not paragraphs it did not touch', () => {
  const editor = headlessEditor(irregular());
  try {
    typeAt(editor, 'Noting', 'Also ');
    assert.deepEqual(
      kinds(editor),
      ['preambularParagraph', 'subParagraph', 'operativeParagraph'],
      'typing in the preamble leaves the operative part as it is',
    );
    typeAt(editor, 'orphan', 'an ');
    assert.deepEqual(
      kinds(editor),
      ['preambularParagraph', 'operativeParagraph', 'operativeParagraph'],
      'typing in the orphan sub-paragraph makes it a paragraph',
    );
  } finally {
    editor.destroy();
  }
});
