import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolutionJSON } from '../schema/resolution-json';
import {
  caretAt,
  FRA,
  press,
  selectText,
  suggestingEditor,
  type,
} from '../testing/amendment-editors';
import { headlessEditor } from '../testing/headless-editor';
import { AmendmentNavigation } from './navigation';

test('Alt+] and Alt+[ move the caret to the next and previous amendment', () => {
  const draft = resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the report.' }] },
    ],
  });
  const { editor: sponsor } = suggestingEditor(draft, FRA);
  caretAt(sponsor, 'to act');
  type(sponsor, 'firmly ');
  selectText(sponsor, 'report');
  type(sponsor, 'study');
  const marked = sponsor.getJSON();
  sponsor.destroy();

  const reader = headlessEditor(marked, [AmendmentNavigation]);
  const textAt = () =>
    reader.state.doc.textBetween(reader.state.selection.from, reader.state.selection.from + 6);
  reader.commands.setTextSelection(1);
  assert.ok(press(reader, 'Alt-]'));
  assert.equal(textAt(), 'firmly');
  assert.ok(press(reader, 'Alt-]'));
  assert.equal(textAt(), 'report', 'the replacement starts with its struck text');
  press(reader, 'Alt-]');
  assert.equal(textAt(), 'report', 'no further amendment: the caret stays');
  assert.ok(press(reader, 'Alt-['));
  assert.equal(textAt(), 'firmly');
  reader.destroy();
});
