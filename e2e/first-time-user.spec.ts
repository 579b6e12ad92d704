import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { importResolutionMarkdown } from '../lib/import/resolution-markdown';
import { CUBA, FRANCE, KENYA } from './accounts';
import { expect, test, type Account } from './fixtures';
import { DraftPage } from './pages/draft-page';
import { TEST_PASSWORD } from '../server/testing/accounts';

/** What a first-time user ran into (issue 21): keyboard only, sticky bars, the current view… */

const demoBody = () =>
  importResolutionMarkdown(
    fs.readFileSync(
      'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md',
      'utf8',
    ),
  ).document.body;

/**
 * Presses Tab until `target` has focus (at most `limit` times); fails
 * otherwise. In the text, where Tab indents, it leaves as the toolbar says:
 * Escape, then Tab.
 */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    const inText = await page.evaluate(() => !!document.activeElement?.closest('.resolution-body'));
    if (inText) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Signs in with the keyboard only: the username field has focus on arrival. */
async function signInByKeyboard(page: Page, account: Account): Promise<void> {
  await page.goto('/sign-in');
  await expect(page.getByLabel('Username')).toBeFocused();
  await page.keyboard.type(account.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
}

/** The bottom edge of the sticky bars, in window coordinates. */
function barsBottom(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll('[data-sticky-bar]')].map(
        (bar) => bar.getBoundingClientRect().bottom,
      ),
    ),
  );
}

