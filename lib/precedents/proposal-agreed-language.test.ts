import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTRACT_FORMAT } from './model';
import { PrecedentIndex } from './precedent-index';
import {
  agreedLanguageLine,
  agreedLanguageOf,
  agreedPercent,
  proposedTexts,
  standingText,
  type AmendedParagraph,
} from './proposal-agreed-language';

const index = new PrecedentIndex({
  format: EXTRACT_FORMAT,
  source: 'test',
  resolutions: [
    {
      symbol: 'A/RES/79/1',
      title: 'Cooperation',
      session: 79,
      date: '2024-12-17',
      committee: 'Third Committee',
      vote: { kind: 'withoutVote' },
      paragraphs: [['OP3', 0]],
    },
    {
      symbol: 'A/RES/77/5',
      title: 'Cooperation',
      session: 77,
      date: '2022-12-15',
      committee: 'Third Committee',
      vote: { kind: 'recorded', inFavour: 120, against: 50, abstaining: 10 },
      paragraphs: [
        ['OP2', 0],
        ['OP7', 1],
      ],
    },
  ],
  texts: [
    'Urges all States to strengthen international cooperation in the field of human rights and fundamental freedoms;',
    'Requests the Secretary-General to submit to the General Assembly at its eightieth session a report on the implementation of the present resolution.',
  ],
});

const by = (suggestionId: string) => ({ suggestionId });

/** The language of proposal `id`, as the panel and the compilation compute it. */
function languageOf(paragraphs: AmendedParagraph[], id: string) {
  const pieces = proposedTexts(paragraphs).get(id);
  if (!pieces) return undefined;
  const texts = pieces.map((piece) => piece.text);
  return agreedLanguageOf(
    texts,
    texts.map((text) => index.match(text.text)),
  );
}

test('inserted words count as agreed when a passage runs across the edge of the insertion', () => {
  const paragraph: AmendedParagraph = {
    amendment: null,
    runs: [
      { text: 'Urges all States to strengthen ' },
      { text: 'international cooperation in the field ', insertion: by('fra') },
      { text: 'efforts ', deletion: by('fra') },
      { text: 'of human rights;' },
    ],
  };
  const [piece] = proposedTexts([paragraph]).get('fra') ?? [];
  assert.deepEqual(piece?.text, {
    text: 'Urges all States to strengthen international cooperation in the field of human rights;',
    inserted: [[31, 70]],
  });
  const language = languageOf([paragraph], 'fra');
  assert.equal(language?.words, 5);
  assert.equal(language?.agreedWords, 5);
  // The newest adoption of the text first; the other resolution is counted.
  assert.equal(language?.sources[0]?.newest.symbol, 'A/RES/79/1');
  assert.equal(language?.sources[0]?.resolutions, 2);
  assert.equal(
    agreedLanguageLine(language!),
    'Agreed language 100%: A/RES/79/1 OP3, adopted without a vote, 17 December 2024',
  );
  // As it stands, the paragraph keeps the struck word and has no passage of eight words.
  const standing = standingText(paragraph)!;
  assert.equal(standing.text, 'Urges all States to strengthen efforts of human rights;');
  assert.equal(
    agreedLanguageLine(agreedLanguageOf([standing], [index.match(standing.text)])!),
    'New language',
  );
});

test('a new paragraph counts all its words but the opener; deletions and moves add none', () => {
  const paragraphs: AmendedParagraph[] = [
    {
      amendment: { suggestionId: 'usa', kind: 'insert' },
      runs: [
        {
          text: 'Requests the Secretary-General to submit to the General Assembly at its eightieth session a report on its work.',
        },
      ],
    },
    { amendment: { suggestionId: 'chn', kind: 'delete' }, runs: [{ text: 'Decides to act;' }] },
    {
      amendment: null,
      runs: [{ text: 'Decides ' }, { text: 'to act', deletion: by('rus') }, { text: ';' }],
    },
  ];
  const found = proposedTexts(paragraphs);
  assert.deepEqual([...found.keys()], ['usa']);
  assert.equal(standingText(paragraphs[0]!), null, 'a proposed paragraph does not stand');
  const language = languageOf(paragraphs, 'usa')!;
  // "Requests" is the opener; of the 18 words after it, the last 2 ("its work") are new.
  assert.equal(language.words, 18);
  assert.equal(language.agreedWords, 16);
  assert.equal(agreedPercent(language), 89);
  assert.equal(
    agreedLanguageLine(language),
    'Agreed language 89%: A/RES/77/5 OP7, recorded vote 120–50–10, 15 December 2022',
  );
});

test('a proposal adding only new words is new language; one adding no word has no line', () => {
  const paragraph: AmendedParagraph = {
    amendment: null,
    runs: [
      { text: 'Urges all States to strengthen' },
      { text: ' solidarity', insertion: by('cub') },
      { text: ',', insertion: by('ken') },
      { text: ' cooperation;' },
    ],
  };
  assert.equal(agreedLanguageLine(languageOf([paragraph], 'cub')!), 'New language');
  assert.equal(languageOf([paragraph], 'ken'), null);
});

test('the percentage is 100 only when every word is agreed and 0 only when none is', () => {
  assert.equal(agreedPercent({ words: 200, agreedWords: 199 }), 99);
  assert.equal(agreedPercent({ words: 200, agreedWords: 1 }), 1);
  assert.equal(agreedPercent({ words: 3, agreedWords: 2 }), 67);
  assert.equal(agreedPercent({ words: 0, agreedWords: 0 }), 0);
});
