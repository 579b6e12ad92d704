import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '@/lib/db/open-database';
import { SqliteDraftStore } from '@/lib/db/sqlite-draft-store';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { DraftWriterThread } from './draft-writer-thread';

/** The writer thread on a real SQLite file: what it commits, how it fails, and that it stays off the event loop. */

const temp = tempDatabasePath();
after(temp.cleanup);

const bytes = (...values: number[]) => new Uint8Array(values);

async function threadStore(
  ids: string[],
): Promise<{ store: SqliteDraftStore; writer: DraftWriterThread }> {
  const db = openDatabase(temp.file);
  const writer = new DraftWriterThread(temp.file, 'full', db);
  const store = new SqliteDraftStore(db, writer);
  for (const id of ids) await store.createDraft({ id, title: id, initialUpdate: bytes(0) });
  return { store, writer };
}

test('a turn’s writes of many drafts are one commit on the thread, read back by the server’s connection', async () => {
  const ids = Array.from({ length: 8 }, (_, i) => `t-${i}`);
  const { store } = await threadStore(ids);
  try {
    const seqs = await Promise.all(ids.map((id, i) => store.appendUpdates(id, [bytes(i + 1)])));
    assert.deepEqual(store.commitStats(), { commits: 1, writes: ids.length });
    assert.equal(new Set(seqs).size, ids.length);
    for (const [i, id] of ids.entries()) {
      const state = await store.loadDraftState(id);
      assert.deepEqual(
        state?.updates.map((u) => [u.seq, u.data[0]]),
        [
          [state?.updates[0]?.seq, 0],
          [seqs[i], i + 1],
        ],
      );
    }
    await store.compact('t-0', bytes(9), seqs[0] ?? 0);
    await store.renameDraft('t-1', 'Renamed');
    const compacted = await store.loadDraftState('t-0');
    assert.deepEqual(compacted?.snapshot?.data, bytes(9));
    assert.deepEqual(compacted?.updates, []);
    assert.equal((await store.getDraft('t-1'))?.title, 'Renamed');
  } finally {
    store.close();
  }
});

test('a write refused on the thread fails alone, with SQLite’s error and code; the others are committed', async () => {
  const { store } = await threadStore(['f-1']);
  try {
    const [ok, refused] = await Promise.allSettled([
      store.appendUpdates('f-1', [bytes(1)]),
      store.appendUpdates('no-such-draft', [bytes(2)]),
    ]);
    assert.equal(ok?.status, 'fulfilled');
    assert.ok(refused?.status === 'rejected');
    const error = refused.reason as Error & { code?: string };
    assert.equal(error.name, 'SqliteError');
    assert.equal(error.code, 'SQLITE_CONSTRAINT_FOREIGNKEY');
    assert.equal(store.group.stats.triedAlone, 2);
    assert.equal((await store.loadDraftState('f-1'))?.updates.length, 2);
  } finally {
    store.close();
  }
});

test('while another process holds the lock, the thread waits and the event loop does not', async () => {
  const { store } = await threadStore(['l-1']);
  const other = new BetterSqlite3(temp.file);
  try {
    other.exec('BEGIN IMMEDIATE');
    const events: string[] = [];
    const stored = store.appendUpdates('l-1', [bytes(1)]).then(() => events.push('stored'));
    // Timers run while the thread waits (a wait on the event loop would hold them).
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      events.push('timer');
    }
    other.exec('COMMIT');
    await stored;
    assert.deepEqual(events, ['timer', 'timer', 'timer', 'timer', 'timer', 'stored']);
    assert.equal((await store.loadDraftState('l-1'))?.updates.length, 2);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
  }
});

test('a thread that stops fails the writes on it; the next write starts a new one', async () => {
  const { store, writer } = await threadStore(['s-1']);
  try {
    // The thread is started by this write, and stopped before it has loaded.
    const lost = writer.commit([
      { kind: 'append', draftId: 's-1', updates: [bytes(1)], claims: [], now: Date.now() },
    ]);
    await writer.close();
    await assert.rejects(lost, { name: 'WriterStoppedError' });
    await store.appendUpdates('s-1', [bytes(2)]);
    const state = await store.loadDraftState('s-1');
    assert.deepEqual(
      state?.updates.map((u) => u.data[0]),
      [0, 2],
    );
  } finally {
    store.close();
  }
});
