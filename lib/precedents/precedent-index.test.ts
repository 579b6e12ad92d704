import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { countFootnotes, plainText } from '../import/inline-runs';
import { importResolutionMarkdown } from '../import/resolution-markdown';
import { readFixture } from '../testing/fixtures';
import {
  buildExtract,
  readAdoptedResolution,
  readAdoptedResolutions,
  readVote,
  type ReadResolution,
} from './build-extract';
import { readExtract, writeExtract } from './extract-file';
import { loadPrecedentIndex } from './load-index';
import { describeVote, EXTRACT_FORMAT, type PrecedentExtract } from './model';
import { matchableWords, wordsOf } from './normalise';
import { MIN_AGREED_WORDS, PrecedentIndex, type ParagraphMatch } from './precedent-index';

/**
 * A small extract built here from four adopted resolutions: the moratorium on
 * the death penalty of 2020, 2022 and 2024 (recorded votes, most paragraphs
 * repeated) and the enhancement of international cooperation in the field of
 * human rights of 2023 (without a vote). See testing/README.md.
 */
const SOURCE = 'four resolutions of lib/precedents/testing and fixtures/akn';

function readResolution(xml: string): ReadResolution {
  const read = readAdoptedResolution(xml);
  if ('problem' in read) throw new Error(read.problem);
  return read.resolution;
}

const READ = [
  readFixture('akn/A_RES_77_222.xml'),
  ...['A_RES_79_179.xml', 'A_RES_75_183.xml', 'A_RES_78_199.xml'].map((name) =>
    fs.readFileSync(new URL(`testing/${name}`, import.meta.url), 'utf8'),
  ),
].map(readResolution);
const EXTRACT = buildExtract(READ, SOURCE);
const index = new PrecedentIndex(EXTRACT);

/** The adopted text of a resolution's paragraph in the extract. */
function adopted(symbol: string, ref: string): string {
  const text = index.resolution(symbol)?.paragraphs.find((p) => p.ref === ref)?.text;
  assert.ok(text, `${symbol} ${ref} is in the test extract`);
  return text;
}

/** "A/RES/79/179 OP9" for each place the match's first source was adopted. */
function firstSourcePlaces(match: ParagraphMatch): string[] {
  return match.sources[0]?.occurrences.map((o) => `${o.symbol} ${o.ref}`) ?? [];
}

/** The words of `text` no agreed span covers. */
function wordsOutsideSpans(text: string, match: ParagraphMatch): string[] {
  return wordsOf(text)
    .filter((w) => !match.spans.some((span) => span.start <= w.start && w.end <= span.end))
    .map((w) => w.word);
}

// "Calls upon States which have abolished the death penalty not to reintroduce it, …": in all three years.
const ABOLISHED = adopted('A/RES/79/179', 'OP9');
// "Reaffirms the sovereign right of all countries … appropriate legal penalties …": in all three years.
const SOVEREIGN = adopted('A/RES/79/179', 'OP1');
// "Recalling the Second Optional Protocol …, aiming at the abolition of the death penalty, …".
const PROTOCOL = adopted('A/RES/79/179', 'PP3');

test('the test extract: newest first, a paragraph repeated over the years stored once', () => {
  assert.deepEqual(
    EXTRACT.resolutions.map((r) => r.symbol),
    ['A/RES/79/179', 'A/RES/78/199', 'A/RES/77/222', 'A/RES/75/183'],
  );
  const paragraphs = EXTRACT.resolutions.reduce((sum, r) => sum + r.paragraphs.length, 0);
  assert.equal(new Set(EXTRACT.texts).size, EXTRACT.texts.length);
  assert.ok(EXTRACT.texts.length < paragraphs * 0.75, `${EXTRACT.texts.length} of ${paragraphs}`);
  assert.deepEqual(index.facets(), { sessions: [79, 78, 77, 75], committees: ['Third Committee'] });
});

