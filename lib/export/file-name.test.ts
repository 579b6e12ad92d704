import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportFileName } from './file-name';

test('an export is named after the symbol, with the variant after it', () => {
  assert.equal(exportFileName('A/C.3/79/L.12/Rev.1', '', 'docx'), 'A-C.3-79-L.12-Rev.1.docx');
  assert.equal(
    exportFileName('A/C.3/79/L.12', 'compilation', 'docx'),
    'A-C.3-79-L.12-compilation.docx',
  );
  assert.equal(exportFileName('', 'markup', 'md'), 'draft-markup.md');
  assert.equal(
    exportFileName('Coopération « internationale »', '', 'pdf'),
    'Cooperation-internationale.pdf',
  );
});

test('a long title is shortened, never the variant (was "…compilatio.docx")', () => {
  const title = 'Enhancement of international cooperation in the field of human rights and beyond';
  const name = exportFileName(title, 'compilation', 'docx');
  assert.match(name, /-compilation\.docx$/);
  assert.ok(name.length <= 80 + '.docx'.length, name);
  assert.ok(name.startsWith('Enhancement-of-international-cooperation'), name);
  assert.doesNotMatch(name, /--/);
});
