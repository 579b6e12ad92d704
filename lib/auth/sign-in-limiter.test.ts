import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignInLimiter, type SignInGate, type SignInLimits } from '@/lib/auth/sign-in-limiter';

const LIMITS: SignInLimits = {
  maxFailuresPerUser: 3,
  maxFailuresPerAddress: 100,
  lockoutSeconds: 1,
};

async function fail(limiter: SignInLimiter, username: string, address: string, times: number) {
  for (let i = 0; i < times; i++) await limiter.recordFailure(username, address);
}

function assertLocked(gate: SignInGate, lockoutSeconds: number): void {
  assert.equal(gate.locked, true, 'locked');
  if (!gate.locked) return;
  assert.ok(gate.retryAfterMs > 0, `retryAfterMs ${gate.retryAfterMs} > 0`);
  assert.ok(
    gate.retryAfterMs <= lockoutSeconds * 1000,
    `retryAfterMs ${gate.retryAfterMs} <= ${lockoutSeconds * 1000}`,
  );
}

test('a username with no failures is not locked', async () => {
  const limiter = new SignInLimiter(LIMITS);
  assert.deepEqual(await limiter.check('alice', '10.0.0.1'), { locked: false });
});

test('a username is locked at the limit, not before', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, lockoutSeconds: 60 });
  await fail(limiter, 'alice', '10.0.0.1', 2);
  assert.deepEqual(await limiter.check('alice', '10.0.0.1'), { locked: false });
  await fail(limiter, 'alice', '10.0.0.1', 1);
  assertLocked(await limiter.check('alice', '10.0.0.1'), 60);
  // The lock is on the username, whichever address tries it next.
  assertLocked(await limiter.check('alice', '10.0.0.2'), 60);
  // Further failures keep it locked.
  await fail(limiter, 'alice', '10.0.0.1', 2);
  assertLocked(await limiter.check('alice', '10.0.0.1'), 60);
});

test('failures spread over addresses add up for one username', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, lockoutSeconds: 60 });
  await limiter.recordFailure('alice', '10.0.0.1');
  await limiter.recordFailure('alice', '10.0.0.2');
  assert.deepEqual(await limiter.check('alice', '10.0.0.3'), { locked: false });
  await limiter.recordFailure('alice', '10.0.0.3');
  assertLocked(await limiter.check('alice', '10.0.0.4'), 60);
});

test('a different username from another address is not locked', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, lockoutSeconds: 60 });
  await fail(limiter, 'alice', '10.0.0.1', 3);
  assertLocked(await limiter.check('alice', '10.0.0.1'), 60);
  assert.deepEqual(await limiter.check('bob', '10.0.0.2'), { locked: false });
});

test('the per-address limit locks every username from that address, and only there', async () => {
  const limiter = new SignInLimiter({
    maxFailuresPerUser: 100,
    maxFailuresPerAddress: 3,
    lockoutSeconds: 60,
  });
  await limiter.recordFailure('u1', '10.0.0.9');
  await limiter.recordFailure('u2', '10.0.0.9');
  assert.deepEqual(await limiter.check('u3', '10.0.0.9'), { locked: false });
  await limiter.recordFailure('u3', '10.0.0.9');
  for (const username of ['u1', 'u2', 'u3', 'someone-new']) {
    assertLocked(await limiter.check(username, '10.0.0.9'), 60);
  }
  // The usernames themselves are not locked from elsewhere.
  assert.deepEqual(await limiter.check('u1', '10.0.0.10'), { locked: false });
  assert.deepEqual(await limiter.check('someone-new', '10.0.0.10'), { locked: false });
});

test('recordSuccess clears the username’s failures', async () => {
  const limiter = new SignInLimiter({ ...LIMITS, lockoutSeconds: 60 });
  await fail(limiter, 'alice', '10.0.0.1', 2);
  await limiter.recordSuccess('alice');
  await fail(limiter, 'alice', '10.0.0.1', 2);
  // Four failures in all, but only two since the success.
  assert.deepEqual(await limiter.check('alice', '10.0.0.1'), { locked: false });
  await fail(limiter, 'alice', '10.0.0.1', 1);
  assertLocked(await limiter.check('alice', '10.0.0.1'), 60);
});

test('recordSuccess lifts a username lock but not an address lock', async () => {
  const limiter = new SignInLimiter({
    maxFailuresPerUser: 3,
    maxFailuresPerAddress: 3,
    lockoutSeconds: 60,
  });
  await fail(limiter, 'alice', '10.0.0.1', 3);
  await limiter.recordSuccess('alice');
  assert.deepEqual(await limiter.check('alice', '10.0.0.2'), { locked: false });
  assertLocked(await limiter.check('alice', '10.0.0.1'), 60);
});

test('a lock expires after lockoutSeconds, and the count starts again', async () => {
  const limiter = new SignInLimiter(LIMITS);
  await fail(limiter, 'alice', '10.0.0.1', 3);
  const lockedAt = Date.now();
  assertLocked(await limiter.check('alice', '10.0.0.1'), LIMITS.lockoutSeconds);

  const deadline = lockedAt + 1800;
  let gate = await limiter.check('alice', '10.0.0.1');
  while (gate.locked && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    gate = await limiter.check('alice', '10.0.0.1');
  }
  assert.deepEqual(gate, { locked: false }, 'unlocked within 1.8 s');
  // It did not unlock early (allow a little for timer granularity).
  assert.ok(Date.now() - lockedAt >= 900, `unlocked after ${Date.now() - lockedAt} ms`);

  // A fresh window: one failure does not lock again.
  await fail(limiter, 'alice', '10.0.0.1', 1);
  assert.deepEqual(await limiter.check('alice', '10.0.0.1'), { locked: false });
});
