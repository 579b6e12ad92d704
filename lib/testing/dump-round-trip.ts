import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { DumpAdapter } from '../db/dump/dump-adapter';
import { SqliteDumpAdapter } from '../db/dump/sqlite-dump-adapter';
import { loadDraftDoc } from '../db/load-draft-doc';
import { openDatabase } from '../db/open-database';
import { openSqliteStores, type Stores } from '../db/stores';
import { populateDatabase, type PopulatedDatabase } from './populated-database';

/** Every table of a SQLite file (its own included) with its rows, read with plain SQL. */
export function sqliteContents(file: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    const result: Record<string, unknown[]> = {};
    for (const name of names) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all();
      result[name] = rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    }
    return result;
  } finally {
    db.close();
  }
}

/** Runs `work` with a dump adapter on the SQLite file, closing it after. */
export async function withSqliteAdapter<T>(
  file: string,
  work: (adapter: DumpAdapter) => Promise<T>,
): Promise<T> {
  const adapter = new SqliteDumpAdapter(openDatabase(file));
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

/** `populateDatabase` on a new SQLite file. */
export async function populateSqliteFile(file: string): Promise<PopulatedDatabase> {
  const stores = openSqliteStores(file);
  try {
    return await populateDatabase(stores);
  } finally {
    stores.close();
  }
}

/** The draft as stored in the SQLite file, as one Yjs update of its whole state. */
export async function sqliteDraftState(file: string, draftId: string): Promise<Uint8Array> {
  const stores = openSqliteStores(file);
  try {
    const loaded = await loadDraftDoc(stores.drafts, draftId);
    assert.ok(loaded, `draft ${draftId} loads`);
    return Y.encodeStateAsUpdate(loaded.doc);
  } finally {
    stores.close();
  }
}

/**
 * Through the stores of a database a dump was loaded into: new rows of every table with a
 * sequence get ids past the loaded ones, and an update of the draft compacted last gets a
 * number past its snapshot (else loading would skip it). Writes to the database.
 */
export async function assertNewRowsFollow(stores: Stores, made: PopulatedDatabase): Promise<void> {
  const { demoDraftId, compactedDraftId } = made;
  const loaded = await loadDraftDoc(stores.drafts, compactedDraftId);
  assert.ok(loaded);
  const edits: Uint8Array[] = [];
  loaded.doc.on('update', (update: Uint8Array) => edits.push(update));
  loaded.doc.getMap('scratch').set('after', 'the move');
  const seq = await stores.drafts.appendUpdates(compactedDraftId, edits);
  assert.ok(seq > loaded.lastSeq, `update ${seq} comes after the snapshot's ${loaded.lastSeq}`);
  const reloaded = await loadDraftDoc(stores.drafts, compactedDraftId);
  assert.equal(reloaded?.doc.getMap('scratch').get('after'), 'the move');

  const by = { userId: 'u-after', name: 'Ana', delegation: 'CUB' };
  const auditBefore = Math.max(...(await stores.audit.list(demoDraftId)).map((r) => r.seq));
  const [record] = await stores.audit.append([
    {
      draftId: demoDraftId,
      at: Date.now(),
      userId: by.userId,
      userName: by.name,
      delegation: by.delegation,
      action: 'whatif.exported',
      suggestionId: null,
      paragraph: null,
      detail: {},
    },
  ]);
  assert.ok(record && record.seq > auditBefore, `audit row ${record?.seq} after ${auditBefore}`);
  assert.ok((await stores.audit.verify(demoDraftId)).ok);

  // Breaks show no id: one taken already would make the insert fail.
  const procedureBefore = (await stores.silence.latest(demoDraftId))?.id ?? 0;
  const now = Date.now();
  const procedure = await stores.silence.start({
    draftId: compactedDraftId,
    revision: 0,
    startedAt: now,
    deadline: now + 60_000,
    startedBy: by,
  });
  assert.ok(procedure.id > procedureBefore, `procedure ${procedure.id} after ${procedureBefore}`);
  const statement = { procedureId: procedure.id, at: now + 1, by, paragraphs: 'OP1' };
  assert.ok(await stores.silence.addBreak({ ...statement, statement: 'No.' }));

  const threads = await stores.discussion.threads(demoDraftId);
  const thread = await stores.discussion.startThread({
    draftId: compactedDraftId,
    anchor: { kind: 'paragraph', paragraphId: 'p-1' },
    anchorLabel: 'OP1',
    at: now,
    by,
    text: 'After the move.',
  });
  assert.ok(thread.id > Math.max(...threads.map((t) => t.id)));
  const comments = threads.flatMap((t) => t.comments.map((c) => c.id));
  assert.ok((thread.comments[0]?.id ?? 0) > Math.max(...comments));
}
