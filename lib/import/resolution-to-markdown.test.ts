import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyHeader, type ResolutionDocument } from '../schema/resolution-document';
import { markdownFixtures, readFixture } from '../testing/fixtures';
import { importResolutionFile } from './import-file';
import { importResolutionMarkdown } from './resolution-markdown';
import { resolutionToMarkdown } from './resolution-to-markdown';

function roundTrip(document: ResolutionDocument): ResolutionDocument {
  return importResolutionMarkdown(resolutionToMarkdown(document)).document;
}

for (const name of [...markdownFixtures(), 'akn/A_RES_77_222.xml']) {
  test(`${name}: import → Markdown → import gives the same document`, () => {
    const { document } = importResolutionFile(name, readFixture(name));
    const again = roundTrip(document);
    assert.deepEqual(again, document);
    assert.equal(resolutionToMarkdown(again), resolutionToMarkdown(document));
  });
}

test('labels come from level and position; footnotes are numbered and defined at the end', () => {
  const markdown = resolutionToMarkdown({
    header: {
      ...emptyHeader(),
      organ: 'General Assembly',
      symbol: 'A/RES/80/1',
      distribution: 'General',
      date: '2025-09-09',
      originalLanguage: '',
      session: 'Eightieth session',
      committee: 'Third Committee',
      agendaItem: '1',
      agendaItemName: 'Item',
      sponsors: ['Bosnia and Herzegovina', 'Chile'],
      additionalSponsors: ['Peru'],
      title: 'A title',
    },
    body: {
      preamble: [
        [
          { text: 'Recalling', italic: true },
          { text: ' 2 * 3 [sic],' },
          { footnote: [{ text: 'Note.' }] },
        ],
      ],
      operative: [
        { kind: 'heading', numbered: true, content: [{ text: 'Budget' }] },
        { kind: 'paragraph', content: [{ text: 'Decides', italic: true }, { text: ':' }] },
        ...Array.from({ length: 28 }, (_, i) => ({
          kind: 'subParagraph' as const,
          level: 1 as const,
          content: [{ text: `Item ${i + 1};` }],
        })),
        { kind: 'subParagraph', level: 2, content: [{ text: 'Deeper:' }] },
        { kind: 'subParagraph', level: 3, content: [{ text: 'Third:' }] },
        { kind: 'subParagraph', level: 4, content: [{ text: 'Fourth.' }] },
      ],
    },
  });
  assert.match(
    markdown,
    /^<!--\n {2}Sponsors \(as listed on the draft\): Bosnia and Herzegovina and Chile\n {2}Additional sponsors: Peru\n-->/,
  );
  assert.match(markdown, /\n\*\*80\/1\. A title\*\*\n/);
  assert.match(markdown, /\n\*Recalling\* 2 \\\* 3 \\\[sic\\\],\[\^1\]\n/);
  assert.match(markdown, /\n#### I\n\n#### Budget\n\n1\. \*Decides\*:\n/);
  assert.match(markdown, /\n {4}\(z\) Item 26;\n\n {4}\(aa\) Item 27;\n\n {4}\(bb\) Item 28;\n/);
  assert.match(markdown, /\n {8}\(i\) Deeper:\n\n {12}a\. Third:\n\n {16}i\. Fourth\.\n/);
  assert.match(markdown, /\n---\n\n\[\^1\]: Note\.\n$/);
  const again = importResolutionMarkdown(markdown).document;
  assert.deepEqual(resolutionToMarkdown(again), markdown);
});

test('an adopted text keeps its sponsors note, draft and report in the comment and lines; a draft shows none', () => {
  const { document } = importResolutionFile('A_RES_77_222.md', readFixture('A_RES_77_222.md'));
  const noted = {
    ...document,
    header: { ...document.header, sponsorsNote: 'On behalf of the European Union.' },
  };
  const markdown = resolutionToMarkdown(noted);
  assert.match(markdown, /\n {2}Note on the sponsors: On behalf of the European Union\.\n/);
  assert.match(markdown, /\n {2}Draft: A\/C\.3\/77\/L\.44\/Rev\.1 \(submitted 2022-11-01\)\n/);
  assert.deepEqual(roundTrip(noted), noted);
  // A draft prints no adoption line, report line or closing, whatever the header holds.
  const draft = { ...noted, header: { ...noted.header, symbol: 'A/C.3/77/L.44' } };
  const text = resolutionToMarkdown(draft);
  assert.doesNotMatch(text, /Resolution adopted|on the report of|plenary meeting/);
  assert.match(text, /:\\\* draft resolution\n/);
  assert.match(text, /\n---\n\n\\\* On behalf of the European Union\.\n\[\^1\]: /);
});