test('keyboard only: a sponsor proposes, the facilitator reaches the panel and accepts, without the mouse', async ({
  browser,
  baseURL,
  concord,
  watchConsole,
}, testInfo) => {
  const draftId = await concord.createDraft('Keyboard-only negotiation', {
    preamble: [[{ text: 'Recalling its resolution 76/159,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to convene a meeting;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report.' }] },
    ],
  });
  await concord.grant(draftId, CUBA, 'facilitator');
  await concord.grant(draftId, FRANCE, 'sponsor');
  const contexts = [];
  const pages: Page[] = [];
  for (const account of [FRANCE, CUBA]) {
    const context = await browser.newContext({ baseURL });
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page);
    await signInByKeyboard(page, account);
    // From the list to the draft, by Tab and Enter.
    await tabTo(page, page.getByRole('link', { name: 'Keyboard-only negotiation' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/drafts\//);
    const editor = page.getByRole('textbox', { name: 'Text of the draft resolution' });
    await expect(editor).toHaveAttribute('contenteditable', 'true');
    pages.push(page);
  }
  const [france, cuba] = pages as [Page, Page];

  // France tabs into the text, goes to its end and proposes words.
  const franceText = france.getByRole('textbox', { name: 'Text of the draft resolution' });
  await tabTo(france, franceText);
  await france.keyboard.press('Control+End');
  await france.keyboard.type(' every year');
  await expect(franceText.locator('ins[data-delegation="FRA"]')).toHaveText(' every year');

  // Cuba: into the text, then out of it with Escape, Tab, on to the amendment's Accept.
  const cubaText = cuba.getByRole('textbox', { name: 'Text of the draft resolution' });
  // The facilitator has the header form before the text: the skip link goes past it.
  await tabTo(cuba, cuba.getByRole('link', { name: 'Skip to the text' }), 80);
  await cuba.keyboard.press('Enter');
  await expect(cubaText).toBeFocused();
  await cuba.keyboard.press('Escape');
  await cuba.keyboard.press('Tab');
  // Beside the text: the Amendments tab, then the panel.
  await expect(cuba.getByRole('tab', { name: 'Amendments' })).toBeFocused();
  await cuba.keyboard.press('Tab');
  const panel = cuba.getByRole('complementary', { name: /Amendments/ });
  expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  const accept = panel.getByRole('button', { name: /^Accept FRA's insertion/ });
  await tabTo(cuba, accept);
  await cuba.screenshot({ path: testInfo.outputPath('keyboard-accept-focused.png') });
  await cuba.keyboard.press('Enter');
  await expect(panel).toContainText('(0 pending)');
  for (const page of pages) {
    const draft = new DraftPage(page);
    await expect.poll(() => draft.textOf(draft.operative(1))).toBe('Requests a report. every year');
    await expect(draft.editor.locator('ins')).toHaveCount(0);
  }

  // Tab on an OP in editing mode makes it a sub-paragraph: the page says so.
  await cubaText.focus();
  await cuba.keyboard.press('Control+End');
  await cuba.keyboard.press('Home');
  await cuba.keyboard.press('Tab');
  await expect(cuba.locator('.refusal')).toHaveText('OP2 is now OP1 (a). Shift+Tab turns it back.');
  await cuba.keyboard.press('Shift+Tab');
  await expect(cuba.locator('.refusal')).toHaveText('OP1 (a) is now OP2. Tab turns it back.');
  for (const context of contexts) await context.close();
});

test.describe('at 1024 px', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('scroll targets clear the sticky bars; the current view stays in sight; labels, tags and colours', async ({
    delegate,
    concord,
  }, testInfo) => {
    // Three delegates on a 33-paragraph draft, and many checks: more than the usual minute.
    test.setTimeout(120_000);
    const draftId = await concord.createDraft(
      'Enhancement of international cooperation',
      demoBody(),
    );
    await concord.grant(draftId, CUBA, 'facilitator');
    await concord.grant(draftId, FRANCE, 'sponsor');
    await concord.grant(draftId, KENYA, 'sponsor');
    const france = await delegate(FRANCE);
    await france.draft.open(draftId);
    const kenya = await delegate(KENYA);
    await kenya.draft.open(draftId);
    const cuba = await delegate(CUBA);
    await cuba.draft.open(draftId);

    // France replaces words in the last OP; Kenya proposes moving OP3 down (OP4 bis).
    const lastOp = france.draft.operative(16);
    await france.draft.selectText(lastOp, 'continue');
    await france.page.keyboard.type('pursue');
    await kenya.draft.typeAtEnd(kenya.draft.operative(2), '');
    await kenya.page.keyboard.press('Alt+ArrowDown');
    await expect(cuba.draft.amendmentItems).toHaveCount(2);

    // "Show in the text" from the top of the page: the amendment lands clear of the bars.
    const { page } = cuba;
    await page.evaluate(() => window.scrollTo(0, 0));
    await cuba.draft.amendmentItems
      .filter({ hasText: 'FRA' })
      .getByRole('button', { name: /FRA Replacement/ })
      .click();
    const inserted = cuba.draft.editor.locator('ins[data-delegation="FRA"]');
    await expect(inserted).toBeInViewport();
    const box = (await inserted.boundingBox())!;
    expect(box.y).toBeGreaterThan(await barsBottom(page));
    expect(box.y + box.height).toBeLessThan(768 - 40);
    await page.screenshot({ path: testInfo.outputPath('show-in-text-1024.png') });

    // The caret walked up with the arrow keys stays below the bars as the page scrolls.
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowUp');
    const caretTop = await page.evaluate(
      () => window.getSelection()!.getRangeAt(0).getBoundingClientRect().top,
    );
    expect(caretTop).toBeGreaterThanOrEqual(await barsBottom(page));

    // One tag per amendment, set apart: the struck words of the replacement carry none.
    const struck = cuba.draft.editor.locator('del[data-delegation="FRA"]');
    const tagOf = (element: Locator) =>
      element.evaluate((e) => getComputedStyle(e, '::after').content);
    expect(await tagOf(struck)).toBe('none');
    expect(await tagOf(inserted)).not.toBe('none');

    // Three delegations, three colours.
    const colors = await Promise.all(
      ['CUB', 'FRA', 'KEN'].map((code) =>
        page.evaluate(
          (property) =>
            getComputedStyle(document.querySelector('main.workspace')!).getPropertyValue(property),
          `--delegation-${code}`,
        ),
      ),
    );
    expect(new Set(colors).size).toBe(3);
    // The marks are drawn in the draft's colour of their delegation.
    const drawnIn = await inserted.evaluate((element) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--delegation-FRA)';
      document.querySelector('main.workspace')!.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return [getComputedStyle(element).color, expected];
    });
    expect(drawnIn[0]).toBe(drawnIn[1]);

    // Margin notes never run into the next paragraph's.
    const overlaps = await cuba.draft.editor.evaluate((text) => {
      const notes = [...text.querySelectorAll('[data-margin]')].map((paragraph) => {
        const note = getComputedStyle(paragraph, '::after');
        const top = paragraph.getBoundingClientRect().top + parseFloat(note.top);
        return {
          ref: paragraph.getAttribute('data-ref'),
          top,
          bottom: top + parseFloat(note.height),
        };
      });
      return notes
        .slice(1)
        .filter((note, i) => note.top < notes[i]!.bottom)
        .map((note, i) => `${notes[i]!.ref} runs into ${note.ref}`);
    });
    expect(overlaps).toEqual([]);
    await cuba.draft.operative(3).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('margin-1024.png') });

    // Footnotes: only the number in the text; the note shows when pointed at.
    const footnote = cuba.draft.editor.locator('.footnote').first();
    await footnote.scrollIntoViewIfNeeded();
    expect((await footnote.boundingBox())!.width).toBeLessThan(20);
    const note = footnote.locator('.footnote-text');
    await expect(note).toBeHidden();
    await footnote.hover();
    await expect(note).toBeVisible();
    await expect(note).toHaveText('A/CONF.157/24 (Part I), chap. III.');
    await page.screenshot({ path: testInfo.outputPath('footnote-hover-1024.png') });
    await page.mouse.move(0, 0);

    // The view other than the marked-up text stays in sight while it is on.
    await page.getByLabel('View').selectOption({ label: 'As if all accepted' });
    const viewNow = page.getByText('Viewing: As if all accepted');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(viewNow).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath('view-accepted-scrolled.png') });
    await page.getByRole('button', { name: 'Back to the marked-up text' }).click();
    await expect(viewNow).toHaveCount(0);
    await expect(page.getByLabel('View')).toHaveValue('markup');
  });
});

