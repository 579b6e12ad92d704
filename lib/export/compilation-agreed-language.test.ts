import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as Y from 'yjs';
import { loadPrecedentIndex } from '../precedents/load-index';
import { amend, draftDoc, imported, newParagraphAfter, replace } from '../testing/amended-draft';
import { CHN, FRA, USA } from '../testing/amendment-editors';
import { docxParts, paragraphTexts } from '../testing/docx-parts';
import { exportDraft, findVariantFormat } from '.';
import { compilationMarkdown } from './compilation';
import { markupDraft } from './markup';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
/** A/RES/79/166 PP8, word for word, proposed as an operative paragraph. */
const AGREED =
  'Stresses the importance of international cooperation for improving the living conditions of all in every country, including, in particular, in developing countries;';

const index = await loadPrecedentIndex('corpus/adopted-paragraphs.json.gz');

/** The demo draft with a replacement, a new paragraph of agreed wording and one of new words. */
function amendedDraft(): Y.Doc {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    replace(CHN, 'equality and equity', 'equality, equity and solidarity'),
    newParagraphAfter(USA, 'in international forums;', AGREED),
    newParagraphAfter(FRA, 'on the full enjoyment of human rights;', 'Calls upon States to act;'),
  ]);
  return doc;
}

async function compilation(id: 'md' | 'docx', agreedLanguage: boolean): Promise<Uint8Array> {
  const format = findVariantFormat('compilation', id);
  assert.ok(format);
  return (
    await exportDraft(amendedDraft(), format, agreedLanguage ? { agreedLanguage: index } : {})
  ).bytes;
}

/** Each paragraph block of the Markdown with the block after it. */
function followedBy(markdown: string, start: string): string {
  const blocks = markdown.split('\n\n');
  const at = blocks.findIndex((block) => block.startsWith(start));
  assert.ok(at >= 0, `${start} is in the compilation`);
  return blocks[at + 1] ?? '';
}

test('the compilation (Markdown) gives each paragraph and each proposal its agreed language and newest source', async () => {
  const markdown = new TextDecoder().decode(await compilation('md', true));
  // The demo draft is last year's resolution: every paragraph is agreed language, from an A/RES/.
  const lines = markdown.split('\n').filter((line) => line.startsWith('- *Agreed language'));
  assert.ok(lines.length >= 30, `${lines.length} paragraphs with agreed language`);
  for (const line of lines) {
    assert.match(line, /^- \*Agreed language 100%: A\/RES\/\d+\/\d+ [PO]P\d+, .*\d{4}\*$/);
  }
  assert.equal(
    followedBy(markdown, '**PP8**'),
    '- *Agreed language 100%: A/RES/79/166 PP8, adopted without a vote, 17 December 2024*',
  );
  // The new paragraph of agreed wording, of new words, and the replacement: one word of four
  // ("equality", the end of a passage running into it) is agreed.
  assert.equal(
    followedBy(markdown, '**OP10 bis**'),
    '- *USA (new paragraph) — Agreed language 100%: A/RES/79/166 PP8, adopted without a vote, 17 December 2024*',
  );
  assert.equal(followedBy(markdown, '**OP13 bis**'), '- *FRA (new paragraph) — New language*');
  assert.match(
    followedBy(markdown, '**OP2**'),
    /^- \*Agreed language 100%: A\/RES\/.*\*\n- \*CHN \(replace\) — Agreed language 25%: A\/RES\/.*\*$/,
  );
  assert.equal(markdown.match(/CHN \(replace\)/g)?.length, 1, 'each proposal once');
});

test('the compilation (DOCX) prints the same lines under the paragraphs', async () => {
  const paragraphs = paragraphTexts(
    docxParts(await compilation('docx', true)).get('word/document.xml') ?? '',
  );
  const at = paragraphs.findIndex((text) => text.startsWith('OP10 bis '));
  assert.ok(at >= 0, paragraphs.join('\n'));
  assert.equal(
    paragraphs[at + 1],
    'USA (new paragraph) — Agreed language 100%: A/RES/79/166 PP8, adopted without a vote, 17 December 2024',
  );
  assert.ok(paragraphs.includes('FRA (new paragraph) — New language'));
});

test('without the option the compilation is as before, byte for byte', async () => {
  const markdown = new TextDecoder().decode(await compilation('md', false));
  assert.equal(markdown, compilationMarkdown(markupDraft(amendedDraft())));
  assert.doesNotMatch(markdown, /Agreed language|New language/);
  const docx = docxParts(await compilation('docx', false)).get('word/document.xml') ?? '';
  assert.doesNotMatch(docx, /Agreed language|New language/);
});
