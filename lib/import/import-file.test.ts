import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolutionSchema } from '../schema/document-extensions';
import { resolutionJSON } from '../schema/resolution-json';
import { markdownFixtures, readFixture, statedCounts } from '../testing/fixtures';
import { detectFormat, importResolutionFile, inspectResolution } from './import-file';
import { ImportError } from './import-result';

const DRAFT = 'draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

/** What each fixture says of itself, or (the PDF-converted draft) what its text shows. */
function expectedCounts(name: string) {
  const stated = statedCounts(readFixture(name));
  if (stated) return stated;
  assert.equal(name, DRAFT, `${name} states no counts`);
  return { preambular: 16, operative: 17, footnotes: 6 };
}

test('there are fixtures of both Markdown forms and the AKN file', () => {
  const names = markdownFixtures();
  assert.ok(names.includes(DRAFT));
  assert.ok(names.filter((name) => name.startsWith('A_RES_')).length >= 5);
  assert.equal(detectFormat(readFixture('akn/A_RES_77_222.xml')), 'akomaNtoso');
});

for (const name of markdownFixtures()) {
  test(`${name}: the counts it states, and its header`, () => {
    const { document, format } = importResolutionFile(name, readFixture(name));
    assert.equal(format, 'markdown');
    const inspection = inspectResolution(document);
    const expected = expectedCounts(name);
    assert.equal(inspection.preambularParagraphs, expected.preambular);
    assert.equal(inspection.operativeParagraphs, expected.operative);
    assert.equal(inspection.footnotes, expected.footnotes);
    const { header } = inspection;
    assert.equal(header.organ, 'General Assembly');
    assert.match(header.session ?? '', /^Seventy-\w+ session$/);
    assert.match(header.agendaItem ?? '', /^\d+(?: \([a-z]\))?$/);
    assert.ok(header.agendaItemName);
    assert.ok(header.title);
    assert.ok(header.committee);
    assert.match(header.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    if (name === DRAFT) {
      assert.equal(header.symbol, undefined, 'the draft prints no symbol');
      assert.deepEqual(header.sponsors, ['China', 'Cuba', 'Russian Federation']);
      assert.equal(header.distribution, 'Limited');
    } else {
      assert.equal(header.symbol, name.replace(/^A_RES_(\d+)_(\d+)\.md$/, 'A/RES/$1/$2'));
      assert.equal(header.distribution, 'General');
      assert.equal(header.title, document.header.title);
    }
    // The editor schema accepts what the importer produces.
    resolutionSchema.nodeFromJSON(resolutionJSON(document.body)).check();
  });
}

test('the AKN file through importResolutionFile, and what inspect reports', () => {
  const { document, format } = importResolutionFile(
    'A_RES_77_222.xml',
    readFixture('akn/A_RES_77_222.xml'),
  );
  assert.equal(format, 'akomaNtoso');
  const inspection = inspectResolution(document);
  assert.deepEqual(
    { ...inspection, header: Object.keys(inspection.header) },
    {
      preambularParagraphs: 17,
      operativeParagraphs: 12,
      subParagraphs: { 1: 12, 2: 0, 3: 0, 4: 0 },
      headings: 0,
      footnotes: 10,
      header: [
        'organ',
        'symbol',
        'distribution',
        'date',
        'session',
        'committee',
        'agendaItem',
        'agendaItemName',
        'sponsors',
        'additionalSponsors',
        'title',
        'draftSymbol',
        'draftDate',
        'originatingDocument',
        'adoptionDate',
        'adoptionMeeting',
      ],
    },
  );
  const headings = inspectResolution(
    importResolutionFile('x', readFixture('A_RES_78_293.md')).document,
  );
  assert.equal(headings.headings, 3);
  assert.equal(
    inspectResolution(importResolutionFile('x', readFixture('A_RES_76_109.md')).document)
      .subParagraphs[2],
    5,
  );
});

test('the format is told by the content, whatever the name', () => {
  assert.equal(detectFormat('<?xml version="1.0"?><akomaNtoso/>'), 'akomaNtoso');
  assert.equal(detectFormat('\uFEFF<!-- source -->\n<akomaNtoso>'), 'akomaNtoso');
  assert.equal(detectFormat('<!-- Source: … -->\n\nUnited Nations — A/RES/1/1'), 'markdown');
  assert.throws(
    () => importResolutionFile('notes.xml', '# Notes\n'),
    (error: unknown) =>
      error instanceof ImportError && /^notes\.xml: No enacting formula found/.test(error.message),
  );
  assert.throws(
    () => importResolutionFile('broken.md', '<?xml version="1.0"?>\n<akomaNtoso>\n'),
    (error: unknown) =>
      error instanceof ImportError && /^broken\.md: Malformed XML at line 2/.test(error.message),
  );
});
