import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { amendmentsMap } from '../amendments/model';
import { writePositions } from '../amendments/positions';
import { amend, draftDoc, imported, newParagraphAfter, replace } from '../testing/amended-draft';
import { CHN, FRA } from '../testing/amendment-editors';
import { docxParts, paragraphTexts } from '../testing/docx-parts';
import { exportDraft, findVariantFormat } from '.';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

/** The draft with CHN's replacement and FRA's new paragraph, and positions on both, as stored. */
function storedDraft(): Y.Doc {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    replace(CHN, 'equality and equity', 'equality, equity and solidarity'),
    newParagraphAfter(FRA, 'on the full enjoyment of human rights;', 'Calls upon States to act;'),
  ]);
  const idOf = (delegation: string) =>
    [...amendmentsMap(doc).entries()].find(([, meta]) => meta.delegation === delegation)?.[0];
  const chn = idOf('CHN');
  const fra = idOf('FRA');
  assert.ok(chn && fra);
  writePositions(doc, chn, [
    { delegation: 'EU', position: 'support', at: 1 },
    { delegation: 'RUS', position: 'object', at: 2 },
    { delegation: 'CAN', position: 'support', at: 3 },
  ]);
  writePositions(doc, fra, [{ delegation: 'MEX', position: 'support', at: 4 }]);
  // What the store holds is the document's updates: read back from them.
  const stored = new Y.Doc();
  Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
  return stored;
}

async function compilation(id: 'md' | 'docx'): Promise<Uint8Array> {
  const format = findVariantFormat('compilation', id);
  assert.ok(format);
  return (await exportDraft(storedDraft(), format)).bytes;
}

test('the compilation (Markdown) names each proposal’s supporters and objectors in its note', async () => {
  const markdown = new TextDecoder().decode(await compilation('md'));
  assert.match(
    markdown,
    /\{~~equality and equity~>equality, equity and solidarity~~\}\{>>CHN: replace; supported by EU, CAN; objected to by RUS<<\}/,
  );
  assert.match(markdown, /\(FRA: new paragraph; supported by MEX\) Calls upon States to act;/);
  assert.equal(markdown.match(/supported by/g)?.length, 2, 'once per proposal');
});

test('the compilation (DOCX) names them in each proposal’s tag', async () => {
  const paragraphs = paragraphTexts(
    docxParts(await compilation('docx')).get('word/document.xml') ?? '',
  );
  assert.ok(
    paragraphs.some((text) =>
      text.includes(
        'equality, equity and solidarity (CHN: replace; supported by EU, CAN; objected to by RUS)',
      ),
    ),
    paragraphs.join('\n'),
  );
  assert.ok(
    paragraphs.some((text) =>
      /\(FRA: new paragraph; supported by MEX\) Calls upon States to act;/.test(text),
    ),
  );
});
