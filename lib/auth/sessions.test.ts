import assert from 'node:assert/strict';
import { after, before, mock, test } from 'node:test';
import { addDelegation, addUser, removeUser } from '@/lib/accounts/administration';
import { MAX_PASSWORD_LENGTH } from '@/lib/auth/passwords';
import {
  normalizeUsername,
  resolveSession,
  signInWithPassword,
  SignInRefusedError,
  type SignInPolicy,
} from '@/lib/auth/sessions';
import { SignInLimiter } from '@/lib/auth/sign-in-limiter';
import type { SignInRefusal } from '@/lib/auth/sign-in-errors';
import { openSqliteStores, type Stores } from '@/lib/db/stores';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';

const temp = tempDatabasePath();
let stores: Stores;

const PASSWORD = 'a long enough password';
const ALLOW: SignInPolicy = { allowDemoAccounts: true };
const DENY_DEMO: SignInPolicy = { allowDemoAccounts: false };
const MAX_DELAY_SECONDS = 60;
const MAX_AGE_SECONDS = 3600;

before(async () => {
  stores = openSqliteStores(temp.file);
  await addDelegation(stores, { code: 'CUB', name: 'Cuba' });
});

after(() => {
  stores?.close();
  temp.cleanup();
});

function newLimiter(): SignInLimiter {
  return new SignInLimiter({
    failuresBeforeDelay: 3,
    maxDelaySeconds: MAX_DELAY_SECONDS,
    maxFailuresPerAddress: 100,
    maxFailuresPerUser: 100,
    lockoutSeconds: 900,
  });
}

function signIn(
  limiter: SignInLimiter,
  username: string,
  password: string,
  { policy = ALLOW, address = '192.0.2.1', maxAgeSeconds = MAX_AGE_SECONDS } = {},
) {
  return signInWithPassword(stores.accounts, limiter, policy, {
    username,
    password,
    address,
    maxAgeSeconds,
  });
}

/** Asserts that `attempt` rejects with a SignInRefusedError and returns its refusal. */
async function refusal(attempt: Promise<unknown>): Promise<SignInRefusal> {
  let caught: unknown;
  await assert.rejects(attempt, (error: unknown) => {
    caught = error;
    return error instanceof SignInRefusedError;
  });
  return (caught as SignInRefusedError).refusal;
}

test('normalizeUsername trims and lower-cases', () => {
  assert.equal(normalizeUsername('  Alice.Smith '), 'alice.smith');
});

test('the right password opens a session that resolves to the user', async () => {
  const user = await addUser(stores, {
    username: 'alice',
    displayName: 'Alice',
    delegationCode: 'CUB',
    password: PASSWORD,
  });
  const startedAt = Date.now();
  const signedIn = await signIn(newLimiter(), 'alice', PASSWORD);
  const afterSignIn = Date.now();

  assert.equal(signedIn.user.id, user.id);
  assert.equal(signedIn.user.username, 'alice');
  assert.deepEqual(signedIn.user.delegation, { code: 'CUB', name: 'Cuba' });
  assert.equal('passwordHash' in signedIn.user, false, 'no password hash handed out');

  const row = await stores.accounts.getSession(signedIn.session.id);
  assert.ok(row, 'session row stored');
  assert.equal(row.userId, user.id);
  assert.equal(row.revokedAt, null);
  assert.ok(row.expiresAt >= startedAt + MAX_AGE_SECONDS * 1000);
  assert.ok(row.expiresAt <= afterSignIn + MAX_AGE_SECONDS * 1000);

  const resolved = await resolveSession(stores.accounts, ALLOW, signedIn.session.id);
  assert.ok(resolved);
  assert.deepEqual(resolved.user, user);
  assert.equal(resolved.session.id, signedIn.session.id);
  assert.equal('passwordHash' in resolved.user, false);
});