test('exact match: a paragraph copied verbatim is all agreed, its source exact, newest first', () => {
  const match = index.match(ABOLISHED);
  assert.equal(match.words, matchableWords(ABOLISHED).length);
  assert.equal(match.agreedWords, match.words);
  assert.equal(match.spans.length, 1);
  assert.deepEqual(match.spans[0]?.sources, [0]);
  const [source] = match.sources;
  assert.equal(source?.text, ABOLISHED);
  assert.equal(source?.exact, true);
  assert.equal(source?.similarity, 1);
  assert.equal(source?.sharedWords, match.words);
  assert.equal(source?.occurrenceCount, 3);
  assert.deepEqual(firstSourcePlaces(match), [
    'A/RES/79/179 OP9',
    'A/RES/77/222 OP8',
    'A/RES/75/183 OP17',
  ]);
  const [newest] = source?.occurrences ?? [];
  assert.equal(newest?.date, '2024-12-17');
  assert.equal(newest?.title, 'Moratorium on the use of the death penalty');
  assert.equal(newest?.committee, 'Third Committee');
  assert.deepEqual(newest?.vote, { kind: 'recorded', inFavour: 130, against: 32, abstaining: 22 });
});

test('near match: one word changed in the middle leaves both sides agreed, not that word', () => {
  const edited = SOVEREIGN.replace('appropriate legal penalties', 'relevant legal penalties');
  assert.notEqual(edited, SOVEREIGN);
  const match = index.match(edited);
  assert.equal(match.agreedWords, match.words - 1);
  assert.equal(match.spans.length, 2);
  assert.deepEqual(wordsOutsideSpans(edited, match), ['reaffirms', 'relevant']);
  const [source] = match.sources;
  assert.equal(source?.text, SOVEREIGN);
  assert.equal(source?.exact, false);
  assert.equal(source?.sharedWords, match.words - 1);
  assert.equal(firstSourcePlaces(match)[0], 'A/RES/79/179 OP1');

  const [closest] = index.closest(edited);
  assert.equal(closest?.text, SOVEREIGN);
  assert.equal(closest?.exact, false);
  assert.ok(
    closest && closest.similarity > 0.5 && closest.similarity < 1,
    `${closest?.similarity}`,
  );
  assert.equal(index.closest(SOVEREIGN)[0]?.similarity, 1);
});

test('no match: a new sentence has no agreed words and no sources', () => {
  const text =
    'Decides to establish an open-ended working group on lunar mining to report at its next meeting;';
  const match = index.match(text);
  assert.ok(match.words > MIN_AGREED_WORDS);
  assert.equal(match.agreedWords, 0);
  assert.deepEqual(match.spans, []);
  assert.deepEqual(match.sources, []);
});

test('openers: "Recalling also" reads as the adopted "Recalling", and the other way round', () => {
  const also = PROTOCOL.replace(/^Recalling /, 'Recalling also ');
  const bare = adopted('A/RES/79/179', 'PP4').replace(/^Recalling also /, 'Recalling ');
  for (const [text, place] of [
    [also, 'A/RES/79/179 PP3'],
    [bare, 'A/RES/79/179 PP4'],
  ] as const) {
    const match = index.match(text);
    assert.equal(match.agreedWords, match.words, text);
    assert.equal(match.sources[0]?.exact, true, text);
    assert.equal(firstSourcePlaces(match)[0], place);
  }
  // The opener is not counted among the paragraph's words.
  assert.equal(index.match(also).words, index.match(PROTOCOL).words);
});

test('openers: "Further requests" reads as the adopted "Requests"', () => {
  const requests = adopted('A/RES/79/179', 'OP13');
  assert.match(requests, /^Requests the Secretary-General/);
  const match = index.match(requests.replace(/^Requests/, 'Further requests'));
  assert.equal(match.agreedWords, match.words);
  assert.equal(match.sources[0]?.exact, true);
  assert.deepEqual(firstSourcePlaces(match), ['A/RES/79/179 OP13']);
});

