import { imported } from '../lib/testing/amended-draft';
import { CUBA, FRANCE } from './accounts';
import { expect, test } from './fixtures';

/** Issue 25: the demo draft, an annual resolution, read against the resolutions adopted before. */

const DEMO = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

const SHOTS = process.env.CONCORD_SCREENSHOTS;

test('the demo draft reads as agreed language; a changed word is a near match whose wording a sponsor proposes back', async ({
  concord,
  delegate,
}) => {
  const draftId = await concord.createDraft(
    'Enhancement of international cooperation in the field of human rights',
    imported(DEMO).body,
  );
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);
  const { editor } = cuba.draft;
  const paragraphs = editor.locator('.preambular-paragraph, .operative-paragraph');
  const total = await paragraphs.count();
  expect(total).toBe(33);

  // Every paragraph looked up; most of them agreed language, with their sources on hover.
  await expect(editor.locator('[data-agreed]')).toHaveCount(total, { timeout: 30_000 });
  const agreed = await editor.locator('[data-agreed="all"]').count();
  expect(agreed, 'paragraphs shown as agreed language').toBeGreaterThanOrEqual(
    Math.ceil(total * 0.8),
  );
  const passage = cuba.draft.operative(0).locator('.agreed-passage').first();
  await expect(passage).toHaveAttribute(
    'title',
    /Agreed language \(\d+ words\): A\/RES\/7\d\/\d+ OP\d/,
  );
  if (SHOTS) {
    await cuba.draft
      .operative(0)
      .evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await cuba.page.screenshot({ path: `${SHOTS}/agreed-demo.png` });
  }

  // The facilitator, editing, changes one word of OP5 and writes a paragraph of new language.
  const op5 = cuba.draft.operative(4);
  await cuba.draft.selectText(op5, 'international scene');
  await cuba.page.keyboard.type('world scene');
  await expect(op5).toHaveAttribute('data-agreed', 'part', { timeout: 15_000 });
  const last = cuba.draft.operative(16);
  await cuba.draft.typeAtEnd(last, '');
  await cuba.page.keyboard.press('Enter');
  await cuba.page.keyboard.type(
    'Requests the lighthouse keepers of distant archipelagos to report on their cooperation;',
  );
  const fresh = cuba.draft.operative(17);
  await expect(fresh).toHaveAttribute('data-agreed', 'none', { timeout: 15_000 });
  expect(await fresh.evaluate((element) => getComputedStyle(element, '::after').content)).toContain(
    'new language',
  );
  if (SHOTS) {
    await fresh.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await cuba.page.screenshot({ path: `${SHOTS}/agreed-new-language.png` });
  }

  // A sponsor, in another browser, finds the precedent of OP5 and proposes its wording.
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);
  const op5There = france.draft.operative(4);
  // The text without the other delegate's caret and name label.
  await expect.poll(() => france.draft.textOf(op5There)).toContain('world scene');
  await op5There.click();
  await france.page.getByRole('tab', { name: 'Precedents' }).click();
  const panel = france.page.getByRole('region', { name: 'Precedents' });
  await expect(panel.getByRole('heading', { name: 'OP5' })).toBeVisible();
  await expect(panel).toContainText('% agreed language');
  const precedent = panel
    .locator('.precedent')
    .filter({ hasText: /A\/RES\/79\/166 OP5/ })
    .first();
  await expect(precedent.locator('.precedent-diff del')).toContainText('world');
  await expect(precedent.locator('.precedent-diff ins')).toContainText('international');
  if (SHOTS) await france.page.screenshot({ path: `${SHOTS}/agreed-precedents.png` });
  await precedent.getByRole('button', { name: 'Propose this wording' }).click();
  await expect(panel).toContainText('Proposed as an amendment from FRA');

  // The facilitator sees France's amendment, with the rationale filled in, and accepts it.
  await cuba.page.getByRole('tab', { name: 'Amendments' }).click();
  const amendment = cuba.page.locator('.amendments-panel li').filter({ hasText: 'FRA' }).first();
  await expect(amendment).toContainText('Agreed language from A/RES/79/166 (OP5)');
  await amendment.getByRole('button', { name: /^Accept/ }).click();
  await expect.poll(() => cuba.draft.textOf(op5)).toContain('international scene');
  await expect(op5).toHaveAttribute('data-agreed', 'all', { timeout: 15_000 });
  if (SHOTS) await cuba.page.screenshot({ path: `${SHOTS}/agreed-accepted.png` });
});
