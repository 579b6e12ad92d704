import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { encode } from 'next-auth/jwt';
import { addDelegation, addUser } from '@/lib/accounts/administration';
import { resolveAuthSecret } from '@/lib/auth/auth-secret';
import { readSessionClaims } from '@/lib/auth/session-cookie';
import { resolveSession, type SignInPolicy } from '@/lib/auth/sessions';
import { openSqliteStores, type Stores } from '@/lib/db/stores';
import { parseEnv } from '@/lib/env';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';

const temp = tempDatabasePath();
let stores: Stores;

const ALLOW: SignInPolicy = { allowDemoAccounts: true };
const COOKIE = 'next-auth.session-token';
const CONFIG = parseEnv({});

before(async () => {
  stores = openSqliteStores(temp.file);
  await addDelegation(stores, { code: 'CUB', name: 'Cuba' });
});

after(() => {
  stores?.close();
  temp.cleanup();
});

/** Whether a cookie made of `sid` and `secret` gets a request in, as the server reads cookies. */
async function cookieWorks(sid: string, secret: string): Promise<boolean> {
  const token = await encode({ token: { sid }, secret, maxAge: 3600 });
  const claims = await readSessionClaims(
    { [COOKIE]: token },
    { secret: await resolveAuthSecret(stores.accounts, CONFIG), secureCookies: false },
  );
  return claims !== null && (await resolveSession(stores.accounts, ALLOW, claims.sid)) !== null;
}

test('a copy of the database file, secret included, yields no session id that works as a cookie', async () => {
  const user = await addUser(stores, {
    username: 'copied',
    delegationCode: 'CUB',
    password: 'a long enough password',
  });
  const sessionId = newId();
  await stores.accounts.createSession({
    id: sessionId,
    userId: user.id,
    expiresAt: Date.now() + 3_600_000,
  });
  const secret = await resolveAuthSecret(stores.accounts, CONFIG);
  assert.equal(await cookieWorks(sessionId, secret), true, 'the real id works');

  // What someone holding a copy of the file has: every value of every session row, and the secret.
  const copy = path.join(path.dirname(temp.file), 'copy.db');
  const other = new BetterSqlite3(temp.file);
  other.pragma('wal_checkpoint(TRUNCATE)');
  other.close();
  fs.copyFileSync(temp.file, copy);
  const stolen = new BetterSqlite3(copy, { readonly: true });
  try {
    const stolenSecret = (
      stolen.prepare("SELECT value FROM settings WHERE key = 'auth.sessionSecret'").get() as {
        value: string;
      }
    ).value;
    assert.equal(stolenSecret, secret, 'the secret is in the copy (it is only ever generated)');
    const rows = stolen.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[];
    assert.ok(rows.length > 0);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (typeof value !== 'string') continue;
        assert.notEqual(value, sessionId, 'the session id is not stored');
        assert.equal(await cookieWorks(value, stolenSecret), false, `a cookie of ${value}`);
      }
    }
  } finally {
    stolen.close();
  }
  assert.equal(fs.readFileSync(copy).includes(sessionId), false, 'the id is nowhere in the file');
  // The table holds its SHA-256, which the store looks the presented id up by.
  const hash = createHash('sha256').update(sessionId).digest('hex');
  const stored = new BetterSqlite3(copy, { readonly: true });
  try {
    const values = (
      stored.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[]
    ).flatMap((row) => Object.values(row));
    assert.ok(values.includes(hash), 'the hash of the id is stored');
  } finally {
    stored.close();
  }
});

test('the presented id still revokes its session, and removing the user ends it', async () => {
  const user = await addUser(stores, {
    username: 'revoked',
    delegationCode: 'CUB',
    password: 'a long enough password',
  });
  const secret = await resolveAuthSecret(stores.accounts, CONFIG);
  const a = newId();
  const b = newId();
  for (const id of [a, b]) {
    await stores.accounts.createSession({ id, userId: user.id, expiresAt: Date.now() + 60_000 });
  }
  const session = await stores.accounts.getSession(a);
  assert.equal(session?.id, a, 'getSession answers with the id it was asked for');
  await stores.accounts.revokeSession(a);
  assert.equal(await cookieWorks(a, secret), false);
  assert.equal(await cookieWorks(b, secret), true);
  await stores.accounts.removeUser(user.id);
  assert.equal(await cookieWorks(b, secret), false);
});