test('punctuation and case do not matter', () => {
  const text =
    'Calls upon STATES which have abolished THE DEATH PENALTY not to re­introduce it – and ' +
    'encourages them to share their experience in “this” regard.';
  // A soft hyphen (U+00AD) splits a word; it is not a letter.
  const plain = text.replace('\u00ad', '');
  const match = index.match(plain);
  assert.equal(match.agreedWords, match.words);
  assert.equal(match.sources[0]?.text, ABOLISHED);
  assert.equal(match.sources[0]?.exact, true);

  const secretaryGeneral = adopted('A/RES/79/179', 'OP13')
    .replace('Secretary-General', 'Secretary General')
    .replace('eighty-first', 'Eighty‑First')
    .replace(/;$/, '.');
  assert.equal(index.match(secretaryGeneral).sources[0]?.exact, true);
});

test('sub-paragraphs: the adopted reference names the parent and the letter ("OP8 (f)")', () => {
  const text = adopted('A/RES/79/179', 'OP8 (f)');
  assert.match(text, /^To reduce the number of offences/);
  const match = index.match(text);
  assert.equal(match.sources[0]?.exact, true);
  assert.deepEqual(firstSourcePlaces(match), ['A/RES/79/179 OP8 (f)', 'A/RES/77/222 OP7 (f)']);
  const hits = index.search('"mandatory application of the death penalty"').hits;
  assert.ok(hits.some((hit) => hit.symbol === 'A/RES/77/222' && hit.ref === 'OP7 (f)'));
});

const FOOTNOTED_MARKDOWN = `*The General Assembly*,

${PROTOCOL.replace('Political Rights,', 'Political Rights,[^1]')}

1. *Calls upon* States which have abolished the death penalty not to reintroduce it;

[^1]: Resolution 44/128, annex.
`;

test('footnotes: a paragraph imported from Markdown with a footnote matches without it', () => {
  const runs = importResolutionMarkdown(FOOTNOTED_MARKDOWN).document.body.preamble[0] ?? [];
  assert.equal(countFootnotes(runs), 1);
  const match = index.match(plainText(runs));
  assert.equal(match.agreedWords, match.words);
  assert.equal(match.sources[0]?.text, PROTOCOL);
  assert.equal(match.sources[0]?.exact, true);
});

test('footnotes: text runs with a footnote run between them match as the adopted text', () => {
  const [before, after] = PROTOCOL.split(/(?<=Political Rights,)/);
  const runs = [
    { text: before ?? '' },
    { footnote: [{ text: 'Resolution 44/128, annex.' }] },
    { text: after ?? '' },
  ];
  assert.equal(index.match(plainText(runs)).sources[0]?.exact, true);
});

test('footnotes: a stray marker digit left in pasted text costs that word only', () => {
  const text = PROTOCOL.replace('Political Rights,', 'Political Rights,1');
  const match = index.match(text);
  assert.equal(match.words, index.match(PROTOCOL).words + 1);
  assert.equal(match.agreedWords, match.words - 1);
  assert.deepEqual(wordsOutsideSpans(text, match), ['recalling', '1']);
  assert.equal(match.sources[0]?.text, PROTOCOL);
  assert.equal(match.sources[0]?.exact, false);
});

test(`fewer than ${MIN_AGREED_WORDS} words in a row shared with adopted text are no passage`, () => {
  // "which have abolished the death penalty not to" stands in OP9 of the moratorium resolutions.
  const seven =
    'Invites the committees which have abolished the death penalty not lightly to report;';
  const eight =
    'Invites the committees which have abolished the death penalty not to report lightly;';
  assert.equal(index.match(seven).agreedWords, 0);
  assert.deepEqual(index.match(seven).sources, []);
  const match = index.match(eight);
  assert.equal(match.agreedWords, MIN_AGREED_WORDS);
  assert.equal(match.sources[0]?.text, ABOLISHED);
  assert.equal(match.sources[0]?.exact, false);
});

/** Every adopted paragraph of the extract (resolution, reference, opener-less words), newest first. */
const ALL_PARAGRAPHS = EXTRACT.resolutions.flatMap((r) =>
  r.paragraphs.map(([ref, t]) => ({
    symbol: r.symbol,
    ref,
    words: matchableWords(EXTRACT.texts[t] ?? ''),
  })),
);

