import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolutionJSON } from '../schema/resolution-json';
import {
  backspace,
  caretAt,
  FRA,
  selectText,
  suggestingEditor,
  type,
} from '../testing/amendment-editors';
import { untaggedRanges } from './amendment-tags';

test('a replacement shows its tag once, after the inserted words; other amendments keep theirs', () => {
  const draft = resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to uphold the international order;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the report.' }] },
    ],
  });
  const { editor } = suggestingEditor(draft, FRA);
  selectText(editor, 'international order');
  type(editor, 'fair and just order');
  caretAt(editor, 'the report');
  type(editor, 'annual ');
  selectText(editor, 'its ');
  backspace(editor);
  const { doc } = editor.state;
  const untagged = untaggedRanges(doc).map(({ from, to }) => doc.textBetween(from, to));
  assert.deepEqual(untagged, ['international order']);
  // The deletion alone and the insertion alone are tagged: three amendments, three tags.
  const marked = new Set<string>();
  doc.descendants((node) => {
    for (const mark of node.marks) marked.add(String(mark.attrs.suggestionId));
  });
  assert.equal(marked.size, 3);
  editor.destroy();
});
