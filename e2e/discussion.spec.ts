import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Delegate } from './fixtures';
import { BODY } from './negotiation';

/** Discussion threads on a paragraph (issue 23): posted, answered and resolved, live on every page. */

function discussion(delegate: Delegate): Locator {
  return delegate.page.getByRole('dialog', { name: 'Discussion' });
}

function thread(delegate: Delegate): Locator {
  return discussion(delegate).getByRole('listitem').filter({ hasText: 'On OP2' }).first();
}

test('three delegations discuss OP2: France posts from the caret, Cuba lets observers in and replies, Kenya replies, France edits, Cuba resolves; every page sees it live', async ({
  delegate,
  concord,
}, testInfo) => {
  test.setTimeout(120_000);
  const draftId = await concord.createDraft('Discussed', BODY);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  await concord.grant(draftId, KENYA, 'observer');
  const cuba = await delegate(CUBA);
  const france = await delegate(FRANCE);
  const kenya = await delegate(KENYA);
  await cuba.draft.open(draftId);
  await france.draft.open(draftId);
  await kenya.draft.openReadOnly(draftId);

  // France: the caret in OP2, then Discussion; the thread is on OP2 by default.
  await france.draft.operative(1).click();
  await france.page.getByRole('button', { name: 'Discussion' }).click();
  const franceDialog = discussion(france);
  await expect(franceDialog.getByLabel('About', { exact: true })).toHaveValue(/^paragraph:/);
  await expect(
    franceDialog.getByLabel('About', { exact: true }).locator('option:checked'),
  ).toHaveText('OP2 (at the caret)');
  await franceDialog.getByRole('button', { name: 'Start thread' }).click();
  await expect(franceDialog.getByRole('alert')).toHaveText('Write the comment first.');
  await franceDialog.getByLabel('Comment', { exact: true }).fill('Could the report be annual?');
  await franceDialog.getByRole('button', { name: 'Start thread' }).click();
  await expect(thread(france)).toContainText('FRA');
  await expect(thread(france)).toContainText('Could the report be annual?');

  // The others see it beside OP2, live; the margin opens the dialog on that paragraph.
  for (const each of [cuba, kenya]) {
    await expect(each.page.getByRole('button', { name: '1 comment on OP2' })).toBeVisible();
  }
  await kenya.page.screenshot({ path: testInfo.outputPath('discussion-margin.png') });
  await kenya.page.getByRole('button', { name: '1 comment on OP2' }).click();
  await expect(
    discussion(kenya)
      .getByRole('combobox', { name: /^Paragraph/ })
      .locator('option:checked'),
  ).toHaveText('OP2');
  await expect(thread(kenya)).toContainText('Could the report be annual?');
  await expect(discussion(kenya)).toContainText('the facilitator has not allowed them to comment');
  await expect(discussion(kenya).getByRole('button', { name: 'Reply' })).toHaveCount(0);

  // Cuba lets observers comment and replies.
  await cuba.page.getByRole('button', { name: /^Discussion/ }).click();
  const cubaDialog = discussion(cuba);
  await cubaDialog.getByLabel('Observers may comment').check();
  await thread(cuba).getByLabel('Reply on OP2').fill('An annual report would need a budget line.');
  await thread(cuba).getByRole('button', { name: 'Reply' }).click();

  // Kenya, still in the dialog, may now reply: the reply box arrives live.
  await expect(thread(kenya)).toContainText('An annual report would need a budget line.');
  await thread(kenya).getByLabel('Reply on OP2').fill('Kenya supports a biennial report.');
  await thread(kenya).getByRole('button', { name: 'Reply' }).click();
  await expect(thread(france)).toContainText('Kenya supports a biennial report.');
  await expect(thread(cuba)).toContainText('Kenya supports a biennial report.');
  await expect(kenya.page.getByRole('button', { name: '3 comments on OP2' })).toBeAttached();

  // France edits her own comment (no one else may): 'edited' on every page.
  await expect(thread(cuba).getByRole('button', { name: 'Edit your comment' })).toHaveCount(1);
  await thread(france).getByRole('button', { name: 'Edit your comment' }).click();
  await thread(france)
    .getByLabel('Edit your comment')
    .fill('Could the report be annual or biennial?');
  await thread(france).getByRole('button', { name: 'Save' }).click();
  await expect(thread(cuba)).toContainText('Could the report be annual or biennial?');
  await expect(thread(cuba)).toContainText('edited');
  await expect(thread(kenya).getByRole('button', { name: /Resolve/ })).toHaveCount(0);
  await france.page.screenshot({ path: testInfo.outputPath('discussion-thread.png') });

  // The facilitator resolves it: resolved everywhere, the margin count gone.
  await thread(cuba).getByRole('button', { name: 'Resolve the thread on OP2' }).click();
  // Kenya's list, opened from the margin, shows open threads: the thread leaves it.
  await expect(thread(kenya)).toHaveCount(0);
  await expect(discussion(kenya)).toContainText('0 of 1 threads.');
  await discussion(kenya)
    .getByRole('combobox', { name: /^Threads/ })
    .selectOption('resolved');
  for (const each of [cuba, france, kenya]) {
    await expect(thread(each)).toContainText('Resolved by Ana');
    await expect(thread(each).getByLabel('Reply on OP2')).toHaveCount(0);
  }
  await cuba.page.screenshot({ path: testInfo.outputPath('discussion-resolved.png') });
  await kenya.page.keyboard.press('Escape');
  await expect(discussion(kenya)).toBeHidden();
  await expect(kenya.page.getByRole('button', { name: /comments? on OP2/ })).toHaveCount(0);
});

test('a thread on a proposal from its card: named by the proposal on both pages; the dialog passes axe', async ({
  delegate,
  concord,
}, testInfo) => {
  const draftId = await concord.createDraft('Discussed proposal', BODY);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  const cuba = await delegate(CUBA);
  const france = await delegate(FRANCE);
  await cuba.draft.open(draftId);
  await france.draft.open(draftId);
  await france.draft.typeAtEnd(france.draft.operative(0), ' in New York');
  await expect(cuba.draft.amendmentItems).toHaveCount(1);

  await cuba.draft.amendmentItems
    .first()
    .getByRole('button', { name: /^Comment on FRA’s insertion in OP1/ })
    .click();
  const dialog = discussion(cuba);
  await expect(dialog.getByLabel('About', { exact: true }).locator('option:checked')).toHaveText(
    'FRA insertion in OP1',
  );
  await dialog.getByLabel('Comment', { exact: true }).fill('Why New York rather than Geneva?');
  await dialog.getByRole('button', { name: 'Start thread' }).click();
  await expect(
    dialog.getByRole('heading', { name: 'On the proposal FRA insertion in OP1' }),
  ).toBeVisible();

  await expect(france.page.getByRole('button', { name: 'Discussion (1 open)' })).toBeVisible();
  await france.page.getByRole('button', { name: 'Discussion (1 open)' }).click();
  await expect(
    discussion(france).getByRole('heading', { name: 'On the proposal FRA insertion in OP1' }),
  ).toBeVisible();
  await expect(discussion(france)).toContainText('Why New York rather than Geneva?');
  await cuba.page.screenshot({ path: testInfo.outputPath('discussion-proposal.png') });

  const results = await new AxeBuilder({ page: cuba.page })
    .include('dialog')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`,
      ),
  ).toEqual([]);
});