test('search: words anywhere in a paragraph, or a quoted phrase in order', () => {
  const withWords = ALL_PARAGRAPHS.filter(
    (p) => p.words.includes('international') && p.words.includes('cooperation'),
  );
  const withPhrase = ALL_PARAGRAPHS.filter((p) =>
    p.words.join(' ').includes('international cooperation'),
  );
  assert.ok(withPhrase.length > 0 && withPhrase.length < withWords.length);

  const words = index.search('cooperation International');
  assert.equal(words.total, withWords.length);
  assert.deepEqual(
    words.hits.map((hit) => `${hit.symbol} ${hit.ref}`),
    withWords.map((p) => `${p.symbol} ${p.ref}`),
  );
  const phrase = index.search('"International Cooperation"');
  assert.equal(phrase.total, withPhrase.length);
  assert.ok(phrase.hits.every((hit) => /international cooperation/i.test(hit.text)));
  assert.ok(index.search('executions moratorium').total > 0);
  assert.equal(index.search('"executions moratorium"').total, 0);
  assert.equal(index.search('moratorium asteroid').total, 0);
  assert.deepEqual(index.search('  ').hits, []);
  assert.equal(index.search('cooperation international', {}, 2).hits.length, 2);
});

test('search: filters by session, committee and how the resolution was adopted', () => {
  const all = index.search('cooperation');
  const symbols = (result: { hits: { symbol: string }[] }) => [
    ...new Set(result.hits.map((hit) => hit.symbol)),
  ];
  assert.deepEqual(symbols(all), ['A/RES/79/179', 'A/RES/78/199', 'A/RES/77/222', 'A/RES/75/183']);
  assert.ok(all.hits.every((hit, i) => i === 0 || hit.date <= (all.hits[i - 1]?.date ?? '')));

  assert.deepEqual(symbols(index.search('cooperation', { session: 77 })), ['A/RES/77/222']);
  assert.deepEqual(symbols(index.search('cooperation', { adopted: 'withoutVote' })), [
    'A/RES/78/199',
  ]);
  const recorded = index.search('cooperation', { adopted: 'recorded' });
  assert.equal(
    recorded.total + index.search('cooperation', { adopted: 'withoutVote' }).total,
    all.total,
  );
  assert.equal(index.search('cooperation', { committee: 'Third Committee' }).total, all.total);
  assert.equal(index.search('cooperation', { committee: 'Plenary' }).total, 0);
  assert.equal(index.search('cooperation', { session: 78, adopted: 'recorded' }).total, 0);
});

/** A resolution's analysis with the given voting element. */
const voting = (element: string) =>
  `<akomaNtoso><act><meta><analysis source="#un"><parliamentary>${element}</parliamentary></analysis></meta></act></akomaNtoso>`;
const count = (value: number, refersTo: string) =>
  `<count value="${value}" refersTo="${refersTo}"><akn4un:voters><organization refersTo="memberState">A</organization></akn4un:voters></count>`;

test('readVote: without a vote, a recorded vote with its counts, the outcome as a sentence', () => {
  assert.deepEqual(readVote(voting('<voting outcome="adoptedWithoutVote"></voting>')), {
    kind: 'withoutVote',
  });
  assert.deepEqual(
    readVote(
      voting(
        `<voting outcome="adoptedRecordedVote">${count(130, 'inFavour')}${count(32, 'against')}${count(22, 'abstaining')}</voting>`,
      ),
    ),
    { kind: 'recorded', inFavour: 130, against: 32, abstaining: 22 },
  );
  assert.deepEqual(
    readVote(
      voting(
        `<voting outcome="Adopted 133-3-0, 88th plenary meeting">${count(133, 'inFavour')}</voting>`,
      ),
    ),
    { kind: 'recorded', inFavour: 133, against: 3, abstaining: 0 },
  );
  assert.deepEqual(
    readVote(voting('<voting outcome="Adopted without vote, 59th plenary meeting"></voting>')),
    { kind: 'withoutVote' },
  );
  assert.deepEqual(readVote(voting('<voting></voting>')), { kind: 'unknown' });
  assert.deepEqual(readVote(voting('')), { kind: 'unknown' });

  const bySymbol = new Map(READ.map((r) => [r.symbol, r.vote]));
  assert.deepEqual(bySymbol.get('A/RES/77/222'), {
    kind: 'recorded',
    inFavour: 125,
    against: 37,
    abstaining: 22,
  });
  assert.equal(describeVote(bySymbol.get('A/RES/77/222')!), 'recorded vote 125–37–22');
  assert.equal(describeVote(bySymbol.get('A/RES/78/199')!), 'adopted without a vote');
  assert.equal(describeVote({ kind: 'unknown' }), '');
});

