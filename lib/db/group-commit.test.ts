import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { tempDatabasePath } from '../testing/temp-database';
import { SqliteDraftStore } from './sqlite-draft-store';

const temp = tempDatabasePath();
after(temp.cleanup);

const bytes = (...values: number[]) => new Uint8Array(values);

/** The first byte of each stored update of a draft, read through a connection of its own. */
function storedFirstBytes(draftId: string): number[] {
  const db = new BetterSqlite3(temp.file, { readonly: true });
  try {
    return db
      .prepare<[string], { data: Buffer }>(
        'SELECT data FROM draft_updates WHERE draft_id = ? ORDER BY seq',
      )
      .all(draftId)
      .map((row) => row.data[0] ?? -1);
  } finally {
    db.close();
  }
}

async function storeWithDrafts(ids: string[]): Promise<SqliteDraftStore> {
  const store = SqliteDraftStore.open(temp.file);
  for (const id of ids) await store.createDraft({ id, title: id, initialUpdate: bytes(0) });
  return store;
}

test('the writes of many drafts asked for in one turn are committed in one transaction, each with its own sequence', async () => {
  const ids = Array.from({ length: 12 }, (_, i) => `g-${i}`);
  const store = await storeWithDrafts(ids);
  try {
    const before = { ...store.group.stats };
    const seqs = await Promise.all(
      ids.map((id, i) => store.appendUpdates(id, [bytes(i + 1), bytes(100 + i)])),
    );
    assert.equal(store.group.stats.groups - before.groups, 1, 'one commit');
    assert.equal(store.group.stats.writes - before.writes, ids.length);
    assert.equal(new Set(seqs).size, ids.length, 'every draft gets its own last sequence');
    ids.forEach((id, i) => assert.deepEqual(storedFirstBytes(id), [0, i + 1, 100 + i], id));
    // Each draft's log reads back from its sequence: nothing after it.
    const state = await store.loadDraftState('g-3');
    assert.equal(state?.updates.at(-1)?.seq, seqs[3]);
  } finally {
    store.close();
  }
});

test('a write that fails in a group fails alone; the others of its turn are committed', async () => {
  const store = await storeWithDrafts(['ok-1', 'ok-2']);
  try {
    const results = await Promise.allSettled([
      store.appendUpdates('ok-1', [bytes(1)]),
      // No such draft: the foreign key refuses it.
      store.appendUpdates('missing', [bytes(2)]),
      store.appendUpdates('ok-2', [bytes(3)]),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const refused = results[1];
    assert.ok(refused?.status === 'rejected');
    assert.match(String(refused.reason), /FOREIGN KEY/);
    assert.equal(store.group.stats.triedAlone, 3, 'each write of the failed group, alone');
    assert.deepEqual(storedFirstBytes('ok-1'), [0, 1]);
    assert.deepEqual(storedFirstBytes('ok-2'), [0, 3]);
    assert.deepEqual(storedFirstBytes('missing'), []);
  } finally {
    store.close();
  }
});

test('while a commit waits for another process’s lock, later writes wait too and form the next group; nothing resolves before it is stored', async () => {
  const store = await storeWithDrafts(['l-1', 'l-2', 'l-3']);
  const other = new BetterSqlite3(temp.file);
  try {
    other.exec('BEGIN IMMEDIATE');
    const settled: string[] = [];
    const first = store.appendUpdates('l-1', [bytes(1)]).then(() => settled.push('l-1'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = Promise.all([
      store.appendUpdates('l-2', [bytes(2)]).then(() => settled.push('l-2')),
      store.appendUpdates('l-3', [bytes(3)]).then(() => settled.push('l-3')),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(settled, [], 'nothing is reported stored while the lock is held');
    const groups = store.group.stats.groups;
    other.exec('COMMIT');
    await Promise.all([first, later]);
    assert.deepEqual(settled, ['l-1', 'l-2', 'l-3']);
    assert.equal(store.group.stats.groups - groups, 2, 'the waiting write, then the two after it');
    for (const [id, value] of [
      ['l-1', 1],
      ['l-2', 2],
      ['l-3', 3],
    ] as const) {
      assert.deepEqual(storedFirstBytes(id), [0, value]);
    }
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
  }
});

test('a lock held past the busy timeout fails the whole group at once, stores nothing, and the next turn writes again', async () => {
  const store = await storeWithDrafts(['b-1', 'b-2']);
  store.db.pragma('busy_timeout = 200');
  const other = new BetterSqlite3(temp.file);
  try {
    other.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled([
      store.appendUpdates('b-1', [bytes(1)]),
      store.appendUpdates('b-2', [bytes(2)]),
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok')),
      ['SQLITE_BUSY', 'SQLITE_BUSY'],
    );
    // Not tried again one by one: that would wait a busy timeout per write.
    assert.equal(store.group.stats.triedAlone, 0);
    other.exec('COMMIT');
    assert.deepEqual(storedFirstBytes('b-1'), [0]);
    await store.appendUpdates('b-1', [bytes(4)]);
    assert.deepEqual(storedFirstBytes('b-1'), [0, 4]);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
  }
});
