import { openSqliteStores } from '../lib/db/stores';
import { loadDraftDoc } from '../lib/db/load-draft-doc';
import { amendmentsMap } from '../lib/amendments/model';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Account } from './fixtures';
import { BODY } from './negotiation';

/**
 * Issue 19 in real browsers: a draft whose amendments are objects beside the
 * agreed text. Three co-sponsors amend the same two paragraphs at once, one
 * of them offline for several edits; every page converges and none is
 * refused; the facilitator's reject-all through the route gives back the
 * original Markdown export byte for byte.
 */

const EGYPT: Account = {
  username: 'amira',
  displayName: 'Amira Hassan',
  delegation: 'EGY',
  delegationName: 'Egypt',
};

test.describe(() => {
  // Egypt's page goes offline with the agreed-language finder's request possibly in flight:
  // the browser logs the cut request, which the page then asks again once back.
  test.use({ allowedConsoleErrors: [/ERR_INTERNET_DISCONNECTED/] });

  test('three co-sponsors amend the same paragraphs, one offline; all converge, none refused, reject-all gives the original', async ({
    delegate,
    concord,
  }) => {
    const draftId = await concord.createDraft('Objects', BODY, { amendmentModel: 'objects' });
    await concord.grant(draftId, CUBA, 'facilitator');
    for (const account of [FRANCE, KENYA, EGYPT]) await concord.grant(draftId, account, 'sponsor');
    const cuba = await delegate(CUBA);
    await cuba.draft.open(draftId);
    const exportUrl = `${concord.baseURL}/api/drafts/${draftId}/export?format=md&variant=final`;
    const original = await (await cuba.page.request.get(exportUrl)).text();
    expect(original).toContain('high-level meeting');

    const sponsors = [];
    for (const account of [FRANCE, KENYA, EGYPT]) {
      const sponsor = await delegate(account);
      await sponsor.draft.open(draftId);
      await sponsor.draft.waitUntilEditable();
      sponsors.push(sponsor);
    }
    const [france, kenya, egypt] = sponsors as [
      (typeof sponsors)[number],
      (typeof sponsors)[number],
      (typeof sponsors)[number],
    ];

    // All three at once on OP1 and OP2; Egypt goes offline after its first edit.
    await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
    await france.page.keyboard.type('summit');
    await kenya.draft.selectText(kenya.draft.operative(0), 'in 2027');
    await kenya.page.keyboard.type('in 2026');
    await egypt.draft.selectText(egypt.draft.operative(0), 'convene');
    await egypt.page.keyboard.type('organize');
    await expect(egypt.draft.operative(0).locator('ins[data-delegation="EGY"]')).toHaveText(
      'organize',
    );
    await egypt.page.context().setOffline(true);
    await egypt.draft.selectText(egypt.draft.operative(1), 'to report');
    await egypt.page.keyboard.type('to report annually');
    await egypt.draft.typeAtEnd(egypt.draft.operative(0), ' Member States');
    await france.draft.selectText(france.draft.operative(1), 'Secretary-General');
    await france.page.keyboard.type('Secretariat');
    await kenya.draft.typeAtEnd(kenya.draft.operative(1), ' in writing');
    await egypt.page.context().setOffline(false);

    const everyone = [cuba, france, kenya, egypt];
    for (const { draft } of everyone) {
      const op1 = draft.operative(0);
      const op2 = draft.operative(1);
      await expect(op1.locator('ins[data-delegation="FRA"]')).toHaveText('summit');
      await expect(op1.locator('ins[data-delegation="KEN"]')).toHaveText('in 2026');
      await expect(op1.locator('ins[data-delegation="EGY"]').first()).toHaveText('organize');
      await expect(op2.locator('ins[data-delegation="EGY"]')).toHaveText(/annually/);
      await expect(op2.locator('ins[data-delegation="FRA"]')).toHaveText('Secretariat');
      await expect(op2.locator('ins[data-delegation="KEN"]')).toHaveText(' in writing');
    }
    const texts = await Promise.all(everyone.map(({ draft }) => draft.textOf(draft.operative(0))));
    for (const text of texts) expect(text).toBe(texts[0]);
    for (const { page } of everyone) await expect(page.locator('.refusal')).toHaveText('');
    // Other delegations' carets are drawn in the text (France's is in OP2, where it typed last).
    await expect(
      kenya.draft
        .operative(1)
        .locator('.collaboration-carets__caret', { hasText: 'Béatrice Martin' }),
    ).toHaveCount(1);
    await expect(cuba.draft.amendmentItems).toHaveCount(7);
    await cuba.page
      .locator('.editor-layout')
      .screenshot({ path: 'test-results/amendment-objects-facilitator.png' });

    // Reject all through the route: the agreed text was never written.
    const stores = openSqliteStores(concord.databasePath);
    let ids: string[] = [];
    try {
      const loaded = await loadDraftDoc(stores.drafts, draftId);
      ids = [...amendmentsMap(loaded!.doc).keys()];
    } finally {
      stores.close();
    }
    expect(ids).toHaveLength(7);
    const decided = await cuba.page.request.post(
      `${concord.baseURL}/api/drafts/${draftId}/amendments`,
      { data: { action: 'reject', ids }, headers: { origin: concord.baseURL } },
    );
    expect(decided.status()).toBe(200);
    await expect(cuba.draft.amendmentItems).toHaveCount(0);
    expect(await (await cuba.page.request.get(exportUrl)).text()).toBe(original);
    for (const { draft } of everyone) {
      await expect(draft.operative(0)).toHaveText(BODY.operative[0]!.content[0]!.text);
    }
  });
});

