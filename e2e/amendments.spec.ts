import { execFileSync } from 'node:child_process';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test } from './fixtures';
import { negotiation } from './negotiation';

/** Runs the real CLI on the worker server's database. */
function cli(databasePath: string, ...args: string[]): string {
  return execFileSync('node', ['--import', 'tsx', 'server/cli.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
  });
}

test('two sponsors amend the same paragraph, each sees the other’s amendment, the facilitator accepts one and rejects the other', async ({
  delegate,
  concord,
}) => {
  const {
    draftId,
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'Amendments', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);

  // Sponsors are always in suggesting mode, and the page says so.
  await expect(france.page.getByTestId('amendment-mode')).toHaveText(
    'Suggesting: your changes are amendments from FRA',
  );
  await expect(cuba.page.getByTestId('amendment-mode')).toHaveText(
    'Editing: your changes go straight into the text',
  );

  // France replaces "high-level meeting"; Kenya adds words at the end of the same OP.
  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit');
  await kenya.draft.selectText(kenya.draft.operative(0), ' in 2027');
  await kenya.page.keyboard.press('ArrowRight');
  await kenya.page.keyboard.type(' at Headquarters');

  // Each sees the other's amendment, attributed, live.
  for (const { draft } of [france, kenya, cuba]) {
    const op1 = draft.operative(0);
    await expect(op1.locator('del[data-delegation="FRA"]')).toHaveText('high-level meeting');
    await expect(op1.locator('ins[data-delegation="FRA"]')).toHaveText('summit');
    await expect(op1.locator('ins[data-delegation="KEN"]')).toHaveText(' at Headquarters');
    await expect(draft.amendmentItems).toHaveCount(2);
  }
  const frenchItem = cuba.draft.amendmentItems.filter({ hasText: 'FRA' });
  await expect(frenchItem).toContainText('Replacement');
  await expect(frenchItem).toContainText('OP1');
  await expect(frenchItem).toContainText('by Béatrice Martin');

  // France explains its amendment; everyone sees the rationale; only France may write it.
  const ownItem = france.draft.amendmentItems.filter({ hasText: 'FRA' });
  await ownItem.getByRole('button', { name: 'Add rationale' }).click();
  await ownItem.getByLabel('Rationale').fill('A summit is what the Group agreed in March.');
  await ownItem.getByRole('button', { name: 'Save' }).click();
  await expect(frenchItem).toContainText('Rationale: A summit is what the Group agreed in March.');
  await expect(
    kenya.draft.amendmentItems
      .filter({ hasText: 'FRA' })
      .getByRole('button', { name: /rationale/ }),
  ).toHaveCount(0);
  await cuba.page.screenshot({
    path: test.info().outputPath('facilitator-two-amendments.png'),
    fullPage: true,
  });
  await france.page.screenshot({
    path: test.info().outputPath('sponsor-two-amendments.png'),
    fullPage: true,
  });

  // Sponsors get no decision buttons; the facilitator does.
  await expect(france.draft.amendments.getByRole('button', { name: /^Accept/ })).toHaveCount(0);
  await cuba.draft.amendments
    .getByRole('button', { name: /Accept FRA's replacement in OP1/ })
    .click();
  await expect(cuba.draft.amendments).toContainText('Accepted 1.');
  await cuba.draft.amendments
    .getByRole('button', { name: /Reject KEN's insertion in OP1/ })
    .click();
  await expect(cuba.draft.amendments).toContainText('Rejected 1.');

  const agreed = 'Decides to convene a summit in 2027;';
  for (const { draft } of [france, kenya, cuba]) {
    await expect.poll(() => draft.textOf(draft.operative(0))).toBe(agreed);
    await expect(draft.amendmentItems).toHaveCount(0);
    await expect(draft.amendments).toContainText('No pending amendments.');
    // The accepted words say, on hover, who proposed them and who accepted them.
    await expect(draft.operative(0).locator('[data-accepted-amendment]')).toHaveText('summit');
    await expect(draft.operative(0).locator('[data-accepted-amendment]')).toHaveAttribute(
      'title',
      /^Proposed by FRA \(Béatrice Martin\), accepted by CUB \(Ana Pérez\) on \d+ \w+ \d{4}, \d\d:\d\d UTC$/,
    );
  }
  // Both proposals and both decisions are on the record, chained and intact.
  // (Proposals are recorded once their text has settled, a few seconds after typing.)
  const list = () => cli(concord.databasePath, 'audit', 'list', draftId).trim().split('\r\n');
  await expect.poll(() => list().length, { timeout: 15_000 }).toBe(5);
  const csv = list();
  const rows = csv.slice(1);
  const row = (pattern: RegExp) =>
    expect(rows.filter((line) => pattern.test(line))).toHaveLength(1);
  row(
    /,FRA,Béatrice Martin,amendment\.proposed,[0-9a-f-]{36},FRA,replacement,OP1,high-level meeting,summit,,,,[0-9a-f]{64}$/,
  );
  row(
    /,KEN,Kofi Mensah,amendment\.proposed,[0-9a-f-]{36},KEN,insertion,OP1,, at Headquarters,,,,[0-9a-f]{64}$/,
  );
  row(
    /,CUB,Ana Pérez,amendment\.accepted,[0-9a-f-]{36},FRA,replacement,OP1,high-level meeting,summit,,,,[0-9a-f]{64}$/,
  );
  row(
    /,CUB,Ana Pérez,amendment\.rejected,[0-9a-f-]{36},KEN,insertion,OP1,, at Headquarters,,,,[0-9a-f]{64}$/,
  );
  expect(cli(concord.databasePath, 'audit', 'verify', draftId)).toContain('4 rows, intact');
  await cuba.page.screenshot({
    path: test.info().outputPath('facilitator-decided.png'),
    fullPage: true,
  });
});

test('paragraph amendments: a proposed OP numbered "bis", views, accept all from one delegation, reinstate', async ({
  delegate,
  concord,
}) => {
  const {
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'Paragraph amendments', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);

  // France proposes a new OP after OP1 (Enter at its end) and types it.
  await france.draft.typeAtEnd(france.draft.operative(0), '');
  await france.page.keyboard.press('Enter');
  await france.page.keyboard.type('Invites Member States to participate;');
  // Kenya proposes deleting OP2 (keyboard), once France's paragraph has reached it. A bare
  // click while France's typing arrived once left the caret in PP1 (so PP1 was proposed for
  // deletion): the caret is put at OP2's end as France's was.
  await expect(kenya.draft.operative(1)).toContainText('Invites Member States to participate;');
  await kenya.draft.typeAtEnd(kenya.draft.operative(2), '');
  await kenya.page.keyboard.press('Control+Shift+Backspace');

  await expect.poll(() => cuba.draft.references()).toEqual(['PP1', 'OP1', 'OP1 bis', 'OP2']);
  await expect(cuba.draft.operative(1)).toHaveAttribute('data-suggestion-kind', 'insert');
  await expect(cuba.draft.operative(2)).toHaveAttribute('data-suggestion-kind', 'delete');
  await expect(cuba.draft.amendmentItems).toHaveCount(2);

  // Views: numbering follows what is shown.
  await cuba.page.getByLabel('View').selectOption('accepted');
  // The paragraph proposed for deletion is hidden and unnumbered.
  await expect.poll(() => cuba.draft.references()).toEqual(['PP1', 'OP1', 'OP2']);
  await expect(cuba.draft.operative(2)).toBeHidden();
  await cuba.page.screenshot({ path: test.info().outputPath('view-accepted.png'), fullPage: true });
  await cuba.page.getByLabel('View').selectOption('original');
  await expect.poll(() => cuba.draft.references()).toEqual(['PP1', 'OP1', 'OP2']);
  await expect(cuba.draft.operative(1)).toBeHidden();
  await cuba.page.getByLabel('View').selectOption('markup');

  // Accept everything from France only: Kenya's proposal stays pending.
  await cuba.draft.amendments.getByLabel('Delegation').selectOption('FRA');
  await cuba.draft.amendments.getByRole('button', { name: 'Accept all from FRA' }).click();
  await expect(cuba.draft.amendments).toContainText('Accepted 1.');
  await cuba.draft.amendments.getByLabel('Delegation').selectOption('');
  await expect(cuba.draft.amendmentItems).toHaveCount(1);
  await expect(cuba.draft.amendmentItems).toContainText('KEN');
  await expect.poll(() => kenya.draft.references()).toEqual(['PP1', 'OP1', 'OP2', 'OP3']);
  await expect(kenya.draft.operative(1)).not.toHaveAttribute('data-suggestion-kind', /.*/);

  // The decision is recorded and can be reinstated.
  const decisions = cuba.draft.amendments.getByText(/Recent decisions/);
  await decisions.click();
  await cuba.draft.amendments.getByRole('button', { name: 'Reinstate' }).click();
  await expect(cuba.draft.amendments).toContainText('Reinstated 1.');
  await expect(cuba.draft.amendmentItems).toHaveCount(2);
  await expect.poll(() => france.draft.references()).toEqual(['PP1', 'OP1', 'OP1 bis', 'OP2']);
  await cuba.page.screenshot({ path: test.info().outputPath('reinstated.png'), fullPage: true });
});

test.describe('deciding through the route', () => {
  // Refused requests (400, 403) are logged by Chromium when a page makes them.
  test.use({ allowedConsoleErrors: [/status of 40[0-4]/] });

  test('two facilitators deciding one amendment at once end in one recorded outcome; sponsors cannot decide', async ({
    delegate,
    concord,
    baseURL,
  }) => {
    const origin = { origin: baseURL! };
    const {
      draftId,
      delegates: [france, cuba, kenya],
    } = await negotiation(concord, delegate, 'Double decision', [
      [FRANCE, 'sponsor'],
      [CUBA, 'facilitator'],
      [KENYA, 'facilitator'],
    ]);

    await france.draft.typeAtEnd(france.draft.preambular(0), ' and 77/222');
    await expect(cuba.draft.amendmentItems).toHaveCount(1);
    const id = await cuba.draft.amendmentItems.first().getAttribute('data-suggestion-id');
    const path = `/api/drafts/${draftId}/amendments`;

    // A sponsor may not decide; malformed requests are explained.
    const bySponsor = await france.page.request.post(path, {
      headers: origin,
      data: { action: 'accept', ids: [id] },
    });
    expect(bySponsor.status()).toBe(403);
    const malformed = await cuba.page.request.post(path, {
      headers: origin,
      data: { action: 'approve', ids: ['x'] },
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error).toMatch(/"action": "accept" \| "reject" \| "reinstate"/);

    const [accepted, rejected] = await Promise.all([
      cuba.page.request.post(path, { headers: origin, data: { action: 'accept', ids: [id] } }),
      kenya.page.request.post(path, { headers: origin, data: { action: 'reject', ids: [id] } }),
    ]);
    const reports = [await accepted.json(), await rejected.json()] as {
      done: string[];
      alreadyDecided: { id: string; note: string }[];
    }[];
    expect(reports.map((report) => report.done.length).sort()).toEqual([0, 1]);
    const loser = reports.find((report) => report.done.length === 0)!;
    expect(loser.alreadyDecided).toEqual([
      { id, note: expect.stringMatching(/^already (accepted|rejected) by (CUB|KEN) at /) },
    ]);
    const winner = reports.indexOf(reports.find((report) => report.done.length === 1)!);
    const expected =
      winner === 0
        ? 'Recalling its resolution 76/159, and 77/222'
        : 'Recalling its resolution 76/159,';
    for (const { draft } of [france, cuba, kenya]) {
      await expect.poll(() => draft.textOf(draft.preambular(0))).toBe(expected);
      await expect(draft.amendmentItems).toHaveCount(0);
    }
    // One outcome, one row on the record, after the proposal (recorded before any decision).
    const csv = cli(concord.databasePath, 'audit', 'list', draftId).trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(',FRA,Béatrice Martin,amendment.proposed,');
    expect(csv[2]).toContain(winner === 0 ? 'amendment.accepted' : 'amendment.rejected');
  });
});
