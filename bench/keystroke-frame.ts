/**
 * Keystroke to frame in Chromium, with the agreed-language finder on and off
 * (issue 25: "the editor's keystroke-to-frame time unchanged"). The built
 * server runs on a fresh SQLite file with a 297-paragraph draft (the demo's
 * annual resolution, its paragraphs nine times over, so every paragraph has
 * agreed language to underline); a co-sponsor types into a middle paragraph in
 * Debian's Chromium (suggesting mode: every key is a proposal). For each key,
 * the time from its keydown to the start of the next frame
 * (requestAnimationFrame) is taken in the page, and the key's own work (from
 * its keydown until the page's thread is free again, a MessageChannel
 * message), and the page's main-thread time per key (Chromium's TaskDuration
 * and ScriptDuration counters over each round: steadier than key → frame).
 * Rounds alternate off / on, the finder switched with the Precedents tab's
 * checkbox. Needs `npm run build`.
 *
 *   npm run bench -- keystroke-frame [--rounds 4] [--keys 150] [--delay 60]
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { createDraft } from '../lib/drafts/create-draft';
import { openSqliteStores } from '../lib/db/stores';
import { imported } from '../lib/testing/amended-draft';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../lib/testing/chromium';
import { tempDatabasePath } from '../lib/testing/temp-database';
import { addTestUser, grantTestRole, signInCookie } from '../server/testing/accounts';
import { startConcordProcess } from '../server/testing/concord-process';
import { machineDescription } from './harness';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rounds: { type: 'string', default: '4' },
    keys: { type: 'string', default: '150' },
    delay: { type: 'string', default: '60' },
  },
});
const rounds = Number(values.rounds);
const keys = Number(values.keys);
const delay = Number(values.delay);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const demo = imported('fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md').body;
const times = <T>(list: readonly T[], n: number): T[] =>
  Array.from({ length: n }, () => list).flat();
const body = { preamble: times(demo.preamble, 9), operative: times(demo.operative, 9) };

const temp = tempDatabasePath();
const stores = openSqliteStores(temp.file);
const draft = await createDraft(stores.drafts, { title: 'Keystroke bench', body });
stores.close();
await addTestUser(temp.file, { username: 'typist', delegation: 'FRA', delegationName: 'France' });
await grantTestRole(temp.file, draft.id, 'FRA', 'sponsor');
const server = await startConcordProcess({ databasePath: temp.file, web: true, built: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const { cookie } = await signInCookie(temp.file, 'typist');
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.httpUrl }]);
  const page = await context.newPage();
  await page.goto(`${server.httpUrl}/drafts/${draft.id}`);
  const editor = page.getByRole('textbox', { name: 'Text of the draft resolution' });
  await editor.waitFor();
  await page.waitForFunction(
    () => document.querySelector('.resolution-body')?.getAttribute('contenteditable') === 'true',
  );
  const paragraphs = await editor.locator('.preambular-paragraph, .operative-paragraph').count();
  await page.waitForFunction(
    (n) => document.querySelectorAll('.resolution-body [data-agreed]').length >= n,
    paragraphs,
    { timeout: 60_000 },
  );
  await page.evaluate(() => {
    const w = window as unknown as { keyFrames: number[]; keyWork: number[] };
    w.keyFrames = [];
    w.keyWork = [];
    const channel = new MessageChannel();
    let pending: number[] = [];
    channel.port1.onmessage = () => {
      const now = performance.now();
      for (const start of pending) w.keyWork.push(now - start);
      pending = [];
    };
    document.addEventListener(
      'keydown',
      () => {
        const start = performance.now();
        requestAnimationFrame(() => w.keyFrames.push(performance.now() - start));
        // The key's own work: its events and the editor's handling, until the thread is free.
        pending.push(start);
        channel.port2.postMessage(null);
      },
      { capture: true },
    );
  });
  const checkbox = page.getByLabel('Show agreed language in the text');
  const target = editor.locator('.operative-paragraph').nth(Math.floor(paragraphs / 4));
  const results: Record<'on' | 'off', number[]> = { on: [], off: [] };
  // The page's main thread, busy in all (tasks) and in scripts, from Chromium's own counters:
  // steadier than key → frame, which frames (vsync) quantise.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const mainThread = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { task: metric('TaskDuration') * 1000, script: metric('ScriptDuration') * 1000 };
  };
  const busy = {
    on: { task: 0, script: 0, keys: 0 },
    off: { task: 0, script: 0, keys: 0 },
  };
  const work: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let round = 0; round < rounds; round++) {
    const mode = round % 2 === 0 ? 'off' : 'on';
    await page.getByRole('tab', { name: 'Precedents' }).click();
    await checkbox.setChecked(mode === 'on');
    await page.getByRole('tab', { name: 'Amendments' }).click();
    if (mode === 'on') {
      await page.waitForFunction(
        (n) => document.querySelectorAll('.resolution-body [data-agreed]').length >= n,
        paragraphs,
        { timeout: 60_000 },
      );
    }
    await target.click();
    await page.keyboard.press('End');
    await page.evaluate(() => {
      const w = window as unknown as { keyFrames: number[]; keyWork: number[] };
      w.keyFrames = [];
      w.keyWork = [];
    });
    const words = 'and further requests a report on the matter ';
    let typed = '';
    while (typed.length < keys) typed += words;
    const before = await mainThread();
    await page.keyboard.type(typed.slice(0, keys), { delay });
    await page.waitForTimeout(1000);
    const after = await mainThread();
    busy[mode].task += after.task - before.task;
    busy[mode].script += after.script - before.script;
    busy[mode].keys += keys;
    const samples = await page.evaluate(
      () => (window as unknown as { keyFrames: number[] }).keyFrames,
    );
    results[mode].push(...samples);
    work[mode].push(
      ...(await page.evaluate(() => (window as unknown as { keyWork: number[] }).keyWork)),
    );
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `round ${round + 1} (${mode}): ${samples.length} keys, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`,
    );
  }
  const line = (mode: 'on' | 'off', from = results) => {
    const sorted = [...from[mode]].sort((a, b) => a - b);
    return {
      keys: sorted.length,
      p50: Number(percentile(sorted, 50).toFixed(1)),
      p95: Number(percentile(sorted, 95).toFixed(1)),
      p99: Number(percentile(sorted, 99).toFixed(1)),
    };
  };
  const off = line('off');
  const on = line('on');
  console.log(
    JSON.stringify(
      {
        machine: machineDescription(),
        paragraphs,
        delayMs: delay,
        keydownToFrame: {
          finderOff: off,
          finderOn: on,
          ratioP50: Number((on.p50 / off.p50).toFixed(2)),
          ratioP95: Number((on.p95 / off.p95).toFixed(2)),
        },
        keyWork: { finderOff: line('off', work), finderOn: line('on', work) },
        // Per key, the round's second after the last key included.
        mainThreadMsPerKey: Object.fromEntries(
          (['off', 'on'] as const).map((mode) => [
            mode === 'off' ? 'finderOff' : 'finderOn',
            {
              tasks: Number((busy[mode].task / busy[mode].keys).toFixed(2)),
              scripts: Number((busy[mode].script / busy[mode].keys).toFixed(2)),
            },
          ]),
        ),
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await server.kill();
  temp.cleanup();
}
