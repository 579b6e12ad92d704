import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { SignInLimiter, type SignInGate, type SignInLimits } from '@/lib/auth/sign-in-limiter';

const LIMITS: SignInLimits = {
  failuresBeforeDelay: 3,
  maxDelaySeconds: 60,
  maxFailuresPerAddress: 100,
  maxFailuresPerUser: 50,
  lockoutSeconds: 900,
};

// The limiter's clock (rate-limiter-flexible reads Date.now and expires keys on timers).
beforeEach(() => mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 1_700_000_000_000 }));
afterEach(() => mock.timers.reset());

/** `times` attempts for `username` from `address` that all fail; each must be admitted. */
async function fail(limiter: SignInLimiter, username: string, address: string, times: number) {
  for (let i = 0; i < times; i++) {
    assert.deepEqual(await limiter.admit(username, address), { locked: false }, `attempt ${i + 1}`);
  }
}

function retryAfterMs(gate: SignInGate): number {
  assert.equal(gate.locked, true, 'refused');
  return gate.locked ? gate.retryAfterMs : 0;
}

test('the first failures of a username at an address are not slowed down', async () => {
  const limiter = new SignInLimiter(LIMITS);
  await fail(limiter, 'alice', '10.0.0.1', 2);
  assert.deepEqual(await limiter.admit('alice', '10.0.0.1'), { locked: false });
});

test('another address’s failures do not lock the user out at their own address', async () => {
  const limiter = new SignInLimiter(LIMITS);
  // An attacker elsewhere fails as often as the pair delays let it, for a quarter of an hour.
  for (let second = 0; second < 15 * 60; second++) {
    await limiter.admit('alice', '203.0.113.66');
    mock.timers.tick(1000);
  }
  const attacker = await limiter.admit('alice', '203.0.113.66');
  assert.equal(attacker.locked, true, 'the attacker is slowed down');
  // Alice, at her own address, goes straight in.
  assert.deepEqual(await limiter.admit('alice', '10.0.0.1'), { locked: false });
  await limiter.recordSuccess('alice', '10.0.0.1');
});

test('after the free failures, each attempt of the pair waits twice as long, up to the cap', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, maxDelaySeconds: 10 });
  await fail(limiter, 'alice', '10.0.0.1', 3);
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const wait = retryAfterMs(await limiter.admit('alice', '10.0.0.1'));
    waits.push(wait);
    // Not a moment earlier…
    mock.timers.tick(wait - 1);
    assert.equal((await limiter.admit('alice', '10.0.0.1')).locked, true, `${wait - 1} ms`);
    // …then the next (failing) attempt goes ahead.
    mock.timers.tick(1);
    assert.deepEqual(await limiter.admit('alice', '10.0.0.1'), { locked: false });
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 10_000, 10_000]);
  // The same username from elsewhere, and another username here, are not slowed down.
  assert.deepEqual(await limiter.admit('alice', '10.0.0.2'), { locked: false });
  assert.deepEqual(await limiter.admit('bob', '10.0.0.1'), { locked: false });
});

test('attempts sent at once cannot all pass before the first is counted', async () => {
  const limiter = new SignInLimiter(LIMITS);
  const gates = await Promise.all(
    Array.from({ length: 20 }, () => limiter.admit('alice', '10.0.0.1')),
  );
  assert.equal(gates.filter((gate) => !gate.locked).length, 3);
});

test('a success clears the pair’s failures and delay', async () => {
  const limiter = new SignInLimiter(LIMITS);
  await fail(limiter, 'alice', '10.0.0.1', 3);
  assert.equal((await limiter.admit('alice', '10.0.0.1')).locked, true);
  mock.timers.tick(1000);
  assert.deepEqual(await limiter.admit('alice', '10.0.0.1'), { locked: false });
  await limiter.recordSuccess('alice', '10.0.0.1');
  await fail(limiter, 'alice', '10.0.0.1', 3);
});

test('the per-address cap refuses every username from that address, and only there', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, maxFailuresPerAddress: 5 });
  for (let i = 0; i < 5; i++) await fail(limiter, `user${i}`, '10.0.0.9', 1);
  for (const username of ['user0', 'someone-new']) {
    const gate = await limiter.admit(username, '10.0.0.9');
    assert.equal(gate.locked, true, username);
    assert.equal(gate.locked && gate.limit, 'address');
    assert.equal(retryAfterMs(gate), 900_000, 'for the lockout from the limit-th failure');
  }
  assert.deepEqual(await limiter.admit('someone-new', '10.0.0.10'), { locked: false });
  // It lifts after the lockout.
  mock.timers.tick(900_000);
  assert.deepEqual(await limiter.admit('someone-new', '10.0.0.9'), { locked: false });
});

test('the per-user cap slows guessing spread over addresses, except where the user signed in', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, maxFailuresPerUser: 6 });
  await limiter.admit('alice', '10.0.0.1');
  await limiter.recordSuccess('alice', '10.0.0.1');
  for (let i = 0; i < 6; i++) await fail(limiter, 'alice', `198.51.100.${i}`, 1);
  const gate = await limiter.admit('alice', '198.51.100.200');
  assert.equal(gate.locked && gate.limit, 'user');
  assert.ok(retryAfterMs(gate) <= 900_000);
  // Where she signed in before, the guessing elsewhere does not stop her.
  assert.deepEqual(await limiter.admit('alice', '10.0.0.1'), { locked: false });
  // Other users are not affected.
  assert.deepEqual(await limiter.admit('bob', '198.51.100.200'), { locked: false });
});