test('each sign-in opens its own session', async () => {
  await addUser(stores, { username: 'twice', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  const a = await signIn(limiter, 'twice', PASSWORD);
  const b = await signIn(limiter, 'twice', PASSWORD);
  assert.notEqual(a.session.id, b.session.id);
  assert.ok(await resolveSession(stores.accounts, ALLOW, a.session.id));
  assert.ok(await resolveSession(stores.accounts, ALLOW, b.session.id));
});

test('a wrong password and an unknown username are refused the same way', async () => {
  await addUser(stores, { username: 'bob', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  // Both attempts run at once; each is awaited from the start, so neither rejection goes
  // unhandled while the other is awaited.
  const [wrong, unknown] = await Promise.allSettled([
    signIn(limiter, 'bob', 'not the password at all'),
    signIn(limiter, 'nobody-here', PASSWORD),
  ]);
  assert.equal(wrong.status, 'rejected');
  assert.equal(unknown.status, 'rejected');
  const wrongError: unknown = wrong.reason;
  const unknownError: unknown = unknown.reason;
  assert.ok(wrongError instanceof SignInRefusedError);
  assert.ok(unknownError instanceof SignInRefusedError);
  assert.deepEqual(wrongError.refusal, { reason: 'invalid' });
  assert.deepEqual(unknownError.refusal, { reason: 'invalid' });
  assert.equal(wrongError.message, unknownError.message);
  assert.equal(wrongError.name, 'SignInRefusedError');
});

test('an empty username, an empty password and an over-long password are invalid', async () => {
  await addUser(stores, { username: 'carol', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  assert.deepEqual(await refusal(signIn(limiter, '', PASSWORD, { address: '192.0.2.50' })), {
    reason: 'invalid',
  });
  assert.deepEqual(await refusal(signIn(limiter, 'carol', '', { address: '192.0.2.51' })), {
    reason: 'invalid',
  });
  assert.deepEqual(
    await refusal(
      signIn(limiter, 'carol', 'x'.repeat(MAX_PASSWORD_LENGTH + 1), { address: '192.0.2.52' }),
    ),
    { reason: 'invalid' },
  );
});

test('usernames are case-insensitive and trimmed at sign-in', async () => {
  const user = await addUser(stores, {
    username: 'Dora.Diaz',
    delegationCode: 'CUB',
    password: PASSWORD,
  });
  assert.equal(user.username, 'dora.diaz');
  const limiter = newLimiter();
  for (const typed of ['dora.diaz', 'DORA.DIAZ', '  Dora.Diaz  ']) {
    const signedIn = await signIn(limiter, typed, PASSWORD);
    assert.equal(signedIn.user.id, user.id, typed);
  }
});

test('after the free failures, even the right password from that address must wait', async () => {
  await addUser(stores, { username: 'erin', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await refusal(signIn(limiter, 'erin', `wrong password ${i}`)), {
      reason: 'invalid',
    });
  }
  const locked = await refusal(signIn(limiter, 'erin', PASSWORD));
  assert.equal(locked.reason, 'locked');
  assert.ok(locked.reason === 'locked');
  assert.ok(Number.isInteger(locked.retryAfterSeconds));
  assert.ok(locked.retryAfterSeconds > 0, `retryAfterSeconds ${locked.retryAfterSeconds}`);
  assert.ok(locked.retryAfterSeconds <= MAX_DELAY_SECONDS);
  // Typed differently, it is still the same (waiting) username.
  assert.equal((await refusal(signIn(limiter, ' ERIN ', PASSWORD))).reason, 'locked');
  // From her own address, Erin is not held up by the failures at another.
  const erin = await signIn(limiter, 'erin', PASSWORD, { address: '198.51.100.7' });
  assert.equal(erin.user.username, 'erin');
  // Another user is not affected.
  await addUser(stores, { username: 'frank', delegationCode: 'CUB', password: PASSWORD });
  assert.equal((await signIn(limiter, 'frank', PASSWORD)).user.username, 'frank');
});

test('failures against an unknown username are slowed down the same way', async () => {
  const limiter = newLimiter();
  for (let i = 0; i < 3; i++) {
    assert.equal((await refusal(signIn(limiter, 'ghost', PASSWORD))).reason, 'invalid');
  }
  assert.equal((await refusal(signIn(limiter, 'ghost', PASSWORD))).reason, 'locked');
});

test('a removed user is refused as invalid, and their sessions resolve to null', async () => {
  await addUser(stores, { username: 'gina', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  const signedIn = await signIn(limiter, 'gina', PASSWORD);
  assert.ok(await resolveSession(stores.accounts, ALLOW, signedIn.session.id));

  await removeUser(stores, 'gina');
  assert.equal(await resolveSession(stores.accounts, ALLOW, signedIn.session.id), null);
  assert.deepEqual(await refusal(signIn(limiter, 'gina', PASSWORD)), { reason: 'invalid' });
});

test('a removed user’s session resolves to null even if it was not revoked', async () => {
  const user = await addUser(stores, {
    username: 'hana',
    delegationCode: 'CUB',
    password: PASSWORD,
  });
  await stores.accounts.removeUser(user.id);
  // A session written after removal (e.g. by a racing sign-in) is still refused.
  const session = await stores.accounts.createSession({
    id: newId(),
    userId: user.id,
    expiresAt: Date.now() + 60_000,
  });
  assert.equal(await resolveSession(stores.accounts, ALLOW, session.id), null);
});

test('a revoked session resolves to null; other sessions of the user stay valid', async () => {
  await addUser(stores, { username: 'ivan', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  const revoked = await signIn(limiter, 'ivan', PASSWORD);
  const kept = await signIn(limiter, 'ivan', PASSWORD);
  await stores.accounts.revokeSession(revoked.session.id);
  assert.equal(await resolveSession(stores.accounts, ALLOW, revoked.session.id), null);
  assert.ok(await resolveSession(stores.accounts, ALLOW, kept.session.id));
});

test('an unknown session id resolves to null', async () => {
  assert.equal(await resolveSession(stores.accounts, ALLOW, newId()), null);
  assert.equal(await resolveSession(stores.accounts, ALLOW, ''), null);
});

test('an expired session resolves to null', async () => {
  const user = await addUser(stores, {
    username: 'jane',
    delegationCode: 'CUB',
    password: PASSWORD,
  });
  const past = await stores.accounts.createSession({
    id: newId(),
    userId: user.id,
    expiresAt: Date.now() - 1000,
  });
  assert.equal(await resolveSession(stores.accounts, ALLOW, past.id), null);

  // A zero-length session is over as soon as it starts.
  const zero = await signIn(newLimiter(), 'jane', PASSWORD, { maxAgeSeconds: 0 });
  assert.equal(await resolveSession(stores.accounts, ALLOW, zero.session.id), null);
});

test('a session is valid until just before expiresAt, not at it', async () => {
  const user = await addUser(stores, {
    username: 'kofi',
    delegationCode: 'CUB',
    password: PASSWORD,
  });
  const expiresAt = Date.now() + 60_000;
  const session = await stores.accounts.createSession({ id: newId(), userId: user.id, expiresAt });
  assert.ok(await resolveSession(stores.accounts, ALLOW, session.id, expiresAt - 1));
  assert.equal(await resolveSession(stores.accounts, ALLOW, session.id, expiresAt), null);
  assert.equal(await resolveSession(stores.accounts, ALLOW, session.id, expiresAt + 1), null);
});

test('demo users are refused, and their sessions ignored, when demo accounts are off', async () => {
  const demo = await addUser(stores, {
    username: 'demo-cub',
    delegationCode: 'CUB',
    password: PASSWORD,
    isDemo: true,
  });
  assert.equal(demo.isDemo, true);
  const limiter = newLimiter();

  assert.deepEqual(await refusal(signIn(limiter, 'demo-cub', PASSWORD, { policy: DENY_DEMO })), {
    reason: 'demo-disabled',
  });
  // A wrong password is still just "invalid": it does not reveal a demo account.
  assert.deepEqual(
    await refusal(signIn(limiter, 'demo-cub', 'not the demo password', { policy: DENY_DEMO })),
    { reason: 'invalid' },
  );

  const signedIn = await signIn(limiter, 'demo-cub', PASSWORD, { policy: ALLOW });
  assert.equal(signedIn.user.id, demo.id);
  assert.ok(await resolveSession(stores.accounts, ALLOW, signedIn.session.id));
  assert.equal(await resolveSession(stores.accounts, DENY_DEMO, signedIn.session.id), null);

  // Non-demo users are unaffected by the policy.
  await addUser(stores, { username: 'real-cub', delegationCode: 'CUB', password: PASSWORD });
  const real = await signIn(limiter, 'real-cub', PASSWORD, { policy: DENY_DEMO });
  assert.ok(await resolveSession(stores.accounts, DENY_DEMO, real.session.id));
});

test('signing in prunes sessions that ended over a week ago, and keeps recent ones', async () => {
  const user = await addUser(stores, {
    username: 'pruned',
    delegationCode: 'CUB',
    password: PASSWORD,
  });
  const day = 24 * 60 * 60 * 1000;
  const old = await stores.accounts.createSession({
    id: newId(),
    userId: user.id,
    expiresAt: Date.now() - 8 * day,
  });
  const recent = await stores.accounts.createSession({
    id: newId(),
    userId: user.id,
    expiresAt: Date.now() - day,
  });
  await signIn(newLimiter(), 'pruned', PASSWORD);
  assert.equal(await stores.accounts.getSession(old.id), null);
  assert.ok(await stores.accounts.getSession(recent.id));
});

test('another address’s failures do not lock the user out at their own address', async () => {
  await addUser(stores, { username: 'lena', delegationCode: 'CUB', password: PASSWORD });
  const limiter = new SignInLimiter({
    failuresBeforeDelay: 3,
    maxDelaySeconds: MAX_DELAY_SECONDS,
    maxFailuresPerAddress: 100,
    maxFailuresPerUser: 5,
    lockoutSeconds: 900,
  });
  await signIn(limiter, 'lena', PASSWORD, { address: '192.0.2.80' });
  // Someone elsewhere names her account and guesses, from several addresses, past every limit.
  for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
    for (let i = 0; i < 4; i++) await refusal(signIn(limiter, 'lena', `guess ${i}`, { address }));
  }
  // At her own address she signs in as usual…
  const signedIn = await signIn(limiter, 'lena', PASSWORD, { address: '192.0.2.80' });
  assert.equal(signedIn.user.username, 'lena');
  // …while the account-wide cap holds the guessing back at any address new to her account.
  const elsewhere = await refusal(signIn(limiter, 'lena', PASSWORD, { address: '203.0.113.9' }));
  assert.equal(elsewhere.reason, 'locked');
});

test('failed and throttled sign-ins are logged with username and address, never the password', async () => {
  await addUser(stores, { username: 'mona', delegationCode: 'CUB', password: PASSWORD });
  const limiter = newLimiter();
  const lines: string[] = [];
  mock.method(console, 'error', (line: string) => lines.push(line));
  try {
    const wrong = 'hunter2-not-her-password';
    for (let i = 0; i < 3; i++) {
      await refusal(signIn(limiter, 'mona', wrong, { address: '192.0.2.99' }));
    }
    await refusal(signIn(limiter, 'mona', PASSWORD, { address: '192.0.2.99' }));
    const failed = lines.filter((line) => / warn sign-in failed /.test(line));
    const throttled = lines.filter((line) => / warn sign-in throttled /.test(line));
    assert.equal(failed.length, 3, JSON.stringify(lines));
    assert.equal(throttled.length, 1, JSON.stringify(lines));
    for (const line of [...failed, ...throttled]) {
      assert.match(line, /username="mona"/);
      assert.match(line, /address="192\.0\.2\.99"/);
      assert.equal(line.includes(wrong), false, 'no password');
      assert.equal(line.includes(PASSWORD), false, 'no password');
    }
    assert.match(throttled[0] ?? '', /retryAfterSeconds=\d+/);
  } finally {
    mock.restoreAll();
  }
});
