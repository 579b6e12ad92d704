import { expect, test } from './fixtures';
import { CUBA, FRANCE, KENYA, SECRETARIAT } from './accounts';
import { TEST_PASSWORD } from '../server/testing/accounts';

const body = {
  preamble: [[{ text: 'Recalling its resolution 76/159,' }]],
  operative: [
    { kind: 'paragraph' as const, content: [{ text: 'Decides to remain seized of the matter;' }] },
  ],
};

test('a sponsor types, an observer of another delegation sees it live and cannot type', async ({
  delegate,
  concord,
}) => {
  const draftId = await concord.createDraft('Roles on one draft', body);
  await concord.grant(draftId, CUBA, 'sponsor');
  await concord.grant(draftId, FRANCE, 'observer');

  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);
  const france = await delegate(FRANCE);
  await france.draft.openReadOnly(draftId);
  await expect(france.page.getByTestId('my-role')).toHaveText('France: Observer · read only');
  await expect(france.page.getByRole('note')).toContainText('cannot change it');
  await expect(france.draft.editor).toHaveAttribute('aria-readonly', 'true');

  // Presence shows the observer too, with the name from their account.
  await expect(cuba.draft.presence).toContainText('Béatrice Martin');
  await expect(cuba.draft.presence.getByTitle(/Béatrice Martin \(FRA, observer\)/)).toBeVisible();

  await cuba.draft.typeAtEnd(cuba.draft.operative(0), ' Requests a report');
  await expect
    .poll(() => france.draft.textOf(france.draft.operative(0)))
    .toBe('Decides to remain seized of the matter; Requests a report');

  // The observer's keystrokes change nothing, for them or anyone.
  await france.draft.operative(0).click();
  await france.page.keyboard.type('FORGED');
  await france.page.keyboard.press('Enter');
  await expect
    .poll(() => france.draft.textOf(france.draft.operative(0)))
    .toBe('Decides to remain seized of the matter; Requests a report');
  await expect(france.draft.editor.locator('.operative-paragraph')).toHaveCount(1);
  expect(await cuba.draft.textOf(cuba.draft.operative(0))).not.toContain('FORGED');
  await expect(france.page.locator('.banner-error')).toHaveCount(0);
});

test.describe('draft lists', () => {
  // Opening another delegation's draft answers 404, which Chromium logs.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('each delegation sees only the drafts it has a role on', async ({ delegate, concord }) => {
    const cubanDraft = await concord.createDraft('Cuban initiative on cooperation');
    const kenyanDraft = await concord.createDraft('Kenyan initiative on desertification');
    await concord.grant(cubanDraft, CUBA, 'facilitator');
    await concord.grant(kenyanDraft, KENYA, 'sponsor');

    const cuba = await delegate(CUBA);
    await expect(cuba.page.getByRole('heading', { level: 1 })).toHaveText('Drafts of Cuba');
    await expect(
      cuba.page.getByRole('link', { name: 'Cuban initiative on cooperation' }),
    ).toBeVisible();
    await expect(cuba.page.getByRole('link', { name: /Kenyan initiative/ })).toHaveCount(0);

    const kenya = await delegate(KENYA);
    const row = kenya.page.getByRole('row', { name: /Kenyan initiative on desertification/ });
    await expect(row.getByRole('cell', { name: 'Co-sponsor' })).toBeVisible();
    await expect(kenya.page.getByRole('link', { name: /Cuban initiative/ })).toHaveCount(0);

    // Nor can Kenya open Cuba's draft by its address.
    const response = await kenya.page.goto(`/drafts/${cubanDraft}`);
    expect(response?.status()).toBe(404);
    await kenya.page.goBack();
  });
});

test.describe('the Secretariat', () => {
  // The draft page refused after the role is withdrawn (404) is logged by Chromium.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('adds a delegation and a user, gives a role, and withdrawing it ends the open editor', async ({
    delegate,
    concord,
    browser,
    baseURL,
    watchConsole,
  }) => {
    await concord.createDraft('Administered draft', body);
    const secretariat = await delegate(SECRETARIAT);
    const admin = secretariat.page;
    await admin.getByRole('link', { name: 'Administration' }).click();
    await expect(admin.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();

    const newDelegation = admin.getByRole('form', { name: 'New delegation' });
    await newDelegation.getByLabel(/^Code/).fill('nor');
    await newDelegation.getByLabel('Name').fill('Norway');
    await newDelegation.getByRole('button', { name: 'Add delegation' }).click();
    await expect(newDelegation.getByRole('status')).toHaveText('Added Norway (NOR).');
    // A second time, the code is taken: said so, nothing changes.
    await newDelegation.getByLabel(/^Code/).fill('NOR');
    await newDelegation.getByLabel('Name').fill('Norway again');
    await newDelegation.getByRole('button', { name: 'Add delegation' }).click();
    await expect(newDelegation.getByRole('alert')).toHaveText(/NOR exists already/);

    const newUser = admin.getByRole('form', { name: 'New user' });
    await newUser.getByLabel('Username').fill('ingrid');
    await newUser.getByLabel('Display name').fill('Ingrid Larsen');
    await newUser.getByLabel('Delegation').selectOption('NOR');
    await newUser.getByLabel(/Initial password/).fill(TEST_PASSWORD);
    await newUser.getByRole('button', { name: 'Add user' }).click();
    await expect(newUser.getByRole('status')).toHaveText('Added Ingrid Larsen (ingrid) to Norway.');

    const draftCard = admin.getByRole('article', { name: 'Administered draft' });
    const grant = draftCard.getByRole('form', { name: /Give a delegation a role/ });
    await grant.getByLabel('Delegation').selectOption('NOR');
    await grant.getByLabel('Role').selectOption('sponsor');
    await grant.getByRole('button', { name: 'Give role' }).click();
    await expect(draftCard.getByRole('list', { name: /Roles on/ })).toContainText('Norway');

    // Ingrid signs in and edits.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    watchConsole(page);
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('ingrid');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Administered draft' }).click();
    await expect(page.getByTestId('my-role')).toHaveText('Norway: Co-sponsor');
    await expect(page.getByRole('status')).toHaveText('Connected');

    // The Secretariat withdraws Norway's role: Ingrid's open editor stops and says why.
    await draftCard
      .getByRole('form', { name: "Withdraw Norway's role" })
      .getByRole('button')
      .click();
    await expect(page.getByText('Your delegation no longer has a role on this draft')).toHaveRole(
      'alert',
    );
    await expect(
      page.getByRole('textbox', { name: 'Text of the draft resolution' }),
    ).toHaveAttribute('contenteditable', 'false');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await context.close();
  });
});
