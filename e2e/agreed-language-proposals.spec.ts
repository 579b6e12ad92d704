import fs from 'node:fs';
import { imported } from '../lib/testing/amended-draft';
import { FRANCE } from './accounts';
import { expect, test } from './fixtures';

/** Issue 25, item 5: each proposal says how much of its new text is agreed language. */

const DEMO = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

/** A/RES/79/166 PP8, word for word, proposed as an operative paragraph. */
const AGREED =
  'Stresses the importance of international cooperation for improving the living conditions of all in every country, including, in particular, in developing countries;';

const SHOTS = process.env.CONCORD_SCREENSHOTS;

test('a sponsor’s proposals show the share of their new words that is agreed language, and where from', async ({
  concord,
  delegate,
}) => {
  const draftId = await concord.createDraft('Agreed language of proposals', imported(DEMO).body);
  await concord.grant(draftId, FRANCE, 'sponsor');
  const { draft, page } = await delegate(FRANCE);
  await draft.open(draftId);

  // A new paragraph of adopted wording; one word of OP17 that makes it last year's OP17;
  // and new words in OP2.
  await draft.typeAtEnd(draft.operative(9), '');
  await page.keyboard.press('Enter');
  await page.keyboard.type(AGREED);
  await draft.selectText(draft.operative(17), 'seventy-eighth');
  await page.keyboard.type('eightieth');
  await draft.selectText(draft.operative(1), 'equality and equity');
  await page.keyboard.type('fairness');
  await expect(draft.amendmentItems).toHaveCount(3);

  const item = (where: string) =>
    draft.amendmentItems.filter({
      has: page.locator('.amendment-where', { hasText: new RegExp(`^${where}$`) }),
    });
  const agreed = (where: string) => item(where).locator('.amendment-agreed');
  await expect(agreed('OP10 bis')).toContainText(
    'Agreed language: 100% of the new words — A/RES/79/166 PP8 (newest source)',
    { timeout: 20_000 },
  );
  // One inserted word, inside a passage that runs across it.
  await expect(agreed('OP17')).toContainText(
    'Agreed language: 100% of the new words — A/RES/79/166 OP17 (newest source)',
  );
  await expect(agreed('OP2')).toHaveText('New language');
  await expect(page.getByText(/Agreed language could not be looked up/)).toHaveCount(0);

  // The sources, in a disclosure: symbol and paragraph, how adopted, when, the title.
  await agreed('OP10 bis')
    .getByText(/^Agreed language/)
    .click();
  const sources = agreed('OP10 bis').locator('p');
  await expect(sources.first()).toContainText(
    'A/RES/79/166 PP8, adopted without a vote, 17 December 2024',
  );
  await expect(sources.first()).toContainText(
    'Enhancement of international cooperation in the field of human rights',
  );
  await expect(sources.first()).toContainText('21 of the 21 new words');

  await item('OP10 bis').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('proposals-agreed-language.png') });
  if (SHOTS) {
    await draft.amendments.screenshot({ path: `${SHOTS}/pw-proposals-panel.png` });
    await page.screenshot({ path: `${SHOTS}/pw-proposals-page.png` });
  }

  // Deleting words adds none: the card says nothing about agreed language.
  await draft.selectText(draft.operative(3), 'universal ');
  await page.keyboard.press('Backspace');
  await expect(draft.amendmentItems).toHaveCount(4);
  await expect(item('OP4')).toContainText('Deletion');
  await expect(agreed('OP10 bis')).toBeVisible();
  await expect(item('OP4').locator('.amendment-agreed')).toHaveCount(0);

  // The compilation with the option: each paragraph's and each proposal's line.
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the draft' });
  await expect(dialog.getByRole('checkbox', { name: /Agreed language/ })).toHaveCount(0);
  await dialog.getByRole('radio', { name: 'Compilation of amendments' }).check();
  await dialog.getByRole('checkbox', { name: /Agreed language/ }).check();
  await dialog.getByLabel('Format').selectOption('md');
  if (SHOTS) await dialog.screenshot({ path: `${SHOTS}/pw-proposals-export.png` });
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export' }).click(),
  ]);
  const compilation = fs.readFileSync(await file.path(), 'utf8');
  expect(compilation).toContain(
    '- *FRA (new paragraph) — Agreed language 100%: A/RES/79/166 PP8, adopted without a vote, 17 December 2024*',
  );
  expect(compilation).toContain('- *FRA (replace) — New language*');
  expect(compilation).toContain(
    '- *Agreed language 100%: A/RES/79/166 PP9, adopted without a vote, 17 December 2024*',
  );
});
