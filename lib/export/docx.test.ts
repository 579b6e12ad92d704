import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { importResolutionFile, inspectResolution } from '../import/import-file';
import {
  isFootnoteRun,
  type InlineRun,
  type OperativeBlock,
  type ResolutionDocument,
} from '../schema/resolution-document';
import { docxParts, footnoteParts, paragraphTexts } from '../testing/docx-parts';
import { finalDocx, INDENT } from './docx';

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

    // The note on a draft's sponsors line is a footnote too, marked "*" (a custom mark).
    const sponsorsNote = header.sponsorsNote ? 1 : 0;
    assert.equal(footnotes.length, counts.footnotes + sponsorsNote, 'footnotes');
    assert.equal(
      body.match(/<w:footnoteReference w:id=/g)?.length ?? 0,
      counts.footnotes,
      'numbered references',
    );
    assert.equal(
      body.match(/<w:footnoteReference w:customMarkFollows=/g)?.length ?? 0,
      sponsorsNote,
    );
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
    'China, Cuba and Russian Federation:* draft resolution',
    'Enhancement of international cooperation in the field of human rights',
    'The General Assembly,',
  ]);
  assert.ok(
    paragraphs.includes(
      '17.\tDecides to continue its consideration of the question at its seventy-eighth session.',
    ),
  );
  assert.equal(
    footnotes[0],
    '\tOn behalf of the States Members of the United Nations that are members of the Movement of Non-Aligned Countries.',
  );
  assert.equal(
    footnotes[3],
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
  const adoption = plenary.paragraphs.indexOf(
    'Resolution adopted by the General Assembly on 9 December 2021',
  );
  assert.ok(adoption > 0, 'the adoption line');
  assert.equal(
    plenary.paragraphs[adoption + 1],
    '[on the report of the Sixth Committee (A/76/471, para. 13)]',
  );
  const closing = plenary.paragraphs.indexOf('49th plenary meeting');
  assert.equal(plenary.paragraphs[closing + 1], '9 December 2021');
  assert.match(plenary.paragraphs[closing - 1] ?? '', /^8\.\t/, 'the closing follows the last OP');

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

test('the note on the sponsors line is a footnote marked "*" on that line, before the numbered ones', async () => {
  const { body, files } = await exported(
    'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md',
  );
  const line = [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map(([paragraph]) => paragraph)
    .find((paragraph) => paragraphTexts(paragraph)[0]?.startsWith('China, Cuba'));
  assert.ok(line, 'the sponsors line');
  const mark =
    /<w:footnoteReference w:customMarkFollows="(?:true|1)" w:id="(\d+)"\/><w:t[^>]*>\*<\/w:t>/.exec(
      line,
    );
  assert.ok(mark, 'a custom-mark reference followed by its "*"');
  const notes = footnoteParts(files);
  assert.equal(Number(mark[1]), Math.min(...notes.keys()), 'the first footnote');
  assert.match(
    paragraphTexts(notes.get(Number(mark[1])) ?? '')[0] ?? '',
    /^\tOn behalf of the States/,
  );
});

/** Advance widths of Times New Roman in thousandths of an em, for the characters of labels. */
const TIMES: Record<string, number> = {
  '(': 333,
  ')': 333,
  i: 278,
  v: 500,
  x: 500,
  m: 778,
  n: 500,
};

test('no sub-paragraph label runs into its text: the tab stop leaves a gap after the widest', async () => {
  const letters = 40; // (a) … (z), (aa) … (nn)
  const romans = 28; // (i) … (xxviii)
  const sub = (level: 1 | 2, i: number): OperativeBlock => ({
    kind: 'subParagraph',
    level,
    content: [{ text: `Item ${i + 1};` }],
  });
  const document: ResolutionDocument = {
    header: importResolutionFile('x', readFileSync('fixtures/A_RES_76_109.md', 'utf8')).document
      .header,
    body: {
      preamble: [[{ text: 'Recalling', italic: true }, { text: ' its resolutions,' }]],
      operative: [
        { kind: 'paragraph', content: [{ text: 'Decides', italic: true }, { text: ':' }] },
        ...Array.from({ length: letters }, (_, i) => sub(1, i)),
        ...Array.from({ length: romans }, (_, i) => sub(2, i)),
      ],
    },
  };
  const body = docxParts(await finalDocx(document)).get('word/document.xml') ?? '';
  const labelled = [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].flatMap(([paragraph]) => {
    const label = /^(\([a-z]+\))\t/.exec(paragraphTexts(paragraph)[0] ?? '')?.[1];
    const tab = /<w:tab w:val="left" w:pos="(\d+)"\/>/.exec(paragraph)?.[1];
    const firstLine = /w:firstLine="(\d+)"/.exec(paragraph)?.[1];
    return label && tab && firstLine
      ? [{ label, gap: Number(tab) - (INDENT + Number(firstLine)) }]
      : [];
  });
  assert.equal(labelled.length, letters + romans);
  const width = (label: string) =>
    // 10 pt: a thousandth of an em is 10 × 20 / 1000 twips.
    [...label].reduce((sum, char) => sum + (TIMES[char] ?? 0), 0) / 5;
  for (const label of ['(mm)', '(nn)', '(viii)', '(xviii)', '(xxiii)', '(xxviii)']) {
    const found = labelled.find((l) => l.label === label);
    assert.ok(found, label);
    // At least two word spaces (50 twips each) between the label's end and its text.
    assert.ok(found.gap - width(label) >= 100, `${label}: ${found.gap - width(label)} twips`);
  }
  assert.equal(width('(xxviii)'), 600, 'wider than the 475 twips the labels had');
  // Labels that fit keep the common stop, so their texts line up.
  const narrow = labelled.filter((l) => ['(a)', '(b)', '(i)', '(ii)'].includes(l.label));
  assert.deepEqual(new Set(narrow.map((l) => l.gap)), new Set([475]));
});
