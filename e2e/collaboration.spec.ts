import { CUBA, FRANCE } from './accounts';
import { expect, test } from './fixtures';
import { DraftPage } from './pages/draft-page';

test('two delegations on one draft see each other’s typing and presence', async ({
  delegate,
  concord,
}) => {
  const cuba = await delegate(CUBA);
  await cuba.page.goto('/');
  await cuba.page.getByLabel('Title').fill('Enhancement of international cooperation');
  await cuba.page.getByRole('button', { name: 'Create draft' }).click();
  await cuba.page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
  const draftId = cuba.page.url().split('/').at(-1)!;
  await cuba.draft.waitUntilEditable();
  await expect(cuba.page.getByRole('heading', { level: 1 })).toHaveText(
    'Enhancement of international cooperation',
  );

  await concord.grant(draftId, FRANCE, 'sponsor');
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);

  // Presence: each sees the other, by name and delegation.
  await expect(cuba.draft.presence).toContainText('Béatrice Martin');
  await expect(cuba.draft.presence).toContainText('FRA');
  await expect(france.draft.presence).toContainText('Ana Pérez');
  await expect(france.draft.presence).toContainText('CUB');

  await cuba.draft.typeAtEnd(cuba.draft.preambular(0), 'Recalling its resolution 76/159,');
  await expect
    .poll(() => france.draft.textOf(france.draft.preambular(0)))
    .toBe('Recalling its resolution 76/159,');

  // Enter at the end of an operative paragraph starts the next one, numbered after it.
  await france.draft.typeAtEnd(
    france.draft.operative(0),
    'Decides to remain seized of the matter;',
  );
  await france.page.keyboard.press('Enter');
  await france.page.keyboard.type('Requests the Secretary-General to report.');
  await expect(cuba.draft.editor.locator('.operative-paragraph')).toHaveCount(2);
  await expect
    .poll(() => cuba.draft.textOf(cuba.draft.operative(1)))
    .toBe('Requests the Secretary-General to report.');

  // The other delegate's caret is shown with their name.
  await expect(cuba.draft.editor.locator('.collaboration-carets__label')).toHaveText(
    'Béatrice Martin',
  );
});

test.describe('across a server restart', () => {
  // While the server is down, Chromium reports the failed websocket attempts, and the
  // page's question to the server why the socket closed.
  // (One pattern: Playwright reads a two-element array as [value, options].)
  // A request in flight when the server is killed (the finder's look-up on opening) is reset.
  test.use({
    allowedConsoleErrors: [/WebSocket connection to .* failed|ERR_CONNECTION_(REFUSED|RESET)/],
  });

  test('after SIGKILL, restart and reload, the text is there', async ({
    delegate,
    concord,
    watchConsole,
  }) => {
    const cuba = await delegate(CUBA);
    await cuba.page.goto('/');
    await cuba.page.getByLabel('Title').fill('Durability');
    await cuba.page.getByRole('button', { name: 'Create draft' }).click();
    await cuba.page.waitForURL(/\/drafts\//);
    await cuba.draft.waitUntilEditable();
    await concord.grant(cuba.page.url().split('/').at(-1)!, FRANCE, 'sponsor');
    const france = await delegate(FRANCE);
    await france.draft.open(cuba.page.url().split('/').at(-1)!);

    await cuba.draft.typeAtEnd(cuba.draft.preambular(0), 'Noting with concern the delays,');
    // Once France has it, the server has stored it.
    await expect
      .poll(() => france.draft.textOf(france.draft.preambular(0)))
      .toBe('Noting with concern the delays,');

    await concord.stop('SIGKILL');
    await expect(cuba.draft.connection).toHaveText('Reconnecting…');

    // Typed while the server is down, then the tab is closed before it could be sent.
    const draftId = cuba.page.url().split('/').at(-1)!;
    const cached = await cuba.draft.localCacheUpdates(draftId);
    await cuba.draft.typeAtEnd(cuba.draft.operative(0), 'Decides to remain seized of the matter.');
    await expect.poll(() => cuba.draft.localCacheUpdates(draftId)).toBeGreaterThan(cached);
    const context = cuba.page.context();
    await cuba.page.close();

    await concord.start();
    await expect(france.draft.connection).toHaveText('Connected', { timeout: 20_000 });

    // Cuba opens the draft again: the unsent edit comes back from the browser and reaches France.
    const page = await context.newPage();
    watchConsole(page);
    const reopened = new DraftPage(page);
    await reopened.open(draftId);
    await expect
      .poll(() => france.draft.textOf(france.draft.operative(0)))
      .toBe('Decides to remain seized of the matter.');

    // And after a reload everything is there, from the server.
    for (const d of [reopened, france.draft]) {
      await d.page.reload();
      await d.waitUntilEditable();
      await expect.poll(() => d.textOf(d.preambular(0))).toBe('Noting with concern the delays,');
      await expect
        .poll(() => d.textOf(d.operative(0)))
        .toBe('Decides to remain seized of the matter.');
    }
  });
});
