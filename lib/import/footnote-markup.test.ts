import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFootnoteMarkup } from './footnote-markup';

test('footnote dialog text: stars for italics, escapes, and an unclosed star is an error', () => {
  assert.deepEqual(parseFootnoteMarkup('See *Official Records*,  Supplement \\*'), {
    runs: [
      { text: 'See ' },
      { text: 'Official Records', italic: true },
      { text: ', Supplement *' },
    ],
  });
  assert.ok('error' in parseFootnoteMarkup('See *Official Records'));
});
