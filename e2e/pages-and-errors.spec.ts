import { SqliteDraftStore } from '../lib/db/sqlite-draft-store';
import { createDraft } from '../lib/drafts/create-draft';
import { expect, test } from './fixtures';

test('the draft list shows drafts with their last change, and refuses an empty title', async ({
  delegate,
}) => {
  const { page } = await delegate('Ana Pérez', 'CUB');
  await page.goto('/');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByText('Give the draft a title')).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Title').fill('Oceans and the law of the sea');
  await page.getByLabel('Title').press('Enter');
  await page.waitForURL(/\/drafts\//);
  await page.getByRole('link', { name: 'Drafts' }).click();
  const row = page.getByRole('row', { name: /Oceans and the law of the sea/ });
  await expect(row).toBeVisible();
  await expect(row.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
});

test.describe('an unknown draft', () => {
  // The page itself answers 404, which Chromium logs.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('answers with a page that says so', async ({ delegate }) => {
    const { page } = await delegate('Ana Pérez', 'CUB');
    const response = await page.goto('/drafts/00000000-0000-4000-8000-000000000000');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  });
});

test('a visitor says who they are before joining', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/');
  await page.getByLabel('Title').fill('Join test');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/drafts\//);
  await expect(page.getByLabel('Your name')).toBeFocused();
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Type the name the other delegations will see.')).toHaveRole('alert');
  await page.getByLabel('Your name').fill('Kofi Mensah');
  await page.getByLabel('Delegation').selectOption('KEN');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('status')).toHaveText('Connected');
  await expect(page.getByRole('region', { name: 'Delegates in this draft' })).toContainText(
    'Kofi Mensah',
  );
  expect(errors).toEqual([]);
  await context.close();
});

test('a draft whose stored data is damaged says so, and the server keeps serving', async ({
  delegate,
  concord,
}) => {
  const store = SqliteDraftStore.open(concord.databasePath);
  let draftId: string;
  try {
    draftId = (await createDraft(store, { title: 'Damaged' })).id;
    store.db
      .prepare('UPDATE draft_updates SET data = ? WHERE draft_id = ?')
      .run(Buffer.from('damaged'), draftId);
  } finally {
    store.close();
  }
  const { page } = await delegate('Ana Pérez', 'CUB');
  await page.goto(`/drafts/${draftId}`);
  await expect(page.getByText('The server could not open this draft')).toHaveRole('alert');
  // Nothing to edit: the editor stays hidden until a draft has arrived.
  await expect(page.getByText('Loading the draft…')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Text of the draft resolution' })).toBeHidden();
  await page.goto('/');
  await expect(page.getByRole('row', { name: /Damaged/ })).toBeVisible();
});