test('a facilitator’s edit under a pending amendment makes it stale; its delegation re-anchors it', async ({
  delegate,
  concord,
}) => {
  const draftId = await concord.createDraft('Stale', BODY);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);
  await france.draft.waitUntilEditable();
  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit');
  const item = france.draft.amendmentItems.first();
  await expect(item).toContainText('high-level meeting');

  // The Chair, editing directly, takes "-level" out of the words France strikes.
  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);
  await cuba.draft.waitUntilEditable();
  await expect(cuba.page.getByTestId('amendment-mode')).toHaveText(/Editing/);
  await cuba.draft.selectText(cuba.draft.operative(0), '-level');
  await cuba.page.keyboard.press('Backspace');
  await expect
    .poll(() => cuba.draft.textOf(cuba.draft.operative(0).locator('del[data-delegation="FRA"]')))
    .toBe('high meeting');

  const note = item.getByRole('note');
  await expect(note).toHaveText(
    'Stale: the agreed text under it changed: it struck “high-level meeting”, which now reads “high meeting”.',
  );
  await france.page
    .locator('.editor-layout')
    .screenshot({ path: test.info().outputPath('stale-amendment.png') });
  // Only France may re-anchor or withdraw it; the Chair sees the note, not the buttons.
  await expect(cuba.draft.amendmentItems.first().getByRole('note')).toBeVisible();
  await expect(
    cuba.draft.amendmentItems.first().getByRole('button', { name: /Re-anchor/ }),
  ).toHaveCount(0);
  await item.getByRole('button', { name: /Re-anchor/ }).click();
  await expect(france.draft.amendments).toContainText(
    'Re-anchored on the agreed text as it is now.',
  );
  for (const page of [france, cuba]) {
    await expect(page.draft.amendmentItems.first().getByRole('note')).toHaveCount(0);
    const struck = page.draft.operative(0).locator('del[data-delegation="FRA"]');
    await expect.poll(() => page.draft.textOf(struck)).toBe('high meeting');
    await expect(page.draft.operative(0).locator('ins[data-delegation="FRA"]')).toHaveText(
      'summit',
    );
    await expect(page.page.locator('.refusal')).toHaveText('');
  }
  await expect(france.draft.amendmentItems).toHaveCount(1);
});

test('a delegation amends another’s proposed words (a sub-amendment); the facilitator accepts both', async ({
  delegate,
  concord,
}) => {
  const draftId = await concord.createDraft('Sub-amendments', BODY);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  await concord.grant(draftId, KENYA, 'sponsor');
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);
  await france.draft.waitUntilEditable();
  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit on cooperation');

  const kenya = await delegate(KENYA);
  await kenya.draft.open(draftId);
  await kenya.draft.waitUntilEditable();
  await expect(kenya.draft.operative(0).locator('ins[data-delegation="FRA"]')).toHaveText(
    'summit on cooperation',
  );
  await kenya.draft.selectText(kenya.draft.operative(0), 'cooperation');
  await kenya.page.keyboard.type('partnership');

  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);
  for (const { draft, page } of [france, kenya, cuba]) {
    const op1 = draft.operative(0);
    // (Read without the carets of others, drawn with their names inside the text.)
    await expect
      .poll(() => draft.textOf(op1.locator('ins[data-delegation="KEN"]')))
      .toBe('partnership');
    await expect
      .poll(() => draft.textOf(op1.locator('del[data-delegation="KEN"]')))
      .toBe('cooperation');
    await expect.poll(() => draft.textOf(op1)).toContain('summit on cooperationpartnership');
    await expect(page.locator('.refusal')).toHaveText('');
  }
  await expect(cuba.draft.amendmentItems).toHaveCount(2);
  await expect(cuba.draft.amendmentItems.filter({ hasText: 'KEN' })).toContainText(
    'Replacement in FRA’s proposal',
  );
  await cuba.page
    .locator('.editor-layout')
    .screenshot({ path: test.info().outputPath('sub-amendment.png') });

  await cuba.draft.amendments.getByRole('button', { name: 'Accept all' }).click();
  const agreed = 'Decides to convene a summit on partnership in 2027;';
  for (const { draft } of [france, kenya, cuba]) {
    await expect.poll(() => draft.textOf(draft.operative(0))).toBe(agreed);
    await expect(draft.amendmentItems).toHaveCount(0);
  }
});
