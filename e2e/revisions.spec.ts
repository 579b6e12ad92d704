import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { docxParts, resolved } from '../lib/testing/docx-parts';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test } from './fixtures';
import { negotiation } from './negotiation';

/** Negotiation rounds (issue 22): revisions issued by the facilitator, compared by delegations. */

async function openRevisions(page: Page) {
  await page.getByRole('button', { name: 'Revisions', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Revisions' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('the facilitator issues the zero draft and Rev.1 after accepting an amendment; two delegations compare them clause by clause', async ({
  delegate,
  concord,
}, testInfo) => {
  test.setTimeout(120_000);
  const {
    draftId,
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'Rounds', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);

  // The zero draft: the text as it stands.
  let dialog = await openRevisions(cuba.page);
  await expect(dialog).toContainText('No revision yet.');
  await dialog.getByRole('button', { name: 'Issue Zero draft' }).click();
  await expect(dialog.getByRole('row', { name: /Zero draft/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A round: France replaces words (accepted), Kenya adds some (left pending).
  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit');
  await kenya.draft.typeAtEnd(kenya.draft.operative(1), ' by its next session');
  await expect(cuba.draft.amendmentItems).toHaveCount(2);
  await cuba.draft.amendmentItems
    .filter({ hasText: 'FRA' })
    .getByRole('button', { name: /^Accept FRA/ })
    .click();
  await expect(cuba.draft.amendmentItems).toHaveCount(1);

  // Rev.1, with the pending amendment carried over and a note.
  dialog = await openRevisions(cuba.page);
  const form = dialog.getByRole('form', { name: 'Issue Rev.1' });
  await form
    .getByLabel('Note to delegations (optional)')
    .fill('After the informals of 3 December.');
  await expect(form.getByText('1 amendment is pending')).toBeVisible();
  await form.getByLabel('Keep it pending into the next round').check();
  await cuba.page.screenshot({ path: testInfo.outputPath('issue-rev1.png') });
  await form.getByRole('button', { name: 'Issue Rev.1' }).click();
  await expect(dialog.getByText('Rev.1 issued.')).toBeVisible();
  const rev1Row = dialog.getByRole('row', { name: /Rev\.1/ });
  await expect(rev1Row).toContainText('After the informals of 3 December.');
  await expect(rev1Row).toContainText('Ana Pérez (CUB)');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Carried over: still pending in the draft.
  await expect(cuba.draft.amendmentItems).toHaveCount(1);

  // Each of two delegations compares the zero draft with Rev.1.
  for (const { page } of [france, kenya]) {
    const theirs = await openRevisions(page);
    const choose = theirs.getByRole('form', { name: 'Compare two revisions' });
    await choose.getByLabel('Compare').selectOption({ label: 'Zero draft' });
    await choose.getByLabel('with').selectOption({ label: 'Rev.1' });
    await choose.getByRole('button', { name: 'Compare', exact: true }).click();
    const compared = theirs.getByRole('list', { name: 'Paragraphs compared' });
    const op1 = compared.locator('[data-change="changed"]');
    await expect(op1).toHaveCount(1);
    await expect(op1).toContainText('OP1');
    await expect(op1.locator('.compare-older del')).toHaveText(
      /^\[deleted: high-level meeting ?\]$/,
    );
    await expect(op1.locator('.compare-newer ins')).toHaveText(/^\[inserted: summit ?\]$/);
    // Kenya's pending words are not in the revision.
    await expect(theirs).not.toContainText('by its next session');
    await expect(theirs.locator('.compare-summary')).toHaveText('1 changed');
    if (page === kenya.page) {
      await page.screenshot({ path: testInfo.outputPath('compare-zero-rev1.png') });
    }
    await theirs.getByRole('button', { name: 'Close' }).click();
  }

  // The facilitator moves OP2 up (editing mode) and issues Rev.2; France compares with what it
  // last saw (Rev.1): a move, and no paragraph "changed" by its new number.
  await cuba.draft.typeAtEnd(cuba.draft.operative(1), '');
  await cuba.page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => cuba.draft.textOf(cuba.draft.operative(0))).toMatch(/^Requests/);
  dialog = await openRevisions(cuba.page);
  await dialog.getByRole('button', { name: 'Issue Rev.2' }).click();
  await expect(dialog.getByText('Rev.2 issued.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  const theirs = await openRevisions(france.page);
  await theirs.getByRole('button', { name: 'Compare with what I last saw (Rev.1)' }).click();
  await expect(theirs.getByRole('heading', { name: 'Rev.1 → Rev.2' })).toBeVisible();
  const moved = theirs.locator('[data-change="moved"]');
  await expect(moved).toHaveCount(1);
  await expect(theirs.locator('[data-change="changed"]')).toHaveCount(0);
  await theirs.getByLabel('Inline').check();
  await theirs.getByRole('button', { name: 'Next change' }).click();
  await expect(moved).toBeFocused();
  await france.page.screenshot({ path: testInfo.outputPath('compare-rev1-rev2-inline.png') });

  // Rev.2 marked against Rev.1, as Word: the move is Word's own move revision.
  const [marked] = await Promise.all([
    france.page.waitForEvent('download'),
    theirs.getByRole('link', { name: 'Word (tracked changes)' }).click(),
  ]);
  const markedXml = docxParts(fs.readFileSync(await marked.path())).get('word/document.xml')!;
  expect(markedXml).toContain('<w:moveFrom ');
  expect(markedXml).toContain('<w:moveTo ');
  expect(resolved(markedXml, 'accept').join('\n')).toMatch(/Requests[^\n]*\n[^\n]*Decides/);
  expect(resolved(markedXml, 'reject').join('\n')).toMatch(/Decides[^\n]*\n[^\n]*Requests/);

  // A revision as issued, as a Word file named by its symbol.
  const [download] = await Promise.all([
    france.page.waitForEvent('download'),
    theirs.getByRole('link', { name: 'Rev.1 as Word' }).click(),
  ]);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // Only the facilitator issues.
  const refused = await kenya.page.request.post(`/api/drafts/${draftId}/revisions`, {
    data: { note: '', pending: 'carry' },
    headers: { origin: concord.baseURL },
  });
  expect(refused.status()).toBe(403);
  await expect(theirs.getByRole('form', { name: /^Issue/ })).toHaveCount(0);
});
