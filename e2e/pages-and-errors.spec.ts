import { SqliteDraftStore } from '../lib/db/sqlite-draft-store';
import { INVALID_CREDENTIALS_MESSAGE } from '../lib/auth/sign-in-errors';
import { TEST_PASSWORD } from '../server/testing/accounts';
import { CUBA, KENYA } from './accounts';
import { expect, test } from './fixtures';

test('the draft list shows drafts with the role and last change, and refuses an empty title', async ({
  delegate,
}) => {
  const { page } = await delegate(CUBA);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByText('Give the draft a title')).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Title').fill('Oceans and the law of the sea');
  await page.getByLabel('Title').press('Enter');
  await page.waitForURL(/\/drafts\//);
  await page.getByRole('link', { name: 'Drafts' }).click();
  const row = page.getByRole('row', { name: /Oceans and the law of the sea/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Facilitator' })).toBeVisible();
  await expect(row.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
});

test.describe('an unknown draft', () => {
  // The page itself answers 404, which Chromium logs.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('answers with a page that says so', async ({ delegate }) => {
    const { page } = await delegate(CUBA);
    const response = await page.goto('/drafts/00000000-0000-4000-8000-000000000000');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(
      page.getByText('There is no draft at this address for your delegation'),
    ).toBeVisible();
    // Still signed in, and shown so, with the way back.
    const account = page.getByRole('navigation', { name: 'Account' });
    await expect(account).toContainText(CUBA.delegationName);
    await expect(account.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // Any other unknown address is not about drafts.
    const other = await page.goto('/no-such-page');
    expect(other?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.getByText('There is no page at this address.')).toBeVisible();
    await expect(page.getByText('for your delegation')).toHaveCount(0);
    await expect(account).toContainText(CUBA.delegationName);
    await page.screenshot({ path: test.info().outputPath('not-found.png') });
    await page.getByRole('link', { name: 'Back to the list of drafts' }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test.describe('signing in', () => {
  // next-auth answers a refused sign-in with 401, which Chromium logs.
  test.use({ allowedConsoleErrors: [/status of 401/] });

  test('a visitor signs in first; a wrong password gets the generic message', async ({
    browser,
    baseURL,
    concord,
    watchConsole,
  }) => {
    await concord.ensureAccount(KENYA);
    const draftId = await concord.createDraft('Sign-in test');
    await concord.grant(draftId, KENYA, 'sponsor');
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    watchConsole(page);

    await page.goto(`/drafts/${draftId}`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expect(page.getByLabel('Username')).toBeFocused();

    await page.getByLabel('Username').fill(KENYA.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(INVALID_CREDENTIALS_MESSAGE)).toHaveRole('alert');

    // An unknown username reads exactly the same.
    await page.getByLabel('Username').fill('nobody-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toHaveText(
      INVALID_CREDENTIALS_MESSAGE,
    );

    await page.getByLabel('Username').fill(KENYA.username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`/drafts/${draftId}$`));
    await expect(page.getByTestId('my-role')).toHaveText('Kenya: Co-sponsor');

    // Signing out ends the session: the draft asks for sign-in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(`/drafts/${draftId}`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await context.close();
  });

  test('repeated failures make the next attempt from here wait, and say how long', async ({
    page,
    concord,
    watchConsole,
  }) => {
    const account = { ...KENYA, username: 'locked-out', displayName: 'Locked Out' };
    await concord.ensureAccount(account);
    watchConsole(page);
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(account.username);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('Password').fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    }
    await expect(page.getByText(INVALID_CREDENTIALS_MESSAGE)).toBeVisible();
    // Even the right password is refused right after, with the time to wait (1 s, doubling).
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(/Too many failed attempts\. Try again in \d+ seconds?/)).toHaveRole(
      'alert',
    );
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test('a draft whose stored data is damaged says so, and the server keeps serving', async ({
  delegate,
  concord,
}) => {
  const draftId = await concord.createDraft('Damaged');
  await concord.grant(draftId, CUBA, 'sponsor');
  const store = SqliteDraftStore.open(concord.databasePath);
  try {
    store.db
      .prepare('UPDATE draft_updates SET data = ? WHERE draft_id = ?')
      .run(Buffer.from('damaged'), draftId);
  } finally {
    store.close();
  }
  const { page } = await delegate(CUBA);
  await page.goto(`/drafts/${draftId}`);
  await expect(page.getByText('The server could not open this draft')).toHaveRole('alert');
  // Nothing to edit: the editor stays hidden until a draft has arrived.
  await expect(page.getByText('Loading the draft…')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Text of the draft resolution' })).toBeHidden();
  await page.goto('/');
  await expect(page.getByRole('row', { name: /Damaged/ })).toBeVisible();
});
