import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { tempDatabasePath } from '../testing/temp-database';
import { migrations } from './migrations';
import { openDatabase } from './open-database';
import { StorageCorruptionError } from './draft-store';
import { SqliteDraftStore } from './sqlite-draft-store';

const temp = tempDatabasePath();
after(temp.cleanup);

const bytes = (...values: number[]) => new Uint8Array(values);

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

test('a created draft is listed, with its first update in the log', async () => {
  const store = SqliteDraftStore.open(temp.file);
  try {
    const draft = await store.createDraft({
      id: 'd-1',
      title: 'Oceans',
      initialUpdate: bytes(1, 2),
    });
    assert.deepEqual(await store.getDraft('d-1'), draft);
    assert.deepEqual(
      (await store.listDrafts()).map((d) => d.title),
      ['Oceans'],
    );
    const state = await store.loadDraftState('d-1');
    assert.deepEqual(
      state?.updates.map((u) => [...u.data]),
      [[1, 2]],
    );
    assert.equal(state?.snapshot, null);
    assert.equal(await store.loadDraftState('missing'), null);
  } finally {
    store.close();
  }
});

test('appends survive reopening; compaction replaces the log up to a point by a snapshot', async () => {
  let store = SqliteDraftStore.open(temp.file);
  await store.createDraft({ id: 'd-2', title: 'Water', initialUpdate: bytes(0) });
  await store.appendUpdates('d-2', [bytes(1), bytes(2)]);
  const seq = await store.appendUpdates('d-2', [bytes(3)]);
  store.close();

  store = SqliteDraftStore.open(temp.file);
  try {
    let state = await store.loadDraftState('d-2');
    assert.deepEqual(
      state?.updates.map((u) => u.data[0]),
      [0, 1, 2, 3],
    );
    await store.compact('d-2', bytes(9, 9), seq - 1);
    await store.appendUpdates('d-2', [bytes(4)]);
    state = await store.loadDraftState('d-2');
    assert.deepEqual(state?.snapshot && [...state.snapshot.data], [9, 9]);
    assert.deepEqual(
      state?.updates.map((u) => u.data[0]),
      [3, 4],
    );
    const rows = store.db
      .prepare("SELECT count(*) AS n FROM draft_updates WHERE draft_id = 'd-2'")
      .get() as { n: number };
    assert.equal(rows.n, 2, 'compacted rows are gone');
  } finally {
    store.close();
  }
});

test('the database is in WAL mode and migrated', () => {
  const db = new BetterSqlite3(temp.file);
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    assert.ok(migrations.length >= 2);
  } finally {
    db.close();
  }
});

test('a torn or altered row is reported with the draft and the row, not skipped', async () => {
  const store = SqliteDraftStore.open(temp.file);
  try {
    await store.createDraft({ id: 'd-3', title: 'Torn', initialUpdate: bytes(1, 2, 3, 4) });
    const seq = await store.appendUpdates('d-3', [bytes(5, 6, 7, 8)]);
    // A write cut short: the blob lost its tail.
    store.db
      .prepare('UPDATE draft_updates SET data = ? WHERE seq = ?')
      .run(Buffer.from([5, 6]), seq);
    await assert.rejects(store.loadDraftState('d-3'), (error: unknown) => {
      assert.ok(error instanceof StorageCorruptionError);
      assert.equal(error.draftId, 'd-3');
      assert.match(error.message, new RegExp(`update ${seq}.*2 bytes, expected 4`));
      return true;
    });
    // Same length, different bytes.
    store.db
      .prepare('UPDATE draft_updates SET data = ? WHERE seq = ?')
      .run(Buffer.from([5, 6, 7, 9]), seq);
    await assert.rejects(store.loadDraftState('d-3'), /checksum mismatch/);
  } finally {
    store.close();
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
