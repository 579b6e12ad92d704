import { expect, test } from './fixtures';

test('two delegations on one draft see each other’s typing and presence', async ({ delegate }) => {
  const cuba = await delegate('Ana Pérez', 'CUB');
  await cuba.page.goto('/');
  await cuba.page.getByLabel('Title').fill('Enhancement of international cooperation');
  await cuba.page.getByRole('button', { name: 'Create draft' }).click();
  await cuba.page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
  const draftId = cuba.page.url().split('/').at(-1)!;
  await cuba.draft.waitUntilEditable();
  await expect(cuba.page.getByRole('heading', { level: 1 })).toHaveText(
    'Enhancement of international cooperation',
  );

  const france = await delegate('Béatrice Martin', 'FRA');
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
  // While the server is down, Chromium reports the failed websocket attempts.
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('after SIGKILL, restart and reload, the text is there', async ({ delegate, concord }) => {
    const cuba = await delegate('Ana Pérez', 'CUB');
    await cuba.page.goto('/');
    await cuba.page.getByLabel('Title').fill('Durability');
    await cuba.page.getByRole('button', { name: 'Create draft' }).click();
    await cuba.page.waitForURL(/\/drafts\//);
    await cuba.draft.waitUntilEditable();
    const france = await delegate('Béatrice Martin', 'FRA');
    await france.draft.open(cuba.page.url().split('/').at(-1)!);

    await cuba.draft.typeAtEnd(cuba.draft.preambular(0), 'Noting with concern the delays,');
    // Once France has it, the server has stored it.
    await expect
      .poll(() => france.draft.textOf(france.draft.preambular(0)))
      .toBe('Noting with concern the delays,');

    await concord.stop('SIGKILL');
    await expect(cuba.draft.connection).toHaveText('Reconnecting…');
    await concord.start();
    await expect(cuba.draft.connection).toHaveText('Connected', { timeout: 20_000 });

    for (const d of [cuba, france]) {
      await d.page.reload();
      await d.draft.waitUntilEditable();
      await expect
        .poll(() => d.draft.textOf(d.draft.preambular(0)))
        .toBe('Noting with concern the delays,');
    }
  });
});
