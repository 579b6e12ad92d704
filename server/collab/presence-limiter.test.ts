import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PresenceLimiter, type PresenceBudget, type PresenceVerdict } from './presence-limiter';

const BUDGET: PresenceBudget = {
  messagesPerSecond: 50,
  bytesPerSecond: 64 * 1024,
  burstSeconds: 2,
  abuseFactor: 10,
  abuseSeconds: 3,
};
const context = { draft: 'd', user: 'u' };

/** Sends `count` messages of `bytes`, `everyMs` apart from `from`; the verdicts, counted. */
function send(
  limiter: PresenceLimiter,
  count: number,
  bytes: number,
  everyMs: number,
  from = 0,
): Record<PresenceVerdict, number> & { end: number } {
  const verdicts = { accept: 0, drop: 0, close: 0, end: from };
  for (let i = 0; i < count; i++) {
    const now = from + i * everyMs;
    verdicts[limiter.admit(bytes, now)]++;
    verdicts.end = now;
  }
  return verdicts;
}

test('a page moving its caret at typing or dragging speed is never limited', () => {
  const limiter = new PresenceLimiter(context, BUDGET);
  // A drag (60 moves a second, 300 bytes each) for 2 s, then typing (20 a second) for a minute.
  const drag = send(limiter, 120, 300, 1000 / 60);
  const typing = send(limiter, 1200, 300, 50, drag.end + 50);
  assert.deepEqual([drag.accept, typing.accept], [120, 1200]);
});

test('past the budget messages are dropped; the budget comes back', () => {
  const limiter = new PresenceLimiter(context, BUDGET);
  // 200 at once: the burst (2 s of 50) goes through, the rest is dropped.
  const burst = send(limiter, 200, 100, 0);
  assert.deepEqual([burst.accept, burst.drop, burst.close], [100, 100, 0]);
  // A second later, 50 more are allowed.
  const later = send(limiter, 60, 100, 0, 1000);
  assert.deepEqual([later.accept, later.drop], [50, 10]);
});

test('bytes count as well: large messages run out before the message count does', () => {
  const limiter = new PresenceLimiter(context, BUDGET);
  const big = send(limiter, 10, 32 * 1024, 0);
  assert.deepEqual([big.accept, big.drop, big.close], [4, 6, 0]);
});

test('sending ten times the budget for a few seconds closes the connection', () => {
  const limiter = new PresenceLimiter(context, BUDGET);
  // 5 000 messages a second (100 times the budget): closed within the first second.
  const flood = send(limiter, 5000, 100, 0.2);
  assert.ok(flood.close > 0);
  // 8 times the budget for 10 s is not a flood.
  const steady = new PresenceLimiter(context, BUDGET);
  assert.equal(send(steady, 4000, 100, 2.5).close, 0);
  // 20 MB a second of presence: closed after a few megabytes.
  const bytes = new PresenceLimiter(context, BUDGET);
  let sent = 0;
  let verdict: PresenceVerdict = 'accept';
  for (let now = 0; verdict !== 'close' && now < 5000; now += 2) {
    verdict = bytes.admit(40_000, now);
    sent += 40_000;
  }
  assert.equal(verdict, 'close');
  assert.ok(sent < 4_000_000, `${sent} bytes before closing`);
});
