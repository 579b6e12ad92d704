import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { CUBA } from './accounts';
import { expect, test } from './fixtures';

/** Search over adopted paragraphs (issue item 4): the search page and the paragraph in context. */

const PHRASE = '"international cooperation in the field of human rights"';

/** The number of paragraphs the results' heading says were found. */
async function foundCount(page: Page): Promise<number> {
  const heading = page.getByRole('heading', { level: 2, name: /paragraphs? found$/ });
  await expect(heading).toBeVisible();
  return Number((await heading.innerText()).replace(/[^\d]/g, ''));
}

/** Axe's WCAG 2.1 A and AA findings of serious or critical impact: rule and elements. */
async function seriousFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

function hits(page: Page): Locator {
  return page.getByRole('region', { name: /found$/ }).getByRole('listitem');
}

test('a phrase in the Third Committee: hits newest first, a filter narrows them, a hit opens its resolution at the paragraph', async ({
  delegate,
}) => {
  const { page } = await delegate(CUBA);
  await page.getByRole('link', { name: 'search agreed language' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agreed language' })).toBeVisible();
  await expect(page.getByText(/sessions 75 to 79/)).toBeVisible();

  await page.getByLabel('Words, or a “phrase in quotes”').fill(PHRASE);
  await page.getByLabel('Committee').selectOption('Third Committee');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]committee=Third\+Committee/);

  const total = await foundCount(page);
  expect(total).toBeGreaterThan(1);
  await expect(hits(page)).toHaveCount(Math.min(total, 50));
  // Each hit holds the phrase, marked, and comes from the Third Committee, newest first.
  const first = hits(page).first();
  await expect(first.locator('mark').first()).toHaveText(
    /^international cooperation in the field of human rights$/i,
  );
  await expect(first).toContainText('Third Committee');
  const dates = await hits(page)
    .locator('time')
    .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
  expect(dates.length).toBe(Math.min(total, 50));
  expect(dates).toEqual([...dates].sort().reverse());
  // The form keeps the search.
  await expect(page.getByLabel('Words, or a “phrase in quotes”')).toHaveValue(PHRASE);
  await expect(page.getByLabel('Committee')).toHaveValue('Third Committee');

  // Recorded votes only: fewer hits, each of them a recorded vote.
  await page.getByLabel('How adopted').selectOption('Recorded vote');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]adopted=recorded/);
  const recorded = await foundCount(page);
  expect(recorded).toBeGreaterThan(0);
  expect(recorded).toBeLessThan(total);
  for (const hit of await hits(page).all()) await expect(hit).toContainText('recorded vote');
  await page.screenshot({ path: '/tmp/pw-search-results.png', fullPage: true });
  expect(await seriousFindings(page)).toEqual([]);

  // The first hit, in context.
  const link = hits(page).first().getByRole('link');
  const [symbol = '', ref = ''] =
    /^(A\/RES\/\S+(?: [A-Z])?) ((?:PP|OP).*)$/.exec(await link.innerText())?.slice(1) ?? [];
  expect(symbol).not.toBe('');
  const title = await hits(page).first().locator('.agreed-hit-title').innerText();
  await link.click();
  const anchor = ref.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  await expect(page).toHaveURL(new RegExp(`/precedents/resolution\\?symbol=.*#${anchor}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(symbol, { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Preamble' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Operative part' })).toBeVisible();
  const targeted = page.locator(':target');
  await expect(targeted).toHaveAttribute('id', anchor);
  await expect(targeted).toContainText(ref);
  await expect(targeted.locator('mark').first()).toHaveText(
    /^international cooperation in the field of human rights$/i,
  );
  await expect(targeted).toBeInViewport();
  // Only the linked paragraph is marked out.
  expect(await targeted.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(
    'rgba(0, 0, 0, 0)',
  );
  await page.screenshot({ path: '/tmp/pw-search-resolution.png' });
  expect(await seriousFindings(page)).toEqual([]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: '/tmp/pw-search-resolution-top.png' });

  // Back to the same search.
  await page.getByRole('link', { name: 'Back to the search results' }).click();
  await expect(page.getByLabel('How adopted')).toHaveValue('recorded');
  expect(await foundCount(page)).toBe(recorded);
});

test('an empty search, a search without results and an unknown resolution each say so', async ({
  delegate,
  browser,
  baseURL,
}) => {
  const { page } = await delegate(CUBA);
  await page.goto('/precedents?q=+&session=&committee=&adopted=');
  const query = page.getByLabel('Words, or a “phrase in quotes”');
  await expect(query).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Type words to look for, or a phrase in quotes.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/pw-search-empty.png' });

  await page.goto('/precedents?q=%22human+rights+of+unicorns%22&session=78&adopted=withoutVote');
  await expect(page.getByRole('heading', { level: 2, name: 'No paragraphs found' })).toBeVisible();
  await expect(page.getByText('No adopted paragraph holds this phrase')).toBeVisible();
  await page.screenshot({ path: '/tmp/pw-search-none.png' });
  await page.getByRole('link', { name: 'Search again without the filters' }).click();
  await expect(page.getByLabel('Session')).toHaveValue('');
  await expect(page.getByLabel('How adopted')).toHaveValue('');
  await expect(query).toHaveValue('"human rights of unicorns"');

  await page.goto('/precedents/resolution?symbol=A/RES/99/999');
  await expect(page.getByRole('heading', { level: 1, name: 'Resolution not found' })).toBeVisible();
  await expect(page.getByText('A/RES/99/999 is not among the adopted resolutions')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Search agreed language' })).toBeVisible();

  // Signed out: to the sign-in page, which returns to the search.
  const visitor = await (await browser.newContext({ baseURL })).newPage();
  await visitor.goto('/precedents?q=peace');
  await expect(visitor).toHaveURL(/\/sign-in\?callbackUrl=%2Fprecedents%3Fq%3Dpeace/);
  await visitor.context().close();
});
