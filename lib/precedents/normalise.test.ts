import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchableText, matchableWords, openerLength, wordsOf } from './normalise';

const words = (text: string) => wordsOf(text).map((w) => w.word);

test('words are lower-cased letters and digits, each with its place in the text', () => {
  const text = 'Women’s rights, ﬁnancing and ＡＢＣ１２: see resolution 77/222.';
  const found = wordsOf(text);
  assert.deepEqual(
    found.map((w) => w.word),
    ['women', 's', 'rights', 'financing', 'and', 'abc12', 'see', 'resolution', '77', '222'],
  );
  // Positions are in the text as written, before NFKC folded "ﬁ" and the full-width letters.
  assert.deepEqual(
    found.map((w) => text.slice(w.start, w.end)),
    ['Women', 's', 'rights', 'ﬁnancing', 'and', 'ＡＢＣ１２', 'see', 'resolution', '77', '222'],
  );
});

test('punctuation, hyphens of either kind and case do not make words differ', () => {
  assert.deepEqual(
    words('NON‑SELECTIVITY, non‑politicization; “mutual respect”'),
    words('non-selectivity non-politicization (mutual respect)'),
  );
});

/** Each case reads "opener | rest of the paragraph": the opener is as many words as stand before the bar. */
function assertOpeners(cases: readonly string[]): void {
  for (const expected of cases) {
    const [openerWords = '', rest = ''] = expected.split(' | ');
    const text = `${openerWords} ${rest}`.trim();
    assert.equal(openerLength(text, words(text)), words(openerWords).length, text);
  }
}

test('a repeated opener counts its marker: "Recalling also", "Further requests"', () => {
  assertOpeners([
    'Recalling | its resolution 77/222',
    'Recalling also | its resolution 77/222',
    'Recalling further | all relevant decisions',
    'Reaffirming also | its commitment',
    'Requests | the Secretary-General to report',
    'Further requests | the Secretary-General to report',
    'Also requests | the Secretary-General to report',
    'Calls upon | all States',
    'Noting with deep concern | that',
    'Bearing in mind | the work',
  ]);
  assert.equal(openerLength('  Recalling also its', words('Recalling also its')), 2);
});

test('an opener the lists do not know is found by its form', () => {
  assertOpeners([
    'Lauding | the efforts of States',
    'Lauding also | the efforts of States',
    'Also lauds | the work of the Special Rapporteur',
    'Pledges | its support',
    'Recalling again | its resolution',
  ]);
});

test('a paragraph without an opener keeps all its words', () => {
  assertOpeners([' | To reduce the number of offences', ' | the General Assembly', ' | ']);
});

test('the index and a draft paragraph read the same words: opener left out', () => {
  for (const text of [
    'Recalling also its resolution 75/183 of 16 December 2020,',
    'Further requests the Secretary-General to report to the General Assembly;',
    'To reduce the number of offences for which the death penalty may be imposed;',
    'Noting with deep concern that, as shown in recent reports of the Secretary‑General,',
  ]) {
    const { words: all, opener: count } = matchableText(text);
    assert.deepEqual(
      matchableWords(text),
      all.slice(count).map((w) => w.word),
      text,
    );
  }
  assert.deepEqual(
    matchableWords('Recalling also its resolution 77/222,'),
    matchableWords('Recalling its resolution 77/222,'),
  );
  assert.deepEqual(
    matchableWords('Further requests the Secretary-General to report;'),
    matchableWords('Requests the Secretary-General to report;'),
  );
});

test('an "also" inside a compound opener reads as the bare opener', () => {
  assert.deepEqual(
    matchableWords('Noting also with concern that the situation persists,'),
    matchableWords('Noting with concern that the situation persists,'),
  );
  assert.deepEqual(
    matchableWords('Expressing also deep concern at the persistence of violence,'),
    matchableWords('Expressing deep concern at the persistence of violence,'),
  );
});
