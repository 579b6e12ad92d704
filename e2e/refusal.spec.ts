import type { WebSocketRoute } from '@playwright/test';
import { CUBA, KENYA } from './accounts';
import { expect, test } from './fixtures';

const body = {
  preamble: [[{ text: 'Recalling its resolution 76/159,' }]],
  operative: [
    { kind: 'paragraph' as const, content: [{ text: 'Decides to remain seized of the matter;' }] },
  ],
};

/** The server's Refused message (type 4) with its reason, as the collaboration server sends it. */
function refusedMessage(reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8');
  if (text.length > 127) throw new Error('keep the reason short (one-byte length)');
  return Buffer.concat([Buffer.from([4, text.length]), text]);
}

test('a refused change: the page says why, reloads the server’s copy, and the delegate goes on amending', async ({
  delegate,
  concord,
}) => {
  const draftId = await concord.createDraft('A refused change', body);
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, KENYA, 'sponsor');

  const kenya = await delegate(KENYA);
  // The real server's connection, passed through; a Refused message can be added to it.
  let socket: WebSocketRoute | null = null;
  await kenya.page.routeWebSocket(/\/collab\//, (ws) => {
    ws.connectToServer();
    socket = ws;
  });
  await kenya.draft.open(draftId);
  const cuba = await delegate(CUBA);
  await cuba.draft.open(draftId);

  await kenya.draft.typeAtEnd(kenya.draft.operative(0), ' firmly');
  await expect.poll(() => cuba.draft.textOf(cuba.draft.operative(0))).toContain('firmly');

  const first = socket as WebSocketRoute | null;
  expect(first).not.toBeNull();
  first?.send(refusedMessage('the original text can only be changed by proposing an amendment'));

  const banner = kenya.page.getByRole('alert').filter({ hasText: 'did not accept' });
  await expect(banner).toContainText(
    'The server did not accept a change from this page: the original text can only be changed by proposing an amendment.',
  );
  await expect(banner).toContainText('The draft now shows the server’s copy');
  // A fresh copy over a new connection, with what the server has.
  await expect.poll(() => socket !== first).toBe(true);
  await kenya.draft.waitUntilEditable();
  await expect.poll(() => kenya.draft.textOf(kenya.draft.operative(0))).toContain('firmly');
  await expect(kenya.draft.amendmentItems).toHaveCount(1);
  await kenya.page.screenshot({ path: test.info().outputPath('refused.png'), fullPage: true });

  // Valid amendments keep flowing.
  await kenya.draft.typeAtEnd(kenya.draft.operative(0), ' and urgently');
  await expect.poll(() => cuba.draft.textOf(cuba.draft.operative(0))).toContain('and urgently');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});
