import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolutionSchema } from './document-extensions';
import {
  labelParagraphs,
  letterLabel,
  numberFootnotes,
  romanNumeral,
  subParagraphLabel,
} from './numbering';
import type { OperativeBlock } from './resolution-document';
import { resolutionJSON } from './resolution-json';

test('letters double after z: (z) → (aa), (bb) …', () => {
  assert.equal(letterLabel(0), 'a');
  assert.equal(letterLabel(25), 'z');
  assert.equal(letterLabel(26), 'aa');
  assert.equal(letterLabel(27), 'bb');
  assert.equal(letterLabel(52), 'aaa');
});

test('roman numerals', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 9, 14, 40, 1994].map((n) => romanNumeral(n)),
    ['I', 'II', 'III', 'IV', 'V', 'IX', 'XIV', 'XL', 'MCMXCIV'],
  );
  assert.equal(romanNumeral(19, true), 'xix');
});

test('the four sub-paragraph levels: (a), (i), a., i.', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((level) => [0, 1, 8].map((i) => subParagraphLabel(level, i))),
    [
      ['(a)', '(b)', '(i)'],
      ['(i)', '(ii)', '(ix)'],
      ['a.', 'b.', 'i.'],
      ['i.', 'ii.', 'ix.'],
    ],
  );
  assert.equal(subParagraphLabel(1, 26), '(aa)');
});

test('labels: OP numbering runs on across sections; sub-paragraph counters restart per parent', () => {
  const text = (t: string) => [{ text: t }];
  const operative: OperativeBlock[] = [
    { kind: 'paragraph', content: text('Decides:') },
    { kind: 'subParagraph', level: 1, content: text('first;') },
    { kind: 'subParagraph', level: 2, content: text('nested;') },
    { kind: 'subParagraph', level: 3, content: text('deeper;') },
    { kind: 'subParagraph', level: 4, content: text('deepest;') },
    { kind: 'subParagraph', level: 4, content: text('deepest two;') },
    { kind: 'subParagraph', level: 1, content: text('second;') },
    { kind: 'subParagraph', level: 2, content: text('restarted;') },
    { kind: 'heading', numbered: true, content: text('Budget') },
    { kind: 'paragraph', content: text('Requests;') },
    { kind: 'subParagraph', level: 1, content: text('again (a);') },
    { kind: 'heading', numbered: false, content: text('Other matters') },
    { kind: 'heading', numbered: true, content: [] },
    { kind: 'paragraph', content: text('Decides.') },
  ];
  const doc = resolutionSchema.nodeFromJSON(
    resolutionJSON({ preamble: [text('Recalling,'), text('Noting,')], operative }),
  );
  assert.deepEqual(
    labelParagraphs(doc).map((l) => [l.label, l.reference]),
    [
      ['', 'PP1'],
      ['', 'PP2'],
      ['1.', 'OP1'],
      ['(a)', 'OP1 (a)'],
      ['(i)', 'OP1 (a) (i)'],
      ['a.', 'OP1 (a) (i) a.'],
      ['i.', 'OP1 (a) (i) a. i.'],
      ['ii.', 'OP1 (a) (i) a. ii.'],
      ['(b)', 'OP1 (b)'],
      ['(i)', 'OP1 (b) (i)'],
      ['I', 'Section I'],
      ['2.', 'OP2'],
      ['(a)', 'OP2 (a)'],
      ['', 'Heading'],
      ['II', 'Section II'],
      ['3.', 'OP3'],
    ],
  );
});

test('footnotes are numbered in document order across the whole draft', () => {
  const doc = resolutionSchema.nodeFromJSON(
    resolutionJSON({
      preamble: [[{ text: 'Recalling A,' }, { footnote: [{ text: 'Resolution 70/1.' }] }]],
      operative: [
        {
          kind: 'paragraph',
          content: [
            { text: 'Notes B' },
            { footnote: [{ text: 'A/77/274.' }] },
            { text: ' and C;' },
            { footnote: [{ text: 'Ibid.' }] },
          ],
        },
      ],
    }),
  );
  const numbers = numberFootnotes(doc);
  const texts = [...numbers.entries()].map(([pos, n]) => [n, doc.nodeAt(pos)?.textContent]);
  assert.deepEqual(texts, [
    [1, 'Resolution 70/1.'],
    [2, 'A/77/274.'],
    [3, 'Ibid.'],
  ]);
});
