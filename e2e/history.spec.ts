import { readFile } from 'node:fs/promises';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Account } from './fixtures';
import { negotiation } from './negotiation';
import { HistoryDialog } from './pages/history-dialog';

/** A delegation that holds no role on the draft of this spec. */
const ICELAND: Account = {
  // Not Norway's code: the Secretariat's spec adds Norway itself, on the same server.
  username: 'nils',
  displayName: 'Nils Berg',
  delegation: 'ISL',
  delegationName: 'Iceland',
};

/** Rows of an RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const CSV_HEADER = [
  'seq',
  'time',
  'delegation',
  'user',
  'action',
  'amendment',
  'proposed by',
  'kind',
  'paragraph',
  'old text',
  'new text',
  'status from',
  'status to',
  'details',
  'hash',
];

// The error state is shown by answering the page's request with a 503.
test.use({ allowedConsoleErrors: [/status of 503/] });

test('History lists the decisions with who and what, filters them, refreshes, and downloads them as CSV; others get 404', async ({
  delegate,
  concord,
  baseURL,
}) => {
  const {
    draftId,
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'History', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);

  await france.draft.selectText(france.draft.operative(0), 'high-level meeting');
  await france.page.keyboard.type('summit');
  await kenya.draft.selectText(kenya.draft.operative(1), 'to report');
  await kenya.page.keyboard.press('ArrowRight');
  await kenya.page.keyboard.type(' annually');
  await expect(cuba.draft.amendmentItems).toHaveCount(2);
  const kenyan = await cuba.draft.amendmentItems
    .filter({ hasText: 'KEN' })
    .getAttribute('data-suggestion-id');
  await cuba.draft.amendments
    .getByRole('button', { name: /Accept FRA's replacement in OP1/ })
    .click();
  await expect(cuba.draft.amendments).toContainText('Accepted 1.');

  // Opening: focus moves into the dialog, and the decision is listed with who and what.
  const history = new HistoryDialog(cuba.page);
  await history.open();
  await expect(history.heading).toBeFocused();
  const accepted = history.row('Amendment accepted', 'FRA');
  await expect(accepted).toHaveCount(1);
  await expect(accepted).toContainText('CUB');
  await expect(accepted).toContainText('Ana Pérez');
  await expect(accepted).toContainText('OP1');
  await expect(accepted).toContainText('Replacement proposed by FRA');
  await expect(accepted.locator('del')).toHaveText('high-level meeting');
  await expect(accepted.locator('ins')).toHaveText('summit');

  // A decision taken meanwhile appears on Refresh.
  const rejected = history.row('Amendment rejected', 'KEN');
  await expect(rejected).toHaveCount(0);
  const decided = await cuba.page.request.post(`/api/drafts/${draftId}/amendments`, {
    headers: { origin: baseURL! },
    data: { action: 'reject', ids: [kenyan] },
  });
  expect(decided.status()).toBe(200);
  await history.dialog.getByRole('button', { name: 'Refresh' }).click();
  await expect(rejected).toHaveCount(1);
  await expect(rejected).toContainText('OP2');
  await expect(rejected).toContainText('Insertion proposed by KEN');
  await expect(rejected.locator('ins')).toHaveText(' annually');
  await cuba.page.screenshot({ path: test.info().outputPath('history-panel.png') });

  // Filters: by delegation (the one that proposed, or acted), then by action too.
  await history.filter('Delegation', 'KEN');
  await expect(rejected).toHaveCount(1);
  await expect(accepted).toHaveCount(0);
  await history.filter('Delegation', 'FRA');
  await history.filter('Action', 'Amendment accepted');
  await expect(history.rows).toHaveCount(1);
  await expect(accepted).toHaveCount(1);
  await expect(history.dialog).toContainText(/1 of \d+ entries/);
  await cuba.page.screenshot({ path: test.info().outputPath('history-filtered.png') });

  // The CSV holds what the filters show.
  const [download] = await Promise.all([
    cuba.page.waitForEvent('download'),
    history.download.click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${draftId}-history.csv`);
  const [header, ...rows] = parseCsv(await readFile(await download.path(), 'utf8'));
  expect(header).toEqual(CSV_HEADER);
  expect(rows).toHaveLength(1);
  const row = Object.fromEntries(CSV_HEADER.map((name, i) => [name, rows[0]?.[i]]));
  expect(row).toMatchObject({
    delegation: 'CUB',
    user: 'Ana Pérez',
    action: 'amendment.accepted',
    'proposed by': 'FRA',
    kind: 'replacement',
    paragraph: 'OP1',
    'old text': 'high-level meeting',
    'new text': 'summit',
    'status from': '',
    'status to': '',
    details: '',
  });
  expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(Date.parse(row.time ?? '')).toBeGreaterThan(0);

  // Escape closes the dialog and gives focus back to the button.
  await cuba.page.keyboard.press('Escape');
  await expect(history.dialog).toBeHidden();
  await expect(history.button).toBeFocused();

  // Loading fails: the dialog says so, and trying again works.
  await cuba.page.route(`**/api/drafts/${draftId}/audit`, (route) =>
    route.fulfill({ status: 503, json: { error: 'The database is busy.' } }),
  );
  await history.open();
  await expect(history.dialog.getByRole('alert')).toHaveText(
    'Could not load the history: The database is busy. Try again',
  );
  await cuba.page.screenshot({ path: test.info().outputPath('history-error.png') });
  await cuba.page.unroute(`**/api/drafts/${draftId}/audit`);
  await history.dialog.getByRole('button', { name: 'Try again' }).click();
  await expect(history.dialog.getByRole('alert')).toHaveCount(0);
  await expect(accepted).toHaveCount(1);

  // The route: newest first, filters checked, and no role means no such draft.
  const path = `/api/drafts/${draftId}/audit`;
  const listed = await cuba.page.request.get(path);
  expect(listed.status()).toBe(200);
  const { entries } = (await listed.json()) as { entries: { action: string; seq: number }[] };
  expect(entries[0]?.action).toBe('amendment.rejected');
  expect(entries.map((entry) => entry.seq)).toEqual(
    entries.map((entry) => entry.seq).sort((a, b) => b - a),
  );
  const badAction = await cuba.page.request.get(`${path}?action=amendment.approved`);
  expect(badAction.status()).toBe(400);
  expect((await badAction.json()).error).toMatch(/action is one of amendment\./);
  const unknown = await cuba.page.request.get(`${path}?user=ana`);
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error).toMatch(/Unknown parameter user/);
  const iceland = (await delegate(ICELAND)).page.request;
  expect((await iceland.get(path)).status()).toBe(404);
  expect((await iceland.get(`${path}?format=csv`)).status()).toBe(404);
});
