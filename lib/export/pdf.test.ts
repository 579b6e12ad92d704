import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importResolutionFile } from '../import/import-file';
import { isFootnoteRun } from '../schema/resolution-document';
import { finalPdf } from './pdf';

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

/** Whether poppler's `pdftotext` is installed (it is here, not on CI). */
function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
}

/** The text of a PDF by `pdftotext`, with line breaks and hyphenation spaces folded. */
function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'concord-pdf-test-'));
  try {
    const file = join(dir, 'out.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .replace(/\s+/g, ' ')
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('finalPdf prints the draft as a PDF with embedded fonts and selectable text', async () => {
  const { document } = importResolutionFile(FIXTURE, readFileSync(FIXTURE, 'utf8'));
  const pdf = await finalPdf(document);
  const raw = Buffer.from(pdf).toString('latin1');

  assert.ok(raw.startsWith('%PDF-'), 'starts with the PDF signature');
  assert.match(raw, /%%EOF\s*$/, 'ends with the PDF trailer');
  assert.match(raw, /\/FontFile[23]?\b/, 'a font file is embedded');
  assert.match(raw, /\/Type\s*\/Page\b/, 'has at least one page');

  // The text check needs poppler's pdftotext, which CI does not install:
  // without it only the structure above is checked.
  if (!hasPdftotext()) return;
  const text = pdfText(pdf);
  assert.ok(
    text.includes('Enhancement of international cooperation in the field of human rights'),
    'the title is in the text',
  );
  assert.ok(text.includes('The General Assembly'), 'the enacting formula is in the text');
  const op = document.body.operative.find((block) => block.kind === 'paragraph');
  assert.ok(op, 'the fixture has an operative paragraph');
  const opStart = op.content
    .map((run) => (isFootnoteRun(run) ? '' : run.text))
    .join('')
    .split(/\s+/)
    .slice(0, 8)
    .join(' ');
  assert.ok(opStart.length > 20, 'the first OP has text');
  assert.ok(text.includes(opStart), `the first OP is in the text: ${opStart}`);
});
