import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importResolutionFile } from '../import/import-file';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionDocument,
} from '../schema/resolution-document';
import { findExportFormat, renderExport } from './index';
import { INDENT, LABEL, labelPosition, labelTextOffset, MARGIN, PAGE } from './un-layout';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const ADOPTED = 'fixtures/A_RES_79_89.md';
const SUB_PARAGRAPHS = 'fixtures/A_RES_77_222.md';

/** Whether poppler's `pdftotext` is installed (.ci/run installs it). */
function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
}

function fixture(path: string): ResolutionDocument {
  return importResolutionFile(path, readFileSync(path, 'utf8')).document;
}

/** The PDF export through the export entry point, as the route and the CLI make it. */
async function exportPdf(document: ResolutionDocument): Promise<Uint8Array> {
  const format = findExportFormat('pdf');
  assert.ok(format, 'the PDF format is registered');
  return renderExport(format, document);
}

const fixturePdfs = new Map<string, Promise<Uint8Array>>();

/** The PDF of a fixture as it is, made once for all the tests (Chromium takes seconds). */
function fixturePdf(path: string): Promise<Uint8Array> {
  let pdf = fixturePdfs.get(path);
  if (!pdf) {
    pdf = exportPdf(fixture(path));
    fixturePdfs.set(path, pdf);
  }
  return pdf;
}

/** Runs `pdftotext` with `args` on the PDF. */
function pdftotext(pdf: Uint8Array, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'concord-pdf-test-'));
  try {
    const file = join(dir, 'out.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page, with line breaks folded into spaces. */
function pageTexts(pdf: Uint8Array): string[] {
  const pages = pdftotext(pdf, ['-layout']).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages.map((page) => page.replace(/\s+/g, ' ').trim());
}

interface Word {
  text: string;
  /** Left and right edges and top, in points from the page's top left corner. */
  x: number;
  right: number;
  y: number;
  height: number;
}

/** The words of each page with their boxes (`pdftotext -bbox`). */
function pageWords(pdf: Uint8Array): Word[][] {
  const html = pdftotext(pdf, ['-bbox']);
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [
        ...page.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map(([, x, y, right, bottom, text]) => ({
        text: (text ?? '').replace(/&amp;/g, '&'),
        x: Number(x),
        right: Number(right),
        y: Number(y),
        height: Number(bottom) - Number(y),
      })),
    );
}

/** The words of a page in lines, top to bottom, each left to right. */
function pageLines(words: Word[]): Word[][] {
  const lines: Word[][] = [];
  for (const word of [...words].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - word.y) < 2) line.push(word);
    else lines.push([word]);
  }
  return lines;
}

/** Twips from the page's left edge, in points. */
function fromPageEdge(twips: number): number {
  return (MARGIN.left + twips) / 20;
}

function plainText(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
}

/** Each footnote of a document, in order, with the two words its reference follows. */
function footnotes(document: ResolutionDocument): { before: string; text: string }[] {
  const blocks = [...document.body.preamble, ...document.body.operative.map((b) => b.content)];
  const notes: { before: string; text: string }[] = [];
  for (const runs of blocks) {
    runs.forEach((run, index) => {
      if (!isFootnoteRun(run)) return;
      const before = plainText(runs.slice(0, index)).trim().split(/\s+/).slice(-2).join(' ');
      notes.push({ before, text: run.footnote.map((part) => part.text).join('') });
    });
  }
  return notes;
}

/** The page (0-based) of each footnote's reference and of its text; asserts each is found once. */
function footnotePages(
  document: ResolutionDocument,
  pages: string[],
): { reference: number; note: number }[] {
  return footnotes(document).map(({ before, text }, index) => {
    const n = index + 1;
    const reference = `${before}${n}`;
    const note = `${n} ${text.replace(/\s+/g, ' ').trim()}`;
    const referencePages = pages.flatMap((page, i) => (page.includes(reference) ? [i] : []));
    const notePages = pages.flatMap((page, i) => (page.includes(note) ? [i] : []));
    assert.equal(referencePages.length, 1, `reference ${n} ("${reference}") is on one page`);
    assert.equal(notePages.length, 1, `footnote ${n} ("${note}") is on one page`);
    return { reference: referencePages[0]!, note: notePages[0]! };
  });
}

