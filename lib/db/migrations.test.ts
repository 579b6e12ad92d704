import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { resolveSession } from '@/lib/auth/sessions';
import { migrations } from '@/lib/db/migrations';
import { openSqliteStores } from '@/lib/db/stores';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';

const temp = tempDatabasePath();
after(() => temp.cleanup());

/** The schema version that kept session ids in clear. */
const CLEAR_SESSION_IDS_VERSION = 3;

test('sessions stored in clear by an earlier version are hashed in place and keep working', async () => {
  const old = new BetterSqlite3(temp.file);
  for (const migration of migrations.slice(0, CLEAR_SESSION_IDS_VERSION)) {
    assert.equal(typeof migration, 'string', 'the first migrations are plain SQL');
    old.exec(migration as string);
  }
  old.pragma(`user_version = ${CLEAR_SESSION_IDS_VERSION}`);
  const now = Date.now();
  old.prepare("INSERT INTO delegations VALUES ('CUB', 'Cuba', ?)").run(now);
  old
    .prepare(
      `INSERT INTO users (id, username, display_name, delegation_code, password_hash, created_at)
       VALUES ('u1', 'ana', 'Ana', 'CUB', 'not a real hash', ?)`,
    )
    .run(now);
  const live = newId();
  const revoked = newId();
  const insert = old.prepare(
    'INSERT INTO sessions (id, user_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?)',
  );
  insert.run(live, 'u1', now, now + 3_600_000, null);
  insert.run(revoked, 'u1', now, now + 3_600_000, now);
  // Enough rows for the id index to have inner pages, which keep copies of keys.
  const others = Array.from({ length: 300 }, () => newId());
  for (const id of others) insert.run(id, 'u1', now, now + 3_600_000, null);
  old.close();

  const stores = openSqliteStores(temp.file);
  try {
    const policy = { allowDemoAccounts: true };
    const signedIn = await resolveSession(stores.accounts, policy, live);
    assert.equal(signedIn?.user.username, 'ana', 'the existing sign-in keeps working');
    assert.equal(await resolveSession(stores.accounts, policy, revoked), null, 'still revoked');
  } finally {
    stores.close();
  }

  // Nor are the old bytes left behind in free pages or the write-ahead log.
  for (const suffix of ['', '-wal']) {
    const bytes = fs.existsSync(temp.file + suffix) ? fs.readFileSync(temp.file + suffix) : null;
    const left = [live, revoked, ...others].filter((id) => bytes?.includes(id));
    assert.deepEqual(left, [], `ids left in clear in ${temp.file + suffix}`);
  }
  const after = new BetterSqlite3(temp.file, { readonly: true });
  try {
    const values = (after.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[])
      .flatMap((row) => Object.values(row))
      .filter((value) => typeof value === 'string');
    for (const id of [live, revoked]) {
      assert.equal(values.includes(id), false, 'no id in clear');
      assert.ok(values.includes(createHash('sha256').update(id).digest('hex')), 'its hash');
    }
  } finally {
    after.close();
  }
});
