import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { importResolutionFile, inspectResolution } from '../import/import-file';
import { isFootnoteRun, type InlineRun } from '../schema/resolution-document';
import { docxParts, footnoteParts, paragraphTexts } from '../testing/docx-parts';
import { finalDocx } from './docx';

const FIXTURES = [
  ...readdirSync('fixtures')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `fixtures/${name}`),
  ...readdirSync('fixtures/akn')
    .filter((name) => name.endsWith('.xml'))
    .map((name) => `fixtures/akn/${name}`),
].sort();

function plain(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
}

async function exported(path: string) {
  const { document } = importResolutionFile(path, readFileSync(path, 'utf8'));
  const files = docxParts(await finalDocx(document));
  const body = files.get('word/document.xml') ?? '';
  return {
    document,
    files,
    body,
    paragraphs: paragraphTexts(body),
    footnotes: [...footnoteParts(files).values()].map((xml) => paragraphTexts(xml).join('\n')),
  };
}

for (const path of FIXTURES) {
  test(`the final DOCX of ${path} holds its paragraphs, numbers and footnotes`, async () => {
    const { document, files, body, paragraphs, footnotes } = await exported(path);
    for (const part of ['[Content_Types].xml', 'word/styles.xml', 'word/settings.xml']) {
      assert.ok(files.has(part), part);
    }
    const counts = inspectResolution(document);
    const { header } = document;

    const numbers = paragraphs.flatMap((text) => /^(\d+)\.\t/.exec(text)?.[1] ?? []);
    assert.deepEqual(
      numbers,
      Array.from({ length: counts.operativeParagraphs }, (_, i) => String(i + 1)),
    );
    const labelled = (pattern: RegExp) => paragraphs.filter((text) => pattern.test(text)).length;
    assert.equal(
      labelled(/^\([a-z]+\)\t/),
      counts.subParagraphs[1] + counts.subParagraphs[2],
      '(a) and (i) labels',
    );

    const formula = paragraphs.indexOf('The General Assembly,');
    assert.ok(formula >= 0, 'the enacting formula');
    // The PPs follow the formula, in order and whole.
    document.body.preamble.forEach((runs, index) => {
      assert.equal(paragraphs[formula + 1 + index], plain(runs));
    });
    const first = document.body.operative.find((block) => block.kind === 'paragraph');
    assert.ok(paragraphs.includes(`1.\t${plain(first?.content ?? [])}`), 'OP1 whole');
    const verb = first?.content[0];
    if (verb && !isFootnoteRun(verb) && verb.italic) {
      assert.match(body, new RegExp(`<w:i/>(?:(?!</w:r>).)*<w:t[^>]*>${verb.text}</w:t>`));
    }

    assert.ok(
      paragraphs.includes(header.title) || paragraphs.some((t) => t.endsWith(`\t${header.title}`)),
    );
    assert.ok(paragraphs.includes(header.organ));
    assert.ok(paragraphs.includes(`Distr.: ${header.distribution}`));

    assert.equal(footnotes.length, counts.footnotes, 'footnotes');
    assert.equal(body.match(/<w:footnoteReference /g)?.length ?? 0, counts.footnotes);
  });
}

test('the draft L. document reads as the UN prints it', async () => {
  const { paragraphs, footnotes } = await exported(
    'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md',
  );
  const start = paragraphs.indexOf('United Nations');
  assert.deepEqual(paragraphs.slice(start, start + 14), [
    'United Nations',
    '',
    'General Assembly',
    'Distr.: Limited',
    '28 October 2022',
    '',
    'Original: English',
    'Seventy-seventh session',
    'Third Committee',
    'Agenda item 68 (b)',
    'Promotion and protection of human rights: human rights questions, including alternative approaches for improving the effective enjoyment of human rights and fundamental freedoms',
    'China, Cuba and Russian Federation: draft resolution',
    'Enhancement of international cooperation in the field of human rights',
    'The General Assembly,',
  ]);
  assert.ok(
    paragraphs.includes(
      '17.\tDecides to continue its consideration of the question at its seventy-eighth session.',
    ),
  );
  assert.equal(
    footnotes[2],
    '\tSee Official Records of the General Assembly, Seventy-seventh Session, Supplement No. 53 (A/77/53), chap. VIII, sect. A.',
  );
});

test('an adopted resolution has its number, sub-paragraph labels and section headings', async () => {
  const plenary = await exported('fixtures/A_RES_76_109.md');
  assert.ok(
    plenary.paragraphs.includes(
      '76/109.\tEnlargement of the membership of the United Nations Commission on International Trade Law',
    ),
  );
  assert.ok(plenary.paragraphs.includes('(i)\tTwo from African States;'));
  assert.ok(plenary.paragraphs.includes('(v)\tTwo from Western European and other States;'));
  assert.ok(plenary.paragraphs.includes('[on the report of the Sixth Committee]'));

  const budget = await exported('fixtures/A_RES_78_293.md');
  assert.ok(
    budget.paragraphs.includes(
      'Budget performance report for the period from 1 July 2022 to 30 June 2023',
    ),
  );
  assert.ok(budget.paragraphs.includes('A/RES/78/293'), 'the symbol at the top');
  const heads = [...budget.files].filter(([name]) => /^word\/header\d+\.xml$/.test(name));
  assert.equal(
    heads.filter(([, xml]) => paragraphTexts(xml).includes('A/RES/78/293')).length,
    2,
    'the running heads of odd and even pages',
  );
});
