import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { DumpAdapter } from '../db/dump/dump-adapter';
import { SqliteDumpAdapter } from '../db/dump/sqlite-dump-adapter';
import { loadDraftDoc } from '../db/load-draft-doc';
import { openDatabase } from '../db/open-database';
import { openSqliteStores } from '../db/stores';
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
