import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test } from './fixtures';
import { negotiation } from './negotiation';

test('the facilitator writes a compromise superseding two proposals; one delegation agrees, one objects; accepting it closes them', async ({
  delegate,
  concord,
}, testInfo) => {
  test.setTimeout(120_000);
  const {
    draftId,
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'Compromise', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);

  // Two proposals on OP1's passage.
  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit');
  await kenya.draft.selectText(kenya.draft.operative(0), 'high-level');
  await kenya.page.keyboard.type('ministerial');
  await expect(cuba.draft.amendmentItems).toHaveCount(2);

  // The facilitator writes the compromise as a proposal of its own (suggesting mode).
  await cuba.page.getByRole('radio', { name: 'Suggesting' }).check();
  await cuba.draft.selectText(cuba.draft.operative(0), 'convene');
  await cuba.page.keyboard.type('hold');
  await expect(cuba.draft.amendmentItems).toHaveCount(3);
  const own = cuba.draft.amendmentItems.filter({ hasText: 'CUB' });
  await own.getByRole('button', { name: 'Make it a compromise…' }).click();
  const form = own.getByRole('form', { name: 'This compromise supersedes' });
  await form.getByRole('checkbox', { name: /FRA replacement in OP1/ }).check();
  await form.getByRole('checkbox', { name: /KEN replacement in OP1/ }).check();
  await form.getByRole('button', { name: 'Supersede them' }).click();

  // Everyone: the two leave the working list; the compromise asks FRA and KEN.
  for (const { draft } of [france, kenya, cuba]) {
    await expect(draft.amendmentItems).toHaveCount(1);
    await expect(draft.amendments.getByRole('region', { name: /Superseded/ })).toContainText(
      'FRA replacement in OP1',
    );
  }
  const answer = async (page: typeof france.page, choice: 'Agree' | 'Object') => {
    const card = page
      .getByRole('complementary', { name: /Amendments/ })
      .getByRole('group', { name: /Compromise superseding/ });
    await card.getByRole('button', { name: choice }).click();
    await expect(card.getByRole('button', { name: choice })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  };
  await answer(france.page, 'Agree');
  await answer(kenya.page, 'Object');
  const answers = cuba.draft.amendments.locator('.compromise-answers');
  await expect(answers).toContainText('FRA agrees');
  await expect(answers).toContainText('KEN objects');
  await cuba.page.screenshot({
    path: testInfo.outputPath('compromise-answers.png'),
    fullPage: true,
  });

  // Only the facilitator makes compromises; only the delegations asked answer.
  const compromiseId = await cuba.draft.amendmentItems.getAttribute('data-suggestion-id');
  const made = await kenya.page.request.post(`/api/drafts/${draftId}/compromises`, {
    data: { compromise: compromiseId, supersedes: [compromiseId] },
    headers: { origin: concord.baseURL },
  });
  expect(made.status()).toBe(403);
  const answered = await cuba.page.request.post(
    `/api/drafts/${draftId}/compromises/${compromiseId}/answer`,
    { data: { answer: 'agree' }, headers: { origin: concord.baseURL } },
  );
  expect(answered.status()).toBe(403);
  expect(await answered.text()).toContain('Only the delegations whose amendments');

  // Accepting the compromise closes what it superseded.
  await cuba.draft.amendmentItems.getByRole('button', { name: /^Accept CUB/ }).click();
  for (const { draft } of [france, kenya, cuba]) {
    await expect(draft.amendments).toContainText('No pending amendments.');
    await expect
      .poll(() => draft.textOf(draft.operative(0)))
      .toBe('Decides to hold a high-level meeting in 2027;');
  }
});
