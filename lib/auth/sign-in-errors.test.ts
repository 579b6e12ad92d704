import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeSignInRefusal,
  describeSignInRefusal,
  encodeSignInRefusal,
  INVALID_CREDENTIALS_MESSAGE,
  type SignInRefusal,
} from '@/lib/auth/sign-in-errors';

const REFUSALS: SignInRefusal[] = [
  { reason: 'invalid' },
  { reason: 'demo-disabled' },
  { reason: 'locked', retryAfterSeconds: 0 },
  { reason: 'locked', retryAfterSeconds: 1 },
  { reason: 'locked', retryAfterSeconds: 900 },
];

for (const refusal of REFUSALS) {
  test(`encode/decode round-trips ${JSON.stringify(refusal)}`, () => {
    const code = encodeSignInRefusal(refusal);
    assert.equal(typeof code, 'string');
    assert.deepEqual(decodeSignInRefusal(code), refusal);
  });
}

test('the codes are the ones the sign-in page receives', () => {
  assert.equal(encodeSignInRefusal({ reason: 'invalid' }), 'invalid');
  assert.equal(encodeSignInRefusal({ reason: 'demo-disabled' }), 'demo-disabled');
  assert.equal(encodeSignInRefusal({ reason: 'locked', retryAfterSeconds: 42 }), 'locked:42');
});

test('next-auth’s CredentialsSignin and garbage decode to invalid', () => {
  for (const code of [
    'CredentialsSignin',
    '',
    'garbage',
    'locked',
    'locked:',
    'locked:abc',
    'locked:-5',
    'locked:1.5',
    ' locked:5',
    'locked:5 ',
    'Demo-Disabled',
    'demo-disabled ',
  ]) {
    assert.deepEqual(decodeSignInRefusal(code), { reason: 'invalid' }, JSON.stringify(code));
  }
});

test('an invalid refusal is described with the one generic message', () => {
  assert.equal(describeSignInRefusal({ reason: 'invalid' }), INVALID_CREDENTIALS_MESSAGE);
  assert.equal(
    describeSignInRefusal(decodeSignInRefusal('CredentialsSignin')),
    INVALID_CREDENTIALS_MESSAGE,
  );
  assert.match(INVALID_CREDENTIALS_MESSAGE, /username or password/);
});

test('a demo-disabled refusal says demo accounts are off', () => {
  const message = describeSignInRefusal({ reason: 'demo-disabled' });
  assert.notEqual(message, INVALID_CREDENTIALS_MESSAGE);
  assert.match(message, /[Dd]emo accounts/);
});

// A local time, so the expected time of day does not depend on the time zone.
const NOW = new Date(2024, 0, 15, 10, 0, 0);

test('a locked refusal gives the minutes, rounded up, and the time it ends', () => {
  const message = describeSignInRefusal({ reason: 'locked', retryAfterSeconds: 90 }, NOW);
  assert.notEqual(message, INVALID_CREDENTIALS_MESSAGE);
  assert.match(message, /Try again in 2 minutes/);
  assert.match(message, /\(at 10:01\)/);

  const quarter = describeSignInRefusal({ reason: 'locked', retryAfterSeconds: 15 * 60 }, NOW);
  assert.match(quarter, /in 15 minutes/);
  assert.match(quarter, /\(at 10:15\)/);
});

test('a wait under a minute is given in seconds, since the first waits are 1 s, 2 s, 4 s …', () => {
  for (const [retryAfterSeconds, expected] of [
    [0, /Try again in 1 second\./],
    [1, /Try again in 1 second\./],
    [2, /Try again in 2 seconds\./],
    [59, /Try again in 59 seconds\./],
  ] as const) {
    const message = describeSignInRefusal({ reason: 'locked', retryAfterSeconds }, NOW);
    assert.match(message, expected, `${retryAfterSeconds}s: ${message}`);
    assert.doesNotMatch(message, /minute/);
  }
  assert.match(
    describeSignInRefusal({ reason: 'locked', retryAfterSeconds: 60 }, NOW),
    /in 1 minute /,
  );
  assert.match(
    describeSignInRefusal({ reason: 'locked', retryAfterSeconds: 61 }, NOW),
    /in 2 minutes/,
  );
});
