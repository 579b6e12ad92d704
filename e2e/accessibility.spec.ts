import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { CUBA, FRANCE, KENYA, SECRETARIAT } from './accounts';
import { expect, test } from './fixtures';
import { negotiation } from './negotiation';
import { HistoryDialog } from './pages/history-dialog';

/**
 * Axe's WCAG 2.1 A and AA rules on a page as it is now, and what it found at
 * the "serious" or "critical" impact (issue 21, item 3). Each finding is
 * reported with the elements it concerns, so a failure says what to fix.
 */
async function seriousViolations(page: Page, testInfo: TestInfo, screen: string) {
  // A remote caret's name fades out over its last second (opacity): axe would measure one frame
  // of the fade, white text on a half-transparent colour. Checked once it has gone; shown in full,
  // it is white on the delegation's colour (≥ 4.5:1 by the palette's design).
  await expect(page.locator('.collaboration-carets__label:visible')).toHaveCount(0, {
    timeout: 5000,
  });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  await testInfo.attach(`axe-${screen}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      why: violation.nodes[0]?.failureSummary,
    }));
}

test('sign-in page, draft list and administration: no serious accessibility violations', async ({
  browser,
  baseURL,
  delegate,
  concord,
}, testInfo) => {
  const anonymous = await browser.newContext({ baseURL });
  const signIn = await anonymous.newPage();
  await signIn.goto('/sign-in');
  await expect(signIn.getByLabel('Username')).toBeVisible();
  expect(await seriousViolations(signIn, testInfo, 'sign-in')).toEqual([]);
  // A failed attempt shows an error message: checked too.
  await signIn.getByLabel('Username').fill('nobody');
  await signIn.getByLabel('Password').fill('not the password');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('alert')).toBeVisible();
  expect(await seriousViolations(signIn, testInfo, 'sign-in-failed')).toEqual([]);
  await anonymous.close();

  const draftId = await concord.createDraft('Accessibility of the list');
  await concord.grant(draftId, CUBA, 'facilitator');
  const cuba = await delegate(CUBA);
  await cuba.page.goto('/');
  await expect(cuba.page.getByRole('link', { name: 'Accessibility of the list' })).toBeVisible();
  expect(await seriousViolations(cuba.page, testInfo, 'draft-list')).toEqual([]);

  const secretariat = await delegate(SECRETARIAT);
  await secretariat.page.goto('/admin');
  await expect(
    secretariat.page.getByRole('heading', { name: 'Administration', level: 1 }),
  ).toBeVisible();
  expect(await seriousViolations(secretariat.page, testInfo, 'admin')).toEqual([]);
});

test('the editor as sponsor and as facilitator, with amendments, and its History, Export and Revisions dialogs: no serious accessibility violations', async ({
  delegate,
  concord,
}, testInfo) => {
  // Axe reads every node of two editor pages and two dialogs: more than the usual minute.
  test.setTimeout(180_000);
  const {
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'Accessibility of the editor', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);
  await france.draft.waitUntilEditable();
  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit');
  await kenya.draft.typeAtEnd(kenya.draft.operative(1), ' by its eighty-second session');
  for (const { draft } of [france, cuba]) await expect(draft.amendmentItems).toHaveCount(2);

  expect(await seriousViolations(france.page, testInfo, 'editor-sponsor')).toEqual([]);
  await cuba.draft.waitUntilEditable();
  expect(await seriousViolations(cuba.page, testInfo, 'editor-facilitator')).toEqual([]);

  const history = new HistoryDialog(cuba.page);
  await history.open();
  await expect(history.rows.first()).toBeVisible();
  expect(await seriousViolations(cuba.page, testInfo, 'history')).toEqual([]);
  await cuba.page.keyboard.press('Escape');
  await expect(history.dialog).toBeHidden();

  await cuba.page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = cuba.page.getByRole('dialog', { name: /Export/ });
  await expect(exportDialog).toBeVisible();
  expect(await seriousViolations(cuba.page, testInfo, 'export')).toEqual([]);
  await exportDialog.getByRole('button', { name: 'Close' }).click();

  // Revisions: two issued, then compared.
  await cuba.page.getByRole('button', { name: 'Revisions', exact: true }).click();
  const revisions = cuba.page.getByRole('dialog', { name: 'Revisions' });
  await revisions.getByRole('button', { name: 'Issue Zero draft' }).click();
  await expect(revisions.getByRole('row', { name: /Zero draft/ })).toBeVisible();
  await revisions.getByRole('button', { name: 'Issue Rev.1' }).click();
  await expect(revisions.getByRole('row', { name: /Rev\.1/ })).toBeVisible();
  await revisions.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(revisions.getByRole('heading', { name: 'Zero draft → Rev.1' })).toBeVisible();
  expect(await seriousViolations(cuba.page, testInfo, 'revisions')).toEqual([]);
});
