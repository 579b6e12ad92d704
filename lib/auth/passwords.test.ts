import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyNothing, verifyPassword } from '@/lib/auth/passwords';

const PASSWORD = 'correct horse battery staple';

test('hashPassword gives an argon2id PHC string that does not contain the password', async () => {
  const hash = await hashPassword(PASSWORD);
  assert.ok(hash.startsWith('$argon2id$'), hash);
  // $argon2id$v=19$m=…,t=…,p=…$salt$hash
  assert.match(hash, /^\$argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  assert.equal(hash.includes(PASSWORD), false);
  assert.equal(hash.includes('horse'), false);
});

test('the same password hashes to different strings, with different salts', async () => {
  const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
  assert.notEqual(a, b);
  const salt = (hash: string) => hash.split('$')[4];
  assert.ok(salt(a));
  assert.notEqual(salt(a), salt(b));
  assert.equal(await verifyPassword(a, PASSWORD), true);
  assert.equal(await verifyPassword(b, PASSWORD), true);
});

test('verifyPassword is true for the right password and false for a wrong one', async () => {
  const hash = await hashPassword(PASSWORD);
  assert.equal(await verifyPassword(hash, PASSWORD), true);
  assert.equal(await verifyPassword(hash, 'correct horse battery stapler'), false);
  assert.equal(await verifyPassword(hash, 'Correct horse battery staple'), false);
  assert.equal(await verifyPassword(hash, ''), false);
});

test('verifyPassword is false, not an error, for a malformed hash', async () => {
  const good = await hashPassword(PASSWORD);
  for (const bad of ['', 'not a hash', '$argon2id$', good.slice(0, -10), PASSWORD]) {
    assert.equal(await verifyPassword(bad, PASSWORD), false, JSON.stringify(bad));
  }
});

test('verifyNothing resolves without throwing', async () => {
  await verifyNothing(PASSWORD);
  await verifyNothing('');
});
