import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { resolutionSchema } from '../schema/document-extensions';
import { resolutionJSON } from '../schema/resolution-json';
import { ImportError, importResolutionMarkdown, parseInline } from './resolution-markdown';

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

test('italic and bold spans become runs', () => {
  assert.deepEqual(parseInline('*Recalling also* its resolution **70/1**,'), [
    { text: 'Recalling also', italic: true },
    { text: ' its resolution ' },
    { text: '70/1', bold: true },
    { text: ',' },
  ]);
});

test('A/RES/79/89 imports as 7 preambular and 6 operative paragraphs', () => {
  const imported = importResolutionMarkdown(fixture('A_RES_79_89.md'));
  assert.equal(imported.title, 'Palestine refugees’ properties and their revenues');
  assert.equal(imported.body.preamble.length, 7);
  assert.equal(imported.body.operative.length, 6);
  assert.deepEqual(imported.body.preamble[0]?.[0], { text: 'Recalling', italic: true });
  assert.deepEqual(imported.body.operative[2]?.[0], {
    text: 'Calls once again upon',
    italic: true,
  });
  assert.match(imported.body.operative[5]?.at(-1)?.text ?? '', /present resolution\.$/);
  // Footnote markers are dropped, and the user is told.
  assert.ok(!JSON.stringify(imported.body).includes('[^'));
  assert.ok(imported.warnings.some((w) => /5 footnote/.test(w)));
  resolutionSchema.nodeFromJSON(resolutionJSON(imported.body)).check();
});

test('sub-paragraphs are joined to their operative paragraph, with a warning', () => {
  const imported = importResolutionMarkdown(fixture('A_RES_77_222.md'));
  assert.equal(imported.body.operative.length, 12);
  assert.ok(imported.warnings.some((w) => /sub-paragraph/.test(w)));
});

test('a file without an enacting formula is refused with a reason', () => {
  assert.throws(
    () => importResolutionMarkdown('# Shopping list\n\n- milk'),
    (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.match(error.message, /enacting formula/);
      return true;
    },
  );
  assert.throws(() => importResolutionMarkdown('*The General Assembly*,\n'), /no paragraphs/);
});