test('finalPdf prints the draft as a PDF with embedded fonts and selectable text', async () => {
  const document = fixture(DRAFT);
  const pdf = await fixturePdf(DRAFT);
  const raw = Buffer.from(pdf).toString('latin1');

  assert.ok(raw.startsWith('%PDF-'), 'starts with the PDF signature');
  assert.match(raw, /%%EOF\s*$/, 'ends with the PDF trailer');
  assert.match(raw, /\/FontFile[23]?\b/, 'a font file is embedded');
  assert.match(raw, /\/Type\s*\/Page\b/, 'has at least one page');

  // The text checks need poppler's pdftotext (.ci/run installs it): without
  // it only the structure above is checked.
  if (!hasPdftotext()) return;
  const text = pageTexts(pdf).join(' ');
  assert.ok(
    text.includes('Enhancement of international cooperation in the field of human rights'),
    'the title is in the text',
  );
  assert.ok(text.includes('The General Assembly'), 'the enacting formula is in the text');
  const op = document.body.operative.find((block) => block.kind === 'paragraph');
  assert.ok(op, 'the fixture has an operative paragraph');
  const opStart = plainText(op.content).split(/\s+/).slice(0, 8).join(' ');
  assert.ok(opStart.length > 20, 'the first OP has text');
  assert.ok(text.includes(opStart), `the first OP is in the text: ${opStart}`);
});

test('each footnote is at the foot of the page of its reference, not all at the end', async (t) => {
  if (!hasPdftotext()) return t.skip('needs pdftotext (poppler-utils)');
  for (const path of [DRAFT, ADOPTED]) {
    const document = fixture(path);
    const pages = pageTexts(await fixturePdf(path));
    const placed = footnotePages(document, pages);
    assert.ok(placed.length >= 5, `${path} has footnotes`);
    for (const [index, { reference, note }] of placed.entries()) {
      assert.equal(note, reference, `${path}: footnote ${index + 1} is on its reference's page`);
    }
  }
  // In the draft, footnotes 1–5 are on page 1 and footnote 6 on page 2 of 3.
  const draft = fixture(DRAFT);
  const pages = pageTexts(await fixturePdf(DRAFT));
  // The sponsors line's note is marked "*" and comes first, as in the DOCX.
  assert.ok(draft.header.sponsorsNote, 'the draft has a note on its sponsors line');
  assert.ok(
    pages[0]!.includes('Russian Federation:* draft resolution'),
    'the sponsors line has "*"',
  );
  const starred = pages[0]!.indexOf(`* ${draft.header.sponsorsNote.slice(0, 30)}`);
  assert.ok(starred >= 0, 'the "*" note is on page 1');
  assert.ok(starred < pages[0]!.indexOf('1 A/CONF.157/24'), 'before footnote 1');
  const onPages = new Set(footnotePages(draft, pages).map(({ note }) => note));
  assert.ok(onPages.size >= 2, 'footnotes are on more than one page');
  assert.ok(!onPages.has(pages.length - 1), 'no footnote is on the last page');
});

