import fs from 'node:fs';
import { importResolutionMarkdown } from '../lib/import/resolution-markdown';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test } from './fixtures';

const body = {
  preamble: [[{ text: 'Recalling its resolution 76/159,' }]],
  operative: [
    { kind: 'paragraph' as const, content: [{ text: 'Decides to remain seized of the matter;' }] },
    { kind: 'paragraph' as const, content: [{ text: 'Requests a report.' }] },
  ],
};

test('the facilitator exports the final draft from the menu: told of pending amendments, the files parse', async ({
  delegate,
  concord,
}) => {
  const draftId = await concord.createDraft('Exported draft', body);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');

  const france = await delegate(FRANCE);
  await france.draft.open(draftId);
  await france.draft.typeAtEnd(france.draft.operative(1), ' every year');
  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);
  await expect.poll(() => cuba.draft.textOf(cuba.draft.operative(1))).toContain('every year');

  const { page } = cuba;
  const exportRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/export?')) exportRequests.push(request.url());
  });
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the draft' });
  await expect(dialog.getByRole('radio', { name: 'Final draft' })).toBeChecked();
  await dialog.getByLabel('Format').selectOption('md');
  await dialog.getByRole('button', { name: 'Export' }).click();
  // Asked before anything is built (a PDF takes seconds), not after.
  await expect(dialog).toContainText(
    '1 amendment is still pending. The final draft leaves it out.',
  );
  expect(exportRequests).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('export-pending.png') });
  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export anyway' }).click(),
  ]);
  expect(exportRequests).toHaveLength(1);
  expect(markdown.suggestedFilename()).toBe('Exported-draft.md');
  const text = fs.readFileSync(await markdown.path(), 'utf8');
  const imported = importResolutionMarkdown(text).document;
  expect(imported.body.preamble).toHaveLength(1);
  expect(imported.body.operative).toHaveLength(2);
  expect(text).toContain('Requests a report.');
  expect(text).not.toContain('every year');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export' })).toBeFocused();

  // Word: a real DOCX (a zip with the document part).
  await page.getByRole('button', { name: 'Export' }).click();
  await dialog.getByLabel('Format').selectOption('docx');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export anyway' }).click(),
  ]);
  const bytes = fs.readFileSync(await docx.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);

  // "Review them first" builds nothing and closes the dialog.
  await page.getByRole('button', { name: 'Export' }).click();
  await dialog.getByLabel('Format').selectOption('pdf');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await dialog.getByRole('button', { name: 'Review them first' }).click();
  await expect(dialog).toHaveCount(0);
  expect(exportRequests).toHaveLength(2);

  // The marked-up text for capitals: France's words tagged as France's, no warning.
  await page.getByRole('button', { name: 'Export' }).click();
  await dialog.getByRole('radio', { name: 'Marked-up text (tracked changes)' }).check();
  await expect(dialog.getByLabel('Format').locator('option')).toHaveText([
    'Word (DOCX)',
    'Markdown',
  ]);
  await dialog.getByLabel('Format').selectOption('md');
  await page.screenshot({ path: test.info().outputPath('export-markup.png') });
  const [marked] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(marked.suggestedFilename()).toBe('Exported-draft-markup.md');
  expect(fs.readFileSync(await marked.path(), 'utf8')).toContain(
    '**OP2** Requests a report.{++ every year++}{>>FRA: add<<}',
  );
  await page.getByRole('button', { name: 'Export' }).click();
  await dialog.getByRole('radio', { name: 'Marked-up text (tracked changes)' }).check();
  await dialog.getByLabel('Format').selectOption('docx');
  const [tracked] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(tracked.suggestedFilename()).toBe('Exported-draft-markup.docx');
  expect(
    fs
      .readFileSync(await tracked.path())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');

  // Another delegation without a role on the draft gets nothing.
  const kenya = await delegate(KENYA);
  const refused = await kenya.page.request.get(`/api/drafts/${draftId}/export?format=md`);
  expect(refused.status()).toBe(404);
  const bad = await page.request.get(`/api/drafts/${draftId}/export?format=exe`);
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('format is one of');
  const pdfMarkup = await page.request.get(
    `/api/drafts/${draftId}/export?format=pdf&variant=markup`,
  );
  expect(pdfMarkup.status()).toBe(400);
  expect(await pdfMarkup.text()).toContain('format is one of docx, md for the markup variant');
});
