import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchedRanges, searchTerms } from './search-terms';

const marked = (text: string, query: string) =>
  searchedRanges(text, searchTerms(query)).map(([start, end]) => text.slice(start, end));

test('search terms: words, a straight or typographic quoted phrase, nothing to look for', () => {
  assert.deepEqual(searchTerms('  Human  Rights '), {
    query: 'Human  Rights',
    words: ['human', 'rights'],
    phrase: false,
  });
  assert.deepEqual(searchTerms('“human rights”'), {
    query: '"human rights"',
    words: ['human', 'rights'],
    phrase: true,
  });
  assert.deepEqual(searchTerms('"'), { query: '"', words: [], phrase: false });
  assert.deepEqual(searchTerms('"  "').words, []);
  assert.deepEqual(searchTerms('— ; —').words, []);
});

test('searched ranges: every word apart, the phrase as one run, the opener left out', () => {
  const text =
    'Recognizing that international cooperation in the field of human rights, and Human Rights Council resolutions, matter;';
  assert.deepEqual(marked(text, 'rights human'), ['human', 'rights', 'Human', 'Rights']);
  assert.deepEqual(marked(text, '"Field of human rights"'), ['field of human rights']);
  assert.deepEqual(marked(text, 'recognizing'), []);
  assert.deepEqual(marked('Recalling its resolution 78/199,', '"78 199"'), ['78/199']);
  assert.deepEqual(marked(text, 'treaty'), []);
});

test('searched ranges: overlapping runs of a phrase are one mark', () => {
  assert.deepEqual(marked('Notes that peace peace peace matters,', '"peace peace"'), [
    'peace peace peace',
  ]);
});
