import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterIndex, readSubParagraphLabel, romanValue } from './sub-paragraph-label';
import { SubParagraphSequence, type SubParagraphContext } from './sub-paragraph-sequence';

function place(labels: (string | [string, SubParagraphContext])[]): string[] {
  const sequence = new SubParagraphSequence();
  return labels.map((entry) => {
    const [text, context] = typeof entry === 'string' ? [entry, {}] : entry;
    const read = readSubParagraphLabel(`${text} x`);
    assert.ok(read, text);
    const placed = sequence.place(read.label, context);
    return `${placed.level}${placed.outOfSequence ? '!' : ''}`;
  });
}

test('letters and roman numerals', () => {
  assert.equal(letterIndex('a'), 0);
  assert.equal(letterIndex('i'), 8);
  assert.equal(letterIndex('aa'), 26);
  assert.equal(letterIndex('ab'), null);
  assert.equal(romanValue('iv'), 4);
  assert.equal(romanValue('xiv'), 14);
  assert.equal(romanValue('iiii'), null);
  assert.equal(readSubParagraphLabel('etc. and so on'), null);
  assert.equal(readSubParagraphLabel('i.e. that'), null);
});

test('(i) is the letter after (h) at the same level, the first roman numeral under a parent', () => {
  const letters = ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)', '(g)', '(h)'];
  assert.deepEqual(place([...letters, '(i)', '(j)']).slice(-2), ['1', '1']);
  assert.deepEqual(place(['(a)', '(i)', '(ii)', '(b)']), ['1', '2', '2', '1']);
  assert.deepEqual(
    place([
      ...letters.slice(0, -1),
      '(h)',
      ['(i)', { previousIntroducesList: true }],
      '(ii)',
      '(i)',
    ]),
    [...Array(8).fill('1'), '2', '2', '1'],
  );
  assert.deepEqual(place([...letters, ['(i)', { indentLevel: 2 }]]).at(-1), '2');
  // (v) after (iv) is roman; (v) after (u) is a letter.
  assert.deepEqual(place(['(a)', '(i)', '(ii)', '(iii)', '(iv)', '(v)']).at(-1), '2');
  assert.deepEqual(
    place([
      '(a)',
      '(b)',
      '(c)',
      '(d)',
      '(e)',
      '(f)',
      '(g)',
      '(h)',
      '(i)',
      '(j)',
      '(k)',
      '(l)',
      '(m)',
      '(n)',
      '(o)',
      '(p)',
      '(q)',
      '(r)',
      '(s)',
      '(t)',
      '(u)',
      '(v)',
    ]).at(-1),
    '1',
  );
});

test('levels 3 and 4, doubled letters, and labels out of sequence', () => {
  assert.deepEqual(place(['(a)', '(i)', 'a.', 'b.', 'i.', 'ii.', 'c.', '(ii)', '(b)']), [
    '1',
    '2',
    '3',
    '3',
    '4',
    '4',
    '3',
    '2',
    '1',
  ]);
  assert.deepEqual(place(['(a)', '(c)']), ['1', '1!']);
  assert.deepEqual(place(['(iv)']), ['1!']);
});
