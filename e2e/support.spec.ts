import type { Locator } from '@playwright/test';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Delegate } from './fixtures';
import { BODY } from './negotiation';

/** Positions on proposals (issue 23): delegations support or object before the decision. */

function card(delegate: Delegate): Locator {
  return delegate.draft.amendmentItems.first();
}

function positionsLine(delegate: Delegate): Locator {
  return card(delegate).locator('.positions-line');
}

test('two delegations support a third’s proposal, one objects and withdraws: every page sees it live', async ({
  delegate,
  concord,
}, testInfo) => {
  test.setTimeout(120_000);
  const draftId = await concord.createDraft('Rallying support', BODY);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  await concord.grant(draftId, KENYA, 'observer');
  const cuba = await delegate(CUBA);
  const france = await delegate(FRANCE);
  const kenya = await delegate(KENYA);
  await cuba.draft.open(draftId);
  await france.draft.open(draftId);
  await kenya.draft.openReadOnly(draftId);

  // France proposes; its own card has no position buttons, the others' have both.
  await france.draft.typeAtEnd(france.draft.operative(1), ' by its next session');
  for (const each of [cuba, france, kenya]) await expect(each.draft.amendmentItems).toHaveCount(1);
  await expect(card(france).getByRole('button', { name: 'Support', exact: true })).toHaveCount(0);
  const support = (who: Delegate) =>
    card(who).getByRole('button', { name: 'Support', exact: true });
  const object = (who: Delegate) => card(who).getByRole('button', { name: 'Object', exact: true });
  await expect(support(cuba)).toHaveAttribute('aria-pressed', 'false');
  await expect(
    card(kenya).getByRole('group', { name: /^Your position on FRA’s insertion in OP2/ }),
  ).toBeVisible();

  // The facilitator supports; Kenya, an observer, objects.
  await support(cuba).click();
  await expect(support(cuba)).toHaveAttribute('aria-pressed', 'true');
  await object(kenya).click();
  await expect(object(kenya)).toHaveAttribute('aria-pressed', 'true');
  for (const each of [cuba, france, kenya]) {
    await expect(positionsLine(each)).toHaveText('Supported by CUB · Objected to by KEN');
  }
  await expect(positionsLine(france).getByText('KEN')).toHaveCSS('font-weight', '700');
  await france.page.screenshot({ path: testInfo.outputPath('support-objected.png') });

  // Kenya withdraws its objection.
  await card(kenya).getByRole('button', { name: 'Withdraw my objection' }).click();
  for (const each of [cuba, france, kenya]) {
    await expect(positionsLine(each)).toHaveText('Supported by CUB');
  }
  // A delegation only ever withdraws its own position (the route takes it from the session):
  // Kenya's request again removes nothing of Cuba's; France's own amendment is not France's to back.
  const position = `/api/drafts/${draftId}/amendments/${await card(kenya).getAttribute('data-suggestion-id')}/position`;
  const again = await kenya.page.request.delete(position, {
    headers: { origin: new URL(kenya.page.url()).origin },
  });
  expect(again.status()).toBe(409);
  expect(((await again.json()) as { error: string }).error).toBe(
    'Your delegation has taken no position on FRA’s amendment.',
  );
  const own = await france.page.request.put(position, {
    headers: { origin: new URL(france.page.url()).origin },
    data: { position: 'support' },
  });
  expect(own.status()).toBe(409);
  for (const each of [cuba, france, kenya]) {
    await expect(positionsLine(each)).toHaveText('Supported by CUB');
  }
  await expect(object(kenya)).toHaveAttribute('aria-pressed', 'false');
  await support(kenya).click();
  for (const each of [cuba, france, kenya]) {
    await expect(positionsLine(each)).toHaveText('Supported by CUB, KEN');
  }
  await kenya.page.screenshot({ path: testInfo.outputPath('support-kenya.png') });

  // The facilitator's filters: supported, objected to, supported by a delegation.
  const filter = cuba.draft.amendments.getByRole('combobox', { name: /^Support/ });
  await filter.selectOption('objected');
  await expect(cuba.draft.amendmentItems).toHaveCount(0);
  await filter.selectOption('by:KEN');
  await expect(cuba.draft.amendmentItems).toHaveCount(1);
  await cuba.page.screenshot({ path: testInfo.outputPath('support-filter.png') });
  await filter.selectOption('');

  // Decided: the positions are on record, the card has gone everywhere.
  await card(cuba)
    .getByRole('button', { name: /^Accept FRA/ })
    .click();
  for (const each of [cuba, france, kenya]) await expect(each.draft.amendmentItems).toHaveCount(0);
});