test('a long paste makes a short card with "Show all"; a web page pastes as paragraphs only', async ({
  delegate,
  concord,
}, testInfo) => {
  const draftId = await concord.createDraft('Pasting', {
    preamble: [[{ text: 'Recalling its resolution 76/159,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to convene a meeting;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report.' }] },
    ],
  });
  await concord.grant(draftId, FRANCE, 'sponsor');
  const france = await delegate(FRANCE);
  await france.draft.open(draftId);
  const paste = (html: string, text: string) =>
    france.page.evaluate(
      ([h, t]) => {
        const data = new DataTransfer();
        data.setData('text/html', h!);
        data.setData('text/plain', t!);
        document
          .querySelector('.resolution-body')!
          .dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
          );
      },
      [html, text],
    );

  // More than a proposal may hold (20,000 characters): refused on the page, with why,
  // before the server would have to refuse it; nothing else is lost.
  const tooLong = Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' ');
  await france.draft.typeAtEnd(france.draft.operative(0), '');
  await paste(`<span>${tooLong}</span>`, tooLong);
  await expect(france.page.locator('.refusal')).toContainText(
    'Not pasted: it holds a paragraph of 43,889 characters',
  );
  await expect(france.draft.amendmentItems).toHaveCount(0);
  await expect(france.page.locator('.banner-error')).toHaveCount(0);

  // 18 KB of words: the card shows the start and a button for the rest.
  const long = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
  await paste(`<span>${long}</span>`, long);
  const card = france.draft.amendmentItems.first();
  await expect(card).toContainText('Show all (2000 words)');
  expect((await card.boundingBox())!.height).toBeLessThan(400);
  await card.getByRole('button', { name: 'Show all (2000 words)' }).click();
  await expect(card.getByRole('button', { name: 'Show less' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(card).toContainText('word1999');
  await card.getByRole('button', { name: 'Show less' }).click();
  await france.page.screenshot({ path: testInfo.outputPath('long-paste-card.png') });

  // A web page's heading, paragraph and table: one proposed paragraph, cells spaced.
  await france.draft.typeAtEnd(france.draft.operative(1), '');
  await france.page.keyboard.press('End');
  await paste(
    '<h1>Oceans</h1><p>The sea is shared.</p><table><tr><td>2023</td><td>12 t</td></tr></table>',
    'Oceans\nThe sea is shared.\n2023\t12 t',
  );
  await expect(france.draft.editor.locator('.operative-paragraph')).toHaveCount(2);
  await expect(france.draft.operative(1)).toContainText('Oceans The sea is shared. 2023 12 t');
});