test('the extract file: written and read back the same, same input same bytes', async () => {
  const data = writeExtract(EXTRACT);
  assert.ok(data.length < 100_000, `${data.length} bytes`);
  const back = await readExtract(data);
  assert.deepEqual(back, EXTRACT);
  assert.deepEqual(new PrecedentIndex(back).match(ABOLISHED), index.match(ABOLISHED));
  // Resolutions in another order make the same extract.
  const again = writeExtract(buildExtract([...READ].reverse(), SOURCE));
  assert.ok(again.equals(data));
});

test('readExtract says what is wrong with a file that is not an extract', async () => {
  const gzipJson = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)));
  await assert.rejects(
    () => readExtract(Buffer.from('{"format":1}')),
    /not a gzip-compressed JSON extract/,
  );
  await assert.rejects(
    () => readExtract(gzipSync(Buffer.from('{'))),
    /not a gzip-compressed JSON extract/,
  );
  await assert.rejects(
    () =>
      readExtract(gzipJson({ format: 'concord-adopted-paragraphs/0', resolutions: [], texts: [] })),
    /format “concord-adopted-paragraphs\/0”, expected “concord-adopted-paragraphs\/1”: rebuild it/,
  );
  await assert.rejects(
    () => readExtract(gzipJson({ format: EXTRACT_FORMAT, resolutions: [] })),
    /no resolutions or texts/,
  );
  const empty: PrecedentExtract = {
    format: EXTRACT_FORMAT,
    source: '',
    resolutions: [],
    texts: [],
  };
  assert.deepEqual(await readExtract(writeExtract(empty)), empty);
  await assert.rejects(
    () => loadPrecedentIndex('/nonexistent/adopted-paragraphs.json.gz'),
    /\/nonexistent\/adopted-paragraphs\.json\.gz cannot be read \(ENOENT\).*npm run corpus:build/,
  );
});

test('a file of several resolutions gives each part with its letter, its own title and the committee', () => {
  const xml = fs.readFileSync(new URL('testing/A_RES_79_252.xml', import.meta.url), 'utf8');
  assert.ok(
    'problem' in readAdoptedResolution(xml),
    'the importer alone does not read a collection',
  );
  const read = readAdoptedResolutions(xml, 79);
  if ('problem' in read) throw new Error(read.problem);
  assert.deepEqual(
    read.resolutions.map((r) => [r.symbol, r.session, r.date, r.committee, r.vote.kind]),
    [
      ['A/RES/79/252 A', 79, '2024-12-24', 'Fifth Committee', 'withoutVote'],
      ['A/RES/79/252 B', 79, '2024-12-24', 'Fifth Committee', 'withoutVote'],
    ],
  );
  const [a, b] = read.resolutions;
  assert.ok(a && b && a.paragraphs.length > b.paragraphs.length && b.paragraphs.length > 0);
  assert.notDeepEqual(a.paragraphs, b.paragraphs);
  // One resolution per file goes through unchanged.
  const single = readAdoptedResolutions(readFixture('akn/A_RES_77_222.xml'));
  assert.ok(!('problem' in single) && single.resolutions.length === 1);
  assert.equal(single.resolutions[0]?.symbol, 'A/RES/77/222');
});

test('the index built a slice at a time, as a server builds it, answers as the one built at once', async () => {
  const built = await PrecedentIndex.build(EXTRACT);
  for (const text of [ABOLISHED, ...EXTRACT.texts.slice(0, 20)]) {
    assert.deepEqual(built.match(text), index.match(text));
    assert.deepEqual(built.closest(text), index.closest(text));
  }
  assert.deepEqual(built.search('death penalty'), index.search('death penalty'));
  assert.deepEqual(built.size, index.size);
});
