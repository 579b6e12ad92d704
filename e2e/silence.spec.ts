import type { Locator } from '@playwright/test';
import { openSqliteStores } from '../lib/db/stores';
import { emptyHeader } from '../lib/schema/resolution-document';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Delegate } from './fixtures';
import { BODY } from './negotiation';

/** The silence procedure (issue 22): a revision put under silence, broken, ended. */

function panel(delegate: Delegate): Locator {
  return delegate.page.getByRole('region', { name: 'Silence procedure' });
}

test('the facilitator puts Rev.1 under silence; an observer breaks it; every page sees it; ended early it is broken and the text reopens', async ({
  delegate,
  concord,
}, testInfo) => {
  test.setTimeout(120_000);
  const draftId = await concord.createDraft('Under silence', BODY);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  await concord.grant(draftId, KENYA, 'observer');
  const stores = openSqliteStores(concord.databasePath);
  try {
    await stores.revisions.add({
      draftId,
      number: 1,
      name: 'Rev.1',
      symbol: 'A/C.3/79/L.12/Rev.1',
      issuedAt: Date.now(),
      issuedBy: { userId: 'e2e', name: CUBA.displayName, delegation: CUBA.delegation },
      note: '',
      content: { header: emptyHeader(), body: { type: 'doc', content: [] } },
    });
  } finally {
    stores.close();
  }
  const cuba = await delegate(CUBA);
  const france = await delegate(FRANCE);
  const kenya = await delegate(KENYA);
  await cuba.draft.open(draftId);
  await france.draft.open(draftId);
  await kenya.draft.openReadOnly(draftId);
  await expect(panel(france)).toHaveCount(0);

  // The facilitator: Rev.1, the deadline the dialog offers (72 hours ahead), in both zones.
  await panel(cuba).getByRole('button', { name: 'Put under silence' }).click();
  const start = cuba.page.getByRole('dialog', { name: 'Put under silence' });
  await expect(start.getByLabel('Revision')).toHaveValue('1');
  await expect(start.getByLabel('Revision')).toBeFocused();
  await expect(start).toContainText('in New York');
  await cuba.page.screenshot({ path: testInfo.outputPath('silence-start.png') });
  await start.getByRole('button', { name: 'Put under silence' }).click();
  await expect(start).toBeHidden();

  for (const each of [cuba, france, kenya]) {
    await expect(panel(each)).toContainText(
      /Under silence until .* in New York\) — 2 days 23 h left/,
    );
    await expect(each.draft.editor).toHaveAttribute('contenteditable', 'false');
  }
  await expect(panel(cuba).getByRole('button', { name: 'End silence now' })).toBeVisible();
  await expect(panel(france).getByRole('button', { name: 'End silence now' })).toHaveCount(0);
  await france.page.screenshot({ path: testInfo.outputPath('silence-banner.png') });

  // Kenya, an observer, breaks silence in writing.
  const breakButton = panel(kenya).getByRole('button', { name: 'Break silence' });
  await breakButton.click();
  const dialog = kenya.page.getByRole('dialog', { name: 'Break silence' });
  await expect(dialog.getByLabel('Paragraphs concerned')).toBeFocused();
  await dialog.getByRole('button', { name: 'Break silence' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Name the paragraphs concerned, e.g. OP3, OP7.',
  );
  await dialog.getByLabel('Paragraphs concerned').fill('OP1');
  await dialog
    .getByLabel('Statement')
    .fill('Kenya cannot accept a high-level meeting in 2027 without a budget line.');
  await kenya.page.screenshot({ path: testInfo.outputPath('silence-break-dialog.png') });
  await dialog.getByRole('button', { name: 'Break silence' }).click();
  await expect(dialog).toBeHidden();
  await expect(breakButton).toBeFocused();

  for (const each of [cuba, france, kenya]) {
    const statements = panel(each).getByRole('list', { name: 'Statements breaking silence' });
    await expect(statements).toContainText('KEN (Kofi Mensah) broke silence on OP1');
    await expect(statements).toContainText('without a budget line.');
    // Still under silence until the deadline or its end.
    await expect(each.draft.editor).toHaveAttribute('contenteditable', 'false');
  }

  await panel(cuba).getByRole('button', { name: 'End silence now' }).click();
  for (const each of [cuba, france, kenya]) {
    await expect(panel(each)).toContainText(
      'Silence on Rev.1 was broken by KEN. The text is open again.',
    );
  }
  await france.page.screenshot({ path: testInfo.outputPath('silence-outcome.png') });

  // The text is open again: France's amendment reaches the facilitator.
  await france.draft.waitUntilEditable();
  await france.draft.typeAtEnd(france.draft.operative(1), ' by its next session');
  await expect(cuba.draft.amendmentItems).toHaveCount(1);
  await expect(panel(cuba).getByRole('button', { name: 'Put under silence' })).toBeVisible();
});
