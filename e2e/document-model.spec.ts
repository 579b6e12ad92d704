import { CUBA, FRANCE } from './accounts';
import { expect, test } from './fixtures';

test('a delegate builds a resolution with the keyboard alone; another sees the same numbering', async ({
  delegate,
  concord,
}) => {
  const cuba = await delegate(CUBA);
  await cuba.page.getByLabel('Title').fill('Keyboard-built resolution');
  await cuba.page.getByLabel('Title').press('Enter');
  await cuba.page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
  const draftId = cuba.page.url().split('/').at(-1)!;
  await cuba.draft.waitUntilEditable();
  const { page } = cuba;
  const keyboard = page.keyboard;

  await cuba.draft.preambular(0).click();
  await keyboard.type('Recalling its resolution 76/159,');
  await keyboard.press('Enter');
  await keyboard.type('Noting the report of the Secretary-General,');
  await keyboard.press('ArrowDown');
  await keyboard.type('Decides:');
  await keyboard.press('Enter');
  await keyboard.press('Tab');
  await keyboard.type('to convene a meeting;');
  await keyboard.press('Enter');
  await keyboard.type('to report on it');
  await keyboard.press('Enter');
  await keyboard.press('Tab');
  await keyboard.type('in writing;');
  await keyboard.press('Enter');
  await keyboard.press('Shift+Tab');
  await keyboard.press('Shift+Tab');
  await keyboard.type('Requests the Secretary-General to report');
  await keyboard.press('Control+Alt+f');
  await expect(page.getByRole('dialog', { name: 'New footnote' })).toBeVisible();
  await expect(page.getByLabel('Footnote text')).toBeFocused();
  await keyboard.type('A/77/274.');
  await keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await keyboard.type('.');

  const expected = ['PP1', 'PP2', 'OP1', 'OP1 (a)', 'OP1 (b)', 'OP1 (b) (i)', 'OP2'];
  await expect.poll(() => cuba.draft.references()).toEqual(expected);
  await expect.poll(() => cuba.draft.labels()).toEqual(['', '', '1.', '(a)', '(b)', '(i)', '2.']);

  // Move OP2 above OP1 with the keyboard: it takes the number 1, OP1's sub-paragraphs follow it.
  await keyboard.press('Alt+ArrowUp');
  await expect
    .poll(() => cuba.draft.references())
    .toEqual(['PP1', 'PP2', 'OP1', 'OP2', 'OP2 (a)', 'OP2 (b)', 'OP2 (b) (i)']);
  await keyboard.press('Alt+ArrowDown');

  await concord.grant(draftId, FRANCE, 'sponsor');
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);
  await expect.poll(() => france.draft.references()).toEqual(expected);
  await expect.poll(() => france.draft.labels()).toEqual(['', '', '1.', '(a)', '(b)', '(i)', '2.']);
  const footnote = france.draft.editor.locator('.footnote');
  await expect(footnote).toHaveAttribute('data-footnote-number', '1');
  await expect(footnote).toHaveText('A/77/274.');
  await expect
    .poll(() => france.draft.textOf(france.draft.editor.locator('.sub-paragraph').nth(2)))
    .toBe('in writing;');
  await expect
    .poll(() => france.draft.textOf(france.draft.operative(1)))
    .toBe('Requests the Secretary-General to reportA/77/274..');

  // The facilitator fills in the header; the sponsor sees it live, read-only.
  await page.getByLabel('Symbol').fill('A/C.3/80/L.12');
  await page.getByLabel('Committee').fill('Third Committee');
  await page.getByLabel('Organ').selectOption('Economic and Social Council');
  await expect(france.page.getByText('The Economic and Social Council')).toBeVisible();
  await france.page.locator('.header-form summary').click();
  await expect(france.page.getByLabel('Symbol')).toHaveValue('A/C.3/80/L.12');
  await expect(france.page.getByLabel('Symbol')).toHaveAttribute('readonly', '');
});

test.describe('a new draft from a file', () => {
  test('imports the UN draft with its header and numbering, and says why a broken file is refused', async ({
    delegate,
  }) => {
    const cuba = await delegate(CUBA);
    const { page } = cuba;
    await page.getByLabel(/start from a resolution text/).setInputFiles({
      name: 'notes.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('Hello\n'),
    });
    await page.getByRole('button', { name: 'Create draft' }).click();
    await expect(page.getByText(/notes\.md: .*enacting formula/i)).toHaveRole('alert');

    await page
      .getByLabel(/start from a resolution text/)
      .setInputFiles('fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
    await cuba.draft.waitUntilEditable();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Enhancement of international cooperation in the field of human rights',
    );
    const references = await cuba.draft.references();
    expect(references.filter((r) => r.startsWith('PP'))).toHaveLength(16);
    expect(references.filter((r) => r.startsWith('OP'))).toHaveLength(17);
    await expect(cuba.draft.editor.locator('.footnote')).toHaveCount(6);
    await expect(page.locator('.header-summary')).toHaveText(
      'Third Committee · Seventy-seventh session',
    );
  });
});
