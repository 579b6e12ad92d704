import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { docxParts, paragraphTexts } from '../lib/testing/docx-parts';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Delegate } from './fixtures';
import { negotiation } from './negotiation';

/**
 * The what-if view (issue 23): the text as if exactly the ticked amendments
 * were accepted, numbered as it would be, with the conflicts between them;
 * each delegation's own; nothing decided by looking.
 */

function tick(delegate: Delegate, name: RegExp): Locator {
  return delegate.draft.amendments.getByRole('checkbox', { name });
}

test('sponsors propose; the facilitator ticks two, sees the text and their conflict, exports Word; a sponsor looks for itself', async ({
  delegate,
  concord,
}, testInfo) => {
  test.setTimeout(120_000);
  const {
    draftId,
    delegates: [france, kenya, cuba],
  } = await negotiation(concord, delegate, 'What if', [
    [FRANCE, 'sponsor'],
    [KENYA, 'sponsor'],
    [CUBA, 'facilitator'],
  ]);

  // France proposes a new OP after OP1 and "Secretariat" in OP2; Kenya proposes deleting OP2.
  await france.draft.typeAtEnd(france.draft.operative(0), '');
  await france.page.keyboard.press('Enter');
  await france.page.keyboard.type('Invites Member States to participate;');
  // OP1 whole, not split where a click landed (CI once saw "FRA's new paragraph in OP1 → OP1 bis").
  await expect(france.draft.operative(0).locator('del')).toHaveCount(0);
  await france.draft.selectText(france.draft.operative(2), 'Secretary-General');
  await france.page.keyboard.type('Secretariat');
  await expect(kenya.draft.operative(2).locator('ins[data-delegation="FRA"]')).toHaveText(
    'Secretariat',
  );
  await kenya.draft.typeAtEnd(kenya.draft.operative(2), '');
  await kenya.page.keyboard.press('Control+Shift+Backspace');
  await expect(cuba.draft.amendmentItems).toHaveCount(3);

  // The facilitator ticks France's replacement and Kenya's deletion of OP2.
  const panel = cuba.draft.amendments;
  await expect(panel.getByRole('checkbox')).toHaveCount(0);
  await panel.getByRole('button', { name: 'What if…' }).click();
  await expect(panel.getByRole('button', { name: 'What if…' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await tick(cuba, /FRA’s replacement in OP2/).check();
  await tick(cuba, /KEN’s paragraph deletion in OP2/).check();
  await expect(panel).toContainText('2 ticked');
  await cuba.page.screenshot({ path: testInfo.outputPath('what-if-ticked.png'), fullPage: true });
  const show = panel.getByRole('button', { name: 'Show the text as if these were accepted' });
  await show.click();
  const dialog = cuba.page.getByRole('dialog', {
    name: 'The text as if these 2 amendments were accepted',
  });
  await expect(dialog).toBeVisible();
  const conflicts = dialog.getByRole('region', { name: 'Conflicts (1)' });
  await expect(conflicts).toContainText(
    'KEN deletes OP2, which FRA amends: with both accepted the paragraph is deleted',
  );
  await expect(conflicts).toContainText(
    'Concerned: KEN’s paragraph deletion in OP2; FRA’s replacement in OP2',
  );
  const text = dialog.getByRole('region', { name: 'The text' });
  await expect(text.getByRole('listitem')).toHaveText([
    /^PP1Recalling its resolution 76\/159,$/,
    /^OP11\. Decides to convene a high-level meeting in 2027;$/,
    /^OP2 \(deleted\)Requests the Secretary-General to report\.$/,
  ]);
  await cuba.page.screenshot({ path: testInfo.outputPath('what-if-dialog.png') });
  // Axe's WCAG A and AA rules on the dialog and the ticked cards: nothing serious.
  const axe = await new AxeBuilder({ page: cuba.page })
    .include('dialog[open]')
    .include('.amendment-list')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    axe.violations.filter((found) => found.impact === 'serious' || found.impact === 'critical'),
  ).toEqual([]);

  // Word: a real DOCX holding the what-if text, recorded in the audit log.
  const [download] = await Promise.all([
    cuba.page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export as Word' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('What-if-what-if.docx');
  const xml = docxParts(fs.readFileSync(await download.path())).get('word/document.xml')!;
  const paragraphs = paragraphTexts(xml).join('\n');
  expect(paragraphs).toContain('Decides to convene a high-level meeting in 2027;');
  expect(paragraphs).not.toContain('Requests the');
  expect(paragraphs).not.toContain('Invites Member States');
  const audit = await cuba.page.request.get(`/api/drafts/${draftId}/audit?action=whatif.exported`);
  const { entries } = (await audit.json()) as {
    entries: { action: string; delegation: string; detail: { summary: string } }[];
  };
  expect(entries).toHaveLength(1);
  expect(entries[0]!.detail.summary).toBe(
    'CUB exported the text as if 2 amendments were accepted (KEN OP2; FRA OP2) as Word (DOCX); one conflict among them. Nothing was decided.',
  );

  // The route: read only, any role; a malformed request says what to send.
  const route = `/api/drafts/${draftId}/what-if`;
  const headers = { origin: concord.baseURL };
  const malformed = await kenya.page.request.post(route, { data: { ids: ['x'] }, headers });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error).toMatch(/Send \{ "ids"/);
  const none = await kenya.page.request.post(route, { data: { ids: [] }, headers });
  expect(((await none.json()) as { paragraphs: { reference: string }[] }).paragraphs).toHaveLength(
    3,
  );
  const crossSite = await kenya.page.request.post(route, {
    data: { ids: [] },
    headers: { origin: 'https://elsewhere.example' },
  });
  expect(crossSite.status()).toBe(403);

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(show).toBeFocused();
  // Nothing was decided by looking.
  await expect(cuba.draft.amendmentItems).toHaveCount(3);
  await expect(france.draft.amendmentItems).toHaveCount(3);

  // France looks for itself: its own ticks (none of the facilitator's), its new OP numbered.
  const own = france.draft.amendments;
  await expect(own.getByRole('checkbox')).toHaveCount(0);
  await own.getByRole('button', { name: 'What if…' }).click();
  await expect(own.getByRole('button', { name: 'What if…' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // One tick per card, none ticked.
  await expect(own.getByRole('checkbox')).toHaveCount(3);
  await expect(own.getByRole('checkbox', { checked: true })).toHaveCount(0);
  await tick(france, /FRA’s new paragraph in OP1 bis/).check();
  await own.getByRole('button', { name: 'Show the text as if these were accepted' }).click();
  const mine = france.page.getByRole('dialog', {
    name: 'The text as if this amendment were accepted',
  });
  await expect(
    mine.getByRole('heading', { name: 'No conflicts between these amendments' }),
  ).toBeVisible();
  await expect(mine.getByRole('region', { name: 'The text' }).getByRole('listitem')).toHaveText([
    /^PP1Recalling/,
    /^OP11\. Decides/,
    /^OP2 \(new\)2\. Invites Member States to participate;$/,
    /^OP3 \(was OP2\)3\. Requests the Secretary-General to report\.$/,
  ]);
  await france.page.screenshot({ path: testInfo.outputPath('what-if-own.png') });
  const [markdown] = await Promise.all([
    france.page.waitForEvent('download'),
    mine.getByRole('button', { name: 'Markdown' }).click(),
  ]);
  const md = fs.readFileSync(await markdown.path(), 'utf8');
  // The exporter puts an OP's first word in italics, as the UN prints it.
  expect(md).toContain('2. *Invites* Member States to participate;');
  expect(md).toContain('3. Requests the Secretary-General to report.');
});
