import { CUBA } from './accounts';
import { expect, test } from './fixtures';

/** Keyboard use of the editor (issue 21, items 1 and 2): a way out of the text, and focus shown. */
test('Tab indents in the text; Escape then Tab moves focus on to the amendments, Shift+Tab back before it', async ({
  delegate,
}, testInfo) => {
  const cuba = await delegate(CUBA);
  await cuba.page.goto('/');
  await cuba.page.getByLabel('Title').fill('Keyboard only');
  await cuba.page.getByRole('button', { name: 'Create draft' }).click();
  await cuba.page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
  await cuba.draft.waitUntilEditable();
  const { page, editor } = cuba.draft;
  const inText = () => page.evaluate(() => !!document.activeElement?.closest('.resolution-body'));

  await cuba.draft.typeAtEnd(cuba.draft.operative(0), 'Decides to remain seized of the matter;');
  // Tab is the outline key in the operative part: focus stays in the text.
  await page.keyboard.press('Tab');
  expect(await inText()).toBe(true);
  // The text says how to leave it, and shows that it has focus.
  await expect(editor).toHaveAccessibleDescription(/press Esc then Tab to move on/);
  const focusBar = await editor.evaluate((element) => getComputedStyle(element).boxShadow);
  expect(focusBar).not.toBe('none');
  await page.screenshot({ path: testInfo.outputPath('editor-focused.png') });

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await inText()).toBe(false);
  // Beside the text, the Amendments tab (selected), then the panel itself.
  await expect(page.getByRole('tab', { name: 'Amendments' })).toBeFocused();
  await page.keyboard.press('Tab');
  const panelHasFocus = await cuba.draft.amendments.evaluate((panel) =>
    panel.contains(document.activeElement),
  );
  expect(panelHasFocus, 'focus moved on to the amendments panel').toBe(true);

  // Back into the text, and out the other way.
  await cuba.draft.typeAtEnd(cuba.draft.operative(0), ' ');
  expect(await inText()).toBe(true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await inText()).toBe(false);
  // On the last control before the text (the style notes, or the toolbar).
  const before = await editor.evaluate((text) => {
    const active = document.activeElement;
    return !!active && !!(text.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_PRECEDING);
  });
  expect(before, 'focus moved back, before the text').toBe(true);
});