test('the footnotes are in smaller type, numbered as in the text, with the DOCX’s hanging indent', async (t) => {
  if (!hasPdftotext()) return t.skip('needs pdftotext (poppler-utils)');
  const [first] = pageWords(await fixturePdf(DRAFT));
  assert.ok(first);
  const start = first.find((word) => word.text === 'A/CONF.157/24');
  assert.ok(start, 'footnote 1 is on page 1');
  // Its number is a superscript, a little above the line.
  const number = first.find(
    (word) => word.text === '1' && word.x < start.x && Math.abs(word.y - start.y) < 5,
  );
  assert.ok(number, 'footnote 1 has its number');
  // The number at the text block's edge, the text a hanging indent further in (as FootnoteText in the DOCX).
  assert.ok(Math.abs(number.x - fromPageEdge(INDENT)) < 0.5, `footnote number at ${number.x}`);
  assert.ok(Math.abs(start.x - fromPageEdge(INDENT + 340)) < 0.5, `footnote text at ${start.x}`);
  const body = first.find((word) => word.text === 'Reaffirming');
  assert.ok(body);
  assert.ok(start.height < body.height, 'footnotes are set smaller than the text');
  assert.ok(start.y > body.y, 'footnotes are below the text');
});

test('pages after the first have the symbol as running head and "n/N" as running foot', async (t) => {
  if (!hasPdftotext()) return t.skip('needs pdftotext (poppler-utils)');
  const adoptedPages = pageTexts(await fixturePdf(ADOPTED));
  assert.equal(adoptedPages.length, 2, 'A/RES/79/89 takes two pages, as its DOCX');
  assert.ok(
    adoptedPages[1]!.startsWith('A/RES/79/89 '),
    `page 2: ${adoptedPages[1]!.slice(0, 40)}`,
  );
  assert.ok(adoptedPages[1]!.endsWith(' 2/2'), 'page 2 ends with its number');

  const draft = fixture(DRAFT);
  draft.header.symbol = 'A/C.3/77/L.40';
  const pdf = await exportPdf(draft);
  const pages = pageTexts(pdf);
  const words = pageWords(pdf);
  assert.ok(pages.length >= 3, 'the draft takes three pages or more');
  // As in the DOCX, the first page has neither (its masthead holds the symbol).
  assert.ok(pages[0]!.startsWith('United Nations'), 'page 1 starts with the masthead');
  assert.ok(!/\b1\/\d\b/.test(pages[0]!), 'page 1 has no page number');
  pages.forEach((page, index) => {
    if (index === 0) return;
    const n = index + 1;
    assert.ok(page.startsWith('A/C.3/77/L.40 '), `page ${n} starts with the symbol`);
    assert.ok(page.endsWith(` ${n}/${pages.length}`), `page ${n} ends with ${n}/${pages.length}`);
    // Even pages on the left, odd pages on the right, as the DOCX's even and odd headers.
    const lines = pageLines(words[index]!);
    const head = lines[0]![0]!;
    const foot = lines.at(-1)!.at(-1)!;
    assert.equal(head.text, 'A/C.3/77/L.40');
    assert.equal(foot.text, `${n}/${pages.length}`);
    for (const word of [head, foot]) {
      if (n % 2 === 0) {
        assert.ok(Math.abs(word.x - MARGIN.left / 20) < 0.5, `page ${n}: ${word.text} on the left`);
      } else {
        const right = (PAGE.width - MARGIN.right) / 20;
        assert.ok(Math.abs(word.right - right) < 1, `page ${n}: ${word.text} on the right`);
      }
    }
  });
});

