import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { tempDatabasePath } from '../testing/temp-database';
import { migrations } from './migrations';
import { openDatabase } from './open-database';
import { SqliteDraftStore } from './sqlite-draft-store';

const temp = tempDatabasePath();
after(temp.cleanup);

const bytes = (...values: number[]) => new Uint8Array(values);

// The behaviour every engine shares is tested in draft-store.test.ts; here, SQLite's own.

test('the database is in WAL mode, fsynced at each commit unless DATABASE_SYNC=normal', () => {
  for (const [sync, level] of [
    ['full', 2],
    ['normal', 1],
  ] as const) {
    const db = openDatabase(temp.file, sync);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), level, sync);
    db.close();
  }
});

test('the database is in WAL mode and migrated', () => {
  openDatabase(temp.file).close();
  const db = new BetterSqlite3(temp.file);
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    assert.ok(migrations.length >= 2);
  } finally {
    db.close();
  }
});

test('a write waits for another process’s lock on timers, not by blocking the event loop', async () => {
  const creator = SqliteDraftStore.open(temp.file);
  await creator.createDraft({ id: 'd-4', title: 'Locked', initialUpdate: bytes(0) });
  creator.close();
  // The write under test is the store's first.
  const store = SqliteDraftStore.open(temp.file);
  // Another connection, as the CLI or a backup tool in another process would hold it.
  const other = new BetterSqlite3(temp.file);
  try {
    other.exec('BEGIN IMMEDIATE');
    const events: string[] = [];
    const append = store.appendUpdates('d-4', [bytes(1)]).then(() => events.push('stored'));
    // A blocking wait would hold the event loop here until SQLite gave up (5 s), so the
    // timer that ends the other transaction could not run before the write failed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    events.push('timer ran');
    other.exec('COMMIT');
    await append;
    assert.deepEqual(events, ['timer ran', 'stored']);
    const state = await store.loadDraftState('d-4');
    assert.deepEqual(
      state?.updates.map((u) => u.data[0]),
      [0, 1],
    );
    assert.equal(
      store.db.pragma('busy_timeout', { simple: true }),
      5000,
      'the timeout is restored',
    );
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
  }
});

test('a write still locked out after the busy timeout fails with SQLITE_BUSY and stores nothing', async () => {
  const db = openDatabase(temp.file);
  db.pragma('busy_timeout = 200');
  const store = new SqliteDraftStore(db);
  const other = new BetterSqlite3(temp.file);
  try {
    await store.createDraft({ id: 'd-5', title: 'Held', initialUpdate: bytes(0) });
    other.exec('BEGIN IMMEDIATE');
    await assert.rejects(store.appendUpdates('d-5', [bytes(1)]), { code: 'SQLITE_BUSY' });
    other.exec('COMMIT');
    const state = await store.loadDraftState('d-5');
    assert.deepEqual(
      state?.updates.map((u) => u.data[0]),
      [0],
    );
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
  }
});