test('paragraphs have the indents of the DOCX: number in the first-line indent, text run back to the margin', async (t) => {
  if (!hasPdftotext()) return t.skip('needs pdftotext (poppler-utils)');
  const near = (actual: number, twips: number, what: string) =>
    assert.ok(
      Math.abs(actual - fromPageEdge(twips)) < 0.3,
      `${what} at ${actual} pt, not ${fromPageEdge(twips)}`,
    );

  const lines = pageWords(await fixturePdf(DRAFT)).flatMap(pageLines);
  const pp = lines.findIndex((line) => line[0]?.text === 'Reaffirming');
  near(lines[pp]![0]!.x, 2 * INDENT, 'a PP’s first line');
  near(lines[pp + 1]![0]!.x, INDENT, 'a PP’s next line');
  const op = lines.findIndex((line) => line[0]?.text === '1.' && line[1]?.text === 'Reaffirms');
  assert.ok(op >= 0, 'OP 1 is found');
  const at = labelPosition('operative', 1);
  near(lines[op]![0]!.x, at, 'an OP’s number');
  near(lines[op]![1]!.x, at + LABEL, 'an OP’s text after its number');
  near(lines[op + 1]![0]!.x, INDENT, 'an OP’s next line (run back to the text block’s edge)');
  const op10 = lines.find((line) => line[0]?.text === '10.');
  assert.ok(op10);
  near(op10[1]!.x, at + LABEL, 'the text after a two-digit number');

  // A label too wide for LABEL: its text at the DOCX's wider tab stop.
  const wide = fixture(DRAFT);
  const opIndex = wide.body.operative.findIndex((block) => block.kind === 'paragraph');
  const subs = Array.from({ length: 8 }, (_, i) => ({
    kind: 'subParagraph' as const,
    level: (i === 0 ? 1 : 2) as 1 | 2,
    content: [
      { text: `Wide label ${i} of the sub-paragraphs under the first operative paragraph;` },
    ],
  }));
  subs.push({ ...subs[1]!, content: [{ text: 'Eighth roman numeral of the second level;' }] });
  wide.body.operative.splice(opIndex + 1, 0, ...subs);
  const wideLines = pageWords(await exportPdf(wide)).flatMap(pageLines);
  const viii = wideLines.find((line) => line[0]?.text === '(viii)');
  assert.ok(viii, 'sub-paragraph (viii) is found');
  const level2 = labelPosition('subParagraph', 2);
  near(viii[0]!.x, level2, 'a second-level label');
  assert.ok(labelTextOffset('(viii)') > LABEL, '"(viii)" is wider than LABEL leaves room for');
  near(viii[1]!.x, level2 + labelTextOffset('(viii)'), 'the text after "(viii)"');

  const adopted = pageWords(await fixturePdf(SUB_PARAGRAPHS)).flatMap(pageLines);
  const sub = adopted.findIndex((line) => line[0]?.text === '(a)');
  assert.ok(sub >= 0, 'sub-paragraph (a) is found');
  const subAt = labelPosition('subParagraph', 1);
  near(adopted[sub]![0]!.x, subAt, 'a sub-paragraph’s label');
  near(adopted[sub]![1]!.x, subAt + LABEL, 'a sub-paragraph’s text after its label');
  near(adopted[sub + 1]![0]!.x, INDENT, 'a sub-paragraph’s next line');
});

test('a footnote too long for its page starts under its reference and runs on to the next page', async (t) => {
  if (!hasPdftotext()) return t.skip('needs pdftotext (poppler-utils)');
  const document = fixture(DRAFT);
  const tokens = Array.from({ length: 1500 }, (_, i) => `w${i + 1}`);
  const op = document.body.operative.find((block) => block.kind === 'paragraph');
  assert.ok(op);
  op.content.push({ footnote: [{ text: tokens.join(' ') }] });
  const pages = pageTexts(await exportPdf(document));
  const reference = pages.findIndex((page) => page.includes('international cooperation;7'));
  assert.ok(reference >= 0, 'the reference is printed');
  const first = pages.findIndex((page) => /(^| )7 w1 w2 /.test(page));
  assert.equal(first, reference, 'the footnote starts on the page of its reference');
  const onPage = (page: string) => (page.match(/\bw\d+\b/g) ?? []).length;
  const here = onPage(pages[reference]!);
  assert.ok(here > 0 && here < tokens.length, 'it is cut at the foot of that page');
  assert.ok(
    pages[reference + 1]!.includes(` w${here + 1} `),
    'it runs on at the foot of the next page',
  );
  // Every word of it once, in order, across the pages.
  const printed = pages.join(' ').match(/\bw\d+\b/g) ?? [];
  assert.deepEqual(printed, tokens);
});
